import { startEbaySimulator } from '../connectors/ebay/simulator';
import type { RunningSimulator } from '../connectors/sdk/simulator';
import { SimControl } from '../connectors/sdk/testkit/sim-control';
import { selectRows } from '../src/common/sql';
import { createEbayChannel, EBAY_CATEGORY_ID, ebayOffers, ebayExpected, ebayMixedOrder, ebayOrderIdOf, ebayOrderKind, seedEbayCatalog } from './support/ebay-fixtures';
import { ChannelRef, gqlOk, waitFor } from './support/sync-fixtures';
import { startTestApp, TestApp } from './support/test-app';

/**
 * The sync engine end to end on eBay: the product with its worker (ROLE=all) against the eBay
 * simulator over HTTP, every exchange checked against eBay's OpenAPI contracts. Publish 20 SKUs
 * (one multiple-variation listing: inventory items, offers, the item group), restock, reprice,
 * delist; a few hundred orders of every kind across several getOrders pages, some changing while
 * the window is walked, each imported once; a parcel pushed with createShippingFulfillment. Then
 * the same with the simulator throttling and failing, and the seller's tokens expiring.
 */

jest.setTimeout(300_000);

interface Flow {
  sim: RunningSimulator;
  control: SimControl;
  channel: ChannelRef;
  skus: string[];
  warehouse: string;
}

interface LoggedCall {
  path: string;
  operation: string | null;
  status: number;
  errorCode: string | null;
  params: Record<string, string> | null;
}

let t: TestApp;
let owner: string;
const sims: RunningSimulator[] = [];

const q = (query: string, vars: Record<string, unknown> = {}) => gqlOk(t, owner, query, vars);
const sql = <T>(text: string, params: unknown[] = []) => selectRows<T>(t.em(), text, params);

beforeAll(async () => {
  t = await startTestApp({ ROLE: 'all', WORKER_CONCURRENCY: '2' });
  owner = await t.ownerToken();
});
afterAll(async () => {
  for (const s of sims) await s.stop();
  await t?.stop();
});

interface Listing {
  id: string;
  sku: string;
  status: string;
  itemId: string | null;
  groupKey: string | null;
  marketPrices: unknown[] | null;
  lastError: { code: string; message: string } | null;
}

async function listings(channelId: string): Promise<Listing[]> {
  const r = await q(`query($c: ID!) { listings(filter: { channelId: $c }, first: 100) { nodes { id sku status itemId groupKey marketPrices { marketplaceId } lastError { code message } } } }`, { c: channelId });
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

async function calls(control: SimControl): Promise<LoggedCall[]> {
  return (await control.requests()) as unknown as LoggedCall[];
}

/** A simulator, 20 stocked SKUs of one product with English texts, and a channel on eBay.com with all 20 published. */
async function setUp(prefix: string, faults?: Record<string, unknown>): Promise<Flow> {
  const sim = await startEbaySimulator({ seed: 15, callsPerSecond: 500, burst: 500 });
  sims.push(sim);
  const control = new SimControl(sim.controlUrl);
  const warehouse = `${prefix}W`;
  const skus = await seedEbayCatalog(t, owner, { warehouse, prefix, count: 20, onHand: 1000 });
  const channel = await createEbayChannel(t, owner, { name: `eBay ${prefix}`, baseUrl: sim.baseUrl, credentials: await control.credentials(), warehouse });
  if (faults) await control.faults(faults);
  const r = await q(`mutation($i: PublishListingsInput!) { publishListings(input: $i) { listings { sku status } userErrors { code message } } }`, {
    i: { channelId: channel.id, skus, categoryId: EBAY_CATEGORY_ID, price: '19.99' },
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
  return (await ebayOffers(control)).find((l) => l.sku === sku);
}

/** Publish, restock, reprice, orders, a parcel, delist; returns what the end state looks like, for comparing runs with and without faults. */
async function flow(f: Flow, orderCount: number, firstOrder: number, opts: { changesDuringWalk?: boolean } = {}): Promise<Record<string, unknown>> {
  const { control, channel, skus, warehouse } = f;
  const prefix = skus[0].split('-')[0];
  // Published: one offer per SKU on eBay.com at the listing price, all on one multiple-variation listing, in English.
  const published = await ebayOffers(control);
  expect(published.map((l) => l.sku).sort()).toEqual(skus);
  for (const l of published) {
    expect(l).toMatchObject({ quantity: 1000, price: '19.99', currency: 'USD', status: 'PUBLISHED', marketplaceId: 'EBAY_US', format: 'FIXED_PRICE', listingStatus: 'ACTIVE', locale: 'en-US', title: `Men's slim fit suit ${prefix}` });
  }
  expect(new Set(published.map((l) => l.listingId)).size).toBe(1);
  expect(new Set(published.map((l) => l.groupKey)).size).toBe(1);
  const byId = new Map((await listings(channel.id)).map((l) => [l.sku, l]));
  expect(byId.get(skus[0])!.groupKey).toBeTruthy();
  // One site: the listing's own price is its price there, with no list per marketplace.
  expect([...byId.values()].map((l) => l.marketPrices)).toEqual(skus.map(() => null));

  // A stock change reaches eBay by itself (outbox → worker → bulkUpdatePriceQuantity).
  await q(`mutation($s: String!, $w: String!) { adjustStock(input: { sku: $s, warehouseCode: $w, delta: -7, reason: "damaged in store" }) { userErrors { code } } }`, { s: skus[0], w: warehouse });
  await waitFor('the simulator to show 993', async () => (await simSku(control, skus[0]))?.quantity === 993, 200_000);

  // A new price reaches the SKU's offer; a later stock push leaves it.
  const up = await q(`mutation($i: UpdateListingInput!) { updateListing(input: $i) { listing { id } userErrors { code message } } }`, { i: { id: byId.get(skus[1])!.id, price: '24.99' } });
  expect(up.updateListing.userErrors).toEqual([]);
  await waitFor('the simulator to show 24.99', async () => (await simSku(control, skus[1]))?.price === '24.99', 200_000);
  await q(`mutation($s: String!, $w: String!) { adjustStock(input: { sku: $s, warehouseCode: $w, delta: -3, reason: "count" }) { userErrors { code } } }`, { s: skus[1], w: warehouse });
  await waitFor('the simulator to show 997', async () => (await simSku(control, skus[1]))?.quantity === 997, 200_000);
  expect(await simSku(control, skus[1])).toMatchObject({ price: '24.99', currency: 'USD', status: 'PUBLISHED' });
  expect((await simSku(control, skus[2]))?.price).toBe('19.99');

  // Orders of every kind, pulled once: placed and last modified some 20 hours ago, one a second,
  // so the pull's first window holds them all over several getOrders pages (200 to a page).
  const at = Date.now() - 20 * 60 * 60_000;
  const indexes = Array.from({ length: orderCount }, (_, k) => firstOrder + k);
  for (const [k, i] of indexes.entries()) await control.addOrder(ebayMixedOrder(i, skus, { at: new Date(at + k * 1000) }));
  // The newest orders are on the window's first page; five paid ones are shipped on eBay right
  // after that page carried them, and so leave the window while it is walked.
  const moved = opts.changesDuringWalk ? indexes.slice(-12).filter((i) => ebayExpected(i).status === 'PAID' && !ebayExpected(i).holds).slice(-5) : [];
  if (moved.length) {
    const res = await fetch(new URL('/__sim/order-changes', f.sim.controlUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ orderIds: moved.map(ebayOrderIdOf), set: { orderFulfillmentStatus: 'FULFILLED' }, afterRead: true }),
    });
    expect(res.status).toBe(200);
  }
  const before = (await calls(control)).length;
  const run = await sync(channel.id, ['ORDERS']);
  expect(run.status).toBe('SUCCEEDED');
  expect(run.counts.created).toBe(orderCount);
  // The window was walked over every page of getOrders: the first for the total, then from the last back to the first.
  const offsets = (await calls(control))
    .slice(before)
    .filter((c) => c.operation === 'getOrders' && c.status === 200)
    .map((c) => Number(c.params?.offset ?? 0));
  const lastPage = Math.floor((orderCount - 1) / 200) * 200;
  expect(Math.max(...offsets)).toBe(lastPage);
  expect(new Set(offsets)).toEqual(new Set(Array.from({ length: lastPage / 200 + 1 }, (_, k) => k * 200)));

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
  const byExternal = new Map(orders.map((o) => [o.external_id, o]));
  for (const i of indexes) {
    const o = byExternal.get(ebayOrderIdOf(i));
    expect({ i, kind: ebayOrderKind(i), status: o?.status, holds: o?.holds }).toEqual({ i, kind: ebayOrderKind(i), ...(moved.includes(i) ? { status: 'SHIPPED', holds: null } : ebayExpected(i)) });
  }
  // Reserved where they should be: paid orders of known SKUs still to ship (held or not); nothing for cancelled, unmapped or unpaid ones.
  const [reserved] = await sql<{ n: number }>(
    `select count(distinct o.id)::int as n from sales_order o join reservation r on r.reference = o.number and r.status = 'ACTIVE' where o.channel_id = ?`,
    [channel.key],
  );
  const shouldReserve = indexes.filter((i) => !moved.includes(i) && ['PLAIN', 'MULTI', 'CANCEL_REQUESTED'].includes(ebayOrderKind(i))).length;
  expect(reserved.n).toBe(shouldReserve);

  // Ship one: eBay shows the package with our carrier code and tracking number, the line and its units.
  const plain = indexes.find((i) => ebayOrderKind(i) === 'PLAIN' && !moved.includes(i))!;
  const o = (await q(`query($f: OrderFilter) { orders(first: 1, filter: $f) { edges { node { id lines { id quantity externalLineId } } } } }`, { f: { channelId: channel.id, search: ebayOrderIdOf(plain) } })).orders.edges[0].node;
  const tracking = `9400111899${String(plain).padStart(12, '0')}`;
  const shipped = await q(`mutation($i: CreateShipmentInput!) { createShipment(input: $i) { userErrors { code message } } }`, {
    i: { orderId: o.id, warehouseCode: warehouse, carrier: 'USPS', trackingNumber: tracking, lines: o.lines.map((l: { id: string; quantity: number }) => ({ orderLineId: l.id, quantity: l.quantity })) },
  });
  expect(shipped.createShipment.userErrors).toEqual([]);
  const parcel = await waitFor('the package on the simulator', async () => (await control.shipments()).find((s) => s.orderId === ebayOrderIdOf(plain)), 200_000);
  expect(parcel).toMatchObject({ trackingNumber: tracking, shippingCarrierCode: 'USPS', lineItems: o.lines.map((l: { externalLineId: string; quantity: number }) => ({ lineItemId: l.externalLineId, quantity: l.quantity })) });

  // Delist one variation: its quantity goes to 0 and the listing stays for the others; delisting the rest ends the listing (the offers stay, unpublished).
  const delist = async (ids: string[]) => {
    const r = await q(`mutation($i: ListingIdsInput!) { delistListings(input: $i) { userErrors { code message } } }`, { i: { ids } });
    expect(r.delistListings.userErrors).toEqual([]);
  };
  await delist([byId.get(skus[19])!.id]);
  await waitFor('one listing DELISTED', async () => (await listings(channel.id)).find((l) => l.sku === skus[19])?.status === 'DELISTED', 200_000);
  expect(await simSku(control, skus[19])).toMatchObject({ quantity: 0, status: 'PUBLISHED', listingStatus: 'ACTIVE' });
  await delist(skus.slice(0, 19).map((s) => byId.get(s)!.id));
  await waitFor('every listing DELISTED', async () => (await listings(channel.id)).every((l) => l.status === 'DELISTED'), 200_000);
  const ended = await ebayOffers(control);
  expect(ended).toHaveLength(20);
  expect(new Set(ended.map((l) => `${l.status} ${l.listingStatus}`))).toEqual(new Set(['UNPUBLISHED ENDED']));
  expect((await calls(control)).filter((c) => c.operation === 'withdrawOfferByInventoryItemGroup' && c.status === 204)).toHaveLength(1);

  return {
    statuses: [...new Set(orders.map((x) => x.status))].sort(),
    holds: [...new Set(orders.flatMap((x) => x.holds ?? []))].sort(),
    listings: [...new Set((await listings(channel.id)).map((l) => l.status))],
  };
}

let clean: Record<string, unknown>;

it('publishes 20 SKUs, restocks, reprices, pulls 450 orders once across three getOrders pages while some change during the walk, pushes a parcel and delists', async () => {
  const f = await setUp('EBA');
  clean = await flow(f, 450, 1, { changesDuringWalk: true });
  expect(clean).toEqual({
    statuses: ['CANCELLED', 'PAID', 'PENDING_PAYMENT', 'SHIPPED'],
    holds: ['CANCEL_REQUESTED', 'UNMAPPED_SKU'],
    listings: ['DELISTED'],
  });
});

it('reaches the same end state with throttling (429 errorId 2001) and server errors (500) on the Sell APIs', async () => {
  const f = await setUp('EBF', { rate429: 0.05, error500: 0.05 });
  const faulty = await flow(f, 250, 1001);
  expect({ ...faulty, statuses: (faulty.statuses as string[]).filter((s) => s !== 'SHIPPED') }).toEqual({ ...clean, statuses: (clean.statuses as string[]).filter((s) => s !== 'SHIPPED') });
  // The faults really happened: throttled calls and server errors.
  const made = await calls(f.control);
  expect(made.filter((c) => c.status === 429 && c.errorCode === '2001').length).toBeGreaterThan(0);
  expect(made.filter((c) => c.status === 500 && c.errorCode === '25001').length).toBeGreaterThan(0);
  // Not asserted per API: the flow makes only a handful of Fulfillment calls, so whether one of them
  // draws a fault at 5 % + 5 % depends on how jobs interleave (it failed CI once with none).
});

describe('tokens', () => {
  /** A simulator and a channel on it selling three SKUs (in a warehouse of their own). */
  async function channelOn(prefix: string, simOptions: Parameters<typeof startEbaySimulator>[0] = {}, credentials: Record<string, string> = {}) {
    const sim = await startEbaySimulator({ callsPerSecond: 500, burst: 500, ...simOptions });
    sims.push(sim);
    const control = new SimControl(sim.controlUrl);
    const skus = await seedEbayCatalog(t, owner, { warehouse: `${prefix}W`, prefix, count: 3, onHand: 50 });
    const channel = await createEbayChannel(t, owner, { name: `eBay ${prefix}`, baseUrl: sim.baseUrl, credentials: { ...(await control.credentials()), ...credentials }, warehouse: `${prefix}W` });
    const simGet = async <T>(path: string): Promise<T> => (await (await fetch(new URL(path, sim.controlUrl))).json()) as T;
    const refreshes = async () => (await simGet<{ tokenCalls: Record<string, number> }>('/__sim/auth')).tokenCalls.refresh_token ?? 0;
    return { sim, control, skus, channel, simGet, refreshes };
  }

  it('given an access token eBay has expired when the channel pulls then it is refreshed once with the refresh_token grant and the pull goes on with the new one', async () => {
    const { control, skus, channel, refreshes } = await channelOn('EBT');
    // PLAIN kinds (index 6..8): paid orders of known SKUs.
    for (const i of [6, 7, 8]) await control.addOrder(ebayMixedOrder(i, skus));
    expect(await sync(channel.id, ['ORDERS'])).toMatchObject({ status: 'SUCCEEDED', counts: { created: 3 } });
    const first = await refreshes();
    expect(first).toBe(1);

    await control.faults({ expireTokens: true });
    for (const i of [16, 17, 18]) await control.addOrder(ebayMixedOrder(i, skus));
    const before = (await calls(control)).length;
    expect(await sync(channel.id, ['ORDERS'])).toMatchObject({ status: 'SUCCEEDED', counts: { created: 3 } });
    expect(await refreshes()).toBe(first + 1);
    // eBay refused the expired token (401 errorId 1001), the engine refreshed it once, and the calls went on with the new one.
    const made = (await calls(control)).slice(before);
    const refused = made.findIndex((c) => c.status === 401 && c.errorCode === '1001');
    const refreshed = made.findIndex((c) => c.path === '/identity/v1/oauth2/token' && c.status === 200);
    expect(refused).toBeGreaterThanOrEqual(0);
    expect(refreshed).toBeGreaterThan(refused);
    expect(made.slice(refreshed + 1).filter((c) => c.status >= 400)).toEqual([]);
    expect(made.filter((c) => c.path === '/identity/v1/oauth2/token').map((c) => c.params?.grant_type)).toEqual(['refresh_token']);
  });

  it('given a refresh token that has expired when the channel pulls then the refresh is refused once and the channel is AUTH_FAILED', async () => {
    // A consent that lives three seconds (eBay's last about 18 months).
    const { control, channel, simGet, refreshes } = await channelOn('EBX', { refreshTokenTtlMs: 3_000 });
    const { refreshTokenExpiresAt } = await simGet<{ refreshTokenExpiresAt: string }>('/__sim/tokens');
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, Date.parse(refreshTokenExpiresAt) - Date.now()) + 200));

    const run = await sync(channel.id, ['ORDERS']);
    expect(run.status).toBe('FAILED');
    expect(run.errors).toEqual([expect.objectContaining({ kind: 'AUTH_FAILED' })]);
    expect((await q(`query($id: ID!) { channel(id: $id) { status lastError } }`, { id: channel.id })).channel).toEqual({ status: 'AUTH_FAILED', lastError: expect.stringMatching(/refresh token/i) });
    expect(await refreshes()).toBe(1);
    expect((await calls(control)).filter((c) => c.path.startsWith('/sell/'))).toEqual([]);
  });

  it('given a refresh token eBay never issued when the channel pulls then the channel is AUTH_FAILED without a Sell call', async () => {
    const { control, channel, refreshes } = await channelOn('EBI', {}, { refreshToken: 'v^1.1#i^1#r^1#p^3#I^3#f^0#t^Ul4xMF8wOk5PVF9JU1NVRUQ=' });
    const run = await sync(channel.id, ['ORDERS']);
    expect(run.status).toBe('FAILED');
    expect(run.errors).toEqual([expect.objectContaining({ kind: 'AUTH_FAILED' })]);
    expect((await q(`query($id: ID!) { channel(id: $id) { status } }`, { id: channel.id })).channel.status).toBe('AUTH_FAILED');
    expect(await refreshes()).toBe(1);
    expect((await calls(control)).filter((c) => c.path.startsWith('/sell/'))).toEqual([]);
  });
});
