import { Field, InputType, Int } from 'type-graphql';

@InputType({ description: 'The safety stock of one SKU in one warehouse.' })
export class SetSafetyStockInput {
  @Field({ description: 'SKU of the variant (not a bundle).' })
  sku!: string;

  @Field({ description: 'Code of the warehouse.' })
  warehouseCode!: string;

  @Field(() => Int, { description: 'Units to keep back (0 or more); at or below it the level counts as low. 0 turns the low-stock warning off.' })
  safetyStock!: number;
}

@InputType({ description: 'How a variant is replenished from its supplier.' })
export class SetReplenishmentSettingInput {
  @Field({ description: 'SKU of the variant (not a bundle).' })
  sku!: string;

  @Field(() => Int, { description: 'Days from ordering to the goods arriving (0–365).' })
  leadTimeDays!: number;

  @Field(() => Int, { description: 'Days between two reviews of what to order (0–365).' })
  reviewPeriodDays!: number;

  @Field(() => String, { nullable: true, description: 'Who supplies it, as free text until suppliers arrive with purchasing; null when unknown.' })
  supplierName?: string | null;
}
