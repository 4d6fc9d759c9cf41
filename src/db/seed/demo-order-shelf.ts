import type { CatalogRows } from '../../catalog/catalog-rows';
import { applyPriceRule } from '../../sync/price-rule';
import { OVERSEAS_PRICE_RULE } from '../../sync/demo-channel-setup';
import { englishColour } from './demo-catalog';
import { demoRates } from './demo-rates';
import { demoOpeningStock, demoSecondStock, featuredProductIds } from './demo-stock';
import type { DemoMarket } from './demo-order-people';
import type { DemoLine } from './demo-order-model';

/**
 * The demo catalogue as the channels sell it: every active product at home, the featured ones
 * (those the demo lists abroad) on the overseas channels, each SKU titled and described in the
 * channel's language and priced by its rule (demo-channel-setup.ts) on finance's demo rates.
 */

/** A SKU on sale: its catalogue price (CNY), its product's title and its options in Chinese and English. */
export interface SellableSku {
  sku: string;
  productId: string;
  price: string;
  zhTitle: string;
  enTitle: string;
  zhOptions: string;
  enOptions: string;
  bundle: boolean;
}

/** What the channels sell, by product and by SKU. */
export interface Shelf {
  /** Products sold at home (every active one) and abroad (the featured ones the demo lists there), each with its SKUs and weight. */
  home: { skus: SellableSku[]; weight: number }[];
  abroad: { skus: SellableSku[]; weight: number }[];
  bySku: Map<string, SellableSku>;
  featuredSkus: Set<string>;
  bundles: Map<string, { sku: string; per: number }[]>;
}

/** The catalogue's active products and SKUs as the channels sell them, in the catalogue's order. */
export function shelfOf(rows: CatalogRows): Shelf {
  const featured = featuredProductIds(rows);
  const bundleIds = new Set(rows.bundleComponents.map((b) => b.bundleId));
  const skuOf = new Map(rows.variants.map((v) => [v.id, v.sku]));
  const bundles = new Map<string, { sku: string; per: number }[]>();
  for (const b of rows.bundleComponents) {
    const sku = skuOf.get(b.bundleId)!;
    bundles.set(sku, [...(bundles.get(sku) ?? []), { sku: skuOf.get(b.componentId)!, per: b.quantity }]);
  }
  const en = new Map(rows.translations.filter((t) => t.locale === 'en-US').map((t) => [t.productId, t.title]));
  const optionNames = new Map<string, string[]>();
  for (const o of [...rows.options].sort((a, b) => a.position - b.position)) optionNames.set(o.productId, [...(optionNames.get(o.productId) ?? []), o.name]);
  const bySku = new Map<string, SellableSku>();
  const home: Shelf['home'] = [];
  const abroad: Shelf['abroad'] = [];
  const products = rows.products.filter((p) => p.status === 'ACTIVE').sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  for (const p of products) {
    const names = optionNames.get(p.id) ?? [];
    const skus = rows.variants
      .filter((v) => v.productId === p.id && v.status === 'ACTIVE')
      .sort((a, b) => a.position - b.position)
      .map((v): SellableSku => {
        const zh = v.optionValues.map((value, i) => `${names[i] ?? '规格'}:${value}`).join(';');
        const enOptions = v.optionValues.map((value, i) => (names[i] === '颜色' ? `Color: ${englishColour(value) ?? value}` : `Size: ${value === '均码' ? 'One Size' : value}`)).join(', ');
        return { sku: v.sku, productId: p.id, price: v.price, zhTitle: p.title, enTitle: en.get(p.id) ?? p.title, zhOptions: zh, enOptions, bundle: bundleIds.has(v.id) };
      });
    if (!skus.length) continue;
    for (const s of skus) bySku.set(s.sku, s);
    const bundle = skus[0].bundle;
    // Featured products sell best (they are the shop's front page); bundles are gift boxes, bought now and then.
    home.push({ skus, weight: featured.has(p.id) ? 3 : bundle ? 0.6 : 1 });
    if (featured.has(p.id)) abroad.push({ skus, weight: 1 });
  }
  const featuredSkus = new Set([...bySku.values()].filter((s) => featured.has(s.productId)).map((s) => s.sku));
  return { home, abroad, bySku, featuredSkus, bundles };
}

/** How many best sellers the season has. */
const HOT_SKUS = 3;

/**
 * The season's best sellers: SKUs of ordinary products (not featured, not bundles) Hangzhou holds
 * few of (10 or fewer) and Shanghai a fair number (6 or more): their orders empty Hangzhou's shelf
 * and go on from Shanghai, so both warehouses ship, and Hangzhou shows what runs low.
 */
export function hotSkus(rows: CatalogRows, shelf: Shelf): SellableSku[] {
  const shanghai = new Map(demoSecondStock(rows).map((s) => [s.sku, s.quantity]));
  return demoOpeningStock(rows)
    .filter((s) => s.quantity <= 10 && (shanghai.get(s.sku) ?? 0) >= 6)
    .sort((a, b) => a.quantity - b.quantity || (a.sku < b.sku ? -1 : 1))
    .map((s) => shelf.bySku.get(s.sku))
    .filter((s): s is SellableSku => !!s && !s.bundle && !shelf.featuredSkus.has(s.sku))
    .filter((s, i, all) => all.findIndex((x) => x.productId === s.productId) === i)
    .slice(0, HOT_SKUS);
}

/** The channel's price of a catalogue price (CNY) in `currency`: at home the same, abroad the demo rule on the demo rates. */
export function priceIn(cny: string, market: DemoMarket, rates: Map<string, string>): string {
  if (market.domestic) return cny;
  return applyPriceRule(cny, OVERSEAS_PRICE_RULE, rates.get(market.currency));
}

/** A line's SKU, title, options and price for another SKU, as the order's marketplace shows it. */
export function skuFields(market: DemoMarket, s: SellableSku): Pick<DemoLine, 'sku' | 'productId' | 'title' | 'optionText' | 'unitPrice'> {
  const rates = new Map(demoRates('CNY').map((r) => [r.quote, r.rate]));
  return {
    sku: s.sku,
    productId: s.productId,
    title: market.domestic ? s.zhTitle : s.enTitle,
    optionText: market.domestic ? s.zhOptions : s.enOptions,
    unitPrice: priceIn(s.price, market, rates),
  };
}
