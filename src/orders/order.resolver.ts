import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../context';
import { Allow } from '../staff/access';
import { P } from '../staff/permissions';
import { userError } from '../common/errors';
import { toGlobalId, uuidOf } from '../common/ids';
import { ConnectionArgs, toConnection } from '../common/relay';
import { Address, Buyer } from '../common/shapes';
import { addressFor, buyerFor, buyerMessageFor } from './order-scope';
import { IntakeOutcomeEnum, Order, OrderConnection, OrderHistoryEntry, OrderLine } from './order.types';
import { ChannelOrderInput, CreateOrderInput, HoldOrderInput, OrderFilter, OrderOrder } from './order.inputs';
import { HoldReason } from './order-status';
import { listOrders } from './order.queries';
import { Channel } from '../sync/channel.types';
import { MAX_INTAKE_BATCH } from './order-intake.service';
import { cancelOrder, createOrder, holdOrder, markOrderPaid, mapOrderLineSku, orderFor, recordChannelOrder, recordChannelOrdersFor, releaseOrder } from './order.service';
import { ChannelOrderPayload, ChannelOrdersPayload, OrderPayload } from './order.payloads';

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
    const row = o.channelKey ? await ctx.loaders.sync.channelByKey.load(o.channelKey) : null;
    return row ? Channel.fromRow(row) : null;
  }

  @FieldResolver(() => ID, { nullable: true, description: "The global id of the Channel it came from (as orders(filter: { channelId }) takes it); null for manual and offline orders, and for a channel key no channel is set up under." })
  async channelId(@Root() o: Order, @Ctx() ctx: Context): Promise<string | null> {
    const row = o.channelKey ? await ctx.loaders.sync.channelByKey.load(o.channelKey) : null;
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
    return (await ctx.loaders.orders.linesByOrder.load(o.dbId)).map((l) => OrderLine.fromRow(l, o.currency));
  }

  @FieldResolver(() => [OrderHistoryEntry], { description: 'Every status change, oldest first.' })
  async history(@Root() o: Order, @Ctx() ctx: Context): Promise<OrderHistoryEntry[]> {
    return (await ctx.loaders.orders.historyByOrder.load(o.dbId)).map((h) =>
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

  @Mutation(() => OrderPayload, {
    description:
      "Cancels an order and releases its reserved stock. A paid order is refunded what will not ship (every line's rest, shipping and tax when nothing shipped; the unshipped units' share after a partial shipment); when nothing had shipped, its open refund-only returns are CLOSED as covered by that refund (coveredByCancel) and refunding them is refused (ALREADY_REFUNDED_BY_CANCEL). Other open returns stay open, their refunds capped by what the lines have left.",
  })
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
