import { invalidArgument } from './top-envelope';
import { parseFields, project } from './top-fields';
import type { TopMethods } from './top-method';
import { optional, pageBody, paging, timeParam } from './top-params';
import { modifiedOf, REFUND_STATUSES } from './trade-records';

/** `taobao.refunds.receive.get` (§5): refunds of the seller's trades, newest change first. */
export const refundMethods: TopMethods = {
  'taobao.refunds.receive.get': {
    needsSession: true,
    run({ params, state }) {
      const spec = parseFields(params);
      const page = paging(params, 100);
      const status = optional(params, 'status');
      if (status !== null && !REFUND_STATUSES.has(status)) throw invalidArgument('status', `未知的退款状态 ${status}`);
      const from = timeParam(params, 'start_modified');
      const to = timeParam(params, 'end_modified');
      const buyer = optional(params, 'buyer_nick');
      const rows = [...state.refunds.values()]
        .filter((r) => (status === null || r.status === status) && (buyer === null || r.buyer_nick === buyer))
        .filter((r) => (!from || modifiedOf(r) >= from) && (!to || modifiedOf(r) <= to))
        .sort((a, b) => modifiedOf(b).getTime() - modifiedOf(a).getTime() || String(b.refund_id).localeCompare(String(a.refund_id)));
      return pageBody(rows, page, 'refunds', 'refund', (r) => project(r, spec));
    },
  },
};
