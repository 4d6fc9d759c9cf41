import { UserError, userError } from '../common/errors';
import type { VariantRef } from './inventory-refs.queries';
import type { WarehouseRow } from './inventory.types';

/**
 * Where a reservation's units come from, decided in memory over stock levels the caller has
 * locked. Warehouse rule when a line names none: the active warehouse with the lowest priority
 * number that can hold the whole line, ties broken by the most available; when none can, the
 * line is split over warehouses in that order. A bundle is reserved as its components, all
 * from one warehouse chosen the same way.
 */

/** A locked level as the allocation sees it; `available` goes down as units are taken. */
export interface LockedRow {
  id: string;
  variant_id: string;
  warehouse_id: string;
  code: string;
  priority: number;
  available: number;
}

export interface Allocation {
  levelId: string;
  variantId: string;
  warehouseId: string;
  quantity: number;
  bundleVariantId: string | null;
}

export interface AllocationLine {
  sku: string;
  quantity: number;
  warehouseCode?: string | null;
}

/** Candidate levels of a variant in allocation order: priority, then most available. */
function candidates(levels: LockedRow[], variantId: string): LockedRow[] {
  return levels.filter((l) => l.variant_id === variantId).sort((a, b) => a.priority - b.priority || b.available - a.available || a.code.localeCompare(b.code));
}

/**
 * Allocates every line or none. On success the levels keep the units taken (so the next
 * request in a batch sees what is left); on a shortfall they are given back and the short
 * lines are reported.
 */
export function allocate(
  levels: LockedRow[],
  variants: Map<string, VariantRef>,
  warehouses: Map<string, WarehouseRow>,
  lines: AllocationLine[],
): { allocations: Allocation[]; short: UserError[] } {
  const allocations: Allocation[] = [];
  const taken: { level: LockedRow; quantity: number }[] = [];
  const take = (level: LockedRow, quantity: number, bundleVariantId: string | null) => {
    level.available -= quantity;
    taken.push({ level, quantity });
    allocations.push({ levelId: level.id, variantId: level.variant_id, warehouseId: level.warehouse_id, quantity, bundleVariantId });
  };
  const short: UserError[] = [];
  // Lines bound to a warehouse go first, so a free line never takes the units they need.
  const order = lines.map((line, i) => ({ line, i })).sort((a, b) => Number(!a.line.warehouseCode) - Number(!b.line.warehouseCode) || a.i - b.i);
  for (const { line, i } of order) {
    const variant = variants.get(line.sku)!;
    const fixed = line.warehouseCode ? warehouses.get(line.warehouseCode)!.id : null;
    if (variant.components.length) {
      // A bundle: every component from one warehouse that holds enough of all of them.
      const byWarehouse = new Map<string, LockedRow[]>();
      for (const c of variant.components) {
        for (const lv of candidates(levels, c.variantId)) byWarehouse.set(lv.warehouse_id, [...(byWarehouse.get(lv.warehouse_id) ?? []), lv]);
      }
      const fits = (rows: LockedRow[]) =>
        variant.components.every((c) => (rows.find((r) => r.variant_id === c.variantId)?.available ?? 0) >= c.quantity * line.quantity);
      const options = [...byWarehouse.entries()]
        .filter(([w, rows]) => (!fixed || w === fixed) && fits(rows))
        .sort(([, a], [, b]) => a[0].priority - b[0].priority || Math.min(...b.map((r) => r.available)) - Math.min(...a.map((r) => r.available)));
      if (!options.length) {
        short.push(userError('INSUFFICIENT_STOCK', `Not enough of the components of bundle ${line.sku} in ${fixed ? line.warehouseCode : 'any one warehouse'} for ${line.quantity}`, ['lines', i, 'quantity']));
        continue;
      }
      const rows = options[0][1];
      for (const c of variant.components) take(rows.find((r) => r.variant_id === c.variantId)!, c.quantity * line.quantity, variant.id);
      continue;
    }
    const pool = candidates(levels, variant.id).filter((l) => !fixed || l.warehouse_id === fixed);
    const total = pool.reduce((n, l) => n + Math.max(0, l.available), 0);
    if (total < line.quantity) {
      short.push(userError('INSUFFICIENT_STOCK', `${line.sku}: ${line.quantity} wanted, ${total} available${fixed ? ` in ${line.warehouseCode}` : ''} (short by ${line.quantity - total})`, ['lines', i, 'quantity']));
      continue;
    }
    const whole = pool.find((l) => l.available >= line.quantity);
    if (whole) {
      take(whole, line.quantity, null);
      continue;
    }
    let left = line.quantity;
    for (const l of pool) {
      if (left === 0) break;
      // A level below zero has nothing to give (and must not add to what is left to place).
      const n = Math.min(left, Math.max(0, l.available));
      if (n > 0) take(l, n, null);
      left -= n;
    }
  }
  if (!short.length) return { allocations, short };
  for (const t of taken) t.level.available += t.quantity;
  return { allocations: [], short: short.sort((a, b) => Number(a.field![1]) - Number(b.field![1])) };
}
