import type { Raw, ShipmentRecord } from './amazon-state';
import { invalidInput } from './amazon-errors';
import { amazonTime, answer, Call, isObject, isoTime, path, Route, text } from './call';
import { marketplace } from './marketplaces';
import { fulfilledByOf, items, marketplaceOf, orderIdOf, setShipped, shippedOf, statusOf, touch } from './order-records';
import { findOrder } from './orders';
import { num } from '../../sdk/simulator/wire-json';

/**
 * confirmShipment (Orders API v0, current; amazon.md §4, §8.5): `POST
 * /orders/v0/orders/{orderId}/shipmentConfirmation` with `{marketplaceId, packageDetail:
 * {packageReferenceId, carrierCode, carrierName?, shippingMethod?, trackingNumber, shipDate,
 * orderItems: [{orderItemId, quantity}]}, codCollectionMethod?}` answers 204. Checked:
 * - the order is merchant-fulfilled (an AFN order is Amazon's to ship) and UNSHIPPED or
 *   PARTIALLY_SHIPPED;
 * - `marketplaceId` is the order's; `carrierName` is there when `carrierCode` is `Other` [O];
 *   `packageReferenceId` is a positive number [O: "Only positive numeric values are supported"];
 *   `shipDate` is ISO 8601 [O: the sandbox refuses `02/21/2022`]; `codCollectionMethod` only in
 *   JP [O];
 * - each item is the order's and its quantity (a whole number ≥ 1) is within what is left to ship.
 * The order then shows the package (`packages`), the items' `quantityFulfilled`, and
 * PARTIALLY_SHIPPED or SHIPPED. A package reference is unique within the order [O]: sending the
 * same package again (same reference, tracking number and items: a retry whose answer was lost)
 * answers 204 and ships nothing twice [U]; another package under a used reference is refused.
 */

const SHIPPABLE = new Set(['UNSHIPPED', 'PARTIALLY_SHIPPED']);

function sameShipment(a: ShipmentRecord, b: Omit<ShipmentRecord, 'at'>): boolean {
  const lines = (s: { orderItems: { orderItemId: string; quantity: number }[] }) => JSON.stringify([...s.orderItems].sort((x, y) => (x.orderItemId < y.orderItemId ? -1 : 1)));
  return a.trackingNumber === b.trackingNumber && a.carrierCode === b.carrierCode && lines(a) === lines(b);
}

function confirmShipment(call: Call) {
  const r = findOrder(call, call.params[0]);
  const body = call.body;
  if (!isObject(body)) throw invalidInput('The request body is a ConfirmShipmentRequest object.');
  const detail = body.packageDetail;
  const marketplaceId = text(body.marketplaceId);
  if (!marketplaceId) throw invalidInput('marketplaceId is required.');
  if (marketplaceId !== marketplaceOf(r)) throw invalidInput(`marketplaceId ${marketplaceId} is not the marketplace of order ${orderIdOf(r)}.`);
  if (body.codCollectionMethod !== undefined && marketplace(marketplaceId)?.country !== 'JP') throw invalidInput('codCollectionMethod is only supported in the JP marketplace.');
  if (!isObject(detail)) throw invalidInput('packageDetail is required.');
  const ref = text(detail.packageReferenceId);
  if (!ref || !/^[1-9]\d*$/.test(ref)) throw invalidInput('packageDetail.packageReferenceId must be a positive number, unique within the order.');
  const carrierCode = text(detail.carrierCode);
  if (!carrierCode) throw invalidInput('packageDetail.carrierCode is required.');
  const carrierName = text(detail.carrierName) ?? null;
  if (carrierCode === 'Other' && !carrierName) throw invalidInput('packageDetail.carrierName is required when carrierCode is "Other".');
  const trackingNumber = text(detail.trackingNumber);
  if (!trackingNumber) throw invalidInput('packageDetail.trackingNumber is required.');
  if (isoTime(detail.shipDate) === null) throw invalidInput('packageDetail.shipDate must be an ISO 8601 date-time.');
  if (!Array.isArray(detail.orderItems) || detail.orderItems.length === 0) throw invalidInput('packageDetail.orderItems needs at least one item.');
  const byItem = new Map<string, number>();
  for (const it of detail.orderItems as unknown[]) {
    const id = isObject(it) ? text(it.orderItemId) : undefined;
    const q = isObject(it) ? num(it.quantity) : NaN;
    if (!id || !Number.isInteger(q) || q < 1) throw invalidInput('Each of packageDetail.orderItems has an orderItemId and a quantity of 1 or more.');
    byItem.set(id, (byItem.get(id) ?? 0) + q);
  }
  const shipment = {
    orderId: orderIdOf(r),
    marketplaceId,
    packageReferenceId: ref,
    carrierCode,
    carrierName,
    shippingMethod: text(detail.shippingMethod) ?? null,
    trackingNumber,
    shipDate: detail.shipDate as string,
    orderItems: [...byItem].map(([orderItemId, quantity]) => ({ orderItemId, quantity })),
  };

  const earlier = r.packages.find((p) => p.packageReferenceId === ref);
  if (earlier) {
    if (sameShipment(earlier, shipment)) return answer(204);
    throw invalidInput(`packageReferenceId ${ref} was already confirmed for order ${orderIdOf(r)} with other contents.`, 'A package reference identifies one package within the order.');
  }
  if (fulfilledByOf(r) === 'AMAZON') throw invalidInput(`Order ${orderIdOf(r)} is fulfilled by Amazon: it cannot be confirmed by the seller.`);
  const status = statusOf(r);
  if (!status || !SHIPPABLE.has(status)) throw invalidInput(`Order ${orderIdOf(r)} is ${status ?? 'without a fulfillment status'}: only UNSHIPPED or PARTIALLY_SHIPPED orders can be confirmed.`);
  const orderItems = items(r);
  for (const [id, q] of byItem) {
    const it = orderItems.find((x) => x.orderItemId === id);
    if (!it) throw invalidInput(`Order item ${id} is not in order ${orderIdOf(r)}.`);
    const left = num(it.quantityOrdered) - shippedOf(it);
    if (q > left) throw invalidInput(`Order item ${id} has ${left} unit(s) left to ship, not ${q}.`);
  }

  for (const [id, q] of byItem) {
    const it = orderItems.find((x) => x.orderItemId === id) as Raw;
    setShipped(it, shippedOf(it) + q);
  }
  const all = orderItems.every((it) => shippedOf(it) >= num(it.quantityOrdered));
  (r.order.fulfillment as Raw).fulfillmentStatus = all ? 'SHIPPED' : 'PARTIALLY_SHIPPED';
  if (!Array.isArray(r.order.packages)) r.order.packages = [];
  (r.order.packages as Raw[]).push({
    packageReferenceId: ref,
    createdTime: amazonTime(call.now),
    packageStatus: { status: 'SHIPPED' },
    carrier: carrierName ?? carrierCode,
    shipTime: shipment.shipDate,
    ...(shipment.shippingMethod ? { shippingService: shipment.shippingMethod } : {}),
    trackingNumber,
    packageItems: shipment.orderItems.map((x) => ({ ...x })),
  });
  touch(r, call.now);
  r.packages.push({ ...shipment, at: call.now });
  return answer(204);
}

export const shipmentRoutes: Route[] = [
  { method: 'POST', pattern: path('/orders/v0/orders/{orderId}/shipmentConfirmation'), operationId: 'confirmShipment', body: true, run: confirmShipment },
];
