import { formatTopTime } from '../top-time';
import { businessError, invalidArgument, missingArgument } from './top-envelope';
import { idListParam, idParam, intParam, optional, required } from './top-params';
import type { TopCall, TopMethods } from './top-method';
import type { Raw } from './top-state';
import { heldBy, isCod, ordersOf } from './trade-records';

/**
 * `taobao.logistics.offline.send` and `taobao.logistics.online.send` (§5, §11.9): record the
 * shipment and move the trade to WAIT_BUYER_CONFIRM_GOODS, or SELLER_CONSIGNED_PART while
 * sub-orders are left to ship. offline.send takes neither cash-on-delivery trades nor trades
 * whose logistics were ordered online ([M]: "不支持货到付款、在线下单类型的订单"); online.send takes
 * exactly those (its metadata: "在线订单发货处理（支持货到付款）"; that it refuses other trades is [U]).
 */
/** Company codes of taobao.logistics.companies.get the simulator knows [U: a common subset]. */
export const LOGISTICS_COMPANIES: Record<string, string> = {
  POST: '中国邮政',
  EMS: 'EMS',
  ZJS: '宅急送',
  SF: '顺丰速运',
  STO: '申通快递',
  YTO: '圆通速递',
  ZTO: '中通快递',
  YUNDA: '韵达快递',
  HTKY: '百世快递',
  TTKDEX: '天天快递',
  DBL: '德邦快递',
  JD: '京东快递',
  OTHER: '其他',
};

/** Trade statuses a shipment may be sent from. */
const SHIPPABLE = new Set(['WAIT_SELLER_SEND_GOODS', 'SELLER_CONSIGNED_PART']);

/** A sub-order that will not ship: closed, or refunded in full. */
function closed(o: Raw): boolean {
  return String(o.status).startsWith('TRADE_CLOSED') || o.refund_status === 'SUCCESS';
}

/** A sub-order still waiting for its parcel. */
function waiting(o: Raw, tradeStatus: string): boolean {
  const status = typeof o.status === 'string' ? o.status : tradeStatus;
  return !closed(o) && (status === 'WAIT_SELLER_SEND_GOODS' || status === 'SELLER_CONSIGNED_PART');
}

type SendMethod = 'offline' | 'online';

const failure = (method: SendMethod, why: string) => businessError(`isv.logistics-${method}-service-error`, why);

function send(method: SendMethod, { params, state, now }: TopCall): Raw {
  const tid = idParam(params, 'tid');
  // online.send may go without a tracking number: the trade then waits for logistics.online.confirm [M].
  const outSid = method === 'offline' ? required(params, 'out_sid').trim() : (optional(params, 'out_sid')?.trim() ?? null);
  const companyCode = required(params, 'company_code').trim();
  const isSplit = intParam(params, 'is_split', { min: 0, max: 1, fallback: 0 });
  if (!LOGISTICS_COMPANIES[companyCode]) throw businessError('isv.logistics-company-not-exist', `物流公司代码 ${companyCode} 不存在，请用 taobao.logistics.companies.get 获取`);
  const trade = state.trades.get(tid.toString());
  if (!trade) throw businessError('isv.trade-not-exist', `交易 ${tid} 不存在或不属于当前卖家`);
  const status = String(trade.status);
  if (status === 'PAID_FORBID_CONSIGN') throw failure(method, `交易 ${tid} 处于禁止发货状态（PAID_FORBID_CONSIGN），不能发货`);
  if (!SHIPPABLE.has(status)) throw failure(method, `交易 ${tid} 的状态 ${status} 不允许发货`);
  const holds = heldBy(trade);
  if (holds.length) throw failure(method, `交易 ${tid} 被拦截（${holds.join(', ')}），暂不能发货`);
  const online = isCod(trade) || state.onlineOrdered.has(tid.toString());
  if (method === 'offline' && online) throw failure(method, `交易 ${tid} 是货到付款或在线下单的订单，请使用 taobao.logistics.online.send 发货`);
  if (method === 'online' && !online) throw failure(method, `交易 ${tid} 不是货到付款或在线下单的订单，请使用 taobao.logistics.offline.send 发货`);

  const orders = ordersOf(trade);
  let targets: Raw[];
  let subTids: bigint[] | null = null;
  if (optional(params, 'sub_tid') !== null) {
    // A split shipment names its sub-orders and says so with is_split=1 [U that both are required].
    if (isSplit !== 1) throw invalidArgument('is_split', '按子订单拆单发货时 is_split 必须为 1');
    subTids = idListParam(params, 'sub_tid', method === 'offline' ? 50 : 20);
    targets = subTids.map((oid) => {
      const order = orders.find((o) => o.oid === oid);
      if (!order) throw failure(method, `子订单 ${oid} 不属于交易 ${tid}`);
      if (!waiting(order, status)) throw failure(method, `子订单 ${oid} 已发货或已关闭，不能再发货`);
      return order;
    });
  } else {
    if (isSplit === 1) throw missingArgument('sub_tid');
    targets = orders.filter((o) => waiting(o, status));
  }
  // Without a tracking number nothing moves until the send is confirmed (not simulated).
  if (outSid === null) return { shipping: { is_success: true } };

  const at = formatTopTime(now);
  for (const o of targets) {
    o.status = 'WAIT_BUYER_CONFIRM_GOODS';
    o.consign_time = at;
    o.logistics_company = LOGISTICS_COMPANIES[companyCode];
    o.invoice_no = outSid;
  }
  const left = orders.filter((o) => waiting(o, status));
  trade.status = left.length ? 'SELLER_CONSIGNED_PART' : 'WAIT_BUYER_CONFIRM_GOODS';
  trade.consign_time ??= at;
  // Every change moves `modified`, so increment.get sees it (§11.9).
  trade.modified = at;
  state.shipments.push({ tid, outSid, companyCode, subTids, at: now, method });
  return { shipping: { is_success: true } };
}

export const logisticsMethods: TopMethods = {
  'taobao.logistics.offline.send': { needsSession: true, run: (call) => send('offline', call) },
  'taobao.logistics.online.send': { needsSession: true, run: (call) => send('online', call) },
};
