import { Field, Int, ObjectType } from 'type-graphql';
import { GraphQLDateTime } from 'graphql-scalars';
import { DecimalScalar } from '../common/scalars';

/** Lead time assumed for a variant without a replenishment setting. */
export const DEFAULT_LEAD_TIME_DAYS = 7;
/** Review period assumed for a variant without a replenishment setting. */
export const DEFAULT_REVIEW_PERIOD_DAYS = 7;
/** Days of shipments the average daily demand is taken over. */
export const DEMAND_WINDOW_DAYS = 30;

@ObjectType({ simpleResolvers: true, description: 'How a variant is replenished from its supplier.' })
export class ReplenishmentSetting {
  @Field({ description: 'SKU of the variant.' })
  sku!: string;

  @Field(() => Int, { description: 'Days from ordering to the goods arriving.' })
  leadTimeDays!: number;

  @Field(() => Int, { description: 'Days between two reviews of what to order.' })
  reviewPeriodDays!: number;

  @Field(() => String, { nullable: true, description: 'Who supplies it; null when unknown.' })
  supplierName!: string | null;

  @Field(() => GraphQLDateTime, { description: 'When the setting was last changed.' })
  updatedAt!: Date;
}

@ObjectType({
  simpleResolvers: true,
  description:
    'What to order of one SKU, with the figures it was worked out from: ' +
    'suggestedQuantity = ceil(averageDailyShipped × (leadTimeDays + reviewPeriodDays) + safetyStock − (available + incoming)).',
})
export class ReplenishmentSuggestion {
  @Field({ description: 'SKU of the variant.' })
  sku!: string;

  @Field(() => DecimalScalar, { description: `Units shipped (SHIPMENT movements) over the last ${DEMAND_WINDOW_DAYS} days divided by ${DEMAND_WINDOW_DAYS}, rounded half up to 2 decimals for display; the calculation uses the exact value.` })
  averageDailyShipped!: string;

  @Field(() => Int, { description: `Supplier lead time in days (${DEFAULT_LEAD_TIME_DAYS} when the SKU has no replenishment setting).` })
  leadTimeDays!: number;

  @Field(() => Int, { description: `Review period in days (${DEFAULT_REVIEW_PERIOD_DAYS} when the SKU has no replenishment setting).` })
  reviewPeriodDays!: number;

  @Field({ description: 'Whether lead time and review period are the defaults because the SKU has no replenishment setting.' })
  usesDefaults!: boolean;

  @Field(() => String, { nullable: true, description: 'Supplier named in the replenishment setting; null when none.' })
  supplierName!: string | null;

  @Field(() => Int, { description: 'Safety stock, summed over the warehouses considered.' })
  safetyStock!: number;

  @Field(() => Int, { description: 'onHand − reserved, summed over the warehouses considered.' })
  available!: number;

  @Field(() => Int, { description: 'Units on purchase orders or in transit, summed over the warehouses considered.' })
  incoming!: number;

  @Field(() => Int, { description: 'Units to order (always more than 0; SKUs needing nothing are not listed).' })
  suggestedQuantity!: number;
}
