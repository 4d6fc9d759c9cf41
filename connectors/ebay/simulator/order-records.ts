import { SimHttpError } from '../../sdk/simulator';
import { isObject, text } from './call';
import type { FulfillmentRecord, OrderRecord, Raw } from './ebay-state';
import { ebayTime, parseAnyTime } from './ebay-time';
import { num, parseWire } from '../../sdk/simulator/wire-json';

/**
 * Orders of the Fulfillment API as the simulator keeps them: the `Order` exactly as it was given
 * to `POST /__sim/orders` (eBay's own wire shape; unknown fields and number literals kept), moved
 * on only where eBay would move it: shipping fulfillments (line and order fulfillment statuses,
 * `fulfillmentHrefs`), status changes, buyer cancellation requests and line refunds, each
 * stamping `lastModifiedDate`.
 *
 * Status values (ebay.md §6): orderFulfillmentStatus and lineItemFulfillmentStatus NOT_STARTED,
 * IN_PROGRESS, FULFILLED [O]; orderPaymentStatus PENDING, PAID, FAILED, PARTIALLY_REFUNDED,
 * FULLY_REFUNDED [U]; cancelState NONE_REQUESTED [O], IN_PROGRESS, CANCELED [U].
 */

export const FULFILLMENT_STATUSES = ['NOT_STARTED', 'IN_PROGRESS', 'FULFILLED'];
export const PAYMENT_STATUSES = ['PENDING', 'PAID', 'FAILED', 'PARTIALLY_REFUNDED', 'FULLY_REFUNDED'];
export const CANCEL_STATES = ['NONE_REQUESTED', 'IN_PROGRESS', 'CANCELED'];

export function lines(order: Raw): Raw[] {
  return Array.isArray(order.lineItems) ? (order.lineItems as unknown[]).filter(isObject) : [];
}

export function lineOf(order: Raw, lineItemId: string): Raw | undefined {
  return lines(order).find((l) => l.lineItemId === lineItemId);
}

/** A line's ordered units (a line without a readable quantity counts as one). */
export function unitsOf(line: Raw): number {
  const q = num(line.quantity);
  return Number.isInteger(q) && q > 0 ? q : 1;
}

export function orderIdOf(order: Raw): string {
  return order.orderId as string;
}

/** Epoch ms of one of the order's times, or null. */
export function timeOf(order: Raw, field: 'creationDate' | 'lastModifiedDate'): number | null {
  return parseAnyTime(order[field]);
}

/** Reads `POST /__sim/orders`: one Order as eBay's JSON; needs `orderId` and `creationDate` (the filters read them), the rest as given. */
export function newOrderRecord(body: string, now: number): OrderRecord {
  let order: unknown;
  try {
    order = parseWire(body);
  } catch (e) {
    throw new SimHttpError(400, `body is not JSON: ${(e as Error).message}`);
  }
  if (!isObject(order)) throw new SimHttpError(400, 'the body is one Order of the Fulfillment API, a JSON object');
  if (!text(order.orderId)) throw new SimHttpError(400, 'orderId is required (a string, as eBay writes it)');
  if (parseAnyTime(order.creationDate) === null) throw new SimHttpError(400, 'creationDate is required: an ISO 8601 time in UTC such as 2026-01-15T08:00:00.000Z');
  if (order.lastModifiedDate === undefined) order.lastModifiedDate = ebayTime(now);
  else if (parseAnyTime(order.lastModifiedDate) === null) throw new SimHttpError(400, 'lastModifiedDate must be an ISO 8601 time in UTC');
  const shipped = new Map<string, number>();
  for (const l of lines(order)) if (typeof l.lineItemId === 'string' && l.lineItemFulfillmentStatus === 'FULFILLED') shipped.set(l.lineItemId, unitsOf(l));
  return { order, shipped, fulfillments: [] };
}

function touch(r: OrderRecord, now: number): void {
  r.order.lastModifiedDate = ebayTime(now);
}

/** The order's and its lines' fulfillment statuses from the units shipped. */
function settleFulfillment(r: OrderRecord): void {
  const all = lines(r.order);
  let any = false;
  let every = all.length > 0;
  for (const l of all) {
    const shipped = typeof l.lineItemId === 'string' ? (r.shipped.get(l.lineItemId) ?? 0) : 0;
    // [U] a line of several units with some shipped is IN_PROGRESS, as the order is.
    const status = shipped >= unitsOf(l) ? 'FULFILLED' : shipped > 0 ? 'IN_PROGRESS' : (l.lineItemFulfillmentStatus ?? 'NOT_STARTED');
    l.lineItemFulfillmentStatus = status;
    if (status !== 'NOT_STARTED') any = true;
    if (status !== 'FULFILLED') every = false;
  }
  r.order.orderFulfillmentStatus = every ? 'FULFILLED' : any ? 'IN_PROGRESS' : 'NOT_STARTED';
}

/** A shipping fulfillment recorded: its units shipped, statuses settled (some → IN_PROGRESS, all → FULFILLED), its href listed. */
export function applyFulfillment(r: OrderRecord, f: FulfillmentRecord, href: string, now: number): void {
  for (const l of f.lineItems) r.shipped.set(l.lineItemId, (r.shipped.get(l.lineItemId) ?? 0) + l.quantity);
  r.fulfillments.push(f);
  const hrefs = Array.isArray(r.order.fulfillmentHrefs) ? (r.order.fulfillmentHrefs as unknown[]) : [];
  r.order.fulfillmentHrefs = [...hrefs, href];
  settleFulfillment(r);
  touch(r, now);
}

/**
 * `POST /__sim/orders/:id/status`: a fulfillment status (NOT_STARTED, IN_PROGRESS, FULFILLED:
 * the lines follow), a payment status, CANCELED (the order is cancelled), or `field=value` for
 * `orderFulfillmentStatus`, `orderPaymentStatus` or `cancelState` (e.g. `cancelState=IN_PROGRESS`).
 */
export function setStatus(r: OrderRecord, status: string, now: number): void {
  const [field, value] = status.includes('=') ? status.split('=', 2) : [null, status];
  const o = r.order;
  const fulfil = (v: string) => {
    o.orderFulfillmentStatus = v;
    for (const l of lines(o)) {
      if (typeof l.lineItemId !== 'string') continue;
      if (v === 'FULFILLED') r.shipped.set(l.lineItemId, unitsOf(l));
      if (v === 'NOT_STARTED') r.shipped.delete(l.lineItemId);
      if (v !== 'IN_PROGRESS') l.lineItemFulfillmentStatus = v;
    }
  };
  const cancel = (v: string) => {
    const cs = isObject(o.cancelStatus) ? o.cancelStatus : {};
    o.cancelStatus = { ...cs, cancelState: v, ...(v === 'CANCELED' ? { cancelledDate: ebayTime(now) } : {}), cancelRequests: Array.isArray(cs.cancelRequests) ? cs.cancelRequests : [] };
  };
  if ((field === null || field === 'orderFulfillmentStatus') && FULFILLMENT_STATUSES.includes(value)) fulfil(value);
  else if ((field === null || field === 'orderPaymentStatus') && PAYMENT_STATUSES.includes(value)) o.orderPaymentStatus = value;
  else if ((field === null && value === 'CANCELED') || (field === 'cancelState' && CANCEL_STATES.includes(value))) cancel(value);
  else {
    throw new SimHttpError(
      400,
      `unknown status ${status}: give ${FULFILLMENT_STATUSES.join('|')}, ${PAYMENT_STATUSES.join('|')}, CANCELED, or orderFulfillmentStatus=…, orderPaymentStatus=…, cancelState=${CANCEL_STATES.join('|')}`,
    );
  }
  touch(r, now);
}

/** A buyer asks to cancel (cancelStatus.cancelRequests; cancelState IN_PROGRESS unless already CANCELED). */
export function addCancelRequest(r: OrderRecord, given: Raw, now: number): Raw {
  const o = r.order;
  const cs = isObject(o.cancelStatus) ? o.cancelStatus : {};
  const requests = Array.isArray(cs.cancelRequests) ? (cs.cancelRequests as unknown[]) : [];
  const request = {
    cancelInitiator: 'BUYER',
    cancelReason: 'BUYER_ASKED_CANCEL',
    cancelRequestedDate: ebayTime(now),
    cancelRequestId: `5${String(now).slice(-9)}${requests.length}`,
    cancelRequestState: 'REQUESTED',
    ...given,
  };
  o.cancelStatus = { ...cs, cancelState: cs.cancelState === 'CANCELED' ? 'CANCELED' : 'IN_PROGRESS', cancelRequests: [...requests, request] };
  touch(r, now);
  return request;
}

/** Amount strings as ten-thousandths, exactly (no floats). */
function units(value: unknown): bigint | null {
  if (typeof value !== 'string' || !/^\d+(\.\d{1,4})?$/.test(value)) return null;
  const [i, f = ''] = value.split('.');
  return BigInt(i) * 10000n + BigInt(f.padEnd(4, '0'));
}

/**
 * A refund of (part of) a line: `lineItems[].refunds` and `paymentSummary.refunds` gain it, and
 * orderPaymentStatus becomes PARTIALLY_REFUNDED, or FULLY_REFUNDED once the refunds reach the
 * order's `pricingSummary.total`.
 */
export function addLineRefund(r: OrderRecord, given: Raw, now: number): Raw {
  const lineItemId = given.lineItemId;
  if (typeof lineItemId !== 'string') throw new SimHttpError(400, 'lineItemId is required');
  const line = lineOf(r.order, lineItemId);
  if (!line) throw new SimHttpError(404, `order ${orderIdOf(r.order)} has no line ${lineItemId}`);
  const amount = given.amount;
  if (!isObject(amount) || units(amount.value) === null || typeof amount.currency !== 'string') throw new SimHttpError(400, 'amount is {"value": "12.50", "currency": "USD"}');
  const refund: Raw = {
    amount: { value: amount.value, currency: amount.currency },
    refundDate: typeof given.refundDate === 'string' ? given.refundDate : ebayTime(now),
    refundId: typeof given.refundId === 'string' ? given.refundId : `RF${String(now).slice(-8)}${lines(r.order).indexOf(line)}`,
    ...(typeof given.refundReferenceId === 'string' ? { refundReferenceId: given.refundReferenceId } : {}),
  };
  line.refunds = [...(Array.isArray(line.refunds) ? (line.refunds as unknown[]) : []), refund];
  const summary = isObject(r.order.paymentSummary) ? r.order.paymentSummary : {};
  const refunds = [...(Array.isArray(summary.refunds) ? (summary.refunds as unknown[]) : []), { ...refund, refundStatus: 'REFUNDED' }];
  r.order.paymentSummary = { ...summary, refunds };
  const refunded = refunds.reduce<bigint>((sum, x) => sum + (units(isObject(x) && isObject(x.amount) ? x.amount.value : null) ?? 0n), 0n);
  const total = units(isObject(r.order.pricingSummary) && isObject(r.order.pricingSummary.total) ? r.order.pricingSummary.total.value : null);
  r.order.orderPaymentStatus = total !== null && refunded >= total ? 'FULLY_REFUNDED' : 'PARTIALLY_REFUNDED';
  touch(r, now);
  return refund;
}

/** `POST /__sim/order-changes`: top-level fields set (null removes one); lastModifiedDate moves to now unless set. */
export function changeOrder(r: OrderRecord, set: Raw, now: number): void {
  for (const [k, v] of Object.entries(set)) {
    if (k === 'orderId') throw new SimHttpError(400, 'orderId cannot change');
    if (v === null) delete r.order[k];
    else r.order[k] = v;
  }
  if (set.lastModifiedDate === undefined) touch(r, now);
}
