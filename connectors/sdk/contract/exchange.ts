/**
 * One HTTP call and its answer as a contract check sees them, and what the check finds. Shared by
 * every marketplace whose simulator validates its traffic against the marketplace's own models
 * (Amazon's SP-API models; eBay's contracts have their own copy in connectors/ebay/contract until
 * they move here).
 */

export type Headers = Record<string, string | string[] | undefined>;

/** One call and its answer, as seen on the wire. */
export interface Exchange {
  method: string;
  /** The path on the host (`/orders/2026-01-01/orders`), without the query. */
  path: string;
  /** The query string as sent (without `?`), or its parameters. */
  query: string | Record<string, string | string[]>;
  /** Request headers; names are matched case-insensitively. */
  headers: Headers;
  /** Request body as text ('' for none). */
  body: string;
  status: number;
  responseHeaders: Headers;
  /** Response body as text ('' for none). */
  responseBody: string;
}

export interface ContractProblem {
  side: 'request' | 'response';
  /** Where in the exchange: `/requestBody/patches/0/op`, `/header`, `status`… */
  where: string;
  message: string;
}

export interface ExchangeVerdict {
  /** The model's operation, or null when none matches the method and path. */
  operationId: string | null;
  /** Which of the marketplace's models (an API name), or null. */
  api: string | null;
  problems: ContractProblem[];
}

/** What a recorder needs of a marketplace's contract. */
export interface ExchangeContract {
  validate(exchange: Exchange): ExchangeVerdict;
  /** The model's operation for a method and path, or null. */
  operationOf(method: string, path: string): { operationId: string | null } | null;
}

export function lowerHeaders(h: Headers): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(h)) if (v !== undefined) out[k.toLowerCase()] = v;
  return out;
}

export function headerValue(h: Record<string, string | string[]>, name: string): string | undefined {
  const v = h[name];
  return Array.isArray(v) ? v.join(', ') : v;
}

/** `a=1&b=2&b=3` → `{a: '1', b: ['2', '3']}`. */
export function queryObject(q: Exchange['query']): Record<string, string | string[]> {
  if (typeof q !== 'string') return q;
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of new URLSearchParams(q)) {
    const had = out[k];
    out[k] = had === undefined ? v : Array.isArray(had) ? [...had, v] : [had, v];
  }
  return out;
}

export function queryString(q: Exchange['query']): string {
  if (typeof q === 'string') return q;
  const pairs: [string, string][] = Object.entries(q).flatMap(([k, v]) => (Array.isArray(v) ? v.map((x): [string, string] => [k, x]) : [[k, v] as [string, string]]));
  return new URLSearchParams(pairs).toString();
}

export function mediaType(contentType: string | undefined): string | null {
  return contentType ? contentType.split(';')[0].trim().toLowerCase() : null;
}

export function parseJson(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
}

export function dedupe(problems: ContractProblem[]): ContractProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const k = `${p.side}|${p.where}|${p.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

interface AjvLikeError {
  instancePath?: string;
  message?: string;
  params?: Record<string, unknown>;
}

/** Ajv's errors (as openapi-backend hands them on) as problems, each with its path and what was expected. */
export function describeAjvErrors(side: ContractProblem['side'], errors: AjvLikeError[] | null | undefined, prefix = ''): ContractProblem[] {
  return (errors ?? []).map((e) => {
    const p = e.params ?? {};
    const message = e.message ?? 'invalid';
    const detail = p.allowedValues ? ` (${JSON.stringify(p.allowedValues)})` : p.additionalProperty ? ` (${String(p.additionalProperty)})` : '';
    return { side, where: `${prefix}${e.instancePath ?? ''}` || '/', message: `${message}${detail}` };
  });
}
