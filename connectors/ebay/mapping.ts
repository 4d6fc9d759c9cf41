import { idString } from '../sdk/exact-json';
import type { AddressDto, LineRefundDto, ListingRef, OrderDto, OrderFlag, OrderLineDto, PulledOrder, RemoteListing, UnifiedOrderStatus } from '../sdk/types';
import { absAmount, compareAmounts, divideAmount, formatUnits, minorUnits, Money, MoneyError, readAmount, subtractAmounts, sumAmounts } from './money';

/**
 * Pure mapping from eBay's shapes to the SDK's DTOs. An order is the Fulfillment API's `Order`
 * (getOrders' `orders[]` or getOrder's body), read field by field as the contract
 * (sell_fulfillment_v1_oas3.json) names them, as `parseJsonExact` gives it: real payloads leave
 * containers out, add fields we do not know (kept in `raw`), and may carry numbers beyond 2^53
 * (kept as their digits). A missing order id, lines, currency or modified time, an amount that
 * cannot be read or a status the table does not know make the order a bad record (quarantined
 * with its raw body), never a failed page.
 */

type Raw = Record<string, unknown>;

/** Thrown inside the mapping for an order we cannot represent; becomes a quarantined PulledOrder. */
class MappingError extends Error {}

const obj = (v: unknown): Raw | null => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Raw) : null);
const list = (v: unknown): Raw[] => (Array.isArray(v) ? v.filter((x): x is Raw => !!obj(x)) : []);
const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim() : typeof v === 'number' && Number.isFinite(v) ? String(v) : null);
const upper = (v: unknown): string | null => text(v)?.toUpperCase() ?? null;

/** An id as a string, or a MappingError naming the field when its digits were lost. */
function id(v: unknown, field: string): string | null {
  try {
    return idString(v);
  } catch (e) {
    throw new MappingError(`${field}: ${(e as Error).message}`);
  }
}

/** An ISO-8601 time (eBay writes UTC with milliseconds [O]); null when absent or not a time. */
function time(v: unknown): Date | null {
  const s = text(v);
  if (!s) return null;
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? null : d;
}

/**
 * `orderFulfillmentStatus` (and `lineItemFulfillmentStatus`) → where the goods are (ebay.md §6:
 * the three values are confirmed by the getOrders filter text [O]).
 */
const FULFILMENT: Record<string, UnifiedOrderStatus> = { NOT_STARTED: 'PAID', IN_PROGRESS: 'PARTIALLY_SHIPPED', FULFILLED: 'SHIPPED' };
/** Payment states that are not paid yet [U: PENDING, FAILED]. */
const UNPAID = new Set(['PENDING', 'FAILED']);
/** `cancelState` once eBay cancelled the order [U: CANCELED; the British spelling read too]. */
const CANCELLED = new Set(['CANCELED', 'CANCELLED']);
/** `cancelState` while a cancellation is asked for and not decided [U: IN_PROGRESS]. */
const CANCEL_OPEN = new Set(['IN_PROGRESS', 'REQUESTED']);
/** A cancel request that is over [U: CancelRequestStateEnum COMPLETED, REJECTED]. */
const CANCEL_REQUEST_DONE = new Set(['COMPLETED', 'REJECTED', 'CANCELED', 'CANCELLED', 'CLOSED']);

export interface MapOptions {
  /** The channel's sites: the order's marketplace is reported as one of them when the order names it. */
  sites?: string[];
}

function money(v: unknown, field: string, currency: string): string | null {
  const m = readAmount(v, field);
  if (!m) return null;
  if (m.currency !== currency) throw new MappingError(`${field} is in ${m.currency}, the order in ${currency}`);
  return m.value;
}

/** A line's refunds as the order shows them (`refunds[]`: amount, date, id [O]); null when none. */
function lineRefund(li: Raw, index: number, quantity: number, paid: string, currency: string): LineRefundDto | null {
  const refunds = list(li.refunds);
  if (!refunds.length) return null;
  const amounts = refunds.map((r, k) => money(r.amount, `lineItems[${index}].refunds[${k}].amount`, currency)).filter((a): a is string => a !== null);
  const amount = amounts.length ? sumAmounts(amounts) : null;
  // The units refunded are said only when the money covers the line; a smaller refund is of money, not of units.
  const whole = amount !== null && compareAmounts(amount, paid) >= 0;
  return { status: 'REFUNDED', marketplaceStatus: 'REFUNDED', quantity: whole ? quantity : null, amount };
}

/** Variation aspects when a payload carries them (`variationAspects: [{name, value}]`, not in the v1.19.2 contract): "Colour:Red;Size:M". */
function optionText(li: Raw): string | null {
  const aspects = list(li.variationAspects).flatMap((a) => (text(a.name) && text(a.value) ? [`${text(a.name)}:${text(a.value)}`] : []));
  return aspects.length ? aspects.join(';') : null;
}

function line(li: Raw, index: number, currency: string): OrderLineDto {
  const at = (f: string) => `lineItems[${index}].${f}`;
  const lineId = id(li.lineItemId, at('lineItemId'));
  if (!lineId) throw new MappingError(`${at('lineItemId')} is missing`);
  const quantity = typeof li.quantity === 'number' ? li.quantity : Number(text(li.quantity));
  if (!Number.isInteger(quantity) || quantity < 1) throw new MappingError(`${at('quantity')} (line ${lineId}) is not a whole number of 1 or more`);
  const cost = money(li.lineItemCost, at('lineItemCost'), currency);
  if (cost === null) throw new MappingError(`${at('lineItemCost')} (line ${lineId}) is missing`);
  const discounted = money(li.discountedLineItemCost, at('discountedLineItemCost'), currency);
  const promotions = list(li.appliedPromotions)
    .map((p, k) => money(p.discountAmount, `${at('appliedPromotions')}[${k}].discountAmount`, currency))
    .filter((a): a is string => a !== null)
    .map(absAmount);
  // The line's own discount: what its promotions took off its cost, as eBay states it.
  const off = discounted !== null ? subtractAmounts(cost, discounted) : promotions.length ? sumAmounts(promotions) : null;
  const discount = off !== null && compareAmounts(off, '0') > 0 ? off : null;
  const paid = discount !== null ? subtractAmounts(cost, discount) : cost;
  const legacyItem = id(li.legacyItemId, at('legacyItemId'));
  const legacyVariation = id(li.legacyVariationId, at('legacyVariationId'));
  return {
    externalLineId: lineId,
    // Our SKU as we listed it; a line listed elsewhere (the Trading API, by hand) names its eBay item so staff can map it.
    sku: text(li.sku) ?? `EBAY:${legacyItem ?? 'unknown'}${legacyVariation ? `:${legacyVariation}` : ''}`,
    title: text(li.title),
    optionText: optionText(li),
    quantity,
    unitPrice: divideAmount(cost, quantity, currency),
    discount,
    paid,
    status: upper(li.lineItemFulfillmentStatus),
    refund: lineRefund(li, index, quantity, paid, currency),
  };
}

/** The order's shipping step: its `shipTo` contact (the Global Shipping Program's hub when eBay forwards the parcel). */
function shippingStep(o: Raw): Raw | null {
  for (const f of list(o.fulfillmentStartInstructions)) {
    const step = obj(f.shippingStep);
    if (step) return step;
  }
  return null;
}

function address(step: Raw | null): AddressDto | null {
  const to = obj(step?.shipTo);
  if (!to) return null;
  const a = obj(to.contactAddress) ?? {};
  const company = text(to.companyName);
  const name = text(to.fullName);
  const country = upper(a.countryCode);
  return {
    // The company is kept beside the person: a courier needs both.
    name: name && company && !name.includes(company) ? `${name}, ${company}` : name ?? company,
    phone: text(obj(to.primaryPhone)?.phoneNumber),
    country: country && /^[A-Z]{2}$/.test(country) ? country : null,
    province: text(a.stateOrProvince),
    city: text(a.city),
    district: text(a.county),
    address1: text(a.addressLine1),
    address2: text(a.addressLine2),
    postalCode: text(a.postalCode),
  };
}

/** The unified status by the reference's table (ebay.md §6), in its order; null when no row applies. */
export function unifiedStatus(o: Raw, lineStatuses: (string | null)[]): UnifiedOrderStatus | null {
  const cancel = upper(obj(o.cancelStatus)?.cancelState);
  const payment = upper(o.orderPaymentStatus);
  if (cancel && CANCELLED.has(cancel)) return 'CANCELLED';
  if (payment === 'FULLY_REFUNDED') return 'REFUNDED';
  if (payment && UNPAID.has(payment)) return 'PENDING_PAYMENT';
  // PAID and PARTIALLY_REFUNDED (the refund stays on its lines) keep the fulfilment's state.
  const fulfilment = FULFILMENT[upper(o.orderFulfillmentStatus) ?? ''];
  if (fulfilment) return fulfilment;
  // No order-level state: the lines say where the goods are.
  const lines = lineStatuses.map((s) => (s ? FULFILMENT[s] : undefined));
  if (!lines.length || lines.some((s) => !s)) return null;
  if (lines.every((s) => s === 'SHIPPED')) return 'SHIPPED';
  if (lines.some((s) => s === 'SHIPPED' || s === 'PARTIALLY_SHIPPED')) return 'PARTIALLY_SHIPPED';
  return 'PAID';
}

/** The eBay words the status was read from, for the order's record: `NOT_STARTED / PAID`, `… / cancel IN_PROGRESS`. */
function marketplaceStatus(o: Raw): string {
  const cancel = upper(obj(o.cancelStatus)?.cancelState);
  const words = [upper(o.orderFulfillmentStatus) ?? '-', upper(o.orderPaymentStatus) ?? '-'];
  if (cancel && cancel !== 'NONE_REQUESTED') words.push(`cancel ${cancel}`);
  return words.join(' / ');
}

/**
 * A cancellation the buyer asked for that is not decided yet: `cancelState` IN_PROGRESS, or a
 * cancel request still open (getOrder fills `cancelRequests`; getOrders always sends it empty [O]).
 */
export function cancelRequested(o: Raw): boolean {
  const status = obj(o.cancelStatus);
  const state = upper(status?.cancelState);
  if (state && CANCELLED.has(state)) return false;
  if (state && CANCEL_OPEN.has(state)) return true;
  return list(status?.cancelRequests).some((r) => {
    const s = upper(r.cancelRequestState);
    return s ? !CANCEL_REQUEST_DONE.has(s) : !text(r.cancelCompletedDate);
  });
}

/** The site the order was placed on: the lines' purchase site (else their listing site), one of the channel's when it names one. */
function marketplaceOf(lines: Raw[], sites: string[] | undefined): string | null {
  const named = lines.flatMap((l) => [upper(l.purchaseMarketplaceId), upper(l.listingMarketplaceId)]).filter((s): s is string => !!s);
  if (sites?.length) {
    const mine = named.find((s) => sites.includes(s));
    if (mine) return mine;
  }
  return named[0] ?? null;
}

/** When eBay says the buyer paid: the earliest `paymentDate` of a payment that went through. */
function paidAt(o: Raw): Date | null {
  const dates = list(obj(o.paymentSummary)?.payments)
    .filter((p) => !['FAILED', 'PENDING'].includes(upper(p.paymentStatus) ?? ''))
    .map((p) => time(p.paymentDate))
    .filter((d): d is Date => !!d);
  return dates.length ? new Date(Math.min(...dates.map((d) => d.getTime()))) : null;
}

/** Maps one eBay `Order` to an OrderDto, or says why it cannot. */
export function mapOrder(raw: unknown, options: MapOptions = {}): PulledOrder {
  const o = obj(raw);
  let externalId: string | null = null;
  try {
    if (!o) throw new MappingError('the order is not an object');
    externalId = id(o.orderId, 'orderId') ?? id(o.legacyOrderId, 'legacyOrderId');
    if (!externalId) throw new MappingError('orderId is missing');
    const rows = list(o.lineItems);
    if (!rows.length) throw new MappingError('the order has no lineItems');
    const pricing = obj(o.pricingSummary) ?? {};
    const first: Money | null = readAmount(pricing.total, 'pricingSummary.total') ?? readAmount(rows[0].lineItemCost, 'lineItems[0].lineItemCost');
    if (!first) throw new MappingError('the order has no amount with a currency (pricingSummary.total, lineItems[].lineItemCost)');
    const currency = first.currency;
    const lines = rows.map((r, i) => line(r, i, currency));

    const status = unifiedStatus(o, lines.map((l) => l.status ?? null));
    if (!status) throw new MappingError(`unknown order status: orderFulfillmentStatus ${text(o.orderFulfillmentStatus) ?? '(none)'}, orderPaymentStatus ${text(o.orderPaymentStatus) ?? '(none)'}`);
    const placedAt = time(o.creationDate);
    const modifiedAt = time(o.lastModifiedDate) ?? placedAt;
    if (!modifiedAt) throw new MappingError('lastModifiedDate (and creationDate) are missing or not a time');

    const flags = new Set<OrderFlag>();
    if (status !== 'CANCELLED' && status !== 'REFUNDED' && cancelRequested(o)) flags.add('CANCEL_REQUESTED');
    const step = shippingStep(o);
    const shippingAddress = address(step);
    if (step && (status === 'PAID' || status === 'PARTIALLY_SHIPPED') && !(shippingAddress?.name && shippingAddress.address1 && shippingAddress.country)) flags.add('ADDRESS_INCOMPLETE');

    // Order-level discounts: the delivery discount, and item discounts the lines do not carry themselves.
    const lineOff = sumAmounts(lines.map((l) => l.discount ?? '0'));
    const itemOff = money(pricing.priceDiscountSubtotal, 'pricingSummary.priceDiscountSubtotal', currency);
    const itemRest = itemOff !== null ? subtractAmounts(absAmount(itemOff), lineOff) : '0';
    const deliveryOff = money(pricing.deliveryDiscount, 'pricingSummary.deliveryDiscount', currency);
    const zero = formatUnits(0n, minorUnits(currency));
    const discount = sumAmounts([zero, deliveryOff !== null ? absAmount(deliveryOff) : '0', compareAmounts(itemRest, '0') > 0 ? itemRest : '0']);

    const buyer = obj(o.buyer);
    const username = text(buyer?.username);
    const shipTo = obj(step?.shipTo);
    const order: OrderDto & { raw: unknown } = {
      externalId,
      status,
      marketplaceStatus: marketplaceStatus(o),
      flags: [...flags],
      marketplaceId: marketplaceOf(rows, options.sites),
      fulfilledBy: 'MERCHANT',
      modifiedAt,
      placedAt,
      paidAt: paidAt(o),
      currency,
      buyerId: username,
      buyer: { name: text(shipTo?.fullName), nickname: username, email: text(shipTo?.email), phone: text(obj(shipTo?.primaryPhone)?.phoneNumber) },
      shippingAddress,
      lines,
      shipping: money(pricing.deliveryCost, 'pricingSummary.deliveryCost', currency),
      discount,
      tax: money(pricing.tax, 'pricingSummary.tax', currency),
      paidTotal: money(pricing.total, 'pricingSummary.total', currency),
      buyerMessage: text(o.buyerCheckoutNotes),
      // Everything eBay said, unknown fields included, for the record.
      raw,
    };
    return { ok: true, order };
  } catch (e) {
    if (!(e instanceof MappingError || e instanceof MoneyError)) throw e;
    return { ok: false, externalId, raw, error: e.message };
  }
}

/** The lines of an order with their units: what a parcel without lines carries (ids and quantities). */
export function orderLines(order: unknown): { id: string; quantity: number; status: string | null }[] {
  return list(obj(order)?.lineItems).flatMap((li) => {
    let lineId: string | null;
    try {
      lineId = idString(li.lineItemId);
    } catch {
      lineId = null;
    }
    const quantity = Number(li.quantity);
    return lineId && Number.isInteger(quantity) && quantity > 0 ? [{ id: lineId, quantity, status: upper(li.lineItemFulfillmentStatus) }] : [];
  });
}

/** A tracking number as compared: without spaces, upper case. */
export function trackingKey(t: unknown): string {
  return (text(t) ?? '').replace(/\s+/g, '').toUpperCase();
}

/** The fulfillments of an order as getShippingFulfillments lists them: tracking number and units per line. */
export function fulfillmentsOf(fulfillments: Raw[]): { id: string | null; tracking: string; units: Map<string, number> }[] {
  return fulfillments.map((f) => {
    const units = new Map<string, number>();
    for (const li of list(f.lineItems)) {
      const lineId = text(li.lineItemId);
      const q = Number(li.quantity);
      if (lineId) units.set(lineId, (units.get(lineId) ?? 0) + (Number.isInteger(q) && q > 0 ? q : 0));
    }
    return { id: text(f.fulfillmentId), tracking: trackingKey(f.shipmentTrackingNumber ?? f.trackingNumber), units };
  });
}

// --- Listings -------------------------------------------------------------------------------

/** An offer's site, id, status and price, as getOffers lists it (EbayOfferDetailsWithAll [O]). */
export interface OfferView {
  offerId: string;
  marketplaceId: string;
  format: string | null;
  /** PUBLISHED or UNPUBLISHED [O]. */
  status: string | null;
  listingId: string | null;
  /** The listing's own status when published (ACTIVE, OUT_OF_STOCK, ENDED… [U: ListingStatusEnum]). */
  listingStatus: string | null;
  availableQuantity: number | null;
  price: Money | null;
  raw: Raw;
}

export function offerView(o: Raw): OfferView | null {
  let offerId: string | null;
  try {
    offerId = idString(o.offerId);
  } catch {
    offerId = null;
  }
  const marketplaceId = upper(o.marketplaceId);
  if (!offerId || !marketplaceId) return null;
  const listing = obj(o.listing);
  let price: Money | null = null;
  try {
    price = readAmount(obj(o.pricingSummary)?.price, 'pricingSummary.price');
  } catch {
    price = null;
  }
  let listingId: string | null = null;
  try {
    listingId = idString(listing?.listingId);
  } catch {
    listingId = null;
  }
  const q = Number(o.availableQuantity);
  return {
    offerId,
    marketplaceId,
    format: upper(o.format),
    status: upper(o.status),
    listingId,
    listingStatus: upper(listing?.listingStatus),
    availableQuantity: o.availableQuantity != null && Number.isInteger(q) ? q : null,
    price,
    raw: o,
  };
}

/** Whether an offer is live: published, and its listing not ended. */
export function isLive(offer: OfferView): boolean {
  return offer.status === 'PUBLISHED' && !['ENDED', 'INACTIVE'].includes(offer.listingStatus ?? '');
}

/** The quantity of an inventory item (its ship-to-home availability). */
export function itemQuantity(item: Raw | null): number | null {
  const q = Number(obj(obj(item?.availability)?.shipToLocationAvailability)?.quantity);
  return Number.isInteger(q) ? q : null;
}

/**
 * What a listing looks like on eBay now: the offers of the SKU on the channel's sites (the first
 * site's price), its quantity (the inventory item's, capped by an offer's own as eBay does [O]),
 * live while one of its offers is. Null when eBay has neither the item nor an offer.
 */
export function remoteListing(ref: ListingRef, item: Raw | null, offers: OfferView[], sites: string[]): RemoteListing | null {
  const mine = offers.filter((o) => o.format !== 'AUCTION' && (!sites.length || sites.includes(o.marketplaceId)));
  if (!item && !mine.length) return null;
  const ordered = [...mine].sort((a, b) => sites.indexOf(a.marketplaceId) - sites.indexOf(b.marketplaceId));
  const main = ordered[0];
  const total = itemQuantity(item);
  const quantity = total !== null && main?.availableQuantity != null ? Math.min(total, main.availableQuantity) : (total ?? main?.availableQuantity ?? 0);
  return {
    ref,
    quantity,
    price: main?.price?.value ?? '0',
    active: ordered.some(isLive),
  };
}
