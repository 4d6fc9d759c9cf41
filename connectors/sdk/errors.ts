/**
 * The ways a marketplace call fails, as every connector reports them. The sync engine decides
 * from the class alone: retry later, wait for the rate limit, wait for the quota to come back,
 * stop the channel until someone re-authorises it or fixes its setup, stop one operation until
 * someone grants it, or record the marketplace's message and move on.
 */

/** Every kind of MarketplaceError. */
export type MarketplaceErrorKind = 'RETRYABLE' | 'RATE_LIMITED' | 'QUOTA_EXHAUSTED' | 'AUTH_FAILED' | 'PERMISSION_DENIED' | 'CHANNEL_STOPPED' | 'PERMANENT';

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
  abstract readonly kind: MarketplaceErrorKind;
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

/**
 * Whose quota a QuotaExhaustedError is about: `key` the quota the call's rate key counts against
 * (a TOP app, an Amazon selling partner and region), shared by every channel on it; `account`
 * this account's own (a TOP seller's or session's quota), which other channels on the key keep.
 */
export type QuotaScope = 'key' | 'account';

/**
 * A quota is used up until a time the marketplace states (a daily quota, a ban of minutes or
 * hours). Nobody calls on that quota before `resetAt`: the engine re-schedules the job to start
 * after it instead of spending retries, and the run says until when it waits.
 */
export class QuotaExhaustedError extends MarketplaceError {
  readonly kind = 'QUOTA_EXHAUSTED' as const;
  readonly resetAt: Date;
  readonly scope: QuotaScope;
  /** The marketplace's own UTC offset in minutes (TOP: 480), to show `resetAt` the way it states it. */
  readonly utcOffsetMinutes: number;
  constructor(details: MarketplaceErrorDetails & { resetAt: Date; scope?: QuotaScope; utcOffsetMinutes?: number }) {
    super(details);
    this.resetAt = details.resetAt;
    this.scope = details.scope ?? 'key';
    this.utcOffsetMinutes = details.utcOffsetMinutes ?? 0;
  }
}

/** The credentials are wrong or expired and could not be refreshed: a person must act. */
export class AuthFailedError extends MarketplaceError {
  readonly kind = 'AUTH_FAILED' as const;
}

/**
 * The account may not use this operation (HTTP 403 on one API, a refused restricted data token,
 * TOP's insufficient permissions): the operation stops until someone grants it, while the
 * channel's other operations go on.
 */
export class PermissionDeniedError extends MarketplaceError {
  readonly kind = 'PERMISSION_DENIED' as const;
}

/**
 * A setup fault no retry and no new token fixes (the server's clock is off, the app key is
 * wrong): the whole channel stops with this reason until a connection test passes again.
 */
export class ChannelStoppedError extends MarketplaceError {
  readonly kind = 'CHANNEL_STOPPED' as const;
}

/** The request itself is wrong (TOP `isv.*`, HTTP 400/404/409): retrying will not help. */
export class PermanentError extends MarketplaceError {
  readonly kind = 'PERMANENT' as const;
}

export function isMarketplaceError(e: unknown): e is MarketplaceError {
  return e instanceof MarketplaceError;
}

/**
 * Whether an error is about the account or a whole operation rather than one item of a batch:
 * a connector throws these out of pushStock / pushPrice instead of failing every item with them.
 */
export function isOperationWide(e: unknown): boolean {
  return e instanceof AuthFailedError || e instanceof PermissionDeniedError || e instanceof ChannelStoppedError || e instanceof QuotaExhaustedError;
}

/** `resetAt` as a person reads it in the marketplace's zone: `2026-12-04 00:00 +08:00`. */
export function formatResetTime(at: Date, utcOffsetMinutes = 0): string {
  const local = new Date(at.getTime() + utcOffsetMinutes * 60_000).toISOString();
  const sign = utcOffsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(utcOffsetMinutes);
  const offset = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return `${local.slice(0, 10)} ${local.slice(11, 16)} ${offset}`;
}
