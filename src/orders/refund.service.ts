import DataLoader from 'dataloader';
import type { Context } from '../context';
import { execute, pgArray, selectRows } from '../common/sql';
import { marketplaceRefunds } from '../sync/channel-return.service';
import { fromCents, toCents } from './order-amounts';
import { LineMoney, refundableOf, spreadDiscount, unitShare } from './refund-allocation';
import type { ChangeSource, LockedOrder } from './order-lifecycle.service';

/**
 * What each order line was paid and what of it has been paid back, counted once whoever paid
 * it: our refunds (refundReturn, a cancel's refund) and the marketplace's (a line's refund on
 * the order as the intake took it, the REFUNDED cases the returns sync pulled). Our refund for a
 * return linked to a marketplace case is that case's money seen from our side, so the two count
 * as one (the larger); our other refunds come on top. A line is never refunded beyond what it
 * was paid (REFUND_EXCEEDS_PAID); money beyond the lines' (shipping, tax, the marketplace's
 * adjustment) is the order's own and may be refunded once too.
 *
 * What a line was paid: the marketplace's `paid` figure where it gave one, else quantity × unit
 * price − its discount − its share of the order's discount (the marketplace's share, or the
 * order discount spread over the lines by value when it spread none).
 *
 * A paid order the marketplace cancelled (the sync moved it to CANCELLED) was paid back by the
 * marketplace for what had not shipped, and one it refunded (REFUNDED from the sync) in full:
 * those units' share of each line counts as the marketplace's refund (once with its line
 * refunds and cases, the same money), so nothing of ours pays it again and the lines show
 * nothing left to refund for them.
 */

/** A line's money, in cents, with where its refunds came from. */
export interface LineLedger extends LineMoney {
  orderId: string;
  externalLineId: string | null;
  shipped: number;
  /** Our refunds of it for returns that answer no marketplace case (and cancels'). */
  own: number;
  /** Our refunds of it for returns that answer a marketplace case. */
  linked: number;
  /** The marketplace's refund of it as the order shows it (when REFUNDED). */
  intake: number;
  /** The marketplace's REFUNDED cases on it. */
  cases: number;
  /**
   * What the marketplace paid back of it by closing the whole order: all of it when the
   * marketplace refunded the order, its unshipped units' share when it cancelled the paid order;
   * 0 otherwise.
   */
  marketClose: number;
}

/** An order's money, in cents. */
export interface OrderLedger {
  orderId: string;
  currency: string;
  /** Whether the buyer paid (payment status other than UNPAID). */
  paid: boolean;
  total: number;
  /** Our refunds so far (sales_order.refunded): returns' and the cancel's. */
  refunded: number;
  lines: LineLedger[];
  /** The order's own money beyond its lines' (shipping, tax, adjustment). */
  own: number;
  /** Of it, refunded already (our refunds beyond what they placed on lines, or the marketplace's close of the order). */
  ownRefunded: number;
  /** Our returns that answer a marketplace case: their refunds are that case's money. */
  linkedReturns: Set<string>;
}

interface OrderMoneyRow {
  id: string;
  currency: string;
  payment_status: string;
  /** The sync cancelled the order after it was paid. */
  market_cancelled: boolean;
  /** The marketplace refunded the whole order (the sync brought it REFUNDED). */
  market_refunded: boolean;
  total: string;
  refunded: string;
  discount: string;
  channel_id: string | null;
  external_id: string | null;
}

interface LineMoneyRow {
  id: string;
  order_id: string;
  external_line_id: string | null;
  quantity: number;
  quantity_shipped: number;
  unit_price: string;
  discount: string;
  order_discount: string;
  paid: string | null;
  refund_status: string | null;
  refund_quantity: number;
  refund_amount: string | null;
}

/**
 * The ledgers of orders: one statement each for orders, lines and our refunds, one for the
 * marketplace's cases. `excludeCases` leaves those marketplace cases out (the sync weighing a
 * new version of them).
 */
export async function refundLedgers(ctx: Context, orderIds: readonly string[], excludeCases: { channelKey: string; externalIds: string[] } | null = null): Promise<Map<string, OrderLedger>> {
  const ids = pgArray([...new Set(orderIds)]);
  const out = new Map<string, OrderLedger>();
  if (!orderIds.length) return out;
  const orders = await selectRows<OrderMoneyRow>(
    ctx.em,
    `select o.id, o.currency, o.payment_status, o.total::text, o.refunded::text, o.discount::text, o.channel_id, o.external_id,
            o.status = 'CANCELLED' and exists (select 1 from order_status_history h where h.order_id = o.id and h.to_status = 'CANCELLED'
              and h.source = 'SYNC' and h.from_status is not null and h.from_status <> 'PENDING_PAYMENT') as market_cancelled,
            o.status = 'REFUNDED' and exists (select 1 from order_status_history h where h.order_id = o.id and h.to_status = 'REFUNDED'
              and h.source = 'SYNC') as market_refunded
       from sales_order o where o.id = any(?::uuid[])`,
    [ids],
  );
  const lines = await selectRows<LineMoneyRow>(
    ctx.em,
    `select id, order_id, external_line_id, quantity, quantity_shipped, unit_price::text, discount::text, order_discount::text, paid::text,
            refund_status, refund_quantity, refund_amount::text
       from order_line where order_id = any(?::uuid[]) order by order_id, position`,
    [ids],
  );
  const ours = await selectRows<{ order_line_id: string; return_id: string | null; amount: string; quantity: number }>(
    ctx.em,
    `select rfl.order_line_id, rf.return_id, sum(rfl.amount)::text as amount, sum(rfl.quantity)::int as quantity
       from return_refund rf join return_refund_line rfl on rfl.refund_id = rf.id
      where rf.order_id = any(?::uuid[]) group by rfl.order_line_id, rf.return_id`,
    [ids],
  );
  const market = await marketplaceRefunds(
    ctx,
    orders.filter((o) => o.channel_id && o.external_id).map((o) => ({ id: o.id, channelKey: o.channel_id!, externalId: o.external_id! })),
    excludeCases,
  );
  const caseCents = new Map<string, number>();
  for (const c of market.lines) caseCents.set(`${c.orderId}\u0000${c.externalLineId}`, (caseCents.get(`${c.orderId}\u0000${c.externalLineId}`) ?? 0) + toCents(c.amount));

  for (const o of orders) {
    const mine = lines.filter((l) => l.order_id === o.id);
    // The order's discount spread over lines that carry no share of it (manual orders).
    const spread = mine.some((l) => toCents(l.order_discount) > 0) ? [] : spreadDiscount(toCents(o.discount), mine.map((l) => (l.paid == null ? base(l) : 0)));
    const ledgerLines = mine.map((l, i): LineLedger => {
      const paid = Math.max(0, l.paid != null ? toCents(l.paid) : base(l) - toCents(l.order_discount) - (spread[i] ?? 0));
      let own = 0;
      let ownUnits = 0;
      let linked = 0;
      let linkedUnits = 0;
      for (const r of ours.filter((x) => x.order_line_id === l.id)) {
        if (r.return_id && market.linkedReturns.has(r.return_id)) (linked += toCents(r.amount)), (linkedUnits += r.quantity);
        else (own += toCents(r.amount)), (ownUnits += r.quantity);
      }
      const lineRefunded = l.refund_status === 'REFUNDED';
      const marketUnits = lineRefunded ? l.refund_quantity : 0;
      // Taobao states a line's refund without its amount on the order: its units' share stands for it.
      const intake = !lineRefunded ? 0 : l.refund_amount != null ? toCents(l.refund_amount) : unitShare(paid, marketUnits, l.quantity);
      const cases = l.external_line_id ? (caseCents.get(`${o.id}\u0000${l.external_line_id}`) ?? 0) : 0;
      const closedUnits = o.market_refunded ? l.quantity : o.market_cancelled ? Math.max(0, l.quantity - l.quantity_shipped) : 0;
      const marketClose = unitShare(paid, closedUnits, l.quantity);
      return {
        lineId: l.id,
        orderId: o.id,
        externalLineId: l.external_line_id,
        quantity: l.quantity,
        shipped: l.quantity_shipped,
        own,
        linked,
        intake,
        cases,
        marketClose,
        paid,
        refunded: own + Math.max(intake, cases, linked, marketClose),
        refundedUnits: Math.min(l.quantity, ownUnits + Math.max(marketUnits, linkedUnits, closedUnits)),
      };
    });
    const total = toCents(o.total);
    const refunded = toCents(o.refunded);
    const onLines = ours.filter((r) => mine.some((l) => l.id === r.order_line_id)).reduce((n, r) => n + toCents(r.amount), 0);
    const own = Math.max(0, total - ledgerLines.reduce((n, l) => n + l.paid, 0));
    // The marketplace's refund of the order, or its cancel before anything shipped, paid back the
    // order's own money too (shipping, tax).
    const ownClosed = o.market_refunded || (o.market_cancelled && !mine.some((l) => l.quantity_shipped > 0)) ? own : 0;
    out.set(o.id, {
      orderId: o.id,
      currency: o.currency,
      paid: o.payment_status !== 'UNPAID',
      total,
      refunded,
      lines: ledgerLines,
      own,
      ownRefunded: Math.max(ownClosed, refunded - onLines, 0),
      linkedReturns: market.linkedReturns,
    });
  }
  return out;
}

/**
 * What a refund of a return may still place on a line, in cents. Our refund of a return that
 * answers a marketplace case is that case's money seen from our side: it counts as one with the
 * marketplace's refunds (the larger), so only our other refunds and the earlier refunds of linked
 * returns bound it. Any other refund comes on top of everything paid back.
 */
export function roomOnLine(line: LineLedger, linkedReturn: boolean): number {
  return linkedReturn ? Math.max(0, line.paid - line.own - line.linked) : refundableOf(line).amount;
}

/** quantity × unit price − the line's own discount, in cents. */
function base(l: LineMoneyRow): number {
  return l.quantity * toCents(l.unit_price) - toCents(l.discount);
}

/**
 * The refundable rest of each line of a page of orders (OrderLine.refundable), in cents and
 * units, one ledger read per batch; kept on the request's context. An order never paid has
 * nothing to refund.
 */
export function refundableByOrder(ctx: Context): DataLoader<string, Map<string, { amount: number; quantity: number }>> {
  return ctx.loaders.of(createRefundableByOrder);
}

function createRefundableByOrder(ctx: Context): DataLoader<string, Map<string, { amount: number; quantity: number }>> {
  return new DataLoader(async (orderIds) => {
    const ledgers = await refundLedgers(ctx, orderIds);
    return orderIds.map((id) => {
      const ledger = ledgers.get(id);
      return new Map((ledger?.lines ?? []).map((l) => [l.lineId, ledger!.paid ? refundableOf(l) : { amount: 0, quantity: 0 }]));
    });
  });
}

/** A refund to record: its lines' shares in cents (those of 0 are left out) and the order's own part. */
export interface NewRefund {
  orderId: string;
  returnId: string | null;
  kind: 'RETURN' | 'CANCEL';
  amount: number;
  currency: string;
  lines: { lineId: string; units: number; amount: number }[];
}

/** Writes a refund with its lines and raises the order's refunded amount (and payment status); returns the refund's id. */
export async function recordRefund(ctx: Context, r: NewRefund): Promise<string> {
  const [row] = await selectRows<{ id: string }>(
    ctx.em,
    `insert into return_refund (id, return_id, order_id, amount, currency, actor_label, kind) values (gen_random_uuid(), ?, ?, ?, ?, ?, ?) returning id`,
    [r.returnId, r.orderId, fromCents(r.amount), r.currency, ctx.actor?.label ?? 'system', r.kind],
  );
  const lines = r.lines.filter((l) => l.amount > 0);
  if (lines.length) {
    await execute(
      ctx.em,
      `insert into return_refund_line (id, refund_id, order_line_id, quantity, amount)
       select gen_random_uuid(), ?, x.l, x.q, x.a from jsonb_to_recordset(?::jsonb) as x(l uuid, q int, a numeric)`,
      [row.id, JSON.stringify(lines.map((l) => ({ l: l.lineId, q: l.units, a: fromCents(l.amount) })))],
    );
  }
  await execute(
    ctx.em,
    `update sales_order set refunded = refunded + ?::numeric,
       payment_status = case when refunded + ?::numeric >= total then 'REFUNDED' else 'PARTIALLY_REFUNDED' end, updated_at = now()
     where id = ?`,
    [fromCents(r.amount), fromCents(r.amount), r.orderId],
  );
  return row.id;
}

/**
 * What a cancel does to an order's money and its open returns (transition calls it for every
 * move to CANCELLED, after the status changed):
 * - Our cancel (cancelOrder) of a paid order refunds what the buyer paid for what will not ship,
 *   as a refund record of its own (kind CANCEL, see refundOnCancel).
 * - A cancel the marketplace made (the sync) writes no refund of ours: the marketplace pays the
 *   buyer back, and the ledger counts the unshipped units as paid back by it (refundLedgers).
 * - Either way, when nothing had shipped, the open refund-only returns (REQUESTED, APPROVED)
 *   asked for money the cancel paid back: they are CLOSED as covered by it, and a refund of them
 *   is refused (ALREADY_REFUNDED_BY_CANCEL). Once something shipped, every open return stays
 *   open: goods of shipped units may still come back (return-and-refund, exchange) and a
 *   refund-only return may still be about a shipped unit; their refunds are capped by what the
 *   lines have left after the cancel (REFUND_EXCEEDS_PAID).
 */
export async function settleCancel(ctx: Context, order: LockedOrder, source: ChangeSource): Promise<void> {
  const refundId = source === 'SYNC' ? null : await refundOnCancel(ctx, order);
  const closed = await selectRows<{ id: string; status: string }>(
    ctx.em,
    `update order_return r set status = 'CLOSED', covered_by_cancel = true, covered_by_refund_id = ?, updated_at = now()
       from (select id, status from order_return where order_id = ? and type = 'REFUND_ONLY' and status in ('REQUESTED', 'APPROVED') for update) old
      where r.id = old.id and not exists (select 1 from order_line l where l.order_id = ? and l.quantity_shipped > 0)
      returning r.id, old.status`,
    [refundId, order.id, order.id],
  );
  if (!closed.length) return;
  const note = source === 'SYNC' ? "covered by the marketplace's cancel of the order" : "covered by the refund of the order's cancel";
  await execute(
    ctx.em,
    `insert into return_status_history (return_id, from_status, to_status, actor_label, note)
     select x.id, x.status, 'CLOSED', ?, ? from jsonb_to_recordset(?::jsonb) as x(id uuid, status text)`,
    [ctx.actor?.label ?? 'system', note, JSON.stringify(closed)],
  );
}

/**
 * Our refund of a paid order we cancel: what the buyer paid for what will not ship, as a refund
 * record of its own (kind CANCEL). Before anything shipped that is all the order has left to
 * refund: every line's rest and the order's own money (shipping, tax). After a partial shipment
 * it is each line's unshipped units' share of what the line was paid (at most what the line has
 * left); the shipped units and the shipping stay paid, and returns of them are refunded as
 * returns, within what is left. An unpaid order refunds nothing. Never beyond the order's total.
 * Returns the refund's id, or null when nothing was refunded.
 */
export async function refundOnCancel(ctx: Context, order: LockedOrder): Promise<string | null> {
  const [o] = await selectRows<{ payment_status: string }>(ctx.em, 'select payment_status from sales_order where id = ?', [order.id]);
  if (o?.payment_status !== 'PAID' && o?.payment_status !== 'PARTIALLY_REFUNDED') return null;
  const ledger = (await refundLedgers(ctx, [order.id])).get(order.id)!;
  const shippedAny = ledger.lines.some((l) => l.shipped > 0);
  const lines = ledger.lines.map((l) => {
    const left = refundableOf(l);
    if (!shippedAny) return { lineId: l.lineId, units: left.quantity, amount: left.amount };
    const units = Math.min(l.quantity - l.shipped, left.quantity);
    return { lineId: l.lineId, units, amount: Math.min(left.amount, unitShare(l.paid, units, l.quantity)) };
  });
  let own = shippedAny ? 0 : Math.max(0, ledger.own - ledger.ownRefunded);
  // Never beyond the order's total, whatever the marketplace's figures say.
  let room = Math.max(0, ledger.total - ledger.refunded);
  own = Math.min(own, room);
  room -= own;
  for (const l of lines) {
    l.amount = Math.min(l.amount, room);
    room -= l.amount;
  }
  const amount = own + lines.reduce((n, l) => n + l.amount, 0);
  if (amount <= 0) return null;
  return recordRefund(ctx, { orderId: order.id, returnId: null, kind: 'CANCEL', amount, currency: ledger.currency, lines });
}

/**
 * Marketplace refunds of one channel (REFUNDED cases with an amount and a line) that would take
 * their line beyond what it was paid, counting everything refunded already (each case's own
 * earlier version left out) and the batch's earlier cases; by case id, with why. The returns
 * sync keeps such a case but does not link it to the order.
 */
export async function marketplaceRefundsBeyondPaid(
  ctx: Context,
  channelKey: string,
  cases: { externalId: string; orderId: string; externalLineId: string; amount: string }[],
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (!cases.length) return out;
  const ledgers = await refundLedgers(ctx, cases.map((c) => c.orderId), { channelKey, externalIds: cases.map((c) => c.externalId) });
  const added = new Map<string, number>();
  for (const c of cases) {
    const line = ledgers.get(c.orderId)?.lines.find((l) => l.externalLineId === c.externalLineId);
    if (!line) continue;
    const cases = line.cases + (added.get(line.lineId) ?? 0) + toCents(c.amount);
    // The marketplace's cases add up, and count as one with its line refund and our refunds
    // that answer its cases (the same money seen twice); our other refunds come on top.
    if (line.own + Math.max(line.intake, cases, line.linked, line.marketClose) > line.paid) {
      out.set(c.externalId, `${fromCents(toCents(c.amount))} refunded by the marketplace on line ${c.externalLineId}, which has ${fromCents(Math.max(0, line.paid - line.refunded))} of ${fromCents(line.paid)} left to refund`);
    } else added.set(line.lineId, (added.get(line.lineId) ?? 0) + toCents(c.amount));
  }
  return out;
}
