import { setMarketplaceCount } from '../../inventory';
import { Q } from '../queue';
import { addRunCounts, recordSyncErrors } from '../sync-run.service';
import type { ChannelJob, JobSpec } from './channel-job';
import type { PullJobData } from './job-data';

/**
 * Read the stock the marketplace keeps in its own fulfilment centre (Amazon FBA inventory
 * summaries) and set the levels of the warehouse tied to the channel to it, through
 * inventory's door. The read is whole (every SKU the marketplace holds), so a SKU it no
 * longer names has none left. The marketplace is read outside any transaction; the levels are
 * written in one. A channel without a fulfilment centre gets an error saying how to make one;
 * SKUs we do not carry are counted as failed and named in one error of the run.
 */

/** How many unknown SKUs the run's error names (the rest are counted). */
const NAMED = 50;

async function run(j: ChannelJob<PullJobData>): Promise<void> {
  const { runId } = j.job.data;
  const counts = await j.conn.connector.pullFulfilmentStock!();
  await j.tx(async (ctx) => {
    const at = { runId, channelId: j.channel.id, scope: 'FULFILMENT_STOCK', jobId: j.job.id, queue: Q.fulfilmentStock };
    const result = await setMarketplaceCount(
      ctx,
      j.channel.key,
      counts.map((c) => ({ sku: c.sku, available: c.available, inbound: c.inbound })),
      `${j.conn.module.label} fulfilment centre count`,
    );
    if (!result) {
      await recordSyncErrors(ctx.em, [
        {
          ...at,
          kind: 'PERMANENT',
          code: 'NO_FULFILMENT_WAREHOUSE',
          message: `The marketplace counted ${counts.length} SKU(s) in its fulfilment centre, but no warehouse is tied to channel ${j.channel.key}: create one with createWarehouse(kind: MARKETPLACE_FULFILMENT, channelKey: "${j.channel.key}")`,
        },
      ]);
      await addRunCounts(ctx.em, runId, { fetched: counts.length, failed: counts.length });
      return;
    }
    if (result.unknownSkus.length) {
      const named = result.unknownSkus.slice(0, NAMED).join(', ');
      const more = result.unknownSkus.length > NAMED ? ` and ${result.unknownSkus.length - NAMED} more` : '';
      await recordSyncErrors(ctx.em, [
        { ...at, kind: 'PERMANENT', code: 'UNKNOWN_SKU', message: `The marketplace holds SKU(s) we do not carry (or bundles, which are not stocked): ${named}${more}` },
      ]);
    }
    // A SKU we cannot place is a failure to look at (a SKU renamed on one side), not a skip.
    await addRunCounts(ctx.em, runId, { fetched: counts.length, updated: result.changed, skipped: result.unchanged, failed: result.unknownSkus.length });
  });
}

export const fulfilmentStockJob: JobSpec<PullJobData> = {
  queue: Q.fulfilmentStock,
  scope: 'FULFILMENT_STOCK',
  capability: 'fulfilment.stock.pull',
  lock: (d) => `fulfilment-stock:${d.channelId}`,
  run,
};
