import type { Context } from '../context';
import { P } from '../staff/permissions';
import { channelReturnNode } from './channel-return.service';
import { channelNode } from './channel.service';
import { listingNode } from './listing.service';
import { syncRunNode } from './sync.service';

/** How `node(id:)` fetches sync objects, with the permission the typed queries need. */
export const SYNC_NODE_FETCHERS: Record<string, { permission: string[]; fetch(ctx: Context, id: string): Promise<object | null> }> = {
  Channel: { permission: [P.ChannelsRead], fetch: (ctx, id) => channelNode(ctx, id) },
  ChannelReturn: { permission: [P.OrdersRead], fetch: (ctx, id) => channelReturnNode(ctx, id) },
  Listing: { permission: [P.ChannelsRead], fetch: (ctx, id) => listingNode(ctx, id) },
  SyncRun: { permission: [P.ChannelsRead], fetch: (ctx, id) => syncRunNode(ctx, id) },
};
