/**
 * Token buckets keyed by caller (an app key, a seller): `burst` calls at once, refilled at
 * `ratePerSecond`. The simulator answers a refused call the marketplace's own way.
 */

/** The verdict on one call: allowed, or refused with the time until a token is back. */
export type BucketVerdict = { ok: true } | { ok: false; retryAfterMs: number };

interface Bucket {
  tokens: number;
  at: number;
}

export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();

  constructor(readonly ratePerSecond: number, readonly burst: number = Math.max(1, Math.round(ratePerSecond)), private readonly now: () => number = Date.now) {
    if (!(ratePerSecond > 0)) throw new Error(`ratePerSecond must be above 0, not ${ratePerSecond}`);
  }

  /** Takes one token of `key`'s bucket, or says how long until there is one. */
  take(key: string): BucketVerdict {
    const now = this.now();
    const b = this.buckets.get(key) ?? { tokens: this.burst, at: now };
    b.tokens = Math.min(this.burst, b.tokens + ((now - b.at) / 1000) * this.ratePerSecond);
    b.at = now;
    this.buckets.set(key, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, retryAfterMs: Math.ceil(((1 - b.tokens) / this.ratePerSecond) * 1000) };
  }

  /** Every bucket full again. */
  reset(): void {
    this.buckets.clear();
  }
}
