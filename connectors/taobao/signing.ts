import crypto from 'node:crypto';

/**
 * TOP request signatures (taobao.md §3): every parameter but `sign` and the empty ones, sorted
 * by name in byte order, joined as name+value with raw (not URL-encoded) values, digested over
 * the UTF-8 bytes and written as uppercase hex. Shared by the connector and the simulator, so
 * both are held to the reference's test vectors.
 */

export type TopSignMethod = 'md5' | 'hmac' | 'hmac-sha256';

/** The string a signature covers: `name1value1name2value2…` (without md5's secret wrapping). */
export function topSignString(params: Record<string, string | undefined | null>): string {
  const names = Object.keys(params)
    .filter((k) => k !== 'sign' && params[k] !== undefined && params[k] !== null && params[k] !== '')
    // Byte-wise order: Buffer.compare on UTF-8, not localeCompare.
    .sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  return names.map((k) => `${k}${params[k]}`).join('');
}

/** The `sign` value of these parameters under the app secret. */
export function signTopRequest(params: Record<string, string | undefined | null>, secret: string, method: TopSignMethod): string {
  const joined = topSignString(params);
  switch (method) {
    case 'md5':
      return crypto.createHash('md5').update(`${secret}${joined}${secret}`, 'utf8').digest('hex').toUpperCase();
    case 'hmac':
      return crypto.createHmac('md5', secret).update(joined, 'utf8').digest('hex').toUpperCase();
    case 'hmac-sha256':
      return crypto.createHmac('sha256', secret).update(joined, 'utf8').digest('hex').toUpperCase();
    default:
      throw new Error(`unknown TOP sign_method ${String(method)}`);
  }
}

/** True when `sign` matches; compares in constant time (the simulator checks every request). */
export function verifyTopSignature(params: Record<string, string | undefined | null>, secret: string, method: TopSignMethod, sign: string): boolean {
  const expected = Buffer.from(signTopRequest(params, secret, method));
  const given = Buffer.from(sign.toUpperCase());
  return expected.length === given.length && crypto.timingSafeEqual(expected, given);
}
