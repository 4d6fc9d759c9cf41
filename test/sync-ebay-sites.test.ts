import { startEbaySimulator } from '../connectors/ebay/simulator';
import type { RunningSimulator } from '../connectors/sdk/simulator';
import { SimControl } from '../connectors/sdk/testkit/sim-control';
import { createEbayChannel, EBAY_CATEGORY_ID, ebayImageUrl, ebayOffers } from './support/ebay-fixtures';
import { ChannelRef, gqlOk, waitFor } from './support/sync-fixtures';
import { startTestApp, TestApp } from './support/test-app';

/**
 * One eBay channel selling on several sites of one seller account: eBay.com in USD (the
 * channel's currency) and eBay.de in EUR. The catalogue price (CNY) reaches each site through
 * the channel's EXCHANGE_RATE rule on finance's rate table (10 % markup, .99 ending) in that
 * site's currency, and each offer is written in its site's language. A rate change of one
 * currency moves that site's price alone; a site whose currency has no rate gets no offer while
 * the others stay live.
 */

jest.setTimeout(180_000);

const SKU = 'SITE-SUIT';

let t: TestApp;
let owner: string;
let finance: string;
let sim: RunningSimulator;
let control: SimControl;
let channel: ChannelRef;
let listingId: string;

const q = (query: string, vars: Record<string, unknown> = {}, token = owner) => gqlOk(t, token, query, vars);

async function setRate(quote: string, rate: string, effectiveAt?: string): Promise<void> {
  const r = await q(`mutation($i: SetExchangeRateInput!) { setExchangeRate(input: $i) { exchangeRate { base quote rate } userErrors { code message } } }`, { i: { quote, rate, ...(effectiveAt ? { effectiveAt } : {}) } }, finance);
  expect(r.setExchangeRate).toEqual({ exchangeRate: { base: 'CNY', quote, rate }, userErrors: [] });
}

async function finished(runId: string): Promise<Record<string, any>> {
  return waitFor('the run to finish', async () => {
    const run = (await q(`query($id: ID!) { syncRun(id: $id) { status finishedAt counts { updated failed skipped } errors { code message } } }`, { id: runId })).syncRun;
    return run.finishedAt ? run : undefined;
  }, 120_000);
}

async function syncPrices(): Promise<Record<string, any>> {
  const r = await q(`mutation($i: SyncChannelInput!) { syncChannel(input: $i) { syncRun { id } userErrors { code } } }`, { i: { channelId: channel.id, scopes: ['PRICES'] } });
  expect(r.syncChannel.userErrors).toEqual([]);
  return finished(r.syncChannel.syncRun.id);
}

async function publish(): Promise<Record<string, any>> {
  const r = await q(`mutation($i: PublishListingsInput!) { publishListings(input: $i) { listings { id } syncRuns { id } userErrors { code message } } }`, { i: { channelId: channel.id, skus: [SKU], categoryId: EBAY_CATEGORY_ID } });
  expect(r.publishListings.userErrors).toEqual([]);
  listingId = r.publishListings.listings[0].id;
  return finished(r.publishListings.syncRuns[0].id);
}

const LISTING = `query($id: ID!) { node(id: $id) { ... on Listing { status effectivePrice { amount currency } lastPushedPrice { amount currency }
  marketPrices { marketplaceId price { amount currency } salePrice { amount currency } } lastError { code message } } } }`;

async function listing(): Promise<Record<string, any>> {
  return (await q(LISTING, { id: listingId })).node;
}

/** The offers per site: price, currency, status and the Content-Language each was written with. */
async function offersBySite(): Promise<Record<string, { price: string; currency: string | null; status: string; listingStatus: string | null; locale: string | null }>> {
  const out: Record<string, { price: string; currency: string | null; status: string; listingStatus: string | null; locale: string | null }> = {};
  for (const o of await ebayOffers(control)) out[o.marketplaceId] = { price: o.price, currency: o.currency, status: o.status, listingStatus: o.listingStatus, locale: o.locale };
  return out;
}

beforeAll(async () => {
  t = await startTestApp({ ROLE: 'all', WORKER_CONCURRENCY: '2' });
  owner = await t.ownerToken();
  finance = await t.staffToken(['finance'], { departmentKey: 'finance' });
  sim = await startEbaySimulator({ seed: 151, callsPerSecond: 500, burst: 500 });
  control = new SimControl(sim.controlUrl);

  await q('mutation { createWarehouse(input: { code: "SITES", name: "海外仓", kind: OWN, country: "CN" }) { userErrors { code } } }');
  const p = await q('mutation($i: CreateProductInput!) { createProduct(input: $i) { product { id } userErrors { code message } } }', {
    i: { title: '男士修身西装 多站点', description: '羊毛混纺，两粒扣。', status: 'ACTIVE', images: [{ url: ebayImageUrl('site-suit') }], variants: [{ sku: SKU, price: '299.00' }] },
  });
  expect(p.createProduct.userErrors).toEqual([]);
  const tr = await q('mutation($p: ID!, $t: [TranslationInput!]!) { setProductTranslations(productId: $p, translations: $t) { userErrors { code message } } }', {
    p: p.createProduct.product.id,
    t: [
      { locale: 'en-US', title: "Men's Slim Fit Suit", description: 'Wool blend, two buttons.' },
      { locale: 'de-DE', title: 'Herren Slim-Fit-Anzug', description: 'Wollmischung, zwei Knöpfe, fallendes Revers.' },
    ],
  });
  expect(tr.setProductTranslations.userErrors).toEqual([]);
  await q('mutation { adjustStock(input: { sku: "SITE-SUIT", warehouseCode: "SITES", delta: 8, reason: "opening" }) { userErrors { code } } }');

  // Finance's rates from CNY, in force since before the listing is published.
  await setRate('USD', '0.1389', '2026-01-01T00:00:00Z');
  await setRate('EUR', '0.1282', '2026-01-01T00:00:00Z');
  channel = await createEbayChannel(t, owner, {
    name: 'eBay US + DE',
    baseUrl: sim.baseUrl,
    credentials: await control.credentials(),
    warehouse: 'SITES',
    marketplaceIds: ['EBAY_US', 'EBAY_DE'],
    currency: 'USD',
    priceRule: { mode: 'EXCHANGE_RATE', value: '10', priceEnding: '0.99' },
  });
});

afterAll(async () => {
  await sim?.stop();
  await t?.stop();
});

describe('an eBay channel on eBay.com (USD) and eBay.de (EUR)', () => {
  it('given a CNY price of 299.00 when the product is published then each site has one offer at the converted price, marked up 10 % and ending in .99, eBay.de’s in German', async () => {
    expect(await publish()).toMatchObject({ status: 'SUCCEEDED', errors: [] });
    // USD: 299.00 × 0.1389 × 1.10 = 45.68 → 45.99; EUR: 299.00 × 0.1282 × 1.10 = 42.16 → 42.99.
    expect(await offersBySite()).toEqual({
      EBAY_US: { price: '45.99', currency: 'USD', status: 'PUBLISHED', listingStatus: 'ACTIVE', locale: 'en-US' },
      EBAY_DE: { price: '42.99', currency: 'EUR', status: 'PUBLISHED', listingStatus: 'ACTIVE', locale: 'de-DE' },
    });
    // One inventory item (its title is eBay's for every site: the Inventory API has none per site) in the first site's English; each offer's description in its site's language.
    const inventory = (await (await fetch(new URL('/__sim/inventory', sim.controlUrl))).json()) as { items: { sku: string; locale?: string; product: { title: string } }[]; offers: { marketplaceId: string; listingDescription?: string; pricingSummary: unknown }[] };
    expect(inventory.items.find((i) => i.sku === SKU)?.product.title).toBe("Men's Slim Fit Suit");
    const description = Object.fromEntries(inventory.offers.map((o) => [o.marketplaceId, o.listingDescription]));
    expect(description).toEqual({ EBAY_US: 'Wool blend, two buttons.', EBAY_DE: 'Wollmischung, zwei Knöpfe, fallendes Revers.' });

    expect(await listing()).toEqual({
      status: 'ACTIVE',
      effectivePrice: { amount: '45.99', currency: 'USD' },
      lastPushedPrice: { amount: '45.99', currency: 'USD' },
      marketPrices: [
        { marketplaceId: 'EBAY_US', price: { amount: '45.99', currency: 'USD' }, salePrice: null },
        { marketplaceId: 'EBAY_DE', price: { amount: '42.99', currency: 'EUR' }, salePrice: null },
      ],
      lastError: null,
    });
  });

  it('given finance enters a new EUR rate only when prices are pushed then eBay.de gets the new price and eBay.com keeps its own', async () => {
    // Nothing moved yet: the push skips the listing.
    expect(await syncPrices()).toMatchObject({ status: 'SUCCEEDED', counts: { updated: 0, failed: 0, skipped: 1 } });
    await setRate('EUR', '0.135');
    // The channel's own price (USD) is unchanged: only the per-site prices last pushed show that eBay.de's moved.
    expect(await syncPrices()).toMatchObject({ status: 'SUCCEEDED', counts: { updated: 1, failed: 0 }, errors: [] });
    // EUR: 299.00 × 0.135 × 1.10 = 44.40 → 44.99.
    expect(await offersBySite()).toMatchObject({ EBAY_US: { price: '45.99', currency: 'USD', status: 'PUBLISHED' }, EBAY_DE: { price: '44.99', currency: 'EUR', status: 'PUBLISHED' } });
    expect((await listing()).marketPrices).toEqual([
      { marketplaceId: 'EBAY_US', price: { amount: '45.99', currency: 'USD' }, salePrice: null },
      { marketplaceId: 'EBAY_DE', price: { amount: '44.99', currency: 'EUR' }, salePrice: null },
    ]);
  });

  it('given eBay.co.uk is added without a GBP rate when the listing is published again then it gets no offer, the listing says EXCHANGE_RATE_MISSING and the other sites stay live', async () => {
    const r = await q(`mutation($i: UpdateChannelInput!) { updateChannel(input: $i) { channel { marketplaces { id currency } } userErrors { code message } } }`, { i: { id: channel.id, marketplaceIds: ['EBAY_US', 'EBAY_DE', 'EBAY_GB'] } });
    expect(r.updateChannel).toEqual({
      channel: { marketplaces: [{ id: 'EBAY_US', currency: 'USD' }, { id: 'EBAY_DE', currency: 'EUR' }, { id: 'EBAY_GB', currency: 'GBP' }] },
      userErrors: [],
    });
    expect(await publish()).toMatchObject({ status: 'SUCCEEDED' });

    const offers = await offersBySite();
    expect(Object.keys(offers).sort()).toEqual(['EBAY_DE', 'EBAY_US']);
    expect(offers).toMatchObject({ EBAY_US: { price: '45.99', status: 'PUBLISHED', listingStatus: 'ACTIVE' }, EBAY_DE: { price: '44.99', status: 'PUBLISHED', listingStatus: 'ACTIVE' } });
    const l = await listing();
    expect(l).toMatchObject({ status: 'ACTIVE', lastError: { code: 'EXCHANGE_RATE_MISSING', message: expect.stringContaining('EBAY_GB') } });
    expect(l.lastError.message).toContain('GBP');
    expect(l.marketPrices.map((m: { marketplaceId: string }) => m.marketplaceId)).toEqual(['EBAY_US', 'EBAY_DE']);
  });

  it('given prices are pushed while GBP has no rate then the listing keeps EXCHANGE_RATE_MISSING; once it has one the push says MARKET_NOT_LISTED until a publish lists eBay.co.uk', async () => {
    await setRate('USD', '0.145');
    // USD: 299.00 × 0.145 × 1.10 = 47.69 → 47.99; the push reaches the two sites on sale and says why the third is not.
    expect(await syncPrices()).toMatchObject({ status: 'SUCCEEDED', counts: { updated: 1, failed: 0 } });
    expect(await offersBySite()).toMatchObject({ EBAY_US: { price: '47.99' }, EBAY_DE: { price: '44.99' } });
    expect(await listing()).toMatchObject({ lastError: { code: 'EXCHANGE_RATE_MISSING', message: expect.stringContaining('EBAY_GB') } });

    // The rate arrives: the price push cannot create eBay.co.uk's offer, so the listing says to publish again.
    await setRate('GBP', '0.11');
    expect(await syncPrices()).toMatchObject({ status: 'SUCCEEDED', counts: { failed: 0 } });
    const waiting = await listing();
    expect(waiting).toMatchObject({ status: 'ACTIVE', lastError: { code: 'MARKET_NOT_LISTED', message: expect.stringContaining('EBAY_GB') } });
    expect(waiting.marketPrices.map((m: { marketplaceId: string }) => m.marketplaceId)).toEqual(['EBAY_US', 'EBAY_DE']);
    expect(Object.keys(await offersBySite()).sort()).toEqual(['EBAY_DE', 'EBAY_US']);

    // Published again: eBay.co.uk gets its offer (299.00 × 0.11 × 1.10 = 36.18 → 36.99) and the listing is clear.
    expect(await publish()).toMatchObject({ status: 'SUCCEEDED' });
    expect(await offersBySite()).toMatchObject({ EBAY_GB: { price: '36.99', currency: 'GBP', status: 'PUBLISHED' } });
    const listed = await listing();
    expect(listed.lastError).toBeNull();
    expect(listed.marketPrices.map((m: { marketplaceId: string }) => m.marketplaceId)).toEqual(['EBAY_US', 'EBAY_DE', 'EBAY_GB']);
  });

  it('given the listing is delisted then its offer on each site is withdrawn, kept to be published again', async () => {
    const r = await q(`mutation($i: ListingIdsInput!) { delistListings(input: $i) { userErrors { code message } } }`, { i: { ids: [listingId] } });
    expect(r.delistListings.userErrors).toEqual([]);
    await waitFor('the listing DELISTED', async () => (await listing()).status === 'DELISTED', 120_000);
    expect(await offersBySite()).toMatchObject({
      EBAY_US: { status: 'UNPUBLISHED', listingStatus: 'ENDED' },
      EBAY_DE: { status: 'UNPUBLISHED', listingStatus: 'ENDED' },
      EBAY_GB: { status: 'UNPUBLISHED', listingStatus: 'ENDED' },
    });
    const withdrawn = (await control.requests()).filter((c) => c.operation === 'withdrawOffer' && c.status === 200);
    expect(withdrawn).toHaveLength(3);
  });
});
