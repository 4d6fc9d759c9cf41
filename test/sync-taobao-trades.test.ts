import { stringifyJsonExact } from '../connectors/sdk/exact-json';
import { oidOf, tradeJson, tradeObject } from '../connectors/taobao/fixtures/trades';
import { selectRows } from '../src/common/sql';
import { ChannelRef, createItemsByHand, createTaobaoChannel, seedCatalog, tidOf, useWorkerAndSimulator, waitFor } from './support/sync-fixtures';

/**
 * Taobao trades end to end, through the worker against the simulated TOP: a window walked
 * while trades change loses none; an order's total is what the buyer paid; the buyer's message
 * and TOP's holds arrive (and a hold goes when TOP drops it); a partial refund reaches the order
 * line; Tmall cash-on-delivery trades are pulled and shipped the way TOP takes them; and one
 * SKU Taobao no longer knows does not stop the stock of its siblings.
 */

jest.setTimeout(300_000);

const env = useWorkerAndSimulator();
const { q } = env;
let skus: string[];
let channel: ChannelRef;
let n = 0;

const sql = <T>(text: string, params: unknown[] = []) => selectRows<T>(env.t.em(), text, params);

beforeAll(async () => {
  skus = await seedCatalog(env.t, env.owner, { warehouse: 'TTW', prefix: 'TT', count: 3, onHand: 500, price: '89.00' });
});

beforeEach(async () => {
  await env.control.reset();
  channel = await createTaobaoChannel(env.t, env.owner, { name: `淘宝店 交易 ${++n}`, baseUrl: env.sim.baseUrl, credentials: await env.control.credentials(), warehouse: 'TTW' });
});

async function simPost(path: string, body: unknown): Promise<void> {
  const res = await fetch(new URL(path, env.sim.controlUrl), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${path} answered ${res.status}: ${await res.text()}`);
}

/** Pulls the channel's orders and waits for the run to end; its counts. */
async function pullOrders(): Promise<{ status: string; counts: { created: number; updated: number } }> {
  const r = await q(`mutation($i: SyncChannelInput!) { syncChannel(input: $i) { syncRun { id } userErrors { code message } } }`, { i: { channelId: channel.id, scopes: ['ORDERS'] } });
  expect(r.syncChannel.userErrors).toEqual([]);
  return waitFor('the pull', async () => {
    const s = await q(`query($id: ID!) { syncRun(id: $id) { status finishedAt counts { created updated } } }`, { id: r.syncChannel.syncRun.id });
    return s.syncRun.finishedAt ? s.syncRun : undefined;
  }, 240_000);
}

const ORDER = `status holdReasons buyerMessage totals { subtotal { amount } shipping { amount } discount { amount } adjustment { amount } total { amount } }
  lines { sku quantity discount { amount } orderDiscount { amount } paid { amount } refund { status marketplaceStatus quantity } }`;

async function order(tid: string): Promise<Record<string, any>> {
  const r = await q(`query($f: OrderFilter) { orders(first: 2, filter: $f) { edges { node { ${ORDER} } } } }`, { f: { channelId: channel.id, search: tid } });
  expect(r.orders.edges).toHaveLength(1);
  return r.orders.edges[0].node;
}

it('given 250 trades in a window that ended long ago when some on its first page change right after it is read then every trade is imported once, and the changes arrive with the next pull', async () => {
  // Modified about 20 hours ago: a window the first pull opens well before now (so a change now leaves it).
  const at = Date.now() - 20 * 60 * 60_000;
  for (let k = 0; k < 250; k++) await env.control.addOrder(tradeJson(100 + k, [skus[k % 3]], { modified: new Date(at + k * 1000), status: 'WAIT_BUYER_CONFIRM_GOODS', buyerMessage: '' }));
  // The newest five are on the window's first page; they change as soon as a page has carried them.
  const moved = [249, 248, 247, 246, 245].map((k) => tidOf(100 + k));
  await simPost('/__sim/trade-changes', { tids: moved, set: { status: 'TRADE_FINISHED' }, afterRead: true });

  const first = await pullOrders();
  expect(first.status).toBe('SUCCEEDED');
  const rows = await sql<{ external_id: string; status: string }>('select external_id, status from sales_order where channel_id = ?', [channel.key]);
  expect(rows).toHaveLength(250);
  expect(new Set(rows.map((r) => r.external_id)).size).toBe(250);

  await pullOrders();
  const after = await sql<{ external_id: string; status: string }>('select external_id, status from sales_order where channel_id = ? and external_id = any(?::text[]) order by external_id', [channel.key, `{${moved.join(',')}}`]);
  expect(after.map((r) => r.status)).toEqual(moved.map(() => 'COMPLETED'));
});

it('given a trade with a shop coupon, a buyer message and a TOP hold when pulled then the total is what was paid, the message and the hold arrive, and the hold goes when TOP drops it', async () => {
  // 89.00 × 1 + 89.00 × 2 = 267.00 of goods, a 10.00 shop coupon, 8.00 postage: the buyer paid 265.00.
  const trade = { ...tradeObject(300, [skus[0], skus[1]], { price: '89.00', coupon: '10.00', postFee: '8.00', buyerMessage: '请发顺丰，谢谢' }), top_hold: 1 };
  await env.control.addOrder(stringifyJsonExact(trade));
  await pullOrders();
  const o = await order(tidOf(300));
  expect(o).toMatchObject({ status: 'PAID', holdReasons: ['DO_NOT_SHIP'], buyerMessage: '请发顺丰，谢谢' });
  expect(o.totals).toEqual({ subtotal: { amount: '267.00' }, shipping: { amount: '8.00' }, discount: { amount: '10.00' }, adjustment: { amount: '0.00' }, total: { amount: '265.00' } });
  expect(o.lines.map((l: any) => [l.orderDiscount.amount, l.paid.amount])).toEqual([
    ['3.33', '85.67'],
    ['6.67', '171.33'],
  ]);

  await new Promise((resolve) => setTimeout(resolve, 1100));
  await simPost('/__sim/trade-changes', { tids: [tidOf(300)], set: { top_hold: 0 } });
  await pullOrders();
  expect((await order(tidOf(300))).holdReasons).toEqual([]);
});

it('given a shipped trade when one of its lines is refunded then the refund shows on that line and the order stays SHIPPED', async () => {
  await env.control.addOrder(tradeJson(400, [skus[0], skus[1]], { status: 'WAIT_BUYER_CONFIRM_GOODS', buyerMessage: '' }));
  await pullOrders();
  expect((await order(tidOf(400))).lines.map((l: any) => l.refund)).toEqual([null, null]);
  await new Promise((resolve) => setTimeout(resolve, 1100));
  await simPost('/__sim/trade-changes', { tids: [tidOf(400)], lines: { [oidOf(400, 1)]: { refund_status: 'SUCCESS', status: 'TRADE_CLOSED' } } });
  const run = await pullOrders();
  expect(run.counts.updated).toBe(1);
  const o = await order(tidOf(400));
  expect(o.status).toBe('SHIPPED');
  expect(o.lines.map((l: any) => l.refund)).toEqual([null, { status: 'REFUNDED', marketplaceStatus: 'SUCCESS', quantity: 2 }]);
});

it('given a Tmall cash-on-delivery trade when pulled and shipped then it arrives and goes out through online.send', async () => {
  await env.control.addOrder(tradeJson(500, [skus[2]], { type: 'b2c_cod', buyerMessage: '' }));
  await pullOrders();
  const [o] = (await q(`query($f: OrderFilter) { orders(first: 1, filter: $f) { edges { node { id lines { id quantity } } } } }`, { f: { channelKey: channel.key, search: tidOf(500) } })).orders.edges;
  expect(o).toBeDefined();
  const shipped = await q(
    `mutation($i: CreateShipmentInput!) { createShipment(input: $i) { userErrors { code message } } }`,
    { i: { orderId: o.node.id, warehouseCode: 'TTW', carrier: 'ZTO', trackingNumber: 'ZT5000000001', lines: o.node.lines.map((l: { id: string; quantity: number }) => ({ orderLineId: l.id, quantity: l.quantity })) } },
  );
  expect(shipped.createShipment.userErrors).toEqual([]);
  const sent = await waitFor('the send on the simulator', async () => (await env.control.shipments()).find((s) => s.tid === tidOf(500)), 120_000);
  expect(sent).toMatchObject({ out_sid: 'ZT5000000001', method: 'online' });
});

it('given an item whose SKU was deleted on Taobao when stock changes for all three SKUs then the other two are pushed and exactly that one is reported', async () => {
  const [numIid] = await createItemsByHand(env.control, skus);
  const r = await q(`mutation($i: PublishListingsInput!) { publishListings(input: $i) { userErrors { code message } } }`, { i: { channelId: channel.id, skus } });
  expect(r.publishListings.userErrors).toEqual([]);
  const listed = await waitFor('three listings ACTIVE', async () => {
    const ls = await q(`query($c: ID!) { listings(filter: { channelId: $c }, first: 10) { edges { node { sku status skuId } } } }`, { c: channel.id });
    const nodes = ls.listings.edges.map((e: { node: Record<string, string> }) => e.node);
    return nodes.length === 3 && nodes.every((x: { status: string }) => x.status === 'ACTIVE') ? nodes : undefined;
  }, 120_000);
  const gone = listed.find((l: { sku: string }) => l.sku === skus[1]);
  await simPost('/__sim/sku-deletions', { num_iid: numIid, sku_id: gone.skuId });
  const before = Object.fromEntries((await env.control.listings()).map((l) => [l.sku, l.quantity]));

  for (const sku of skus) await q(`mutation($s: String!) { adjustStock(input: { sku: $s, warehouseCode: "TTW", delta: -4, reason: "count" }) { userErrors { code } } }`, { s: sku });
  await waitFor('the outbox drained', async () => {
    const [row] = await sql<{ n: number }>('select count(*)::int as n from stock_outbox where channel_key = ? and dispatched_at is null', [channel.key]);
    return row.n === 0 || undefined;
  }, 120_000);
  const now = Object.fromEntries((await env.control.listings()).map((l) => [l.sku, l.quantity]));
  expect([now[skus[0]], now[skus[2]]]).toEqual([before[skus[0]] - 4, before[skus[2]] - 4]);
  const errors = await sql<{ sku: string; last_error_code: string | null }>('select sku, last_error_code from listing where channel_id = (select id from channel where key = ?) order by sku', [channel.key]);
  expect(errors.map((e) => [e.sku, e.last_error_code !== null])).toEqual([
    [skus[0], false],
    [skus[1], true],
    [skus[2], false],
  ]);
});
