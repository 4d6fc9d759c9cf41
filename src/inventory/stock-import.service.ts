import crypto from 'node:crypto';
import type { Context } from '../context';
import { UserError, userError } from '../common/errors';
import { parseCsv } from '../common/csv';
import { execute, inList, selectRows } from '../common/sql';
import { ImportRowError } from '../catalog/catalog.payloads';
import { MovementType } from './inventory.types';
import { variantsBySku, warehousesByCode } from './inventory-refs.queries';
import { applyMovement, LockedLevel } from './stock-ledger';
import { StockImportMode } from './stocktake.types';
import { ImportStockPayload } from './stocktake.payloads';
import { ImportStockInput } from './stocktake.inputs';
import { MAX_LEVEL_UNITS, MAX_UNITS } from '../common/limits';

/**
 * importStock: opening balances, stocktake results or corrections from a spreadsheet. Columns
 * sku, warehouse, quantity and optionally reason; the header row names them, in any order and
 * case. Good rows are applied as ADJUSTMENT movements (reference type IMPORT, one reference id
 * per import); each bad row is reported with its line and reason and changes nothing.
 */

const REQUIRED = ['sku', 'warehouse', 'quantity'];
const MAX_ROWS = 20000;
const INT = /^[+-]?\d{1,10}$/;

function rowError(line: number, code: string, message: string, column?: string): ImportRowError {
  return Object.assign(new ImportRowError(), { line, code, message, column: column ?? null });
}

interface Row {
  line: number;
  sku: string;
  warehouse: string;
  quantity: number;
  reason: string;
  variantId: string;
  warehouseId: string;
}

export async function importStock(ctx: Context, input: ImportStockInput): Promise<ImportStockPayload> {
  const refused = (e: UserError): ImportStockPayload => ({ applied: 0, reference: null, rowErrors: [], userErrors: [e] });
  const parsed = parseCsv(input.csv);
  const header = (parsed[0]?.cells ?? []).map((h) => h.trim().toLowerCase());
  const missing = REQUIRED.filter((c) => !header.includes(c));
  if (missing.length) return refused(userError('MISSING_COLUMN', `The header row lacks the column(s): ${missing.join(', ')}`, 'csv'));
  const index = new Map(header.map((h, i) => [h, i]));
  const get = (cells: string[], column: string) => (cells[index.get(column) ?? -1] ?? '').trim();
  // Spreadsheets export empty rows as bare commas.
  const body = parsed.slice(1).filter((r) => r.cells.some((c) => c.trim() !== ''));
  if (!body.length) return refused(userError('EMPTY_FILE', 'The CSV has a header row but no rows', 'csv'));
  if (body.length > MAX_ROWS) return refused(userError('TOO_MANY_ROWS', `Import at most ${MAX_ROWS} rows at a time`, 'csv'));

  const variants = await variantsBySku(ctx, body.map((r) => get(r.cells, 'sku')).filter(Boolean));
  const warehouses = await warehousesByCode(ctx, body.map((r) => get(r.cells, 'warehouse').toUpperCase()).filter(Boolean));
  const rowErrors: ImportRowError[] = [];
  const rows: Row[] = [];
  for (const r of body) {
    const own: ImportRowError[] = [];
    const sku = get(r.cells, 'sku');
    const code = get(r.cells, 'warehouse').toUpperCase();
    const raw = get(r.cells, 'quantity');
    const variant = variants.get(sku);
    const warehouse = warehouses.get(code);
    if (!variant) own.push(rowError(r.line, 'UNKNOWN_SKU', sku ? `No variant has SKU ${sku}` : 'The SKU is empty', 'sku'));
    else if (variant.components.length) {
      own.push(rowError(r.line, 'BUNDLE_NOT_STOCKED', `${sku} is a bundle: its stock is that of its components (${variant.components.map((c) => c.sku).join(', ')})`, 'sku'));
    }
    if (!warehouse) own.push(rowError(r.line, 'UNKNOWN_WAREHOUSE', code ? `No warehouse has code ${code}` : 'The warehouse is empty', 'warehouse'));
    else if (warehouse.channel_key) own.push(rowError(r.line, 'COUNTED_BY_MARKETPLACE', `Warehouse ${code} is the fulfilment centre of channel ${warehouse.channel_key}: its stock is the marketplace's count, read by the sync engine`, 'warehouse'));
    const quantity = INT.test(raw) ? Number(raw) : NaN;
    if (!Number.isSafeInteger(quantity) || Math.abs(quantity) > (input.mode === StockImportMode.SET ? MAX_LEVEL_UNITS : MAX_UNITS)) {
      own.push(rowError(r.line, 'INVALID_QUANTITY', `The quantity must be a whole number of at most ${(input.mode === StockImportMode.SET ? MAX_LEVEL_UNITS : MAX_UNITS).toLocaleString('en-US')} units, not "${raw}"`, 'quantity'));
    } else if (input.mode === StockImportMode.SET && quantity < 0) {
      own.push(rowError(r.line, 'NEGATIVE_STOCK', `onHand cannot be set to ${quantity}; it is 0 or more`, 'quantity'));
    }
    if (own.length) rowErrors.push(...own);
    else {
      const reason = header.includes('reason') ? get(r.cells, 'reason') : '';
      rows.push({ line: r.line, sku, warehouse: code, quantity, reason: reason || 'import', variantId: variant!.id, warehouseId: warehouse!.id });
    }
  }

  // SET names a final quantity: two for one level leave no way to tell which is right.
  if (input.mode === StockImportMode.SET) {
    const byLevel = new Map<string, number[]>();
    for (const r of body) {
      const v = variants.get(get(r.cells, 'sku'));
      const w = warehouses.get(get(r.cells, 'warehouse').toUpperCase());
      if (v && w) byLevel.set(`${v.id}/${w.id}`, [...(byLevel.get(`${v.id}/${w.id}`) ?? []), r.line]);
    }
    const duplicated = new Map<number, number[]>();
    for (const lines of byLevel.values()) if (lines.length > 1) for (const l of lines) duplicated.set(l, lines.filter((x) => x !== l));
    for (let i = rows.length - 1; i >= 0; i--) {
      const others = duplicated.get(rows[i].line);
      if (!others) continue;
      const r = rows[i];
      rowErrors.push(rowError(r.line, 'DUPLICATE_ROW', `${r.sku} in ${r.warehouse} appears again on line ${others.join(', ')}; give one quantity per SKU and warehouse`, 'sku'));
      rows.splice(i, 1);
    }
  }

  let applied = 0;
  let reference: string | null = null;
  if (rows.length) {
    // Every level the file touches, locked in the fixed order (variant, then warehouse).
    const keys = [...new Map(rows.map((r) => [`${r.variantId}/${r.warehouseId}`, [r.variantId, r.warehouseId] as const])).values()].sort(
      (a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0),
    );
    const created = await selectRows<{ id: string }>(
      ctx.em,
      `insert into stock_level (id, variant_id, warehouse_id) values ${keys.map(() => '(gen_random_uuid(), ?, ?)').join(', ')}
       on conflict (variant_id, warehouse_id) do nothing returning id`,
      keys.flat(),
    );
    const locked = await selectRows<LockedLevel>(
      ctx.em,
      `select id, variant_id, warehouse_id, on_hand, reserved, damaged from stock_level
        where (variant_id, warehouse_id) in (${keys.map(() => '(?::uuid, ?::uuid)').join(', ')})
        order by variant_id, warehouse_id for update`,
      keys.flat(),
    );
    const levels = new Map(locked.map((l) => [`${l.variant_id}/${l.warehouse_id}`, l]));
    const used = new Set<string>();
    let moved = false;
    reference = `IMPORT-${crypto.randomUUID()}`;
    for (const r of rows) {
      const level = levels.get(`${r.variantId}/${r.warehouseId}`)!;
      const next = input.mode === StockImportMode.SET ? r.quantity : level.on_hand + r.quantity;
      if (next > MAX_LEVEL_UNITS) {
        rowErrors.push(rowError(r.line, 'INVALID_QUANTITY', `onHand of ${r.sku} in ${r.warehouse} would be ${next}; a level holds at most ${MAX_LEVEL_UNITS.toLocaleString('en-US')} units`, 'quantity'));
        continue;
      }
      if (next < 0) {
        rowErrors.push(rowError(r.line, 'NEGATIVE_STOCK', `onHand of ${r.sku} in ${r.warehouse} would be ${next}; it cannot go below 0`, 'quantity'));
        continue;
      }
      if (next < level.reserved) {
        rowErrors.push(rowError(r.line, 'INSUFFICIENT_STOCK', `onHand of ${r.sku} in ${r.warehouse} would be ${next}, below the ${level.reserved} units reserved for orders`, 'quantity'));
        continue;
      }
      if (next !== level.on_hand) {
        levels.set(`${r.variantId}/${r.warehouseId}`, await applyMovement(ctx, level, {
          type: MovementType.ADJUSTMENT,
          quantity: next - level.on_hand,
          reason: r.reason,
          referenceType: 'IMPORT',
          referenceId: reference,
        }));
        moved = true;
      }
      used.add(level.id);
      applied++;
    }
    // Levels this import created for rows that were then refused hold nothing: drop them.
    const unused = created.map((c) => c.id).filter((id) => !used.has(id));
    if (unused.length) {
      await execute(ctx.em, `delete from stock_level where id in (${inList(unused.length)}) and on_hand = 0 and reserved = 0`, unused);
    }
    if (!moved) reference = null;
  }
  rowErrors.sort((a, b) => a.line - b.line);
  return { applied, reference, rowErrors, userErrors: [] };
}
