import { Field, ID, InputType, Int } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { DecimalScalar } from '../common/scalars';
import { ChannelKindEnum, ChannelStatusSetting, PriceRuleModeEnum } from './channel.types';

@InputType({ description: "How a channel's price is derived from the variant's catalogue price." })
export class PriceRuleInput {
  @Field(() => PriceRuleModeEnum, { description: 'The kind of rule.' })
  mode!: PriceRuleModeEnum;

  @Field(() => DecimalScalar, { nullable: true, description: 'Percent (MARKUP_PERCENT, optional for EXCHANGE_RATE) or amount (FIXED_ADD).' })
  value?: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: "Exchange rate from the base currency to the channel currency (EXCHANGE_RATE, above 0); leave it out to use finance's current rate (exchangeRates) at each push." })
  rate?: string | null;

  @Field(() => String, { nullable: true, description: 'Raise each price to the nearest one at or above it ending in this, e.g. "0.99" (41.53 → 41.99) or "9.99" (every ten: 41.53 → 49.99); at most 4 digits before the point and 2 after.' })
  priceEnding?: string | null;
}

@InputType({ description: 'How often the sync engine pulls by itself; a field left out keeps its value (default 5 min, 30 min, 24 h); 0 turns it off.' })
export class ChannelScheduleInput {
  @Field(() => Int, { nullable: true, description: 'Minutes between order pulls (0–10080).' })
  ordersEveryMinutes?: number | null;

  @Field(() => Int, { nullable: true, description: 'Minutes between return pulls (0–10080).' })
  returnsEveryMinutes?: number | null;

  @Field(() => Int, { nullable: true, description: 'Hours between reconciliations (0–720).' })
  reconcileEveryHours?: number | null;

  @Field(() => Int, { nullable: true, description: "Minutes between reads of the marketplace's fulfilment-centre stock (0–10080)." })
  fulfilmentStockEveryMinutes?: number | null;
}

@InputType({ description: 'A setting of a channel that is not a secret, by name.' })
export class ChannelSettingInput {
  @Field({ description: "The setting's name, one of the connector's settingsFields (unknown names are refused: SETTING_UNKNOWN)." })
  name!: string;

  @Field(() => String, { nullable: true, description: 'Its value; null or "" removes it (refused for a required setting: SETTING_REQUIRED).' })
  value?: string | null;
}

@InputType({ description: 'A new channel (a marketplace account).' })
export class CreateChannelInput {
  @Field(() => ChannelKindEnum, { description: 'The marketplace; it needs an installed connector.' })
  kind!: ChannelKindEnum;

  @Field({ description: 'Name for people, unique (e.g. 淘宝旗舰店).' })
  name!: string;

  @Field(() => String, { nullable: true, description: 'Key (2–64 lower-case letters, digits, - or _); default: made from the name (or the kind) and made unique. Fixed once created.' })
  key?: string | null;

  @Field(() => String, { nullable: true, description: "The marketplace API address; default the connector's production address. https (plain http only to a simulator on this machine outside production); private, loopback, link-local and metadata addresses are refused unless MARKETPLACE_ALLOWED_HOSTS names them." })
  baseUrl?: string | null;

  @Field({ description: 'ISO 4217 currency the channel sells in, e.g. CNY, USD.' })
  currency!: string;

  @Field(() => String, { nullable: true, description: 'Marketplace / site id where the marketplace has several: the same as marketplaceIds with one id (give one or the other).' })
  marketplaceId?: string | null;

  @Field(() => [String], { nullable: true, description: "The marketplaces the channel covers (Amazon ATVPDKIKX0DER, A2EUQ1WTGCTBG2, A1AM78C64UM0Y8 on one North America account), from the connector's marketplaces (MARKETPLACE_UNKNOWN otherwise; MARKETPLACE_REQUIRED when it has a catalogue and none is given); more than one only where the connector serves several per channel (TOO_MANY_MARKETPLACES)." })
  marketplaceIds?: string[] | null;

  @Field(() => [ChannelSettingInput], { nullable: true, description: "Settings that are not secrets, by the connector's settingsFields names: unknown names are refused (SETTING_UNKNOWN), required ones must be given (SETTING_REQUIRED)." })
  settings?: ChannelSettingInput[] | null;

  @Field(() => GraphQLJSONObject, { nullable: true, description: "The account's credentials, an object of the fields the connector names (see `connectors`); the required ones must be given. Stored encrypted and never shown again." })
  credentials?: Record<string, unknown> | null;

  @Field(() => [String], { nullable: true, description: 'Codes of the warehouses the channel sells from (replaces the stock rule of its key); default: none, or the rule its key already has.' })
  warehouseCodes?: string[] | null;

  @Field(() => PriceRuleInput, { nullable: true, description: 'Price rule; default SAME.' })
  priceRule?: PriceRuleInput | null;

  @Field(() => [String], { nullable: true, description: 'Operations to perform; default every capability of the connector.' })
  enabledOps?: string[] | null;

  @Field(() => ChannelScheduleInput, { nullable: true, description: 'Pull schedule; default orders every 5 minutes, returns every 30, reconciliation every 24 hours.' })
  schedule?: ChannelScheduleInput | null;
}

@InputType({ description: 'Changes to a channel; a field left out stays as it is.' })
export class UpdateChannelInput {
  @Field(() => ID, { description: 'Channel id.' })
  id!: string;

  @Field(() => String, { nullable: true, description: 'New name (unique).' })
  name?: string | null;

  @Field(() => String, { nullable: true, description: 'New marketplace API address (same rules as on createChannel). Moving to another host needs the complete credentials again in the same update (CREDENTIALS_REQUIRED): stored ones never travel to a new host.' })
  baseUrl?: string | null;

  @Field(() => String, { nullable: true, description: 'New currency (ISO 4217); refused once the channel has listings.' })
  currency?: string | null;

  @Field(() => String, { nullable: true, description: 'New marketplace / site id, the one the channel covers (as marketplaceIds with one id); an empty string clears it.' })
  marketplaceId?: string | null;

  @Field(() => [String], { nullable: true, description: 'The marketplaces the channel covers from now on (replaces them all; same rules as on createChannel).' })
  marketplaceIds?: string[] | null;

  @Field(() => [ChannelSettingInput], { nullable: true, description: 'Settings to change: the names given take their new values (null or "" removes one), the others keep theirs.' })
  settings?: ChannelSettingInput[] | null;

  @Field(() => GraphQLJSONObject, { nullable: true, description: 'Credential fields to replace; the fields not given keep their stored values, a field given as null or "" is removed (unless required). An AUTH_FAILED channel becomes ACTIVE again.' })
  credentials?: Record<string, unknown> | null;

  @Field(() => [String], { nullable: true, description: 'Codes of the warehouses the channel sells from (replaces them all).' })
  warehouseCodes?: string[] | null;

  @Field(() => PriceRuleInput, { nullable: true, description: 'New price rule.' })
  priceRule?: PriceRuleInput | null;

  @Field(() => [String], { nullable: true, description: 'Operations to perform (a subset of the connector capabilities).' })
  enabledOps?: string[] | null;

  @Field(() => ChannelScheduleInput, { nullable: true, description: 'Schedule fields to change.' })
  schedule?: ChannelScheduleInput | null;

  @Field(() => ChannelStatusSetting, { nullable: true, description: 'ACTIVE to resume syncing (also after AUTH_FAILED), PAUSED to stop.' })
  status?: ChannelStatusSetting | null;
}
