import { startAmazonSimulator } from '../connectors/amazon/simulator';
import type { RunningSimulator } from '../connectors/sdk/simulator';
import { SimControl } from '../connectors/sdk/testkit/sim-control';
import { selectRows } from '../src/common/sql';
import {
  AMAZON_LISTING_ATTRIBUTES,
  AMAZON_PRODUCT_TYPE,
  amazonExpected,
  amazonItemIdOf,
  amazonListings,
  amazonMixedOrder,
  amazonOrderIdOf,
  amazonOrderKind,
  createAmazonChannel,
  generousUsagePlans,
  seedAmazonCatalog,
  simGet,
  simPost,
  US,
} from './support/amazon-fixtures';
import { ChannelRef, gqlOk, waitFor } from './support/sync-fixtures';
import { startTestApp, TestApp } from './support/test-app';

/**
 * The sync engine end to end on Amazon: the product with its worker (ROLE=all) against the Amazon
 * simulator over HTTP, every SP-API exchange checked against Amazon's models. Publish 20 SKUs
 * (putListingsItem, PENDING until Amazon's delayed processing is read back, then ACTIVE, with the
 * issues Amazon lists per SKU), restock and reprice (patchListingsItem; above the channel's feed
 * threshold one JSON_LISTINGS_FEED), delist (the offer removed); a few hundred orders across
 * several searchOrders pages by lastUpdatedAfter, some changing while the window is walked, each
 * imported once; the window's bounds; a pagination token that expires in the middle of a walk; a
 * parcel pushed with confirmShipment; Amazon-fulfilled orders that hold none of our stock. Then the
 * same with the simulator throttling (429 QuotaExceeded) and failing (500), and the seller's
 * tokens expiring or refused.
 */

jest.setTimeout(300_000);

interface Flow {
  sim: RunningSimulator;
  control: SimControl;
  channel: ChannelRef;
  skus: string[];
  warehouse: string;
}

type Raw = Record<string, any>;

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
  // Four jobs of a kind at once: Amazon's listings are one job per SKU, each written and then polled.
  t = await startTestApp({ ROLE: 'all', WORKER_CONCURRENCY: '4', DB_POOL_MAX: '10' });
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
  pendingAction: string | null;
  itemId: string | null;
  issues: { code: string; message: string; severity: string }[];
  lastError: { code: string; message: string } | null;
}

async function listings(channelId: string): Promise<Listing[]> {
  const r = await q(`query($c: ID!) { listings(filter: { channelId: $c }, first: 100) { nodes { id sku status pendingAction itemId issues { code message severity } lastError { code message } } } }`, { c: channelId });
  return r.listings.nodes;
}

async function runOf(id: string): Promise<Record<string, any>> {
  return waitFor('the sync run', async () => {
    const s = await q(`query($id: ID!) { syncRun(id: $id) { status finishedAt counts { fetched created updated skipped failed } errors { kind code message } } }`, { id });
    return s.syncRun.finishedAt ? s.syncRun : undefined;
  }, 200_000);
}

async function sync(channelId: string, scopes: string[]): Promise<Record<string, any>> {
  const r = await q(`mutation($i: SyncChannelInput!) { syncChannel(input: $i) { syncRun { id } userErrors { code message } } }`, { i: { channelId, scopes } });
  expect(r.syncChannel.userErrors).toEqual([]);
  return runOf(r.syncChannel.syncRun.id);
}

async function calls(control: SimControl): Promise<LoggedCall[]> {
  return (await control.requests()) as unknown as LoggedCall[];
}

/**
 * Waits for every listing named to reach `status` after passing through `via` (e.g. `PENDING
 * UPDATE`: Amazon processing the write; a listing ACTIVE before an update is not yet settled),
 * failing at once on one in ERROR.
 */
async function settle(channelId: string, skus: string[], status: string, via: string): Promise<Listing[]> {
  const passed = new Set<string>();
  return waitFor(`${skus.length} listings ${status} by way of ${via}`, async () => {
    const ls = (await listings(channelId)).filter((l) => skus.includes(l.sku));
    for (const l of ls) if (`${l.status} ${l.pendingAction ?? ''}`.trim() === via) passed.add(l.sku);
    const errors = ls.filter((l) => l.status === 'ERROR');
    if (errors.length) throw new Error(`listings in ERROR: ${JSON.stringify(errors)}`);
    // One seen on its way is enough: a listing can pass through between two looks.
    return passed.size > 0 && ls.length === skus.length && ls.every((l) => l.status === status && l.pendingAction === null) ? ls : undefined;
  }, 200_000);
}

/** The price rule the channel starts with: the catalogue's 299.00 CNY × 0.14 = 41.86, ending .99: 41.99 USD. */
const RULE = { mode: 'EXCHANGE_RATE', rate: '0.14', priceEnding: '0.99' };

/** A simulator (plans far above what the test makes), `count` stocked SKUs with English texts, and a channel on Amazon.com with all of them published. */
async function setUp(prefix: string, count: number, faults?: Record<string, unknown>): Promise<Flow> {
  const sim = await startAmazonSimulator({ seed: 17 });
  sims.push(sim);
  const control = new SimControl(sim.controlUrl);
  await simPost(control, '/__sim/usage-plans', generousUsagePlans());
  const warehouse = `${prefix}W`;
  const skus = await seedAmazonCatalog(t, owner, { warehouse, prefix, count, onHand: 1000 });
  // Above ten SKUs a stock or price push goes as one JSON_LISTINGS_FEED.
  const channel = await createAmazonChannel(t, owner, { name: `Amazon ${prefix}`, baseUrl: sim.baseUrl, credentials: await control.credentials(), warehouse, settings: { feedThreshold: '10' }, priceRule: RULE });
  if (faults) await control.faults(faults);
  const r = await q(`mutation($i: PublishListingsInput!) { publishListings(input: $i) { listings { sku status } userErrors { code message } } }`, {
    i: { channelId: channel.id, skus, categoryId: AMAZON_PRODUCT_TYPE, attributeList: AMAZON_LISTING_ATTRIBUTES },
  });
  expect(r.publishListings.userErrors).toEqual([]);
  expect(r.publishListings.listings).toHaveLength(count);
  // Amazon takes each write to process later: the listings wait PENDING until it is read back.
  const published = await settle(channel.id, skus, 'ACTIVE', 'PENDING LIST');
  expect(published.every((l) => l.itemId === l.sku && l.pendingAction === null && l.lastError === null)).toBe(true);
  const puts = (await simGet<{ submissions: { sku: string; marketplaceId: string; kind: string; processed: boolean }[] }>(control, '/__sim/submissions')).submissions.filter((s) => s.kind === 'PUT');
  expect(puts.map((s) => s.sku).sort()).toEqual(skus);
  expect(puts.every((s) => s.processed && s.marketplaceId === US)).toBe(true);
  return { sim, control, channel, skus, warehouse };
}

async function simSku(control: SimControl, sku: string) {
  return (await amazonListings(control)).find((l) => l.sku === sku && l.marketplaceId === US);
}

const pull = async (channel: ChannelRef) =>
  sql<{ external_id: string; status: string; fulfilled_by: string; holds: string[] | null }>(
    `select o.external_id, o.status, o.fulfilled_by, (select array_agg(h.reason order by h.reason) from order_hold h where h.order_id = o.id and h.released_at is null) as holds
       from sales_order o where o.channel_id = ?`,
    [channel.key],
  );

/** searchOrders calls since `from`, as the simulator logged them. */
const searches = async (control: SimControl, from: number) => (await calls(control)).slice(from).filter((c) => c.operation === 'searchOrders');

/**
 * Publish (done by setUp), restock, reprice one and then all through a feed, orders with changes
 * during the walk, the window's bounds and an expired token, a parcel, delist; returns what the
 * end state looks like, for comparing runs with and without faults.
 */
async function flow(f: Flow, orderCount: number, firstOrder: number): Promise<Record<string, unknown>> {
  const { control, channel, skus, warehouse } = f;
  const prefix = skus[0].split('-')[0];

  // Published: one listing per SKU on Amazon.com, priced by the channel's rule, with what the channel may sell, in English.
  const published = await amazonListings(control);
  expect(published.map((l) => l.sku).sort()).toEqual(skus);
  for (const l of published) {
    expect(l).toMatchObject({ marketplaceId: US, quantity: 1000, price: '41.99', currency: 'USD', status: 'BUYABLE', productType: AMAZON_PRODUCT_TYPE, title: `Men's slim fit suit ${prefix}`, issues: [], pendingSubmissions: 0 });
    expect(l.attributes).toMatchObject({ brand: [{ value: 'Omni Tailors', marketplace_id: US }], condition_type: [{ value: 'new_new', marketplace_id: US }] });
  }
  const byId = new Map((await listings(channel.id)).map((l) => [l.sku, l]));

  // A stock change reaches Amazon by itself (outbox → worker → patchListingsItem).
  await q(`mutation($s: String!, $w: String!) { adjustStock(input: { sku: $s, warehouseCode: $w, delta: -7, reason: "damaged in store" }) { userErrors { code } } }`, { s: skus[0], w: warehouse });
  await waitFor('the simulator to show 993', async () => (await simSku(control, skus[0]))?.quantity === 993, 200_000);

  // Amazon raises a warning on one SKU; a new price for it is written (putListingsItem), PENDING
  // until processed, and the issue Amazon lists comes back on that SKU's listing only.
  await simPost(control, '/__sim/listing-issues', { sku: skus[1], issues: [{ code: '18155', message: 'The main image is smaller than 1000 pixels on its longest side.', severity: 'WARNING', attributeNames: ['main_product_image_locator'] }] });
  const up = await q(`mutation($i: UpdateListingInput!) { updateListing(input: $i) { listing { id status } userErrors { code message } } }`, { i: { id: byId.get(skus[1])!.id, price: '24.99' } });
  expect(up.updateListing.userErrors).toEqual([]);
  const repriced = await settle(channel.id, [skus[1]], 'ACTIVE', 'PENDING UPDATE');
  expect(repriced[0].issues).toEqual([{ code: '18155', message: `${US}: The main image is smaller than 1000 pixels on its longest side.`, severity: 'WARNING' }]);
  expect((await listings(channel.id)).filter((l) => l.sku !== skus[1]).every((l) => l.issues.length === 0)).toBe(true);
  expect(await simSku(control, skus[1])).toMatchObject({ price: '24.99', status: 'BUYABLE' });
  // A later stock push leaves the price.
  await q(`mutation($s: String!, $w: String!) { adjustStock(input: { sku: $s, warehouseCode: $w, delta: -3, reason: "count" }) { userErrors { code } } }`, { s: skus[1], w: warehouse });
  await waitFor('the simulator to show 997', async () => (await simSku(control, skus[1]))?.quantity === 997, 200_000);
  expect(await simSku(control, skus[1])).toMatchObject({ price: '24.99', currency: 'USD' });

  // A new rate moves the others' prices (299.00 × 0.15 = 44.85 → 44.99): more than the threshold
  // of ten, so one JSON_LISTINGS_FEED instead of a patch each, polled to its processing report
  // (Amazon takes minutes: the connector polls a feed after 30 seconds, while the orders go on).
  const ruled = await q(`mutation($i: UpdateChannelInput!) { updateChannel(input: $i) { userErrors { code message } } }`, { i: { id: channel.id, priceRule: { ...RULE, rate: '0.15' } } });
  expect(ruled.updateChannel.userErrors).toEqual([]);
  const repricing = await q(`mutation($i: SyncChannelInput!) { syncChannel(input: $i) { syncRun { id } userErrors { code message } } }`, { i: { channelId: channel.id, scopes: ['PRICES'] } });
  expect(repricing.syncChannel.userErrors).toEqual([]);

  // Orders of every kind, pulled once by lastUpdatedAfter: placed and updated some 20 hours ago,
  // one a second, so the first window (24 hours back) holds them all over several pages of 100.
  // Two more were placed 30 hours ago: one untouched since (before the window: not returned),
  // one updated 10 hours ago (placed before the window but updated inside it: imported).
  const now = Date.now();
  const at = now - 20 * 60 * 60_000;
  const indexes = Array.from({ length: orderCount }, (_, k) => firstOrder + k);
  for (const [k, i] of indexes.entries()) await control.addOrder(amazonMixedOrder(i, skus, { at: new Date(at + k * 1000) }));
  const stale = firstOrder + 5007; // a PLAIN one
  const late = firstOrder + 5008; // a PLAIN one
  await control.addOrder(amazonMixedOrder(stale, skus, { at: new Date(now - 30 * 60 * 60_000) }));
  await control.addOrder(amazonMixedOrder(late, skus, { createdAt: new Date(now - 30 * 60 * 60_000), at: new Date(now - 10 * 60 * 60_000) }));
  // The oldest orders are on the window's first page; five paid ones are shipped by the seller's
  // other tools right after that page carried them, and so leave the window while it is walked.
  const moved = indexes.slice(0, 40).filter((i) => amazonOrderKind(i) === 'PLAIN').slice(0, 5);
  expect(moved).toHaveLength(5);
  expect(await simPost(control, '/__sim/order-changes', { orderIds: moved.map(amazonOrderIdOf), set: { fulfillment: { fulfillmentStatus: 'SHIPPED' } }, afterRead: true })).toEqual({ armed: moved.map(amazonOrderIdOf) });

  const before = (await calls(control)).length;
  const run = await sync(channel.id, ['ORDERS']);
  expect(run).toMatchObject({ status: 'SUCCEEDED', counts: { created: orderCount + 1, failed: 0 } });
  // One searchOrders call a page by lastUpdatedAfter (never createdAfter, §4a), on the channel's
  // marketplace, the later pages by the token; the window's start 24 hours back.
  const walk = (await searches(control, before)).filter((c) => c.status === 200);
  expect(walk).toHaveLength(Math.ceil((orderCount + 1) / 100));
  for (const [k, c] of walk.entries()) {
    expect(c.params).toMatchObject({ lastUpdatedAfter: walk[0].params!.lastUpdatedAfter, marketplaceIds: US, maxResultsPerPage: '100' });
    expect(c.params!.createdAfter).toBeUndefined();
    expect(c.params!.lastUpdatedBefore).toBeUndefined();
    expect(!!c.params!.paginationToken).toBe(k > 0);
  }
  const windowStart = Date.parse(walk[0].params!.lastUpdatedAfter);
  expect(windowStart).toBeLessThan(now - 10 * 60 * 60_000);
  expect(windowStart).toBeGreaterThan(now - 30 * 60 * 60_000);

  let orders = await pull(channel);
  expect(orders).toHaveLength(orderCount + 1);
  expect(new Set(orders.map((o) => o.external_id)).size).toBe(orderCount + 1);
  expect(orders.map((o) => o.external_id)).toContain(amazonOrderIdOf(late));
  expect(orders.map((o) => o.external_id)).not.toContain(amazonOrderIdOf(stale));

  // A second pull starts a little before where the first ended: it finds only the orders that
  // changed during the walk (now SHIPPED); those updated before its start are not asked for again.
  const before2 = (await calls(control)).length;
  const again = await sync(channel.id, ['ORDERS']);
  expect(again).toMatchObject({ status: 'SUCCEEDED', counts: { created: 0, fetched: moved.length, updated: moved.length, failed: 0 } });
  const second = (await searches(control, before2)).filter((c) => c.status === 200);
  expect(second).toHaveLength(1);
  expect(Date.parse(second[0].params!.lastUpdatedAfter)).toBeGreaterThan(at + orderCount * 1000);
  orders = await pull(channel);
  expect(orders).toHaveLength(orderCount + 1);
  const byExternal = new Map(orders.map((o) => [o.external_id, o]));
  for (const i of [...indexes, late]) {
    const o = byExternal.get(amazonOrderIdOf(i));
    const { reserves: _reserves, ...expected } = amazonExpected(i);
    expect({ i, kind: amazonOrderKind(i), status: o?.status, holds: o?.holds, fulfilledBy: o?.fulfilled_by }).toEqual({ i, kind: amazonOrderKind(i), ...(moved.includes(i) ? { status: 'SHIPPED', holds: null, fulfilledBy: 'MERCHANT' } : expected) });
  }
  // Reserved where they should be: merchant-fulfilled paid orders of known SKUs still to ship
  // (held or not); nothing for Amazon-fulfilled, cancelled, unmapped or unpaid ones.
  const reservedIds = new Set(
    (await sql<{ external_id: string }>(`select distinct o.external_id from sales_order o join reservation r on r.reference = o.number and r.status = 'ACTIVE' where o.channel_id = ?`, [channel.key])).map((r) => r.external_id),
  );
  const shouldReserve = [...indexes, late].filter((i) => !moved.includes(i) && amazonExpected(i).reserves).map(amazonOrderIdOf);
  expect([...reservedIds].sort()).toEqual(shouldReserve.sort());
  const afn = indexes.filter((i) => amazonOrderKind(i) === 'AFN').map(amazonOrderIdOf);
  expect(afn.length).toBeGreaterThan(0);
  expect(afn.filter((id) => reservedIds.has(id))).toEqual([]);

  // A pagination token that has expired in the middle of a walk (Amazon's last 24 hours): the
  // refused page starts the window again from its start, and every order is imported once.
  const more = Array.from({ length: 150 }, (_, k) => firstOrder + 3000 + k);
  const recent = Date.now() - 60_000;
  for (const [k, i] of more.entries()) await control.addOrder(amazonMixedOrder(i, skus, { at: new Date(recent + k * 100) }));
  await simPost(control, '/__sim/pagination-tokens/expire', { afterPages: 1 });
  const before3 = (await calls(control)).length;
  const restarted = await sync(channel.id, ['ORDERS']);
  expect(restarted).toMatchObject({ status: 'SUCCEEDED', counts: { created: more.length, failed: 0 } });
  const third = (await searches(control, before3)).filter((c) => c.status === 200 || c.errorCode === 'InvalidInput');
  expect(third.map((c) => `${c.status} ${c.params!.paginationToken ? 'token' : 'first'}`)).toEqual(['200 first', '400 token', '200 first', '200 token']);
  expect(new Set(third.map((c) => c.params!.lastUpdatedAfter)).size).toBe(1);
  const [counted] = await sql<{ n: number; ids: number }>(`select count(*)::int as n, count(distinct external_id)::int as ids from sales_order where channel_id = ?`, [channel.key]);
  expect(counted).toEqual({ n: orderCount + 1 + more.length, ids: orderCount + 1 + more.length });

  // Ship one merchant-fulfilled order: confirmShipment with the carrier's code, the tracking
  // number, and the item with its units; Amazon then shows the order SHIPPED.
  const plain = indexes.find((i) => amazonOrderKind(i) === 'PLAIN' && !moved.includes(i))!;
  const o = (await q(`query($f: OrderFilter) { orders(first: 1, filter: $f) { edges { node { id lines { id quantity externalLineId } } } } }`, { f: { channelId: channel.id, search: amazonOrderIdOf(plain) } })).orders.edges[0].node;
  const tracking = `1Z999AA1${String(plain).padStart(10, '0')}`;
  const shipped = await q(`mutation($i: CreateShipmentInput!) { createShipment(input: $i) { userErrors { code message } } }`, {
    i: { orderId: o.id, warehouseCode: warehouse, carrier: 'UPS', trackingNumber: tracking, lines: o.lines.map((l: { id: string; quantity: number }) => ({ orderLineId: l.id, quantity: l.quantity })) },
  });
  expect(shipped.createShipment.userErrors).toEqual([]);
  const parcel = await waitFor('the package on the simulator', async () => (await control.shipments()).find((s) => s.orderId === amazonOrderIdOf(plain)), 200_000);
  expect(parcel).toMatchObject({ marketplaceId: US, carrierCode: 'UPS', trackingNumber: tracking, orderItems: [{ orderItemId: amazonItemIdOf(plain, 0), quantity: 2 }], packageReferenceId: expect.stringMatching(/^[1-9]\d*$/) });
  expect(o.lines.map((l: { externalLineId: string }) => l.externalLineId)).toEqual([amazonItemIdOf(plain, 0)]);
  expect((await simGet<{ order: { fulfillment: { fulfillmentStatus: string } } }>(control, `/__sim/orders/${amazonOrderIdOf(plain)}`)).order.fulfillment.fulfillmentStatus).toBe('SHIPPED');

  // The feed of new prices: every other SKU at 44.99, the one with a price of its own left alone;
  // each sent in that one feed, which Amazon processed.
  const prices = await runOf(repricing.syncChannel.syncRun.id);
  expect(prices).toMatchObject({ status: 'SUCCEEDED', counts: { failed: 0 } });
  const priced = await amazonListings(control);
  expect(priced.filter((l) => l.sku !== skus[1]).map((l) => l.price)).toEqual(skus.slice(1).map(() => '44.99'));
  expect(priced.find((l) => l.sku === skus[1])!.price).toBe('24.99');
  const feedIds = new Set<string>();
  for (const l of (await q(`query($c: ID!) { listings(filter: { channelId: $c }, first: 100) { nodes { sku history(first: 20) { action ok pending request } } } }`, { c: channel.id })).listings.nodes as { sku: string; history: { action: string; ok: boolean; pending: boolean; request: Raw | null }[] }[]) {
    // Sent in a feed (pending), then settled by its report; a try the faults refused may come before (not ok).
    const sent = l.history.filter((e) => e.action === 'REPRICE' && e.ok && e.request?.price === '44.99');
    if (l.sku === skus[1]) expect(sent).toEqual([]);
    else expect(sent.map((e) => `${e.pending ? 'sent' : 'settled'} ${e.request?.submission?.op ?? ''}`.trim()).sort()).toEqual(['sent feed', 'settled']);
    for (const e of sent.filter((x) => x.pending)) feedIds.add(String(e.request!.submission.feedId));
  }
  expect(feedIds.size).toBe(1);
  const feeds = (await simGet<{ feeds: { feedId: string; feedType: string; processingStatus: string }[] }>(control, '/__sim/feeds')).feeds;
  expect(feeds.find((x) => x.feedId === [...feedIds][0])).toMatchObject({ feedType: 'JSON_LISTINGS_FEED', processingStatus: 'DONE' });

  // Delist one SKU: its offer is removed (not buyable, the listing and its quantity stay); then the rest.
  const delist = async (ids: string[]) => {
    const r = await q(`mutation($i: ListingIdsInput!) { delistListings(input: $i) { userErrors { code message } } }`, { i: { ids } });
    expect(r.delistListings.userErrors).toEqual([]);
  };
  const last = skus[skus.length - 1];
  await delist([byId.get(last)!.id]);
  await settle(channel.id, [last], 'DELISTED', 'PENDING DELIST');
  expect(await simSku(control, last)).toMatchObject({ price: '', status: 'DISCOVERABLE' });
  expect((await simSku(control, skus[0]))?.status).toBe('BUYABLE');
  await delist(skus.slice(0, -1).map((s) => byId.get(s)!.id));
  await settle(channel.id, skus, 'DELISTED', 'PENDING DELIST');
  const off = await amazonListings(control);
  expect(off).toHaveLength(skus.length);
  expect(new Set(off.map((l) => `${l.status} ${l.price}`))).toEqual(new Set(['DISCOVERABLE ']));

  // Every SP-API exchange of the flow was held to Amazon's models (the jest hook fails the test on a violation).
  const contract = await simGet<{ checking: boolean; exchanges: number; violations: unknown[] }>(control, '/__sim/contract-violations');
  expect(contract).toMatchObject({ checking: true, violations: [] });
  expect(contract.exchanges).toBeGreaterThan(50);

  orders = await pull(channel);
  return {
    statuses: [...new Set(orders.map((x) => x.status))].sort(),
    holds: [...new Set(orders.flatMap((x) => x.holds ?? []))].sort(),
    fulfilledBy: [...new Set(orders.map((x) => x.fulfilled_by))].sort(),
    listings: [...new Set((await listings(channel.id)).map((l) => l.status))],
  };
}

let clean: Record<string, unknown>;

it('publishes 20 SKUs, restocks, reprices (a feed for the many), pulls 350 orders once across four searchOrders pages while some change during the walk, restarts a walk whose token expired, pushes a parcel and delists', async () => {
  const f = await setUp('AMA', 20);
  clean = await flow(f, 350, 1);
  expect(clean).toEqual({
    statuses: ['CANCELLED', 'PAID', 'PENDING_PAYMENT', 'SHIPPED'],
    holds: ['CANCEL_REQUESTED', 'UNMAPPED_SKU'],
    fulfilledBy: ['MARKETPLACE', 'MERCHANT'],
    listings: ['DELISTED'],
  });
});

it('reaches the same end state with throttling (429 QuotaExceeded) and server errors (500 InternalFailure)', async () => {
  // Twelve SKUs: still more than the feed threshold when repriced, and fewer listing jobs to wait for.
  const f = await setUp('AMF', 12, { rate429: 0.05, error500: 0.05 });
  const faulty = await flow(f, 250, 10_001);
  expect(faulty).toEqual(clean);
  // The faults really happened: throttled calls and server errors, in Amazon's errors envelope.
  const made = await calls(f.control);
  expect(made.filter((c) => c.status === 429 && c.errorCode === 'QuotaExceeded').length).toBeGreaterThan(0);
  expect(made.filter((c) => c.status === 500 && c.errorCode === 'InternalFailure').length).toBeGreaterThan(0);
});

describe('tokens', () => {
  /** A simulator and a channel on it selling three SKUs (in a warehouse of their own). */
  async function channelOn(prefix: string, credentials: Record<string, string> = {}) {
    const sim = await startAmazonSimulator();
    sims.push(sim);
    const control = new SimControl(sim.controlUrl);
    await simPost(control, '/__sim/usage-plans', generousUsagePlans());
    const skus = await seedAmazonCatalog(t, owner, { warehouse: `${prefix}W`, prefix, count: 3, onHand: 50 });
    const channel = await createAmazonChannel(t, owner, { name: `Amazon ${prefix}`, baseUrl: sim.baseUrl, credentials: { ...(await control.credentials()), ...credentials }, warehouse: `${prefix}W` });
    const refreshes = async () => (await simGet<{ tokenCalls: Record<string, number> }>(control, '/__sim/auth')).tokenCalls.refresh_token ?? 0;
    return { sim, control, skus, channel, refreshes };
  }

  it('given an access token Amazon has expired when the channel pulls then it is refreshed once with the refresh_token grant and the pull goes on with the new one', async () => {
    const { control, skus, channel, refreshes } = await channelOn('AMT');
    // PLAIN kinds (index 7..9): paid orders of known SKUs.
    for (const i of [7, 8, 9]) await control.addOrder(amazonMixedOrder(i, skus));
    expect(await sync(channel.id, ['ORDERS'])).toMatchObject({ status: 'SUCCEEDED', counts: { created: 3 } });
    const first = await refreshes();
    expect(first).toBe(1);

    await control.faults({ expireTokens: true });
    for (const i of [17, 18, 19]) await control.addOrder(amazonMixedOrder(i, skus));
    const before = (await calls(control)).length;
    expect(await sync(channel.id, ['ORDERS'])).toMatchObject({ status: 'SUCCEEDED', counts: { created: 3 } });
    expect(await refreshes()).toBe(first + 1);
    // Amazon refused the expired token (403 Unauthorized), the engine refreshed it once, and the calls went on with the new one.
    const made = (await calls(control)).slice(before);
    const refused = made.findIndex((c) => c.status === 403 && c.errorCode === 'Unauthorized');
    const refreshed = made.findIndex((c) => c.path === '/auth/o2/token' && c.status === 200);
    expect(refused).toBeGreaterThanOrEqual(0);
    expect(refreshed).toBeGreaterThan(refused);
    expect(made.slice(refreshed + 1).filter((c) => c.status >= 400)).toEqual([]);
    expect(made.filter((c) => c.path === '/auth/o2/token').map((c) => c.params?.grant_type)).toEqual(['refresh_token']);
  });

  it('given a refresh token LWA refuses when the channel pulls then the refresh is refused once and the channel is AUTH_FAILED without an SP-API call', async () => {
    // The seller revoked the app's authorisation: LWA no longer takes the refresh token (invalid_grant).
    const { control, channel, refreshes } = await channelOn('AMX', { refreshToken: 'Atzr|IwEBIA-revoked-by-the-seller' });
    const run = await sync(channel.id, ['ORDERS']);
    expect(run.status).toBe('FAILED');
    expect(run.errors).toEqual([expect.objectContaining({ kind: 'AUTH_FAILED' })]);
    expect((await q(`query($id: ID!) { channel(id: $id) { status lastError } }`, { id: channel.id })).channel).toEqual({ status: 'AUTH_FAILED', lastError: expect.any(String) });
    expect(await refreshes()).toBe(1);
    expect((await calls(control)).filter((c) => c.path !== '/auth/o2/token')).toEqual([]);
    const [refusal] = (await calls(control)).filter((c) => c.path === '/auth/o2/token');
    expect(refusal).toMatchObject({ status: 400, errorCode: 'invalid_grant' });
  });
});
