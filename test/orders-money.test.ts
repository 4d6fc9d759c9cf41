import { startTaobaoSimulator } from '../connectors/taobao/simulator';
import { SimControl } from '../connectors/sdk/testkit/sim-control';
import { ChannelRef, createTaobaoChannel, gqlOk } from './support/sync-fixtures';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Marketplace orders as the marketplace states their money: the total is what the buyer paid,
 * to the cent; each line carries what was paid for it and its share of the order's discount;
 * a line's refund shows on the line while the order keeps its status. And `channelId` means the
 * Channel's global id in the orders API, the key being `channelKey`.
 */

let t: TestApp;
let owner: string;
let sim: Awaited<ReturnType<typeof startTaobaoSimulator>>;
let channel: ChannelRef;

const q = (query: string, vars: Record<string, unknown> = {}) => gqlOk(t, owner, query, vars);

beforeAll(async () => {
  t = await startTestApp();
  owner = await t.ownerToken();
  await q('mutation { createWarehouse(input: { code: "MNY", name: "杭州仓", kind: OWN, country: "CN" }) { userErrors { code } } }');
  const r = await q('mutation($i: CreateProductInput!) { createProduct(input: $i) { userErrors { code } } }', {
    i: { title: '金额测试T恤', options: [{ name: '颜色', values: ['红', '蓝'] }], variants: [{ sku: 'MNY-RED', optionValues: ['红'], price: '89.00' }, { sku: 'MNY-BLUE', optionValues: ['蓝'], price: '89.00' }] },
  });
  expect(r.createProduct.userErrors).toEqual([]);
  for (const sku of ['MNY-RED', 'MNY-BLUE']) await q('mutation($s: String!) { adjustStock(input: { sku: $s, warehouseCode: "MNY", delta: 50, reason: "opening" }) { userErrors { code } } }', { s: sku });
  sim = await startTaobaoSimulator();
  channel = await createTaobaoChannel(t, owner, { name: '金额测试店', baseUrl: sim.baseUrl, credentials: await new SimControl(sim.controlUrl).credentials(), warehouse: 'MNY' });
});
afterAll(async () => {
  await sim?.stop();
  await t?.stop();
});

const ORDER = `id number status channelKey channelId channel { key }
  totals { subtotal { amount } shipping { amount } discount { amount } tax { amount } adjustment { amount } total { amount currency } }
  lines { sku quantity unitPrice { amount } discount { amount } orderDiscount { amount } paid { amount } refund { status marketplaceStatus quantity amount { amount } } }`;
const INTAKE = `mutation($i: ChannelOrderInput!) { recordChannelOrder(input: $i) { outcome order { ${ORDER} } userErrors { code field message } } }`;

let seq = 0;
/** 267.00 of goods (89.00 × 1 and 89.00 × 2) with a 10.00 shop coupon: the buyer paid 257.00. */
function couponOrder(extra: Record<string, unknown> = {}, lines?: Record<string, unknown>[]) {
  return {
    channelKey: channel.key,
    externalId: `MNY-${++seq}`,
    status: 'PAID',
    modifiedAt: '2026-12-01T10:00:00Z',
    currency: 'CNY',
    buyerId: 'money-buyer',
    shipping: '0.00',
    paidTotal: '257.00',
    lines: lines ?? [
      { sku: 'MNY-RED', quantity: 1, unitPrice: '89.00', discount: '0.00', orderDiscount: '3.33', paid: '85.67', externalLineId: `L${seq}-1` },
      { sku: 'MNY-BLUE', quantity: 2, unitPrice: '89.00', discount: '0.00', orderDiscount: '6.67', paid: '171.33', externalLineId: `L${seq}-2` },
    ],
    ...extra,
  };
}

describe('marketplace order money', () => {
  it('given a 10.00 shop coupon on 267.00 of goods when recorded then the total is the 257.00 paid, the discount is visible on the order and each line carries what was paid for it', async () => {
    const r = (await q(INTAKE, { i: couponOrder() })).recordChannelOrder;
    expect(r.userErrors).toEqual([]);
    expect(r.order.totals).toEqual({
      subtotal: { amount: '267.00' },
      shipping: { amount: '0.00' },
      discount: { amount: '10.00' },
      tax: { amount: '0.00' },
      adjustment: { amount: '0.00' },
      total: { amount: '257.00', currency: 'CNY' },
    });
    expect(r.order.lines.map((l: any) => [l.sku, l.discount.amount, l.orderDiscount.amount, l.paid.amount])).toEqual([
      ['MNY-RED', '0.00', '3.33', '85.67'],
      ['MNY-BLUE', '0.00', '6.67', '171.33'],
    ]);
  });

  it('given a paid total without the discount spread over the lines then the order discount is what the total leaves over, and a paid total above the lines shows as an adjustment', async () => {
    const lines = [
      { sku: 'MNY-RED', quantity: 2, unitPrice: '129.00', discount: '10.00', externalLineId: 'X1' },
      { sku: 'MNY-BLUE', quantity: 1, unitPrice: '189.00', externalLineId: 'X2' },
    ];
    // payment 437.00 = 248.00 + 189.00 − 10.00 coupon + 10.00 postage (the trade-paid-multiline fixture's figures).
    const spread = (await q(INTAKE, { i: couponOrder({ shipping: '10.00', paidTotal: '437.00' }, lines) })).recordChannelOrder.order;
    expect(spread.totals).toMatchObject({ subtotal: { amount: '437.00' }, discount: { amount: '10.00' }, adjustment: { amount: '0.00' }, total: { amount: '437.00' } });
    // Without the marketplace's own figure for a line, what it was paid is its price less its discounts.
    expect(spread.lines.map((l: any) => l.paid.amount)).toEqual(['248.00', '189.00']);
    const up = (await q(INTAKE, { i: couponOrder({ shipping: '10.00', paidTotal: '460.00' }, lines) })).recordChannelOrder.order;
    expect(up.totals).toMatchObject({ discount: { amount: '0.00' }, adjustment: { amount: '13.00' }, total: { amount: '460.00' } });
  });

  it('given a bad paid amount or refund when recorded then it is refused with the field', async () => {
    const bad = (await q(INTAKE, { i: couponOrder({ paidTotal: '-1.00' }) })).recordChannelOrder;
    expect(bad.userErrors.map((e: any) => e.field)).toContainEqual(['paidTotal']);
    const lines = [{ sku: 'MNY-RED', quantity: 1, unitPrice: '89.00', externalLineId: 'R1', refund: { status: 'REFUNDED', marketplaceStatus: 'SUCCESS', quantity: 2 } }];
    const refund = (await q(INTAKE, { i: couponOrder({ paidTotal: '89.00' }, lines) })).recordChannelOrder;
    expect(refund.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_VALUE', field: ['lines', '0', 'refund', 'quantity'] })]);
  });
});

describe('amounts that change', () => {
  it('given a seller price change before payment then the order follows it; once paid, what was paid stays', async () => {
    const first = couponOrder({ status: 'PENDING_PAYMENT', paidTotal: '267.00' }, [
      { sku: 'MNY-RED', quantity: 1, unitPrice: '89.00', externalLineId: 'P1' },
      { sku: 'MNY-BLUE', quantity: 2, unitPrice: '89.00', externalLineId: 'P2' },
    ]);
    expect((await q(INTAKE, { i: first })).recordChannelOrder.order.totals.total.amount).toBe('267.00');
    // 改价: 7.00 off the second line before the buyer pays.
    const changedLines = [first.lines[0], { ...first.lines[1], discount: '7.00', paid: '171.00' }];
    const paid = (await q(INTAKE, { i: { ...first, status: 'PAID', modifiedAt: '2026-12-01T11:00:00Z', paidTotal: '260.00', lines: changedLines } })).recordChannelOrder.order;
    expect([paid.status, paid.totals.total.amount, paid.totals.subtotal.amount, paid.lines[1].discount.amount, paid.lines[1].paid.amount]).toEqual(['PAID', '260.00', '260.00', '7.00', '171.00']);
    const after = (await q(INTAKE, { i: { ...first, status: 'PAID', modifiedAt: '2026-12-01T12:00:00Z', paidTotal: '1.00', lines: changedLines } })).recordChannelOrder.order;
    expect(after.totals.total.amount).toBe('260.00');
  });
});

describe('line refunds', () => {
  it('given a shipped order when one line is refunded then the refund shows on that line and the order keeps its status', async () => {
    const first = couponOrder({ status: 'SHIPPED' });
    const created = (await q(INTAKE, { i: first })).recordChannelOrder;
    expect(created.order.lines.map((l: any) => l.refund)).toEqual([null, null]);
    const lines = (first.lines as Record<string, unknown>[]).map((l, k) => (k === 1 ? { ...l, refund: { status: 'REFUNDED', marketplaceStatus: 'SUCCESS', quantity: 2, amount: '171.33' } } : l));
    const later = (await q(INTAKE, { i: { ...first, modifiedAt: '2026-12-02T10:00:00Z', lines } })).recordChannelOrder;
    expect(later.outcome).toBe('UPDATED');
    expect(later.order.status).toBe('SHIPPED');
    expect(later.order.lines.map((l: any) => l.refund)).toEqual([null, { status: 'REFUNDED', marketplaceStatus: 'SUCCESS', quantity: 2, amount: { amount: '171.33' } }]);
    // The same delivery again changes nothing.
    expect((await q(INTAKE, { i: { ...first, modifiedAt: '2026-12-02T10:00:00Z', lines } })).recordChannelOrder.outcome).toBe('UNCHANGED');
  });
});

describe('channelId is the Channel global id, channelKey the key', () => {
  it('given an order named by the channel global id then it belongs to the channel key, and shows both', async () => {
    const r = (await q(INTAKE, { i: { ...couponOrder(), channelKey: undefined, channelId: channel.id } })).recordChannelOrder;
    expect(r.userErrors).toEqual([]);
    expect(r.order).toMatchObject({ channelKey: channel.key, channelId: channel.id, channel: { key: channel.key } });
  });

  it('given both, neither or an id of no channel then the order is refused with the field to fix', async () => {
    const both = (await q(INTAKE, { i: { ...couponOrder(), channelId: channel.id } })).recordChannelOrder;
    expect(both.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_VALUE', field: ['channelKey'] })]);
    const neither = (await q(INTAKE, { i: { ...couponOrder(), channelKey: undefined } })).recordChannelOrder;
    expect(neither.userErrors).toEqual([expect.objectContaining({ code: 'REQUIRED', field: ['channelId'] })]);
    const ghost = (await q(INTAKE, { i: { ...couponOrder(), channelKey: undefined, channelId: 'Q2hhbm5lbDowMDAwMDAwMC0wMDAwLTAwMDAtMDAwMC0wMDAwMDAwMDAwMDA=' } })).recordChannelOrder;
    expect(ghost.userErrors).toEqual([expect.objectContaining({ code: 'NOT_FOUND', field: ['channelId'] })]);
  });

  it('given an order filter by channelId (global id) or channelKey then both find the channel\'s orders; the key given as channelId finds none', async () => {
    const count = async (filter: Record<string, unknown>) => (await q('query($f: OrderFilter) { orders(first: 1, filter: $f) { totalCount } }', { f: filter })).orders.totalCount;
    const all = await count({ channelKey: channel.key });
    expect(all).toBeGreaterThan(0);
    expect(await count({ channelId: channel.id })).toBe(all);
    expect(await count({ channelId: channel.id, channelKey: channel.key })).toBe(all);
    expect(await count({ channelId: channel.key })).toBe(0);
    expect(await count({ channelKey: 'no-such-shop' })).toBe(0);
  });
});
