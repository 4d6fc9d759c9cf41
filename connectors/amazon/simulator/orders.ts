import type { OrderRecord } from './amazon-state';
import { invalidInput, notFound } from './amazon-errors';
import { amazonTime, answer, Call, dateParam, enumList, list, path, Route, single } from './call';
import { newPaginationToken } from './ids';
import { createdMs, fireArmedChanges, FULFILLED_BY, fulfilledByOf, FULFILLMENT_STATUSES, INCLUDED_DATA, marketplaceOf, orderIdOf, orderView, statusOf, updatedMs } from './order-records';

/**
 * searchOrders and getOrder of the Orders API v2026-01-01 (amazon.md §4a, §8.3a):
 * - exactly one of `createdAfter` / `lastUpdatedAfter`; with `createdAfter` neither `lastUpdated*`,
 *   with `lastUpdatedAfter` neither `created*`; a `…Before` at or after its `…After` and at least
 *   two minutes before now [O];
 * - `maxResultsPerPage` 1-100 (default 100), `marketplaceIds` ≤ 50, the enums of
 *   `fulfillmentStatuses`, `fulfilledBy` and `includedData`;
 * - `pagination.nextToken` is bound to the filters of the first call ("all other parameters must
 *   be provided with the same values … with the exception of maxResultsPerPage and includedData"
 *   [O]) and expires after 24 hours [O] on the simulator's clock;
 * - pages run in ascending order of the searched time, then order id [U]; the window's upper bound
 *   is the `…Before` given or the time of the first call [U: the default bound is not documented],
 *   and is answered as `createdBefore` / `lastUpdatedBefore`. A token carries the last order
 *   served, so an order that changes while a client pages leaves the window without shifting the
 *   others (it is found by the next window);
 * - the blocks of `includedData` only (items always), PII only with the role.
 */

export const MAX_RESULTS_PER_PAGE = 100;
export const MAX_MARKETPLACE_IDS = 50;
export const TOKEN_TTL_MS = 24 * 60 * 60 * 1000;
/** "at least two minutes before the time of the request" [O]. */
export const BEFORE_MARGIN_MS = 2 * 60 * 1000;

const ROOT = '/orders/2026-01-01';

interface Filters {
  by: 'created' | 'updated';
  after: number;
  before: number | null;
  statuses: string[] | null;
  marketplaceIds: string[] | null;
  fulfilledBy: string[] | null;
}

function filtersOf(call: Call): Filters {
  const createdAfter = dateParam(call, 'createdAfter');
  const createdBefore = dateParam(call, 'createdBefore');
  const updatedAfter = dateParam(call, 'lastUpdatedAfter');
  const updatedBefore = dateParam(call, 'lastUpdatedBefore');
  if ((createdAfter === null) === (updatedAfter === null)) throw invalidInput('Exactly one of createdAfter and lastUpdatedAfter is required.');
  if (createdAfter !== null && (updatedBefore !== null)) throw invalidInput('If createdAfter is provided, neither lastUpdatedAfter nor lastUpdatedBefore may be provided.');
  if (updatedAfter !== null && createdBefore !== null) throw invalidInput('If lastUpdatedAfter is provided, neither createdAfter nor createdBefore may be provided.');
  const by = createdAfter !== null ? 'created' : 'updated';
  const after = (createdAfter ?? updatedAfter) as number;
  const before = by === 'created' ? createdBefore : updatedBefore;
  const name = by === 'created' ? 'createdBefore' : 'lastUpdatedBefore';
  if (before !== null && before < after) throw invalidInput(`${name} must be equal to or after ${by === 'created' ? 'createdAfter' : 'lastUpdatedAfter'}.`);
  if (before !== null && before > call.now - BEFORE_MARGIN_MS) throw invalidInput(`${name} must be at least two minutes before the time of the request.`);
  const marketplaceIds = list(call, 'marketplaceIds');
  if (marketplaceIds && marketplaceIds.length > MAX_MARKETPLACE_IDS) throw invalidInput(`marketplaceIds takes at most ${MAX_MARKETPLACE_IDS} ids.`);
  return {
    by,
    after,
    before,
    statuses: enumList(call, 'fulfillmentStatuses', FULFILLMENT_STATUSES),
    marketplaceIds,
    fulfilledBy: enumList(call, 'fulfilledBy', FULFILLED_BY),
  };
}

/** The filters as the token binds them (order-insensitive lists). */
function filterKey(call: Call): string {
  const names = ['createdAfter', 'createdBefore', 'lastUpdatedAfter', 'lastUpdatedBefore', 'fulfillmentStatuses', 'marketplaceIds', 'fulfilledBy'];
  return JSON.stringify(names.map((n) => [n, (list(call, n) ?? []).sort()]));
}

function pageSize(call: Call): number {
  const v = single(call, 'maxResultsPerPage');
  if (v === null) return MAX_RESULTS_PER_PAGE;
  const n = /^\d+$/.test(v.trim()) ? Number(v) : NaN;
  if (!(n >= 1 && n <= MAX_RESULTS_PER_PAGE)) throw invalidInput(`maxResultsPerPage must be between 1 and ${MAX_RESULTS_PER_PAGE}, not ${v}.`);
  return n;
}

export function includedOf(call: Call): Set<string> {
  return new Set(enumList(call, 'includedData', INCLUDED_DATA) ?? []);
}

const timeOf = (r: OrderRecord, by: Filters['by']) => (by === 'created' ? createdMs(r) : updatedMs(r));

function searchOrders(call: Call) {
  const { state, now } = call;
  const f = filtersOf(call);
  const size = pageSize(call);
  const included = includedOf(call);
  const key = filterKey(call);
  const tokenValue = single(call, 'paginationToken');
  let bound = f.before ?? now;
  let after: { time: number; orderId: string } | null = null;
  if (tokenValue !== null) {
    const t = state.searchTokens.get(tokenValue);
    if (!t) throw invalidInput('Invalid paginationToken.', 'Pass the nextToken of the previous page.');
    if (now - t.createdAt > TOKEN_TTL_MS) {
      state.searchTokens.delete(tokenValue);
      throw invalidInput('The paginationToken has expired.', 'A pagination token expires 24 hours after it was issued; search again.');
    }
    if (t.filters !== key) throw invalidInput('The paginationToken does not belong to this search.', 'Send the other parameters with the values of the request that returned the token (maxResultsPerPage and includedData may change).');
    bound = t.bound;
    after = t.after;
  }
  const matching = [...state.orders.values()]
    .filter((r) => {
      const t = timeOf(r, f.by);
      if (t < f.after || t > bound) return false;
      if (f.statuses && !f.statuses.includes(statusOf(r) ?? '')) return false;
      if (f.marketplaceIds && !f.marketplaceIds.includes(marketplaceOf(r) ?? '')) return false;
      if (f.fulfilledBy && !f.fulfilledBy.includes(fulfilledByOf(r))) return false;
      return true;
    })
    .map((r) => ({ r, time: timeOf(r, f.by), id: orderIdOf(r) }))
    .sort((a, b) => a.time - b.time || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .filter((x) => !after || x.time > after.time || (x.time === after.time && x.id > after.orderId));
  const page = matching.slice(0, size);
  const body: Record<string, unknown> = { orders: page.map((x) => orderView(x.r, included, state.piiRole)) };
  // A token armed to expire (POST /__sim/pagination-tokens/expire {afterPages}) is born 24 hours old.
  const expiring = state.tokenExpiryAfterPages !== null && --state.tokenExpiryAfterPages <= 0;
  if (expiring) state.tokenExpiryAfterPages = null;
  if (matching.length > size) {
    const last = page[page.length - 1];
    const next = newPaginationToken();
    state.searchTokens.set(next, { filters: key, bound, after: { time: last.time, orderId: last.id }, createdAt: expiring ? now - TOKEN_TTL_MS - 1 : now });
    body.pagination = { nextToken: next };
  }
  body[f.by === 'created' ? 'createdBefore' : 'lastUpdatedBefore'] = amazonTime(bound);
  // Orders armed to change once read (POST /__sim/order-changes {afterRead}) change right after
  // this page carried them: a millisecond after the request, so past the window's bound.
  fireArmedChanges(state, page.map((x) => x.id), now + 1);
  return answer(200, body);
}

export function findOrder(call: Call, id: string): OrderRecord {
  const r = call.state.orders.get(id);
  if (!r) throw notFound(`Order ${id} was not found.`);
  return r;
}

function getOrder(call: Call) {
  const r = findOrder(call, call.params[0]);
  return answer(200, { order: orderView(r, includedOf(call), call.state.piiRole) });
}

export const orderRoutes: Route[] = [
  { method: 'GET', pattern: path(`${ROOT}/orders`), operationId: 'searchOrders', body: false, run: searchOrders },
  { method: 'GET', pattern: path(`${ROOT}/orders/{orderId}`), operationId: 'getOrder', body: false, run: getOrder },
];
