import { parseJsonBody, SimControlHandlers, SimHttpError } from '../../sdk/simulator';
import { formatTopTime } from '../top-time';
import type { TopState } from './top-state';
import { normaliseRefund, normaliseTrade, ordersOf, TRADE_STATUSES } from './trade-records';

/**
 * The `/__sim/` control endpoints for TOP. Their answers are ours, not TOP's, and are read with
 * plain `JSON.parse` by the test kit: ids go out as strings there, never as bare big numbers.
 */

/** Statuses after which the goods have left: a status set to one of these gets a consign_time. */
const SHIPPED = new Set(['WAIT_BUYER_CONFIRM_GOODS', 'TRADE_BUYER_SIGNED', 'TRADE_FINISHED']);
const ENDED = new Set(['TRADE_FINISHED', 'TRADE_CLOSED', 'TRADE_CLOSED_BY_TAOBAO']);

export function topControl(state: TopState, callsPerSecond: number): SimControlHandlers {
  return {
    credentials: () => ({
      appKey: state.appKey,
      appSecret: state.appSecret,
      sessionKey: state.latest.accessToken,
      refreshToken: state.latest.refreshToken,
      signMethod: 'hmac-sha256',
      callsPerSecond: String(callsPerSecond),
    }),

    addOrder(body) {
      const trade = normaliseTrade(parseJsonBody(body), new Date());
      state.trades.set(String(trade.tid), trade);
      return { tid: String(trade.tid), status: trade.status ?? null, modified: trade.modified };
    },

    setOrderStatus(id, status) {
      const trade = state.trades.get(id);
      if (!trade) throw new SimHttpError(404, `no trade ${id}`);
      if (!TRADE_STATUSES.has(status)) throw new SimHttpError(400, `unknown trade status ${status}`);
      const at = formatTopTime(new Date());
      trade.status = status;
      // A partial shipment is about particular sub-orders; any other status is the whole trade's.
      if (status !== 'SELLER_CONSIGNED_PART') for (const o of ordersOf(trade)) o.status = status;
      if (SHIPPED.has(status)) trade.consign_time ??= at;
      if (ENDED.has(status)) trade.end_time ??= at;
      trade.modified = at;
      return { tid: id, status, modified: at };
    },

    listings: () => ({
      listings: [...state.items.values()].flatMap((item): Record<string, unknown>[] => {
        const common = { num_iid: item.numIid.toString(), title: item.title, status: item.approveStatus };
        if (!item.skus.length) return [{ ...common, sku: item.outerId ?? '', quantity: item.num, price: item.price, sku_id: null }];
        return item.skus
          .filter((s) => s.status === 'normal')
          .map((s) => ({ ...common, sku: s.outerId ?? '', quantity: s.quantity, price: s.price, sku_id: s.skuId.toString(), properties: s.properties }));
      }),
    }),

    shipments: () => ({
      shipments: state.shipments.map((s) => ({
        tid: s.tid.toString(),
        out_sid: s.outSid,
        company_code: s.companyCode,
        sub_tid: s.subTids?.map(String) ?? null,
        at: s.at.toISOString(),
      })),
    }),

    expireTokens: () => state.expireAccessTokens(),
    reset: () => state.reset(),

    extra: {
      /** A refund in the shape of refunds.receive.get (tid/oid as bare numbers), upserted by refund_id. */
      'POST /__sim/refunds': (req) => {
        const refund = normaliseRefund(parseJsonBody(req.body), new Date());
        state.refunds.set(String(refund.refund_id), refund);
        return { refund_id: refund.refund_id, modified: refund.modified };
      },
    },
  };
}
