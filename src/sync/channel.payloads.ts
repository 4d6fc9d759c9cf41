import { Field, ObjectType } from 'type-graphql';
import { UserError } from '../common/errors';
import { Channel, MarketplaceErrorInfo } from './channel.types';

@ObjectType({ description: 'Result of createChannel or updateChannel.' })
export class ChannelPayload {
  @Field(() => Channel, { nullable: true, description: 'The channel after the change; null when refused.' })
  channel?: Channel | null;

  @Field(() => [UserError], {
    description:
      'Why it was refused (KIND_NOT_SUPPORTED, CREDENTIALS_INVALID, CREDENTIALS_REQUIRED, WAREHOUSE_NOT_FOUND, INVALID_KEY, KEY_TAKEN, NAME_TAKEN, INVALID_CURRENCY, INVALID_URL, URL_NOT_ALLOWED, INVALID_PRICE_RULE, INVALID_SCHEDULE, OPERATION_NOT_SUPPORTED, CURRENCY_LOCKED, SETTING_UNKNOWN, SETTING_REQUIRED, SETTING_INVALID, MARKETPLACE_UNKNOWN, MARKETPLACE_REQUIRED, TOO_MANY_MARKETPLACES, INVALID_VALUE, NOT_FOUND); empty on success.',
  })
  userErrors!: UserError[];
}

@ObjectType({ description: 'Result of testChannelConnection: whether the marketplace accepts the stored credentials.' })
export class ChannelConnectionTestPayload {
  @Field({ description: 'Whether the marketplace accepted the credentials.' })
  ok!: boolean;

  @Field(() => String, { nullable: true, description: 'The account (shop nick, seller id) the credentials belong to; null when not ok.' })
  account?: string | null;

  @Field(() => MarketplaceErrorInfo, { nullable: true, description: 'Why the test failed; null when ok.' })
  error?: MarketplaceErrorInfo | null;

  @Field(() => Channel, { nullable: true, description: 'The channel after the test (AUTH_FAILED when the credentials were refused, STOPPED on a setup fault such as a clock off; ACTIVE again, with its refused operations cleared, when it passed).' })
  channel?: Channel | null;

  @Field(() => [UserError], { description: 'Why the test could not be made (NOT_FOUND, KIND_NOT_SUPPORTED); empty otherwise.' })
  userErrors!: UserError[];
}
