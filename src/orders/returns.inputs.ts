import { Field, ID, InputType, Int } from 'type-graphql';
import { ReturnStatus, ReturnType } from './order-status';
import { OrderNoteKind, ReturnCondition } from './returns.types';

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
