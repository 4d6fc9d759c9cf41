import crypto from 'node:crypto';

/**
 * The IOP signature as the simulator checks it (aliexpress.md §3): every parameter but `sign`
 * and file parts, names in ASCII order, joined `name value name value…` with the raw values
 * (JSON-string parameters exactly as sent, empty values included), the API path in front when
 * the API name holds a `/` (the `/rest` calls), HMAC-SHA256 under the app secret, uppercase hex.
 * Written apart from the connector's signer on purpose: the simulator holds the client to the
 * reference, not to the client's own reading of it.
 */

/** The string the signature covers. */
export function iopSignString(apiName: string, params: Readonly<Record<string, string>>): string {
  const names = Object.keys(params)
    .filter((k) => k !== 'sign')
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const joined = names.map((k) => `${k}${params[k]}`).join('');
  return apiName.includes('/') ? `${apiName}${joined}` : joined;
}

export function iopSign(apiName: string, params: Readonly<Record<string, string>>, secret: string): string {
  return crypto.createHmac('sha256', Buffer.from(secret, 'utf8')).update(iopSignString(apiName, params), 'utf8').digest('hex').toUpperCase();
}

/** Whether `sign` is the signature of these parameters; uppercase hex only, as the SDK writes it. */
export function iopSignatureMatches(apiName: string, params: Readonly<Record<string, string>>, secret: string, sign: string): boolean {
  const expected = Buffer.from(iopSign(apiName, params, secret));
  const given = Buffer.from(sign);
  return expected.length === given.length && crypto.timingSafeEqual(expected, given);
}
