import { idString } from '../sdk/exact-json';
import type { AddressDto, ListingRef, OrderDto, OrderFlag, OrderLineDto, PulledOrder, QuarantinedRecord, RemoteListing, ReturnDto, ReturnStatus, UnifiedOrderStatus } from '../sdk/types';

/**
 * Pure mapping from __Name__'s JSON to the SDK's DTOs. Ids leave as strings, amounts as the
 * decimal strings __Name__ wrote (checked, never turned into floats), times as Dates.
 */

type Raw = Record<string, unknown>;

/** __Name__'s order statuses and what they mean in the unified model. */
export const ORDER_STATUS: Record<string, UnifiedOrderStatus> = {
  UNPAID: 'PENDING_PAYMENT',
  AWAITING_SHIPMENT: 'PAID',
  PARTIALLY_SHIPPED: 'PARTIALLY_SHIPPED',
  SHIPPED: 'SHIPPED',
  DELIVERED: 'DELIVERED',
  COMPLETED: 'COMPLETED',
  CANCELLED: 'CANCELLED',
  REFUNDED: 'REFUNDED',
};

/** Thrown inside the mapping for an order we cannot represent; becomes a quarantined PulledOrder. */
class MappingError extends Error {}

const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : typeof v === 'number' ? String(v) : null);

function object(v: unknown): Raw | null {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Raw) : null;
}

/** An amount as __Name__ wrote it: a decimal string passes unchanged; anything else is refused. */
function money(v: unknown, field: string, required: boolean): string | null {
  if (v === undefined || v === null || v === '') {
    if (required) throw new MappingError(`${field} is missing`);
    return null;
  }
  if (typeof v !== 'string' || !/^-?\d+(\.\d+)?$/.test(v)) throw new MappingError(`${field} is not a decimal amount: ${JSON.stringify(v)}`);
  return v;
}

/** An ISO-8601 time; null when absent, refused when present but unreadable. */
function time(v: unknown, field: string): Date | null {
  if (v === undefined || v === null || v === '') return null;
  const d = typeof v === 'string' ? new Date(v) : null;
  if (!d || Number.isNaN(d.getTime())) throw new MappingError(`${field} is not an ISO time: ${JSON.stringify(v)}`);
  return d;
}

function line(raw: unknown, index: number): OrderLineDto {
  const l = object(raw);
  if (!l) throw new MappingError(`lines[${index}] is not an object`);
  const id = idString(l.id);
  if (!id) throw new MappingError(`lines[${index}] has no id`);
  const sku = text(l.sku);
  if (!sku) throw new MappingError(`lines[${index}] (${id}) has no sku`);
  const quantity = Number(l.quantity);
  if (!Number.isInteger(quantity) || quantity < 1) throw new MappingError(`lines[${index}] (${id}) has no valid quantity`);
  return {
    externalLineId: id,
    sku,
    title: text(l.title),
    optionText: text(l.variant),
    quantity,
    unitPrice: money(l.unitPrice, `lines[${index}].unitPrice`, true)!,
    discount: money(l.discount, `lines[${index}].discount`, false),
    status: text(l.status),
  };
}

function address(raw: unknown): AddressDto | null {
  const a = object(raw);
  if (!a) return null;
  const country = text(a.countryCode);
  return {
    name: text(a.name),
    phone: text(a.phone),
    country: country && /^[A-Za-z]{2}$/.test(country) ? country.toUpperCase() : null,
    province: text(a.region),
    city: text(a.city),
    district: null,
    address1: text(a.line1),
    address2: text(a.line2),
    postalCode: text(a.postalCode),
  };
}

/** Maps an order of `GET /orders` or `GET /orders/:id`, or says why it cannot. */
export function mapOrder(raw: unknown): PulledOrder {
  let externalId: string | null = null;
  try {
    const o = object(raw);
    if (!o) throw new MappingError('the order is not an object');
    externalId = idString(o.id);
    if (!externalId) throw new MappingError('id is missing');
    const status = text(o.status);
    if (!status) throw new MappingError('status is missing');
    const unified = ORDER_STATUS[status];
    if (!unified) throw new MappingError(`unknown order status ${status}`);
    if (!Array.isArray(o.lines) || o.lines.length === 0) throw new MappingError('lines is missing or empty');
    const currency = text(o.currency);
    if (!currency || !/^[A-Z]{3}$/.test(currency)) throw new MappingError(`currency is not an ISO 4217 code: ${JSON.stringify(o.currency)}`);
    const placedAt = time(o.createdAt, 'createdAt');
    const modifiedAt = time(o.updatedAt, 'updatedAt') ?? placedAt;
    if (!modifiedAt) throw new MappingError('updatedAt (and createdAt) is missing');
    const lines = o.lines.map(line);
    const shippingAddress = address(o.shippingAddress);
    const buyer = object(o.buyer);

    const flags: OrderFlag[] = [];
    if (o.onHold === true) flags.push('DO_NOT_SHIP');
    if (o.cancelRequested === true) flags.push('CANCEL_REQUESTED');
    // Frozen under the marketplace's review (AliExpress IN_FROZEN): held until it unfreezes.
    if (o.frozen === true) flags.push('FROZEN');
    const toShip = unified === 'PAID' || unified === 'PARTIALLY_SHIPPED';
    if (toShip && !(shippingAddress?.name && shippingAddress.address1 && shippingAddress.country)) flags.push('ADDRESS_INCOMPLETE');

    const order: OrderDto = {
      externalId,
      status: unified,
      marketplaceStatus: status,
      flags,
      // Where it was placed (one of the channel's marketplaces; null: the channel's only one).
      marketplaceId: text(o.marketplaceId),
      // Shipped by __Name__ from its own stock (as Amazon AFN): it holds none of ours.
      fulfilledBy: o.fulfilledBy === 'MARKETPLACE' ? 'MARKETPLACE' : 'MERCHANT',
      modifiedAt,
      placedAt,
      paidAt: time(o.paidAt, 'paidAt'),
      currency,
      buyerId: buyer ? idString(buyer.id) : null,
      buyer: buyer ? { name: text(buyer.name), email: text(buyer.email), phone: text(buyer.phone) } : null,
      shippingAddress,
      lines,
      shipping: money(o.shippingFee, 'shippingFee', false),
      discount: money(o.discount, 'discount', false),
      tax: money(o.tax, 'tax', false),
      buyerMessage: text(o.note),
    };
    return { ok: true, order };
  } catch (e) {
    // MappingError, or idString refusing a number that lost digits in parsing.
    if (!(e instanceof Error)) throw e;
    return { ok: false, externalId, raw, error: e.message };
  }
}

/** __Name__'s return types and what they are in the SDK's words. */
const RETURN_TYPE: Record<string, ReturnDto['type']> = { REFUND: 'REFUND_ONLY', RETURN: 'RETURN_AND_REFUND', EXCHANGE: 'EXCHANGE' };

/** __Name__'s return statuses are the SDK's own. */
const RETURN_STATUS: Record<string, ReturnStatus> = { REQUESTED: 'REQUESTED', APPROVED: 'APPROVED', REJECTED: 'REJECTED', RECEIVED: 'RECEIVED', REFUNDED: 'REFUNDED', CLOSED: 'CLOSED' };

/** Maps a return of `GET /returns`, or says why it cannot (kept with its raw body). */
export function mapReturn(raw: unknown): { ok: true; ret: ReturnDto } | ({ ok: false } & QuarantinedRecord) {
  let externalId: string | null = null;
  try {
    const r = object(raw);
    if (!r) throw new MappingError('the return is not an object');
    externalId = idString(r.id);
    if (!externalId) throw new MappingError('id is missing');
    const orderExternalId = idString(r.orderId);
    if (!orderExternalId) throw new MappingError('orderId is missing');
    const status = text(r.status);
    const unified = status ? RETURN_STATUS[status] : undefined;
    if (!status || !unified) throw new MappingError(`unknown return status ${JSON.stringify(r.status)}`);
    const type = RETURN_TYPE[text(r.type) ?? ''];
    if (!type) throw new MappingError(`unknown return type ${JSON.stringify(r.type)}`);
    const amount = object(r.amount);
    const modifiedAt = time(r.updatedAt, 'updatedAt') ?? time(r.createdAt, 'createdAt');
    if (!modifiedAt) throw new MappingError('updatedAt (and createdAt) is missing');
    const currency = text(amount?.currency);
    if (!currency || !/^[A-Z]{3}$/.test(currency)) throw new MappingError(`amount.currency is not an ISO 4217 code: ${JSON.stringify(amount?.currency)}`);
    return {
      ok: true,
      ret: {
        externalId,
        orderExternalId,
        externalLineId: idString(r.lineId),
        type,
        status: unified,
        marketplaceStatus: status,
        amount: money(amount?.amount, 'amount.amount', false),
        currency,
        reason: text(r.reason),
        modifiedAt,
      },
    };
  } catch (e) {
    if (!(e instanceof Error)) throw e;
    return { ok: false, externalId, raw, error: e.message };
  }
}

/** A listing of `GET /listings` as the marketplace shows it now; null when it is unreadable. */
export function mapListing(raw: unknown, ref: ListingRef): RemoteListing | null {
  const l = object(raw);
  const price = object(l?.price);
  if (!l || !idString(l.id)) return null;
  const quantity = Number(l.quantity);
  const sale = object(l.salePrice);
  return {
    ref: { ...ref, itemId: idString(l.id)! },
    quantity: Number.isInteger(quantity) ? quantity : 0,
    price: text(price?.amount) ?? '0.00',
    // null: none; the reconcile compares it with ours.
    salePrice: sale ? (text(sale.amount) ?? null) : null,
    active: l.status === 'ACTIVE',
  };
}
