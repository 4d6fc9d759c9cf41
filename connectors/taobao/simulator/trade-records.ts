import { SimHttpError } from '../../sdk/simulator';
import { formatTopTime, parseTopTime } from '../top-time';
import type { Raw } from './top-state';

/**
 * Trades and refunds as the simulator stores them: the objects TOP returns, with the ids TOP
 * types as Number (tid, oid, num_iid) held as BigInt so they leave as exact bare numbers.
 * `sku_id` of a sub-order stays as given: the metadata types it String there.
 */

export const TRADE_STATUSES = new Set([
  'TRADE_NO_CREATE_PAY', 'WAIT_BUYER_PAY', 'PAY_PENDING', 'WAIT_PRE_AUTH_CONFIRM', 'WAIT_SELLER_SEND_GOODS', 'PAID_FORBID_CONSIGN',
  'SELLER_CONSIGNED_PART', 'WAIT_BUYER_CONFIRM_GOODS', 'TRADE_BUYER_SIGNED', 'TRADE_FINISHED', 'TRADE_CLOSED', 'TRADE_CLOSED_BY_TAOBAO',
]);

export const REFUND_STATUSES = new Set([
  'WAIT_SELLER_AGREE', 'WAIT_BUYER_RETURN_GOODS', 'WAIT_SELLER_CONFIRM_GOODS', 'SELLER_REFUSE_BUYER', 'CLOSED', 'SUCCESS',
  'WAIT_BUYER_CONFIRM_EXCHANGE_SELLER_SEND_GOODS', 'EXCHANGE_TRANSFORM_TO_REFUND', 'WAIT_SELLER_CONSIGN_GOODS',
]);

const TRADE_IDS = ['tid', 'num_iid'];
const ORDER_IDS = ['oid', 'num_iid', 'bind_oid', 'item_oid'];

function isObject(v: unknown): v is Raw {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

/** A Number-typed id as BigInt; 400 when it is not an integer. */
function bigId(v: unknown, field: string): bigint {
  const s = typeof v === 'bigint' ? v.toString() : typeof v === 'number' && Number.isSafeInteger(v) ? String(v) : typeof v === 'string' ? v.trim() : '';
  if (!/^\d{1,19}$/.test(s)) throw new SimHttpError(400, `${field} must be an integer id, not ${JSON.stringify(String(v))}`);
  return BigInt(s);
}

function bigIds(record: Raw, fields: string[], where: string): void {
  for (const f of fields) if (record[f] !== undefined && record[f] !== null) record[f] = bigId(record[f], `${where}${f}`);
}

/** `modified` as given (a TOP time) or now; `created` defaults to it. */
function stamp(record: Raw, now: Date): void {
  if (record.modified === undefined || record.modified === null) record.modified = formatTopTime(now);
  else if (!parseTopTime(record.modified)) throw new SimHttpError(400, `modified must be yyyy-MM-dd HH:mm:ss (GMT+8), not ${JSON.stringify(record.modified)}`);
  if (record.created === undefined || record.created === null) record.created = record.modified;
}

/** The `trade` of trade.fullinfo.get (parsed exactly) made ready to store; 400 when it cannot be. */
export function normaliseTrade(parsed: unknown, now: Date): Raw {
  // `{"trade": {...}}`, as fullinfo wraps it, is accepted too.
  const raw = isObject(parsed) && parsed.tid === undefined && isObject(parsed.trade) ? parsed.trade : parsed;
  if (!isObject(raw)) throw new SimHttpError(400, 'the body must be a trade object');
  const trade = structuredClone(raw);
  if (trade.tid === undefined) throw new SimHttpError(400, 'the trade has no tid');
  bigIds(trade, TRADE_IDS, '');
  delete trade.tid_str; // written afresh by fullinfo.get from tid
  if (trade.status !== undefined && !TRADE_STATUSES.has(String(trade.status))) throw new SimHttpError(400, `unknown trade status ${String(trade.status)}`);
  const orders = trade.orders;
  if (orders !== undefined) {
    const list = isObject(orders) ? orders.order : undefined;
    if (!Array.isArray(list)) throw new SimHttpError(400, 'orders must be {"order": [...]}');
    list.forEach((o, i) => {
      if (!isObject(o)) throw new SimHttpError(400, `orders.order[${i}] is not an object`);
      bigIds(o, ORDER_IDS, `orders.order[${i}].`);
      delete o.oid_str;
    });
  }
  stamp(trade, now);
  return trade;
}

/** The refund of refunds.receive.get made ready to store (refund_id is a String in the metadata). */
export function normaliseRefund(parsed: unknown, now: Date): Raw {
  if (!isObject(parsed)) throw new SimHttpError(400, 'the body must be a refund object');
  const refund = structuredClone(parsed);
  if (refund.refund_id === undefined || refund.refund_id === null || String(refund.refund_id).trim() === '') throw new SimHttpError(400, 'the refund has no refund_id');
  refund.refund_id = String(refund.refund_id).trim();
  if (refund.tid === undefined) throw new SimHttpError(400, 'the refund has no tid');
  bigIds(refund, ['tid', 'oid'], '');
  if (refund.status !== undefined && !REFUND_STATUSES.has(String(refund.status))) throw new SimHttpError(400, `unknown refund status ${String(refund.status)}`);
  stamp(refund, now);
  return refund;
}

/** The sub-orders of a stored trade (empty for a trade without any). */
export function ordersOf(trade: Raw): Raw[] {
  const orders = trade.orders;
  return isObject(orders) && Array.isArray(orders.order) ? (orders.order as Raw[]) : [];
}

export function modifiedOf(record: Raw): Date {
  return parseTopTime(record.modified) ?? new Date(0);
}

export function createdOf(record: Raw): Date {
  return parseTopTime(record.created) ?? modifiedOf(record);
}

/**
 * A trade as a method returns it, before the method's own field list cuts it (method-fields.ts):
 * fullinfo.get adds `tid_str`/`oid_str` (only its metadata has them, taobao.md §6); the list
 * methods say whether there is a buyer message (`has_buyer_message`) instead of carrying it.
 */
export function renderTrade(trade: Raw, fullinfo: boolean): Raw {
  const out = structuredClone(trade);
  if (fullinfo) {
    out.tid_str = String(out.tid);
    for (const o of ordersOf(out)) if (o.oid !== undefined) o.oid_str = String(o.oid);
  } else {
    out.has_buyer_message = typeof trade.buyer_message === 'string' && trade.buyer_message.trim() !== '';
  }
  return out;
}

/** Statuses after which the goods have left: a status set to one of these gets a consign_time. */
const SHIPPED = new Set(['WAIT_BUYER_CONFIRM_GOODS', 'TRADE_BUYER_SIGNED', 'TRADE_FINISHED']);
const ENDED = new Set(['TRADE_FINISHED', 'TRADE_CLOSED', 'TRADE_CLOSED_BY_TAOBAO']);

/** Moves a trade to `status` as of `at` (a TOP time); 400 for a status TOP does not have. */
export function setTradeStatus(trade: Raw, status: string, at: string): void {
  if (!TRADE_STATUSES.has(status)) throw new SimHttpError(400, `unknown trade status ${status}`);
  trade.status = status;
  // A partial shipment is about particular sub-orders; any other status is the whole trade's.
  if (status !== 'SELLER_CONSIGNED_PART') for (const o of ordersOf(trade)) o.status = status;
  if (SHIPPED.has(status)) trade.consign_time ??= at;
  if (ENDED.has(status)) trade.end_time ??= at;
}

/** A change of a trade as the seller, the buyer or TOP makes one: fields of the trade and of some sub-orders. */
export interface TradeChange {
  /** Trade fields to set (`status` moves the sub-orders along); null removes a field. */
  set?: Raw;
  /** Sub-order fields to set, by oid. */
  lines?: Record<string, Raw>;
}

/** Applies a change; every change moves `modified`, so increment.get sees it (§11.9). */
export function changeTrade(trade: Raw, change: TradeChange, now: Date): void {
  const at = formatTopTime(now);
  const { status, ...fields } = change.set ?? {};
  for (const [k, v] of Object.entries(fields)) {
    if (k === 'tid' || k === 'orders' || k === 'modified') throw new SimHttpError(400, `${k} cannot be changed`);
    if (v === null) delete trade[k];
    else trade[k] = v;
  }
  if (status !== undefined) setTradeStatus(trade, String(status), at);
  for (const [oid, set] of Object.entries(change.lines ?? {})) {
    const order = ordersOf(trade).find((o) => String(o.oid) === oid);
    if (!order) throw new SimHttpError(400, `trade ${String(trade.tid)} has no sub-order ${oid}`);
    for (const [k, v] of Object.entries(set)) {
      if (k === 'oid') throw new SimHttpError(400, 'oid cannot be changed');
      if (v === null) delete order[k];
      else order[k] = v;
    }
  }
  trade.modified = at;
}

/** Trade types a COD trade comes in (taobao.md §5; trade `type` metadata, [M]). */
export const COD_TYPES = new Set(['cod', 'b2c_cod', 'super_market_cod_trade']);

/** Whether the buyer pays on delivery: a COD type, or a COD logistics status on the trade. */
export function isCod(trade: Raw): boolean {
  return COD_TYPES.has(String(trade.type ?? '')) || (typeof trade.cod_status === 'string' && trade.cod_status.trim() !== '');
}

/** The fullinfo hold flags (metadata: "TOP拦截标识，0不拦截，1拦截" and the like) that stop shipping when 1. */
export const HOLD_FIELDS = ['top_hold', 'team_buy_hold', 'share_group_hold', 'ofp_hold', 'forbid_consign'] as const;

export function heldBy(trade: Raw): string[] {
  return HOLD_FIELDS.filter((f) => Number(trade[f] ?? 0) === 1);
}
