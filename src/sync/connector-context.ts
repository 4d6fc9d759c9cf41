import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { Config } from '../config';
import { createHttpClient, RateLimiter } from '../../connectors/sdk/http';
import type { Connector, ConnectorModule } from '../../connectors/sdk/types';
import { connectorFor } from './registry';
import { addressAllowed, addressPolicy, originOf } from './channel-address';
import { PgRateLimiter } from './quota-store';
import { decryptCredentials, encryptCredentials } from './secrets';
import type { ChannelRow } from './channel.rows';

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

/** The channel's settings that are not secrets, when the channel row carries them. */
function settingsOf(channel: ChannelRow): Record<string, string> | undefined {
  const settings = (channel as ChannelRow & { settings?: unknown }).settings;
  return settings && typeof settings === 'object' && !Array.isArray(settings) ? (settings as Record<string, string>) : undefined;
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
 * and a saveCredentials that re-encrypts refreshed tokens into the channel row.
 */
export function connectChannel(deps: ConnectDeps, channel: ChannelRow, credentialsOverride?: Record<string, string>): ChannelConnection {
  const module = connectorFor(channel.kind);
  if (!module) throw new NoConnectorError(`No connector is installed for ${channel.kind}`);
  let credentials = credentialsOverride ?? decryptCredentials(deps.config, channel.credentials_enc);
  const secretNames = new Set(module.credentialFields.filter((f) => f.secret).map((f) => f.name));
  const log = deps.log.child({ channel: channel.key });
  const policy = addressPolicy(deps.config);
  const http = createHttpClient({
    baseUrl: channel.base_url,
    accountKey: channel.id,
    rateKey: rateKeyOf(module, channel, credentials),
    rateLimits: module.rateLimitsFor?.(credentials, settingsOf(channel)) ?? module.rateLimits,
    rateFromResponse: module.rateFromResponse ? (res) => module.rateFromResponse!(res) : undefined,
    limiter: deps.limiter ?? new PgRateLimiter(deps.root),
    classify: module.classify,
    secrets: () => Object.entries(credentials).filter(([k, v]) => v && (secretNames.has(k) || !module.credentialFields.some((f) => f.name === k))).map(([, v]) => v),
    logger: { debug: (obj, msg) => log.debug(obj, msg), warn: (obj, msg) => log.warn(obj, msg) },
    addressAllowed: (address) => addressAllowed(address, policy),
  });
  const connector = module.create(channel.kind, {
    baseUrl: channel.base_url,
    credentials,
    marketplaceId: channel.marketplace_id,
    currency: channel.currency,
    http,
    async saveCredentials(next) {
      credentials = { ...next };
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
