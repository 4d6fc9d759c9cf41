import { Field, InputType } from 'type-graphql';
import { GraphQLDateTime } from 'graphql-scalars';

@InputType({ description: 'A new exchange rate: 1 `base` buys `rate` `quote` from `effectiveAt` on.' })
export class SetExchangeRateInput {
  @Field(() => String, { nullable: true, description: "ISO 4217 code converted from; the installation's base currency (BASE_CURRENCY, default CNY), which is also the default." })
  base?: string | null;

  @Field({ description: 'ISO 4217 code converted to, e.g. USD; not the base currency itself.' })
  quote!: string;

  @Field({ description: 'Units of `quote` one unit of `base` buys, as a decimal string above 0 and at most 1,000,000,000 with at most 8 decimals, e.g. "0.1389".' })
  rate!: string;

  @Field(() => GraphQLDateTime, { nullable: true, description: 'From when it applies; default now. A past time fills in orders placed since then that still wait for a rate; orders converted already keep their rate.' })
  effectiveAt?: Date | null;
}

@InputType({ description: 'Which exchange rates to list.' })
export class ExchangeRateFilter {
  @Field(() => String, { nullable: true, description: 'Only rates from this currency (ISO 4217).' })
  base?: string | null;

  @Field(() => String, { nullable: true, description: 'Only rates to this currency (ISO 4217).' })
  quote?: string | null;
}
