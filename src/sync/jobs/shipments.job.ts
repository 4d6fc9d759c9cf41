import { MarketplaceError } from '../../../connectors/sdk/errors';
import { selectRows } from '../../common/sql';
import { Q } from '../queue';
import { addRunCounts, recordSyncErrors } from '../sync-run.store';
import type { ChannelJob, JobSpec } from './channel-job';
import type { ShipmentsJobData } from './job-data';

/**
 * Push shipments: every shipment of a channel order writes a shipment_outbox row in its own
 * transaction; this job sends each pending one to the marketplace (tracking number, carrier,
 * and the marketplace's line ids when the parcel holds only part of the order) and stamps the
 * row once accepted. A permanent refusal is stamped too, with the marketplace's code and
 * message on the row and in the sync errors, so it is not sent again; anything else fails the
 * job and the queue tries again.
 */

const ROUND = 100;

interface Pending {
  outbox_id: string;
  shipment_id: string;
  order_external_id: string;
  carrier: string;
  tracking_number: string;
  shipped_at: string;
  /** The marketplace line ids of this parcel, or null when it carries the whole order. */
  line_ids: string[] | null;
}

async function run(j: ChannelJob<ShipmentsJobData>): Promise<void> {
  for (;;) {
    const pending = await j.tx((ctx) =>
      selectRows<Pending>(
        ctx.em,
        `select ob.id::text as outbox_id, s.id as shipment_id, o.external_id as order_external_id, s.carrier, s.tracking_number, s.shipped_at,
                case when (select count(*) from shipment s2 where s2.order_id = s.order_id) = 1
                      and not exists (select 1 from order_line ol where ol.order_id = s.order_id
                                        and ol.quantity > coalesce((select sum(sl.quantity) from shipment_line sl where sl.shipment_id = s.id and sl.order_line_id = ol.id), 0))
                     then null
                     else (select array_agg(distinct ol.external_line_id order by ol.external_line_id) from shipment_line sl join order_line ol on ol.id = sl.order_line_id
                            where sl.shipment_id = s.id and ol.external_line_id is not null) end as line_ids
           from shipment_outbox ob join shipment s on s.id = ob.shipment_id join sales_order o on o.id = s.order_id
          where ob.channel_id = ? and ob.dispatched_at is null and o.external_id is not null
          order by ob.id limit ?`,
        [j.channel.key, ROUND],
      ),
    );
    if (!pending.length) return;
    for (const p of pending) {
      let error: MarketplaceError | null = null;
      try {
        await j.conn.connector.pushShipment({
          orderExternalId: p.order_external_id,
          externalLineIds: p.line_ids ?? undefined,
          carrier: p.carrier,
          trackingNumber: p.tracking_number,
          shippedAt: new Date(p.shipped_at),
        });
      } catch (err) {
        if (!(err instanceof MarketplaceError) || err.kind !== 'PERMANENT') throw err;
        error = err;
      }
      await j.tx(async (ctx) => {
        await ctx.em.getConnection().execute(
          'update shipment_outbox set dispatched_at = now(), error_code = ?, error_message = ? where id = ?',
          [error?.code ?? null, error?.message ?? null, p.outbox_id],
          'run',
          ctx.em.getTransactionContext(),
        );
        if (error) {
          await recordSyncErrors(ctx.em, [{ runId: j.job.data.runId, channelId: j.channel.id, scope: 'SHIPMENTS', kind: 'PERMANENT', code: error.code, message: error.message, externalId: p.order_external_id, jobId: j.job.id, queue: Q.shipments }]);
        }
        await addRunCounts(ctx.em, j.job.data.runId, error ? { fetched: 1, failed: 1 } : { fetched: 1, updated: 1 });
      });
    }
  }
}

export const shipmentsJob: JobSpec<ShipmentsJobData> = {
  queue: Q.shipments,
  scope: 'SHIPMENTS',
  capability: 'shipments.push',
  lock: (d) => `shipments:${d.channelId}`,
  run,
};
