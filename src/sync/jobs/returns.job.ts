import type { ReturnDto, ReturnsPage } from '../../../connectors/sdk/types';
import type { Context } from '../../context';
import { execute, selectRows } from '../../common/sql';
import { marketplaceRefundsBeyondPaid, orderIdsByExternal } from '../../orders';
import { Q } from '../queue';
import { addRunCounts, recordSyncErrors } from '../sync-run.service';
import type { ChannelJob, JobSpec } from './channel-job';
import type { PullJobData } from './job-data';
import { walkPull } from './pull-walk';

/**
 * Pull returns and refunds as the marketplace reports them, incrementally like orders (cursor
 * saved with the page), into channel_return, linked to our order by its external id; a refund
 * that would pay a line back beyond what it was paid is kept unlinked (link_refusal). Customer
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
  // The order of each case, through the orders module's door (a case pulled before its order
  // finds it on reads, once the order arrives).
  const orderIds = await orderIdsByExternal(ctx, channel.key, page.returns.map((r) => r.orderExternalId));
  // A marketplace refund that would pay a line back beyond what it was paid (counting ours and
  // the marketplace's earlier refunds) is kept, not linked to the order, and not counted: the
  // run says so, and customer service settles it with the marketplace. Only the versions this
  // page writes are weighed, oldest change first; the cases we hold unchanged keep their place.
  const written = await changedCases(ctx, channel.id, page.returns);
  const refused = await marketplaceRefundsBeyondPaid(
    ctx,
    channel.key,
    page.returns
      .filter((r) => written.has(r.externalId) && r.status === 'REFUNDED' && r.amount != null && r.externalLineId && orderIds.has(r.orderExternalId))
      .sort((a, b) => a.modifiedAt.getTime() - b.modifiedAt.getTime() || (a.externalId < b.externalId ? -1 : a.externalId > b.externalId ? 1 : 0))
      .map((r) => ({ externalId: r.externalId, orderId: orderIds.get(r.orderExternalId)!, externalLineId: r.externalLineId!, amount: r.amount! })),
  );
  const rows = page.returns.map((r: ReturnDto) => ({
    e: r.externalId,
    o: r.orderExternalId,
    od: refused.has(r.externalId) ? null : (orderIds.get(r.orderExternalId) ?? null),
    lr: refused.has(r.externalId) ? 'REFUND_EXCEEDS_PAID' : null,
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
    ? await selectRows<{ inserted: boolean; external_id: string; link_refusal: string | null }>(
        ctx.em,
        `insert into channel_return (id, channel_id, external_id, order_external_id, external_line_id, type, status, marketplace_status, amount, currency, reason, modified_at, order_id, link_refusal, raw)
         select gen_random_uuid(), ?, x.e, x.o, x.l, x.t, x.s, x.ms, x.a, x.c, x.re, x.m, x.od, x.lr, x.raw
           from jsonb_to_recordset(?::jsonb) as x(e text, o text, od uuid, lr text, l text, t text, s text, ms text, a numeric, c text, re text, m timestamptz, raw jsonb)
         on conflict (channel_id, external_id) do update set
           status = excluded.status, marketplace_status = excluded.marketplace_status, amount = excluded.amount, reason = excluded.reason,
           modified_at = excluded.modified_at, raw = excluded.raw, link_refusal = excluded.link_refusal,
           order_id = case when excluded.link_refusal is null then coalesce(channel_return.order_id, excluded.order_id) end, updated_at = now()
           where channel_return.modified_at < excluded.modified_at
              -- TOP's times are whole seconds: a change within the second the row holds still counts.
              or (channel_return.modified_at = excluded.modified_at
                  and (channel_return.status, channel_return.marketplace_status, channel_return.amount, channel_return.reason)
                      is distinct from (excluded.status, excluded.marketplace_status, excluded.amount, excluded.reason))
         returning (xmax = 0) as inserted, external_id, link_refusal`,
        [channel.id, JSON.stringify(rows)],
      )
    : [];
  await recordSyncErrors(
    ctx.em,
    result
      .filter((r) => r.link_refusal)
      .map((r) => ({ runId, channelId: channel.id, scope: 'RETURNS', kind: 'PERMANENT' as const, code: 'REFUND_EXCEEDS_PAID', message: `Not linked to its order: ${refused.get(r.external_id)}`, externalId: r.external_id, jobId, queue: Q.returns })),
  );
  const created = result.filter((r) => r.inserted).length;
  await addRunCounts(ctx.em, runId, { fetched: rows.length + quarantined.length, created, updated: result.length - created, skipped: rows.length - result.length, failed: quarantined.length });
  await execute(ctx.em, 'update channel set returns_cursor = ?::jsonb, updated_at = now() where id = ?', [JSON.stringify(page.nextCursor), channel.id]);
}

/**
 * The cases of a page the upsert below will write: new ones, and those whose version is newer
 * than ours or, within the same second, differs (the upsert's own condition, read beforehand).
 */
async function changedCases(ctx: Context, channelId: string, returns: ReturnDto[]): Promise<Set<string>> {
  if (!returns.length) return new Set();
  const held = await selectRows<{ external_id: string; newer: boolean }>(
    ctx.em,
    `select cr.external_id,
            cr.modified_at < x.m or (cr.modified_at = x.m and (cr.status, cr.marketplace_status, cr.amount, cr.reason) is distinct from (x.s, x.ms, x.a, x.re)) as newer
       from jsonb_to_recordset(?::jsonb) as x(e text, s text, ms text, a numeric, re text, m timestamptz)
       join channel_return cr on cr.channel_id = ? and cr.external_id = x.e`,
    [JSON.stringify(returns.map((r) => ({ e: r.externalId, s: r.status, ms: r.marketplaceStatus, a: r.amount ?? null, re: r.reason ?? null, m: r.modifiedAt.toISOString() }))), channelId],
  );
  const stale = new Set(held.filter((h) => !h.newer).map((h) => h.external_id));
  return new Set(returns.map((r) => r.externalId).filter((e) => !stale.has(e)));
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
