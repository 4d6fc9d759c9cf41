import { SimControl } from '../connectors/sdk/testkit/sim-control';
import { startTaobaoSimulator } from '../connectors/taobao/simulator';
import { selectRows } from '../src/common/sql';
import { startTestApp, TestApp } from './support/test-app';
import { ChannelRef, createItemsByHand, createTaobaoChannel, gqlOk, mixedTrade, seedCatalog, tidOf, tradeKind, waitFor } from './support/sync-fixtures';

/**
 * The sync engine end to end: the product with its worker (ROLE=all) against the Taobao
 * simulator as a real HTTP server. Publish, restock, reprice, 500 orders of every kind,
 * shipment push; then the same flow with the simulator throttling and failing.
 */

jest.setTimeout(400_000);

type Sim = Awaited<ReturnType<typeof startTaobaoSimulator>>;

interface Flow {
  sim: Sim;
  control: SimControl;
  channel: ChannelRef;
  skus: string[];
}

let t: TestApp;
let owner: string;

const q = (query: string, vars: Record<string, unknown> = {}) => gqlOk(t, owner, query, vars);

async function sql<T>(text: string, params: unknown[] = []): Promise<T[]> {
  return selectRows<T>(t.em(), text, params);
}

async function listings(channelId: string): Promise<{ sku: string; status: string; itemId: string | null; lastError: { code: string; message: string } | null }[]> {
  const r = await q(
    `query($c: ID!) { listings(filter: { channelId: $c }, first: 100) { edges { node { sku status itemId lastError { code message } } } } }`,
    { c: channelId },
  );
  return r.listings.edges.map((e: { node: unknown }) => e.node);
}

async function runFinished(runId: string): Promise<Record<string, any>> {
  return waitFor(`sync run ${runId}`, async () => {
    const r = await q(`query($id: ID!) { syncRun(id: $id) { id status counts { fetched created updated skipped failed } errors { code message externalId } finishedAt } }`, { id: runId });
    return r.syncRun.finishedAt ? r.syncRun : undefined;
  }, 150_000);
}

async function sync(channelId: string, scopes: string[]): Promise<Record<string, any>> {
  const r = await q(`mutation($i: SyncChannelInput!) { syncChannel(input: $i) { syncRun { id status } userErrors { code message } } }`, { i: { channelId, scopes } });
  expect(r.syncChannel.userErrors).toEqual([]);
  return runFinished(r.syncChannel.syncRun.id);
}

/** A simulator, a stocked catalogue of 20 SKUs and a channel on it, all 20 published. */
async function setUp(prefix: string, faults?: Record<string, unknown>): Promise<Flow> {
  const sim = await startTaobaoSimulator();
  const control = new SimControl(sim.controlUrl);
  const skus = await seedCatalog(t, owner, { warehouse: `${prefix}W`, prefix, count: 20, onHand: 1000 });
  const channel = await createTaobaoChannel(t, owner, { name: `淘宝店 ${prefix}`, baseUrl: sim.baseUrl, credentials: await control.credentials(), warehouse: `${prefix}W` });
  // Staff created the item in the back office, our SKUs as its SKUs' merchant codes: publishing links it.
  await createItemsByHand(control, skus);
  if (faults) await control.faults(faults);
  const r = await q(
    `mutation($i: PublishListingsInput!) { publishListings(input: $i) { listings { sku status } userErrors { code message } } }`,
    { i: { channelId: channel.id, skus, categoryId: '50000436', attributes: { 'location.state': '浙江', 'location.city': '杭州' } } },
  );
  expect(r.publishListings.userErrors).toEqual([]);
  expect(r.publishListings.listings).toHaveLength(20);
  await waitFor('20 listings ACTIVE', async () => {
    const ls = await listings(channel.id);
    const errors = ls.filter((l) => l.status === 'ERROR');
    if (errors.length) throw new Error(`listings in ERROR: ${JSON.stringify(errors)}`);
    return ls.length === 20 && ls.every((l) => l.status === 'ACTIVE' && l.itemId) ? ls : undefined;
  }, 120_000);
  return { sim, control, channel, skus };
}

async function simQuantity(control: SimControl, sku: string): Promise<number | undefined> {
  return (await control.listings()).find((l) => l.sku === sku)?.quantity;
}

/** The whole flow; returns what the end state looks like, for comparing runs with and without faults. */
async function flow(f: Flow, orderCount: number, firstTrade: number): Promise<Record<string, unknown>> {
  const { control, channel, skus } = f;
  // Published at what the channel may sell.
  expect(await simQuantity(control, skus[0])).toBe(1000);

  // A stock change reaches the marketplace by itself (outbox → worker → push).
  await q(`mutation($s: String!, $w: String!) { adjustStock(input: { sku: $s, warehouseCode: $w, delta: -7, reason: "damaged in store" }) { userErrors { code } } }`, { s: skus[0], w: `${skus[0].split('-')[0]}W` });
  // Under faults a push may need the queue's retries, which back off up to a minute or two.
  await waitFor('the simulator to show 993', async () => (await simQuantity(control, skus[0])) === 993, 150_000);

  // A price change likewise, through updateListing.
  const [listing] = (await q(`query($c: ID!, $s: String) { listings(filter: { channelId: $c, sku: $s }, first: 1) { edges { node { id } } } }`, { c: channel.id, s: skus[1] })).listings.edges;
  const up = await q(`mutation($i: UpdateListingInput!) { updateListing(input: $i) { listing { id } userErrors { code message } } }`, { i: { id: listing.node.id, price: '88.50' } });
  expect(up.updateListing.userErrors).toEqual([]);
  await waitFor('the simulator to show 88.50', async () => Number((await control.listings()).find((l) => l.sku === skus[1])?.price) === 88.5, 150_000);

  // Orders of every kind, pulled once.
  for (let i = firstTrade; i < firstTrade + orderCount; i++) await control.addOrder(mixedTrade(i, skus));
  await control.addOrder(mixedTrade(firstTrade, skus)); // the same trade delivered twice
  const run = await sync(channel.id, ['ORDERS']);
  expect(run.status).toBe('SUCCEEDED');
  expect(run.counts.created).toBe(orderCount);

  const orders = await sql<{ external_id: string; status: string; holds: string[] | null }>(
    `select o.external_id, o.status, (select array_agg(h.reason order by h.reason) from order_hold h where h.order_id = o.id and h.released_at is null) as holds
       from sales_order o where o.channel_id = ?`,
    [channel.key],
  );
  expect(orders).toHaveLength(orderCount);
  const byTid = new Map(orders.map((o) => [o.external_id, o]));
  for (let i = firstTrade; i < firstTrade + orderCount; i++) {
    const o = byTid.get(tidOf(i));
    expect(o).toBeDefined(); // ids above 2^53 arrive exact
    const kind = tradeKind(i);
    const expected =
      kind === 'CANCELLED_AFTER_PAY' ? { status: 'CANCELLED', holds: null }
      : kind === 'REFUNDED' ? { status: 'REFUNDED', holds: null }
      : kind === 'UNKNOWN_SKU' ? { status: 'PAID', holds: ['UNMAPPED_SKU'] }
      : kind === 'FORBID_CONSIGN' ? { status: 'PAID', holds: ['DO_NOT_SHIP'] }
      : { status: 'PAID', holds: null };
    expect({ tid: o!.external_id, status: o!.status, holds: o!.holds }).toEqual({ tid: tidOf(i), ...expected });
  }
  // Reserved where they should be: paid, known SKUs; nothing for cancelled, refunded or unmapped.
  const reserved = await sql<{ n: string }>(
    `select count(distinct o.id)::text as n from sales_order o join reservation r on r.reference = o.number and r.status = 'ACTIVE' where o.channel_id = ?`,
    [channel.key],
  );
  const shouldReserve = Array.from({ length: orderCount }, (_, k) => tradeKind(firstTrade + k)).filter((k) => k === 'PLAIN' || k === 'MULTI' || k === 'FORBID_CONSIGN').length;
  expect(Number(reserved[0].n)).toBe(shouldReserve);

  // A second pull finds nothing new.
  const again = await sync(channel.id, ['ORDERS']);
  expect(again.counts.created).toBe(0);

  // Ship one: the simulator shows the logistics send with our tracking number.
  const plainIndex = Array.from({ length: orderCount }, (_, k) => firstTrade + k).find((i) => tradeKind(i) === 'PLAIN')!;
  const [target] = await sql<{ id: string; line_id: string; quantity: number }>(
    `select o.id, l.id as line_id, l.quantity from sales_order o join order_line l on l.order_id = o.id where o.channel_id = ? and o.external_id = ?`,
    [channel.key, tidOf(plainIndex)],
  );
  const orderGid = (await q(`query($s: String!) { orders(first: 1, filter: { search: $s }) { edges { node { id lines { id } } } } }`, { s: tidOf(plainIndex) })).orders.edges[0].node;
  const shipped = await q(
    `mutation($i: CreateShipmentInput!) { createShipment(input: $i) { shipment { trackingNumber } userErrors { code message } } }`,
    { i: { orderId: orderGid.id, warehouseCode: `${skus[0].split('-')[0]}W`, carrier: 'ZTO', trackingNumber: `ZT${plainIndex}778899`, lines: [{ orderLineId: orderGid.lines[0].id, quantity: target.quantity }] } },
  );
  expect(shipped.createShipment.userErrors).toEqual([]);
  const shipment = await waitFor('the logistics send', async () =>
    (await control.shipments()).find((s) => String(s.tid) === tidOf(plainIndex)),
  150_000);
  expect(shipment).toMatchObject({ out_sid: `ZT${plainIndex}778899`, company_code: 'ZTO' });

  return {
    orders: orders.length,
    statuses: [...new Set(orders.map((o) => o.status))].sort(),
    held: orders.filter((o) => o.holds).length,
    reserved: Number(reserved[0].n),
    published: (await listings(channel.id)).filter((l) => l.status === 'ACTIVE').length,
  };
}

beforeAll(async () => {
  t = await startTestApp({ ROLE: 'all', WORKER_CONCURRENCY: '2' });
  owner = await t.ownerToken();
});
afterAll(() => t.stop());

let clean: Record<string, unknown>;
const sims: Sim[] = [];
afterAll(async () => {
  for (const s of sims) await s.stop();
});

it('publishes, restocks, reprices, pulls 500 orders once and pushes a shipment', async () => {
  const f = await setUp('TBA');
  sims.push(f.sim);
  clean = await flow(f, 500, 1);
  expect(clean).toMatchObject({ orders: 500, published: 20 });
});

it('reaches the same end state with 30 % throttling and 10 % server errors', async () => {
  const f = await setUp('TBF', { rate429: 0.3, error500: 0.1 });
  sims.push(f.sim);
  const faulty = await flow(f, 500, 1001);
  expect(faulty).toEqual(clean);
  // The faults really happened: the simulator answered some calls with throttling or errors.
  const log = (await (await fetch(new URL('/__sim/requests', f.sim.controlUrl))).json()) as unknown;
  expect(JSON.stringify(log)).toMatch(/"status":\s*5\d\d|App Call Limited|"code":\s*7/);
});
