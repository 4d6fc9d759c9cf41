import crypto from 'node:crypto';
import { Client } from 'pg';
import type { Logger } from 'pino';

/**
 * "One at a time per channel" across every worker process: PostgreSQL session advisory locks
 * held on one connection of this process for as long as a job works on a channel. A process
 * that dies (kill -9 included) drops its connection, and PostgreSQL frees its locks at once,
 * so the next job carries on without waiting for a lease to run out.
 *
 * Session locks are re-entrant per connection, so jobs of the same process are kept apart by
 * the in-process set first.
 */

/** First key of our two-key advisory locks (the inventory uses 0x0c5a_000x). */
const LOCK_CLASS = 0x0c5b_0001;

function lockKey(name: string): number {
  return crypto.createHash('sha256').update(name).digest().readInt32BE(0);
}

export class LockClient {
  private client: Client | undefined;
  private connecting: Promise<Client> | undefined;
  private readonly held = new Set<string>();
  private closed = false;
  /** The last statement sent on the connection: jobs of this process take and free locks one statement at a time (pg would queue them, and warns that its next major version will refuse to). */
  private last: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly url: string,
    private readonly log: Logger,
  ) {}

  private async connection(): Promise<Client> {
    if (this.client) return this.client;
    this.connecting ??= (async () => {
      const client = new Client({ connectionString: this.url, application_name: 'sync-locks' });
      client.on('error', (err) => {
        // The locks went with the connection; the jobs holding them learn it at release.
        this.log.error({ err }, 'sync lock connection lost');
        if (this.client === client) this.client = undefined;
      });
      await client.connect();
      this.client = client;
      this.connecting = undefined;
      return client;
    })();
    return this.connecting;
  }

  /** One statement on the lock connection, after the ones sent before it have answered. */
  private send(client: Client, sql: string, params: unknown[]): Promise<{ rows: { ok?: boolean }[] }> {
    const next = this.last.catch(() => undefined).then(() => client.query(sql, params));
    this.last = next;
    return next;
  }

  /**
   * Runs `fn` holding the lock `name`, or returns `{ busy: true }` at once when another job
   * (here or in another process) holds it.
   */
  async tryWith<T>(name: string, fn: () => Promise<T>): Promise<{ busy: true } | { busy: false; value: T }> {
    if (this.closed) throw new Error('the lock client is closed');
    if (this.held.has(name)) return { busy: true };
    this.held.add(name);
    let client: Client;
    try {
      client = await this.connection();
      const { rows } = await this.send(client, 'select pg_try_advisory_lock($1, $2) as ok', [LOCK_CLASS, lockKey(name)]);
      if (!rows[0].ok) {
        this.held.delete(name);
        return { busy: true };
      }
    } catch (err) {
      this.held.delete(name);
      throw err;
    }
    try {
      return { busy: false, value: await fn() };
    } finally {
      this.held.delete(name);
      if (this.client === client) {
        await this.send(client, 'select pg_advisory_unlock($1, $2)', [LOCK_CLASS, lockKey(name)]).catch((err) => this.log.warn({ err }, 'sync lock release failed'));
      }
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const c = this.client;
    this.client = undefined;
    await c?.end().catch(() => undefined);
  }
}
