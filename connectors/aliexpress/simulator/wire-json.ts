/**
 * JSON as the simulated AliExpress reads it: integer literals beyond 2^53 become BigInt, so a
 * 64-bit order or product id sent as a bare number keeps every digit and can be told apart from
 * the same digits sent as a string (the metadata types ids as Number; a request that quotes
 * them is accepted, one that rounds them is not). Answers are written with the SDK's
 * `stringifyJsonExact`, which writes BigInt back as a bare number, as AliExpress does.
 */

const SAFE_DIGITS = String(Number.MAX_SAFE_INTEGER).length;
const BIG = '\u0000aebig:';

function beyondSafe(token: string): boolean {
  const digits = token.startsWith('-') ? token.slice(1) : token;
  if (!/^\d+$/.test(digits) || digits.length < SAFE_DIGITS) return false;
  return digits.length > SAFE_DIGITS || BigInt(digits) > BigInt(Number.MAX_SAFE_INTEGER);
}

/** The text with every unsafe integer literal (outside strings) turned into a marked string. */
function markBigIntegers(text: string): string {
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
      const token = text.slice(start, i);
      if (beyondSafe(token)) {
        // The marker's NUL goes into the JSON text escaped; JSON.parse turns it back into the character.
        parts.push(text.slice(from, start), `"\\u0000aebig:${token}"`);
        from = i;
      }
    } else i++;
  }
  if (from === 0) return text;
  parts.push(text.slice(from));
  return parts.join('');
}

/** Parses JSON text; unsafe integers come back as BigInt. Throws SyntaxError as JSON.parse does. */
export function parseWireJson<T = unknown>(text: string): T {
  return JSON.parse(markBigIntegers(text), (_k, v: unknown) => (typeof v === 'string' && v.startsWith(BIG) ? BigInt(v.slice(BIG.length)) : v)) as T;
}

/** A copy with every BigInt as its decimal string: for control answers, which tests read with plain JSON.parse. */
export function bigIntsAsStrings<T>(value: T): T {
  if (typeof value === 'bigint') return value.toString() as unknown as T;
  if (Array.isArray(value)) return value.map((v) => bigIntsAsStrings(v)) as unknown as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = bigIntsAsStrings(v);
    return out as T;
  }
  return value;
}

/**
 * An id as its decimal digits, from a bare number (safe or BigInt) or a string of digits; null
 * when it is none of those (a fraction, a negative, text).
 */
export function idDigits(value: unknown): string | null {
  if (typeof value === 'bigint') return value >= 0n ? value.toString() : null;
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? String(value) : null;
  if (typeof value === 'string' && /^\d{1,19}$/.test(value.trim())) return value.trim();
  return null;
}

/** An id held the way AliExpress writes it: a bare number, BigInt when beyond 2^53. */
export function wireId(digits: string): number | bigint {
  const n = Number(digits);
  return Number.isSafeInteger(n) ? n : BigInt(digits);
}
