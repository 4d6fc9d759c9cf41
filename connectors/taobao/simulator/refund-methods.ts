import { selectFields, TOP_FIELDS, typeMatches } from './method-fields';
import { invalidArgument } from './top-envelope';
import type { TopMethods } from './top-method';
import { optional, pageBody, paging, timeParam } from './top-params';
import { modifiedOf, REFUND_STATUSES } from './trade-records';

const METHOD = 'taobao.refunds.receive.get';

/**
 * `taobao.refunds.receive.get` (§5): refunds of the seller's trades, newest change first. Its
 * `type` filter is on the type of the refund's trade, guarantee_trade and auto_delivery when
 * omitted ([M]); a refund whose trade the simulator does not hold counts as 一口价 (fixed).
 */
export const refundMethods: TopMethods = {
  [METHOD]: {
    needsSession: true,
    run({ params, state }) {
      const fields = selectFields(METHOD, params);
      const page = paging(params, 100);
      const status = optional(params, 'status');
      if (status !== null && !REFUND_STATUSES.has(status)) throw invalidArgument('status', `未知的退款状态 ${status}`);
      const from = timeParam(params, 'start_modified');
      const to = timeParam(params, 'end_modified');
      const buyer = optional(params, 'buyer_nick');
      const types = TOP_FIELDS.withDefaults(METHOD, params).type ?? '';
      const rows = [...state.refunds.values()]
        .filter((r) => (status === null || r.status === status) && (buyer === null || r.buyer_nick === buyer))
        .filter((r) => (!from || modifiedOf(r) >= from) && (!to || modifiedOf(r) <= to))
        .filter((r) => typeMatches(types, state.trades.get(String(r.tid))?.type))
        .sort((a, b) => modifiedOf(b).getTime() - modifiedOf(a).getTime() || String(b.refund_id).localeCompare(String(a.refund_id)));
      return pageBody(rows, page, 'refunds', 'refund', (r) => TOP_FIELDS.project(r, fields));
    },
  },
};
