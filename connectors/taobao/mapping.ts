import { idString } from '../sdk/exact-json';
import type { AddressDto, LineRefundDto, LineShipmentDto, OrderDto, OrderFlag, OrderLineDto, PulledOrder, RemoteListing, ReturnDto, ReturnStatus, UnifiedOrderStatus } from '../sdk/types';
import { parseTopTime } from './top-time';

/**
 * Pure mapping from TOP's shapes (taobao.md §6-§7) to the SDK's DTOs. Input is a trade or
 * refund as `parseJsonExact` gives it: 64-bit ids are strings, money is TOP's yuan strings,
 * which we pass on unchanged (TOP has no currency field: everything is CNY).
 */

type Raw = Record<string, unknown>;

export const TOP_CURRENCY = 'CNY';

/** Trade statuses whose unified status does not depend on the sub-orders. */
const TRADE_STATUS: Record<string, UnifiedOrderStatus> = {
  TRADE_NO_CREATE_PAY: 'PENDING_PAYMENT',
  WAIT_BUYER_PAY: 'PENDING_PAYMENT',
  PAY_PENDING: 'PENDING_PAYMENT',
  WAIT_PRE_AUTH_CONFIRM: 'PENDING_PAYMENT',
  WAIT_SELLER_SEND_GOODS: 'PAID',
  PAID_FORBID_CONSIGN: 'PAID',
  SELLER_CONSIGNED_PART: 'PARTIALLY_SHIPPED',
  WAIT_BUYER_CONFIRM_GOODS: 'SHIPPED',
  TRADE_BUYER_SIGNED: 'DELIVERED',
  TRADE_FINISHED: 'COMPLETED',
  TRADE_CLOSED_BY_TAOBAO: 'CANCELLED',
};

/** Refund statuses of a request still waiting on someone: before shipping, that is a cancel request. */
const OPEN_REFUND = new Set(['WAIT_SELLER_AGREE', 'WAIT_BUYER_RETURN_GOODS', 'WAIT_SELLER_CONFIRM_GOODS']);
/** Statuses in which the goods have not left yet (trade- or sub-order-level). */
const NOT_SHIPPED = new Set(['WAIT_SELLER_SEND_GOODS', 'PAID_FORBID_CONSIGN', 'SELLER_CONSIGNED_PART']);

/** Statuses of a sub-order whose goods have left (a closed one has left only if it was consigned). */
const LEFT = new Set(['WAIT_BUYER_CONFIRM_GOODS', 'TRADE_BUYER_SIGNED', 'TRADE_FINISHED']);

/** Thrown inside the mapping for a trade we cannot represent; becomes a quarantined PulledOrder. */
class MappingError extends Error {}

const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : typeof v === 'number' ? String(v) : null);

/** A TOP list: `{orders: {order: [...]}}` → the array (the double wrapping of §4), or a bare array. */
export function topList(container: unknown, key: string): Raw[] | null {
  if (Array.isArray(container)) return container as Raw[];
  if (container && typeof container === 'object') {
    const inner = (container as Raw)[key];
    if (Array.isArray(inner)) return inner as Raw[];
  }
  return null;
}

/** An id as a string; `tid_str`/`oid_str` (fullinfo only) when the number is missing. */
function id(raw: Raw, field: string): string | null {
  return idString(raw[field]) ?? idString(raw[`${field}_str`]);
}

/** Money as TOP wrote it. A decimal string is passed on as is; anything else is refused. */
function money(v: unknown, field: string, required: boolean): string | null {
  const s = typeof v === 'number' ? String(v) : v;
  if (s === undefined || s === null || s === '') {
    if (required) throw new MappingError(`${field} is missing`);
    return null;
  }
  if (typeof s !== 'string' || !/^-?\d+(\.\d+)?$/.test(s)) throw new MappingError(`${field} is not a decimal amount: ${JSON.stringify(v)}`);
  return s;
}

/** A decimal amount in fen (exact), or null. */
function fen(amount: string | null): bigint | null {
  if (amount === null) return null;
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(amount);
  if (!m) return null;
  const frac = (m[3] ?? '').padEnd(2, '0');
  // TOP writes 2 decimals; a third would be a sub-fen amount we cannot carry.
  if (/[1-9]/.test(frac.slice(2))) throw new MappingError(`${amount} has fractions of a fen`);
  const v = BigInt(m[2]) * 100n + BigInt(frac.slice(0, 2));
  return m[1] ? -v : v;
}

function yuan(f: bigint): string {
  const a = f < 0n ? -f : f;
  return `${f < 0n ? '-' : ''}${a / 100n}.${String(a % 100n).padStart(2, '0')}`;
}

/**
 * The fullinfo fields that hold a paid trade back from shipping, 1 when they do (trade.fullinfo.get
 * metadata, [M]: top_hold "TOP拦截标识，0不拦截，1拦截", team_buy_hold 天猫拼团拦截, share_group_hold 分享购拦截,
 * ofp_hold 天猫国际拦截; forbid_consign "聚划算一起买字段", read the same way [U]).
 */
export const HOLD_FIELDS = ['top_hold', 'team_buy_hold', 'share_group_hold', 'ofp_hold', 'forbid_consign'] as const;

/** The unified status of a trade, from its own status and, for a closed trade, its sub-orders. */
export function unifiedTradeStatus(status: string, paid: boolean, refundStatuses: (string | null)[]): UnifiedOrderStatus | null {
  if (status === 'TRADE_CLOSED') {
    // After payment a close is normally a full refund; before it, a cancellation (§7).
    const allRefunded = refundStatuses.length > 0 && refundStatuses.every((r) => r === 'SUCCESS');
    return paid && allRefunded ? 'REFUNDED' : 'CANCELLED';
  }
  return TRADE_STATUS[status] ?? null;
}

function address(t: Raw): AddressDto {
  const district = [text(t.receiver_district), text(t.receiver_town)].filter(Boolean).join('');
  return {
    // Name, phones and street come masked or encrypted (oaid decrypts them elsewhere): kept as they arrive.
    name: text(t.receiver_name),
    phone: text(t.receiver_mobile) ?? text(t.receiver_phone),
    country: countryCode(text(t.receiver_country), text(t.receiver_state)),
    province: text(t.receiver_state),
    city: text(t.receiver_city),
    district: district || null,
    address1: text(t.receiver_address),
    address2: null,
    postalCode: text(t.receiver_zip),
  };
}

const REGION_COUNTRY: Record<string, string> = { 香港: 'HK', 澳门: 'MO', 台湾: 'TW' };

/** ISO 3166-1 alpha-2. TOP's `receiver_country` is usually empty for the mainland; HK/MO/TW arrive as "provinces". */
function countryCode(country: string | null, state: string | null): string {
  if (country && /^[A-Za-z]{2}$/.test(country.trim())) return country.trim().toUpperCase();
  for (const [name, code] of Object.entries(REGION_COUNTRY)) if (state?.includes(name) || country?.includes(name)) return code;
  return 'CN';
}

/**
 * A sub-order's refund as the line shows it. The trade says where it stands (refund_status); how
 * much went back is on the refund itself (refunds.receive.get refund_fee), so the amount stays
 * null here. TOP refunds a sub-order whole: once SUCCESS, its quantity is refunded.
 */
function lineRefund(o: Raw, quantity: number): LineRefundDto | null {
  const status = text(o.refund_status);
  if (!status || status === 'NO_REFUND') return null;
  const unified = REFUND_STATUS[status] ?? 'REQUESTED';
  return { status: unified, marketplaceStatus: status, quantity: unified === 'REFUNDED' ? quantity : 0, amount: null };
}

/**
 * The parcel a sub-order left in: TOP ships sub-orders whole, so it is all of its units, with
 * the logistics company, waybill number and consign time the sub-order shows (set by whoever
 * consigned it, we through logistics.offline.send or the seller in 千牛). None while it waits or
 * when it was closed without being consigned (refunded before shipping). The trade's own
 * consign_time is when its first parcel left, not this one's, so it is not used.
 */
function lineShipments(o: Raw, quantity: number, tradeStatus: string): LineShipmentDto[] {
  const consignedAt = parseTopTime(o.consign_time);
  const trackingNumber = text(o.invoice_no)?.trim() || null;
  if (!LEFT.has(text(o.status) ?? tradeStatus) && !consignedAt && !trackingNumber) return [];
  return [{ quantity, carrier: text(o.logistics_company)?.trim() || null, trackingNumber, shippedAt: consignedAt }];
}

function line(o: Raw, index: number, trade: { single: boolean; postFee: bigint; status: string }): OrderLineDto {
  const oid = id(o, 'oid');
  if (!oid) throw new MappingError(`orders.order[${index}] has no oid`);
  const quantity = typeof o.num === 'number' ? o.num : Number(o.num);
  if (!Number.isInteger(quantity) || quantity < 1) throw new MappingError(`orders.order[${index}] (oid ${oid}) has no valid num`);
  const status = text(o.status);
  const refund = text(o.refund_status);
  const at = (field: string) => `orders.order[${index}].${field}`;
  const unitPrice = money(o.price, at('price'), true)!;
  // The line's own discount: its sub-order discount and the seller's price change (adjust_fee is
  // added to the price, so a change down is negative). A change up leaves it at the sub-order
  // discount; the order's paid total still holds and the difference shows at order level.
  const own = fen(money(o.discount_fee, at('discount_fee'), false)) ?? 0n;
  const adjust = fen(money(o.adjust_fee, at('adjust_fee'), false)) ?? 0n;
  const discount = own - adjust >= 0n ? own - adjust : own;
  // What was paid for it: divide_order_fee (after the trade's coupons are spread), else payment,
  // which for a trade of one sub-order is the trade's and includes the postage (fullinfo metadata).
  const divided = money(o.divide_order_fee, at('divide_order_fee'), false);
  const payment = fen(money(o.payment, at('payment'), false));
  const paid = divided ?? (payment === null ? null : yuan(trade.single ? payment - trade.postFee : payment));
  return {
    externalLineId: oid,
    // The merchant code: the SKU's own (outer_sku_id) or, for an item without SKUs, the item's (outer_iid).
    // Without either, TOP's own ids stand in ("num_iid:sku_id"), so staff can map the line to one of ours.
    sku: text(o.outer_sku_id) ?? text(o.outer_iid) ?? [id(o, 'num_iid') ?? 'unknown', id(o, 'sku_id')].filter(Boolean).join(':'),
    title: text(o.title),
    optionText: text(o.sku_properties_name),
    quantity,
    unitPrice,
    discount: yuan(discount),
    orderDiscount: money(o.part_mjz_discount, at('part_mjz_discount'), false),
    paid,
    // Partial refunds live here, at line level ("TRADE_CLOSED refund:SUCCESS"); the order's status does not move.
    status: refund && refund !== 'NO_REFUND' ? `${status ?? ''} refund:${refund}`.trim() : status,
    refund: lineRefund(o, quantity),
    shipments: lineShipments(o, quantity, trade.status),
  };
}

/** Maps a trade (the `trade` of taobao.trade.fullinfo.get) to an OrderDto, or explains why it cannot. */
export function mapTrade(raw: unknown): PulledOrder {
  let externalId: string | null = null;
  try {
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new MappingError('the trade is not an object');
    const t = raw as Raw;
    externalId = id(t, 'tid');
    if (!externalId) throw new MappingError('tid is missing');
    const status = text(t.status);
    if (!status) throw new MappingError('status is missing');
    const orders = topList(t.orders, 'order');
    if (!orders || orders.length === 0) throw new MappingError('orders.order is missing or empty');
    const paidAt = parseTopTime(t.pay_time);
    const unified = unifiedTradeStatus(status, paidAt !== null, orders.map((o) => text(o.refund_status)));
    if (!unified) throw new MappingError(`unknown trade status ${status}`);
    const placedAt = parseTopTime(t.created);
    const modifiedAt = parseTopTime(t.modified) ?? placedAt;
    if (!modifiedAt) throw new MappingError('modified (and created) is missing or not a TOP time');
    // The list methods say whether there is a message (has_buyer_message); only fullinfo carries it.
    if (t.has_buyer_message === true && text(t.buyer_message) === null) throw new MappingError('the trade has a buyer message (has_buyer_message) that was not read');
    const postFee = money(t.post_fee, 'post_fee', false);
    const lines = orders.map((o, i) => line(o, i, { single: orders.length === 1, postFee: fen(postFee) ?? 0n, status }));
    const shippingAddress = address(t);

    const flags: OrderFlag[] = [];
    if (status === 'PAID_FORBID_CONSIGN' || HOLD_FIELDS.some((f) => Number(t[f] ?? 0) === 1)) flags.push('DO_NOT_SHIP');
    const lineNotShipped = (o: Raw) => NOT_SHIPPED.has(text(o.status) ?? status);
    if (NOT_SHIPPED.has(status) && orders.some((o) => lineNotShipped(o) && OPEN_REFUND.has(text(o.refund_status) ?? ''))) flags.push('CANCEL_REQUESTED');
    if ((unified === 'PAID' || unified === 'PARTIALLY_SHIPPED') && !(shippingAddress.name && shippingAddress.province && shippingAddress.address1)) flags.push('ADDRESS_INCOMPLETE');

    const order: OrderDto = {
      externalId,
      status: unified,
      marketplaceStatus: status,
      flags,
      modifiedAt,
      placedAt,
      paidAt,
      currency: TOP_CURRENCY,
      buyerId: text(t.buyer_open_uid),
      buyer: { nickname: text(t.buyer_nick), email: text(t.buyer_email) },
      shippingAddress,
      lines,
      shipping: postFee,
      // The order-level discount is the trade's coupons as TOP spreads them over the sub-orders
      // (part_mjz_discount). trade.discount_fee is not used: whether it includes the sub-orders'
      // own discounts is [U]. Without the spread, the intake takes what the lines, postage and
      // tax leave over the payment.
      discount: lines.every((l) => l.orderDiscount != null) ? yuan(lines.reduce((n, l) => n + fen(l.orderDiscount!)!, 0n)) : null,
      tax: money(t.order_tax_fee, 'order_tax_fee', false),
      // What the buyer paid (实付金额): the order's total, to the cent.
      paidTotal: money(t.payment, 'payment', false),
      buyerMessage: text(t.buyer_message),
    };
    return { ok: true, order };
  } catch (e) {
    if (!(e instanceof Error)) throw e;
    return { ok: false, externalId, raw, error: e.message };
  }
}

/** Refund status → where the return stands. */
const REFUND_STATUS: Record<string, ReturnStatus> = {
  WAIT_SELLER_AGREE: 'REQUESTED',
  WAIT_BUYER_RETURN_GOODS: 'APPROVED',
  // The buyer has sent the goods back; they are on the way, not received yet.
  WAIT_SELLER_CONFIRM_GOODS: 'APPROVED',
  SELLER_REFUSE_BUYER: 'REJECTED',
  SUCCESS: 'REFUNDED',
  CLOSED: 'CLOSED',
  // Exchange (换货) states.
  EXCHANGE_TRANSFORM_TO_REFUND: 'REQUESTED',
  WAIT_SELLER_CONSIGN_GOODS: 'RECEIVED',
  WAIT_BUYER_CONFIRM_EXCHANGE_SELLER_SEND_GOODS: 'RECEIVED',
};
const EXCHANGE_STATUS = new Set(['EXCHANGE_TRANSFORM_TO_REFUND', 'WAIT_SELLER_CONSIGN_GOODS', 'WAIT_BUYER_CONFIRM_EXCHANGE_SELLER_SEND_GOODS']);

export type MappedRefund = { ok: true; value: ReturnDto } | { ok: false; externalId: string | null; raw: unknown; error: string };

/** Maps a refund of taobao.refunds.receive.get to a ReturnDto. */
export function mapRefund(raw: unknown): MappedRefund {
  let externalId: string | null = null;
  try {
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new MappingError('the refund is not an object');
    const r = raw as Raw;
    externalId = id(r, 'refund_id');
    if (!externalId) throw new MappingError('refund_id is missing');
    const tid = id(r, 'tid');
    if (!tid) throw new MappingError('tid is missing');
    const status = text(r.status);
    if (!status) throw new MappingError('status is missing');
    const modifiedAt = parseTopTime(r.modified) ?? parseTopTime(r.created);
    if (!modifiedAt) throw new MappingError('modified (and created) is missing or not a TOP time');
    const hasGoodReturn = r.has_good_return === true || r.has_good_return === 'true';
    return {
      ok: true,
      value: {
        externalId,
        orderExternalId: tid,
        externalLineId: id(r, 'oid'),
        type: EXCHANGE_STATUS.has(status) ? 'EXCHANGE' : hasGoodReturn ? 'RETURN_AND_REFUND' : 'REFUND_ONLY',
        // An unknown status still reaches staff as REQUESTED, with TOP's own word in marketplaceStatus.
        status: REFUND_STATUS[status] ?? 'REQUESTED',
        marketplaceStatus: status,
        amount: money(r.refund_fee, 'refund_fee', false),
        currency: TOP_CURRENCY,
        reason: text(r.reason),
        modifiedAt,
      },
    };
  } catch (e) {
    if (!(e instanceof Error)) throw e;
    return { ok: false, externalId, raw, error: e.message };
  }
}

/** A SKU of taobao.item.skus.get / item.seller.get as the marketplace shows it now. */
export function mapSku(raw: Raw, ourSku: string | null, itemOnSale: boolean | null): RemoteListing | null {
  const numIid = id(raw, 'num_iid');
  const skuId = id(raw, 'sku_id');
  if (!numIid || !skuId) return null;
  const quantity = typeof raw.quantity === 'number' ? raw.quantity : Number(raw.quantity ?? 0);
  return {
    ref: { sku: ourSku ?? text(raw.outer_id) ?? '', itemId: numIid, skuId, extra: text(raw.properties) ? { properties: text(raw.properties)! } : undefined },
    quantity: Number.isFinite(quantity) ? quantity : 0,
    price: text(raw.price) ?? '0.00',
    // A deleted SKU is not for sale whatever its item does; skus.get does not say whether the item is on sale.
    active: text(raw.status) !== 'delete' && itemOnSale !== false,
  };
}
