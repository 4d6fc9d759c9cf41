import { ebayLineIdOf, ebayOrderIdOf, ebayOrderJson, SIM_SETUP } from '../../connectors/ebay/fixtures/orders';
import type { SimControl } from '../../connectors/sdk/testkit/sim-control';
import { ChannelRef, gqlOk } from './sync-fixtures';
import type { TestApp } from './test-app';

/**
 * What the sync tests need to sell on eBay: a channel on one seller account with the business
 * policies and the inventory location its offers go out with (channel settings: the simulated
 * seller has them from the start), products with an https picture and an English title and
 * description (eBay sites list in their language, never in the catalogue's Chinese), and orders
 * in the Fulfillment API's own `Order` shape.
 */

/** A leaf category the simulator takes (any numeric id; the connector's fixtures use this one). */
export const EBAY_CATEGORY_ID = '3001';

/** The simulated seller's business policies and location (`6196932000`…, `warehouse-1`), as channel settings. */
export const EBAY_LISTING_SETTINGS: Readonly<Record<string, string>> = { ...SIM_SETUP };

/**
 * An eBay channel (kind EBAY) on `baseUrl` covering `marketplaceIds` (default eBay.com) in
 * `currency` (default USD), with the listing settings above plus `settings` (e.g. daily quotas),
 * an optional price rule, and no scheduled pulls.
 */
export async function createEbayChannel(
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
  const settings = Object.entries({ ...EBAY_LISTING_SETTINGS, ...opts.settings }).map(([name, value]) => ({ name, value }));
  const r = await gqlOk(t, token, `mutation($i: CreateChannelInput!) { createChannel(input: $i) { channel { id key status } userErrors { code message field } } }`, {
    i: {
      kind: 'EBAY',
      name: opts.name,
      baseUrl: opts.baseUrl,
      currency: opts.currency ?? 'USD',
      marketplaceIds: opts.marketplaceIds ?? ['EBAY_US'],
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

/** A picture eBay may fetch: https only (the connector leaves other URLs out, and eBay will not publish without one). */
export function ebayImageUrl(name: string): string {
  return `https://i.ebayimg.example/images/${encodeURIComponent(name)}.jpg`;
}

/**
 * A warehouse and one product with `count` variants `<prefix>-01`… varying by an English axis
 * (eBay lists them as one multiple-variation listing whose `variesBy` names it), each with `onHand`
 * units in `warehouse`, a picture and an en-US title and description. Returns the SKUs.
 */
export async function seedEbayCatalog(t: TestApp, token: string, opts: { warehouse: string; prefix: string; count: number; onHand: number; price?: string }): Promise<string[]> {
  const q = (query: string, vars: Record<string, unknown>) => gqlOk(t, token, query, vars);
  await q(`mutation($c: String!) { createWarehouse(input: { code: $c, name: "海外仓", kind: OWN, country: "CN" }) { userErrors { code } } }`, { c: opts.warehouse });
  const skus = Array.from({ length: opts.count }, (_, i) => `${opts.prefix}-${String(i + 1).padStart(2, '0')}`);
  const p = await q('mutation($i: CreateProductInput!) { createProduct(input: $i) { product { id } userErrors { code message } } }', {
    i: {
      title: `男士修身西装 ${opts.prefix}`,
      description: '羊毛混纺，两粒扣。',
      images: [{ url: ebayImageUrl(opts.prefix) }],
      options: [{ name: 'Style', values: skus }],
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

/** Kinds of eBay order the flow tests mix, by the order's index. */
export type EbayOrderKind = 'PLAIN' | 'MULTI' | 'UNKNOWN_SKU' | 'CANCEL_REQUESTED' | 'CANCELLED' | 'PAYMENT_PENDING';

export function ebayOrderKind(i: number): EbayOrderKind {
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
      return 'PAYMENT_PENDING';
    default:
      return 'PLAIN';
  }
}

/** What the i-th order of the mix becomes on our side: its status and the holds it carries. */
export function ebayExpected(i: number): { status: string; holds: string[] | null } {
  switch (ebayOrderKind(i)) {
    case 'UNKNOWN_SKU':
      return { status: 'PAID', holds: ['UNMAPPED_SKU'] };
    case 'CANCEL_REQUESTED':
      return { status: 'PAID', holds: ['CANCEL_REQUESTED'] };
    case 'CANCELLED':
      return { status: 'CANCELLED', holds: null };
    case 'PAYMENT_PENDING':
      return { status: 'PENDING_PAYMENT', holds: null };
    default:
      return { status: 'PAID', holds: null };
  }
}

type Raw = Record<string, any>;

/**
 * The i-th order of the mix as `POST /__sim/orders` takes it (one `Order` of the Fulfillment API):
 * paid and waiting to ship with one line or three, a line whose SKU we do not know, a buyer's open
 * cancellation request, an order eBay cancelled and refunded, or one whose payment is still
 * pending. `at`: when it was placed and last modified (default: now).
 */
export function ebayMixedOrder(i: number, skus: string[], opts: { at?: Date } = {}): string {
  const kind = ebayOrderKind(i);
  const pick = (k: number) => skus[(i + k) % skus.length];
  const lines = kind === 'MULTI' ? [pick(0), pick(1), pick(2)] : kind === 'UNKNOWN_SKU' ? [pick(0), `NOPE-${i}`] : [pick(0)];
  const order = JSON.parse(ebayOrderJson(i, lines)) as Raw;
  const when = (opts.at ?? new Date()).toISOString();
  order.creationDate = when;
  order.lastModifiedDate = when;
  for (const p of order.paymentSummary.payments) p.paymentDate = when;
  if (kind === 'CANCEL_REQUESTED') {
    order.cancelStatus = {
      cancelState: 'IN_PROGRESS',
      cancelRequests: [{ cancelRequestId: `50001${String(i).padStart(5, '0')}`, cancelInitiator: 'BUYER', cancelReason: 'ORDERED_BY_MISTAKE', cancelRequestState: 'REQUESTED', cancelRequestedDate: when }],
    };
  }
  if (kind === 'CANCELLED') {
    order.orderPaymentStatus = 'FULLY_REFUNDED';
    order.cancelStatus = {
      cancelState: 'CANCELED',
      cancelledDate: when,
      cancelRequests: [{ cancelRequestId: `50002${String(i).padStart(5, '0')}`, cancelInitiator: 'BUYER', cancelReason: 'BUYER_ASKED_CANCEL', cancelRequestState: 'COMPLETED', cancelRequestedDate: when, cancelCompletedDate: when }],
    };
    order.paymentSummary.refunds = [{ refundId: `RF-${i}`, refundStatus: 'REFUNDED', refundDate: when, amount: order.pricingSummary.total }];
  }
  if (kind === 'PAYMENT_PENDING') {
    order.orderPaymentStatus = 'PENDING';
    for (const p of order.paymentSummary.payments) p.paymentStatus = 'PENDING';
  }
  return JSON.stringify(order);
}

export { ebayLineIdOf, ebayOrderIdOf };

/** One offer as the simulator's `GET /__sim/listings` shows it: what it lists where. */
export interface EbayOffer {
  sku: string;
  quantity: number;
  price: string;
  currency: string | null;
  status: 'PUBLISHED' | 'UNPUBLISHED';
  marketplaceId: string;
  offerId: string;
  format: string;
  listingId: string | null;
  listingStatus: string | null;
  groupKey: string | null;
  /** The Content-Language the offer was written with. */
  locale: string | null;
  /** The inventory item's title (one per SKU on every site). */
  title: string | null;
  revisionsToday: number;
}

/** Every offer the simulated seller has, on every site. */
export async function ebayOffers(control: SimControl): Promise<EbayOffer[]> {
  const res = await fetch(`${control.controlUrl.replace(/\/+$/, '')}/__sim/listings`);
  if (!res.ok) throw new Error(`GET /__sim/listings answered ${res.status}`);
  return ((await res.json()) as { listings: EbayOffer[] }).listings;
}
