import DataLoader from 'dataloader';
import type { Context } from '../context';
import { groupRows, inList, selectRows } from '../common/sql';
import { StockLevelRow, StockSummary } from './inventory.types';

/**
 * Per-request loaders of the inventory module: the stock of a page of variants costs one
 * statement (two when bundles are on the page).
 */
export interface InventoryLoaders {
  levelsByVariant: DataLoader<string, StockLevelRow[]>;
}

/** The inventory module's loaders of one request (ctx.loaders.inventory, dropped by every commit). */
export function createInventoryLoaders(ctx: Context): InventoryLoaders {
  return {
    levelsByVariant: new DataLoader<string, StockLevelRow[]>(async (ids) => {
      const rows = await selectRows<StockLevelRow>(
        ctx.em,
        `select sl.*, v.sku, w.code as warehouse_code from stock_level sl
           join variant v on v.id = sl.variant_id join warehouse w on w.id = sl.warehouse_id
          where sl.variant_id in (${inList(ids.length)}) order by w.priority, w.code`,
        [...ids],
      );
      return groupRows(rows, ids, (r) => r.variant_id);
    }),
  };
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
export function bundleSummary(components: { quantity: number; levels: StockLevelRow[] }[]): StockSummary {
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
