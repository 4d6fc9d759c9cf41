import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLDateTime, GraphQLJSON, GraphQLJSONObject } from 'graphql-scalars';
import { toGlobalId } from '../common/ids';
import { Connection, Node } from '../common/relay';
import { fixedDecimal, Money } from '../common/scalars';
import { MarketplaceErrorInfo } from './channel.types';
import type { MarketPrice } from '../../connectors/sdk/types';
import type { ListingRow } from './listing.queries';

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

@ObjectType({ simpleResolvers: true, description: "A listing's price on one marketplace of its channel (an eBay site, an Amazon marketplace), in that marketplace's currency, as last pushed there." })
export class ListingMarketPrice {
  @Field({ description: 'The marketplace (site) id, e.g. EBAY_DE.' })
  marketplaceId!: string;

  @Field(() => Money, { description: "The price last pushed on that marketplace, in its currency (converted from the channel's where it differs)." })
  price!: Money;

  @Field(() => Money, { nullable: true, description: 'The sale price pushed with it, in the same currency; null: none.' })
  salePrice!: Money | null;

  static of(m: MarketPrice): ListingMarketPrice {
    const currency = m.currency.trim();
    return Object.assign(new ListingMarketPrice(), {
      marketplaceId: m.marketplaceId,
      price: Money.of(fixedDecimal(m.price), currency),
      salePrice: m.salePrice == null ? null : Money.of(fixedDecimal(m.salePrice), currency),
    });
  }
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

  @Field(() => [ListingMarketPrice], {
    nullable: true,
    description:
      "Prices last pushed per marketplace on a channel covering several (eBay sites, Amazon marketplaces), each in its marketplace's currency, in the channel's marketplace order; a marketplace it could not be priced on (no exchange rate yet) is absent. Null when the price went to one marketplace only (a single-marketplace channel: lastPushedPrice is that price) and before the first push.",
  })
  marketPrices!: ListingMarketPrice[] | null;

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
    // One marketplace's price is the listing's own (lastPushedPrice): the list tells something only with several.
    l.marketPrices = r.last_pushed_markets && r.last_pushed_markets.length > 1 ? r.last_pushed_markets.map(ListingMarketPrice.of) : null;
    l.lastPushedAt = r.last_pushed_at ? new Date(r.last_pushed_at) : null;
    l.lastError = r.last_error_code ? Object.assign(new MarketplaceErrorInfo(), { code: r.last_error_code, message: r.last_error_message ?? '', channelDbId: r.channel_id }) : null;
    l.createdAt = new Date(r.created_at);
    l.updatedAt = new Date(r.updated_at);
    return l;
  }
}

export const ListingConnection = Connection(Listing, 'Listing', 'listing');
