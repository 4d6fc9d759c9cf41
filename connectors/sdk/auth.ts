import { AuthFailedError, ChannelStoppedError, isMarketplaceError, QuotaExhaustedError, RateLimitedError, RetryableError } from './errors';
import type { HttpAuth, HttpClient } from './http';
import type { AccessGrant, ConnectorAuth } from './types';

/**
 * The host's side of `ConnectorAuth`: an HttpAuth that puts the account's access token on every
 * request, renews it shortly before it expires and once when the marketplace refuses it, and
 * asks an `AccountTokens` for the token (which keeps it, and makes sure one refresh at a time
 * runs). The sync engine's AccountTokens keeps tokens in process memory and coordinates the
 * refresh across processes through PostgreSQL (src/sync/auth-tokens.ts); `memoryTokens` below
 * does it within one process, for the conformance kit and tools.
 */

/** An access token the host holds for an account. */
export interface HeldToken {
  accessToken: string;
  /** Epoch ms when the marketplace stops taking it. */
  expiresAt: number;
  /** Epoch ms from which it is renewed before use (a margin before `expiresAt`). */
  renewAt: number;
  /** Counts the tokens obtained for the account: a refused token is replaced by a newer generation. */
  generation: number;
}

/** Where an account's tokens are kept and renewed, one refresh at a time. */
export interface AccountTokens {
  /** The token held for the account now, if any. */
  held(): HeldToken | undefined;
  /**
   * A usable token newer than generation `stale` (null: none is held): one another caller obtained
   * meanwhile, or the result of `obtain` run with the credentials as stored now, whose rotated
   * refresh token is saved once.
   */
  renew(stale: number | null, obtain: (credentials: Record<string, string>) => Promise<AccessGrant>): Promise<HeldToken>;
}

/** The longest margin before expiry at which a token is renewed; a short-lived token is renewed at 90 % of its life. */
export const RENEW_MARGIN_MS = 5 * 60 * 1000;

/** The field of the credentials a rotated refresh token replaces. */
export function refreshTokenFieldOf(auth: ConnectorAuth): string {
  return auth.refreshTokenField?.trim() || 'refreshToken';
}

/** The held form of a grant asked for at `askedAt` (epoch ms). */
export function heldToken(grant: AccessGrant, askedAt: number, generation: number): HeldToken {
  const seconds = Number(grant.expiresInSeconds);
  if (typeof grant.accessToken !== 'string' || !grant.accessToken || !Number.isFinite(seconds) || seconds <= 0) {
    throw new AuthFailedError({ code: 'REFRESH_FAILED', message: 'the token answer carried no access token or no lifetime', operation: 'auth' });
  }
  const lifetime = seconds * 1000;
  return { accessToken: grant.accessToken, expiresAt: askedAt + lifetime, renewAt: askedAt + lifetime - Math.min(RENEW_MARGIN_MS, lifetime / 10), generation };
}

/**
 * What a failed refresh means: the marketplace's or network's fault (and throttles) are tried
 * again later; a setup fault stops the channel; anything else is a refusal of the grant, which
 * only a person can fix (AUTH_FAILED).
 */
export function refreshFailure(e: unknown): Error {
  if (e instanceof RetryableError || e instanceof RateLimitedError || e instanceof QuotaExhaustedError || e instanceof AuthFailedError || e instanceof ChannelStoppedError) return e;
  const code = isMarketplaceError(e) ? e.code : 'REFRESH_FAILED';
  const message = e instanceof Error ? e.message : String(e);
  return new AuthFailedError({ code, message: `token refresh failed: ${message}`, status: isMarketplaceError(e) ? e.status : undefined, operation: 'auth' });
}

export interface AccountAuthOptions {
  auth: ConnectorAuth;
  tokens: AccountTokens;
  /** The account's client without auth (same rate key), for the token call. */
  http: HttpClient;
  /** The credentials as the host holds them now. */
  credentials(): Record<string, string>;
  settings(): Record<string, string>;
  baseUrl: string;
  /** The clock tokens expire by; default the real one. */
  now?: () => number;
}

/** How long a refused refresh is not tried again for the same token (the HTTP helper asks once more right after). */
const FAILED_REFRESH_MEMORY_MS = 30_000;

/**
 * The HttpAuth of an account whose module declares `auth`: every attempt carries a token that is
 * not about to expire; `refresh` (called by the HTTP helper after a 401) replaces the one held.
 */
export function accountAuth(options: AccountAuthOptions): HttpAuth {
  const now = options.now ?? Date.now;
  let failed: { stale: number | null; error: Error; at: number } | undefined;
  const obtain = async (credentials: Record<string, string>): Promise<AccessGrant> => {
    try {
      return await options.auth.refresh({ credentials, settings: options.settings(), baseUrl: options.baseUrl, http: options.http, now: new Date(now()) });
    } catch (e) {
      throw refreshFailure(e);
    }
  };
  const renew = async (stale: number | null): Promise<HeldToken> => {
    // A grant just refused stays refused: the helper's retry after the failed attempt asks again at once.
    if (failed && failed.stale === stale && Date.now() - failed.at < FAILED_REFRESH_MEMORY_MS) throw failed.error;
    try {
      const token = await options.tokens.renew(stale, obtain);
      failed = undefined;
      return token;
    } catch (e) {
      if (e instanceof AuthFailedError) failed = { stale, error: e, at: Date.now() };
      throw e;
    }
  };
  // Which token each request carried last: a refusal replaces that one, not a newer one another
  // caller (or another process) obtained meanwhile.
  const carried = new WeakMap<object, number>();
  return {
    async apply(req) {
      let token = options.tokens.held();
      if (!token || token.renewAt <= now()) token = await renew(token?.generation ?? null);
      carried.set(req, token.generation);
      return options.auth.apply(req, { accessToken: token.accessToken, credentials: options.credentials(), settings: options.settings() });
    },
    async refresh(refused) {
      const stale = (refused && carried.get(refused)) ?? options.tokens.held()?.generation ?? null;
      await renew(stale);
    },
  };
}

const memoryHeld = new Map<string, HeldToken>();
const memoryPending = new Map<string, Promise<HeldToken>>();

/** Forgets the tokens `memoryTokens` holds (tests). */
export function resetMemoryTokens(): void {
  memoryHeld.clear();
  memoryPending.clear();
}

/**
 * Tokens of one account kept in this process's memory: one refresh at a time per account key,
 * callers arriving meanwhile share it; a rotated refresh token is handed to `save` once.
 */
export function memoryTokens(account: string, options: { auth: ConnectorAuth; credentials(): Record<string, string>; save(credentials: Record<string, string>): Promise<void>; now?: () => number }): AccountTokens {
  const now = options.now ?? Date.now;
  const usable = (t: HeldToken | undefined, stale: number | null): t is HeldToken => !!t && t.renewAt > now() && (stale === null || t.generation > stale);
  return {
    held: () => memoryHeld.get(account),
    async renew(stale, obtain) {
      const current = memoryHeld.get(account);
      if (usable(current, stale)) return current;
      // A refresh under way gives a newer token than any held: share it, success or failure.
      const pending = memoryPending.get(account);
      if (pending) {
        const shared = await pending;
        if (stale === null || shared.generation > stale) return shared;
      }
      const run = (async () => {
        const credentials = options.credentials();
        const askedAt = now();
        const grant = await obtain(credentials);
        const token = heldToken(grant, askedAt, (memoryHeld.get(account)?.generation ?? 0) + 1);
        const field = refreshTokenFieldOf(options.auth);
        const rotated = grant.refreshToken?.value;
        if (rotated && rotated !== credentials[field]) await options.save({ ...credentials, [field]: rotated });
        memoryHeld.set(account, token);
        return token;
      })();
      memoryPending.set(account, run);
      try {
        return await run;
      } finally {
        memoryPending.delete(account);
      }
    },
  };
}

/** `Authorization: Basic base64(id:secret)`, as OAuth token endpoints take client credentials (eBay). */
export function basicAuthorization(clientId: string, clientSecret: string): string {
  return `Basic ${Buffer.from(`${clientId}:${clientSecret}`, 'utf8').toString('base64')}`;
}
