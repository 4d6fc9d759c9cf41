import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../context';
import { Allow } from '../staff/access';
import { P } from '../staff/permissions';
import { ConnectionArgs, toConnection } from '../common/relay';
import { Order } from './order.types';
import { OrderNote, OrderReturn, OrderReturnConnection } from './returns.types';
import { OrderNotePayload, ReturnPayload } from './returns.payloads';
import { AddOrderNoteInput, CreateReturnInput, ReceiveReturnInput, RefundReturnInput, ReturnFilter } from './returns.inputs';
import { approveReturn, createReturn, listReturns, receiveReturn, refundReturn, rejectReturn } from './returns.service';
import { addOrderNote } from './order-notes.service';

/** Orders: returns, refunds, exchanges, notes and complaints. */
@Resolver(() => Order)
export class ReturnsResolver {
  @Query(() => OrderReturnConnection, { description: 'After-sales cases (returns, refunds, exchanges), newest first.' })
  @Allow('Query.returns', P.OrdersRead)
  async returns(
    @Ctx() ctx: Context,
    @Args() args: ConnectionArgs,
    @Arg('filter', () => ReturnFilter, { nullable: true, description: 'Conditions the returns must meet.' }) filter?: ReturnFilter,
  ): Promise<object> {
    return toConnection(await listReturns(ctx, args, filter));
  }

  @FieldResolver(() => [OrderReturn], { name: 'returns', description: 'After-sales cases of the order, oldest first.' })
  orderReturns(@Root() o: Order, @Ctx() ctx: Context): Promise<OrderReturn[]> {
    return ctx.loaders.returns.returnsByOrder.load(o.dbId);
  }

  @FieldResolver(() => [OrderNote], { description: 'Notes, complaints and disputes recorded by customer service, oldest first.' })
  async notes(@Root() o: Order, @Ctx() ctx: Context): Promise<OrderNote[]> {
    return (await ctx.loaders.returns.notesByOrder.load(o.dbId)).map(OrderNote.fromRow);
  }

  @Mutation(() => ReturnPayload, { description: 'Opens a return, refund-only or exchange request (REQUESTED) for units of an order.' })
  @Allow('Mutation.createReturn', P.OrdersReturns)
  createReturn(@Ctx() ctx: Context, @Arg('input', () => CreateReturnInput, { description: 'The request.' }) input: CreateReturnInput): Promise<ReturnPayload> {
    return createReturn(ctx, input);
  }

  @Mutation(() => ReturnPayload, { description: 'Accepts a requested return (REQUESTED → APPROVED).' })
  @Allow('Mutation.approveReturn', P.OrdersReturns)
  approveReturn(@Ctx() ctx: Context, @Arg('id', () => ID, { description: 'Return id.' }) id: string): Promise<ReturnPayload> {
    return approveReturn(ctx, id);
  }

  @Mutation(() => ReturnPayload, { description: 'Refuses a requested return (REQUESTED → REJECTED) with a reason.' })
  @Allow('Mutation.rejectReturn', P.OrdersReturns)
  rejectReturn(
    @Ctx() ctx: Context,
    @Arg('id', () => ID, { description: 'Return id.' }) id: string,
    @Arg('reason', { description: 'Why, as told to the buyer.' }) reason: string,
  ): Promise<ReturnPayload> {
    return rejectReturn(ctx, id, reason);
  }

  @Mutation(() => ReturnPayload, { description: 'Records goods of an approved return received and inspected; sellable units go back on hand, damaged ones to damaged stock.' })
  @Allow('Mutation.receiveReturn', P.OrdersReturns, P.OrdersFulfil)
  receiveReturn(@Ctx() ctx: Context, @Arg('input', () => ReceiveReturnInput, { description: 'What came back.' }) input: ReceiveReturnInput): Promise<ReturnPayload> {
    return receiveReturn(ctx, input);
  }

  @Mutation(() => ReturnPayload, { description: "Records a refund for a return; the order's refunded amount never exceeds its total." })
  @Allow('Mutation.refundReturn', P.OrdersRefund)
  refundReturn(@Ctx() ctx: Context, @Arg('input', () => RefundReturnInput, { description: 'The refund.' }) input: RefundReturnInput): Promise<ReturnPayload> {
    return refundReturn(ctx, input);
  }

  @Mutation(() => OrderNotePayload, { description: 'Adds a note, complaint or dispute to an order; a dispute holds the order (DISPUTE).' })
  @Allow('Mutation.addOrderNote', P.OrdersWrite, P.OrdersReturns)
  addOrderNote(@Ctx() ctx: Context, @Arg('input', () => AddOrderNoteInput, { description: 'The note.' }) input: AddOrderNoteInput): Promise<OrderNotePayload> {
    return addOrderNote(ctx, input);
  }
}
