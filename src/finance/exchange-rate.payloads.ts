import { Field, Int, ObjectType } from 'type-graphql';
import { UserError } from '../common/errors';
import { ExchangeRate } from './exchange-rate.types';

@ObjectType({ description: 'Result of setExchangeRate.' })
export class SetExchangeRatePayload {
  @Field(() => ExchangeRate, { nullable: true, description: 'The rate as saved; null when refused.' })
  exchangeRate!: ExchangeRate | null;

  @Field(() => Int, { description: 'Orders in the quote currency that waited for a rate (baseRateMissing) and took one now, in the same transaction.' })
  ordersRated!: number;

  @Field(() => [UserError], { description: 'Why it was refused (INVALID_CURRENCY, NOT_BASE_CURRENCY, SAME_CURRENCY, INVALID_RATE, RATE_EXISTS); empty on success.' })
  userErrors!: UserError[];
}
