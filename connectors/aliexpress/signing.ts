import crypto from 'node:crypto';

/**
 * IOP request signatures (aliexpress.md §3): every parameter but `sign` and the file parameters,
 * sorted by name in byte (ASCII) order and joined as `name1value1name2value2…` with the raw
 * values (a JSON business parameter exactly as sent); for a system call (`/rest`, an API name
 * with a `/`) the API path goes in front; HMAC-SHA256 under the app secret over the UTF-8
 * bytes, written as upper-case hex. The secret is not wrapped around the string (that is TOP's
 * md5 scheme, and IOP answers it with IncompleteSignature).
 */

export type SignedParams = Record<string, string | undefined | null>;

/** The string a signature covers. `apiName` is the dotted method (`/sync`) or the API path (`/rest`). */
export function aeSignString(apiName: string, params: SignedParams, fileParams: readonly string[] = []): string {
  const names = Object.keys(params)
    // Values that are not sent are not signed; an empty string that is sent is (the SDK signs every key it sends).
    .filter((k) => k !== 'sign' && !fileParams.includes(k) && params[k] !== undefined && params[k] !== null)
    // Byte order of the UTF-8 names: Buffer.compare, never localeCompare.
    .sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  const joined = names.map((k) => `${k}${params[k]}`).join('');
  // The SDK prepends the API name only when it is a path (`if "/" in api`): dotted methods get nothing.
  return apiName.includes('/') ? `${apiName}${joined}` : joined;
}

/** The `sign` of a request under the app secret. */
export function signAeRequest(apiName: string, params: SignedParams, secret: string, fileParams: readonly string[] = []): string {
  return crypto.createHmac('sha256', Buffer.from(secret, 'utf8')).update(aeSignString(apiName, params, fileParams), 'utf8').digest('hex').toUpperCase();
}

/** Whether `sign` is right for the request; compared in constant time, either case. */
export function verifyAeSignature(apiName: string, params: SignedParams, secret: string, sign: string, fileParams: readonly string[] = []): boolean {
  const expected = Buffer.from(signAeRequest(apiName, params, secret, fileParams));
  const given = Buffer.from(sign.toUpperCase());
  return expected.length === given.length && crypto.timingSafeEqual(expected, given);
}
