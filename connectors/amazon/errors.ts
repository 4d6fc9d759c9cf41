import { AuthFailedError, MarketplaceError, PermanentError, PermissionDeniedError, RateLimitedError, RetryableError } from '../sdk/errors';
import { parseJsonExact } from '../sdk/exact-json';
import type { ItemError, ResponseClassifier } from '../sdk/types';
import { noteStatedRate, throttleWaitMs } from './usage-plans';

/**
 * How SP-API fails (amazon.md §6 [O]): the HTTP status says what happened and the body says why,
 * in every model's `ErrorList`: `{"errors": [{"code": "InvalidInput", "message": "…", "details":
 * "…"}]}` (`code` and `message` required; the FBA Inventory and Orders v0 models hold the list
 * under the same `errors` name). Login with Amazon answers in OAuth's shape instead:
 * `{"error": "invalid_grant", "error_description": "…"}`. The presigned feed document URLs are
 * S3's, which answers in XML and is read by status alone.
 *
 *   - 400, 404, 413, 415 (InvalidInput, NotFound…): the request as sent cannot succeed (PERMANENT).
 *   - 401, and 403 `Unauthorized` (or a message about the access token): the token is refused.
 *     Amazon answers an expired token with 403 [U: "The access token you provided has expired."],
 *     so the HTTP helper refreshes once; a refusal that persists with a fresh token reads
 *     AUTH_FAILED (the seller must authorise the app again, or grant it the role the call needs).
 *   - 403 with another code (AccessDenied…): PERMISSION_DENIED, this operation only.
 *   - 429 (`QuotaExceeded` [U: the code is not in the models]): throttled (RATE_LIMITED, tried
 *     again); it waits one token's refill at the call's usage plan when that is short, and backs
 *     off otherwise (see usage-plans.ts `throttleWaitMs`). No Retry-After is documented; one sent
 *     is honoured by the HTTP helper.
 *   - 5xx (InternalFailure, ServiceUnavailable): Amazon's fault, RETRYABLE.
 */

type Raw = Record<string, unknown>;

export interface AmazonErrorEntry {
  code: string | null;
  message: string | null;
  details: string | null;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim() : typeof v === 'number' || typeof v === 'bigint' ? String(v) : null);

/** The body as an object: the HTTP helper hands it over parsed (exactly) or as text. */
export function amazonBody(data: unknown): Raw | null {
  if (typeof data === 'string') {
    if (!data.trim()) return null;
    try {
      return amazonBody(parseJsonExact(data));
    } catch {
      return null;
    }
  }
  if (Buffer.isBuffer(data)) return amazonBody(data.toString('utf8'));
  return data && typeof data === 'object' && !Array.isArray(data) ? (data as Raw) : null;
}

/** The entries of an `errors[]` list, defensively read; [] when there is none. */
export function errorEntries(list: unknown): AmazonErrorEntry[] {
  if (!Array.isArray(list)) return [];
  return list.flatMap((e) => {
    if (!e || typeof e !== 'object') return [];
    const r = e as Raw;
    return [{ code: str(r.code), message: str(r.message), details: str(r.details) }];
  });
}

/** What staff read for one error: its message, with the details when they add something. */
export function describeEntry(e: AmazonErrorEntry): string {
  const text = e.message ?? `Amazon error ${e.code ?? 'without a code'}`;
  return e.details && !text.includes(e.details) ? `${text} (${e.details})` : text;
}

function summary(entries: AmazonErrorEntry[]): { code: string | null; message: string | null } {
  if (!entries.length) return { code: null, message: null };
  return { code: entries[0].code, message: [...new Set(entries.map(describeEntry))].join('; ') };
}

/** Codes of a refused or expired access token [U: Unauthorized is the models' and the reference's; the others as seen from SP-API]. */
const TOKEN_CODES = new Set(['UNAUTHORIZED', 'INVALIDACCESSTOKEN', 'EXPIREDTOKEN', 'ACCESSTOKENEXPIRED', 'INVALIDTOKEN']);
/** Login with Amazon's refusals of the grant (OAuth 2 error codes): only a person fixes them. */
const GRANT_REFUSED = new Set(['invalid_grant', 'invalid_client', 'unauthorized_client', 'invalid_scope', 'unsupported_grant_type']);
/** Login with Amazon's own trouble: tried again later. */
const GRANT_UNAVAILABLE = new Set(['server_error', 'temporarily_unavailable']);

/** The operations that talk to S3's presigned URLs rather than SP-API. */
export const DOCUMENT_TRANSFERS = new Set(['uploadFeedDocument', 'downloadFeedDocument']);

/** The message staff read when a token is refused even after a refresh. */
export const TOKEN_REFUSED =
  'Amazon refused the access token (HTTP 403 Unauthorized) even after a refresh: the seller must authorise the app again (a new refresh token), or the app lacks the SP-API role this call needs';

/** The SDK error of an SP-API (or LWA, or S3) answer with an error status. */
export function amazonError(status: number, body: Raw | null, operation: string | undefined, headers: Record<string, string> = {}): MarketplaceError {
  const requestId = headers['x-amzn-requestid'] ?? headers['x-amz-request-id'] ?? undefined;
  if (operation && DOCUMENT_TRANSFERS.has(operation)) return documentError(status, operation, requestId);
  const oauth = str(body?.error);
  if (oauth) return grantError(status, oauth, str(body?.error_description), operation, requestId);
  const entries = errorEntries(body?.errors);
  const { code: said, message } = summary(entries);
  const code = said ?? `HTTP_${status}`;
  const details = { code, message: message ?? `Amazon answered HTTP ${status}`, status, operation, requestId };
  const upper = code.replace(/[^a-z]/gi, '').toUpperCase();

  if (status === 429 || upper === 'QUOTAEXCEEDED') return new RateLimitedError({ ...details, retryAfterMs: operation ? throttleWaitMs(operation, headers) : undefined });
  if (status === 401) return new AuthFailedError(details);
  if (status === 403) {
    const aboutToken = TOKEN_CODES.has(upper) || /access token|expired|unauthori[sz]ed/i.test(`${message ?? ''}`);
    return aboutToken ? new AuthFailedError({ ...details, message: `${details.message} — ${TOKEN_REFUSED}` }) : new PermissionDeniedError(details);
  }
  if (status >= 500 || status === 408) return new RetryableError(details);
  return new PermanentError(details);
}

/** A refusal of the LWA refresh grant, or LWA's own trouble. */
function grantError(status: number, error: string, description: string | null, operation: string | undefined, requestId: string | undefined): MarketplaceError {
  const details = { code: error, message: `Login with Amazon: ${description ?? error}`, status, operation, requestId };
  if (status === 429) return new RateLimitedError(details);
  if (GRANT_UNAVAILABLE.has(error) || status >= 500) return new RetryableError(details);
  if (GRANT_REFUSED.has(error) || status === 401 || status === 403) return new AuthFailedError(details);
  return new PermanentError(details);
}

/**
 * S3's answer to a presigned URL: a 403 is a URL that expired (they last five minutes [O]) or was
 * signed for other headers; the feed is made again on the next try, so it is retryable, never a
 * refused token (the SP-API token never goes there).
 */
function documentError(status: number, operation: string, requestId: string | undefined): MarketplaceError {
  const details = { code: `S3_HTTP_${status}`, message: `The feed document URL answered HTTP ${status}${status === 403 ? ' (the presigned URL expired or was refused)' : ''}`, status, operation, requestId };
  if (status === 403 || status === 429 || status >= 500 || status === 408) return new RetryableError(details);
  return new PermanentError(details);
}

/**
 * The module's classifier. Every answer's stated rate is noted first (what a later 429 of the
 * same call waits for); a 2xx is never an error here (a listings submission `INVALID` and a
 * 200 with `errors` are read by the calls that make them).
 */
export const classifyAmazonResponse: ResponseClassifier = (res, operation) => {
  if (operation && !DOCUMENT_TRANSFERS.has(operation)) noteStatedRate(operation, res.headers);
  if (res.status >= 200 && res.status < 300) return undefined;
  if (res.status < 400) return new PermanentError({ code: `HTTP_${res.status}`, message: `Amazon answered HTTP ${res.status}`, status: res.status, operation });
  return amazonError(res.status, amazonBody(res.data), operation, res.headers);
};

/** An item's refusal as the error a single call throws (items never carry account-wide kinds). */
export function errorOfItem(e: ItemError, operation: string): MarketplaceError {
  const details = { code: e.code, message: e.message, operation };
  if (e.kind === 'RETRYABLE') return new RetryableError(details);
  if (e.kind === 'RATE_LIMITED') return new RateLimitedError(details);
  return new PermanentError(details);
}

/** True for the 404 of a resource that does not exist (getListingsItem, getOrder). */
export function isNotFound(e: unknown): boolean {
  return e instanceof PermanentError && e.status === 404;
}
