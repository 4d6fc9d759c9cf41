import { SimControl } from '../connectors/sdk/testkit/sim-control';
import type { RunningSimulator } from '../connectors/sdk/simulator';
import { startAliExpressSimulator } from '../connectors/aliexpress/simulator';
import { selectRows } from '../src/common/sql';
import { decryptSecret } from '../src/sync/secrets';
import { AE_CATEGORY_ID, aeExpected, aeMixedOrder, aeOrderIdOf, aeOrderKind, createAliExpressChannel, ImageHost, seedAliExpressCatalog, startImageHost } from './support/aliexpress-fixtures';
import { ChannelRef, gqlOk, waitFor } from './support/sync-fixtures';
import { startTestApp, TestApp, TEST_SECRETS_KEY } from './support/test-app';

/**
 * The sync engine end to end on AliExpress: the product with its worker (ROLE=all) against the
 * AliExpress simulator over HTTP. Publish 20 SKUs (photo bank, English texts, channel settings),
 * restock, reprice, delist; a few hundred orders of every kind across several pages of
 * order.get, some changing while the window is walked, each imported once; a parcel pushed with
 * order.fulfill. Then the same with the simulator throttling and failing.
 */

jest.setTimeout(300_000);

interface Flow {
  sim: RunningSimulator;
  control: SimControl;
  channel: ChannelRef;
  skus: string[];
  warehouse: string;
}

let t: TestApp;
let owner: string;
let images: ImageHost;
const sims: RunningSimulator[] = [];

const q = (query: string, vars: Record<string, unknown> = {}) => gqlOk(t, owner, query, vars);
const sql = <T>(text: string, params: unknown[] = []) => selectRows<T>(t.em(), text, params);

beforeAll(async () => {
  images = await startImageHost();
  t = await startTestApp({ ROLE: 'all', WORKER_CONCURRENCY: '2' });
  owner = await t.ownerToken();
});
afterAll(async () => {
  for (const s of sims) await s.stop();
  await t?.stop();
  await images?.stop();
});

interface Listing {
  id: string;
  sku: string;
  status: string;
  itemId: string | null;
  lastError: { code: string; message: string } | null;
}

async function listings(channelId: string): Promise<Listing[]> {
  const r = await q(`query($c: ID!) { listings(filter: { channelId: $c }, first: 100) { nodes { id sku status itemId lastError { code message } } } }`, { c: channelId });
  return r.listings.nodes;
}

async function sync(channelId: string, scopes: string[]): Promise<Record<string, any>> {
  const r = await q(`mutation($i: SyncChannelInput!) { syncChannel(input: $i) { syncRun { id } userErrors { code message } } }`, { i: { channelId, scopes } });
  expect(r.syncChannel.userErrors).toEqual([]);
  return waitFor('the sync run', async () => {
    const s = await q(`query($id: ID!) { syncRun(id: $id) { status finishedAt counts { created updated failed } errors { kind code message } } }`, { id: r.syncChannel.syncRun.id });
    return s.syncRun.finishedAt ? s.syncRun : undefined;
  }, 200_000);
}

/** A simulator (its call limit far above the channel's), 20 stocked SKUs with English texts, and a channel on it with all 20 published. */
async function setUp(prefix: string, faults?: Record<string, unknown>): Promise<Flow> {
  const sim = await startAliExpressSimulator({ seed: 14, callsPerSecond: 500, burst: 500 });
  sims.push(sim);
  const control = new SimControl(sim.controlUrl);
  const warehouse = `${prefix}W`;
  const skus = await seedAliExpressCatalog(t, owner, { warehouse, prefix, count: 20, onHand: 1000, imageUrl: images.url(prefix) });
  const channel = await createAliExpressChannel(t, owner, { name: `AliExpress ${prefix}`, baseUrl: sim.baseUrl, credentials: await control.credentials(), warehouse, settings: { callsPerSecond: '100' } });
  if (faults) await control.faults(faults);
  const r = await q(`mutation($i: PublishListingsInput!) { publishListings(input: $i) { listings { sku status } userErrors { code message } } }`, {
    i: { channelId: channel.id, skus, categoryId: AE_CATEGORY_ID, price: '19.99' },
  });
  expect(r.publishListings.userErrors).toEqual([]);
  expect(r.publishListings.listings).toHaveLength(20);
  await waitFor('20 listings ACTIVE', async () => {
    const ls = await listings(channel.id);
    const errors = ls.filter((l) => l.status === 'ERROR');
    if (errors.length) throw new Error(`listings in ERROR: ${JSON.stringify(errors)}`);
    return ls.length === 20 && ls.every((l) => l.status === 'ACTIVE' && l.itemId) ? ls : undefined;
  }, 200_000);
  return { sim, control, channel, skus, warehouse };
}

async function simSku(control: SimControl, sku: string) {
  return (await control.listings()).find((l) => l.sku === sku);
}

/** Publish, restock, reprice, orders, a parcel, delist; returns what the end state looks like, for comparing runs with and without faults. */
async function flow(f: Flow, orderCount: number, firstOrder: number, opts: { changesDuringWalk?: boolean } = {}): Promise<Record<string, unknown>> {
  const { control, channel, skus, warehouse } = f;
  // Published: one AliExpress product with 20 SKUs at the listing price and what the channel may sell, in English.
  const published = await control.listings();
  expect(published.map((l) => l.sku).sort()).toEqual(skus);
  for (const l of published) expect(l).toMatchObject({ quantity: 1000, price: '19.99', status: 'onSelling', raw: { currency: 'USD', language: 'en' } });
  expect(new Set(published.map((l) => l.raw.product_id)).size).toBe(1);
  expect(published[0].raw.subjects).toEqual([{ language: 'en', subject: `Cotton crew neck T-shirt ${skus[0].split('-')[0]}` }]);

  // A stock change reaches the marketplace by itself (outbox → worker → batch inventory update).
  await q(`mutation($s: String!, $w: String!) { adjustStock(input: { sku: $s, warehouseCode: $w, delta: -7, reason: "damaged in store" }) { userErrors { code } } }`, { s: skus[0], w: warehouse });
  await waitFor('the simulator to show 993', async () => (await simSku(control, skus[0]))?.quantity === 993, 200_000);

  // A new price with a discount price: both go in the batch price update, and a later stock push leaves them.
  const byId = new Map((await listings(channel.id)).map((l) => [l.sku, l]));
  const up = await q(`mutation($i: UpdateListingInput!) { updateListing(input: $i) { listing { id } userErrors { code message } } }`, { i: { id: byId.get(skus[1])!.id, price: '24.99', salePrice: '21.99' } });
  expect(up.updateListing.userErrors).toEqual([]);
  await waitFor('the simulator to show 24.99 / 21.99', async () => {
    const l = await simSku(control, skus[1]);
    return l?.price === '24.99' && l.raw.discount_price === '21.99';
  }, 200_000);
  await q(`mutation($s: String!, $w: String!) { adjustStock(input: { sku: $s, warehouseCode: $w, delta: -3, reason: "count" }) { userErrors { code } } }`, { s: skus[1], w: warehouse });
  await waitFor('the simulator to show 997', async () => (await simSku(control, skus[1]))?.quantity === 997, 200_000);
  expect(await simSku(control, skus[1])).toMatchObject({ price: '24.99', raw: { discount_price: '21.99' } });
  expect((await simSku(control, skus[2]))?.price).toBe('19.99');

  // Orders of every kind, pulled once: modified some 20 hours ago, one a second, so the pull's
  // first pass lands them in one window of several order.get pages.
  const at = Date.now() - 20 * 60 * 60_000;
  const indexes = Array.from({ length: orderCount }, (_, k) => firstOrder + k);
  for (const [k, i] of indexes.entries()) await control.addOrder(aeMixedOrder(i, skus, { at: new Date(at + k * 1000) }));
  // The newest orders are on the window's first page; five paid ones are shipped by AliExpress's
  // logistics right after a page has carried them, and so leave the window while it is walked.
  const moved = opts.changesDuringWalk ? indexes.slice(-12).filter((i) => aeExpected(i).status === 'PAID' && !aeExpected(i).holds).slice(-5) : [];
  if (moved.length) {
    const res = await fetch(new URL('/__sim/order-changes', f.sim.controlUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ orderIds: moved.map(aeOrderIdOf), set: { order_status: 'WAIT_BUYER_ACCEPT_GOODS' }, afterRead: true }),
    });
    expect(res.status).toBe(200);
  }
  const before = (await control.requests()).length;
  const run = await sync(channel.id, ['ORDERS']);
  expect(run.status).toBe('SUCCEEDED');
  expect(run.counts.created).toBe(orderCount);
  // The window was walked over several pages of order.get (50 to a page).
  const pagesRead = (await control.requests())
    .slice(before)
    .filter((c) => c.operation === 'aliexpress.solution.order.get' && !c.errorCode)
    .map((c) => Number(JSON.parse((c.params as Record<string, string>).param0).current_page));
  expect(Math.max(...pagesRead)).toBe(Math.ceil(orderCount / 50));

  const pull = async () =>
    sql<{ external_id: string; status: string; holds: string[] | null }>(
      `select o.external_id, o.status, (select array_agg(h.reason order by h.reason) from order_hold h where h.order_id = o.id and h.released_at is null) as holds
         from sales_order o where o.channel_id = ?`,
      [channel.key],
    );
  let orders = await pull();
  expect(orders).toHaveLength(orderCount);
  expect(new Set(orders.map((o) => o.external_id)).size).toBe(orderCount);

  // A second pull finds nothing new; the orders that changed during the walk have their new status by now.
  const again = await sync(channel.id, ['ORDERS']);
  expect(again.status).toBe('SUCCEEDED');
  expect(again.counts.created).toBe(0);
  orders = await pull();
  expect(orders).toHaveLength(orderCount);
  const byId2 = new Map(orders.map((o) => [o.external_id, o]));
  for (const i of indexes) {
    const o = byId2.get(aeOrderIdOf(i)); // ids above 2^53 arrive exact
    expect({ i, kind: aeOrderKind(i), status: o?.status, holds: o?.holds }).toEqual({ i, kind: aeOrderKind(i), ...(moved.includes(i) ? { status: 'SHIPPED', holds: null } : aeExpected(i)) });
  }
  // Reserved where they should be: paid orders of known SKUs still to ship (held or not); nothing for cancelled, unmapped or under review.
  const [reserved] = await sql<{ n: number }>(
    `select count(distinct o.id)::int as n from sales_order o join reservation r on r.reference = o.number and r.status = 'ACTIVE' where o.channel_id = ?`,
    [channel.key],
  );
  const shouldReserve = indexes.filter((i) => !moved.includes(i) && ['PLAIN', 'MULTI', 'IN_CANCEL'].includes(aeOrderKind(i))).length;
  expect(reserved.n).toBe(shouldReserve);

  // Ship one: AliExpress shows the fulfilment with our tracking number, the whole order at once.
  const plain = indexes.find((i) => aeOrderKind(i) === 'PLAIN' && !moved.includes(i))!;
  const o = (await q(`query($f: OrderFilter) { orders(first: 1, filter: $f) { edges { node { id lines { id quantity } } } } }`, { f: { channelId: channel.id, search: aeOrderIdOf(plain) } })).orders.edges[0].node;
  const shipped = await q(`mutation($i: CreateShipmentInput!) { createShipment(input: $i) { userErrors { code message } } }`, {
    i: { orderId: o.id, warehouseCode: warehouse, carrier: 'CAINIAO_STANDARD', trackingNumber: `LP${plain}00CN`, lines: o.lines.map((l: { id: string; quantity: number }) => ({ orderLineId: l.id, quantity: l.quantity })) },
  });
  expect(shipped.createShipment.userErrors).toEqual([]);
  const fulfilment = await waitFor('the fulfilment on the simulator', async () => (await control.shipments()).find((s) => s.order_id === aeOrderIdOf(plain)), 200_000);
  expect(fulfilment).toMatchObject({ logistics_no: `LP${plain}00CN`, service_name: 'CAINIAO_STANDARD', send_type: 'all' });

  // Delist one SKU: its stock goes to 0 and the product stays on sale for the others; delisting the rest takes the product off sale.
  const delist = async (ids: string[]) => {
    const r = await q(`mutation($i: ListingIdsInput!) { delistListings(input: $i) { userErrors { code message } } }`, { i: { ids } });
    expect(r.delistListings.userErrors).toEqual([]);
  };
  await delist([byId.get(skus[19])!.id]);
  await waitFor('one listing DELISTED', async () => (await listings(channel.id)).find((l) => l.sku === skus[19])?.status === 'DELISTED', 200_000);
  expect(await simSku(control, skus[19])).toMatchObject({ quantity: 0, status: 'onSelling' });
  await delist(skus.slice(0, 19).map((s) => byId.get(s)!.id));
  await waitFor('every listing DELISTED', async () => (await listings(channel.id)).every((l) => l.status === 'DELISTED'), 200_000);
  expect(new Set((await control.listings()).map((l) => l.status))).toEqual(new Set(['offline']));

  return {
    statuses: [...new Set(orders.map((o) => o.status))].sort(),
    holds: [...new Set(orders.flatMap((o) => o.holds ?? []))].sort(),
    listings: [...new Set((await listings(channel.id)).map((l) => l.status))],
  };
}

let clean: Record<string, unknown>;

it('publishes 20 SKUs, restocks, reprices, pulls 300 orders once across pages while some change during the walk, pushes a parcel and delists', async () => {
  const f = await setUp('AEA');
  clean = await flow(f, 300, 1, { changesDuringWalk: true });
  expect(clean).toEqual({
    statuses: ['CANCELLED', 'PAID', 'PENDING_PAYMENT', 'SHIPPED'],
    holds: ['CANCEL_REQUESTED', 'DO_NOT_SHIP', 'UNMAPPED_SKU'],
    listings: ['DELISTED'],
  });
});

it('reaches the same end state with throttling and server errors on the gateway', async () => {
  const f = await setUp('AEF', { rate429: 0.1, error500: 0.1 });
  const faulty = await flow(f, 100, 1001);
  expect({ ...faulty, statuses: (faulty.statuses as string[]).filter((s) => s !== 'SHIPPED') }).toEqual({ ...clean, statuses: (clean.statuses as string[]).filter((s) => s !== 'SHIPPED') });
  // The faults really happened: throttled calls (ApiCallLimit) and 5xx / ISP errors.
  const calls = await f.control.requests();
  expect(calls.filter((c) => c.errorCode === 'ApiCallLimit').length).toBeGreaterThan(0);
  expect(calls.filter((c) => Number(c.status) >= 500 || c.errorCode === 'ServiceUnavailable').length).toBeGreaterThan(0);
});

describe('tokens', () => {
  /** A simulator and a channel on it selling three SKUs (in a warehouse of their own). */
  async function channelOn(prefix: string, simOptions: Parameters<typeof startAliExpressSimulator>[0] = {}) {
    const sim = await startAliExpressSimulator({ callsPerSecond: 500, burst: 500, ...simOptions });
    sims.push(sim);
    const control = new SimControl(sim.controlUrl);
    const skus = await seedAliExpressCatalog(t, owner, { warehouse: `${prefix}W`, prefix, count: 3, onHand: 50, imageUrl: images.url(prefix) });
    const channel = await createAliExpressChannel(t, owner, { name: `AliExpress ${prefix}`, baseUrl: sim.baseUrl, credentials: await control.credentials(), warehouse: `${prefix}W` });
    const simGet = async <T>(path: string): Promise<T> => (await (await fetch(new URL(path, sim.controlUrl))).json()) as T;
    return { sim, control, skus, channel, simGet };
  }

  it('given an access token AliExpress has expired when the channel pulls then it is refreshed once through /rest/auth/token/refresh, the pull succeeds and the rotated refresh token is the one stored', async () => {
    const { control, skus, channel, simGet } = await channelOn('AET');
    // PLAIN kinds (index 6..8): paid orders of known SKUs.
    for (const i of [6, 7, 8]) await control.addOrder(aeMixedOrder(i, skus));
    expect(await sync(channel.id, ['ORDERS'])).toMatchObject({ status: 'SUCCEEDED', counts: { created: 3 } });
    const first = await simGet<{ refreshes: number }>('/__sim/auth');

    await control.faults({ expireTokens: true });
    for (const i of [16, 17, 18]) await control.addOrder(aeMixedOrder(i, skus));
    const before = (await control.requests()).length;
    expect(await sync(channel.id, ['ORDERS'])).toMatchObject({ status: 'SUCCEEDED', counts: { created: 3 } });
    expect((await simGet<{ refreshes: number }>('/__sim/auth')).refreshes).toBe(first.refreshes + 1);
    // AliExpress refused the expired token, the engine refreshed through the system call, and the calls went on with the new one.
    const made = (await control.requests()).slice(before);
    const refused = made.findIndex((c) => c.errorCode === 'IllegalAccessToken');
    const refreshed = made.findIndex((c) => c.path === '/rest/auth/token/refresh' && !c.errorCode);
    expect(refused).toBeGreaterThanOrEqual(0);
    expect(refreshed).toBeGreaterThan(refused);
    expect(made.slice(refreshed + 1).filter((c) => c.errorCode)).toEqual([]);

    // The refresh token AliExpress rotated to is stored (encrypted); no access token is in the channel row.
    const tokens = await simGet<{ accessToken: string; refreshToken: string }>('/__sim/tokens');
    const [row] = await sql<Record<string, unknown>>('select * from channel where key = ?', [channel.key]);
    const stored = JSON.parse(decryptSecret(Buffer.from(TEST_SECRETS_KEY, 'hex'), String(row.credentials_enc))) as Record<string, string>;
    expect(stored.refreshToken).toBe(tokens.refreshToken);
    expect(JSON.stringify(row)).not.toContain(tokens.accessToken);
    expect(JSON.stringify(stored)).not.toContain(tokens.accessToken);
  });

  it('given a refresh token that has expired when the channel pulls then the refresh is refused once and the channel is AUTH_FAILED', async () => {
    // Refresh tokens that live three seconds: the marketplace's clock and ours stay together (a clock moved by days would fail the timestamp check first).
    const { control, channel, simGet } = await channelOn('AEX', { refreshTokenTtlMs: 3_000 });
    const { refreshTokenExpiresAt } = await simGet<{ refreshTokenExpiresAt: string }>('/__sim/tokens');
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, Date.parse(refreshTokenExpiresAt) - Date.now()) + 200));
    const before = await simGet<{ refreshes: number }>('/__sim/auth');

    const run = await sync(channel.id, ['ORDERS']);
    expect(run.status).toBe('FAILED');
    expect(run.errors).toEqual([expect.objectContaining({ kind: 'AUTH_FAILED', code: 'IllegalRefreshToken' })]);
    expect((await q(`query($id: ID!) { channel(id: $id) { status lastError } }`, { id: channel.id })).channel).toEqual({ status: 'AUTH_FAILED', lastError: expect.stringContaining('refresh token') });
    expect((await simGet<{ refreshes: number }>('/__sim/auth')).refreshes - before.refreshes).toBe(1);
    expect((await control.requests()).filter((c) => c.path === '/sync')).toEqual([]);
  });
});
