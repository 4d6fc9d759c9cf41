import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLSafeInt } from 'graphql-scalars';
import { Money } from '../common/scalars';

/** How orderStats groups the orders it counts. */
export enum OrderStatsGroupBy {
  STATUS = 'STATUS',
  CHANNEL = 'CHANNEL',
  DAY = 'DAY',
}
registerEnumType(OrderStatsGroupBy, {
  name: 'OrderStatsGroupBy',
  description: 'How orderStats groups orders.',
  valuesConfig: {
    STATUS: { description: 'By current status; CANCELLED orders form their own row, revenue included.' },
    CHANNEL: { description: 'By channel key; manual and offline orders have a null key. CANCELLED orders add no revenue.' },
    DAY: { description: 'By the calendar day they were placed in Asia/Shanghai (YYYY-MM-DD). CANCELLED orders add no revenue.' },
  },
});

@ObjectType({ simpleResolvers: true, description: 'One group of orderStats in one currency.' })
export class OrderStatsRow {
  @Field(() => String, { nullable: true, description: 'The group: a status, a channel key (null for manual and offline orders) or a day YYYY-MM-DD in Asia/Shanghai.' })
  key!: string | null;

  @Field(() => Int, { description: 'Orders placed in the range in this group and currency, cancelled ones included.' })
  orders!: number;

  // A sum over every order of a range outgrows 32 bits long before any one line does.
  @Field(() => GraphQLSafeInt, { description: 'Units on those orders (sum of line quantities), cancelled orders included; a whole number up to 2^53 − 1.' })
  units!: number;

  @Field(() => Money, {
    nullable: true,
    description:
      "Sum of the order totals in this currency before refunds; CANCELLED orders add nothing except in STATUS grouping. Null unless the caller holds reports.finance (on every channel of the row's orders).",
  })
  revenue!: Money | null;

  @Field(() => Money, {
    nullable: true,
    description:
      "The same revenue in the base currency (BASE_CURRENCY): each order's total at its order-time rate, rounded as Order.baseTotals, summed. Orders still waiting for a rate add nothing (see ordersWithoutBaseRate). Null unless the caller holds reports.finance (on every channel of the row's orders).",
  })
  baseRevenue!: Money | null;

  @Field(() => Int, { description: 'Orders of the row with no base-currency amount yet (no exchange rate was in force when they were placed): baseRevenue leaves them out.' })
  ordersWithoutBaseRate!: number;
}
