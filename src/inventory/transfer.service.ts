import type { Context } from '../context';
import { badInput, UserError, userError } from '../common/errors';
import { toGlobalId, uuidOf } from '../common/ids';
import { execute, inList, pgArray, selectRows } from '../common/sql';
import { buildPage, ConnectionArgs, Page, pageRequest } from '../common/relay';
import { MovementType, Warehouse, WarehouseRow } from './inventory.types';
import { refuseMarketplaceCounted, variantsBySku, warehousesByCode } from './inventory-refs.queries';
import { applyMovement, LockedLevel, lockLevel } from './stock-ledger';
import { ReceiveTransferInput, StockTransferFilter, TransferLineInput, TransferStockInput } from './transfer.inputs';
import { StockTransfer, StockTransferLine, TransferStatus } from './transfer.types';
import { StockTransferPayload } from './transfer.payloads';
import { checkUnits, MAX_UNITS } from '../common/limits';

/**
 * Transfers between warehouses. Sending takes the units off the source's onHand at once
 * (TRANSFER_OUT, reference TRANSFER / the transfer number) and adds them to the destination's
 * `incoming`: units in transit are incoming at the destination. Receiving puts them on hand
 * there (TRANSFER_IN) and takes them off `incoming`; cancelling before anything arrived puts
 * them back at the source (TRANSFER_IN, reason "transfer cancelled"). `incoming` is a planning
 * figure and not part of the ledger reconciliation (stockDiscrepancies): the ledger holds
 * onHand only, so the books agree after every step.
 *
 * Levels are locked in the one fixed order of the inventory module (variant, then warehouse),
 * so transfers, reservations and adjustments running at once queue on the rows and never
 * deadlock; a transfer's own row is locked before its levels.
 */

/** Most lines one transfer carries. */
const MAX_LINES = 500;
/** Longest note kept. */
const MAX_NOTE = 2000;

const OPEN: string[] = [TransferStatus.IN_TRANSIT, TransferStatus.PARTIALLY_RECEIVED];

const code = (c: string) => c.trim().toUpperCase();
const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Lines of one SKU added together, with the index of the first for error paths. */
interface Wanted {
  variantId: string;
  sku: string;
  quantity: number;
  index: number;
}

/** Checks quantities and SKUs of transfer lines and adds up lines of one SKU. */
async function wantedLines(ctx: Context, lines: TransferLineInput[], errors: UserError[]): Promise<Wanted[]> {
  if (lines.length === 0) errors.push(userError('REQUIRED', 'Give at least one line', 'lines'));
  if (lines.length > MAX_LINES) errors.push(userError('TOO_MANY', `At most ${MAX_LINES} lines at a time`, 'lines'));
  const variants = await variantsBySku(ctx, lines.map((l) => l.sku));
  const wanted = new Map<string, Wanted>();
  lines.forEach((l, i) => {
    let ok = true;
    if (!Number.isInteger(l.quantity) || l.quantity < 1 || l.quantity > MAX_UNITS) {
      checkUnits(l.quantity, ['lines', i, 'quantity'], errors);
      ok = false;
    }
    const v = variants.get(l.sku);
    if (!v) {
      errors.push(userError('UNKNOWN_SKU', `No variant has SKU ${l.sku}`, ['lines', i, 'sku']));
      return;
    }
    if (v.components.length) {
      errors.push(userError('BUNDLE_NOT_STOCKED', `${l.sku} is a bundle: transfer its components (${v.components.map((c) => c.sku).join(', ')})`, ['lines', i, 'sku']));
      return;
    }
    if (!ok) return;
    const w = wanted.get(v.id);
    if (w) w.quantity += l.quantity;
    else wanted.set(v.id, { variantId: v.id, sku: v.sku, quantity: l.quantity, index: i });
  });
  return [...wanted.values()].sort((a, b) => byId(a.variantId, b.variantId));
}

/**
 * Locks the levels of the given variants in the given warehouses (creating empty ones), in
 * the module's fixed order: variant, then warehouse.
 */
async function lockLevels(ctx: Context, variantIds: string[], warehouseIds: string[]): Promise<Map<string, LockedLevel>> {
  const locked = new Map<string, LockedLevel>();
  const warehouses = [...warehouseIds].sort(byId);
  for (const v of [...variantIds].sort(byId)) {
    for (const w of warehouses) locked.set(`${v}:${w}`, await lockLevel(ctx.em, v, w));
  }
  return locked;
}

async function changeIncoming(ctx: Context, levelId: string, delta: number): Promise<void> {
  // incoming is shared with purchase orders and not reconciled against a ledger; a receipt
  // must never fail over it, so it stops at zero.
  await execute(ctx.em, 'update stock_level set incoming = greatest(incoming + ?, 0), updated_at = now() where id = ?', [delta, levelId]);
}

/** transferStock: sends units from one warehouse to another, all lines or none. */
export async function transferStock(ctx: Context, input: TransferStockInput): Promise<StockTransferPayload> {
  const errors: UserError[] = [];
  const fromCode = code(input.fromWarehouseCode);
  const toCode = code(input.toWarehouseCode);
  const warehouses = await warehousesByCode(ctx, [fromCode, toCode]);
  const from = warehouses.get(fromCode);
  const to = warehouses.get(toCode);
  if (!from) errors.push(userError('UNKNOWN_WAREHOUSE', `No warehouse has code ${input.fromWarehouseCode}`, 'fromWarehouseCode'));
  if (!to) errors.push(userError('UNKNOWN_WAREHOUSE', `No warehouse has code ${input.toWarehouseCode}`, 'toWarehouseCode'));
  if (from && fromCode === toCode) errors.push(userError('SAME_WAREHOUSE', 'A transfer goes from one warehouse to another', 'toWarehouseCode'));
  // Goods sent to a marketplace's fulfilment centre arrive in its count (inbound), not through a transfer.
  refuseMarketplaceCounted(from, 'fromWarehouseCode', errors);
  refuseMarketplaceCounted(to, 'toWarehouseCode', errors);
  const note = input.note?.trim() || null;
  if (note && note.length > MAX_NOTE) errors.push(userError('TOO_LONG', `A note is at most ${MAX_NOTE} characters`, 'note'));
  const wanted = await wantedLines(ctx, input.lines, errors);
  if (errors.length) return { transfer: null, userErrors: errors };

  const levels = await lockLevels(ctx, wanted.map((w) => w.variantId), [from!.id, to!.id]);
  const short: UserError[] = [];
  for (const w of wanted) {
    const level = levels.get(`${w.variantId}:${from!.id}`)!;
    const available = level.on_hand - level.reserved;
    if (available < w.quantity) {
      short.push(userError('INSUFFICIENT_STOCK', `${w.sku}: ${w.quantity} to send, ${Math.max(0, available)} available in ${from!.code} (short by ${w.quantity - Math.max(0, available)})`, ['lines', w.index, 'quantity']));
    }
  }
  if (short.length) return { transfer: null, userErrors: short.sort((a, b) => Number(a.field![1]) - Number(b.field![1])) };

  const [transfer] = await selectRows<{ id: string; number: string }>(
    ctx.em,
    `insert into stock_transfer (id, seq, number, from_warehouse_id, to_warehouse_id, note, created_by)
     select gen_random_uuid(), s.n, 'TR-' || lpad(s.n::text, greatest(6, length(s.n::text)), '0'), ?, ?, ?, ?
       from (select nextval('stock_transfer_seq') as n) s
     returning id, number`,
    [from!.id, to!.id, note, ctx.actor?.label ?? 'system'],
  );
  await execute(
    ctx.em,
    `insert into stock_transfer_line (id, transfer_id, variant_id, quantity_sent)
     select gen_random_uuid(), ?::uuid, u.v, u.q from unnest(?::uuid[], ?::int[]) as u(v, q)`,
    [transfer.id, pgArray(wanted.map((w) => w.variantId)), pgArray(wanted.map((w) => String(w.quantity)))],
  );
  for (const w of wanted) {
    await applyMovement(ctx, levels.get(`${w.variantId}:${from!.id}`)!, {
      type: MovementType.TRANSFER_OUT,
      quantity: -w.quantity,
      reason: `to ${to!.code}`,
      referenceType: 'TRANSFER',
      referenceId: transfer.number,
    });
    await changeIncoming(ctx, levels.get(`${w.variantId}:${to!.id}`)!.id, w.quantity);
  }
  return { transfer: await transferNode(ctx, transfer.id), userErrors: [] };
}

interface LockedTransfer {
  id: string;
  number: string;
  status: string;
  from_warehouse_id: string;
  to_warehouse_id: string;
  from_code: string;
  to_code: string;
}

/** Finds and locks a transfer by its global id; adds NOT_FOUND when there is none. */
async function lockTransfer(ctx: Context, globalId: string, field: string, errors: UserError[]): Promise<LockedTransfer | undefined> {
  const id = uuidOf('StockTransfer', globalId);
  const [row] = id
    ? await selectRows<LockedTransfer>(
        ctx.em,
        `select t.id, t.number, t.status, t.from_warehouse_id, t.to_warehouse_id, fw.code as from_code, tw.code as to_code
           from stock_transfer t join warehouse fw on fw.id = t.from_warehouse_id join warehouse tw on tw.id = t.to_warehouse_id
          where t.id = ? for update of t`,
        [id],
      )
    : [];
  if (!row) errors.push(userError('NOT_FOUND', 'No transfer has this id', field));
  return row;
}

interface LineRow {
  id: string;
  variant_id: string;
  sku: string;
  quantity_sent: number;
  quantity_received: number;
}

async function transferLines(ctx: Context, transferId: string): Promise<LineRow[]> {
  return selectRows<LineRow>(
    ctx.em,
    `select l.id, l.variant_id, v.sku, l.quantity_sent, l.quantity_received
       from stock_transfer_line l join variant v on v.id = l.variant_id where l.transfer_id = ? order by l.variant_id`,
    [transferId],
  );
}

/** receiveTransfer: puts arrived units on hand at the destination; partial receipt allowed. */
export async function receiveTransfer(ctx: Context, input: ReceiveTransferInput): Promise<StockTransferPayload> {
  const errors: UserError[] = [];
  const t = await lockTransfer(ctx, input.transferId, 'transferId', errors);
  if (t && !OPEN.includes(t.status)) {
    errors.push(userError('NOT_OPEN', `Transfer ${t.number} is ${t.status.toLowerCase().replace('_', ' ')}; nothing more can be received`, 'transferId'));
  }
  const wanted = await wantedLines(ctx, input.lines, errors);
  if (!t || errors.length) return { transfer: null, userErrors: errors };

  const lines = new Map((await transferLines(ctx, t.id)).map((l) => [l.variant_id, l]));
  for (const w of wanted) {
    const line = lines.get(w.variantId);
    if (!line) {
      errors.push(userError('NOT_IN_TRANSFER', `Transfer ${t.number} carries no ${w.sku}`, ['lines', w.index, 'sku']));
      continue;
    }
    const outstanding = line.quantity_sent - line.quantity_received;
    if (w.quantity > outstanding) {
      errors.push(
        userError(
          'OVER_RECEIPT',
          `${w.sku}: ${w.quantity} received but only ${outstanding} outstanding (${line.quantity_sent} sent, ${line.quantity_received} received before)`,
          ['lines', w.index, 'quantity'],
        ),
      );
    }
  }
  if (errors.length) return { transfer: null, userErrors: errors };

  const levels = await lockLevels(ctx, wanted.map((w) => w.variantId), [t.to_warehouse_id]);
  for (const w of wanted) {
    const level = levels.get(`${w.variantId}:${t.to_warehouse_id}`)!;
    await applyMovement(ctx, level, { type: MovementType.TRANSFER_IN, quantity: w.quantity, reason: `from ${t.from_code}`, referenceType: 'TRANSFER', referenceId: t.number });
    await changeIncoming(ctx, level.id, -w.quantity);
    await execute(ctx.em, 'update stock_transfer_line set quantity_received = quantity_received + ? where id = ?', [w.quantity, lines.get(w.variantId)!.id]);
  }
  await execute(
    ctx.em,
    `update stock_transfer t set
       status = case when done then 'RECEIVED' else 'PARTIALLY_RECEIVED' end,
       closed_at = case when done then now() end
       from (select bool_and(quantity_received = quantity_sent) as done from stock_transfer_line where transfer_id = ?) l
     where t.id = ?`,
    [t.id, t.id],
  );
  return { transfer: await transferNode(ctx, t.id), userErrors: [] };
}

/** cancelTransfer: for a transfer of which nothing arrived yet, puts the units back at the source. */
export async function cancelTransfer(ctx: Context, globalId: string): Promise<StockTransferPayload> {
  const errors: UserError[] = [];
  const t = await lockTransfer(ctx, globalId, 'id', errors);
  if (!t) return { transfer: null, userErrors: errors };
  if (!OPEN.includes(t.status)) {
    return { transfer: null, userErrors: [userError('NOT_OPEN', `Transfer ${t.number} is ${t.status.toLowerCase()} already`, 'id')] };
  }
  const lines = await transferLines(ctx, t.id);
  if (t.status !== TransferStatus.IN_TRANSIT || lines.some((l) => l.quantity_received > 0)) {
    return {
      transfer: null,
      userErrors: [userError('NOT_CANCELLABLE', `Part of transfer ${t.number} has been received; receive the rest, then move stock back with a new transfer`, 'id')],
    };
  }
  const levels = await lockLevels(ctx, lines.map((l) => l.variant_id), [t.from_warehouse_id, t.to_warehouse_id]);
  for (const l of lines) {
    await applyMovement(ctx, levels.get(`${l.variant_id}:${t.from_warehouse_id}`)!, {
      type: MovementType.TRANSFER_IN,
      quantity: l.quantity_sent,
      reason: 'transfer cancelled',
      referenceType: 'TRANSFER',
      referenceId: t.number,
    });
    await changeIncoming(ctx, levels.get(`${l.variant_id}:${t.to_warehouse_id}`)!.id, -l.quantity_sent);
  }
  await execute(ctx.em, `update stock_transfer set status = 'CANCELLED', closed_at = now() where id = ?`, [t.id]);
  return { transfer: await transferNode(ctx, t.id), userErrors: [] };
}

interface TransferRow {
  id: string;
  seq: string;
  number: string;
  status: string;
  note: string | null;
  created_by: string;
  created_at: string | Date;
  closed_at: string | Date | null;
  f_id: string;
  f_code: string;
  f_name: string;
  f_kind: string;
  f_country: string;
  f_priority: number;
  f_active: boolean;
  t_id: string;
  t_code: string;
  t_name: string;
  t_kind: string;
  t_country: string;
  t_priority: number;
  t_active: boolean;
}

const TRANSFER_SELECT = `select st.id, st.seq::text as seq, st.number, st.status, st.note, st.created_by, st.created_at, st.closed_at,
    fw.id as f_id, fw.code as f_code, fw.name as f_name, fw.kind as f_kind, fw.country as f_country, fw.priority as f_priority, fw.active as f_active,
    tw.id as t_id, tw.code as t_code, tw.name as t_name, tw.kind as t_kind, tw.country as t_country, tw.priority as t_priority, tw.active as t_active
  from stock_transfer st join warehouse fw on fw.id = st.from_warehouse_id join warehouse tw on tw.id = st.to_warehouse_id`;

function warehouseOf(r: TransferRow, p: 'f' | 't'): Warehouse {
  const row: WarehouseRow = {
    id: r[`${p}_id`],
    code: r[`${p}_code`],
    name: r[`${p}_name`],
    kind: r[`${p}_kind`],
    country: r[`${p}_country`],
    priority: r[`${p}_priority`],
    active: r[`${p}_active`],
  };
  return Warehouse.fromRow(row);
}

/** Builds transfers from their rows, with the lines of all of them read in one statement. */
async function withLines(ctx: Context, rows: TransferRow[]): Promise<(StockTransfer & { seq: string })[]> {
  if (!rows.length) return [];
  const lines = await selectRows<{ transfer_id: string; sku: string; quantity_sent: number; quantity_received: number }>(
    ctx.em,
    `select l.transfer_id, v.sku, l.quantity_sent, l.quantity_received
       from stock_transfer_line l join variant v on v.id = l.variant_id
      where l.transfer_id in (${inList(rows.length)}) order by v.sku`,
    rows.map((r) => r.id),
  );
  return rows.map((r) => {
    const open = OPEN.includes(r.status);
    return Object.assign(new StockTransfer(), {
      id: toGlobalId('StockTransfer', r.id),
      dbId: r.id,
      seq: r.seq,
      number: r.number,
      fromWarehouse: warehouseOf(r, 'f'),
      toWarehouse: warehouseOf(r, 't'),
      status: r.status as TransferStatus,
      note: r.note,
      createdBy: r.created_by,
      createdAt: new Date(r.created_at),
      closedAt: r.closed_at == null ? null : new Date(r.closed_at),
      lines: lines
        .filter((l) => l.transfer_id === r.id)
        .map((l) =>
          Object.assign(new StockTransferLine(), {
            sku: l.sku,
            quantitySent: l.quantity_sent,
            quantityReceived: l.quantity_received,
            quantityOutstanding: open ? l.quantity_sent - l.quantity_received : 0,
          }),
        ),
    });
  });
}

/** One transfer by its database id, with lines; null when there is none. */
export async function transferNode(ctx: Context, id: string): Promise<StockTransfer | null> {
  const rows = await selectRows<TransferRow>(ctx.em, `${TRANSFER_SELECT} where st.id = ?`, [id]);
  return (await withLines(ctx, rows))[0] ?? null;
}

/** transfer(id:): one transfer by its global id. */
export async function findTransfer(ctx: Context, globalId: string): Promise<StockTransfer | null> {
  const id = uuidOf('StockTransfer', globalId);
  return id ? transferNode(ctx, id) : null;
}

/** Transfers, newest first (keyset on the transfer's sequence number). Forward paging only. */
export async function listTransfers(ctx: Context, args: ConnectionArgs, filter?: StockTransferFilter | null): Promise<Page<StockTransfer>> {
  if (args.last != null || args.before != null) throw badInput('Transfers page forward only: use first and after');
  const req = pageRequest(args, 1);
  const conds: string[] = ['true'];
  const params: unknown[] = [];
  if (filter?.status) (conds.push('st.status = ?'), params.push(filter.status));
  if (filter?.warehouseCode) (conds.push('(fw.code = ? or tw.code = ?)'), params.push(code(filter.warehouseCode), code(filter.warehouseCode)));
  const where = conds.join(' and ');
  const page = [...conds];
  const pageParams = [...params];
  if (req.cursor) {
    if (!/^\d+$/.test(String(req.cursor[0]))) throw badInput('The cursor is not valid for this list');
    page.push('st.seq < ?');
    pageParams.push(String(req.cursor[0]));
  }
  const rows = await selectRows<TransferRow>(ctx.em, `${TRANSFER_SELECT} where ${page.join(' and ')} order by st.seq desc limit ?`, [...pageParams, req.limit + 1]);
  const count = async () =>
    (
      await selectRows<{ n: number }>(
        ctx.em,
        `select count(*)::int as n from stock_transfer st join warehouse fw on fw.id = st.from_warehouse_id join warehouse tw on tw.id = st.to_warehouse_id where ${where}`,
        params,
      )
    )[0].n;
  const transfers = await withLines(ctx, rows);
  return buildPage<StockTransfer & { seq: string }>(transfers, req, (t) => [t.seq], count, { after: !!args.after, before: false });
}
