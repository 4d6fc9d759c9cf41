// STATUS: done — an AliExpress channel on its simulator: a product without text in the channel's
// main language (en-US) fails alone with MISSING_TRANSLATION (alone and as a variation group)
// while a translated one is listed; the copywriters' filter lists exactly the untranslated ones
// and drops them once translated; republished, they go through in English. Not covered here:
// channels listing in several languages (the connector's unit tests cover its subject lists).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SimControl } from '../connectors/sdk/testkit';
import { startAliExpressSimulator } from '../connectors/aliexpress/simulator';
import type { RunningSimulator } from '../connectors/sdk/simulator';
import { gqlOk, waitFor } from './support/sync-fixtures';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Marketplace languages: a channel lists in its locales (AliExpress: en-US unless it says), and a
 * marketplace that shows no Chinese text needs each product's title and description in the main
 * one. The engine refuses such a listing before it calls the marketplace, the rest of the batch
 * goes on, and copywriters find what to translate with `listings(filter: {missingTranslation: true})`.
 */

jest.setTimeout(180_000);

let t: TestApp;
let owner: string;
let sim: RunningSimulator;
let control: SimControl;
let images: http.Server;
let imageBase: string;
let channelId: string;

const q = (query: string, vars: Record<string, unknown> = {}) => gqlOk(t, owner, query, vars);

/** A few bytes that start like a JPEG: what the photo bank takes. */
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]);

interface Product {
  id: string;
  skus: string[];
}

/** A product with its Chinese text, an image and stock; with options when it has several SKUs. */
async function product(key: string, skus: string[]): Promise<Product> {
  const colours = ['黑', '灰'];
  const r = await q('mutation($i: CreateProductInput!) { createProduct(input: $i) { product { id } userErrors { code message } } }', {
    i: {
      title: `男士修身西装 ${key}`,
      description: '羊毛混纺，两粒扣。',
      status: 'ACTIVE',
      images: [{ url: `${imageBase}/${key}.jpg` }],
      ...(skus.length > 1 ? { options: [{ name: '颜色', values: colours.slice(0, skus.length) }] } : {}),
      variants: skus.map((sku, i) => ({ sku, price: '599.00', ...(skus.length > 1 ? { optionValues: [colours[i]] } : {}) })),
    },
  });
  expect(r.createProduct.userErrors).toEqual([]);
  for (const sku of skus) await q('mutation($s: String!) { adjustStock(input: { sku: $s, warehouseCode: "AETR", delta: 12, reason: "opening" }) { userErrors { code } } }', { s: sku });
  return { id: r.createProduct.product.id, skus };
}

async function translate(p: Product, title: string): Promise<void> {
  const r = await q('mutation($p: ID!, $t: [TranslationInput!]!) { setProductTranslations(productId: $p, translations: $t) { userErrors { code message } } }', {
    p: p.id,
    t: [{ locale: 'en-US', title, description: 'Wool blend, two buttons, notch lapel.' }],
  });
  expect(r.setProductTranslations.userErrors).toEqual([]);
}

const LISTING = 'sku status locale title lastError { code reason explanation { en zh } }';

async function listings(filter: Record<string, unknown> = {}): Promise<Record<string, any>[]> {
  const r = await q(`query($f: ListingFilter) { listings(filter: $f, first: 100) { nodes { ${LISTING} } } }`, { f: { channelId, ...filter } });
  return (r.listings.nodes as Record<string, any>[]).sort((a, b) => a.sku.localeCompare(b.sku));
}

async function publish(skus: string[]): Promise<string> {
  const r = await q(`mutation($i: PublishListingsInput!) { publishListings(input: $i) { listings { sku status } syncRuns { id } userErrors { code message field } } }`, {
    i: { channelId, skus, categoryId: '200000662', price: '129.00' },
  });
  expect(r.publishListings.userErrors).toEqual([]);
  return r.publishListings.syncRuns[0].id;
}

async function finished(runId: string): Promise<Record<string, any>> {
  return waitFor('the listing run finished', async () => {
    const run = (await q(`query($id: ID!) { syncRun(id: $id) { status finishedAt counts { created updated failed } errors { code message } } }`, { id: runId })).syncRun;
    return run.finishedAt ? run : undefined;
  }, 120_000);
}

beforeAll(async () => {
  images = http.createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'image/jpeg' });
    res.end(JPEG);
  });
  await new Promise<void>((resolve) => images.listen(0, '127.0.0.1', resolve));
  imageBase = `http://127.0.0.1:${(images.address() as AddressInfo).port}/img`;
  t = await startTestApp({ ROLE: 'all', WORKER_CONCURRENCY: '2' });
  owner = await t.ownerToken();
  sim = await startAliExpressSimulator({ seed: 14, callsPerSecond: 200, burst: 200 });
  control = new SimControl(sim.controlUrl);
  await q('mutation { createWarehouse(input: { code: "AETR", name: "海外仓", kind: OWN, country: "CN" }) { userErrors { code } } }');
  // The simulator's credentials JSON as `npm run sim -- aliexpress` prints it, given as it is.
  const created = await q(`mutation($i: CreateChannelInput!) { createChannel(input: $i) { channel { id status } userErrors { code message field } } }`, {
    i: {
      kind: 'ALIEXPRESS', name: 'AliExpress US', baseUrl: sim.baseUrl, currency: 'USD', credentials: await control.credentials(), warehouseCodes: ['AETR'],
      settings: [
        { name: 'brandName', value: 'Fine Tailoring' },
        { name: 'freightTemplateId', value: '1000' },
        { name: 'shippingLeadTime', value: '3' },
        { name: 'weight', value: '1.2' },
        { name: 'packageLength', value: '40' },
        { name: 'packageWidth', value: '30' },
        { name: 'packageHeight', value: '10' },
      ],
      schedule: { ordersEveryMinutes: 0, returnsEveryMinutes: 0, reconcileEveryHours: 0 },
    },
  });
  expect(created.createChannel.userErrors).toEqual([]);
  expect(created.createChannel.channel.status).toBe('ACTIVE');
  channelId = created.createChannel.channel.id;
});

afterAll(async () => {
  await sim?.stop();
  await t?.stop();
  await new Promise((resolve) => images?.close(resolve));
});

describe('listings in the channel’s language', () => {
  let english: Product;
  let single: Product;
  let group: Product;

  it('given one product translated into en-US and two not when all are published in one call then the translated one is listed and each of the others fails alone with MISSING_TRANSLATION, without reaching AliExpress', async () => {
    english = await product('EN', ['AETR-EN-1']);
    single = await product('ZH', ['AETR-ZH-1']);
    group = await product('GRP', ['AETR-GRP-BLK', 'AETR-GRP-GRY']);
    await translate(english, "Men's slim fit suit EN");

    const run = await finished(await publish([...english.skus, ...single.skus, ...group.skus]));
    expect(run).toMatchObject({ status: 'PARTIAL', counts: { failed: 3 } });
    expect(run.errors.map((e: { code: string }) => e.code)).toEqual(['MISSING_TRANSLATION', 'MISSING_TRANSLATION', 'MISSING_TRANSLATION']);

    const all = await listings();
    expect(all.map((l) => [l.sku, l.status, l.lastError?.code ?? null])).toEqual([
      ['AETR-EN-1', 'ACTIVE', null],
      ['AETR-GRP-BLK', 'ERROR', 'MISSING_TRANSLATION'],
      ['AETR-GRP-GRY', 'ERROR', 'MISSING_TRANSLATION'],
      ['AETR-ZH-1', 'ERROR', 'MISSING_TRANSLATION'],
    ]);
    expect(all[0]).toMatchObject({ locale: 'en-US', title: "Men's slim fit suit EN" });
    expect(all[3].lastError).toEqual({ code: 'MISSING_TRANSLATION', reason: 'MISSING_TRANSLATION', explanation: { en: expect.stringMatching(/translation/), zh: expect.stringMatching(/翻译/) } });

    // Only the translated product is on AliExpress, its subject in English.
    const onSim = await control.listings();
    expect(onSim.map((l) => l.sku)).toEqual(['AETR-EN-1']);
    expect(onSim[0].raw.subjects).toEqual([{ language: 'en', subject: "Men's slim fit suit EN" }]);
  });

  it('given the untranslated listings when copywriters ask for missingTranslation then exactly those are listed, and the rest with false', async () => {
    expect((await listings({ missingTranslation: true })).map((l) => l.sku)).toEqual(['AETR-GRP-BLK', 'AETR-GRP-GRY', 'AETR-ZH-1']);
    expect((await listings({ missingTranslation: false })).map((l) => l.sku)).toEqual(['AETR-EN-1']);
  });

  it('given a translation with a title but no description when listed and published then the listing still lacks it and fails again: the product page needs both', async () => {
    const r = await q('mutation($p: ID!, $t: [TranslationInput!]!) { setProductTranslations(productId: $p, translations: $t) { userErrors { code } } }', { p: single.id, t: [{ locale: 'en-US', title: "Men's slim fit suit ZH" }] });
    expect(r.setProductTranslations.userErrors).toEqual([]);
    expect((await listings({ missingTranslation: true })).map((l) => l.sku)).toContain('AETR-ZH-1');
    // AliExpress itself would take a subject alone; the engine holds the listing back until the description is there.
    const run = await finished(await publish(single.skus));
    expect(run).toMatchObject({ counts: { failed: 1 }, errors: [{ code: 'MISSING_TRANSLATION', message: expect.stringContaining('en-US') }] });
    expect((await listings({ sku: 'AETR-ZH-1' }))[0]).toMatchObject({ status: 'ERROR', lastError: { code: 'MISSING_TRANSLATION' } });
    expect((await control.listings()).map((l) => l.sku)).toEqual(['AETR-EN-1']);
  });

  it('given the translations added when the listings are published again then they leave the list at once and go through in English', async () => {
    await translate(single, "Men's slim fit suit ZH");
    // A translation of another English locale serves en-US too.
    const gb = await q('mutation($p: ID!, $t: [TranslationInput!]!) { setProductTranslations(productId: $p, translations: $t) { userErrors { code } } }', {
      p: group.id,
      t: [{ locale: 'en-GB', title: "Men's slim fit suit GRP", description: 'Wool blend, two buttons.' }],
    });
    expect(gb.setProductTranslations.userErrors).toEqual([]);
    expect(await listings({ missingTranslation: true })).toEqual([]);

    const run = await finished(await publish([...single.skus, ...group.skus]));
    expect(run).toMatchObject({ status: 'SUCCEEDED', counts: { failed: 0 }, errors: [] });
    const all = await listings();
    expect(all.map((l) => [l.sku, l.status, l.lastError])).toEqual(all.map((l) => [l.sku, 'ACTIVE', null]));
    // The listings that had taken the Chinese text for want of a translation now carry the English one.
    expect(all.find((l) => l.sku === 'AETR-ZH-1')).toMatchObject({ locale: 'en-US', title: "Men's slim fit suit ZH" });
    expect(all.find((l) => l.sku === 'AETR-GRP-BLK')).toMatchObject({ locale: 'en-GB', title: "Men's slim fit suit GRP" });
    const onSim = await control.listings();
    expect(onSim.map((l) => l.sku).sort()).toEqual(['AETR-EN-1', 'AETR-GRP-BLK', 'AETR-GRP-GRY', 'AETR-ZH-1']);
    expect(onSim.find((l) => l.sku === 'AETR-GRP-GRY')!.raw.subjects).toEqual([{ language: 'en', subject: "Men's slim fit suit GRP" }]);
  });
});
