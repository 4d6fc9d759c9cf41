import type { Context } from '../context';
import { UserError, userError } from '../common/errors';
import { selectRows } from '../common/sql';
import { CreateWarehouseInput } from './inventory.inputs';
import { Warehouse, WarehouseKind, WarehouseRow } from './inventory.types';
import { CHANNEL_KEY, normaliseChannelKey } from './channel-availability.service';
import { WarehousePayload } from './inventory.payloads';

const CODE = /^[A-Z0-9][A-Z0-9_-]{1,31}$/;
const COUNTRY = /^[A-Z]{2}$/;
const COLUMNS = 'id, code, name, kind, country, priority, active, channel_key';

/** createWarehouse: a new place that holds stock, unique by code. */
export async function createWarehouse(ctx: Context, input: CreateWarehouseInput): Promise<WarehousePayload> {
  const errors: UserError[] = [];
  const code = input.code.trim().toUpperCase();
  const country = input.country.trim().toUpperCase();
  if (!CODE.test(code)) errors.push(userError('INVALID_CODE', 'A warehouse code is 2-32 letters, digits, - or _', 'code'));
  if (!input.name.trim()) errors.push(userError('REQUIRED', 'The name must not be empty', 'name'));
  if (!COUNTRY.test(country)) errors.push(userError('INVALID_COUNTRY', 'The country is an ISO 3166-1 alpha-2 code such as CN', 'country'));
  const channelKey = input.channelKey?.trim() ? normaliseChannelKey(input.channelKey) : null;
  if (channelKey && input.kind !== WarehouseKind.MARKETPLACE_FULFILMENT) {
    errors.push(userError('CHANNEL_NOT_FOR_KIND', 'Only a marketplace fulfilment centre (kind MARKETPLACE_FULFILMENT) belongs to a channel', 'channelKey'));
  } else if (channelKey && !CHANNEL_KEY.test(channelKey)) {
    errors.push(userError('INVALID_KEY', 'A channel key is 2-64 lower-case letters, digits, - or _ (e.g. amazon-na)', 'channelKey'));
  }
  if (!errors.length && (await selectRows(ctx.em, 'select 1 from warehouse where code = ?', [code])).length) {
    errors.push(userError('DUPLICATE_CODE', `A warehouse with code ${code} exists`, 'code'));
  }
  if (!errors.length && channelKey) {
    const [taken] = await selectRows<{ code: string }>(ctx.em, 'select code from warehouse where channel_key = ?', [channelKey]);
    if (taken) errors.push(userError('CHANNEL_HAS_FULFILMENT_WAREHOUSE', `Channel ${channelKey} has its fulfilment centre already: ${taken.code}`, 'channelKey'));
  }
  if (errors.length) return { warehouse: null, userErrors: errors };
  const [row] = await selectRows<WarehouseRow>(
    ctx.em,
    `insert into warehouse (id, code, name, kind, country, priority, channel_key) values (gen_random_uuid(), ?, ?, ?, ?, ?, ?) returning ${COLUMNS}`,
    [code, input.name.trim(), input.kind, country, input.priority ?? 100, channelKey],
  );
  return { warehouse: Warehouse.fromRow(row), userErrors: [] };
}

export async function listWarehouses(ctx: Context): Promise<Warehouse[]> {
  return (await selectRows<WarehouseRow>(ctx.em, `select ${COLUMNS} from warehouse order by priority, code`)).map(Warehouse.fromRow);
}

export async function findWarehouse(ctx: Context, code: string): Promise<Warehouse | null> {
  const [row] = await selectRows<WarehouseRow>(ctx.em, `select ${COLUMNS} from warehouse where code = ?`, [code.trim().toUpperCase()]);
  return row ? Warehouse.fromRow(row) : null;
}
