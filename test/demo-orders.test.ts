import { startTestApp, TestApp } from './support/test-app';
import { gqlOk } from './support/sync-fixtures';
import { selectRows } from '../src/common/sql';
import { generateDemoCatalog } from '../src/db/seed/demo-catalog';
import { DEMO_ORDER_CHANNELS, planDemoOrders } from '../src/db/seed/demo-order-plan';
import { DEMO_SECOND_WAREHOUSE, DEMO_WAREHOUSE } from '../src/db/seed/demo-stock';

/**
 * The demo's order history (DEMO_DATA, without simulators): a few hundred orders over the last
 * 90 days on the demo channels, with shipments, holds and returns, taken in through the orders
 * module so stock, reservations and the sales figures agree; the demo channels PAUSED until a
 * start with SIMULATORS=1 connects them.
 */

jest.setTimeout(180_000);

let t: TestApp;
let owner: string;
let seededAt: { from: Date; to: Date };
const DAY = 86_400_000;

/** Orders the demo plans per channel: the same whatever the time (the plan's draws do not depend on it). */
const planned = (() => {
  const m = new Map<string, number>();
  for (const o of planDemoOrders(generateDemoCatalog(), new Date())) m.set(o.channelKey, (m.get(o.channelKey) ?? 0) + 1);
  return m;
})();

interface StatsRow {
  key: string | null;
  orders: number;
  units: number;
  revenue: { amount: string; currency: string };
}

async function stats(groupBy: string): Promise<StatsRow[]> {
  const r = await gqlOk(t, owner, 'query($f: DateTime!, $t: DateTime!, $g: OrderStatsGroupBy!) { orderStats(from: $f, to: $t, groupBy: $g) { key orders units revenue { amount currency } } }', {
    f: new Date(seededAt.from.getTime() - 91 * DAY).toISOString(),
    t: new Date(Date.now() + 60_000).toISOString(),
    g: groupBy,
  });
  return r.orderStats;
}

const sum = (rows: { orders: number }[]) => rows.reduce((n, r) => n + r.orders, 0);
const cents = (v: string) => Math.round(Number(v) * 100);

beforeAll(async () => {
  const from = new Date();
  t = await startTestApp({ DEMO_DATA: 'true' });
  seededAt = { from, to: new Date() };
  owner = await t.ownerToken();
});
afterAll(() => t.stop());

it('given a first start without simulators then the demo channels are there PAUSED, named as the simulators name them, and refuse a sync', async () => {
  const { channels } = await gqlOk(t, owner, '{ channels { id key kind name currency status lastError marketplaces { id } } }');
  expect(channels.map((c: { key: string }) => c.key).sort()).toEqual([...DEMO_ORDER_CHANNELS].sort());
  const byKey = new Map((channels as Record<string, any>[]).map((c) => [c.key, c]));
  expect(byKey.get('taobao-sim')).toMatchObject({ kind: 'TAOBAO', name: '淘宝模拟店', currency: 'CNY' });
  expect(byKey.get('ebay-sim')).toMatchObject({ kind: 'EBAY', name: 'eBay demo store', currency: 'USD', marketplaces: [{ id: 'EBAY_US' }, { id: 'EBAY_DE' }] });
  expect(byKey.get('amazon-sim')).toMatchObject({ kind: 'AMAZON', currency: 'USD', marketplaces: [{ id: 'ATVPDKIKX0DER' }, { id: 'A2EUQ1WTGCTBG2' }] });
  for (const c of channels) expect(c).toMatchObject({ status: 'PAUSED', lastError: expect.stringContaining('SIMULATORS=1') });
  const r = await gqlOk(t, owner, 'mutation($i: SyncChannelInput!) { syncChannel(input: $i) { syncRun { id } userErrors { code } } }', { i: { channelId: byKey.get('taobao-sim')!.id, scopes: ['ORDERS'] } });
  expect(r.syncChannel).toEqual({ syncRun: null, userErrors: [{ code: 'CHANNEL_NOT_ACTIVE' }] });
});

it('given a sync worker on the demo database then no scheduled pull or push runs against the paused channels', async () => {
  const worker = await startTestApp({ DEMO_DATA: 'true', ROLE: 'all' }, t);
  try {
    // The worker ticks every second (SYNC_TICK_SECONDS=1 in tests): an ACTIVE channel would have runs by now.
    await new Promise((r) => setTimeout(r, 4_000));
    expect((await gqlOk(t, owner, '{ syncRuns(first: 5) { totalCount } }')).syncRuns.totalCount).toBe(0);
  } finally {
    await worker.stop();
  }
});

it('given the demo then a few hundred orders span the last 90 days on every demo channel, in CNY at home and USD, EUR and CAD abroad', async () => {
  const byChannel = await stats('CHANNEL');
  const count = (key: string | null) => sum(byChannel.filter((r) => r.key === key));
  for (const key of DEMO_ORDER_CHANNELS) expect(count(key)).toBe(planned.get(key));
  // The replacement order of the demo's exchange is our own: no channel.
  expect(count(null)).toBe(1);
  const total = sum(byChannel);
  expect(total).toBeGreaterThanOrEqual(300);
  expect(total).toBeLessThanOrEqual(401);
  expect((await gqlOk(t, owner, '{ orders(first: 0) { totalCount } }')).orders.totalCount).toBe(total);
  const currencies = (key: string) => byChannel.filter((r) => r.key === key).map((r) => r.revenue.currency).sort();
  expect(currencies('taobao-sim')).toEqual(['CNY']);
  expect(currencies('tmall-sim')).toEqual(['CNY']);
  expect(currencies('aliexpress-sim')).toEqual(['USD']);
  expect(currencies('ebay-sim')).toEqual(['EUR', 'USD']);
  expect(currencies('amazon-sim')).toEqual(['CAD', 'USD']);

  const [{ first, last }] = await selectRows<{ first: Date; last: Date }>(t.em(), 'select min(placed_at) as first, max(placed_at) as last from sales_order');
  expect(new Date(first).getTime()).toBeGreaterThan(seededAt.from.getTime() - 91 * DAY);
  expect(new Date(first).getTime()).toBeLessThan(seededAt.from.getTime() - 80 * DAY);
  expect(new Date(last).getTime()).toBeLessThanOrEqual(seededAt.to.getTime());
  // Taken in a day at a time: our order numbers follow the calendar.
  const days = await selectRows<{ day: string }>(t.em(), `select to_char(placed_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as day from sales_order where channel_id is not null order by number`);
  expect(days.map((d) => d.day)).toEqual(days.map((d) => d.day).sort());
});

it('given the demo then every stage of an order is there, in proportions a shop has', async () => {
  const rows = await stats('STATUS');
  const n = (status: string) => sum(rows.filter((r) => r.key === status));
  expect(n('PENDING_PAYMENT')).toBeGreaterThanOrEqual(2);
  expect(n('PAID')).toBeGreaterThanOrEqual(10);
  expect(n('PARTIALLY_SHIPPED')).toBeGreaterThanOrEqual(1);
  expect(n('SHIPPED')).toBeGreaterThanOrEqual(40);
  expect(n('DELIVERED')).toBeGreaterThanOrEqual(5);
  expect(n('COMPLETED')).toBeGreaterThanOrEqual(120);
  expect(n('CANCELLED')).toBeGreaterThanOrEqual(25);
  expect(n('CANCELLED')).toBeLessThanOrEqual(80);
  expect(n('REFUNDED')).toBeGreaterThanOrEqual(7);
  expect(n('REFUNDED')).toBeLessThanOrEqual(12);
});

it('given the demo then some paid orders are held, each for a reason the product has, and none of them shipped', async () => {
  const r = await gqlOk(t, owner, '{ orders(filter: { onHold: true }, first: 50) { totalCount nodes { number status channelKey holdReasons shipments { id } lines { sku mapped } } } }');
  expect(r.orders.totalCount).toBe(9);
  const reasons = r.orders.nodes.flatMap((o: { holdReasons: string[] }) => o.holdReasons).sort();
  expect(reasons).toEqual(['ADDRESS_INCOMPLETE', 'ADDRESS_INCOMPLETE', 'CANCEL_REQUESTED', 'CANCEL_REQUESTED', 'INSUFFICIENT_STOCK', 'INSUFFICIENT_STOCK', 'MANUAL', 'UNMAPPED_SKU', 'UNMAPPED_SKU']);
  for (const o of r.orders.nodes) expect(o).toMatchObject({ status: 'PAID', shipments: [] });
  for (const o of r.orders.nodes.filter((x: { holdReasons: string[] }) => x.holdReasons.includes('UNMAPPED_SKU'))) {
    expect(o.lines.some((l: { mapped: boolean }) => !l.mapped)).toBe(true);
  }
  // Short of stock: nothing reserved for them; every other paid order holds its stock.
  const paid = await selectRows<{ number: string; reserved: boolean; short: boolean; unmapped: boolean }>(
    t.em(),
    `select o.number, exists (select 1 from reservation r where r.id = o.reservation_id and r.status = 'ACTIVE') as reserved,
            exists (select 1 from order_hold h where h.order_id = o.id and h.released_at is null and h.reason = 'INSUFFICIENT_STOCK') as short,
            exists (select 1 from order_hold h where h.order_id = o.id and h.released_at is null and h.reason = 'UNMAPPED_SKU') as unmapped
       from sales_order o where o.status = 'PAID'`,
  );
  expect(paid.filter((o) => o.short || o.unmapped).length).toBe(4);
  for (const o of paid) expect(o.reserved).toBe(!(o.short || o.unmapped));
});

it('given the demo then shipped orders left in parcels with carriers and tracking numbers, from both warehouses, and their stock left with them', async () => {
  const r = await gqlOk(t, owner, '{ orders(filter: { status: [COMPLETED] }, first: 20) { nodes { number placedAt lines { quantity quantityShipped } shipments { carrier trackingNumber warehouseCode shippedAt source lines { quantity } } } } }');
  for (const o of r.orders.nodes) {
    expect(o.shipments.length).toBeGreaterThan(0);
    const units = o.lines.reduce((n: number, l: { quantity: number }) => n + l.quantity, 0);
    expect(o.lines.every((l: { quantity: number; quantityShipped: number }) => l.quantityShipped === l.quantity)).toBe(true);
    expect(o.shipments.flatMap((s: { lines: { quantity: number }[] }) => s.lines).reduce((n: number, l: { quantity: number }) => n + l.quantity, 0)).toBe(units);
    for (const s of o.shipments) {
      expect(s).toMatchObject({ source: 'MARKETPLACE', carrier: expect.stringMatching(/\S/), trackingNumber: expect.stringMatching(/^[A-Z0-9]{10,}$/) });
      // Shipped when the marketplace says, after the order was placed and before the seed.
      expect(new Date(s.shippedAt).getTime()).toBeGreaterThan(new Date(o.placedAt).getTime());
      expect(new Date(s.shippedAt).getTime()).toBeLessThan(seededAt.to.getTime());
    }
  }
  // Every order the marketplace says shipped has all its units in shipments; partly shipped ones some.
  const shipped = await selectRows<{ status: string; units: number; in_parcels: number }>(
    t.em(),
    `select o.status, (select sum(quantity) from order_line where order_id = o.id)::int as units,
            coalesce((select sum(sl.quantity) from shipment s join shipment_line sl on sl.shipment_id = s.id where s.order_id = o.id), 0)::int as in_parcels
       from sales_order o where o.status in ('PARTIALLY_SHIPPED', 'SHIPPED', 'DELIVERED', 'COMPLETED')`,
  );
  expect(shipped.length).toBeGreaterThan(150);
  for (const o of shipped) {
    if (o.status === 'PARTIALLY_SHIPPED') expect(o.in_parcels).toBeLessThan(o.units);
    else expect(o.in_parcels).toBe(o.units);
  }
  const from = await selectRows<{ code: string }>(t.em(), 'select distinct w.code from shipment s join warehouse w on w.id = s.warehouse_id order by 1');
  expect(from.map((w) => w.code)).toEqual([DEMO_WAREHOUSE.code, DEMO_SECOND_WAREHOUSE.code]);
  const moves = await gqlOk(t, owner, '{ stockMovements(filter: { type: SHIPMENT }, first: 1) { totalCount nodes { referenceType referenceId quantity } } }');
  expect(moves.stockMovements.totalCount).toBeGreaterThan(150);
  expect(moves.stockMovements.nodes[0]).toMatchObject({ referenceType: 'ORDER', referenceId: expect.stringMatching(/^SO-/), quantity: expect.any(Number) });
  expect(moves.stockMovements.nodes[0].quantity).toBeLessThan(0);
});

it('given the demo then the books agree: no stock discrepancies, both warehouses stocked, reserved stock is what paid orders hold', async () => {
  const r = await gqlOk(t, owner, `{ stockDiscrepancies { sku warehouseCode } warehouses { code } hz: stockLevels(filter: { warehouseCode: "${DEMO_WAREHOUSE.code}" }, first: 0) { totalCount } sh: stockLevels(filter: { warehouseCode: "${DEMO_SECOND_WAREHOUSE.code}" }, first: 0) { totalCount } }`);
  expect(r.stockDiscrepancies).toEqual([]);
  expect(r.warehouses.map((w: { code: string }) => w.code)).toEqual([DEMO_WAREHOUSE.code, DEMO_SECOND_WAREHOUSE.code]);
  expect(r.hz.totalCount).toBeGreaterThan(600);
  expect(r.sh.totalCount).toBeGreaterThan(200);
  // Each active reservation is a paid order's that has not shipped in full; consumed ones are shipped orders'.
  const held = await selectRows<{ status: string; n: number }>(
    t.em(),
    `select o.status, count(*)::int as n from reservation r join sales_order o on o.reservation_id = r.id where r.status = 'ACTIVE' group by 1 order by 1`,
  );
  expect(held.map((h) => h.status).every((s) => s === 'PAID' || s === 'PARTIALLY_SHIPPED')).toBe(true);
  const [{ active }] = await selectRows<{ active: number }>(t.em(), `select count(*)::int as active from reservation where status = 'ACTIVE'`);
  expect(sum(held.map((h) => ({ orders: h.n })))).toBe(active);
  const [{ units }] = await selectRows<{ units: number }>(t.em(), 'select coalesce(sum(reserved), 0)::int as units from stock_level');
  expect(units).toBeGreaterThan(0);
});

it('given the demo then after-sales has returns refunded, waiting, rejected and an exchange, through our returns with their lines', async () => {
  const r = await gqlOk(t, owner, '{ returns(first: 50) { totalCount nodes { number type status reason refundedAmount { amount } lines { sku quantity } order { status totals { total { amount } } } replacementOrder { status channelKey } } } }');
  expect(r.returns.totalCount).toBe(20);
  const kinds: Record<string, number> = {};
  for (const x of r.returns.nodes) kinds[`${x.type} ${x.status}`] = (kinds[`${x.type} ${x.status}`] ?? 0) + 1;
  expect(kinds).toEqual({
    'EXCHANGE CLOSED': 1,
    'REFUND_ONLY REFUNDED': 3,
    'RETURN_AND_REFUND REFUNDED': 10,
    'RETURN_AND_REFUND REQUESTED': 3,
    'RETURN_AND_REFUND APPROVED': 2,
    'RETURN_AND_REFUND REJECTED': 1,
  });
  for (const x of r.returns.nodes) expect(x.lines.length).toBeGreaterThan(0);
  // Refunded in full: the order is REFUNDED.
  const full = r.returns.nodes.filter((x: Record<string, any>) => x.status === 'REFUNDED' && x.refundedAmount.amount === x.order.totals.total.amount);
  expect(full.length).toBeGreaterThanOrEqual(7);
  for (const x of full) expect(x.order.status).toBe('REFUNDED');
  const exchange = r.returns.nodes.find((x: { type: string }) => x.type === 'EXCHANGE');
  expect(exchange.replacementOrder).toEqual({ status: 'PAID', channelKey: null });
  // The goods that came back are in the ledger as RETURN movements.
  expect((await gqlOk(t, owner, '{ stockMovements(filter: { type: RETURN }, first: 0) { totalCount } }')).stockMovements.totalCount).toBeGreaterThan(10);
});

it('given the demo then orderStats by day shows the sales of the 90 days, and in the base currency they are the orders\' base totals', async () => {
  const days = await stats('DAY');
  expect(new Set(days.map((d) => d.key)).size).toBeGreaterThan(70);
  const orders: { placedAt: string; status: string; currency: string; totals: { total: { amount: string } }; baseTotals: { total: { amount: string; currency: string } } }[] = [];
  let after: string | null = null;
  for (;;) {
    const page: Record<string, any> = (await gqlOk(t, owner, 'query($a: String) { orders(first: 250, after: $a) { pageInfo { hasNextPage endCursor } nodes { placedAt status currency totals { total { amount } } baseTotals { total { amount currency } } } } }', { a: after })).orders;
    orders.push(...page.nodes);
    if (!page.pageInfo.hasNextPage) break;
    after = page.pageInfo.endCursor;
  }
  expect(sum(days)).toBe(orders.length);
  // Each day and currency: the orders placed that day (Asia/Shanghai) and what the ones not cancelled came to.
  const day = (at: string) => new Date(new Date(at).getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
  const expected = new Map<string, { orders: number; cents: number }>();
  for (const o of orders) {
    const k = `${day(o.placedAt)} ${o.currency}`;
    const e = expected.get(k) ?? { orders: 0, cents: 0 };
    e.orders++;
    if (o.status !== 'CANCELLED') e.cents += cents(o.totals.total.amount);
    expected.set(k, e);
  }
  expect(new Map(days.map((d) => [`${d.key} ${d.revenue.currency}`, { orders: d.orders, cents: cents(d.revenue.amount) }]))).toEqual(expected);

  // In CNY at finance's demo rates: the day's revenue in each currency ÷ its rate is what its orders' base totals add up to (to a fen an order).
  const rates = new Map<string, number>([['CNY', 1]]);
  for (const x of (await gqlOk(t, owner, '{ exchangeRates(first: 20) { nodes { base quote rate } } }')).exchangeRates.nodes) if (x.base === 'CNY') rates.set(x.quote, Number(x.rate));
  const base = new Map<string, { cents: number; orders: number }>();
  for (const o of orders) {
    expect(o.baseTotals.total.currency).toBe('CNY');
    const b = base.get(day(o.placedAt)) ?? { cents: 0, orders: 0 };
    if (o.status !== 'CANCELLED') (b.cents += cents(o.baseTotals.total.amount)), b.orders++;
    base.set(day(o.placedAt), b);
  }
  const converted = new Map<string, number>();
  for (const d of days) converted.set(d.key!, (converted.get(d.key!) ?? 0) + cents(d.revenue.amount) / rates.get(d.revenue.currency)!);
  expect([...converted.keys()].sort()).toEqual([...base.keys()].sort());
  for (const [k, c] of converted) expect(Math.abs(c - base.get(k)!.cents)).toBeLessThanOrEqual(base.get(k)!.orders);
  expect([...base.values()].reduce((a, b) => a + b.cents, 0)).toBeGreaterThan(100_000_00);
});

it('given the demo data when a later start runs the simulators then they take the demo channels over, and a start after that without them pauses them again', async () => {
  const before = (await gqlOk(t, owner, '{ orders(first: 0) { totalCount } }')).orders.totalCount;
  const sims = await startTestApp({ DEMO_DATA: 'true', SIMULATORS: 'true', SIMULATOR_PORT: '0' }, t);
  try {
    const { channels } = await gqlOk(t, owner, '{ channels { key name status lastError baseUrl settings { name value } } }');
    const byKey = new Map((channels as Record<string, any>[]).map((c) => [c.key, c]));
    for (const key of DEMO_ORDER_CHANNELS) {
      expect(byKey.get(key)).toMatchObject({ status: 'ACTIVE', lastError: null, baseUrl: sims.app.simulators!.channels.find((c) => c.key === key)!.baseUrl });
    }
    expect(byKey.get('taobao-sim')!.name).toBe('淘宝模拟店');
    // The seller account's business policies, read from the fresh simulator: the demo channel had no settings of its own.
    expect(byKey.get('ebay-sim')!.settings).toEqual(expect.arrayContaining([{ name: 'fulfillmentPolicyId', value: '6196932000' }, { name: 'condition', value: 'NEW' }]));
    expect((await gqlOk(t, owner, '{ orders(first: 0) { totalCount } }')).orders.totalCount).toBe(before);
  } finally {
    await sims.stop();
  }
  const plain = await startTestApp({ DEMO_DATA: 'true' }, t);
  try {
    const { channels } = await gqlOk(t, owner, '{ channels { key status lastError } }');
    for (const c of channels) expect(c).toMatchObject({ status: 'PAUSED', lastError: expect.stringContaining('SIMULATORS=1') });
  } finally {
    await plain.stop();
  }
});
