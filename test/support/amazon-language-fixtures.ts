import type { SimControl } from '../../connectors/sdk/testkit/sim-control';
import { ChannelRef, gqlOk } from './sync-fixtures';
import type { TestApp } from './test-app';

/**
 * What the sync tests need to sell on Amazon: a channel on one seller account in one region
 * (Amazon.com, Amazon.ca…) on the Amazon simulator, and the simulator's listings as it shows them.
 */

export const AMAZON_US = 'ATVPDKIKX0DER';
export const AMAZON_CA = 'A2EUQ1WTGCTBG2';

/**
 * An Amazon channel (kind AMAZON) on `baseUrl` covering `marketplaceIds` (default Amazon.com) in
 * `currency` (default USD), in region NA, with `settings` beside it (a `language.<id>`, a product
 * type), an optional price rule, and no scheduled pulls.
 */
export async function createAmazonChannel(
  t: TestApp,
  token: string,
  opts: { name: string; baseUrl: string; credentials: Record<string, string>; warehouse: string; marketplaceIds?: string[]; currency?: string; settings?: Record<string, string>; priceRule?: Record<string, unknown> },
): Promise<ChannelRef> {
  const settings = Object.entries({ region: 'NA', ...opts.settings }).map(([name, value]) => ({ name, value }));
  const r = await gqlOk(t, token, `mutation($i: CreateChannelInput!) { createChannel(input: $i) { channel { id key status } userErrors { code message field } } }`, {
    i: {
      kind: 'AMAZON',
      name: opts.name,
      baseUrl: opts.baseUrl,
      currency: opts.currency ?? 'USD',
      marketplaceIds: opts.marketplaceIds ?? [AMAZON_US],
      credentials: opts.credentials,
      warehouseCodes: [opts.warehouse],
      settings,
      ...(opts.priceRule ? { priceRule: opts.priceRule } : {}),
      // Pulls only when a test asks: a scheduled pull would race what the tests check.
      schedule: { ordersEveryMinutes: 0, returnsEveryMinutes: 0, reconcileEveryHours: 0 },
    },
  });
  if (r.createChannel.userErrors.length) throw new Error(JSON.stringify(r.createChannel.userErrors));
  return r.createChannel.channel;
}

/** One listing on one marketplace as the simulator's `GET /__sim/listings` shows it. */
export interface AmazonListingRow {
  sku: string;
  marketplaceId: string;
  price: string;
  currency: string | null;
  quantity: number;
  status: string;
  productType: string;
  title: string | null;
  /** The `language_tag` the title was written with on that marketplace. */
  language: string | null;
  description: string | null;
  issues: unknown[];
  attributes: Record<string, { value?: unknown; language_tag?: string; marketplace_id?: string }[]> | null;
}

/** Every listing the simulated seller has, one row per SKU and marketplace. */
export async function amazonListings(control: SimControl): Promise<AmazonListingRow[]> {
  const res = await fetch(`${control.controlUrl.replace(/\/+$/, '')}/__sim/listings`);
  if (!res.ok) throw new Error(`GET /__sim/listings answered ${res.status}`);
  return ((await res.json()) as { listings: AmazonListingRow[] }).listings;
}
