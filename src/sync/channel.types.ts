import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLDateTime } from 'graphql-scalars';
import { toGlobalId } from '../common/ids';
import { Node } from '../common/relay';
import { DecimalScalar } from '../common/scalars';
import type { ChannelRow } from './channel.queries';
import { DEFAULT_SCHEDULE } from './sync-vocabulary';
import { CHANNEL_KIND_DESCRIPTIONS, CHANNEL_KIND_VALUES } from './registry';

/** GraphQL shapes of channels: a marketplace account (one shop) the product sells through. */

/**
 * The channel kinds: one value per kind an installed connector serves (src/sync/registry.ts fills
 * the object before the schema is built), so the schema says which marketplaces are installed.
 */
export const ChannelKindEnum = CHANNEL_KIND_VALUES;
export type ChannelKindEnum = string;
registerEnumType(ChannelKindEnum, {
  name: 'ChannelKind',
  description: 'The marketplace a channel sells on: one value per installed connector kind (built-in connectors are the folders of `connectors/`; more come from the CONNECTORS setting).',
  valuesConfig: CHANNEL_KIND_DESCRIPTIONS,
});

export enum ChannelStatusEnum {
  ACTIVE = 'ACTIVE',
  PAUSED = 'PAUSED',
  AUTH_FAILED = 'AUTH_FAILED',
  STOPPED = 'STOPPED',
}
registerEnumType(ChannelStatusEnum, {
  name: 'ChannelStatus',
  description: 'Whether the sync engine works on a channel.',
  valuesConfig: {
    ACTIVE: { description: 'Listings, stock and prices go out and orders come in.' },
    PAUSED: { description: 'Stopped by staff: nothing is pushed or pulled until it is set ACTIVE again.' },
    AUTH_FAILED: { description: 'The marketplace refused the credentials: stopped until they are replaced (updateChannel) or a connection test succeeds.' },
    STOPPED: { description: 'Stopped by a setup fault no retry or new token fixes (e.g. this server\'s clock is off, the app key is wrong; lastError names it): until a connection test succeeds, new credentials are saved or staff set it ACTIVE.' },
  },
});

export enum ChannelStatusSetting {
  ACTIVE = 'ACTIVE',
  PAUSED = 'PAUSED',
}
registerEnumType(ChannelStatusSetting, {
  name: 'ChannelStatusSetting',
  description: 'The statuses staff may set on a channel (AUTH_FAILED and STOPPED are set by the sync engine only).',
  valuesConfig: {
    ACTIVE: { description: 'Resume syncing (also clears AUTH_FAILED, STOPPED and operation errors).' },
    PAUSED: { description: 'Stop syncing until set ACTIVE again.' },
  },
});

export enum PriceRuleModeEnum {
  SAME = 'SAME',
  MARKUP_PERCENT = 'MARKUP_PERCENT',
  FIXED_ADD = 'FIXED_ADD',
  EXCHANGE_RATE = 'EXCHANGE_RATE',
}
registerEnumType(PriceRuleModeEnum, {
  name: 'PriceRuleMode',
  description: "How a channel's price is derived from the variant's catalogue price (in the base currency, BASE_CURRENCY); results are rounded half-up to cents, then up to the rule's priceEnding when it has one.",
  valuesConfig: {
    SAME: { description: 'The catalogue price as it is.' },
    MARKUP_PERCENT: { description: 'The catalogue price plus `value` percent.' },
    FIXED_ADD: { description: 'The catalogue price plus the amount `value`.' },
    EXCHANGE_RATE: { description: "The catalogue price times `rate` (base currency → channel currency), or without a `rate` times finance's current rate to the channel's currency (exchangeRates; a listing fails with EXCHANGE_RATE_MISSING while there is none), then plus `value` percent when one is given." },
  },
});

@ObjectType({ simpleResolvers: true, description: "How a channel's price is derived from the variant's catalogue price." })
export class PriceRule {
  @Field(() => PriceRuleModeEnum, { description: 'The kind of rule.' })
  mode!: PriceRuleModeEnum;

  @Field(() => DecimalScalar, { nullable: true, description: 'Percent (MARKUP_PERCENT, EXCHANGE_RATE) or amount (FIXED_ADD); null when the mode takes none.' })
  value!: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: "Exchange rate from the base currency to the channel currency (EXCHANGE_RATE only); null: finance's current rate (exchangeRates)." })
  rate!: string | null;

  @Field(() => String, { nullable: true, description: 'The ending prices are raised to, e.g. "0.99" (41.53 → 41.99) or "9.99" (41.53 → 49.99); null: none.' })
  priceEnding!: string | null;
}

@ObjectType({ simpleResolvers: true, description: 'How often the sync engine pulls from a channel by itself; 0 turns a schedule off.' })
export class ChannelSchedule {
  @Field(() => Int, { description: 'Minutes between order pulls (0: only when asked with syncChannel).' })
  ordersEveryMinutes!: number;

  @Field(() => Int, { description: 'Minutes between return and refund pulls (0: only when asked).' })
  returnsEveryMinutes!: number;

  @Field(() => Int, { description: 'Hours between reconciliations of listings with the marketplace (0: only when asked).' })
  reconcileEveryHours!: number;

  @Field(() => Int, { description: "Minutes between reads of the stock the marketplace keeps in its own fulfilment centre (Amazon FBA), for a channel with a warehouse tied to it (0: only when asked)." })
  fulfilmentStockEveryMinutes!: number;
}

@ObjectType({ simpleResolvers: true, description: "A field of a connector's credentials." })
export class CredentialField {
  @Field({ description: 'Name of the field in the `credentials` object, e.g. appKey.' })
  name!: string;

  @Field({ description: 'What the field holds and where to find it.' })
  description!: string;

  @Field({ description: 'Whether a channel cannot be created without it.' })
  required!: boolean;

  @Field({ description: 'Whether it is a secret (never shown again once saved; no credential value ever is).' })
  secret!: boolean;
}

@ObjectType({ simpleResolvers: true, description: "A setting of a connector's channels that is not a secret." })
export class ConnectorSettingField {
  @Field({ description: 'Name of the setting, e.g. fulfillmentPolicyId.' })
  name!: string;

  @Field({ description: 'What it holds and where to find it.' })
  description!: string;

  @Field({ description: 'Whether a channel cannot sync without it.' })
  required!: boolean;
}

@ObjectType({ simpleResolvers: true, description: 'An installed marketplace connector: what it needs and what it can do.' })
export class ConnectorInfo {
  @Field(() => [ChannelKindEnum], { description: 'Channel kinds it serves.' })
  kinds!: ChannelKindEnum[];

  @Field({ description: 'Name of the marketplace API, for people.' })
  label!: string;

  @Field({ description: "The marketplace's production API address, the default baseUrl of a new channel." })
  defaultBaseUrl!: string;

  @Field(() => [String], { description: 'Operations it supports (listings.publish, listings.update, listings.delist, stock.push, price.push, orders.pull, orders.get, shipments.push, returns.pull).' })
  capabilities!: string[];

  @Field(() => [CredentialField], { description: 'The fields of the `credentials` object of its channels.' })
  credentialFields!: CredentialField[];

  @Field(() => [ConnectorSettingField], { description: 'Settings of its channels that are not secrets (policy ids, marketplaces served), apart from the credentials; empty when it takes none.' })
  settingsFields!: ConnectorSettingField[];

  @Field({ description: 'Whether one channel may cover several marketplaces of one seller account and region (Amazon US + CA + MX); false: one marketplace per channel.' })
  severalMarketplacesPerChannel!: boolean;

  @Field(() => [Marketplace], { description: "The marketplaces its channels may cover (a channel's marketplaceIds are among them); empty when the marketplace has no such ids (Taobao)." })
  marketplaces!: Marketplace[];

  @Field({ description: 'Whether it takes the marketplace’s push messages at POST /notifications/<channel key> (they make the engine pull the orders they name at once).' })
  receivesNotifications!: boolean;

  @Field({ description: 'Where it is installed from: a folder of connectors/ (built in) or a package or path the CONNECTORS setting names.' })
  source!: string;
}

@ObjectType({ simpleResolvers: true, description: 'An operation the marketplace refused this channel (e.g. HTTP 403, TOP insufficient permissions): its jobs stop until the permission is granted, while the other operations go on.' })
export class ChannelOperationError {
  @Field({ description: 'The operation (capability), e.g. returns.pull.' })
  operation!: string;

  @Field({ description: "The marketplace's code, e.g. TOP 11:isv.permission-api-package-limit or HTTP_403." })
  code!: string;

  @Field({ description: "The marketplace's message, unchanged (it may be Chinese)." })
  message!: string;

  @Field(() => GraphQLDateTime, { description: 'When the marketplace refused it.' })
  since!: Date;
}

@ObjectType({ simpleResolvers: true, description: 'A marketplace a connector serves and a channel may cover (Amazon.com, Amazon.ca; eBay US).' })
export class Marketplace {
  @Field({ description: "The marketplace's own id, e.g. Amazon ATVPDKIKX0DER, eBay EBAY_US." })
  id!: string;

  @Field({ description: 'Name for people, e.g. Amazon.com (US).' })
  label!: string;

  @Field({ description: 'ISO 4217 currency it sells in.' })
  currency!: string;

  @Field(() => String, { nullable: true, description: "Its language and region as the marketplace writes it, e.g. en_US; on a channel, the one the channel lists in there (a channel setting may choose another of the marketplace's languages, e.g. fr_CA on Amazon.ca). Null when the connector does not describe the marketplace." })
  locale!: string | null;
}

@ObjectType({ simpleResolvers: true, description: 'A setting of a channel that is not a secret (an eBay policy id, a merchant location key, an AliExpress shipping template).' })
export class ChannelSetting {
  @Field({ description: "The setting's name, one of the connector's settingsFields." })
  name!: string;

  @Field({ description: 'Its value.' })
  value!: string;
}

export enum ChannelWarningCode {
  REFRESH_TOKEN_EXPIRING = 'REFRESH_TOKEN_EXPIRING',
  REFRESH_TOKEN_EXPIRED = 'REFRESH_TOKEN_EXPIRED',
}
registerEnumType(ChannelWarningCode, {
  name: 'ChannelWarningCode',
  description: 'What a channel warns of before it stops syncing.',
  valuesConfig: {
    REFRESH_TOKEN_EXPIRING: { description: 'The refresh token expires soon (within 30 days; eBay’s last about 18 months): authorise the app again and give the new credentials with updateChannel before then.' },
    REFRESH_TOKEN_EXPIRED: { description: 'The refresh token has expired: the channel cannot obtain access tokens until the app is authorised again (updateChannel with new credentials).' },
  },
});

@ObjectType({ simpleResolvers: true, description: 'Something staff should act on before the channel stops syncing.' })
export class ChannelWarning {
  @Field(() => ChannelWarningCode, { description: 'What it is about.' })
  code!: ChannelWarningCode;

  @Field({ description: 'What it means and what to do, for people.' })
  message!: string;

  @Field(() => GraphQLDateTime, { description: 'When it happens or happened (for a refresh token: when it expires).' })
  at!: Date;
}

@ObjectType({ implements: Node, simpleResolvers: true, description: 'A sales channel: one marketplace account (shop) that listings, stock and prices go out to and orders come in from.' })
export class Channel extends Node {
  dbId!: string;
  /** The stored, encrypted credentials (never a field). */
  credentialsEnc!: string;
  /** The marketplaces it covers, by id (ChannelResolver.marketplaces describes them). */
  marketplaceIds!: string[];
  /** Its settings as stored (ChannelResolver.settings lists them). */
  rawSettings!: Record<string, string>;
  /** When its refresh token expires, when known (ChannelResolver.warnings). */
  refreshTokenExpiresAt!: Date | null;

  @Field({ description: 'Short unique key of the channel (e.g. taobao-main): what orders carry as channelKey and stock rules are keyed by.' })
  key!: string;

  @Field(() => ChannelKindEnum, { description: 'The marketplace.' })
  kind!: ChannelKindEnum;

  @Field({ description: 'Name for people, unique (case-insensitive).' })
  name!: string;

  @Field(() => String, { nullable: true, description: 'The first of the marketplaces it covers (see marketplaces): its one marketplace / site id where it has one (Amazon marketplaceId, eBay site); null when it has none.' })
  marketplaceId!: string | null;

  @Field({ description: 'ISO 4217 currency the channel sells in.' })
  currency!: string;

  @Field({ description: "Address of the marketplace's API this channel calls (production, a sandbox or a simulator)." })
  baseUrl!: string;

  @Field(() => PriceRule, { description: 'How listing prices are derived from catalogue prices when a listing has no price of its own.' })
  priceRule!: PriceRule;

  @Field(() => [String], { description: 'Operations the sync engine performs on this channel (a subset of the connector capabilities).' })
  enabledOps!: string[];

  @Field(() => ChannelSchedule, { description: 'How often orders and returns are pulled and listings reconciled by themselves.' })
  schedule!: ChannelSchedule;

  @Field(() => ChannelStatusEnum, { description: 'Whether the sync engine works on it.' })
  status!: ChannelStatusEnum;

  @Field(() => String, { nullable: true, description: 'The last error the sync engine met on this channel as a whole (e.g. why it is AUTH_FAILED); null when none.' })
  lastError!: string | null;

  @Field(() => [ChannelOperationError], { description: 'Operations the marketplace refused this channel, stopped until staff act (testChannelConnection, new credentials, or updateChannel with status ACTIVE or enabledOps clears them); empty when none.' })
  operationErrors!: ChannelOperationError[];

  @Field(() => GraphQLDateTime, { description: 'When it was created.' })
  createdAt!: Date;

  @Field(() => GraphQLDateTime, { description: 'When its settings last changed.' })
  updatedAt!: Date;

  static fromRow(r: ChannelRow): Channel {
    const c = new Channel();
    c.id = toGlobalId('Channel', r.id);
    c.dbId = r.id;
    c.credentialsEnc = r.credentials_enc;
    c.marketplaceIds = r.marketplace_ids ?? [];
    c.rawSettings = r.settings ?? {};
    c.refreshTokenExpiresAt = r.refresh_token_expires_at ? new Date(r.refresh_token_expires_at) : null;
    c.key = r.key;
    c.kind = r.kind as ChannelKindEnum;
    c.name = r.name;
    c.marketplaceId = r.marketplace_id;
    c.currency = r.currency.trim();
    c.baseUrl = r.base_url;
    c.priceRule = Object.assign(new PriceRule(), { mode: r.price_rule.mode, value: r.price_rule.value ?? null, rate: r.price_rule.rate ?? null, priceEnding: r.price_rule.priceEnding ?? null });
    c.enabledOps = r.enabled_ops;
    c.schedule = Object.assign(new ChannelSchedule(), { ...DEFAULT_SCHEDULE, ...r.schedule });
    c.status = r.status as ChannelStatusEnum;
    c.lastError = r.last_error;
    c.operationErrors = Object.entries(r.operation_errors ?? {})
      .map(([operation, e]) => Object.assign(new ChannelOperationError(), { operation, code: e.code, message: e.message, since: new Date(e.at) }))
      .sort((a, b) => a.operation.localeCompare(b.operation));
    c.createdAt = new Date(r.created_at);
    c.updatedAt = new Date(r.updated_at);
    return c;
  }
}

@ObjectType({ simpleResolvers: true, description: 'An error as the marketplace (or the connector) reported it, with what it means (reason, explanation).' })
export class MarketplaceErrorInfo {
  /** The channel it happened on (its kind's connector explains the code); not a field. */
  channelDbId?: string;
  /** The error class, when known (RETRYABLE, PERMANENT, ...); not a field. */
  errorKind?: string | null;

  @Field({ description: "The marketplace's code, e.g. TOP isv.invalid-parameter, or ours (CREDENTIALS_UNREADABLE)." })
  code!: string;

  @Field({ description: "The marketplace's message, unchanged (it may be Chinese)." })
  message!: string;
}

/** A refusal's meaning for staff, in English and Chinese. */
@ObjectType({ simpleResolvers: true, description: 'What an error means for staff, in English and in Chinese.' })
export class Explanation {
  @Field({ description: 'In English.' })
  en!: string;

  @Field({ description: 'In Chinese (简体中文).' })
  zh!: string;
}
