import { SimHttpError } from './sim-http';

/**
 * The simulator's notion of now, set with `POST /__sim/clock`: real time by default, moved to a
 * given instant (running on from there, or frozen), or advanced. Marketplace state that depends
 * on time (token expiry, order times, windows of modified times, "now" in answers) reads this
 * clock, so a test can expire a token or cross midnight without waiting. Call limits keep
 * counting in real time: they are about how fast a client really calls.
 */
export class SimClock {
  /** Added to the real time while running. */
  private offsetMs = 0;
  /** The instant the clock stands still at, or null while it runs. */
  private frozenAt: number | null = null;

  constructor(private readonly real: () => number = Date.now) {}

  /** Epoch milliseconds on the simulator's clock. */
  now(): number {
    return this.frozenAt ?? this.real() + this.offsetMs;
  }

  date(): Date {
    return new Date(this.now());
  }

  /** Moves the clock to `at`; frozen there when `freeze`, else running on from it. */
  set(at: number, freeze = false): void {
    if (freeze) this.frozenAt = at;
    else {
      this.frozenAt = null;
      this.offsetMs = at - this.real();
    }
  }

  /** Moves the clock by `ms` (negative goes back), keeping it running or frozen as it was. */
  advance(ms: number): void {
    if (this.frozenAt !== null) this.frozenAt += ms;
    else this.offsetMs += ms;
  }

  /** Real time again. */
  reset(): void {
    this.offsetMs = 0;
    this.frozenAt = null;
  }

  /** What `GET /__sim/clock` shows. */
  describe(): { now: string; offsetMs: number; frozen: boolean } {
    const now = this.now();
    return { now: new Date(now).toISOString(), offsetMs: now - this.real(), frozen: this.frozenAt !== null };
  }

  /**
   * Applies a `POST /__sim/clock` body: `{at: ISO time, freeze?: boolean}` sets it,
   * `{advanceMs: n}` moves it, `{freeze: true|false}` alone stops or restarts it where it
   * stands, `{real: true}` goes back to real time. Unknown fields are refused.
   */
  update(body: unknown): void {
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw new SimHttpError(400, 'the clock takes a JSON object');
    const b = body as Record<string, unknown>;
    const unknown = Object.keys(b).filter((k) => !['at', 'advanceMs', 'freeze', 'real'].includes(k));
    if (unknown.length) throw new SimHttpError(400, `unknown clock fields: ${unknown.join(', ')} (at, advanceMs, freeze, real)`);
    if (b.freeze !== undefined && typeof b.freeze !== 'boolean') throw new SimHttpError(400, 'freeze must be true or false');
    if (b.real !== undefined) {
      if (b.real !== true) throw new SimHttpError(400, 'real must be true');
      if (Object.keys(b).length > 1) throw new SimHttpError(400, 'real: true stands alone');
      this.reset();
      return;
    }
    if (b.at !== undefined && b.advanceMs !== undefined) throw new SimHttpError(400, 'give at or advanceMs, not both');
    const freeze = b.freeze as boolean | undefined;
    if (b.at !== undefined) {
      const at = typeof b.at === 'string' ? Date.parse(b.at) : NaN;
      if (Number.isNaN(at)) throw new SimHttpError(400, 'at must be an ISO time such as 2026-12-31T23:59:00+08:00');
      this.set(at, freeze ?? this.frozenAt !== null);
      return;
    }
    if (b.advanceMs !== undefined) {
      if (typeof b.advanceMs !== 'number' || !Number.isFinite(b.advanceMs)) throw new SimHttpError(400, 'advanceMs must be a number of milliseconds');
      this.advance(b.advanceMs);
    }
    if (freeze !== undefined) this.set(this.now(), freeze);
  }
}
