import { Field, Int, ObjectType } from 'type-graphql';
import { GraphQLDateTime } from 'graphql-scalars';

/**
 * How the quantity a channel may sell is worked out, in this order: sum `available` (onHand −
 * reserved) over the channel's active warehouses (a bundle: per warehouse as many as its
 * scarcest component allows, then summed); subtract the buffer; take sharePercent of that,
 * rounded down; cap at maxQuantity; never below 0.
 */
export const SELLABLE_RULE =
  'sum available (onHand − reserved) over the channel\'s active warehouses (a bundle: per warehouse as many as its scarcest component allows, then summed); ' +
  'subtract the buffer; take sharePercent of that, rounded down; cap at maxQuantity; never below 0';

@ObjectType({ simpleResolvers: true, description: `Where a channel sells from and how much of it: ${SELLABLE_RULE}.` })
export class ChannelStockRule {
  @Field({ description: 'Key of the channel.' })
  channelKey!: string;

  @Field(() => [String], { description: 'Codes of the warehouses the channel sells from, by code.' })
  warehouseCodes!: string[];

  @Field(() => Int, { description: 'Units kept back from the channel, subtracted before the share is taken.' })
  buffer!: number;

  @Field(() => Int, { nullable: true, description: 'Most units the channel may sell of one SKU; null: no cap.' })
  maxQuantity!: number | null;

  @Field(() => Int, { nullable: true, description: 'Percentage of what is left after the buffer that the channel may sell, rounded down; null: 100.' })
  sharePercent!: number | null;

  @Field(() => GraphQLDateTime, { description: 'When the rule was last changed.' })
  updatedAt!: Date;
}

@ObjectType({ simpleResolvers: true, description: 'A stock quantity waiting to be pushed to a channel: the latest of the changes not yet dispatched.' })
export class StockPush {
  @Field({ description: 'SKU of the variant or bundle.' })
  sku!: string;

  @Field(() => Int, { description: 'Units the channel may sell now (the latest value; earlier ones are superseded).' })
  quantity!: number;

  @Field(() => Int, { description: 'How many undispatched changes this push collapses.' })
  changes!: number;

  @Field({ description: 'Id of the outbox row pushed; the dispatcher marks it and every earlier row of the SKU dispatched.' })
  outboxId!: string;

  @Field(() => GraphQLDateTime, { description: 'When the latest change was recorded.' })
  changedAt!: Date;
}
