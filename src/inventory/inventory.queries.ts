import type { Context } from '../context';
import { badInput } from '../common/errors';
import { selectRows } from '../common/sql';
import { buildPage, ConnectionArgs, Page, pageRequest } from '../common/relay';
import { StockLevelFilter, StockMovementFilter } from './inventory.inputs';
import { StockDiscrepancy, StockLevel, StockLevelRow, StockMovement, StockMovementRow } from './inventory.types';
import { P } from '../staff/permissions';
import { hiddenOrderReferenceSql } from '../orders';

/** Stock levels, by SKU then warehouse code (keyset on both). Forward paging only. */
export async function listStockLevels(ctx: Context, args: ConnectionArgs, filter?: StockLevelFilter | null): Promise<Page<StockLevel>> {
  if (args.last != null || args.before != null) throw badInput('Stock levels page forward only: use first and after');
  const req = pageRequest(args, 2);
  const conds: string[] = ['true'];
  const params: unknown[] = [];
  if (filter?.sku) (conds.push('v.sku = ?'), params.push(filter.sku));
  if (filter?.warehouseCode) (conds.push('w.code = ?'), params.push(filter.warehouseCode));
  if (filter?.lowStockOnly) conds.push('sl.on_hand - sl.reserved + sl.incoming <= sl.safety_stock and sl.safety_stock > 0');
  const where = conds.join(' and ');
  const page = [...conds];
  const pageParams = [...params];
  if (req.cursor) (page.push('(v.sku, w.code) > (?, ?)'), pageParams.push(...req.cursor));
  const from = 'from stock_level sl join variant v on v.id = sl.variant_id join warehouse w on w.id = sl.warehouse_id';
  const rows = await selectRows<StockLevelRow>(
    ctx.em,
    `select sl.*, v.sku, w.code as warehouse_code ${from} where ${page.join(' and ')} order by v.sku, w.code limit ?`,
    [...pageParams, req.limit + 1],
  );
  const count = async () => (await selectRows<{ n: number }>(ctx.em, `select count(*)::int as n ${from} where ${where}`, params))[0].n;
  return buildPage(rows.map(StockLevel.fromRow), req, (l) => [l.sku, l.warehouseCode], count, { after: !!args.after, before: false });
}

/** The ledger, newest first (keyset on id). Forward paging only. */
export async function listStockMovements(ctx: Context, args: ConnectionArgs, filter?: StockMovementFilter | null): Promise<Page<StockMovement>> {
  if (args.last != null || args.before != null) throw badInput('The ledger pages forward only: use first and after');
  const req = pageRequest(args, 1);
  const conds: string[] = ['true'];
  const params: unknown[] = [];
  // Movements of orders on channels a channel-limited reader does not reach keep their
  // quantities but lose the order (or return) number they name.
  const hidden = hiddenOrderReferenceSql(ctx, [P.InventoryRead], 'm.reference_type', 'm.reference_id');
  if (filter?.sku) (conds.push('v.sku = ?'), params.push(filter.sku));
  if (filter?.warehouseCode) (conds.push('w.code = ?'), params.push(filter.warehouseCode));
  if (filter?.type) (conds.push('m.type = ?'), params.push(filter.type));
  if (filter?.reference) {
    conds.push('m.reference_id = ?');
    params.push(filter.reference);
    if (hidden) (conds.push(`not ${hidden.sql}`), params.push(...hidden.params));
  }
  const where = conds.join(' and ');
  const page = [...conds];
  const pageParams = [...params];
  if (req.cursor) {
    if (!/^\d+$/.test(String(req.cursor[0]))) throw badInput('The cursor is not valid for this list');
    page.push('m.id < ?');
    pageParams.push(String(req.cursor[0]));
  }
  const from = 'from stock_movement m join variant v on v.id = m.variant_id join warehouse w on w.id = m.warehouse_id';
  const found = await selectRows<StockMovementRow & { hidden_reference: boolean }>(
    ctx.em,
    `select m.*, v.sku, w.code as warehouse_code, ${hidden ? hidden.sql : 'false'} as hidden_reference ${from}
      where ${page.join(' and ')} order by m.id desc limit ?`,
    [...(hidden?.params ?? []), ...pageParams, req.limit + 1],
  );
  const rows = found.map(({ hidden_reference, ...r }): StockMovementRow =>
    hidden_reference ? { ...r, reference_id: null, reason: r.reference_id && r.reason.includes(r.reference_id) ? '' : r.reason } : r,
  );
  const count = async () => (await selectRows<{ n: number }>(ctx.em, `select count(*)::int as n ${from} where ${where}`, params))[0].n;
  const ids = new Map(rows.map((r) => [r, String(r.id)]));
  return buildPage(rows.map((r) => Object.assign(StockMovement.fromRow(r), { dbId: ids.get(r) })), req, (m) => [(m as StockMovement & { dbId: string }).dbId], count, {
    after: !!args.after,
    before: false,
  });
}

/**
 * Levels whose quantities disagree with their books (帐账不符): onHand and damaged against the
 * sum of their movements, reserved against the active reservation lines. Expected empty.
 */
export async function stockDiscrepancies(ctx: Context): Promise<StockDiscrepancy[]> {
  const rows = await selectRows<{ sku: string; code: string; on_hand: number; ledger_on_hand: number; reserved: number; held: number; damaged: number; ledger_damaged: number }>(
    ctx.em,
    `with ledger as (
        select variant_id, warehouse_id, sum(quantity)::int as q, sum(damaged_delta)::int as d from stock_movement group by 1, 2),
      held as (
        select rl.variant_id, rl.warehouse_id, sum(rl.quantity)::int as q
          from reservation_line rl join reservation r on r.id = rl.reservation_id where r.status = 'ACTIVE' group by 1, 2),
      keys as (
        select variant_id, warehouse_id from stock_level union select variant_id, warehouse_id from ledger
        union select variant_id, warehouse_id from held)
     select v.sku, w.code, coalesce(sl.on_hand, 0) as on_hand, coalesce(l.q, 0) as ledger_on_hand,
            coalesce(sl.reserved, 0) as reserved, coalesce(h.q, 0) as held,
            coalesce(sl.damaged, 0) as damaged, coalesce(l.d, 0) as ledger_damaged
       from keys k
       join variant v on v.id = k.variant_id join warehouse w on w.id = k.warehouse_id
       left join stock_level sl on sl.variant_id = k.variant_id and sl.warehouse_id = k.warehouse_id
       left join ledger l on l.variant_id = k.variant_id and l.warehouse_id = k.warehouse_id
       left join held h on h.variant_id = k.variant_id and h.warehouse_id = k.warehouse_id
      where coalesce(sl.on_hand, 0) <> coalesce(l.q, 0) or coalesce(sl.reserved, 0) <> coalesce(h.q, 0)
         or coalesce(sl.damaged, 0) <> coalesce(l.d, 0)
      order by v.sku, w.code`,
  );
  return rows.map((r) =>
    Object.assign(new StockDiscrepancy(), {
      sku: r.sku,
      warehouseCode: r.code,
      onHand: r.on_hand,
      ledgerOnHand: r.ledger_on_hand,
      reserved: r.reserved,
      reservationsReserved: r.held,
      damaged: r.damaged,
      ledgerDamaged: r.ledger_damaged,
    }),
  );
}
