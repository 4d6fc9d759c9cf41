import crypto from 'node:crypto';

/**
 * A small seeded random source (mulberry32), so a simulator given a seed injects the same
 * faults in the same order on every run and a failing test can be replayed.
 */
export class SeededRandom {
  private state: number;

  /** `seed` omitted: a random one, so unseeded runs differ. */
  constructor(readonly seed: number = crypto.randomInt(0, 2 ** 31)) {
    this.state = seed >>> 0;
  }

  /** The next number in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Back to the first number of the seed (a simulator reset). */
  reset(): void {
    this.state = this.seed >>> 0;
  }
}
