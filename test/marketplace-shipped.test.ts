import { oidOf, tradeJson } from '../connectors/taobao/fixtures/trades';
import { selectRows } from '../src/common/sql';
import { ChannelRef, createTaobaoChannel, seedCatalog, tidOf, useWorkerAndSimulator, waitFor } from './support/sync-fixtures';

/**
 * Stock that leaves when the marketplace ships (issue 13, defect 2). A paid order holds its
 * units; when the marketplace reports it shipped without a shipment of ours (the seller consigned
 * it in 千牛), the units we had not shipped leave the warehouses that held them as a MARKETPLACE
 * shipment with the marketplace's waybill, nothing stays reserved, and the books agree. Pulled
 * from the Taobao simulator through the worker, and delivered through recordChannelOrders as an
 * integrator would.
 */

jest.setTimeout(300_000);

const env = useWorkerAndSimulator();
const { q } = env;
let skus: string[];
let channel: ChannelRef;
let n = 0;

const sql = <T>(text: string, params: unknown[] = []) => selectRows<T>(env.t.em(), text, params);
/** TOP times are whole seconds: a change within the second of the last pull would look old. */
const nextSecond = () => new Promise((resolve) => setTimeout(resolve, 1100));

beforeAll(async () => {
  skus = await seedCatalog(env.t, env.owner, { warehouse: 'MSW', prefix: 'MS', count: 10, onHand: 20, price: '59.00' });
  // MS-06 is kept in two warehouses, one unit each: an order of two holds one in each.
  await q(`mutation { createWarehouse(input: { code: "MSX", name: "宁波仓", kind: OWN, country: "CN" }) { userErrors { code } } }`);
  await adjust(skus[5], 'MSW', -19);
  await adjust(skus[5], 'MSX', 1);
});

beforeEach(async () => {
  await env.control.reset();
  channel = await createTaobaoChannel(env.t, env.owner, { name: `淘宝店 发货 ${++n}`, baseUrl: env.sim.baseUrl, credentials: await env.control.credentials(), warehouse: 'MSW' });
});

async function adjust(sku: string, warehouseCode: string, delta: number): Promise<void> {
  const r = await q(`mutation($i: AdjustStockInput!) { adjustStock(input: $i) { userErrors { code message } } }`, { i: { sku, warehouseCode, delta, reason: 'opening' } });
  expect(r.adjustStock.userErrors).toEqual([]);
}

async function simPost(path: string, body: unknown): Promise<void> {
  const res = await fetch(new URL(path, env.sim.controlUrl), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${path} answered ${res.status}: ${await res.text()}`);
}

async function sync(scope: 'ORDERS' | 'SHIPMENTS'): Promise<{ status: string; counts: { created: number; updated: number; skipped: number } }> {
  const r = await q(`mutation($i: SyncChannelInput!) { syncChannel(input: $i) { syncRun { id } userErrors { code message } } }`, { i: { channelId: channel.id, scopes: [scope] } });
  expect(r.syncChannel.userErrors).toEqual([]);
  const run = await waitFor('the run', async () => {
    const s = await q(`query($id: ID!) { syncRun(id: $id) { status finishedAt counts { created updated skipped } } }`, { id: r.syncChannel.syncRun.id });
    return s.syncRun.finishedAt ? s.syncRun : undefined;
  }, 240_000);
  expect(run.status).toBe('SUCCEEDED');
  return run;
}

const ORDER = `id number status shippedAt lines { id sku quantity quantityShipped }
  shipments { id number source warehouseCode carrier trackingNumber status marketplacePush { status } lines { sku quantity } }`;

async function orderBy(filter: Record<string, unknown>): Promise<Record<string, any>> {
  const r = await q(`query($f: OrderFilter) { orders(first: 2, filter: $f) { edges { node { ${ORDER} } } } }`, { f: filter });
  expect(r.orders.edges).toHaveLength(1);
  return r.orders.edges[0].node;
}
const order = (tid: string) => orderBy({ channelId: channel.id, search: tid });

/** Levels of a SKU by warehouse: [onHand, reserved, available]. */
async function levels(sku: string): Promise<Record<string, [number, number, number]>> {
  const r = await q(`query($s: String) { stockLevels(filter: { sku: $s }, first: 10) { nodes { warehouseCode onHand reserved available } } }`, { s: sku });
  return Object.fromEntries(r.stockLevels.nodes.map((l: { warehouseCode: string; onHand: number; reserved: number; available: number }) => [l.warehouseCode, [l.onHand, l.reserved, l.available]]));
}

async function discrepancies(): Promise<unknown[]> {
  return (await q('{ stockDiscrepancies { sku warehouseCode onHand ledgerOnHand reserved reservationsReserved } }')).stockDiscrepancies;
}

/** The SHIPMENT movements of an order: [sku, warehouse, quantity]. */
async function shipmentMovements(number: string): Promise<[string, string, number][]> {
  const r = await q(`query($r: String) { stockMovements(first: 50, filter: { reference: $r, type: SHIPMENT }) { edges { node { sku warehouseCode quantity } } } }`, { r: number });
  return r.stockMovements.edges.map((e: { node: { sku: string; warehouseCode: string; quantity: number } }) => [e.node.sku, e.node.warehouseCode, e.node.quantity] as [string, string, number]).sort();
}

/** The order's reservation: its status and the units it still holds (an ACTIVE one's lines). */
async function reservationOf(orderNumber: string): Promise<{ status: string; held: number }> {
  const [r] = await sql<{ status: string; held: number }>(
    `select r.status, case when r.status = 'ACTIVE' then coalesce((select sum(quantity) from reservation_line where reservation_id = r.id), 0) else 0 end::int as held
       from reservation r join sales_order o on o.reservation_id = r.id where o.number = ?`,
    [orderNumber],
  );
  return r;
}

it('given a paid trade that holds stock when the seller consigns it in the back office and it is pulled as shipped then its units leave as a MARKETPLACE shipment with the waybill, nothing stays reserved and the books agree; the same state pulled again changes nothing', async () => {
  // MS-01 × 1 and MS-02 × 2.
  await env.control.addOrder(tradeJson(100, [skus[0], skus[1]], { buyerMessage: '' }));
  await sync('ORDERS');
  const paid = await order(tidOf(100));
  expect(paid.status).toBe('PAID');
  expect(await levels(skus[0])).toEqual({ MSW: [20, 1, 19] });
  expect(await levels(skus[1])).toEqual({ MSW: [20, 2, 18] });

  await nextSecond();
  const parcel = { logistics_company: '顺丰速运', invoice_no: 'SF1000000100' };
  await simPost('/__sim/trade-changes', { tids: [tidOf(100)], set: { status: 'WAIT_BUYER_CONFIRM_GOODS' }, lines: { [oidOf(100, 0)]: parcel, [oidOf(100, 1)]: parcel } });
  expect((await sync('ORDERS')).counts.updated).toBe(1);

  const shipped = await order(tidOf(100));
  expect(shipped.status).toBe('SHIPPED');
  expect(shipped.shippedAt).not.toBeNull();
  expect(shipped.lines.map((l: { quantity: number; quantityShipped: number }) => [l.quantity, l.quantityShipped])).toEqual([
    [1, 1],
    [2, 2],
  ]);
  expect(shipped.shipments).toHaveLength(1);
  expect(shipped.shipments[0]).toMatchObject({
    source: 'MARKETPLACE', warehouseCode: 'MSW', carrier: '顺丰速运', trackingNumber: 'SF1000000100', status: 'SHIPPED',
    // Nothing to tell the marketplace: it reported the parcel.
    marketplacePush: null,
    lines: [{ sku: skus[0], quantity: 1 }, { sku: skus[1], quantity: 2 }],
  });
  expect(await reservationOf(paid.number)).toEqual({ status: 'CONSUMED', held: 0 });
  expect(await levels(skus[0])).toEqual({ MSW: [19, 0, 19] });
  expect(await levels(skus[1])).toEqual({ MSW: [18, 0, 18] });
  expect(await shipmentMovements(paid.number)).toEqual([
    [skus[0], 'MSW', -1],
    [skus[1], 'MSW', -2],
  ]);
  expect(await discrepancies()).toEqual([]);
  const [outbox] = await sql<{ n: number }>('select count(*)::int as n from shipment_outbox ob join shipment s on s.id = ob.shipment_id where s.order_id = (select id from sales_order where number = ?)', [paid.number]);
  expect(outbox.n).toBe(0);

  // The same state again: nothing moves, nothing is recorded twice.
  const again = await sync('ORDERS');
  expect(again.counts).toMatchObject({ created: 0, updated: 0 });
  expect((await order(tidOf(100))).shipments).toHaveLength(1);
  expect(await levels(skus[0])).toEqual({ MSW: [19, 0, 19] });
  expect(await levels(skus[1])).toEqual({ MSW: [18, 0, 18] });
  expect(await shipmentMovements(paid.number)).toHaveLength(2);
  expect(await discrepancies()).toEqual([]);
});

it('given an order we shipped part of when the marketplace reports the rest shipped then only the rest leaves, and the shipments push never sends the marketplace its own parcel', async () => {
  // MS-03 × 1 and MS-04 × 2.
  await env.control.addOrder(tradeJson(200, [skus[2], skus[3]], { buyerMessage: '' }));
  await sync('ORDERS');
  const paid = await order(tidOf(200));
  const ours = await q(`mutation($i: CreateShipmentInput!) { createShipment(input: $i) { userErrors { code message } } }`, {
    i: { orderId: paid.id, warehouseCode: 'MSW', carrier: 'SF', trackingNumber: 'SF2000000200', lines: [{ orderLineId: paid.lines[0].id, quantity: 1 }] },
  });
  expect(ours.createShipment.userErrors).toEqual([]);
  await waitFor('our parcel on the simulator', async () => (await env.control.shipments()).find((s) => s.tid === tidOf(200)), 120_000);
  expect(await levels(skus[3])).toEqual({ MSW: [20, 2, 18] });

  // The seller sends the other line from the back office with another carrier.
  await nextSecond();
  await simPost('/__sim/trade-changes', { tids: [tidOf(200)], set: { status: 'WAIT_BUYER_CONFIRM_GOODS' }, lines: { [oidOf(200, 1)]: { logistics_company: '中通快递', invoice_no: 'ZT2000000201' } } });
  await sync('ORDERS');

  const o = await order(tidOf(200));
  expect(o.status).toBe('SHIPPED');
  expect(o.lines.map((l: { quantityShipped: number }) => l.quantityShipped)).toEqual([1, 2]);
  expect(o.shipments.map((s: Record<string, any>) => [s.source, s.carrier, s.trackingNumber, s.lines])).toEqual([
    ['OURS', 'SF', 'SF2000000200', [{ sku: skus[2], quantity: 1 }]],
    ['MARKETPLACE', '中通快递', 'ZT2000000201', [{ sku: skus[3], quantity: 2 }]],
  ]);
  expect(await levels(skus[2])).toEqual({ MSW: [19, 0, 19] });
  expect(await levels(skus[3])).toEqual({ MSW: [18, 0, 18] });
  expect(await shipmentMovements(paid.number)).toEqual([
    [skus[2], 'MSW', -1],
    [skus[3], 'MSW', -2],
  ]);
  expect(await reservationOf(paid.number)).toEqual({ status: 'CONSUMED', held: 0 });
  expect(await discrepancies()).toEqual([]);

  // Even with an outbox row, the marketplace's parcel is not pushed back to it.
  const marketplaceParcel = o.shipments.find((s: { source: string }) => s.source === 'MARKETPLACE');
  await sql(`insert into shipment_outbox (shipment_id, channel_id) select id, ? from shipment where number = ?`, [channel.key, marketplaceParcel.number]);
  await sync('SHIPMENTS');
  expect((await env.control.shipments()).filter((s) => s.tid === tidOf(200)).map((s) => s.out_sid)).toEqual(['SF2000000200']);
  const [row] = await sql<{ dispatched_at: string | null; held_at: string | null }>(
    'select ob.dispatched_at, ob.held_at from shipment_outbox ob join shipment s on s.id = ob.shipment_id where s.number = ?',
    [marketplaceParcel.number],
  );
  expect(row).toEqual({ dispatched_at: null, held_at: null });
});

it('given a paid trade whose units two warehouses hold when the marketplace reports it delivered straight away then each unit leaves the warehouse that held it and the parcels are delivered', async () => {
  // MS-05 × 1 (MSW) and MS-06 × 2 (one in MSW, one in MSX).
  await env.control.addOrder(tradeJson(300, [skus[4], skus[5]], { buyerMessage: '' }));
  await sync('ORDERS');
  const paid = await order(tidOf(300));
  expect(paid.status).toBe('PAID');
  expect(await levels(skus[5])).toEqual({ MSW: [1, 1, 0], MSX: [1, 1, 0] });

  await nextSecond();
  const parcel = { logistics_company: '圆通速递', invoice_no: 'YT3000000300' };
  await simPost('/__sim/trade-changes', { tids: [tidOf(300)], set: { status: 'TRADE_BUYER_SIGNED' }, lines: { [oidOf(300, 0)]: parcel, [oidOf(300, 1)]: parcel } });
  await sync('ORDERS');

  const o = await order(tidOf(300));
  expect(o.status).toBe('DELIVERED');
  const [times] = await sql<{ shipped: boolean; delivered: boolean }>('select shipped_at is not null as shipped, delivered_at is not null as delivered from sales_order where number = ?', [paid.number]);
  expect(times).toEqual({ shipped: true, delivered: true });
  expect(o.lines.map((l: { quantityShipped: number }) => l.quantityShipped)).toEqual([1, 2]);
  expect(o.shipments.map((s: Record<string, any>) => [s.source, s.warehouseCode, s.trackingNumber, s.status, s.lines]).sort()).toEqual([
    ['MARKETPLACE', 'MSW', 'YT3000000300', 'DELIVERED', [{ sku: skus[4], quantity: 1 }, { sku: skus[5], quantity: 1 }]],
    ['MARKETPLACE', 'MSX', 'YT3000000300', 'DELIVERED', [{ sku: skus[5], quantity: 1 }]],
  ]);
  expect(await levels(skus[4])).toEqual({ MSW: [19, 0, 19] });
  expect(await levels(skus[5])).toEqual({ MSW: [0, 0, 0], MSX: [0, 0, 0] });
  expect(await shipmentMovements(paid.number)).toEqual([
    [skus[4], 'MSW', -1],
    [skus[5], 'MSW', -1],
    [skus[5], 'MSX', -1],
  ]);
  expect(await reservationOf(paid.number)).toEqual({ status: 'CONSUMED', held: 0 });
  expect(await discrepancies()).toEqual([]);
});

describe('orders delivered through recordChannelOrders', () => {
  const RECORD = `mutation($i: [ChannelOrderInput!]!) { recordChannelOrders(inputs: $i) { results { outcome order { id number status } userErrors { code message } } } }`;
  const delivery = (externalId: string, status: string, at: Date, lines: Record<string, unknown>[], extra: Record<string, unknown> = {}) => ({
    channelKey: 'integrator-shop', externalId, status, modifiedAt: at.toISOString(), currency: 'CNY', lines, ...extra,
  });

  it('given a paid order whose marketplace says it shipped, one line refunded before, then the other line leaves without a waybill and the refunded units go back to sale; one the marketplace fulfils takes none of our stock', async () => {
    const [a, b, c] = [skus[6], skus[7], skus[8]];
    const lines = [
      { externalLineId: 'L1', sku: a, quantity: 1, unitPrice: '59.00' },
      { externalLineId: 'L2', sku: b, quantity: 2, unitPrice: '59.00' },
    ];
    const afnLines = [{ externalLineId: 'L1', sku: c, quantity: 3, unitPrice: '59.00' }];
    const t0 = new Date(Date.now() - 60_000);
    const first = await q(RECORD, { i: [delivery('API-1', 'PAID', t0, lines), delivery('API-AFN', 'PAID', t0, afnLines, { fulfilledBy: 'MARKETPLACE' })] });
    expect(first.recordChannelOrders.results.map((r: { outcome: string; userErrors: unknown[] }) => [r.outcome, r.userErrors])).toEqual([
      ['CREATED', []],
      ['CREATED', []],
    ]);
    expect(await levels(a)).toEqual({ MSW: [20, 1, 19] });
    expect(await levels(b)).toEqual({ MSW: [20, 2, 18] });
    expect(await levels(c)).toEqual({ MSW: [20, 0, 20] });

    const t1 = new Date(t0.getTime() + 30_000);
    const refunded = [{ ...lines[0], refund: { status: 'REFUNDED', marketplaceStatus: 'SUCCESS', quantity: 1 } }, lines[1]];
    const second = await q(RECORD, { i: [delivery('API-1', 'SHIPPED', t1, refunded), delivery('API-AFN', 'SHIPPED', t1, afnLines, { fulfilledBy: 'MARKETPLACE' })] });
    expect(second.recordChannelOrders.results.map((r: { outcome: string; order: { status: string } }) => [r.outcome, r.order.status])).toEqual([
      ['UPDATED', 'SHIPPED'],
      ['UPDATED', 'SHIPPED'],
    ]);

    const o = await orderBy({ channelKey: 'integrator-shop', search: 'API-1' });
    expect(o.lines.map((l: { quantityShipped: number }) => l.quantityShipped)).toEqual([0, 2]);
    expect(o.shipments).toHaveLength(1);
    expect(o.shipments[0]).toMatchObject({ source: 'MARKETPLACE', warehouseCode: 'MSW', carrier: '', trackingNumber: '', lines: [{ sku: b, quantity: 2 }] });
    expect(await levels(a)).toEqual({ MSW: [20, 0, 20] });
    expect(await levels(b)).toEqual({ MSW: [18, 0, 18] });
    expect(await reservationOf(o.number)).toEqual({ status: 'RELEASED', held: 0 });

    const afn = await orderBy({ channelKey: 'integrator-shop', search: 'API-AFN' });
    expect(afn.shipments).toEqual([]);
    expect(await levels(c)).toEqual({ MSW: [20, 0, 20] });
    expect(await discrepancies()).toEqual([]);

    // Delivered again as it is: nothing changes.
    const third = await q(RECORD, { i: [delivery('API-1', 'SHIPPED', t1, refunded)] });
    expect(third.recordChannelOrders.results[0].outcome).toBe('UNCHANGED');
    expect((await orderBy({ channelKey: 'integrator-shop', search: 'API-1' })).shipments).toHaveLength(1);
    expect(await levels(b)).toEqual({ MSW: [18, 0, 18] });
  });
});
