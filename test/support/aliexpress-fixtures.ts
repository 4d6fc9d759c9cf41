import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { aeOrderIdOf, aeOrderJson } from '../../connectors/aliexpress/fixtures/orders';
import { formatPacific } from '../../connectors/aliexpress/simulator/ae-time';
import { parseWireJson } from '../../connectors/aliexpress/simulator/wire-json';
import { stringifyJsonExact } from '../../connectors/sdk/exact-json';
import { ChannelRef, gqlOk, seedCatalog } from './sync-fixtures';
import type { TestApp } from './test-app';

/**
 * What the sync tests need to sell on AliExpress: a channel with the product values AliExpress
 * requires and our catalogue does not hold (brand, freight template, lead time, weight, package
 * size: channel settings), products with an image the photo bank can take and an English title
 * and description (the channel lists in en-US), and orders in AliExpress's own wire shape.
 */

/** A leaf category the simulator takes (any positive id; the conformance fixtures use this one). */
export const AE_CATEGORY_ID = '200000662';

/** The product values every listing of the channel shares, as channel settings. */
export const AE_LISTING_SETTINGS: Readonly<Record<string, string>> = {
  brandName: 'Fine Tailoring',
  freightTemplateId: '1000',
  shippingLeadTime: '3',
  weight: '0.300',
  packageLength: '30',
  packageWidth: '20',
  packageHeight: '5',
};

/**
 * An AliExpress channel (kind ALIEXPRESS, USD unless `currency` says) on `baseUrl`, with the
 * listing settings above plus `settings` (e.g. `callsPerSecond`), and no scheduled pulls.
 */
export async function createAliExpressChannel(
  t: TestApp,
  token: string,
  opts: { name: string; baseUrl: string; credentials: Record<string, string>; warehouse: string; currency?: string; settings?: Record<string, string> },
): Promise<ChannelRef> {
  const settings = Object.entries({ ...AE_LISTING_SETTINGS, ...opts.settings }).map(([name, value]) => ({ name, value }));
  const r = await gqlOk(t, token, `mutation($i: CreateChannelInput!) { createChannel(input: $i) { channel { id key status } userErrors { code message field } } }`, {
    i: {
      kind: 'ALIEXPRESS', name: opts.name, baseUrl: opts.baseUrl, currency: opts.currency ?? 'USD', credentials: opts.credentials, warehouseCodes: [opts.warehouse], settings,
      // Pulls only when a test asks: a scheduled pull would race the counts the tests check.
      schedule: { ordersEveryMinutes: 0, returnsEveryMinutes: 0, reconcileEveryHours: 0 },
    },
  });
  if (r.createChannel.userErrors.length) throw new Error(JSON.stringify(r.createChannel.userErrors));
  return r.createChannel.channel;
}

/** A few bytes that start like a JPEG: what the photo bank takes. */
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]);

export interface ImageHost {
  /** The URL of an image named `name` on the host. */
  url(name: string): string;
  stop(): Promise<void>;
}

/**
 * An image host on loopback. Product images must be http(s) URLs, and the connector fetches them
 * for the photo bank; from loopback only while the gateway is on loopback too (a simulator).
 */
export async function startImageHost(): Promise<ImageHost> {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'image/jpeg' });
    res.end(JPEG);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/img`;
  return {
    url: (name) => `${base}/${encodeURIComponent(name)}.jpg`,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * seedCatalog's product (one product, `count` variants, `onHand` each in `warehouse`) with what
 * AliExpress needs: an image and an en-US title and description. Returns the SKUs.
 */
export async function seedAliExpressCatalog(
  t: TestApp,
  token: string,
  opts: { warehouse: string; prefix: string; count: number; onHand: number; imageUrl: string; price?: string },
): Promise<string[]> {
  const skus = await seedCatalog(t, token, { ...opts, product: { description: '纯棉，圆领。', images: [{ url: opts.imageUrl }] } });
  const v = await gqlOk(t, token, 'query($s: String!) { variant(sku: $s) { product { id } } }', { s: skus[0] });
  const r = await gqlOk(t, token, 'mutation($p: ID!, $t: [TranslationInput!]!) { setProductTranslations(productId: $p, translations: $t) { userErrors { code message } } }', {
    p: v.variant.product.id,
    t: [{ locale: 'en-US', title: `Cotton crew neck T-shirt ${opts.prefix}`, description: '100% cotton, crew neck.' }],
  });
  if (r.setProductTranslations.userErrors.length) throw new Error(JSON.stringify(r.setProductTranslations.userErrors));
  return skus;
}

/** Kinds of AliExpress order the flow tests mix, by the order's index. */
export type AeOrderKind = 'PLAIN' | 'MULTI' | 'UNKNOWN_SKU' | 'IN_CANCEL' | 'CANCELLED' | 'RISK_CONTROL';

export function aeOrderKind(i: number): AeOrderKind {
  switch (i % 10) {
    case 0:
      return 'UNKNOWN_SKU';
    case 1:
    case 5:
      return 'MULTI';
    case 2:
      return 'IN_CANCEL';
    case 3:
      return 'CANCELLED';
    case 4:
      return 'RISK_CONTROL';
    default:
      return 'PLAIN';
  }
}

/** What the i-th order of the mix becomes on our side: its status and the holds it carries. */
export function aeExpected(i: number): { status: string; holds: string[] | null } {
  switch (aeOrderKind(i)) {
    case 'UNKNOWN_SKU':
      return { status: 'PAID', holds: ['UNMAPPED_SKU'] };
    case 'IN_CANCEL':
      return { status: 'PAID', holds: ['CANCEL_REQUESTED'] };
    case 'CANCELLED':
      return { status: 'CANCELLED', holds: null };
    case 'RISK_CONTROL':
      return { status: 'PENDING_PAYMENT', holds: ['DO_NOT_SHIP'] };
    default:
      return { status: 'PAID', holds: null };
  }
}

type Raw = Record<string, unknown>;

/**
 * The i-th order of the mix as `POST /__sim/orders` takes it (the `data` object of
 * order.info.get, ids above 2^53 bare): paid and waiting to ship, one line or three, a line whose
 * SKU we do not know, a cancellation request (IN_CANCEL, a flag), a paid order the seller
 * cancelled before sending (FINISH, pulled by the finished stream), or one under risk review.
 * `at`: when it was placed and last modified (default: now on the simulator's clock).
 */
export function aeMixedOrder(i: number, skus: string[], opts: { at?: Date } = {}): string {
  const kind = aeOrderKind(i);
  const pick = (k: number) => skus[(i + k) % skus.length];
  const lines = kind === 'MULTI' ? [pick(0), pick(1), pick(2)] : kind === 'UNKNOWN_SKU' ? [pick(0), `NOPE-${i}`] : [pick(0)];
  const order = parseWireJson<Raw>(aeOrderJson(i, lines));
  const children = (order.child_order_list as { global_aeop_tp_child_order_dto: Raw[] }).global_aeop_tp_child_order_dto;
  const status = (s: string) => {
    order.order_status = s;
    for (const c of children) c.order_status = s;
  };
  if (kind === 'IN_CANCEL') order.order_status = 'IN_CANCEL';
  if (kind === 'RISK_CONTROL') status('RISK_CONTROL');
  if (kind === 'CANCELLED') {
    status('FINISH');
    order.order_end_reason = 'seller_cancel_order';
  }
  if (opts.at) {
    order.gmt_create = formatPacific(opts.at.getTime());
    order.gmt_modified = order.gmt_create;
    order.gmt_pay_success = order.gmt_create;
  }
  return stringifyJsonExact(order);
}

export { aeOrderIdOf };
