import type { RemoteListing } from '../../../connectors/sdk/types';
import { execute, selectRows } from '../../common/sql';
import { draftsFor, LISTING_COLUMNS, ListingRow, refOf, sameAmount } from '../listing.queries';
import { Q } from '../queue';
import { enqueueWithRun } from '../run-start';
import type { SyncTrigger } from '../sync-vocabulary';
import { addRunCounts } from '../sync-run.service';
import type { ChannelJob, JobSpec } from './channel-job';
import type { ReconcileJobData } from './job-data';

/**
 * Reconcile: read what the marketplace shows for every listing we believe is on sale and
 * compare it with what it should show now (sellable quantity, price under the channel's rule,
 * the sale price where the connector reads it back, on sale). Each difference becomes a listing_drift row (the report); with `fix`, the channel's
 * stock and prices are pushed again (jobs and runs of their own). Prices are compared as
 * decimals, never floats. A listing's earlier open drift is closed when a new reading replaces
 * it, so the next reconcile shows what is left.
 */

const ROUND = 200;

interface Drift {
  listing: ListingRow;
  field: 'QUANTITY' | 'PRICE' | 'SALE_PRICE' | 'STATUS' | 'MISSING';
  expected: string | null;
  actual: string | null;
}

async function run(j: ChannelJob<ReconcileJobData>): Promise<void> {
  const listings = await j.tx((ctx) =>
    selectRows<ListingRow>(ctx.em, `select ${LISTING_COLUMNS} from listing l where l.channel_id = ? and l.status = 'ACTIVE' and l.item_id is not null order by l.id`, [j.channel.id]),
  );
  const drifted = { stock: false, price: false };
  for (let i = 0; i < listings.length; i += ROUND) {
    const slice = listings.slice(i, i + ROUND);
    const drafts = await j.tx((ctx) => draftsFor(ctx, j.channel, slice));
    const remote = await j.conn.connector.fetchListings(slice.map((l) => refOf(l)!));
    const bySku = new Map<string, RemoteListing>(remote.map((r) => [r.ref.sku, r]));
    const found: Drift[] = [];
    for (const l of slice) {
      const want = drafts.get(l.id);
      const got = bySku.get(l.sku);
      if (!want) continue;
      if (!got) found.push({ listing: l, field: 'MISSING', expected: l.item_id, actual: null });
      else {
        if (got.quantity !== want.quantity) (found.push({ listing: l, field: 'QUANTITY', expected: String(want.quantity), actual: String(got.quantity) }), (drifted.stock = true));
        if (!sameAmount(got.price, want.price)) (found.push({ listing: l, field: 'PRICE', expected: want.price, actual: got.price }), (drifted.price = true));
        // Only where the connector reads it back (undefined: it cannot); null on either side is "none".
        if (got.salePrice !== undefined) {
          const wanted = want.salePrice ?? null;
          const same = wanted === null ? got.salePrice === null : sameAmount(got.salePrice, wanted);
          if (!same) (found.push({ listing: l, field: 'SALE_PRICE', expected: wanted, actual: got.salePrice }), (drifted.price = true));
        }
        if (!got.active) found.push({ listing: l, field: 'STATUS', expected: 'ACTIVE', actual: 'INACTIVE' });
      }
    }
    await j.tx(async (ctx) => {
      await execute(ctx.em, `update listing_drift set fixed_at = now() where listing_id = any(?::uuid[]) and fixed_at is null`, [`{${slice.map((l) => l.id).join(',')}}`]);
      if (found.length) {
        await execute(
          ctx.em,
          `insert into listing_drift (id, channel_id, listing_id, run_id, field, expected, actual, fixed_at)
           select gen_random_uuid(), ?, x.l, ?, x.f, x.e, x.a, null from jsonb_to_recordset(?::jsonb) as x(l uuid, f text, e text, a text)`,
          [j.channel.id, j.job.data.runId ?? null, JSON.stringify(found.map((d) => ({ l: d.listing.id, f: d.field, e: d.expected, a: d.actual })))],
        );
      }
      await addRunCounts(ctx.em, j.job.data.runId, { fetched: slice.length, skipped: slice.length - new Set(found.map((d) => d.listing.id)).size, failed: found.length });
    });
  }
  if (j.job.data.fix && (drifted.stock || drifted.price)) {
    // The fixes run as jobs of their own (with their own retries and locks) and runs of their
    // own, started the way this one was and for the same person.
    await j.tx(async (ctx) => {
      const [parent] = j.job.data.runId ? await selectRows<{ trigger: SyncTrigger; requested_by: string }>(ctx.em, 'select trigger, requested_by from sync_run where id = ?', [j.job.data.runId]) : [];
      const base = { channelId: j.channel.id, trigger: parent?.trigger ?? 'SCHEDULE', requestedBy: parent?.requested_by ?? 'system' };
      if (drifted.stock) await enqueueWithRun(ctx.em, { ...base, queue: Q.stock, scopes: ['STOCK'], data: { full: true }, singletonKey: `${Q.stock}:${j.channel.id}:full` });
      if (drifted.price) await enqueueWithRun(ctx.em, { ...base, queue: Q.price, scopes: ['PRICES'], singletonKey: `${Q.price}:${j.channel.id}` });
    });
  }
}

export const reconcileJob: JobSpec<ReconcileJobData> = {
  queue: Q.reconcile,
  scope: 'RECONCILE',
  lock: (d) => `reconcile:${d.channelId}`,
  run,
};
