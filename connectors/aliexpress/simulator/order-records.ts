import { SimHttpError } from '../../sdk/simulator';
import { formatPacific, parsePacific } from './ae-time';
import type { OrderChange, Raw } from './ae-state';
import { ParamProblem, renderByTree, responseNodes, unwrapByTree } from './metadata';
import { currencyInfo, fromMinorUnits, simpleMoney, toMinorUnits } from './money';
import { idDigits, wireId } from './wire-json';

/**
 * Orders as the simulator keeps them: the `data` object of aliexpress.solution.order.info.get,
 * its lists unwrapped, its ids as bare numbers (BigInt beyond 2^53), its dates US Pacific
 * wall-clock strings. order.info.get writes it back through the metadata; order.get derives its
 * `order_dto` from it.
 */

export const INFO_GET = 'aliexpress.solution.order.info.get';
export const ORDER_GET = 'aliexpress.solution.order.get';

/**
 * Statuses: the eleven the metadata lists [M], the ones only the docs name [S], and the
 * lower-case spellings of the dispute and freeze statuses real answers carry (aliexpress.md §6).
 */
export const ORDER_STATUSES = new Set([
  'PLACE_ORDER_SUCCESS', 'IN_CANCEL', 'WAIT_SELLER_SEND_GOODS', 'SELLER_PART_SEND_GOODS', 'WAIT_BUYER_ACCEPT_GOODS', 'FUND_PROCESSING',
  'IN_ISSUE', 'IN_FROZEN', 'WAIT_SELLER_EXAMINE_MONEY', 'RISK_CONTROL', 'FINISH',
  'PAYMENT_PROCESSING', 'RISK_CONTROL_HOLD', 'ARCHIVE', 'in_issue', 'in_frozen',
]);

/** Statuses order.get leaves out unless asked for by name (the metadata: "FINISH: The completed order needs to be queried separately"). */
export const QUERIED_SEPARATELY = new Set(['FINISH', 'ARCHIVE']);

/** What the logistics and fund statuses become when an order moves to a status; absent: they stay. */
const FOLLOWING: Record<string, { logistics_status?: string; fund_status?: string }> = {
  PLACE_ORDER_SUCCESS: { logistics_status: 'NO_LOGISTICS', fund_status: 'NOT_PAY' },
  PAYMENT_PROCESSING: { logistics_status: 'NO_LOGISTICS', fund_status: 'NOT_PAY' },
  WAIT_SELLER_EXAMINE_MONEY: { logistics_status: 'NO_LOGISTICS', fund_status: 'WAIT_SELLER_CHECK' },
  RISK_CONTROL: { logistics_status: 'WAIT_SELLER_SEND_GOODS', fund_status: 'PAY_SUCCESS' },
  RISK_CONTROL_HOLD: { logistics_status: 'WAIT_SELLER_SEND_GOODS', fund_status: 'PAY_SUCCESS' },
  WAIT_SELLER_SEND_GOODS: { logistics_status: 'WAIT_SELLER_SEND_GOODS', fund_status: 'PAY_SUCCESS' },
  SELLER_PART_SEND_GOODS: { logistics_status: 'SELLER_SEND_PART_GOODS', fund_status: 'PAY_SUCCESS' },
  WAIT_BUYER_ACCEPT_GOODS: { logistics_status: 'SELLER_SEND_GOODS', fund_status: 'PAY_SUCCESS' },
  FUND_PROCESSING: { logistics_status: 'BUYER_ACCEPT_GOODS', fund_status: 'PAY_SUCCESS' },
};

/** ext_info_bit_flag, counted from the least significant bit (aliexpress.md §5). */
export const EXT_INFO_BITS: ReadonlyArray<[field: string, bit: number]> = [
  ['issue_info', 1],
  ['loan_info', 2],
  ['logistic_info_list', 4],
  ['buyer_info', 8],
  ['refund_info', 16],
];

const dataNodes = () => responseNodes(INFO_GET, ['result', 'data']);
const isObject = (v: unknown): v is Raw => !!v && typeof v === 'object' && !Array.isArray(v);

export function childrenOf(order: Raw): Raw[] {
  return Array.isArray(order.child_order_list) ? (order.child_order_list as Raw[]) : [];
}

export function orderIdOf(order: Raw): string {
  return String(order.id);
}

/**
 * The instants behind gmt_create and gmt_modified. A Pacific wall-clock string loses the instant
 * in the November hour that happens twice, and AliExpress filters by the instant, so the
 * simulator keeps it beside the string (under symbols: never copied into an answer). Times an
 * order was given with are read from their strings.
 */
const CREATED = Symbol('createdMs');
const MODIFIED = Symbol('modifiedMs');
type Timed = Raw & { [CREATED]?: number; [MODIFIED]?: number };

export function createdAt(order: Raw): number {
  return (order as Timed)[CREATED] ?? parsePacific(order.gmt_create) ?? modifiedAt(order);
}

export function modifiedAt(order: Raw): number {
  return (order as Timed)[MODIFIED] ?? parsePacific(order.gmt_modified) ?? 0;
}

/** Stamps the order modified at `now` (and created, when `created`). */
function stamp(order: Raw, now: number, created = false): void {
  order.gmt_modified = formatPacific(now);
  (order as Timed)[MODIFIED] = now;
  if (created) {
    order.gmt_create = order.gmt_modified;
    (order as Timed)[CREATED] = now;
  }
}

/** The data object inside whatever was posted: the object itself, `{data}`, `{result: {data}}` or the whole order.info.get answer. */
function dataOf(parsed: unknown): unknown {
  if (!isObject(parsed)) return parsed;
  if (parsed.id !== undefined) return parsed;
  const envelope = parsed[`${INFO_GET.replace(/\./g, '_')}_response`];
  const result = isObject(envelope) ? envelope.result : parsed.result;
  if (isObject(result) && isObject(result.data)) return result.data;
  if (isObject(parsed.data)) return parsed.data;
  return parsed;
}

function bad(problem: unknown): never {
  if (problem instanceof ParamProblem) throw new SimHttpError(400, `${problem.param} ${problem.why}`);
  throw problem;
}

/** A Number-typed id in its wire form; 400 when it is not a whole number. */
function idField(record: Raw, field: string, at: string, required: boolean): void {
  const v = record[field];
  if (v === undefined || v === null) {
    if (required) throw new SimHttpError(400, `${at}${field} is required`);
    return;
  }
  const digits = idDigits(v);
  if (digits === null) throw new SimHttpError(400, `${at}${field} must be an integer id, not ${JSON.stringify(String(v))}`);
  record[field] = wireId(digits);
}

/**
 * An order given in the wire shape of order.info.get's `data` (POST /__sim/orders), made ready to
 * store; 400 when it cannot be. Lists may come wrapped (`{"global_aeop_tp_child_order_dto": […]}`)
 * or plain; money objects need `amount` as a decimal string and `currency_code`; ids may be bare
 * 64-bit numbers. Unknown fields are kept and written back as they came.
 */
export function normaliseOrder(parsed: unknown, now: number): Raw {
  const raw = dataOf(parsed);
  if (!isObject(raw)) throw new SimHttpError(400, 'the body must be the data object of aliexpress.solution.order.info.get');
  let order: Raw;
  try {
    order = unwrapByTree(structuredClone(raw), dataNodes(), 'data') as Raw;
  } catch (e) {
    bad(e);
  }
  idField(order, 'id', '', true);
  if (typeof order.order_status !== 'string' || !ORDER_STATUSES.has(order.order_status)) {
    throw new SimHttpError(400, `order_status must be one of ${[...ORDER_STATUSES].join(', ')}, not ${JSON.stringify(order.order_status)}`);
  }
  childrenOf(order).forEach((child, i) => {
    if (!isObject(child)) throw new SimHttpError(400, `child_order_list[${i}] is not an object`);
    idField(child, 'id', `child_order_list[${i}].`, true);
    idField(child, 'product_id', `child_order_list[${i}].`, false);
    // The metadata carries the child id twice: `id` (Number) and `child_order_id` (String).
    child.child_order_id ??= String(child.id);
  });
  for (const field of ['gmt_modified', 'gmt_create', 'gmt_pay_success', 'gmt_trade_end']) {
    if (order[field] !== undefined && order[field] !== null && parsePacific(order[field]) === null) {
      throw new SimHttpError(400, `${field} must be a US Pacific time yyyy-MM-dd HH:mm:ss, not ${JSON.stringify(order[field])}`);
    }
  }
  if (order.gmt_modified === undefined || order.gmt_modified === null) stamp(order, now, order.gmt_create === undefined || order.gmt_create === null);
  order.gmt_create ??= order.gmt_modified;
  const follow = FOLLOWING[order.order_status] ?? {};
  order.logistics_status ??= follow.logistics_status ?? 'WAIT_SELLER_SEND_GOODS';
  order.fund_status ??= follow.fund_status ?? 'PAY_SUCCESS';
  order.frozen_status ??= order.order_status.toUpperCase() === 'IN_FROZEN' ? 'IN_FROZEN' : 'NO_FROZEN';
  order.issue_status ??= order.order_status.toUpperCase() === 'IN_ISSUE' ? 'IN_ISSUE' : 'NO_ISSUE';
  return order;
}

/** Moves an order to `status` as AliExpress would, as of `now`; 400 for a status it does not have. */
export function setOrderStatus(order: Raw, status: string, now: number): void {
  if (!ORDER_STATUSES.has(status)) throw new SimHttpError(400, `unknown order status ${status}; one of ${[...ORDER_STATUSES].join(', ')}`);
  const at = formatPacific(now);
  order.order_status = status;
  Object.assign(order, FOLLOWING[status] ?? {});
  if (status.toUpperCase() === 'IN_ISSUE') order.issue_status = 'IN_ISSUE';
  if (status.toUpperCase() === 'IN_FROZEN') order.frozen_status = 'IN_FROZEN';
  if (status === 'FINISH' || status === 'ARCHIVE') order.gmt_trade_end ??= at;
  // A partial shipment concerns some child orders only (which ones, fulfil does not say); any other status is every child's.
  if (status !== 'SELLER_PART_SEND_GOODS') for (const c of childrenOf(order)) c.order_status = status;
  stamp(order, now);
}

/** Applies a change; every change moves gmt_modified, so order.get by modified time sees it. */
export function changeOrder(order: Raw, change: OrderChange, now: number): void {
  const { order_status: status, ...fields } = change.set ?? {};
  for (const k of Object.keys(fields)) if (['id', 'child_order_list', 'gmt_modified'].includes(k)) throw new SimHttpError(400, `${k} cannot be changed`);
  let checked: Raw;
  try {
    checked = unwrapByTree(fields, dataNodes(), 'set') as Raw;
  } catch (e) {
    bad(e);
  }
  for (const [k, v] of Object.entries(checked)) {
    if (v === null) delete order[k];
    else order[k] = v;
  }
  for (const [id, set] of Object.entries(change.children ?? {})) {
    const child = childrenOf(order).find((c) => String(c.id) === id);
    if (!child) throw new SimHttpError(400, `order ${orderIdOf(order)} has no child order ${id}`);
    for (const [k, v] of Object.entries(set)) {
      if (k === 'id') throw new SimHttpError(400, 'a child order id cannot be changed');
      if (v === null) delete child[k];
      else child[k] = v;
    }
  }
  if (status !== undefined) setOrderStatus(order, String(status), now);
  stamp(order, now);
}

/** The data of order.info.get: the order without the extra information the bit flag leaves out (null: everything). Plain lists; the gateway writes them through the metadata. */
export function detailOf(order: Raw, flag: number | null): Raw {
  const data = structuredClone(order);
  if (flag !== null) for (const [field, bit] of EXT_INFO_BITS) if ((flag & bit) === 0) delete data[field];
  return data;
}

/** Unit price × count, exactly, as a SimpleMoney. */
function lineTotal(price: unknown, count: unknown): Raw | undefined {
  const unit = simpleMoney(price);
  const n = Number(count);
  if (!unit || !Number.isInteger(n)) return undefined;
  const digits = currencyInfo(String(unit.currency_code)).digits;
  const minor = toMinorUnits(String(unit.amount), digits);
  return minor === null ? undefined : { amount: fromMinorUnits(minor * BigInt(n), digits), currency_code: unit.currency_code };
}

function compact(record: Raw): Raw {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined && v !== null));
}

/** The order as order.get lists it (`OrderDto`, SimpleMoney amounts), derived from the stored detail; plain lists. */
export function listItemOf(order: Raw): Raw {
  const buyer = isObject(order.buyer_info) ? order.buyer_info : {};
  const logistics = Array.isArray(order.logistic_info_list) ? (order.logistic_info_list as Raw[]) : [];
  const loan = isObject(order.loan_info) ? order.loan_info : {};
  const lastSend = logistics.map((l) => l.gmt_send).filter((t): t is string => typeof t === 'string').sort().pop();
  const fullName = [buyer.first_name, buyer.last_name].filter((s) => typeof s === 'string' && s).join(' ');
  return compact({
    order_id: order.id,
    order_status: order.order_status,
    logistics_status: order.logistics_status,
    fund_status: order.fund_status,
    frozen_status: order.frozen_status,
    issue_status: order.issue_status,
    biz_type: order.biz_type ?? 'AE_COMMON',
    gmt_create: order.gmt_create,
    gmt_update: order.gmt_modified,
    gmt_pay_time: order.gmt_pay_success,
    gmt_send_goods_time: lastSend,
    pay_amount: simpleMoney(order.order_amount),
    escrow_fee: simpleMoney(order.escrow_fee),
    loan_amount: simpleMoney(loan.loan_amount),
    buyer_login_id: order.buyerloginid ?? buyer.login_id,
    buyer_signer_fullname: order.buyer_signer_fullname ?? (fullName || undefined),
    seller_signer_fullname: order.seller_signer_fullname,
    seller_operator_login_id: order.seller_operator_login_id,
    seller_login_id: order.seller_login_id ?? order.seller_operator_login_id,
    end_reason: order.order_end_reason,
    payment_type: order.payment_type,
    phone: order.is_phone,
    offline_pickup_type: order.offline_pickup_type,
    product_list: childrenOf(order).map((c) =>
      compact({
        child_id: c.id,
        order_id: order.id,
        product_id: c.product_id,
        sku_code: c.sku_code,
        product_name: c.product_name,
        product_count: c.product_count,
        product_unit: c.product_unit,
        product_standard: c.product_standard,
        product_img_url: c.product_img_url,
        product_snap_url: c.product_snap_url,
        product_unit_price: simpleMoney(c.product_price),
        total_product_amount: simpleMoney(c.init_order_amt) ?? lineTotal(c.product_price, c.product_count),
        logistics_amount: simpleMoney(c.logistics_amount),
        son_order_status: c.order_status,
        logistics_type: c.logistics_type,
        logistics_service_name: c.logistics_service_name,
        fund_status: c.fund_status,
        issue_status: c.issue_status,
        goods_prepare_time: c.goods_prepare_time,
        escrow_fee_rate: c.escrow_fee_rate,
        afflicate_fee_rate: c.afflicate_fee_rate,
        send_goods_operator: c.send_goods_operator,
        memo: c.buyer_memo,
        buyer_signer_first_name: buyer.first_name,
        buyer_signer_last_name: buyer.last_name,
      }),
    ),
  });
}

/** The detail written the wire's way (tests of the control side; the gateway does this itself). */
export function renderDetail(order: Raw, flag: number | null): unknown {
  return renderByTree(detailOf(order, flag), dataNodes());
}
