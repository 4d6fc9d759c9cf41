import { AuthFailedError, MarketplaceError, MarketplaceErrorDetails, PermanentError, RateLimitedError, RetryableError } from '../sdk/errors';
import type { ResponseClassifier } from '../sdk/types';

/**
 * How __Name__ fails: an HTTP status with a JSON body `{"error": {"code", "message", "requestId"}}`
 * (a 2xx may carry one too); its OAuth token endpoint as OAuth does, `{"error": "invalid_grant",
 * "error_description"}`. A code we know decides the class whatever the status; otherwise the
 * status does. Batch endpoints answer 200 and report each item's error the same way.
 */

export type ErrorKind = MarketplaceError['kind'];

export interface __Name__ErrorBody {
  code?: string;
  message?: string;
  requestId?: string;
  /** Some throttled answers say how long to wait in the body as well as in Retry-After. */
  retryAfterSeconds?: number;
}

/** Codes whose meaning does not depend on the status they came with. */
const BY_CODE: Record<string, ErrorKind> = {
  rate_limited: 'RATE_LIMITED',
  // A token refused: the engine renews it once and tries again, then stops the channel.
  token_expired: 'AUTH_FAILED',
  invalid_token: 'AUTH_FAILED',
  // The grant or the app refused at the token endpoint: only new consent (or app keys) helps.
  invalid_grant: 'AUTH_FAILED',
  invalid_client: 'AUTH_FAILED',
  shop_mismatch: 'AUTH_FAILED',
  internal_error: 'RETRYABLE',
  unavailable: 'RETRYABLE',
};

/** The `error` object of a body (an OAuth `error` string read as its code), or null when there is none. */
export function errorBody(data: unknown): __Name__ErrorBody | null {
  if (!data || typeof data !== 'object' || Array.isArray(data)) return null;
  const { error, error_description: description } = data as Record<string, unknown>;
  if (typeof error === 'string' && error) return { code: error, message: typeof description === 'string' ? description : error };
  return error && typeof error === 'object' && !Array.isArray(error) ? (error as __Name__ErrorBody) : null;
}

function kindOfStatus(status: number): ErrorKind | undefined {
  if (status === 429) return 'RATE_LIMITED';
  if (status === 401 || status === 403) return 'AUTH_FAILED';
  if (status === 408 || status >= 500) return 'RETRYABLE';
  if (status >= 400) return 'PERMANENT';
  return undefined;
}

/** The class of an item's error code in a batch answer (unknown codes are the item's own fault). */
export function kindOfCode(code: string | undefined): ErrorKind {
  return (code && BY_CODE[code]) || 'PERMANENT';
}

export function __NAME__Error(kind: ErrorKind, details: MarketplaceErrorDetails & { retryAfterMs?: number }): MarketplaceError {
  switch (kind) {
    case 'RATE_LIMITED':
      return new RateLimitedError(details);
    case 'AUTH_FAILED':
      return new AuthFailedError(details);
    case 'RETRYABLE':
      return new RetryableError(details);
    default:
      return new PermanentError(details);
  }
}

/** The ResponseClassifier the HTTP helper runs on every __Name__ response. */
export const classify__Name__Response: ResponseClassifier = (res, operation) => {
  const body = errorBody(res.data);
  if (res.status < 300 && !body) {
    // A proxy's HTML page or a truncated body (the helper hands over text it could not parse as
    // JSON): the call may well succeed when sent again.
    if (typeof res.data === 'string' && res.data.trim() !== '') {
      return new RetryableError({ code: 'BAD_RESPONSE', message: `__Name__ answered HTTP ${res.status} with a body that is not JSON`, status: res.status, operation });
    }
    return undefined;
  }
  const kind = (body?.code && BY_CODE[body.code]) || kindOfStatus(res.status) || 'PERMANENT';
  const seconds = Number(body?.retryAfterSeconds);
  return __NAME__Error(kind, {
    code: body?.code || `HTTP_${res.status}`,
    message: body?.message || `__Name__ answered HTTP ${res.status}`,
    status: res.status,
    operation,
    requestId: body?.requestId,
    retryAfterMs: Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined,
  });
};
