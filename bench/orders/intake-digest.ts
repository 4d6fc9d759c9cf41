import { withClient } from '../support/postgres';

/**
 * What the intake wrote, in a form two databases can be compared by: per table a row count and
 * an md5 over its rows, in a fixed order, without what differs by nature between two runs
 * (ids drawn at random, order numbers drawn in the order concurrent batches reached the
 * sequence, who wrote the history rows, timestamps of the write). The API's database and the
 * floor's copy must have the same digest after the same orders: the floor did the same work.
 */
const PARTS: Record<string, string> = {
  orders: `select count(*)::int as n, md5(coalesce(string_agg(concat_ws('|', o.channel_id, o.external_id, o.status, o.payment_status, o.currency,
      o.subtotal, o.shipping, o.discount, o.tax, o.adjustment, o.total, o.refunded, o.base_currency_rate, o.buyer_message, o.seller_memo,
      o.buyer::text, o.shipping_address::text, o.placed_at, o.paid_at is not null, o.external_updated_at, o.marketplace_id, o.fulfilled_by,
      o.marketplace_status, o.base_currency, o.base_rate, o.reservation_id is not null, c.channel_id, c.channel_buyer_id, c.name, c.nickname, c.phone, c.email),
      E'\\n' order by o.channel_id, o.external_id), '')) as md5
    from sales_order o left join customer c on c.id = o.customer_id`,
  lines: `select count(*)::int as n, md5(coalesce(string_agg(concat_ws('|', o.channel_id, o.external_id, l.position, l.variant_id, l.sku, l.external_line_id,
      l.title, l.option_text, l.quantity, l.unit_price, l.discount, l.order_discount, l.paid, l.status, l.quantity_shipped, l.refund_status,
      l.refund_marketplace_status, l.refund_quantity, l.refund_amount, l.raw::text), E'\\n' order by o.channel_id, o.external_id, l.position), '')) as md5
    from order_line l join sales_order o on o.id = l.order_id`,
  history: `select count(*)::int as n, md5(coalesce(string_agg(concat_ws('|', o.channel_id, o.external_id, h.from_status, h.to_status, h.source, h.note),
      E'\\n' order by o.channel_id, o.external_id, h.id), '')) as md5
    from order_status_history h join sales_order o on o.id = h.order_id`,
  holds: `select count(*)::int as n, md5(coalesce(string_agg(concat_ws('|', o.channel_id, o.external_id, h.reason, h.note, h.released_at is null),
      E'\\n' order by o.channel_id, o.external_id, h.reason), '')) as md5
    from order_hold h join sales_order o on o.id = h.order_id`,
  reservations: `select count(*)::int as n, md5(coalesce(string_agg(concat_ws('|', r.status, r.for_order, o.channel_id, o.external_id, r.reference = o.number),
      E'\\n' order by o.channel_id, o.external_id, r.reference), '')) as md5
    from reservation r left join sales_order o on o.reservation_id = r.id`,
  reservationLines: `select count(*)::int as n, md5(coalesce(string_agg(concat_ws('|', o.channel_id, o.external_id, rl.variant_id, rl.warehouse_id, rl.quantity, rl.bundle_variant_id),
      E'\\n' order by o.channel_id, o.external_id, rl.variant_id, rl.warehouse_id), '')) as md5
    from reservation_line rl join reservation r on r.id = rl.reservation_id left join sales_order o on o.reservation_id = r.id`,
  stockLevels: `select count(*)::int as n, md5(coalesce(string_agg(concat_ws('|', variant_id, warehouse_id, on_hand, reserved, damaged),
      E'\\n' order by variant_id, warehouse_id), '')) as md5
    from stock_level`,
  customers: `select count(*)::int as n, md5(coalesce(string_agg(concat_ws('|', channel_id, channel_buyer_id, nickname, name, phone, email),
      E'\\n' order by channel_id, channel_buyer_id), '')) as md5
    from customer`,
  stockMovements: `select count(*)::int as n, '' as md5 from stock_movement`,
  stockOutbox: `select count(*)::int as n, '' as md5 from stock_outbox`,
};

export type IntakeDigest = Record<string, { n: number; md5: string }>;

export async function intakeDigest(url: string): Promise<IntakeDigest> {
  return withClient(url, async (c) => {
    const out: IntakeDigest = {};
    for (const [name, sql] of Object.entries(PARTS)) out[name] = (await c.query<{ n: number; md5: string }>(sql)).rows[0];
    return out;
  });
}

/** The parts in which two digests differ, described. */
export function digestDifferences(api: IntakeDigest, floor: IntakeDigest): string[] {
  return Object.keys(PARTS)
    .filter((k) => api[k].n !== floor[k].n || api[k].md5 !== floor[k].md5)
    .map((k) => `${k}: API ${api[k].n} rows (${api[k].md5.slice(0, 8)}), floor ${floor[k].n} rows (${floor[k].md5.slice(0, 8)})`);
}
