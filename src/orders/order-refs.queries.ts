import type { Context } from '../context';
import { pgArray, selectRows } from '../common/sql';

/**
 * How other modules find orders without reading orders' tables: by a channel's key and the
 * marketplace's order id, and back (see index.ts, the orders module's door).
 */

/** A channel order as the marketplace names it. */
export interface OrderRef {
  id: string;
  channelKey: string | null;
  externalId: string | null;
}

/** Our order ids of a channel's orders by the marketplace's order ids; ids we have no order for are left out. */
export async function orderIdsByExternal(ctx: Context, channelKey: string, externalIds: string[]): Promise<Map<string, string>> {
  const wanted = [...new Set(externalIds)];
  if (!wanted.length) return new Map();
  const rows = await selectRows<{ id: string; external_id: string }>(
    ctx.em,
    'select id, external_id from sales_order where channel_id = ? and external_id = any(?::text[])',
    [channelKey, pgArray(wanted)],
  );
  return new Map(rows.map((r) => [r.external_id, r.id]));
}

/** Channel key and marketplace order id of orders, by our id; ids that name no order are left out. */
export async function orderRefs(ctx: Context, orderIds: readonly string[]): Promise<Map<string, OrderRef>> {
  const wanted = [...new Set(orderIds)];
  if (!wanted.length) return new Map();
  const rows = await selectRows<{ id: string; channel_id: string | null; external_id: string | null }>(
    ctx.em,
    'select id, channel_id, external_id from sales_order where id = any(?::uuid[])',
    [pgArray(wanted)],
  );
  return new Map(rows.map((r) => [r.id, { id: r.id, channelKey: r.channel_id, externalId: r.external_id }]));
}
