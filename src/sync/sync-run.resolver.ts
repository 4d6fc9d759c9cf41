import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { GraphQLJSON } from 'graphql-scalars';
import type { Context } from '../context';
import { uuidOf } from '../common/ids';
import { ConnectionArgs, toConnection } from '../common/relay';
import { Allow } from '../staff/access';
import { canOnChannel } from '../staff/actor';
import { P } from '../staff/permissions';
import { Channel, Explanation } from './channel.types';
import { Listing } from './listing.types';
import { ListingDrift, SyncError, SyncRun, SyncRunConnection } from './sync-run.types';
import { RetrySyncErrorsPayload, SyncRunPayload } from './sync-run.payloads';
import { ReconcileChannelInput, RetrySyncErrorsInput, SyncChannelInput, SyncRunFilter } from './sync-run.inputs';
import { listingDrift, listSyncRuns, reconcileChannel, retrySyncErrors, syncChannel, syncRunNode } from './sync.service';
import { explanationOf, explanationOn } from './refusal.resolver';

const MAX_ERRORS = 250;

/** Sync runs: start, follow and retry syncs of a channel. */
@Resolver(() => SyncRun)
export class SyncRunResolver {
  @Query(() => SyncRun, { nullable: true, description: 'One sync run by id; null when there is none.' })
  @Allow('Query.syncRun', P.ChannelsRead)
  syncRun(@Ctx() ctx: Context, @Arg('id', () => ID, { description: 'Sync run id.' }) id: string): Promise<SyncRun | null> {
    const dbId = uuidOf('SyncRun', id);
    return dbId ? syncRunNode(ctx, dbId) : Promise.resolve(null);
  }

  @Query(() => SyncRunConnection, { description: 'Sync runs of every channel the caller may see (or of one), newest first.' })
  @Allow('Query.syncRuns', P.ChannelsRead)
  async syncRuns(
    @Ctx() ctx: Context,
    @Args() args: ConnectionArgs,
    @Arg('filter', () => SyncRunFilter, { nullable: true, description: 'Conditions the runs must meet.' }) filter?: SyncRunFilter,
  ): Promise<object> {
    return toConnection(await listSyncRuns(ctx, args, filter));
  }

  @Query(() => [ListingDrift], { description: "Open differences between a channel's listings and the marketplace, as its last reconciliation found them; newest first." })
  @Allow('Query.listingDrift', P.ChannelsRead)
  listingDrift(
    @Ctx() ctx: Context,
    @Arg('channelId', () => ID, { description: 'Channel id.' }) channelId: string,
    @Arg('first', () => Int, { nullable: true, description: 'How many (default 20, at most 250).' }) first?: number,
  ): Promise<ListingDrift[]> {
    return listingDrift(ctx, channelId, first);
  }

  @FieldResolver(() => Channel, { description: 'The channel synced.' })
  async channel(@Root() r: SyncRun, @Ctx() ctx: Context): Promise<Channel> {
    return Channel.fromRow((await ctx.loaders.sync.channelById.load(r.channelDbId))!);
  }

  @FieldResolver(() => [SyncError], { description: 'What went wrong, oldest first.' })
  async errors(
    @Root() r: SyncRun,
    @Ctx() ctx: Context,
    @Arg('first', () => Int, { defaultValue: 50, description: `How many (default 50, at most ${MAX_ERRORS}).` }) first: number,
  ): Promise<SyncError[]> {
    const limit = Math.max(0, Math.min(first, MAX_ERRORS));
    if (limit === 0) return [];
    return (await ctx.loaders.sync.errorsByRun(limit).load(r.dbId)).map(SyncError.fromRow);
  }

  @Mutation(() => SyncRunPayload, { description: 'Starts a sync of a channel now: a QUEUED run with one job per scope (LISTINGS: one per listing in DRAFT or ERROR).' })
  @Allow('Mutation.syncChannel', P.ChannelsSync)
  syncChannel(@Ctx() ctx: Context, @Arg('input', () => SyncChannelInput, { description: 'What to sync.' }) input: SyncChannelInput): Promise<SyncRunPayload> {
    return syncChannel(ctx, input);
  }

  @Mutation(() => RetrySyncErrorsPayload, { description: 'Runs again the jobs of a run or channel that failed after their last retry, and marks their errors resolved.' })
  @Allow('Mutation.retrySyncErrors', P.ChannelsSync)
  retrySyncErrors(@Ctx() ctx: Context, @Arg('input', () => RetrySyncErrorsInput, { description: 'Which jobs.' }) input: RetrySyncErrorsInput): Promise<RetrySyncErrorsPayload> {
    return retrySyncErrors(ctx, input);
  }

  @Mutation(() => SyncRunPayload, { description: "Compares a channel's listings with the marketplace now (a LISTINGS run); differences appear in listingDrift, and with fix they are pushed again." })
  @Allow('Mutation.reconcileChannel', P.ChannelsSync)
  reconcileChannel(@Ctx() ctx: Context, @Arg('input', () => ReconcileChannelInput, { description: 'Which channel, and whether to fix.' }) input: ReconcileChannelInput): Promise<SyncRunPayload> {
    return reconcileChannel(ctx, input);
  }
}

@Resolver(() => SyncError)
export class SyncErrorResolver {
  @FieldResolver(() => String, { description: 'Our code for the case, the same on every marketplace (e.g. MARKETPLACE_REFUSED, ORDER_UNREADABLE, or one the connector names).' })
  async reason(@Root() e: SyncError, @Ctx() ctx: Context): Promise<string> {
    return (await explanationOn(ctx, e.channelDbId, e.code, e.kind)).reason;
  }

  @FieldResolver(() => Explanation, { description: 'What it means and what to do, in English and Chinese, beside the marketplace’s own message.' })
  async explanation(@Root() e: SyncError, @Ctx() ctx: Context): Promise<Explanation> {
    return explanationOf(await explanationOn(ctx, e.channelDbId, e.code, e.kind));
  }

  @FieldResolver(() => GraphQLJSON, {
    nullable: true,
    description: "The raw marketplace payload of an order that could not be read (MALFORMED); null otherwise, and without pii.read on the run's channel (it holds buyer details).",
  })
  async raw(@Root() e: SyncError, @Ctx() ctx: Context): Promise<unknown> {
    if (e.rawBody == null) return null;
    const channel = await ctx.loaders.sync.channelById.load(e.channelDbId);
    return channel && canOnChannel(ctx.actor, P.PiiRead, channel.key) ? e.rawBody : null;
  }
}

@Resolver(() => ListingDrift)
export class ListingDriftResolver {
  @FieldResolver(() => Listing, { description: 'The listing that differs.' })
  async listing(@Root() d: ListingDrift, @Ctx() ctx: Context): Promise<Listing> {
    return Listing.fromRow((await ctx.loaders.sync.listingById.load(d.listingDbId))!);
  }
}
