import type PgBoss from 'pg-boss';
import { formatResetTime, QuotaExhaustedError } from '../../../connectors/sdk/errors';
import type { Capability } from '../../../connectors/sdk/types';
import type { Context } from '../../context';
import { ChannelRow, loadChannel } from '../channel.queries';
import { ChannelConnection, connectChannel, NoConnectorError } from '../connector-context';
import { enqueue, QueueName } from '../queue';
import { SecretDecryptError } from '../secrets';
import { addRunJob, clearRunWaiting, finishRunJob, markRunStarted, markRunWaiting, notifyRun, recordSyncErrors } from '../sync-run.service';
import type { SyncErrorKind } from '../sync-vocabulary';
import { inTransaction, JobEnv } from './job-env';
import { execute } from '../../common/sql';

/**
 * The frame every sync job runs in: load the channel, skip it when paused, stopped or its
 * operation refused, take the channel's lock when the job needs one (another worker on it: try
 * again shortly), build the connector, run, and turn failures into what they mean:
 * - RETRYABLE / RATE_LIMITED (and our own faults): thrown, so pg-boss retries with backoff; on
 *   the last attempt the error is recorded and the job is left failed ("dead", retryable by hand);
 * - QUOTA_EXHAUSTED: the job starts again after the reset the marketplace stated (a new job, so
 *   no retry is spent) and its run says until when it waits;
 * - AUTH_FAILED: the channel goes AUTH_FAILED and stops until someone re-authorises it;
 * - CHANNEL_STOPPED: the channel goes STOPPED with the reason until a connection test passes;
 * - PERMISSION_DENIED: the job's operation is noted as refused on the channel, and its jobs stop
 *   with that reason until staff act; the channel's other operations go on;
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
  /** The capability a job exercises when it depends on the job (a listing job publishes, updates or delists). */
  capabilityOf?(data: T): Capability;
  /** Name of the lock held while the job runs (one job at a time per name), or none. */
  lock?(data: T): string | null;
  run(j: ChannelJob<T>): Promise<void>;
}

/** How long a job waits before trying again when another worker holds its lock. */
const BUSY_RETRY_SECONDS = 2;

const MARKETPLACE_KINDS = new Set<unknown>(['RETRYABLE', 'RATE_LIMITED', 'AUTH_FAILED', 'PERMANENT', 'PERMISSION_DENIED', 'CHANNEL_STOPPED', 'QUOTA_EXHAUSTED']);

function kindOf(err: unknown): SyncErrorKind | 'INTERNAL' {
  const k = (err as { kind?: unknown })?.kind;
  if (err instanceof Error && MARKETPLACE_KINDS.has(k)) return k as SyncErrorKind;
  return 'INTERNAL';
}

/** The capability a job of this spec exercises, for noting a refused operation; null when none. */
function capabilityOfJob<T extends ChannelJobData>(spec: JobSpec<T>, data: T): Capability | null {
  return spec.capabilityOf?.(data) ?? spec.capability ?? null;
}

/** Why a job of a channel does not run: the channel is not active, the operation is off or refused. */
function refusal<T extends ChannelJobData>(spec: JobSpec<T>, channel: ChannelRow, capability: Capability | null): { kind: SyncErrorKind; code: string; message: string } | null {
  if (channel.status !== 'ACTIVE') {
    const why = channel.last_error && channel.status !== 'PAUSED' ? `The channel is ${channel.status}: ${channel.last_error}` : `The channel is ${channel.status}`;
    return { kind: channel.status === 'STOPPED' ? 'CHANNEL_STOPPED' : 'PERMANENT', code: `CHANNEL_${channel.status}`, message: why };
  }
  if (spec.capability && !channel.enabled_ops.includes(spec.capability)) return { kind: 'PERMANENT', code: 'CHANNEL_OPERATION_DISABLED', message: `${spec.capability} is not enabled on this channel` };
  const denied = capability ? channel.operation_errors?.[capability] : undefined;
  if (denied) {
    return {
      kind: 'PERMISSION_DENIED',
      code: 'OPERATION_DENIED',
      message: `The marketplace refused ${capability} for this account (${denied.code}: ${denied.message}); it stays stopped until the permission is granted and the connection tested again (testChannelConnection)`,
    };
  }
  return null;
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
  const capability = capabilityOfJob(spec, data);
  const refused = refusal(spec, channel, capability);
  if (refused) {
    await tx(async (ctx) => {
      if (data.runId) {
        await recordSyncErrors(ctx.em, [{ runId: data.runId, channelId: channel.id, scope: spec.scope, kind: refused.kind, code: refused.code, message: refused.message, jobId: job.id, queue: spec.queue }]);
        await finishRunJob(ctx.em, data.runId, true);
      }
    });
    return;
  }

  const work = async () => {
    if (data.runId) await tx(async (ctx) => (await clearRunWaiting(ctx.em, data.runId!), await markRunStarted(ctx.em, data.runId!), notifyRun(ctx.em, data.runId!)));
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
    if (kind === 'QUOTA_EXHAUSTED' && err instanceof QuotaExhaustedError) {
      await waitForQuota(env, spec, job, channel, err);
      log.warn({ code: err.code, resetAt: err.resetAt.toISOString() }, 'marketplace quota used up: the job starts again after its reset');
      return;
    }
    if (kind === 'PERMISSION_DENIED') {
      if (capability) {
        await tx((ctx) =>
          execute(
            ctx.em,
            `update channel set operation_errors = operation_errors || jsonb_build_object(?::text, jsonb_build_object('code', ?::text, 'message', ?::text, 'at', now())),
                    updated_at = now() where id = ?`,
            [capability, codeOf(err).slice(0, 200), message.slice(0, 1000), channel.id],
          ),
        );
      }
      await fail(env, spec, job, channel, 'PERMISSION_DENIED', codeOf(err), message);
      log.warn({ code: codeOf(err), capability }, 'operation refused by the marketplace: its jobs stop until staff act; the channel goes on');
      return;
    }
    if (kind === 'CHANNEL_STOPPED') {
      await tx((ctx) =>
        execute(ctx.em, `update channel set status = 'STOPPED', last_error = ?, updated_at = now() where id = ?`, [`${codeOf(err)}: ${message}`.slice(0, 2000), channel.id]),
      );
      await fail(env, spec, job, channel, 'CHANNEL_STOPPED', codeOf(err), message);
      log.warn({ code: codeOf(err) }, 'channel stopped by a setup fault until a connection test passes');
      return;
    }
    if (kind === 'AUTH_FAILED') {
      await tx(async (ctx) => {
        await execute(ctx.em, `update channel set status = 'AUTH_FAILED', last_error = ?, updated_at = now() where id = ?`, [message, channel.id]);
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
    // The channel's own error says what stopped it as a whole; a refused operation is noted apart.
    if (kind !== 'AUTH_FAILED' && kind !== 'CHANNEL_STOPPED' && kind !== 'PERMISSION_DENIED') {
      await execute(ctx.em, 'update channel set last_error = ?, updated_at = now() where id = ?', [`${code}: ${message}`.slice(0, 2000), channel.id]);
    }
    await finishRunJob(ctx.em, job.data.runId, true);
  });
}

/**
 * A quota the job needs is used up until `err.resetAt`: the same job is enqueued to start after
 * the reset (a new job, so the retries are not spent on waiting) and this one ends; the run
 * says until when it waits. The bucket itself was paused in PostgreSQL by the HTTP helper, so
 * other jobs on the same quota fail fast the same way instead of calling.
 */
async function waitForQuota<T extends ChannelJobData>(env: JobEnv, spec: JobSpec<T>, job: PgBoss.JobWithMetadata<T>, channel: ChannelRow, err: QuotaExhaustedError): Promise<void> {
  const untilMs = Math.max(err.resetAt.getTime(), Date.now());
  // One second past the reset: the marketplace's window has surely turned by then.
  const startAfterSeconds = Math.max(1, Math.ceil((untilMs - Date.now()) / 1000) + 1);
  const message = `Waiting for the marketplace quota until ${formatResetTime(new Date(untilMs), err.utcOffsetMinutes)} (${err.code}: ${err.message})`;
  await inTransaction(env, `job:${job.id}`, async (ctx) => {
    await enqueue(ctx.em, spec.queue, job.data, { singletonKey: job.singletonKey ?? undefined, startAfterSeconds });
    if (job.data.runId) {
      await markRunWaiting(ctx.em, job.data.runId, new Date(untilMs), message, {
        runId: job.data.runId,
        channelId: channel.id,
        scope: spec.scope,
        kind: 'QUOTA_EXHAUSTED',
        code: err.code,
        message,
        jobId: job.id,
        queue: spec.queue,
      });
    }
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
