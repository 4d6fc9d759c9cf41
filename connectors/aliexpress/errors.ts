import {
  AuthFailedError,
  ChannelStoppedError,
  MarketplaceError,
  MarketplaceErrorKind,
  PermanentError,
  PermissionDeniedError,
  QuotaExhaustedError,
  RateLimitedError,
  RetryableError,
} from '../sdk/errors';
import { parseJsonExact } from '../sdk/exact-json';
import type { ResponseClassifier } from '../sdk/types';

/**
 * How the AliExpress gateway fails (aliexpress.md §4). Errors come back with HTTP 200. Which
 * envelope `/sync` uses is [U], so both are read:
 *  - `{"error_response": {type, code, msg, sub_code?, sub_msg?, request_id}}` (TOP's shape, which
 *    the reference tells the simulator to emit), and
 *  - a top-level `{code, type, message, request_id}` with `code` other than "0" (the IOP SDK's
 *    view; "0" is success there).
 * `type` says whose fault it is: ISV the caller's, ISP the service provider's, SYSTEM the
 * platform's. The codes below are IOP's (`IncompleteSignature` is [S]; the others are the IOP
 * family's names [U]) and, for answers relayed from the legacy TOP gateway, TOP's numbers.
 * Business errors inside a successful envelope (`result.error_code`, `update_success=false`)
 * are read by the client with `businessError`.
 */

export interface AeErrorBody {
  code?: unknown;
  type?: unknown;
  msg?: unknown;
  message?: unknown;
  sub_code?: unknown;
  sub_msg?: unknown;
  request_id?: unknown;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : typeof v === 'number' ? String(v) : undefined);

/** The token the call carried is refused (expired, revoked, missing): one refresh may fix it. TOP 26/27. */
const TOKEN_CODES = new Set(['illegalaccesstoken', 'invalidaccesstoken', 'missingaccesstoken', 'accesstokenexpired', 'expiredaccesstoken', 'illegalsession', 'invalidsession', 'missingsession', 'sessionexpired', '26', '27']);
/** The grant itself is refused: the refresh token or authorisation code is spent, expired or wrong. */
const GRANT_CODES = new Set(['illegalrefreshtoken', 'invalidrefreshtoken', 'refreshtokenexpired', 'invalidcode', 'illegalcode', 'invalidauthorizationcode', 'authorizationcodeexpired']);
/** The signature does not match: a wrong app secret, which only new credentials fix ([S] IncompleteSignature; TOP 25). */
const SIGNATURE_CODES = new Set(['incompletesignature', 'invalidsignature', 'illegalsignature', 'missingsignature', '25']);
/** The app key is missing or unknown: the channel's setup must be corrected (TOP 28/29). */
const APP_CODES = new Set(['missingappkey', 'invalidappkey', 'illegalappkey', 'appkeynotexist', 'appkeynotfound', '28', '29']);
/** The timestamp is missing or off by more than 7200 s ([S] articleId=120691): this server's clock (TOP 30/31). */
const TIMESTAMP_CODES = new Set(['missingtimestamp', 'invalidtimestamp', 'illegaltimestamp', 'timestampexpired', 'timestampoutofrange', '30', '31']);
/** The app or seller may not call this API (TOP 11-13). */
const PERMISSION = /permission|accessdenied|apiaccessdenied|whitelist|unauthori[sz]ed|forbidden|^1[123]$/i;
/** Over a call limit. The code is [U] (§8): IOP's ApiCallLimit family, TOP 7/8, or anything that names a limit of calls or frequency. */
const THROTTLE = /calllimit|ratelimit|throttl|frequen|toomanyrequests|flowcontrol|flowlimit|qpslimit|^[78]$/i;
/** A used-up quota (TOP 4/5/6 are user, session and app quotas). */
const QUOTA = /quota|^[456]$/i;
const ACCOUNT_QUOTA = /user|seller|session|^[45]$/i;
/** The platform's or a back end's fault: worth sending again later. */
const TRANSIENT = /^isp\.|serviceunavailable|servicetimeout|timeout|internalerror|systemerror|systembusy|remoteserviceerror|^10$|^15$/i;

/** A code tested as written and without its separators (SYSTEM_ERROR reads as SystemError). */
function matches(re: RegExp, code: string): boolean {
  return re.test(code) || re.test(code.replace(/[_\-\s]/g, ''));
}

/** A ban longer than this is a quota window, not a burst: callers learn when it ends instead of retrying. */
const LONG_BAN_MS = 60_000;
/** Alibaba's platform day starts at midnight GMT+8 [U: when AliExpress quotas reset]. */
const PLATFORM_UTC_OFFSET_MINUTES = 8 * 60;

/** The next midnight GMT+8 after `now`. */
export function nextPlatformMidnight(now: Date): Date {
  const local = new Date(now.getTime() + PLATFORM_UTC_OFFSET_MINUTES * 60_000);
  return new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() + 1) - PLATFORM_UTC_OFFSET_MINUTES * 60_000);
}

/** "This ban will last for 12 more seconds" and the like [U exact text]. */
function banMs(text: string | undefined): number | undefined {
  const m = text && /(\d+)\s*(?:more\s+)?(?:seconds?|secs?|s\b|秒)/i.exec(text);
  return m ? Number(m[1]) * 1000 : undefined;
}

/** The body as an object: the HTTP helper hands it over parsed (exactly) or as text. */
export function aeBody(data: unknown): Record<string, unknown> | null {
  if (typeof data === 'string') {
    try {
      const parsed = parseJsonExact(data);
      return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
    } catch {
      return null;
    }
  }
  if (Buffer.isBuffer(data)) return aeBody(data.toString('utf8'));
  return data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : null;
}

/** The error a body carries, in either envelope; null for a success. */
export function errorBodyOf(body: Record<string, unknown>): AeErrorBody | null {
  const wrapped = body.error_response;
  if (wrapped && typeof wrapped === 'object' && !Array.isArray(wrapped)) return wrapped as AeErrorBody;
  const code = str(body.code);
  // A top-level code is an error only when it is not "0" and says something beside it: a business
  // answer may carry a field named `code` of its own.
  if (code !== undefined && code !== '0' && (str(body.type) !== undefined || str(body.message) !== undefined || str(body.msg) !== undefined)) return body as AeErrorBody;
  return null;
}

/** The SDK error for an AliExpress error body. */
export function aeError(body: AeErrorBody, operation?: string, status = 200): MarketplaceError {
  const code = str(body.code) ?? 'UNKNOWN';
  const subCode = str(body.sub_code);
  const type = str(body.type)?.toUpperCase();
  const message = str(body.sub_msg) ?? str(body.msg) ?? str(body.message) ?? `AliExpress error ${code}`;
  const details = { code: subCode ? `${code}:${subCode}` : code, message, status, operation, requestId: str(body.request_id) };
  const key = code.toLowerCase();
  const sub = (subCode ?? '').toLowerCase();
  const plain = (c: string) => c.replace(/[_\-\s]/g, '');
  const either = (test: (c: string) => boolean) => test(key) || test(plain(key)) || (sub !== '' && (test(sub) || test(plain(sub))));

  if (either((c) => TOKEN_CODES.has(c) || GRANT_CODES.has(c) || SIGNATURE_CODES.has(c))) return new AuthFailedError(details);
  if (either((c) => APP_CODES.has(c) || TIMESTAMP_CODES.has(c))) return new ChannelStoppedError(details);
  if (either((c) => THROTTLE.test(c))) {
    const ban = banMs(str(body.sub_msg)) ?? banMs(str(body.msg) ?? str(body.message));
    if (ban !== undefined && ban > LONG_BAN_MS) return new QuotaExhaustedError({ ...details, resetAt: new Date(Date.now() + ban), scope: 'key', utcOffsetMinutes: PLATFORM_UTC_OFFSET_MINUTES });
    return new RateLimitedError({ ...details, retryAfterMs: ban });
  }
  if (either((c) => QUOTA.test(c))) {
    const ban = banMs(str(body.sub_msg)) ?? banMs(str(body.msg) ?? str(body.message));
    const now = new Date();
    return new QuotaExhaustedError({
      ...details,
      resetAt: ban !== undefined ? new Date(now.getTime() + ban) : nextPlatformMidnight(now),
      scope: either((c) => ACCOUNT_QUOTA.test(c)) ? 'account' : 'key',
      utcOffsetMinutes: PLATFORM_UTC_OFFSET_MINUTES,
    });
  }
  if (either((c) => PERMISSION.test(c))) return new PermissionDeniedError(details);
  if (type === 'ISP' || type === 'SYSTEM' || either((c) => TRANSIENT.test(c))) {
    // TOP's 15 is "remote service error": the back end's fault unless its sub code blames the caller.
    if (key === '15' && sub.startsWith('isv.')) return new PermanentError(details);
    return new RetryableError(details);
  }
  return new PermanentError(details);
}

/** The kind of a business error code (`update_failed_list[].error_code`, `result.error_code`). */
export function kindOfCode(code: string | null | undefined): MarketplaceErrorKind {
  if (code && matches(TRANSIENT, code)) return 'RETRYABLE';
  if (code && matches(THROTTLE, code)) return 'RATE_LIMITED';
  return 'PERMANENT';
}

/** A business error from inside a successful envelope, as an SDK error. */
export function businessError(code: string | null | undefined, message: string | null | undefined, operation: string): MarketplaceError {
  const details = { code: code || 'BUSINESS_ERROR', message: message || `AliExpress refused the call${code ? ` (${code})` : ''}`, operation };
  switch (kindOfCode(code)) {
    case 'RETRYABLE':
      return new RetryableError(details);
    case 'RATE_LIMITED':
      return new RateLimitedError(details);
    default:
      return new PermanentError(details);
  }
}

/** The ResponseClassifier the HTTP helper runs on every AliExpress answer. */
export const classifyAeResponse: ResponseClassifier = (res, operation) => {
  const body = aeBody(res.data);
  const carried = body ? errorBodyOf(body) : null;
  // An error envelope says more than the status it came with (a gateway may send one with a 4xx).
  if (carried && res.status < 500) return aeError(carried, operation, res.status);
  if (res.status >= 500 || res.status === 408) return new RetryableError({ code: `HTTP_${res.status}`, message: `AliExpress gateway answered HTTP ${res.status}`, status: res.status, operation });
  if (res.status === 429) return new RateLimitedError({ code: 'HTTP_429', message: 'AliExpress gateway answered HTTP 429', status: res.status, operation });
  if (res.status === 401) return new AuthFailedError({ code: 'HTTP_401', message: 'AliExpress gateway answered HTTP 401', status: res.status, operation });
  if (res.status === 403) return new PermissionDeniedError({ code: 'HTTP_403', message: 'AliExpress gateway answered HTTP 403', status: res.status, operation });
  if (res.status >= 400) return new PermanentError({ code: `HTTP_${res.status}`, message: `AliExpress gateway answered HTTP ${res.status}`, status: res.status, operation });
  // A proxy's HTML page or a cut-off body: the same call may well succeed when sent again.
  if (!body) return new RetryableError({ code: 'BAD_RESPONSE', message: 'AliExpress answered with a body that is not a JSON object', status: res.status, operation });
  return undefined;
};
