import { idString } from '../sdk/exact-json';
import type { AddressDto, LineRefundDto, ListingRef, OrderDto, OrderFlag, OrderLineDto, PulledOrder, RemoteListing, ReturnStatus, UnifiedOrderStatus } from '../sdk/types';
import { aeList } from './client';
import { compareAmounts, Money, MoneyError, readMoney, timesAmount } from './money';
import { parseAeTime } from './pacific-time';
import type { SkuAttribute, SkuInfo } from './requests';

/**
 * Pure mapping from AliExpress's shapes to the SDK's DTOs. An order arrives as its row of
 * `aliexpress.solution.order.get` (`order_dto`), its `data` of `aliexpress.solution.order.info.get`,
 * or both (the detail is read after the row, so where both say something the detail wins). Input
 * is what `parseJsonExact` gives: 64-bit ids are strings. Everything optional may be missing
 * (real payloads leave whole objects out); a missing required piece, an unknown status or money
 * that cannot be read make the order a bad record (quarantined with its raw body), never a
 * failed page.
 */

type Raw = Record<string, unknown>;

/** Thrown inside the mapping for an order we cannot represent; becomes a quarantined PulledOrder. */
class MappingError extends Error {}

const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : typeof v === 'number' ? String(v) : null);
const obj = (v: unknown): Raw | null => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Raw) : null);
const upper = (v: unknown): string | null => text(v)?.toUpperCase() ?? null;

/**
 * Order statuses whose unified status stands on its own (aliexpress.md §6). The metadata lists
 * PLACE_ORDER_SUCCESS … FINISH; PAYMENT_PROCESSING, RISK_CONTROL_HOLD and ARCHIVE are [S] only.
 */
const STATUS: Record<string, UnifiedOrderStatus> = {
  PLACE_ORDER_SUCCESS: 'PENDING_PAYMENT',
  PAYMENT_PROCESSING: 'PENDING_PAYMENT',
  WAIT_SELLER_EXAMINE_MONEY: 'PENDING_PAYMENT',
  // Paid, under a 24-hour risk review: pending payment with a hold, not to be shipped.
  RISK_CONTROL: 'PENDING_PAYMENT',
  RISK_CONTROL_HOLD: 'PENDING_PAYMENT',
  WAIT_SELLER_SEND_GOODS: 'PAID',
  SELLER_PART_SEND_GOODS: 'PARTIALLY_SHIPPED',
  WAIT_BUYER_ACCEPT_GOODS: 'SHIPPED',
  // The buyer confirmed receipt and the funds are being processed [U: the reference reads it as delivered].
  FUND_PROCESSING: 'DELIVERED',
};
/** Statuses that are flags: the order keeps the state its other fields show. */
const FLAG_STATUS: Record<string, OrderFlag> = { IN_CANCEL: 'CANCEL_REQUESTED', IN_ISSUE: 'DISPUTE', IN_FROZEN: 'FROZEN' };
const HOLD_STATUS = new Set(['RISK_CONTROL', 'RISK_CONTROL_HOLD']);
const FINISHED = new Set(['FINISH', 'ARCHIVE']);
/** `logistics_status` → where the goods are, for an order whose status is a flag. */
const LOGISTICS: Record<string, UnifiedOrderStatus> = {
  SELLER_SEND_PART_GOODS: 'PARTIALLY_SHIPPED',
  SELLER_SEND_GOODS: 'SHIPPED',
  BUYER_ACCEPT_GOODS: 'DELIVERED',
};
const NOT_SENT = new Set(['WAIT_SELLER_SEND_GOODS', 'NO_LOGISTICS']);
/**
 * End reasons that mean the order ended without a sale [U: the values are not documented; these
 * words are in every one we know of: buyer_cancel_notpay_order, seller_cancel_order,
 * pay_timeout_close, risk_reject_closed…].
 */
const CANCEL_REASON = /cancel|close|timeout|reject|risk|refund/i;

/** Refund statuses of order.info.get ([M]: wait_refund, refund_ok, refund_cancel, close, refund_frozen). */
const REFUND: Record<string, ReturnStatus> = { wait_refund: 'REQUESTED', refund_frozen: 'REQUESTED', refund_ok: 'REFUNDED', refund_cancel: 'CLOSED', close: 'CLOSED' };

/** AliExpress's country codes that are not ISO 3166-1 alpha-2 [U: the ones seen in its address data]. */
const COUNTRY_FIX: Record<string, string> = { UK: 'GB', SRB: 'RS', MNE: 'ME', EL: 'GR' };

export interface AeOrderSource {
  /** The order's row of order.get (`order_dto`), when it came from a list. */
  list?: unknown;
  /** The `data` of order.info.get, when it was read. */
  detail?: unknown;
}

/** Money in the order's currency; an amount in another currency is left out rather than mixed in. */
function moneyIn(value: unknown, field: string, currency: string): string | null {
  const m = readMoney(value, field);
  return m && m.currency === currency ? m.amount : null;
}

function line(child: Raw, index: number, currency: string, fromDetail: boolean): OrderLineDto {
  const at = (f: string) => `${fromDetail ? 'child_order_list' : 'product_list'}[${index}].${f}`;
  const id = fromDetail ? idString(child.id) ?? idString(child.child_order_id) : idString(child.child_id);
  if (!id) throw new MappingError(`${at(fromDetail ? 'id' : 'child_id')} is missing`);
  const quantity = Number(child.product_count);
  if (!Number.isInteger(quantity) || quantity < 1) throw new MappingError(`${at('product_count')} (line ${id}) is not a whole number of 1 or more`);
  const price: Money | null = readMoney(fromDetail ? child.product_price : child.product_unit_price, at(fromDetail ? 'product_price' : 'product_unit_price'));
  if (!price) throw new MappingError(`${at(fromDetail ? 'product_price' : 'product_unit_price')} (line ${id}) is missing`);
  if (price.currency !== currency) throw new MappingError(`line ${id} is priced in ${price.currency}, the order in ${currency}`);
  const productId = idString(child.product_id);
  const attrs = text(child.product_attributes);
  const refund = lineRefund(obj(child.refund_info), quantity, price.amount, currency);
  const discount = fromDetail ? moneyIn(child.child_order_discount_info, at('child_order_discount_info'), currency) : null;
  return {
    externalLineId: id,
    // Our SKU is the sku_code we published with; without one, AliExpress's product id stands in so staff can map the line.
    sku: text(child.sku_code) ?? `AE:${productId ?? 'unknown'}`,
    title: text(child.product_name),
    optionText: text(child.product_standard) ?? (attrs && !attrs.startsWith('{') && !attrs.startsWith('[') ? attrs : null),
    quantity,
    unitPrice: price.amount,
    discount,
    paid: null,
    status: upper(fromDetail ? child.order_status : child.son_order_status),
    refund,
  };
}

/**
 * A line's refund as the order shows it. How much went back is the cash amount; the units only
 * when the refund succeeded and covers the line (a smaller one is a partial refund of money).
 */
function lineRefund(info: Raw | null, quantity: number, unitPrice: string, currency: string): LineRefundDto | null {
  const status = text(info?.refund_status)?.toLowerCase();
  if (!info || !status) return null;
  const unified = REFUND[status] ?? 'REQUESTED';
  const amount = moneyIn(info.refund_cash_amt, 'refund_info.refund_cash_amt', currency);
  const whole = amount === null || compareAmounts(amount, timesAmount(unitPrice, quantity)) >= 0;
  return { status: unified, marketplaceStatus: status, quantity: unified === 'REFUNDED' ? (whole ? quantity : null) : 0, amount };
}

function address(raw: Raw | null): AddressDto | null {
  if (!raw) return null;
  const country = upper(raw.country);
  const code = country ? COUNTRY_FIX[country] ?? country : null;
  const mobile = text(raw.mobile_no);
  const phone = text(raw.phone_number);
  const callingCode = (v: unknown) => {
    const c = text(v)?.replace(/^\+/, '');
    return c && /^\d{1,4}$/.test(c) ? `+${c} ` : '';
  };
  const address1 = text(raw.address) ?? text(raw.detail_address);
  // Russia's addresses come in Latin letters with the Cyrillic original beside them
  // (`localized_address`): kept, after the second line, so a courier can read either.
  const localized = text(raw.localized_address);
  const second = [text(raw.address2), localized && localized !== address1 ? localized : null].filter((s): s is string => !!s);
  return {
    name: text(raw.contact_person),
    phone: mobile ? `${mobile.startsWith('+') ? '' : callingCode(raw.phone_country)}${mobile}` : phone ? `${callingCode(raw.phone_country)}${text(raw.phone_area) ? `${text(raw.phone_area)} ` : ''}${phone}` : null,
    country: code && /^[A-Z]{2}$/.test(code) ? code : null,
    province: text(raw.province),
    city: text(raw.city),
    district: null,
    address1,
    address2: second.length ? second.join(' | ') : null,
    postalCode: text(raw.zip),
  };
}

/** Where an order whose status is a flag stands, from its logistics and fund fields and its lines. */
function underlyingStatus(o: Raw, lines: OrderLineDto[], paid: boolean): UnifiedOrderStatus {
  const logistics = LOGISTICS[upper(o.logistics_status) ?? ''];
  if (logistics) return logistics;
  if (upper(o.fund_status) === 'NOT_PAY') return 'PENDING_PAYMENT';
  const childStates = lines.map((l) => (l.status ? STATUS[l.status] : undefined)).filter((s): s is UnifiedOrderStatus => !!s);
  if (childStates.length === lines.length && childStates.length > 0) {
    if (childStates.every((s) => s === childStates[0])) return childStates[0];
    if (childStates.some((s) => s === 'PAID') && childStates.some((s) => s === 'SHIPPED' || s === 'PARTIALLY_SHIPPED')) return 'PARTIALLY_SHIPPED';
  }
  return paid || upper(o.fund_status) === 'PAY_SUCCESS' ? 'PAID' : 'PENDING_PAYMENT';
}

/** A finished order: refunded in full, cancelled before it was sent, or completed (§6). */
function finishedStatus(o: Raw, lines: OrderLineDto[], paid: boolean, paidTotal: string | null, currency: string, endReason: string | null): UnifiedOrderStatus {
  const orderRefund = obj(o.refund_info);
  const refundOk = text(orderRefund?.refund_status)?.toLowerCase() === 'refund_ok';
  const refunded = refundOk ? moneyIn(orderRefund?.refund_cash_amt, 'refund_info.refund_cash_amt', currency) : null;
  const wholeOrder = refundOk && (refunded === null || paidTotal === null || compareAmounts(refunded, paidTotal) >= 0);
  const everyLine = lines.length > 0 && lines.every((l) => l.refund?.status === 'REFUNDED' && l.refund.quantity === l.quantity);
  if (paid && (wholeOrder || everyLine)) return 'REFUNDED';
  const sent = !NOT_SENT.has(upper(o.logistics_status) ?? 'NO_LOGISTICS') || aeList(o.logistic_info_list, 'global_aeop_tp_logistic_info_dto').length > 0 || !!text(o.gmt_send_goods_time);
  if (!sent && (!paid || upper(o.fund_status) === 'NOT_PAY' || (endReason !== null && CANCEL_REASON.test(endReason)))) return 'CANCELLED';
  return 'COMPLETED';
}

/** Maps an order (its list row, its detail, or both) to an OrderDto, or says why it cannot. */
export function mapOrder(source: AeOrderSource): PulledOrder {
  const detail = obj(source.detail);
  const list = obj(source.list);
  const raw = detail && list ? { list, detail } : detail ?? list ?? source;
  let externalId: string | null = null;
  try {
    if (!detail && !list) throw new MappingError('the order is not an object');
    // Detail first: it is read after the list and is the fuller record.
    const o: Raw = { ...(list ?? {}), ...(detail ?? {}) };
    externalId = idString(detail?.id) ?? idString(list?.order_id) ?? idString(o.order_id);
    if (!externalId) throw new MappingError('the order id (id / order_id) is missing');
    const status = upper(o.order_status);
    if (!status) throw new MappingError('order_status is missing');

    const childRows = detail ? aeList(detail.child_order_list, 'global_aeop_tp_child_order_dto') : [];
    const listRows = list ? aeList(list.product_list, 'order_product_dto') : [];
    const fromDetail = childRows.length > 0;
    const rows = fromDetail ? childRows : listRows;
    if (!rows.length) throw new MappingError('the order has no lines (child_order_list / product_list)');

    // The order's currency: its own amount's, else its lines'. Every line must be in it.
    const firstPrice = readMoney(fromDetail ? rows[0].product_price : rows[0].product_unit_price, 'line price');
    const currency = readMoney(detail?.order_amount, 'order_amount')?.currency ?? readMoney(list?.pay_amount, 'pay_amount')?.currency ?? firstPrice?.currency ?? null;
    if (!currency) throw new MappingError('the order has no amount with a currency');
    const lines = rows.map((r, i) => line(r, i, currency, fromDetail));

    const placedAt = parseAeTime(o.gmt_create);
    const paidAt = parseAeTime(detail?.gmt_pay_success) ?? parseAeTime(list?.gmt_pay_time);
    const modifiedAt = parseAeTime(detail?.gmt_modified) ?? parseAeTime(list?.gmt_update) ?? placedAt;
    if (!modifiedAt) throw new MappingError('gmt_modified / gmt_update (and gmt_create) are missing or not a time');
    const paid = paidAt !== null || ['PAY_SUCCESS', 'WAIT_SELLER_CHECK'].includes(upper(o.fund_status) ?? '');
    // What the buyer paid: order.get's pay_amount, else the detail's order amount.
    const paidTotal = moneyIn(list?.pay_amount, 'pay_amount', currency) ?? moneyIn(detail?.order_amount, 'order_amount', currency);
    const endReason = text(detail?.order_end_reason) ?? text(list?.end_reason);

    let unified: UnifiedOrderStatus;
    const flags = new Set<OrderFlag>();
    if (STATUS[status]) unified = STATUS[status];
    else if (FLAG_STATUS[status]) {
      unified = underlyingStatus(o, lines, paid);
      flags.add(FLAG_STATUS[status]);
    } else if (FINISHED.has(status)) unified = finishedStatus(o, lines, paid, paidTotal, currency, endReason);
    else throw new MappingError(`unknown order status ${status}`);

    if (HOLD_STATUS.has(status)) flags.add('DO_NOT_SHIP');
    // The secondary fields raise the same flags whatever the main status (an open dispute on a shipped order).
    const live = !FINISHED.has(status);
    if (live && [o, ...rows].some((r) => upper(r.issue_status) === 'IN_ISSUE' || text(obj(r.child_issue_info)?.issue_status)?.toLowerCase() === 'processing')) flags.add('DISPUTE');
    if (live && [o, ...rows].some((r) => upper(r.frozen_status) === 'IN_FROZEN')) flags.add('FROZEN');
    if (live && lines.some((l) => l.status === 'IN_CANCEL')) flags.add('CANCEL_REQUESTED');

    const shippingAddress = address(obj(detail?.receipt_address));
    if ((unified === 'PAID' || unified === 'PARTIALLY_SHIPPED') && !(shippingAddress?.name && shippingAddress.country && shippingAddress.address1)) flags.add('ADDRESS_INCOMPLETE');

    const buyerInfo = obj(detail?.buyer_info);
    const login = text(buyerInfo?.login_id) ?? text(detail?.buyerloginid) ?? text(list?.buyer_login_id);
    const fullName = [text(buyerInfo?.first_name), text(buyerInfo?.last_name)].filter(Boolean).join(' ') || text(o.buyer_signer_fullname);
    const memos = [text(detail?.memo), ...rows.map((r) => text(r.buyer_memo) ?? text(r.memo))].filter((m): m is string => !!m);
    const warehouse = rows.length > 0 && rows.every((r) => upper(r.send_goods_operator) === 'WAREHOUSE_SEND_GOODS');

    const order: OrderDto & { raw: unknown } = {
      externalId,
      status: unified,
      // A finished order says why it ended: the reason decides cancelled or completed.
      marketplaceStatus: FINISHED.has(status) && endReason ? `${status} (${endReason})` : status,
      flags: [...flags],
      // The goods leave an AliExpress warehouse, not ours [U: send_goods_operator WAREHOUSE_SEND_GOODS].
      fulfilledBy: warehouse ? 'MARKETPLACE' : 'MERCHANT',
      modifiedAt,
      placedAt,
      paidAt,
      currency,
      buyerId: login,
      buyer: { name: fullName || null, nickname: login },
      shippingAddress,
      lines,
      shipping: moneyIn(detail?.logistics_amount, 'logistics_amount', currency),
      discount: moneyIn(detail?.order_discount_info, 'order_discount_info', currency),
      paidTotal,
      buyerMessage: memos.length ? [...new Set(memos)].join('\n') : null,
      // Everything AliExpress said, unknown fields included, for the record (the engine may keep it).
      raw,
    };
    return { ok: true, order };
  } catch (e) {
    if (!(e instanceof MappingError || e instanceof MoneyError)) throw e;
    return { ok: false, externalId, raw, error: e.message };
  }
}

/** The order's status as AliExpress says it (detail first), upper case; null when absent. */
export function aeStatusOf(source: AeOrderSource): string | null {
  return upper(obj(source.detail)?.order_status) ?? upper(obj(source.list)?.order_status);
}

/** Tracking numbers already on the order (order.info.get `logistic_info_list[].logistics_no`). */
export function trackingNumbersOf(detail: unknown): string[] {
  return aeList(obj(detail)?.logistic_info_list, 'global_aeop_tp_logistic_info_dto').flatMap((l) => text(l.logistics_no) ?? []);
}

/** Line statuses after which none of the line's units wait to be sent. */
const LINE_SENT = new Set(['WAIT_BUYER_ACCEPT_GOODS', 'FUND_PROCESSING', 'FINISH', 'ARCHIVE']);

/**
 * An order's lines with their units and whether they (may) still wait to be sent: a line's own
 * status, else the order's. A line whose state is unclear (a flag, a partly sent order without
 * line statuses) counts as waiting, so a parcel is only called the last one when it surely is.
 */
export function shippableLines(detail: unknown): { id: string; quantity: number; waiting: boolean }[] {
  const d = obj(detail);
  const status = upper(d?.order_status);
  return aeList(d?.child_order_list, 'global_aeop_tp_child_order_dto').flatMap((c) => {
    const id = idString(c.id) ?? idString(c.child_order_id);
    const quantity = Number(c.product_count);
    if (!id || !Number.isInteger(quantity)) return [];
    const own = upper(c.order_status) ?? status ?? '';
    return [{ id, quantity, waiting: !LINE_SENT.has(own) }];
  });
}

// --- Products -------------------------------------------------------------------------------

/** A SKU of a product as product.info.get shows it ([U] `aeop_ae_product_s_k_us`). */
export interface ProductSku {
  id: string | null;
  skuCode: string | null;
  stock: number;
  price: string | null;
  discountPrice: string | null;
  attributes: SkuAttribute[];
}

export function productSkus(info: unknown): ProductSku[] {
  return aeList(obj(info)?.aeop_ae_product_s_k_us, 'global_aeop_ae_product_sku').map((s) => {
    const stock = Number(s.ipm_sku_stock ?? 0);
    const id = idString(s.id);
    return {
      // A product without SKU attributes has one SKU whose id AliExpress writes as "<none>".
      id: id && id !== '<none>' ? id : null,
      skuCode: text(s.sku_code),
      stock: Number.isFinite(stock) ? stock : 0,
      price: text(s.sku_price),
      discountPrice: text(s.sku_discount_price),
      attributes: aeList(s.aeop_s_k_u_property_list, 'global_aeop_sku_property').map((p) => {
        const a: SkuAttribute = {};
        const nameId = Number(p.sku_property_id);
        const valueId = Number(p.property_value_id);
        if (Number.isSafeInteger(nameId) && nameId > 0) a.sku_attribute_name_id = nameId;
        if (Number.isSafeInteger(valueId) && valueId > 0) a.sku_attribute_value_id = valueId;
        const value = text(p.property_value_definition_name);
        if (value) a.sku_attribute_value = value;
        const image = text(p.sku_image);
        if (image) a.sku_image_url = image;
        return a;
      }),
    };
  });
}

/** Whether the product is on sale ([U] `product_status_type`: onSelling, offline, auditing, editingRequired). */
export function productOnSale(info: unknown): boolean {
  return text(obj(info)?.product_status_type) === 'onSelling';
}

/** A SKU the product holds, as the SkuInfoDto that keeps it when the product's SKU list is written whole. */
export function keptSku(sku: ProductSku): SkuInfo | null {
  if (!sku.skuCode || !sku.price) return null;
  const out: SkuInfo = { sku_code: sku.skuCode, price: sku.price, inventory: Math.max(0, Math.trunc(sku.stock)) };
  if (sku.discountPrice) out.discount_price = sku.discountPrice;
  if (sku.attributes.length) out.sku_attributes_list = sku.attributes;
  return out;
}

/** What a listing looks like on AliExpress now; null when the product has no such SKU. */
export function remoteListing(info: unknown, ref: ListingRef): RemoteListing | null {
  const skus = productSkus(info);
  const sku = skus.find((s) => (ref.skuId && s.id === ref.skuId) || s.skuCode === ref.sku) ?? (skus.length === 1 && !skus[0].skuCode ? skus[0] : null);
  if (!sku) return null;
  return {
    ref: { ...ref, skuId: ref.skuId ?? sku.id ?? null },
    quantity: sku.stock,
    price: sku.price ?? '0',
    salePrice: sku.discountPrice,
    active: productOnSale(info),
  };
}

/** The product's SKU codes, to tell whether one of ours is among them. */
export function skuCodesOf(info: unknown): string[] {
  return productSkus(info).flatMap((s) => s.skuCode ?? []);
}

