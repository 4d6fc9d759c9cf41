// STATUS (issue 14, exchange rates in the push, AliExpress): done — a CNY catalogue price reaches
// two AliExpress simulators, one selling in USD and one in EUR, through each channel's
// EXCHANGE_RATE rule on finance's rate table (10 % markup, .99 ending): on publish (a variation
// group, photo bank, English texts) and, after finance enters new rates, on a price push. The
// Taobao side and the missing-rate refusal are in exchange-rates-push.test.ts.
import { startAliExpressSimulator } from '../connectors/aliexpress/simulator';
import type { RunningSimulator } from '../connectors/sdk/simulator';
import { SimControl } from '../connectors/sdk/testkit';
import { AE_CATEGORY_ID, createAliExpressChannel, ImageHost, startImageHost } from './support/aliexpress-fixtures';
import { gqlOk, waitFor } from './support/sync-fixtures';
import { startTestApp, TestApp } from './support/test-app';

/**
 * A channel's price rule turns the catalogue price (CNY, the base currency) into the listing
 * currency: finance's current rate, a markup and a price ending. AliExpress prices a seller's
 * products in the seller's one currency, so a shop selling in USD and one in EUR are two
 * channels, each on its own simulator seller.
 */

jest.setTimeout(240_000);

let t: TestApp;
let owner: string;
let finance: string;
let images: ImageHost;
const sims: RunningSimulator[] = [];

const q = (query: string, vars: Record<string, unknown> = {}, token = owner) => gqlOk(t, token, query, vars);

const SKUS = ['FXAE-BLK', 'FXAE-GRY'];

interface Shop {
  currency: string;
  channelId: string;
  control: SimControl;
}
const shops: Shop[] = [];

async function setRate(quote: string, rate: string, effectiveAt?: string): Promise<void> {
  const r = await q(`mutation($i: SetExchangeRateInput!) { setExchangeRate(input: $i) { exchangeRate { base quote rate } userErrors { code message } } }`, { i: { quote, rate, ...(effectiveAt ? { effectiveAt } : {}) } }, finance);
  expect(r.setExchangeRate).toEqual({ exchangeRate: { base: 'CNY', quote, rate }, userErrors: [] });
}

/** An AliExpress channel selling in `currency` on a simulator seller of that currency, its prices on the rate table. */
async function shop(currency: string): Promise<Shop> {
  const sim = await startAliExpressSimulator({ seed: 140, currency, callsPerSecond: 200, burst: 200 });
  sims.push(sim);
  const control = new SimControl(sim.controlUrl);
  const channel = await createAliExpressChannel(t, owner, { name: `AliExpress ${currency}`, baseUrl: sim.baseUrl, credentials: await control.credentials(), warehouse: 'FXAE', currency });
  const r = await q(`mutation($i: UpdateChannelInput!) { updateChannel(input: $i) { channel { status currency priceRule { mode rate value priceEnding } } userErrors { code message } } }`, {
    i: { id: channel.id, priceRule: { mode: 'EXCHANGE_RATE', value: '10', priceEnding: '0.99' } },
  });
  expect(r.updateChannel).toEqual({ channel: { status: 'ACTIVE', currency, priceRule: { mode: 'EXCHANGE_RATE', rate: null, value: '10', priceEnding: '0.99' } }, userErrors: [] });
  return { currency, channelId: channel.id, control };
}

async function listings(s: Shop): Promise<{ sku: string; status: string; locale: string; effectivePrice: { amount: string; currency: string } | null; lastError: { code: string; message: string } | null }[]> {
  const r = await q(`query($c: ID!) { listings(filter: { channelId: $c }, first: 10) { nodes { sku status locale effectivePrice { amount currency } lastError { code message } } } }`, { c: s.channelId });
  return [...r.listings.nodes].sort((a, b) => a.sku.localeCompare(b.sku));
}

/** What the simulator's seller has on sale: price and currency per SKU. */
async function atSimulator(s: Shop): Promise<{ sku: string; price: string; currency: string }[]> {
  return (await s.control.listings()).map((l) => ({ sku: l.sku, price: String(l.price), currency: String(l.raw.currency) })).sort((a, b) => a.sku.localeCompare(b.sku));
}

async function finished(runId: string): Promise<Record<string, any>> {
  return waitFor('the run to finish', async () => {
    const run = (await q(`query($id: ID!) { syncRun(id: $id) { status finishedAt counts { updated failed } errors { code message } } }`, { id: runId })).syncRun;
    return run.finishedAt ? run : undefined;
  }, 120_000);
}

beforeAll(async () => {
  images = await startImageHost();
  t = await startTestApp({ ROLE: 'all', WORKER_CONCURRENCY: '2' });
  owner = await t.ownerToken();
  finance = await t.staffToken(['finance'], { departmentKey: 'finance' });

  await q('mutation { createWarehouse(input: { code: "FXAE", name: "海外仓", kind: OWN, country: "CN" }) { userErrors { code } } }');
  // One product with two colours (AliExpress lists them as one product of two SKUs), its English texts, stock.
  const p = await q('mutation($i: CreateProductInput!) { createProduct(input: $i) { product { id } userErrors { code message } } }', {
    i: {
      title: '男士修身西装 汇率',
      description: '羊毛混纺，两粒扣。',
      status: 'ACTIVE',
      images: [{ url: images.url('fx-suit') }],
      options: [{ name: '颜色', values: ['黑', '灰'] }],
      variants: [
        { sku: SKUS[0], price: '299.00', optionValues: ['黑'] },
        { sku: SKUS[1], price: '599.00', optionValues: ['灰'] },
      ],
    },
  });
  expect(p.createProduct.userErrors).toEqual([]);
  const tr = await q('mutation($p: ID!, $t: [TranslationInput!]!) { setProductTranslations(productId: $p, translations: $t) { userErrors { code message } } }', {
    p: p.createProduct.product.id,
    t: [{ locale: 'en-US', title: "Men's Slim Fit Suit", description: 'Wool blend, two buttons.' }],
  });
  expect(tr.setProductTranslations.userErrors).toEqual([]);
  for (const sku of SKUS) await q('mutation($s: String!) { adjustStock(input: { sku: $s, warehouseCode: "FXAE", delta: 8, reason: "opening" }) { userErrors { code } } }', { s: sku });

  // Finance's rates from CNY, in force since before the listings are published.
  await setRate('USD', '0.1389', '2026-01-01T00:00:00Z');
  await setRate('EUR', '0.1282', '2026-01-01T00:00:00Z');
  shops.push(await shop('USD'), await shop('EUR'));
});

afterAll(async () => {
  for (const s of sims) await s.stop();
  await t?.stop();
  await images?.stop();
});

describe('AliExpress channels in USD and EUR on the rate table', () => {
  it('given CNY prices of 299.00 and 599.00 when the product is published on both then each simulator shows them converted, marked up 10 % and ending in .99, in its own currency', async () => {
    for (const s of shops) {
      const r = await q(`mutation($i: PublishListingsInput!) { publishListings(input: $i) { syncRuns { id } userErrors { code message } } }`, { i: { channelId: s.channelId, skus: SKUS, categoryId: AE_CATEGORY_ID } });
      expect(r.publishListings.userErrors).toEqual([]);
      expect(await finished(r.publishListings.syncRuns[0].id)).toMatchObject({ status: 'SUCCEEDED', errors: [] });
    }
    const [usd, eur] = shops;
    // USD: 299.00 × 0.1389 × 1.10 = 45.68 → 45.99; 599.00 × 0.1389 × 1.10 = 91.52 → 91.99.
    expect(await listings(usd)).toEqual([
      { sku: SKUS[0], status: 'ACTIVE', locale: 'en-US', effectivePrice: { amount: '45.99', currency: 'USD' }, lastError: null },
      { sku: SKUS[1], status: 'ACTIVE', locale: 'en-US', effectivePrice: { amount: '91.99', currency: 'USD' }, lastError: null },
    ]);
    expect(await atSimulator(usd)).toEqual([
      { sku: SKUS[0], price: '45.99', currency: 'USD' },
      { sku: SKUS[1], price: '91.99', currency: 'USD' },
    ]);
    // EUR: 299.00 × 0.1282 × 1.10 = 42.16 → 42.99; 599.00 × 0.1282 × 1.10 = 84.47 → 84.99.
    expect(await listings(eur)).toEqual([
      { sku: SKUS[0], status: 'ACTIVE', locale: 'en-US', effectivePrice: { amount: '42.99', currency: 'EUR' }, lastError: null },
      { sku: SKUS[1], status: 'ACTIVE', locale: 'en-US', effectivePrice: { amount: '84.99', currency: 'EUR' }, lastError: null },
    ]);
    expect(await atSimulator(eur)).toEqual([
      { sku: SKUS[0], price: '42.99', currency: 'EUR' },
      { sku: SKUS[1], price: '84.99', currency: 'EUR' },
    ]);
  });

  it('given finance enters new rates when prices are pushed then both simulators show the prices at the new rates, the catalogue price unchanged', async () => {
    await setRate('USD', '0.145');
    await setRate('EUR', '0.135');
    for (const s of shops) {
      const r = await q(`mutation($i: SyncChannelInput!) { syncChannel(input: $i) { syncRun { id } userErrors { code } } }`, { i: { channelId: s.channelId, scopes: ['PRICES'] } });
      expect(r.syncChannel.userErrors).toEqual([]);
      // Both SKUs moved with the rate: both are pushed, none fails.
      expect(await finished(r.syncChannel.syncRun.id)).toMatchObject({ status: 'SUCCEEDED', counts: { updated: 2, failed: 0 }, errors: [] });
    }
    const [usd, eur] = shops;
    // USD: 299.00 × 0.145 × 1.10 = 47.69 → 47.99; 599.00 × 0.145 × 1.10 = 95.54 → 95.99.
    expect(await atSimulator(usd)).toEqual([
      { sku: SKUS[0], price: '47.99', currency: 'USD' },
      { sku: SKUS[1], price: '95.99', currency: 'USD' },
    ]);
    // EUR: 299.00 × 0.135 × 1.10 = 44.40 → 44.99; 599.00 × 0.135 × 1.10 = 88.95 → 88.99.
    expect(await atSimulator(eur)).toEqual([
      { sku: SKUS[0], price: '44.99', currency: 'EUR' },
      { sku: SKUS[1], price: '88.99', currency: 'EUR' },
    ]);
    expect((await listings(eur)).map((l) => l.effectivePrice)).toEqual([{ amount: '44.99', currency: 'EUR' }, { amount: '88.99', currency: 'EUR' }]);
  });
});
