import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { Config } from '../config';
import { createHttpClient, HttpAuth, HttpClientOptions, RateLimiter } from '../../connectors/sdk/http';
import { accountAuth } from '../../connectors/sdk/auth';
import type { Connector, ConnectorModule, MarketplaceInfo } from '../../connectors/sdk/types';
import { channelTokens } from './auth-tokens';
import { connectorFor } from './registry';
import { addressAllowed, addressPolicy, originOf } from './channel-address';
import { PgRateLimiter } from './quota-store';
import { decryptCredentials, encryptCredentials } from './secrets';
import type { ChannelRow } from './channel.queries';

/** A channel ready to call: its connector module, the connector, and its decrypted credentials. */
export interface ChannelConnection {
  module: ConnectorModule;
  connector: Connector;
}

export interface ConnectDeps {
  config: Config;
  log: Logger;
  /** An entity manager outside any transaction: refreshed credentials are saved at once, whatever the job does next. */
  root: EntityManager;
  /** The clock handed to the connector (tests move it). */
  now?: () => Date;
  /** Where rate buckets live; default PostgreSQL (quota-store.ts), shared by every process. */
  limiter?: RateLimiter;
}

/** Raised when a channel's kind has no connector installed in this process. */
export class NoConnectorError extends Error {}

/** The channel's settings that are not secrets, as strings by name (empty when it has none). */
export function settingsOf(channel: Partial<Pick<ChannelRow, 'settings'>>): Record<string, string> {
  const settings = channel.settings;
  if (!settings || typeof settings !== 'object' || Array.isArray(settings)) return {};
  return Object.fromEntries(Object.entries(settings).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
}

/**
 * The marketplaces a channel covers, as the module's catalogue describes them; an id the
 * catalogue does not describe (a module without one: a free marketplace id, as channels had
 * before catalogues) reads as itself, in the channel's currency, locale unknown (''). Where the
 * module reads a listing language from the channel's settings (`listingLocale`: Amazon.ca in
 * fr_CA), the marketplace carries that locale instead of the catalogue's, so every listing's text
 * there is picked in it; without settings (a channel described for people) the catalogue's stays.
 */
export function channelMarketplaces(
  module: Pick<ConnectorModule, 'marketplaces' | 'listingLocale'> | undefined,
  channel: Pick<ChannelRow, 'marketplace_ids' | 'currency'> & Partial<Pick<ChannelRow, 'settings'>>,
): MarketplaceInfo[] {
  const settings = settingsOf(channel);
  return (channel.marketplace_ids ?? []).map((id) => {
    const m = module?.marketplaces?.find((x) => x.id === id) ?? { id, label: id, currency: channel.currency.trim(), locale: '' };
    const chosen = module?.listingLocale?.(m, settings)?.trim();
    return chosen ? { ...m, locale: chosen } : m;
  });
}

/**
 * Whose quota the channel's calls count against: the connector's rate key (a TOP app, an Amazon
 * selling partner and region), or the channel itself when the connector names none. The engine
 * only namespaces it, by the module and the API's origin (a sandbox counts apart from
 * production); what makes up the key is the connector's business.
 */
export function rateKeyOf(module: ConnectorModule, channel: ChannelRow, credentials: Record<string, string>): string {
  const own = module.rateKey?.(credentials, settingsOf(channel))?.trim();
  return `${module.kinds[0]}|${originOf(channel.base_url)}|${own || `channel:${channel.id}`}`;
}

/**
 * Builds the connector for a channel: credentials decrypted in memory only, an HTTP client
 * whose rate buckets are the connector's rate key's, kept in PostgreSQL (shared by every job
 * of every process and every channel on the key), whose refresh lock is keyed by the channel,
 * and a saveCredentials that re-encrypts refreshed tokens into the channel row. A module with
 * `auth` gets its tokens from the engine (auth-tokens.ts): obtained from the stored credentials
 * through a client of their own (same rate key, no auth), held in memory, renewed before they
 * expire and once after a refusal, one refresh of the channel at a time across processes.
 * The connector also gets the channel's settings and marketplaces.
 */
export function connectChannel(deps: ConnectDeps, channel: ChannelRow, credentialsOverride?: Record<string, string>): ChannelConnection {
  const module = connectorFor(channel.kind);
  if (!module) throw new NoConnectorError(`No connector is installed for ${channel.kind}`);
  let credentials = credentialsOverride ?? decryptCredentials(deps.config, channel.credentials_enc);
  const settings = settingsOf(channel);
  const secretNames = new Set(module.credentialFields.filter((f) => f.secret).map((f) => f.name));
  const log = deps.log.child({ channel: channel.key });
  const policy = addressPolicy(deps.config);
  let accessToken: () => string | undefined = () => undefined;
  const options: HttpClientOptions = {
    baseUrl: channel.base_url,
    accountKey: channel.id,
    rateKey: rateKeyOf(module, channel, credentials),
    rateLimits: module.rateLimitsFor?.(credentials, settings) ?? module.rateLimits,
    rateFromResponse: module.rateFromResponse ? (res) => module.rateFromResponse!(res) : undefined,
    limiter: deps.limiter ?? new PgRateLimiter(deps.root),
    classify: module.classify,
    secrets: () => [
      ...Object.entries(credentials).filter(([k, v]) => v && (secretNames.has(k) || !module.credentialFields.some((f) => f.name === k))).map(([, v]) => v),
      ...[accessToken()].filter((t): t is string => !!t),
    ],
    logger: { debug: (obj, msg) => log.debug(obj, msg), warn: (obj, msg) => log.warn(obj, msg) },
    addressAllowed: (address) => addressAllowed(address, policy),
  };
  let auth: HttpAuth | undefined;
  if (module.auth) {
    const now = deps.now ? () => deps.now!().getTime() : undefined;
    // The engine's tokens are the stored credentials' (re-read under the refresh lock), not an override's.
    const tokens = channelTokens({ config: deps.config, log, root: deps.root, now }, channel, module.auth, (next) => {
      credentials = { ...next };
      log.info('channel refresh token rotated and saved');
    });
    accessToken = () => tokens.held()?.accessToken;
    auth = accountAuth({ auth: module.auth, tokens, http: createHttpClient(options), credentials: () => credentials, settings: () => settings, baseUrl: channel.base_url, now });
  }
  const http = createHttpClient({ ...options, auth });
  const connector = module.create(channel.kind, {
    baseUrl: channel.base_url,
    credentials,
    marketplaceId: channel.marketplace_id,
    marketplaces: channelMarketplaces(module, channel),
    settings,
    currency: channel.currency,
    http,
    async saveCredentials(next) {
      credentials = { ...next };
      // Outside the job's transaction: the marketplace has already rotated the token, so the new
      // one is kept even if the job's own work rolls back.
      await deps.root
        .fork()
        .getConnection()
        .execute('update channel set credentials_enc = ?, updated_at = now() where id = ?', [encryptCredentials(deps.config, credentials), channel.id]);
      log.info('channel credentials refreshed');
    },
    now: deps.now ?? (() => new Date()),
  });
  return { module, connector };
}
