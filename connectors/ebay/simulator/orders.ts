import { answer, Call, pageUri, path, Route, wholeParam } from './call';
import { fulfillmentFault } from './ebay-errors';
import type { EbayState, OrderRecord } from './ebay-state';
import { DAY_MS } from './ebay-time';
import { FILTER_DAYS, FilterProblem, OrderFilter, parseOrderFilter, rawFilter } from './order-filter';
import { changeOrder, orderIdOf, timeOf } from './order-records';

/**
 * getOrders and getOrder (ebay.md §5, §8.5): the filter (order-filter.ts), the 90-day floor,
 * `limit` 1-1000 (default 50) and a zero-based `offset`, `href`/`next`/`prev` as full URIs,
 * `total`, and `orderIds` (at most 50, by new or legacy id) overriding every other parameter.
 * Orders come newest created first [U: the order is not documented].
 */

export const DEFAULT_ORDER_LIMIT = 50;
export const MAX_ORDER_LIMIT = 1000;
export const MAX_ORDER_IDS = 50;

/** The order by its id or its legacy id ([O] getOrders "will accept both the legacy and new format order ID"). */
export function findOrder(state: EbayState, id: string): OrderRecord | undefined {
  return state.orders.get(id) ?? [...state.orders.values()].find((r) => r.order.legacyOrderId === id);
}

function checkFieldGroups(call: Call): void {
  const groups = call.req.query.get('fieldGroups');
  if (groups !== null && groups.split(',').some((g) => g.trim() !== 'TAX_BREAKDOWN')) {
    throw fulfillmentFault(400, 32800, `Invalid field group: ${groups}`, { parameters: { fieldGroup: groups } });
  }
}

function matches(r: OrderRecord, filter: OrderFilter, floor: number): boolean {
  const created = timeOf(r.order, 'creationDate');
  if (created === null || created < floor) return false;
  if (filter.dates) {
    const t = timeOf(r.order, filter.dates.field);
    const { from, to } = filter.dates.range;
    if (t === null || t < from || (to !== undefined && t > to)) return false;
  }
  if (filter.fulfillment && !filter.fulfillment.includes(String(r.order.orderFulfillmentStatus))) return false;
  return true;
}

/** Changes armed with `afterRead` strike once a page has carried their orders (the answer is already written). */
function strikeArmed(state: EbayState, carried: OrderRecord[], now: number): void {
  if (state.armed.length === 0) return;
  const ids = new Set(carried.map((r) => orderIdOf(r.order)));
  state.armed = state.armed.filter((a) => {
    const hit = [...a.ids].filter((id) => ids.has(id));
    for (const id of hit) {
      const r = state.orders.get(id);
      if (r) changeOrder(r, a.set, now);
      a.ids.delete(id);
    }
    return a.ids.size > 0;
  });
}

function getOrders(call: Call) {
  const { state, now, req } = call;
  checkFieldGroups(call);
  const rawQuery = req.rawQuery ?? '';
  const ids = req.query.get('orderIds');
  if (ids !== null) {
    const list = ids.split(',').map((s) => s.trim()).filter(Boolean);
    if (list.length > MAX_ORDER_IDS) throw fulfillmentFault(400, 30900, `Exceeded maximum number of order IDs (the current limit is ${MAX_ORDER_IDS})`);
    // [U] ids the seller has no order for are left out.
    const found = list.map((id) => findOrder(state, id)).filter((r): r is OrderRecord => !!r);
    const orders = found.map((r) => r.order);
    strikeArmed(state, found, now);
    return answer(200, { href: `${call.base}${req.path}?${rawQuery}`, total: orders.length, limit: MAX_ORDER_IDS, offset: 0, orders });
  }
  const limit = wholeParam(req.query.get('limit'), DEFAULT_ORDER_LIMIT, 1, MAX_ORDER_LIMIT);
  if (limit === null) throw fulfillmentFault(400, 31100, `Invalid limit: ${req.query.get('limit')}`, { parameters: { limitvalue: String(req.query.get('limit')) } });
  const offset = wholeParam(req.query.get('offset'), 0, 0, Number.MAX_SAFE_INTEGER);
  if (offset === null) throw fulfillmentFault(400, 31000, `Invalid offset: ${req.query.get('offset')}`, { parameters: { offsetvalue: String(req.query.get('offset')) } });
  let filter: OrderFilter = {};
  const decoded = req.query.get('filter');
  if (decoded !== null) {
    try {
      filter = parseOrderFilter(rawFilter(rawQuery) ?? '', decoded, now);
    } catch (e) {
      if (e instanceof FilterProblem) throw fulfillmentFault(400, e.errorId, e.message, { parameters: e.parameters });
      throw e;
    }
  }
  const floor = now - FILTER_DAYS * DAY_MS;
  const all = [...state.orders.values()]
    .filter((r) => matches(r, filter, floor))
    .sort((a, b) => (timeOf(b.order, 'creationDate') ?? 0) - (timeOf(a.order, 'creationDate') ?? 0) || orderIdOf(a.order).localeCompare(orderIdOf(b.order)));
  const page = all.slice(offset, offset + limit);
  const body = {
    href: pageUri(call, offset, limit, rawQuery),
    total: all.length,
    limit,
    offset,
    ...(offset + limit < all.length ? { next: pageUri(call, offset + limit, limit, rawQuery) } : {}),
    ...(offset > 0 ? { prev: pageUri(call, Math.max(0, offset - limit), limit, rawQuery) } : {}),
    orders: page.map((r) => r.order),
  };
  // Written before the armed changes strike: this page shows the orders as they were when it was read.
  const res = answer(200, body);
  strikeArmed(state, page, now);
  return res;
}

function getOrder(call: Call) {
  checkFieldGroups(call);
  const r = findOrder(call.state, call.params[0]);
  // [U] an order the seller does not have answers 404 (declared) with the contract's 32100.
  if (!r) throw fulfillmentFault(404, 32100, `Invalid order ID: ${call.params[0]}`, { parameters: { orderId: call.params[0] } });
  const res = answer(200, r.order);
  strikeArmed(call.state, [r], call.now);
  return res;
}

export const orderRoutes: Route[] = [
  { method: 'GET', pattern: path('fulfillment', '/order'), operationId: 'getOrders', api: 'fulfillment', readOnly: true, body: false, contentLanguage: false, run: getOrders },
  { method: 'GET', pattern: path('fulfillment', '/order/{orderId}'), operationId: 'getOrder', api: 'fulfillment', readOnly: true, body: false, contentLanguage: false, run: getOrder },
];
