import type { EntityManager } from '@mikro-orm/postgresql';
import type { ConnectorModule } from '../../connectors/sdk/types';
import type { Context } from '../context';
import { UserError, userError } from '../common/errors';
import { execute, pgArray, selectRows } from '../common/sql';
import { P } from '../staff/permissions';
import { resendHeldShipments } from '../orders';
import type { ChannelRow } from './channel.queries';
import { channelOf, requireOnChannel } from './channel.service';
import { Channel } from './channel.types';
import { CarrierMapping, codeRefusal } from './carrier';
import { ChannelCarrier } from './carrier.types';
import { SetChannelCarriersPayload } from './carrier.payloads';
import { SetChannelCarriersInput } from './carrier.inputs';
import { connectorFor } from './registry';

/**
 * A channel's carrier table (channel_carrier): kept by staff with setChannelCarriers, read by the
 * shipments job (carrier.ts resolves a parcel's carrier with it). Saving a table sends again the
 * parcels that waited for a mapping (CARRIER_UNMAPPED); the job holds again any still unmapped.
 */

/** Most rows of one table. */
export const MAX_CARRIERS = 200;

/** The tables of these channels, in the order staff gave them. */
export async function carrierTables(em: EntityManager, channelIds: string[]): Promise<Map<string, CarrierMapping[]>> {
  const out = new Map<string, CarrierMapping[]>(channelIds.map((id) => [id, []]));
  if (!channelIds.length) return out;
  const rows = await selectRows<CarrierMapping & { channel_id: string }>(
    em,
    'select channel_id, carrier, code, service from channel_carrier where channel_id = any(?::uuid[]) order by channel_id, position',
    [pgArray(channelIds)],
  );
  for (const r of rows) out.get(r.channel_id)?.push({ carrier: r.carrier, code: r.code, service: r.service });
  return out;
}

/** A table's rows as the API shows them, each with its code's name when the connector knows it. */
export function carrierRows(table: CarrierMapping[], module: Pick<ConnectorModule, 'carriers'> | undefined): ChannelCarrier[] {
  return table.map((r) =>
    Object.assign(new ChannelCarrier(), { carrier: r.carrier, code: r.code, service: r.service, codeName: module?.carriers?.known.find((c) => c.code === r.code)?.name ?? null }),
  );
}

/**
 * Parcels of a channel that wait for a carrier mapping go back to the outbox (the pump sends
 * them; the job holds again those still unmapped), and their CARRIER_UNMAPPED errors are
 * resolved. Returns how many. In the caller's transaction.
 */
export async function releaseHeldShipments(em: EntityManager, channel: Pick<ChannelRow, 'id' | 'key'>): Promise<number> {
  const released = await resendHeldShipments({ em }, channel.key);
  if (!released) return 0;
  await execute(em, `update sync_error set resolved_at = now() where channel_id = ? and code = 'CARRIER_UNMAPPED' and resolved_at is null`, [channel.id]);
  // Wakes the workers' outbox pump at commit, as a new outbox row does.
  await execute(em, `select pg_notify('sync_outbox', 'shipment_outbox')`, []);
  return released;
}

/** Replaces a channel's carrier table and sends again the parcels that waited for one. */
export async function setChannelCarriers(ctx: Context, input: SetChannelCarriersInput): Promise<SetChannelCarriersPayload> {
  const refuse = (...userErrors: UserError[]): SetChannelCarriersPayload => ({ channel: null, carriers: [], releasedShipments: 0, userErrors });
  const channel = await channelOf(ctx, input.channelId);
  if (!channel) return refuse(userError('NOT_FOUND', 'No channel has this id', 'channelId'));
  requireOnChannel(ctx, channel, P.ChannelsManage);
  if (input.carriers.length > MAX_CARRIERS) return refuse(userError('TOO_MANY', `At most ${MAX_CARRIERS} carriers per channel`, 'carriers'));
  const module = connectorFor(channel.kind);
  const errors: UserError[] = [];
  const seen = new Set<string>();
  const rows = input.carriers.map((c, i) => {
    const carrier = c.carrier.trim();
    const code = c.code.trim();
    const service = c.service?.trim() || null;
    if (!carrier || carrier.length > 100) errors.push(userError('INVALID_VALUE', 'A carrier name is 1 to 100 characters', ['carriers', i, 'carrier']));
    else if (seen.has(carrier.toLowerCase())) errors.push(userError('DUPLICATE_CARRIER', `${carrier} is mapped twice`, ['carriers', i, 'carrier']));
    seen.add(carrier.toLowerCase());
    if (!code || code.length > 64) errors.push(userError('INVALID_VALUE', 'A carrier code is 1 to 64 characters', ['carriers', i, 'code']));
    else {
      const why = codeRefusal(code, module);
      if (why) errors.push(userError('UNKNOWN_CARRIER_CODE', why, ['carriers', i, 'code']));
    }
    if (service && service.length > 100) errors.push(userError('INVALID_VALUE', 'A service is at most 100 characters', ['carriers', i, 'service']));
    return { carrier, code, service, position: i };
  });
  if (errors.length) return refuse(...errors);
  await execute(ctx.em, 'delete from channel_carrier where channel_id = ?', [channel.id]);
  if (rows.length) {
    await execute(
      ctx.em,
      `insert into channel_carrier (channel_id, carrier, code, service, position)
       select ?, x.carrier, x.code, x.service, x.position from jsonb_to_recordset(?::jsonb) as x(carrier text, code text, service text, position int)`,
      [channel.id, JSON.stringify(rows)],
    );
  }
  const releasedShipments = await releaseHeldShipments(ctx.em, channel);
  const table = (await carrierTables(ctx.em, [channel.id])).get(channel.id)!;
  return { channel: Channel.fromRow(channel), carriers: carrierRows(table, module), releasedShipments, userErrors: [] };
}
