/**
 * JSON parsing that keeps integers beyond 2^53 exact. TOP writes `tid`, `oid`, `num_iid` and
 * `sku_id` as bare 64-bit numbers; `JSON.parse` would round them (1234567890123456789 becomes
 * 1234567890123456800). We quote every integer literal outside a string whose value is not a
 * safe integer before handing the text to `JSON.parse`, so such ids arrive as strings with
 * their digits unchanged. Safe integers and decimals stay numbers.
 */

const SAFE_DIGITS = String(Number.MAX_SAFE_INTEGER).length; // 16

function isUnsafeInteger(token: string): boolean {
  const digits = token[0] === '-' ? token.slice(1) : token;
  if (!/^\d+$/.test(digits)) return false; // a decimal or an exponent: not an id
  if (digits.length < SAFE_DIGITS) return false;
  if (digits.length > SAFE_DIGITS) return true;
  return BigInt(digits) > BigInt(Number.MAX_SAFE_INTEGER);
}

/** Rewrites the text so that unsafe integer literals become JSON strings; all else is untouched. */
export function quoteUnsafeIntegers(text: string): string {
  let out = '';
  let copiedTo = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      // Skip the string, honouring backslash escapes.
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === 0x5c /* \ */) i += 2;
        else if (d === 0x22) break;
        else i++;
      }
      i++;
      continue;
    }
    if (c === 0x2d /* - */ || (c >= 0x30 && c <= 0x39)) {
      const start = i;
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if ((d >= 0x30 && d <= 0x39) || d === 0x2e || d === 0x65 || d === 0x45 || d === 0x2b || d === 0x2d) i++;
        else break;
      }
      const token = text.slice(start, i);
      if (isUnsafeInteger(token)) {
        out += text.slice(copiedTo, start) + '"' + token + '"';
        copiedTo = i;
      }
      continue;
    }
    i++;
  }
  return copiedTo === 0 ? text : out + text.slice(copiedTo);
}

/** `JSON.parse` with unsafe integers kept exact as strings. */
export function parseJsonExact<T = unknown>(text: string): T {
  return JSON.parse(quoteUnsafeIntegers(text)) as T;
}

/**
 * An id as a string, whichever way it arrived: a string (quoted by the marketplace or by
 * `parseJsonExact`) or a safe integer. A number that is not a safe integer has already lost
 * digits, so it is refused rather than passed on wrong.
 */
export function idString(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() === '' ? null : value.trim();
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new Error(`id ${value} is not a safe integer: its exact digits were lost in parsing`);
    return String(value);
  }
  return null;
}

const BIG_MARK = '\u0000bigint:';

/**
 * `JSON.stringify` that writes BigInt values as bare integer literals, the way TOP writes its
 * 64-bit ids (for fixtures and simulators that must answer exactly like the marketplace).
 */
export function stringifyJsonExact(value: unknown, space?: number): string {
  const text = JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? `${BIG_MARK}${v.toString()}` : v), space);
  return text.replace(/"\\u0000bigint:(-?\d+)"/g, '$1');
}
