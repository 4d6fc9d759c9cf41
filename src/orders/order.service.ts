import type { Context } from '../context';
import { UserError, userError } from '../common/errors';
import { uuidOf } from '../common/ids';
import { execute, selectRows } from '../common/sql';
import { ChannelOrderInput, CreateOrderInput, HoldOrderInput } from './order.inputs';
import { HoldReason, OrderStatus } from './order-status';
import { channelKeyOf, channelKeysById, IntakeOutcome, recordChannelOrders } from './order-intake.service';
import { Order, ORDER_COLUMNS, OrderRow } from './order.types';
import { activeHolds, clearHold, lockOrderFor, LockedOrder, reserveForOrder, setHold, transition } from './order-lifecycle.service';
import { checkNewOrder, insertOrder, mapSkus, requestHash } from './order-write.service';
import { requireOnOrder } from './order-scope';
import { P } from '../staff/permissions';

/** Order mutations: manual orders, the channel intake, cancel, pay, hold and release. */

export interface OrderPayloadShape {
  order: Order | null;
  userErrors: UserError[];
}

/** One order; null when there is none. Callers check the caller's reach (orderFor does). */
export async function orderNode(ctx: Context, id: string): Promise<Order | null> {
  const [row] = await selectRows<OrderRow>(ctx.em, `select ${ORDER_COLUMNS} from sales_order o where o.id = ?`, [id]);
  return row ? Order.fromRow(row) : null;
}

/**
 * One order as `order(id)` and `node(id)` read it: null when there is none, FORBIDDEN when it is
 * of a channel the caller does not read orders of (or a manual order, for channel-limited staff).
 */
export async function orderFor(ctx: Context, id: string): Promise<Order | null> {
  const order = await orderNode(ctx, id);
  if (order) requireOnOrder(ctx, order.channelKey, P.OrdersRead);
  return order;
}

const notFound = (field = 'id'): OrderPayloadShape => ({ order: null, userErrors: [userError('NOT_FOUND', 'No order has this id', field)] });

/**
 * createOrder: a manual, offline or wholesale order. Idempotent on its key: the same key and
 * body return the same order; the same key with another body is IDEMPOTENCY_KEY_REUSED.
 */
export async function createOrder(ctx: Context, input: CreateOrderInput): Promise<OrderPayloadShape> {
  // A manual order has no channel: only staff whose orders.write holds on every channel make one.
  requireOnOrder(ctx, null, P.OrdersWrite);
  const errors: UserError[] = [];
  const key = input.idempotencyKey.trim();
  if (!key || key.length > 200) errors.push(userError('INVALID_VALUE', 'The idempotency key is 1-200 characters', 'idempotencyKey'));
  const currency = input.currency.trim().toUpperCase();
  checkNewOrder({ ...input, currency }, errors);
  const { idempotencyKey: _key, ...body } = input;
  const hash = requestHash({ ...body, currency });
  const existing = async () => {
    const [o] = await selectRows<{ id: string; request_hash: string }>(ctx.em, 'select id, request_hash from sales_order where idempotency_key = ?', [key]);
    return o;
  };
  const before = await existing();
  if (before) {
    if (before.request_hash !== hash) return { order: null, userErrors: [userError('IDEMPOTENCY_KEY_REUSED', 'This idempotency key was used for a different order', 'idempotencyKey')] };
    return { order: await orderNode(ctx, before.id), userErrors: [] };
  }
  if (errors.length) return { order: null, userErrors: errors };
  const known = await mapSkus(ctx, input.lines.map((l) => l.sku));
  input.lines.forEach((l, i) => {
    if (!known.has(l.sku)) errors.push(userError('UNKNOWN_SKU', `No variant has SKU ${l.sku}`, ['lines', i, 'sku']));
  });
  if (errors.length) return { order: null, userErrors: errors };
  const id = await insertOrder(
    ctx,
    {
      channelId: null,
      externalId: null,
      idempotencyKey: key,
      requestHash: hash,
      status: input.paymentPending ? OrderStatus.PENDING_PAYMENT : OrderStatus.PAID,
      currency,
      buyer: input.buyer ?? {},
      shippingAddress: input.shippingAddress ?? {},
      lines: input.lines,
      shipping: input.shipping,
      discount: input.discount,
      tax: input.tax,
      baseCurrencyRate: input.baseCurrencyRate,
      buyerMessage: input.buyerMessage,
      sellerMemo: input.sellerMemo,
    },
    'API',
  );
  if (id) return { order: await orderNode(ctx, id), userErrors: [] };
  // Another request with this key committed first: answer as for a repeat.
  const again = (await existing())!;
  if (again.request_hash !== hash) return { order: null, userErrors: [userError('IDEMPOTENCY_KEY_REUSED', 'This idempotency key was used for a different order', 'idempotencyKey')] };
  return { order: await orderNode(ctx, again.id), userErrors: [] };
}

/**
 * recordChannelOrder: one delivery through the batch intake (order-intake.service.ts), which
 * is idempotent by (channel, external id) and the marketplace's modified time.
 */
export async function recordChannelOrder(ctx: Context, input: ChannelOrderInput): Promise<OrderPayloadShape & { outcome: IntakeOutcome | null }> {
  const [r] = await recordChannelOrdersFor(ctx, [input]);
  return r;
}

/**
 * recordChannelOrders from the API: the caller needs channels.sync on the channel of every order
 * delivered, else the whole batch is refused (FORBIDDEN) and nothing is recorded.
 */
export async function recordChannelOrdersFor(ctx: Context, inputs: ChannelOrderInput[]): ReturnType<typeof recordChannelOrders> {
  // A delivery that names no channel it may name is refused by the intake, order by order.
  const keysById = await channelKeysById(ctx, inputs);
  for (const input of inputs) {
    const key = channelKeyOf(input, keysById, []);
    if (key) requireOnOrder(ctx, key, P.ChannelsSync);
  }
  return recordChannelOrders(ctx, inputs);
}

async function lockById(ctx: Context, globalId: string): Promise<LockedOrder | undefined> {
  const id = uuidOf('Order', globalId);
  return id ? lockOrderFor(ctx, id, P.OrdersWrite) : undefined;
}

async function move(ctx: Context, globalId: string, to: OrderStatus, note = ''): Promise<OrderPayloadShape> {
  const order = await lockById(ctx, globalId);
  if (!order) return notFound();
  const refused = await transition(ctx, order, to, 'API', note);
  if (refused) return { order: null, userErrors: [refused] };
  return { order: await orderNode(ctx, order.id), userErrors: [] };
}

/**
 * cancelOrder: cancels (from a status the table allows) and releases the reserved stock. A paid
 * order is refunded what will not ship, and its open refund-only returns are closed as covered
 * when nothing had shipped (transition → refund.service settleCancel says what and why).
 */
export function cancelOrder(ctx: Context, id: string, reason: string): Promise<OrderPayloadShape> {
  return move(ctx, id, OrderStatus.CANCELLED, reason);
}

/** markOrderPaid: a pending manual order was paid; its stock is reserved. */
export function markOrderPaid(ctx: Context, id: string): Promise<OrderPayloadShape> {
  return move(ctx, id, OrderStatus.PAID);
}

/** holdOrder: sets a hold flag (the status stays). */
export async function holdOrder(ctx: Context, input: HoldOrderInput): Promise<OrderPayloadShape> {
  const order = await lockById(ctx, input.orderId);
  if (!order) return notFound('orderId');
  await setHold(ctx, order.id, input.reason ?? HoldReason.MANUAL, input.note ?? '');
  return { order: await orderNode(ctx, order.id), userErrors: [] };
}

/**
 * releaseOrder: clears a hold (all of them when no reason is given). Releasing an
 * INSUFFICIENT_STOCK hold tries the reservation again; an unmapped SKU stays held until mapped.
 */
export async function releaseOrder(ctx: Context, id: string, reason?: HoldReason | null): Promise<OrderPayloadShape> {
  const order = await lockById(ctx, id);
  if (!order) return notFound();
  if (reason === HoldReason.UNMAPPED_SKU) {
    return { order: null, userErrors: [userError('UNMAPPED_SKU', 'Map the unknown SKUs (mapOrderLineSku) to release this hold', 'reason')] };
  }
  const targets = reason ? [reason] : (await activeHolds(ctx, order.id)).filter((h) => h !== HoldReason.UNMAPPED_SKU);
  for (const h of targets) await clearHold(ctx, order.id, h);
  if (order.status === OrderStatus.PAID) await reserveForOrder(ctx, order);
  return { order: await orderNode(ctx, order.id), userErrors: [] };
}

/** mapOrderLineSku: points an unmapped line at a catalogue SKU; when none is left, the hold goes and a paid order reserves. */
export async function mapOrderLineSku(ctx: Context, lineId: string, sku: string): Promise<OrderPayloadShape> {
  const id = uuidOf('OrderLine', lineId);
  const [line] = id ? await selectRows<{ order_id: string }>(ctx.em, 'select order_id from order_line where id = ?', [id]) : [];
  if (!line) return { order: null, userErrors: [userError('NOT_FOUND', 'No order line has this id', 'orderLineId')] };
  const order = (await lockOrderFor(ctx, line.order_id, P.OrdersWrite))!;
  const variant = (await mapSkus(ctx, [sku])).get(sku);
  if (!variant) return { order: null, userErrors: [userError('UNKNOWN_SKU', `No variant has SKU ${sku}`, 'sku')] };
  await execute(ctx.em, 'update order_line set variant_id = ?, sku = ? where id = ?', [variant, sku, id]);
  const [left] = await selectRows<{ n: number }>(ctx.em, 'select count(*)::int as n from order_line where order_id = ? and variant_id is null', [order.id]);
  if (left.n === 0) {
    await clearHold(ctx, order.id, HoldReason.UNMAPPED_SKU);
    if (order.status === OrderStatus.PAID) await reserveForOrder(ctx, order);
  }
  return { order: await orderNode(ctx, order.id), userErrors: [] };
}
