import type { Context } from '../context';
import { badInput } from '../common/errors';
import { minorUnits } from '../common/currency';
import { Money } from '../common/scalars';
import { selectRows } from '../common/sql';
import { P } from '../staff/permissions';
import { OrderStatsGroupBy, OrderStatsRow } from './order-stats.types';
import { orderScopeSql } from './order-scope';

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
 *
 * Only orders of channels the caller reads reports or orders of are counted (channel-limited
 * staff: those, without manual orders). Revenue is money: it is given only to callers holding
 * reports.finance on every order a row counts, and is null otherwise (as cost prices are
 * without cost.read), so the counts stay readable in the same query.
 */
export async function orderStats(ctx: Context, from: Date, to: Date, groupBy: OrderStatsGroupBy, channelKey?: string | null): Promise<OrderStatsRow[]> {
  if (!(from.getTime() < to.getTime())) throw badInput('`from` must be before `to`');
  const key = KEY_SQL[groupBy];
  const revenueFilter = groupBy === OrderStatsGroupBy.STATUS ? 'true' : `o.status <> 'CANCELLED'`;
  const scope = orderScopeSql(ctx, [P.ReportsRead, P.OrdersRead]);
  const finance = orderScopeSql(ctx, [P.ReportsFinance]);
  // Base amounts as Order.baseTotals gives them: each order's total ÷ its rate, rounded half away
  // from zero (numeric round) to the base currency's minor unit, then summed. An order converted
  // to another base currency (BASE_CURRENCY changed since) is left out like one with no rate.
  const base = ctx.config.baseCurrency;
  const baseDigits = minorUnits(base) ?? 2;
  const hasBase = `o.base_rate is not null and o.base_currency = ?`;
  const channel = channelKey == null ? { sql: 'true', params: [] as unknown[] } : { sql: 'o.channel_id = ?', params: [channelKey.trim()] };
  const rows = await selectRows<{ key: string | null; currency: string; orders: number; units: string; revenue: string; base_revenue: string; without_base: number; finance: boolean }>(
    ctx.em,
    `select ${key} as key, o.currency, count(*)::int as orders, coalesce(sum(u.units), 0)::bigint as units,
       coalesce(sum(o.total) filter (where ${revenueFilter}), 0)::numeric(16,2)::text as revenue,
       coalesce(sum(round(o.total / o.base_rate, ${baseDigits})) filter (where ${revenueFilter} and ${hasBase}), 0)::numeric(18,${baseDigits})::text as base_revenue,
       count(*) filter (where not (${hasBase}))::int as without_base,
       bool_and(${finance.sql}) as finance
     from sales_order o
     left join lateral (select sum(l.quantity) as units from order_line l where l.order_id = o.id) u on true
     where o.placed_at >= ? and o.placed_at < ? and ${scope.sql} and ${channel.sql}
     group by 1, 2
     order by 1 nulls first, 2`,
    [base, base, ...finance.params, from, to, ...scope.params, ...channel.params],
  );
  return rows.map((r) =>
    Object.assign(new OrderStatsRow(), {
      key: r.key,
      orders: r.orders,
      units: Number(r.units),
      revenue: r.finance ? Money.of(r.revenue, r.currency.trim()) : null,
      baseRevenue: r.finance ? Money.of(r.base_revenue, base) : null,
      ordersWithoutBaseRate: r.without_base,
    }),
  );
}
