import { startAmazonSimulator } from '../connectors/amazon/simulator';
import type { RunningSimulator } from '../connectors/sdk/simulator';
import { SimControl } from '../connectors/sdk/testkit/sim-control';
import { AMAZON_CA, AMAZON_US, AmazonListingRow, amazonListings, createAmazonChannel } from './support/amazon-language-fixtures';
import { ChannelRef, gqlOk, waitFor } from './support/sync-fixtures';
import { startTestApp, TestApp } from './support/test-app';
import { execute } from '../src/common/sql';

/**
 * One Amazon seller account in North America listing on Amazon.com (USD) and Amazon.ca (CAD),
 * with Amazon.ca in French (`language.A2EUQ1WTGCTBG2 = fr_CA`): a product with English (en-US)
 * and French (fr-CA) text is on Amazon.com in English tagged en_US and on Amazon.ca in French
 * tagged fr_CA; one without French goes to Amazon.ca in its English, tagged en_CA as it would be
 * without the setting. Each at the price finance's rates give in that marketplace's currency.
 */

jest.setTimeout(180_000);

const BILINGUAL = 'LANG-SUIT';
const ENGLISH_ONLY = 'LANG-SHIRT';
const CHANGED = 'LANG-COAT';
const FR_TITLE = 'Complet ajusté pour homme';
const FR_DESCRIPTION = 'Mélange de laine, deux boutons, revers cranté.';

let t: TestApp;
let owner: string;
let sim: RunningSimulator;
let control: SimControl;
let channel: ChannelRef;

const q = (query: string, vars: Record<string, unknown> = {}) => gqlOk(t, owner, query, vars);

async function finished(runId: string): Promise<Record<string, any>> {
  return waitFor('the run to finish', async () => {
    const run = (await q(`query($id: ID!) { syncRun(id: $id) { status finishedAt counts { created updated failed } errors { code message } } }`, { id: runId })).syncRun;
    return run.finishedAt ? run : undefined;
  }, 150_000);
}

/** Publishes `skus` as suits (Amazon product type SUIT, with a brand) and waits for the run. */
async function publish(skus: string[]): Promise<{ run: Record<string, any>; ids: string[] }> {
  const r = await q(`mutation($i: PublishListingsInput!) { publishListings(input: $i) { listings { id sku } syncRuns { id } userErrors { code message } } }`, {
    i: { channelId: channel.id, skus, attributeList: [{ name: 'product_type', value: 'SUIT' }, { name: 'brand', value: 'MOCHUAN' }] },
  });
  expect(r.publishListings.userErrors).toEqual([]);
  const run = await finished(r.publishListings.syncRuns[0].id);
  return { run, ids: skus.map((s) => r.publishListings.listings.find((l: { sku: string }) => l.sku === s).id) };
}

async function listing(id: string): Promise<Record<string, any>> {
  return (await q(`query($id: ID!) { node(id: $id) { ... on Listing { status locale title lastError { code message } issues { code message severity } } } }`, { id })).node;
}

/** The SKU's listing on each marketplace, by marketplace id. */
async function onAmazon(sku: string): Promise<Record<string, AmazonListingRow>> {
  return Object.fromEntries((await amazonListings(control)).filter((l) => l.sku === sku).map((l) => [l.marketplaceId, l]));
}

/** Creates an ACTIVE product with one SKU, its translations, and stock. */
async function product(sku: string, translations: { locale: string; title: string; description: string }[]): Promise<void> {
  const p = await q('mutation($i: CreateProductInput!) { createProduct(input: $i) { product { id } userErrors { code message } } }', {
    i: { title: `男士西装 ${sku}`, description: '羊毛混纺，两粒扣。', status: 'ACTIVE', images: [{ url: `https://img.example.com/${sku}.jpg` }], variants: [{ sku, price: '299.00' }] },
  });
  expect(p.createProduct.userErrors).toEqual([]);
  const tr = await q('mutation($p: ID!, $t: [TranslationInput!]!) { setProductTranslations(productId: $p, translations: $t) { userErrors { code message } } }', { p: p.createProduct.product.id, t: translations });
  expect(tr.setProductTranslations.userErrors).toEqual([]);
  const s = await q('mutation($s: String!) { adjustStock(input: { sku: $s, warehouseCode: "LANGS", delta: 6, reason: "opening" }) { userErrors { code } } }', { s: sku });
  expect(s.adjustStock.userErrors).toEqual([]);
}

beforeAll(async () => {
  t = await startTestApp({ ROLE: 'all', WORKER_CONCURRENCY: '2' });
  owner = await t.ownerToken();
  const finance = await t.staffToken(['finance'], { departmentKey: 'finance' });
  sim = await startAmazonSimulator({ seed: 161, listingsMs: 0 });
  control = new SimControl(sim.controlUrl);

  await q('mutation { createWarehouse(input: { code: "LANGS", name: "海外仓", kind: OWN, country: "CN" }) { userErrors { code } } }');
  await product(BILINGUAL, [
    { locale: 'en-US', title: "Men's Slim Fit Suit", description: 'Wool blend, two buttons, notch lapel.' },
    { locale: 'fr-CA', title: FR_TITLE, description: FR_DESCRIPTION },
  ]);
  await product(ENGLISH_ONLY, [{ locale: 'en-US', title: "Men's Business Suit", description: 'Wool blend, single-breasted.' }]);
  await product(CHANGED, [
    { locale: 'en-US', title: "Men's Wool Coat", description: 'Pure wool, three buttons.' },
    { locale: 'fr-CA', title: 'Manteau de laine pour homme', description: 'Pure laine, trois boutons.' },
  ]);

  // Finance's rates from CNY, in force since before the listings are published.
  for (const [quote, rate] of [['USD', '0.1389'], ['CAD', '0.1905']]) {
    const r = await gqlOk(t, finance, `mutation($i: SetExchangeRateInput!) { setExchangeRate(input: $i) { userErrors { code message } } }`, { i: { quote, rate, effectiveAt: '2026-01-01T00:00:00Z' } });
    expect(r.setExchangeRate.userErrors).toEqual([]);
  }
  channel = await createAmazonChannel(t, owner, {
    name: 'Amazon NA, Amazon.ca in French',
    baseUrl: sim.baseUrl,
    credentials: await control.credentials(),
    warehouse: 'LANGS',
    marketplaceIds: [AMAZON_US, AMAZON_CA],
    currency: 'USD',
    settings: { 'language.A2EUQ1WTGCTBG2': 'fr_CA' },
    priceRule: { mode: 'EXCHANGE_RATE', value: '10', priceEnding: '0.99' },
  });
});

afterAll(async () => {
  await sim?.stop();
  await t?.stop();
});

describe('an Amazon channel on Amazon.com and Amazon.ca with Amazon.ca in French', () => {
  it('given the channel then its language.A2EUQ1WTGCTBG2 setting reads fr_CA', async () => {
    const c = (await q('query($id: ID!) { node(id: $id) { ... on Channel { settings { name value } marketplaces { id currency } } } }', { id: channel.id })).node;
    expect(c.settings).toEqual(expect.arrayContaining([{ name: 'language.A2EUQ1WTGCTBG2', value: 'fr_CA' }, { name: 'region', value: 'NA' }]));
    expect(c.marketplaces).toEqual([{ id: AMAZON_US, currency: 'USD' }, { id: AMAZON_CA, currency: 'CAD' }]);
  });

  it('given a product with English and French text when it is published then Amazon.com shows the English title tagged en_US and Amazon.ca the French one tagged fr_CA, each in its currency', async () => {
    const { run, ids } = await publish([BILINGUAL]);
    expect(run).toMatchObject({ status: 'SUCCEEDED', counts: { failed: 0 }, errors: [] });
    const l = await waitFor('the listing to go live', async () => {
      const n = await listing(ids[0]);
      return n.status === 'ACTIVE' || n.status === 'ERROR' ? n : undefined;
    });
    // The listing's own text is the channel's main language's (Amazon.com's English).
    expect(l).toMatchObject({ status: 'ACTIVE', locale: 'en-US', title: "Men's Slim Fit Suit", lastError: null, issues: [] });

    // USD: 299.00 × 0.1389 × 1.10 = 45.68 → 45.99; CAD: 299.00 × 0.1905 × 1.10 = 62.66 → 62.99.
    const rows = await onAmazon(BILINGUAL);
    expect(rows[AMAZON_US]).toMatchObject({ status: 'BUYABLE', price: '45.99', currency: 'USD', title: "Men's Slim Fit Suit", language: 'en_US', description: 'Wool blend, two buttons, notch lapel.' });
    expect(rows[AMAZON_CA]).toMatchObject({ status: 'BUYABLE', price: '62.99', currency: 'CAD', title: FR_TITLE, language: 'fr_CA', description: FR_DESCRIPTION });
    // As the Listings Items schema wants them: every text value tagged with its language and marketplace.
    expect(rows[AMAZON_CA].attributes!.item_name).toEqual([{ value: FR_TITLE, language_tag: 'fr_CA', marketplace_id: AMAZON_CA }]);
    expect(rows[AMAZON_CA].attributes!.product_description).toEqual([{ value: FR_DESCRIPTION, language_tag: 'fr_CA', marketplace_id: AMAZON_CA }]);
    expect(rows[AMAZON_CA].attributes!.brand).toEqual([{ value: 'MOCHUAN', language_tag: 'fr_CA', marketplace_id: AMAZON_CA }]);
    // Once Amazon has processed the submission, the listing keeps what it sent on each marketplace.
    const { node } = await q(`query($id: ID!) { node(id: $id) { ... on Listing { marketPrices { marketplaceId price { amount currency } } } } }`, { id: ids[0] });
    expect(node.marketPrices).toEqual([
      { marketplaceId: AMAZON_US, price: { amount: '45.99', currency: 'USD' } },
      { marketplaceId: AMAZON_CA, price: { amount: '62.99', currency: 'CAD' } },
    ]);
    expect(rows[AMAZON_US].attributes!.item_name).toEqual([{ value: "Men's Slim Fit Suit", language_tag: 'en_US', marketplace_id: AMAZON_US }]);
    expect(rows[AMAZON_US].attributes!.brand).toEqual([{ value: 'MOCHUAN', language_tag: 'en_US', marketplace_id: AMAZON_US }]);
  });

  it('given a product without French text when it is published then Amazon.ca gets its English text tagged en_CA, as it would without the setting', async () => {
    const { run, ids } = await publish([ENGLISH_ONLY]);
    expect(run).toMatchObject({ status: 'SUCCEEDED', counts: { failed: 0 }, errors: [] });
    const l = await waitFor('the listing to go live', async () => {
      const n = await listing(ids[0]);
      return n.status === 'ACTIVE' || n.status === 'ERROR' ? n : undefined;
    });
    expect(l).toMatchObject({ status: 'ACTIVE', lastError: null, issues: [] });
    const rows = await onAmazon(ENGLISH_ONLY);
    expect(rows[AMAZON_US]).toMatchObject({ status: 'BUYABLE', title: "Men's Business Suit", language: 'en_US' });
    expect(rows[AMAZON_CA]).toMatchObject({ status: 'BUYABLE', currency: 'CAD', title: "Men's Business Suit", language: 'en_CA', description: 'Wool blend, single-breasted.' });
    expect(rows[AMAZON_CA].attributes!.brand).toEqual([{ value: 'MOCHUAN', language_tag: 'en_CA', marketplace_id: AMAZON_CA }]);
  });

  it('given the setting names a language Amazon.ca does not take when a product is published then Amazon.com lists it and Amazon.ca refuses it with LANGUAGE_INVALID; set to fr-CA, Amazon.ca lists it in French', async () => {
    const set = (value: string) => q(`mutation($i: UpdateChannelInput!) { updateChannel(input: $i) { userErrors { code message } } }`, { i: { id: channel.id, settings: [{ name: 'language.A2EUQ1WTGCTBG2', value }] } });
    // Staff cannot save it (the connector's checkChannel)...
    expect((await set('de_DE')).updateChannel.userErrors).toEqual([expect.objectContaining({ code: 'LANGUAGE_INVALID' })]);
    // ...but a channel stored before that check existed may hold it: its listings say what to fix.
    await execute(t.em(), `update channel set settings = settings || '{"language.A2EUQ1WTGCTBG2": "de_DE"}'::jsonb where key = ?`, [channel.key]);
    const { ids } = await publish([CHANGED]);
    const partly = await waitFor('the listing to settle', async () => {
      const n = await listing(ids[0]);
      return n.status === 'ACTIVE' || n.status === 'ERROR' ? n : undefined;
    });
    // On sale where it could be (Amazon.com); Amazon.ca's refusal rides along as an issue saying what to fix.
    expect(partly).toMatchObject({ status: 'ACTIVE', lastError: null });
    expect(partly.issues).toEqual([{ code: 'LANGUAGE_INVALID', severity: 'ERROR', message: expect.stringContaining(`${AMAZON_CA}: The setting language.A2EUQ1WTGCTBG2 is de_DE`) }]);
    let rows = await onAmazon(CHANGED);
    expect(Object.keys(rows)).toEqual([AMAZON_US]);
    expect(rows[AMAZON_US]).toMatchObject({ title: "Men's Wool Coat", language: 'en_US' });

    expect((await set('fr-CA')).updateChannel.userErrors).toEqual([]);
    await publish([CHANGED]);
    await waitFor('Amazon.ca to list it', async () => (await onAmazon(CHANGED))[AMAZON_CA]?.status === 'BUYABLE');
    rows = await onAmazon(CHANGED);
    expect(rows[AMAZON_CA]).toMatchObject({ title: 'Manteau de laine pour homme', language: 'fr_CA', price: '62.99', currency: 'CAD' });
    expect(await waitFor('the listing clear', async () => {
      const n = await listing(ids[0]);
      return n.status === 'ACTIVE' && !n.issues.length ? n : undefined;
    })).toMatchObject({ status: 'ACTIVE', lastError: null, issues: [] });
  });
});
