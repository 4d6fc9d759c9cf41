import { oidOf, tradeJson } from '../connectors/taobao/fixtures/trades';
import { createTaobaoChannel, seedCatalog, tidOf, useWorkerAndSimulator, waitFor } from './support/sync-fixtures';

/**
 * Money refunded once (issue 13, defects 3 and 4): every order line is refunded at most what it
 * was paid, counting our returns' refunds, a cancel's refund and the marketplace's refunds
 * (REFUND_EXCEEDS_PAID); a cancel refunds a paid order and closes the refund-only returns it
 * paid back (ALREADY_REFUNDED_BY_CANCEL); OrderLine.refundable shows what is left. Manual orders
 * over the API, and a Taobao channel on its simulator for the marketplace's side.
 */

jest.setTimeout(120_000);

const env = useWorkerAndSimulator();
const { q } = env;
let skus: string[];
beforeAll(async () => {
  skus = await seedCatalog(env.t, env.owner, { warehouse: 'RFI', prefix: 'RFI', count: 2, onHand: 50, price: '100.00' });
});

const LINE_FIELDS = 'id sku quantity refundable { quantity amount { amount currency } }';
const ORDER_FIELDS = `id status paymentStatus totals { total { amount } refunded { amount } } lines { ${LINE_FIELDS} }`;

type Line = { id: string; sku: string; quantity: number; refundable: { quantity: number; amount: { amount: string; currency: string } } };
type OrderView = { id: string; status: string; paymentStatus: string; totals: { total: { amount: string }; refunded: { amount: string } }; lines: Line[] };

let key = 0;
async function order(lines: { sku: string; quantity: number; unitPrice: string }[], extra: Record<string, unknown> = {}): Promise<OrderView> {
  const r = await q(`mutation($i: CreateOrderInput!) { createOrder(input: $i) { order { ${ORDER_FIELDS} } userErrors { code message } } }`, {
    i: { idempotencyKey: `RFI-${++key}`, currency: 'CNY', lines, ...extra },
  });
  expect(r.createOrder.userErrors).toEqual([]);
  return r.createOrder.order;
}

async function read(id: string): Promise<OrderView> {
  return (await q(`query($id: ID!) { order(id: $id) { ${ORDER_FIELDS} } }`, { id })).order;
}

/** Each line's refundable units and amount, in the order's line order. */
async function refundable(id: string): Promise<[number, string][]> {
  return (await read(id)).lines.map((l) => [l.refundable.quantity, l.refundable.amount.amount]);
}

async function ship(o: OrderView, units: { line: number; quantity: number }[]): Promise<void> {
  const r = await q(`mutation($i: CreateShipmentInput!) { createShipment(input: $i) { userErrors { code message } } }`, {
    i: { orderId: o.id, warehouseCode: 'RFI', carrier: 'SF', trackingNumber: `SF${o.id.slice(-8)}${++key}`, lines: units.map((u) => ({ orderLineId: o.lines[u.line].id, quantity: u.quantity })) },
  });
  expect(r.createShipment.userErrors).toEqual([]);
}

/** A return of `quantity` units of one line, taken as far as it can be refunded (approved; received for goods). */
async function refundableReturn(o: { id: string }, lineId: string, quantity: number, type: 'REFUND_ONLY' | 'RETURN_AND_REFUND', approve = true): Promise<string> {
  const made = await q(`mutation($i: CreateReturnInput!) { createReturn(input: $i) { return { id lines { id } } userErrors { code message } } }`, {
    i: { orderId: o.id, type, lines: [{ orderLineId: lineId, quantity }] },
  });
  expect(made.createReturn.userErrors).toEqual([]);
  const ret = made.createReturn.return;
  if (!approve) return ret.id;
  expect((await q(`mutation($id: ID!) { approveReturn(id: $id) { userErrors { code } } }`, { id: ret.id })).approveReturn.userErrors).toEqual([]);
  if (type === 'RETURN_AND_REFUND') {
    const got = await q(`mutation($i: ReceiveReturnInput!) { receiveReturn(input: $i) { return { status } userErrors { code } } }`, {
      i: { returnId: ret.id, lines: [{ returnLineId: ret.lines[0].id, quantity, condition: 'SELLABLE' }] },
    });
    expect(got.receiveReturn).toEqual({ return: { status: 'RECEIVED' }, userErrors: [] });
  }
  return ret.id;
}

async function refund(returnId: string, amount: string): Promise<{ status: string | null; codes: string[] }> {
  const r = await q(`mutation($i: RefundReturnInput!) { refundReturn(input: $i) { return { status } userErrors { code field } } }`, { i: { returnId, amount } });
  for (const e of r.refundReturn.userErrors) expect(e.field).toEqual(e.code === 'ALREADY_REFUNDED_BY_CANCEL' ? ['returnId'] : ['amount']);
  return { status: r.refundReturn.return?.status ?? null, codes: r.refundReturn.userErrors.map((e: { code: string }) => e.code) };
}

async function returnsOf(id: string): Promise<{ id: string; status: string; coveredByCancel: boolean; refundedAmount: { amount: string } }[]> {
  return (await q(`query($id: ID!) { order(id: $id) { returns { id status coveredByCancel refundedAmount { amount } } } }`, { id })).order.returns;
}

describe('a line is refunded at most what it was paid', () => {
  it('given a refund-only refund of a line when a return of the same unit is refunded then only what the line has left is paid back', async () => {
    const o = await order([{ sku: skus[0], quantity: 1, unitPrice: '100.00' }, { sku: skus[1], quantity: 1, unitPrice: '100.00' }]);
    await ship(o, [{ line: 0, quantity: 1 }, { line: 1, quantity: 1 }]);
    // The buyer keeps the unit and gets 60.00 back; then sends the same unit back.
    const kept = await refundableReturn(o, o.lines[0].id, 1, 'REFUND_ONLY');
    expect(await refund(kept, '60.00')).toEqual({ status: 'REFUNDED', codes: [] });
    const back = await refundableReturn(o, o.lines[0].id, 1, 'RETURN_AND_REFUND');
    // The order's total still has 140.00 left, but the line only 40.00.
    expect(await refund(back, '100.00')).toEqual({ status: null, codes: ['REFUND_EXCEEDS_PAID'] });
    expect(await refund(back, '40.01')).toEqual({ status: null, codes: ['REFUND_EXCEEDS_PAID'] });
    expect(await refund(back, '40.00')).toEqual({ status: 'REFUNDED', codes: [] });
    const after = await read(o.id);
    expect(after).toMatchObject({ status: 'SHIPPED', paymentStatus: 'PARTIALLY_REFUNDED', totals: { refunded: { amount: '100.00' } } });
    expect(await refundable(o.id)).toEqual([[0, '0.00'], [1, '100.00']]);
    // The other line is untouched: all of it may still be refunded; the order's total still caps.
    const other = await refundableReturn(o, o.lines[1].id, 1, 'REFUND_ONLY');
    expect(await refund(other, '100.01')).toEqual({ status: null, codes: ['REFUND_EXCEEDS_TOTAL'] });
    expect(await refund(other, '100.00')).toEqual({ status: 'REFUNDED', codes: [] });
    expect((await read(o.id)).status).toBe('REFUNDED');
  });

  it('given partial refunds that fit when each is refunded then each is accepted and the line shows what is left', async () => {
    const o = await order([{ sku: skus[0], quantity: 3, unitPrice: '100.00' }]);
    await ship(o, [{ line: 0, quantity: 3 }]);
    const first = await refundableReturn(o, o.lines[0].id, 1, 'REFUND_ONLY');
    expect(await refund(first, '30.00')).toEqual({ status: 'REFUNDED', codes: [] });
    expect(await refundable(o.id)).toEqual([[2, '270.00']]);
    const second = await refundableReturn(o, o.lines[0].id, 2, 'RETURN_AND_REFUND');
    expect(await refund(second, '200.00')).toEqual({ status: 'REFUNDED', codes: [] });
    expect(await refundable(o.id)).toEqual([[0, '70.00']]);
    expect((await read(o.id)).totals.refunded.amount).toBe('230.00');
  });
});

describe('OrderLine.refundable', () => {
  it('spreads the order discount over the lines, leaves shipping to the order, and shows nothing for an unpaid order', async () => {
    // 2 × 100 + 1 × 50, 25.00 off the order (20.00 and 5.00 by value), 10.00 shipping: 235.00.
    const o = await order([{ sku: skus[0], quantity: 2, unitPrice: '100.00' }, { sku: skus[1], quantity: 1, unitPrice: '50.00' }], { discount: '25.00', shipping: '10.00' });
    expect(o.totals.total.amount).toBe('235.00');
    expect(o.lines.map((l) => [l.refundable.quantity, l.refundable.amount])).toEqual([[2, { amount: '180.00', currency: 'CNY' }], [1, { amount: '45.00', currency: 'CNY' }]]);
    // Unit shares first (90.00 for one of two), then the line's rest, then the order's own money.
    const r = await refundableReturn(o, o.lines[0].id, 1, 'REFUND_ONLY');
    expect(await refund(r, '95.00')).toEqual({ status: 'REFUNDED', codes: [] });
    expect(await refundable(o.id)).toEqual([[1, '85.00'], [1, '45.00']]);
    const pending = await order([{ sku: skus[0], quantity: 1, unitPrice: '100.00' }], { paymentPending: true });
    expect(pending.lines.map((l) => [l.refundable.quantity, l.refundable.amount.amount])).toEqual([[0, '0.00']]);
  });
});

describe('a cancel', () => {
  it('given a paid order with open refund-only returns when it is cancelled then it refunds the order and closes them, and refunding them is refused', async () => {
    const o = await order([{ sku: skus[0], quantity: 2, unitPrice: '100.00' }], { shipping: '10.00' });
    const asked = await refundableReturn(o, o.lines[0].id, 1, 'REFUND_ONLY', false);
    const approved = await refundableReturn(o, o.lines[0].id, 1, 'REFUND_ONLY');
    const c = await q(`mutation($id: ID!) { cancelOrder(id: $id, reason: "买家取消") { order { status paymentStatus totals { refunded { amount } } } userErrors { code } } }`, { id: o.id });
    expect(c.cancelOrder).toEqual({ order: { status: 'CANCELLED', paymentStatus: 'REFUNDED', totals: { refunded: { amount: '210.00' } } }, userErrors: [] });
    expect(await returnsOf(o.id)).toEqual([
      { id: asked, status: 'CLOSED', coveredByCancel: true, refundedAmount: { amount: '0.00' } },
      { id: approved, status: 'CLOSED', coveredByCancel: true, refundedAmount: { amount: '0.00' } },
    ]);
    expect(await refund(approved, '100.00')).toEqual({ status: null, codes: ['ALREADY_REFUNDED_BY_CANCEL'] });
    expect(await refund(asked, '0.01')).toEqual({ status: null, codes: ['ALREADY_REFUNDED_BY_CANCEL'] });
    expect(await refundable(o.id)).toEqual([[0, '0.00']]);
    expect((await read(o.id)).totals.refunded.amount).toBe('210.00');
    const history = (await q(`query($id: ID!) { returns(filter: { orderId: $id }) { nodes { status } } }`, { id: o.id })).returns.nodes;
    expect(history).toEqual([{ status: 'CLOSED' }, { status: 'CLOSED' }]);
  });

  it('given a partly shipped order when it is cancelled then it refunds the unshipped units only and its returns stay open within what is left', async () => {
    const o = await order([{ sku: skus[0], quantity: 2, unitPrice: '100.00' }, { sku: skus[1], quantity: 1, unitPrice: '50.00' }]);
    await ship(o, [{ line: 0, quantity: 1 }]);
    const goods = await refundableReturn(o, o.lines[0].id, 1, 'RETURN_AND_REFUND');
    const money = await refundableReturn(o, o.lines[1].id, 1, 'REFUND_ONLY');
    const c = await q(`mutation($id: ID!) { cancelOrder(id: $id, reason: "缺货") { order { status paymentStatus totals { refunded { amount } } } userErrors { code } } }`, { id: o.id });
    expect(c.cancelOrder).toEqual({ order: { status: 'CANCELLED', paymentStatus: 'PARTIALLY_REFUNDED', totals: { refunded: { amount: '150.00' } } }, userErrors: [] });
    expect((await returnsOf(o.id)).map((r) => [r.id, r.status, r.coveredByCancel])).toEqual([[goods, 'RECEIVED', false], [money, 'APPROVED', false]]);
    expect(await refundable(o.id)).toEqual([[1, '100.00'], [0, '0.00']]);
    // The unshipped B was paid back by the cancel; the shipped unit of A came back and is refunded.
    expect(await refund(money, '0.01')).toEqual({ status: null, codes: ['REFUND_EXCEEDS_PAID'] });
    expect(await refund(goods, '100.00')).toEqual({ status: 'REFUNDED', codes: [] });
    expect(await read(o.id)).toMatchObject({ status: 'CANCELLED', paymentStatus: 'REFUNDED', totals: { refunded: { amount: '250.00' } } });
  });
});

describe('the marketplace side', () => {
  async function sync(channelId: string, scope: string): Promise<{ id: string; errors: { code: string; externalId: string | null; kind: string }[] }> {
    const r = await q(`mutation($i: SyncChannelInput!) { syncChannel(input: $i) { syncRun { id } userErrors { code message } } }`, { i: { channelId, scopes: [scope] } });
    expect(r.syncChannel.userErrors).toEqual([]);
    return waitFor(`the ${scope} run`, async () => {
      const s = await q(`query($id: ID!) { syncRun(id: $id) { id status finishedAt errors { code externalId kind } } }`, { id: r.syncChannel.syncRun.id });
      if (s.syncRun.finishedAt && s.syncRun.status !== 'SUCCEEDED') throw new Error(`run ${s.syncRun.status}`);
      return s.syncRun.finishedAt ? s.syncRun : undefined;
    });
  }

  async function postRefund(refundId: string, trade: number, fee: string): Promise<void> {
    const res = await fetch(`${env.sim.controlUrl}/__sim/refunds`, {
      method: 'POST',
      body: `{"refund_id":"${refundId}","tid":${tidOf(trade)},"oid":${oidOf(trade, 0)},"status":"SUCCESS","refund_fee":"${fee}","reason":"质量问题","has_good_return":false}`,
    });
    expect(res.status).toBe(200);
  }

  const CASE = `query($id: ID!) { node(id: $id) { ... on ChannelReturn { externalId status linkRefusal order { id } amount { amount } } } }`;
  let channel: { id: string; key: string };
  beforeAll(async () => {
    channel = await createTaobaoChannel(env.t, env.owner, { name: '淘宝店 退款', baseUrl: env.sim.baseUrl, credentials: await env.control.credentials(), warehouse: 'RFI' });
  });

  async function pulledOrder(trade: number): Promise<OrderView> {
    const found = await q(`query($k: String!) { orders(first: 5, filter: { search: $k }) { nodes { id } } }`, { k: tidOf(trade) });
    expect(found.orders.nodes).toHaveLength(1);
    return read(found.orders.nodes[0].id);
  }

  it('given a marketplace refund of a line when we refund the same line then ours is capped, and a marketplace refund beyond what is left is kept unlinked and not counted', async () => {
    await env.control.addOrder(tradeJson(8101, [skus[0]]));
    await sync(channel.id, 'ORDERS');
    const o = await pulledOrder(8101);
    expect(o.lines.map((l) => [l.refundable.quantity, l.refundable.amount.amount])).toEqual([[1, '59.00']]);

    // The marketplace pays back 40.00 of the 59.00 line.
    await postRefund('178234567890181011', 8101, '40.00');
    const first = await sync(channel.id, 'RETURNS');
    expect(first.errors).toEqual([]);
    expect(await refundable(o.id)).toEqual([[1, '19.00']]);

    // Then 30.00 more: beyond the line. Kept, not linked to the order, not counted; the run says so.
    await postRefund('178234567890181012', 8101, '30.00');
    const second = await sync(channel.id, 'RETURNS');
    expect(second.errors).toEqual([{ code: 'REFUND_EXCEEDS_PAID', externalId: '178234567890181012', kind: 'PERMANENT' }]);
    const cases = (await q(`query($c: ID!) { channelReturns(first: 10, filter: { channelId: $c }) { nodes { id externalId } } }`, { c: channel.id })).channelReturns.nodes;
    const refusedCase = cases.find((c: { externalId: string }) => c.externalId === '178234567890181012');
    const keptCase = cases.find((c: { externalId: string }) => c.externalId === '178234567890181011');
    expect((await q(CASE, { id: refusedCase.id })).node).toEqual({ externalId: '178234567890181012', status: 'REFUNDED', linkRefusal: 'REFUND_EXCEEDS_PAID', order: null, amount: { amount: '30.00' } });
    expect((await q(CASE, { id: keptCase.id })).node).toMatchObject({ linkRefusal: null, order: { id: o.id } });
    const beside = (await q(`query($id: ID!) { order(id: $id) { channelReturns { externalId } } }`, { id: o.id })).order.channelReturns;
    expect(beside).toEqual([{ externalId: '178234567890181011' }]);
    expect(await refundable(o.id)).toEqual([[1, '19.00']]);
    // Customer service cannot open a return for the refused case either.
    const taken = await q(`mutation($i: CreateReturnInput!) { createReturn(input: $i) { return { id } userErrors { code field } } }`, {
      i: { orderId: o.id, type: 'REFUND_ONLY', lines: [{ orderLineId: o.lines[0].id, quantity: 1 }], channelReturnId: refusedCase.id },
    });
    expect(taken.createReturn).toEqual({ return: null, userErrors: [{ code: 'REFUND_EXCEEDS_PAID', field: ['channelReturnId'] }] });

    // Our own refund of the line on top of the marketplace's: 19.00 at most.
    const ours = await refundableReturn(o, o.lines[0].id, 1, 'REFUND_ONLY');
    expect(await refund(ours, '19.01')).toEqual({ status: null, codes: ['REFUND_EXCEEDS_PAID'] });
    expect(await refund(ours, '19.00')).toEqual({ status: 'REFUNDED', codes: [] });
    expect(await refundable(o.id)).toEqual([[0, '0.00']]);

    // A pull of the same cases again changes nothing and records nothing new.
    const again = await sync(channel.id, 'RETURNS');
    expect(again.errors).toEqual([]);
  });

  it('given a paid marketplace order with an open refund-only return when the marketplace cancels it then the return is covered and nothing of ours is refunded', async () => {
    await env.control.addOrder(tradeJson(8102, [skus[1]]));
    await sync(channel.id, 'ORDERS');
    const o = await pulledOrder(8102);
    const open = await refundableReturn(o, o.lines[0].id, 1, 'REFUND_ONLY');
    await env.control.setOrderStatus(tidOf(8102), 'TRADE_CLOSED');
    await sync(channel.id, 'ORDERS');
    expect(await read(o.id)).toMatchObject({ status: 'CANCELLED', totals: { refunded: { amount: '0.00' } } });
    expect(await returnsOf(o.id)).toEqual([{ id: open, status: 'CLOSED', coveredByCancel: true, refundedAmount: { amount: '0.00' } }]);
    expect(await refund(open, '59.00')).toEqual({ status: null, codes: ['ALREADY_REFUNDED_BY_CANCEL'] });
    // The marketplace paid the buyer back: nothing is left to refund, and its refund of the line fits.
    expect(await refundable(o.id)).toEqual([[0, '0.00']]);
    await postRefund('178234567890181021', 8102, '59.00');
    expect((await sync(channel.id, 'RETURNS')).errors).toEqual([]);
  });
});
