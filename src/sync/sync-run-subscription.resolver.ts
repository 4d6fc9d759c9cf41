import { Arg, Ctx, ID, Resolver, Root, Subscription } from 'type-graphql';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Context } from '../context';
import { forbidden, notFound, unauthenticated } from '../common/errors';
import { selectRows } from '../common/sql';
import { uuidOf } from '../common/ids';
import { canOnChannel } from '../staff/actor';
import { channelReach } from '../staff/channel-scope';
import { P } from '../staff/permissions';
import { loadChannel } from './channel.queries';
import { requireOnChannel } from './channel.service';
import { RUN_COLUMNS, RunRow } from './sync-run.service';
import { SyncRun } from './sync-run.types';
import type { RunNotice } from './run-notifications';

/**
 * `syncRunUpdated`: a sync run as it changes, over graphql-ws. Changes come from PostgreSQL
 * (NOTIFY at commit, by whichever worker process made them), so a subscriber sees committed
 * progress only. Narrowed to one run or one channel, or every run the caller may read.
 */

interface Filter {
  runId?: string;
  channelId?: string;
}

/** The row behind a notice, with its channel's key for the permission check. */
async function loadRun(em: EntityManager, id: string): Promise<(RunRow & { channel_key: string }) | undefined> {
  const [row] = await selectRows<RunRow & { channel_key: string }>(em, `select ${RUN_COLUMNS}, c.key as channel_key from sync_run r join channel c on c.id = r.channel_id where r.id = ?`, [id]);
  return row;
}

/**
 * Which notices a caller may receive, judged by the run's channel with the caller as they are at
 * that notice (permissions may change during a subscription): staff reading every channel get
 * every run, channel-limited staff their channels' runs. Each channel's key is looked up once
 * (it never changes). Runs of other channels are never sent, not even as null.
 */
function readableChannels(ctx: Context): (n: RunNotice) => boolean | Promise<boolean> {
  const keys = new Map<string, string | null | Promise<string | null>>();
  const judge = (key: string | null) => key !== null && canOnChannel(ctx.actor, P.ChannelsRead, key);
  return (n) => {
    if (channelReach(ctx.actor, [P.ChannelsRead]) === null) return true;
    let key = keys.get(n.channelId);
    if (key === undefined) {
      key = loadChannel(ctx.em.fork() as EntityManager, n.channelId).then(
        (c) => (keys.set(n.channelId, c?.key ?? null), c?.key ?? null),
        () => (keys.delete(n.channelId), null),
      );
      keys.set(n.channelId, key);
    }
    return typeof key === 'string' || key === null ? judge(key) : key.then(judge);
  };
}

@Resolver()
export class SyncRunSubscriptionResolver {
  @Subscription(() => SyncRun, {
    description:
      'A sync run each time it changes (status, counts, finish), over graphql-ws at /graphql (token in the connection_init payload as `authorization`). Give `runId` for one run, `channelId` for a channel\'s runs, or neither for every run you may read. Needs channels.read; staff limited to some channels get their channels\' runs only, and asking for another channel or its run is FORBIDDEN.',
    subscribe: async ({ args, context }) => {
      const ctx = context as Context;
      if (!ctx.actor) throw unauthenticated(ctx.authError);
      if (!ctx.actor.permissions.has(P.ChannelsRead)) throw forbidden('This needs the permission channels.read');
      if (!ctx.runNotifications) throw new Error('sync run notifications are not available in this process');
      const filter: Filter = {
        runId: args.runId ? uuidOf('SyncRun', args.runId as string) ?? '-' : undefined,
        channelId: args.channelId ? uuidOf('Channel', args.channelId as string) ?? '-' : undefined,
      };
      // Asking for one run or one channel the caller may not read is refused, as syncRun and
      // syncRuns refuse it; otherwise other channels' runs are filtered out before they are sent.
      const em = ctx.em.fork() as EntityManager;
      if (filter.runId && filter.runId !== '-') {
        const run = await loadRun(em, filter.runId);
        if (run) requireOnChannel(ctx, { key: run.channel_key }, P.ChannelsRead);
      }
      if (filter.channelId && filter.channelId !== '-') {
        const channel = await loadChannel(em, filter.channelId);
        if (channel) requireOnChannel(ctx, channel, P.ChannelsRead);
      }
      const readable = readableChannels(ctx);
      return ctx.runNotifications.iterate((n: RunNotice) =>
        (!filter.runId || n.id === filter.runId) && (!filter.channelId || n.channelId === filter.channelId) ? readable(n) : false,
      );
    },
  })
  async syncRunUpdated(
    @Root() notice: RunNotice,
    @Ctx() ctx: Context,
    @Arg('runId', () => ID, { nullable: true, description: 'Only this run.' }) _runId?: string,
    @Arg('channelId', () => ID, { nullable: true, description: "Only this channel's runs." }) _channelId?: string,
  ): Promise<SyncRun> {
    const row = await loadRun(ctx.em.fork() as EntityManager, notice.id);
    if (!row) throw notFound('The sync run');
    // Filtered out before it gets here (readableChannels); checked again all the same.
    if (!canOnChannel(ctx.actor, P.ChannelsRead, row.channel_key)) throw forbidden('You may not read runs of that channel');
    return SyncRun.fromRow(row);
  }
}
