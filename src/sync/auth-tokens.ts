import crypto from 'node:crypto';
import { Client } from 'pg';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { Config } from '../config';
import { AuthFailedError } from '../../connectors/sdk/errors';
import { AccountTokens, HeldToken, heldToken, refreshTokenFieldOf } from '../../connectors/sdk/auth';
import type { AccessGrant, ConnectorAuth } from '../../connectors/sdk/types';
import { decryptCredentials, decryptSecret, encryptCredentials, encryptSecret, resolveSecretsKey } from './secrets';
import { execute, selectRows } from '../common/sql';

/**
 * Access tokens of channels whose connector declares `auth`, as the engine keeps them:
 *
 * - in process memory only: no table or row ever holds an access token;
 * - one refresh of a channel at a time across every process: the refresher holds a PostgreSQL
 *   advisory lock keyed by the channel, and re-reads the channel under it, since another process
 *   may have rotated the refresh token (a second use of a spent one is refused) or obtained a
 *   token moments ago;
 * - the process that refreshed hands the token to the others (NOTIFY channel_auth at commit,
 *   encrypted under SECRETS_KEY), so three workers whose token expired share one refresh
 *   instead of making three; a process that missed the hand-over (it was not listening yet)
 *   refreshes for itself, under the same lock;
 * - a rotated refresh token is saved once, encrypted, in the transaction that holds the lock;
 * - what is not secret is on the channel row: how many tokens were obtained (`auth_generation`,
 *   which staff's new credentials also move on, so tokens of the old ones are dropped), when the
 *   newest one expires, and when the refresh token itself expires (the channel's warning).
 */

/** NOTIFY channel on which a refreshing process hands its new token to the others. */
export const AUTH_CHANNEL = 'channel_auth';
/** First key of the channel's refresh lock (locks.ts uses 0x0c5b_0001, the inventory 0x0c5a_000x). */
const AUTH_LOCK_CLASS = 0x0c5b_0002;
/** How long a process that finds a newer token obtained elsewhere waits for its hand-over before refreshing itself. */
const HANDOVER_WAIT_MS = 3_000;
/** NOTIFY payloads must stay under 8000 bytes; a larger token is not handed over (the others refresh for themselves). */
const MAX_PAYLOAD = 7_900;

function lockKey(channelId: string): number {
  return crypto.createHash('sha256').update(`auth:${channelId}`).digest().readInt32BE(0);
}

interface Handover {
  /** Channel id. */
  c: string;
  /** Generation. */
  g: number;
  /** The token, encrypted. */
  t: string;
  /** Expires at, renew at (epoch ms). */
  e: number;
  r: number;
}

/**
 * One per process and database: the tokens this process holds, by channel, and the LISTEN
 * connection on which other processes' new tokens arrive.
 */
class TokenHub {
  private readonly held = new Map<string, HeldToken>();
  private readonly waiters = new Map<string, Set<() => void>>();
  private readonly pending = new Map<string, Promise<HeldToken>>();
  private client: Client | undefined;
  private connecting: Promise<void> | undefined;
  private closed = false;
  /** Since when (the database's clock, epoch ms) this process hears hand-overs: older ones never reach it. */
  listeningSince: number | null = null;

  constructor(
    private readonly url: string,
    private readonly key: Buffer,
    private readonly log: Logger,
  ) {}

  /** Listens for other processes' tokens; a failure to listen only costs refreshes of our own. */
  ready(): Promise<void> {
    if (this.client || this.closed) return Promise.resolve();
    this.connecting ??= (async () => {
      const client = new Client({ connectionString: this.url, application_name: 'sync-auth-listener' });
      client.on('error', (err) => {
        this.log.warn({ err }, 'token hand-over connection lost; tokens are refreshed per process until it is back');
        if (this.client === client) (this.client = undefined), (this.listeningSince = null);
      });
      client.on('notification', (n) => {
        if (n.channel === AUTH_CHANNEL && n.payload) this.receive(n.payload);
      });
      try {
        await client.connect();
        await client.query(`listen ${AUTH_CHANNEL}`);
        const { rows } = await client.query<{ now: string }>('select (extract(epoch from clock_timestamp()) * 1000)::text as now');
        this.listeningSince = Number(rows[0].now);
        // The listener never keeps a process alive by itself (a CLI that is done exits).
        (client as unknown as { connection?: { stream?: { unref?(): void } } }).connection?.stream?.unref?.();
        if (this.closed) await client.end();
        else this.client = client;
      } catch (err) {
        this.log.warn({ err }, 'cannot listen for token hand-overs; tokens are refreshed per process');
        await client.end().catch(() => undefined);
      }
    })().finally(() => (this.connecting = undefined));
    return this.connecting;
  }

  private receive(payload: string): void {
    let h: Handover;
    try {
      h = JSON.parse(payload) as Handover;
      const token: HeldToken = { accessToken: decryptSecret(this.key, h.t), expiresAt: h.e, renewAt: h.r, generation: h.g };
      this.set(h.c, token);
    } catch {
      // Not ours (another SECRETS_KEY, a garbled notice): the token is obtained the other way.
    }
  }

  /** The token held for the channel, when it is of `minGeneration` or later. */
  get(channelId: string, minGeneration = 0): HeldToken | undefined {
    const t = this.held.get(channelId);
    return t && t.generation >= minGeneration ? t : undefined;
  }

  /** Keeps the newer of what is held and `token`, and wakes who waits for it. */
  set(channelId: string, token: HeldToken): void {
    const current = this.held.get(channelId);
    if (current && current.generation >= token.generation) return;
    this.held.set(channelId, token);
    for (const wake of this.waiters.get(channelId) ?? []) wake();
  }

  /** The channel's token of `generation` or later, as soon as it is here; undefined after `ms`. */
  async waitFor(channelId: string, generation: number, ms: number): Promise<HeldToken | undefined> {
    const end = Date.now() + ms;
    for (;;) {
      const t = this.get(channelId, generation);
      if (t || Date.now() >= end || !this.client) return t;
      await new Promise<void>((resolve) => {
        const set = this.waiters.get(channelId) ?? new Set();
        this.waiters.set(channelId, set);
        const done = () => (clearTimeout(timer), set.delete(done), resolve());
        const timer = setTimeout(done, Math.max(0, end - Date.now()));
        set.add(done);
      });
    }
  }

  /** One renewal per channel at a time in this process; others arriving meanwhile share it. */
  single(channelId: string, run: () => Promise<HeldToken>): Promise<HeldToken> {
    const pending = this.pending.get(channelId);
    if (pending) return pending;
    const p = run().finally(() => this.pending.delete(channelId));
    this.pending.set(channelId, p);
    return p;
  }

  encrypt(token: string): string {
    return encryptSecret(this.key, token);
  }

  async close(): Promise<void> {
    this.closed = true;
    const c = this.client;
    this.client = undefined;
    await c?.end().catch(() => undefined);
  }
}

const hubs = new Map<string, TokenHub>();

function hubFor(root: EntityManager, config: Config, log: Logger): TokenHub {
  const url = String(root.config.get('clientUrl') ?? '');
  let hub = hubs.get(url);
  if (!hub) hubs.set(url, (hub = new TokenHub(url, resolveSecretsKey(config), log)));
  return hub;
}

/**
 * Starts listening for other processes' tokens now (a worker at start), so a token obtained
 * anywhere from then on is handed to this process too; otherwise it starts with the first
 * channel connected.
 */
export function listenForTokens(root: EntityManager, config: Config, log: Logger): Promise<void> {
  return hubFor(root, config, log).ready();
}

/** Closes every hand-over listener of this process (at stop). */
export async function closeTokenHubs(): Promise<void> {
  const all = [...hubs.values()];
  hubs.clear();
  await Promise.all(all.map((h) => h.close()));
}

export interface ChannelTokensDeps {
  config: Config;
  log: Logger;
  /** An entity manager used outside any transaction. */
  root: EntityManager;
  /** The clock tokens expire by; default the real one. */
  now?: () => number;
}

/**
 * The AccountTokens of one channel. `generation` is the channel's `auth_generation` as loaded:
 * a token held from before (older credentials) is not used. `rotated` is told the credentials
 * after a rotated refresh token was saved.
 */
export function channelTokens(
  deps: ChannelTokensDeps,
  channel: { id: string; auth_generation: string | number },
  auth: ConnectorAuth,
  rotated: (credentials: Record<string, string>) => void,
): AccountTokens {
  const hub = hubFor(deps.root, deps.config, deps.log);
  void hub.ready();
  const now = deps.now ?? Date.now;
  const minGeneration = Number(channel.auth_generation) || 0;
  const usable = (t: HeldToken | undefined, stale: number | null): t is HeldToken => !!t && t.renewAt > now() && (stale === null || t.generation > stale);

  const refreshUnderLock = (stale: number | null, obtain: (credentials: Record<string, string>) => Promise<AccessGrant>): Promise<{ token: HeldToken; next: Record<string, string> | null }> =>
    deps.root.fork().transactional(async (em) => {
      await execute(em, 'select pg_advisory_xact_lock(?, ?)', [AUTH_LOCK_CLASS, lockKey(channel.id)]);
      const [row] = await selectRows<{ credentials_enc: string; generation: string; token_expires: number | null; token_obtained: number | null }>(
        em,
        `select credentials_enc, auth_generation::text as generation, extract(epoch from auth_token_expires_at) * 1000 as token_expires,
                extract(epoch from auth_token_obtained_at) * 1000 as token_obtained
           from channel where id = ?`,
        [channel.id],
      );
      if (!row) throw new AuthFailedError({ code: 'CHANNEL_GONE', message: 'the channel no longer exists', operation: 'auth' });
      const generation = Number(row.generation);
      const newest = row.token_expires === null ? null : Number(row.token_expires);
      const obtainedAt = row.token_obtained === null ? null : Number(row.token_obtained);
      // Another process obtained a token after the one we hold, still good, and handed it over
      // while we listened: it is here, or on its way (sent at that process's commit).
      const heard = obtainedAt !== null && hub.listeningSince !== null && obtainedAt >= hub.listeningSince;
      if (generation > (stale ?? 0) && generation >= minGeneration && newest !== null && newest - 60_000 > now() && heard) {
        const theirs = await hub.waitFor(channel.id, generation, HANDOVER_WAIT_MS);
        if (usable(theirs, stale)) return { token: theirs, next: null };
      }
      const credentials = decryptCredentials(deps.config, row.credentials_enc);
      const askedAt = now();
      const grant = await obtain(credentials);
      const token = heldToken(grant, askedAt, generation + 1);
      const field = refreshTokenFieldOf(auth);
      const next = grant.refreshToken?.value && grant.refreshToken.value !== credentials[field] ? { ...credentials, [field]: grant.refreshToken.value } : null;
      if (next) {
        const lifetime = Number(grant.refreshToken!.expiresInSeconds);
        await execute(em, `update channel set credentials_enc = ?, refresh_token_expires_at = ?, updated_at = now() where id = ?`, [
          encryptCredentials(deps.config, next),
          Number.isFinite(lifetime) && lifetime > 0 ? new Date(askedAt + lifetime * 1000) : null,
          channel.id,
        ]);
      }
      await execute(em, `update channel set auth_generation = ?, auth_token_expires_at = ?, auth_token_obtained_at = clock_timestamp() where id = ?`, [token.generation, new Date(token.expiresAt), channel.id]);
      const handover: Handover = { c: channel.id, g: token.generation, t: hub.encrypt(token.accessToken), e: token.expiresAt, r: token.renewAt };
      const payload = JSON.stringify(handover);
      // Delivered at commit, with the lock's release: a process waiting for the lock finds it on arrival.
      if (payload.length <= MAX_PAYLOAD) await execute(em, 'select pg_notify(?, ?)', [AUTH_CHANNEL, payload]);
      deps.log.info({ channelId: channel.id, generation: token.generation, rotated: !!next }, 'channel access token obtained');
      return { token, next };
    });

  return {
    held: () => hub.get(channel.id, minGeneration),
    async renew(stale, obtain) {
      for (let tries = 1; ; tries++) {
        const token = await hub.single(channel.id, async () => {
          await hub.ready();
          const current = hub.get(channel.id, minGeneration);
          if (usable(current, stale)) return current;
          const { token: obtained, next } = await refreshUnderLock(stale, obtain);
          hub.set(channel.id, obtained);
          if (next) rotated(next);
          return obtained;
        });
        // A renewal already under way for someone else may have ended on the very token we found refused.
        if (stale === null || token.generation > stale || tries >= 3) return token;
      }
    },
  };
}
