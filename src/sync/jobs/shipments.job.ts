import type { ShipmentLinePush } from '../../../connectors/sdk/types';
import { MarketplaceError } from '../../../connectors/sdk/errors';
import { selectRows } from '../../common/sql';
import { holdShipment, markShipmentDispatched } from '../../orders';
import { resolveCarrier } from '../carrier';
import { carrierTables } from '../carrier.service';
import { Q } from '../queue';
import { addRunCounts, recordSyncErrors } from '../sync-run.service';
import type { ChannelJob, JobSpec } from './channel-job';
import type { ShipmentsJobData } from './job-data';

/**
 * Push shipments: every shipment of a channel order writes a shipment_outbox row in its own
 * transaction; this job sends each pending one to the marketplace and stamps the row once
 * accepted. A parcel carries its tracking number and URL, its shipping service, the carrier as
 * the marketplace's code (the channel's carrier table, else the connector's known codes), our
 * parcel number, and, when it holds only part of the order, its lines with their units. A
 * carrier with no code is not guessed: the row is held (CARRIER_UNMAPPED on the row and the
 * run) until staff map it (setChannelCarriers) or retry the error, and the other rows go on. A
 * permanent refusal is stamped too, with the marketplace's code and message on the row and in
 * the sync errors, so it is not sent again; anything else fails the job and the queue tries
 * again. A parcel the marketplace reported itself (source MARKETPLACE) has no outbox row and is
 * never sent back to it; the query says so too, should one ever get a row.
 */

const ROUND = 100;

interface Pending {
  outbox_id: string;
  shipment_id: string;
  number: string;
  order_external_id: string;
  carrier: string;
  service: string | null;
  tracking_number: string;
  tracking_url: string | null;
  shipped_at: string;
  /** Whether the parcel carries every unit of the order (it is the order's one shipment). */
  whole: boolean;
  /** Units per marketplace line in this parcel. */
  lines: ShipmentLinePush[] | null;
}

async function run(j: ChannelJob<ShipmentsJobData>): Promise<void> {
  const table = await j.tx(async (ctx) => (await carrierTables(ctx.em, [j.channel.id])).get(j.channel.id) ?? []);
  for (;;) {
    const pending = await j.tx((ctx) =>
      selectRows<Pending>(
        ctx.em,
        `select ob.id::text as outbox_id, s.id as shipment_id, s.number, o.external_id as order_external_id, s.carrier, s.service, s.tracking_number,
                s.tracking_url, s.shipped_at,
                (select count(*) from shipment s2 where s2.order_id = s.order_id and s2.source = 'OURS') = 1
                  and not exists (select 1 from order_line ol where ol.order_id = s.order_id
                                    and ol.quantity > coalesce((select sum(sl.quantity) from shipment_line sl where sl.shipment_id = s.id and sl.order_line_id = ol.id), 0)) as whole,
                (select json_agg(json_build_object('externalLineId', x.external_line_id, 'quantity', x.quantity) order by x.external_line_id)
                   from (select ol.external_line_id, sum(sl.quantity)::int as quantity from shipment_line sl join order_line ol on ol.id = sl.order_line_id
                          where sl.shipment_id = s.id and ol.external_line_id is not null group by ol.external_line_id) x) as lines
           from shipment_outbox ob join shipment s on s.id = ob.shipment_id join sales_order o on o.id = s.order_id
          where ob.channel_id = ? and ob.dispatched_at is null and ob.held_at is null and o.external_id is not null and s.source = 'OURS'
          order by ob.id limit ?`,
        [j.channel.key, ROUND],
      ),
    );
    if (!pending.length) return;
    for (const p of pending) {
      const carrier = resolveCarrier(p.carrier, table, j.conn.module);
      if (!carrier) {
        await hold(j, p);
        continue;
      }
      const lines = p.whole ? undefined : (p.lines ?? []);
      let error: MarketplaceError | null = null;
      try {
        await j.conn.connector.pushShipment({
          orderExternalId: p.order_external_id,
          externalLineIds: lines?.map((l) => l.externalLineId),
          lines,
          carrier: carrier.code,
          carrierName: p.carrier,
          service: p.service ?? carrier.service,
          trackingNumber: p.tracking_number,
          trackingUrl: p.tracking_url,
          shippedAt: new Date(p.shipped_at),
          parcelId: p.number,
        });
      } catch (err) {
        if (!(err instanceof MarketplaceError) || err.kind !== 'PERMANENT') throw err;
        error = err;
      }
      await j.tx(async (ctx) => {
        await markShipmentDispatched(ctx, p.outbox_id, error ? { code: error.code, message: error.message } : null);
        if (error) {
          await recordSyncErrors(ctx.em, [{ runId: j.job.data.runId, channelId: j.channel.id, scope: 'SHIPMENTS', kind: 'PERMANENT', code: error.code, message: error.message, externalId: p.order_external_id, jobId: j.job.id, queue: Q.shipments }]);
        }
        await addRunCounts(ctx.em, j.job.data.runId, error ? { fetched: 1, failed: 1 } : { fetched: 1, updated: 1 });
      });
    }
  }
}

/** Holds a parcel whose carrier has no code on the channel: the row waits, the run and the row say why. */
async function hold(j: ChannelJob<ShipmentsJobData>, p: Pending): Promise<void> {
  const known = j.conn.module.carriers?.known.map((c) => c.code) ?? [];
  const message =
    `Carrier "${p.carrier}" of ${p.number} has no ${j.conn.module.label} code on channel ${j.channel.name}: map it with setChannelCarriers` +
    (known.length ? ` (its codes include ${known.slice(0, 12).join(', ')})` : '') +
    '; the parcel is sent once it is mapped.';
  await j.tx(async (ctx) => {
    await holdShipment(ctx, p.outbox_id, 'CARRIER_UNMAPPED', message);
    await recordSyncErrors(ctx.em, [{ runId: j.job.data.runId, channelId: j.channel.id, scope: 'SHIPMENTS', kind: 'PERMANENT', code: 'CARRIER_UNMAPPED', message, externalId: p.order_external_id, jobId: j.job.id, queue: Q.shipments }]);
    await addRunCounts(ctx.em, j.job.data.runId, { fetched: 1, failed: 1 });
  });
}

export const shipmentsJob: JobSpec<ShipmentsJobData> = {
  queue: Q.shipments,
  scope: 'SHIPMENTS',
  capability: 'shipments.push',
  lock: (d) => `shipments:${d.channelId}`,
  run,
};
