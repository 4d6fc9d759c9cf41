import type { StartedSimulator } from '../connectors/sdk/types';
import { SimControl } from '../connectors/sdk/testkit/sim-control';
import { uuidOf } from '../src/common/ids';
import { selectRows } from '../src/common/sql';
import { scaffoldedConnector } from './support/scaffolded-connector';
import { startTestApp, TestApp } from './support/test-app';
import { gqlOk, waitFor } from './support/sync-fixtures';
import { startWorkerProcess, WorkerProcess } from './support/worker-process';

/**
 * Listings on a marketplace that sells a product's SKUs as one item with variations and
 * processes writes later (the connector `npm run connector:new` makes: eBay inventory item
 * groups and Amazon's asynchronous Listings API in one). A product's SKUs go out as one group
 * write; the listings wait PENDING for the marketplace, which the engine polls until each SKU is
 * ACTIVE with its own item or ERROR with the marketplace's issues; a worker killed between the
 * submission and its poll loses nothing. The drafts carry structured attributes, the text in
 * the channel's language with the product's translations, and a sale price every price push
 * keeps.
 */

jest.setTimeout(240_000);

const connector = scaffoldedConnector('zzgroups');
let t: TestApp;
let owner: string;
let sim: StartedSimulator;
let control: SimControl;
let channelId: string;
const workers: WorkerProcess[] = [];

const q = (query: string, vars: Record<string, unknown> = {}) => gqlOk(t, owner, query, vars);
const sql = <T>(text: string, params: unknown[] = []) => selectRows<T>(t.em(), text, params);
const worker = async () => {
  const w = await startWorkerProcess(t.app.config.databaseUrl!, { CONNECTORS: connector.dir });
  workers.push(w);
  return w;
};
/** How long the simulated marketplace takes to process a group write, on its clock. */
const processing = (processingMs: number) => fetch(`${sim.controlUrl}/__sim/submissions`, { method: 'POST', body: JSON.stringify({ processingMs }) });
const submissions = async () => ((await (await fetch(`${sim.controlUrl}/__sim/submissions`)).json()) as { submissions: { id: string; skus: string[]; processed: boolean }[] }).submissions;

const LISTING = `id sku status pendingAction itemId groupKey locale title salePrice { amount } lastPushedSalePrice { amount } lastPushedPrice { amount }
  attributeList { name value } issues { code message severity } lastError { code message reason explanation { en zh } }`;

async function listingsOf(skus: string[]): Promise<Record<string, any>[]> {
  const nodes = (await q(`query($c: ID!) { listings(filter: { channelId: $c }, first: 100) { nodes { ${LISTING} } } }`, { c: channelId })).listings.nodes as Record<string, any>[];
  return skus.map((s) => nodes.find((n) => n.sku === s)!);
}

/** A product in three colours with stock, its Chinese title and (through the copywriters' mutation) an English one. */
async function product(prefix: string, english: boolean): Promise<{ id: string; skus: string[] }> {
  const colours = ['红', '蓝', '绿'];
  const skus = colours.map((_, i) => `${prefix}-${i + 1}`);
  const r = await q('mutation($i: CreateProductInput!) { createProduct(input: $i) { product { id } userErrors { code message } } }', {
    i: { title: `羊绒围巾 ${prefix}`, description: '内蒙古羊绒', options: [{ name: '颜色', values: colours }], variants: skus.map((sku, i) => ({ sku, optionValues: [colours[i]], price: '19.90' })) },
  });
  expect(r.createProduct.userErrors).toEqual([]);
  const id = r.createProduct.product.id;
  if (english) {
    const tr = await q('mutation($p: ID!, $t: [TranslationInput!]!) { setProductTranslations(productId: $p, translations: $t) { userErrors { code message } } }', {
      p: id,
      t: [{ locale: 'en-US', title: `Cashmere scarf ${prefix}`, description: 'Inner Mongolian cashmere.' }],
    });
    expect(tr.setProductTranslations.userErrors).toEqual([]);
  }
  for (const sku of skus) await q('mutation($s: String!) { adjustStock(input: { sku: $s, warehouseCode: "GRPW", delta: 30, reason: "opening" }) { userErrors { code } } }', { s: sku });
  return { id, skus };
}

beforeAll(async () => {
  t = await startTestApp({ CONNECTORS: connector.dir, ROLE: 'api' });
  owner = await t.ownerToken();
  sim = await connector.module().simulator!(connector.kind, {});
  control = new SimControl(sim.controlUrl);
  await q('mutation { createWarehouse(input: { code: "GRPW", name: "Groups", kind: OWN, country: "CN" }) { userErrors { code } } }');
  const created = await q(`mutation($i: CreateChannelInput!) { createChannel(input: $i) { channel { id } userErrors { code message } } }`, {
    i: { kind: connector.kind, name: 'Groups shop', baseUrl: sim.baseUrl, currency: 'USD', credentials: await control.credentials(), warehouseCodes: ['GRPW'], schedule: { ordersEveryMinutes: 0, returnsEveryMinutes: 0, reconcileEveryHours: 0 } },
  });
  expect(created.createChannel.userErrors).toEqual([]);
  channelId = created.createChannel.channel.id;
  await worker();
}, 180_000);

afterAll(async () => {
  for (const w of workers) await w.kill('SIGKILL');
  await sim?.stop();
  await t?.stop();
  connector.remove();
});

describe('a product published on a marketplace of variation groups', () => {
  let group: { id: string; skus: string[] };

  it('goes out as one group write; its listings wait PENDING for the marketplace, then each is ACTIVE with its own item, linked by the group key', async () => {
    group = await product('GRP', true);
    await processing(1500);
    const r = await q(`mutation($i: PublishListingsInput!) { publishListings(input: $i) { listings { id status groupKey locale title } syncRuns { id } userErrors { code message field } } }`, {
      i: { channelId, skus: group.skus, salePrice: '15.90', attributeList: [{ name: 'aspects', value: { Brand: ['Acme'], Material: ['Cashmere'] } }, { name: 'condition', value: 'NEW' }] },
    });
    expect(r.publishListings.userErrors).toEqual([]);
    const productKey = uuidOf('Product', group.id);
    // The catalogue has an English text and the marketplace lists in English (the connector's default).
    expect(r.publishListings.listings.map((l: any) => [l.status, l.groupKey, l.locale, l.title])).toEqual(group.skus.map(() => ['PUBLISHING', productKey, 'en-US', 'Cashmere scarf GRP']));
    // One job for the group, naming its three listings.
    const jobs = await sql<{ data: Record<string, any> }>(`select data from pgboss.job where name = 'sync-listing' and data->>'groupKey' = ?`, [productKey]);
    expect(jobs.map((j) => [j.data.action, j.data.listingIds.length])).toEqual([['PUBLISH_GROUP', 3]]);

    const pending = await waitFor('the listings PENDING', async () => {
      const ls = await listingsOf(group.skus);
      return ls.every((l) => l.status === 'PENDING') ? ls : undefined;
    });
    expect(pending.map((l) => l.pendingAction)).toEqual(['LIST', 'LIST', 'LIST']);
    const [stored] = await sql<{ handle: Record<string, unknown>; status: string }>(`select handle, status from listing_submission where channel_id = ?`, [uuidOf('Channel', channelId)]);
    expect(stored).toEqual({ handle: { submissionId: expect.stringMatching(/^SUB/) }, status: 'PENDING' });

    const active = await waitFor('the listings ACTIVE', async () => {
      const ls = await listingsOf(group.skus);
      return ls.every((l) => l.status === 'ACTIVE') ? ls : undefined;
    });
    expect(new Set(active.map((l) => l.itemId)).size).toBe(3);
    expect(active.map((l) => [l.salePrice?.amount, l.lastPushedSalePrice?.amount, l.lastPushedPrice?.amount])).toEqual(group.skus.map(() => ['15.90', '15.90', '19.90']));
    expect(active[0].attributeList).toEqual([{ name: 'aspects', value: { Brand: ['Acme'], Material: ['Cashmere'] } }, { name: 'condition', value: 'NEW' }]);

    // The marketplace holds one item in three colours, as the draft described it.
    const onSim = (await control.listings()).filter((l) => group.skus.includes(l.sku)).sort((a, b) => a.sku.localeCompare(b.sku));
    expect(onSim.map((l) => [l.sku, l.raw.groupKey, l.raw.options, l.raw.salePrice, l.raw.locale, l.raw.title, l.raw.attributes])).toEqual(
      group.skus.map((sku, i) => [sku, productKey, [{ name: '颜色', value: ['红', '蓝', '绿'][i] }], '15.90', 'en-US', 'Cashmere scarf GRP', { aspects: { Brand: ['Acme'], Material: ['Cashmere'] }, condition: 'NEW' }]),
    );
    expect(await submissions()).toHaveLength(1);
    // The history says the marketplace took it to process, then that it was listed.
    const history = (await q(`query($id: ID!) { node(id: $id) { ... on Listing { history { action ok pending } } } }`, { id: active[0].id })).node.history;
    expect(history).toEqual([
      { action: 'LIST', ok: true, pending: false },
      { action: 'LIST', ok: true, pending: true },
    ]);
  });

  it("given one SKU the marketplace refuses when the group write is processed then that listing alone is ERROR, with the marketplace's code, issues and our explanation", async () => {
    const [, second] = await listingsOf(group.skus);
    const up = await q(`mutation($i: UpdateListingInput!) { updateListing(input: $i) { syncRun { id } userErrors { code } } }`, { i: { id: second.id, categoryId: 'shirts' } });
    expect(up.updateListing.userErrors).toEqual([]);
    const refused = await waitFor('the refusal', async () => {
      const ls = await listingsOf(group.skus);
      return ls[1].status === 'ERROR' ? ls : undefined;
    });
    expect(refused[1].lastError).toEqual({ code: 'invalid_category', message: expect.stringContaining('shirts'), reason: 'CATEGORY_UNKNOWN', explanation: { en: expect.stringContaining('category'), zh: expect.stringContaining('类目') } });
    expect(refused[1].issues).toEqual([{ code: 'invalid_category', message: expect.stringContaining('shirts'), severity: 'ERROR' }]);
    expect([refused[0].status, refused[2].status]).toEqual(['ACTIVE', 'ACTIVE']);
    const run = (await q(`query($id: ID!) { syncRun(id: $id) { status counts { failed } errors { code externalId } } }`, { id: up.updateListing.syncRun.id })).syncRun;
    expect(run).toMatchObject({ status: 'PARTIAL', counts: { failed: 1 }, errors: [{ code: 'invalid_category', externalId: group.skus[1] }] });
  });

  it('given catalogue prices that move when prices are pushed then each push carries the sale price beside the price, and the marketplace keeps it', async () => {
    // The marketplace erases a sale price a price write leaves out (as AliExpress erases a discount).
    await q(`mutation { updateVariant(id: "${group.skus[0]}", input: { price: "21.00" }) { userErrors { code } } }`);
    const run = await q(`mutation($i: SyncChannelInput!) { syncChannel(input: $i) { syncRun { id } userErrors { code } } }`, { i: { channelId, scopes: ['PRICES'] } });
    expect(run.syncChannel.userErrors).toEqual([]);
    await waitFor('the price run', async () => (await q(`query($id: ID!) { syncRun(id: $id) { finishedAt } }`, { id: run.syncChannel.syncRun.id })).syncRun.finishedAt ?? undefined);
    const onSim = (await control.listings()).find((l) => l.sku === group.skus[0])!;
    expect([onSim.price, onSim.raw.salePrice]).toEqual(['21.00', '15.90']);
    const [first] = await listingsOf(group.skus);
    expect([first.lastPushedPrice.amount, first.lastPushedSalePrice.amount]).toEqual(['21.00', '15.90']);
  });

  it('refuses a sale price that is not below the fixed price, and takes one below it', async () => {
    const [first] = await listingsOf(group.skus);
    const bad = await q(`mutation($i: UpdateListingInput!) { updateListing(input: $i) { listing { id } userErrors { code field } } }`, { i: { id: first.id, price: '20.00', salePrice: '20.00' } });
    expect(bad.updateListing).toEqual({ listing: null, userErrors: [{ code: 'SALE_PRICE_NOT_BELOW_PRICE', field: ['salePrice'] }] });
  });
});

describe('a worker killed between the submission and its poll', () => {
  it('leaves the handle in PostgreSQL, and the next worker polls it to the end without submitting again', async () => {
    const lone = await product('CRASH', false);
    // The marketplace takes an hour (on its clock) to process it: the worker dies before.
    await processing(60 * 60 * 1000);
    const before = (await submissions()).length;
    const r = await q(`mutation($i: PublishListingsInput!) { publishListings(input: $i) { userErrors { code } } }`, { i: { channelId, skus: lone.skus } });
    expect(r.publishListings.userErrors).toEqual([]);
    const chan = uuidOf('Channel', channelId)!;
    const saved = await waitFor('the submission saved', async () => {
      const rows = await sql<{ id: string; handle: Record<string, unknown>; polls: number }>(`select id, handle, polls from listing_submission where channel_id = ? and status = 'PENDING'`, [chan]);
      return rows.length ? rows[0] : undefined;
    }, 60_000);
    await workers[workers.length - 1].kill('SIGKILL');

    // What survives the worker: the handle, the listings PENDING on it, and its poll waiting in the queue.
    const ls = await listingsOf(lone.skus);
    expect(ls.map((l) => [l.status, l.pendingAction])).toEqual(lone.skus.map(() => ['PENDING', 'LIST']));
    expect(saved.handle).toEqual({ submissionId: expect.stringMatching(/^SUB/) });
    const polls = await sql<{ state: string }>(`select state::text as state from pgboss.job where name = 'sync-poll' and data->>'submissionId' = ? and state in ('created', 'retry', 'active')`, [saved.id]);
    expect(polls.length).toBeGreaterThan(0);
    // The language fell back to the catalogue's: the product has no English text.
    expect(ls.map((l) => l.locale)).toEqual(['zh-CN', 'zh-CN', 'zh-CN']);

    await control.setClock({ advanceMs: 60 * 60 * 1000 });
    await worker();
    const active = await waitFor('the listings ACTIVE', async () => {
      const now = await listingsOf(lone.skus);
      return now.every((l) => l.status === 'ACTIVE') ? now : undefined;
    }, 120_000);
    expect(active.every((l) => l.itemId)).toBe(true);
    expect((await submissions()).length).toBe(before + 1);
    const [done] = await sql<{ status: string }>('select status from listing_submission where id = ?', [saved.id]);
    expect(done.status).toBe('DONE');
  });
});
