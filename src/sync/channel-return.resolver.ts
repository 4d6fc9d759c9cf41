import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../context';
import { ConnectionArgs, toConnection } from '../common/relay';
import { Order, OrderReturn } from '../orders';
import { Allow } from '../staff/access';
import { P } from '../staff/permissions';
import { Channel } from './channel.types';
import { ChannelReturn, ChannelReturnConnection } from './channel-return.types';
import { ChannelReturnFilter } from './channel-return.inputs';
import { channelReturnsByOrder, listChannelReturns } from './channel-return.service';

/** Marketplace refunds and returns: customer service's queue of cases to take up. */
@Resolver(() => ChannelReturn)
export class ChannelReturnResolver {
  @Query(() => ChannelReturnConnection, {
    description: 'Refunds and returns as the marketplaces report them, newest change first. With linked: false, the cases customer service has not taken up yet.',
  })
  @Allow('Query.channelReturns', P.OrdersRead)
  async channelReturns(
    @Ctx() ctx: Context,
    @Args() args: ConnectionArgs,
    @Arg('filter', () => ChannelReturnFilter, { nullable: true, description: 'Conditions the cases must meet.' }) filter?: ChannelReturnFilter,
  ): Promise<object> {
    return toConnection(await listChannelReturns(ctx, args, filter));
  }

  @FieldResolver(() => Channel, { description: 'The channel it came from.' })
  async channel(@Root() r: ChannelReturn, @Ctx() ctx: Context): Promise<Channel> {
    return Channel.fromRow((await ctx.loaders.sync.channelById.load(r.channelDbId))!);
  }

  @FieldResolver(() => Order, { nullable: true, description: 'Our order it concerns; null while that order has not been pulled, and for a refund refused as beyond what its line was paid (see linkRefusal).' })
  order(@Root() r: ChannelReturn, @Ctx() ctx: Context): Promise<Order | null> | null {
    return r.orderDbId ? ctx.loaders.returns.orderById.load(r.orderDbId) : null;
  }

  @FieldResolver(() => OrderReturn, { name: 'return', nullable: true, description: 'Our return opened for it (createReturn with channelReturnId); null until then.' })
  orderReturn(@Root() r: ChannelReturn, @Ctx() ctx: Context): Promise<OrderReturn | null> | null {
    return r.returnDbId ? ctx.loaders.returns.returnById.load(r.returnDbId) : null;
  }
}

/** The marketplace's cases on an order. */
@Resolver(() => Order)
export class OrderChannelReturnsResolver {
  @FieldResolver(() => [ChannelReturn], { description: 'Refunds and returns the marketplace reports for this order, oldest first.' })
  channelReturns(@Root() o: Order, @Ctx() ctx: Context): Promise<ChannelReturn[]> {
    return channelReturnsByOrder(ctx).load(o.dbId);
  }
}
