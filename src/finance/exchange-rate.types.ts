import { Field, ObjectType } from 'type-graphql';
import { GraphQLDateTime } from 'graphql-scalars';
import { Connection } from '../common/relay';
import { DecimalScalar } from '../common/scalars';
import { plainRate } from './currency-conversion';

/** A row of `exchange_rate` as the queries select it. */
export interface ExchangeRateRow {
  id: string;
  base: string;
  quote: string;
  rate: string;
  effective_at: string | Date;
  created_by: string;
  created_at: string | Date;
}

@ObjectType({ simpleResolvers: true, description: 'An exchange rate as finance entered it: 1 `base` buys `rate` `quote` from `effectiveAt` on, until a later rate of the pair takes effect.' })
export class ExchangeRate {
  dbId!: string;

  @Field({ description: 'ISO 4217 code of the currency converted from: the installation\'s base currency (BASE_CURRENCY, default CNY).' })
  base!: string;

  @Field({ description: 'ISO 4217 code of the currency converted to, e.g. USD.' })
  quote!: string;

  @Field(() => DecimalScalar, { description: 'Units of `quote` one unit of `base` buys, e.g. "0.1389" (CNY → USD); exact, up to 8 decimals.' })
  rate!: string;

  @Field(() => GraphQLDateTime, { description: 'From when the rate applies: orders placed at or after it (and before the next rate of the pair) are converted with it.' })
  effectiveAt!: Date;

  @Field({ description: 'Who entered it: a staff email or an API key.' })
  createdBy!: string;

  @Field(() => GraphQLDateTime, { description: 'When it was entered.' })
  createdAt!: Date;

  static fromRow(r: ExchangeRateRow): ExchangeRate {
    return Object.assign(new ExchangeRate(), {
      dbId: r.id,
      base: r.base,
      quote: r.quote,
      rate: plainRate(r.rate),
      effectiveAt: new Date(r.effective_at),
      createdBy: r.created_by,
      createdAt: new Date(r.created_at),
    });
  }
}

export const ExchangeRateConnection = Connection(ExchangeRate, 'ExchangeRate', 'exchange rate');
