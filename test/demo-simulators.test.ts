import { startTestApp, TestApp } from './support/test-app';
import { gqlOk, waitFor } from './support/sync-fixtures';
import { selectRows } from '../src/common/sql';

/**
 * SIMULATORS=1: the demo starts every simulator and connects a channel to each, with sample
 * orders waiting, so an ORDERS sync works out of the box.
 */

jest.setTimeout(120_000);

let t: TestApp;
let owner: string;

beforeAll(async () => {
  t = await startTestApp({ SIMULATORS: 'true', SIMULATOR_PORT: '0', DEMO_DATA: 'true', ROLE: 'all' });
  owner = await t.ownerToken();
});
afterAll(() => t.stop());

it('connects a channel to each simulator and pulls its sample orders', async () => {
  const { channels } = await gqlOk(t, owner, '{ channels { id key kind status } }');
  const byKey = new Map((channels as { id: string; key: string; kind: string; status: string }[]).map((c) => [c.key, c]));
  expect(byKey.get('taobao-sim')).toMatchObject({ kind: 'TAOBAO', status: 'ACTIVE' });
  expect(byKey.get('tmall-sim')).toMatchObject({ kind: 'TMALL', status: 'ACTIVE' });

  const tested = await gqlOk(t, owner, 'mutation($id: ID!) { testChannelConnection(id: $id) { ok error { code message } } }', { id: byKey.get('taobao-sim')!.id });
  expect(tested.testChannelConnection).toMatchObject({ ok: true, error: null });

  const r = await gqlOk(t, owner, 'mutation($i: SyncChannelInput!) { syncChannel(input: $i) { syncRun { id } userErrors { code } } }', { i: { channelId: byKey.get('taobao-sim')!.id, scopes: ['ORDERS'] } });
  const run = await waitFor('the demo pull', async () => {
    const s = await gqlOk(t, owner, 'query($id: ID!) { syncRun(id: $id) { status counts { created } finishedAt } }', { id: r.syncChannel.syncRun.id });
    return s.syncRun.finishedAt ? s.syncRun : undefined;
  });
  expect(run.status).toBe('SUCCEEDED');
  // The channel's schedule may have pulled them first: either way each sample order is here once.
  const count = async () => Number((await selectRows<{ n: string }>(t.em(), `select count(*)::text as n from sales_order where channel_id = 'taobao-sim'`))[0].n);
  await waitFor('the 12 sample orders', async () => (await count()) === 12 || undefined);
  expect(await count()).toBe(12);
});

it('publishes a demo product to the items its staff made in the simulator', async () => {
  const { channels } = await gqlOk(t, owner, '{ channels { id key } }');
  const tmall = (channels as { id: string; key: string }[]).find((c) => c.key === 'tmall-sim')!;
  // A SKU of the first active product: the demo made an item with it as merchant code.
  const [{ sku }] = await selectRows<{ sku: string }>(
    t.em(),
    `select v.sku from product p join variant v on v.product_id = p.id where p.status = 'ACTIVE' and v.status = 'ACTIVE' order by p.created_at, p.id, v.position, v.sku limit 1`,
  );
  const r = await gqlOk(t, owner, 'mutation($c: ID!, $s: String!) { publishListings(input: { channelId: $c, skus: [$s] }) { listings { id } userErrors { code message } } }', { c: tmall.id, s: sku });
  expect(r.publishListings.userErrors).toEqual([]);
  const listing = await waitFor('the listing to go live', async () => {
    const n = (await gqlOk(t, owner, 'query($id: ID!) { node(id: $id) { ... on Listing { status itemId lastError { code message } } } }', { id: r.publishListings.listings[0].id })).node;
    return n.status === 'ACTIVE' || n.status === 'ERROR' ? n : undefined;
  });
  expect(listing).toMatchObject({ status: 'ACTIVE', lastError: null });
  expect(listing.itemId).toMatch(/^\d+$/);
});
