import { startTestApp, TestApp } from './support/test-app';

let t: TestApp;
let owner: string;
let warehouse: string;

const gqlOk = async (query: string, vars: Record<string, unknown> = {}, token = owner) => {
  const r = await t.gql(query, vars, token);
  expect(r.errors).toBeUndefined();
  return r.data!;
};

beforeAll(async () => {
  t = await startTestApp();
  owner = await t.ownerToken();
  warehouse = await t.staffToken(['warehouse'], { departmentKey: 'warehouse' });
  await gqlOk('mutation { createWarehouse(input: { code: "MW", name: "合单仓", kind: OWN, country: "CN" }) { userErrors { code } } }');
  const r = await gqlOk('mutation($i: CreateProductInput!) { createProduct(input: $i) { userErrors { code } } }', {
    i: { title: '合单测试', options: [{ name: '款式', values: ['MG-A', 'MG-B'] }], variants: ['MG-A', 'MG-B'].map((sku) => ({ sku, optionValues: [sku], price: '10.00' })) },
  });
  expect(r.createProduct.userErrors).toEqual([]);
  for (const sku of ['MG-A', 'MG-B']) {
    await gqlOk('mutation($s: String!) { adjustStock(input: { sku: $s, warehouseCode: "MW", delta: 100, reason: "opening" }) { userErrors { code } } }', { s: sku });
  }
});
afterAll(() => t.stop());

interface OrderRef { id: string; number: string; lines: { id: string; sku: string }[] }

const ORDER = 'id number status lines { id sku }';
let seq = 0;

/** A buyer of their own and their address, so the tests do not see each other's orders as mergeable. */
function person(n = ++seq) {
  const phone = `1390000${String(n).padStart(4, '0')}`;
  return {
    buyer: { name: `买家${n}`, phone },
    shippingAddress: { name: `买家${n}`, phone, country: 'CN', province: '浙江', city: '杭州', district: '西湖区', address1: `文三路 ${n} 号` },
  };
}

async function manual(who: ReturnType<typeof person>, lines = [{ sku: 'MG-A', quantity: 1 }], extra: Record<string, unknown> = {}): Promise<OrderRef> {
  const r = await gqlOk(`mutation($i: CreateOrderInput!) { createOrder(input: $i) { order { ${ORDER} } userErrors { code } } }`, {
    i: { idempotencyKey: `MG-${++seq}`, currency: 'CNY', ...who, lines: lines.map((l) => ({ ...l, unitPrice: '10.00' })), ...extra },
  });
  expect(r.createOrder.userErrors).toEqual([]);
  return r.createOrder.order;
}

async function channelOrder(channelKey: string, buyerId: string, who: ReturnType<typeof person>, lines = [{ sku: 'MG-A', quantity: 1 }]): Promise<OrderRef> {
  const r = await gqlOk(`mutation($i: ChannelOrderInput!) { recordChannelOrder(input: $i) { order { ${ORDER} } userErrors { code } } }`, {
    i: {
      channelKey, externalId: `43${String(++seq).padStart(17, '0')}`, status: 'PAID', modifiedAt: '2026-11-28T10:00:00Z', currency: 'CNY', buyerId, ...who,
      lines: lines.map((l, i) => ({ ...l, unitPrice: '10.00', externalLineId: String(i + 1) })),
    },
  });
  expect(r.recordChannelOrder.userErrors).toEqual([]);
  return r.recordChannelOrder.order;
}

const CANDIDATES = '{ mergeableOrders(first: 250) { channelKey channelId orders { id number } } }';
const MERGE = `mutation($ids: [ID!]!) { mergeOrders(input: { orderIds: $ids }) {
  group { id number createdBy createdAt shippedAt orders { id number } } userErrors { code field message } } }`;
const UNMERGE = 'mutation($g: ID!) { unmergeOrders(groupId: $g) { orders { id number } userErrors { code message } } }';
const SHIP_MERGED = `mutation($i: ShipMergedOrdersInput!) { shipMergedOrders(input: $i) {
  group { number shippedAt orders { number status shippedAt } }
  shipments { id number warehouseCode carrier trackingNumber lines { sku quantity } } userErrors { code field message } } }`;

const numbersOf = (list: { number: string }[]) => list.map((o) => o.number);
async function candidateSets(token = owner): Promise<string[][]> {
  return (await gqlOk(CANDIDATES, {}, token)).mergeableOrders.map((c: { orders: { number: string }[] }) => numbersOf(c.orders));
}
async function merge(orders: OrderRef[], token = warehouse) {
  return (await gqlOk(MERGE, { ids: orders.map((o) => o.id) }, token)).mergeOrders;
}
const codesOf = (errors: { code: string }[]) => errors.map((e) => e.code);
const shipmentDbId = (id: string) => Buffer.from(id, 'base64url').toString('utf8').split(':')[1];

async function level(sku: string): Promise<{ onHand: number; reserved: number }> {
  const r = await gqlOk('query($s: String!) { stockLevels(first: 1, filter: { sku: $s, warehouseCode: "MW" }) { edges { node { onHand reserved } } } }', { s: sku });
  return r.stockLevels.edges[0].node;
}
async function reservationStatus(orderNumber: string): Promise<string[]> {
  const rows = await t.em().getConnection().execute('select status from reservation where reference = ? order by created_at', [orderNumber]);
  return (rows as { status: string }[]).map((r) => r.status);
}

describe('mergeable orders', () => {
  it('lists orders of one buyer to one address in one channel, however the address was typed', async () => {
    const who = person();
    const a = await manual(who);
    // The same address with other spacing, full-width digits and a +86 phone.
    const b = await manual({
      buyer: { ...who.buyer, phone: `+86 ${who.buyer.phone}` },
      shippingAddress: { ...who.shippingAddress, phone: `+86 ${who.shippingAddress.phone}`, address1: who.shippingAddress.address1.replace(/ /g, '').replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d))) },
    }, [{ sku: 'MG-B', quantity: 2 }]);
    const elsewhere = await manual({ ...who, shippingAddress: { ...who.shippingAddress, address1: '莫干山路 1 号' } });
    const held = await manual(who);
    await gqlOk('mutation($id: ID!) { holdOrder(input: { orderId: $id, reason: MANUAL }) { userErrors { code } } }', { id: held.id });
    const pending = await manual(who, undefined, { paymentPending: true });
    // Marketplaces mask the buyer's name: the channel's buyer id tells it is the same buyer.
    const them = person();
    const c1 = await channelOrder('tmall-main', 'buyer-42', them);
    const c2 = await channelOrder('tmall-main', 'buyer-42', { ...them, buyer: { name: '买*', phone: '139****0000' } });
    const otherShop = await channelOrder('taobao-2', 'buyer-42', them);

    const analyst = await t.staffToken(['data_analyst'], { departmentKey: 'data' });
    const sets = await candidateSets(analyst);
    expect(sets).toContainEqual([a.number, b.number]);
    expect(sets).toContainEqual([c1.number, c2.number]);
    const listed = sets.flat();
    for (const o of [elsewhere, held, pending, otherShop]) expect(listed).not.toContain(o.number);
    const withChannel = (await gqlOk(CANDIDATES)).mergeableOrders.find((c: { orders: { number: string }[] }) => c.orders[0].number === c1.number);
    // tmall-main is a key no Channel is set up under: no global id to give.
    expect([withChannel.channelKey, withChannel.channelId]).toEqual(['tmall-main', null]);
  });
});

describe('merging', () => {
  it('puts the orders in one group, which each order shows, and takes them off the candidates', async () => {
    const who = person();
    const a = await manual(who);
    const b = await manual(who, [{ sku: 'MG-B', quantity: 1 }]);
    const r = await merge([a, b]);
    expect(r.userErrors).toEqual([]);
    expect(r.group).toMatchObject({ number: expect.stringMatching(/^MG-\d{6}$/), createdBy: expect.stringContaining('warehouse'), shippedAt: null });
    expect(numbersOf(r.group.orders)).toEqual([a.number, b.number]);
    const seen = await gqlOk(`query($a: ID!, $b: ID!) { a: order(id: $a) { mergeGroup { id number } } b: order(id: $b) { mergeGroup { number } } }`, { a: a.id, b: b.id });
    expect(seen.a.mergeGroup).toEqual({ id: r.group.id, number: r.group.number });
    expect(seen.b.mergeGroup.number).toBe(r.group.number);
    const node = await gqlOk('query($id: ID!) { node(id: $id) { ... on OrderMergeGroup { number orders { number } } } }', { id: r.group.id });
    expect(node.node).toEqual({ number: r.group.number, orders: [{ number: a.number }, { number: b.number }] });
    expect((await candidateSets()).flat()).not.toContain(a.number);
  });

  it('refuses, naming what differs, and changes nothing', async () => {
    const who = person();
    const lead = await manual(who);
    const channel = await channelOrder('tmall-main', 'buyer-7', who);
    const buyer = await manual({ ...who, buyer: { name: '另一个人', phone: '13700000000' } });
    const address = await manual({ ...who, shippingAddress: { ...who.shippingAddress, city: '宁波' } });
    const shipped = await manual(who);
    const line = shipped.lines[0].id;
    const s = await gqlOk('mutation($i: CreateShipmentInput!) { createShipment(input: $i) { userErrors { code } } }', {
      i: { orderId: shipped.id, warehouseCode: 'MW', carrier: 'SF', trackingNumber: 'SF-SOLO', lines: [{ orderLineId: line, quantity: 1 }] },
    });
    expect(s.createShipment.userErrors).toEqual([]);
    const held = await manual(who);
    await gqlOk('mutation($id: ID!) { holdOrder(input: { orderId: $id, reason: DISPUTE }) { userErrors { code } } }', { id: held.id });
    const [m1, m2] = [await manual(who), await manual(who)];
    expect((await merge([m1, m2])).userErrors).toEqual([]);

    const refusal = async (other: OrderRef, reason: RegExp) => {
      const r = await merge([lead, other]);
      expect(r.group).toBeNull();
      expect(r.userErrors).toEqual([{ code: 'NOT_MERGEABLE', field: ['orderIds', '1'], message: expect.stringMatching(reason) }]);
      expect(r.userErrors[0].message).toContain(other.number);
    };
    await refusal(channel, /channel differs/);
    await refusal(buyer, /buyer differs/);
    await refusal(address, /shipping address differs/);
    await refusal(shipped, /status is SHIPPED/);
    await refusal(held, /on hold \(DISPUTE\)/);
    await refusal(m1, /already merged in MG-\d{6}/);

    const missing = Buffer.from('Order:00000000-0000-4000-8000-000000000000').toString('base64url');
    expect((await merge([lead, { id: missing } as OrderRef])).userErrors).toEqual([{ code: 'NOT_FOUND', field: ['orderIds', '1'], message: 'No order has this id' }]);
    expect(codesOf((await merge([lead, { id: 'nonsense' } as OrderRef])).userErrors)).toEqual(['NOT_FOUND']);
    expect(codesOf((await merge([lead, lead])).userErrors)).toEqual(['TOO_FEW_ORDERS']);
    const none = await gqlOk('query($id: ID!) { order(id: $id) { mergeGroup { id } } }', { id: lead.id });
    expect(none.order.mergeGroup).toBeNull();

    // Customer service and the warehouse may merge; a copywriter may not.
    const copy = await t.staffToken(['copywriter'], { departmentKey: 'copywriting' });
    const forbidden = await t.gql(MERGE, { ids: [lead.id, buyer.id] }, copy);
    expect(forbidden.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});

describe('shipping a merge group', () => {
  it('ships every order as one parcel: all SHIPPED, one tracking number, stock and reservations consumed, outbox rows for channel orders', async () => {
    const who = person();
    const c1 = await channelOrder('tmall-main', 'buyer-ship', who, [{ sku: 'MG-A', quantity: 2 }]);
    const c2 = await channelOrder('tmall-main', 'buyer-ship', who, [{ sku: 'MG-A', quantity: 1 }, { sku: 'MG-B', quantity: 3 }]);
    // c2 already sent one unit on its own (拆单): the parcel carries the rest.
    const first = await gqlOk('mutation($i: CreateShipmentInput!) { createShipment(input: $i) { userErrors { code } } }', {
      i: { orderId: c2.id, warehouseCode: 'MW', carrier: 'SF', trackingNumber: 'SF-EARLY', lines: [{ orderLineId: c2.lines[1].id, quantity: 1 }] },
    });
    expect(first.createShipment.userErrors).toEqual([]);
    const group = (await merge([c1, c2])).group;

    const waybills = (await gqlOk('{ waybillExport(warehouseCode: "MW", format: CSV) }', {}, warehouse)).waybillExport as string;
    const rows = waybills.split('\r\n').filter((l) => l.includes(c1.number) || l.includes(c2.number));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatch(new RegExp(`^${c1.number} ${c2.number},tmall-main,\\d+ \\d+,`));
    expect(rows[0]).toContain('MG-A x 3; MG-B x 2');

    const before = { a: await level('MG-A'), b: await level('MG-B') };
    const r = (await gqlOk(SHIP_MERGED, { i: { groupId: group.id, warehouseCode: 'mw', carrier: 'SF', trackingNumber: 'SF-MERGED-1' } }, warehouse)).shipMergedOrders;
    expect(r.userErrors).toEqual([]);
    expect(r.shipments).toHaveLength(2);
    expect(r.shipments.map((s: { trackingNumber: string }) => s.trackingNumber)).toEqual(['SF-MERGED-1', 'SF-MERGED-1']);
    expect(r.shipments.map((s: { lines: unknown[] }) => s.lines)).toEqual([[{ sku: 'MG-A', quantity: 2 }], [{ sku: 'MG-A', quantity: 1 }, { sku: 'MG-B', quantity: 2 }]]);
    expect(r.group.shippedAt).not.toBeNull();
    expect(r.group.orders.map((o: { status: string }) => o.status)).toEqual(['SHIPPED', 'SHIPPED']);

    expect(await level('MG-A')).toEqual({ onHand: before.a.onHand - 3, reserved: before.a.reserved - 3 });
    expect(await level('MG-B')).toEqual({ onHand: before.b.onHand - 2, reserved: before.b.reserved - 2 });
    expect(await reservationStatus(c1.number)).toEqual(['CONSUMED']);
    expect(await reservationStatus(c2.number)).toEqual(['CONSUMED']);
    const moves = await gqlOk('query($r: String!) { stockMovements(first: 5, filter: { reference: $r }) { edges { node { sku type quantity } } } }', { r: c1.number });
    expect(moves.stockMovements.edges.map((e: { node: unknown }) => e.node)).toEqual([{ sku: 'MG-A', type: 'SHIPMENT', quantity: -2 }]);
    expect((await gqlOk('{ stockDiscrepancies { sku } }')).stockDiscrepancies).toEqual([]);

    const outbox = await t.em().getConnection().execute(
      `select s.tracking_number, b.channel_id from shipment_outbox b join shipment s on s.id = b.shipment_id where b.shipment_id in (?, ?) order by s.number`,
      r.shipments.map((s: { id: string }) => shipmentDbId(s.id)),
    );
    expect(outbox).toEqual([{ tracking_number: 'SF-MERGED-1', channel_id: 'tmall-main' }, { tracking_number: 'SF-MERGED-1', channel_id: 'tmall-main' }]);
    const trackings = await gqlOk('query($id: ID!) { order(id: $id) { shipments { trackingNumber } } }', { id: c2.id });
    expect(trackings.order.shipments).toEqual([{ trackingNumber: 'SF-EARLY' }, { trackingNumber: 'SF-MERGED-1' }]);

    const again = (await gqlOk(SHIP_MERGED, { i: { groupId: group.id, warehouseCode: 'MW', carrier: 'SF', trackingNumber: 'SF-MERGED-2' } }, warehouse)).shipMergedOrders;
    expect(codesOf(again.userErrors)).toEqual(['ALREADY_SHIPPED']);
    expect(codesOf((await gqlOk(UNMERGE, { g: group.id }, warehouse)).unmergeOrders.userErrors)).toEqual(['ALREADY_SHIPPED']);
  });

  it('is all or nothing: one held order refuses the parcel and no order ships', async () => {
    const who = person();
    const a = await manual(who, [{ sku: 'MG-B', quantity: 1 }]);
    const b = await manual(who, [{ sku: 'MG-B', quantity: 1 }]);
    const group = (await merge([a, b])).group;
    await gqlOk('mutation($id: ID!) { holdOrder(input: { orderId: $id, reason: CANCEL_REQUESTED }) { userErrors { code } } }', { id: b.id });
    const before = await level('MG-B');
    const r = (await gqlOk(SHIP_MERGED, { i: { groupId: group.id, warehouseCode: 'MW', carrier: 'SF', trackingNumber: 'SF-NOPE' } }, warehouse)).shipMergedOrders;
    expect(r).toEqual({ group: null, shipments: [], userErrors: [{ code: 'ORDER_ON_HOLD', field: ['groupId'], message: expect.stringContaining(b.number) }] });
    expect(await level('MG-B')).toEqual(before);
    const now = await gqlOk('query($a: ID!, $b: ID!) { a: order(id: $a) { status shipments { number } } b: order(id: $b) { status } }', { a: a.id, b: b.id });
    expect(now).toEqual({ a: { status: 'PAID', shipments: [] }, b: { status: 'PAID' } });

    const bad = (await gqlOk(SHIP_MERGED, { i: { groupId: group.id, warehouseCode: 'NOWHERE', carrier: ' ', trackingNumber: 'X' } }, warehouse)).shipMergedOrders;
    expect(codesOf(bad.userErrors).sort()).toEqual(['INVALID_VALUE', 'UNKNOWN_WAREHOUSE']);
    const missing = Buffer.from('OrderMergeGroup:00000000-0000-4000-8000-000000000000').toString('base64url');
    const lost = (await gqlOk(SHIP_MERGED, { i: { groupId: missing, warehouseCode: 'MW', carrier: 'SF', trackingNumber: 'X' } }, warehouse)).shipMergedOrders;
    expect(codesOf(lost.userErrors)).toEqual(['NOT_FOUND']);
  });
});

describe('unmerging', () => {
  it('dissolves the group: the orders ship on their own and are candidates again', async () => {
    const who = person();
    const a = await manual(who);
    const b = await manual(who);
    const group = (await merge([a, b])).group;
    const r = (await gqlOk(UNMERGE, { g: group.id }, warehouse)).unmergeOrders;
    expect(r.userErrors).toEqual([]);
    expect(numbersOf(r.orders)).toEqual([a.number, b.number]);
    const seen = await gqlOk('query($a: ID!, $g: ID!) { order(id: $a) { mergeGroup { id } } node(id: $g) { id } }', { a: a.id, g: group.id });
    expect(seen).toEqual({ order: { mergeGroup: null }, node: null });
    expect(await candidateSets()).toContainEqual([a.number, b.number]);
    expect(codesOf((await gqlOk(UNMERGE, { g: group.id }, warehouse)).unmergeOrders.userErrors)).toEqual(['NOT_FOUND']);
    expect((await merge([a, b])).userErrors).toEqual([]);
  });
});
