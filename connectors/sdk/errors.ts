/**
 * The four ways a marketplace call fails, as every connector reports them. The sync engine
 * decides from the class alone: retry later, wait for the rate limit, stop the channel until
 * someone re-authorises it, or record the marketplace's message and move on.
 */

export interface MarketplaceErrorDetails {
  /** The marketplace's own code, as a string (TOP `code`/`sub_code`, eBay `errorId`, Amazon `code`). */
  code: string;
  /** The marketplace's message, unchanged (it may be Chinese). */
  message: string;
  /** HTTP status when there was a response. */
  status?: number;
  /** The operation that failed, e.g. `pushStock`. */
  operation?: string;
  /** Marketplace request id, for support tickets. */
  requestId?: string;
}

export abstract class MarketplaceError extends Error {
  abstract readonly kind: 'RETRYABLE' | 'RATE_LIMITED' | 'AUTH_FAILED' | 'PERMANENT';
  readonly code: string;
  readonly status?: number;
  readonly operation?: string;
  readonly requestId?: string;

  constructor(details: MarketplaceErrorDetails) {
    super(details.message);
    this.name = new.target.name;
    this.code = details.code;
    this.status = details.status;
    this.operation = details.operation;
    this.requestId = details.requestId;
  }
}

/** A fault on the marketplace's side or in transit (5xx, timeouts, TOP `isp.*`): try again later. */
export class RetryableError extends MarketplaceError {
  readonly kind = 'RETRYABLE' as const;
}

/** Over the marketplace's call limit. `retryAfterMs` when the marketplace said how long. */
export class RateLimitedError extends MarketplaceError {
  readonly kind = 'RATE_LIMITED' as const;
  readonly retryAfterMs?: number;
  constructor(details: MarketplaceErrorDetails & { retryAfterMs?: number }) {
    super(details);
    this.retryAfterMs = details.retryAfterMs;
  }
}

/** The credentials are wrong or expired and could not be refreshed: a person must act. */
export class AuthFailedError extends MarketplaceError {
  readonly kind = 'AUTH_FAILED' as const;
}

/** The request itself is wrong (TOP `isv.*`, HTTP 400/404/409): retrying will not help. */
export class PermanentError extends MarketplaceError {
  readonly kind = 'PERMANENT' as const;
}

export function isMarketplaceError(e: unknown): e is MarketplaceError {
  return e instanceof MarketplaceError;
}
