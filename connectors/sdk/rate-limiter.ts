import { QuotaExhaustedError } from './errors';
import type { RateLimit } from './types';

/**
 * Where the HTTP helper's rate buckets live. A bucket is a token bucket in its GCRA form: rather
 * than counting tokens it keeps `tat` (theoretical arrival time), the instant the bucket would be
 * full again once every reservation so far is spent; each caller reserves its slot at once and
 * sleeps until it, which makes the queue FIFO. Buckets are keyed by whoever the marketplace counts
 * (the connector's rate key and the bucket name); pauses (Retry-After, a ban, a used-up daily
 * quota) stop a bucket, or one account, until a stated time.
 *
 * The SDK keeps buckets in this process's memory (`MemoryRateLimiter`, for unit tests and
 * single-process tools); the sync engine passes one kept in PostgreSQL, so every worker process
 * and every channel on one rate key draw from one quota (src/sync/quota-store.ts).
 */

/** Why callers are held back, as they are told while a pause lasts. */
export interface PauseReason {
  /** The marketplace's code of the refusal that caused the pause. */
  code: string;
  message: string;
  /** The marketplace's UTC offset in minutes, to show the reset time its way. */
  utcOffsetMinutes?: number;
}

/** One call's claim on a bucket. */
export interface BucketCall {
  /** The bucket key: rate key and bucket name. */
  bucket: string;
  /** The account key: pauses of the account's own quota apply too. */
  account: string;
  /** The call's published limit; undefined: not limited (pauses still apply). */
  limit: RateLimit | undefined;
  /** The longest the call may wait; a pause lasting longer fails it with QuotaExhaustedError instead. */
  maxWaitMs: number;
}

export interface RateLimiter {
  /**
   * Resolves when the call may go, in the order callers arrived. Throws QuotaExhaustedError when
   * the bucket or the account is paused for longer than `maxWaitMs` (reserving nothing then).
   */
  acquire(call: BucketCall, sleep: (ms: number) => Promise<void>): Promise<void>;
  /**
   * Nobody calls on `target` (a bucket or an account key) before `until` (epoch ms); then one at
   * a time, as the marketplace has just refused a burst. `limit` is the bucket's, when it is one.
   */
  pause(target: string, until: number, reason: PauseReason, limit?: RateLimit): Promise<void>;
  /**
   * The bucket adopts the rate (and burst) the marketplace stated on an answer of its calls. The
   * calls it has reserved so far count as the same number of calls at the new rate (see `rescaledTat`);
   * `published` is the call's own limit, the rate the bucket went by until it adopted one.
   */
  adopt(bucket: string, rate: { ratePerSecond: number; burst?: number }, published?: RateLimit): Promise<void>;
}

/** How far behind its slot a waiting call goes: a quarter of the interval, at most 50 ms. */
const MARGIN_OF_INTERVAL = 0.25;
const MAX_MARGIN_MS = 50;

/** Milliseconds between calls at `ratePerSecond`; 0 when unlimited. */
export function intervalMs(ratePerSecond: number | undefined | null): number {
  return ratePerSecond && Number.isFinite(ratePerSecond) && ratePerSecond > 0 ? 1000 / ratePerSecond : 0;
}

/** The burst of a limit: a whole number of calls, at least 1. */
export function burstOf(burst: number | undefined | null): number {
  return Math.max(1, Math.floor(burst ?? 1));
}

/**
 * How long a call waits given the bucket's `tat` after its reservation: its slot is one
 * interval before, and the burst lets it go `burst - 1` intervals earlier still. A call that has
 * to wait at all waits a little longer: the marketplace counts arrivals, and an arrival a few
 * milliseconds early against an empty bucket costs a refusal (on TOP a ban of a whole second).
 * The margin does not add up: the schedule itself stays at the rate.
 */
export function waitAfterReservation(tatAfter: number, interval: number, burst: number, now: number): number {
  const at = tatAfter - interval * burst;
  return at > now ? at - now + Math.min(interval * MARGIN_OF_INTERVAL, MAX_MARGIN_MS) : 0;
}

/**
 * A bucket's `tat` once its rate changes from one call every `before` ms to one every `after`:
 * what it owes is a number of calls, not a length of time, so the time still owed beyond `from`
 * (now, or the end of a pause, which a new rate does not shorten) is scaled by `after / before`.
 * Left as it is, one call reserved at Amazon's published searchOrders plan (a token every three
 * minutes) would hold the next call three minutes after the answer stated a plan of 100 a second;
 * and calls reserved at a fast published rate would go too soon once a slower one is stated.
 */
export function rescaledTat(tat: number, before: number, after: number, from: number): number {
  if (!(tat > from) || !(before > 0) || !(after > 0) || before === after) return tat;
  return from + (tat - from) * (after / before);
}

/** The error a caller meets while its bucket or account is paused beyond the wait it may make. */
export function pausedError(until: number, reason: PauseReason | null, scope: 'key' | 'account'): QuotaExhaustedError {
  return new QuotaExhaustedError({
    code: reason?.code ?? 'QUOTA_EXHAUSTED',
    message: reason?.message ?? 'the marketplace quota is used up',
    resetAt: new Date(until),
    scope,
    utcOffsetMinutes: reason?.utcOffsetMinutes,
  });
}

interface MemoryBucket {
  tat: number;
  pausedUntil: number;
  reason: PauseReason | null;
  /** Bumped by every pause: callers that reserved before it queue again behind it. */
  generation: number;
  adopted?: { ratePerSecond: number; burst?: number };
}

/** Buckets in this process's memory. */
export class MemoryRateLimiter implements RateLimiter {
  private readonly buckets = new Map<string, MemoryBucket>();

  private get(key: string): MemoryBucket {
    let b = this.buckets.get(key);
    if (!b) this.buckets.set(key, (b = { tat: 0, pausedUntil: 0, reason: null, generation: 0 }));
    return b;
  }

  async acquire(call: BucketCall, sleep: (ms: number) => Promise<void>): Promise<void> {
    for (;;) {
      const now = Date.now();
      const account = this.buckets.get(call.account);
      if (account && account.pausedUntil > now) {
        if (account.pausedUntil - now > call.maxWaitMs) throw pausedError(account.pausedUntil, account.reason, 'account');
        await sleep(account.pausedUntil - now);
        continue;
      }
      const b = this.get(call.bucket);
      if (b.pausedUntil - now > call.maxWaitMs) throw pausedError(b.pausedUntil, b.reason, 'key');
      const interval = intervalMs(b.adopted?.ratePerSecond ?? call.limit?.ratePerSecond);
      const burst = burstOf(b.adopted?.burst ?? call.limit?.burst);
      const generation = b.generation;
      b.tat = Math.max(b.tat, now) + interval;
      const wait = waitAfterReservation(b.tat, interval, burst, now);
      if (wait > 0) await sleep(wait);
      // A pause while we slept dropped our reservation: queue again behind it.
      if (b.generation === generation) return;
    }
  }

  async pause(target: string, until: number, reason: PauseReason, limit?: RateLimit): Promise<void> {
    const b = this.get(target);
    if (until <= b.pausedUntil) return;
    b.pausedUntil = until;
    b.reason = reason;
    const interval = intervalMs(b.adopted?.ratePerSecond ?? limit?.ratePerSecond);
    b.tat = until + (burstOf(b.adopted?.burst ?? limit?.burst) - 1) * interval;
    b.generation++;
  }

  async adopt(bucket: string, rate: { ratePerSecond: number; burst?: number }, published?: RateLimit): Promise<void> {
    const b = this.get(bucket);
    const before = intervalMs(b.adopted?.ratePerSecond ?? published?.ratePerSecond);
    b.tat = rescaledTat(b.tat, before, intervalMs(rate.ratePerSecond), Math.max(Date.now(), b.pausedUntil));
    b.adopted = { ratePerSecond: rate.ratePerSecond, burst: rate.burst ?? b.adopted?.burst };
  }

  /** Forgets every bucket (tests). */
  clear(): void {
    this.buckets.clear();
  }
}
