/**
 * JSON kept exactly as it was sent, for simulators that serve back what a test gave them (an
 * order given to `POST /__sim/orders` is answered by eBay's getOrders or Amazon's searchOrders
 * with every field as given, unknown ones included). Strings survive `JSON.parse` as they are,
 * but numbers do not (`19.990` comes back `19.99`, a 20-digit id loses digits), so every number
 * literal is held as its text (`WireNumber`) and written back verbatim. A simulator reads the few
 * numbers it needs (a line's quantity) through `num`.
 */

export class WireNumber {
  constructor(readonly text: string) {}
  valueOf(): number {
    return Number(this.text);
  }
  toJSON(): string {
    return `${MARK}${this.text}`;
  }
}

const MARK = '\u0000simnum:';
const MARK_RE = /"\\u0000simnum:([-0-9.eE+]+)"/g;

/** The text with every number literal outside strings turned into a marked string. */
function markNumbers(text: string): string {
  const parts: string[] = [];
  let from = 0;
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      i++;
      while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
      i++;
    } else if (c === '-' || (c >= '0' && c <= '9')) {
      const start = i;
      i++;
      while (i < text.length && /[0-9.eE+-]/.test(text[i])) i++;
      // The marker's NUL goes into the JSON text escaped; JSON.parse turns it back into the character.
      parts.push(text.slice(from, start), `"\\u0000simnum:${text.slice(start, i)}"`);
      from = i;
    } else i++;
  }
  if (from === 0) return text;
  parts.push(text.slice(from));
  return parts.join('');
}

/** Parses JSON text with every number kept as its literal. Throws SyntaxError as JSON.parse does. */
export function parseWire<T = unknown>(text: string): T {
  return JSON.parse(markNumbers(text), (_k, v: unknown) => (typeof v === 'string' && v.startsWith(MARK) ? new WireNumber(v.slice(MARK.length)) : v)) as T;
}

/** Writes a value holding WireNumbers, each as the literal it was sent as. */
export function stringifyWire(value: unknown): string {
  return JSON.stringify(value).replace(MARK_RE, '$1');
}

/** A number from a wire value (a WireNumber, a number, a numeric string); NaN otherwise. */
export function num(v: unknown): number {
  if (v instanceof WireNumber) return v.valueOf();
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '') return Number(v);
  return NaN;
}

/** A deep copy in plain JSON values (WireNumbers as numbers): for control answers read by tests. */
export function plain<T>(value: T): T {
  return JSON.parse(JSON.stringify(value, (_k, v: unknown) => (typeof v === 'string' && v.startsWith(MARK) ? Number(v.slice(MARK.length)) : v))) as T;
}
