import type { Context } from '../context';
import { badInput } from '../common/errors';
import { Money } from '../common/scalars';
import { selectRows } from '../common/sql';
import { OrderStatsGroupBy, OrderStatsRow } from './order-stats.types';

/** Order statistics: orders, units and revenue per group and currency over a placed-at range. */

/** The calendar in which DAY groups are cut. */
export const STATS_TIME_ZONE = 'Asia/Shanghai';

const KEY_SQL: Record<OrderStatsGroupBy, string> = {
  [OrderStatsGroupBy.STATUS]: 'o.status',
  [OrderStatsGroupBy.CHANNEL]: 'o.channel_id',
  [OrderStatsGroupBy.DAY]: `to_char(o.placed_at at time zone '${STATS_TIME_ZONE}', 'YYYY-MM-DD')`,
};

/**
 * Orders placed in [from, to), grouped by `groupBy` and currency. Revenue is the sum of order
 * totals (before refunds); CANCELLED orders count in every grouping but add revenue only to
 * their own STATUS row.
 */
export async function orderStats(ctx: Context, from: Date, to: Date, groupBy: OrderStatsGroupBy): Promise<OrderStatsRow[]> {
  if (!(from.getTime() < to.getTime())) throw badInput('`from` must be before `to`');
  const key = KEY_SQL[groupBy];
  const revenueFilter = groupBy === OrderStatsGroupBy.STATUS ? 'true' : `o.status <> 'CANCELLED'`;
  const rows = await selectRows<{ key: string | null; currency: string; orders: number; units: number; revenue: string }>(
    ctx.em,
    `select ${key} as key, o.currency, count(*)::int as orders, coalesce(sum(u.units), 0)::int as units,
       coalesce(sum(o.total) filter (where ${revenueFilter}), 0)::numeric(16,2)::text as revenue
     from sales_order o
     left join lateral (select sum(l.quantity) as units from order_line l where l.order_id = o.id) u on true
     where o.placed_at >= ? and o.placed_at < ?
     group by 1, 2
     order by 1 nulls first, 2`,
    [from, to],
  );
  return rows.map((r) => Object.assign(new OrderStatsRow(), { key: r.key, orders: r.orders, units: r.units, revenue: Money.of(r.revenue, r.currency.trim()) }));
}
