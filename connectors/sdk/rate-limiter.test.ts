import { MemoryRateLimiter, rescaledTat } from './rate-limiter';

// A bucket that adopts the rate an answer states (Amazon's x-amzn-RateLimit-Limit) keeps what it
// owes as a number of calls: the calls reserved at the old rate count as the same number at the new one.

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

describe('rescaledTat', () => {
  it('given time owed at one call every 180 s when the rate becomes 100 a second then one call is owed at 10 ms', () => {
    expect(rescaledTat(1_000 + 180_000, 180_000, 10, 1_000)).toBe(1_010);
  });

  it('given a slower rate then the calls owed take longer; nothing owed, no known rate or the same rate leave it', () => {
    expect(rescaledTat(1_100, 100, 1_000, 1_000)).toBe(2_000);
    expect(rescaledTat(900, 100, 1_000, 1_000)).toBe(900);
    expect(rescaledTat(1_100, 0, 1_000, 1_000)).toBe(1_100);
    expect(rescaledTat(1_100, 100, 100, 1_000)).toBe(1_100);
  });

  it('given a pause when the rate changes then only what is owed past its end is scaled', () => {
    // Paused until 5_000; two calls at 1/s owed after it; the rate becomes 10/s.
    expect(rescaledTat(7_000, 1_000, 100, 5_000)).toBe(5_200);
  });
});

describe('MemoryRateLimiter.adopt', () => {
  it('given a call reserved at Amazon’s published searchOrders plan when the answer states 100 a second then the next call goes at once, not three minutes later', async () => {
    const limiter = new MemoryRateLimiter();
    const published = { ratePerSecond: 0.0056, burst: 1 };
    const call = { bucket: 'b|amazon:A1:NA|searchOrders', account: 'a|A1', limit: published, maxWaitMs: 600_000 };
    await limiter.acquire(call, sleep);
    await limiter.adopt(call.bucket, { ratePerSecond: 100 }, published);
    const started = Date.now();
    await limiter.acquire(call, (ms) => (ms > 1_000 ? Promise.reject(new Error(`held ${Math.round(ms)} ms`)) : sleep(ms)));
    expect(Date.now() - started).toBeLessThan(500);
  });

  it('given a call reserved at a faster published rate when a slower one is stated then the call counts at the slower rate', async () => {
    const limiter = new MemoryRateLimiter();
    const published = { ratePerSecond: 2, burst: 1 };
    const call = { bucket: 'b|slow', account: 'a|slow', limit: published, maxWaitMs: 60_000 };
    await limiter.acquire(call, sleep);
    await limiter.adopt(call.bucket, { ratePerSecond: 0.5 }, published);
    const waits: number[] = [];
    await limiter.acquire(call, async (ms) => void waits.push(ms));
    // The call owed at 0.5/s: the next goes two seconds after it, not the half second 2/s would leave.
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThan(1_000);
    expect(waits[0]).toBeLessThan(2_200);
  });
});
