import DataLoader from 'dataloader';
import type { Context } from '../context';
import { UserError, userError } from '../common/errors';
import { fromGlobalId } from '../common/ids';
import { execute, inList, pgArray, rowPerKey, selectRows } from '../common/sql';
import { StockLevel } from './inventory.types';
import { StockLevelPayload } from './inventory.payloads';
import { resolveTarget, warehousesByCode } from './inventory-refs.queries';
import { lockLevel } from './stock-ledger';
import { stockLevelNode } from './stock.service';
import { CreateWarehouseBinsInput, CreateWarehouseZoneInput, SetDefaultBinInput } from './transfer.inputs';
import { WarehouseBin, WarehouseZone } from './transfer.types';
import { WarehouseBinsPayload, WarehouseZonePayload } from './transfer.payloads';

/**
 * Zones (仓库区域规划) and bins (堆码排列) of a warehouse, and the default bin of a variant in a
 * warehouse (stock_level.default_bin_id). Codes are unique per warehouse and stored upper-case.
 */

const CODE = /^[A-Z0-9][A-Z0-9._-]{0,31}$/;
/** Most bins one createWarehouseBins call creates. */
const MAX_BINS = 1000;

function normalise(code: string): string {
  return code.trim().toUpperCase();
}

interface ZoneRow {
  id: string;
  code: string;
  name: string;
  warehouse_code: string;
}

interface BinRow {
  code: string;
  zone_code: string | null;
  warehouse_code: string;
}

const zoneOf = (r: ZoneRow) => Object.assign(new WarehouseZone(), { warehouseCode: r.warehouse_code, code: r.code, name: r.name });
const binOf = (r: BinRow) => Object.assign(new WarehouseBin(), { warehouseCode: r.warehouse_code, zoneCode: r.zone_code, code: r.code });

/** createWarehouseZone: a named area of a warehouse. */
export async function createWarehouseZone(ctx: Context, input: CreateWarehouseZoneInput): Promise<WarehouseZonePayload> {
  const errors: UserError[] = [];
  const code = normalise(input.code);
  const name = input.name.trim();
  if (!CODE.test(code)) errors.push(userError('INVALID_CODE', 'A zone code is 1-32 letters, digits, ., - or _', 'code'));
  if (!name) errors.push(userError('REQUIRED', 'The name must not be empty', 'name'));
  const warehouse = (await warehousesByCode(ctx, [normalise(input.warehouseCode)])).get(normalise(input.warehouseCode));
  if (!warehouse) errors.push(userError('UNKNOWN_WAREHOUSE', `No warehouse has code ${input.warehouseCode}`, 'warehouseCode'));
  if (errors.length) return { zone: null, userErrors: errors };
  // on conflict: a concurrent creation of the same code is refused as a duplicate, not a fault.
  const [row] = await selectRows<Omit<ZoneRow, 'warehouse_code'>>(
    ctx.em,
    `insert into warehouse_zone (id, warehouse_id, code, name) values (gen_random_uuid(), ?, ?, ?)
     on conflict (warehouse_id, code) do nothing returning id, code, name`,
    [warehouse!.id, code, name],
  );
  if (!row) return { zone: null, userErrors: [userError('DUPLICATE_CODE', `Warehouse ${warehouse!.code} has a zone ${code} already`, 'code')] };
  return { zone: zoneOf({ ...row, warehouse_code: warehouse!.code }), userErrors: [] };
}

/** createWarehouseBins: storage locations of a warehouse, all or none. */
export async function createWarehouseBins(ctx: Context, input: CreateWarehouseBinsInput): Promise<WarehouseBinsPayload> {
  const errors: UserError[] = [];
  const codes = input.binCodes.map(normalise);
  if (codes.length === 0) errors.push(userError('REQUIRED', 'Give at least one bin code', 'binCodes'));
  if (codes.length > MAX_BINS) errors.push(userError('TOO_MANY', `At most ${MAX_BINS} bins at a time`, 'binCodes'));
  const seen = new Set<string>();
  codes.forEach((c, i) => {
    if (!CODE.test(c)) errors.push(userError('INVALID_CODE', 'A bin code is 1-32 letters, digits, ., - or _', ['binCodes', i]));
    else if (seen.has(c)) errors.push(userError('DUPLICATE_CODE', `${c} is given twice`, ['binCodes', i]));
    seen.add(c);
  });
  const warehouse = (await warehousesByCode(ctx, [normalise(input.warehouseCode)])).get(normalise(input.warehouseCode));
  if (!warehouse) errors.push(userError('UNKNOWN_WAREHOUSE', `No warehouse has code ${input.warehouseCode}`, 'warehouseCode'));
  let zone: { id: string; code: string } | undefined;
  if (warehouse && input.zoneCode != null) {
    [zone] = await selectRows<{ id: string; code: string }>(ctx.em, 'select id, code from warehouse_zone where warehouse_id = ? and code = ?', [
      warehouse.id,
      normalise(input.zoneCode),
    ]);
    if (!zone) errors.push(userError('UNKNOWN_ZONE', `Warehouse ${warehouse.code} has no zone ${normalise(input.zoneCode)}`, 'zoneCode'));
  }
  if (errors.length) return { bins: [], userErrors: errors };
  // One statement for the lot; codes that exist already come back missing and are refused.
  const inserted = await selectRows<{ code: string }>(
    ctx.em,
    `insert into warehouse_bin (id, warehouse_id, zone_id, code)
     select gen_random_uuid(), ?::uuid, ?::uuid, c from unnest(?::text[]) as c
     on conflict (warehouse_id, code) do nothing returning code`,
    [warehouse!.id, zone?.id ?? null, pgArray(codes)],
  );
  const created = new Set(inserted.map((r) => r.code));
  const taken = codes.map((c, i) => ({ c, i })).filter(({ c }) => !created.has(c));
  if (taken.length) {
    return { bins: [], userErrors: taken.map(({ c, i }) => userError('DUPLICATE_CODE', `Warehouse ${warehouse!.code} has a bin ${c} already`, ['binCodes', i])) };
  }
  return { bins: codes.map((code) => binOf({ code, zone_code: zone?.code ?? null, warehouse_code: warehouse!.code })), userErrors: [] };
}

/** setDefaultBin: the bin a variant is normally put away to and picked from in a warehouse. */
export async function setDefaultBin(ctx: Context, input: SetDefaultBinInput): Promise<StockLevelPayload> {
  const errors: UserError[] = [];
  const found = await resolveTarget(ctx, input.sku, normalise(input.warehouseCode), errors);
  let binId: string | null = null;
  if (found && input.binCode != null) {
    const code = normalise(input.binCode);
    const [bin] = await selectRows<{ id: string }>(ctx.em, 'select id from warehouse_bin where warehouse_id = ? and code = ?', [found.warehouse.id, code]);
    if (!bin) errors.push(userError('UNKNOWN_BIN', `Warehouse ${found.warehouse.code} has no bin ${code}`, 'binCode'));
    else binId = bin.id;
  }
  if (!found || errors.length) return { stockLevel: null, userErrors: errors };
  const level = await lockLevel(ctx.em, found.variant.id, found.warehouse.id);
  await execute(ctx.em, 'update stock_level set default_bin_id = ?, updated_at = now() where id = ?', [binId, level.id]);
  return { stockLevel: await stockLevelNode(ctx, level.id), userErrors: [] };
}

export async function listZones(ctx: Context, warehouseCode: string): Promise<WarehouseZone[]> {
  const rows = await selectRows<ZoneRow>(
    ctx.em,
    `select z.id, z.code, z.name, w.code as warehouse_code from warehouse_zone z join warehouse w on w.id = z.warehouse_id
      where w.code = ? order by z.code`,
    [normalise(warehouseCode)],
  );
  return rows.map(zoneOf);
}

export async function listBins(ctx: Context, warehouseCode: string, zoneCode?: string | null): Promise<WarehouseBin[]> {
  const params: unknown[] = [normalise(warehouseCode)];
  let zone = '';
  if (zoneCode != null) (zone = 'and z.code = ?'), params.push(normalise(zoneCode));
  const rows = await selectRows<BinRow>(
    ctx.em,
    `select b.code, z.code as zone_code, w.code as warehouse_code
       from warehouse_bin b join warehouse w on w.id = b.warehouse_id left join warehouse_zone z on z.id = b.zone_id
      where w.code = ? ${zone} order by b.code`,
    params,
  );
  return rows.map(binOf);
}

/** The default bin of a stock level; a page of levels costs one statement. */
export function defaultBinOf(ctx: Context, level: StockLevel): Promise<WarehouseBin | null> {
  const id = fromGlobalId(level.id)?.id;
  return id ? ctx.loaders.of(createDefaultBinLoader).load(id) : Promise.resolve(null);
}

// Per request, on the context. Batching only, no cache: a request may change a default bin and
// read it back in the same operation.
function createDefaultBinLoader(ctx: Context): DataLoader<string, WarehouseBin | null> {
  return new DataLoader<string, WarehouseBin | null>(async (ids) => {
    const rows = await selectRows<BinRow & { level_id: string }>(
      ctx.em,
      `select sl.id as level_id, b.code, z.code as zone_code, w.code as warehouse_code
         from stock_level sl join warehouse_bin b on b.id = sl.default_bin_id
         join warehouse w on w.id = b.warehouse_id left join warehouse_zone z on z.id = b.zone_id
        where sl.id in (${inList(ids.length)})`,
      [...ids],
    );
    return rowPerKey(rows, ids, (r) => r.level_id).map((r) => (r ? binOf(r) : null));
  }, { cache: false });
}
