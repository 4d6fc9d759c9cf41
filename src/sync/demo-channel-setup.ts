import type { PriceRule } from './sync-vocabulary';
import type { DemoListingSetup } from './demo-listings';

/**
 * The demo's channels, one per marketplace simulator (`<kind>-sim`): the demo data keeps its
 * order history in them and `SIMULATORS=1` connects each to its simulator. A kind without an
 * entry here gets a channel in CNY named after it.
 */

/** The key of the demo channel of a kind (lower case): `taobao-sim`, `ebay-sim`, … */
export function demoChannelKey(kind: string): string {
  return `${kind.toLowerCase()}-sim`;
}

/** What the demo channel of a kind starts with, its setup entry or the default. */
export function demoChannelSetup(kind: string): DemoChannelSetup {
  return DEMO_CHANNEL_SETUP[kind.toLowerCase()] ?? { name: `${kind.toLowerCase()} simulator` };
}

/** What a demo channel of a kind starts with, besides its simulator's credentials. */
export interface DemoChannelSetup {
  name: string;
  /** The currency it sells in: its main marketplace's (AliExpress buyers abroad pay in USD); CNY by default. */
  currency?: string;
  /** The marketplaces it covers, its main one first (eBay sites, Amazon marketplaces); none by default. */
  marketplaceIds?: string[];
  priceRule?: PriceRule;
  /** The connector's channel settings (settingsFields) its listings need. */
  settings?: Record<string, string>;
  /** More settings, read from the fresh simulator (the seller account's business policies and locations). */
  simulatorSettings?(controlUrl: string): Promise<Record<string, string>>;
  /**
   * The marketplace's own fulfilment centre, tied to the channel (Amazon FBA): a warehouse of kind
   * MARKETPLACE_FULFILMENT whose stock the worker reads from the simulator (FULFILMENT_STOCK).
   */
  fulfilmentWarehouse?: { code: string; name: string; country: string };
  /** How the demo's listings are set up on the marketplace (overseas channels only). */
  listings?: DemoListingSetup;
}

/** On finance's rate table, 10 % over the converted price, then up to the next .99. */
export const OVERSEAS_PRICE_RULE: PriceRule = { mode: 'EXCHANGE_RATE', value: '10', priceEnding: '0.99' };

/**
 * The demo channel of each kind, by lower-case kind: what both the demo data (a PAUSED channel
 * when no simulator runs, demo-channels.ts) and the simulators (demo-simulators.ts, which take
 * that channel over) give it, so the two agree on its name, currency, marketplaces and rule.
 */
export const DEMO_CHANNEL_SETUP: Record<string, DemoChannelSetup> = {
  taobao: { name: '淘宝模拟店' },
  tmall: { name: '天猫模拟店' },
  aliexpress: {
    name: 'AliExpress demo store',
    currency: 'USD',
    priceRule: OVERSEAS_PRICE_RULE,
    // Brand: each listing names its product's; this is for listings staff publish without one.
    settings: { brandName: 'QINGSHAN', freightTemplateId: '1000', shippingLeadTime: '3', weight: '1.5', packageLength: '40', packageWidth: '30', packageHeight: '10' },
    listings: { categoryId: '200000662', brandAttribute: 'brandName' },
  },
  ebay: {
    name: 'eBay demo store',
    currency: 'USD',
    // Listed in English (eBay.com, the main site: the item's title) and German (eBay.de's offers).
    marketplaceIds: ['EBAY_US', 'EBAY_DE'],
    priceRule: OVERSEAS_PRICE_RULE,
    settings: { condition: 'NEW' },
    // The business policies and the inventory location the seller has (the simulator's account).
    simulatorSettings: (controlUrl) => import('../../connectors/ebay/demo').then((d) => d.ebayDemoSettings(controlUrl)),
    listings: {
      // eBay's leaf categories [ids of eBay.com's tree: Men's Suits & Suit Separates, Men's Dress
      // Shirts; eBay.de's clothing categories share them]; the aspects buyers filter by.
      categories: {
        '服装/男装/西装': { categoryId: '3001', attributes: { Department: 'Men', Type: 'Suit', 'Size Type': 'Regular', 'Country/Region of Manufacture': 'China' } },
        '服装/男装/衬衫': { categoryId: '57991', attributes: { Department: 'Men', Type: 'Dress Shirt', 'Size Type': 'Regular', 'Country/Region of Manufacture': 'China' } },
      },
      brandAttribute: 'Brand',
    },
  },
  amazon: {
    name: 'Amazon demo store (NA)',
    currency: 'USD',
    // One seller account in North America listing on Amazon.com (USD, in English) and Amazon.ca (CAD, in French).
    marketplaceIds: ['ATVPDKIKX0DER', 'A2EUQ1WTGCTBG2'],
    priceRule: OVERSEAS_PRICE_RULE,
    // PRODUCT: the product type of listings staff publish without one (the demo's name theirs).
    // Amazon.ca listings in French (its other language), Amazon.com's in English.
    settings: { region: 'NA', productType: 'PRODUCT', 'language.A2EUQ1WTGCTBG2': 'fr_CA' },
    // Part of the stock sits in Amazon's North American warehouses (FBA); the simulator's count is read in.
    fulfilmentWarehouse: { code: 'AMZ-FBA-NA', name: 'Amazon FBA 北美仓', country: 'US' },
    listings: {
      // Amazon's product types stand for categories (the listing's product_type attribute); the
      // other attributes go to every marketplace in Amazon's shape.
      categories: {
        '服装/男装/西装': { categoryId: 'SUIT', attributes: { product_type: 'SUIT', department: 'mens', country_of_origin: 'CN' } },
        '服装/男装/衬衫': { categoryId: 'SHIRT', attributes: { product_type: 'SHIRT', department: 'mens', country_of_origin: 'CN' } },
      },
      brandAttribute: 'brand',
    },
  },
};
