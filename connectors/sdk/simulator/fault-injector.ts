import { SeededRandom } from './seeded-random';
import { SimHttpError } from './sim-http';

/**
 * Faults set with `POST /__sim/faults`. Rates are fractions of marketplace calls (0..1); each
 * call draws once, so `rate429` and `error500` split the calls between them and never overlap.
 */
export interface FaultSettings {
  /** Fraction of calls answered as throttled, in the marketplace's own way (TOP: code 7; eBay/Amazon: HTTP 429). */
  rate429: number;
  /** Fraction of calls answered as a server fault (HTTP 5xx, or the marketplace's retryable error). */
  error500: number;
  /** Delay added before every marketplace call is answered. */
  latencyMs: number;
  /**
   * Fraction of successful calls whose answer is lost: the marketplace carries the call out,
   * then the connection drops before the answer is sent (a timeout or a reset, as the caller
   * sees it). Drawn apart from the others, after the call.
   */
  lostAnswer: number;
  /**
   * Fraction of successful calls answered with a server fault although they were carried out
   * (a 5xx after commit: the marketplace's front end failed after its back end wrote). The
   * caller sees a retryable error for something that happened; trying again must not do it
   * twice. Drawn together with `lostAnswer` (one draw after the call), so the two never overlap.
   */
  error500AfterCommit: number;
}

/** What a call drew. */
export type Fault = 'throttle' | 'server-error' | null;

/** What befalls the answer of a call that was carried out. */
export type AfterCommitFault = 'lost' | 'server-error' | null;

const NONE: FaultSettings = { rate429: 0, error500: 0, latencyMs: 0, lostAnswer: 0, error500AfterCommit: 0 };
const FIELDS = ['rate429', 'error500', 'latencyMs', 'lostAnswer', 'error500AfterCommit', 'expireTokens'];

function fraction(value: unknown, name: string): number {
  if (typeof value !== 'number' || !(value >= 0 && value <= 1)) throw new SimHttpError(400, `${name} must be a number from 0 to 1`);
  return value;
}

export class FaultInjector {
  private settings: FaultSettings = { ...NONE };

  constructor(private readonly random: SeededRandom) {}

  get current(): FaultSettings {
    return { ...this.settings };
  }

  /**
   * Applies a `POST /__sim/faults` body: only the fields given change. Returns whether it asked
   * for `expireTokens` (a one-off action the marketplace carries out, not a standing fault).
   */
  update(body: unknown): { expireTokens: boolean } {
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw new SimHttpError(400, 'faults must be a JSON object');
    const b = body as Record<string, unknown>;
    // A misspelt fault would silently do nothing: refuse it.
    const unknown = Object.keys(b).filter((k) => !FIELDS.includes(k));
    if (unknown.length) throw new SimHttpError(400, `unknown faults: ${unknown.join(', ')}`);
    const next = { ...this.settings };
    if (b.rate429 !== undefined) next.rate429 = fraction(b.rate429, 'rate429');
    if (b.error500 !== undefined) next.error500 = fraction(b.error500, 'error500');
    if (b.lostAnswer !== undefined) next.lostAnswer = fraction(b.lostAnswer, 'lostAnswer');
    if (b.error500AfterCommit !== undefined) next.error500AfterCommit = fraction(b.error500AfterCommit, 'error500AfterCommit');
    if (next.lostAnswer + next.error500AfterCommit > 1) throw new SimHttpError(400, 'lostAnswer and error500AfterCommit together must not exceed 1');
    if (b.latencyMs !== undefined) {
      if (typeof b.latencyMs !== 'number' || !(b.latencyMs >= 0) || !Number.isFinite(b.latencyMs)) throw new SimHttpError(400, 'latencyMs must be a number of 0 or more');
      next.latencyMs = b.latencyMs;
    }
    if (b.expireTokens !== undefined && typeof b.expireTokens !== 'boolean') throw new SimHttpError(400, 'expireTokens must be true or false');
    this.settings = next;
    return { expireTokens: b.expireTokens === true };
  }

  /** One draw for one call: throttle, server error, or nothing. */
  draw(): Fault {
    const { rate429, error500 } = this.settings;
    if (rate429 === 0 && error500 === 0) return null;
    const r = this.random.next();
    if (r < rate429) return 'throttle';
    if (r < rate429 + error500) return 'server-error';
    return null;
  }

  /** Whether this call's answer is lost (one more draw, only while lostAnswer is set). */
  loseAnswer(): boolean {
    return this.afterCommit() === 'lost';
  }

  /**
   * What becomes of the answer of a call that was carried out: lost, replaced by a server
   * fault, or sent. One draw, only while either fault is set (so seeds replay as before).
   */
  afterCommit(): AfterCommitFault {
    const { lostAnswer, error500AfterCommit } = this.settings;
    if (lostAnswer === 0 && error500AfterCommit === 0) return null;
    const r = this.random.next();
    if (r < lostAnswer) return 'lost';
    if (r < lostAnswer + error500AfterCommit) return 'server-error';
    return null;
  }

  reset(): void {
    this.settings = { ...NONE };
  }
}
