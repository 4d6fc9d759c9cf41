import type { ReturnDto, ReturnsPage } from '../../../connectors/sdk/types';
import type { Context } from '../../context';
import { selectRows } from '../../common/sql';
import { Q } from '../queue';
import { addRunCounts, recordSyncErrors } from '../sync-run.store';
import type { ChannelJob, JobSpec } from './channel-job';
import type { PullJobData } from './job-data';
import { walkPull } from './pull-walk';

/**
 * Pull returns and refunds as the marketplace reports them, incrementally like orders (cursor
 * saved with the page), into channel_return, linked to our order by its external id. Customer
 * service sees them (channelReturns, Order.channelReturns) and opens our return for one with
 * createReturn(channelReturnId) where goods come back or money is to be recorded; we do not
 * open returns on their behalf, as the marketplace's case and ours differ (a refund the seller
 * refuses, an exchange agreed in chat).
 */

const MAX_PAGES_PER_JOB = 1_000;

/** Saves one page of returns in the caller's transaction (walkPull saves the cursor after it). */
async function savePage(ctx: Context, channel: { id: string; key: string }, page: ReturnsPage, runId: string | null | undefined, jobId: string | null): Promise<void> {
  // Returns the connector could not map are kept with their raw body, as malformed orders are.
  const quarantined = page.quarantined ?? [];
  await recordSyncErrors(
    ctx.em,
    quarantined.map((q) => ({ runId, channelId: channel.id, scope: 'RETURNS', kind: 'MALFORMED' as const, code: 'MALFORMED_RETURN', message: q.error, externalId: q.externalId, raw: q.raw, jobId, queue: Q.returns })),
  );
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
  await addRunCounts(ctx.em, runId, { fetched: rows.length + quarantined.length, created, updated: result.length - created, skipped: rows.length - result.length, failed: quarantined.length });
  await ctx.em.getConnection().execute('update channel set returns_cursor = ?::jsonb, updated_at = now() where id = ?', [JSON.stringify(page.nextCursor), channel.id], 'run', ctx.em.getTransactionContext());
}

function run(j: ChannelJob<PullJobData>): Promise<void> {
  return walkPull(j, Q.returns, 'returns_cursor', MAX_PAGES_PER_JOB, (c) => j.conn.connector.pullReturns(c), (ctx, page) => savePage(ctx, j.channel, page, j.job.data.runId, j.job.id));
}

export const returnsJob: JobSpec<PullJobData> = {
  queue: Q.returns,
  scope: 'RETURNS',
  capability: 'returns.pull',
  lock: (d) => `returns:${d.channelId}`,
  run,
};
