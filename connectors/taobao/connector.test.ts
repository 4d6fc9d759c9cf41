import { PermanentError } from '../sdk/errors';
import { createHttpClient } from '../sdk/http';
import type { RunningSimulator } from '../sdk/simulator';
import { SimControl } from '../sdk/testkit';
import type { Connector, Cursor } from '../sdk/types';
import { listingDraft, oidOf, tidOf, tradeJson } from './fixtures/trades';
import { taobaoConnector } from './index';
import { startTaobaoSimulator } from './simulator';
import { parseTopTime } from './top-time';

// Taobao-specific behaviour of the connector against the simulated TOP over real HTTP, beyond
// the conformance suite: how it walks the modified-time windows of trades.sold.increment (the
// calls it makes, read back from the simulator's request log), and how it treats a shipment
// sent twice.

let sim: RunningSimulator;
let control: SimControl;
let accounts = 0;

beforeAll(async () => {
  sim = await startTaobaoSimulator({ seed: 7, callsPerSecond: 1000 });
  control = new SimControl(sim.controlUrl);
});

afterAll(async () => {
  await sim.stop();
});

beforeEach(async () => {
  await control.reset();
});

async function connector(): Promise<Connector> {
  const credentials = await control.credentials();
  return taobaoConnector.create('TAOBAO', {
    baseUrl: sim.baseUrl,
    credentials,
    marketplaceId: null,
    currency: 'CNY',
    http: createHttpClient({ baseUrl: sim.baseUrl, accountKey: `windows:${++accounts}`, rateLimits: taobaoConnector.rateLimits, classify: taobaoConnector.classify }),
    saveCredentials: async () => undefined,
    now: () => new Date(),
  });
}

/** Pulls until caught up; every order id seen. */
async function pullAll(c: Connector): Promise<string[]> {
  const ids: string[] = [];
  let cursor: Cursor | null = null;
  for (let n = 0; n < 500; n++) {
    const page = await c.pullOrders(cursor);
    for (const o of page.orders) if (o.ok) ids.push(o.order.externalId);
    cursor = page.nextCursor;
    if (page.done) return ids;
  }
  throw new Error('the pull never caught up');
}

async function incrementCalls(): Promise<{ start: Date; end: Date; page: number }[]> {
  const log = (await (await fetch(new URL('/__sim/requests', sim.controlUrl))).json()) as { requests: { operation: string; params: Record<string, string> | null }[] };
  return log.requests
    .filter((r) => r.operation === 'taobao.trades.sold.increment.get')
    .map((r) => ({ start: parseTopTime(r.params!.start_modified)!, end: parseTopTime(r.params!.end_modified)!, page: Number(r.params!.page_no ?? 1) }));
}

const HOUR = 60 * 60 * 1000;

describe('Taobao order pull windows', () => {
  it('given a quiet day before a few recent trades then the first pull takes a handful of calls, none over a day', async () => {
    for (let i = 1; i <= 3; i++) await control.addOrder(tradeJson(i, ['SKU-A'], { modified: new Date(Date.now() - i * 60_000) }));
    const ids = await pullAll(await connector());

    expect(new Set(ids).size).toBe(3);
    const calls = await incrementCalls();
    // 24 hours of 30-minute windows would be 48 calls; doubling after each empty one needs 6 or 7.
    expect(calls.length).toBeLessThanOrEqual(8);
    for (const c of calls) expect(c.end.getTime() - c.start.getTime()).toBeLessThanOrEqual(24 * HOUR);
  });

  it('given a busy hour after a quiet stretch then a wide window is not walked but opened again at 30 minutes, and every trade arrives', async () => {
    // 1,500 trades over the last hour: 15 pages, more than a wide window may hold.
    const now = Date.now();
    const trades = Array.from({ length: 1500 }, (_, k) => tradeJson(k + 1, ['SKU-B'], { modified: new Date(now - 60 * 60_000 + k * 2_000) }));
    for (let k = 0; k < trades.length; k += 50) await Promise.all(trades.slice(k, k + 50).map((t) => control.addOrder(t)));

    const ids = await pullAll(await connector());

    expect(new Set(ids).size).toBe(1500);
    const calls = await incrementCalls();
    // Pages past the first are only read in windows of 30 minutes.
    for (const c of calls.filter((x) => x.page > 1)) expect(c.end.getTime() - c.start.getTime()).toBeLessThanOrEqual(30 * 60_000);
    // No window over 16 hours, and far fewer calls than 48 empty windows plus 15 pages.
    for (const c of calls) expect(c.end.getTime() - c.start.getTime()).toBeLessThanOrEqual(16 * HOUR);
    expect(calls.length).toBeLessThan(40);
  });
});


describe('Taobao shipment sent again', () => {
  it('given a shipment TOP already holds with the same tracking number then sending it again succeeds without a second send', async () => {
    await control.addOrder(tradeJson(1, ['SKU-A', 'SKU-B']));
    const c = await connector();
    const parcel = { orderExternalId: tidOf(1), carrier: 'ZTO', trackingNumber: '7731002201', shippedAt: new Date() };
    await c.pushShipment(parcel);
    // The answer was lost (a timeout, a worker killed before it recorded the success): the job sends it again.
    await expect(c.pushShipment(parcel)).resolves.toBeUndefined();
    expect(await control.shipments()).toHaveLength(1);
  });

  it('given a trade already shipped under another tracking number then the refusal stands', async () => {
    await control.addOrder(tradeJson(2, ['SKU-A']));
    const c = await connector();
    await c.pushShipment({ orderExternalId: tidOf(2), carrier: 'ZTO', trackingNumber: '7731002202', shippedAt: new Date() });
    const other = c.pushShipment({ orderExternalId: tidOf(2), carrier: 'YTO', trackingNumber: 'YT9900001', shippedAt: new Date() });
    await expect(other).rejects.toBeInstanceOf(PermanentError);
    await expect(other).rejects.toMatchObject({ code: expect.stringContaining('isv.') });
  });

  it('given a split parcel sent twice then the second is taken as done, while the other line can still ship', async () => {
    await control.addOrder(tradeJson(3, ['SKU-A', 'SKU-B']));
    const c = await connector();
    const first = { orderExternalId: tidOf(3), externalLineIds: [oidOf(3, 0)], carrier: 'ZTO', trackingNumber: '7731002203', shippedAt: new Date() };
    await c.pushShipment(first);
    await expect(c.pushShipment(first)).resolves.toBeUndefined();
    await c.pushShipment({ orderExternalId: tidOf(3), externalLineIds: [oidOf(3, 1)], carrier: 'ZTO', trackingNumber: '7731002204', shippedAt: new Date() });
    const sent = await control.shipments();
    expect(sent.map((s) => [s.out_sid, s.sub_tid])).toEqual([
      ['7731002203', [oidOf(3, 0)]],
      ['7731002204', [oidOf(3, 1)]],
    ]);
  });
});

describe('Taobao item created without our hearing of it', () => {
  it('given an item added since a time then findListing returns its ids by merchant code; another code or a later time finds nothing', async () => {
    const c = await connector();
    const before = new Date(Date.now() - 60_000);
    const made = await c.publishListing(listingDraft('FIND-01', 1));
    await c.publishListing(listingDraft('FIND-02', 2));

    expect(await c.findListing!('FIND-01', before)).toEqual(made);
    expect(await c.findListing!('FIND-99', before)).toBeNull();
    expect(await c.findListing!('FIND-01', new Date(Date.now() + 60 * 60_000))).toBeNull();
  });
});
