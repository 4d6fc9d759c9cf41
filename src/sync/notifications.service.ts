import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { Config } from '../config';
import { selectRows } from '../common/sql';
import type { InboundNotification, NotificationVerdict } from '../../connectors/sdk/types';
import { CHANNEL_COLUMNS, ChannelRow } from './channel.queries';
import { KEY_FORMAT } from './channel.service';
import { settingsOf } from './connector-context';
import { Q } from './queue';
import { connectorFor } from './registry';
import { enqueueWithRun } from './run-start';
import { decryptCredentials } from './secrets';
import type { NotificationJobData } from './jobs/notification.job';
import type { SyncScope } from './sync-vocabulary';

/**
 * A marketplace's push message, received at `POST /notifications/<channel key>`: the channel's
 * connector checks its signature (over the raw body, with the channel's credentials and
 * settings) and says what it is about; the orders and returns it names are pulled by a job of
 * their own, in a sync run with trigger NOTIFICATION. Nothing of the message is answered back
 * or logged: a caller learns only accepted (202), refused (401) or no such endpoint (404).
 */

/** Most orders one message may make the engine fetch; the rest wait for the next pull. */
export const MAX_REFS_PER_NOTIFICATION = 100;

export type NotificationOutcome =
  | { status: 202; runId: string | null; orders: number; returns: boolean }
  | { status: 401; reason: string }
  | { status: 404; reason: string };

export interface NotificationDeps {
  config: Config;
  log: Logger;
  /** An entity manager outside any transaction. */
  em: EntityManager;
}

export async function receiveNotification(deps: NotificationDeps, channelKey: string, message: InboundNotification): Promise<NotificationOutcome> {
  if (!KEY_FORMAT.test(channelKey)) return { status: 404, reason: 'not a channel key' };
  const [channel] = await selectRows<ChannelRow>(deps.em, `select ${CHANNEL_COLUMNS} from channel c where c.key = ?`, [channelKey]);
  const module = channel ? connectorFor(channel.kind) : undefined;
  if (!channel || !module?.notifications) return { status: 404, reason: channel ? 'the channel’s connector takes no push messages' : 'no such channel' };

  let verdict: NotificationVerdict;
  try {
    const credentials = decryptCredentials(deps.config, channel.credentials_enc);
    verdict = await module.notifications.receive(message, { credentials, settings: settingsOf(channel), now: new Date() });
  } catch (err) {
    // A message the connector cannot even read is not one we act on; why stays in our log (the error, never the message).
    deps.log.warn({ channel: channel.key, err: err instanceof Error ? { name: err.name, message: err.message } : String(err) }, 'push message could not be checked');
    return { status: 401, reason: 'the message could not be checked' };
  }
  if (!verdict.accepted) return { status: 401, reason: verdict.reason };

  const orders = [...new Set(verdict.refs.filter((r) => r.type === 'ORDER').map((r) => r.externalId.trim()).filter(Boolean))].slice(0, MAX_REFS_PER_NOTIFICATION);
  const returns = verdict.refs.some((r) => r.type === 'RETURN');
  if (!orders.length && !returns) return { status: 202, runId: null, orders: 0, returns: false };
  const scopes: SyncScope[] = returns ? ['ORDERS', 'RETURNS'] : ['ORDERS'];
  const data: Omit<NotificationJobData, 'channelId' | 'runId'> = { orders, returns };
  const runId = await deps.em.fork().transactional((em) =>
    enqueueWithRun(em as EntityManager, { channelId: channel.id, queue: Q.notifications, scopes, trigger: 'NOTIFICATION', requestedBy: 'marketplace', data }),
  );
  return { status: 202, runId, orders: orders.length, returns };
}
