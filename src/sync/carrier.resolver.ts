import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { Context } from '../context';
import { Allow } from '../staff/access';
import { P } from '../staff/permissions';
import { Channel, ConnectorInfo } from './channel.types';
import { CarrierCodeInfo, ChannelCarrier } from './carrier.types';
import { SetChannelCarriersPayload } from './carrier.payloads';
import { SetChannelCarriersInput } from './carrier.inputs';
import { carrierRows, carrierTables, setChannelCarriers } from './carrier.service';
import { connectorFor } from './registry';

/** A channel's carrier table: read on the channel, replaced with setChannelCarriers. */
@Resolver(() => Channel)
export class ChannelCarrierResolver {
  @FieldResolver(() => [ChannelCarrier], {
    description:
      "The channel's carrier table: our carrier names → the marketplace's codes (and default services). A parcel whose carrier is neither here nor one of the connector's known codes or aliases waits (CARRIER_UNMAPPED) until it is mapped.",
  })
  async carriers(@Root() c: Channel, @Ctx() ctx: Context): Promise<ChannelCarrier[]> {
    const table = (await carrierTables(ctx.em, [c.dbId])).get(c.dbId) ?? [];
    return carrierRows(table, connectorFor(c.kind));
  }

  @Mutation(() => SetChannelCarriersPayload, { description: "Replaces a channel's carrier table; parcels that waited for a mapping (CARRIER_UNMAPPED) are sent again." })
  @Allow('Mutation.setChannelCarriers', P.ChannelsManage)
  setChannelCarriers(@Ctx() ctx: Context, @Arg('input', () => SetChannelCarriersInput, { description: 'The channel and its whole table.' }) input: SetChannelCarriersInput): Promise<SetChannelCarriersPayload> {
    return setChannelCarriers(ctx, input);
  }
}

/** The carrier codes a connector knows. */
@Resolver(() => ConnectorInfo)
export class ConnectorCarriersResolver {
  @FieldResolver(() => [CarrierCodeInfo], { description: "Carrier codes the marketplace knows, with the names that map to them by default; empty when the connector lists none (then a carrier name goes as it is unless a channel's table maps it)." })
  carrierCodes(@Root() info: ConnectorInfo): CarrierCodeInfo[] {
    const module = connectorFor(info.kinds[0]);
    return (module?.carriers?.known ?? []).map((c) => Object.assign(new CarrierCodeInfo(), { code: c.code, name: c.name, aliases: c.aliases ?? [] }));
  }

  @FieldResolver(() => Boolean, { description: "Whether the marketplace's carrier codes are a closed list (a table may only map to them); false: other codes may be mapped too." })
  carrierCodesClosed(@Root() info: ConnectorInfo): boolean {
    return connectorFor(info.kinds[0])?.carriers?.closed === true;
  }
}
