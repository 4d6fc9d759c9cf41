import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../context';
import { Allow } from '../staff/access';
import { P } from '../staff/permissions';
import { Order } from './order.types';
import { MergeCandidate, OrderMergeGroup } from './order-merge.types';
import { MergeOrdersPayload, ShipMergedOrdersPayload, UnmergeOrdersPayload } from './order-merge.payloads';
import { MergeOrdersInput, ShipMergedOrdersInput } from './order-merge.inputs';
import { mergeableOrders, mergeLoaders, mergeOrders, shipMergedOrders, unmergeOrders } from './order-merge.service';

/** Orders: merged shipping (合单). */
@Resolver(() => Order)
export class OrderMergeResolver {
  @FieldResolver(() => OrderMergeGroup, { nullable: true, description: 'The merge group it ships with (合单); null when it ships on its own.' })
  mergeGroup(@Root() o: Order, @Ctx() ctx: Context): Promise<OrderMergeGroup | null> {
    return mergeLoaders(ctx).groupByOrder.load(o.dbId);
  }

  @Query(() => [MergeCandidate], { description: 'Orders that could be merged now (合单建议): same channel, buyer and shipping address, PAID or PARTIALLY_SHIPPED, not held, in no group; oldest waiting first.' })
  @Allow('Query.mergeableOrders', P.OrdersRead)
  mergeableOrders(
    @Ctx() ctx: Context,
    @Arg('first', () => Int, { defaultValue: 50, description: 'Most sets to return, 1-250 (default 50).' }) first: number,
  ): Promise<MergeCandidate[]> {
    return mergeableOrders(ctx, first);
  }

  @Mutation(() => MergeOrdersPayload, { description: 'Merges orders of one buyer to one address in one channel to ship as one parcel; each stays its own order.' })
  @Allow('Mutation.mergeOrders', P.OrdersWrite, P.OrdersFulfil)
  mergeOrders(@Ctx() ctx: Context, @Arg('input', () => MergeOrdersInput, { description: 'The orders.' }) input: MergeOrdersInput): Promise<MergeOrdersPayload> {
    return mergeOrders(ctx, input);
  }

  @Mutation(() => UnmergeOrdersPayload, { description: 'Dissolves a merge group that has not shipped; its orders ship on their own again.' })
  @Allow('Mutation.unmergeOrders', P.OrdersWrite, P.OrdersFulfil)
  unmergeOrders(@Ctx() ctx: Context, @Arg('groupId', () => ID, { description: 'Merge group id.' }) groupId: string): Promise<UnmergeOrdersPayload> {
    return unmergeOrders(ctx, groupId);
  }

  @Mutation(() => ShipMergedOrdersPayload, { description: 'Ships every unshipped unit of every order in a merge group as one parcel: one shipment per order, one tracking number; all or nothing.' })
  @Allow('Mutation.shipMergedOrders', P.OrdersFulfil)
  shipMergedOrders(@Ctx() ctx: Context, @Arg('input', () => ShipMergedOrdersInput, { description: 'The parcel.' }) input: ShipMergedOrdersInput): Promise<ShipMergedOrdersPayload> {
    return shipMergedOrders(ctx, input);
  }
}

/** The orders of a merge group. */
@Resolver(() => OrderMergeGroup)
export class OrderMergeGroupResolver {
  @FieldResolver(() => [Order], { description: 'The orders in the group, oldest placed first.' })
  orders(@Root() g: OrderMergeGroup, @Ctx() ctx: Context): Promise<Order[]> {
    return mergeLoaders(ctx).ordersByGroup.load(g.dbId);
  }
}
