import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { Config } from '../config';
import { createHttpClient } from '../../connectors/sdk/http';
import type { Connector, ConnectorModule, Operation, RateLimit } from '../../connectors/sdk/types';
import { connectorFor } from './registry';
import { addressAllowed, addressPolicy } from './channel-address';
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
}

/** Raised when a channel's kind has no connector installed in this process. */
export class NoConnectorError extends Error {}

/**
 * The published call limits, unless the credentials say the app may make `callsPerSecond`
 * calls (an app's own quota): then every operation gets that rate with an equal burst.
 */
function rateLimitsFor(module: ConnectorModule, credentials: Record<string, string>): Partial<Record<Operation, RateLimit>> {
  const cps = Number(credentials.callsPerSecond);
  if (!credentials.callsPerSecond || !Number.isFinite(cps) || cps <= 0) return module.rateLimits;
  const limit = { ratePerSecond: cps, burst: Math.max(1, Math.round(cps)) };
  const ops: Operation[] = ['auth', 'listings', 'stock', 'price', 'orders', 'shipments', 'returns'];
  return Object.fromEntries(ops.map((op) => [op, limit]));
}

/**
 * Builds the connector for a channel: credentials decrypted in memory only, an HTTP client
 * whose rate limiter and refresh lock are keyed by the channel id (shared by every job of the
 * process on that channel), and a saveCredentials that re-encrypts refreshed tokens into the
 * channel row.
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
    rateLimits: rateLimitsFor(module, credentials),
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
