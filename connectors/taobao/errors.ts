import { AuthFailedError, ChannelStoppedError, MarketplaceError, PermanentError, PermissionDeniedError, QuotaExhaustedError, RateLimitedError, RetryableError } from '../sdk/errors';
import { parseJsonExact } from '../sdk/exact-json';
import type { ResponseClassifier } from '../sdk/types';

/**
 * How TOP fails (taobao.md §4): HTTP 200 with `{"error_response": {code, msg, sub_code, sub_msg,
 * request_id}}`, `code` a platform code and `sub_code` the business one (`isv.*` the caller's
 * fault, `isp.*` the platform's). Transport failures (5xx, a body that is not JSON) are retryable.
 */

export interface TopErrorBody {
  code: number;
  msg?: string;
  sub_code?: string;
  sub_msg?: string;
  request_id?: string;
}

/** Call-frequency codes: the app's call limit (7) and frequency (8); a short ban at most. */
const RATE_LIMITED = new Set([7, 8]);
/**
 * Quotas used up (§4): user (4), session (5) and partner (6). They come back when the quota's
 * window ends, which the answer may state; a retry before then only spends calls.
 */
const QUOTA_EXHAUSTED = new Set([4, 5, 6]);
/** Quotas of the seller behind this channel (user, session), not of the app other channels share. */
const ACCOUNT_QUOTAS = new Set([4, 5]);
/**
 * Credential faults re-authorising fixes: missing/invalid session (26/27) as the shared decision
 * says, and, our addition, an invalid signature (25: a wrong appSecret, replaced with the rest).
 */
const AUTH_FAILED = new Set([25, 26, 27]);
/** Insufficient ISV / user / partner permissions (11/12/13): this call is refused, others go on. */
const PERMISSION_DENIED = new Set([11, 12, 13]);
/**
 * Setup faults neither a retry nor a new session fixes, so the channel stops with the reason:
 * missing / invalid app key (28/29: the app's credentials must be corrected) and missing /
 * invalid timestamp (30/31, including a clock more than 10 minutes off GMT+8: this server's
 * clock must be fixed).
 */
const CHANNEL_STOPPED = new Set([28, 29, 30, 31]);

/**
 * A stated ban longer than this is the app's quota window (an hourly or daily count used up),
 * not a burst over the frequency: callers are told when it ends instead of being retried.
 */
const LONG_BAN_MS = 60_000;

/** TOP's zone (GMT+8), in which its quotas' days begin. */
const TOP_UTC_OFFSET_MINUTES = 8 * 60;

/** The next midnight in GMT+8 after `now`: when a TOP day, and so a daily quota, begins [U that quotas reset then]. */
export function nextTopMidnight(now: Date): Date {
  const local = new Date(now.getTime() + TOP_UTC_OFFSET_MINUTES * 60_000);
  return new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() + 1) - TOP_UTC_OFFSET_MINUTES * 60_000);
}

/** The body as an object: the HTTP helper may hand it over as text (kept exact) or already parsed. */
export function topBody(data: unknown): Record<string, unknown> | null {
  if (typeof data === 'string') {
    try {
      const parsed = parseJsonExact(data);
      return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
    } catch {
      return null;
    }
  }
  if (Buffer.isBuffer(data)) return topBody(data.toString('utf8'));
  return data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : null;
}

/** TOP's sub_msg for code 7 usually says when the ban ends ("This ban will last for 12 more seconds") [U exact text]. */
function banMs(text: string | undefined): number | undefined {
  const m = text && /(\d+)\s*(?:more seconds|seconds?|秒)/i.exec(text);
  return m ? Number(m[1]) * 1000 : undefined;
}

/** The SDK error for an `error_response`. */
export function topError(body: TopErrorBody, operation?: string, status = 200): MarketplaceError {
  const code = Number(body.code);
  const details = {
    code: body.sub_code ? `${code}:${body.sub_code}` : `${code}`,
    message: body.sub_msg || body.msg || `TOP error ${code}`,
    status,
    operation,
    requestId: body.request_id,
  };
  const ban = banMs(body.sub_msg) ?? banMs(body.msg);
  if (RATE_LIMITED.has(code)) {
    if (ban !== undefined && ban > LONG_BAN_MS) return new QuotaExhaustedError({ ...details, resetAt: new Date(Date.now() + ban), scope: 'key', utcOffsetMinutes: TOP_UTC_OFFSET_MINUTES });
    return new RateLimitedError({ ...details, retryAfterMs: ban });
  }
  if (QUOTA_EXHAUSTED.has(code)) {
    // The window the answer states; without one, a quota of the day, back at TOP's midnight [U].
    const now = new Date();
    const resetAt = ban !== undefined ? new Date(now.getTime() + ban) : nextTopMidnight(now);
    return new QuotaExhaustedError({ ...details, resetAt, scope: ACCOUNT_QUOTAS.has(code) ? 'account' : 'key', utcOffsetMinutes: TOP_UTC_OFFSET_MINUTES });
  }
  if (AUTH_FAILED.has(code)) return new AuthFailedError(details);
  if (PERMISSION_DENIED.has(code)) return new PermissionDeniedError(details);
  if (CHANNEL_STOPPED.has(code)) return new ChannelStoppedError(details);
  if (code === 10 || body.sub_code?.startsWith('isp.')) return new RetryableError(details);
  return new PermanentError(details);
}

/** The ResponseClassifier the HTTP helper runs on every TOP response. */
export const classifyTopResponse: ResponseClassifier = (res, operation) => {
  if (res.status >= 500 || res.status === 408) return new RetryableError({ code: `HTTP_${res.status}`, message: `TOP gateway answered HTTP ${res.status}`, status: res.status, operation });
  if (res.status === 429) return new RateLimitedError({ code: 'HTTP_429', message: 'TOP gateway answered HTTP 429', status: res.status, operation });
  if (res.status >= 400) return new PermanentError({ code: `HTTP_${res.status}`, message: `TOP gateway answered HTTP ${res.status}`, status: res.status, operation });
  const body = topBody(res.data);
  // A proxy's HTML page or a truncated body: the call may well succeed when sent again.
  if (!body) return new RetryableError({ code: 'BAD_RESPONSE', message: 'TOP answered with a body that is not a JSON object', status: res.status, operation });
  const err = body.error_response as TopErrorBody | undefined;
  return err && typeof err === 'object' ? topError(err, operation, res.status) : undefined;
};
