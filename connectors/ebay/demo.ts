import type { DemoCatalog } from '../sdk/types';

/**
 * The demo shop on a fresh eBay simulator (`SIMULATORS=1`): sample orders of demo SKUs waiting
 * for an ORDERS sync, each an `Order` of the Fulfillment API in eBay's own wire shape, on eBay.com
 * (USD) and eBay.de (EUR): several lines in one order, a partly fulfilled one, a cancelled and
 * refunded one, a buyer's open cancellation request, and a German address with its umlauts.
 * The lines are the first products' SKUs (one product after another, so the orders of every demo
 * channel together do not sell one SKU out), at the price the channel lists them at on the
 * order's site (the catalogue's `markets`).
 *
 * No listings are made here: eBay listings are published through the API with the seller's
 * business policies and location (`ebayDemoSettings` reads them from the simulated account).
 */

/**
 * A catalogue priced in CNY (one from a host that gives no currency or prices per site): the demo
 * buyers pay about this many yuan per unit of their currency (×10).
 */
const YUAN_PER_X10: Record<string, number> = { USD: 72, EUR: 78 };

interface Line {
  sku: string;
  title: string;
  cents: number;
  quantity: number;
  status?: 'NOT_STARTED' | 'FULFILLED';
}

const amount = (cents: number, currency: string) => ({ value: `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`, currency });

type DemoSku = DemoCatalog['products'][number]['skus'][number];

/** A decimal amount ("45.99") in cents; NaN when it is not one. */
function centsOf(price: string): number {
  const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(price.trim());
  return m ? Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0')) : NaN;
}

/** What a SKU costs on `site` in `currency`: the channel's price there, its own price in that currency, else converted from yuan. */
function priceOn(catalog: DemoCatalog, s: DemoSku, site: string, currency: string): number {
  const market = s.markets?.find((m) => m.marketplaceId === site && m.currency.toUpperCase() === currency);
  const own = (catalog.currency ?? 'CNY').toUpperCase();
  const given = market ? centsOf(market.price) : own === currency ? centsOf(s.price) : NaN;
  if (given > 0) return given;
  const yuan = own === 'CNY' ? Number(s.price) : NaN;
  return Number.isFinite(yuan) && yuan > 0 ? Math.max(100, Math.round((yuan * 1000) / YUAN_PER_X10[currency])) : 1999;
}

/**
 * The demo catalogue's SKUs, one product after another (the first SKU of each, then the next …),
 * with their title and price on `site` (at least one, a placeholder when the catalogue is empty).
 */
function skus(catalog: DemoCatalog, site: string, currency: string): { sku: string; title: string; cents: number }[] {
  const products = catalog.products.filter((p) => p.skus.length);
  const longest = Math.max(0, ...products.map((p) => p.skus.length));
  const out: { sku: string; title: string; cents: number }[] = [];
  for (let k = 0; k < longest; k++) {
    for (const p of products) {
      const s = p.skus[k];
      if (s) out.push({ sku: s.sku, title: p.title.slice(0, 80), cents: priceOn(catalog, s, site, currency) });
    }
  }
  return out.length ? out : [{ sku: 'DEMO-SKU', title: 'Demo item', cents: 1999 }];
}

interface Shape {
  id: string;
  site: 'EBAY_US' | 'EBAY_DE';
  buyer: string;
  shipTo: Record<string, unknown>;
  lines: Line[];
  fulfillment: 'NOT_STARTED' | 'IN_PROGRESS' | 'FULFILLED';
  payment: 'PAID' | 'FULLY_REFUNDED';
  cancel?: Record<string, unknown>;
  minutesAgo: number;
}

function orderJson(o: Shape, now: number): string {
  const currency = o.site === 'EBAY_DE' ? 'EUR' : 'USD';
  const created = new Date(now - o.minutesAgo * 60_000).toISOString();
  const subtotal = o.lines.reduce((s, l) => s + l.cents * l.quantity, 0);
  const shipping = o.site === 'EBAY_DE' ? 490 : 599;
  const total = subtotal + shipping;
  return JSON.stringify({
    orderId: o.id,
    legacyOrderId: `${o.id.replace(/-/g, '')}-0`,
    creationDate: created,
    orderFulfillmentStatus: o.fulfillment,
    orderPaymentStatus: o.payment,
    sellerId: 'demo_seller',
    buyer: { username: o.buyer },
    pricingSummary: { priceSubtotal: amount(subtotal, currency), deliveryCost: amount(shipping, currency), total: amount(total, currency) },
    cancelStatus: o.cancel ?? { cancelState: 'NONE_REQUESTED', cancelRequests: [] },
    paymentSummary: {
      payments: [{ paymentMethod: 'EBAY', paymentStatus: 'PAID', paymentDate: created, amount: amount(total, currency) }],
      refunds: o.payment === 'FULLY_REFUNDED' ? [{ refundId: `RF-${o.id}`, refundStatus: 'REFUNDED', refundDate: new Date(now).toISOString(), amount: amount(total, currency) }] : [],
    },
    fulfillmentStartInstructions: [{ fulfillmentInstructionsType: 'SHIP_TO', shippingStep: { shipTo: o.shipTo, shippingCarrierCode: o.site === 'EBAY_DE' ? 'DHL' : 'USPS' } }],
    lineItems: o.lines.map((l, n) => ({
      lineItemId: `${o.id.replace(/-/g, '')}${n + 1}`,
      legacyItemId: `1105543${o.id.slice(3, 8)}`,
      sku: l.sku,
      title: l.title,
      lineItemCost: amount(l.cents * l.quantity, currency),
      quantity: l.quantity,
      soldFormat: 'FIXED_PRICE',
      listingMarketplaceId: o.site,
      purchaseMarketplaceId: o.site,
      lineItemFulfillmentStatus: l.status ?? (o.fulfillment === 'FULFILLED' ? 'FULFILLED' : 'NOT_STARTED'),
      total: amount(l.cents * l.quantity, currency),
      refunds: [],
    })),
  });
}

/** The sample orders, by the demo catalogue's SKUs. */
export function demoOrders(catalog: DemoCatalog, now = Date.now()): string[] {
  const us = skus(catalog, 'EBAY_US', 'USD');
  const de = skus(catalog, 'EBAY_DE', 'EUR');
  const pick = <T>(list: T[], i: number) => list[i % list.length];
  const line = (list: typeof us, i: number, quantity: number, status?: Line['status']): Line => ({ ...pick(list, i), quantity, status });
  const emily = { fullName: 'Emily Carter', contactAddress: { addressLine1: '1450 N 1st Street', addressLine2: 'Apt 12B', city: 'San Jose', stateOrProvince: 'CA', postalCode: '95112', countryCode: 'US' }, primaryPhone: { phoneNumber: '4085550123' } };
  const shapes: Shape[] = [
    { id: '12-00001-10001', site: 'EBAY_US', buyer: 'emily.carter_demo', shipTo: emily, lines: [line(us, 0, 2), line(us, 1, 1)], fulfillment: 'NOT_STARTED', payment: 'PAID', minutesAgo: 90 },
    {
      id: '12-00002-10002',
      site: 'EBAY_US',
      buyer: 'm.rossi_demo',
      shipTo: { fullName: 'Mario Rossi', companyName: 'Rossi Sartoria', contactAddress: { addressLine1: '221 Mulberry St', city: 'New York', stateOrProvince: 'NY', postalCode: '10012', countryCode: 'US' } },
      lines: [line(us, 2, 1, 'FULFILLED'), line(us, 3, 1)],
      fulfillment: 'IN_PROGRESS',
      payment: 'PAID',
      minutesAgo: 60,
    },
    {
      id: '12-00003-10003',
      site: 'EBAY_US',
      buyer: 'changed_my_mind_demo',
      shipTo: emily,
      lines: [line(us, 4, 1)],
      fulfillment: 'NOT_STARTED',
      payment: 'FULLY_REFUNDED',
      cancel: { cancelState: 'CANCELED', cancelledDate: new Date(now - 20 * 60_000).toISOString(), cancelRequests: [] },
      minutesAgo: 45,
    },
    {
      id: '12-00004-10004',
      site: 'EBAY_DE',
      buyer: 'jürgen_weiß_demo',
      shipTo: { fullName: 'Jürgen Weiß', contactAddress: { addressLine1: 'Königstraße 12', addressLine2: 'Hinterhaus, 3. OG', city: 'München', stateOrProvince: 'Bayern', postalCode: '80331', countryCode: 'DE' }, primaryPhone: { phoneNumber: '+49 89 1234567' } },
      lines: [line(de, 5, 1), line(de, 6, 2)],
      fulfillment: 'NOT_STARTED',
      payment: 'PAID',
      minutesAgo: 30,
    },
    {
      id: '12-00005-10005',
      site: 'EBAY_US',
      buyer: 'hasty_buyer_demo',
      shipTo: emily,
      lines: [line(us, 7, 1)],
      fulfillment: 'NOT_STARTED',
      payment: 'PAID',
      cancel: {
        cancelState: 'IN_PROGRESS',
        cancelRequests: [{ cancelRequestId: '5000000001', cancelInitiator: 'BUYER', cancelReason: 'ORDERED_BY_MISTAKE', cancelRequestState: 'REQUESTED', cancelRequestedDate: new Date(now - 5 * 60_000).toISOString() }],
      },
      minutesAgo: 15,
    },
  ];
  return shapes.map((s) => orderJson(s, now));
}

/**
 * The demo channel's settings from the simulated seller account (GET /__sim/account): its first
 * business policy of each kind and its first inventory location, as a seller's would be set up.
 */
export async function ebayDemoSettings(controlUrl: string): Promise<Record<string, string>> {
  const res = await fetch(`${controlUrl.replace(/\/+$/, '')}/__sim/account`);
  if (!res.ok) throw new Error(`the eBay simulator's account: ${res.status} ${await res.text()}`);
  const account = (await res.json()) as { merchantLocationKeys?: string[]; policies?: Record<string, string[] | undefined> };
  const first = (list: string[] | undefined) => (list?.length ? [list[0]] : []);
  const out: Record<string, string> = {};
  for (const [setting, ids] of [
    ['fulfillmentPolicyId', account.policies?.fulfillmentPolicyIds],
    ['paymentPolicyId', account.policies?.paymentPolicyIds],
    ['returnPolicyId', account.policies?.returnPolicyIds],
    ['merchantLocationKey', account.merchantLocationKeys],
  ] as const) {
    for (const id of first(ids)) out[setting] = id;
  }
  return out;
}

/** Puts the sample orders into a fresh simulator through its control routes. */
export async function seedEbayDemo(controlUrl: string, catalog: DemoCatalog): Promise<void> {
  for (const body of demoOrders(catalog)) {
    const res = await fetch(`${controlUrl.replace(/\/+$/, '')}/__sim/orders`, { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8' }, body });
    if (!res.ok) throw new Error(`the eBay simulator refused a demo order: ${res.status} ${await res.text()}`);
  }
}
