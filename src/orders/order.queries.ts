import type { Context } from '../context';
import { badInput } from '../common/errors';
import { uuidOf } from '../common/ids';
import { selectRows } from '../common/sql';
import { buildPage, ConnectionArgs, Page, pageRequest } from '../common/relay';
import { P } from '../staff/permissions';
import { OrderFilter, OrderOrder } from './order.inputs';
import { orderScopeSql, piiScopeSql } from './order-scope';
import { Order, ORDER_COLUMNS, OrderRow, OrderSortKey } from './order.types';

const SORT: Record<OrderSortKey, { expr: string; text: string; cast: string }> = {
  PLACED_AT: { expr: 'o.placed_at', text: 'o.placed_at::text', cast: '::timestamptz' },
  NUMBER: { expr: 'o.seq', text: 'o.seq::text', cast: '::bigint' },
  TOTAL: { expr: 'o.total', text: 'o.total::text', cast: '::numeric' },
};

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** A page of orders (keyset on the sort key and id). */
export async function listOrders(ctx: Context, args: ConnectionArgs, filter?: OrderFilter | null, order?: OrderOrder | null): Promise<Page<Order>> {
  const req = pageRequest(args, 2);
  const sort = SORT[order?.field ?? OrderSortKey.PLACED_AT];
  const desc = order ? order.descending : true;
  // Channel-limited staff list their channels' orders only; the rest is left out silently.
  const scope = orderScopeSql(ctx, [P.OrdersRead]);
  const conds: string[] = [scope.sql];
  const params: unknown[] = [...scope.params];
  if (filter?.status?.length) (conds.push(`o.status in (${filter.status.map(() => '?').join(', ')})`), params.push(...filter.status));
  // channelId is the Channel's global id (as everywhere in the API); orders carry the channel's key.
  if (filter?.channelId != null) {
    const id = uuidOf('Channel', filter.channelId);
    conds.push(id ? 'o.channel_id = (select c.key from channel c where c.id = ?::uuid)' : 'false');
    if (id) params.push(id);
  }
  if (filter?.channelKey != null) (conds.push('o.channel_id = ?'), params.push(filter.channelKey.trim()));
  if (filter?.onHold != null) conds.push(`${filter.onHold ? '' : 'not '}exists (select 1 from order_hold h where h.order_id = o.id and h.released_at is null)`);
  if (filter?.holdReason) (conds.push('exists (select 1 from order_hold h where h.order_id = o.id and h.released_at is null and h.reason = ?)'), params.push(filter.holdReason));
  if (filter?.baseRateMissing != null) conds.push(`o.base_rate is ${filter.baseRateMissing ? '' : 'not '}null`);
  if (filter?.placedAfter) (conds.push('o.placed_at >= ?'), params.push(filter.placedAfter));
  if (filter?.placedBefore) (conds.push('o.placed_at < ?'), params.push(filter.placedBefore));
  if (filter?.search?.trim()) {
    const term = filter.search.trim();
    const like = `%${escapeLike(term)}%`;
    // Buyer name, nickname and phone are searched only on orders whose buyer the caller may see
    // unmasked (pii.read on their channel): otherwise a search would tell a masked name.
    const pii = piiScopeSql(ctx);
    const buyer =
      pii.sql === 'false'
        ? ''
        : ` or (${pii.sql} and (o.buyer->>'name' ilike ? or o.buyer->>'nickname' ilike ? or o.buyer->>'phone' = ? or o.shipping_address->>'phone' = ?))`;
    conds.push(`(o.number = ? or o.external_id = ? or exists (select 1 from order_line l where l.order_id = o.id and l.sku = ?)${buyer})`);
    params.push(term.toUpperCase(), term, term, ...(buyer ? [...pii.params, like, like, term, term] : []));
  }
  const where = conds.join(' and ');
  const page = [...conds];
  const pageParams = [...params];
  const descending = desc !== req.backward;
  if (req.cursor) {
    const [key, id] = req.cursor;
    if (typeof key !== 'string' || typeof id !== 'string' || !/^[0-9a-f-]{36}$/.test(id)) throw badInput('The cursor is not valid for this list');
    page.push(`(${sort.expr}, o.id) ${descending ? '<' : '>'} (?${sort.cast}, ?::uuid)`);
    pageParams.push(key, id);
  }
  const dir = descending ? 'desc' : 'asc';
  const rows = req.limit === 0 ? [] : await selectRows<OrderRow & { sort_key: string }>(
    ctx.em,
    `select ${ORDER_COLUMNS}, ${sort.text} as sort_key from sales_order o where ${page.join(' and ')}
      order by ${sort.expr} ${dir}, o.id ${dir} limit ?`,
    [...pageParams, req.limit + 1],
  );
  const count = async () => (await selectRows<{ n: number }>(ctx.em, `select count(*)::int as n from sales_order o where ${where}`, params))[0].n;
  const keys = new Map<Order, string>();
  const nodes = rows.map((r) => {
    const o = Order.fromRow(r);
    keys.set(o, r.sort_key);
    return o;
  });
  return buildPage(nodes, req, (o) => [keys.get(o)!, o.dbId], count, { after: !!args.after, before: !!args.before });
}
