import type { Context } from '../../context';
import type { CatalogRows } from '../../catalog/catalog-rows';
import { toGlobalId } from '../../common/ids';
import { selectRows } from '../../common/sql';
import {
  approveReturn,
  createReturn,
  FulfilledBy,
  OrderStatus,
  receiveReturn,
  recordChannelOrders,
  refundReturn,
  rejectReturn,
  ReturnCondition,
  ReturnStatus,
  ReturnType,
  setOrderHolds,
} from '../../orders';
import type { ChannelDelivery, Order, OrderHoldChange } from '../../orders';
import type { Actor } from '../../staff/actor';
import { builtInRole } from '../../staff/roles';
import { DEMO_EMAIL_DOMAIN } from './demo-staff';
import { DemoOrder, DemoStep, planDemoOrders } from './demo-order-plan';
import { intakeDay, intakeOrder } from './demo-order-model';

/**
 * Takes the demo's order history (demo-order-plan.ts) in as the sync engine would have: each
 * order through the orders intake (recordChannelOrders, a day's orders a batch) as the
 * marketplace first reported it (paid orders reserve their stock, unknown SKUs and shortfalls
 * hold), then as it reports it now (shipped parcels leave the warehouses that held them, with
 * their waybills; cancels give the stock back), the holds the marketplace or staff set, and the
 * after-sales through our returns as customer service and the warehouse make them. Nothing is
 * written past the orders module's door; stock moves only as orders move it, so the books agree.
 *
 * What the intake and the returns stamp themselves (history, shipments' delivery, returns, the
 * stock ledger) carries the time of the seed; the orders carry the marketplace's times.
 */

/** What was loaded. */
export interface DemoOrdersLoaded {
  /** Orders taken in from the channels, and replacement orders of exchanges. */
  orders: number;
  held: number;
  returns: number;
}

/** Orders per intake call at most: a marketplace page's worth, as the sync engine delivers them. */
const BATCH = 100;

const keyOf = (channelKey: string, externalId: string) => `${channelKey}\u0000${externalId}`;

/** The marketplace's word for a line refund (Taobao's refund status; the others' own). */
function refundWord(o: DemoOrder, requested: boolean): string {
  if (o.market.domestic) return requested ? 'WAIT_SELLER_AGREE' : 'SUCCESS';
  return requested ? 'REQUESTED' : o.channelKey === 'aliexpress-sim' ? 'REFUND_SUCCESS' : 'REFUNDED';
}

/** The order as the marketplace reports it in `step`, with the parcels when it is the latest report. */
function delivery(o: DemoOrder, step: DemoStep, latest: boolean): ChannelDelivery {
  const paid = step.status !== OrderStatus.PENDING_PAYMENT && o.paidAt != null;
  const refunded = o.lineRefund === 'REFUNDED' && step.status === OrderStatus.CANCELLED;
  const requested = o.lineRefund === 'REQUESTED';
  return {
    channelKey: o.channelKey,
    externalId: o.externalId,
    status: step.status,
    marketplaceStatus: step.marketplaceStatus,
    marketplaceId: o.market.marketplaceId,
    fulfilledBy: FulfilledBy.MERCHANT,
    modifiedAt: step.at,
    placedAt: o.placedAt,
    paidAt: paid ? o.paidAt : null,
    currency: o.market.currency,
    buyerId: o.buyer.id,
    buyer: { name: o.buyer.name, nickname: o.buyer.nickname, phone: o.buyer.phone, email: o.buyer.email },
    shippingAddress: { ...o.address },
    lines: o.lines.map((l, i) => ({
      externalLineId: l.externalLineId,
      sku: l.sku,
      title: l.title,
      optionText: l.optionText,
      quantity: l.quantity,
      unitPrice: l.unitPrice,
      orderDiscount: l.orderDiscount,
      paid: l.paid,
      refund: refunded
        ? { status: ReturnStatus.REFUNDED, marketplaceStatus: refundWord(o, false), quantity: l.quantity, amount: l.paid }
        : requested
          ? { status: ReturnStatus.REQUESTED, marketplaceStatus: refundWord(o, true), quantity: 0, amount: null }
          : null,
      shipments: latest
        ? o.parcels.filter((p) => p.lines.includes(i)).map((p) => ({ quantity: l.quantity, carrier: p.carrier, trackingNumber: p.trackingNumber, shippedAt: p.shippedAt }))
        : null,
    })),
    shipping: o.shipping,
    paidTotal: o.total,
    buyerMessage: o.buyerMessage || null,
  };
}

/** Delivers to the intake in batches; every delivery must be taken (a refusal is a fault of the plan). */
async function intake(ctx: Context, deliveries: ChannelDelivery[]): Promise<Map<string, Order>> {
  const out = new Map<string, Order>();
  for (let i = 0; i < deliveries.length; i += BATCH) {
    const batch = deliveries.slice(i, i + BATCH);
    const results = await recordChannelOrders(ctx, batch);
    results.forEach((r, k) => {
      if (r.userErrors.length || !r.order) throw new Error(`demo order ${batch[k].channelKey} ${batch[k].externalId}: ${JSON.stringify(r.userErrors)}`);
      out.set(keyOf(batch[k].channelKey!, batch[k].externalId), r.order);
    });
  }
  return out;
}

/** A demo staff member of a built-in role (demo-staff.ts) as the caller: after-sales is their work. */
async function demoStaffActor(ctx: Context, roleKey: string): Promise<Actor> {
  const email = `${roleKey}@${DEMO_EMAIL_DOMAIN}`;
  const role = builtInRole(roleKey)!;
  const [staff] = await selectRows<{ id: string }>(ctx.em, 'select id from staff where email = ?', [email]);
  if (!staff) throw new Error(`demo orders: no demo staff member ${email}`);
  return { type: 'STAFF', id: staff.id, label: email, departmentKey: role.department, permissions: new Set(role.permissions), channelScopes: new Map() };
}

/** Runs `work` as `actor` on the seed's context. */
async function as<T>(ctx: Context, actor: Actor, work: () => Promise<T>): Promise<T> {
  const before = ctx.actor;
  ctx.actor = actor;
  try {
    return await work();
  } finally {
    ctx.actor = before;
  }
}

function check(what: string, r: { userErrors: { code: string; message: string }[] }): void {
  if (r.userErrors.length) throw new Error(`demo after-sales, ${what}: ${JSON.stringify(r.userErrors)}`);
}

/**
 * The after-sales of the history: customer service records each return as the buyer asked and
 * decides it, the warehouse receives the goods, customer service refunds; an exchange's
 * replacement order is created by the returns service itself. Returns how many replacement
 * orders were made.
 */
async function afterSales(ctx: Context, plan: DemoOrder[], orders: Map<string, Order>): Promise<number> {
  const service = await demoStaffActor(ctx, 'customer_service');
  const warehouse = await demoStaffActor(ctx, 'warehouse');
  let replacements = 0;
  for (const o of plan) {
    const r = o.return;
    if (!r) continue;
    const order = orders.get(keyOf(o.channelKey, o.externalId))!;
    const lines = await ctx.loaders.orders.linesByOrder.load(order.dbId);
    const made = await as(ctx, service, () =>
      createReturn(ctx, {
        orderId: order.id,
        type: r.type,
        reason: r.reason,
        lines: r.lines.map((l) => ({ orderLineId: toGlobalId('OrderLine', lines[l.index].id), quantity: l.quantity, reason: r.reason })),
        channelReturnId: null,
      }),
    );
    check(`return of ${o.externalId}`, made);
    const ret = made.return!;
    if (r.outcome === 'REQUESTED') continue;
    if (r.outcome === 'REJECTED') {
      check('rejection', await as(ctx, service, () => rejectReturn(ctx, ret.id, r.rejection!)));
      continue;
    }
    check('approval', await as(ctx, service, () => approveReturn(ctx, ret.id)));
    if (r.outcome === 'APPROVED') continue;
    if (r.type !== ReturnType.REFUND_ONLY) {
      const returnLines = await ret.lines(ctx);
      const condition = r.condition === 'DAMAGED' ? ReturnCondition.DAMAGED : ReturnCondition.SELLABLE;
      check('receipt', await as(ctx, warehouse, () => receiveReturn(ctx, { returnId: ret.id, lines: returnLines.map((l) => ({ returnLineId: l.id, quantity: l.quantity, condition })) })));
    }
    if (r.outcome === 'EXCHANGED') replacements++;
    else check('refund', await as(ctx, service, () => refundReturn(ctx, { returnId: ret.id, amount: r.amount! })));
  }
  return replacements;
}

/**
 * Loads the demo's order history on the channels given (those the demo made: demo-channels.ts),
 * dated back from `now`, in the caller's unit of work. The demo's stock, staff and exchange rates
 * must be there already.
 */
export async function loadDemoOrders(ctx: Context, rows: CatalogRows, channelKeys: readonly string[], now = new Date()): Promise<DemoOrdersLoaded> {
  // A day at a time, in the order the plan's stock walk reserved them (intakeOrder): our numbers follow the calendar.
  const plan = planDemoOrders(rows, now)
    .filter((o) => channelKeys.includes(o.channelKey))
    .sort(intakeOrder);
  const days: DemoOrder[][] = [];
  for (const o of plan) {
    const last = days[days.length - 1];
    if (last && intakeDay(last[0]) === intakeDay(o) && last.length < BATCH) last.push(o);
    else days.push([o]);
  }
  const orders = new Map<string, Order>();
  for (const day of days) for (const [k, v] of await intake(ctx, day.map((o) => delivery(o, o.steps[0], o.steps.length === 1)))) orders.set(k, v);
  const holds: OrderHoldChange[] = plan.flatMap((o) => (o.hold ? [{ orderId: orders.get(keyOf(o.channelKey, o.externalId))!.dbId, reason: o.hold.reason, held: true, note: o.hold.note }] : []));
  await setOrderHolds(ctx, holds);
  await intake(ctx, plan.filter((o) => o.steps.length > 1).map((o) => delivery(o, o.steps[o.steps.length - 1], true)));
  const replacements = await afterSales(ctx, plan, orders);
  return {
    orders: plan.length + replacements,
    held: plan.filter((o) => o.hold || o.intakeHold).length,
    returns: plan.filter((o) => o.return).length,
  };
}
