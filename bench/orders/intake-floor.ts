import { randomUUID } from 'node:crypto';
import type { PoolClient } from 'pg';
import { orderTotals } from '../../src/orders/order-amounts';

/**
 * The floor of order intake: what it takes at least to record a batch of new marketplace orders
 * the way recordChannelOrders does, written by hand with `pg` (bench/orders/intake-floor.server.ts
 * serves it over a bare node:http handler taking recordChannelOrders' JSON body).
 *
 * One transaction per batch, five statements whatever the batch size:
 *   BEGIN;
 *   one statement of data-modifying CTEs: the customers upserted (INSERT … ON CONFLICT DO
 *     UPDATE), the orders inserted (INSERT … ON CONFLICT DO NOTHING, numbered from the same
 *     sequence, base rate looked up from exchange_rate), and for the orders actually inserted
 *     their lines (SKUs resolved to variants by a join), their status history row and, for paid
 *     ones, their reservation (the order's reservation_id set in the same insert);
 *   the stock levels of the paid orders' variants locked: the API's own statement (SELECT … FOR
 *     UPDATE in (variant, warehouse) order, as reservation.service.ts has it), as late as possible
 *     so concurrent batches wait least;
 *   the reservation lines inserted and each level's `reserved` raised by what they took (CTEs);
 *   COMMIT.
 * Paid orders reserve all lines or none, from the warehouse the API would choose (lowest
 * priority number holding the whole line, ties to the most available, else split in that order),
 * decided in memory over the locked levels, as the API does.
 *
 * What it does not do, and the API does:
 * - authentication (the API checks a bearer token on every request) and GraphQL (parsing,
 *   validating and coercing the document and variables; the floor only JSON.parses the body);
 * - the checks of every field (money formats, lengths, currencies): it trusts the bench's orders;
 * - orders it already has (the API updates them along the transition table; the floor answers
 *   UNCHANGED), channels named by id, bundles, orders fulfilled by the marketplace, paidTotal,
 *   shipping, discounts, tax, refunds; unknown SKUs and shortfalls (the API records the order
 *   and holds it; the floor fails the whole batch, so the bench counts its orders failed);
 * - the lock that keeps a rate being entered from passing the orders by (the API takes it in a
 *   statement of its own before it looks the rates up), and the check that no active
 *   reservation has the order's number already;
 * - setting the orders' reservation ids after the reservations are made (an update of every
 *   paid order's row: the floor writes the id with the order, in the same statement);
 * - the audit entry the API writes for every mutation (its whole input, as JSON);
 * - the channel-availability outbox (the bench's database has no channel stock policy, so the
 *   API writes no outbox rows either; it spends two statements finding that out);
 * - answering with each order (the API answers with the rows its insert returned).
 * The bench checks after the run that both databases hold the same orders, lines, reservations
 * and stock levels (intake-digest.ts).
 */

/** A delivery as the bench sends it (ChannelOrderInput's JSON); the fields the floor reads. */
export interface FloorDelivery {
  channelKey: string;
  externalId: string;
  status: string;
  modifiedAt: string;
  placedAt?: string | null;
  paidAt?: string | null;
  currency: string;
  buyerId?: string | null;
  buyer?: { name?: string | null; nickname?: string | null; phone?: string | null; email?: string | null } | null;
  shippingAddress?: Record<string, unknown> | null;
  buyerMessage?: string | null;
  lines: { sku: string; quantity: number; unitPrice: string; discount?: string | null; externalLineId?: string | null; title?: string | null; optionText?: string | null }[];
}

export interface FloorResult {
  outcome: 'CREATED' | 'UNCHANGED' | null;
  userErrors: { code: string; message: string }[];
}

interface Level {
  id: string;
  variant_id: string;
  warehouse_id: string;
  code: string;
  priority: number;
  available: number;
}

/** Takes the units of each line from the locked levels (all lines or none); null when short. */
function allocate(levelsBySku: Map<string, Level[]>, lines: { sku: string; quantity: number }[]): { level: Level; quantity: number }[] | null {
  const taken: { level: Level; quantity: number }[] = [];
  for (const line of lines) {
    const pool = [...(levelsBySku.get(line.sku) ?? [])].sort((a, b) => a.priority - b.priority || b.available - a.available || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
    const whole = pool.find((l) => l.available >= line.quantity);
    let left = line.quantity;
    for (const l of whole ? [whole] : pool) {
      const n = Math.min(left, Math.max(0, l.available));
      if (n > 0) (taken.push({ level: l, quantity: n }), (l.available -= n), (left -= n));
      if (!left) break;
    }
    if (left) {
      for (const t of taken) t.level.available += t.quantity;
      return null;
    }
  }
  return taken;
}

const ORDERS = `
with x as (
  select * from jsonb_to_recordset($1::jsonb) as x(i int, id uuid, rid uuid, c text, e text, s text, ps text, cur text, sub numeric, sh numeric,
    dis numeric, tax numeric, tot numeric, msg text, bid text, buyer jsonb, addr jsonb, placed timestamptz, pa timestamptz, mod timestamptz)
), cust as (
  insert into customer (id, channel_id, channel_buyer_id, nickname, name, phone, email)
  select gen_random_uuid(), b.c, b.b, b.nickname, b.name, b.phone, b.email
    from jsonb_to_recordset($2::jsonb) as b(c text, b text, nickname text, name text, phone text, email text)
  on conflict (channel_id, channel_buyer_id) where channel_buyer_id is not null
  do update set nickname = coalesce(excluded.nickname, customer.nickname), name = coalesce(excluded.name, customer.name),
    phone = coalesce(excluded.phone, customer.phone), email = coalesce(excluded.email, customer.email)
  returning id, channel_id, channel_buyer_id
), ins as (
  insert into sales_order (id, seq, number, channel_id, external_id, status, payment_status, currency, subtotal, shipping, discount, tax,
    adjustment, total, base_currency_rate, buyer_message, customer_id, buyer, shipping_address, placed_at, paid_at, external_updated_at,
    reservation_id, base_currency, base_rate)
  select n.id, n.seq, 'SO-' || case when n.seq < 1000000 then lpad(n.seq::text, 6, '0') else n.seq::text end, n.c, n.e, n.s, n.ps, n.cur,
    n.sub, n.sh, n.dis, n.tax, 0, n.tot, 1, n.msg, cust.id, n.buyer, n.addr, coalesce(n.placed, now()), n.pa, n.mod, n.rid,
    case when n.cur = $4 or r.rate is not null then $4 end, case when n.cur = $4 then 1 else r.rate end
    from (select x.*, nextval('sales_order_number_seq') as seq from x) n
    left join cust on cust.channel_id = n.c and cust.channel_buyer_id = n.bid
    left join lateral (select er.rate from exchange_rate er where er.base = $4 and er.quote = n.cur and er.effective_at <= coalesce(n.placed, now())
                        order by er.effective_at desc limit 1) r on n.cur <> $4
   order by n.i
  on conflict (channel_id, external_id) where external_id is not null do nothing
  returning id, number
), lines as (
  insert into order_line (id, order_id, position, variant_id, sku, external_line_id, title, option_text, quantity, unit_price, discount)
  select gen_random_uuid(), l.o, l.p, v.id, l.sku, l.ext, l.title, l.opt, l.q, l.price, l.dis
    from jsonb_to_recordset($3::jsonb) as l(o uuid, p int, sku text, ext text, title text, opt text, q int, price numeric, dis numeric)
    join ins on ins.id = l.o
    left join variant v on v.sku = l.sku
  returning sku, variant_id
), history as (
  insert into order_status_history (order_id, from_status, to_status, actor_label, source, note)
  select ins.id, null, x.s, $5, 'SYNC', 'from ' || x.c from ins join x on x.id = ins.id
), res as (
  insert into reservation (id, reference, actor_label, for_order)
  select x.rid, ins.number, $5, true from ins join x on x.id = ins.id where x.rid is not null
)
select id::text as id, null as sku from ins
union all
select distinct variant_id::text, sku from lines`;

/** The API's own lock statement (reservation.service.ts, lockLevelsOf). */
const LOCK = `
select sl.id, sl.variant_id, sl.warehouse_id, w.code, w.priority, sl.on_hand - sl.reserved as available
  from stock_level sl join warehouse w on w.id = sl.warehouse_id
 where sl.variant_id = any($1::uuid[]) and w.active and w.channel_key is null
 order by sl.variant_id, sl.warehouse_id
 for update of sl`;

const RESERVE = `
with rl as (
  insert into reservation_line (id, reservation_id, variant_id, warehouse_id, quantity)
  select gen_random_uuid(), a.r, a.v, a.w, a.q from jsonb_to_recordset($1::jsonb) as a(r uuid, v uuid, w uuid, q int)
)
update stock_level sl set reserved = sl.reserved + d.q, updated_at = now()
  from unnest($2::uuid[], $3::int[]) as d(id, q) where sl.id = d.id`;

/**
 * Records a batch of new orders in one transaction on `client`; one result per delivery, in
 * order. `count` is called once per statement sent (the floor's sql_statements_total).
 */
export async function recordBatchFloor(client: PoolClient, deliveries: FloorDelivery[], baseCurrency: string, count: () => void): Promise<FloorResult[]> {
  const results: FloorResult[] = deliveries.map(() => ({ outcome: null, userErrors: [] }));
  // One fixed order for the unique-index locks, as the API takes them.
  const batch = deliveries
    .map((d, i) => ({ d, i, c: d.channelKey.trim(), e: d.externalId.trim(), id: randomUUID(), rid: d.status === 'PAID' ? randomUUID() : null }))
    .sort((a, b) => (a.c < b.c ? -1 : a.c > b.c ? 1 : a.e < b.e ? -1 : a.e > b.e ? 1 : 0));
  const orders: object[] = [];
  const lines: object[] = [];
  const buyers = new Map<string, object>();
  for (const { d, i, c, e, id, rid } of batch) {
    const paid = d.status !== 'PENDING_PAYMENT' && d.status !== 'CANCELLED';
    const t = orderTotals(d.lines, null, null, null);
    orders.push({
      i, id, rid, c, e, s: d.status, ps: paid ? 'PAID' : 'UNPAID', cur: d.currency.trim().toUpperCase(), sub: t.subtotal, sh: t.shipping, dis: t.discount, tax: t.tax, tot: t.total,
      msg: d.buyerMessage ?? '', bid: d.buyerId ?? null, buyer: d.buyer ?? {}, addr: d.shippingAddress ?? {}, placed: d.placedAt ?? null,
      pa: paid ? (d.paidAt ?? new Date().toISOString()) : null, mod: d.modifiedAt,
    });
    d.lines.forEach((l, p) => lines.push({ o: id, p, sku: l.sku, ext: l.externalLineId ?? null, title: l.title ?? '', opt: l.optionText ?? '', q: l.quantity, price: l.unitPrice, dis: l.discount ?? '0' }));
    if (d.buyerId) {
      const b = d.buyer ?? {};
      buyers.set(`${c}\u0000${d.buyerId}`, { c, b: d.buyerId, nickname: b.nickname ?? null, name: b.name ?? null, phone: b.phone ?? null, email: b.email ?? null });
    }
  }
  count();
  await client.query('begin');
  try {
    count();
    // The orders inserted (sku null), then the variant of each SKU their lines name (id: the variant's).
    const { rows } = await client.query<{ id: string | null; sku: string | null }>(ORDERS, [
      JSON.stringify(orders),
      // Sorted, so concurrent batches lock shared customers in one order.
      JSON.stringify([...buyers].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, v]) => v)),
      JSON.stringify(lines),
      baseCurrency,
      'intake floor',
    ]);
    const inserted = new Set(rows.filter((r) => r.sku === null).map((r) => r.id));
    const variantOf = new Map(rows.filter((r) => r.sku !== null).map((r) => [r.sku!, r.id]));
    const paid = batch.filter((o) => o.rid && inserted.has(o.id));
    if (paid.length) {
      const skus = [...new Set(paid.flatMap((o) => o.d.lines.map((l) => l.sku)))];
      count();
      const { rows: levels } = await client.query<Level>(LOCK, [skus.map((sku) => variantOf.get(sku)).filter((v) => v)]);
      const levelsBySku = new Map<string, Level[]>();
      const skuOf = new Map([...variantOf].map(([sku, v]) => [v, sku]));
      for (const l of levels) levelsBySku.set(skuOf.get(l.variant_id)!, [...(levelsBySku.get(skuOf.get(l.variant_id)!) ?? []), l]);
      const allocations: object[] = [];
      const deltas = new Map<string, number>();
      for (const o of paid) {
        // Per SKU, sorted, as the API asks inventory for them.
        const perSku = new Map<string, number>();
        for (const l of o.d.lines) perSku.set(l.sku, (perSku.get(l.sku) ?? 0) + l.quantity);
        const taken = allocate(levelsBySku, [...perSku].sort(([a], [b]) => (a < b ? -1 : 1)).map(([sku, quantity]) => ({ sku, quantity })));
        if (!taken) throw new Error(`the floor takes orders it can reserve for only; ${o.e} is short or names an unstocked SKU`);
        for (const t of taken) {
          allocations.push({ r: o.rid, v: t.level.variant_id, w: t.level.warehouse_id, q: t.quantity });
          deltas.set(t.level.id, (deltas.get(t.level.id) ?? 0) + t.quantity);
        }
      }
      count();
      await client.query(RESERVE, [JSON.stringify(allocations), [...deltas.keys()], [...deltas.values()]]);
    }
    count();
    await client.query('commit');
    for (const o of batch) results[o.i].outcome = inserted.has(o.id) ? 'CREATED' : 'UNCHANGED';
    return results;
  } catch (err) {
    await client.query('rollback').catch(() => undefined);
    throw err;
  }
}
