import type { EntityManager } from '@mikro-orm/postgresql';
import type { Capability } from '../../connectors/sdk/types';
import { execute, selectRows } from '../common/sql';
import type { ChannelRow } from './channel.queries';
import { jobKey } from './jobs/job-data';
import { enqueue, Q, QueueName } from './queue';
import { createRun, discardRun, setRunJobs } from './sync-run.service';
import { publishJobsFor } from './listing.service';
import type { SyncScope, SyncTrigger } from './sync-vocabulary';

/**
 * Starting a sync run: the run row and one job per scope, all in the caller's transaction, so
 * a run never exists without its jobs nor jobs without their run. Shared by the syncChannel
 * mutation, `npm run sync` and the demo.
 */

/** The queue and capability of each scope (LISTINGS is one job per listing instead). */
export const SCOPE_QUEUES: Record<Exclude<SyncScope, 'LISTINGS'>, { queue: QueueName; capability: Capability; data?: object }> = {
  STOCK: { queue: Q.stock, capability: 'stock.push', data: { full: true } },
  PRICES: { queue: Q.price, capability: 'price.push' },
  ORDERS: { queue: Q.orders, capability: 'orders.pull' },
  SHIPMENTS: { queue: Q.shipments, capability: 'shipments.push' },
  RETURNS: { queue: Q.returns, capability: 'returns.pull' },
  FULFILMENT_STOCK: { queue: Q.fulfilmentStock, capability: 'fulfilment.stock.pull' },
};

/** Why a scope cannot run on this channel, or null when it can. */
export function scopeRefusal(channel: Pick<ChannelRow, 'enabled_ops' | 'status'>, scope: SyncScope): string | null {
  if (scope === 'LISTINGS') return channel.enabled_ops.includes('listings.publish') || channel.enabled_ops.includes('listings.update') ? null : 'Publishing listings is not enabled on this channel';
  const capability = SCOPE_QUEUES[scope].capability;
  return channel.enabled_ops.includes(capability) ? null : `${capability} is not enabled on this channel`;
}

/**
 * Creates the run and enqueues its jobs. LISTINGS publishes every listing in DRAFT or ERROR
 * (one job each); the other scopes are one job each. Returns the run id.
 */
export async function startSyncRun(em: EntityManager, channel: Pick<ChannelRow, 'id' | 'kind'>, scopes: SyncScope[], trigger: SyncTrigger, requestedBy: string): Promise<string> {
  const unique = [...new Set(scopes)];
  const runId = await createRun(em, channel.id, unique, trigger, requestedBy);
  let jobs = 0;
  for (const scope of unique) {
    if (scope === 'LISTINGS') {
      const pending = await selectRows<{ id: string; variant_id: string }>(em, `select id, variant_id from listing where channel_id = ? and status in ('DRAFT', 'ERROR') order by id`, [channel.id]);
      if (pending.length) {
        await execute(em, `update listing set status = 'PUBLISHING', updated_at = now() where channel_id = ? and status in ('DRAFT', 'ERROR')`, [channel.id]);
      }
      // One job per listing, or per variation group where the marketplace publishes groups.
      for (const job of await publishJobsFor(em, channel, pending)) {
        await enqueue(em, Q.listing, { ...job, runId });
        jobs++;
      }
      continue;
    }
    const { queue, data } = SCOPE_QUEUES[scope];
    const payload = { channelId: channel.id, runId, ...(data ?? {}) };
    if (await enqueue(em, queue, payload, { singletonKey: jobKey(queue, payload) })) jobs++;
  }
  await setRunJobs(em, runId, jobs);
  return runId;
}

/** A job enqueued by the engine itself (schedule, outbox, a fix), with the run that shows it. */
export interface RunJob {
  channelId: string;
  queue: QueueName;
  scopes: SyncScope[];
  trigger: SyncTrigger;
  /** Who the run is for: `system` for the schedule and the outbox, else whoever asked for the work that led to it. */
  requestedBy?: string;
  /** The job's data besides channelId and runId. */
  data?: object;
  /** Folds it into an equal job already waiting (then no run is made). */
  singletonKey?: string;
}

/**
 * Enqueues one job with a run of its own, so every job the engine does leaves a run (a
 * scheduled pull, an outbox push). When a waiting job with the same singletonKey makes this one
 * redundant, nothing is enqueued and no run is left: the waiting job's run covers it. Returns
 * the run id, or null when folded.
 */
export async function enqueueWithRun(em: EntityManager, job: RunJob): Promise<string | null> {
  const runId = await createRun(em, job.channelId, job.scopes, job.trigger, job.requestedBy ?? 'system');
  const jobId = await enqueue(em, job.queue, { ...(job.data ?? {}), channelId: job.channelId, runId }, { singletonKey: job.singletonKey });
  if (!jobId) {
    await discardRun(em, runId);
    return null;
  }
  await setRunJobs(em, runId, 1);
  return runId;
}
