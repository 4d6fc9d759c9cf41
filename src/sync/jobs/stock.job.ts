import type { PushResult, StockUpdate, Submission } from '../../../connectors/sdk/types';
import { RetryableError } from '../../../connectors/sdk/errors';
import { execute, pgArray, selectRows } from '../../common/sql';
import { channelAvailabilities, markAllStockChangesSent, markStockChangesSent, newestPendingStockChange, PendingStockChange, pendingStockChanges } from '../../inventory';
import { LISTING_COLUMNS, ListingRow, refOf } from '../listing.queries';
import { recordListingEvents } from '../listing-event.service';
import { recordSubmission } from '../listing-submission.service';
import { Q } from '../queue';
import { addRunCounts, recordSyncErrors } from '../sync-run.service';
import type { ChannelJob, JobSpec } from './channel-job';
import type { StockJobData } from './job-data';

/**
 * Push stock. Inventory writes a stock_outbox row whenever what a channel may sell of a variant
 * changes (in the transaction of the change); this job folds a channel's pending rows into one
 * push of the latest quantity per variant, and marks the rows it covered as dispatched only
 * after the marketplace accepted them. Rows that arrive meanwhile have higher ids and stay
 * pending for the next job. With `full` (a STOCK sync) every active listing is pushed at the
 * quantity sellable now.
 */

/** Variants folded into one round of pushes. */
const ROUND = 500;

type Update = StockUpdate & { listing: ListingRow };

/** Pushes in the connector's batch size; results by SKU. */
async function pushAll(j: ChannelJob<StockJobData>, updates: Update[]): Promise<Map<string, PushResult>> {
  const results = new Map<string, PushResult>();
  const size = Math.max(1, j.conn.module.maxBatch.stock);
  for (let i = 0; i < updates.length; i += size) {
    const chunk = updates.slice(i, i + size);
    for (const r of await j.conn.connector.pushStock(chunk.map(({ ref, quantity }) => ({ ref, quantity })))) results.set(r.sku, r);
  }
  return results;
}

/**
 * Records what the marketplace said about each update: accepted ones become the listing's last
 * pushed quantity; permanent refusals are written on the listing; retryable ones are returned
 * (the caller leaves their outbox rows pending and fails the job so it is tried again).
 */
async function settle(j: ChannelJob<StockJobData>, updates: Update[], results: Map<string, PushResult>, alsoInTransaction: (ctx: import('../../context').Context, retry: Set<string>) => Promise<void>): Promise<Set<string>> {
  const retry = new Set<string>();
  await j.tx(async (ctx) => {
    const ok: Update[] = [];
    const refused: { u: Update; code: string; message: string }[] = [];
    // Taken to process later: the quantity counts as pushed once the submission is polled.
    const submitted = new Map<string, { submission: Submission; updates: Update[] }>();
    for (const u of updates) {
      const r = results.get(u.ref.sku);
      if (!r) retry.add(u.listing.variant_id);
      else if (r.ok && r.submission) {
        const key = JSON.stringify(r.submission.handle);
        const entry = submitted.get(key) ?? { submission: r.submission, updates: [] };
        entry.updates.push(u);
        submitted.set(key, entry);
      } else if (r.ok) ok.push(u);
      else if (r.error.kind === 'PERMANENT') refused.push({ u, code: r.error.code, message: r.error.message });
      else retry.add(u.listing.variant_id);
    }
    for (const { submission, updates: carried } of submitted.values()) {
      await recordSubmission(ctx, j.job.data, submission, carried.map((u) => ({ listingId: u.listing.id, sku: u.listing.sku, action: 'RESTOCK' as const, quantity: u.quantity })));
    }
    if (ok.length) {
      await execute(
        ctx.em,
        `update listing l set last_pushed_quantity = x.q, last_pushed_at = now(), updated_at = now(),
                status = case when l.status = 'ERROR' then 'ACTIVE' else l.status end, last_error_code = null, last_error_message = null
           from jsonb_to_recordset(?::jsonb) as x(id uuid, q int) where l.id = x.id`,
        [JSON.stringify(ok.map((u) => ({ id: u.listing.id, q: u.quantity })))],
      );
    }
    if (refused.length) {
      await execute(
        ctx.em,
        `update listing l set last_error_code = x.c, last_error_message = x.m, updated_at = now()
           from jsonb_to_recordset(?::jsonb) as x(id uuid, c text, m text) where l.id = x.id`,
        [JSON.stringify(refused.map((f) => ({ id: f.u.listing.id, c: f.code, m: f.message })))],
      );
      await recordSyncErrors(
        ctx.em,
        refused.map((f) => ({ runId: j.job.data.runId, channelId: j.channel.id, scope: 'STOCK', kind: 'PERMANENT' as const, code: f.code, message: f.message, externalId: f.u.ref.itemId, jobId: j.job.id, queue: Q.stock })),
      );
    }
    await recordListingEvents(ctx.em, [
      ...ok.map((u) => ({ listingId: u.listing.id, action: 'RESTOCK' as const, request: { quantity: u.quantity }, ok: true })),
      ...refused.map((f) => ({ listingId: f.u.listing.id, action: 'RESTOCK' as const, request: { quantity: f.u.quantity }, ok: false, errorCode: f.code, errorMessage: f.message })),
    ]);
    await addRunCounts(ctx.em, j.job.data.runId, { updated: ok.length, failed: refused.length });
    await alsoInTransaction(ctx, retry);
  });
  return retry;
}

async function activeListings(j: ChannelJob<StockJobData>, variantIds: string[] | null): Promise<ListingRow[]> {
  return j.tx((ctx) =>
    selectRows<ListingRow>(
      ctx.em,
      `select ${LISTING_COLUMNS} from listing l where l.channel_id = ? and (l.status in ('ACTIVE', 'ERROR') or (l.status = 'PENDING' and l.pending_action = 'UPDATE')) and l.item_id is not null
         ${variantIds ? 'and l.variant_id = any(?::uuid[])' : ''} order by l.id`,
      variantIds ? [j.channel.id, pgArray(variantIds)] : [j.channel.id],
    ),
  );
}

function updatesFor(listings: ListingRow[], quantity: (variantId: string) => number | undefined): Update[] {
  const out: Update[] = [];
  for (const l of listings) {
    const q = quantity(l.variant_id);
    const ref = refOf(l);
    if (q === undefined || !ref) continue;
    out.push({ ref, quantity: q, listing: l });
  }
  return out;
}

async function pushPending(j: ChannelJob<StockJobData>): Promise<void> {
  for (;;) {
    const pending: PendingStockChange[] = await j.tx((ctx) => pendingStockChanges(ctx, j.channel.key, ROUND));
    if (!pending.length) return;
    const byVariant = new Map(pending.map((p) => [p.variantId, p]));
    const listings = await activeListings(j, [...byVariant.keys()]);
    const updates = updatesFor(listings, (v) => byVariant.get(v)?.quantity);
    const results = await pushAll(j, updates);
    const retry = await settle(j, updates, results, async (ctx, retryVariants) => {
      // Rows of variants not listed here have nothing to push: dispatched too, so they do not pile up.
      const done = pending.filter((p) => !retryVariants.has(p.variantId));
      if (!done.length) return;
      await markStockChangesSent(ctx, j.channel.key, done);
      await addRunCounts(ctx.em, j.job.data.runId, { fetched: pending.length, skipped: pending.length - updates.length });
    });
    if (retry.size) throw new RetryableError({ code: 'STOCK_PUSH_INCOMPLETE', message: `${retry.size} stock update(s) were not accepted yet; trying again`, operation: 'pushStock' });
  }
}

async function pushFull(j: ChannelJob<StockJobData>): Promise<void> {
  // Outbox rows up to here are covered by quantities read after this point.
  const max = await j.tx((ctx) => newestPendingStockChange(ctx, j.channel.key));
  const listings = await activeListings(j, null);
  for (let i = 0; i < listings.length; i += ROUND) {
    const slice = listings.slice(i, i + ROUND);
    const quantities = await j.tx((ctx) => channelAvailabilities(ctx, j.channel.key, slice.map((l) => l.variant_id)));
    const updates = updatesFor(slice, (v) => quantities.get(v) ?? 0);
    const results = await pushAll(j, updates);
    const retry = await settle(j, updates, results, (ctx) => addRunCounts(ctx.em, j.job.data.runId, { fetched: slice.length }));
    if (retry.size) throw new RetryableError({ code: 'STOCK_PUSH_INCOMPLETE', message: `${retry.size} stock update(s) were not accepted yet; trying again`, operation: 'pushStock' });
  }
  if (max) {
    await j.tx((ctx) => markAllStockChangesSent(ctx, j.channel.key, max));
  }
}

export const stockJob: JobSpec<StockJobData> = {
  queue: Q.stock,
  scope: 'STOCK',
  capability: 'stock.push',
  lock: (d) => `stock:${d.channelId}`,
  run: (j) => (j.job.data.full ? pushFull(j) : pushPending(j)),
};
