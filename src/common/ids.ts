/**
 * Opaque global ids for the Relay `Node` interface: base64url of "<Type>:<database id>".
 * Clients must treat them as opaque strings.
 */
export function toGlobalId(type: string, id: string): string {
  return Buffer.from(`${type}:${id}`, 'utf8').toString('base64url');
}

/** Decodes a global id; undefined when it is not one of ours. */
export function fromGlobalId(globalId: string): { type: string; id: string } | undefined {
  if (typeof globalId !== 'string' || globalId.length > 200) return undefined;
  const decoded = Buffer.from(globalId, 'base64url').toString('utf8');
  const i = decoded.indexOf(':');
  if (i <= 0 || i === decoded.length - 1) return undefined;
  const type = decoded.slice(0, i);
  if (!/^[A-Z][A-Za-z]+$/.test(type)) return undefined;
  return { type, id: decoded.slice(i + 1) };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The database id inside a global id of the given type, or undefined when it is not one. */
export function idOf(type: string, globalId: string): string | undefined {
  const parsed = fromGlobalId(globalId);
  if (!parsed || parsed.type !== type) return undefined;
  return parsed.id;
}

/** Same as idOf for entities keyed by uuid: also checks the id is a well-formed uuid. */
export function uuidOf(type: string, globalId: string): string | undefined {
  const id = idOf(type, globalId);
  return id && UUID.test(id) ? id : undefined;
}
