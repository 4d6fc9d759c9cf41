import WebSocket from 'ws';
import { createClient, Client } from 'graphql-ws';
import { getNamedType, GraphQLEnumType, GraphQLSchema, isEnumType } from 'graphql';
import { buildAppSchema } from '../../src/graphql/schema';
import { ALL_PERMISSIONS } from '../../src/staff/permissions';
import { SimControl } from '../../connectors/sdk/testkit/sim-control';
import { startTaobaoSimulator } from '../../connectors/taobao/simulator';
import { GqlResult, startTestApp, TestApp } from '../support/test-app';
import { SchemaWalk } from './schema-walk';

/**
 * Channel scope (issue 11, items 2, 11 and 12): a person whose roles are limited to channel A
 * walks the whole schema (every query with every scalar field a few levels down, node(id) of
 * every object of channel B, every mutation on B's things) and must meet nothing of channel B;
 * buyer data is shown per channel; masked buyer data cannot be searched for or read back from
 * the audit log; revenue needs reports.finance. The walk of every root field by the built-in
 * overseas sales role, shop against shop in both directions, is channel-scope-walk.ts.
 */

/** The permissions of the business (everything but staff, roles, API keys and the audit log). */
const BUSINESS = ALL_PERMISSIONS.filter((p) => !/^(staff\.|roles\.|apikeys\.|audit\.)/.test(p));

const A = { key: 'chan-alpha', name: '阿尔法旗舰店' };
const B = { key: 'chan-beta-7', name: '贝塔专营店' };

/** Buyer data of channel A's orders (seen by the one-channel person: the walk reaches this deep). */
const A_BUYER = { name: '阿甲先生', nickname: 'alpha_nick_k3', phone: '13800003333', email: 'alpha.buyer@example.net' };
const A_ADDRESS = { name: '阿甲先生', phone: '13800003333', country: 'CN', province: '浙江', city: '杭州', address1: '阿尔法路三号' };
const A_MESSAGE = '阿尔法留言：请用纸箱';

/** Buyer data of channel B's orders and of a manual order: never shown to the one-channel person. */
const B_BUYER = { name: '贝壳乙女士', nickname: 'beta_nick_q7', phone: '13900007777', email: 'beta.buyer@example.org' };
const B_ADDRESS = { name: '贝壳乙女士', phone: '13900007777', country: 'CN', province: '浙江', city: '宁波', address1: '贝塔路七十七号' };
const B_MESSAGE = '贝塔留言：周五前送达';
const M_BUYER = { name: '曼努尔先生', phone: '13700005555' };
const M_ADDRESS = { name: '曼努尔先生', phone: '13700005555', country: 'CN', city: '上海', address1: '手工单大道一号' };
const M_MESSAGE = '手工单留言：加急';

const WAREHOUSE = 'SCW';

export function channelScopeSecurity(): void {
  let t: TestApp;
  let owner: string;
  let sim: Awaited<ReturnType<typeof startTaobaoSimulator>>;
  let schema: GraphQLSchema;
  const clients: Client[] = [];

  /** Channel ids, and what the test made on each channel, by name. */
  const chan: Record<'A' | 'B', { id: string; key: string; name: string }> = {} as never;
  const orders: Record<string, { id: string; number: string; lineId: string; externalId: string | null }> = {};
  const ids: Record<string, string> = {};
  /** Strings of channel B (and of the manual order) that must never reach the one-channel person. */
  const forbiddenMarkers: string[] = [];
  /** Strings of channel A the one-channel person does see (the walk's positive control). */
  const seenMarkers: string[] = [];

  const gqlOk = async (query: string, vars: Record<string, unknown> = {}, token = owner): Promise<Record<string, any>> => {
    const r = await t.gql(query, vars, token);
    if (r.errors) throw new Error(`GraphQL errors: ${JSON.stringify(r.errors)}`);
    return r.data!;
  };
  const noErrors = (payload: { userErrors: unknown[] }) => expect(payload.userErrors).toEqual([]);
  const leaked = (text: string) => forbiddenMarkers.filter((m) => text.includes(m));

  const INTAKE = `mutation($i: ChannelOrderInput!) { recordChannelOrder(input: $i) { order { id number externalId lines { id } } userErrors { code message } } }`;

  async function channelOrder(name: string, channel: 'A' | 'B', status: string, opts: { sku?: string; buyerId?: string } = {}): Promise<void> {
    const a = channel === 'A';
    const externalId = `${a ? 'AEXT' : 'BEXT'}-${name}`;
    const r = await gqlOk(INTAKE, {
      i: {
        channelKey: chan[channel].key, externalId, status, currency: 'CNY', modifiedAt: '2031-05-01T08:00:00Z', placedAt: '2031-05-01T08:00:00Z',
        buyerId: opts.buyerId ?? `${channel}-buyer-${name}`,
        buyer: a ? A_BUYER : B_BUYER, shippingAddress: a ? A_ADDRESS : B_ADDRESS, buyerMessage: a ? A_MESSAGE : B_MESSAGE,
        lines: [{ sku: opts.sku ?? 'SC-1', quantity: 1, unitPrice: '88.00', externalLineId: `${externalId}-L1` }],
      },
    });
    noErrors(r.recordChannelOrder);
    const o = r.recordChannelOrder.order;
    orders[name] = { id: o.id, number: o.number, lineId: o.lines[0].id, externalId };
    (a ? seenMarkers : forbiddenMarkers).push(o.number, externalId);
  }

  beforeAll(async () => {
    // Generous query limits: the walk selects every field a few levels down in one query.
    t = await startTestApp({ GRAPHQL_MAX_COST: '1000000', GRAPHQL_MAX_DEPTH: '40', GRAPHQL_MAX_DOCUMENT_BYTES: '2000000', GRAPHQL_MAX_ALIASES: '1000' });
    owner = await t.ownerToken();
    schema = await buildAppSchema();
    sim = await startTaobaoSimulator();
    const credentials = await new SimControl(sim.controlUrl).credentials();

    await gqlOk(`mutation { createWarehouse(input: { code: "${WAREHOUSE}", name: "范围仓", kind: OWN, country: "CN" }) { userErrors { code } } }`);
    const p = await gqlOk('mutation($i: CreateProductInput!) { createProduct(input: $i) { userErrors { code message } } }', {
      i: { title: '范围测试衬衫', options: [{ name: '尺码', values: ['M', 'L'] }], variants: [{ sku: 'SC-1', optionValues: ['M'], price: '88.00' }, { sku: 'SC-2', optionValues: ['L'], price: '88.00' }] },
    });
    noErrors(p.createProduct);
    for (const sku of ['SC-1', 'SC-2']) {
      noErrors((await gqlOk(`mutation { adjustStock(input: { sku: "${sku}", warehouseCode: "${WAREHOUSE}", delta: 100, reason: "opening" }) { userErrors { code } } }`)).adjustStock);
    }
    for (const [side, c] of [['A', A], ['B', B]] as const) {
      const r = await gqlOk(`mutation($i: CreateChannelInput!) { createChannel(input: $i) { channel { id key name } userErrors { code message } } }`, {
        i: { kind: 'TAOBAO', key: c.key, name: c.name, baseUrl: sim.baseUrl, currency: 'CNY', credentials, warehouseCodes: [WAREHOUSE], schedule: { ordersEveryMinutes: 0, returnsEveryMinutes: 0, reconcileEveryHours: 0 } },
      });
      noErrors(r.createChannel);
      chan[side] = r.createChannel.channel;
    }
    forbiddenMarkers.push(B.key, B.name, ...Object.values(B_BUYER), B_ADDRESS.address1, B_MESSAGE, ...Object.values(M_BUYER), M_ADDRESS.address1, M_MESSAGE);
    seenMarkers.push(A.key, A.name, A_BUYER.name, A_BUYER.phone, A_ADDRESS.address1, A_MESSAGE);

    // Channel A: orders ready to ship, one to hold and release.
    await channelOrder('A1', 'A', 'PAID');
    await channelOrder('A2', 'A', 'PAID');
    // Channel B: shipped with a return, two merged, held, unmapped, waiting for payment, ready to ship.
    await channelOrder('B1', 'B', 'PAID');
    await channelOrder('B2', 'B', 'PAID', { buyerId: 'beta-same' });
    await channelOrder('B3', 'B', 'PAID', { buyerId: 'beta-same' });
    await channelOrder('B4', 'B', 'PAID');
    await channelOrder('B5', 'B', 'PAID', { sku: 'NOPE-B' });
    await channelOrder('B6', 'B', 'PENDING_PAYMENT');
    await channelOrder('B7', 'B', 'PAID');
    // A manual order: no channel, so nobody limited to channels reaches it.
    const m = await gqlOk(`mutation($i: CreateOrderInput!) { createOrder(input: $i) { order { id number lines { id } } userErrors { code message } } }`, {
      i: { idempotencyKey: 'scope-manual-1', currency: 'CNY', buyer: M_BUYER, shippingAddress: M_ADDRESS, buyerMessage: M_MESSAGE, lines: [{ sku: 'SC-2', quantity: 1, unitPrice: '88.00' }] },
    });
    noErrors(m.createOrder);
    orders.M = { id: m.createOrder.order.id, number: m.createOrder.order.number, lineId: m.createOrder.order.lines[0].id, externalId: null };
    forbiddenMarkers.push(orders.M.number);

    const ship = await gqlOk(`mutation($i: CreateShipmentInput!) { createShipment(input: $i) { shipment { id } userErrors { code message } } }`, {
      i: { orderId: orders.B1.id, warehouseCode: WAREHOUSE, carrier: 'SF', trackingNumber: 'BTRACK-5501', lines: [{ orderLineId: orders.B1.lineId, quantity: 1 }] },
    });
    noErrors(ship.createShipment);
    ids.shipmentB = ship.createShipment.shipment.id;
    forbiddenMarkers.push('BTRACK-5501');
    const ret = await gqlOk(`mutation($i: CreateReturnInput!) { createReturn(input: $i) { return { id number lines { id } } userErrors { code message } } }`, {
      i: { orderId: orders.B1.id, type: 'RETURN_AND_REFUND', reason: '贝塔退货原因', lines: [{ orderLineId: orders.B1.lineId, quantity: 1, reason: '贝塔退货行原因' }] },
    });
    noErrors(ret.createReturn);
    ids.returnB = ret.createReturn.return.id;
    ids.returnLineB = ret.createReturn.return.lines[0].id;
    forbiddenMarkers.push(ret.createReturn.return.number, '贝塔退货原因', '贝塔退货行原因');
    const merged = await gqlOk(`mutation($o: [ID!]!) { mergeOrders(input: { orderIds: $o }) { group { id number } userErrors { code message } } }`, { o: [orders.B2.id, orders.B3.id] });
    noErrors(merged.mergeOrders);
    ids.groupB = merged.mergeOrders.group.id;
    forbiddenMarkers.push(merged.mergeOrders.group.number);
    noErrors((await gqlOk(`mutation($id: ID!) { holdOrder(input: { orderId: $id, reason: MANUAL, note: "贝塔暂扣" }) { userErrors { code } } }`, { id: orders.B4.id })).holdOrder);
    noErrors((await gqlOk(`mutation($id: ID!) { addOrderNote(input: { orderId: $id, text: "贝塔客服备注" }) { userErrors { code } } }`, { id: orders.B7.id })).addOrderNote);
    noErrors((await gqlOk(`mutation($id: ID!) { addOrderNote(input: { orderId: $id, text: "阿尔法客服备注" }) { userErrors { code } } }`, { id: orders.A1.id })).addOrderNote);
    forbiddenMarkers.push('贝塔暂扣', '贝塔客服备注');
    seenMarkers.push('阿尔法客服备注');

    // Listings and sync runs on both channels (no worker runs here: they stay queued).
    for (const side of ['A', 'B'] as const) {
      const title = side === 'A' ? '阿尔法上架标题' : '贝塔上架标题';
      const l = await gqlOk(`mutation($c: ID!, $t: String!) { publishListings(input: { channelId: $c, skus: ["SC-1"], title: $t }) { listings { id } userErrors { code message } } }`, { c: chan[side].id, t: title });
      noErrors(l.publishListings);
      ids[`listing${side}`] = l.publishListings.listings[0].id;
      const s = await gqlOk(`mutation($c: ID!) { syncChannel(input: { channelId: $c, scopes: [ORDERS] }) { syncRun { id } userErrors { code message } } }`, { c: chan[side].id });
      noErrors(s.syncChannel);
      ids[`run${side}`] = s.syncChannel.syncRun.id;
      (side === 'A' ? seenMarkers : forbiddenMarkers).push(title);
    }
    // What the sync would have written: a marketplace case on each channel and an order it could not read.
    const conn = t.em().getConnection();
    const runUuid = (globalId: string) => Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1];
    for (const side of ['A', 'B'] as const) {
      const a = side === 'A';
      await conn.execute(
        `insert into channel_return (id, channel_id, external_id, order_external_id, type, status, marketplace_status, amount, currency, reason, modified_at, raw)
         values (gen_random_uuid(), (select id from channel where key = ?), ?, ?, 'REFUND_ONLY', 'REQUESTED', 'WAIT_SELLER_AGREE', 10, 'CNY', ?, now(), '{}'::jsonb)`,
        [chan[side].key, a ? 'ACR-1101' : 'BCR-8801', orders[a ? 'A1' : 'B7'].externalId, a ? '阿尔法退款理由' : '贝塔退款理由'],
      );
      await conn.execute(
        `insert into sync_error (id, run_id, channel_id, scope, kind, code, message, external_id, raw)
         values (gen_random_uuid(), ?, (select id from channel where key = ?), 'ORDERS', 'MALFORMED', 'UNREADABLE', 'the order could not be read', ?, ?::jsonb)`,
        [runUuid(ids[`run${side}`]), chan[side].key, a ? 'AERR-31' : 'BERR-71', JSON.stringify({ receiver_name: a ? A_BUYER.name : B_BUYER.name })],
      );
    }
    const cases = await gqlOk(`{ channelReturns(first: 10) { edges { node { id externalId } } } }`);
    ids.channelReturnB = cases.channelReturns.edges.find((e: any) => e.node.externalId === 'BCR-8801').node.id;
    forbiddenMarkers.push('BCR-8801', '贝塔退款理由', 'BERR-71');
    seenMarkers.push('ACR-1101', '阿尔法退款理由');

    // Roles: every business permission in one custom role; an auditor; pii.read alone; a packer without pii.read.
    for (const role of [
      { key: 'scope_everything', name: 'Everything of the business', permissions: BUSINESS },
      { key: 'scope_auditor', name: 'Auditor', permissions: ['audit.read'] },
      { key: 'scope_pii_only', name: 'Buyer details', permissions: ['pii.read'] },
      { key: 'scope_packer', name: 'Packer', permissions: ['orders.read', 'orders.fulfil'] },
    ]) {
      noErrors((await gqlOk(`mutation($i: CreateRoleInput!) { createRole(input: $i) { userErrors { code message } } }`, { i: role })).createRole);
    }
  }, 120_000);

  afterAll(async () => {
    for (const c of clients) await c.dispose();
    await t?.stop();
    await sim?.stop();
  });

  const oneChannel = async (roles: string[], department = 'overseas') => t.staffToken(roles, { departmentKey: department, channelIds: [A.key] });

  // ---- the schema walk ----------------------------------------------------------------------

  /** The schema walk aimed at channel B: B's objects where an id, key or code is asked. */
  const walker = (): SchemaWalk =>
    new SchemaWalk(schema, (name, scalar) => {
      if (scalar === 'ID') {
        if (/channel/i.test(name)) return JSON.stringify(chan.B.id);
        if (/run/i.test(name)) return JSON.stringify(ids.runB);
        return JSON.stringify(orders.B1.id);
      }
      if (/channelKey/i.test(name)) return JSON.stringify(B.key);
      if (/warehouse|code/i.test(name)) return JSON.stringify(WAREHOUSE);
      if (/sku/i.test(name)) return '"SC-1"';
      return undefined;
    });

  /** Every root query (node aside) with every scalar field 6 levels down; one run per value of an enum argument. */
  function rootQueries(): { field: string; query: string }[] {
    const out: { field: string; query: string }[] = [];
    const w = walker();
    for (const f of Object.values(schema.getQueryType()!.getFields())) {
      if (f.name === 'node') continue;
      const sel = w.fieldSelection('Query', f.name, 6);
      // An `id` argument gets the id of B's object of the field's own type (syncRun: B's run).
      const own: Record<string, string> = { syncRun: ids.runB, channel: chan.B.id, order: orders.B1.id };
      const idArg: Record<string, string> = f.args.some((a) => a.name === 'id') && own[f.name] ? { id: JSON.stringify(own[f.name]) } : {};
      const enumArg = f.args.find((a) => isEnumType(getNamedType(a.type)));
      const runs = enumArg ? (getNamedType(enumArg.type) as GraphQLEnumType).getValues().map((v) => ({ [enumArg.name]: v.name })) : [{}];
      for (const o of runs) out.push({ field: f.name, query: `query { r: ${f.name}${w.args(f.args, { ...idArg, ...o })}${sel} }` });
    }
    return out;
  }

  /** node(id) selecting every field of the id's own type 4 levels down (fragments on every type would overlap). */
  const nodeQuery = (globalId: string): string => walker().nodeQuery(globalId, 4);

  const internalErrors = (r: GqlResult) => (r.errors ?? []).filter((e) => e.extensions?.code === 'INTERNAL_SERVER_ERROR' || !e.extensions?.code);

  async function walk(token: string): Promise<{ text: string; answered: Set<string>; problems: string[] }> {
    let text = '';
    const answered = new Set<string>();
    const problems: string[] = [];
    for (const { field, query } of rootQueries()) {
      const r = await t.gql(query, {}, token);
      const body = JSON.stringify(r);
      text += body;
      if (r.data?.r != null) answered.add(field);
      const bad = leaked(body);
      if (bad.length) problems.push(`${field} shows ${bad.join(', ')}: ${body.slice(0, 300)}`);
      if (internalErrors(r).length) problems.push(`${field} failed: ${JSON.stringify(internalErrors(r))}`);
    }
    return { text, answered, problems };
  }

  it('#2 a one-channel person walking every query of the schema meets nothing of another channel or of manual orders', async () => {
    const personas = [
      await oneChannel(['scope_everything']),
      await oneChannel(['overseas_sales']),
      await oneChannel(['customer_service'], 'customer_service'),
    ];
    for (const token of personas) {
      const { text, answered, problems } = await walk(token);
      expect(problems).toEqual([]);
      // The walk reaches deep: channel A's orders, buyers, notes, cases (and listings, with channels.read) are there.
      const expected = seenMarkers.filter((m) => m !== '阿尔法上架标题' || answered.has('listings'));
      expect(expected.filter((m) => !text.includes(m))).toEqual([]);
      expect(answered.has('orders')).toBe(true);
    }
    // The one-channel person asking for channel B by id or key is refused.
    const everything = personas[0];
    for (const [query, vars] of [
      ['query($id: ID!) { channel(id: $id) { id } }', { id: chan.B.id }],
      ['query($id: ID!) { order(id: $id) { id } }', { id: orders.B1.id }],
      ['query($id: ID!) { order(id: $id) { id } }', { id: orders.M.id }],
      ['query($id: ID!) { syncRun(id: $id) { id } }', { id: ids.runB }],
      ['query($id: ID!) { listingDrift(channelId: $id) { field } }', { id: chan.B.id }],
      [`query { channelAvailability(channelKey: "${B.key}", sku: "SC-1") }`, {}],
      [`query { pendingStockPushes(channelKey: "${B.key}") { sku } }`, {}],
    ] as const) {
      const r = await t.gql(query, vars, everything);
      expect([query, r.errors?.[0]?.extensions?.code]).toEqual([query, 'FORBIDDEN']);
      expect(leaked(JSON.stringify(r))).toEqual([]);
    }
    // Lists keep channel A's objects only.
    const lists = await gqlOk(
      `{ orders(first: 50) { totalCount edges { node { channelKey } } } returns(first: 50) { totalCount } channelReturns(first: 50) { totalCount }
         listings(first: 50) { totalCount } syncRuns(first: 50) { totalCount } channels { key } mergeableOrders { channelId }
         pickList(warehouseCode: "${WAREHOUSE}") { orderCount } }`,
      {},
      everything,
    );
    expect(lists.orders.edges.map((e: any) => e.node.channelKey)).toEqual([A.key, A.key]);
    // Channel A's runs: its publish (every job leaves a run) and its ORDERS sync.
    expect({ returns: lists.returns.totalCount, cases: lists.channelReturns.totalCount, listings: lists.listings.totalCount, runs: lists.syncRuns.totalCount }).toEqual({ returns: 0, cases: 1, listings: 1, runs: 2 });
    expect(lists.channels).toEqual([{ key: A.key }]);
    expect(lists.pickList.orderCount).toBe(2);
  }, 240_000);

  it('#2 node(id) of every object of another channel is refused and shows nothing of it', async () => {
    const token = await oneChannel(['scope_everything']);
    const bObjects: [string, string][] = [
      ...['B1', 'B2', 'B4', 'B5', 'B6', 'B7', 'M'].map((n) => [`order ${n}`, orders[n].id] as [string, string]),
      ['channel', chan.B.id], ['return', ids.returnB], ['merge group', ids.groupB], ['listing', ids.listingB], ['sync run', ids.runB], ['marketplace case', ids.channelReturnB],
    ];
    for (const [what, id] of bObjects) {
      const r = await t.gql(nodeQuery(id), { id }, token);
      expect([what, r.errors?.[0]?.extensions?.code, r.data?.node ?? null]).toEqual([what, 'FORBIDDEN', null]);
      expect([what, leaked(JSON.stringify(r))]).toEqual([what, []]);
    }
    // Objects without a node fetcher of their own (lines, return lines) are not found.
    for (const id of [orders.B1.lineId, ids.returnLineB]) {
      const r = await t.gql(nodeQuery(id), { id }, token);
      expect(r.errors).toBeUndefined();
      expect(r.data?.node ?? null).toBeNull();
      expect(leaked(JSON.stringify(r))).toEqual([]);
    }
    // Channel A's are there.
    const a = await t.gql(nodeQuery(orders.A1.id), { id: orders.A1.id }, token);
    expect(a.errors).toBeUndefined();
    expect(JSON.stringify(a)).toContain(A_BUYER.name);
  }, 60_000);

  /** What the owner sees of channel B and of the manual order: must not change when the one-channel person tries. */
  async function stateOfB(): Promise<string> {
    const orderFields = 'status paymentStatus holdReasons lines { sku mapped quantityShipped } notes { text } returns { status lines { receivedSellable } } shipments { status } mergeGroup { id shippedAt }';
    const parts: unknown[] = [];
    for (const n of ['B1', 'B2', 'B3', 'B4', 'B5', 'B6', 'B7', 'M']) parts.push((await gqlOk(`query($id: ID!) { order(id: $id) { ${orderFields} } }`, { id: orders[n].id })).order);
    parts.push(
      await gqlOk(
        `query($c: ID!) { orders(first: 100) { totalCount } listings(first: 50, filter: { channelId: $c }) { edges { node { id status title price { amount } } } }
           syncRuns(first: 50, filter: { channelId: $c }) { totalCount edges { node { status } } } channel(id: $c) { name status warehouseCodes }
           pendingStockPushes(channelKey: "${B.key}") { sku quantity } channelReturns(first: 10, filter: { channelId: $c }) { edges { node { linked } } } }`,
        { c: chan.B.id },
      ),
    );
    return JSON.stringify(parts);
  }

  it('#2 every mutation on another channel’s orders, returns, listings, runs and rules is refused and changes nothing', async () => {
    const token = await oneChannel(['scope_everything']);
    const before = await stateOfB();
    const attempts: [string, string, Record<string, unknown>][] = [
      ['cancelOrder', 'mutation($id: ID!) { cancelOrder(id: $id, reason: "x") { order { id } userErrors { code } } }', { id: orders.B7.id }],
      ['cancelOrder manual', 'mutation($id: ID!) { cancelOrder(id: $id, reason: "x") { order { id } userErrors { code } } }', { id: orders.M.id }],
      ['markOrderPaid', 'mutation($id: ID!) { markOrderPaid(id: $id) { order { id } userErrors { code } } }', { id: orders.B6.id }],
      ['holdOrder', 'mutation($id: ID!) { holdOrder(input: { orderId: $id }) { order { id } userErrors { code } } }', { id: orders.B7.id }],
      ['releaseOrder', 'mutation($id: ID!) { releaseOrder(id: $id) { order { id } userErrors { code } } }', { id: orders.B4.id }],
      ['mapOrderLineSku', 'mutation($l: ID!) { mapOrderLineSku(orderLineId: $l, sku: "SC-2") { order { id } userErrors { code } } }', { l: orders.B5.lineId }],
      ['addOrderNote', 'mutation($id: ID!) { addOrderNote(input: { orderId: $id, text: "n", kind: DISPUTE }) { note { id } userErrors { code } } }', { id: orders.B7.id }],
      ['createReturn', 'mutation($id: ID!, $l: ID!) { createReturn(input: { orderId: $id, type: REFUND_ONLY, lines: [{ orderLineId: $l, quantity: 1 }] }) { return { id } userErrors { code } } }', { id: orders.B7.id, l: orders.B7.lineId }],
      ['createReturn with B case', 'mutation($id: ID!, $l: ID!, $c: ID!) { createReturn(input: { orderId: $id, type: REFUND_ONLY, channelReturnId: $c, lines: [{ orderLineId: $l, quantity: 1 }] }) { return { id } userErrors { code message } } }', { id: orders.A1.id, l: orders.A1.lineId, c: ids.channelReturnB }],
      ['approveReturn', 'mutation($id: ID!) { approveReturn(id: $id) { return { id } userErrors { code } } }', { id: ids.returnB }],
      ['rejectReturn', 'mutation($id: ID!) { rejectReturn(id: $id, reason: "no") { return { id } userErrors { code } } }', { id: ids.returnB }],
      ['receiveReturn', 'mutation($id: ID!, $l: ID!) { receiveReturn(input: { returnId: $id, lines: [{ returnLineId: $l, quantity: 1, condition: SELLABLE }] }) { return { id } userErrors { code } } }', { id: ids.returnB, l: ids.returnLineB }],
      ['refundReturn', 'mutation($id: ID!) { refundReturn(input: { returnId: $id, amount: "1.00" }) { return { id } userErrors { code } } }', { id: ids.returnB }],
      ['createShipment', `mutation($id: ID!, $l: ID!) { createShipment(input: { orderId: $id, warehouseCode: "${WAREHOUSE}", carrier: "SF", trackingNumber: "T1", lines: [{ orderLineId: $l, quantity: 1 }] }) { shipment { id } userErrors { code } } }`, { id: orders.B7.id, l: orders.B7.lineId }],
      ['markDelivered shipment', 'mutation($id: ID!) { markDelivered(id: $id) { order { id } userErrors { code } } }', { id: ids.shipmentB }],
      ['markDelivered order', 'mutation($id: ID!) { markDelivered(id: $id) { order { id } userErrors { code } } }', { id: orders.B1.id }],
      ['mergeOrders', 'mutation($o: [ID!]!) { mergeOrders(input: { orderIds: $o }) { group { id } userErrors { code message } } }', { o: [orders.B7.id, orders.B4.id] }],
      ['unmergeOrders', 'mutation($id: ID!) { unmergeOrders(groupId: $id) { orders { id } userErrors { code } } }', { id: ids.groupB }],
      ['shipMergedOrders', `mutation($id: ID!) { shipMergedOrders(input: { groupId: $id, warehouseCode: "${WAREHOUSE}", carrier: "SF", trackingNumber: "T2" }) { group { id } userErrors { code } } }`, { id: ids.groupB }],
      ['createOrder (manual)', 'mutation { createOrder(input: { idempotencyKey: "scope-try", currency: "CNY", lines: [{ sku: "SC-2", quantity: 1, unitPrice: "1.00" }] }) { order { id } userErrors { code } } }', {}],
      ['recordChannelOrder', `mutation { recordChannelOrder(input: { channelKey: "${B.key}", externalId: "BEXT-NEW", status: PAID, currency: "CNY", modifiedAt: "2031-05-02T00:00:00Z", lines: [{ sku: "SC-1", quantity: 1, unitPrice: "1.00" }] }) { order { id } userErrors { code } } }`, {}],
      ['recordChannelOrders', `mutation { recordChannelOrders(inputs: [
          { channelKey: "${A.key}", externalId: "AEXT-NEW", status: PAID, currency: "CNY", modifiedAt: "2031-05-02T00:00:00Z", lines: [{ sku: "SC-1", quantity: 1, unitPrice: "1.00" }] },
          { channelKey: "${B.key}", externalId: "BEXT-NEW2", status: PAID, currency: "CNY", modifiedAt: "2031-05-02T00:00:00Z", lines: [{ sku: "SC-1", quantity: 1, unitPrice: "1.00" }] }]) { results { order { id } } userErrors { code } } }`, {}],
      ['publishListings', 'mutation($c: ID!) { publishListings(input: { channelId: $c, skus: ["SC-2"] }) { listings { id } userErrors { code } } }', { c: chan.B.id }],
      ['updateListing', 'mutation($id: ID!) { updateListing(input: { id: $id, title: "改" }) { listing { id } userErrors { code } } }', { id: ids.listingB }],
      ['delistListings', 'mutation($id: ID!) { delistListings(input: { ids: [$id] }) { listings { id } userErrors { code } } }', { id: ids.listingB }],
      ['deleteListings', 'mutation($id: ID!) { deleteListings(input: { ids: [$id] }) { deletedIds userErrors { code } } }', { id: ids.listingB }],
      ['syncChannel', 'mutation($c: ID!) { syncChannel(input: { channelId: $c, scopes: [ORDERS] }) { syncRun { id } userErrors { code } } }', { c: chan.B.id }],
      ['retrySyncErrors run', 'mutation($id: ID!) { retrySyncErrors(input: { runId: $id }) { retried userErrors { code } } }', { id: ids.runB }],
      ['retrySyncErrors channel', 'mutation($c: ID!) { retrySyncErrors(input: { channelId: $c }) { retried userErrors { code } } }', { c: chan.B.id }],
      ['reconcileChannel', 'mutation($c: ID!) { reconcileChannel(input: { channelId: $c, fix: true }) { syncRun { id } userErrors { code } } }', { c: chan.B.id }],
      ['setChannelStockRule', `mutation { setChannelStockRule(input: { channelKey: "${B.key}", warehouseCodes: [], buffer: 5 }) { channelStockRule { channelKey } userErrors { code } } }`, {}],
      ['updateChannel', 'mutation($c: ID!) { updateChannel(input: { id: $c, name: "改名" }) { channel { id } userErrors { code } } }', { c: chan.B.id }],
      ['testChannelConnection', 'mutation($c: ID!) { testChannelConnection(id: $c) { ok channel { id } userErrors { code } } }', { c: chan.B.id }],
      ['createChannel (a key beyond the assignment)', `mutation { createChannel(input: { kind: TAOBAO, key: "scope-gamma", name: "伽马店", currency: "CNY", baseUrl: "${sim.baseUrl}" }) { channel { id } userErrors { code } } }`, {}],
    ];
    const outcomes: string[] = [];
    for (const [what, query, vars] of attempts) {
      const r = await t.gql(query, vars, token);
      outcomes.push(`${what}: ${r.errors?.[0]?.extensions?.code ?? JSON.stringify(r.data)}`);
      expect([what, leaked(JSON.stringify(r))]).toEqual([what, []]);
    }
    expect(outcomes).toEqual(attempts.map(([what]) => `${what}: FORBIDDEN`));
    expect(await stateOfB()).toBe(before);
    // The batch refused as a whole: channel A's order in it was not recorded either.
    expect((await gqlOk('{ orders(first: 5, filter: { search: "AEXT-NEW" }) { totalCount } }')).orders.totalCount).toBe(0);

    // The same person works on channel A.
    const held = await t.gql('mutation($id: ID!) { holdOrder(input: { orderId: $id }) { order { onHold } userErrors { code } } }', { id: orders.A2.id }, token);
    expect(held.data!.holdOrder).toEqual({ order: { onHold: true }, userErrors: [] });
    const released = await t.gql('mutation($id: ID!) { releaseOrder(id: $id) { order { onHold } userErrors { code } } }', { id: orders.A2.id }, token);
    expect(released.data!.releaseOrder).toEqual({ order: { onHold: false }, userErrors: [] });

    // An order's reservation is the order's: releasing it directly (by anyone) is refused.
    const [held7] = await t.em().getConnection().execute('select reservation_id from sales_order where external_id = ?', [orders.B7.externalId]);
    expect(held7.reservation_id).toBeTruthy();
    for (const who of [token, owner]) {
      const r = await t.gql('mutation($id: ID!) { releaseReservation(id: $id) { reservation { id } userErrors { code } } }', { id: Buffer.from(`Reservation:${held7.reservation_id}`).toString('base64url') }, who);
      expect(r.data!.releaseReservation).toEqual({ reservation: null, userErrors: [{ code: 'RESERVED_FOR_ORDER' }] });
    }
  }, 120_000);

  it('#2 syncRunUpdated sends a one-channel subscriber its channel’s runs only, never an error, and refuses another channel', async () => {
    const token = await oneChannel(['overseas_sales']);
    const client = (): Client => {
      const c = createClient({ url: t.url.replace(/^http/, 'ws'), webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${token}` }, retryAttempts: 0 });
      clients.push(c);
      return c;
    };
    const received: { id: string; channel: { key: string } }[] = [];
    const errors: unknown[] = [];
    const c = client();
    const connected = new Promise<void>((resolve) => c.on('connected', () => resolve()));
    c.subscribe<{ syncRunUpdated: { id: string; channel: { key: string } } }>(
      { query: 'subscription { syncRunUpdated { id status channel { key name } } }' },
      { next: (m) => (m.errors ? errors.push(m.errors) : received.push(m.data!.syncRunUpdated)), error: (e) => errors.push(e), complete: () => undefined },
    );
    await connected;
    await new Promise((r) => setTimeout(r, 500));
    const runB = await gqlOk('mutation($c: ID!) { syncChannel(input: { channelId: $c, scopes: [RETURNS] }) { syncRun { id } userErrors { code } } }', { c: chan.B.id });
    const runA = await gqlOk('mutation($c: ID!) { syncChannel(input: { channelId: $c, scopes: [RETURNS] }) { syncRun { id } userErrors { code } } }', { c: chan.A.id });
    const aId = runA.syncChannel.syncRun.id;
    for (let i = 0; i < 100 && !received.some((r) => r.id === aId) && !errors.length; i++) await new Promise((r) => setTimeout(r, 100));
    expect(errors).toEqual([]);
    expect([...new Set(received.map((r) => r.id))]).toEqual([aId]);
    expect(received[0].channel.key).toBe(A.key);
    expect(received.some((r) => r.id === runB.syncChannel.syncRun.id)).toBe(false);

    // Asking for channel B's runs is refused outright.
    const timers: NodeJS.Timeout[] = [];
    const refused = await new Promise<unknown>((resolve) => {
      client().subscribe({ query: 'subscription($c: ID) { syncRunUpdated(channelId: $c) { id } }', variables: { c: chan.B.id } }, {
        next: (m) => resolve(m.errors ?? m),
        error: (e) => resolve(e),
        complete: () => resolve('complete'),
      });
      // Without the check, a run of channel B would reach it: start one.
      timers.push(setTimeout(() => void t.gql('mutation($c: ID!) { syncChannel(input: { channelId: $c, scopes: [RETURNS] }) { syncRun { id } } }', { c: chan.B.id }, owner).catch(() => undefined), 500));
      timers.push(setTimeout(() => resolve('nothing within 10 s'), 10_000));
    });
    timers.forEach(clearTimeout);
    expect(JSON.stringify(refused)).toContain('FORBIDDEN');
    expect(leaked(JSON.stringify(refused))).toEqual([]);
  }, 60_000);

  it('#2 pii.read is judged per channel: held on channel A only, channel B’s buyers stay masked', async () => {
    const email = `pii-a-${Date.now()}@test.example.com`;
    const token = await t.staffToken(['data_analyst'], { departmentKey: 'data', email });
    await t.em().getConnection().execute(
      `insert into role_assignment (id, staff_id, role_key, channel_ids) select gen_random_uuid(), id, 'scope_pii_only', ?::text[] from staff where email = ?`,
      [`{${A.key}}`, email],
    );
    const list = await gqlOk(
      `{ orders(first: 50) { edges { node { channelKey buyer { name nickname phone email } shippingAddress { name phone address1 } buyerMessage } } } }`,
      {},
      token,
    );
    const byChannel = (key: string | null) => list.orders.edges.map((e: any) => e.node).filter((n: any) => n.channelKey === key);
    expect(byChannel(A.key)[0]).toEqual({ channelKey: A.key, buyer: A_BUYER, shippingAddress: { name: A_ADDRESS.name, phone: A_ADDRESS.phone, address1: A_ADDRESS.address1 }, buyerMessage: A_MESSAGE });
    expect(byChannel(B.key)).toHaveLength(7);
    expect(byChannel(null)).toHaveLength(1);
    // They see the orders (orders.read on every channel), never their buyers.
    const buyerData = [...Object.values(B_BUYER), B_ADDRESS.address1, B_MESSAGE, ...Object.values(M_BUYER), M_ADDRESS.address1, M_MESSAGE];
    const shown = JSON.stringify([...byChannel(B.key), ...byChannel(null)]);
    expect(buyerData.filter((m) => shown.includes(m))).toEqual([]);
    expect(byChannel(B.key)[0].buyer).toEqual({ name: '贝****', nickname: 'b****', phone: '139****7777', email: 'b***@example.org' });
    // The raw body of an unreadable marketplace order holds buyer details too.
    const raw = async (run: string) => (await gqlOk('query($id: ID!) { syncRun(id: $id) { errors { externalId raw } } }', { id: run }, token)).syncRun.errors;
    expect(await raw(ids.runA)).toEqual([{ externalId: 'AERR-31', raw: { receiver_name: A_BUYER.name } }]);
    expect(await raw(ids.runB)).toEqual([{ externalId: 'BERR-71', raw: null }]);
    // Searching by buyer finds channel A's orders only.
    const search = async (term: string) => (await gqlOk('query($s: String!) { orders(first: 5, filter: { search: $s }) { totalCount } }', { s: term }, token)).orders.totalCount;
    expect(await search(A_BUYER.phone)).toBe(2);
    expect(await search(B_BUYER.phone)).toBe(0);
    expect(await search(B_BUYER.name)).toBe(0);
    expect(await search(orders.B7.number)).toBe(1);
  });

  it('#11 buyerMessage and nickname are masked without pii.read, in the API and in the waybill export', async () => {
    const analyst = await t.staffToken(['data_analyst'], { departmentKey: 'data' });
    const o = (await gqlOk('query($id: ID!) { order(id: $id) { buyer { name nickname } buyerMessage } }', { id: orders.A1.id }, analyst)).order;
    expect(o).toEqual({ buyer: { name: '阿***', nickname: 'a****' }, buyerMessage: '****' });
    const cs = (await gqlOk('query($id: ID!) { order(id: $id) { buyer { nickname } buyerMessage } }', { id: orders.A1.id }, await t.staffToken(['customer_service'], { departmentKey: 'customer_service' }))).order;
    expect(cs).toEqual({ buyer: { nickname: A_BUYER.nickname }, buyerMessage: A_MESSAGE });

    const packer = await t.staffToken(['scope_packer'], { departmentKey: 'warehouse' });
    for (const format of ['CSV', 'HTML']) {
      const text = (await gqlOk(`{ waybillExport(warehouseCode: "${WAREHOUSE}", format: ${format}) }`, {}, packer)).waybillExport as string;
      expect(text).toContain(orders.A1.number);
      for (const secret of [A_MESSAGE, B_MESSAGE, M_MESSAGE, A_BUYER.name, A_BUYER.phone, A_ADDRESS.address1, B_BUYER.name, M_BUYER.name]) expect([format, text.includes(secret)]).toEqual([format, false]);
    }
    const full = (await gqlOk(`{ waybillExport(warehouseCode: "${WAREHOUSE}", format: CSV) }`, {}, await t.staffToken(['warehouse'], { departmentKey: 'warehouse' }))).waybillExport as string;
    expect(full).toContain(A_MESSAGE);
    expect(full).toContain(B_MESSAGE);
  });

  it('#11 searching by buyer name, nickname or phone finds nothing for a caller who may not see them', async () => {
    const analyst = await t.staffToken(['data_analyst'], { departmentKey: 'data' });
    const count = async (term: string, token: string) => (await gqlOk('query($s: String!) { orders(first: 5, filter: { search: $s }) { totalCount } }', { s: term }, token)).orders.totalCount;
    for (const term of [A_BUYER.name, A_BUYER.name.slice(0, 2), A_BUYER.nickname, A_BUYER.phone, M_BUYER.name]) {
      expect([term, await count(term, analyst)]).toEqual([term, 0]);
      expect(await count(term, owner)).toBeGreaterThan(0);
    }
    // What is not personal data is still found.
    expect(await count(orders.A1.number, analyst)).toBe(1);
    expect(await count(orders.A1.externalId!, analyst)).toBe(1);
  });

  it('#11 audit entries mask buyer data for readers without pii.read', async () => {
    const query = `{ auditLog(first: 100) { edges { node { action changes } } } }`;
    const auditor = JSON.stringify(await gqlOk(query, {}, await t.staffToken(['scope_auditor'], { departmentKey: 'management' })));
    expect(auditor).toContain('recordChannelOrder');
    expect(auditor).toContain('AEXT-A1');
    for (const secret of [A_BUYER.name, A_BUYER.nickname, A_BUYER.phone, A_BUYER.email, A_ADDRESS.address1, A_MESSAGE, B_BUYER.name, B_BUYER.phone, B_ADDRESS.address1, B_MESSAGE, M_BUYER.name, M_ADDRESS.address1, M_MESSAGE]) {
      expect([secret, auditor.includes(secret)]).toEqual([secret, false]);
    }
    const full = JSON.stringify(await gqlOk(query));
    expect(full).toContain(A_BUYER.name);
    expect(full).toContain(M_MESSAGE);
  });

  it('#12 orderStats revenue needs reports.finance; the counts stay readable without it', async () => {
    const stats = `{ orderStats(from: "2000-01-01T00:00:00Z", to: "2100-01-01T00:00:00Z", groupBy: CHANNEL) { key orders revenue { amount currency } } }`;
    for (const [role, department] of [['warehouse', 'warehouse'], ['customer_service', 'customer_service']]) {
      const r = await t.gql(stats, {}, await t.staffToken([role], { departmentKey: department }));
      expect(r.errors).toBeUndefined();
      const rows = r.data!.orderStats as { orders: number; revenue: unknown }[];
      expect(rows.reduce((n, x) => n + x.orders, 0)).toBe(10);
      expect([role, rows.map((x) => x.revenue)]).toEqual([role, rows.map(() => null)]);
    }
    const finance = (await gqlOk(stats, {}, await t.staffToken(['finance'], { departmentKey: 'finance' }))).orderStats as { key: string | null; revenue: { amount: string } | null }[];
    expect(finance.find((x) => x.key === A.key)!.revenue).toEqual({ amount: '176.00', currency: 'CNY' });
    // Limited to channel A, a person counts A's orders only.
    const scoped = (await gqlOk(stats, {}, await oneChannel(['scope_everything']))).orderStats;
    expect(scoped).toEqual([{ key: A.key, orders: 2, revenue: { amount: '176.00', currency: 'CNY' } }]);
  });
}
