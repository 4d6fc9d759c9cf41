import type { DemoCatalog } from '../sdk/types';

/**
 * The demo shop on a fresh Amazon simulator (`SIMULATORS=1`): sample orders of demo SKUs waiting
 * for an ORDERS sync, each an `Order` of the Orders API v2026-01-01 exactly as searchOrders
 * returns it with every data set the connector asks for, on Amazon.com (USD) and Amazon.ca (CAD):
 * a merchant-fulfilled order of several lines, one partly shipped (its package shown), a cancelled
 * one, one Amazon fulfils (FBA: it ships from Amazon's stock, nothing of ours is reserved) and one
 * from Montréal in CAD. The lines are the first products' SKUs (one product after another, so the
 * orders of every demo channel together do not sell one SKU out), at the price the channel lists
 * them at on the order's marketplace (the catalogue's `markets`).
 *
 * No listings are made here: Amazon listings are published through the API (a LISTINGS sync).
 */

const US = { marketplaceId: 'ATVPDKIKX0DER', marketplaceName: 'Amazon.com', currency: 'USD', shipping: 599 };
const CA = { marketplaceId: 'A2EUQ1WTGCTBG2', marketplaceName: 'Amazon.ca', currency: 'CAD', shipping: 799 };
type Marketplace = typeof US;

/**
 * A catalogue priced in CNY (one from a host that gives no prices per marketplace): the demo
 * buyers pay about this many yuan per unit of their currency (×10).
 */
const YUAN_PER_X10: Record<string, number> = { USD: 72, CAD: 52 };

type DemoSku = DemoCatalog['products'][number]['skus'][number];
interface Sku {
  sku: string;
  title: string;
  cents: number;
}

const money = (cents: number, currencyCode: string) => ({ amount: `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`, currencyCode });

/** A decimal amount ("45.99") in cents; NaN when it is not one. */
function centsOf(price: string): number {
  const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(price.trim());
  return m ? Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0')) : NaN;
}

/** What a SKU costs on a marketplace: the channel's price there, its own price in that currency, else converted from yuan. */
function priceOn(catalog: DemoCatalog, s: DemoSku, mp: Marketplace): number {
  const market = s.markets?.find((m) => m.marketplaceId === mp.marketplaceId && m.currency.toUpperCase() === mp.currency);
  const own = (catalog.currency ?? 'CNY').toUpperCase();
  const given = market ? centsOf(market.price) : own === mp.currency ? centsOf(s.price) : NaN;
  if (given > 0) return given;
  const yuan = own === 'CNY' ? Number(s.price) : NaN;
  return Number.isFinite(yuan) && yuan > 0 ? Math.max(100, Math.round((yuan * 1000) / YUAN_PER_X10[mp.currency])) : 1999;
}

/** The catalogue's SKUs, one product after another, priced on `mp` (a placeholder when the catalogue is empty). */
function skus(catalog: DemoCatalog, mp: Marketplace): Sku[] {
  const products = catalog.products.filter((p) => p.skus.length);
  const longest = Math.max(0, ...products.map((p) => p.skus.length));
  const out: Sku[] = [];
  for (let k = 0; k < longest; k++) {
    for (const p of products) {
      const s = p.skus[k];
      if (s) out.push({ sku: s.sku, title: p.title.slice(0, 200), cents: priceOn(catalog, s, mp) });
    }
  }
  return out.length ? out : [{ sku: 'DEMO-SKU', title: 'Demo item', cents: 1999 }];
}

interface Line extends Sku {
  quantity: number;
  /** Units shipped already (a partly shipped order). */
  shipped?: number;
}

interface Shape {
  id: string;
  mp: Marketplace;
  status: 'UNSHIPPED' | 'PARTIALLY_SHIPPED' | 'SHIPPED' | 'CANCELLED';
  fulfilledBy: 'MERCHANT' | 'AMAZON';
  recipient: Record<string, unknown>;
  email: string;
  lines: Line[];
  programs?: string[];
  minutesAgo: number;
  /** The package already sent (a partly shipped order). */
  tracking?: string;
}

function orderJson(o: Shape, now: number): string {
  const { currency } = o.mp;
  const created = new Date(now - o.minutesAgo * 60_000).toISOString();
  // Changed a little after it was placed, and at least two minutes ago (searchOrders' window ends there).
  const updated = new Date(now - Math.max(2, o.minutesAgo - 10) * 60_000).toISOString();
  const cancelled = o.status === 'CANCELLED';
  // Merchant-fulfilled orders pay the shipping on their first line; Amazon's ship free (Prime).
  const shipping = cancelled || o.fulfilledBy === 'AMAZON' ? 0 : o.mp.shipping;
  const itemsTotal = o.lines.reduce((s, l) => s + l.cents * l.quantity, 0);
  const itemId = (n: number) => `${o.id.replace(/-/g, '').slice(-11)}${String(n + 1).padStart(3, '0')}`;
  const shipped = o.lines.map((l, n) => ({ l, n })).filter(({ l }) => l.shipped);
  return JSON.stringify({
    orderId: o.id,
    orderAliases: [{ aliasId: `DEMO-${o.id.slice(-7)}`, aliasType: 'SELLER_ORDER_ID' }],
    createdTime: created,
    lastUpdatedTime: updated,
    programs: o.programs ?? [],
    associatedOrders: [],
    salesChannel: { channelName: 'AMAZON', marketplaceId: o.mp.marketplaceId, marketplaceName: o.mp.marketplaceName },
    buyer: { buyerName: o.recipient.name, buyerEmail: o.email },
    recipient: { deliveryAddress: o.recipient },
    proceeds: cancelled
      ? { grandTotal: money(0, currency), breakdowns: [] }
      : {
          grandTotal: money(itemsTotal + shipping, currency),
          breakdowns: [{ type: 'ITEM', subtotal: money(itemsTotal, currency) }, ...(shipping ? [{ type: 'SHIPPING', subtotal: money(shipping, currency) }] : [])],
        },
    fulfillment: { fulfillmentStatus: o.status, fulfilledBy: o.fulfilledBy, fulfillmentServiceLevel: o.fulfilledBy === 'AMAZON' ? 'SECOND_DAY' : 'STANDARD' },
    orderItems: o.lines.map((l, n) => {
      const lineShipping = n === 0 ? shipping : 0;
      const fulfilled = o.status === 'SHIPPED' ? l.quantity : cancelled ? 0 : (l.shipped ?? 0);
      return {
        orderItemId: itemId(n),
        quantityOrdered: l.quantity,
        programs: [],
        product: {
          asin: `B0DEMO${String(n + 1).padStart(4, '0')}`,
          title: l.title,
          sellerSku: l.sku,
          condition: { conditionType: 'NEW', conditionSubtype: 'NEW' },
          price: { unitPrice: money(l.cents, currency) },
        },
        ...(cancelled
          ? {
              cancellation: {
                cancellationRequest: { requester: 'BUYER', cancelReason: 'Ordered by mistake' },
                cancellationExecution: { cancelledBy: 'MERCHANT', cancelReason: 'Buyer requested cancellation' },
              },
            }
          : {
              proceeds: {
                proceedsTotal: money(l.cents * l.quantity + lineShipping, currency),
                breakdowns: [{ type: 'ITEM', subtotal: money(l.cents * l.quantity, currency) }, ...(lineShipping ? [{ type: 'SHIPPING', subtotal: money(lineShipping, currency) }] : [])],
              },
            }),
        fulfillment: { quantityFulfilled: fulfilled, quantityUnfulfilled: cancelled ? 0 : l.quantity - fulfilled },
      };
    }),
    packages: shipped.length
      ? [
          {
            packageReferenceId: '1',
            createdTime: updated,
            packageStatus: { status: 'IN_TRANSIT' },
            carrier: 'UPS',
            shipTime: updated,
            shippingService: 'UPS Ground',
            trackingNumber: o.tracking,
            packageItems: shipped.map(({ l, n }) => ({ orderItemId: itemId(n), quantity: l.shipped })),
          },
        ]
      : [],
  });
}

/** The sample orders, by the demo catalogue's SKUs. */
export function demoOrders(catalog: DemoCatalog, now = Date.now()): string[] {
  const us = skus(catalog, US);
  const ca = skus(catalog, CA);
  const line = (list: Sku[], i: number, quantity: number, shipped?: number): Line => ({ ...list[i % list.length], quantity, shipped });
  const emily = { name: 'Emily Carter', addressLine1: '1450 N 1st Street', addressLine2: 'Apt 12B', city: 'San Jose', stateOrRegion: 'CA', postalCode: '95112', countryCode: 'US', phone: '408-555-0123', addressType: 'RESIDENTIAL' };
  const shapes: Shape[] = [
    { id: '113-4000001-1000001', mp: US, status: 'UNSHIPPED', fulfilledBy: 'MERCHANT', recipient: emily, email: 'k7v2m9q4xz1@marketplace.amazon.com', lines: [line(us, 0, 2), line(us, 1, 1)], minutesAgo: 95 },
    {
      id: '113-4000002-1000002',
      mp: US,
      status: 'PARTIALLY_SHIPPED',
      fulfilledBy: 'MERCHANT',
      recipient: { name: 'Mario Rossi', companyName: 'Rossi Sartoria', addressLine1: '221 Mulberry St', city: 'New York', stateOrRegion: 'NY', postalCode: '10012', countryCode: 'US', addressType: 'COMMERCIAL' },
      email: 'p3d8w1r6tn5@marketplace.amazon.com',
      lines: [line(us, 2, 1, 1), line(us, 3, 1)],
      minutesAgo: 70,
      tracking: '1Z999AA10123456784',
    },
    { id: '113-4000003-1000003', mp: US, status: 'CANCELLED', fulfilledBy: 'MERCHANT', recipient: emily, email: 'b9h4c2y7fs0@marketplace.amazon.com', lines: [line(us, 4, 1)], minutesAgo: 50 },
    {
      id: '113-4000004-1000004',
      mp: US,
      status: 'SHIPPED',
      fulfilledBy: 'AMAZON',
      programs: ['PRIME'],
      recipient: { name: 'Aisha Johnson', addressLine1: '800 Occidental Ave S', city: 'Seattle', stateOrRegion: 'WA', postalCode: '98134', countryCode: 'US', addressType: 'RESIDENTIAL' },
      email: 'q6n1x8e3lj2@marketplace.amazon.com',
      lines: [line(us, 5, 1)],
      minutesAgo: 40,
    },
    {
      id: '702-4000005-1000005',
      mp: CA,
      status: 'UNSHIPPED',
      fulfilledBy: 'MERCHANT',
      recipient: { name: 'Émilie Tremblay', addressLine1: '1234 rue Sainte-Catherine Ouest', addressLine2: 'app. 5', city: 'Montréal', stateOrRegion: 'QC', postalCode: 'H3G 1P1', countryCode: 'CA', phone: '514-555-0199', addressType: 'RESIDENTIAL' },
      email: 'f2t7g5v9ka4@marketplace.amazon.ca',
      lines: [line(ca, 6, 1), line(ca, 7, 2)],
      minutesAgo: 25,
    },
  ];
  return shapes.map((s) => orderJson(s, now));
}

/**
 * What Amazon holds of the featured SKUs in its North American warehouses (FBA): the first six
 * SKUs the US orders sell (the Amazon-fulfilled order's among them), some with units on the way
 * in, as `POST /__sim/fba-inventory` takes them. Quantities follow the SKU's place, so every
 * start shows the same stock.
 */
export function demoFbaInventory(catalog: DemoCatalog): Record<string, unknown>[] {
  return skus(catalog, US)
    .slice(0, 6)
    .map((s, i) => ({ sellerSku: s.sku, fulfillable: 8 + ((i * 7) % 23), inbound: i % 2 ? 12 : 0, reserved: i === 5 ? 1 : 0, productName: s.title }));
}

/** Puts the sample orders and the FBA stock into a fresh simulator through its control routes. */
export async function seedAmazonDemo(controlUrl: string, catalog: DemoCatalog): Promise<void> {
  const post = async (path: string, body: string, what: string) => {
    const res = await fetch(`${controlUrl.replace(/\/+$/, '')}${path}`, { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8' }, body });
    if (!res.ok) throw new Error(`the Amazon simulator refused ${what}: ${res.status} ${await res.text()}`);
  };
  for (const body of demoOrders(catalog)) await post('/__sim/orders', body, 'a demo order');
  for (const item of demoFbaInventory(catalog)) await post('/__sim/fba-inventory', JSON.stringify(item), 'demo FBA stock');
}
