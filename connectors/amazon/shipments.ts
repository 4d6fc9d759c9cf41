import crypto from 'node:crypto';
import { PermanentError } from '../sdk/errors';
import type { ShipmentPush } from '../sdk/types';
import { knownCarrier } from './carriers';
import type { OrderShipView } from './mapping';

/**
 * Pure: a parcel → the confirmShipment body (Orders API v0, ordersV0.json ConfirmShipmentRequest
 * / PackageDetail [O]):
 *
 *   {"marketplaceId": "ATVPDKIKX0DER",
 *    "packageDetail": {"packageReferenceId": "42", "carrierCode": "UPS", "carrierName"?: "…",
 *      "shippingMethod"?: "Ground", "trackingNumber": "1Z…", "shipDate": "2026-01-15T08:00:00.000Z",
 *      "orderItems": [{"orderItemId": "05015851154158", "quantity": 1}]}}
 *
 * `packageReferenceId` identifies the parcel within the order and the model takes "only positive
 * numeric values" [O]: it is our parcel number's digits (SH-000042 → 42), or, for a parcel
 * without one, a number derived from its tracking number, the same on every attempt so a parcel
 * sent again is recognised in the order's `packages`.
 */

type Raw = Record<string, unknown>;

/** The parcel's packageReferenceId: its number's digits, else 1–999999999 from its tracking number. */
export function packageReferenceId(parcelId: string | undefined, trackingNumber: string): string {
  const digits = (parcelId ?? '').replace(/\D+/g, '').replace(/^0+/, '');
  if (digits && digits.length <= 15) return digits;
  const seed = parcelId?.trim() || trackingNumber.replace(/\s+/g, '').toUpperCase();
  const n = crypto.createHash('sha256').update(seed, 'utf8').digest().readUInt32BE(0) % 999_999_999;
  return String(n + 1);
}

/** The carrier as confirmShipment takes it: a code on Amazon's list, or `Other` with the name (required beside it [O]). */
export function carrierFields(shipment: Pick<ShipmentPush, 'carrier' | 'carrierName' | 'orderExternalId'>): { carrierCode: string; carrierName?: string } {
  const given = shipment.carrier.trim();
  const known = knownCarrier(given);
  if (known && known.code !== 'Other') return { carrierCode: known.code };
  const name = (known ? shipment.carrierName?.trim() : given) || shipment.carrierName?.trim();
  if (!name) throw new PermanentError({ code: 'CARRIER_REQUIRED', message: `The parcel of order ${shipment.orderExternalId} names carrier Other without a carrier name`, operation: 'pushShipment' });
  return { carrierCode: 'Other', carrierName: name };
}

/**
 * The parcel's items and units: the push's lines as given; else the lines it names, else every
 * line, with the units still to ship. Empty when nothing is left to ship.
 */
export function parcelItems(shipment: ShipmentPush, order: OrderShipView): { orderItemId: string; quantity: number }[] {
  if (shipment.lines?.length) {
    const byLine = new Map<string, number>();
    for (const l of shipment.lines) byLine.set(l.externalLineId, (byLine.get(l.externalLineId) ?? 0) + l.quantity);
    for (const [lineId, q] of byLine) {
      if (!Number.isInteger(q) || q < 1) throw new PermanentError({ code: 'INVALID_QUANTITY', message: `Line ${lineId} of order ${order.orderId}: ${q} is not a number of units`, operation: 'pushShipment' });
      if (!order.items.some((i) => i.id === lineId)) throw new PermanentError({ code: 'LINE_NOT_FOUND', message: `Order ${order.orderId} has no item ${lineId}`, operation: 'pushShipment' });
    }
    return [...byLine].map(([orderItemId, quantity]) => ({ orderItemId, quantity }));
  }
  const named = shipment.externalLineIds?.length ? order.items.filter((i) => shipment.externalLineIds!.includes(i.id)) : order.items;
  if (!named.length) throw new PermanentError({ code: 'LINE_NOT_FOUND', message: `Order ${order.orderId} has none of the items ${shipment.externalLineIds?.join(', ')}`, operation: 'pushShipment' });
  return named.filter((i) => i.left > 0).map((i) => ({ orderItemId: i.id, quantity: i.left }));
}

/** The confirmShipment body. */
export function confirmShipmentBody(input: { marketplaceId: string; packageReferenceId: string; carrier: { carrierCode: string; carrierName?: string }; shippingMethod?: string | null; trackingNumber: string; shipDate: Date; items: { orderItemId: string; quantity: number }[] }): Raw {
  return {
    marketplaceId: input.marketplaceId,
    packageDetail: {
      packageReferenceId: input.packageReferenceId,
      carrierCode: input.carrier.carrierCode,
      ...(input.carrier.carrierName ? { carrierName: input.carrier.carrierName } : {}),
      ...(input.shippingMethod?.trim() ? { shippingMethod: input.shippingMethod.trim() } : {}),
      trackingNumber: input.trackingNumber,
      shipDate: input.shipDate.toISOString(),
      orderItems: input.items.map((i) => ({ orderItemId: i.orderItemId, quantity: i.quantity })),
    },
  };
}
