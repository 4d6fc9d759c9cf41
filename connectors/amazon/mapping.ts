import { idString } from '../sdk/exact-json';
import type { AddressDto, LineShipmentDto, OrderDto, OrderFlag, OrderLineDto, PulledOrder, UnifiedOrderStatus } from '../sdk/types';
import { marketplaceById } from './marketplaces';
import { absAmount, compareAmounts, divideAmount, formatUnits, minorUnits, MoneyError, multiplyAmount, readMoney, subtractAmounts, sumAmounts } from './money';

/**
 * Pure mapping from the Orders API v2026-01-01 `Order` (searchOrders' `orders[]`, getOrder's
 * `order`) to the SDK's OrderDto, field by field as orders_2026-01-01.json names them (§4a).
 * Real payloads leave blocks out (a data set not asked for, or not allowed: no BUYER / RECIPIENT
 * for a seller without the PII role), add fields we do not know (kept in `raw`), may write a
 * decimal as a number or an id beyond 2^53 (kept as its digits by parseJsonExact), and carry
 * non-Latin text (kept as it is). A missing order id, lines or modified time, an amount that
 * cannot be read or a status the table does not know make the order a bad record (quarantined
 * with its raw body), never a failed page.
 *
 * Money comes from `proceeds`: the order's `grandTotal` is what the order's total shows
 * (`paidTotal`), its breakdowns give shipping and tax; each line's price is its
 * `product.price.unitPrice` (else its ITEM proceeds ÷ units), its discount its DISCOUNT
 * proceeds, what was paid for it its ITEM proceeds less that discount. What the breakdowns add
 * beyond lines, shipping and tax (a delivery tip, gift wrap, a COD fee) is left to the order's
 * adjustment, which the paid total makes exact.
 */

type Raw = Record<string, unknown>;

/** Thrown inside the mapping for an order we cannot represent; becomes a quarantined PulledOrder. */
class MappingError extends Error {}

const obj = (v: unknown): Raw | null => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Raw) : null);
const list = (v: unknown): Raw[] => (Array.isArray(v) ? v.filter((x): x is Raw => !!obj(x)) : []);
const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim() : typeof v === 'number' && Number.isFinite(v) ? String(v) : null);
/** An enum value compared loosely: `PARTIALLY_SHIPPED`, `PartiallyShipped` and `partially-shipped` read alike. */
const word = (v: unknown): string | null => text(v)?.replace(/[^a-z]/gi, '').toUpperCase() || null;

function id(v: unknown, field: string): string | null {
  try {
    return idString(v);
  } catch (e) {
    throw new MappingError(`${field}: ${(e as Error).message}`);
  }
}

function time(v: unknown): Date | null {
  const s = text(v);
  if (!s) return null;
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** A whole number of units, or null (strings of digits are read: a payload may quote them). */
function units(v: unknown): number | null {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v) : NaN;
  return Number.isSafeInteger(n) && n >= 0 ? n : null;
}

/**
 * `fulfillment.fulfillmentStatus` → unified (§4a), keyed loosely so v0's spellings read too
 * (Canceled, PartiallyShipped, InvoiceUnconfirmed).
 */
const STATUS: Record<string, UnifiedOrderStatus> = {
  PENDINGAVAILABILITY: 'PENDING_PAYMENT',
  PENDING: 'PENDING_PAYMENT',
  UNSHIPPED: 'PAID',
  PARTIALLYSHIPPED: 'PARTIALLY_SHIPPED',
  SHIPPED: 'SHIPPED',
  INVOICEUNCONFIRMED: 'SHIPPED',
  CANCELLED: 'CANCELLED',
  CANCELED: 'CANCELLED',
  UNFULFILLABLE: 'CANCELLED',
};

export interface MapOptions {
  /** The channel's marketplaces: an order that does not say where it was placed is on the first. */
  marketplaces?: string[];
}

/** The amounts of a proceeds `breakdowns[]` by type (the same type twice adds up). */
function breakdowns(rows: Raw[], field: string, currency: string): Map<string, string> {
  const out = new Map<string, string>();
  rows.forEach((b, k) => {
    const type = word(b.type);
    const m = readMoney(b.subtotal, `${field}[${k}].subtotal`);
    if (!type || !m) return;
    if (m.currency !== currency) throw new MappingError(`${field}[${k}].subtotal is in ${m.currency}, the order in ${currency}`);
    out.set(type, out.has(type) ? sumAmounts([out.get(type)!, m.amount]) : m.amount);
  });
  return out;
}

function sameCurrency(m: { amount: string; currency: string } | null, field: string, currency: string): string | null {
  if (!m) return null;
  if (m.currency !== currency) throw new MappingError(`${field} is in ${m.currency}, the order in ${currency}`);
  return m.amount;
}

/** The order's currency: its grand total's, else its first line's price or proceeds, else its marketplace's. */
function currencyOf(o: Raw, items: Raw[], marketplaceId: string | null): string | null {
  const candidates: [unknown, string][] = [
    [obj(o.proceeds)?.grandTotal, 'proceeds.grandTotal'],
    ...items.flatMap((i, k): [unknown, string][] => [
      [obj(obj(obj(i.product)?.price))?.unitPrice, `orderItems[${k}].product.price.unitPrice`],
      [obj(i.proceeds)?.proceedsTotal, `orderItems[${k}].proceeds.proceedsTotal`],
    ]),
  ];
  for (const [c, field] of candidates) {
    const m = readMoney(c, field);
    if (m) return m.currency;
  }
  return marketplaceById(marketplaceId)?.currency ?? null;
}

/** The parcels of each line, from the order's `packages[]` (merchant-fulfilled orders carry them [O]). */
function parcelsByLine(o: Raw): Map<string, LineShipmentDto[]> | null {
  if (!Array.isArray(o.packages)) return null;
  const out = new Map<string, LineShipmentDto[]>();
  list(o.packages).forEach((p, k) => {
    if (word(obj(p.packageStatus)?.status) === 'CANCELLED') return;
    for (const item of list(p.packageItems)) {
      const lineId = id(item.orderItemId, `packages[${k}].packageItems[].orderItemId`);
      const quantity = units(item.quantity);
      if (!lineId || !quantity) continue;
      const parcel: LineShipmentDto = { quantity, carrier: text(p.carrier), trackingNumber: text(p.trackingNumber), shippedAt: time(p.shipTime) };
      out.set(lineId, [...(out.get(lineId) ?? []), parcel]);
    }
  });
  return out;
}

interface ItemView {
  line: OrderLineDto;
  /** An open cancellation request of the buyer on it. */
  cancelRequested: boolean;
}

function item(it: Raw, index: number, currency: string, status: UnifiedOrderStatus, parcels: Map<string, LineShipmentDto[]> | null): ItemView | null {
  const at = (f: string) => `orderItems[${index}].${f}`;
  const lineId = id(it.orderItemId, at('orderItemId'));
  if (!lineId) throw new MappingError(`${at('orderItemId')} is missing`);
  const product = obj(it.product) ?? {};
  const fulfilment = obj(it.fulfillment);
  let quantity = units(it.quantityOrdered);
  if (quantity === null) throw new MappingError(`${at('quantityOrdered')} (item ${lineId}) is not a whole number`);
  if (quantity === 0) {
    // A cancelled order may show its items with nothing ordered any more [U: v0 did]: the units it had are kept when Amazon says them, else the item is left out.
    const said = (units(fulfilment?.quantityFulfilled) ?? 0) + (units(fulfilment?.quantityUnfulfilled) ?? 0);
    if (!said) return null;
    quantity = said;
  }
  const proceeds = obj(it.proceeds);
  const parts = breakdowns(list(proceeds?.breakdowns), at('proceeds.breakdowns'), currency);
  const unitPrice = sameCurrency(readMoney(obj(obj(product.price))?.unitPrice, at('product.price.unitPrice')), at('product.price.unitPrice'), currency);
  const itemTotal = parts.get('ITEM') ?? null;
  const price = unitPrice ?? (itemTotal !== null ? divideAmount(itemTotal, quantity, currency) : null);
  // Pending orders may not say a price yet; a paid one without any is not an order we can record.
  if (price === null && status !== 'PENDING_PAYMENT' && status !== 'CANCELLED') throw new MappingError(`${at('product.price.unitPrice')} (item ${lineId}) is missing and its proceeds have no ITEM amount`);
  const zero = formatUnits(0n, minorUnits(currency));
  const unit = price ?? zero;
  const off = parts.has('DISCOUNT') ? absAmount(parts.get('DISCOUNT')!) : null;
  const discount = off !== null && compareAmounts(off, '0') > 0 ? off : null;
  const gross = itemTotal ?? multiplyAmount(unit, quantity);
  const paid = discount !== null ? subtractAmounts(gross, discount) : gross;
  const request = obj(obj(it.cancellation)?.cancellationRequest);
  const executed = obj(obj(it.cancellation)?.cancellationExecution);
  const shipped = parcels?.get(lineId);
  const fulfilled = units(fulfilment?.quantityFulfilled);
  return {
    line: {
      externalLineId: lineId,
      // Our SKU as we listed it; a line listed elsewhere names its ASIN so staff can map it.
      sku: text(product.sellerSku) ?? `ASIN:${text(product.asin) ?? 'unknown'}`,
      title: text(product.title),
      optionText: null,
      quantity,
      unitPrice: unit,
      discount,
      paid: price === null && itemTotal === null ? null : paid,
      status: fulfilment ? `fulfilled ${fulfilled ?? '?'} of ${quantity}` : null,
      refund: null,
      // The parcels Amazon shows (merchant-fulfilled); without packages, the units it says left.
      shipments: shipped ?? (parcels ? (fulfilled ? [{ quantity: fulfilled }] : []) : fulfilled !== null ? (fulfilled ? [{ quantity: fulfilled }] : []) : null),
    },
    cancelRequested: !!request && !executed,
  };
}

function address(recipient: Raw | null): AddressDto | null {
  const a = obj(recipient?.deliveryAddress);
  if (!a) return null;
  const name = text(a.name);
  const company = text(a.companyName);
  const country = text(a.countryCode)?.toUpperCase() ?? null;
  const lines2 = [text(a.addressLine2), text(a.addressLine3)].filter((l): l is string => !!l);
  return {
    // The company is kept beside the person: a courier needs both.
    name: name && company && !name.includes(company) ? `${name}, ${company}` : name ?? company,
    phone: text(a.phone),
    country: country && /^[A-Z]{2}$/.test(country) ? country : null,
    province: text(a.stateOrRegion),
    city: text(a.city) ?? text(a.municipality),
    district: text(a.districtOrCounty) ?? (text(a.city) ? text(a.municipality) : null),
    address1: text(a.addressLine1),
    address2: lines2.length ? lines2.join(', ') : null,
    postalCode: text(a.postalCode),
  };
}

/** The status from `fulfillment.fulfillmentStatus`, else (a payload without it) from the items' units. */
function statusOf(o: Raw, items: Raw[]): { status: UnifiedOrderStatus; said: string } {
  const raw = text(obj(o.fulfillment)?.fulfillmentStatus);
  if (raw) {
    const status = STATUS[word(raw) ?? ''];
    if (!status) throw new MappingError(`unknown fulfillment.fulfillmentStatus ${raw}`);
    return { status, said: raw };
  }
  const counts = items.map((i) => obj(i.fulfillment)).map((f) => (f ? { done: units(f.quantityFulfilled), left: units(f.quantityUnfulfilled) } : null));
  if (!counts.length || counts.some((c) => !c || c.done === null || c.left === null)) throw new MappingError('fulfillment.fulfillmentStatus is missing and the items do not say what has shipped');
  const done = counts.reduce((n, c) => n + c!.done!, 0);
  const left = counts.reduce((n, c) => n + c!.left!, 0);
  const status: UnifiedOrderStatus = left === 0 && done > 0 ? 'SHIPPED' : done > 0 ? 'PARTIALLY_SHIPPED' : 'PAID';
  return { status, said: `(no fulfillmentStatus; ${done} shipped, ${left} to ship)` };
}

/** The marketplace the order was placed on: its sales channel's, else the channel's first. */
function marketplaceOf(o: Raw, options: MapOptions): string | null {
  return text(obj(o.salesChannel)?.marketplaceId) ?? options.marketplaces?.[0] ?? null;
}

/** Maps one v2026-01-01 `Order` to an OrderDto, or says why it cannot. */
export function mapOrder(raw: unknown, options: MapOptions = {}): PulledOrder {
  const o = obj(raw);
  let externalId: string | null = null;
  try {
    if (!o) throw new MappingError('the order is not an object');
    externalId = id(o.orderId, 'orderId');
    if (!externalId) throw new MappingError('orderId is missing');
    const rows = list(o.orderItems);
    if (!rows.length) throw new MappingError('the order has no orderItems');
    const modifiedAt = time(o.lastUpdatedTime) ?? time(o.createdTime);
    if (!modifiedAt) throw new MappingError('lastUpdatedTime (and createdTime) are missing or not a time');
    const marketplaceId = marketplaceOf(o, options);
    const currency = currencyOf(o, rows, marketplaceId);
    if (!currency) throw new MappingError('the order has no amount with a currency (proceeds.grandTotal, product.price.unitPrice) and no known marketplace');
    const { status, said } = statusOf(o, rows);
    const fulfilment = obj(o.fulfillment);
    const byAmazon = ['AMAZON', 'AFN'].includes(word(fulfilment?.fulfilledBy) ?? '');
    const parcels = parcelsByLine(o);
    const items = rows.map((r, i) => item(r, i, currency, status, parcels)).filter((x): x is ItemView => !!x);
    if (!items.length) throw new MappingError('no orderItem has units (every quantityOrdered is 0)');
    const lines = items.map((i) => i.line);

    const flags = new Set<OrderFlag>();
    // Amazon could not fulfil it (Multi-Channel Fulfillment): cancelled, and nothing must ship.
    if (word(fulfilment?.fulfillmentStatus) === 'UNFULFILLABLE') flags.add('DO_NOT_SHIP');
    if ((status === 'PENDING_PAYMENT' || status === 'PAID' || status === 'PARTIALLY_SHIPPED') && items.some((i) => i.cancelRequested)) flags.add('CANCEL_REQUESTED');
    const recipient = obj(o.recipient);
    const shippingAddress = address(recipient);
    // A seller without the PII role gets the address without its personal parts (name, street,
    // postal code, phone) or none at all: a clean order, not an incomplete address. Only an
    // address that has them and still lacks the street or country is flagged.
    const personal = !!(shippingAddress?.name || shippingAddress?.address1 || shippingAddress?.postalCode);
    if (personal && !byAmazon && (status === 'PAID' || status === 'PARTIALLY_SHIPPED') && !(shippingAddress!.address1 && shippingAddress!.country)) flags.add('ADDRESS_INCOMPLETE');

    const proceeds = obj(o.proceeds);
    const orderParts = breakdowns(list(proceeds?.breakdowns), 'proceeds.breakdowns', currency);
    const lineParts = rows.map((r, i) => breakdowns(list(obj(r.proceeds)?.breakdowns), `orderItems[${i}].proceeds.breakdowns`, currency));
    const fromLines = (type: string) => {
      const found = lineParts.map((p) => p.get(type)).filter((a): a is string => a !== undefined);
      return found.length ? sumAmounts(found) : null;
    };
    const shipping = orderParts.get('SHIPPING') ?? fromLines('SHIPPING');
    const tax = orderParts.get('TAX') ?? fromLines('TAX');
    const grandTotal = sameCurrency(readMoney(proceeds?.grandTotal, 'proceeds.grandTotal'), 'proceeds.grandTotal', currency);
    // Discounts beyond those the lines carry themselves (an order-wide promotion).
    const lineOff = sumAmounts(lines.map((l) => l.discount ?? '0'));
    const orderOff = orderParts.has('DISCOUNT') ? subtractAmounts(absAmount(orderParts.get('DISCOUNT')!), lineOff) : null;
    const zero = formatUnits(0n, minorUnits(currency));
    const discount = grandTotal !== null ? (orderOff !== null && compareAmounts(orderOff, '0') > 0 ? orderOff : zero) : null;

    const buyer = obj(o.buyer);
    const buyerDto = buyer ? { name: text(buyer.buyerName) ?? text(buyer.buyerCompanyName), nickname: null, email: text(buyer.buyerEmail), phone: null } : null;
    const placedAt = time(o.createdTime);
    const order: OrderDto & { raw: unknown } = {
      externalId,
      status,
      marketplaceStatus: `${said}${byAmazon ? ' / AMAZON' : ''}`,
      flags: [...flags],
      marketplaceId,
      fulfilledBy: byAmazon ? 'MARKETPLACE' : 'MERCHANT',
      modifiedAt,
      placedAt,
      // Amazon authorises payment when an order leaves Pending; the Orders API does not stamp when [U]: its creation stands in.
      paidAt: status === 'PENDING_PAYMENT' ? null : placedAt,
      currency,
      buyerId: null,
      buyer: buyerDto && (buyerDto.name || buyerDto.email) ? buyerDto : null,
      shippingAddress,
      lines,
      shipping,
      discount,
      tax,
      paidTotal: grandTotal,
      buyerMessage: null,
      // Everything Amazon said, unknown fields included, for the record.
      raw,
    };
    return { ok: true, order };
  } catch (e) {
    if (!(e instanceof MappingError || e instanceof MoneyError)) throw e;
    return { ok: false, externalId, raw, error: e.message };
  }
}

// --- What a shipment needs of an order --------------------------------------------------------

export interface OrderShipView {
  orderId: string;
  marketplaceId: string | null;
  fulfilledByAmazon: boolean;
  status: string | null;
  /** Each item with its units ordered and still to ship. */
  items: { id: string; ordered: number; left: number }[];
  /** The parcels Amazon holds: their reference ids and tracking numbers (compared without spaces, upper case). */
  packages: { referenceId: string | null; tracking: string }[];
}

/** A tracking number as compared: without spaces, upper case. */
export function trackingKey(t: unknown): string {
  return (text(t) ?? '').replace(/\s+/g, '').toUpperCase();
}

/** The order as a shipment reads it: items and units left, parcels already confirmed. */
export function shipView(raw: unknown): OrderShipView | null {
  const o = obj(raw);
  if (!o) return null;
  let orderId: string | null;
  try {
    orderId = idString(o.orderId);
  } catch {
    orderId = null;
  }
  if (!orderId) return null;
  const sent = new Map<string, number>();
  const packages = list(o.packages)
    .filter((p) => word(obj(p.packageStatus)?.status) !== 'CANCELLED')
    .map((p) => {
      for (const it of list(p.packageItems)) {
        const lineId = text(it.orderItemId);
        const q = units(it.quantity) ?? 0;
        if (lineId) sent.set(lineId, (sent.get(lineId) ?? 0) + q);
      }
      return { referenceId: text(p.packageReferenceId), tracking: trackingKey(p.trackingNumber) };
    });
  const items = list(o.orderItems).flatMap((it) => {
    let lineId: string | null;
    try {
      lineId = idString(it.orderItemId);
    } catch {
      lineId = null;
    }
    const ordered = units(it.quantityOrdered);
    if (!lineId || ordered === null) return [];
    const f = obj(it.fulfillment);
    const unfulfilled = units(f?.quantityUnfulfilled);
    const fulfilled = units(f?.quantityFulfilled);
    const left = unfulfilled ?? (fulfilled !== null ? ordered - fulfilled : ordered - (sent.get(lineId) ?? 0));
    return [{ id: lineId, ordered, left: Math.max(0, left) }];
  });
  return {
    orderId,
    marketplaceId: text(obj(o.salesChannel)?.marketplaceId),
    fulfilledByAmazon: ['AMAZON', 'AFN'].includes(word(obj(o.fulfillment)?.fulfilledBy) ?? ''),
    status: text(obj(o.fulfillment)?.fulfillmentStatus),
    items,
    packages,
  };
}
