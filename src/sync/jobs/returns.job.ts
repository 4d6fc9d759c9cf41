import type { Cursor, ReturnDto, ReturnsPage } from '../../../connectors/sdk/types';
import type { Context } from '../../context';
import { selectRows } from '../../common/sql';
import { PULL_BUDGET_MS, Q } from '../queue';
import { addRunCounts } from '../sync-run.store';
import { ChannelJob, handOver, JobSpec } from './channel-job';
import type { PullJobData } from './job-data';
import { PagesAhead } from './pages-ahead';

/**
 * Pull returns and refunds as the marketplace reports them, incrementally like orders (cursor
 * saved with the page), into channel_return, linked to our order by its external id. Customer
 * service sees them (channelReturns, Order.channelReturns) and opens our return for one with
 * createReturn(channelReturnId) where goods come back or money is to be recorded; we do not
 * open returns on their behalf, as the marketplace's case and ours differ (a refund the seller
 * refuses, an exchange agreed in chat).
 */

const MAX_PAGES_PER_JOB = 1_000;

/** Saves one page of returns and the cursor after it, in the caller's transaction. */
async function savePage(ctx: Context, channel: { id: string; key: string }, page: ReturnsPage, runId: string | null | undefined): Promise<void> {
  const rows = page.returns.map((r: ReturnDto) => ({
    e: r.externalId,
    o: r.orderExternalId,
    l: r.externalLineId ?? null,
    t: r.type,
    s: r.status,
    ms: r.marketplaceStatus,
    a: r.amount ?? null,
    c: r.currency,
    re: r.reason ?? null,
    m: r.modifiedAt.toISOString(),
    raw: r,
  }));
  const result = rows.length
    ? await selectRows<{ inserted: boolean }>(
        ctx.em,
        `insert into channel_return (id, channel_id, external_id, order_external_id, external_line_id, type, status, marketplace_status, amount, currency, reason, modified_at, order_id, raw)
         select gen_random_uuid(), ?, x.e, x.o, x.l, x.t, x.s, x.ms, x.a, x.c, x.re, x.m,
                (select so.id from sales_order so where so.channel_id = ? and so.external_id = x.o), x.raw
           from jsonb_to_recordset(?::jsonb) as x(e text, o text, l text, t text, s text, ms text, a numeric, c text, re text, m timestamptz, raw jsonb)
         on conflict (channel_id, external_id) do update set
           status = excluded.status, marketplace_status = excluded.marketplace_status, amount = excluded.amount, reason = excluded.reason,
           modified_at = excluded.modified_at, raw = excluded.raw, order_id = coalesce(channel_return.order_id, excluded.order_id), updated_at = now()
           where channel_return.modified_at < excluded.modified_at
              -- TOP's times are whole seconds: a change within the second the row holds still counts.
              or (channel_return.modified_at = excluded.modified_at
                  and (channel_return.status, channel_return.marketplace_status, channel_return.amount, channel_return.reason)
                      is distinct from (excluded.status, excluded.marketplace_status, excluded.amount, excluded.reason))
         returning (xmax = 0) as inserted`,
        [channel.id, channel.key, JSON.stringify(rows)],
      )
    : [];
  const created = result.filter((r) => r.inserted).length;
  await addRunCounts(ctx.em, runId, { fetched: rows.length, created, updated: result.length - created, skipped: rows.length - result.length });
  await ctx.em.getConnection().execute('update channel set returns_cursor = ?::jsonb, updated_at = now() where id = ?', [JSON.stringify(page.nextCursor), channel.id], 'run', ctx.em.getTransactionContext());
}

async function run(j: ChannelJob<PullJobData>): Promise<void> {
  const { channel } = j;
  const cursor = (await j.tx((ctx) => selectRows<{ c: Cursor | null }>(ctx.em, 'select returns_cursor as c from channel where id = ?', [channel.id])))[0]?.c ?? null;
  const started = Date.now();
  const pages = new PagesAhead((c) => j.conn.connector.pullReturns(c), cursor);
  try {
    for (let n = 0; ; n++) {
      if (n >= MAX_PAGES_PER_JOB || Date.now() - started > PULL_BUDGET_MS) return await handOver(j, Q.returns);
      const page = await pages.next();
      await j.tx((ctx) => savePage(ctx, channel, page, j.job.data.runId));
      if (page.done) return;
    }
  } finally {
    pages.stop(); // a hand-over or a failure leaves the pages read ahead to the next job
  }
}

export const returnsJob: JobSpec<PullJobData> = {
  queue: Q.returns,
  scope: 'RETURNS',
  capability: 'returns.pull',
  lock: (d) => `returns:${d.channelId}`,
  run,
};
