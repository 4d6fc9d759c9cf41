import PgBoss from 'pg-boss';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Knex } from '@mikro-orm/postgresql';

/**
 * The durable job queue: pg-boss 10 in its own schema of our database. Jobs are enqueued in
 * the transaction of the business write that calls for them (pg-boss's `db` option pointed at
 * that transaction's own connection), so an outbox row, a listing in PUBLISHING or a sync run
 * and its jobs commit together or not at all.
 */

export const BOSS_SCHEMA = 'pgboss';

/** The queues of the sync engine. */
export const Q = {
  listing: 'sync-listing',
  stock: 'sync-stock',
  price: 'sync-price',
  orders: 'sync-orders',
  shipments: 'sync-shipments',
  returns: 'sync-returns',
  reconcile: 'sync-reconcile',
  poll: 'sync-poll',
  notifications: 'sync-notify',
  fulfilmentStock: 'sync-fulfilment-stock',
} as const;
export type QueueName = (typeof Q)[keyof typeof Q];

/**
 * Queue policies. Per-channel jobs (stock pushes, pulls, shipments) are `short`: at most one
 * job per singletonKey waits, so a burst of outbox rows or schedule ticks becomes one job.
 * pg-boss's `singleton`/`stately` policies would also keep two from running at once, but a
 * waiting job of a busy key then blocks the fetch of every other key of the queue; so the
 * "one at a time per channel" rule is a lock the handler takes instead (see locks.ts).
 * Retries back off exponentially with jitter: retryDelay · 2^n / 2 · (1 + random) seconds.
 */
export const QUEUE_OPTIONS: Record<QueueName, Omit<PgBoss.Queue, 'name'>> = {
  [Q.listing]: { policy: 'standard', retryLimit: 8, retryDelay: 2, retryBackoff: true, expireInSeconds: 600 },
  [Q.stock]: { policy: 'short', retryLimit: 10, retryDelay: 2, retryBackoff: true, expireInSeconds: 900 },
  [Q.price]: { policy: 'standard', retryLimit: 10, retryDelay: 2, retryBackoff: true, expireInSeconds: 900 },
  // A pull works for at most PULL_BUDGET_MS and then hands over to a continuation job, so a
  // short expiry is safe; a worker killed mid-pull leaves its job active until it expires (and
  // is retried), while the next pull carries on from the saved cursor meanwhile.
  [Q.orders]: { policy: 'short', retryLimit: 10, retryDelay: 5, retryBackoff: true, expireInSeconds: 900 },
  [Q.shipments]: { policy: 'short', retryLimit: 10, retryDelay: 5, retryBackoff: true, expireInSeconds: 900 },
  [Q.returns]: { policy: 'short', retryLimit: 10, retryDelay: 5, retryBackoff: true, expireInSeconds: 900 },
  [Q.reconcile]: { policy: 'standard', retryLimit: 5, retryDelay: 10, retryBackoff: true, expireInSeconds: 3600 },
  // One poll of a submission the marketplace processes later; the next is a new job (see poll.job.ts).
  [Q.poll]: { policy: 'standard', retryLimit: 10, retryDelay: 5, retryBackoff: true, expireInSeconds: 600 },
  // One job per push message, with its own run: the orders it names are fetched and imported.
  [Q.notifications]: { policy: 'standard', retryLimit: 8, retryDelay: 5, retryBackoff: true, expireInSeconds: 600 },
  // One whole read of the marketplace's fulfilment-centre stock per job (Amazon FBA).
  [Q.fulfilmentStock]: { policy: 'short', retryLimit: 10, retryDelay: 5, retryBackoff: true, expireInSeconds: 900 },
};

/** pg-boss's database adapter: runs its SQL ($1 placeholders) on a given pg connection. */
interface BossDb {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: any[] }>;
}

/**
 * An adapter on the entity manager's open transaction: knex hands out the transaction's own
 * connection (a pg Client) from the transaction client, so pg-boss's statements run inside it
 * and commit or roll back with it. pg-boss writes `$1` placeholders, which knex.raw would
 * not accept; the pg client takes them as they are.
 */
export function transactionDb(em: EntityManager): BossDb {
  const trx = em.getTransactionContext<Knex.Transaction>();
  if (!trx) throw new Error('enqueue must run inside a transaction (em.transactional)');
  return {
    async executeSql(text, values) {
      const conn = (await trx.client.acquireConnection()) as { query(text: string, values?: unknown[]): Promise<{ rows: any[] }> };
      return conn.query(text, values);
    },
  };
}

// Sends through a given adapter only; never started, never opens a pool of its own.
const noDb: BossDb = {
  executeSql() {
    throw new Error('the queue sender has no connection of its own: pass { db }');
  },
};
const sender = new PgBoss({ db: noDb, schema: BOSS_SCHEMA, supervise: false, schedule: false, migrate: false });

export interface EnqueueOptions {
  /** At most one waiting job per key on `short` queues; a second send with the key is dropped (returns null). */
  singletonKey?: string;
  /** Seconds to wait before the job may start. */
  startAfterSeconds?: number;
  priority?: number;
}

/**
 * Enqueues a job inside the entity manager's transaction: it exists once that transaction
 * commits and vanishes if it rolls back. Returns the job id, or null when a waiting job with the
 * same singletonKey made this one redundant. Also wakes the workers (NOTIFY, at commit).
 */
export async function enqueue<T extends object>(em: EntityManager, name: QueueName, data: T, options: EnqueueOptions = {}): Promise<string | null> {
  const db = transactionDb(em);
  const id = await sender.send(name, data, {
    db,
    singletonKey: options.singletonKey,
    startAfter: options.startAfterSeconds,
    // pg-boss refuses a `priority` key whose value is not an integer, undefined included.
    ...(options.priority !== undefined ? { priority: options.priority } : {}),
  });
  await db.executeSql('select pg_notify($1, $2)', [JOBS_CHANNEL, name]);
  return id;
}

/** How long one pull job walks pages before it enqueues its continuation (see QUEUE_OPTIONS). */
export const PULL_BUDGET_MS = 4 * 60 * 1000;

/** NOTIFY channel on which enqueues wake the workers of every process. */
export const JOBS_CHANNEL = 'sync_jobs';

/** Retries failed (dead) jobs of a queue, inside the caller's transaction. Returns how many. */
export async function retryJobs(em: EntityManager, name: QueueName, ids: string[]): Promise<number> {
  if (!ids.length) return 0;
  const result = (await sender.retry(name, ids, { db: transactionDb(em) })) as unknown as { affected: number };
  await transactionDb(em).executeSql('select pg_notify($1, $2)', [JOBS_CHANNEL, name]);
  return result.affected;
}
