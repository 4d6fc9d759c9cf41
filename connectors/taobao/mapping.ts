import { idString } from '../sdk/exact-json';
import type { AddressDto, OrderDto, OrderFlag, OrderLineDto, PulledOrder, RemoteListing, ReturnDto, ReturnStatus, UnifiedOrderStatus } from '../sdk/types';
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

function line(o: Raw, index: number): OrderLineDto {
  const oid = id(o, 'oid');
  if (!oid) throw new MappingError(`orders.order[${index}] has no oid`);
  const quantity = typeof o.num === 'number' ? o.num : Number(o.num);
  if (!Number.isInteger(quantity) || quantity < 1) throw new MappingError(`orders.order[${index}] (oid ${oid}) has no valid num`);
  const status = text(o.status);
  const refund = text(o.refund_status);
  return {
    externalLineId: oid,
    // The merchant code: the SKU's own (outer_sku_id) or, for an item without SKUs, the item's (outer_iid).
    // Without either, TOP's own ids stand in ("num_iid:sku_id"), so staff can map the line to one of ours.
    sku: text(o.outer_sku_id) ?? text(o.outer_iid) ?? [id(o, 'num_iid') ?? 'unknown', id(o, 'sku_id')].filter(Boolean).join(':'),
    title: text(o.title),
    optionText: text(o.sku_properties_name),
    quantity,
    unitPrice: money(o.price, `orders.order[${index}].price`, true)!,
    discount: money(o.discount_fee, `orders.order[${index}].discount_fee`, false),
    // Partial refunds live here, at line level ("TRADE_CLOSED refund:SUCCESS"); the order's status does not move.
    status: refund && refund !== 'NO_REFUND' ? `${status ?? ''} refund:${refund}`.trim() : status,
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
    const lines = orders.map(line);
    const shippingAddress = address(t);

    const flags: OrderFlag[] = [];
    if (status === 'PAID_FORBID_CONSIGN') flags.push('DO_NOT_SHIP');
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
      shipping: money(t.post_fee, 'post_fee', false),
      // trade.discount_fee overlaps the sub-orders' own discount_fee [U whether it includes them],
      // so discounts travel on the lines only, where TOP states them per line.
      discount: null,
      tax: money(t.order_tax_fee, 'order_tax_fee', false),
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
