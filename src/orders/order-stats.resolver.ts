import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import { GraphQLDateTime } from 'graphql-scalars';
import type { Context } from '../context';
import { Allow } from '../staff/access';
import { P } from '../staff/permissions';
import { OrderStatsGroupBy, OrderStatsRow } from './order-stats.types';
import { orderStats } from './order-stats.service';

/** Orders: order statistics. */
@Resolver()
export class OrderStatsResolver {
  @Query(() => [OrderStatsRow], {
    description:
      'Orders placed in [from, to) grouped by status, channel or day (Asia/Shanghai), one row per group and currency. ' +
      'Revenue is the sum of order totals before refunds; CANCELLED orders count in orders and units everywhere but add revenue only to their STATUS row. ' +
      "Staff limited to some channels count their channels' orders only; revenue needs reports.finance (null without it).",
  })
  @Allow('Query.orderStats', P.ReportsRead, P.OrdersRead)
  orderStats(
    @Ctx() ctx: Context,
    @Arg('from', () => GraphQLDateTime, { description: 'Start of the range (inclusive), by placed time.' }) from: Date,
    @Arg('to', () => GraphQLDateTime, { description: 'End of the range (exclusive), by placed time.' }) to: Date,
    @Arg('groupBy', () => OrderStatsGroupBy, { description: 'How to group.' }) groupBy: OrderStatsGroupBy,
    @Arg('channelKey', () => String, { nullable: true, description: "Only this channel's orders (its key, as CHANNEL rows name it); a channel the caller does not reach counts nothing." })
    channelKey?: string | null,
  ): Promise<OrderStatsRow[]> {
    return orderStats(ctx, from, to, groupBy, channelKey);
  }
}
