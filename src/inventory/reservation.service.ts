import type { Context } from '../context';
import { UserError, userError } from '../common/errors';
import { toGlobalId, uuidOf } from '../common/ids';
import { selectRows } from '../common/sql';
import { placeholders } from '../catalog/catalog.sql';
import { ReserveStockInput } from './inventory.inputs';
import { Reservation, ReservationLine } from './inventory.types';
import { variantsBySku, warehousesByCode } from './inventory.lookup';
import { changeReserved } from './stock-ledger';
import { ReleasePayload, ReservationPayload } from './inventory.payloads';

/**
 * Reservations hold stock for an order, all lines or none. Overselling is impossible by
 * construction: every level the request touches is locked first, in one fixed order (variant,
 * then warehouse), so concurrent requests from any number of API processes queue on the rows
 * and each sees the quantities the previous one left; deadlocks cannot form. The check
 * constraint `reserved <= on_hand` stands behind it all.
 *
 * Warehouse rule when a line names none: the active warehouse with the lowest priority number
 * that can hold the whole line, ties broken by the most available; when none can, the line is
 * split over warehouses in that order. A bundle is reserved as its components, all from one
 * warehouse chosen the same way.
 */

interface LockedRow {
  id: string;
  variant_id: string;
  warehouse_id: string;
  code: string;
  priority: number;
  available: number;
}

interface Allocation {
  levelId: string;
  variantId: string;
  warehouseId: string;
  quantity: number;
  bundleVariantId: string | null;
}

/** Candidate levels of a variant in allocation order: priority, then most available. */
function candidates(levels: LockedRow[], variantId: string): LockedRow[] {
  return levels.filter((l) => l.variant_id === variantId).sort((a, b) => a.priority - b.priority || b.available - a.available || a.code.localeCompare(b.code));
}

export async function reserveStock(ctx: Context, input: ReserveStockInput): Promise<ReservationPayload> {
  const errors: UserError[] = [];
  const reference = input.reference.trim();
  if (!reference) errors.push(userError('REQUIRED', 'Give the reference the stock is held for', 'reference'));
  if (input.lines.length === 0) errors.push(userError('REQUIRED', 'Give at least one line', 'lines'));
  input.lines.forEach((l, i) => {
    if (l.quantity < 1) errors.push(userError('INVALID_QUANTITY', 'A quantity is 1 or more', ['lines', i, 'quantity']));
  });
  const variants = await variantsBySku(ctx, input.lines.map((l) => l.sku));
  const warehouses = await warehousesByCode(ctx, input.lines.map((l) => l.warehouseCode).filter((c): c is string => !!c));
  input.lines.forEach((l, i) => {
    if (!variants.has(l.sku)) errors.push(userError('UNKNOWN_SKU', `No variant has SKU ${l.sku}`, ['lines', i, 'sku']));
    if (l.warehouseCode) {
      const w = warehouses.get(l.warehouseCode);
      if (!w) errors.push(userError('UNKNOWN_WAREHOUSE', `No warehouse has code ${l.warehouseCode}`, ['lines', i, 'warehouseCode']));
      else if (!w.active) errors.push(userError('WAREHOUSE_INACTIVE', `Warehouse ${l.warehouseCode} is not active`, ['lines', i, 'warehouseCode']));
    }
  });
  if (errors.length) return { reservation: null, userErrors: errors };

  // Lock every level of every variant involved, in one fixed order.
  const variantIds = new Set<string>();
  for (const l of input.lines) {
    const v = variants.get(l.sku)!;
    if (v.components.length) v.components.forEach((c) => variantIds.add(c.variantId));
    else variantIds.add(v.id);
  }
  const ids = [...variantIds];
  const levels = await selectRows<LockedRow>(
    ctx.em,
    `select sl.id, sl.variant_id, sl.warehouse_id, w.code, w.priority, sl.on_hand - sl.reserved as available
       from stock_level sl join warehouse w on w.id = sl.warehouse_id
      where sl.variant_id in (${placeholders(ids.length)}) and w.active
      order by sl.variant_id, sl.warehouse_id
      for update of sl`,
    ids,
  );

  const allocations: Allocation[] = [];
  const take = (level: LockedRow, quantity: number, bundleVariantId: string | null) => {
    level.available -= quantity;
    allocations.push({ levelId: level.id, variantId: level.variant_id, warehouseId: level.warehouse_id, quantity, bundleVariantId });
  };
  const short: UserError[] = [];
  // Lines bound to a warehouse go first, so a free line never takes the units they need.
  const order = input.lines.map((line, i) => ({ line, i })).sort((a, b) => Number(!a.line.warehouseCode) - Number(!b.line.warehouseCode) || a.i - b.i);
  order.forEach(({ line, i }) => {
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
        return;
      }
      const rows = options[0][1];
      for (const c of variant.components) take(rows.find((r) => r.variant_id === c.variantId)!, c.quantity * line.quantity, variant.id);
      return;
    }
    const pool = candidates(levels, variant.id).filter((l) => !fixed || l.warehouse_id === fixed);
    const total = pool.reduce((n, l) => n + Math.max(0, l.available), 0);
    if (total < line.quantity) {
      short.push(userError('INSUFFICIENT_STOCK', `${line.sku}: ${line.quantity} wanted, ${total} available${fixed ? ` in ${line.warehouseCode}` : ''} (short by ${line.quantity - total})`, ['lines', i, 'quantity']));
      return;
    }
    const whole = pool.find((l) => l.available >= line.quantity);
    if (whole) {
      take(whole, line.quantity, null);
      return;
    }
    let left = line.quantity;
    for (const l of pool) {
      if (left === 0) break;
      const n = Math.min(left, l.available);
      if (n > 0) take(l, n, null);
      left -= n;
    }
  });
  if (short.length) return { reservation: null, userErrors: short.sort((a, b) => Number(a.field![1]) - Number(b.field![1])) };

  const existing = await selectRows<{ id: string }>(ctx.em, `select id from reservation where reference = ? and status = 'ACTIVE'`, [reference]);
  if (existing.length) {
    return { reservation: null, userErrors: [userError('DUPLICATE_REFERENCE', `Stock is already reserved for ${reference}; release it first`, 'reference')] };
  }
  const [res] = await selectRows<{ id: string }>(
    ctx.em,
    `insert into reservation (id, reference, actor_label) values (gen_random_uuid(), ?, ?) returning id`,
    [reference, ctx.actor?.label ?? 'system'],
  );
  for (const a of allocations) {
    await ctx.em.getConnection().execute(
      `insert into reservation_line (id, reservation_id, variant_id, warehouse_id, quantity, bundle_variant_id) values (gen_random_uuid(), ?, ?, ?, ?, ?)`,
      [res.id, a.variantId, a.warehouseId, a.quantity, a.bundleVariantId],
      'run',
      ctx.em.getTransactionContext(),
    );
    await changeReserved(ctx.em, a.levelId, a.quantity);
  }
  return { reservation: await reservationNode(ctx, res.id), userErrors: [] };
}

/** releaseReservation: gives the held stock back; only an ACTIVE reservation can be released. */
export async function releaseReservation(ctx: Context, globalId: string): Promise<ReleasePayload> {
  const id = uuidOf('Reservation', globalId);
  const [res] = id ? await selectRows<{ id: string; status: string }>(ctx.em, 'select id, status from reservation where id = ? for update', [id]) : [];
  if (!res) return { reservation: null, userErrors: [userError('NOT_FOUND', 'No reservation has this id', 'id')] };
  if (res.status !== 'ACTIVE') {
    return { reservation: null, userErrors: [userError('NOT_ACTIVE', `The reservation is ${res.status.toLowerCase()} already`, 'id')] };
  }
  const lines = await selectRows<{ level_id: string; quantity: number }>(
    ctx.em,
    `select sl.id as level_id, rl.quantity from reservation_line rl
       join stock_level sl on sl.variant_id = rl.variant_id and sl.warehouse_id = rl.warehouse_id
      where rl.reservation_id = ? order by sl.variant_id, sl.warehouse_id`,
    [res.id],
  );
  // Same lock order as reserveStock.
  const levelIds = [...new Set(lines.map((l) => l.level_id))];
  if (levelIds.length) {
    await selectRows(ctx.em, `select id from stock_level where id in (${placeholders(levelIds.length)}) order by variant_id, warehouse_id for update`, levelIds);
  }
  for (const l of lines) await changeReserved(ctx.em, l.level_id, -l.quantity);
  await ctx.em.getConnection().execute(
    `update reservation set status = 'RELEASED', closed_at = now() where id = ?`,
    [res.id],
    'run',
    ctx.em.getTransactionContext(),
  );
  return { reservation: await reservationNode(ctx, res.id), userErrors: [] };
}

/** Loads a reservation with its lines. */
export async function reservationNode(ctx: Context, id: string): Promise<Reservation | null> {
  const rows = await selectRows<{ id: string; reference: string; status: string; created_at: string; sku: string | null; code: string | null; quantity: number | null; bundle_sku: string | null }>(
    ctx.em,
    `select r.id, r.reference, r.status, r.created_at, v.sku, w.code, rl.quantity, b.sku as bundle_sku
       from reservation r
       left join reservation_line rl on rl.reservation_id = r.id
       left join variant v on v.id = rl.variant_id
       left join warehouse w on w.id = rl.warehouse_id
       left join variant b on b.id = rl.bundle_variant_id
      where r.id = ? order by v.sku, w.code`,
    [id],
  );
  if (!rows.length) return null;
  const r = rows[0];
  return Object.assign(new Reservation(), {
    id: toGlobalId('Reservation', r.id),
    reference: r.reference,
    status: r.status,
    createdAt: new Date(r.created_at),
    lines: rows
      .filter((x) => x.sku)
      .map((x) => Object.assign(new ReservationLine(), { sku: x.sku!, warehouseCode: x.code!, quantity: x.quantity!, bundleSku: x.bundle_sku })),
  });
}
