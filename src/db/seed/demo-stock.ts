import { createHash } from 'node:crypto';
import type { Context } from '../../context';
import type { CatalogRows } from '../../catalog/catalog-rows';
import { createWarehouse, importStock, StockImportMode, WarehouseKind } from '../../inventory';

/**
 * The demo shop's stock: the main warehouse in Hangzhou holding every SKU that is not a bundle (a
 * bundle's stock is its components'), a few to a few dozen units each, and a smaller one in
 * Shanghai (reserved from after Hangzhou: a higher priority number) holding the featured products
 * and about a third of the rest, so stock screens have two warehouses to compare. Without stock the shop
 * could not sell: AliExpress takes a product only with 1 or more units of each SKU, and demo
 * orders could not be reserved. Quantities are a hash of the SKU, so the same catalogue always
 * gets the same stock without drawing from the catalogue's random sequence.
 *
 * The featured products (the first active ones: every demo simulator's sample orders sell them
 * and the overseas channels list them) get 20 units or more of each SKU: the sample orders of all
 * the demo channels, reserved together, must not sell a SKU out before a LISTINGS sync publishes
 * it (a marketplace such as AliExpress refuses a new listing without stock).
 */

export const DEMO_WAREHOUSE = { code: 'HZ-MAIN', name: '杭州总仓', country: 'CN' };

/** The second warehouse: reserved from when Hangzhou cannot hold a line (priority 200 after Hangzhou's 100). */
export const DEMO_SECOND_WAREHOUSE = { code: 'SH-02', name: '上海仓', country: 'CN', priority: 200 };

/** How many of the catalogue's first active products (bundles aside) the demo features: lists abroad and sells in its sample orders. */
export const DEMO_FEATURED_PRODUCTS = 8;

/** The featured products' ids: the first DEMO_FEATURED_PRODUCTS active products that are not bundles, by creation. */
export function featuredProductIds(rows: CatalogRows): Set<string> {
  const bundles = new Set(rows.bundleComponents.map((b) => b.bundleId));
  const bundleProducts = new Set(rows.variants.filter((v) => bundles.has(v.id)).map((v) => v.productId));
  const first = rows.products
    .filter((p) => p.status === 'ACTIVE' && !bundleProducts.has(p.id))
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id))
    .slice(0, DEMO_FEATURED_PRODUCTS);
  return new Set(first.map((p) => p.id));
}

/** SKU and opening quantity (6 to 60; 20 to 60 for a featured product's) of each stocked SKU of the catalogue. */
export function demoOpeningStock(rows: CatalogRows): { sku: string; quantity: number }[] {
  const bundles = new Set(rows.bundleComponents.map((b) => b.bundleId));
  const featured = featuredProductIds(rows);
  return rows.variants
    .filter((v) => !bundles.has(v.id))
    .map((v) => {
      const hash = createHash('sha1').update(v.sku).digest().readUInt16BE(0);
      return { sku: v.sku, quantity: featured.has(v.productId) ? 20 + (hash % 41) : 6 + (hash % 55) };
    });
}

/**
 * SKU and opening quantity in the Shanghai warehouse: every featured SKU (10 to 30 units) and, of
 * the other stocked SKUs, those a hash of the SKU picks (about one in three, 3 to 20 units).
 */
export function demoSecondStock(rows: CatalogRows): { sku: string; quantity: number }[] {
  const featured = featuredProductIds(rows);
  const product = new Map(rows.variants.map((v) => [v.sku, v.productId]));
  return demoOpeningStock(rows).flatMap((s) => {
    const hash = createHash('sha1').update(`${DEMO_SECOND_WAREHOUSE.code}:${s.sku}`).digest().readUInt16BE(0);
    if (featured.has(product.get(s.sku)!)) return [{ sku: s.sku, quantity: 10 + (hash % 21) }];
    return hash % 3 === 0 ? [{ sku: s.sku, quantity: 3 + (hash % 18) }] : [];
  });
}

/** Creates the demo warehouses and books the opening stock into them (inventory's own import, as staff would). */
export async function loadDemoStock(ctx: Context, rows: CatalogRows): Promise<number> {
  for (const w of [{ ...DEMO_WAREHOUSE, priority: 100 }, DEMO_SECOND_WAREHOUSE]) {
    const made = await createWarehouse(ctx, { ...w, kind: WarehouseKind.OWN });
    // A database whose staff made warehouses before the demo was loaded may have this one: it takes the stock.
    if (made.userErrors.some((e) => e.code !== 'DUPLICATE_CODE')) throw new Error(`demo warehouse ${w.code}: ${JSON.stringify(made.userErrors)}`);
  }
  const lines = [
    ...demoOpeningStock(rows).map((s) => `${s.sku},${DEMO_WAREHOUSE.code},${s.quantity},opening stock`),
    ...demoSecondStock(rows).map((s) => `${s.sku},${DEMO_SECOND_WAREHOUSE.code},${s.quantity},opening stock`),
  ];
  const imported = await importStock(ctx, { csv: ['sku,warehouse,quantity,reason', ...lines].join('\n'), mode: StockImportMode.SET });
  if (imported.userErrors.length || imported.rowErrors.length) throw new Error(`demo stock: ${JSON.stringify([...imported.userErrors, ...imported.rowErrors].slice(0, 3))}`);
  return imported.applied;
}
