import { Field, ObjectType } from 'type-graphql';
import { UserError } from '../common/errors';
import { IntakeOutcomeEnum, Order } from './order.types';

@ObjectType({ description: 'Result of a mutation on an order.' })
export class OrderPayload {
  @Field(() => Order, { nullable: true, description: 'The order after the mutation; null when refused.' })
  order?: Order | null;

  @Field(() => [UserError], { description: 'Why it was refused (ILLEGAL_TRANSITION, IDEMPOTENCY_KEY_REUSED, …); empty on success.' })
  userErrors!: UserError[];
}

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
