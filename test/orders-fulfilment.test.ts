import { startTestApp, TestApp } from './support/test-app';

let t: TestApp;
let owner: string;

const gqlOk = async (query: string, vars: Record<string, unknown> = {}, token = owner) => {
  const r = await t.gql(query, vars, token);
  expect(r.errors).toBeUndefined();
  return r.data!;
};

beforeAll(async () => {
  t = await startTestApp();
  owner = await t.ownerToken();
  for (const code of ['FW', 'FW2', 'FWP']) {
    await gqlOk('mutation($c: String!) { createWarehouse(input: { code: $c, name: $c, kind: OWN, country: "CN" }) { userErrors { code } } }', { c: code });
  }
  const product = async (title: string, skus: string[]) => {
    const r = await gqlOk('mutation($i: CreateProductInput!) { createProduct(input: $i) { userErrors { code } } }', {
      i: { title, options: [{ name: '款式', values: skus }], variants: skus.map((sku) => ({ sku, optionValues: [sku], price: '10.00' })) },
    });
    expect(r.createProduct.userErrors).toEqual([]);
  };
  await product('发货测试', ['FUL-A', 'FUL-B', 'FUL-C']);
  await product('配货测试', ['PK-A', 'PK-B']);
  await product('套装测试', ['BUN-SET', 'BUN-TIE', 'BUN-BELT']);
  const bundle = await gqlOk('mutation($b: ID!, $c: [BundleComponentInput!]!) { setBundleComponents(bundleId: $b, components: $c) { userErrors { code } } }', {
    b: 'BUN-SET',
    c: [{ sku: 'BUN-TIE', quantity: 1 }, { sku: 'BUN-BELT', quantity: 2 }],
  });
  expect(bundle.setBundleComponents.userErrors).toEqual([]);
  const adjust = (sku: string, wh: string, delta: number) =>
    gqlOk('mutation($s: String!, $w: String!, $d: Int!) { adjustStock(input: { sku: $s, warehouseCode: $w, delta: $d, reason: "opening" }) { userErrors { code } } }', { s: sku, w: wh, d: delta });
  for (const sku of ['FUL-A', 'FUL-B', 'FUL-C']) await adjust(sku, 'FW', 20);
  for (const sku of ['PK-A', 'PK-B']) await adjust(sku, 'FWP', 10);
  await adjust('BUN-TIE', 'FW', 5);
  await adjust('BUN-BELT', 'FW', 10);
  await gqlOk('mutation { createWarehouseBins(input: { warehouseCode: "FWP", binCodes: ["A-01", "B-01"] }) { userErrors { code } } }');
  await gqlOk('mutation { setDefaultBin(input: { sku: "PK-B", warehouseCode: "FWP", binCode: "A-01" }) { userErrors { code } } }');
  await gqlOk('mutation { setDefaultBin(input: { sku: "PK-A", warehouseCode: "FWP", binCode: "B-01" }) { userErrors { code } } }');
});
afterAll(() => t.stop());

const ORDER = 'id number status lines { id sku quantity quantityShipped } shipments { number warehouseCode carrier trackingNumber status lines { orderLineId sku quantity } }';
const CREATE = `mutation($i: CreateOrderInput!) { createOrder(input: $i) { order { ${ORDER} } userErrors { code } } }`;
const SHIP = `mutation($i: CreateShipmentInput!) { createShipment(input: $i) {
  shipment { id number warehouseCode carrier trackingNumber status lines { orderLineId sku quantity } }
  order { status shippedAt lines { sku quantityShipped } } userErrors { code field message } } }`;
const DELIVER = `mutation($id: ID!) { markDelivered(id: $id) { order { status shipments { status } } shipments { number status } userErrors { code } } }`;

let key = 0;
async function order(lines: { sku: string; quantity: number }[], extra: Record<string, unknown> = {}) {
  const r = await gqlOk(CREATE, {
    i: {
      idempotencyKey: `F-${++key}`,
      currency: 'CNY',
      buyer: { name: '王芳', phone: '13912345678' },
      shippingAddress: { name: '王芳', phone: '13912345678', country: 'CN', province: '浙江', city: '杭州', address1: '文三路 9 号' },
      lines: lines.map((l) => ({ ...l, unitPrice: '10.00' })),
      ...extra,
    },
  });
  expect(r.createOrder.userErrors).toEqual([]);
  return r.createOrder.order as { id: string; number: string; status: string; lines: { id: string; sku: string }[] };
}
const lineOf = (o: { lines: { id: string; sku: string }[] }, sku: string) => o.lines.find((l) => l.sku === sku)!.id;
const ship = (orderId: string, lines: { orderLineId: string; quantity: number }[], warehouseCode = 'FW', tracking = `SF${++key}`) =>
  t.gql(SHIP, { i: { orderId, warehouseCode, carrier: 'SF', trackingNumber: tracking, lines } }, owner);

async function level(sku: string, wh = 'FW'): Promise<{ onHand: number; reserved: number }> {
  const r = await gqlOk('query($s: String!, $w: String!) { stockLevels(first: 1, filter: { sku: $s, warehouseCode: $w }) { edges { node { onHand reserved } } } }', { s: sku, w: wh });
  return r.stockLevels.edges[0].node;
}
async function discrepancies(): Promise<unknown[]> {
  return (await gqlOk('{ stockDiscrepancies { sku warehouseCode onHand ledgerOnHand reserved reservationsReserved } }')).stockDiscrepancies;
}
async function reservationStatus(orderNumber: string): Promise<string[]> {
  const rows = await t.em().getConnection().execute('select status from reservation where reference = ? order by created_at', [orderNumber]);
  return (rows as { status: string }[]).map((r) => r.status);
}

describe('shipping an order', () => {
  it('goes paid → reserved → partially shipped → shipped → delivered, with stock and ledger in step', async () => {
    const o = await order([{ sku: 'FUL-A', quantity: 3 }, { sku: 'FUL-B', quantity: 1 }]);
    expect(o.status).toBe('PAID');
    expect(await level('FUL-A')).toEqual({ onHand: 20, reserved: 3 });
    expect(await discrepancies()).toEqual([]);

    const first = await ship(o.id, [{ orderLineId: lineOf(o, 'FUL-A'), quantity: 2 }]);
    expect(first.data!.createShipment.userErrors).toEqual([]);
    expect(first.data!.createShipment.shipment).toMatchObject({ number: expect.stringMatching(/^SH-\d{6}$/), warehouseCode: 'FW', carrier: 'SF', status: 'SHIPPED', lines: [{ sku: 'FUL-A', quantity: 2 }] });
    expect(first.data!.createShipment.order).toMatchObject({ status: 'PARTIALLY_SHIPPED', shippedAt: null });
    expect(await level('FUL-A')).toEqual({ onHand: 18, reserved: 1 });
    expect(await level('FUL-B')).toEqual({ onHand: 20, reserved: 1 });
    expect(await reservationStatus(o.number)).toEqual(['ACTIVE']);
    expect(await discrepancies()).toEqual([]);
    const moves = await gqlOk('query($r: String!) { stockMovements(first: 5, filter: { reference: $r }) { edges { node { sku type quantity referenceType onHandAfter reservedAfter } } } }', { r: o.number });
    expect(moves.stockMovements.edges.map((e: { node: unknown }) => e.node)).toEqual([
      { sku: 'FUL-A', type: 'SHIPMENT', quantity: -2, referenceType: 'ORDER', onHandAfter: 18, reservedAfter: 1 },
    ]);

    const second = await ship(o.id, [{ orderLineId: lineOf(o, 'FUL-A'), quantity: 1 }, { orderLineId: lineOf(o, 'FUL-B'), quantity: 1 }]);
    expect(second.data!.createShipment.userErrors).toEqual([]);
    expect(second.data!.createShipment.order.status).toBe('SHIPPED');
    expect(second.data!.createShipment.order.shippedAt).not.toBeNull();
    expect(await level('FUL-A')).toEqual({ onHand: 17, reserved: 0 });
    expect(await level('FUL-B')).toEqual({ onHand: 19, reserved: 0 });
    expect(await reservationStatus(o.number)).toEqual(['CONSUMED']);
    expect(await discrepancies()).toEqual([]);

    const shipped = await gqlOk(`query($id: ID!) { order(id: $id) { ${ORDER} } }`, { id: o.id });
    expect(shipped.order.shipments).toHaveLength(2);
    expect(shipped.order.shipments[1].lines.map((l: { sku: string; quantity: number }) => [l.sku, l.quantity])).toEqual([['FUL-A', 1], ['FUL-B', 1]]);
    expect(shipped.order.lines.map((l: { quantityShipped: number }) => l.quantityShipped)).toEqual([3, 1]);

    const delivered = await gqlOk(DELIVER, { id: o.id });
    expect(delivered.markDelivered.userErrors).toEqual([]);
    expect(delivered.markDelivered.order).toEqual({ status: 'DELIVERED', shipments: [{ status: 'DELIVERED' }, { status: 'DELIVERED' }] });
    expect(delivered.markDelivered.shipments).toHaveLength(2);
    expect(await level('FUL-A')).toEqual({ onHand: 17, reserved: 0 });
    expect(await discrepancies()).toEqual([]);
  });

  it('delivers shipment by shipment, and refuses to deliver an order not fully shipped', async () => {
    const o = await order([{ sku: 'FUL-B', quantity: 2 }]);
    const early = await gqlOk(DELIVER, { id: o.id });
    expect(early.markDelivered.userErrors[0].code).toBe('ILLEGAL_TRANSITION');
    const s1 = (await ship(o.id, [{ orderLineId: lineOf(o, 'FUL-B'), quantity: 1 }])).data!.createShipment.shipment;
    const partial = await gqlOk(DELIVER, { id: s1.id });
    expect(partial.markDelivered).toMatchObject({ order: { status: 'PARTIALLY_SHIPPED', shipments: [{ status: 'DELIVERED' }] }, userErrors: [] });
    const s2 = (await ship(o.id, [{ orderLineId: lineOf(o, 'FUL-B'), quantity: 1 }])).data!.createShipment.shipment;
    const done = await gqlOk(DELIVER, { id: s2.id });
    expect(done.markDelivered.order.status).toBe('DELIVERED');
  });

  it('cancelled after a partial shipment releases only the unshipped rest', async () => {
    const before = await level('FUL-C');
    const o = await order([{ sku: 'FUL-C', quantity: 4 }]);
    expect((await ship(o.id, [{ orderLineId: lineOf(o, 'FUL-C'), quantity: 1 }])).data!.createShipment.userErrors).toEqual([]);
    expect(await level('FUL-C')).toEqual({ onHand: before.onHand - 1, reserved: before.reserved + 3 });
    const cancel = await gqlOk('mutation($id: ID!) { cancelOrder(id: $id, reason: "buyer asked") { order { status } userErrors { code } } }', { id: o.id });
    expect(cancel.cancelOrder).toEqual({ order: { status: 'CANCELLED' }, userErrors: [] });
    expect(await level('FUL-C')).toEqual({ onHand: before.onHand - 1, reserved: before.reserved });
    expect(await reservationStatus(o.number)).toEqual(['RELEASED']);
    expect(await discrepancies()).toEqual([]);
    const after = await ship(o.id, [{ orderLineId: lineOf(o, 'FUL-C'), quantity: 1 }]);
    expect(after.data!.createShipment.userErrors[0].code).toBe('ILLEGAL_TRANSITION');
  });

  it('refuses over-shipment, foreign lines, the wrong warehouse and held orders, changing nothing', async () => {
    const o = await order([{ sku: 'FUL-A', quantity: 1 }]);
    const other = await order([{ sku: 'FUL-B', quantity: 1 }]);
    const before = await level('FUL-A');
    const over = await ship(o.id, [{ orderLineId: lineOf(o, 'FUL-A'), quantity: 2 }]);
    expect(over.data!.createShipment).toMatchObject({ shipment: null, userErrors: [{ code: 'OVER_SHIPMENT', field: ['lines', '0', 'quantity'] }] });
    const foreign = await ship(o.id, [{ orderLineId: lineOf(other, 'FUL-B'), quantity: 1 }]);
    expect(foreign.data!.createShipment.userErrors[0].code).toBe('UNKNOWN_ORDER_LINE');
    const elsewhere = await ship(o.id, [{ orderLineId: lineOf(o, 'FUL-A'), quantity: 1 }], 'FW2');
    expect(elsewhere.data!.createShipment.userErrors[0]).toMatchObject({ code: 'NOT_RESERVED_HERE', field: ['lines', '0', 'quantity'] });
    await gqlOk('mutation($id: ID!) { holdOrder(input: { orderId: $id, reason: DISPUTE }) { userErrors { code } } }', { id: o.id });
    const held = await ship(o.id, [{ orderLineId: lineOf(o, 'FUL-A'), quantity: 1 }]);
    expect(held.data!.createShipment.userErrors.map((e: { code: string }) => e.code)).toEqual(['ORDER_ON_HOLD']);
    expect(await level('FUL-A')).toEqual(before);
    const now = await gqlOk(`query($id: ID!) { order(id: $id) { status shipments { number } } }`, { id: o.id });
    expect(now.order).toEqual({ status: 'PAID', shipments: [] });
    expect(await discrepancies()).toEqual([]);
  });

  it('ships a bundle as its components, apart from the same component sold on its own', async () => {
    const o = await order([{ sku: 'BUN-SET', quantity: 2 }, { sku: 'BUN-TIE', quantity: 1 }]);
    expect(await level('BUN-TIE')).toEqual({ onHand: 5, reserved: 3 });
    expect(await level('BUN-BELT')).toEqual({ onHand: 10, reserved: 4 });
    const first = await ship(o.id, [{ orderLineId: lineOf(o, 'BUN-SET'), quantity: 1 }]);
    expect(first.data!.createShipment.userErrors).toEqual([]);
    expect(first.data!.createShipment.shipment.lines).toEqual([{ orderLineId: lineOf(o, 'BUN-SET'), sku: 'BUN-SET', quantity: 1 }]);
    expect(await level('BUN-TIE')).toEqual({ onHand: 4, reserved: 2 });
    expect(await level('BUN-BELT')).toEqual({ onHand: 8, reserved: 2 });
    expect(await discrepancies()).toEqual([]);
    const rest = await ship(o.id, [{ orderLineId: lineOf(o, 'BUN-SET'), quantity: 1 }, { orderLineId: lineOf(o, 'BUN-TIE'), quantity: 1 }]);
    expect(rest.data!.createShipment.order.status).toBe('SHIPPED');
    expect(await level('BUN-TIE')).toEqual({ onHand: 2, reserved: 0 });
    expect(await level('BUN-BELT')).toEqual({ onHand: 6, reserved: 0 });
    expect(await reservationStatus(o.number)).toEqual(['CONSUMED']);
    expect(await discrepancies()).toEqual([]);
  });

  it('writes a tracking outbox row for a channel order, in the same transaction', async () => {
    const r = await gqlOk(
      `mutation($i: ChannelOrderInput!) { recordChannelOrder(input: $i) { order { ${ORDER} } userErrors { code } } }`,
      { i: { channelKey: 'tmall-main', externalId: '4300000000000000001', status: 'PAID', modifiedAt: '2026-11-28T10:00:00Z', currency: 'CNY', buyerId: 'b1', lines: [{ sku: 'FUL-A', quantity: 1, unitPrice: '10.00', externalLineId: '1' }] } },
    );
    const o = r.recordChannelOrder.order;
    const res = await ship(o.id, [{ orderLineId: lineOf(o, 'FUL-A'), quantity: 1 }], 'FW', 'SF-TRACK-1');
    expect(res.data!.createShipment.userErrors).toEqual([]);
    const shipmentId = Buffer.from(res.data!.createShipment.shipment.id, 'base64url').toString('utf8').split(':')[1];
    const rows = await t.em().getConnection().execute('select channel_id, dispatched_at from shipment_outbox where shipment_id = ?', [shipmentId]);
    expect(rows).toEqual([{ channel_id: 'tmall-main', dispatched_at: null }]);
    const manualOrder = await order([{ sku: 'FUL-B', quantity: 1 }]);
    const m = await ship(manualOrder.id, [{ orderLineId: lineOf(manualOrder, 'FUL-B'), quantity: 1 }]);
    const manualId = Buffer.from(m.data!.createShipment.shipment.id, 'base64url').toString('utf8').split(':')[1];
    expect(await t.em().getConnection().execute('select id from shipment_outbox where shipment_id = ?', [manualId])).toEqual([]);
  });
});

describe('warehouse paperwork', () => {
  it('batches a pick list across orders by bin then SKU, leaving out held orders', async () => {
    const o1 = await order([{ sku: 'PK-A', quantity: 2 }, { sku: 'PK-B', quantity: 1 }]);
    const o2 = await order([{ sku: 'PK-A', quantity: 3 }]);
    const held = await order([{ sku: 'PK-B', quantity: 4 }]);
    await gqlOk('mutation($id: ID!) { holdOrder(input: { orderId: $id, reason: MANUAL }) { userErrors { code } } }', { id: held.id });
    const warehouse = await t.staffToken(['warehouse'], { departmentKey: 'warehouse' });
    const r = await gqlOk('{ pickList(warehouseCode: "FWP") { warehouseCode orderCount lines { sku binCode quantity orderNumbers } } }', {}, warehouse);
    expect(r.pickList).toEqual({
      warehouseCode: 'FWP',
      orderCount: 2,
      lines: [
        { sku: 'PK-B', binCode: 'A-01', quantity: 1, orderNumbers: [o1.number] },
        { sku: 'PK-A', binCode: 'B-01', quantity: 5, orderNumbers: [o1.number, o2.number].sort() },
      ],
    });
    await ship(o2.id, [{ orderLineId: lineOf(o2, 'PK-A'), quantity: 1 }], 'FWP');
    const after = await gqlOk('{ pickList(warehouseCode: "FWP") { lines { sku quantity } } }', {}, warehouse);
    expect(after.pickList.lines).toEqual([{ sku: 'PK-B', quantity: 1 }, { sku: 'PK-A', quantity: 4 }]);
    const csv = (await gqlOk('{ pickListExport(warehouseCode: "FWP", format: CSV) }', {}, warehouse)).pickListExport;
    expect(csv).toBe(`bin,sku,quantity,orders\r\nA-01,PK-B,1,${o1.number}\r\nB-01,PK-A,4,${[o1.number, o2.number].sort().join(' ')}\r\n`);
    const page = (await gqlOk('{ pickListExport(warehouseCode: "FWP", format: HTML) }', {}, warehouse)).pickListExport;
    expect(page).toContain('<td>B-01</td><td>PK-A</td><td class="n">4</td>');
  });

  it('exports waybills as CSV and printable HTML, quoting and escaping what the buyer typed', async () => {
    const o = await order([{ sku: 'FUL-C', quantity: 2 }], {
      shippingAddress: { name: 'Lee, <b>"Max"</b>', phone: '+86 13912345678', country: 'CN', city: '杭州', address1: '<script>alert(1)</script>' },
      buyerMessage: '=HYPERLINK("x")',
    });
    const warehouse = await t.staffToken(['warehouse'], { departmentKey: 'warehouse' });
    const csv = (await gqlOk('{ waybillExport(warehouseCode: "FW", format: CSV) }', {}, warehouse)).waybillExport as string;
    const rows = csv.split('\r\n');
    expect(rows[0]).toBe('order_number,channel,external_id,recipient_name,recipient_phone,country,province,city,district,address1,address2,postal_code,items,buyer_message,seller_memo');
    const row = rows.find((l) => l.startsWith(o.number + ','))!;
    expect(row).toBe(`${o.number},,,"Lee, <b>""Max""</b>",+86 13912345678,CN,,杭州,,<script>alert(1)</script>,,,FUL-C x 2,"'=HYPERLINK(""x"")",`);
    const page = (await gqlOk('{ waybillExport(warehouseCode: "FW", format: HTML) }', {}, warehouse)).waybillExport as string;
    expect(page).toMatch(/^<!DOCTYPE html>/);
    expect(page).toContain(o.number);
    expect(page).toContain('Lee, &lt;b&gt;&quot;Max&quot;&lt;/b&gt;');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).not.toContain('<script>');
    expect(page).not.toContain('<b>"Max"');
    const analyst = await t.gql('{ waybillExport(warehouseCode: "FW", format: CSV) }', {}, await t.staffToken(['data_analyst'], { departmentKey: 'data' }));
    expect(analyst.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});
