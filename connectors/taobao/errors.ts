import { AuthFailedError, MarketplaceError, PermanentError, RateLimitedError, RetryableError } from '../sdk/errors';
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

/** Call-limit codes: user, session, partner and app quotas (4/5/6), app limit (7) and frequency (8). */
const RATE_LIMITED = new Set([4, 5, 6, 7, 8]);
/**
 * Credential faults a person must fix: missing/invalid session (26/27) as the shared decision says,
 * and, our addition, an invalid signature (25: a wrong appSecret) or app key (28/29), which no
 * retry will cure either.
 */
const AUTH_FAILED = new Set([25, 26, 27, 28, 29]);

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
  if (RATE_LIMITED.has(code)) return new RateLimitedError({ ...details, retryAfterMs: banMs(body.sub_msg) });
  if (AUTH_FAILED.has(code)) return new AuthFailedError(details);
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
