import { selectRows } from '../src/common/sql';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Listings and sync runs over GraphQL, with the API alone (no worker): what the mutations
 * write and which jobs they leave in the queue (pgboss.job), in the same transaction.
 */

let t: TestApp;
let owner: string;
let channel: { id: string; key: string };
let otherChannel: { id: string; key: string };

const SKUS = ['LA-RED', 'LA-BLUE', 'LA-GREEN', 'LA-BLACK'];
const LISTING = `id sku title categoryId attributes status itemId currency price { amount currency } effectivePrice { amount currency }
  variant { sku } channel { id key } lastError { code message }`;
const PUBLISH = `mutation($i: PublishListingsInput!) { publishListings(input: $i) { listings { ${LISTING} } userErrors { code message field } } }`;
const UPDATE = `mutation($i: UpdateListingInput!) { updateListing(input: $i) { listing { ${LISTING} } userErrors { code message field } } }`;
const DELIST = `mutation($i: ListingIdsInput!) { delistListings(input: $i) { listings { id status } userErrors { code message field } } }`;
const SYNC = `mutation($i: SyncChannelInput!) { syncChannel(input: $i) { syncRun { id status scopes trigger requestedBy jobs { total done failed } counts { fetched created updated skipped failed } channel { id } } userErrors { code message field } } }`;

async function q(query: string, vars: Record<string, unknown> = {}, token = owner): Promise<Record<string, any>> {
  const r = await t.gql(query, vars, token);
  if (r.errors) throw new Error(`GraphQL errors: ${JSON.stringify(r.errors)}`);
  return r.data!;
}

async function sql<T>(text: string, params: unknown[] = []): Promise<T[]> {
  return selectRows<T>(t.em(), text, params);
}

async function exec(text: string, params: unknown[] = []): Promise<void> {
  await t.em().getConnection().execute(text, params);
}

interface JobRow {
  id: string;
  name: string;
  state: string;
  data: Record<string, any>;
}

async function jobs(where = 'true', params: unknown[] = []): Promise<JobRow[]> {
  return sql<JobRow>(`select id::text as id, name, state::text as state, data from pgboss.job where ${where} order by created_on, id`, params);
}

async function listingJobs(listingId: string): Promise<JobRow[]> {
  return jobs(`name = 'sync-listing' and data->>'listingId' = ?`, [listingId]);
}

const dbId = (globalId: string) => Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1];

async function createChannel(input: Record<string, unknown>): Promise<{ id: string; key: string }> {
  const r = await q(`mutation($i: CreateChannelInput!) { createChannel(input: $i) { channel { id key } userErrors { code message } } }`, {
    i: { kind: 'TAOBAO', currency: 'CNY', baseUrl: 'http://127.0.0.1:9/router/rest', credentials: { appKey: 'k', appSecret: 's', sessionKey: 'x' }, warehouseCodes: ['LW'], ...input },
  });
  expect(r.createChannel.userErrors).toEqual([]);
  return r.createChannel.channel;
}

beforeAll(async () => {
  t = await startTestApp();
  owner = await t.ownerToken();
  await q('mutation { createWarehouse(input: { code: "LW", name: "上新仓", kind: OWN, country: "CN" }) { userErrors { code } } }');
  const p = await q('mutation($i: CreateProductInput!) { createProduct(input: $i) { userErrors { code message } } }', {
    i: { title: '真丝连衣裙', options: [{ name: '颜色', values: SKUS }], variants: SKUS.map((sku) => ({ sku, optionValues: [sku], price: '99.00' })) },
  });
  expect(p.createProduct.userErrors).toEqual([]);
  channel = await createChannel({ name: '淘宝上新店', key: 'taobao-listings', priceRule: { mode: 'MARKUP_PERCENT', value: '10' } });
  otherChannel = await createChannel({ name: 'Other shop', key: 'other-shop' });
});
afterAll(() => t.stop());

describe('publishListings', () => {
  let published: any[];

  it('creates a PUBLISHING listing per SKU with the product title and exactly one pending job each', async () => {
    const r = (await q(PUBLISH, { i: { channelId: channel.id, skus: SKUS.slice(0, 3), categoryId: '50000436', attributes: { 'location.city': '杭州' } } })).publishListings;
    expect(r.userErrors).toEqual([]);
    published = r.listings;
    expect(published.map((l: any) => l.sku)).toEqual(SKUS.slice(0, 3));
    for (const l of published) {
      expect(l).toMatchObject({
        status: 'PUBLISHING',
        title: '真丝连衣裙',
        categoryId: '50000436',
        attributes: { 'location.city': '杭州' },
        currency: 'CNY',
        price: null,
        // 99.00 under the channel's rule: + 10 %.
        effectivePrice: { amount: '108.90', currency: 'CNY' },
        itemId: null,
        channel: { id: channel.id, key: channel.key },
      });
      expect(l.variant.sku).toBe(l.sku);
      const queued = await listingJobs(dbId(l.id));
      expect(queued).toHaveLength(1);
      expect(queued[0]).toMatchObject({ state: 'created', data: { channelId: dbId(channel.id), listingId: dbId(l.id), action: 'PUBLISH' } });
    }
    const [n] = await sql<{ n: number }>(`select count(*)::int as n from listing where channel_id = ?`, [dbId(channel.id)]);
    expect(n.n).toBe(3);
  });

  it('refuses an unknown SKU by name and index, and then writes no listing and no job', async () => {
    const before = (await jobs(`name = 'sync-listing'`)).length;
    const r = (await q(PUBLISH, { i: { channelId: channel.id, skus: ['LA-BLACK', 'NO-SUCH-SKU'] } })).publishListings;
    expect(r.listings).toEqual([]);
    expect(r.userErrors).toEqual([expect.objectContaining({ code: 'UNKNOWN_SKU', field: ['skus', '1'] })]);
    expect(r.userErrors[0].message).toContain('NO-SUCH-SKU');
    expect(await sql(`select 1 from listing where sku = 'LA-BLACK'`)).toEqual([]);
    expect((await jobs(`name = 'sync-listing'`)).length).toBe(before);
  });

  it('updates instead of publishing a listing already on sale, keeping what was not given', async () => {
    const target = published[0];
    await exec(`update listing set status = 'ACTIVE', item_id = '610000000001' where id = ?`, [dbId(target.id)]);
    const r = (await q(PUBLISH, { i: { channelId: channel.id, skus: [target.sku], price: '120.00' } })).publishListings;
    expect(r.userErrors).toEqual([]);
    expect(r.listings[0]).toMatchObject({ id: target.id, status: 'ACTIVE', categoryId: '50000436', price: { amount: '120.00' }, effectivePrice: { amount: '120.00' } });
    const queued = await listingJobs(dbId(target.id));
    expect(queued.map((j) => j.data.action)).toEqual(['PUBLISH', 'UPDATE']);
  });

  it('refuses a paused channel and a channel without publishing enabled', async () => {
    await q(`mutation($i: UpdateChannelInput!) { updateChannel(input: $i) { userErrors { code } } }`, { i: { id: otherChannel.id, status: 'PAUSED' } });
    const paused = (await q(PUBLISH, { i: { channelId: otherChannel.id, skus: ['LA-BLACK'] } })).publishListings;
    expect(paused.userErrors).toEqual([expect.objectContaining({ code: 'CHANNEL_NOT_ACTIVE' })]);
    await q(`mutation($i: UpdateChannelInput!) { updateChannel(input: $i) { userErrors { code } } }`, { i: { id: otherChannel.id, status: 'ACTIVE', enabledOps: ['stock.push'] } });
    const disabled = (await q(PUBLISH, { i: { channelId: otherChannel.id, skus: ['LA-BLACK'] } })).publishListings;
    expect(disabled.userErrors).toEqual([expect.objectContaining({ code: 'OPERATION_NOT_ENABLED' })]);
    expect(await sql(`select 1 from listing where channel_id = ?`, [dbId(otherChannel.id)])).toEqual([]);
  });
});

describe('updateListing, delistListings, deleteListings', () => {
  const byKey = async (sku: string) => (await q(`query($c: ID!, $s: String) { listings(filter: { channelId: $c, sku: $s }, first: 1) { nodes { ${LISTING} } } }`, { c: channel.id, s: sku })).listings.nodes[0];

  it('pushes a change to a listing on sale, and keeps a change to a draft for its publish', async () => {
    const active = await byKey('LA-RED');
    const r = (await q(UPDATE, { i: { id: active.id, title: '真丝连衣裙 夏季新款', price: '88.50' } })).updateListing;
    expect(r.userErrors).toEqual([]);
    expect(r.listing).toMatchObject({ title: '真丝连衣裙 夏季新款', price: { amount: '88.50' }, status: 'ACTIVE' });
    expect((await listingJobs(dbId(active.id))).map((j) => j.data.action)).toEqual(['PUBLISH', 'UPDATE', 'UPDATE']);

    const draft = await byKey('LA-GREEN');
    await exec(`update listing set status = 'DRAFT' where id = ?`, [dbId(draft.id)]);
    const before = (await listingJobs(dbId(draft.id))).length;
    const d = (await q(UPDATE, { i: { id: draft.id, categoryId: null, price: null } })).updateListing;
    expect(d.userErrors).toEqual([]);
    expect(d.listing).toMatchObject({ status: 'DRAFT', categoryId: null, price: null, effectivePrice: { amount: '108.90' } });
    expect((await listingJobs(dbId(draft.id))).length).toBe(before);
  });

  it('refuses a price that is not money', async () => {
    const l = await byKey('LA-RED');
    const r = (await q(UPDATE, { i: { id: l.id, price: '-1' } })).updateListing;
    expect(r.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_VALUE', field: ['price'] })]);
  });

  it('delists through a job what is on the marketplace, and at once what never reached it', async () => {
    const onSale = await byKey('LA-RED');
    const never = await byKey('LA-GREEN');
    const r = (await q(DELIST, { i: { ids: [onSale.id, never.id] } })).delistListings;
    expect(r.userErrors).toEqual([]);
    expect(r.listings).toEqual([
      { id: onSale.id, status: 'ACTIVE' },
      { id: never.id, status: 'DELISTED' },
    ]);
    expect((await listingJobs(dbId(onSale.id))).at(-1)!.data.action).toBe('DELIST');
    expect((await listingJobs(dbId(never.id))).some((j) => j.data.action === 'DELIST')).toBe(false);
  });

  it('deletes only listings that are not on sale', async () => {
    const onSale = await byKey('LA-RED');
    const off = await byKey('LA-GREEN');
    const refused = (await q(`mutation($i: ListingIdsInput!) { deleteListings(input: $i) { deletedIds userErrors { code field } } }`, { i: { ids: [off.id, onSale.id] } })).deleteListings;
    expect(refused).toEqual({ deletedIds: [], userErrors: [{ code: 'LISTING_ON_SALE', field: ['ids', '1'] }] });
    const ok = (await q(`mutation($i: ListingIdsInput!) { deleteListings(input: $i) { deletedIds userErrors { code } } }`, { i: { ids: [off.id] } })).deleteListings;
    expect(ok).toEqual({ deletedIds: [off.id], userErrors: [] });
    expect(await sql('select 1 from listing where id = ?', [dbId(off.id)])).toEqual([]);
  });

  it('shows the push history newest first', async () => {
    const l = await byKey('LA-RED');
    await exec(
      `insert into listing_event (listing_id, action, request, ok, error_code, error_message, at) values
         (?, 'LIST', '{"price":"108.90"}', true, null, null, now() - interval '2 minutes'),
         (?, 'UPDATE', null, false, 'isv.invalid-parameter', '价格不合法', now() - interval '1 minute')`,
      [dbId(l.id), dbId(l.id)],
    );
    const r = await q(`query($c: ID!) { listings(filter: { channelId: $c, sku: "LA-RED" }) { nodes { history { action ok error { code message } request } one: history(first: 1) { action } } } }`, { c: channel.id });
    expect(r.listings.nodes[0].history).toEqual([
      { action: 'UPDATE', ok: false, error: { code: 'isv.invalid-parameter', message: '价格不合法' }, request: null },
      { action: 'LIST', ok: true, error: null, request: { price: '108.90' } },
    ]);
    expect(r.listings.nodes[0].one).toEqual([{ action: 'UPDATE' }]);
  });
});

describe('listings query', () => {
  it('pages by id and filters by status', async () => {
    const all = (await q(`query($c: ID!) { listings(filter: { channelId: $c }, first: 100) { totalCount nodes { id } } }`, { c: channel.id })).listings;
    expect(all.totalCount).toBe(2);
    const first = (await q(`query($c: ID!) { listings(filter: { channelId: $c }, first: 1) { edges { node { id } } pageInfo { hasNextPage endCursor } } }`, { c: channel.id })).listings;
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = (await q(`query($c: ID!, $a: String) { listings(filter: { channelId: $c }, first: 1, after: $a) { edges { node { id } } pageInfo { hasNextPage } } }`, { c: channel.id, a: first.pageInfo.endCursor })).listings;
    expect(second.pageInfo.hasNextPage).toBe(false);
    expect([first.edges[0].node.id, second.edges[0].node.id].sort()).toEqual(all.nodes.map((n: any) => n.id).sort());
    const publishing = (await q(`query($c: ID!) { listings(filter: { channelId: $c, status: PUBLISHING }) { nodes { sku } } }`, { c: channel.id })).listings.nodes;
    expect(publishing).toEqual([{ sku: 'LA-BLUE' }]);
  });
});

describe('syncChannel', () => {
  it('creates a QUEUED run with one job per scope, keyed by the run', async () => {
    const r = (await q(SYNC, { i: { channelId: channel.id, scopes: ['STOCK', 'PRICES', 'ORDERS'] } })).syncChannel;
    expect(r.userErrors).toEqual([]);
    expect(r.syncRun).toMatchObject({ status: 'QUEUED', scopes: ['STOCK', 'PRICES', 'ORDERS'], trigger: 'MANUAL', requestedBy: 'owner@test.example.com', jobs: { total: 3, done: 0, failed: 0 }, channel: { id: channel.id } });
    const runId = dbId(r.syncRun.id);
    const [run] = await sql<{ status: string; jobs_total: number }>('select status, jobs_total from sync_run where id = ?', [runId]);
    expect(run).toEqual({ status: 'QUEUED', jobs_total: 3 });
    const queued = await jobs(`data->>'runId' = ?`, [runId]);
    expect(queued.map((j) => j.name).sort()).toEqual(['sync-orders', 'sync-price', 'sync-stock']);
    expect(queued.find((j) => j.name === 'sync-stock')!.data).toMatchObject({ channelId: dbId(channel.id), runId, full: true });
    const read = (await q(`query($id: ID!) { syncRun(id: $id) { id status errors { code } } }`, { id: r.syncRun.id })).syncRun;
    expect(read).toEqual({ id: r.syncRun.id, status: 'QUEUED', errors: [] });
  });

  it('publishes the listings in DRAFT or ERROR for a LISTINGS run', async () => {
    await exec(`update listing set status = 'ERROR', last_error_code = 'isv.x', last_error_message = 'bad' where sku = 'LA-BLUE' and channel_id = ?`, [dbId(channel.id)]);
    const r = (await q(SYNC, { i: { channelId: channel.id, scopes: ['LISTINGS'] } })).syncChannel;
    expect(r.userErrors).toEqual([]);
    expect(r.syncRun.jobs.total).toBe(1);
    const queued = await jobs(`data->>'runId' = ?`, [dbId(r.syncRun.id)]);
    expect(queued).toHaveLength(1);
    expect(queued[0]).toMatchObject({ name: 'sync-listing', data: { action: 'PUBLISH' } });
  });

  it('refuses a channel that is not ACTIVE and a scope it cannot do', async () => {
    const scoped = (await q(SYNC, { i: { channelId: otherChannel.id, scopes: ['STOCK', 'ORDERS'] } })).syncChannel;
    expect(scoped.userErrors).toEqual([expect.objectContaining({ code: 'SCOPE_NOT_SUPPORTED', field: ['scopes', '1'] })]);
    await q(`mutation($i: UpdateChannelInput!) { updateChannel(input: $i) { userErrors { code } } }`, { i: { id: otherChannel.id, status: 'PAUSED' } });
    const paused = (await q(SYNC, { i: { channelId: otherChannel.id, scopes: ['STOCK'] } })).syncChannel;
    expect(paused.userErrors).toEqual([expect.objectContaining({ code: 'CHANNEL_NOT_ACTIVE' })]);
    expect(await sql('select 1 from sync_run where channel_id = ?', [dbId(otherChannel.id)])).toEqual([]);
    await q(`mutation($i: UpdateChannelInput!) { updateChannel(input: $i) { userErrors { code } } }`, { i: { id: otherChannel.id, status: 'ACTIVE' } });
  });

  it('lists runs newest first', async () => {
    const runs = (await q(`query($c: ID!) { syncRuns(filter: { channelId: $c }, first: 10) { totalCount nodes { scopes createdAt } } }`, { c: channel.id })).syncRuns;
    // Every job leaves a run: the publishes, updates and delists above have theirs (LISTINGS) before the two syncChannel runs.
    expect(runs.totalCount).toBe(6);
    const at = runs.nodes.map((n: any) => Date.parse(n.createdAt));
    expect(at).toEqual([...at].sort((a, b) => b - a));
    expect(runs.nodes.slice(0, 2).map((n: any) => n.scopes)).toEqual([['LISTINGS'], ['STOCK', 'PRICES', 'ORDERS']]);
    expect(runs.nodes.slice(2).map((n: any) => n.scopes)).toEqual([['LISTINGS'], ['LISTINGS'], ['LISTINGS'], ['LISTINGS']]);
  });
});

describe('retrySyncErrors and reconcileChannel', () => {
  it('retries the dead jobs of a run, reopens the run and resolves their errors', async () => {
    const r = (await q(SYNC, { i: { channelId: channel.id, scopes: ['ORDERS'] } })).syncChannel;
    const runId = dbId(r.syncRun.id);
    const [job] = await jobs(`data->>'runId' = ?`, [runId]);
    // What the worker leaves when a job runs out of retries.
    await exec(`update pgboss.job set state = 'failed', completed_on = now() where id = ?::uuid`, [job.id]);
    await exec(`update sync_run set jobs_done = 1, jobs_failed = 1, status = 'FAILED', finished_at = now() where id = ?`, [runId]);
    await exec(
      `insert into sync_error (id, run_id, channel_id, scope, kind, code, message, job_id, queue) values (gen_random_uuid(), ?, ?, 'ORDERS', 'RETRYABLE', 'isp.timeout', 'timed out', ?::uuid, 'sync-orders')`,
      [runId, dbId(channel.id), job.id],
    );
    const failedRun = (await q(`query($id: ID!) { syncRun(id: $id) { status errors { code kind scope resolvedAt } } }`, { id: r.syncRun.id })).syncRun;
    expect(failedRun).toEqual({ status: 'FAILED', errors: [{ code: 'isp.timeout', kind: 'RETRYABLE', scope: 'ORDERS', resolvedAt: null }] });

    const retried = (await q(`mutation($i: RetrySyncErrorsInput!) { retrySyncErrors(input: $i) { retried userErrors { code } } }`, { i: { runId: r.syncRun.id } })).retrySyncErrors;
    expect(retried).toEqual({ retried: 1, userErrors: [] });
    expect((await jobs('id = ?::uuid', [job.id]))[0].state).toBe('retry');
    const [run] = await sql<{ status: string; jobs_done: number; jobs_failed: number; finished_at: string | null }>('select status, jobs_done, jobs_failed, finished_at from sync_run where id = ?', [runId]);
    expect(run).toEqual({ status: 'RUNNING', jobs_done: 0, jobs_failed: 0, finished_at: null });
    const [err] = await sql<{ resolved: boolean }>('select resolved_at is not null as resolved from sync_error where job_id = ?::uuid', [job.id]);
    expect(err.resolved).toBe(true);

    const again = (await q(`mutation($i: RetrySyncErrorsInput!) { retrySyncErrors(input: $i) { retried userErrors { code } } }`, { i: { channelId: channel.id } })).retrySyncErrors;
    expect(again).toEqual({ retried: 0, userErrors: [] });
  });

  it('needs a run or a channel', async () => {
    const r = (await q(`mutation { retrySyncErrors(input: {}) { retried userErrors { code } } }`)).retrySyncErrors;
    expect(r).toEqual({ retried: 0, userErrors: [{ code: 'INVALID_VALUE' }] });
  });

  it('starts a reconciliation run with one job, and lists open drift', async () => {
    const r = (await q(`mutation($i: ReconcileChannelInput!) { reconcileChannel(input: $i) { syncRun { id status scopes jobs { total } } userErrors { code } } }`, { i: { channelId: channel.id, fix: true } })).reconcileChannel;
    expect(r.userErrors).toEqual([]);
    expect(r.syncRun).toMatchObject({ status: 'QUEUED', scopes: ['LISTINGS'], jobs: { total: 1 } });
    const queued = await jobs(`data->>'runId' = ?`, [dbId(r.syncRun.id)]);
    expect(queued).toEqual([expect.objectContaining({ name: 'sync-reconcile', data: expect.objectContaining({ fix: true, channelId: dbId(channel.id) }) })]);

    const [l] = await sql<{ id: string }>(`select id from listing where sku = 'LA-RED' and channel_id = ?`, [dbId(channel.id)]);
    await exec(`insert into listing_drift (id, channel_id, listing_id, run_id, field, expected, actual) values (gen_random_uuid(), ?, ?, ?, 'QUANTITY', '10', '7')`, [dbId(channel.id), l.id, dbId(r.syncRun.id)]);
    await exec(`insert into listing_drift (id, channel_id, listing_id, field, expected, actual, fixed_at) values (gen_random_uuid(), ?, ?, 'PRICE', '1.00', '2.00', now())`, [dbId(channel.id), l.id]);
    const drift = (await q(`query($c: ID!) { listingDrift(channelId: $c) { field expected actual fixedAt listing { sku } } }`, { c: channel.id })).listingDrift;
    expect(drift).toEqual([{ field: 'QUANTITY', expected: '10', actual: '7', fixedAt: null, listing: { sku: 'LA-RED' } }]);
  });
});

describe('permissions', () => {
  it('refuses listing and sync mutations without channels.sync', async () => {
    const analyst = await t.staffToken(['data_analyst'], { departmentKey: 'data' });
    for (const [query, vars] of [
      [PUBLISH, { i: { channelId: channel.id, skus: ['LA-BLACK'] } }],
      [SYNC, { i: { channelId: channel.id, scopes: ['ORDERS'] } }],
      [`mutation($i: RetrySyncErrorsInput!) { retrySyncErrors(input: $i) { retried } }`, { i: { channelId: channel.id } }],
    ] as const) {
      expect((await t.gql(query, vars, analyst)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    // Reading is allowed for the analyst.
    expect((await q(`query($c: ID!) { listings(filter: { channelId: $c }) { totalCount } }`, { c: channel.id }, analyst)).listings.totalCount).toBe(2);
  });

  it('keeps channel-scoped staff to their own channel, for reads and writes', async () => {
    const overseas = await t.staffToken(['overseas_sales'], { departmentKey: 'overseas', channelIds: [otherChannel.key] });
    const denied = await t.gql(PUBLISH, { i: { channelId: channel.id, skus: ['LA-BLACK'] } }, overseas);
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const sync = await t.gql(SYNC, { i: { channelId: channel.id, scopes: ['STOCK'] } }, overseas);
    expect(sync.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await sql(`select 1 from listing where sku = 'LA-BLACK'`)).toEqual([]);
    // Without a channel filter they see only their channel's listings and runs (none here).
    expect((await q('{ listings(first: 100) { totalCount } syncRuns(first: 10) { totalCount } }', {}, overseas))).toEqual({ listings: { totalCount: 0 }, syncRuns: { totalCount: 0 } });
    const other = await t.gql(`query($c: ID!) { listings(filter: { channelId: $c }) { totalCount } }`, { c: channel.id }, overseas);
    expect(other.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    await q(`mutation($i: UpdateChannelInput!) { updateChannel(input: $i) { userErrors { code } } }`, { i: { id: otherChannel.id, enabledOps: ['listings.publish', 'listings.update'] } });
    const mine = (await q(PUBLISH, { i: { channelId: otherChannel.id, skus: ['LA-BLACK'] } }, overseas)).publishListings;
    expect(mine.userErrors).toEqual([]);
    expect(mine.listings).toMatchObject([{ sku: 'LA-BLACK', status: 'PUBLISHING' }]);
    expect((await q('{ listings(first: 100) { nodes { sku } } }', {}, overseas)).listings.nodes).toEqual([{ sku: 'LA-BLACK' }]);
  });
});

describe('structured attributes, sale prices, locales and pending writes', () => {
  const ATTRS = `mutation($i: PublishListingsInput!) { publishListings(input: $i) { listings { id sku locale attributes attributeList { name value } salePrice { amount } status }
    userErrors { code field message } } }`;

  beforeAll(async () => {
    const p = await q('mutation($i: CreateProductInput!) { createProduct(input: $i) { userErrors { code message } } }', {
      i: { title: '羊绒围巾', options: [{ name: '颜色', values: ['灰', '驼'] }], variants: ['LX-GREY', 'LX-CAMEL'].map((sku, k) => ({ sku, optionValues: [['灰', '驼'][k]], price: '299.00' })) },
    });
    expect(p.createProduct.userErrors).toEqual([]);
  });

  it('keeps text, lists and nested objects as given and shows them back the same', async () => {
    const attributeList = [
      { name: 'location.state', value: '浙江' },
      { name: 'aspects', value: { Brand: ['Acme'], Material: ['Cashmere', 'Wool'] } },
      { name: 'bullet_point', value: [{ value: 'Soft', language_tag: 'en_US' }] },
    ];
    const r = (await q(ATTRS, { i: { channelId: channel.id, skus: ['LX-GREY'], attributeList } })).publishListings;
    expect(r.userErrors).toEqual([]);
    expect(r.listings[0].attributes).toEqual({ 'location.state': '浙江', aspects: { Brand: ['Acme'], Material: ['Cashmere', 'Wool'] }, bullet_point: [{ value: 'Soft', language_tag: 'en_US' }] });
    expect(r.listings[0].attributeList).toEqual([attributeList[1], attributeList[2], attributeList[0]]);
    const [row] = await sql<{ attributes: unknown }>('select attributes from listing where id = ?', [dbId(r.listings[0].id)]);
    expect(row.attributes).toEqual(r.listings[0].attributes);
    // Written inline as GraphQL literals too.
    const inline = (await q(`mutation($c: ID!) { publishListings(input: { channelId: $c, skus: ["LX-GREY"], attributeList: [{ name: "aspects", value: { Colour: ["Grey"] } }] }) { listings { attributes } userErrors { code } } }`, { c: channel.id })).publishListings;
    expect(inline).toEqual({ listings: [{ attributes: { aspects: { Colour: ['Grey'] } } }], userErrors: [] });
  });

  it('refuses a null inside a value, naming the attribute and where, and writes nothing', async () => {
    const r = (await q(ATTRS, { i: { channelId: channel.id, skus: ['LX-CAMEL'], attributeList: [{ name: 'aspects', value: { Brand: [null] } }] } })).publishListings;
    expect(r.listings).toEqual([]);
    expect(r.userErrors).toEqual([{ code: 'INVALID_VALUE', field: ['attributeList', '0', 'value'], message: expect.stringContaining('aspects at .Brand[0]') }]);
    expect(await sql(`select 1 from listing where sku = 'LX-CAMEL'`)).toEqual([]);
  });

  it('refuses a sale price on a marketplace that keeps none (Taobao)', async () => {
    const r = (await q(ATTRS, { i: { channelId: channel.id, skus: ['LX-CAMEL'], price: '299.00', salePrice: '259.00' } })).publishListings;
    expect(r.userErrors).toEqual([expect.objectContaining({ code: 'SALE_PRICE_NOT_SUPPORTED', field: ['salePrice'] })]);
    expect(await sql(`select 1 from listing where sku = 'LX-CAMEL'`)).toEqual([]);
  });

  it('writes the catalogue text in its locale (zh-CN) where the channel lists in it', async () => {
    const r = (await q(ATTRS, { i: { channelId: channel.id, skus: ['LX-CAMEL'] } })).publishListings;
    expect(r.userErrors).toEqual([]);
    expect(r.listings[0]).toMatchObject({ sku: 'LX-CAMEL', locale: 'zh-CN', salePrice: null });
  });

  it('refuses to delist or delete a listing whose last write the marketplace is still processing', async () => {
    const [l] = (await q(`query($c: ID!) { listings(filter: { channelId: $c, sku: "LX-CAMEL" }, first: 1) { nodes { id } } }`, { c: channel.id })).listings.nodes;
    await exec(`update listing set status = 'PENDING', pending_action = 'LIST' where id = ?`, [dbId(l.id)]);
    const node = (await q(`query($id: ID!) { node(id: $id) { ... on Listing { status pendingAction issues { code } } } }`, { id: l.id })).node;
    expect(node).toEqual({ status: 'PENDING', pendingAction: 'LIST', issues: [] });
    const delisted = (await q(DELIST, { i: { ids: [l.id] } })).delistListings;
    expect(delisted.userErrors).toEqual([expect.objectContaining({ code: 'LISTING_PENDING', field: ['ids', '0'] })]);
    const deleted = (await q(`mutation($i: ListingIdsInput!) { deleteListings(input: $i) { deletedIds userErrors { code } } }`, { i: { ids: [l.id] } })).deleteListings;
    expect(deleted).toEqual({ deletedIds: [], userErrors: [{ code: 'LISTING_PENDING' }] });
  });
});
