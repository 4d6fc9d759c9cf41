import type { Context } from '../context';
import { UserError, userError } from '../common/errors';
import { uuidOf } from '../common/ids';
import { buildPage, ConnectionArgs, Page, pageRequest } from '../common/relay';
import { execute, pgArray, selectRows } from '../common/sql';
import { P } from '../staff/permissions';
import { listSize } from '../inventory';
import { ChannelRow, loadChannel } from './channel.queries';
import { releaseHeldShipments } from './carrier.service';
import { channelCondition, channelOf, requireOnChannel } from './channel.service';
import { jobKey, ReconcileJobData } from './jobs/job-data';
import { BOSS_SCHEMA, enqueue, Q, QueueName, retryJobs } from './queue';
import { scopeRefusal, startSyncRun } from './run-start';
import { createRun, reopenRunJob, RUN_COLUMNS, RunRow, setRunJobs } from './sync-run.service';
import { driftFromRow, DriftRow, ListingDrift, SyncRun } from './sync-run.types';
import { RetrySyncErrorsPayload, SyncRunPayload } from './sync-run.payloads';
import { ReconcileChannelInput, RetrySyncErrorsInput, SyncChannelInput, SyncRunFilter } from './sync-run.inputs';
import type { SyncScope } from './sync-vocabulary';

/**
 * Sync runs from the API: start one (its row and its jobs in the mutation's transaction, so
 * neither exists without the other), retry what died, reconcile, and read runs and drift.
 */

function notActive(channel: ChannelRow, field: string): UserError {
  return userError('CHANNEL_NOT_ACTIVE', `Channel ${channel.name} is ${channel.status}${channel.last_error ? ` (${channel.last_error})` : ''}; set it ACTIVE first`, field);
}

async function loadRun(ctx: Context, id: string): Promise<RunRow | undefined> {
  const [row] = await selectRows<RunRow>(ctx.em, `select ${RUN_COLUMNS} from sync_run r where r.id = ?`, [id]);
  return row;
}

async function runWithChannel(ctx: Context, id: string): Promise<{ run: RunRow; channel: ChannelRow } | undefined> {
  const run = await loadRun(ctx, id);
  const channel = run && (await loadChannel(ctx.em, run.channel_id));
  return run && channel ? { run, channel } : undefined;
}

// ---- reads -----------------------------------------------------------------------------

/** One run; null when there is none, FORBIDDEN when the caller may not read its channel. */
export async function syncRunNode(ctx: Context, id: string): Promise<SyncRun | null> {
  const found = await runWithChannel(ctx, id);
  if (!found) return null;
  requireOnChannel(ctx, found.channel, P.ChannelsRead);
  return SyncRun.fromRow(found.run);
}

/** A page of runs, newest first; channel-scoped staff see only their channels' runs. */
export async function listSyncRuns(ctx: Context, args: ConnectionArgs, filter?: SyncRunFilter | null): Promise<Page<SyncRun>> {
  const req = pageRequest(args, 2);
  const none = (): Page<SyncRun> => buildPage([], req, () => [], async () => 0, { after: false, before: false });
  const scope = await channelCondition(ctx, filter?.channelId, P.ChannelsRead, 'r.channel_id');
  if (!scope) return none();
  const conds = scope.conds;
  const params = scope.params;
  if (filter?.status) (conds.push('r.status = ?'), params.push(filter.status));
  const where = conds.length ? conds.join(' and ') : 'true';
  const page = [where];
  const pageParams = [...params];
  // Newest first: forward pages walk (created_at, id) downwards.
  const descending = !req.backward;
  if (req.cursor) {
    const [at, id] = req.cursor;
    if (typeof at !== 'string' || typeof id !== 'string' || !/^[0-9a-f-]{36}$/.test(id)) return none();
    page.push(`(r.created_at, r.id) ${descending ? '<' : '>'} (?::timestamptz, ?::uuid)`);
    pageParams.push(at, id);
  }
  const dir = descending ? 'desc' : 'asc';
  const rows =
    req.limit === 0
      ? []
      : await selectRows<RunRow & { sort_at: string }>(
          ctx.em,
          `select ${RUN_COLUMNS}, r.created_at::text as sort_at from sync_run r where ${page.join(' and ')} order by r.created_at ${dir}, r.id ${dir} limit ?`,
          [...pageParams, req.limit + 1],
        );
  const count = async () => (await selectRows<{ n: number }>(ctx.em, `select count(*)::int as n from sync_run r where ${where}`, params))[0].n;
  const keys = new Map<SyncRun, string>();
  const nodes = rows.map((r) => {
    const run = SyncRun.fromRow(r);
    keys.set(run, r.sort_at);
    return run;
  });
  return buildPage(nodes, req, (r) => [keys.get(r)!, r.dbId], count, { after: !!args.after, before: !!args.before });
}

/** Open drift of a channel's listings (what the last reconciliation found), newest first. */
export async function listingDrift(ctx: Context, channelGlobalId: string, first?: number | null): Promise<ListingDrift[]> {
  const channel = await channelOf(ctx, channelGlobalId);
  if (!channel) return [];
  requireOnChannel(ctx, channel, P.ChannelsRead);
  const rows = await selectRows<DriftRow>(
    ctx.em,
    `select d.id, d.listing_id, d.field, d.expected, d.actual, d.found_at, d.fixed_at from listing_drift d
      where d.channel_id = ? and d.fixed_at is null order by d.found_at desc, d.id limit ?`,
    [channel.id, listSize(first)],
  );
  return rows.map(driftFromRow);
}

// ---- writes ----------------------------------------------------------------------------

/** Starts a run of the given scopes on a channel: QUEUED, one job per scope (LISTINGS: per listing to publish). */
export async function syncChannel(ctx: Context, input: SyncChannelInput): Promise<SyncRunPayload> {
  const refuse = (...userErrors: UserError[]): SyncRunPayload => ({ syncRun: null, userErrors });
  const channel = await channelOf(ctx, input.channelId);
  if (!channel) return refuse(userError('NOT_FOUND', 'No channel has this id', 'channelId'));
  requireOnChannel(ctx, channel, P.ChannelsSync);
  if (channel.status !== 'ACTIVE') return refuse(notActive(channel, 'channelId'));
  const errors: UserError[] = [];
  if (!input.scopes.length) errors.push(userError('INVALID_VALUE', 'Name at least one scope', 'scopes'));
  input.scopes.forEach((scope, i) => {
    const why = scopeRefusal(channel, scope as SyncScope);
    if (why) errors.push(userError('SCOPE_NOT_SUPPORTED', `${scope}: ${why}`, ['scopes', i]));
  });
  if (errors.length) return refuse(...errors);
  const runId = await startSyncRun(ctx.em, channel, input.scopes as SyncScope[], 'MANUAL', ctx.actor!.label);
  return { syncRun: SyncRun.fromRow((await loadRun(ctx, runId))!), userErrors: [] };
}

/**
 * Runs a channel's reconciliation now. The run's scopes are ['LISTINGS']: reconciliation reads
 * and compares the channel's listings (its fixes go out as stock and price jobs of their own,
 * outside the run), and an empty scope list would read as a run that moves nothing; its
 * errors carry the scope RECONCILE, which tells the two kinds of LISTINGS run apart.
 */
export async function reconcileChannel(ctx: Context, input: ReconcileChannelInput): Promise<SyncRunPayload> {
  const refuse = (...userErrors: UserError[]): SyncRunPayload => ({ syncRun: null, userErrors });
  const channel = await channelOf(ctx, input.channelId);
  if (!channel) return refuse(userError('NOT_FOUND', 'No channel has this id', 'channelId'));
  requireOnChannel(ctx, channel, P.ChannelsSync);
  if (channel.status !== 'ACTIVE') return refuse(notActive(channel, 'channelId'));
  // The capability the worker's schedule reconciles under (reading listings back needs it).
  if (!channel.enabled_ops.includes('listings.update')) return refuse(userError('SCOPE_NOT_SUPPORTED', 'listings.update is not enabled on this channel', 'channelId'));
  const runId = await createRun(ctx.em, channel.id, ['LISTINGS'], 'MANUAL', ctx.actor!.label);
  const data: ReconcileJobData = { channelId: channel.id, runId, fix: input.fix };
  const jobId = await enqueue(ctx.em, Q.reconcile, data, { singletonKey: jobKey(Q.reconcile, data) });
  await setRunJobs(ctx.em, runId, jobId ? 1 : 0);
  return { syncRun: SyncRun.fromRow((await loadRun(ctx, runId))!), userErrors: [] };
}

const QUEUES: QueueName[] = Object.values(Q);

/**
 * Runs again the dead jobs (failed after their last retry) of a run or of a channel: each gets
 * one more attempt, its run waits for it again, and the errors it recorded are marked resolved.
 */
export async function retrySyncErrors(ctx: Context, input: RetrySyncErrorsInput): Promise<RetrySyncErrorsPayload> {
  const refuse = (...userErrors: UserError[]): RetrySyncErrorsPayload => ({ retried: 0, userErrors });
  if (input.runId == null && input.channelId == null) return refuse(userError('INVALID_VALUE', 'Give a runId or a channelId', 'runId'));
  let channel: ChannelRow | undefined;
  let runId: string | undefined;
  if (input.runId != null) {
    const id = uuidOf('SyncRun', input.runId);
    const found = id ? await runWithChannel(ctx, id) : undefined;
    if (!found) return refuse(userError('NOT_FOUND', 'No sync run has this id', 'runId'));
    channel = found.channel;
    runId = found.run.id;
    if (input.channelId != null && uuidOf('Channel', input.channelId) !== channel.id) return refuse(userError('INVALID_VALUE', 'The run is not of this channel', 'channelId'));
  } else {
    channel = await channelOf(ctx, input.channelId);
    if (!channel) return refuse(userError('NOT_FOUND', 'No channel has this id', 'channelId'));
  }
  requireOnChannel(ctx, channel, P.ChannelsSync);
  // A retried job on a stopped channel would end at once as failed again.
  if (channel.status !== 'ACTIVE') return refuse(notActive(channel, input.runId != null ? 'runId' : 'channelId'));

  // Locked, so two retries at once do not both reopen the same jobs' runs.
  const dead = await selectRows<{ id: string; name: QueueName; run_id: string | null }>(
    ctx.em,
    `select j.id::text as id, j.name, j.data->>'runId' as run_id from ${BOSS_SCHEMA}.job j
      where j.name = any(?::text[]) and j.state = 'failed' and j.data->>'channelId' = ? ${runId ? `and j.data->>'runId' = ?` : ''}
      order by j.created_on for update`,
    [pgArray(QUEUES), channel.id, ...(runId ? [runId] : [])],
  );
  let retried = 0;
  for (const queue of QUEUES) {
    const ids = dead.filter((d) => d.name === queue).map((d) => d.id);
    if (ids.length) retried += await retryJobs(ctx.em, queue, ids);
  }
  for (const d of dead) if (d.run_id) await reopenRunJob(ctx.em, d.run_id);
  if (dead.length) await execute(ctx.em, 'update sync_error set resolved_at = now() where job_id = any(?::uuid[]) and resolved_at is null', [pgArray(dead.map((d) => d.id))]);
  // Parcels held for a carrier mapping go again (held again if the carrier is still unmapped).
  retried += await releaseHeldShipments(ctx.em, channel);
  return { retried, userErrors: [] };
}
