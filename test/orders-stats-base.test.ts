import { startTestApp, TestApp } from './support/test-app';

/**
 * orderStats for the console's sales charts: one channel at a time (channelKey) and revenue in
 * the base currency at each order's own rate (baseRevenue), with the orders still waiting for a
 * rate counted instead of guessed.
 */

let t: TestApp;
let owner: string;
const INTAKE = 'mutation($i: ChannelOrderInput!) { recordChannelOrder(input: $i) { outcome userErrors { code message } } }';
const STATS = `query($f: DateTime!, $t: DateTime!, $g: OrderStatsGroupBy!, $c: String) {
  orderStats(from: $f, to: $t, groupBy: $g, channelKey: $c) { key orders revenue { amount currency } baseRevenue { amount currency } ordersWithoutBaseRate } }`;
const FROM = '2031-05-01T00:00:00Z';
const TO = '2031-05-04T00:00:00Z';

const order = (channelKey: string, externalId: string, status: string, placedAt: string, currency: string, unitPrice: string) => ({
  channelKey, externalId, status, placedAt, currency, modifiedAt: placedAt, buyerId: 'base-buyer',
  lines: [{ sku: 'BASE-1', quantity: 1, unitPrice, externalLineId: '1' }],
});

beforeAll(async () => {
  t = await startTestApp();
  owner = await t.ownerToken();
  const p = await t.gql(
    'mutation($i: CreateProductInput!) { createProduct(input: $i) { userErrors { code } } }',
    { i: { title: '基础货币', options: [{ name: '尺码', values: ['F'] }], variants: [{ sku: 'BASE-1', optionValues: ['F'], price: '100.00' }] } },
    owner,
  );
  expect(p.data!.createProduct.userErrors).toEqual([]);
  // 1 CNY buys 0.14 USD from the first of May: 10.00 USD is 71.43 CNY (71.428571… rounded).
  const rate = await t.gql('mutation { setExchangeRate(input: { quote: "USD", rate: "0.14", effectiveAt: "2031-05-01T00:00:00Z" }) { userErrors { code } } }', {}, owner);
  expect(rate.data!.setExchangeRate.userErrors).toEqual([]);
  const orders = [
    order('ae-base', 'B-1', 'PAID', '2031-05-01T02:00:00Z', 'USD', '10.00'),
    order('ae-base', 'B-2', 'PAID', '2031-05-01T03:00:00Z', 'USD', '10.00'),
    order('ae-base', 'B-3', 'CANCELLED', '2031-05-01T04:00:00Z', 'USD', '99.00'),
    order('ae-base', 'B-4', 'PAID', '2031-05-02T04:00:00Z', 'EUR', '5.00'), // no EUR rate: waits
    order('tb-base', 'B-5', 'PAID', '2031-05-01T05:00:00Z', 'CNY', '300.00'),
  ];
  for (const i of orders) {
    const r = await t.gql(INTAKE, { i }, owner);
    expect(r.data!.recordChannelOrder).toEqual({ outcome: 'CREATED', userErrors: [] });
  }
});
afterAll(() => t.stop());

const stats = async (g: string, c: string | null, token = owner) => t.gql(STATS, { f: FROM, t: TO, g, c }, token);

describe('orderStats per channel in the base currency', () => {
  it("given one channel's key when grouped by day then only its orders count, with revenue in the base currency at each order's rate", async () => {
    const r = await stats('DAY', 'ae-base');
    expect(r.errors).toBeUndefined();
    expect(r.data!.orderStats).toEqual([
      // Two orders of 10.00 USD at 0.14 are 71.43 CNY each, rounded per order as Order.baseTotals; the cancelled one adds nothing.
      { key: '2031-05-01', orders: 3, revenue: { amount: '20.00', currency: 'USD' }, baseRevenue: { amount: '142.86', currency: 'CNY' }, ordersWithoutBaseRate: 0 },
      { key: '2031-05-02', orders: 1, revenue: { amount: '5.00', currency: 'EUR' }, baseRevenue: { amount: '0.00', currency: 'CNY' }, ordersWithoutBaseRate: 1 },
    ]);
  });

  it('given no channel when grouped by channel then every channel counts, base revenue per row', async () => {
    const rows = (await stats('CHANNEL', null)).data!.orderStats;
    expect(rows.map((r: { key: string; baseRevenue: { amount: string } }) => [r.key, r.baseRevenue.amount])).toEqual([
      ['ae-base', '0.00'], // EUR row
      ['ae-base', '142.86'], // USD row
      ['tb-base', '300.00'],
    ]);
  });

  it('given a channel the caller does not reach then nothing counts, and revenue stays hidden without reports.finance', async () => {
    const limited = await t.staffToken(['overseas_sales'], { departmentKey: 'overseas', channelIds: ['ae-base'] });
    expect((await stats('DAY', 'tb-base', limited)).data!.orderStats).toEqual([]);
    const own = (await stats('DAY', 'ae-base', limited)).data!.orderStats;
    expect(own.map((r: { orders: number; baseRevenue: unknown }) => [r.orders, r.baseRevenue])).toEqual([[3, null], [1, null]]);
  });
});
