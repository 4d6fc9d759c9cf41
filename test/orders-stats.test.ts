import { startTestApp, TestApp } from './support/test-app';

let t: TestApp;
let owner: string;
const INTAKE = 'mutation($i: ChannelOrderInput!) { recordChannelOrder(input: $i) { outcome userErrors { code message } } }';
const STATS = 'query($f: DateTime!, $t: DateTime!, $g: OrderStatsGroupBy!) { orderStats(from: $f, to: $t, groupBy: $g) { key orders units revenue { amount currency } } }';
const FROM = '2031-03-01T00:00:00Z';
const TO = '2031-03-05T00:00:00Z';

const order = (channelKey: string, externalId: string, status: string, placedAt: string, currency: string, quantity: number, unitPrice: string) => ({
  channelKey, externalId, status, placedAt, currency, modifiedAt: placedAt, buyerId: 'stats-buyer',
  lines: [{ sku: 'STAT-1', quantity, unitPrice, externalLineId: '1' }],
});

beforeAll(async () => {
  t = await startTestApp();
  owner = await t.ownerToken();
  await t.gql('mutation { createWarehouse(input: { code: "ST", name: "统计仓", kind: OWN, country: "CN" }) { userErrors { code } } }', {}, owner);
  const p = await t.gql(
    'mutation($i: CreateProductInput!) { createProduct(input: $i) { userErrors { code } } }',
    { i: { title: '统计测试', options: [{ name: '尺码', values: ['F'] }], variants: [{ sku: 'STAT-1', optionValues: ['F'], price: '100.00' }] } },
    owner,
  );
  expect(p.data!.createProduct.userErrors).toEqual([]);
  await t.gql('mutation { adjustStock(input: { sku: "STAT-1", warehouseCode: "ST", delta: 100, reason: "opening" }) { userErrors { code } } }', {}, owner);
  const orders = [
    order('tmall-stats', 'S-A', 'PAID', FROM, 'CNY', 2, '100.00'), // the first instant of the range counts
    order('tmall-stats', 'S-B', 'CANCELLED', '2031-03-01T16:30:00Z', 'CNY', 1, '50.00'), // 00:30 on 2 March in Shanghai
    order('ebay-stats', 'S-C', 'PAID', '2031-03-01T15:30:00Z', 'USD', 3, '10.00'), // 23:30 on 1 March in Shanghai
    order('tmall-stats', 'S-D', 'PAID', TO, 'CNY', 9, '100.00'), // the range is half-open: not counted
  ];
  for (const i of orders) {
    const r = await t.gql(INTAKE, { i }, owner);
    expect(r.data!.recordChannelOrder).toEqual({ outcome: 'CREATED', userErrors: [] });
  }
});
afterAll(() => t.stop());

const stats = async (g: string, token = owner) => t.gql(STATS, { f: FROM, t: TO, g }, token);

describe('orderStats', () => {
  it('groups by status, with cancelled orders in their own row and revenue per currency', async () => {
    const r = await stats('STATUS');
    expect(r.errors).toBeUndefined();
    expect(r.data!.orderStats).toEqual([
      { key: 'CANCELLED', orders: 1, units: 1, revenue: { amount: '50.00', currency: 'CNY' } },
      { key: 'PAID', orders: 1, units: 2, revenue: { amount: '200.00', currency: 'CNY' } },
      { key: 'PAID', orders: 1, units: 3, revenue: { amount: '30.00', currency: 'USD' } },
    ]);
  });

  it('groups by channel, leaving cancelled orders out of revenue', async () => {
    expect((await stats('CHANNEL')).data!.orderStats).toEqual([
      { key: 'ebay-stats', orders: 1, units: 3, revenue: { amount: '30.00', currency: 'USD' } },
      { key: 'tmall-stats', orders: 2, units: 3, revenue: { amount: '200.00', currency: 'CNY' } },
    ]);
  });

  it('groups by the calendar day in Asia/Shanghai', async () => {
    expect((await stats('DAY')).data!.orderStats).toEqual([
      { key: '2031-03-01', orders: 1, units: 2, revenue: { amount: '200.00', currency: 'CNY' } },
      { key: '2031-03-01', orders: 1, units: 3, revenue: { amount: '30.00', currency: 'USD' } },
      { key: '2031-03-02', orders: 1, units: 1, revenue: { amount: '0.00', currency: 'CNY' } },
    ]);
  });

  it('is open to report readers and order readers only, and refuses an empty range', async () => {
    const planner = await stats('STATUS', await t.staffToken(['product_planner'], { departmentKey: 'product_planning' }));
    expect(planner.data!.orderStats).toHaveLength(3);
    const designer = await stats('STATUS', await t.staffToken(['designer'], { departmentKey: 'design' }));
    expect(designer.errors![0].extensions!.code).toBe('FORBIDDEN');
    const empty = await t.gql(STATS, { f: TO, t: FROM, g: 'DAY' }, owner);
    expect(empty.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
  });
});
