import crypto from 'node:crypto';

/**
 * Identifiers shaped like Amazon's, so a client that assumes another shape (a number, no `|`)
 * fails here: LWA client ids `amzn1.application-oa2-client.<hex>`, secrets `amzn1.oa2-cs.v1.<hex>`,
 * refresh tokens `Atzr|…` and access tokens `Atza|…` (amazon.md §1), seller ids of 13-14
 * upper-case letters and digits starting with A [U], submission ids and request ids as UUIDs (the
 * models' examples), feed ids of digits and feed document ids `amzn1.tortuga.4.<region>.<uuid>.<code>` [U].
 */

const hex = (bytes: number) => crypto.randomBytes(bytes).toString('hex');
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

function upper(n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += ALNUM[crypto.randomInt(ALNUM.length)];
  return s;
}

export const newClientId = () => `amzn1.application-oa2-client.${hex(16)}`;
export const newClientSecret = () => `amzn1.oa2-cs.v1.${hex(32)}`;
/** Base64 with `|`, `+`, `/` and `=` around it: a client that does not form-encode it fails. */
export const newRefreshToken = () => `Atzr|${crypto.randomBytes(96).toString('base64')}`;
export const newAccessToken = () => `Atza|${crypto.randomBytes(96).toString('base64')}`;
export const newSellerId = () => `A${upper(13)}`;
export const newRequestId = () => crypto.randomUUID();
export const newSubmissionId = () => crypto.randomUUID();
export const newFeedId = () => String(crypto.randomInt(10_000_000, 99_999_999)) + String(crypto.randomInt(100, 999));
export const newFeedDocumentId = (region: string) => `amzn1.tortuga.4.${region.toLowerCase()}.${crypto.randomUUID()}.T${upper(13)}`;
export const newSignature = () => hex(32);
export const newPaginationToken = () => crypto.randomBytes(24).toString('base64url');

/** A stable ASIN for a SKU that names none: `B0` and eight letters or digits from its hash. */
export function asinFor(sellerId: string, sku: string): string {
  const h = crypto.createHash('sha1').update(`${sellerId}\u0000${sku}`).digest();
  let s = 'B0';
  for (let i = 0; i < 8; i++) s += ALNUM[h[i] % ALNUM.length];
  return s;
}

/** A stable FNSKU (Amazon's fulfilment label id) for an ASIN: `X00` and seven more. */
export function fnSkuFor(asin: string): string {
  const h = crypto.createHash('sha1').update(`fnsku\u0000${asin}`).digest();
  let s = 'X00';
  for (let i = 0; i < 7; i++) s += ALNUM[h[i] % ALNUM.length];
  return s;
}
