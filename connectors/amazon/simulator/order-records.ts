import { SimHttpError } from '../../sdk/simulator';
import type { AmazonState, OrderChange, OrderRecord, Raw } from './amazon-state';
import { amazonTime, isObject, isoTime } from './call';
import { marketplace } from './marketplaces';
import { num, parseWire, WireNumber } from '../../sdk/simulator/wire-json';

/**
 * Orders of the Orders API v2026-01-01 (amazon.md §4a) as the simulator keeps them: exactly as
 * given to `POST /__sim/orders` (an `Order` as searchOrders returns it with every block, unknown
 * fields, number literals and text kept), changed only where Amazon would (status,
 * `lastUpdatedTime`, item fulfilment quantities, packages, cancellation requests). An answer shows
 * the blocks `includedData` asks for, and no PII without the role.
 */

export const FULFILLMENT_STATUSES = ['PENDING_AVAILABILITY', 'PENDING', 'UNSHIPPED', 'PARTIALLY_SHIPPED', 'SHIPPED', 'CANCELLED', 'UNFULFILLABLE'] as const;
export const INCLUDED_DATA = ['BUYER', 'RECIPIENT', 'PROCEEDS', 'EXPENSE', 'PROMOTION', 'CANCELLATION', 'FULFILLMENT', 'PACKAGES', 'TAX', 'PAYMENT', 'FULFILLMENT_ORDERS'] as const;
export const FULFILLED_BY = ['MERCHANT', 'AMAZON'] as const;

/** Order fields shown only when `includedData` names their data set [O: the models' sandbox answers show the pairing]; the rest always. */
const ORDER_BLOCKS: Record<string, string> = { buyer: 'BUYER', recipient: 'RECIPIENT', proceeds: 'PROCEEDS', payment: 'PAYMENT', tax: 'TAX', fulfillment: 'FULFILLMENT', packages: 'PACKAGES', fulfillmentOrders: 'FULFILLMENT_ORDERS' };
/** Item fields likewise; `orderItems` themselves are always there ("items always included" [O: migration guide]). */
const ITEM_BLOCKS: Record<string, string> = { proceeds: 'PROCEEDS', expense: 'EXPENSE', promotion: 'PROMOTION', cancellation: 'CANCELLATION', fulfillment: 'FULFILLMENT', tax: 'TAX' };

/**
 * PII fields of v2026-01-01 [S: Amazon's "Access Orders PII" page]: shown only with the
 * restricted roles (Direct-to-Consumer Delivery for the recipient, Tax Invoicing/Remittance for the
 * buyer); without them the rest of the block stays. The buyer's email also needs a
 * merchant-fulfilled order in UNSHIPPED, PARTIALLY_SHIPPED or SHIPPED [S: same page], and the
 * phone is suppressed on Amazon-fulfilled orders [O: CustomerAddress.phone].
 */
const ADDRESS_PII = ['name', 'addressLine1', 'addressLine2', 'addressLine3', 'postalCode', 'phone', 'extendedFields'];

/** A copy of wire JSON (WireNumbers are immutable and shared). */
export function copy<T>(v: T): T {
  if (Array.isArray(v)) return v.map((x) => copy(x)) as unknown as T;
  if (v && typeof v === 'object' && !(v instanceof WireNumber)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, copy(x)])) as T;
  return v;
}

export function orderIdOf(r: OrderRecord): string {
  return r.order.orderId as string;
}

export function statusOf(r: OrderRecord): string | undefined {
  return isObject(r.order.fulfillment) ? (r.order.fulfillment.fulfillmentStatus as string | undefined) : undefined;
}

/** MERCHANT unless the order says AMAZON. */
export function fulfilledByOf(r: OrderRecord): string {
  return isObject(r.order.fulfillment) && r.order.fulfillment.fulfilledBy === 'AMAZON' ? 'AMAZON' : 'MERCHANT';
}

export function marketplaceOf(r: OrderRecord): string | undefined {
  return isObject(r.order.salesChannel) ? (r.order.salesChannel.marketplaceId as string | undefined) : undefined;
}

export function createdMs(r: OrderRecord): number {
  return isoTime(r.order.createdTime) ?? 0;
}

export function updatedMs(r: OrderRecord): number {
  return isoTime(r.order.lastUpdatedTime) ?? 0;
}

export function items(r: OrderRecord): Raw[] {
  return (r.order.orderItems as Raw[]).filter(isObject);
}

function refuse(message: string): never {
  throw new SimHttpError(400, message);
}

/** The fields of an order the simulator itself reads, checked (400 otherwise): what `POST /__sim/orders` requires, and what a change must leave. */
function checkOrder(o: Raw): void {
  if (typeof o.orderId !== 'string' || !o.orderId) refuse('orderId (a string such as 902-1234567-1234567) is required');
  if (isoTime(o.createdTime) === null) refuse('createdTime (ISO 8601 with a zone) is required');
  if (isoTime(o.lastUpdatedTime) === null) refuse('lastUpdatedTime must be ISO 8601 with a zone');
  if (!isObject(o.salesChannel) || typeof o.salesChannel.channelName !== 'string') refuse('salesChannel {channelName, marketplaceId} is required');
  const mp = (o.salesChannel as Raw).marketplaceId;
  if (typeof mp !== 'string' || !marketplace(mp)) refuse(`salesChannel.marketplaceId must be an Amazon marketplace id, not ${JSON.stringify(mp)}`);
  if (!Array.isArray(o.orderItems) || o.orderItems.length === 0) refuse('orderItems (at least one) is required: the v2026-01-01 Order carries its items');
  for (const [i, it] of (o.orderItems as unknown[]).entries()) {
    if (!isObject(it) || typeof it.orderItemId !== 'string' || !Number.isInteger(num(it.quantityOrdered)) || !isObject(it.product)) refuse(`orderItems[${i}] needs orderItemId (string), quantityOrdered (integer) and product`);
  }
  if (o.fulfillment !== undefined) {
    if (!isObject(o.fulfillment) || !FULFILLMENT_STATUSES.includes(o.fulfillment.fulfillmentStatus as never)) refuse(`fulfillment.fulfillmentStatus must be one of ${FULFILLMENT_STATUSES.join(', ')}`);
    if (o.fulfillment.fulfilledBy !== undefined && !FULFILLED_BY.includes(o.fulfillment.fulfilledBy as never)) refuse('fulfillment.fulfilledBy is AMAZON or MERCHANT');
  }
}

/** An order as `POST /__sim/orders` takes it, checked for what the simulator itself reads. */
export function newOrderRecord(text: string, now: number): OrderRecord {
  let order: unknown;
  try {
    order = parseWire(text);
  } catch (e) {
    refuse(`body is not JSON: ${(e as Error).message}`);
  }
  if (!isObject(order)) refuse('the body is one Order of the Orders API v2026-01-01 (a JSON object)');
  const o = order as Raw;
  if (o.lastUpdatedTime === undefined) o.lastUpdatedTime = amazonTime(now);
  checkOrder(o);
  return { order: o, packages: [] };
}

function stripPii(order: Raw, merchantShippable: boolean, afn: boolean, piiRole: boolean): void {
  if (isObject(order.buyer)) {
    if (!piiRole) {
      delete order.buyer.buyerName;
      delete order.buyer.buyerEmail;
    } else if (!merchantShippable) delete order.buyer.buyerEmail;
  }
  const address = isObject(order.recipient) && isObject(order.recipient.deliveryAddress) ? order.recipient.deliveryAddress : null;
  if (address) {
    if (!piiRole) for (const k of ADDRESS_PII) delete address[k];
    else if (afn) delete address.phone;
  }
  if (!piiRole) {
    for (const it of (order.orderItems as Raw[]) ?? []) {
      const gift = it?.fulfillment?.packing?.giftOption;
      if (isObject(gift)) delete gift.giftMessage;
      const custom = it?.product?.customization;
      if (isObject(custom)) delete custom.customizedUrl;
    }
  }
}

/** The order as an answer shows it: the blocks `included` names, PII as the role allows. */
export function orderView(r: OrderRecord, included: ReadonlySet<string>, piiRole: boolean): Raw {
  const out: Raw = {};
  for (const [k, v] of Object.entries(r.order)) {
    if (k === 'orderItems') continue;
    const block = ORDER_BLOCKS[k];
    if (!block || included.has(block)) out[k] = copy(v);
  }
  out.orderItems = (r.order.orderItems as unknown[]).map((it) => {
    if (!isObject(it)) return copy(it);
    const item: Raw = {};
    for (const [k, v] of Object.entries(it)) {
      const block = ITEM_BLOCKS[k];
      if (!block || included.has(block)) item[k] = copy(v);
    }
    return item;
  });
  const status = statusOf(r);
  const merchantShippable = fulfilledByOf(r) === 'MERCHANT' && (status === 'UNSHIPPED' || status === 'PARTIALLY_SHIPPED' || status === 'SHIPPED');
  stripPii(out, merchantShippable, fulfilledByOf(r) === 'AMAZON', piiRole);
  if (isObject(out.buyer) && Object.keys(out.buyer).length === 0) delete out.buyer;
  return out;
}

export function touch(r: OrderRecord, now: number): void {
  r.order.lastUpdatedTime = amazonTime(Math.max(now, updatedMs(r) + 1));
}

function fulfillmentOf(r: OrderRecord): Raw {
  if (!isObject(r.order.fulfillment)) r.order.fulfillment = {};
  return r.order.fulfillment as Raw;
}

/** An item's units shipped so far (its `fulfillment.quantityFulfilled`, 0 when absent). */
export function shippedOf(item: Raw): number {
  const q = num(item.fulfillment?.quantityFulfilled);
  return Number.isFinite(q) ? q : 0;
}

export function setShipped(item: Raw, shipped: number): void {
  if (!isObject(item.fulfillment)) item.fulfillment = {};
  item.fulfillment.quantityFulfilled = shipped;
  item.fulfillment.quantityUnfulfilled = Math.max(0, num(item.quantityOrdered) - shipped);
}

/**
 * `POST /__sim/orders/:id/status`: a FulfillmentStatus as Amazon moves it (payment authorised,
 * cancelled, shipped by Amazon…). SHIPPED ships every unit of every item.
 */
export function setStatus(state: AmazonState, r: OrderRecord, status: string, now: number): void {
  if (!FULFILLMENT_STATUSES.includes(status as never)) throw new SimHttpError(400, `status is one of ${FULFILLMENT_STATUSES.join(', ')}`);
  const before = statusOf(r);
  fulfillmentOf(r).fulfillmentStatus = status;
  if (status === 'SHIPPED') for (const it of items(r)) setShipped(it, num(it.quantityOrdered));
  touch(r, now);
  fbaStockEffect(state, r, before ?? null, status, now);
}

/** `POST /__sim/orders/:id/cancel-requests`: the buyer asks to cancel an item (every item when none is named). */
export function addCancelRequest(r: OrderRecord, orderItemId: string | undefined, cancelReason: string | undefined, now: number): Raw[] {
  const chosen = items(r).filter((it) => orderItemId === undefined || it.orderItemId === orderItemId);
  if (!chosen.length) throw new SimHttpError(404, `no order item ${orderItemId} in ${orderIdOf(r)}`);
  for (const it of chosen) {
    if (!isObject(it.cancellation)) it.cancellation = {};
    it.cancellation.cancellationRequest = { requester: 'BUYER', ...(cancelReason !== undefined ? { cancelReason } : {}) };
  }
  touch(r, now);
  return chosen.map((it) => ({ orderItemId: it.orderItemId, cancellation: it.cancellation }));
}

const RESERVING = new Set(['PENDING_AVAILABILITY', 'PENDING', 'UNSHIPPED', 'PARTIALLY_SHIPPED']);

/**
 * [U] How an Amazon-fulfilled order moves FBA stock: while it waits its units are reserved
 * (pending customer order) out of the fulfillable quantity; shipped, they leave; cancelled, they
 * return. Only SKUs the FBA inventory holds are touched.
 */
export function fbaStockEffect(state: AmazonState, r: OrderRecord, before: string | null, after: string, now: number): void {
  if (fulfilledByOf(r) !== 'AMAZON' || before === after) return;
  const wasReserved = before !== null && RESERVING.has(before);
  for (const it of items(r)) {
    const sku = it.product?.sellerSku;
    const f = typeof sku === 'string' ? state.fba.get(sku) : undefined;
    if (!f) continue;
    const q = num(it.quantityOrdered) || 0;
    const take = (n: number) => (f.fulfillable = Math.max(0, f.fulfillable - n));
    const unreserve = (n: number) => (f.reserved.pendingCustomerOrder = Math.max(0, f.reserved.pendingCustomerOrder - n));
    if (RESERVING.has(after) && !wasReserved && before !== 'SHIPPED') {
      take(q);
      f.reserved.pendingCustomerOrder += q;
    } else if (after === 'SHIPPED') {
      if (wasReserved) unreserve(q);
      else if (before === null) take(q);
    } else if ((after === 'CANCELLED' || after === 'UNFULFILLABLE') && wasReserved) {
      unreserve(q);
      f.fulfillable += q;
    } else continue;
    f.lastUpdatedAt = now;
  }
}

/** Fields a change cannot set: the order's id, and its update time (which the change itself moves). */
const UNCHANGEABLE = ['orderId', 'lastUpdatedTime'];

const isPlainObject = (v: unknown): v is Raw => isObject(v) && !(v instanceof WireNumber);

/** `set` merged into `target`: objects field by field, anything else (lists too) replaced; null removes the field. */
function merge(target: Raw, set: Raw): void {
  for (const [k, v] of Object.entries(set)) {
    if (v === null) delete target[k];
    else if (isPlainObject(v) && isPlainObject(target[k])) merge(target[k], v);
    else target[k] = copy(v);
  }
}

/**
 * The order as `change` leaves it, checked as a posted order is (400 otherwise), and the status it
 * moves to; nothing is changed yet (a change armed for later is checked now).
 */
export function plannedChange(r: OrderRecord, change: OrderChange): { order: Raw; status: string | undefined } {
  const fixed = Object.keys(change.set).filter((k) => UNCHANGEABLE.includes(k));
  if (fixed.length) throw new SimHttpError(400, `${fixed.join(', ')} cannot be changed`);
  const fulfillment = isPlainObject(change.set.fulfillment) ? change.set.fulfillment : null;
  const status = fulfillment?.fulfillmentStatus;
  if (status !== undefined && !FULFILLMENT_STATUSES.includes(status as never)) throw new SimHttpError(400, `fulfillment.fulfillmentStatus is one of ${FULFILLMENT_STATUSES.join(', ')}`);
  const order = copy(r.order);
  // The status goes through setStatus, which also moves the items and FBA stock.
  const set = fulfillment && status !== undefined ? { ...change.set, fulfillment: Object.fromEntries(Object.entries(fulfillment).filter(([k]) => k !== 'fulfillmentStatus')) } : change.set;
  merge(order, set);
  checkOrder(order);
  return { order, status: status as string | undefined };
}

/**
 * `POST /__sim/order-changes`: the order with `set` merged into it (any field Amazon may change:
 * the buyer's address, a line's cancellation, the fulfilment block) and `lastUpdatedTime` moved to
 * now. A new `fulfillment.fulfillmentStatus` moves the order the way `POST /__sim/orders/:id/status`
 * does (SHIPPED ships every unit; FBA stock follows).
 */
export function changeOrder(state: AmazonState, r: OrderRecord, change: OrderChange, now: number): void {
  const { order, status } = plannedChange(r, change);
  r.order = order;
  if (status !== undefined) setStatus(state, r, status, now);
  else touch(r, now);
}

/** Changes armed to strike once a searchOrders page has carried their orders (an order changing while a client pages). */
export function fireArmedChanges(state: AmazonState, served: string[], now: number): void {
  if (!state.armedChanges.length) return;
  const read = new Set(served);
  for (const armed of state.armedChanges) {
    for (const id of [...armed.ids]) {
      if (!read.has(id)) continue;
      armed.ids.delete(id);
      const r = state.orders.get(id);
      try {
        if (r) changeOrder(state, r, armed.change, now);
      } catch (e) {
        // Checked when armed; an order changed since in a way the change no longer fits keeps as it is.
        if (!(e instanceof SimHttpError)) throw e;
      }
    }
  }
  state.armedChanges = state.armedChanges.filter((a) => a.ids.size > 0);
}
