import { Field, Int, ObjectType } from 'type-graphql';
import { UserError } from '../common/errors';
import { ChannelStockRule } from './channel-availability.types';

@ObjectType({ description: 'Result of setChannelStockRule.' })
export class ChannelStockRulePayload {
  @Field(() => ChannelStockRule, { nullable: true, description: 'The rule now in force; null when refused.' })
  channelStockRule?: ChannelStockRule | null;

  @Field(() => Int, { description: 'Stock pushes queued for the channel because its sellable quantity of a SKU changed with the rule.' })
  queuedPushes!: number;

  @Field(() => [UserError], { description: 'Why it was refused (INVALID_KEY, UNKNOWN_WAREHOUSE, NEGATIVE_QUANTITY, INVALID_VALUE); empty on success.' })
  userErrors!: UserError[];
}
