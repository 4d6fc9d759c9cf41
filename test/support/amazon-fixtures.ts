import { amazonItemIdOf, amazonOrderIdOf, amazonOrderJson } from '../../connectors/amazon/fixtures/orders';
import { DEFAULT_USAGE_PLANS } from '../../connectors/amazon/simulator';
import type { SimControl } from '../../connectors/sdk/testkit/sim-control';
import { ChannelRef, gqlOk } from './sync-fixtures';
import type { TestApp } from './test-app';

/**
 * What the sync tests need to sell on Amazon: a channel on one seller account (the simulator's
 * LWA app and refresh token, the selling partner id) covering Amazon.com, products with an
 * English title and description (Amazon lists in its marketplaces' languages, never in the
 * catalogue's Chinese) published with a product type, and orders in the Orders API
 * v2026-01-01's own `Order` shape (connectors/amazon/fixtures/orders.ts, changed per kind).
 */

export const US = 'ATVPDKIKX0DER';

/** The product type the tests publish with (the channel's listings name it in `product_type`). */
export const AMAZON_PRODUCT_TYPE = 'SUIT';

/** The attributes every listing of the tests goes out with: its product type, a brand, a department. */
export const AMAZON_LISTING_ATTRIBUTES = [
  { name: 'product_type', value: AMAZON_PRODUCT_TYPE },
  { name: 'brand', value: 'Omni Tailors' },
  { name: 'department', value: 'mens' },
];

/**
 * An Amazon channel (kind AMAZON) on `baseUrl` for the simulated seller `credentials`
 * (`GET /__sim/credentials`: clientId, clientSecret, refreshToken, sellerId), covering
 * `marketplaceIds` (default Amazon.com) in `currency` (default USD), with `settings` (region NA
 * and the product type, plus e.g. `feedThreshold`), an optional price rule, and no scheduled pulls.
 */
export async function createAmazonChannel(
  t: TestApp,
  token: string,
  opts: {
    name: string;
    baseUrl: string;
    credentials: Record<string, string>;
    warehouse: string;
    marketplaceIds?: string[];
    currency?: string;
    settings?: Record<string, string>;
    priceRule?: Record<string, unknown>;
  },
): Promise<ChannelRef> {
  const settings = Object.entries({ region: 'NA', productType: AMAZON_PRODUCT_TYPE, ...opts.settings }).map(([name, value]) => ({ name, value }));
  const r = await gqlOk(t, token, `mutation($i: CreateChannelInput!) { createChannel(input: $i) { channel { id key status } userErrors { code message field } } }`, {
    i: {
      kind: 'AMAZON',
      name: opts.name,
      baseUrl: opts.baseUrl,
      currency: opts.currency ?? 'USD',
      marketplaceIds: opts.marketplaceIds ?? [US],
      credentials: opts.credentials,
      warehouseCodes: [opts.warehouse],
      settings,
      ...(opts.priceRule ? { priceRule: opts.priceRule } : {}),
      // Pulls only when a test asks: a scheduled pull would race the counts the tests check.
      schedule: { ordersEveryMinutes: 0, returnsEveryMinutes: 0, reconcileEveryHours: 0 },
    },
  });
  if (r.createChannel.userErrors.length) throw new Error(JSON.stringify(r.createChannel.userErrors));
  return r.createChannel.channel;
}

/** A picture Amazon may fetch (the connector passes https URLs on as `main_product_image_locator`). */
export function amazonImageUrl(name: string): string {
  return `https://images.example.com/amazon/${encodeURIComponent(name)}.jpg`;
}

/**
 * A warehouse and one product with `count` variants `<prefix>-01`… (a size each), each with
 * `onHand` units in `warehouse`, catalogue price `price` (CNY, default 299.00), a picture, and an
 * en-US title and description. Returns the SKUs.
 */
export async function seedAmazonCatalog(t: TestApp, token: string, opts: { warehouse: string; prefix: string; count: number; onHand: number; price?: string }): Promise<string[]> {
  const q = (query: string, vars: Record<string, unknown>) => gqlOk(t, token, query, vars);
  await q(`mutation($c: String!) { createWarehouse(input: { code: $c, name: "海外仓", kind: OWN, country: "CN" }) { userErrors { code } } }`, { c: opts.warehouse });
  const skus = Array.from({ length: opts.count }, (_, i) => `${opts.prefix}-${String(i + 1).padStart(2, '0')}`);
  const p = await q('mutation($i: CreateProductInput!) { createProduct(input: $i) { product { id } userErrors { code message } } }', {
    i: {
      title: `男士修身西装 ${opts.prefix}`,
      description: '羊毛混纺，两粒扣。',
      images: [{ url: amazonImageUrl(opts.prefix) }],
      options: [{ name: 'Size', values: skus }],
      variants: skus.map((sku) => ({ sku, optionValues: [sku], price: opts.price ?? '299.00' })),
    },
  });
  if (p.createProduct.userErrors.length) throw new Error(JSON.stringify(p.createProduct.userErrors));
  const tr = await q('mutation($p: ID!, $t: [TranslationInput!]!) { setProductTranslations(productId: $p, translations: $t) { userErrors { code message } } }', {
    p: p.createProduct.product.id,
    t: [{ locale: 'en-US', title: `Men's slim fit suit ${opts.prefix}`, description: 'Wool blend, two buttons, notch lapel.' }],
  });
  if (tr.setProductTranslations.userErrors.length) throw new Error(JSON.stringify(tr.setProductTranslations.userErrors));
  for (const sku of skus) {
    await q('mutation($s: String!, $w: String!, $d: Int!) { adjustStock(input: { sku: $s, warehouseCode: $w, delta: $d, reason: "opening" }) { userErrors { code } } }', { s: sku, w: opts.warehouse, d: opts.onHand });
  }
  return skus;
}

/** Kinds of Amazon order the flow tests mix, by the order's index. */
export type AmazonOrderKind = 'PLAIN' | 'MULTI' | 'UNKNOWN_SKU' | 'CANCEL_REQUESTED' | 'CANCELLED' | 'PENDING' | 'AFN';

export function amazonOrderKind(i: number): AmazonOrderKind {
  switch (i % 10) {
    case 0:
      return 'UNKNOWN_SKU';
    case 1:
    case 5:
      return 'MULTI';
    case 2:
      return 'CANCEL_REQUESTED';
    case 3:
      return 'CANCELLED';
    case 4:
      return 'PENDING';
    case 6:
      return 'AFN';
    default:
      return 'PLAIN';
  }
}

/** What the i-th order of the mix becomes on our side: its status, the holds it carries, who fulfils it, and whether it holds our stock. */
export function amazonExpected(i: number): { status: string; holds: string[] | null; fulfilledBy: string; reserves: boolean } {
  switch (amazonOrderKind(i)) {
    case 'UNKNOWN_SKU':
      return { status: 'PAID', holds: ['UNMAPPED_SKU'], fulfilledBy: 'MERCHANT', reserves: false };
    case 'CANCEL_REQUESTED':
      return { status: 'PAID', holds: ['CANCEL_REQUESTED'], fulfilledBy: 'MERCHANT', reserves: true };
    case 'CANCELLED':
      return { status: 'CANCELLED', holds: null, fulfilledBy: 'MERCHANT', reserves: false };
    case 'PENDING':
      return { status: 'PENDING_PAYMENT', holds: null, fulfilledBy: 'MERCHANT', reserves: false };
    // Amazon ships it from its own warehouses (FBA): none of our stock is held for it.
    case 'AFN':
      return { status: 'PAID', holds: null, fulfilledBy: 'MARKETPLACE', reserves: false };
    default:
      return { status: 'PAID', holds: null, fulfilledBy: 'MERCHANT', reserves: true };
  }
}

type Raw = Record<string, any>;

/**
 * The i-th order of the mix as `POST /__sim/orders` takes it (one `Order` of the Orders API
 * v2026-01-01 with every data set the connector asks for): merchant-fulfilled and waiting to ship
 * with one item or three, an item whose SKU we do not know, a buyer's open cancellation request,
 * one Amazon cancelled, one whose payment is pending, or one Amazon fulfils (FBA). `at`: when it
 * was placed and last updated (default now); `createdAt` places it earlier than its last update.
 */
export function amazonMixedOrder(i: number, skus: string[], opts: { at?: Date; createdAt?: Date } = {}): string {
  const kind = amazonOrderKind(i);
  const pick = (k: number) => skus[(i + k) % skus.length];
  const lines = kind === 'MULTI' ? [pick(0), pick(1), pick(2)] : kind === 'UNKNOWN_SKU' ? [pick(0), `NOPE-${i}`] : [pick(0)];
  const order = JSON.parse(amazonOrderJson(i, lines)) as Raw;
  const when = (opts.at ?? new Date()).toISOString();
  order.createdTime = (opts.createdAt ?? opts.at ?? new Date()).toISOString();
  order.lastUpdatedTime = when;
  if (kind === 'CANCEL_REQUESTED') order.orderItems[0].cancellation = { cancellationRequest: { requester: 'BUYER', cancelReason: 'Ordered by mistake' } };
  if (kind === 'CANCELLED') {
    order.fulfillment.fulfillmentStatus = 'CANCELLED';
    for (const it of order.orderItems) it.cancellation = { cancellationExecution: { cancelledBy: 'BUYER', cancelReason: 'Found a better price' } };
  }
  if (kind === 'PENDING') order.fulfillment.fulfillmentStatus = 'PENDING';
  if (kind === 'AFN') {
    order.fulfillment.fulfilledBy = 'AMAZON';
    order.fulfillment.fulfillmentServiceLevel = 'EXPEDITED';
  }
  return JSON.stringify(order);
}

export { amazonItemIdOf, amazonOrderIdOf };

/** Plans far above what the tests make, so only the faults a test injects refuse a call (the engine adopts each answer's stated rate). */
export function generousUsagePlans(rate = 100, burst = 100): Record<string, { rate: number; burst: number }> {
  return Object.fromEntries(Object.keys(DEFAULT_USAGE_PLANS).map((op) => [op, { rate, burst }]));
}

/** A JSON control call to the simulator (`/__sim/...`) that fails unless answered 200. */
export async function simPost<T = Raw>(control: SimControl, path: string, body: unknown): Promise<T> {
  const res = await fetch(`${control.controlUrl.replace(/\/+$/, '')}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`POST ${path} answered ${res.status}: ${text.slice(0, 500)}`);
  return JSON.parse(text) as T;
}

export async function simGet<T = Raw>(control: SimControl, path: string): Promise<T> {
  const res = await fetch(`${control.controlUrl.replace(/\/+$/, '')}${path}`);
  const text = await res.text();
  if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}: ${text.slice(0, 500)}`);
  return JSON.parse(text) as T;
}

/** One SKU on one marketplace as the simulator's `GET /__sim/listings` shows it. */
export interface AmazonSimListing {
  sku: string;
  marketplaceId: string;
  quantity: number;
  price: string;
  currency: string | null;
  /** BUYABLE, DISCOVERABLE, INACTIVE, or PENDING before its first processing. */
  status: string;
  productType: string;
  title: string | null;
  issues: { code: string; message: string; severity: string }[];
  pendingSubmissions: number;
  attributes: Raw | null;
}

export async function amazonListings(control: SimControl): Promise<AmazonSimListing[]> {
  return (await simGet<{ listings: AmazonSimListing[] }>(control, '/__sim/listings')).listings;
}
