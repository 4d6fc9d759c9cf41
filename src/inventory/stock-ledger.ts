import type { EntityManager } from '@mikro-orm/postgresql';
import type { Context } from '../context';
import { execute, selectRows } from '../common/sql';
import { beforeCommit } from '../common/before-commit';
import { MovementType } from './inventory.types';
import { recordAvailabilityChanges, writeAvailabilityChanges } from './channel-availability.service';

/**
 * The one way a stock level's quantities change: the level row is updated and its ledger
 * entry written in the same statement sequence of the caller's transaction. A change of zero
 * writes nothing.
 */

/** What a transaction moved: variants whose sellable quantity may have changed. */
interface Moved {
  ids: Set<string>;
  /** Variants whose availability locks the transaction already holds (inventory_availability_locks). */
  locked: Set<string>;
  /** What those locks said must be recomputed: the locked variants and bundles containing them. */
  targets: Set<string>;
}

const moved = new WeakMap<object, Moved>();

/**
 * Notes a variant whose sellable quantity changed; once the transaction's stock work is done,
 * each channel's sellable quantity of it is recomputed and a changed one goes to the outbox.
 * Running it once, last, keeps its locks after every level lock (no deadlock).
 */
function noteMoved(em: EntityManager, variantId: string): Moved {
  let m = moved.get(em);
  if (!m) moved.set(em, (m = { ids: new Set(), locked: new Set(), targets: new Set() }));
  m.ids.add(variantId);
  beforeCommit(em, 'inventory:channel-availability', async () => {
    const all = moved.get(em);
    moved.delete(em);
    if (!all?.ids.size) return;
    // A single-change mutation took the locks in the statement that changed the level
    // (level-change.statement.ts): what is left is the one statement writing the outbox.
    if ([...all.ids].every((id) => all.locked.has(id))) await writeAvailabilityChanges({ em }, [...all.targets]);
    else await recordAvailabilityChanges({ em }, [...all.ids]);
  });
  return m;
}

/**
 * Notes variants moved by a statement that also called inventory_availability_locks for them
 * (after its level locks, as the last stock work of the transaction), with the targets it
 * returned: the commit then only writes the outbox.
 */
export function noteMovedLocked(em: EntityManager, variantIds: string[], targets: string[]): void {
  for (const id of variantIds) {
    const m = noteMoved(em, id);
    m.locked.add(id);
    for (const t of targets) m.targets.add(t);
  }
}

/**
 * Whether the transaction has moved no stock yet. A statement that takes the availability
 * locks itself must be the transaction's only stock work: locks taken before another level
 * lock, or in two rounds, could deadlock with a transaction taking them in one.
 */
export function nothingMovedYet(em: EntityManager): boolean {
  return !moved.get(em)?.ids.size;
}

/** The quantities of a locked level. */
export interface LockedLevel {
  id: string;
  variant_id: string;
  warehouse_id: string;
  on_hand: number;
  reserved: number;
  damaged: number;
}

/** Locks the level of a variant in a warehouse (creating it empty first if there is none). */
export async function lockLevel(em: EntityManager, variantId: string, warehouseId: string): Promise<LockedLevel> {
  await execute(
    em,
    `insert into stock_level (id, variant_id, warehouse_id) values (gen_random_uuid(), ?, ?)
     on conflict (variant_id, warehouse_id) do nothing`,
    [variantId, warehouseId],
  );
  const [level] = await selectRows<LockedLevel>(
    em,
    'select id, variant_id, warehouse_id, on_hand, reserved, damaged from stock_level where variant_id = ? and warehouse_id = ? for update',
    [variantId, warehouseId],
  );
  return level;
}

/** A change to write into the ledger. */
export interface MovementInput {
  type: MovementType;
  /** Change of onHand. */
  quantity: number;
  /** Change of the damaged quantity. */
  damagedDelta?: number;
  reason: string;
  referenceType?: string | null;
  referenceId?: string | null;
}

/**
 * Applies a movement to a locked level and records it. The caller has checked that the result
 * is valid; the database's check constraints refuse it otherwise.
 */
export async function applyMovement(ctx: Context, level: LockedLevel, m: MovementInput): Promise<LockedLevel> {
  const damaged = m.damagedDelta ?? 0;
  if (m.quantity === 0 && damaged === 0) return level;
  const [after] = await selectRows<LockedLevel>(
    ctx.em,
    `update stock_level set on_hand = on_hand + ?, damaged = damaged + ?, updated_at = now() where id = ?
     returning id, variant_id, warehouse_id, on_hand, reserved, damaged`,
    [m.quantity, damaged, level.id],
  );
  const actor = ctx.actor;
  await execute(
    ctx.em,
    `insert into stock_movement (variant_id, warehouse_id, type, quantity, damaged_delta, reason, reference_type, reference_id,
       actor_type, actor_id, actor_label, on_hand_after, reserved_after)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      level.variant_id, level.warehouse_id, m.type, m.quantity, damaged, m.reason, m.referenceType ?? null, m.referenceId ?? null,
      actor?.type ?? 'SYSTEM', actor?.id ?? null, actor?.label ?? 'system', after.on_hand, after.reserved,
    ],
  );
  if (m.quantity !== 0) noteMoved(ctx.em, level.variant_id);
  return after;
}

/** Changes the reserved quantity of a locked level (reservations are tracked by their own rows). */
export async function changeReserved(em: EntityManager, levelId: string, delta: number): Promise<void> {
  const [level] = await selectRows<{ variant_id: string }>(
    em,
    'update stock_level set reserved = reserved + ?, updated_at = now() where id = ? returning variant_id',
    [delta, levelId],
  );
  if (delta !== 0) noteMoved(em, level.variant_id);
}

/** Notes variants whose reserved quantity a batch statement changed (see noteMoved). */
export function noteReservedChanged(em: EntityManager, variantIds: string[]): void {
  for (const id of variantIds) noteMoved(em, id);
}
