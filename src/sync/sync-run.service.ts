import type { EntityManager } from '@mikro-orm/postgresql';
import { execute, selectRows } from '../common/sql';
import { SyncCounts, SyncErrorKind, SyncRunStatus, SyncScope, SyncTrigger } from './sync-vocabulary';

/**
 * Sync runs and sync errors as the jobs write them, always inside the job's own transaction:
 * a run's counts move with the work they count. Every change of a run is announced with
 * NOTIFY sync_run (delivered at commit) so subscribers in any process see committed progress.
 */

export const RUN_CHANNEL = 'sync_run';

export interface RunRow {
  id: string;
  channel_id: string;
  scopes: SyncScope[];
  status: SyncRunStatus;
  trigger: SyncTrigger;
  requested_by: string;
  fetched: number;
  created: number;
  updated: number;
  skipped: number;
  failed: number;
  jobs_total: number;
  jobs_done: number;
  jobs_failed: number;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  /** Later runs of the same kind that found nothing, folded into this one (see foldQuietRun). */
  repeats: number;
  /** While a job of the run waits for a marketplace quota: until when, and what the run says. */
  waiting_until: string | null;
  status_message: string | null;
}

export const RUN_COLUMNS = `r.id, r.channel_id, r.scopes, r.status, r.trigger, r.requested_by, r.fetched, r.created, r.updated, r.skipped, r.failed,
  r.jobs_total, r.jobs_done, r.jobs_failed, r.created_at, r.started_at, r.finished_at, r.repeats, r.waiting_until, r.status_message`;

/** Announces the run's current row to every process (at commit). */
export async function notifyRun(em: EntityManager, runId: string): Promise<void> {
  await execute(
    em,
    `select pg_notify('${RUN_CHANNEL}', json_build_object('id', r.id, 'channelId', r.channel_id, 'status', r.status,
       'counts', json_build_object('fetched', r.fetched, 'created', r.created, 'updated', r.updated, 'skipped', r.skipped, 'failed', r.failed),
       'startedAt', r.started_at, 'finishedAt', r.finished_at)::text)
       from sync_run r where r.id = ?`,
    [runId],
  );
}

export async function createRun(em: EntityManager, channelId: string, scopes: SyncScope[], trigger: SyncTrigger, requestedBy: string): Promise<string> {
  const [row] = await selectRows<{ id: string }>(
    em,
    `insert into sync_run (id, channel_id, scopes, trigger, requested_by) values (gen_random_uuid(), ?, ?::text[], ?, ?) returning id`,
    [channelId, `{${scopes.join(',')}}`, trigger, requestedBy],
  );
  return row.id;
}

/** Removes a run made in this transaction that got no job after all (its job was folded into a waiting one). */
export async function discardRun(em: EntityManager, runId: string): Promise<void> {
  await execute(em, 'delete from sync_run where id = ?', [runId]);
}

/** Sets how many jobs the run waits for; a run with none is finished at once. */
export async function setRunJobs(em: EntityManager, runId: string, jobs: number): Promise<void> {
  await execute(em, 'update sync_run set jobs_total = ? where id = ?', [jobs, runId]);
  if (jobs === 0) await finishIfDone(em, runId);
  await notifyRun(em, runId);
}

/** The run waits for one more job (a long pull handing over to a continuation). */
export async function addRunJob(em: EntityManager, runId: string | null | undefined): Promise<void> {
  if (!runId) return;
  await execute(em, 'update sync_run set jobs_total = jobs_total + 1 where id = ?', [runId]);
}

/**
 * A job of the run waits for a marketplace quota until `until`: the run says so (`message`), and
 * the wait is recorded among its errors (resolved when the job starts again).
 */
export async function markRunWaiting(em: EntityManager, runId: string, until: Date, message: string, error: NewSyncError): Promise<void> {
  await execute(em, 'update sync_run set waiting_until = ?, status_message = ? where id = ?', [until.toISOString(), message.slice(0, 1000), runId]);
  await recordSyncErrors(em, [error]);
  await notifyRun(em, runId);
}

/** A job of the run starts (again): a wait it noted is over. One statement, nothing when none was noted. */
export async function clearRunWaiting(em: EntityManager, runId: string): Promise<void> {
  await execute(
    em,
    `with r as (update sync_run set waiting_until = null, status_message = null where id = ? and waiting_until is not null returning id)
     update sync_error set resolved_at = now() where run_id in (select id from r) and kind = 'QUOTA_EXHAUSTED' and resolved_at is null`,
    [runId],
  );
}

export async function markRunStarted(em: EntityManager, runId: string): Promise<void> {
  await execute(em, `update sync_run set status = 'RUNNING', started_at = coalesce(started_at, now()) where id = ? and status = 'QUEUED'`, [runId]);
}

/** Adds to the run's counts (in the transaction of the work counted). */
export async function addRunCounts(em: EntityManager, runId: string | null | undefined, counts: Partial<SyncCounts>): Promise<void> {
  if (!runId) return;
  const c = { fetched: 0, created: 0, updated: 0, skipped: 0, failed: 0, ...counts };
  if (!c.fetched && !c.created && !c.updated && !c.skipped && !c.failed) return;
  await execute(
    em,
    `update sync_run set status = case when status = 'QUEUED' then 'RUNNING' else status end, started_at = coalesce(started_at, now()),
       fetched = fetched + ?, created = created + ?, updated = updated + ?, skipped = skipped + ?, failed = failed + ? where id = ?`,
    [c.fetched, c.created, c.updated, c.skipped, c.failed, runId],
  );
  await notifyRun(em, runId);
}

async function finishIfDone(em: EntityManager, runId: string): Promise<void> {
  // FAILED when every job died; PARTIAL when some did or some items failed; else SUCCEEDED.
  await execute(
    em,
    `update sync_run set
       status = case when jobs_total > 0 and jobs_failed = jobs_total then 'FAILED'
                     when jobs_failed > 0 or failed > 0 then 'PARTIAL' else 'SUCCEEDED' end,
       started_at = coalesce(started_at, now()), finished_at = now()
     where id = ? and jobs_done >= jobs_total and finished_at is null`,
    [runId],
  );
}

/**
 * Folds a finished run the engine started by itself (schedule, outbox) that found and did
 * nothing into the run before it of the same channel, trigger and scopes when that one found
 * nothing either: the earlier run counts one more repeat and ends when this one ended, and this
 * one goes. So the runs list keeps one line per quiet stretch ("nothing new, 48 times") instead
 * of one per tick, and every job is still recorded. Returns the run that stands for it.
 */
async function foldQuietRun(em: EntityManager, runId: string): Promise<string> {
  const quiet = (alias: string) =>
    `${alias}.status = 'SUCCEEDED' and ${alias}.finished_at is not null and ${alias}.trigger in ('SCHEDULE', 'OUTBOX')
     and ${alias}.fetched = 0 and ${alias}.created = 0 and ${alias}.updated = 0 and ${alias}.skipped = 0 and ${alias}.failed = 0 and ${alias}.jobs_failed = 0
     and not exists (select 1 from sync_error e where e.run_id = ${alias}.id)`;
  const [folded] = await selectRows<{ id: string }>(
    em,
    `with cur as (select * from sync_run c where c.id = ? and ${quiet('c')}),
          prev as (select p.* from sync_run p join cur on p.channel_id = cur.channel_id and p.trigger = cur.trigger and p.scopes = cur.scopes
                    and (p.created_at, p.id) < (cur.created_at, cur.id)
                  order by p.created_at desc, p.id desc limit 1),
          kept as (update sync_run k set repeats = k.repeats + 1 + cur.repeats, finished_at = cur.finished_at
                     from prev, cur where k.id = prev.id and ${quiet('prev')} returning k.id),
          gone as (delete from sync_run d using kept, cur where d.id = cur.id returning d.id)
     select kept.id from kept join gone on true`,
    [runId],
  );
  return folded?.id ?? runId;
}

/** One of the run's jobs has ended for good (done, or dead after its last retry). */
export async function finishRunJob(em: EntityManager, runId: string | null | undefined, failed: boolean): Promise<void> {
  if (!runId) return;
  await execute(em, `update sync_run set jobs_done = jobs_done + 1, jobs_failed = jobs_failed + ? where id = ?`, [failed ? 1 : 0, runId]);
  await finishIfDone(em, runId);
  await notifyRun(em, await foldQuietRun(em, runId));
}

/** A dead job of the run is being retried: the run waits for it again. */
export async function reopenRunJob(em: EntityManager, runId: string): Promise<void> {
  await execute(
    em,
    `update sync_run set jobs_done = greatest(jobs_done - 1, 0), jobs_failed = greatest(jobs_failed - 1, 0), status = 'RUNNING', finished_at = null where id = ?`,
    [runId],
  );
  await notifyRun(em, runId);
}

export interface NewSyncError {
  runId?: string | null;
  channelId: string;
  scope: string;
  kind: SyncErrorKind;
  code: string;
  message: string;
  externalId?: string | null;
  raw?: unknown;
  jobId?: string | null;
  queue?: string | null;
}

/** Records errors in one statement. */
export async function recordSyncErrors(em: EntityManager, errors: NewSyncError[]): Promise<void> {
  if (!errors.length) return;
  await execute(
    em,
    `insert into sync_error (id, run_id, channel_id, scope, kind, code, message, external_id, raw, job_id, queue)
     select gen_random_uuid(), x.run_id, x.channel_id, x.scope, x.kind, x.code, x.message, x.external_id, x.raw, x.job_id, x.queue
       from jsonb_to_recordset(?::jsonb) as x(run_id uuid, channel_id uuid, scope text, kind text, code text, message text, external_id text, raw jsonb, job_id uuid, queue text)`,
    [
      JSON.stringify(
        errors.map((e) => ({
          run_id: e.runId ?? null,
          channel_id: e.channelId,
          scope: e.scope,
          kind: e.kind,
          code: e.code.slice(0, 200),
          message: e.message.slice(0, 4000),
          external_id: e.externalId ?? null,
          raw: e.raw === undefined ? null : e.raw,
          job_id: e.jobId ?? null,
          queue: e.queue ?? null,
        })),
      ),
    ],
  );
}

export interface ErrorRow {
  id: string;
  run_id: string | null;
  channel_id: string;
  scope: string;
  kind: SyncErrorKind;
  code: string;
  message: string;
  external_id: string | null;
  raw: unknown;
  job_id: string | null;
  created_at: string;
  resolved_at: string | null;
}

export const ERROR_COLUMNS = 'e.id, e.run_id, e.channel_id, e.scope, e.kind, e.code, e.message, e.external_id, e.raw, e.job_id, e.created_at, e.resolved_at';
