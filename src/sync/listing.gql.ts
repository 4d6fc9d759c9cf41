import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLDateTime, GraphQLJSON, GraphQLJSONObject } from 'graphql-scalars';
import { UserError } from '../common/errors';
import { toGlobalId } from '../common/ids';
import { Connection, Node } from '../common/relay';
import { DecimalScalar, fixedDecimal, Money } from '../common/scalars';
import { MarketplaceErrorInfo } from './channel.gql';
import type { ListingRow } from './listing.rows';
import { SyncRun } from './sync-run.gql';

/** GraphQL shapes of listings: a catalogue variant published on a channel. */

export enum ListingStatusEnum {
  DRAFT = 'DRAFT',
  PUBLISHING = 'PUBLISHING',
  PENDING = 'PENDING',
  ACTIVE = 'ACTIVE',
  ERROR = 'ERROR',
  DELISTED = 'DELISTED',
}
registerEnumType(ListingStatusEnum, {
  name: 'ListingStatus',
  description: 'Where a listing stands on its marketplace.',
  valuesConfig: {
    DRAFT: { description: 'Saved here, never sent.' },
    PUBLISHING: { description: 'A publish job is queued or running.' },
    PENDING: {
      description:
        'Sent, and the marketplace took it to process later (Amazon listings, feeds, eBay bulk tasks): the engine polls it and sets ACTIVE (DELISTED for a delist) or ERROR with the marketplace’s issues once it has decided (see pendingAction, issues).',
    },
    ACTIVE: { description: 'On sale on the marketplace; stock and price changes are pushed.' },
    ERROR: { description: 'The marketplace refused it (see lastError); fix it and publish again.' },
    DELISTED: { description: 'Taken off sale (下架); publish again to put it back.' },
  },
});

export enum ListingActionEnum {
  LIST = 'LIST',
  UPDATE = 'UPDATE',
  REPRICE = 'REPRICE',
  RESTOCK = 'RESTOCK',
  DELIST = 'DELIST',
  DELETE = 'DELETE',
  RECATEGORISE = 'RECATEGORISE',
}
registerEnumType(ListingActionEnum, {
  name: 'ListingAction',
  description: 'What a push to the marketplace did to a listing (上新, 价格修改, 库存调整, 下架, 删除, 分类调整).',
  valuesConfig: {
    LIST: { description: 'Created on the marketplace.' },
    UPDATE: { description: 'Title, category, attributes, price and quantity sent again.' },
    REPRICE: { description: 'Price pushed.' },
    RESTOCK: { description: 'Quantity pushed.' },
    DELIST: { description: 'Taken off sale.' },
    DELETE: { description: 'Deleted from the marketplace.' },
    RECATEGORISE: { description: 'Category changed.' },
  },
});

@ObjectType({ simpleResolvers: true, description: 'One push of a listing to its marketplace.' })
export class ListingEvent {
  @Field(() => ID, { description: 'Id of the event (increasing).' })
  id!: string;

  @Field(() => ListingActionEnum, { description: 'What was pushed.' })
  action!: ListingActionEnum;

  @Field({ description: 'Whether the marketplace accepted it (for a pending one: took it to process).' })
  ok!: boolean;

  @Field({ description: 'The marketplace took it to process later; a later event of the same action says how it ended.' })
  pending!: boolean;

  @Field(() => MarketplaceErrorInfo, { nullable: true, description: "The marketplace's refusal; null when ok." })
  error!: MarketplaceErrorInfo | null;

  @Field(() => GraphQLJSON, { nullable: true, description: 'What was sent (title, price, quantity, …), for support.' })
  request!: unknown;

  @Field(() => GraphQLDateTime, { description: 'When it was pushed.' })
  at!: Date;
}

@ObjectType({ simpleResolvers: true, description: 'A marketplace attribute of a listing: a name and its value (e.g. location.state → 浙江, aspects → {"Brand": ["Acme"]}).' })
export class ListingAttribute {
  @Field({ description: "The attribute's name as the marketplace or its connector names it (e.g. location.state, numIid)." })
  name!: string;

  @Field(() => GraphQLJSON, { description: 'Its value as it was given: text, or a list or nested object.' })
  value!: unknown;
}

@ObjectType({ simpleResolvers: true, description: "A problem the marketplace reported with a listing (Amazon issues, eBay errors and warnings), as it said it." })
export class ListingIssue {
  @Field({ description: "The marketplace's code for it." })
  code!: string;

  @Field({ description: "The marketplace's message, unchanged." })
  message!: string;

  @Field({ description: 'ERROR (it refused the listing), WARNING or INFO.' })
  severity!: string;

  @Field(() => [String], { description: 'The attributes it is about, when the marketplace says; empty otherwise.' })
  attributeNames!: string[];
}

@InputType({ description: 'A marketplace attribute to set on listings: a name and its value. Names may hold dots (location.state), which an inline object could not.' })
export class ListingAttributeInput {
  @Field({ description: "The attribute's name (1-100 characters), e.g. location.state." })
  name!: string;

  @Field(() => GraphQLJSON, {
    description:
      'Its value: text (at most 2000 characters, e.g. "浙江"), or a list or nested object where the marketplace wants one (eBay aspects ["Acme"], Amazon [{ value: "Acme", language_tag: "en_US" }]): at most 6 levels deep, 100 entries per level, 10,000 characters as JSON; no nulls.',
  })
  value!: unknown;
}

@ObjectType({ implements: Node, simpleResolvers: true, description: 'A catalogue variant published on a channel: its channel title, category, price and marketplace ids.' })
export class Listing extends Node {
  dbId!: string;
  channelDbId!: string;
  variantDbId!: string;
  rawPrice!: string | null;

  @Field({ description: 'SKU of the variant (the merchant code / seller SKU on the marketplace).' })
  sku!: string;

  @Field(() => String, { nullable: true, description: "The marketplace's item / offer id; null until published." })
  itemId!: string | null;

  @Field(() => String, { nullable: true, description: "The marketplace's SKU id inside the item, when it has one." })
  skuId!: string | null;

  @Field({ description: 'Title on the channel.' })
  title!: string;

  @Field(() => String, { nullable: true, description: "The marketplace's category id; null: none set." })
  categoryId!: string | null;

  @Field(() => String, { nullable: true, description: 'BCP 47 locale its title (and description) is in, e.g. zh-CN, en-US: the channel’s where the product has a translation for it, else the catalogue’s (zh-CN); null before it is first published.' })
  locale!: string | null;

  @Field(() => String, { nullable: true, description: 'Key of the variation group it was published in (its product’s id): one marketplace item with a SKU per listing of the group; null when published alone.' })
  groupKey!: string | null;

  @Field(() => GraphQLJSONObject, { description: 'Marketplace attributes as one object of name → value as given (text, a list or an object; e.g. location.city → 杭州); attributeList has the same as a list.' })
  attributes!: Record<string, unknown>;

  @Field(() => [ListingAttribute], { description: 'Marketplace attributes as name/value pairs, by name.' })
  attributeList!: ListingAttribute[];

  @Field(() => Money, { nullable: true, description: "A fixed price on this channel; null: the channel's price rule applies (see effectivePrice)." })
  price!: Money | null;

  @Field(() => Money, { nullable: true, description: 'The sale (discount) price shown beside the regular price, in the listing currency; null: none.' })
  salePrice!: Money | null;

  @Field({ description: 'ISO 4217 currency of the listing (the channel currency).' })
  currency!: string;

  @Field(() => ListingStatusEnum, { description: 'Where it stands on the marketplace.' })
  status!: ListingStatusEnum;

  @Field(() => Int, { nullable: true, description: 'Quantity last pushed to the marketplace; null before the first push.' })
  lastPushedQuantity!: number | null;

  @Field(() => Money, { nullable: true, description: 'Price last pushed to the marketplace; null before the first push.' })
  lastPushedPrice!: Money | null;

  @Field(() => Money, { nullable: true, description: 'Sale price last pushed with it; null when none was.' })
  lastPushedSalePrice!: Money | null;

  @Field(() => ListingActionEnum, { nullable: true, description: 'The write the marketplace is still processing while the listing is PENDING (LIST, UPDATE or DELIST); null otherwise.' })
  pendingAction!: ListingActionEnum | null;

  @Field(() => [ListingIssue], { description: "The marketplace's issues with it, as its last answer listed them (errors, warnings); empty when none." })
  issues!: ListingIssue[];

  @Field(() => GraphQLDateTime, { nullable: true, description: 'When it was last pushed; null before the first push.' })
  lastPushedAt!: Date | null;

  @Field(() => MarketplaceErrorInfo, { nullable: true, description: 'Why the last push was refused; null when it was not.' })
  lastError!: MarketplaceErrorInfo | null;

  @Field(() => GraphQLDateTime, { description: 'When it was created.' })
  createdAt!: Date;

  @Field(() => GraphQLDateTime, { description: 'When it last changed.' })
  updatedAt!: Date;

  static fromRow(r: ListingRow): Listing {
    const l = new Listing();
    const currency = r.currency.trim();
    l.id = toGlobalId('Listing', r.id);
    l.dbId = r.id;
    l.channelDbId = r.channel_id;
    l.variantDbId = r.variant_id;
    l.rawPrice = r.price;
    l.sku = r.sku;
    l.itemId = r.item_id;
    l.skuId = r.sku_id;
    l.title = r.title;
    l.categoryId = r.category_id;
    l.locale = r.locale;
    l.groupKey = r.group_key;
    l.attributes = r.attributes ?? {};
    l.attributeList = Object.keys(l.attributes)
      .sort()
      .map((name) => Object.assign(new ListingAttribute(), { name, value: l.attributes[name] }));
    l.price = r.price == null ? null : Money.of(fixedDecimal(r.price), currency);
    l.salePrice = r.sale_price == null ? null : Money.of(fixedDecimal(r.sale_price), currency);
    l.lastPushedSalePrice = r.last_pushed_sale_price == null ? null : Money.of(fixedDecimal(r.last_pushed_sale_price), currency);
    l.pendingAction = r.status === 'PENDING' && r.pending_action ? (r.pending_action as ListingActionEnum) : null;
    l.issues = (r.issues ?? []).map((i) => Object.assign(new ListingIssue(), { code: i.code, message: i.message, severity: i.severity, attributeNames: i.attributeNames ?? [] }));
    l.currency = currency;
    l.status = r.status as ListingStatusEnum;
    l.lastPushedQuantity = r.last_pushed_quantity;
    l.lastPushedPrice = r.last_pushed_price == null ? null : Money.of(fixedDecimal(r.last_pushed_price), currency);
    l.lastPushedAt = r.last_pushed_at ? new Date(r.last_pushed_at) : null;
    l.lastError = r.last_error_code ? Object.assign(new MarketplaceErrorInfo(), { code: r.last_error_code, message: r.last_error_message ?? '', channelDbId: r.channel_id }) : null;
    l.createdAt = new Date(r.created_at);
    l.updatedAt = new Date(r.updated_at);
    return l;
  }
}

export const ListingConnection = Connection(Listing, 'Listing', 'listing');

@InputType({ description: 'Conditions listings must meet.' })
export class ListingFilter {
  @Field(() => ID, { nullable: true, description: 'Only listings of this channel (the Channel’s global id).' })
  channelId?: string | null;

  @Field(() => String, { nullable: true, description: 'Only listings of the channel with this key (e.g. taobao-sim), instead of channelId.' })
  channelKey?: string | null;

  @Field(() => ListingStatusEnum, { nullable: true, description: 'Only listings in this status.' })
  status?: ListingStatusEnum | null;

  @Field(() => String, { nullable: true, description: 'Only the listing(s) of this SKU (exact).' })
  sku?: string | null;
}

@InputType({ description: 'Variants to publish on a channel (上新), with what the channel should show.' })
export class PublishListingsInput {
  @Field(() => ID, { nullable: true, description: 'Channel id (the Channel’s global id); or give channelKey.' })
  channelId?: string | null;

  @Field(() => String, { nullable: true, description: 'The channel’s key (e.g. taobao-sim), instead of channelId.' })
  channelKey?: string | null;

  @Field(() => [String], { description: 'SKUs of the variants to publish (at most 500); one listing each. A SKU already on sale is updated instead.' })
  skus!: string[];

  @Field(() => String, { nullable: true, description: 'Title for every listing; default the listing’s current title, else the product title (English translation on overseas channels when there is one).' })
  title?: string | null;

  @Field(() => String, { nullable: true, description: "The marketplace's category id for every listing." })
  categoryId?: string | null;

  @Field(() => [ListingAttributeInput], {
    nullable: true,
    description: 'Marketplace attributes for every listing as name/value pairs, e.g. [{ name: "location.state", value: "浙江" }]; replaces the ones set. Not together with attributes.',
  })
  attributeList?: ListingAttributeInput[] | null;

  @Field(() => GraphQLJSONObject, {
    nullable: true,
    description: 'The same as one JSON object of name → string value (the older form, still accepted); replaces the ones set.',
    deprecationReason: 'Use attributeList: names with dots such as location.state cannot be written in an inline GraphQL object.',
  })
  attributes?: Record<string, unknown> | null;

  @Field(() => DecimalScalar, { nullable: true, description: "A fixed price in the channel currency for every listing; default the channel's price rule." })
  price?: string | null;

  @Field(() => DecimalScalar, {
    nullable: true,
    description: 'A sale (discount) price in the channel currency for every listing, below the regular price; null clears it; left out keeps the one set. Only on channels whose marketplace keeps one (SALE_PRICE_NOT_SUPPORTED otherwise).',
  })
  salePrice?: string | null;
}

@InputType({ description: "Changes to a listing; a field left out stays as it is. An ACTIVE listing's changes are pushed to the marketplace." })
export class UpdateListingInput {
  @Field(() => ID, { description: 'Listing id.' })
  id!: string;

  @Field(() => String, { nullable: true, description: 'New title.' })
  title?: string | null;

  @Field(() => String, { nullable: true, description: "New marketplace category id (分类调整); null clears it." })
  categoryId?: string | null;

  @Field(() => [ListingAttributeInput], { nullable: true, description: 'New marketplace attributes as name/value pairs (replace the ones set; [] clears them). Not together with attributes.' })
  attributeList?: ListingAttributeInput[] | null;

  @Field(() => GraphQLJSONObject, {
    nullable: true,
    description: 'The same as one JSON object of name → string value (the older form, still accepted).',
    deprecationReason: 'Use attributeList: names with dots such as location.state cannot be written in an inline GraphQL object.',
  })
  attributes?: Record<string, unknown> | null;

  @Field(() => DecimalScalar, { nullable: true, description: "New fixed price in the channel currency (价格修改); null returns to the channel's price rule." })
  price?: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'New sale (discount) price in the channel currency, below the regular price; null clears it (the push then tells the marketplace there is none).' })
  salePrice?: string | null;
}

@InputType({ description: 'Listings to act on.' })
export class ListingIdsInput {
  @Field(() => [ID], { description: 'Listing ids (at most 500).' })
  ids!: string[];
}

@ObjectType({ description: 'Result of a mutation on several listings.' })
export class ListingsPayload {
  @Field(() => [Listing], { description: 'The listings after the change, in the order asked for; empty when refused.' })
  listings!: Listing[];

  @Field(() => [SyncRun], { description: 'The sync runs that take the change to the marketplace, one per channel (follow them with syncRun or syncRunUpdated); empty when nothing is sent or the call was refused.' })
  syncRuns!: SyncRun[];

  @Field(() => [UserError], {
    description:
      'Why it was refused (NOT_FOUND, UNKNOWN_SKU, CHANNEL_NOT_ACTIVE, OPERATION_NOT_ENABLED, INVALID_VALUE, SALE_PRICE_NOT_SUPPORTED, SALE_PRICE_NOT_BELOW_PRICE, LISTING_PENDING, TOO_MANY); empty on success. One refused item refuses the whole call.',
  })
  userErrors!: UserError[];
}

@ObjectType({ description: 'Result of updateListing.' })
export class ListingPayload {
  @Field(() => Listing, { nullable: true, description: 'The listing after the change; null when refused.' })
  listing?: Listing | null;

  @Field(() => SyncRun, { nullable: true, description: 'The sync run that pushes the change to the marketplace; null when nothing is pushed (a listing not on sale keeps the change for its next publish) or the call was refused.' })
  syncRun?: SyncRun | null;

  @Field(() => [UserError], { description: 'Why it was refused (NOT_FOUND, INVALID_VALUE, SALE_PRICE_NOT_SUPPORTED, SALE_PRICE_NOT_BELOW_PRICE, CHANNEL_NOT_ACTIVE, OPERATION_NOT_ENABLED); empty on success.' })
  userErrors!: UserError[];
}

@ObjectType({ description: 'Result of deleteListings.' })
export class DeleteListingsPayload {
  @Field(() => [ID], { description: 'Ids of the listings deleted.' })
  deletedIds!: string[];

  @Field(() => [UserError], { description: 'Why it was refused (NOT_FOUND, LISTING_ON_SALE: delist it first; LISTING_PENDING: the marketplace is still processing its last write); empty on success.' })
  userErrors!: UserError[];
}
