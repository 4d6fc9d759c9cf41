import PgBoss from 'pg-boss';
import { Client } from 'pg';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { Config } from '../config';
import type { Database } from '../db/database';
import { selectRows } from '../common/sql';
import { channelsWithFulfilmentWarehouse, channelsWithPendingStock } from '../inventory';
import { listingJob } from './jobs/listing.job';
import { stockJob } from './jobs/stock.job';
import { priceJob } from './jobs/price.job';
import { ordersJob } from './jobs/orders.job';
import { shipmentsJob } from './jobs/shipments.job';
import { returnsJob } from './jobs/returns.job';
import { fulfilmentStockJob } from './jobs/fulfilment-stock.job';
import { reconcileJob } from './jobs/reconcile.job';
import { pollJob, resumeStalledPolls } from './jobs/poll.job';
import { notificationJob } from './jobs/notification.job';
import { listenForTokens } from './auth-tokens';
import { ChannelJobData, JobSpec, runChannelJob } from './jobs/channel-job';
import { inTransaction, JobEnv } from './jobs/job-env';
import { jobKey } from './jobs/job-data';
import { LockClient } from './locks';
import { BOSS_SCHEMA, JOBS_CHANNEL, Q, QUEUE_OPTIONS, QueueName } from './queue';
import { enqueueWithRun } from './run-start';
import { DEFAULT_SCHEDULE, type SyncScope, type SyncTrigger } from './sync-vocabulary';
import { loadBuiltInConnectors } from './registry';

/**
 * The sync worker: pg-boss workers for every queue, woken at once by NOTIFY when a job is
 * enqueued anywhere (polling is only the fallback), plus two duties run on a tick by every
 * worker process — safe to run in several, since what they enqueue is keyed so a second copy
 * of a waiting job is dropped:
 * - the outbox pump: a channel with unsent stock changes or shipments gets a push job (also
 *   woken at once by the outbox triggers' NOTIFY);
 * - the schedule: channels whose next order / return pull or reconciliation is due get one,
 *   and the due time moves on in the same statement, so two workers do not both take it.
 * Every job they enqueue has a sync run (trigger OUTBOX or SCHEDULE), so what the engine did by
 * itself shows in `syncRuns` like what staff asked for.
 */

export const JOB_SPECS: JobSpec<any>[] = [listingJob, stockJob, priceJob, ordersJob, shipmentsJob, returnsJob, reconcileJob, pollJob, notificationJob, fulfilmentStockJob];

export interface Worker {
  /** Runs the pump and the schedule now (tests and the CLI use it instead of waiting for a tick). */
  tick(): Promise<void>;
  stop(): Promise<void>;
}

/** How long a stop waits for the jobs in flight before failing them back to the queue. */
const STOP_TIMEOUT_MS = 20_000;

/** How often a worker polls a queue when no NOTIFY arrived (NOTIFY wakes it sooner). */
const POLL_SECONDS = 2;

/** Creates our queues on a database whose pg-boss schema predates one, and applies current policies. */
async function ensureQueues(boss: PgBoss): Promise<void> {
  for (const [name, options] of Object.entries(QUEUE_OPTIONS)) {
    if (await boss.getQueue(name)) await boss.updateQueue(name, { name, ...options });
    else await boss.createQueue(name, { name, ...options });
  }
}

/**
 * One job per channel with a run of its own (trigger SCHEDULE or OUTBOX). Keyed by the channel,
 * so a job already waiting takes the new work and no second job (nor run) is made.
 */
async function enqueueFor(env: JobEnv, queue: QueueName, channelIds: string[], scopes: SyncScope[], trigger: SyncTrigger): Promise<void> {
  if (!channelIds.length) return;
  await inTransaction(env, 'sync-tick', async (ctx) => {
    for (const channelId of channelIds) await enqueueWithRun(ctx.em, { channelId, queue, scopes, trigger, singletonKey: jobKey(queue, { channelId }) });
  });
}

/** Channels with unsent stock changes or shipments get a push job. */
async function pumpOutboxes(env: JobEnv): Promise<void> {
  const em = env.root.fork() as EntityManager;
  const pushing = await selectRows<{ id: string; key: string }>(em, `select c.id, c.key from channel c where c.status = 'ACTIVE' and 'stock.push' = any(c.enabled_ops)`);
  const waiting = await channelsWithPendingStock({ em }, pushing.map((c) => c.key));
  const stock = pushing.filter((c) => waiting.has(c.key));
  const shipments = await selectRows<{ id: string }>(
    em,
    `select c.id from channel c where c.status = 'ACTIVE' and 'shipments.push' = any(c.enabled_ops)
        and exists (select 1 from shipment_outbox o where o.channel_id = c.key and o.dispatched_at is null and o.held_at is null)`,
  );
  await enqueueFor(env, Q.stock, stock.map((r) => r.id), ['STOCK'], 'OUTBOX');
  await enqueueFor(env, Q.shipments, shipments.map((r) => r.id), ['SHIPMENTS'], 'OUTBOX');
}

/** Due scheduled pulls and reconciliations: the due time moves on as they are taken. */
async function runSchedule(env: JobEnv): Promise<void> {
  // A channel made before a schedule existed has no value for it in its JSON: the default applies.
  const due = (column: string, everyKey: keyof typeof DEFAULT_SCHEDULE & string, unit: 'mins' | 'hours', capability: string) =>
    inTransaction(env, 'sync-schedule', (ctx) =>
      selectRows<{ id: string; key: string }>(
        ctx.em,
        `update channel set ${column} = now() + make_interval(${unit} => coalesce((schedule->>'${everyKey}')::int, ?))
          where status = 'ACTIVE' and ? = any(enabled_ops) and coalesce((schedule->>'${everyKey}')::int, ?) > 0
            and (${column} is null or ${column} <= now())
          returning id, key`,
        [DEFAULT_SCHEDULE[everyKey], capability, DEFAULT_SCHEDULE[everyKey]],
      ),
    );
  await enqueueFor(env, Q.orders, (await due('next_orders_at', 'ordersEveryMinutes', 'mins', 'orders.pull')).map((r) => r.id), ['ORDERS'], 'SCHEDULE');
  await enqueueFor(env, Q.returns, (await due('next_returns_at', 'returnsEveryMinutes', 'mins', 'returns.pull')).map((r) => r.id), ['RETURNS'], 'SCHEDULE');
  // A reconciliation's run is a LISTINGS run, as reconcileChannel makes it.
  await enqueueFor(env, Q.reconcile, (await due('next_reconcile_at', 'reconcileEveryHours', 'hours', 'listings.update')).map((r) => r.id), ['LISTINGS'], 'SCHEDULE');
  // Only channels with a fulfilment centre tied to them have a count to read (Amazon FBA).
  const counting = await due('next_fulfilment_stock_at', 'fulfilmentStockEveryMinutes', 'mins', 'fulfilment.stock.pull');
  const withCentre = await channelsWithFulfilmentWarehouse({ em: env.root.fork() as EntityManager }, counting.map((c) => c.key));
  await enqueueFor(env, Q.fulfilmentStock, counting.filter((c) => withCentre.has(c.key)).map((c) => c.id), ['FULFILMENT_STOCK'], 'SCHEDULE');
  await resumeStalledPolls(env);
}

/** Starts the sync worker on an open database. */
export async function startWorker(config: Config, db: Database, log: Logger, options: { now?: () => Date } = {}): Promise<Worker> {
  loadBuiltInConnectors();
  const wlog = log.child({ component: 'sync-worker' });
  const boss = new PgBoss({ connectionString: db.url, schema: BOSS_SCHEMA, max: Math.max(2, config.workerConcurrency), schedule: false, supervise: true });
  boss.on('error', (err) => wlog.error({ err }, 'job queue error'));
  await boss.start();
  await ensureQueues(boss);
  const locks = new LockClient(db.url, wlog);
  const env: JobEnv = { config, log: wlog, root: db.orm.em.fork() as EntityManager, locks, now: options.now };
  // Tokens other processes obtain are handed to this one from now on (auth-tokens.ts).
  await listenForTokens(env.root, config, wlog);

  const workerIds = new Map<string, string[]>();
  // The handlers running now: a stop waits for them before it closes the connections they use.
  const running = new Set<Promise<unknown>>();
  let stopRequested = false;
  const handle = (spec: JobSpec<any>, job: Parameters<typeof runChannelJob>[2]) => {
    // A fetch that was in flight when the stop began still hands its jobs over: they go back to
    // the queue at once (for the next worker) instead of starting on connections about to close,
    // which would keep pg-boss's worker loop alive after the stop returned.
    if (stopRequested) return Promise.reject(new Error('The sync worker is stopping: the job goes back to the queue'));
    const done = runChannelJob(env, spec, job);
    running.add(done);
    return done.finally(() => running.delete(done));
  };
  for (const spec of JOB_SPECS) {
    const ids: string[] = [];
    for (let i = 0; i < config.workerConcurrency; i++) {
      ids.push(
        await boss.work<ChannelJobData>(spec.queue, { batchSize: 1, includeMetadata: true, pollingIntervalSeconds: POLL_SECONDS }, async ([job]) => handle(spec, job)),
      );
    }
    workerIds.set(spec.queue, ids);
  }

  let ticking: Promise<void> | null = null;
  let again = false;
  const tick = async (): Promise<void> => {
    // One tick at a time; a wake-up during one runs another right after it.
    if (ticking) {
      again = true;
      return ticking;
    }
    ticking = (async () => {
      do {
        again = false;
        try {
          await pumpOutboxes(env);
          await runSchedule(env);
        } catch (err) {
          wlog.error({ err }, 'sync tick failed');
        }
      } while (again);
    })().finally(() => (ticking = null));
    return ticking;
  };

  // NOTIFY wake-ups: a job enqueued (by any process) wakes this process's workers of its queue;
  // an outbox insert runs the pump.
  const listener = new Client({ connectionString: db.url, application_name: 'sync-listener' });
  listener.on('error', (err) => wlog.error({ err }, 'sync listener connection lost; falling back to polling'));
  listener.on('notification', (n) => {
    if (n.channel === JOBS_CHANNEL) for (const id of workerIds.get(n.payload ?? '') ?? []) boss.notifyWorker(id);
    else void tick();
  });
  await listener.connect();
  await listener.query(`listen ${JOBS_CHANNEL}`);
  await listener.query('listen sync_outbox');

  const timer = setInterval(() => void tick(), config.syncTickSeconds * 1000);
  timer.unref();
  void tick();
  wlog.info({ queues: JOB_SPECS.map((s) => s.queue), concurrency: config.workerConcurrency }, 'sync worker started');

  let stopping: Promise<void> | undefined;
  return {
    tick,
    stop: () =>
      (stopping ??= (async () => {
        stopRequested = true;
        clearInterval(timer);
        await listener.end().catch(() => undefined);
        await ticking;
        // pg-boss fetches no more jobs, waits for those in flight to finish and completes them,
        // then closes its pool; a job still running after the timeout is failed back to the
        // queue (and retried by the next worker).
        const stopBegan = Date.now();
        await boss.stop({ graceful: true, wait: true, timeout: STOP_TIMEOUT_MS });
        // pg-boss 10.4.2's offWork leaves a loop that looks every second whether its workers have
        // stopped (manager.js, setImmediate + delay(1000)); stop() may resolve before that loop's
        // next look, and a loop outliving its process's owner (a jest file torn down) crashes
        // whatever runs next. Waiting for that look lets it end with the stop.
        await new Promise((resolve) => setTimeout(resolve, 1000 - ((Date.now() - stopBegan) % 1000) + 50));
        // Its handler may still be at work: it ends before the connections it uses are closed.
        await Promise.allSettled([...running]);
        // Every handler released its channel locks as it ended; this closes their connection.
        await locks.close();
      })()),
  };
}
