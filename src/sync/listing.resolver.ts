import { Arg, Args, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../context';
import { ConnectionArgs, toConnection } from '../common/relay';
import { fixedDecimal, Money } from '../common/scalars';
import { Variant } from '../catalog/catalog.types';
import { Allow } from '../staff/access';
import { P } from '../staff/permissions';
import { Channel, MarketplaceErrorInfo } from './channel.types';
import { Listing, ListingActionEnum, ListingConnection, ListingEvent } from './listing.types';
import { DeleteListingsPayload, ListingPayload, ListingsPayload } from './listing.payloads';
import { ListingFilter, ListingIdsInput, PublishListingsInput, UpdateListingInput } from './listing.inputs';
import { deleteListings, delistListings, listListings, publishListings, updateListing } from './listing.service';
import { applyPriceRule, PriceRuleError, usesRateTable } from './price-rule';
import { currentRateLoader } from '../finance';

const MAX_HISTORY = 100;

/** Listings: publish, change and delist variants on channels. */
@Resolver(() => Listing)
export class ListingResolver {
  @Query(() => ListingConnection, { description: 'Listings of every channel the caller may see (or of one), by id.' })
  @Allow('Query.listings', P.ChannelsRead)
  async listings(
    @Ctx() ctx: Context,
    @Args() args: ConnectionArgs,
    @Arg('filter', () => ListingFilter, { nullable: true, description: 'Conditions the listings must meet.' }) filter?: ListingFilter,
  ): Promise<object> {
    return toConnection(await listListings(ctx, args, filter));
  }

  @FieldResolver(() => Channel, { description: 'The channel it is published on.' })
  async channel(@Root() l: Listing, @Ctx() ctx: Context): Promise<Channel> {
    return Channel.fromRow((await ctx.loaders.sync.channelById.load(l.channelDbId))!);
  }

  @FieldResolver(() => Variant, { description: 'The catalogue variant it sells.' })
  async variant(@Root() l: Listing, @Ctx() ctx: Context): Promise<Variant> {
    return Variant.fromRow((await ctx.loaders.catalog.variantById.load(l.variantDbId))!);
  }

  @FieldResolver(() => Money, {
    nullable: true,
    description: "The price it sells at: its own price, else the channel's price rule applied to the variant's catalogue price; null when the rule cannot be applied.",
  })
  async effectivePrice(@Root() l: Listing, @Ctx() ctx: Context): Promise<Money | null> {
    if (l.rawPrice != null) return Money.of(fixedDecimal(l.rawPrice), l.currency);
    const loaders = ctx.loaders.sync;
    const [variant, channel] = await Promise.all([ctx.loaders.catalog.variantById.load(l.variantDbId), loaders.channelById.load(l.channelDbId)]);
    if (!variant || !channel) return null;
    try {
      const tableRate = usesRateTable(channel.price_rule) ? await ctx.loaders.of(currentRateLoader).load(channel.currency.trim()) : null;
      return Money.of(applyPriceRule(variant.price, channel.price_rule, tableRate), l.currency);
    } catch (err) {
      if (err instanceof PriceRuleError) return null;
      throw err;
    }
  }

  @FieldResolver(() => [ListingEvent], { description: 'Pushes to the marketplace, newest first.' })
  async history(
    @Root() l: Listing,
    @Ctx() ctx: Context,
    @Arg('first', () => Int, { defaultValue: 20, description: `How many of the newest pushes (at most ${MAX_HISTORY}; default 20).` }) first: number,
  ): Promise<ListingEvent[]> {
    const limit = Math.max(0, Math.min(first, MAX_HISTORY));
    if (limit === 0) return [];
    const rows = await ctx.loaders.sync.eventsByListing(limit).load(l.dbId);
    return rows.map((r) =>
      Object.assign(new ListingEvent(), {
        id: r.id,
        action: r.action as ListingActionEnum,
        ok: r.ok,
        pending: r.ok && r.submission_id != null,
        error: r.ok ? null : Object.assign(new MarketplaceErrorInfo(), { code: r.error_code ?? 'UNKNOWN', message: r.error_message ?? '', channelDbId: l.channelDbId }),
        request: r.request,
        at: new Date(r.at),
      }),
    );
  }

  @Mutation(() => ListingsPayload, { description: 'Publishes variants on a channel (上新): a listing per SKU in PUBLISHING and a job that sends it; a SKU already on sale is updated instead.' })
  @Allow('Mutation.publishListings', P.ChannelsSync)
  publishListings(@Ctx() ctx: Context, @Arg('input', () => PublishListingsInput, { description: 'What to publish where.' }) input: PublishListingsInput): Promise<ListingsPayload> {
    return publishListings(ctx, input);
  }

  @Mutation(() => ListingPayload, { description: "Changes a listing's title, category, attributes or price (价格修改, 分类调整); a listing on sale is pushed again." })
  @Allow('Mutation.updateListing', P.ChannelsSync)
  updateListing(@Ctx() ctx: Context, @Arg('input', () => UpdateListingInput, { description: 'The changes.' }) input: UpdateListingInput): Promise<ListingPayload> {
    return updateListing(ctx, input);
  }

  @Mutation(() => ListingsPayload, { description: 'Takes listings off sale (下架): a job delists each on the marketplace; one never published is DELISTED at once.' })
  @Allow('Mutation.delistListings', P.ChannelsSync)
  delistListings(@Ctx() ctx: Context, @Arg('input', () => ListingIdsInput, { description: 'The listings.' }) input: ListingIdsInput): Promise<ListingsPayload> {
    return delistListings(ctx, input);
  }

  @Mutation(() => DeleteListingsPayload, { description: 'Deletes listings that are not on sale (删除): never published, or delisted.' })
  @Allow('Mutation.deleteListings', P.ChannelsSync)
  deleteListings(@Ctx() ctx: Context, @Arg('input', () => ListingIdsInput, { description: 'The listings.' }) input: ListingIdsInput): Promise<DeleteListingsPayload> {
    return deleteListings(ctx, input);
  }
}
