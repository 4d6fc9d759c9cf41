import { Field, InputType, Int } from 'type-graphql';
import { SELLABLE_RULE } from './channel-availability.types';

@InputType({ description: `Where a channel sells from and how much of it: ${SELLABLE_RULE}. Replaces the channel's previous rule.` })
export class SetChannelStockRuleInput {
  @Field({ description: 'Key of the channel, e.g. taobao-main (2–64 lower-case letters, digits, - or _; upper case is lowered).' })
  channelKey!: string;

  @Field(() => [String], { description: 'Codes of the warehouses the channel sells from; empty: it sells nothing.' })
  warehouseCodes!: string[];

  @Field(() => Int, { nullable: true, description: 'Units kept back from the channel (0 or more; default 0), subtracted before the share is taken.' })
  buffer?: number | null;

  @Field(() => Int, { nullable: true, description: 'Most units the channel may sell of one SKU (0 or more); null: no cap.' })
  maxQuantity?: number | null;

  @Field(() => Int, { nullable: true, description: 'Percentage (0–100) of what is left after the buffer that the channel may sell, rounded down; null: 100.' })
  sharePercent?: number | null;
}
