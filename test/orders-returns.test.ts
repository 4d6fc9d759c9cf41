import type { EntityManager } from '@mikro-orm/postgresql';
import { startTestApp, TestApp } from './support/test-app';
import type { Context } from '../src/context';
import { applyMovement, changeReserved, lockLevel } from '../src/inventory/stock-ledger';
import { MovementType } from '../src/inventory/inventory.types';
import { lockOrder, transition } from '../src/orders/order-lifecycle.service';
import { OrderStatus } from '../src/orders/order-status';
import { uuidOf } from '../src/common/ids';

let t: TestApp;
let owner: string;
beforeAll(async () => {
  t = await startTestApp();
  owner = await t.ownerToken();
  await t.gql('mutation { createWarehouse(input: { code: "RT", name: "退货仓", kind: OWN, country: "CN" }) { userErrors { code } } }', {}, owner);
  const r = await t.gql(
    'mutation($i: CreateProductInput!) { createProduct(input: $i) { userErrors { code } } }',
    { i: { title: '退货测试衬衫', options: [{ name: '尺码', values: ['M', 'L'] }], variants: [{ sku: 'RET-M', optionValues: ['M'], price: '100.00' }, { sku: 'RET-L', optionValues: ['L'], price: '100.00' }] } },
    owner,
  );
  expect(r.data!.createProduct.userErrors).toEqual([]);
  for (const sku of ['RET-M', 'RET-L']) {
    await t.gql('mutation($s: String!) { adjustStock(input: { sku: $s, warehouseCode: "RT", delta: 20, reason: "opening" }) { userErrors { code } } }', { s: sku }, owner);
  }
  const set = await t.gql(
    'mutation($i: CreateProductInput!) { createProduct(input: $i) { userErrors { code message } } }',
    { i: { title: '退货测试套装', options: [{ name: '规格', values: ['套'] }], variants: [{ sku: 'RET-SET', optionValues: ['套'], price: '250.00' }] } },
    owner,
  );
  expect(set.data!.createProduct.userErrors).toEqual([]);
  const bundle = await t.gql(
    'mutation($c: [BundleComponentInput!]!) { setBundleComponents(bundleId: "RET-SET", components: $c) { userErrors { code message } } }',
    { c: [{ sku: 'RET-M', quantity: 1 }, { sku: 'RET-L', quantity: 2 }] },
    owner,
  );
  expect(bundle.data!.setBundleComponents.userErrors).toEqual([]);
});
afterAll(() => t.stop());

const CREATE = `mutation($i: CreateOrderInput!) { createOrder(input: $i) { order { id total: totals { total { amount } } lines { id sku quantity } } userErrors { code message } } }`;
const CREATE_RETURN = `mutation($i: CreateReturnInput!) { createReturn(input: $i) { return { id number status type lines { id quantity } } userErrors { code field message } } }`;
const APPROVE = `mutation($id: ID!) { approveReturn(id: $id) { return { status } userErrors { code } } }`;
const RECEIVE = `mutation($i: ReceiveReturnInput!) { receiveReturn(input: $i) { return { status lines { receivedSellable receivedDamaged } replacementOrder { id status totals { total { amount } } lines { sku quantity } } } userErrors { code field message } } }`;
const REFUND = `mutation($i: RefundReturnInput!) { refundReturn(input: $i) { return { status refundedAmount { amount currency } } userErrors { code field message } } }`;

let key = 0;
async function order(lines: { sku: string; quantity: number; unitPrice: string }[]): Promise<{ id: string; lines: { id: string; sku: string; quantity: number }[] }> {
  const r = await t.gql(CREATE, {
    i: { idempotencyKey: `RET-${++key}`, currency: 'CNY', buyer: { name: '王芳', phone: '13900001111' },
      shippingAddress: { name: '王芳', phone: '13900001111', country: 'CN', province: '浙江', city: '杭州', address1: '文一西路 1 号' }, lines },
  }, owner);
  expect(r.data!.createOrder.userErrors).toEqual([]);
  return r.data!.createOrder.order;
}

/** Ships every unit of an order the way a shipment will: the reservation is consumed and SHIPMENT movements written. */
async function shipAll(orderGlobalId: string): Promise<void> {
  const id = uuidOf('Order', orderGlobalId)!;
  await t.em().fork().transactional(async (em) => {
    const ctx = { em: em as EntityManager, actor: undefined } as unknown as Context;
    const o = (await lockOrder(ctx, id))!;
    const lines = await em.getConnection().execute(
      `select rl.variant_id, rl.warehouse_id, rl.quantity from reservation_line rl where rl.reservation_id = ? order by rl.variant_id, rl.warehouse_id`,
      [o.reservation_id], 'all', em.getTransactionContext(),
    );
    for (const l of lines) {
      const level = await lockLevel(em as EntityManager, l.variant_id, l.warehouse_id);
      await changeReserved(em as EntityManager, level.id, -l.quantity);
      await applyMovement(ctx, level, { type: MovementType.SHIPMENT, quantity: -l.quantity, reason: `ship ${o.number}`, referenceType: 'ORDER', referenceId: o.number });
    }
    await em.getConnection().execute(`update reservation set status = 'CONSUMED', closed_at = now() where id = ?`, [o.reservation_id], 'run', em.getTransactionContext());
    await em.getConnection().execute('update order_line set quantity_shipped = quantity where order_id = ?', [id], 'run', em.getTransactionContext());
    expect(await transition(ctx, o, OrderStatus.SHIPPED, 'SYSTEM', 'test shipment')).toBeNull();
  });
}

async function level(sku: string): Promise<{ on_hand: number; reserved: number; damaged: number }> {
  const [row] = await t.em().getConnection().execute(
    `select s.on_hand, s.reserved, s.damaged from stock_level s join variant v on v.id = s.variant_id join warehouse w on w.id = s.warehouse_id where v.sku = ? and w.code = 'RT'`,
    [sku],
  );
  return row as { on_hand: number; reserved: number; damaged: number };
}

async function discrepancies(): Promise<unknown[]> {
  return (await t.gql('{ stockDiscrepancies { sku warehouseCode } }', {}, owner)).data!.stockDiscrepancies;
}

describe('returns and refunds', () => {
  it('receive sellable units back on hand and damaged ones as damaged, then refund the order in full', async () => {
    const o = await order([{ sku: 'RET-M', quantity: 3, unitPrice: '100.00' }]);
    await shipAll(o.id);
    const shipped = await level('RET-M');
    const tooMany = await t.gql(CREATE_RETURN, { i: { orderId: o.id, type: 'RETURN_AND_REFUND', lines: [{ orderLineId: o.lines[0].id, quantity: 4, reason: '尺码不合适' }] } }, owner);
    expect(tooMany.data!.createReturn.userErrors).toEqual([expect.objectContaining({ code: 'RETURN_EXCEEDS_SHIPPED', field: ['lines', '0', 'quantity'] })]);

    const cs = await t.staffToken(['customer_service'], { departmentKey: 'customer_service' });
    const created = await t.gql(CREATE_RETURN, { i: { orderId: o.id, type: 'RETURN_AND_REFUND', lines: [{ orderLineId: o.lines[0].id, quantity: 3, reason: '尺码不合适' }] } }, cs);
    expect(created.data!.createReturn.userErrors).toEqual([]);
    const ret = created.data!.createReturn.return;
    expect(ret).toMatchObject({ status: 'REQUESTED', type: 'RETURN_AND_REFUND', number: expect.stringMatching(/^RT-\d{6}$/) });
    const more = await t.gql(CREATE_RETURN, { i: { orderId: o.id, type: 'RETURN_AND_REFUND', lines: [{ orderLineId: o.lines[0].id, quantity: 1 }] } }, cs);
    expect(more.data!.createReturn.userErrors[0].code).toBe('RETURN_EXCEEDS_SHIPPED');

    const early = await t.gql(RECEIVE, { i: { returnId: ret.id, lines: [{ returnLineId: ret.lines[0].id, quantity: 1, condition: 'SELLABLE' }] } }, owner);
    expect(early.data!.receiveReturn.userErrors[0].code).toBe('ILLEGAL_TRANSITION');
    expect((await t.gql(APPROVE, { id: ret.id }, cs)).data!.approveReturn.return.status).toBe('APPROVED');
    expect((await t.gql(APPROVE, { id: ret.id }, cs)).data!.approveReturn.userErrors[0].code).toBe('ILLEGAL_TRANSITION');

    const warehouse = await t.staffToken(['warehouse'], { departmentKey: 'warehouse' });
    const part = await t.gql(RECEIVE, { i: { returnId: ret.id, lines: [{ returnLineId: ret.lines[0].id, quantity: 2, condition: 'SELLABLE' }] } }, warehouse);
    expect(part.data!.receiveReturn.return).toMatchObject({ status: 'APPROVED', lines: [{ receivedSellable: 2, receivedDamaged: 0 }] });
    const over = await t.gql(RECEIVE, { i: { returnId: ret.id, lines: [{ returnLineId: ret.lines[0].id, quantity: 2, condition: 'DAMAGED' }] } }, warehouse);
    expect(over.data!.receiveReturn.userErrors[0].code).toBe('RECEIVE_EXCEEDS_RETURN');
    const rest = await t.gql(RECEIVE, { i: { returnId: ret.id, lines: [{ returnLineId: ret.lines[0].id, quantity: 1, condition: 'DAMAGED' }] } }, warehouse);
    expect(rest.data!.receiveReturn.return).toMatchObject({ status: 'RECEIVED', lines: [{ receivedSellable: 2, receivedDamaged: 1 }] });
    expect(await level('RET-M')).toEqual({ on_hand: shipped.on_hand + 2, reserved: shipped.reserved, damaged: shipped.damaged + 1 });
    expect(await discrepancies()).toEqual([]);
    const movements = await t.em().getConnection().execute(
      `select m.quantity, m.damaged_delta from stock_movement m join variant v on v.id = m.variant_id where v.sku = 'RET-M' and m.type = 'RETURN' order by m.id`,
    );
    expect(movements).toEqual([{ quantity: 2, damaged_delta: 0 }, { quantity: 0, damaged_delta: 1 }]);

    const finance = await t.staffToken(['finance'], { departmentKey: 'finance' });
    const tooMuch = await t.gql(REFUND, { i: { returnId: ret.id, amount: '300.01' } }, finance);
    expect(tooMuch.data!.refundReturn.userErrors[0]).toMatchObject({ code: 'REFUND_EXCEEDS_TOTAL', field: ['amount'] });
    const zero = await t.gql(REFUND, { i: { returnId: ret.id, amount: '0' } }, finance);
    expect(zero.data!.refundReturn.userErrors[0].code).toBe('INVALID_AMOUNT');
    const refund = await t.gql(REFUND, { i: { returnId: ret.id, amount: '300.00' } }, finance);
    expect(refund.data!.refundReturn).toEqual({ return: { status: 'REFUNDED', refundedAmount: { amount: '300.00', currency: 'CNY' } }, userErrors: [] });
    const after = await t.gql('query($id: ID!) { order(id: $id) { status paymentStatus totals { refunded { amount } } history { to } returns { number status lines { quantity } } } }', { id: o.id }, owner);
    expect(after.data!.order).toMatchObject({ status: 'REFUNDED', paymentStatus: 'REFUNDED', totals: { refunded: { amount: '300.00' } }, returns: [{ number: ret.number, status: 'REFUNDED', lines: [{ quantity: 3 }] }] });
    expect(after.data!.order.history.map((h: { to: string }) => h.to)).toEqual(['PAID', 'SHIPPED', 'REFUNDED']);
    const [line] = await t.em().getConnection().execute('select quantity_returned from order_line where id = ?', [uuidOf('OrderLine', o.lines[0].id)]);
    expect(line.quantity_returned).toBe(3);
  });

  it('refund only may cover unshipped units, partially, and never beyond the total', async () => {
    const o = await order([{ sku: 'RET-L', quantity: 2, unitPrice: '50.00' }]);
    const r = await t.gql(CREATE_RETURN, { i: { orderId: o.id, type: 'REFUND_ONLY', lines: [{ orderLineId: o.lines[0].id, quantity: 1, reason: '少发' }] } }, owner);
    expect(r.data!.createReturn.userErrors).toEqual([]);
    const id = r.data!.createReturn.return.id;
    await t.gql(APPROVE, { id }, owner);
    const part = await t.gql(REFUND, { i: { returnId: id, amount: '50.00' } }, owner);
    expect(part.data!.refundReturn.return.status).toBe('REFUNDED');
    const again = await t.gql(REFUND, { i: { returnId: id, amount: '10.00' } }, owner);
    expect(again.data!.refundReturn.userErrors[0].code).toBe('ILLEGAL_TRANSITION');
    const o2 = await t.gql('query($id: ID!) { order(id: $id) { status paymentStatus totals { refunded { amount } } } }', { id: o.id }, owner);
    expect(o2.data!.order).toEqual({ status: 'PAID', paymentStatus: 'PARTIALLY_REFUNDED', totals: { refunded: { amount: '50.00' } } });
    const second = await t.gql(CREATE_RETURN, { i: { orderId: o.id, type: 'REFUND_ONLY', lines: [{ orderLineId: o.lines[0].id, quantity: 1 }] } }, owner);
    const id2 = second.data!.createReturn.return.id;
    await t.gql(APPROVE, { id: id2 }, owner);
    const beyond = await t.gql(REFUND, { i: { returnId: id2, amount: '50.01' } }, owner);
    expect(beyond.data!.refundReturn.userErrors[0].code).toBe('REFUND_EXCEEDS_TOTAL');
    const third = await t.gql(CREATE_RETURN, { i: { orderId: o.id, type: 'REFUND_ONLY', lines: [{ orderLineId: o.lines[0].id, quantity: 1 }] } }, owner);
    expect(third.data!.createReturn.userErrors[0].code).toBe('RETURN_EXCEEDS_ORDERED');
    const goods = await t.gql(CREATE_RETURN, { i: { orderId: o.id, type: 'RETURN_AND_REFUND', lines: [{ orderLineId: o.lines[0].id, quantity: 1 }] } }, owner);
    expect(goods.data!.createReturn.userErrors[0].code).toBe('RETURN_EXCEEDS_SHIPPED');
  });

  it('can be rejected once, with a reason, and then neither approved nor received', async () => {
    const o = await order([{ sku: 'RET-L', quantity: 1, unitPrice: '80.00' }]);
    await shipAll(o.id);
    const r = await t.gql(CREATE_RETURN, { i: { orderId: o.id, type: 'RETURN_AND_REFUND', lines: [{ orderLineId: o.lines[0].id, quantity: 1, reason: '不喜欢' }] } }, owner);
    const id = r.data!.createReturn.return.id;
    const rejected = await t.gql('mutation($id: ID!) { rejectReturn(id: $id, reason: "已穿着") { return { status rejectionReason } userErrors { code } } }', { id }, owner);
    expect(rejected.data!.rejectReturn).toEqual({ return: { status: 'REJECTED', rejectionReason: '已穿着' }, userErrors: [] });
    expect((await t.gql(APPROVE, { id }, owner)).data!.approveReturn.userErrors[0].code).toBe('ILLEGAL_TRANSITION');
    const list = await t.gql('query($o: ID!) { returns(first: 5, filter: { orderId: $o, status: REJECTED }) { totalCount nodes { id order { id } } } }', { o: o.id }, owner);
    expect(list.data!.returns).toEqual({ totalCount: 1, nodes: [{ id, order: { id: o.id } }] });
    // A rejected return frees its units for a new request.
    const again = await t.gql(CREATE_RETURN, { i: { orderId: o.id, type: 'RETURN_AND_REFUND', lines: [{ orderLineId: o.lines[0].id, quantity: 1 }] } }, owner);
    expect(again.data!.createReturn.userErrors).toEqual([]);
  });
});

describe('bundles', () => {
  it('come back as their components', async () => {
    const o = await order([{ sku: 'RET-SET', quantity: 2, unitPrice: '250.00' }]);
    await shipAll(o.id);
    const [m, l] = [await level('RET-M'), await level('RET-L')];
    const r = await t.gql(CREATE_RETURN, { i: { orderId: o.id, type: 'RETURN_AND_REFUND', lines: [{ orderLineId: o.lines[0].id, quantity: 2, reason: '不需要' }] } }, owner);
    const ret = r.data!.createReturn.return;
    await t.gql(APPROVE, { id: ret.id }, owner);
    const got = await t.gql(RECEIVE, { i: { returnId: ret.id, lines: [
      { returnLineId: ret.lines[0].id, quantity: 1, condition: 'SELLABLE' },
      { returnLineId: ret.lines[0].id, quantity: 1, condition: 'DAMAGED' },
    ] } }, owner);
    expect(got.data!.receiveReturn.return).toMatchObject({ status: 'RECEIVED', lines: [{ receivedSellable: 1, receivedDamaged: 1 }] });
    expect(await level('RET-M')).toEqual({ on_hand: m.on_hand + 1, reserved: m.reserved, damaged: m.damaged + 1 });
    expect(await level('RET-L')).toEqual({ on_hand: l.on_hand + 2, reserved: l.reserved, damaged: l.damaged + 2 });
    expect(await discrepancies()).toEqual([]);
  });
});

describe('exchanges', () => {
  it('create a linked replacement order at price 0 with its stock reserved, and close', async () => {
    const o = await order([{ sku: 'RET-M', quantity: 1, unitPrice: '100.00' }]);
    await shipAll(o.id);
    const before = await level('RET-M');
    const r = await t.gql(CREATE_RETURN, { i: { orderId: o.id, type: 'EXCHANGE', lines: [{ orderLineId: o.lines[0].id, quantity: 1, reason: '换尺码' }] } }, owner);
    const ret = r.data!.createReturn.return;
    await t.gql(APPROVE, { id: ret.id }, owner);
    const got = await t.gql(RECEIVE, { i: { returnId: ret.id, lines: [{ returnLineId: ret.lines[0].id, quantity: 1, condition: 'SELLABLE' }] } }, owner);
    expect(got.data!.receiveReturn.userErrors).toEqual([]);
    expect(got.data!.receiveReturn.return).toMatchObject({
      status: 'CLOSED',
      replacementOrder: { status: 'PAID', totals: { total: { amount: '0.00' } }, lines: [{ sku: 'RET-M', quantity: 1 }] },
    });
    expect(await level('RET-M')).toEqual({ on_hand: before.on_hand + 1, reserved: before.reserved + 1, damaged: before.damaged });
    expect(await discrepancies()).toEqual([]);
    const refund = await t.gql(REFUND, { i: { returnId: ret.id, amount: '1.00' } }, owner);
    expect(refund.data!.refundReturn.userErrors[0].code).toBe('ILLEGAL_TRANSITION');
  });
});

describe('notes and permissions', () => {
  it('record notes and complaints on the order; a dispute holds it', async () => {
    const o = await order([{ sku: 'RET-L', quantity: 1, unitPrice: '10.00' }]);
    const cs = await t.staffToken(['customer_service'], { departmentKey: 'customer_service' });
    const NOTE = 'mutation($i: AddOrderNoteInput!) { addOrderNote(input: $i) { note { kind text author } userErrors { code } } }';
    const n = await t.gql(NOTE, { i: { orderId: o.id, text: '买家要求周末送达' } }, cs);
    expect(n.data!.addOrderNote.note).toMatchObject({ kind: 'NOTE', text: '买家要求周末送达' });
    await t.gql(NOTE, { i: { orderId: o.id, text: '投诉物流慢', kind: 'COMPLAINT' } }, cs);
    const empty = await t.gql(NOTE, { i: { orderId: o.id, text: '  ' } }, cs);
    expect(empty.data!.addOrderNote.userErrors[0].code).toBe('INVALID_VALUE');
    const d = await t.gql(NOTE, { i: { orderId: o.id, text: '买家在平台发起纠纷', kind: 'DISPUTE' } }, cs);
    expect(d.data!.addOrderNote.userErrors).toEqual([]);
    const q = await t.gql('query($id: ID!) { order(id: $id) { onHold holdReasons notes { kind text } } }', { id: o.id }, cs);
    expect(q.data!.order).toEqual({
      onHold: true,
      holdReasons: ['DISPUTE'],
      notes: [{ kind: 'NOTE', text: '买家要求周末送达' }, { kind: 'COMPLAINT', text: '投诉物流慢' }, { kind: 'DISPUTE', text: '买家在平台发起纠纷' }],
    });
  });

  it('let customer service handle returns and finance refund; a copywriter is forbidden', async () => {
    const o = await order([{ sku: 'RET-L', quantity: 1, unitPrice: '20.00' }]);
    const copy = await t.staffToken(['copywriter'], { departmentKey: 'copywriting' });
    const input = { orderId: o.id, type: 'REFUND_ONLY', lines: [{ orderLineId: o.lines[0].id, quantity: 1 }] };
    const denied = await t.gql(CREATE_RETURN, { i: input }, copy);
    expect(denied.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const cs = await t.staffToken(['customer_service'], { departmentKey: 'customer_service' });
    const r = await t.gql(CREATE_RETURN, { i: input }, cs);
    const id = r.data!.createReturn.return.id;
    expect((await t.gql(APPROVE, { id }, copy)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await t.gql(APPROVE, { id }, cs)).data!.approveReturn.return.status).toBe('APPROVED');
    const finance = await t.staffToken(['finance'], { departmentKey: 'finance' });
    expect((await t.gql(APPROVE, { id }, finance)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const refund = await t.gql(REFUND, { i: { returnId: id, amount: '20.00' } }, finance);
    expect(refund.data!.refundReturn.return.status).toBe('REFUNDED');
    const o2 = await t.gql('query($id: ID!) { order(id: $id) { status paymentStatus } }', { id: o.id }, finance);
    expect(o2.data!.order).toEqual({ status: 'REFUNDED', paymentStatus: 'REFUNDED' });
    expect(await discrepancies()).toEqual([]);
  });
});
