import { Ctx, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLDateTime } from 'graphql-scalars';
import type { Context } from '../context';
import { Node, Connection } from '../common/relay';
import { toGlobalId } from '../common/ids';
import { Money } from '../common/scalars';
import { Order } from './order.types';
import { ReturnStatus, ReturnType } from './order-status';

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
  /** The order's cancel closed it, having paid back what it asked for. */
  covered_by_cancel: boolean;
}

export const RETURN_COLUMNS = `r.id, r.number, r.order_id, r.type, r.status, r.reason, r.rejection_reason, r.refunded_amount::text,
  r.replacement_order_id, o.currency, r.created_at, r.updated_at, r.covered_by_cancel`;

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

  @Field({
    description:
      "Whether the order's cancel closed it: a refund-only return still open when the order was cancelled before anything shipped is CLOSED, its money paid back by the cancel (our refund, or the marketplace's when it cancelled), and refunding it is refused (ALREADY_REFUNDED_BY_CANCEL). Returns of an order cancelled after a partial shipment stay open.",
  })
  coveredByCancel!: boolean;

  @Field(() => GraphQLDateTime, { description: 'When it was requested.' })
  createdAt!: Date;

  @Field(() => GraphQLDateTime, { description: 'When it last changed.' })
  updatedAt!: Date;

  @Field(() => [ReturnLine], { description: 'The units concerned.' })
  async lines(@Ctx() ctx: Context): Promise<ReturnLine[]> {
    return (await ctx.loaders.returns.linesByReturn.load(this.dbId)).map(ReturnLine.fromRow);
  }

  @Field(() => Order, { nullable: true, description: 'The order returned from.' })
  order(@Ctx() ctx: Context): Promise<Order | null> {
    return ctx.loaders.returns.orderById.load(this.orderDbId);
  }

  @Field(() => Order, { nullable: true, description: 'For an exchange: the replacement order; null until the goods are received.' })
  replacementOrder(@Ctx() ctx: Context): Promise<Order | null> {
    return this.replacementDbId ? ctx.loaders.returns.orderById.load(this.replacementDbId) : Promise.resolve(null);
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
      coveredByCancel: r.covered_by_cancel,
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
