import type PgBoss from 'pg-boss';
import type { Capability } from '../../../connectors/sdk/types';
import type { Context } from '../../context';
import { ChannelRow, loadChannel } from '../channel.rows';
import { ChannelConnection, connectChannel, NoConnectorError } from '../connector-context';
import { enqueue, QueueName } from '../queue';
import { SecretDecryptError } from '../secrets';
import { addRunJob, finishRunJob, markRunStarted, notifyRun, recordSyncErrors } from '../sync-run.store';
import type { SyncErrorKind } from '../sync.types';
import { inTransaction, JobEnv } from './job-env';

/**
 * The frame every sync job runs in: load the channel, skip it when paused, take the channel's
 * lock when the job needs one (another worker on it: try again shortly), build the connector,
 * run, and turn failures into what they mean:
 * - RETRYABLE / RATE_LIMITED (and our own faults): thrown, so pg-boss retries with backoff; on
 *   the last attempt the error is recorded and the job is left failed ("dead", retryable by hand);
 * - AUTH_FAILED: the channel goes AUTH_FAILED and stops until someone re-authorises it;
 * - PERMANENT: recorded (the handlers record item errors on the listing or order themselves);
 *   the job completes, since trying again cannot help.
 */

export interface ChannelJobData {
  channelId: string;
  /** The sync run this job counts towards, when it belongs to one. */
  runId?: string | null;
}

export interface ChannelJob<T extends ChannelJobData> {
  env: JobEnv;
  job: PgBoss.JobWithMetadata<T>;
  channel: ChannelRow;
  conn: ChannelConnection;
  /** Runs one unit of work of this job in its own transaction. */
  tx<R>(fn: (ctx: Context) => Promise<R>): Promise<R>;
}

export interface JobSpec<T extends ChannelJobData> {
  queue: QueueName;
  /** The sync scope errors are filed under (STOCK, ORDERS...). */
  scope: string;
  /** The capability the connector must declare; without it the job does nothing. */
  capability?: Capability;
  /** Name of the lock held while the job runs (one job at a time per name), or none. */
  lock?(data: T): string | null;
  run(j: ChannelJob<T>): Promise<void>;
}

/** How long a job waits before trying again when another worker holds its lock. */
const BUSY_RETRY_SECONDS = 2;

function kindOf(err: unknown): SyncErrorKind | 'INTERNAL' {
  const k = (err as { kind?: unknown })?.kind;
  if (err instanceof Error && (k === 'RETRYABLE' || k === 'RATE_LIMITED' || k === 'AUTH_FAILED' || k === 'PERMANENT')) return k;
  return 'INTERNAL';
}

function codeOf(err: unknown): string {
  const c = (err as { code?: unknown })?.code;
  return typeof c === 'string' && c ? c : 'INTERNAL';
}

export async function runChannelJob<T extends ChannelJobData>(env: JobEnv, spec: JobSpec<T>, job: PgBoss.JobWithMetadata<T>): Promise<void> {
  const data = job.data;
  const requestId = `job:${job.id}`;
  const tx = <R>(fn: (ctx: Context) => Promise<R>) => inTransaction(env, requestId, fn);
  const log = env.log.child({ job: job.id, queue: spec.queue, channelId: data.channelId });

  const channel = await loadChannel(env.root.fork(), data.channelId);
  if (!channel) {
    log.warn('the channel of this job no longer exists');
    return;
  }
  if (channel.status !== 'ACTIVE' || (spec.capability && !channel.enabled_ops.includes(spec.capability))) {
    await tx(async (ctx) => {
      if (data.runId) {
        const why = channel.status !== 'ACTIVE' ? `The channel is ${channel.status}` : `${spec.capability} is not enabled on this channel`;
        await recordSyncErrors(ctx.em, [{ runId: data.runId, channelId: channel.id, scope: spec.scope, kind: 'PERMANENT', code: `CHANNEL_${channel.status === 'ACTIVE' ? 'OPERATION_DISABLED' : channel.status}`, message: why, jobId: job.id, queue: spec.queue }]);
        await finishRunJob(ctx.em, data.runId, true);
      }
    });
    return;
  }

  const work = async () => {
    if (data.runId) await tx(async (ctx) => (await markRunStarted(ctx.em, data.runId!), notifyRun(ctx.em, data.runId!)));
    let conn: ChannelConnection;
    try {
      conn = connectChannel({ config: env.config, log: env.log, root: env.root, now: env.now }, channel);
    } catch (err) {
      if (!(err instanceof NoConnectorError || err instanceof SecretDecryptError)) throw err;
      await fail(env, spec, job, channel, 'PERMANENT', err instanceof NoConnectorError ? 'NO_CONNECTOR' : 'CREDENTIALS_UNREADABLE', err.message);
      return;
    }
    await spec.run({ env, job, channel, conn, tx });
    await tx((ctx) => finishRunJob(ctx.em, data.runId, false));
  };

  try {
    const lockName = spec.lock?.(data) ?? null;
    if (!lockName) await work();
    else {
      const r = await env.locks.tryWith(lockName, work);
      if (r.busy) {
        // Another worker is on this channel: this job runs again shortly (the queue's
        // singletonKey folds it into an equal job already waiting, if there is one).
        await tx((ctx) => enqueue(ctx.em, spec.queue, data, { singletonKey: job.singletonKey ?? undefined, startAfterSeconds: BUSY_RETRY_SECONDS }));
        return;
      }
    }
  } catch (err) {
    const kind = kindOf(err);
    const message = err instanceof Error ? err.message : String(err);
    if (kind === 'AUTH_FAILED') {
      await tx(async (ctx) => {
        await ctx.em.getConnection().execute(`update channel set status = 'AUTH_FAILED', last_error = ?, updated_at = now() where id = ?`, [message, channel.id], 'run', ctx.em.getTransactionContext());
      });
      await fail(env, spec, job, channel, 'AUTH_FAILED', codeOf(err), message);
      log.warn({ code: codeOf(err) }, 'channel credentials refused: channel stopped until re-authorised');
      return;
    }
    if (kind === 'PERMANENT') {
      await fail(env, spec, job, channel, 'PERMANENT', codeOf(err), message);
      return;
    }
    // Retryable, rate limited, or our own fault: pg-boss tries again with backoff.
    const last = job.retryCount >= job.retryLimit;
    if (last) await fail(env, spec, job, channel, kind === 'INTERNAL' ? 'RETRYABLE' : kind, codeOf(err), message);
    log[last ? 'error' : 'warn']({ err: kind === 'INTERNAL' ? err : undefined, code: codeOf(err), message, attempt: job.retryCount + 1 }, last ? 'sync job failed for good' : 'sync job will be retried');
    throw err;
  }
}

/** Records why a job ended without doing its work and counts it as a failed job of its run. */
async function fail<T extends ChannelJobData>(env: JobEnv, spec: JobSpec<T>, job: PgBoss.JobWithMetadata<T>, channel: ChannelRow, kind: SyncErrorKind, code: string, message: string): Promise<void> {
  await inTransaction(env, `job:${job.id}`, async (ctx) => {
    await recordSyncErrors(ctx.em, [{ runId: job.data.runId, channelId: channel.id, scope: spec.scope, kind, code, message, jobId: job.id, queue: spec.queue }]);
    if (kind !== 'AUTH_FAILED') {
      await ctx.em.getConnection().execute('update channel set last_error = ?, updated_at = now() where id = ?', [`${code}: ${message}`.slice(0, 2000), channel.id], 'run', ctx.em.getTransactionContext());
    }
    await finishRunJob(ctx.em, job.data.runId, true);
  });
}

/**
 * Ends a long job by enqueuing its continuation (same data, same run, which now waits for one
 * more job), so no job outlives its queue's expiry.
 */
export async function handOver<T extends ChannelJobData>(j: ChannelJob<T>, queue: QueueName): Promise<void> {
  await j.tx(async (ctx) => {
    await addRunJob(ctx.em, j.job.data.runId);
    await enqueue(ctx.em, queue, j.job.data, { singletonKey: `${queue}:${j.channel.id}:${j.job.id}:next` });
  });
}
