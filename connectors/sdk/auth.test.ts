import { accountAuth, memoryTokens, resetMemoryTokens } from './auth';
import { AuthFailedError, RetryableError } from './errors';
import type { HttpClient, HttpRequest } from './http';
import type { AccessGrant, ConnectorAuth } from './types';

/**
 * The host's side of ConnectorAuth within one process: tokens obtained from the credentials,
 * renewed before they expire, one refresh at a time, a refused token replaced by a newer one
 * (not twice), a rotated refresh token handed over once, a refused grant not asked again at once.
 */

const noHttp = {} as HttpClient;
const req = (): HttpRequest => ({ method: 'GET', url: 'orders', operation: 'orders' });

function subject(grants: (n: number, credentials: Record<string, string>) => AccessGrant | Promise<AccessGrant>, start: Record<string, string> = { refreshToken: 'R0' }) {
  let now = 1_000_000;
  let credentials = { ...start };
  const saved: Record<string, string>[] = [];
  const asked: Record<string, string>[] = [];
  const auth: ConnectorAuth = {
    async refresh({ credentials: c }) {
      asked.push(c);
      await new Promise((r) => setTimeout(r, 5));
      return grants(asked.length, c);
    },
    apply: (r, t) => ({ ...r, headers: { authorization: `Bearer ${t.accessToken}` } }),
  };
  const account = `test:${Math.random()}`;
  const tokens = memoryTokens(account, { auth, credentials: () => credentials, save: async (c) => void (saved.push(c), (credentials = c)), now: () => now });
  const http = accountAuth({ auth, tokens, http: noHttp, credentials: () => credentials, settings: () => ({}), baseUrl: 'http://x', now: () => now });
  return { http, saved, asked, tokens, advance: (ms: number) => (now += ms) };
}

afterEach(() => resetMemoryTokens());

describe('accountAuth with memoryTokens', () => {
  it('given ten calls at once when no token is held then one refresh serves them all and its rotated refresh token is saved once', async () => {
    const s = subject((n) => ({ accessToken: `A${n}`, expiresInSeconds: 3600, refreshToken: { value: `R${n}` } }));
    const signed = await Promise.all(Array.from({ length: 10 }, () => s.http.apply(req())));
    expect(new Set(signed.map((r) => r.headers?.authorization))).toEqual(new Set(['Bearer A1']));
    expect(s.asked).toEqual([{ refreshToken: 'R0' }]);
    expect(s.saved).toEqual([{ refreshToken: 'R1' }]);
  });

  it('given a token close to its expiry when a call is signed then it is renewed first, with the rotated refresh token', async () => {
    const s = subject((n) => ({ accessToken: `A${n}`, expiresInSeconds: 600, refreshToken: { value: `R${n}` } }));
    await s.http.apply(req());
    s.advance(539_000);
    expect((await s.http.apply(req())).headers?.authorization).toBe('Bearer A1');
    // Within the margin (a tenth of a 10-minute life) before expiry: renewed before use.
    s.advance(2_000);
    expect((await s.http.apply(req())).headers?.authorization).toBe('Bearer A2');
    expect(s.asked.map((c) => c.refreshToken)).toEqual(['R0', 'R1']);
  });

  it('given a refused token when a newer one is held already then refresh takes that one instead of asking again', async () => {
    const s = subject((n) => ({ accessToken: `A${n}`, expiresInSeconds: 3600 }));
    const first = req();
    await s.http.apply(first);
    const second = req();
    await s.http.apply(second);
    // The first request's token is refused: a new one (A2).
    await s.http.refresh!(first);
    expect(s.asked).toHaveLength(2);
    // The second request carried A1 too: A2 is already newer, no third refresh.
    await s.http.refresh!(second);
    expect(s.asked).toHaveLength(2);
    expect((await s.http.apply(second)).headers?.authorization).toBe('Bearer A2');
  });

  it('given a refresh the marketplace refuses when the helper asks again at once then it is not sent twice, and reads AUTH_FAILED', async () => {
    const s = subject(() => {
      throw new Error('invalid_grant');
    });
    const r = req();
    await expect(s.http.apply(r)).rejects.toBeInstanceOf(AuthFailedError);
    await expect(s.http.refresh!(r)).rejects.toBeInstanceOf(AuthFailedError);
    expect(s.asked).toHaveLength(1);
  });

  it('given a token endpoint that is down when a call is signed then the failure stays retryable', async () => {
    const s = subject(() => {
      throw new RetryableError({ code: 'HTTP_503', message: 'down' });
    });
    await expect(s.http.apply(req())).rejects.toBeInstanceOf(RetryableError);
  });
});
