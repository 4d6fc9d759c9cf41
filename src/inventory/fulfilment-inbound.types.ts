import { Field, Int, ObjectType } from 'type-graphql';
import { DecimalScalar } from '../common/scalars';
import { DEMAND_WINDOW_DAYS } from './replenishment.types';

/** Days of sales an inbound shipment to a marketplace's fulfilment centre is planned to cover, when not given. */
export const DEFAULT_COVER_DAYS = 28;

@ObjectType({
  simpleResolvers: true,
  description:
    "What to send of one SKU to a marketplace's fulfilment centre (an Amazon FBA inbound shipment), with the figures it was worked out from: " +
    'suggestedQuantity = ceil(averageDailySold × coverDays + safetyStock − (available + inbound)). Creating the inbound shipment with the marketplace stays with staff.',
})
export class FulfilmentInboundSuggestion {
  @Field({ description: 'SKU of the variant.' })
  sku!: string;

  @Field({ description: 'Code of the fulfilment centre (the warehouse tied to the channel).' })
  warehouseCode!: string;

  @Field(() => DecimalScalar, {
    description: `Units the marketplace shipped from the centre (SHIPMENT movements of its orders) over the last ${DEMAND_WINDOW_DAYS} days divided by ${DEMAND_WINDOW_DAYS}, rounded half up to 2 decimals for display; the calculation uses the exact value.`,
  })
  averageDailySold!: string;

  @Field(() => Int, { description: 'Units the marketplace can ship now from the centre (its last count, less the orders imported since).' })
  available!: number;

  @Field(() => Int, { description: 'Units on their way into the centre, as the marketplace last counted them.' })
  inbound!: number;

  @Field(() => Int, { description: 'Safety stock set on the centre\'s level of the SKU.' })
  safetyStock!: number;

  @Field(() => DecimalScalar, { nullable: true, description: 'Days the centre\'s stock (available + inbound) lasts at the average daily sales, 1 decimal; null without sales.' })
  daysOfCover!: string | null;

  @Field(() => Int, { description: 'Units to send (always more than 0; SKUs needing nothing are not listed).' })
  suggestedQuantity!: number;

  @Field(() => String, { nullable: true, description: 'Our own warehouse with the most units available to send; null when none has any.' })
  sourceWarehouseCode!: string | null;

  @Field(() => Int, { description: 'Units available (onHand − reserved) in that warehouse; 0 when none has any.' })
  sourceAvailable!: number;

  @Field(() => Int, { description: 'What can go now: suggestedQuantity, capped by sourceAvailable.' })
  sendableQuantity!: number;
}
