import { answer, Call, isObject, path, Route, text } from './call';
import { fulfillmentFault } from './ebay-errors';
import type { FulfillmentRecord, OrderRecord, Raw } from './ebay-state';
import { ebayTime, parseAnyTime } from './ebay-time';
import { wholeNumber } from './listings';
import { applyFulfillment, lineOf, orderIdOf, unitsOf } from './order-records';
import { findOrder } from './orders';

/**
 * Shipping fulfillments (ebay.md §5, §8.6): createShippingFulfillment records one package, its
 * lines with their quantities, carrier and tracking number, answers 201 with an empty body and
 * `Location: …/order/{orderId}/shipping_fulfillment/{fulfillmentId}`, and moves the line and
 * order statuses (some units → IN_PROGRESS, every unit → FULFILLED). A line or quantity the
 * order does not have is refused with the contract's errorIds (32100-32600).
 *
 * Line quantities: the reference and issue 15 ship units of a line (`lineItems[].quantity`), but
 * the contract says of LineItemReference.quantity "This field is reserved for internal or future
 * use" [O]. Both readings are taken: a quantity ships that many units, a line without one ships
 * what is left of it. On eBay itself the quantity may be ignored (the first package then ships
 * the whole line).
 */

function orderOf(call: Call): OrderRecord {
  const r = findOrder(call.state, call.params[0]);
  // The operation declares 400 for an order it does not know (32100), not 404.
  if (!r) throw fulfillmentFault(400, 32100, 'Invalid order Id', { parameters: { orderId: call.params[0] } });
  return r;
}

const invalidInput = (why: string, parameters: Record<string, string> = {}) => fulfillmentFault(400, 32600, `Invalid input data: ${why}`, { parameters });

export function fulfillmentView(f: FulfillmentRecord): Raw {
  return {
    fulfillmentId: f.fulfillmentId,
    lineItems: f.lineItems.map((l) => ({ lineItemId: l.lineItemId, quantity: l.quantity })),
    shippedDate: f.shippedDate,
    ...(f.shippingCarrierCode ? { shippingCarrierCode: f.shippingCarrierCode } : {}),
    ...(f.trackingNumber ? { shipmentTrackingNumber: f.trackingNumber } : {}),
  };
}

function create(call: Call) {
  const { state, now } = call;
  const r = orderOf(call);
  const orderId = orderIdOf(r.order);
  const body = isObject(call.body) ? call.body : {};
  if (isObject(r.order.cancelStatus) && r.order.cancelStatus.cancelState === 'CANCELED') throw invalidInput(`order ${orderId} is cancelled`);
  const given = Array.isArray(body.lineItems) ? body.lineItems : [];
  if (given.length === 0) throw invalidInput('lineItems lists the lines in the package', { fieldName: 'lineItems' });
  const packed = new Map<string, number>();
  for (const l of given) {
    const id = isObject(l) ? l.lineItemId : undefined;
    if (typeof id !== 'string' || !lineOf(r.order, id)) throw fulfillmentFault(400, 32200, 'Invalid line item id', { parameters: { lineItemId: String(id) } });
    if (packed.has(id)) throw invalidInput(`line ${id} is given twice`, { lineItemId: id });
    const line = lineOf(r.order, id) as Raw;
    const left = unitsOf(line) - (r.shipped.get(id) ?? 0);
    const q = wholeNumber((l as Raw).quantity);
    // [U] a line without a quantity ships what is left of it.
    const quantity = q === undefined ? left : q;
    if (Number.isNaN(quantity) || quantity < 1) throw invalidInput(`quantity of line ${id} must be a whole number of 1 or more`, { lineItemId: id });
    if (quantity > left) throw invalidInput(`line ${id} has ${left} of its ${unitsOf(line)} unit(s) left to ship, not ${quantity}`, { lineItemId: id });
    packed.set(id, quantity);
  }
  const carrier = text(body.shippingCarrierCode) ?? null;
  const tracking = text(body.trackingNumber) ?? null;
  // [O] trackingNumber: "This field and the shippingCarrierCode field are mutually dependent. If you include one, you must also include the other."
  if (!carrier !== !tracking) throw fulfillmentFault(400, 32300, 'Invalid shipment tracking number or carrier: give both or neither');
  let shipped = now;
  if (body.shippedDate !== undefined) {
    const at = parseAnyTime(body.shippedDate);
    if (at === null || at > now) throw fulfillmentFault(400, 32500, 'Invalid shipped date', { parameters: { shippedDate: String(body.shippedDate) } });
    shipped = at;
  }
  // [O] trackingNumber: "the resulting fulfillment's ID (returned in the HTTP location code) is the tracking number. If you do
  // not include shipment tracking information, the resulting fulfillment ID will default to an arbitrary number such as 999."
  // [U] a second package of the order with the same tracking number gets a number of its own.
  const taken = new Set(r.fulfillments.map((f) => f.fulfillmentId));
  const fulfillmentId = tracking && !taken.has(tracking) ? tracking : state.newFulfillmentId();
  const record: FulfillmentRecord = {
    fulfillmentId,
    orderId,
    lineItems: [...packed].map(([lineItemId, quantity]) => ({ lineItemId, quantity })),
    shippedDate: ebayTime(shipped),
    shippingCarrierCode: carrier,
    trackingNumber: tracking,
    at: now,
  };
  const location = `${call.base}/sell/fulfillment/v1/order/${encodeURIComponent(orderId)}/shipping_fulfillment/${encodeURIComponent(fulfillmentId)}`;
  applyFulfillment(r, record, location, now);
  return answer(201, undefined, { location });
}

export const shippingRoutes: Route[] = [
  { method: 'POST', pattern: path('fulfillment', '/order/{orderId}/shipping_fulfillment'), operationId: 'createShippingFulfillment', api: 'fulfillment', readOnly: false, body: true, contentLanguage: false, run: create },
  {
    method: 'GET',
    pattern: path('fulfillment', '/order/{orderId}/shipping_fulfillment'),
    operationId: 'getShippingFulfillments',
    api: 'fulfillment',
    readOnly: true,
    body: false,
    contentLanguage: false,
    run: (call) => {
      const r = orderOf(call);
      return answer(200, { fulfillments: r.fulfillments.map(fulfillmentView), total: r.fulfillments.length });
    },
  },
  {
    method: 'GET',
    pattern: path('fulfillment', '/order/{orderId}/shipping_fulfillment/{fulfillmentId}'),
    operationId: 'getShippingFulfillment',
    api: 'fulfillment',
    readOnly: true,
    body: false,
    contentLanguage: false,
    run: (call) => {
      const r = orderOf(call);
      const f = r.fulfillments.find((x) => x.fulfillmentId === call.params[1]);
      if (!f) throw fulfillmentFault(404, 32110, `Invalid shipping fulfillment ID: ${call.params[1]}`, { parameters: { fulfillmentId: call.params[1] } });
      return answer(200, fulfillmentView(f));
    },
  },
];
