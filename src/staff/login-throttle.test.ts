import { ACCOUNT_POLICY, ADDRESS_POLICY, judgeAttempt, lockSeconds } from './login-throttle';

describe('sign-in throttling policy', () => {
  it('gives an account four free attempts, then locks of 4 s doubling, then 15 minutes from the tenth', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 50].map((n) => lockSeconds(n, ACCOUNT_POLICY))).toEqual([0, 0, 0, 0, 4, 8, 16, 32, 64, 900, 900]);
  });

  it('gives an address 29 free attempts an hour before its locks start', () => {
    expect([29, 30, 31, 39, 40].map((n) => lockSeconds(n, ADDRESS_POLICY))).toEqual([0, 4, 8, 900, 900]);
  });

  it('refuses while locked without counting, counts otherwise, and starts afresh after the window', () => {
    const now = 1_000_000_000;
    expect(judgeAttempt({ attempts: 5, windowStartedAt: now - 10_000, lockedUntil: now + 1 }, ACCOUNT_POLICY, now)).toEqual({ refusedUntil: now + 1 });
    expect(judgeAttempt({ attempts: 4, windowStartedAt: now - 10_000, lockedUntil: null }, ACCOUNT_POLICY, now)).toEqual({
      next: { attempts: 5, windowStartedAt: now - 10_000, lockedUntil: now + 4000 },
      lockStarted: true,
    });
    expect(judgeAttempt({ attempts: 12, windowStartedAt: now - 86_400_000, lockedUntil: now - 1 }, ACCOUNT_POLICY, now)).toEqual({
      next: { attempts: 1, windowStartedAt: now, lockedUntil: null },
      lockStarted: false,
    });
  });
});
