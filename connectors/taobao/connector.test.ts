import { PermanentError } from '../sdk/errors';
import { createHttpClient } from '../sdk/http';
import type { RunningSimulator } from '../sdk/simulator';
import { SimControl } from '../sdk/testkit';
import { stringifyJsonExact } from '../sdk/exact-json';
import type { Connector, Cursor, ListingRef, OrderDto } from '../sdk/types';
import { listingDraft, oidOf, tidOf, tradeJson, tradeObject } from './fixtures/trades';
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
    // Shipped and without messages: increment.get alone carries them (no fullinfo.get per trade).
    const trades = Array.from({ length: 1500 }, (_, k) => tradeJson(k + 1, ['SKU-B'], { modified: new Date(now - 60 * 60_000 + k * 2_000), status: 'WAIT_BUYER_CONFIRM_GOODS', buyerMessage: '' }));
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

describe('Taobao parcels with line quantities', () => {
  it('given a parcel with some units of a sub-order then it is refused as PARTIAL_SUB_ORDER and nothing is sent', async () => {
    // Line 1 of trade 4 holds 2 units (fixtures/trades.ts).
    await control.addOrder(tradeJson(4, ['SKU-A', 'SKU-B']));
    const c = await connector();
    const part = c.pushShipment({ orderExternalId: tidOf(4), lines: [{ externalLineId: oidOf(4, 1), quantity: 1 }], externalLineIds: [oidOf(4, 1)], carrier: 'ZTO', trackingNumber: '7731002205', shippedAt: new Date() });
    await expect(part).rejects.toBeInstanceOf(PermanentError);
    await expect(part).rejects.toMatchObject({ code: 'PARTIAL_SUB_ORDER', message: expect.stringContaining('holds 2 units and this parcel 1') });
    expect(await control.shipments()).toEqual([]);
  });

  it('given every unit of one sub-order then it ships that sub-order alone; every unit of all of them ships the trade whole', async () => {
    await control.addOrder(tradeJson(5, ['SKU-A', 'SKU-B']));
    await control.addOrder(tradeJson(6, ['SKU-A', 'SKU-B']));
    const c = await connector();
    await c.pushShipment({ orderExternalId: tidOf(5), lines: [{ externalLineId: oidOf(5, 1), quantity: 2 }], carrier: 'ZTO', trackingNumber: '7731002206', shippedAt: new Date() });
    const both = [
      { externalLineId: oidOf(6, 0), quantity: 1 },
      { externalLineId: oidOf(6, 1), quantity: 2 },
    ];
    await c.pushShipment({ orderExternalId: tidOf(6), lines: both, carrier: 'ZTO', trackingNumber: '7731002207', shippedAt: new Date() });
    const sent = await control.shipments();
    expect(sent.map((s) => [s.out_sid, s.sub_tid])).toEqual([
      ['7731002206', [oidOf(5, 1)]],
      ['7731002207', null],
    ]);
  });
});

/** A POST to one of the simulator's control routes; the answer's JSON. */
async function simPost(path: string, body: unknown): Promise<Record<string, any>> {
  const res = await fetch(new URL(path, sim.controlUrl), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await res.text();
  if (!res.ok) throw new Error(`${path} answered ${res.status}: ${text}`);
  return JSON.parse(text);
}

async function requestLog(): Promise<{ operation: string; params: Record<string, string> | null; errorCode: string | null }[]> {
  return ((await (await fetch(new URL('/__sim/requests', sim.controlUrl))).json()) as { requests: { operation: string; params: Record<string, string> | null; errorCode: string | null }[] }).requests;
}

/** Every order pulled, the last delivery of each winning. */
async function pullOrders(c: Connector, from: Cursor | null = null): Promise<{ orders: Map<string, OrderDto>; cursor: Cursor }> {
  const orders = new Map<string, OrderDto>();
  let cursor = from;
  for (let n = 0; n < 500; n++) {
    const page = await c.pullOrders(cursor);
    for (const o of page.orders) if (o.ok) orders.set(o.order.externalId, o.order);
    cursor = page.nextCursor;
    if (page.done) return { orders, cursor };
  }
  throw new Error('the pull never caught up');
}

describe('Taobao order pull: a trade changing while the window is walked', () => {
  it('given 250 trades in a window that ended an hour ago when three on the first page change right after it is read then every trade arrives and the pages go 1, 3, 2, 1', async () => {
    const at = new Date(Date.now() - 2 * HOUR);
    for (let k = 0; k < 250; k++) await control.addOrder(tradeJson(4000 + k, ['SKU-W'], { modified: new Date(at.getTime() + k * 1000), status: 'WAIT_BUYER_CONFIRM_GOODS', buyerMessage: '' }));
    // Newest first: the last three added are on page 1; they change as soon as a page has carried them.
    const moved = [249, 248, 247].map((k) => tidOf(4000 + k));
    await simPost('/__sim/trade-changes', { tids: moved, set: { seller_memo: '改地址' }, afterRead: true });
    const c = await connector();
    // A cursor as a channel's would stand two hours later: the window holding the trades ends in the past.
    const { orders } = await pullOrders(c, { from: new Date(at.getTime() - 10 * 60_000).toISOString(), span: 30 * 60_000 });
    expect(orders.size).toBe(250);
    const opened = Math.floor((at.getTime() - 10 * 60_000) / 1000) * 1000;
    const walk = (await incrementCalls()).filter((x) => x.start.getTime() === opened).map((x) => x.page);
    expect(walk).toEqual([1, 3, 2, 1]);
  });
});

describe('Taobao order pull: what increment.get does not carry', () => {
  it('given a trade with a buyer message when pulled then the message arrives, read with fullinfo.get', async () => {
    await control.addOrder(tradeJson(11, ['SKU-M'], { buyerMessage: '请用顺丰，周末不在家' }));
    await control.addOrder(tradeJson(12, ['SKU-M'], { buyerMessage: '', status: 'WAIT_BUYER_CONFIRM_GOODS' }));
    const { orders } = await pullOrders(await connector());
    expect(orders.get(tidOf(11))?.buyerMessage).toBe('请用顺丰，周末不在家');
    expect(orders.get(tidOf(12))?.buyerMessage).toBeNull();
    // Shipped, no message: increment.get alone is enough for it.
    const fullinfo = (await requestLog()).filter((r) => r.operation === 'taobao.trade.fullinfo.get').map((r) => r.params!.tid);
    expect(fullinfo).toEqual([tidOf(11)]);
  });

  it('given a paid trade held by TOP (top_hold) when pulled then it is DO_NOT_SHIP, and when the hold drops the flag goes', async () => {
    await control.addOrder(stringifyJsonExact({ ...tradeObject(13, ['SKU-H']), top_hold: 1 }));
    const c = await connector();
    const first = await pullOrders(c);
    expect(first.orders.get(tidOf(13))?.flags).toEqual(['DO_NOT_SHIP']);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await simPost('/__sim/trade-changes', { tids: [tidOf(13)], set: { top_hold: 0 } });
    const next = await pullOrders(c, first.cursor);
    expect(next.orders.get(tidOf(13))?.flags).toEqual([]);
  });
});

describe('Taobao order pull: fullinfo reads failing for now', () => {
  it('given server errors on 40 % of the calls when 100 paid trades are pulled then a page that comes back partly is read again and every trade arrives', async () => {
    for (let k = 0; k < 100; k++) await control.addOrder(tradeJson(600 + k, ['SKU-F'], { buyerMessage: '' }));
    const c = await connector();
    await control.faults({ error500: 0.4 });
    try {
      const orders = new Map<string, OrderDto>();
      let cursor: Cursor | null = null;
      let failures = 0;
      for (let n = 0; n < 500; n++) {
        let page;
        try {
          page = await c.pullOrders(cursor);
        } catch {
          // The list call itself failed five times over: the job would be tried again from the saved cursor.
          failures++;
          continue;
        }
        for (const o of page.orders) if (o.ok) orders.set(o.order.externalId, o.order);
        cursor = page.nextCursor;
        if (page.done) break;
      }
      expect(orders.size).toBe(100);
      expect(failures).toBeLessThan(20);
    } finally {
      await control.faults({ error500: 0 });
    }
    // Each trade was read with fullinfo.get until it came back, and not again after that.
    const reads = (await requestLog()).filter((r) => r.operation === 'taobao.trade.fullinfo.get' && !r.errorCode);
    expect(new Set(reads.map((r) => r.params!.tid)).size).toBe(100);
    expect(reads).toHaveLength(100);
  });
});

describe('Taobao trade and refund types', () => {
  it('given trades of types outside TOP\'s defaults (Tmall COD, distribution) and a refund of a presale trade when pulled then they arrive', async () => {
    await control.addOrder(tradeJson(21, ['SKU-T'], { type: 'b2c_cod' }));
    await control.addOrder(tradeJson(22, ['SKU-T'], { type: 'fenxiao' }));
    await control.addOrder(tradeJson(23, ['SKU-T'], { type: 'step' }));
    await simPost('/__sim/refunds', { refund_id: '178200000000000023', tid: tidOf(23), oid: oidOf(23, 0), status: 'WAIT_SELLER_AGREE', refund_fee: '59.00', has_good_return: false });
    const c = await connector();
    const { orders } = await pullOrders(c);
    expect([...orders.keys()].sort()).toEqual([tidOf(21), tidOf(22), tidOf(23)]);
    let cursor: Cursor | null = null;
    const refunds: string[] = [];
    for (let n = 0; n < 50; n++) {
      const page = await c.pullReturns(cursor);
      refunds.push(...page.returns.map((r) => r.externalId));
      cursor = page.nextCursor;
      if (page.done) break;
    }
    expect(refunds).toEqual(['178200000000000023']);
  });
});

describe('Taobao shipment send method', () => {
  it('given a cash-on-delivery trade and one whose logistics were ordered online then both ship through online.send, a plain one through offline.send', async () => {
    await control.addOrder(tradeJson(31, ['SKU-S'], { type: 'cod' }));
    await control.addOrder(tradeJson(32, ['SKU-S']));
    await control.addOrder(tradeJson(33, ['SKU-S']));
    await simPost('/__sim/online-logistics-orders', { tid: tidOf(32) });
    const c = await connector();
    for (const [i, n] of [[31, '7731003101'], [32, '7731003201'], [33, '7731003301']] as const) {
      await c.pushShipment({ orderExternalId: tidOf(i), carrier: 'ZTO', trackingNumber: n, shippedAt: new Date() });
    }
    const sent = await control.shipments();
    expect(sent.map((s) => [s.tid, s.method])).toEqual([
      [tidOf(31), 'online'],
      [tidOf(32), 'online'],
      [tidOf(33), 'offline'],
    ]);
  });
});

describe('Taobao items: created by hand, linked by merchant code', () => {
  it('given an item staff created with our SKUs as merchant codes when published then it is linked and updated, and no retired method is called', async () => {
    const item = await simPost('/__sim/items', { title: '纯棉短袖T恤 手工创建', price: '99.00', skus: [{ outer_id: 'HAND-RED', price: '99.00', quantity: 1 }, { outer_id: 'HAND-BLUE', price: '99.00', quantity: 1 }] });
    const c = await connector();
    const ref = await c.publishListing({ ...listingDraft('HAND-BLUE', 1), attributes: {}, price: '109.00', quantity: 12 });
    expect(ref).toMatchObject({ sku: 'HAND-BLUE', itemId: item.num_iid, skuId: item.skus[1].sku_id });
    const shown = (await control.listings()).find((l) => l.sku === 'HAND-BLUE')!;
    expect([shown.quantity, shown.price]).toEqual([12, '109.00']);
    const calls = new Set((await requestLog()).map((r) => r.operation));
    expect(calls.has('taobao.item.add') || calls.has('taobao.item.update')).toBe(false);
  });

  it('given no item with the merchant code when published then it is refused with what staff must do', async () => {
    const c = await connector();
    await expect(c.publishListing(listingDraft('NOWHERE-1', 1))).rejects.toMatchObject({ kind: 'PERMANENT', code: 'CREATE_BY_HAND', message: expect.stringContaining('商家编码') });
  });

  it('given the retired item methods when called then the simulator answers 22 Invalid Method', async () => {
    const c = (await connector()) as unknown as { top: { call(method: string, params: Record<string, string>, opts: { operation: string }): Promise<unknown> } };
    for (const method of ['taobao.item.add', 'taobao.item.update']) {
      await expect(c.top.call(method, { num_iid: '1' }, { operation: 'listings' })).rejects.toMatchObject({ code: expect.stringMatching(/^22/) });
    }
  });
});

describe('Taobao stock: one bad SKU in a batch', () => {
  it('given a batch of an item\'s SKUs with one deleted on Taobao when stock is pushed then exactly that SKU fails and the others land', async () => {
    const item = await simPost('/__sim/items', { title: '批量库存测试', skus: ['A', 'B', 'C', 'D'].map((x) => ({ outer_id: `BATCH-${x}`, price: '50.00', quantity: 1 })) });
    const refs = item.skus.map((k: { sku_id: string; outer_id: string; properties: string }) => ({ sku: k.outer_id, itemId: item.num_iid, skuId: k.sku_id, extra: { properties: k.properties } }));
    await simPost('/__sim/sku-deletions', { num_iid: item.num_iid, sku_id: refs[2].skuId });
    const c = await connector();
    const results = await c.pushStock(refs.map((ref: ListingRef, i: number) => ({ ref, quantity: 10 + i })));
    expect(results.map((r) => [r.sku, r.ok])).toEqual([
      ['BATCH-A', true],
      ['BATCH-B', true],
      ['BATCH-C', false],
      ['BATCH-D', true],
    ]);
    expect(results[2]).toMatchObject({ ok: false, error: { kind: 'PERMANENT' } });
    const quantities = Object.fromEntries((await control.listings()).map((l) => [l.sku, l.quantity]));
    expect(quantities).toEqual({ 'BATCH-A': 10, 'BATCH-B': 11, 'BATCH-D': 13 });
  });
});

describe('Taobao delisting one SKU', () => {
  it('given an item with two SKUs when each is delisted then its quantity goes to 0 and the item stays on sale; an item of one SKU goes off sale', async () => {
    const item = await simPost('/__sim/items', { title: '下架测试', skus: ['A', 'B'].map((x) => ({ outer_id: `DEL-${x}`, price: '50.00', quantity: 5 })) });
    const single = await simPost('/__sim/items', { title: '下架测试单SKU', skus: [{ outer_id: 'DEL-ONE', price: '50.00', quantity: 5 }] });
    const refOf = (it: Record<string, any>, k: number): ListingRef => ({ sku: it.skus[k].outer_id, itemId: it.num_iid, skuId: it.skus[k].sku_id, extra: { properties: it.skus[k].properties } });
    const c = await connector();
    await c.delistListing(refOf(item, 0));
    const shown = async () => (await control.listings()).map((l) => [l.sku, l.quantity, l.status]);
    expect(await shown()).toEqual([
      ['DEL-A', 0, 'onsale'],
      ['DEL-B', 5, 'onsale'],
      ['DEL-ONE', 5, 'onsale'],
    ]);
    const [a, b] = await c.fetchListings([refOf(item, 0), refOf(item, 1)]);
    expect([a.quantity, b.quantity, b.active]).toEqual([0, 5, true]);
    await c.delistListing(refOf(item, 1));
    await c.delistListing(refOf(single, 0));
    expect(await shown()).toEqual([
      ['DEL-A', 0, 'onsale'],
      ['DEL-B', 0, 'onsale'],
      ['DEL-ONE', 5, 'instock'],
    ]);
    // Nothing took the two-SKU item off sale: a sibling restocked later is for sale again at once.
    expect((await requestLog()).filter((r) => r.operation === 'taobao.item.update.delisting').map((r) => r.params!.num_iid)).toEqual([single.num_iid]);
  });
});
