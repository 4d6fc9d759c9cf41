import { Arg, Args, Ctx, Field, FieldResolver, ID, Mutation, ObjectType, Query, Resolver, Root, registerEnumType } from 'type-graphql';
import type { Context } from '../context';
import { Allow } from '../staff/access';
import { P } from '../staff/permissions';
import { UserError, userError } from '../common/errors';
import { toGlobalId, uuidOf } from '../common/ids';
import { Connection, ConnectionArgs, toConnection } from '../common/relay';
import { Address, Buyer } from '../common/shapes';
import { addressFor, buyerFor, buyerMessageFor } from './order-scope';
import { Order, OrderHistoryEntry, OrderLine } from './order.types';
import { ChannelOrderInput, CreateOrderInput, HoldOrderInput, OrderFilter } from './order.inputs';
import { HoldReason } from './order-status';
import { listOrders, OrderOrder } from './order.queries';
import { orderLoaders } from './order.loaders';
import { Channel } from '../sync/channel.gql';
import { syncLoaders } from '../sync/sync.loaders';
import { FulfilmentResolver } from './fulfilment.resolver';
import { ReturnsResolver } from './returns.resolver';
import { OrderStatsResolver } from './order-stats.resolver';
import { OrderMergeGroupResolver, OrderMergeResolver } from './order-merge.resolver';
import { MAX_INTAKE_BATCH } from './order-intake.service';
import { cancelOrder, createOrder, holdOrder, markOrderPaid, mapOrderLineSku, orderFor, recordChannelOrder, recordChannelOrdersFor, releaseOrder } from './order.service';

export const OrderConnection = Connection(Order, 'Order', 'order');

@ObjectType({ description: 'Result of a mutation on an order.' })
export class OrderPayload {
  @Field(() => Order, { nullable: true, description: 'The order after the mutation; null when refused.' })
  order?: Order | null;

  @Field(() => [UserError], { description: 'Why it was refused (ILLEGAL_TRANSITION, IDEMPOTENCY_KEY_REUSED, …); empty on success.' })
  userErrors!: UserError[];
}

export enum IntakeOutcomeEnum {
  CREATED = 'CREATED',
  UPDATED = 'UPDATED',
  UNCHANGED = 'UNCHANGED',
}
registerEnumType(IntakeOutcomeEnum, {
  name: 'IntakeOutcome',
  description: 'What the intake did with a delivered marketplace order.',
  valuesConfig: {
    CREATED: { description: 'A new order was recorded.' },
    UPDATED: { description: 'A newer version updated the order.' },
    UNCHANGED: { description: 'The same or an older version: nothing changed.' },
  },
});

@ObjectType({ description: 'Result of recordChannelOrder.' })
export class ChannelOrderPayload {
  @Field(() => Order, { nullable: true, description: 'The order as it now stands; null when refused.' })
  order?: Order | null;

  @Field(() => IntakeOutcomeEnum, { nullable: true, description: 'What the delivery changed.' })
  outcome?: IntakeOutcomeEnum | null;

  @Field(() => [UserError], { description: 'Why it was refused; empty on success.' })
  userErrors!: UserError[];
}

@ObjectType({ description: 'Result of recordChannelOrders: one result per delivered order, in the order given.' })
export class ChannelOrdersPayload {
  @Field(() => [ChannelOrderPayload], { description: 'What became of each order, in the order they were given; one refused order does not stop the rest.' })
  results!: ChannelOrderPayload[];

  @Field(() => [UserError], { description: 'Why the whole batch was refused (BATCH_TOO_LARGE); empty otherwise.' })
  userErrors!: UserError[];
}

@Resolver(() => Order)
export class OrderResolver {
  @Query(() => OrderConnection, { description: 'Orders from every channel the caller reads orders of (staff limited to some channels: those, and no manual orders), newest first unless orderBy says otherwise.' })
  @Allow('Query.orders', P.OrdersRead)
  async orders(
    @Ctx() ctx: Context,
    @Args() args: ConnectionArgs,
    @Arg('filter', () => OrderFilter, { nullable: true, description: 'Conditions the orders must meet.' }) filter?: OrderFilter,
    @Arg('orderBy', () => OrderOrder, { nullable: true, description: 'Sort order; default newest placed first.' }) orderBy?: OrderOrder,
  ): Promise<object> {
    return toConnection(await listOrders(ctx, args, filter, orderBy));
  }

  @Query(() => Order, { nullable: true, description: "One order by id; null when there is none, FORBIDDEN when it is of a channel the caller does not read orders of (manual orders: for staff limited to some channels)." })
  @Allow('Query.order', P.OrdersRead)
  order(@Ctx() ctx: Context, @Arg('id', () => ID, { description: 'Order id.' }) id: string): Promise<Order | null> {
    const dbId = uuidOf('Order', id);
    return dbId ? orderFor(ctx, dbId) : Promise.resolve(null);
  }

  @FieldResolver(() => Channel, { nullable: true, description: 'The channel it came from; null for manual and offline orders, and for a channel key no channel is set up under.' })
  async channel(@Root() o: Order, @Ctx() ctx: Context): Promise<Channel | null> {
    const row = o.channelKey ? await syncLoaders(ctx).channelByKey.load(o.channelKey) : null;
    return row ? Channel.fromRow(row) : null;
  }

  @FieldResolver(() => ID, { nullable: true, description: "The global id of the Channel it came from (as orders(filter: { channelId }) takes it); null for manual and offline orders, and for a channel key no channel is set up under." })
  async channelId(@Root() o: Order, @Ctx() ctx: Context): Promise<string | null> {
    const row = o.channelKey ? await syncLoaders(ctx).channelByKey.load(o.channelKey) : null;
    return row ? toGlobalId('Channel', row.id) : null;
  }

  @FieldResolver(() => Buyer, { description: "Who bought; name, nickname, phone and email masked without pii.read on the order's channel." })
  buyer(@Root() o: Order, @Ctx() ctx: Context): Buyer {
    return buyerFor(ctx, o.channelKey, o.rawBuyer);
  }

  @FieldResolver(() => Address, { description: "Where it goes; recipient and street masked without pii.read on the order's channel." })
  shippingAddress(@Root() o: Order, @Ctx() ctx: Context): Address {
    return addressFor(ctx, o.channelKey, o.rawAddress);
  }

  @FieldResolver(() => String, { description: "Message from the buyer; \"****\" without pii.read on the order's channel (it often names the person)." })
  buyerMessage(@Root() o: Order, @Ctx() ctx: Context): string {
    return buyerMessageFor(ctx, o.channelKey, o.rawBuyerMessage);
  }

  @FieldResolver(() => [OrderLine], { description: 'Lines as sold.' })
  async lines(@Root() o: Order, @Ctx() ctx: Context): Promise<OrderLine[]> {
    return (await orderLoaders(ctx).linesByOrder.load(o.dbId)).map((l) => OrderLine.fromRow(l, o.currency));
  }

  @FieldResolver(() => [OrderHistoryEntry], { description: 'Every status change, oldest first.' })
  async history(@Root() o: Order, @Ctx() ctx: Context): Promise<OrderHistoryEntry[]> {
    return (await orderLoaders(ctx).historyByOrder.load(o.dbId)).map((h) =>
      Object.assign(new OrderHistoryEntry(), { from: h.from_status, to: h.to_status, by: h.actor_label, source: h.source, note: h.note, at: new Date(h.at) }),
    );
  }

  @Mutation(() => OrderPayload, { description: 'A manual, offline or wholesale order: PAID with stock reserved, or PENDING_PAYMENT when paymentPending.' })
  @Allow('Mutation.createOrder', P.OrdersWrite)
  createOrder(@Ctx() ctx: Context, @Arg('input', () => CreateOrderInput, { description: 'The order.' }) input: CreateOrderInput): Promise<OrderPayload> {
    return createOrder(ctx, input);
  }

  @Mutation(() => ChannelOrderPayload, { description: 'The intake of marketplace orders: idempotent by (channel, external id), never moved backwards by an older version.' })
  @Allow('Mutation.recordChannelOrder', P.ChannelsSync)
  async recordChannelOrder(@Ctx() ctx: Context, @Arg('input', () => ChannelOrderInput, { description: 'The order as delivered.' }) input: ChannelOrderInput): Promise<ChannelOrderPayload> {
    const r = await recordChannelOrder(ctx, input);
    return { order: r.order, outcome: r.outcome as IntakeOutcomeEnum | null, userErrors: r.userErrors };
  }

  @Mutation(() => ChannelOrdersPayload, {
    description: `The intake of a page of marketplace orders at once (at most ${MAX_INTAKE_BATCH}), each as recordChannelOrder would record it, in one transaction and a fixed number of statements.`,
  })
  @Allow('Mutation.recordChannelOrders', P.ChannelsSync)
  async recordChannelOrders(
    @Ctx() ctx: Context,
    @Arg('inputs', () => [ChannelOrderInput], { description: 'The orders as delivered.' }) inputs: ChannelOrderInput[],
  ): Promise<ChannelOrdersPayload> {
    if (inputs.length > MAX_INTAKE_BATCH) {
      return { results: [], userErrors: [userError('BATCH_TOO_LARGE', `At most ${MAX_INTAKE_BATCH} orders per call; ${inputs.length} were given`, 'inputs')] };
    }
    const results = await recordChannelOrdersFor(ctx, inputs);
    return { results: results.map((r) => ({ order: r.order, outcome: r.outcome as IntakeOutcomeEnum | null, userErrors: r.userErrors })), userErrors: [] };
  }

  @Mutation(() => OrderPayload, { description: 'Cancels an order and releases its reserved stock.' })
  @Allow('Mutation.cancelOrder', P.OrdersWrite)
  cancelOrder(
    @Ctx() ctx: Context,
    @Arg('id', () => ID, { description: 'Order id.' }) id: string,
    @Arg('reason', { description: 'Why (kept in the history).' }) reason: string,
  ): Promise<OrderPayload> {
    return cancelOrder(ctx, id, reason);
  }

  @Mutation(() => OrderPayload, { description: 'Marks a pending order paid; its stock is reserved.' })
  @Allow('Mutation.markOrderPaid', P.OrdersWrite)
  markOrderPaid(@Ctx() ctx: Context, @Arg('id', () => ID, { description: 'Order id.' }) id: string): Promise<OrderPayload> {
    return markOrderPaid(ctx, id);
  }

  @Mutation(() => OrderPayload, { description: 'Holds an order back from fulfilment.' })
  @Allow('Mutation.holdOrder', P.OrdersWrite)
  holdOrder(@Ctx() ctx: Context, @Arg('input', () => HoldOrderInput, { description: 'The hold.' }) input: HoldOrderInput): Promise<OrderPayload> {
    return holdOrder(ctx, input);
  }

  @Mutation(() => OrderPayload, { description: 'Clears a hold (all but UNMAPPED_SKU when no reason is given); a paid order then tries to reserve again.' })
  @Allow('Mutation.releaseOrder', P.OrdersWrite)
  releaseOrder(
    @Ctx() ctx: Context,
    @Arg('id', () => ID, { description: 'Order id.' }) id: string,
    @Arg('reason', () => HoldReason, { nullable: true, description: 'The hold to clear.' }) reason?: HoldReason,
  ): Promise<OrderPayload> {
    return releaseOrder(ctx, id, reason);
  }

  @Mutation(() => OrderPayload, { description: 'Maps a line with an unknown SKU to a catalogue SKU; the last mapping releases the UNMAPPED_SKU hold.' })
  @Allow('Mutation.mapOrderLineSku', P.OrdersWrite)
  mapOrderLineSku(
    @Ctx() ctx: Context,
    @Arg('orderLineId', () => ID, { description: 'Order line id.' }) orderLineId: string,
    @Arg('sku', { description: 'Catalogue SKU.' }) sku: string,
  ): Promise<OrderPayload> {
    return mapOrderLineSku(ctx, orderLineId, sku);
  }
}

/** Every resolver of the orders feature. */
export const ORDER_RESOLVERS = [OrderResolver, FulfilmentResolver, ReturnsResolver, OrderStatsResolver, OrderMergeResolver, OrderMergeGroupResolver];

