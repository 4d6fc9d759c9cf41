import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../context';
import { uuidOf } from '../common/ids';
import { Allow } from '../staff/access';
import { P } from '../staff/permissions';
import { Channel, ChannelSetting, ChannelWarning, ConnectorInfo, Marketplace } from './channel.types';
import { ChannelConnectionTestPayload, ChannelPayload } from './channel.payloads';
import { CreateChannelInput, UpdateChannelInput } from './channel.inputs';
import {
  channelNode,
  connectorInfo,
  createChannel,
  credentialFieldsSet,
  listChannels,
  listConnectors,
  marketplacesOfChannel,
  settingsOfChannel,
  testChannelConnection,
  updateChannel,
} from './channel.service';
import { authWarnings } from './auth-warnings';
import { connectorFor } from './registry';

/** Channels: marketplace accounts, their settings and credentials. */
@Resolver(() => Channel)
export class ChannelResolver {
  @Query(() => [Channel], { description: 'Every channel the caller may see, by name (staff limited to some channels see those).' })
  @Allow('Query.channels', P.ChannelsRead)
  channels(@Ctx() ctx: Context): Promise<Channel[]> {
    return listChannels(ctx);
  }

  @Query(() => Channel, { nullable: true, description: 'One channel by id; null when there is none.' })
  @Allow('Query.channel', P.ChannelsRead)
  channel(@Ctx() ctx: Context, @Arg('id', () => ID, { description: 'Channel id.' }) id: string): Promise<Channel | null> {
    const dbId = uuidOf('Channel', id);
    return dbId ? channelNode(ctx, dbId) : Promise.resolve(null);
  }

  @Query(() => [ConnectorInfo], { description: 'The installed marketplace connectors: the channel kinds that can be created and the credentials each needs.' })
  @Allow('Query.connectors', P.ChannelsRead)
  connectors(): ConnectorInfo[] {
    return listConnectors();
  }

  @FieldResolver(() => [String], { description: 'Names of the credential fields that are set; their values are never shown.' })
  credentialFields(@Root() c: Channel, @Ctx() ctx: Context): string[] {
    return credentialFieldsSet(ctx, c);
  }

  @FieldResolver(() => [String], { description: 'Codes of the warehouses the channel sells from (its stock rule).' })
  warehouseCodes(@Root() c: Channel, @Ctx() ctx: Context): Promise<string[]> {
    return ctx.loaders.sync.warehouseCodesByKey.load(c.key);
  }

  @FieldResolver(() => [ChannelSetting], { description: "Its settings that are not secrets (eBay policy ids, a location key, a shipping template), in the order of the connector's settingsFields; empty when it has none." })
  settings(@Root() c: Channel): ChannelSetting[] {
    return settingsOfChannel(c);
  }

  @FieldResolver(() => [Marketplace], { description: 'The marketplaces it covers (Amazon US + CA + MX on one seller account and region), as its connector describes them; empty when the marketplace has none.' })
  marketplaces(@Root() c: Channel): Marketplace[] {
    return marketplacesOfChannel(c);
  }

  @FieldResolver(() => [ChannelWarning], { description: 'What staff should act on before the channel stops syncing (a refresh token expiring within 30 days, or expired); empty when nothing.' })
  warnings(@Root() c: Channel): ChannelWarning[] {
    return authWarnings(c);
  }

  @FieldResolver(() => ConnectorInfo, { nullable: true, description: 'The connector serving the channel; null when none is installed for its kind (then nothing syncs).' })
  connector(@Root() c: Channel): ConnectorInfo | null {
    const module = connectorFor(c.kind);
    return module ? connectorInfo(module) : null;
  }

  @Mutation(() => ChannelPayload, { description: 'Creates a channel: a marketplace account with its credentials (stored encrypted), the warehouses it sells from, price rule and schedule.' })
  @Allow('Mutation.createChannel', P.ChannelsManage)
  createChannel(@Ctx() ctx: Context, @Arg('input', () => CreateChannelInput, { description: 'The channel.' }) input: CreateChannelInput): Promise<ChannelPayload> {
    return createChannel(ctx, input);
  }

  @Mutation(() => ChannelPayload, { description: "Changes a channel's settings, credentials, warehouses or status (pause and resume)." })
  @Allow('Mutation.updateChannel', P.ChannelsManage)
  updateChannel(@Ctx() ctx: Context, @Arg('input', () => UpdateChannelInput, { description: 'The changes.' }) input: UpdateChannelInput): Promise<ChannelPayload> {
    return updateChannel(ctx, input);
  }

  @Mutation(() => ChannelConnectionTestPayload, { description: 'Asks the marketplace whether the stored credentials work; refused credentials set the channel AUTH_FAILED (a setup fault such as a clock off: STOPPED), working ones clear AUTH_FAILED, STOPPED and refused operations.' })
  @Allow('Mutation.testChannelConnection', P.ChannelsManage, P.ChannelsSync)
  testChannelConnection(@Ctx() ctx: Context, @Arg('id', () => ID, { description: 'Channel id.' }) id: string): Promise<ChannelConnectionTestPayload> {
    return testChannelConnection(ctx, id);
  }
}
