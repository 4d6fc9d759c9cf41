import type { Context } from '../context';
import { badInput } from '../common/errors';
import { selectRows } from '../common/sql';
import { requireReach } from '../staff/channel-scope';
import { P } from '../staff/permissions';
import { listSize, normaliseChannelKey } from './channel-availability.service';
import { DEFAULT_COVER_DAYS, FulfilmentInboundSuggestion } from './fulfilment-inbound.types';
import { DEMAND_WINDOW_DAYS } from './replenishment.types';

const MAX_COVER_DAYS = 365;

/**
 * What to send to a channel's fulfilment centre (Amazon FBA), per SKU stocked there or sold
 * from it:
 *   averageDailySold = units the marketplace shipped from it (SHIPMENT movements) in the last 30 days / 30
 *   suggestedQuantity = ceil(averageDailySold × coverDays + safetyStock − (available + inbound))
 * worked out exactly in integers, as replenishmentSuggestions does. The units come from our own
 * warehouses (not another marketplace's centre): the one with the most available is named,
 * and what it can send now. Only SKUs needing something, the largest need first. Empty for a
 * channel without a fulfilment centre.
 */
export async function fulfilmentInboundSuggestions(ctx: Context, channelKey: string, coverDays?: number | null, first?: number | null): Promise<FulfilmentInboundSuggestion[]> {
  const key = normaliseChannelKey(channelKey);
  // A channel-limited person sees the centre of their own channels only.
  requireReach(ctx.actor, key, [P.InventoryRead, P.ChannelsRead]);
  const cover = coverDays ?? DEFAULT_COVER_DAYS;
  if (!Number.isInteger(cover) || cover < 1 || cover > MAX_COVER_DAYS) throw badInput(`\`coverDays\` must be between 1 and ${MAX_COVER_DAYS}.`);
  const rows = await selectRows<{
    sku: string;
    warehouse_code: string;
    average: string;
    available: number;
    inbound: number;
    safety_stock: number;
    cover: string | null;
    suggested: number;
    source_code: string | null;
    source_available: number | null;
  }>(
    ctx.em,
    `with centre as (select id, code from warehouse where channel_key = ?),
       sold as (
         select m.variant_id, sum(-m.quantity)::bigint as units
           from stock_movement m join centre c on c.id = m.warehouse_id
          where m.type = 'SHIPMENT' and m.quantity < 0 and m.created_at > now() - make_interval(days => ?)
          group by m.variant_id),
       inputs as (
         select v.id as variant_id, v.sku, c.code as warehouse_code,
                coalesce(sl.on_hand - sl.reserved, 0) as available, coalesce(sl.incoming, 0) as inbound,
                coalesce(sl.safety_stock, 0) as safety_stock, coalesce(s.units, 0) as sold
           from centre c
           join (select variant_id from stock_level where warehouse_id in (select id from centre) union select variant_id from sold) k on true
           join variant v on v.id = k.variant_id
           join product p on p.id = v.product_id
           left join stock_level sl on sl.variant_id = k.variant_id and sl.warehouse_id = c.id
           left join sold s on s.variant_id = k.variant_id
          where v.status = 'ACTIVE' and p.status <> 'ARCHIVED'),
       worked as (
         select i.*, round(i.sold::numeric / ?, 2)::text as average,
                case when i.sold > 0 then round((i.available + i.inbound)::numeric * ? / i.sold, 1)::text end as cover,
                ceil((i.sold * ? + ?::bigint * (i.safety_stock - i.available - i.inbound))::numeric / ?)::int as suggested
           from inputs i)
     select w.sku, w.warehouse_code, w.average, w.available, w.inbound, w.safety_stock, w.cover, w.suggested,
            src.code as source_code, src.available as source_available
       from worked w
       left join lateral (
         select wh.code, sl.on_hand - sl.reserved as available
           from stock_level sl join warehouse wh on wh.id = sl.warehouse_id
          where sl.variant_id = w.variant_id and wh.active and wh.channel_key is null and wh.kind <> 'MARKETPLACE_FULFILMENT' and sl.on_hand - sl.reserved > 0
          order by sl.on_hand - sl.reserved desc, wh.priority, wh.code limit 1) src on true
      where w.suggested > 0
      order by w.suggested desc, w.sku
      limit ?`,
    [key, DEMAND_WINDOW_DAYS, DEMAND_WINDOW_DAYS, DEMAND_WINDOW_DAYS, cover, DEMAND_WINDOW_DAYS, DEMAND_WINDOW_DAYS, listSize(first)],
  );
  return rows.map((r) =>
    Object.assign(new FulfilmentInboundSuggestion(), {
      sku: r.sku,
      warehouseCode: r.warehouse_code,
      averageDailySold: r.average,
      available: r.available,
      inbound: r.inbound,
      safetyStock: r.safety_stock,
      daysOfCover: r.cover,
      suggestedQuantity: r.suggested,
      sourceWarehouseCode: r.source_code,
      sourceAvailable: r.source_available ?? 0,
      sendableQuantity: Math.min(r.suggested, r.source_available ?? 0),
    }),
  );
}
