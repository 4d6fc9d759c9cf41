import { selectFields, TOP_FIELDS, typeMatches } from './method-fields';
import { businessError, invalidArgument } from './top-envelope';
import type { TopMethods } from './top-method';
import { idParam, optional, pageBody, paging, Params, timeParam } from './top-params';
import type { Raw, TopState } from './top-state';
import { changeTrade, createdOf, modifiedOf, renderTrade, TRADE_STATUSES } from './trade-records';

/**
 * Trade reads (taobao.md §5 "Orders"): the increment API's window rules, the 3-month horizon,
 * page size ≤ 100, `use_has_next`, status filters, the type filter with TOP's default types,
 * and the `fields` projection cut to what each method returns (method-fields.ts).
 */

const DAY_MS = 24 * 60 * 60 * 1000;
/** "Only the last 3 months are searchable" [U: counted as 90 days]. */
export const SEARCH_HORIZON_MS = 90 * DAY_MS;

/** Trades of the types the call asks for, or of the method's default types when it names none. */
function typeFilter(method: string, params: Params): (t: Raw) => boolean {
  const filter = TOP_FIELDS.withDefaults(method, params).type ?? '';
  return (t) => typeMatches(filter, t.type);
}

/** Changes armed to strike once a trade list has carried their trades (mid-walk changes). */
function fireArmed(state: TopState, rows: Raw[], now: Date): void {
  if (!state.armed.length) return;
  const read = new Set(rows.map((t) => String(t.tid)));
  for (const armed of state.armed) {
    for (const tid of [...armed.tids]) {
      if (!read.has(tid)) continue;
      armed.tids.delete(tid);
      const trade = state.trades.get(tid);
      if (trade) changeTrade(trade, armed.change, now);
    }
  }
  state.armed = state.armed.filter((a) => a.tids.size > 0);
}

/** One status, or the query-only aggregates ALL_WAIT_PAY / ALL_CLOSED (§7). */
function statusFilter(params: Params): (t: Raw) => boolean {
  const status = optional(params, 'status');
  if (status === null) return () => true;
  const set =
    status === 'ALL_WAIT_PAY' ? new Set(['WAIT_BUYER_PAY', 'TRADE_NO_CREATE_PAY']) : status === 'ALL_CLOSED' ? new Set(['TRADE_CLOSED', 'TRADE_CLOSED_BY_TAOBAO']) : new Set([status]);
  if (![...set].every((s) => TRADE_STATUSES.has(s))) throw invalidArgument('status', `未知的交易状态 ${status}`);
  return (t) => set.has(String(t.status));
}

function buyerFilter(params: Params): (t: Raw) => boolean {
  const nick = optional(params, 'buyer_nick');
  return (t) => nick === null || t.buyer_nick === nick;
}

/** Newest first by `time`, ties broken by tid (descending), so pages are stable. */
function newestFirst(time: (t: Raw) => Date) {
  return (a: Raw, b: Raw) => time(b).getTime() - time(a).getTime() || ((b.tid as bigint) > (a.tid as bigint) ? 1 : (b.tid as bigint) < (a.tid as bigint) ? -1 : 0);
}

function checkHorizon(start: Date, now: Date, name: string): void {
  if (start.getTime() < now.getTime() - SEARCH_HORIZON_MS) throw businessError('isv.invalid-parameter', `${name} 只能查询三个月内的交易`);
}

const INCREMENT = 'taobao.trades.sold.increment.get';
const SOLD = 'taobao.trades.sold.get';
const FULLINFO = 'taobao.trade.fullinfo.get';

export const tradeMethods: TopMethods = {
  [INCREMENT]: {
    needsSession: true,
    run({ params, state, now }) {
      const fields = selectFields(INCREMENT, params);
      const start = timeParam(params, 'start_modified', true)!;
      const end = timeParam(params, 'end_modified', true)!;
      // Window rules of §5 [U exact codes: 15 with isv.invalid-parameter].
      if (end.getTime() <= start.getTime()) throw businessError('isv.invalid-parameter', 'end_modified 必须大于 start_modified');
      if (end.getTime() - start.getTime() > DAY_MS) throw businessError('isv.invalid-parameter', '修改时间跨度不能大于一天');
      checkHorizon(start, now, 'start_modified');
      const page = paging(params, 100);
      const [byType, byStatus, byBuyer] = [typeFilter(INCREMENT, params), statusFilter(params), buyerFilter(params)];
      // Both ends inclusive [U]: TOP times have whole seconds, and a trade modified in the
      // window's last second must not fall between two windows.
      const rows = [...state.trades.values()]
        .filter((t) => modifiedOf(t) >= start && modifiedOf(t) <= end)
        .filter((t) => byType(t) && byStatus(t) && byBuyer(t))
        .sort(newestFirst(modifiedOf));
      const served: Raw[] = [];
      const body = pageBody(rows, page, 'trades', 'trade', (t) => (served.push(t), TOP_FIELDS.project(renderTrade(t, false), fields)));
      fireArmed(state, served, now);
      return body;
    },
  },

  [SOLD]: {
    needsSession: true,
    run({ params, state, now }) {
      const fields = selectFields(SOLD, params);
      const start = timeParam(params, 'start_created') ?? new Date(now.getTime() - SEARCH_HORIZON_MS);
      const end = timeParam(params, 'end_created') ?? now;
      if (end.getTime() < start.getTime()) throw businessError('isv.invalid-parameter', 'end_created 不能早于 start_created');
      checkHorizon(start, now, 'start_created');
      const page = paging(params, 100);
      const [byType, byStatus, byBuyer] = [typeFilter(SOLD, params), statusFilter(params), buyerFilter(params)];
      const rows = [...state.trades.values()]
        .filter((t) => createdOf(t) >= start && createdOf(t) <= end)
        .filter((t) => byType(t) && byStatus(t) && byBuyer(t))
        .sort(newestFirst(createdOf));
      const served: Raw[] = [];
      const body = pageBody(rows, page, 'trades', 'trade', (t) => (served.push(t), TOP_FIELDS.project(renderTrade(t, false), fields)));
      fireArmed(state, served, now);
      return body;
    },
  },

  [FULLINFO]: {
    needsSession: true,
    run({ params, state }) {
      const fields = selectFields(FULLINFO, params);
      const tid = idParam(params, 'tid');
      const trade = state.trades.get(tid.toString());
      if (!trade) throw businessError('isv.trade-not-exist', `交易 ${tid} 不存在或不属于当前卖家`);
      return { trade: TOP_FIELDS.project(renderTrade(trade, true), fields) };
    },
  },
};
