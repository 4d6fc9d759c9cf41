import { generateDemoCatalog } from './demo-catalog';
import { DEMO_ORDER_CHANNELS, DEMO_ORDER_COUNT, DEMO_ORDER_DAYS, DEMO_SALE_DAYS_AGO, DemoOrder, finalStatus, planDemoOrders } from './demo-order-plan';
import { demoOpeningStock, demoSecondStock } from './demo-stock';

/** The demo's order history as planned (no database): what demo-orders.ts hands the intake. */

const rows = generateDemoCatalog();
const NOW = new Date('2026-12-04T13:30:00Z');
const plan = planDemoOrders(rows, NOW);
const cents = (v: string) => Math.round(Number(v) * 100);
const count = <K extends string>(items: DemoOrder[], key: (o: DemoOrder) => K) => items.reduce<Record<string, number>>((m, o) => ((m[key(o)] = (m[key(o)] ?? 0) + 1), m), {});

it('given the same time then the same orders; given another time then the same orders (ids, channels, lines) at other dates', () => {
  expect(planDemoOrders(rows, NOW)).toEqual(plan);
  const later = planDemoOrders(rows, new Date(NOW.getTime() + 3 * 86_400_000 + 7 * 3_600_000));
  expect(later.map((o) => [o.channelKey, o.externalId, o.lines.length]).sort()).toEqual(plan.map((o) => [o.channelKey, o.externalId, o.lines.length]).sort());
  expect(later.map((o) => o.placedAt.getTime())).not.toEqual(plan.map((o) => o.placedAt.getTime()));
});

it('spreads a few hundred orders over the last 90 days, never in the future, busiest at home on the sale day', () => {
  expect(plan).toHaveLength(DEMO_ORDER_COUNT);
  const ages = plan.map((o) => (NOW.getTime() - o.placedAt.getTime()) / 86_400_000);
  expect(Math.min(...ages)).toBeGreaterThan(0);
  expect(Math.max(...ages)).toBeLessThan(DEMO_ORDER_DAYS + 1);
  // By Shanghai calendar day: most days have orders, and at home the sale day has several usual days' worth.
  const day = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
  expect(Object.keys(count(plan, (o) => day(o.placedAt))).length).toBeGreaterThan(70);
  const home = count(plan.filter((o) => o.market.domestic), (o) => day(o.placedAt));
  const sale = day(new Date(NOW.getTime() - DEMO_SALE_DAYS_AGO * 86_400_000));
  const sorted = Object.values(home).sort((a, b) => a - b);
  expect(home[sale]).toBeGreaterThanOrEqual(3 * sorted[Math.floor(sorted.length / 2)]);
  // Chinese buyers shop in the daytime and evening (Shanghai time), hardly before dawn.
  const hours = plan.filter((o) => o.market.domestic).map((o) => new Date(o.placedAt.getTime() + 8 * 3_600_000).getUTCHours());
  expect(hours.filter((h) => h >= 2 && h < 6).length).toBeLessThan(hours.length * 0.05);
});

it('sells on the five demo channels: CNY at home, USD on AliExpress, USD and EUR on eBay, USD and CAD on Amazon', () => {
  const channels = count(plan, (o) => o.channelKey);
  expect(Object.keys(channels).sort()).toEqual([...DEMO_ORDER_CHANNELS].sort());
  for (const n of Object.values(channels)) expect(n).toBeGreaterThanOrEqual(25);
  const currencies = (key: string) => [...new Set(plan.filter((o) => o.channelKey === key).map((o) => o.market.currency))].sort();
  expect(currencies('taobao-sim')).toEqual(['CNY']);
  expect(currencies('tmall-sim')).toEqual(['CNY']);
  expect(currencies('aliexpress-sim')).toEqual(['USD']);
  expect(currencies('ebay-sim')).toEqual(['EUR', 'USD']);
  expect(currencies('amazon-sim')).toEqual(['CAD', 'USD']);
  // Marketplace ids apart from the simulators' sample orders (4138573824700000001…, 9012345678901200…, 12-0000…, 113-4…/702-4…).
  expect(new Set(plan.map((o) => `${o.channelKey} ${o.externalId}`)).size).toBe(plan.length);
  for (const o of plan) expect(o.externalId).not.toMatch(/^(41385738247|90123456789012|12-0000|113-4|702-4)/);
});

it("adds up: each order's total is what its lines were paid plus shipping, its discount the lines' shares", () => {
  for (const o of plan) {
    expect(cents(o.total)).toBe(o.lines.reduce((n, l) => n + cents(l.paid), 0) + cents(o.shipping));
    expect(cents(o.discount)).toBe(o.lines.reduce((n, l) => n + cents(l.orderDiscount), 0));
    for (const l of o.lines) expect(cents(l.paid)).toBe(l.quantity * cents(l.unitPrice) - cents(l.orderDiscount));
    // Abroad at the demo rule's prices (ending in .99).
    if (!o.market.domestic) for (const l of o.lines) expect(l.unitPrice).toMatch(/\.99$/);
  }
});

it('has every stage at any hour of the week, shipped orders with a parcel for each line', () => {
  for (let h = 0; h < 7 * 24; h += 11) {
    const at = new Date(NOW.getTime() + h * 3_600_000);
    const statuses = new Set(planDemoOrders(rows, at).map(finalStatus));
    expect([...statuses].sort()).toEqual(['CANCELLED', 'COMPLETED', 'DELIVERED', 'PAID', 'PARTIALLY_SHIPPED', 'PENDING_PAYMENT', 'SHIPPED']);
  }
  for (const o of plan) {
    const s = finalStatus(o);
    const shippedLines = new Set(o.parcels.flatMap((p) => p.lines));
    if (['SHIPPED', 'DELIVERED', 'COMPLETED'].includes(s)) expect(shippedLines.size).toBe(o.lines.length);
    if (s === 'PARTIALLY_SHIPPED') expect(shippedLines.size).toBeLessThan(o.lines.length);
    if (['PAID', 'PENDING_PAYMENT', 'CANCELLED'].includes(s)) expect(o.parcels).toEqual([]);
    for (const p of o.parcels) {
      expect(p.trackingNumber).toMatch(/^[A-Z0-9]{10,30}$/);
      expect(p.shippedAt.getTime()).toBeLessThanOrEqual(NOW.getTime());
      expect(p.shippedAt.getTime()).toBeGreaterThan(o.paidAt!.getTime());
    }
  }
});

it('holds nine paid orders, for the reasons the product has, and short ones beyond what the warehouses hold', () => {
  const held = plan.filter((o) => o.hold || o.intakeHold);
  expect(held.every((o) => finalStatus(o) === 'PAID' && o.parcels.length === 0)).toBe(true);
  expect(count(held, (o) => o.hold?.reason ?? o.intakeHold!)).toEqual({ UNMAPPED_SKU: 2, INSUFFICIENT_STOCK: 2, ADDRESS_INCOMPLETE: 2, CANCEL_REQUESTED: 2, MANUAL: 1 });
  const skus = new Set(rows.variants.map((v) => v.sku));
  for (const o of held.filter((x) => x.intakeHold === 'UNMAPPED_SKU')) expect(skus.has(o.lines[0].sku)).toBe(false);
  const stock = new Map<string, number>();
  for (const s of [...demoOpeningStock(rows), ...demoSecondStock(rows)]) stock.set(s.sku, (stock.get(s.sku) ?? 0) + s.quantity);
  // Short ones: a wholesale-size quantity of one of the scarcest SKUs (the intake finds it short: test/demo-orders.test.ts).
  const scarcest = Math.min(...[...stock.values()]);
  for (const o of held.filter((x) => x.intakeHold === 'INSUFFICIENT_STOCK')) {
    expect(o.lines).toHaveLength(1);
    expect(o.lines[0].quantity).toBeGreaterThan(2);
    expect(stock.get(o.lines[0].sku)!).toBeLessThanOrEqual(scarcest + 2);
  }
});

it('has after-sales on orders the buyers have: refunds, open returns, a rejection, an exchange, a refund before shipping', () => {
  const returned = plan.filter((o) => o.return);
  expect(count(returned, (o) => `${o.return!.type} ${o.return!.outcome}`)).toEqual({
    'EXCHANGE EXCHANGED': 1,
    'RETURN_AND_REFUND REFUNDED': 10,
    'REFUND_ONLY REFUNDED': 3,
    'RETURN_AND_REFUND REQUESTED': 3,
    'RETURN_AND_REFUND APPROVED': 2,
    'RETURN_AND_REFUND REJECTED': 1,
  });
  for (const o of returned) {
    const before = o.return!.type === 'REFUND_ONLY' && finalStatus(o) === 'PAID';
    if (!before) expect(['SHIPPED', 'DELIVERED', 'COMPLETED']).toContain(finalStatus(o));
    if (o.return!.amount) expect(cents(o.return!.amount)).toBeLessThanOrEqual(cents(o.total));
  }
});
