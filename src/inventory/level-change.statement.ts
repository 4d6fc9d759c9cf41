import type { Context } from '../context';
import { selectRows } from '../common/sql';
import { MAX_LEVEL_UNITS } from '../common/limits';
import { MovementType, StockLevel, StockLevelRow } from './inventory.types';
import { noteMovedLocked, nothingMovedYet } from './stock-ledger';

/**
 * One stock mutation (adjustStock, setStock, receiveStock, markDamaged) in one statement: the SKU
 * and warehouse code resolved, the level locked, checked, changed and its ledger row written,
 * the level returned as the API shows it, and the channel-availability locks taken after the
 * level lock (so the commit has only the outbox left to write). Five round trips of the step by
 * step path become one while the hot level is locked.
 *
 * It only does the plain, valid case: an unknown SKU or warehouse, a bundle, a marketplace's
 * fulfilment centre, a level not made yet, a stale expectation, a result out of range or no
 * change at all apply nothing and answer null, and the caller takes the step by step path, which
 * says precisely what is wrong (one wasted statement on a refusal, which rolls back anyway).
 *
 * Row lock and values: the CTE `old` locks the level with FOR UPDATE, which in READ COMMITTED
 * waits for a concurrent writer and yields the row as it committed; the UPDATE re-checks its
 * conditions against that version (PostgreSQL's re-evaluation of an updated row), so the checks
 * and the new quantity always start from the committed quantities, as the step by step path's
 * `select … for update` does.
 */

/** The change: exactly one of `delta` and `target`. */
export interface LevelChange {
  sku: string;
  warehouseCode: string;
  /** Units added to onHand (negative: taken off). */
  delta: number | null;
  /** onHand to set. */
  target: number | null;
  /** Refuse unless onHand is this now (compare-and-swap). */
  expectedOnHand: number | null;
  /** Units added to the damaged quantity. */
  damagedDelta: number;
  type: MovementType;
  reason: string;
  referenceType: string | null;
  referenceId: string | null;
}

const CHANGE_LEVEL = `
  with target as (
    select v.id as variant_id, v.sku, w.id as warehouse_id, w.code
      from variant v cross join warehouse w
     where v.sku = ? and w.code = ? and w.channel_key is null
       and not exists (select 1 from bundle_component bc where bc.bundle_id = v.id)),
  old as (
    select sl.id, sl.on_hand, t.sku, t.code
      from stock_level sl join target t on t.variant_id = sl.variant_id and t.warehouse_id = sl.warehouse_id
       for update of sl),
  changed as (
    update stock_level sl set on_hand = n.on_hand, damaged = sl.damaged + ?, updated_at = now()
      from (select o.id, o.on_hand as before, coalesce(?::int, o.on_hand + ?::int) as on_hand, o.sku, o.code from old o) n
     where sl.id = n.id and n.on_hand <> n.before
       and (?::int is null or n.before = ?::int)
       and n.on_hand between sl.reserved and ?
    returning sl.*, n.before, n.sku, n.code as warehouse_code),
  ledger as (
    insert into stock_movement (variant_id, warehouse_id, type, quantity, damaged_delta, reason, reference_type, reference_id,
       actor_type, actor_id, actor_label, on_hand_after, reserved_after)
    select c.variant_id, c.warehouse_id, ?, c.on_hand - c.before, ?, ?, ?, ?, ?, ?, ?, c.on_hand, c.reserved from changed c)
  select c.*, inventory_availability_locks(array[c.variant_id]) as targets from changed c`;

/**
 * Applies `change` in one statement when it is plainly valid and the transaction has moved no
 * stock before; null when it applied nothing (take the step by step path).
 */
export async function changeLevelInOneStatement(ctx: Context, change: LevelChange): Promise<StockLevel | null> {
  if (!nothingMovedYet(ctx.em)) return null;
  const actor = ctx.actor;
  const [row] = await selectRows<StockLevelRow & { targets: string[] }>(ctx.em, CHANGE_LEVEL, [
    change.sku,
    change.warehouseCode,
    change.damagedDelta,
    change.target,
    change.delta,
    change.expectedOnHand,
    change.expectedOnHand,
    MAX_LEVEL_UNITS,
    change.type,
    change.damagedDelta,
    change.reason,
    change.referenceType,
    change.referenceId,
    actor?.type ?? 'SYSTEM',
    actor?.id ?? null,
    actor?.label ?? 'system',
  ]);
  if (!row) return null;
  noteMovedLocked(ctx.em, [row.variant_id], row.targets);
  return StockLevel.fromRow(row);
}
