import { Client } from 'pg';
import type { Logger } from 'pino';
import { RUN_CHANNEL } from './sync-run.service';

/**
 * Sync run progress as PostgreSQL announces it: every committed change of a run sends
 * NOTIFY sync_run (sync-run.service.ts), whichever worker process made it. One LISTEN connection
 * per API process fans the notices out to its subscribers (the syncRunUpdated subscription and
 * the `npm run sync` progress bar), so progress is only ever what has been committed.
 */

export interface RunNotice {
  id: string;
  channelId: string;
  status: string;
  counts: { fetched: number; created: number; updated: number; skipped: number; failed: number };
  startedAt: string | null;
  finishedAt: string | null;
}

type Listener = (notice: RunNotice) => void;

export class RunNotifications {
  private client: Client | undefined;
  private connecting: Promise<void> | undefined;
  private readonly listeners = new Set<Listener>();

  constructor(
    private readonly url: string,
    private readonly log: Logger,
  ) {}

  /** Connects on first use; a lost connection is re-made on the next subscription. */
  private async ensure(): Promise<void> {
    if (this.client) return;
    this.connecting ??= (async () => {
      const client = new Client({ connectionString: this.url, application_name: 'sync-run-listener' });
      client.on('error', (err) => {
        this.log.warn({ err }, 'sync run listener lost its connection');
        if (this.client === client) this.client = undefined;
      });
      client.on('notification', (n) => {
        if (n.channel !== RUN_CHANNEL || !n.payload) return;
        let notice: RunNotice;
        try {
          notice = JSON.parse(n.payload) as RunNotice;
        } catch {
          return;
        }
        for (const l of this.listeners) l(notice);
      });
      await client.connect();
      await client.query(`listen ${RUN_CHANNEL}`);
      this.client = client;
    })().finally(() => (this.connecting = undefined));
    return this.connecting;
  }

  /** Calls `listener` with every run change from now on; returns the unsubscribe function. */
  async subscribe(listener: Listener): Promise<() => void> {
    this.listeners.add(listener);
    try {
      await this.ensure();
    } catch (err) {
      this.listeners.delete(listener);
      throw err;
    }
    return () => this.listeners.delete(listener);
  }

  /**
   * The changes as an async iterable (what a GraphQL subscription returns), keeping those
   * `accept` lets through; ends when the consumer stops (return()). `accept` may answer later
   * (a promise, e.g. after looking a channel up): notices it answers with the same promise keep
   * their order.
   */
  async *iterate(accept: (n: RunNotice) => boolean | Promise<boolean>): AsyncGenerator<RunNotice> {
    const queue: RunNotice[] = [];
    let wake: (() => void) | undefined;
    const take = (n: RunNotice) => {
      queue.push(n);
      wake?.();
    };
    const unsubscribe = await this.subscribe((n) => {
      const ok = accept(n);
      if (ok === true) take(n);
      else if (ok !== false) ok.then((yes) => yes && take(n), () => undefined);
    });
    try {
      for (;;) {
        while (queue.length) yield queue.shift()!;
        await new Promise<void>((r) => (wake = r));
        wake = undefined;
      }
    } finally {
      unsubscribe();
    }
  }

  async close(): Promise<void> {
    this.listeners.clear();
    const c = this.client;
    this.client = undefined;
    await c?.end().catch(() => undefined);
  }
}
