import { parseJsonBody, SimControlHandlers, SimHttpError } from '../../sdk/simulator';
import { formatTopTime } from '../top-time';
import { createHandMadeItem, HandMadeItem } from './item-methods';
import type { TopState } from './top-state';
import { changeTrade, normaliseRefund, normaliseTrade, setTradeStatus, TradeChange } from './trade-records';

/**
 * The `/__sim/` control endpoints for TOP. Their answers are ours, not TOP's, and are read with
 * plain `JSON.parse` by the test kit: ids go out as strings there, never as bare big numbers.
 */

function ids(v: unknown, what: string): string[] {
  if (!Array.isArray(v) || v.length === 0 || v.some((x) => typeof x !== 'string' || !/^\d{1,19}$/.test(x))) throw new SimHttpError(400, `${what} must be a list of ids as strings`);
  return v as string[];
}

function object(v: unknown, what: string): Record<string, unknown> | undefined {
  if (v === undefined) return undefined;
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new SimHttpError(400, `${what} must be an object`);
  return v as Record<string, unknown>;
}

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
      const trade = normaliseTrade(parseJsonBody(body), new Date(state.clock.now()));
      state.trades.set(String(trade.tid), trade);
      return { tid: String(trade.tid), status: trade.status ?? null, modified: trade.modified };
    },

    setOrderStatus(id, status) {
      const trade = state.trades.get(id);
      if (!trade) throw new SimHttpError(404, `no trade ${id}`);
      const at = formatTopTime(new Date(state.clock.now()));
      setTradeStatus(trade, status, at);
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
        method: s.method,
        at: s.at.toISOString(),
      })),
    }),

    expireTokens: () => state.expireAccessTokens(),
    reset: () => state.reset(),

    extra: {
      /** A refund in the shape of refunds.receive.get (tid/oid as bare numbers), upserted by refund_id. */
      'POST /__sim/refunds': (req) => {
        const refund = normaliseRefund(parseJsonBody(req.body), new Date(state.clock.now()));
        state.refunds.set(String(refund.refund_id), refund);
        return { refund_id: refund.refund_id, modified: refund.modified };
      },

      /**
       * `{tids, set?, lines?, afterRead?}`: the trades change (trade fields in `set`, sub-order
       * fields by oid in `lines`; `modified` moves to now). With `afterRead: true` each trade
       * changes right after a trade list answer has carried it, the way a trade changes while a
       * client pages through the list.
       */
      'POST /__sim/trade-changes': (req) => {
        const body = object(parseJsonBody(req.body || '{}'), 'the body') ?? {};
        const tids = ids(body.tids, 'tids');
        const change: TradeChange = { set: object(body.set, 'set'), lines: object(body.lines, 'lines') as TradeChange['lines'] };
        for (const [oid, set] of Object.entries(change.lines ?? {})) object(set, `lines.${oid}`);
        for (const tid of tids) if (!state.trades.has(tid)) throw new SimHttpError(404, `no trade ${tid}`);
        if (body.afterRead === true) {
          state.armed.push({ tids: new Set(tids), change });
          return { armed: tids };
        }
        const now = new Date(state.clock.now());
        for (const tid of tids) changeTrade(state.trades.get(tid)!, change, now);
        return { changed: tids, modified: formatTopTime(now) };
      },

      /** An item created by hand, as staff do in the back office (see createHandMadeItem); its ids come back as strings. */
      'POST /__sim/items': (req) => {
        const item = createHandMadeItem(state, (object(parseJsonBody(req.body || '{}'), 'the body') ?? {}) as HandMadeItem, new Date(state.clock.now()));
        return {
          num_iid: item.numIid.toString(),
          skus: item.skus.map((k) => ({ sku_id: k.skuId.toString(), outer_id: k.outerId, properties: k.properties, quantity: k.quantity, price: k.price })),
        };
      },

      /** `{num_iid, sku_id}`: staff delete a SKU of an item in the back office. */
      'POST /__sim/sku-deletions': (req) => {
        const body = object(parseJsonBody(req.body || '{}'), 'the body') ?? {};
        const item = state.items.get(String(body.num_iid));
        const sku = item?.skus.find((k) => k.skuId.toString() === String(body.sku_id) && k.status === 'normal');
        if (!item || !sku) throw new SimHttpError(404, `no SKU ${String(body.sku_id)} on item ${String(body.num_iid)}`);
        sku.status = 'delete';
        sku.modified = new Date(state.clock.now());
        item.num = item.skus.filter((k) => k.status === 'normal').reduce((n, k) => n + k.quantity, 0);
        item.modified = sku.modified;
        return { deleted: String(body.sku_id) };
      },

      /**
       * `{method, count?}`: the next `count` (default 1) successful calls of this TOP method are
       * carried out and their connection then dropped unanswered (the lostAnswer fault, aimed).
       */
      'POST /__sim/lost-answers': (req) => {
        const body = object(parseJsonBody(req.body || '{}'), 'the body') ?? {};
        const count = body.count ?? 1;
        if (typeof body.method !== 'string' || !/^taobao\./.test(body.method)) throw new SimHttpError(400, 'method must be a TOP method name');
        if (typeof count !== 'number' || !Number.isInteger(count) || count < 0) throw new SimHttpError(400, 'count must be a whole number of 0 or more');
        state.loseAnswers.set(body.method, count);
        return { method: body.method, count };
      },

      /** `{tid}`: the trade's logistics were ordered online (在线下单): offline.send refuses it from now on. */
      'POST /__sim/online-logistics-orders': (req) => {
        const body = object(parseJsonBody(req.body || '{}'), 'the body') ?? {};
        const [tid] = ids([body.tid], 'tid');
        if (!state.trades.has(tid)) throw new SimHttpError(404, `no trade ${tid}`);
        state.onlineOrdered.add(tid);
        return { tid };
      },
    },
  };
}
