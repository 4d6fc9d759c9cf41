import { Ctx, Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLDateTime } from 'graphql-scalars';
import type { Context } from '../context';
import { Node, Connection } from '../common/relay';
import { toGlobalId } from '../common/ids';
import { Money } from '../common/scalars';
import { UserError } from '../common/errors';
import { Order } from './order.types';
import { returnLoaders } from './returns.service';

export enum ReturnType {
  REFUND_ONLY = 'REFUND_ONLY',
  RETURN_AND_REFUND = 'RETURN_AND_REFUND',
  EXCHANGE = 'EXCHANGE',
}
registerEnumType(ReturnType, {
  name: 'ReturnType',
  description: 'What the buyer asks for.',
  valuesConfig: {
    REFUND_ONLY: { description: 'Money back without sending goods back (仅退款); may cover unshipped units.' },
    RETURN_AND_REFUND: { description: 'Goods come back, then money goes back (退货退款).' },
    EXCHANGE: { description: 'Goods come back and a replacement order ships (换货).' },
  },
});

export enum ReturnStatus {
  REQUESTED = 'REQUESTED',
  APPROVED = 'APPROVED',
  REJECTED = 'REJECTED',
  RECEIVED = 'RECEIVED',
  REFUNDED = 'REFUNDED',
  CLOSED = 'CLOSED',
}
registerEnumType(ReturnStatus, {
  name: 'ReturnStatus',
  description: 'Where a return is: REQUESTED → APPROVED | REJECTED → RECEIVED → REFUNDED → CLOSED.',
  valuesConfig: {
    REQUESTED: { description: 'Asked for, waiting for customer service.' },
    APPROVED: { description: 'Accepted; goods may be sent back (or a refund-only return refunded).' },
    REJECTED: { description: 'Refused, with a reason.' },
    RECEIVED: { description: 'Every unit came back and was inspected.' },
    REFUNDED: { description: 'Money went back to the buyer.' },
    CLOSED: { description: 'Done: an exchange whose replacement order was created.' },
  },
});

export enum ReturnCondition {
  SELLABLE = 'SELLABLE',
  DAMAGED = 'DAMAGED',
}
registerEnumType(ReturnCondition, {
  name: 'ReturnCondition',
  description: 'What the inspection found of returned units.',
  valuesConfig: {
    SELLABLE: { description: 'Back on hand, sellable again (RETURN movement).' },
    DAMAGED: { description: 'Kept as damaged stock, not sellable.' },
  },
});

export enum OrderNoteKind {
  NOTE = 'NOTE',
  COMPLAINT = 'COMPLAINT',
  DISPUTE = 'DISPUTE',
}
registerEnumType(OrderNoteKind, {
  name: 'OrderNoteKind',
  description: 'What kind of note customer service wrote.',
  valuesConfig: {
    NOTE: { description: 'A plain note.' },
    COMPLAINT: { description: 'A complaint of the buyer (投诉).' },
    DISPUTE: { description: 'A dispute (纠纷); holds the order with DISPUTE.' },
  },
});

export interface ReturnRow {
  id: string;
  number: string;
  order_id: string;
  type: ReturnType;
  status: ReturnStatus;
  reason: string;
  rejection_reason: string | null;
  refunded_amount: string;
  replacement_order_id: string | null;
  currency: string;
  created_at: string | Date;
  updated_at: string | Date;
}

export const RETURN_COLUMNS = `r.id, r.number, r.order_id, r.type, r.status, r.reason, r.rejection_reason, r.refunded_amount::text,
  r.replacement_order_id, o.currency, r.created_at, r.updated_at`;

export interface ReturnLineRow {
  id: string;
  return_id: string;
  order_line_id: string;
  sku: string;
  quantity: number;
  reason: string;
  received_sellable: number;
  received_damaged: number;
}

@ObjectType({ implements: Node, simpleResolvers: true, description: 'A line of a return: units of one order line.' })
export class ReturnLine extends Node {
  @Field(() => ID, { description: 'The order line the units come from.' })
  orderLineId!: string;

  @Field({ description: 'SKU as sold.' })
  sku!: string;

  @Field(() => Int, { description: 'Units asked back (or refunded, for REFUND_ONLY).' })
  quantity!: number;

  @Field({ description: 'Why, as the buyer said.' })
  reason!: string;

  @Field(() => Int, { description: 'Units received back sellable.' })
  receivedSellable!: number;

  @Field(() => Int, { description: 'Units received back damaged.' })
  receivedDamaged!: number;

  static fromRow(r: ReturnLineRow): ReturnLine {
    return Object.assign(new ReturnLine(), {
      id: toGlobalId('ReturnLine', r.id),
      orderLineId: toGlobalId('OrderLine', r.order_line_id),
      sku: r.sku,
      quantity: r.quantity,
      reason: r.reason,
      receivedSellable: r.received_sellable,
      receivedDamaged: r.received_damaged,
    });
  }
}

@ObjectType({ implements: Node, description: 'An after-sales case (售后): a refund, a return or an exchange of an order.' })
export class OrderReturn extends Node {
  dbId!: string;
  orderDbId!: string;
  replacementDbId!: string | null;

  @Field({ description: 'Our return number, e.g. RT-000042.' })
  number!: string;

  @Field(() => ReturnType, { description: 'What the buyer asks for.' })
  type!: ReturnType;

  @Field(() => ReturnStatus, { description: 'Where the return is.' })
  status!: ReturnStatus;

  @Field({ description: 'Why, as a whole.' })
  reason!: string;

  @Field(() => String, { nullable: true, description: 'Why it was rejected; null unless REJECTED.' })
  rejectionReason!: string | null;

  @Field(() => Money, { description: 'Refunded for this return so far, in the order currency.' })
  refundedAmount!: Money;

  @Field(() => GraphQLDateTime, { description: 'When it was requested.' })
  createdAt!: Date;

  @Field(() => GraphQLDateTime, { description: 'When it last changed.' })
  updatedAt!: Date;

  @Field(() => [ReturnLine], { description: 'The units concerned.' })
  async lines(@Ctx() ctx: Context): Promise<ReturnLine[]> {
    return (await returnLoaders(ctx).linesByReturn.load(this.dbId)).map(ReturnLine.fromRow);
  }

  @Field(() => Order, { nullable: true, description: 'The order returned from.' })
  order(@Ctx() ctx: Context): Promise<Order | null> {
    return returnLoaders(ctx).orderById.load(this.orderDbId);
  }

  @Field(() => Order, { nullable: true, description: 'For an exchange: the replacement order; null until the goods are received.' })
  replacementOrder(@Ctx() ctx: Context): Promise<Order | null> {
    return this.replacementDbId ? returnLoaders(ctx).orderById.load(this.replacementDbId) : Promise.resolve(null);
  }

  static fromRow(r: ReturnRow): OrderReturn {
    return Object.assign(new OrderReturn(), {
      id: toGlobalId('OrderReturn', r.id),
      dbId: r.id,
      orderDbId: r.order_id,
      replacementDbId: r.replacement_order_id,
      number: r.number,
      type: r.type,
      status: r.status,
      reason: r.reason,
      rejectionReason: r.rejection_reason,
      refundedAmount: Money.of(r.refunded_amount, r.currency),
      createdAt: new Date(r.created_at),
      updatedAt: new Date(r.updated_at),
    });
  }
}

export const OrderReturnConnection = Connection(OrderReturn, 'OrderReturn', 'return');

export interface NoteRow {
  id: string;
  order_id: string;
  kind: OrderNoteKind;
  text: string;
  author_label: string;
  created_at: string | Date;
}

@ObjectType({ implements: Node, simpleResolvers: true, description: 'A note, complaint or dispute customer service recorded on an order.' })
export class OrderNote extends Node {
  @Field(() => OrderNoteKind, { description: 'Note, complaint or dispute.' })
  kind!: OrderNoteKind;

  @Field({ description: 'What was written.' })
  text!: string;

  @Field({ description: 'Who wrote it (staff email or API key).' })
  author!: string;

  @Field(() => GraphQLDateTime, { description: 'When.' })
  createdAt!: Date;

  static fromRow(r: NoteRow): OrderNote {
    return Object.assign(new OrderNote(), {
      id: toGlobalId('OrderNote', r.id),
      kind: r.kind,
      text: r.text,
      author: r.author_label,
      createdAt: new Date(r.created_at),
    });
  }
}

@InputType({ description: 'A line of a new return.' })
export class ReturnLineInput {
  @Field(() => ID, { description: 'The order line.' })
  orderLineId!: string;

  @Field(() => Int, { description: 'Units (at least 1).' })
  quantity!: number;

  @Field({ defaultValue: '', description: 'Why, as the buyer said.' })
  reason!: string;
}

@InputType({ description: 'A new return, refund or exchange request.' })
export class CreateReturnInput {
  @Field(() => ID, { description: 'The order.' })
  orderId!: string;

  @Field(() => ReturnType, { description: 'What the buyer asks for.' })
  type!: ReturnType;

  @Field({ defaultValue: '', description: 'Why, as a whole (optional).' })
  reason!: string;

  @Field(() => [ReturnLineInput], { description: 'The units concerned.' })
  lines!: ReturnLineInput[];

  @Field(() => ID, { nullable: true, description: "The marketplace's refund or return this answers (channelReturns), linked to it; it must concern the same order and not be taken up yet." })
  channelReturnId?: string | null;
}

@InputType({ description: 'Units of a return line received and inspected.' })
export class ReceiveReturnLineInput {
  @Field(() => ID, { description: 'The return line.' })
  returnLineId!: string;

  @Field(() => Int, { description: 'Units received in this condition (at least 1).' })
  quantity!: number;

  @Field(() => ReturnCondition, { description: 'What the inspection found.' })
  condition!: ReturnCondition;
}

@InputType({ description: 'Goods of a return received back at the warehouse.' })
export class ReceiveReturnInput {
  @Field(() => ID, { description: 'The return.' })
  returnId!: string;

  @Field(() => [ReceiveReturnLineInput], { description: 'What came back, by line and condition.' })
  lines!: ReceiveReturnLineInput[];
}

@InputType({ description: 'A refund paid for a return.' })
export class RefundReturnInput {
  @Field(() => ID, { description: 'The return.' })
  returnId!: string;

  @Field({ description: 'Amount in the order currency, a decimal string such as "199.00"; more than 0.' })
  amount!: string;
}

@InputType({ description: 'A note on an order.' })
export class AddOrderNoteInput {
  @Field(() => ID, { description: 'The order.' })
  orderId!: string;

  @Field({ description: 'What to record (1-4000 characters).' })
  text!: string;

  @Field(() => OrderNoteKind, { defaultValue: OrderNoteKind.NOTE, description: 'Note (default), complaint or dispute.' })
  kind!: OrderNoteKind;
}

@InputType({ description: 'Conditions returns must meet.' })
export class ReturnFilter {
  @Field(() => ReturnStatus, { nullable: true, description: 'Only returns in this status.' })
  status?: ReturnStatus | null;

  @Field(() => ReturnType, { nullable: true, description: 'Only returns of this type.' })
  type?: ReturnType | null;

  @Field(() => ID, { nullable: true, description: 'Only returns of this order.' })
  orderId?: string | null;
}

@ObjectType({ description: 'Result of a mutation on a return.' })
export class ReturnPayload {
  @Field(() => OrderReturn, { nullable: true, description: 'The return after the mutation; null when refused.' })
  return?: OrderReturn | null;

  @Field(() => [UserError], { description: 'Why it was refused (NOT_FOUND, ILLEGAL_TRANSITION, RETURN_EXCEEDS_SHIPPED, REFUND_EXCEEDS_TOTAL, …); empty on success.' })
  userErrors!: UserError[];
}

@ObjectType({ description: 'Result of addOrderNote.' })
export class OrderNotePayload {
  @Field(() => OrderNote, { nullable: true, description: 'The note; null when refused.' })
  note?: OrderNote | null;

  @Field(() => [UserError], { description: 'Why it was refused; empty on success.' })
  userErrors!: UserError[];
}
