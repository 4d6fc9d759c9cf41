import type { EntityManager } from '@mikro-orm/postgresql';
import { selectRows } from '../common/sql';
import { channelWarehouseCodes } from '../inventory';
import type { Cursor } from '../../connectors/sdk/types';
import { ChannelSchedule, ChannelStatus, OperationError, PriceRule } from './sync-vocabulary';

/** A channel row as the sync engine reads it (credentials still encrypted). */
export interface ChannelRow {
  id: string;
  key: string;
  kind: string;
  name: string;
  /** The first of `marketplace_ids` (the channel's one marketplace where it has one), or null. */
  marketplace_id: string | null;
  /** The marketplaces the channel covers (Amazon marketplace ids, eBay sites); empty where the marketplace has none. */
  marketplace_ids: string[];
  /** Settings that are not secrets, by the connector's `settingsFields` names. */
  settings: Record<string, string>;
  /** When the stored refresh token expires, when known (the warning staff see before it does). */
  refresh_token_expires_at: string | null;
  /** How many access tokens were obtained (or invalidated) for the channel: the tokens themselves live in process memory only. */
  auth_generation: string;
  currency: string;
  base_url: string;
  credentials_enc: string;
  price_rule: PriceRule;
  enabled_ops: string[];
  schedule: ChannelSchedule;
  status: ChannelStatus;
  last_error: string | null;
  /** Capabilities the marketplace refused this account, by capability (their jobs stop until staff act). */
  operation_errors: Record<string, OperationError>;
  orders_cursor: Cursor | null;
  returns_cursor: Cursor | null;
  created_at: string;
  updated_at: string;
}

export const CHANNEL_COLUMNS = `c.id, c.key, c.kind, c.name, c.marketplace_ids[1] as marketplace_id, c.marketplace_ids, c.settings,
  c.refresh_token_expires_at, c.auth_generation::text, c.currency, c.base_url, c.credentials_enc, c.price_rule,
  c.enabled_ops, c.schedule, c.status, c.last_error, c.operation_errors, c.orders_cursor, c.returns_cursor, c.created_at, c.updated_at`;

export async function loadChannel(em: EntityManager, id: string, lock = false): Promise<ChannelRow | undefined> {
  if (!UUID.test(id)) return undefined;
  const [row] = await selectRows<ChannelRow>(em, `select ${CHANNEL_COLUMNS} from channel c where c.id = ?${lock ? ' for update' : ''}`, [id]);
  return row;
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Warehouse codes each channel sells from, by channel key (inventory keeps the channels' stock rules). */
export function warehouseCodesOf(em: EntityManager, keys: string[]): Promise<Map<string, string[]>> {
  return channelWarehouseCodes({ em }, keys);
}
