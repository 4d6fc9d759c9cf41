import { Arg, Ctx, ID, Resolver, Root, Subscription } from 'type-graphql';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Context } from '../context';
import { forbidden, unauthenticated } from '../common/errors';
import { selectRows } from '../common/sql';
import { uuidOf } from '../common/ids';
import { canOnChannel } from '../staff/actor';
import { P } from '../staff/permissions';
import { RUN_COLUMNS, RunRow } from './sync-run.store';
import { SyncRun } from './sync-run.gql';
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

@Resolver()
export class SyncRunSubscriptionResolver {
  @Subscription(() => SyncRun, {
    description:
      'A sync run each time it changes (status, counts, finish), over graphql-ws at /graphql (token in the connection_init payload as `authorization`). Give `runId` for one run, `channelId` for a channel\'s runs, or neither for every run you may read. Needs channels.read (on the channel, for channel-scoped staff).',
    subscribe: async ({ args, context }) => {
      const ctx = context as Context;
      if (!ctx.actor) throw unauthenticated(ctx.authError);
      if (!ctx.actor.permissions.has(P.ChannelsRead)) throw forbidden('This needs the permission channels.read');
      if (!ctx.runNotifications) throw new Error('sync run notifications are not available in this process');
      const filter: Filter = {
        runId: args.runId ? uuidOf('SyncRun', args.runId as string) ?? '-' : undefined,
        channelId: args.channelId ? uuidOf('Channel', args.channelId as string) ?? '-' : undefined,
      };
      return ctx.runNotifications.iterate((n: RunNotice) => (!filter.runId || n.id === filter.runId) && (!filter.channelId || n.channelId === filter.channelId));
    },
  })
  async syncRunUpdated(
    @Root() notice: RunNotice,
    @Ctx() ctx: Context,
    @Arg('runId', () => ID, { nullable: true, description: 'Only this run.' }) _runId?: string,
    @Arg('channelId', () => ID, { nullable: true, description: "Only this channel's runs." }) _channelId?: string,
  ): Promise<SyncRun | null> {
    const row = await loadRun(ctx.em.fork() as EntityManager, notice.id);
    // A run the caller may not read (another channel's, for channel-scoped staff) is sent as null.
    if (!row || !canOnChannel(ctx.actor, P.ChannelsRead, row.channel_key)) return null;
    return SyncRun.fromRow(row);
  }
}
