import { randomUUID } from 'node:crypto';
import type { Context } from '../context';
import { UserError, userError } from '../common/errors';
import { uuidOf } from '../common/ids';
import { checkMoney } from '../catalog/product.validation';
import { execute, pgArray, selectBound, selectRows } from '../common/sql';
import { reserveForOrders, takeMarketplaceShipped, variantsBySku } from '../inventory';
import { ChannelOrderInput, ChannelOrderLineInput } from './order.inputs';
import { FulfilledBy, HoldReason, OrderStatus, TRANSITIONS } from './order-status';
import { Order, ORDER_COLUMNS, OrderRow } from './order.types';
import { LockedOrder, transition } from './order-lifecycle.service';
import { OrderHoldChange, setOrderHolds } from './order-holds.service';
import { channelOrderTotals, toCents } from './order-amounts';
import { checkNewOrder } from './order-write.service';
import { MarketplaceParcel, recordMarketplaceShipments } from './fulfilment.service';
import { baseRatesFor } from './order-base-rate.service';

/**
 * The intake connectors call: an idempotent upsert by (channel, external id) carrying the
 * marketplace's modified time. The same update twice changes nothing; an older one never moves
 * an order backwards; concurrent deliveries of one order queue on its row.
 *
 * A connector pulls orders a page at a time, so the intake takes a batch and writes it with a
 * fixed number of statements whatever its size: at thousands of orders a second, round trips
 * to PostgreSQL and not the work in them are what costs. New orders take that path (customers,
 * orders, lines and history in one statement, which also answers with the new orders' rows;
 * reservations; their ids; holds); orders we have already go one by one through the
 * transition table, and their lines' refunds (and money, while unpaid) are brought up to date in
 * one statement for the batch. Channels named by global id cost one more lookup. Large values
 * (the batch's rows as JSON) travel as bound parameters, not written into the SQL text.
 *
 * Money: an order whose marketplace states what the buyer paid (`paidTotal`) has exactly that
 * total; the lines carry what was paid for each and their shares of the order's discount, and
 * a line's refund as the marketplace shows it (see order-amounts.ts, channelOrderTotals).
 */

/** What the intake did with a delivery. */
export type IntakeOutcome = 'CREATED' | 'UPDATED' | 'UNCHANGED';

export interface IntakeResult {
  outcome: IntakeOutcome | null;
  order: Order | null;
  userErrors: UserError[];
}

/**
 * A delivery as a connector gives it: the API's input, its lines with the parcels the marketplace
 * reports for them (OrderLineDto.shipments) where it reports them by line. Deliveries through the
 * API carry none; their status alone says what left.
 */
export type ChannelDelivery = Omit<ChannelOrderInput, 'lines'> & { lines: (ChannelOrderLineInput & { shipments?: MarketplaceParcel[] | null })[] };

/** Deliveries larger than this are refused: a page of a marketplace's order list fits well within it. */
export const MAX_INTAKE_BATCH = 500;

/** A delivery that passed validation, with its place in the batch. */
interface Delivery {
  index: number;
  input: ChannelDelivery;
  /** The channel's key (what sales_order.channel_id holds). */
  channelId: string;
  externalId: string;
  currency: string;
  totals: ReturnType<typeof channelOrderTotals>;
}

/** The keys of the channels named by global id in a batch (one lookup); an id naming no channel is left out. */
export async function channelKeysById(ctx: Context, inputs: Pick<ChannelOrderInput, 'channelId'>[]): Promise<Map<string, string>> {
  const ids = [...new Set(inputs.map((i) => i.channelId?.trim()).filter((id): id is string => !!id))];
  const out = new Map<string, string>();
  const dbIds = ids.map((id) => uuidOf('Channel', id));
  const wanted = dbIds.filter((id): id is string => !!id);
  if (!wanted.length) return out;
  const rows = await ctx.loaders.sync.channelById.loadMany(wanted);
  ids.forEach((id, k) => {
    const row = dbIds[k] ? rows[wanted.indexOf(dbIds[k]!)] : null;
    if (row && !(row instanceof Error)) out.set(id, row.key);
  });
  return out;
}

/**
 * The channel key a delivery names: its channelKey, or the key of the Channel its channelId is
 * the global id of. Exactly one of the two; an id that names no channel is NOT_FOUND.
 */
export function channelKeyOf(input: Pick<ChannelOrderInput, 'channelId' | 'channelKey'>, keysById: ReadonlyMap<string, string>, errors: UserError[]): string | null {
  const id = input.channelId?.trim() || null;
  const key = input.channelKey?.trim() || null;
  if (id && key) errors.push(userError('INVALID_VALUE', 'Name the channel by channelId or by channelKey, not both', 'channelKey'));
  else if (!id && !key) errors.push(userError('REQUIRED', 'The channel is required: its channelId (global id) or its channelKey', 'channelId'));
  else if (id && !keysById.has(id)) errors.push(userError('NOT_FOUND', 'No channel has this id', 'channelId'));
  else return key ?? keysById.get(id!)!;
  return null;
}

const key = (channelId: string, externalId: string) => `${channelId}\u0000${externalId}`;

/** A path of legal transitions from one status to another (marketplaces skip steps we keep). */
function path(from: OrderStatus, to: OrderStatus): OrderStatus[] | undefined {
  const queue: OrderStatus[][] = [[from]];
  const seen = new Set([from]);
  while (queue.length) {
    const p = queue.shift()!;
    const last = p[p.length - 1];
    if (last === to) return p.slice(1);
    for (const n of TRANSITIONS[last]) if (!seen.has(n)) (seen.add(n), queue.push([...p, n]));
  }
  return undefined;
}

/** What a marketplace line adds to a new order's checks: its paid amount, discount share and refund. */
function checkChannelLines(input: ChannelDelivery, errors: UserError[]): void {
  checkMoney(input.paidTotal, ['paidTotal'], errors, 'paidTotal');
  input.lines.forEach((l, i) => {
    checkMoney(l.orderDiscount, ['lines', i, 'orderDiscount'], errors, 'orderDiscount');
    checkMoney(l.paid, ['lines', i, 'paid'], errors, 'paid');
    if (!l.refund) return;
    if (!l.refund.marketplaceStatus.trim()) errors.push(userError('REQUIRED', "The refund's marketplace status is required", ['lines', i, 'refund', 'marketplaceStatus']));
    const q = l.refund.quantity ?? 0;
    if (!Number.isInteger(q) || q < 0 || q > l.quantity) errors.push(userError('INVALID_VALUE', `Units refunded are 0 to the line's ${l.quantity}`, ['lines', i, 'refund', 'quantity']));
    checkMoney(l.refund.amount, ['lines', i, 'refund', 'amount'], errors, 'refund amount');
  });
}

/** Longest marketplace status text and marketplace id an order keeps. */
const MAX_MARKETPLACE_TEXT = 200;

function validate(input: ChannelDelivery, index: number, keysById: ReadonlyMap<string, string>): Delivery | UserError[] {
  const errors: UserError[] = [];
  const currency = input.currency.trim().toUpperCase();
  const channelKey = channelKeyOf(input, keysById, errors);
  if (!input.externalId.trim()) errors.push(userError('REQUIRED', 'The external id is required', 'externalId'));
  if ((input.marketplaceStatus?.length ?? 0) > MAX_MARKETPLACE_TEXT) errors.push(userError('INVALID_VALUE', `The marketplace status is at most ${MAX_MARKETPLACE_TEXT} characters`, 'marketplaceStatus'));
  if ((input.marketplaceId?.length ?? 0) > MAX_MARKETPLACE_TEXT) errors.push(userError('INVALID_VALUE', `The marketplace id is at most ${MAX_MARKETPLACE_TEXT} characters`, 'marketplaceId'));
  checkNewOrder({ ...input, currency }, errors);
  checkChannelLines(input, errors);
  if (errors.length) return errors;
  const totals = channelOrderTotals(input.lines, input.shipping, input.discount, input.tax, input.paidTotal);
  // The order's amounts are stored as non-negative figures; the adjustment may take either sign.
  if (toCents(totals.discount) < 0 || toCents(totals.total) < 0) return [userError('NEGATIVE_TOTAL', 'The discounts exceed what is charged', 'discount')];
  return { index, input, channelId: channelKey!, externalId: input.externalId.trim(), currency, totals };
}

/**
 * Records a batch of channel orders; one result per input, in the same order. An order we hold
 * stock for that the marketplace says has shipped (some or all of it) ships what we had not:
 * see recordMarketplaceShipments.
 */
export async function recordChannelOrders(ctx: Context, inputs: ChannelDelivery[]): Promise<IntakeResult[]> {
  const results: IntakeResult[] = inputs.map(() => ({ outcome: null, order: null, userErrors: [] }));
  const fresh: Delivery[] = [];
  const repeats: Delivery[] = [];
  const seen = new Set<string>();
  const keysById = await channelKeysById(ctx, inputs);
  inputs.forEach((input, i) => {
    const d = validate(input, i, keysById);
    if (Array.isArray(d)) results[i].userErrors = d;
    else if (seen.has(key(d.channelId, d.externalId))) repeats.push(d);
    else (seen.add(key(d.channelId, d.externalId)), fresh.push(d));
  });
  // One fixed order for the unique-index locks the inserts take: concurrent batches
  // delivering the same orders queue instead of deadlocking.
  fresh.sort((a, b) => (a.channelId < b.channelId ? -1 : a.channelId > b.channelId ? 1 : a.externalId < b.externalId ? -1 : a.externalId > b.externalId ? 1 : 0));

  const { created, rows: createdRows } = await insertNew(ctx, fresh);
  const known = fresh.filter((d) => !created.has(d.index));
  const updated: { d: Delivery; orderId: string; money: boolean; order: LockedOrder; from: OrderStatus }[] = [];
  for (const d of [...known, ...repeats]) {
    const r = await applyUpdate(ctx, d);
    results[d.index].outcome = r.outcome;
    if (r.outcome === 'UPDATED') updated.push({ d, orderId: r.orderId, money: r.money, order: r.order, from: r.from });
  }
  await updateLines(ctx, updated);
  // An order the marketplace ships itself that was waiting for payment is paid now.
  await takeMarketplaceFulfilled(
    ctx,
    updated.filter(({ order, from }) => from === OrderStatus.PENDING_PAYMENT && PAID_OR_LATER.has(order.status)).map(({ d, order }) => ({ d, number: order.number })),
  );
  // After the lines' refunds are current: a line refunded before it shipped is not taken from stock.
  await recordMarketplaceShipments(
    ctx,
    updated.map(({ d, order }) => ({
      order,
      parcels: new Map(d.input.lines.filter((l) => l.externalLineId?.trim()).map((l) => [l.externalLineId!.trim(), l.shipments ?? null])),
    })),
  );
  for (const d of fresh) if (created.has(d.index)) results[d.index].outcome = 'CREATED';

  const ids = new Map<number, string>(created);
  if (known.length || repeats.length) {
    const wanted = [...known, ...repeats];
    const rows = await selectRows<{ id: string; channel_id: string; external_id: string }>(
      ctx.em,
      `select id, channel_id, external_id from sales_order where (channel_id, external_id) in (select * from unnest(?::text[], ?::text[]))`,
      [pgArray(wanted.map((d) => d.channelId)), pgArray(wanted.map((d) => d.externalId))],
    );
    const byKey = new Map(rows.map((r) => [key(r.channel_id, r.external_id), r.id]));
    for (const d of wanted) ids.set(d.index, byKey.get(key(d.channelId, d.externalId))!);
  }
  // New orders answer with the rows their insert returned, unless a repeat in the batch changed them.
  const repeated = new Set(repeats.map((d) => key(d.channelId, d.externalId)));
  const byId = new Map<string, OrderRow>();
  for (const [id, row] of createdRows) if (!repeated.has(key(row.channel_id!, row.external_id!))) byId.set(id, row);
  const unread = [...new Set(ids.values())].filter((id) => !byId.has(id));
  if (unread.length) for (const r of await selectBound<OrderRow>(ctx.em, `select ${ORDER_COLUMNS} from sales_order o where o.id = any(?::uuid[])`, [unread])) byId.set(r.id, r);
  for (const [index, id] of ids) results[index].order = Order.fromRow(byId.get(id)!);
  return results;
}

/**
 * Customers, orders, lines and history of a batch in one statement: the customers upserted
 * (a buyer twice in the batch written once, with the last details), the orders inserted
 * unless they exist (`on conflict do nothing` skips them: the sequence value they drew is
 * simply not used, as with any sequence), and the lines and the first history row of the
 * orders inserted. Numbers follow the sorted batch; customers are locked in key order, then
 * the orders' unique index in batch order. Answers with the rows of the orders inserted, as a
 * read of them would (they have no holds yet). A function, as ORDER_COLUMNS is not defined yet
 * while the modules load (they import each other).
 */
const insertOrders = () => `
with x as (
  select * from jsonb_to_recordset(?::jsonb) as x(i int, id uuid, c text, e text, s text, ps text, cur text, sub numeric, sh numeric, dis numeric,
    tax numeric, adj numeric, tot numeric, rate numeric, msg text, b text, buyer jsonb, addr jsonb, placed timestamptz, pa timestamptz, mod timestamptz,
    mkt text, fb text, mst text, bc text, br numeric, n text)
), cust as (
  insert into customer (id, channel_id, channel_buyer_id, nickname, name, phone, email)
  select gen_random_uuid(), x.c, x.b, x.nickname, x.name, x.phone, x.email
    from jsonb_to_recordset(?::jsonb) as x(c text, b text, nickname text, name text, phone text, email text)
  on conflict (channel_id, channel_buyer_id) where channel_buyer_id is not null
  do update set nickname = coalesce(excluded.nickname, customer.nickname), name = coalesce(excluded.name, customer.name),
    phone = coalesce(excluded.phone, customer.phone), email = coalesce(excluded.email, customer.email)
  returning id, channel_id, channel_buyer_id
), ins as (
  insert into sales_order (id, seq, number, channel_id, external_id, status, payment_status, currency,
    subtotal, shipping, discount, tax, adjustment, total, base_currency_rate, buyer_message, customer_id, buyer, shipping_address,
    placed_at, paid_at, external_updated_at, marketplace_id, fulfilled_by, marketplace_status, base_currency, base_rate)
  select n.id, n.seq, 'SO-' || case when n.seq < 1000000 then lpad(n.seq::text, 6, '0') else n.seq::text end,
    n.c, n.e, n.s, n.ps, n.cur, n.sub, n.sh, n.dis, n.tax, n.adj, n.tot, n.rate, n.msg, cust.id, n.buyer, n.addr,
    coalesce(n.placed, now()), n.pa, n.mod, n.mkt, n.fb, n.mst, n.bc, n.br
    from (select x.*, nextval('sales_order_number_seq') as seq from x) n
    left join cust on cust.channel_id = n.c and cust.channel_buyer_id = n.b
   order by n.i
  on conflict (channel_id, external_id) where external_id is not null do nothing
  returning *
), lines as (
  insert into order_line (id, order_id, position, variant_id, sku, external_line_id, title, option_text, quantity, unit_price, discount,
    order_discount, paid, refund_status, refund_marketplace_status, refund_quantity, refund_amount, raw)
  select gen_random_uuid(), l.o, l.p, l.v, l.sku, l.ext, l.title, l.opt, l.q, l.price, l.dis, l.od, l.paid, l.rs, l.rms, l.rq, l.ra, l.raw
    from jsonb_to_recordset(?::jsonb) as l(o uuid, p int, v uuid, sku text, ext text, title text, opt text, q int, price numeric, dis numeric,
      od numeric, paid numeric, rs text, rms text, rq int, ra numeric, raw jsonb)
    join ins on ins.id = l.o
), history as (
  insert into order_status_history (order_id, from_status, to_status, actor_label, source, note)
  select ins.id, null, x.s, ?, 'SYNC', x.n from ins join x on x.id = ins.id
)
select ${ORDER_COLUMNS} from ins o`;

/**
 * Inserts the orders not seen before, with their customers, lines, holds, history and
 * reservations, in a fixed number of statements. Returns batch index → new order id (an
 * order that exists already, or that a concurrent batch inserted first, is left out) and, by
 * id, the rows of the new orders as they stand at the end (those that were put on hold are
 * left out: read them again).
 */
async function insertNew(ctx: Context, batch: Delivery[]): Promise<{ created: Map<number, string>; rows: Map<string, OrderRow> }> {
  const out = new Map<number, string>();
  const final = new Map<string, OrderRow>();
  if (!batch.length) return { created: out, rows: final };

  // Customers: a buyer twice in the batch is written once, with the last details.
  const buyers = new Map<string, { c: string; b: string; nickname: string | null; name: string | null; phone: string | null; email: string | null }>();
  for (const d of batch) {
    if (!d.input.buyerId) continue;
    const b = d.input.buyer ?? {};
    buyers.set(key(d.channelId, d.input.buyerId), { c: d.channelId, b: d.input.buyerId, nickname: b.nickname ?? null, name: b.name ?? null, phone: b.phone ?? null, email: b.email ?? null });
  }

  // The rate from the base currency at each order's time: one lookup for the batch. An order
  // whose currency has none yet is taken in all the same, flagged (base_rate null).
  const baseRates = await baseRatesFor(ctx, batch.map((d) => ({ currency: d.currency, placedAt: d.input.placedAt ?? null })));
  const variants = await variantsBySku(ctx, batch.flatMap((d) => d.input.lines.map((l) => l.sku)));
  const ids = batch.map(() => randomUUID());
  const rows = batch.map((d, i) => {
    const o = d.input;
    const totals = d.totals;
    const paid = o.status !== OrderStatus.PENDING_PAYMENT && o.status !== OrderStatus.CANCELLED;
    return {
      i, id: ids[i], c: d.channelId, e: d.externalId, s: o.status, ps: paid ? 'PAID' : 'UNPAID', cur: d.currency,
      sub: totals.subtotal, sh: totals.shipping, dis: totals.discount, tax: totals.tax, adj: totals.adjustment, tot: totals.total,
      rate: o.baseCurrencyRate ?? '1', msg: o.buyerMessage ?? '', b: o.buyerId ?? null,
      buyer: o.buyer ?? {}, addr: o.shippingAddress ?? {}, placed: o.placedAt ?? null, pa: paid ? (o.paidAt ?? new Date()) : null, mod: o.modifiedAt,
      mkt: o.marketplaceId?.trim() || null, fb: o.fulfilledBy ?? FulfilledBy.MERCHANT, mst: o.marketplaceStatus?.trim() || null,
      bc: baseRates[i].base, br: baseRates[i].rate, n: `from ${d.channelId}`,
    };
  });
  const lines = batch.flatMap((d, i) =>
    d.input.lines.map((l, p) => {
      const v = variants.get(l.sku)?.id ?? null;
      return { o: ids[i], p, v, sku: l.sku, ext: l.externalLineId ?? null, title: l.title ?? '', opt: l.optionText ?? '', q: l.quantity, price: l.unitPrice, dis: l.discount ?? '0', ...lineMoney(l), raw: v ? null : l };
    }),
  );
  const inserted = await selectBound<OrderRow>(ctx.em, insertOrders(), [
    JSON.stringify(rows),
    // Sorted, so concurrent batches lock shared customers in one order.
    JSON.stringify([...buyers].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, v]) => v)),
    JSON.stringify(lines),
    ctx.actor?.label ?? 'system',
  ]);
  if (!inserted.length) return { created: out, rows: final };
  const rowOf = new Map(inserted.map((r) => [r.id, r]));
  const created = batch.flatMap((d, i) => (rowOf.has(ids[i]) ? [{ d, id: ids[i], number: rowOf.get(ids[i])!.number }] : []));
  for (const c of created) out.set(c.d.index, c.id);

  const holds: OrderHoldChange[] = [];
  const unmapped = new Set<string>();
  for (const c of created) {
    const unknown = [...new Set(c.d.input.lines.filter((l) => !variants.has(l.sku)).map((l) => l.sku))];
    if (unknown.length) (unmapped.add(c.id), holds.push({ orderId: c.id, reason: HoldReason.UNMAPPED_SKU, held: true, note: `Unknown SKU(s): ${unknown.join(', ')}` }));
  }

  // Paid orders hold their stock, each all lines or none; a shortfall holds the order. The
  // stock levels stay locked from here to commit: two statements, whatever the batch size.
  // An order the marketplace ships from its own stock (Amazon AFN) holds none of ours.
  const toReserve = created.filter((c) => c.d.input.status === OrderStatus.PAID && !unmapped.has(c.id) && c.d.input.fulfilledBy !== FulfilledBy.MARKETPLACE);
  const requests = toReserve.map((c) => {
    const perSku = new Map<string, number>();
    for (const l of c.d.input.lines) perSku.set(l.sku, (perSku.get(l.sku) ?? 0) + l.quantity);
    return { reference: c.number, lines: [...perSku].sort(([a], [b]) => (a < b ? -1 : 1)).map(([sku, quantity]) => ({ sku, quantity })) };
  });
  const outcomes = await reserveForOrders(ctx, requests, variants);
  const reserved: { o: string; r: string }[] = [];
  outcomes.forEach((r, i) => {
    if (r.id) reserved.push({ o: toReserve[i].id, r: r.id });
    else holds.push({ orderId: toReserve[i].id, reason: HoldReason.INSUFFICIENT_STOCK, held: true, note: r.userErrors.map((e) => e.message).join('; ') });
  });
  if (reserved.length) {
    await execute(ctx.em, `update sales_order o set reservation_id = x.r from jsonb_to_recordset(?::jsonb) as x(o uuid, r uuid) where o.id = x.o`, [JSON.stringify(reserved)]);
    for (const x of reserved) rowOf.get(x.o)!.reservation_id = x.r;
  }
  // Unknown SKUs and shortfalls, in one statement for the batch.
  await setOrderHolds(ctx, holds);
  await takeMarketplaceFulfilled(ctx, created.filter((c) => PAID_OR_LATER.has(c.d.input.status)).map((c) => ({ d: c.d, number: c.number })));
  const held = new Set(holds.map((h) => h.orderId));
  for (const c of created) if (!held.has(c.id)) final.set(c.id, rowOf.get(c.id)!);
  return { created: out, rows: final };
}

/** Statuses of an order that is paid and not called off: its units are sold. */
const PAID_OR_LATER = new Set<OrderStatus>([OrderStatus.PAID, OrderStatus.PARTIALLY_SHIPPED, OrderStatus.SHIPPED, OrderStatus.DELIVERED, OrderStatus.COMPLETED]);

/**
 * Orders the marketplace ships from its own fulfilment centre (Amazon AFN), paid: their units
 * leave that centre's level (inventory takes each order once, by its number). They reserve
 * nothing of ours and we ship nothing for them.
 */
async function takeMarketplaceFulfilled(ctx: Context, orders: { d: Delivery; number: string }[]): Promise<void> {
  const afn = orders.filter((o) => o.d.input.fulfilledBy === FulfilledBy.MARKETPLACE);
  if (!afn.length) return;
  await takeMarketplaceShipped(
    ctx,
    afn.map((o) => ({ channelKey: o.d.channelId, reference: o.number, lines: o.d.input.lines.map((l) => ({ sku: l.sku, quantity: l.quantity })) })),
  );
}

/** A line's paid amount, discount share and refund, as the order_line columns take them (see insertNew, updateLines). */
function lineMoney(l: ChannelOrderLineInput): { od: string; paid: string | null; rs: string | null; rms: string | null; rq: number; ra: string | null } {
  return {
    od: l.orderDiscount ?? '0',
    paid: l.paid ?? null,
    rs: l.refund ? l.refund.status : null,
    rms: l.refund ? l.refund.marketplaceStatus.trim() : null,
    rq: l.refund?.quantity ?? 0,
    ra: l.refund?.amount ?? null,
  };
}

/**
 * An order we have already: locked, compared by the marketplace's modified time, and moved
 * along the transition table when the delivery is newer. A status the table cannot reach (a
 * late "paid" after "cancelled") is not applied: the order keeps the state it reached.
 *
 * Its amounts follow the delivery while it waits for payment (a seller changes the price
 * until the buyer pays: Taobao 改价) and the delivery has the same lines; once paid, what the
 * buyer paid stays, and refunds are recorded beside it (the lines' refunds, our own returns).
 */
async function applyUpdate(ctx: Context, d: Delivery): Promise<{ outcome: IntakeOutcome; orderId: string; money: boolean; order: LockedOrder; from: OrderStatus }> {
  const input = d.input;
  const [row] = await selectRows<LockedOrder & { external_updated_at: string | null }>(
    ctx.em,
    `select id, number, status, reservation_id, channel_id, external_updated_at from sales_order where channel_id = ? and external_id = ? for update`,
    [d.channelId, d.externalId],
  );
  const held = row.external_updated_at ? new Date(row.external_updated_at).getTime() : null;
  const at = input.modifiedAt.getTime();
  // Marketplace times are often whole seconds: a delivery stamped the same second as the one we
  // hold still counts when it brings another status (the transition table keeps it forward).
  if (held !== null && (held > at || (held === at && row.status === input.status))) return { outcome: 'UNCHANGED', orderId: row.id, money: false, order: row, from: row.status };
  const from = row.status;
  const money = row.status === OrderStatus.PENDING_PAYMENT && (await sameLines(ctx, row.id, input));
  const t = d.totals;
  await execute(
    ctx.em,
    `update sales_order set external_updated_at = ?, buyer = ?::jsonb, shipping_address = ?::jsonb, buyer_message = ?, updated_at = now(),
       marketplace_status = coalesce(?, marketplace_status), marketplace_id = coalesce(?, marketplace_id)
       ${money ? ', subtotal = ?, shipping = ?, discount = ?, tax = ?, adjustment = ?, total = ?' : ''}
     where id = ?`,
    [
      input.modifiedAt, JSON.stringify(input.buyer ?? {}), JSON.stringify(input.shippingAddress ?? {}), input.buyerMessage ?? '',
      input.marketplaceStatus?.trim() || null, input.marketplaceId?.trim() || null,
      ...(money ? [t.subtotal, t.shipping, t.discount, t.tax, t.adjustment, t.total] : []), row.id,
    ],
  );
  for (const step of path(row.status, input.status) ?? []) await transition(ctx, row, step, 'SYNC', `${d.channelId} update`);
  return { outcome: 'UPDATED', orderId: row.id, money, order: row, from };
}

/** Whether a delivery has the lines the order has: the same marketplace line ids, SKUs and quantities. */
async function sameLines(ctx: Context, orderId: string, input: ChannelDelivery): Promise<boolean> {
  const rows = await selectRows<{ external_line_id: string | null; sku: string; quantity: number }>(ctx.em, 'select external_line_id, sku, quantity from order_line where order_id = ?', [orderId]);
  const line = (ext: string | null | undefined, sku: string, quantity: number) => `${ext ?? ''}\u0000${sku}\u0000${quantity}`;
  const held = rows.map((r) => line(r.external_line_id, r.sku, r.quantity)).sort();
  const given = input.lines.map((l) => line(l.externalLineId?.trim(), l.sku, l.quantity)).sort();
  return held.length === given.length && held.every((x, i) => x === given[i]);
}

/**
 * The lines of updated orders brought up to date, matched by the marketplace's line id, in one
 * statement for the batch: their refunds (a partial refund arrives as an update of an order we
 * have), and their discounts and paid amounts where the order's amounts followed the delivery.
 */
async function updateLines(ctx: Context, updated: { d: Delivery; orderId: string; money: boolean }[]): Promise<void> {
  const lines = updated.flatMap(({ d, orderId, money }) =>
    d.input.lines.filter((l) => l.externalLineId?.trim()).map((l) => ({ o: orderId, ext: l.externalLineId!.trim(), m: money, dis: l.discount ?? '0', ...lineMoney(l) })),
  );
  if (!lines.length) return;
  await execute(
    ctx.em,
    `update order_line l set discount = case when x.m then x.dis else l.discount end, order_discount = case when x.m then x.od else l.order_discount end,
            paid = case when x.m then x.paid else l.paid end, refund_status = x.rs, refund_marketplace_status = x.rms,
            refund_quantity = least(x.rq, l.quantity), refund_amount = x.ra
       from jsonb_to_recordset(?::jsonb) as x(o uuid, ext text, m boolean, dis numeric, od numeric, paid numeric, rs text, rms text, rq int, ra numeric)
      where l.order_id = x.o and l.external_line_id = x.ext`,
    [JSON.stringify(lines)],
  );
}
