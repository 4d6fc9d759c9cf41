import DataLoader from 'dataloader';
import type { Context } from '../context';
import { groupRows, selectBound } from '../common/sql';
import { can } from '../staff/actor';
import { P } from '../staff/permissions';
import { StockLevelRow, StockSummary } from './inventory.types';

/**
 * Per-request loaders of the inventory module: the stock of a page of variants costs one
 * statement, bundles on the page or not.
 */
export interface InventoryLoaders {
  /** Stock levels of a variant, per warehouse, with SKU and warehouse code (Variant.stockLevels). */
  levelsByVariant: DataLoader<string, StockLevelRow[]>;
  /** Stock of a variant over all warehouses; for a bundle, derived from its components (Variant.stock). */
  stockByVariant: DataLoader<string, StockSummary>;
  /** What stockByVariant has loaded, by variant id, to be answered without a promise. */
  stockLoaded: Map<string, StockSummary>;
}

/** What a summary needs of a stock level. */
type LevelQuantities = Pick<StockLevelRow, 'warehouse_id' | 'on_hand' | 'reserved'>;

/**
 * The summaries of a batch of variants in one statement: each variant's own levels added up,
 * and for the bundles among them (those with components) each component with its quantity and
 * its level in each warehouse, a component without any level included (it makes the bundle
 * unavailable there). A summary needs no SKU, warehouse code or order: no join, no sort.
 */
async function loadSummaries(ctx: Context, ids: readonly string[]): Promise<StockSummary[]> {
  const rows = await selectBound<{ variant_id: string; component_id: string | null; quantity: number | null; warehouse_id: string | null; on_hand: string | number; reserved: string | number }>(
    ctx.em,
    `with c as (select bundle_id, component_id, quantity from bundle_component where bundle_id = any(?::uuid[]))
     select sl.variant_id, null::uuid as component_id, null::int as quantity, null::uuid as warehouse_id, sum(sl.on_hand) as on_hand, sum(sl.reserved) as reserved
       from stock_level sl where sl.variant_id = any(?::uuid[]) group by sl.variant_id
     union all
     select c.bundle_id, c.component_id, c.quantity, sl.warehouse_id, sl.on_hand, sl.reserved
       from c left join stock_level sl on sl.variant_id = c.component_id`,
    [ids, ids],
  );
  const own = new Map<string, { on_hand: number; reserved: number }>();
  const components = new Map<string, Map<string, { quantity: number; levels: LevelQuantities[] }>>();
  for (const r of rows) {
    // Sums are bigint, which the driver hands over as text.
    if (r.component_id == null) {
      own.set(r.variant_id, { on_hand: Number(r.on_hand), reserved: Number(r.reserved) });
      continue;
    }
    let parts = components.get(r.variant_id);
    if (!parts) components.set(r.variant_id, (parts = new Map()));
    let part = parts.get(r.component_id);
    if (!part) parts.set(r.component_id, (part = { quantity: r.quantity!, levels: [] }));
    if (r.warehouse_id != null) part.levels.push({ warehouse_id: r.warehouse_id, on_hand: Number(r.on_hand), reserved: Number(r.reserved) });
  }
  return ids.map((id) => {
    const parts = components.get(id);
    if (parts) return bundleSummary([...parts.values()]);
    const sums = own.get(id);
    return summarise(sums ? [sums] : []);
  });
}

/** The inventory module's loaders of one request (ctx.loaders.inventory, dropped by every commit). */
export function createInventoryLoaders(ctx: Context): InventoryLoaders {
  const stockLoaded = new Map<string, StockSummary>();
  return {
    levelsByVariant: new DataLoader<string, StockLevelRow[]>(async (ids) => {
      const rows = await selectBound<StockLevelRow>(
        ctx.em,
        `select sl.*, v.sku, w.code as warehouse_code from stock_level sl
           join variant v on v.id = sl.variant_id join warehouse w on w.id = sl.warehouse_id
          where sl.variant_id = any(?::uuid[]) order by w.priority, w.code`,
        [ids],
      );
      return groupRows(rows, ids, (r) => r.variant_id);
    }),
    stockByVariant: new DataLoader<string, StockSummary>(async (ids) => {
      const summaries = await loadSummaries(ctx, ids);
      ids.forEach((id, i) => stockLoaded.set(id, summaries[i]));
      return summaries;
    }),
    stockLoaded,
  };
}

/**
 * Loads the stock of these variants now, in one statement with all others asked for in the same
 * tick, so that `Variant.stock` answers each of them at once (stockLoaded) instead of with a
 * promise per variant, which on a page of 200 variants cost more than the statement. Only for
 * callers who may read stock (inventory.read, as Variant.stock requires): for the others
 * nothing is loaded and their `stock` is refused as before.
 */
export async function prefetchVariantStock(ctx: Context, variantIds: readonly string[]): Promise<void> {
  if (variantIds.length && can(ctx.actor, P.InventoryRead)) await ctx.loaders.inventory.stockByVariant.loadMany(variantIds);
}

export function summarise(levels: { on_hand: number; reserved: number }[]): StockSummary {
  const onHand = levels.reduce((n, l) => n + l.on_hand, 0);
  const reserved = levels.reduce((n, l) => n + l.reserved, 0);
  return Object.assign(new StockSummary(), { onHand, reserved, available: onHand - reserved });
}

/**
 * A bundle's stock, derived from its components: per warehouse, as many bundles as the
 * scarcest component allows; summed over warehouses.
 */
export function bundleSummary(components: { quantity: number; levels: LevelQuantities[] }[]): StockSummary {
  const warehouses = new Set(components.flatMap((c) => c.levels.map((l) => l.warehouse_id)));
  let onHand = 0;
  let available = 0;
  for (const w of warehouses) {
    const per = components.map((c) => c.levels.find((l) => l.warehouse_id === w));
    onHand += Math.min(...per.map((l, i) => Math.floor((l?.on_hand ?? 0) / components[i].quantity)));
    available += Math.min(...per.map((l, i) => Math.floor(Math.max(0, (l?.on_hand ?? 0) - (l?.reserved ?? 0)) / components[i].quantity)));
  }
  return Object.assign(new StockSummary(), { onHand, reserved: onHand - available, available });
}
