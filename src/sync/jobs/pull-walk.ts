import type { Cursor } from '../../../connectors/sdk/types';
import type { Context } from '../../context';
import { execute, selectRows } from '../../common/sql';
import { PULL_BUDGET_MS, QueueName } from '../queue';
import { ChannelJob, handOver } from './channel-job';
import type { PullJobData } from './job-data';
import { PagesAhead, PulledPage } from './pages-ahead';

/** The channel column an incremental pull keeps its cursor in. */
export type CursorColumn = 'orders_cursor' | 'returns_cursor';

/**
 * Walks an incremental pull from the channel's saved cursor until the connector says it has
 * caught up: pages are read ahead (see PagesAhead), and each is saved by `save` in one
 * transaction with the cursor after it, so a worker killed anywhere re-reads at most what it
 * had not committed. A job past `maxPages` or the time budget hands over to a fresh job.
 */
export async function walkPull<P extends PulledPage>(
  j: ChannelJob<PullJobData>,
  queue: QueueName,
  column: CursorColumn,
  maxPages: number,
  fetch: (cursor: Cursor | null) => Promise<P>,
  save: (ctx: Context, page: P) => Promise<void>,
): Promise<void> {
  const { channel } = j;
  // Read under the lock: the channel row loaded before it may predate another worker's pull.
  const cursor = (await j.tx((ctx) => selectRows<{ c: Cursor | null }>(ctx.em, `select ${column} as c from channel where id = ?`, [channel.id])))[0]?.c ?? null;
  const started = Date.now();
  const pages = new PagesAhead(fetch, cursor);
  try {
    for (let n = 0; ; n++) {
      if (n >= maxPages || Date.now() - started > PULL_BUDGET_MS) return await handOver(j, queue);
      const page = await pages.next();
      await j.tx(async (ctx) => {
        await save(ctx, page);
        await execute(ctx.em, `update channel set ${column} = ?::jsonb, updated_at = now() where id = ?`, [JSON.stringify(page.nextCursor), channel.id]);
      });
      if (page.done) return;
    }
  } finally {
    pages.stop(); // a hand-over or a failure leaves the pages read ahead to the next job
  }
}
