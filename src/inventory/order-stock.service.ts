import type { Context } from '../context';
import { UserError, userError } from '../common/errors';
import { toGlobalId } from '../common/ids';
import { execute, pgArray, selectRows } from '../common/sql';
import { MovementType } from './inventory.types';
import { releaseReservation, ReservationOutcome, ReservationRequest, reserveMany, reserveOne } from './reservation.service';
import { shipReserved } from './shipment-ledger';
import { applyMovement, lockLevel } from './stock-ledger';
import type { VariantRef } from './inventory-refs.queries';

/**
 * What the order module asks of stock, in the words of an order: hold its units, give them
 * back, ship them, take returned goods in, lock what a merged parcel ships, and say what an
 * order holds where. Every statement on stock levels, reservations and the movement ledger
 * stays in this module; orders pass ids and quantities (see index.ts, inventory's one door).
 */

/** Holds stock for an order (all lines or none); the reservation is marked as the order's (staff cannot release it). */
export function reserveForOrder(ctx: Context, reference: string, lines: { sku: string; quantity: number }[]): Promise<ReservationOutcome> {
  return reserveOne(ctx, { reference, lines }, { forOrder: true });
}

/** reserveForOrder for a batch of orders whose SKUs the caller resolved (the intake), each all or nothing. */
export function reserveForOrders(ctx: Context, requests: ReservationRequest[], variants: Map<string, VariantRef>): Promise<ReservationOutcome[]> {
  return reserveMany(ctx, requests, variants, new Map(), { forOrder: true });
}

/** Gives back what a reservation still holds; a reservation released or consumed already is left as it is. */
export async function releaseIfActive(ctx: Context, reservationId: string): Promise<void> {
  const [r] = await selectRows<{ status: string }>(ctx.em, 'select status from reservation where id = ?', [reservationId]);
  if (r?.status === 'ACTIVE') await releaseReservation(ctx, toGlobalId('Reservation', reservationId));
}

/** Bundle components of the given variants (none for a plain variant), by bundle. */
async function componentsOf(ctx: Context, variantIds: string[]): Promise<Map<string, { variantId: string; per: number }[]>> {
  const out = new Map<string, { variantId: string; per: number }[]>();
  if (!variantIds.length) return out;
  const rows = await selectRows<{ bundle_id: string; component_id: string; quantity: number }>(
    ctx.em,
    'select bundle_id, component_id, quantity from bundle_component where bundle_id = any(?::uuid[]) order by bundle_id, component_id',
    [pgArray([...new Set(variantIds)])],
  );
  for (const r of rows) out.set(r.bundle_id, [...(out.get(r.bundle_id) ?? []), { variantId: r.component_id, per: r.quantity }]);
  return out;
}

/** Units of sold variants (a bundle counts as itself) an ACTIVE reservation holds, by warehouse. */
export async function heldUnits(ctx: Context, reservationId: string): Promise<Map<string, Map<string, number>>> {
  const rows = await selectRows<{ sold: string; warehouse_id: string; variant_id: string; quantity: number; bundle: boolean }>(
    ctx.em,
    `select coalesce(rl.bundle_variant_id, rl.variant_id) as sold, rl.warehouse_id, rl.variant_id, sum(rl.quantity)::int as quantity,
            rl.bundle_variant_id is not null as bundle
       from reservation_line rl join reservation r on r.id = rl.reservation_id and r.status = 'ACTIVE'
      where rl.reservation_id = ? group by 1, 2, 3, 5 order by 1, 2, 3`,
    [reservationId],
  );
  const components = await componentsOf(ctx, rows.filter((r) => r.bundle).map((r) => r.sold));
  const out = new Map<string, Map<string, number>>();
  const put = (sold: string, warehouse: string, units: number) => {
    if (units <= 0) return;
    const m = out.get(sold) ?? new Map<string, number>();
    m.set(warehouse, (m.get(warehouse) ?? 0) + units);
    out.set(sold, m);
  };
  for (const r of rows.filter((x) => !x.bundle)) put(r.sold, r.warehouse_id, r.quantity);
  // A bundle is held as its components: as many whole bundles as its scarcest component allows.
  const bundles = new Map<string, typeof rows>();
  for (const r of rows.filter((x) => x.bundle)) bundles.set(`${r.sold}:${r.warehouse_id}`, [...(bundles.get(`${r.sold}:${r.warehouse_id}`) ?? []), r]);
  for (const group of bundles.values()) {
    const parts = components.get(group[0].sold) ?? [];
    const units = parts.length ? Math.min(...parts.map((p) => Math.floor((group.find((g) => g.variant_id === p.variantId)?.quantity ?? 0) / p.per))) : 0;
    put(group[0].sold, group[0].warehouse_id, units);
  }
  return out;
}

/** Units of a sold variant (or bundle) to ship; `index` is the caller's, echoed in refusals. */
export interface ShipItem {
  index: number;
  variantId: string;
  quantity: number;
}

/**
 * Ships units out of a reservation from one warehouse: a bundle ships its components. Levels
 * are locked in (variant, warehouse) order, as reservations lock them. Returns the refusals
 * (NOT_RESERVED_HERE and the like) by item; any refusal means the caller rolls the whole unit
 * of work back, the units taken before it included.
 */
export async function shipFromReservation(
  ctx: Context,
  reservationId: string,
  warehouseId: string,
  reference: string,
  items: ShipItem[],
): Promise<{ index: number; error: UserError }[]> {
  const components = await componentsOf(ctx, items.map((i) => i.variantId));
  const pieces: { index: number; variantId: string; bundleId: string | null; quantity: number }[] = [];
  for (const item of items) {
    const parts = components.get(item.variantId);
    if (parts?.length) for (const c of parts) pieces.push({ index: item.index, variantId: c.variantId, bundleId: item.variantId, quantity: c.per * item.quantity });
    else pieces.push({ index: item.index, variantId: item.variantId, bundleId: null, quantity: item.quantity });
  }
  pieces.sort((a, b) => a.variantId.localeCompare(b.variantId) || (a.bundleId ?? '').localeCompare(b.bundleId ?? '') || a.index - b.index);
  const refusals: { index: number; error: UserError }[] = [];
  for (const p of pieces) {
    const e = await shipReserved(ctx, reservationId, p.variantId, warehouseId, p.quantity, reference, p.bundleId);
    if (e) refusals.push({ index: p.index, error: e });
  }
  return refusals;
}

/** Units an order's reservation is to ship from wherever it holds them (see shipWhereHeld). */
export interface HeldShipRequest {
  reservationId: string;
  /** The order's number: the SHIPMENT movements' reference. */
  reference: string;
  items: ShipItem[];
}

/** Units that left for an item: from which warehouse, how many. */
export interface ShippedUnits {
  index: number;
  warehouseId: string;
  quantity: number;
}

/**
 * Ships units out of reservations from the warehouses that hold them, for stock that left
 * without anyone here choosing a warehouse: a marketplace reporting an order shipped. Each
 * item takes from the warehouse holding most of it first (then by id, so a retry decides the
 * same). Units a reservation does not hold, or no longer holds (released, consumed), are not
 * taken: stock that was not set aside for the order is not ours to say left with it. Returns
 * what left, per request in the order given.
 *
 * Locks the reservations by id, then every level they hold stock in by (variant, warehouse),
 * up front for the whole batch: the order every stock writer takes locks in.
 */
export async function shipWhereHeld(ctx: Context, requests: HeldShipRequest[]): Promise<ShippedUnits[][]> {
  if (!requests.length) return [];
  const ids = pgArray([...new Set(requests.map((r) => r.reservationId))].sort());
  await execute(ctx.em, 'select id from reservation where id = any(?::uuid[]) order by id for update', [ids]);
  await execute(
    ctx.em,
    `select sl.id from stock_level sl
      where (sl.variant_id, sl.warehouse_id) in (select rl.variant_id, rl.warehouse_id from reservation_line rl
                                                   join reservation r on r.id = rl.reservation_id and r.status = 'ACTIVE'
                                                  where rl.reservation_id = any(?::uuid[]))
      order by sl.variant_id, sl.warehouse_id for update`,
    [ids],
  );
  const out: ShippedUnits[][] = [];
  for (const req of requests) {
    const held = await heldUnits(ctx, req.reservationId);
    const byWarehouse = new Map<string, ShipItem[]>();
    const shipped: ShippedUnits[] = [];
    for (const item of req.items) {
      const at = held.get(item.variantId);
      let left = item.quantity;
      if (!at || left <= 0) continue;
      const fullest = [...at].sort(([wa, a], [wb, b]) => b - a || (wa < wb ? -1 : wa > wb ? 1 : 0));
      for (const [warehouseId, units] of fullest) {
        const n = Math.min(left, units);
        if (n <= 0) continue;
        at.set(warehouseId, units - n);
        left -= n;
        byWarehouse.set(warehouseId, [...(byWarehouse.get(warehouseId) ?? []), { index: item.index, variantId: item.variantId, quantity: n }]);
        shipped.push({ index: item.index, warehouseId, quantity: n });
        if (left === 0) break;
      }
    }
    for (const [warehouseId, items] of [...byWarehouse].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const refusals = await shipFromReservation(ctx, req.reservationId, warehouseId, req.reference, items);
      // Planned from what the reservation holds under lock: a refusal here is a fault, not an outcome.
      if (refusals.length) throw new Error(`${req.reference}: shipping what its reservation holds was refused: ${refusals.map((r) => r.error.message).join('; ')}`);
    }
    out.push(shipped);
  }
  return out;
}

/** Units of a sold variant (or bundle) coming back, and where they went out from when known. */
export interface ReturnedItem {
  variantId: string;
  /** The warehouse the units shipped from; null: where the order's stock was reserved, else the first active warehouse. */
  warehouseId: string | null;
  sellable: number;
  damaged: number;
}

/**
 * Takes returned goods in: sellable units back on hand, damaged ones to the damaged quantity,
 * both as RETURN movements with the return's number; a bundle returns its components. Returns
 * NO_WAREHOUSE (nothing changed) when there is no warehouse to take them into.
 */
export async function receiveReturned(ctx: Context, reference: string, reservationId: string | null, items: ReturnedItem[]): Promise<UserError | null> {
  const components = await componentsOf(ctx, items.map((i) => i.variantId));
  const parts = (variantId: string) => components.get(variantId) ?? [{ variantId, per: 1 }];
  const fallback = await fallbackWarehouses(ctx, reservationId, [...new Set(items.filter((i) => !i.warehouseId).flatMap((i) => parts(i.variantId).map((p) => p.variantId)))]);
  const moves = new Map<string, { variantId: string; warehouseId: string; sellable: number; damaged: number }>();
  for (const item of items) {
    for (const p of parts(item.variantId)) {
      const warehouseId = item.warehouseId ?? fallback.get(p.variantId);
      if (!warehouseId) return userError('NO_WAREHOUSE', 'There is no active warehouse to receive the goods into', 'returnId');
      const key = `${p.variantId}:${warehouseId}`;
      const m = moves.get(key) ?? { variantId: p.variantId, warehouseId, sellable: 0, damaged: 0 };
      m.sellable += item.sellable * p.per;
      m.damaged += item.damaged * p.per;
      moves.set(key, m);
    }
  }
  // Levels are locked in (variant, warehouse) order, as every stock writer does (no deadlock).
  const ordered = [...moves.values()].sort((a, b) => (a.variantId + a.warehouseId < b.variantId + b.warehouseId ? -1 : 1));
  for (const m of ordered) {
    let level = await lockLevel(ctx.em, m.variantId, m.warehouseId);
    const ref = { referenceType: 'RETURN', referenceId: reference };
    level = await applyMovement(ctx, level, { type: MovementType.RETURN, quantity: m.sellable, reason: `return ${reference}: sellable`, ...ref });
    await applyMovement(ctx, level, { type: MovementType.RETURN, quantity: 0, damagedDelta: m.damaged, reason: `return ${reference}: damaged`, ...ref });
  }
  return null;
}

/** Where units without a known shipment warehouse go back: where the reservation held them, else the first active warehouse. */
async function fallbackWarehouses(ctx: Context, reservationId: string | null, variantIds: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (reservationId && variantIds.length) {
    const rows = await selectRows<{ variant_id: string; warehouse_id: string }>(
      ctx.em,
      `select distinct on (variant_id) variant_id, warehouse_id from reservation_line
        where reservation_id = ? and variant_id = any(?::uuid[]) order by variant_id, quantity desc`,
      [reservationId, pgArray(variantIds)],
    );
    for (const r of rows) out.set(r.variant_id, r.warehouse_id);
  }
  if (variantIds.some((v) => !out.has(v))) {
    const [w] = await selectRows<{ id: string }>(ctx.em, 'select id from warehouse where active order by priority, code limit 1');
    if (w) for (const v of variantIds) if (!out.has(v)) out.set(v, w.id);
  }
  return out;
}

/**
 * Locks what shipping several orders' reservations from one warehouse will touch, in the order
 * every stock writer takes locks: the reservations by id, then their levels in that warehouse
 * by (variant, warehouse). A merged parcel (合单) takes them all up front this way.
 */
export async function lockForShipping(ctx: Context, reservationIds: string[], warehouseId: string): Promise<void> {
  if (!reservationIds.length) return;
  const ids = pgArray([...new Set(reservationIds)]);
  await execute(ctx.em, 'select id from reservation where id = any(?::uuid[]) order by id for update', [ids]);
  await execute(
    ctx.em,
    `select sl.id from stock_level sl
      where sl.warehouse_id = ? and sl.variant_id in (select rl.variant_id from reservation_line rl where rl.reservation_id = any(?::uuid[]) and rl.warehouse_id = ?)
      order by sl.variant_id, sl.warehouse_id for update`,
    [warehouseId, ids, warehouseId],
  );
}

/** What ACTIVE reservations hold in one warehouse, per reservation and SKU (a bundle's components), with the SKU's default bin there. */
export async function reservedForPicking(
  ctx: Context,
  reservationIds: string[],
  warehouseId: string,
): Promise<{ reservationId: string; sku: string; binCode: string | null; quantity: number }[]> {
  if (!reservationIds.length) return [];
  const rows = await selectRows<{ reservation_id: string; sku: string; bin_code: string | null; quantity: number }>(
    ctx.em,
    `select rl.reservation_id, v.sku, b.code as bin_code, sum(rl.quantity)::int as quantity
       from reservation r
       join reservation_line rl on rl.reservation_id = r.id and rl.warehouse_id = ?
       join variant v on v.id = rl.variant_id
       left join stock_level sl on sl.variant_id = rl.variant_id and sl.warehouse_id = rl.warehouse_id
       left join warehouse_bin b on b.id = sl.default_bin_id
      where r.id = any(?::uuid[]) and r.status = 'ACTIVE'
      group by rl.reservation_id, v.sku, b.code
      order by rl.reservation_id, v.sku`,
    [warehouseId, pgArray([...new Set(reservationIds)])],
  );
  return rows.map((r) => ({ reservationId: r.reservation_id, sku: r.sku, binCode: r.bin_code, quantity: r.quantity }));
}

/** Codes of warehouses by id. */
export async function warehouseCodesById(ctx: Context, ids: string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const rows = await selectRows<{ id: string; code: string }>(ctx.em, 'select id, code from warehouse where id = any(?::uuid[])', [pgArray([...new Set(ids)])]);
  return new Map(rows.map((r) => [r.id, r.code]));
}

