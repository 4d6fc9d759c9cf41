import { Field, ObjectType } from 'type-graphql';
import { UserError } from '../common/errors';
import { OrderNote, OrderReturn } from './returns.types';

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
