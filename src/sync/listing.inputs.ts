import { Field, ID, InputType } from 'type-graphql';
import { GraphQLJSON, GraphQLJSONObject } from 'graphql-scalars';
import { DecimalScalar } from '../common/scalars';
import { ListingStatusEnum } from './listing.types';

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

  @Field(() => Boolean, {
    nullable: true,
    description:
      "true: only listings (not delisted) on channels whose marketplace lists in the channel's languages only (AliExpress) whose product has no title and description in the channel's main language yet, the copywriters' to-do list (publishing them fails with MISSING_TRANSLATION); a translation of another locale of that language counts (en-GB for en-US). false: only the others. Judged from the catalogue now: a listing leaves the list once the translation is added.",
  })
  missingTranslation?: boolean | null;
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
