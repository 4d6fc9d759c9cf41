import { randomUUID } from 'node:crypto';
import type { Context } from '../context';
import { UserError, userError } from '../common/errors';
import { toGlobalId, uuidOf } from '../common/ids';
import { execute, inList, pgArray, selectRows } from '../common/sql';
import { ReserveStockInput } from './inventory.inputs';
import { Reservation, ReservationLine, WarehouseRow } from './inventory.types';
import {
  refuseMarketplaceCounted, VARIANT_REFS_SQL, VariantRef, VariantRefRow, variantRefsFromRows, variantsBySku, WAREHOUSES_SQL, warehousesByCode,
} from './inventory-refs.queries';
import { Allocation, allocate, AllocationLine, LockedRow } from './reservation-allocation';
import { changeReserved, noteMovedLocked, noteReservedChanged, nothingMovedYet } from './stock-ledger';
import { ReleasePayload, ReservationPayload } from './inventory.payloads';
import { checkUnits } from '../common/limits';
import { hiddenOrderReferenceSql } from '../orders';
import { P } from '../staff/permissions';

/**
 * Reservations hold stock for an order, all lines or none. Overselling is impossible by
 * construction: every level the request touches is locked first, in one fixed order (variant,
 * then warehouse), so concurrent requests from any number of API processes queue on the rows
 * and each sees the quantities the previous one left; deadlocks cannot form. The check
 * constraint `reserved <= on_hand` stands behind it all. Where the units come from is decided
 * in reservation-allocation.ts.
 */

/** One reservation of a batch: its reference and lines, SKUs and warehouses already checked. */
export interface ReservationRequest {
  reference: string;
  lines: AllocationLine[];
}

/** The outcome of one request of a batch: the new reservation's id, or why not. */
export type ReservationOutcome = { id: string; userErrors: [] } | { id: null; userErrors: UserError[] };

/** Locks every level of the given variants (bundles: of their components), in the one fixed order. */
async function lockLevelsOf(ctx: Context, variants: VariantRef[]): Promise<LockedRow[]> {
  const ids = new Set<string>();
  for (const v of variants) {
    if (v.components.length) v.components.forEach((c) => ids.add(c.variantId));
    else ids.add(v.id);
  }
  if (!ids.size) return [];
  return selectRows<LockedRow>(
    ctx.em,
    `select sl.id, sl.variant_id, sl.warehouse_id, w.code, w.priority, sl.on_hand - sl.reserved as available
       from stock_level sl join warehouse w on w.id = sl.warehouse_id
      where sl.variant_id = any(?::uuid[]) and w.active and w.channel_key is null
      order by sl.variant_id, sl.warehouse_id
      for update of sl`,
    [pgArray([...ids])],
  );
}

/**
 * Reserves a batch of requests in one pass: one lock statement for all their levels, the
 * requests allocated in the order given (each all or nothing, seeing what the earlier ones
 * left), then one statement each for the reservations, their lines and the levels. The
 * caller has resolved the SKUs (`variants`) and warehouse codes (`warehouses`).
 */
export async function reserveMany(
  ctx: Context,
  requests: ReservationRequest[],
  variants: Map<string, VariantRef>,
  warehouses: Map<string, WarehouseRow>,
  options: { forOrder?: boolean } = {},
): Promise<ReservationOutcome[]> {
  if (!requests.length) return [];
  const levels = await lockLevelsOf(ctx, [...new Set(requests.flatMap((r) => r.lines.map((l) => variants.get(l.sku)!)))]);
  const active = new Set(
    (await selectRows<{ reference: string }>(ctx.em, `select reference from reservation where reference = any(?::text[]) and status = 'ACTIVE'`, [
      pgArray(requests.map((r) => r.reference)),
    ])).map((r) => r.reference),
  );
  const { outcomes, accepted } = allocateRequests(requests, variants, warehouses, levels, active);
  if (!accepted.length) return outcomes;
  const ids = accepted.map(() => randomUUID());
  // One round trip for the reservations, their lines and the levels: the levels stay locked
  // until commit, so every statement saved here is time other batches do not wait.
  const changed = await selectRows<{ variant_id: string }>(
    ctx.em,
    `${WRITE_RESERVATIONS}
     update stock_level sl set reserved = sl.reserved + x.d, updated_at = now()
       from jsonb_to_recordset(?::jsonb) as x(id uuid, d int) where sl.id = x.id returning sl.variant_id`,
    writeParams(ctx, accepted, ids, options),
  );
  noteReservedChanged(ctx.em, changed.map((c) => c.variant_id));
  accepted.forEach((a, i) => (outcomes[a.index] = { id: ids[i], userErrors: [] }));
  return outcomes;
}

function duplicateReference(reference: string): UserError {
  return userError('DUPLICATE_REFERENCE', `Stock is already reserved for ${reference}; release it first`, 'reference');
}

interface Accepted {
  reference: string;
  allocations: Allocation[];
  /** Index of the request in the batch. */
  index: number;
}

/** Allocates the requests in order over the locked levels; a refused one gets its userErrors. */
function allocateRequests(
  requests: ReservationRequest[],
  variants: Map<string, VariantRef>,
  warehouses: Map<string, WarehouseRow>,
  levels: LockedRow[],
  active: Set<string>,
): { outcomes: ReservationOutcome[]; accepted: Accepted[] } {
  const outcomes: ReservationOutcome[] = [];
  const accepted: Accepted[] = [];
  for (const [index, r] of requests.entries()) {
    if (active.has(r.reference)) {
      outcomes.push({ id: null, userErrors: [duplicateReference(r.reference)] });
      continue;
    }
    const { allocations, short } = allocate(levels, variants, warehouses, r.lines);
    if (short.length) {
      outcomes.push({ id: null, userErrors: short });
      continue;
    }
    active.add(r.reference);
    accepted.push({ reference: r.reference, allocations, index });
    outcomes.push({ id: '', userErrors: [] });
  }
  return { outcomes, accepted };
}

/** The reservations and their lines, as CTEs `r` and `l` of the statement that updates the levels. */
const WRITE_RESERVATIONS = `
  with r as (
    insert into reservation (id, reference, actor_label, for_order) select x.id, x.ref, ?, ? from jsonb_to_recordset(?::jsonb) as x(id uuid, ref text)
  ), l as (
    insert into reservation_line (id, reservation_id, variant_id, warehouse_id, quantity, bundle_variant_id)
    select gen_random_uuid(), x.r, x.v, x.w, x.q, x.b from jsonb_to_recordset(?::jsonb) as x(r uuid, v uuid, w uuid, q int, b uuid)
  )`;

/** Parameters of the reservations, their lines (WRITE_RESERVATIONS, reserveAlone), then the levels' changes. */
function writeParams(ctx: Context, accepted: Accepted[], ids: string[], options: { forOrder?: boolean }): unknown[] {
  const deltas = new Map<string, number>();
  for (const a of accepted) for (const x of a.allocations) deltas.set(x.levelId, (deltas.get(x.levelId) ?? 0) + x.quantity);
  return [
    ctx.actor?.label ?? 'system',
    options.forOrder ?? false,
    JSON.stringify(accepted.map((a, i) => ({ id: ids[i], ref: a.reference }))),
    JSON.stringify(accepted.flatMap((a, i) => a.allocations.map((x) => ({ r: ids[i], v: x.variantId, w: x.warehouseId, q: x.quantity, b: x.bundleVariantId })))),
    JSON.stringify([...deltas].map(([id, d]) => ({ id, d }))),
  ];
}

/**
 * reserveStock: staff holding stock under a reference. It is its unit of work's only stock work,
 * so it runs as reserveAlone: two statements, the availability locks taken in the second.
 */
export async function reserveStock(ctx: Context, input: ReserveStockInput): Promise<ReservationPayload> {
  if (nothingMovedYet(ctx.em)) return reserveAlone(ctx, input);
  const outcome = await reserveOne(ctx, input);
  if (!outcome.id) return { reservation: null, userErrors: outcome.userErrors };
  return { reservation: await reservationNode(ctx, outcome.id), userErrors: [] };
}

/** The checks of one reservation request; the SKUs and warehouse codes it names are looked up. */
export function checkReservationInput(
  input: ReserveStockInput,
  variants: Map<string, VariantRef>,
  warehouses: Map<string, WarehouseRow>,
): UserError[] {
  const errors: UserError[] = [];
  if (!input.reference.trim()) errors.push(userError('REQUIRED', 'Give the reference the stock is held for', 'reference'));
  if (input.lines.length === 0) errors.push(userError('REQUIRED', 'Give at least one line', 'lines'));
  input.lines.forEach((l, i) => {
    checkUnits(l.quantity, ['lines', i, 'quantity'], errors);
  });
  input.lines.forEach((l, i) => {
    if (!variants.has(l.sku)) errors.push(userError('UNKNOWN_SKU', `No variant has SKU ${l.sku}`, ['lines', i, 'sku']));
    if (l.warehouseCode) {
      const w = warehouses.get(l.warehouseCode);
      if (!w) errors.push(userError('UNKNOWN_WAREHOUSE', `No warehouse has code ${l.warehouseCode}`, ['lines', i, 'warehouseCode']));
      else if (!w.active) errors.push(userError('WAREHOUSE_INACTIVE', `Warehouse ${l.warehouseCode} is not active`, ['lines', i, 'warehouseCode']));
      else refuseMarketplaceCounted(w, ['lines', i, 'warehouseCode'], errors);
    }
  });
  return errors;
}

/** One reservation, its SKUs and warehouse codes checked first; `forOrder` marks one an order holds. */
export async function reserveOne(ctx: Context, input: ReserveStockInput, options: { forOrder?: boolean } = {}): Promise<ReservationOutcome> {
  const variants = await variantsBySku(ctx, input.lines.map((l) => l.sku));
  const warehouses = await warehousesByCode(ctx, input.lines.map((l) => l.warehouseCode).filter((c): c is string => !!c));
  const errors = checkReservationInput(input, variants, warehouses);
  if (errors.length) return { id: null, userErrors: errors };
  const [outcome] = await reserveMany(ctx, [{ reference: input.reference.trim(), lines: input.lines }], variants, warehouses, options);
  return outcome;
}

/**
 * reserveStock as its unit of work's only stock work, in two statements: one looks the SKUs and
 * warehouses up, locks the levels (same order as lockLevelsOf) and reads whether the reference
 * holds stock already; the other writes the reservation, its lines and the levels unless the
 * reference became active meanwhile, takes the channel-availability locks after the level
 * locks, and returns what the payload shows.
 */
async function reserveAlone(ctx: Context, input: ReserveStockInput): Promise<ReservationPayload> {
  const reference = input.reference.trim();
  const looked = await lookUpAndLock(ctx, input, reference);
  const errors = checkReservationInput(input, looked.variants, looked.warehouses);
  if (errors.length) return { reservation: null, userErrors: errors };
  const request = { reference, lines: input.lines };
  const { outcomes, accepted } = allocateRequests([request], looked.variants, looked.warehouses, looked.levels, looked.active);
  if (!accepted.length) return { reservation: null, userErrors: outcomes[0].userErrors };
  const id = randomUUID();
  const [row] = await selectRows<{ created_at: string | null; lines: { sku: string; code: string; quantity: number; bundle_sku: string | null }[]; targets: string[]; moved: string[] }>(
    ctx.em,
    `with r as (
       insert into reservation (id, reference, actor_label, for_order) select x.id, x.ref, ?, ? from jsonb_to_recordset(?::jsonb) as x(id uuid, ref text)
       -- Another transaction may have made the reference ACTIVE while this one waited for the
       -- level locks (the first statement read before it committed): then nothing is written.
       on conflict (reference) where status = 'ACTIVE' do nothing
       returning id, created_at
     ), l as (
       insert into reservation_line (id, reservation_id, variant_id, warehouse_id, quantity, bundle_variant_id)
       select gen_random_uuid(), x.r, x.v, x.w, x.q, x.b from jsonb_to_recordset(?::jsonb) as x(r uuid, v uuid, w uuid, q int, b uuid)
         join r on r.id = x.r
       returning variant_id, warehouse_id, quantity, bundle_variant_id
     ), u as (
       update stock_level sl set reserved = sl.reserved + x.d, updated_at = now()
         from jsonb_to_recordset(?::jsonb) as x(id uuid, d int) where sl.id = x.id and exists (select 1 from r) returning sl.variant_id)
     select (select created_at from r) as created_at,
            (select json_agg(json_build_object('sku', v.sku, 'code', w.code, 'quantity', l.quantity, 'bundle_sku', b.sku) order by v.sku, w.code)
               from l join variant v on v.id = l.variant_id join warehouse w on w.id = l.warehouse_id
               left join variant b on b.id = l.bundle_variant_id) as lines,
            array(select distinct variant_id from u) as moved,
            inventory_availability_locks(array(select variant_id from u)) as targets`,
    writeParams(ctx, accepted, [id], {}),
  );
  if (!row.created_at) return { reservation: null, userErrors: [duplicateReference(reference)] };
  noteMovedLocked(ctx.em, row.moved, row.targets);
  // As reservationNode reads it back: a staff reservation is not an order's, so its reference shows.
  const reservation = Object.assign(new Reservation(), {
    id: toGlobalId('Reservation', id),
    reference,
    status: 'ACTIVE',
    createdAt: new Date(row.created_at),
    lines: row.lines.map((x) => Object.assign(new ReservationLine(), { sku: x.sku, warehouseCode: x.code, quantity: x.quantity, bundleSku: x.bundle_sku })),
  });
  return { reservation, userErrors: [] };
}

/** reserveAlone's first statement: SKUs, warehouse codes, the locked levels, the active reference. */
async function lookUpAndLock(
  ctx: Context,
  input: ReserveStockInput,
  reference: string,
): Promise<{ variants: Map<string, VariantRef>; warehouses: Map<string, WarehouseRow>; levels: LockedRow[]; active: Set<string> }> {
  const [row] = await selectRows<{ variants: VariantRefRow[]; warehouses: WarehouseRow[]; levels: LockedRow[]; active: boolean }>(
    ctx.em,
    `with v as (${VARIANT_REFS_SQL} where v.sku = any(?::text[])),
       wh as (${WAREHOUSES_SQL} where code = any(?::text[])),
       lk as (
         select sl.id, sl.variant_id, sl.warehouse_id, w.code, w.priority, sl.on_hand - sl.reserved as available
           from stock_level sl join warehouse w on w.id = sl.warehouse_id
          where sl.variant_id in (select coalesce(component_id, id) from v) and w.active and w.channel_key is null
          order by sl.variant_id, sl.warehouse_id
            for update of sl)
     select (select coalesce(json_agg(v order by v.sku, v.component_sku), '[]') from v) as variants,
            (select coalesce(json_agg(wh), '[]') from wh) as warehouses,
            (select coalesce(json_agg(lk order by lk.variant_id, lk.warehouse_id), '[]') from lk) as levels,
            exists (select 1 from reservation where reference = ? and status = 'ACTIVE') as active`,
    [pgArray([...new Set(input.lines.map((l) => l.sku))]), pgArray(input.lines.map((l) => l.warehouseCode).filter((c): c is string => !!c)), reference],
  );
  return {
    variants: variantRefsFromRows(row.variants),
    warehouses: new Map(row.warehouses.map((w) => [w.code, w])),
    levels: row.levels,
    active: new Set(row.active ? [reference] : []),
  };
}

/**
 * releaseReservation as staff call it: a reservation an order holds is the order's (cancelling,
 * shipping or changing the order releases it), so it is refused here (RESERVED_FOR_ORDER);
 * released behind the order's back, the order would ship stock nobody holds, and a person
 * limited to one channel could free another channel's orders this way.
 */
export async function releaseReservationByStaff(ctx: Context, globalId: string): Promise<ReleasePayload> {
  const id = uuidOf('Reservation', globalId);
  // The order module marks the reservations it makes (for_order); inventory does not read orders.
  if (id && (await selectRows(ctx.em, 'select 1 from reservation where id = ? and for_order', [id])).length) {
    return { reservation: null, userErrors: [userError('RESERVED_FOR_ORDER', 'This reservation holds stock for an order: cancel, ship or change the order instead', 'id')] };
  }
  return releaseReservation(ctx, globalId);
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
    await execute(ctx.em, `select id from stock_level where id in (${inList(levelIds.length)}) order by variant_id, warehouse_id for update`, levelIds);
  }
  for (const l of lines) await changeReserved(ctx.em, l.level_id, -l.quantity);
  await execute(
    ctx.em,
    `update reservation set status = 'RELEASED', closed_at = now() where id = ?`,
    [res.id],
  );
  return { reservation: await reservationNode(ctx, res.id), userErrors: [] };
}

/**
 * Loads a reservation with its lines. An order's reservation names the order by its number: a
 * reader who does not reach that order's channel (inventory.read limited to other channels)
 * gets the held stock without the number, as stock movements hide it.
 */
export async function reservationNode(ctx: Context, id: string): Promise<Reservation | null> {
  const hidden = hiddenOrderReferenceSql(ctx, [P.InventoryRead], `case when r.for_order then 'ORDER' end`, 'r.reference');
  const rows = await selectRows<{ id: string; reference: string; hidden_reference: boolean; status: string; created_at: string; sku: string | null; code: string | null; quantity: number | null; bundle_sku: string | null }>(
    ctx.em,
    `select r.id, r.reference, ${hidden ? hidden.sql : 'false'} as hidden_reference, r.status, r.created_at, v.sku, w.code, rl.quantity, b.sku as bundle_sku
       from reservation r
       left join reservation_line rl on rl.reservation_id = r.id
       left join variant v on v.id = rl.variant_id
       left join warehouse w on w.id = rl.warehouse_id
       left join variant b on b.id = rl.bundle_variant_id
      where r.id = ? order by v.sku, w.code`,
    [...(hidden?.params ?? []), id],
  );
  if (!rows.length) return null;
  const r = rows[0];
  return Object.assign(new Reservation(), {
    id: toGlobalId('Reservation', r.id),
    reference: r.hidden_reference ? '' : r.reference,
    status: r.status,
    createdAt: new Date(r.created_at),
    lines: rows
      .filter((x) => x.sku)
      .map((x) => Object.assign(new ReservationLine(), { sku: x.sku!, warehouseCode: x.code!, quantity: x.quantity!, bundleSku: x.bundle_sku })),
  });
}
