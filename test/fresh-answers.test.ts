import pino from 'pino';
import type { EntityManager } from '@mikro-orm/postgresql';
import { startTestApp, TestApp } from './support/test-app';
import { Context, createContext } from '../src/context';
import { ActorCache } from '../src/staff/auth.service';
import { beforeCommit } from '../src/common/before-commit';
import { runUnitOfWork } from '../src/common/unit-of-work';
import { inTransaction } from '../src/sync/jobs/job-env';
import { uuidOf } from '../src/common/ids';

/**
 * Every answer reflects the writes made before it, within one request too: the mutations of a
 * document run one after another, each its own unit of work, and each answer (the payload's
 * relations: an order's history, lines, shipments and returns, a variant's stock, a listing's
 * channel) must read what the earlier mutations committed, never what a loader kept from before.
 */

let t: TestApp;
let owner: string;
let channelId: string;
const listingOf: Record<string, string> = {};
beforeAll(async () => {
  t = await startTestApp();
  owner = await t.ownerToken();
  await q('mutation { createWarehouse(input: { code: "FA", name: "新鲜仓", kind: OWN, country: "CN" }) { userErrors { code } } }');
  const p = await q('mutation($i: CreateProductInput!) { createProduct(input: $i) { userErrors { code message } } }', {
    i: { title: '新鲜答案衬衫', options: [{ name: '尺码', values: ['M', 'L'] }], variants: [{ sku: 'FA-M', optionValues: ['M'], price: '100.00' }, { sku: 'FA-L', optionValues: ['L'], price: '100.00' }] },
  });
  expect(p.createProduct.userErrors).toEqual([]);
  for (const sku of ['FA-M', 'FA-L']) {
    await q('mutation($s: String!) { adjustStock(input: { sku: $s, warehouseCode: "FA", delta: 50, reason: "opening" }) { userErrors { code } } }', { s: sku });
  }
  // A channel the API alone publishes on (no worker runs, so the listings stay PUBLISHING).
  const ch = await q(`mutation($i: CreateChannelInput!) { createChannel(input: $i) { channel { id } userErrors { code message } } }`, {
    i: {
      kind: 'TAOBAO', key: 'fresh-answers', name: '新鲜店', currency: 'CNY', baseUrl: 'http://127.0.0.1:9/router/rest',
      credentials: { appKey: 'k', appSecret: 's', sessionKey: 'x' }, warehouseCodes: ['FA'], priceRule: { mode: 'MARKUP_PERCENT', value: '10' },
    },
  });
  expect(ch.createChannel.userErrors).toEqual([]);
  channelId = ch.createChannel.channel.id;
  const pub = await q('mutation($i: PublishListingsInput!) { publishListings(input: $i) { listings { id sku } userErrors { code message } } }', {
    i: { channelId, skus: ['FA-M', 'FA-L'], categoryId: '50000436' },
  });
  expect(pub.publishListings.userErrors).toEqual([]);
  for (const l of pub.publishListings.listings) listingOf[l.sku] = l.id;
});
afterAll(() => t.stop());

async function q(query: string, vars: Record<string, unknown> = {}): Promise<Record<string, any>> {
  const r = await t.gql(query, vars, owner);
  if (r.errors) throw new Error(`GraphQL errors: ${JSON.stringify(r.errors)}`);
  return r.data!;
}

let key = 0;
async function order(lines: { sku: string; quantity: number }[], extra: Record<string, unknown> = {}): Promise<{ id: string; lines: { id: string; sku: string }[] }> {
  const r = await q('mutation($i: CreateOrderInput!) { createOrder(input: $i) { order { id lines { id sku } } userErrors { code message } } }', {
    i: {
      idempotencyKey: `FA-${++key}`,
      currency: 'CNY',
      buyer: { name: '陈静', phone: '13700001111' },
      shippingAddress: { name: '陈静', phone: '13700001111', country: 'CN', province: '江苏', city: '苏州', address1: '干将路 8 号' },
      lines: lines.map((l) => ({ ...l, unitPrice: '100.00' })),
      ...extra,
    },
  });
  expect(r.createOrder.userErrors).toEqual([]);
  return r.createOrder.order;
}

const ORDER = `status onHold lines { sku quantity quantityShipped } history { from to source note }
  notes { kind text } shipments { warehouseCode trackingNumber lines { sku quantity } } returns { status }`;

describe('answers within one document', () => {
  it('two mutations on one order: the second answers with the first one’s writes and its own, as a fresh read does', async () => {
    const o = await order([{ sku: 'FA-M', quantity: 1 }], { paymentPending: true });
    const r = await q(
      `mutation($id: ID!) {
        a: markOrderPaid(id: $id) { order { ${ORDER} } userErrors { code } }
        n: addOrderNote(input: { orderId: $id, kind: NOTE, text: "买家来电改主意" }) { note { text } userErrors { code } }
        b: cancelOrder(id: $id, reason: "buyer changed mind") { order { ${ORDER} } userErrors { code } }
      }`,
      { id: o.id },
    );
    expect([r.a.userErrors, r.n.userErrors, r.b.userErrors]).toEqual([[], [], []]);
    // The first answer is the order as markOrderPaid left it.
    expect(r.a.order.status).toBe('PAID');
    expect(r.a.order.history.map((h: { to: string }) => h.to)).toEqual(['PENDING_PAYMENT', 'PAID']);
    expect(r.a.order.notes).toEqual([]);
    // The last answer is the order as a fresh read finds it: cancelled, the cancel in its history.
    expect(r.b.order.status).toBe('CANCELLED');
    expect(r.b.order.history.map((h: { to: string }) => h.to)).toEqual(['PENDING_PAYMENT', 'PAID', 'CANCELLED']);
    expect(r.b.order.notes).toEqual([{ kind: 'NOTE', text: '买家来电改主意' }]);
    const fresh = await q(`query($id: ID!) { order(id: $id) { ${ORDER} } }`, { id: o.id });
    expect(r.b.order).toEqual(fresh.order);
  });

  it('two shipments of one order: the second answer lists both, as a fresh read does', async () => {
    const o = await order([{ sku: 'FA-L', quantity: 3 }]);
    const line = o.lines[0].id;
    const SHIP = (alias: string, qty: number, tracking: string) =>
      `${alias}: createShipment(input: { orderId: $id, warehouseCode: "FA", carrier: "SF", trackingNumber: "${tracking}", lines: [{ orderLineId: $line, quantity: ${qty} }] }) {
        order { ${ORDER} } userErrors { code message } }`;
    const r = await q(`mutation($id: ID!, $line: ID!) { ${SHIP('a', 1, 'SF-FA-1')} ${SHIP('b', 2, 'SF-FA-2')} }`, { id: o.id, line });
    expect([r.a.userErrors, r.b.userErrors]).toEqual([[], []]);
    expect(r.a.order.status).toBe('PARTIALLY_SHIPPED');
    expect(r.a.order.shipments.map((s: { trackingNumber: string }) => s.trackingNumber)).toEqual(['SF-FA-1']);
    expect(r.b.order.status).toBe('SHIPPED');
    expect(r.b.order.lines).toEqual([{ sku: 'FA-L', quantity: 3, quantityShipped: 3 }]);
    expect(r.b.order.shipments.map((s: { trackingNumber: string }) => s.trackingNumber).sort()).toEqual(['SF-FA-1', 'SF-FA-2']);
    const fresh = await q(`query($id: ID!) { order(id: $id) { ${ORDER} } }`, { id: o.id });
    expect(r.b.order).toEqual(fresh.order);
  });

  it('two mutations on one return: the second answers with what was received, as a fresh read does', async () => {
    const o = await order([{ sku: 'FA-M', quantity: 2 }]);
    const ship = await q(
      'mutation($i: CreateShipmentInput!) { createShipment(input: $i) { userErrors { code message } } }',
      { i: { orderId: o.id, warehouseCode: 'FA', carrier: 'SF', trackingNumber: 'SF-FA-R', lines: [{ orderLineId: o.lines[0].id, quantity: 2 }] } },
    );
    expect(ship.createShipment.userErrors).toEqual([]);
    const created = await q('mutation($i: CreateReturnInput!) { createReturn(input: $i) { return { id lines { id } } userErrors { code message } } }', {
      i: { orderId: o.id, type: 'RETURN_AND_REFUND', reason: '尺码不合适', lines: [{ orderLineId: o.lines[0].id, quantity: 2 }] },
    });
    expect(created.createReturn.userErrors).toEqual([]);
    const ret = created.createReturn.return;
    const RETURN = 'status lines { quantity receivedSellable receivedDamaged } order { status returns { status lines { receivedSellable } } }';
    const r = await q(
      `mutation($id: ID!, $line: ID!) {
        a: approveReturn(id: $id) { return { ${RETURN} } userErrors { code } }
        b: receiveReturn(input: { returnId: $id, lines: [{ returnLineId: $line, quantity: 2, condition: SELLABLE }] }) { return { ${RETURN} } userErrors { code message } }
      }`,
      { id: ret.id, line: ret.lines[0].id },
    );
    expect([r.a.userErrors, r.b.userErrors]).toEqual([[], []]);
    expect(r.a.return.status).toBe('APPROVED');
    expect(r.a.return.lines).toEqual([{ quantity: 2, receivedSellable: 0, receivedDamaged: 0 }]);
    expect(r.b.return.lines).toEqual([{ quantity: 2, receivedSellable: 2, receivedDamaged: 0 }]);
    expect(r.b.return.order.returns).toEqual([{ status: r.b.return.status, lines: [{ receivedSellable: 2 }] }]);
    const fresh = await q(`query($id: ID!) { node(id: $id) { ... on OrderReturn { ${RETURN} } } }`, { id: ret.id });
    expect(r.b.return).toEqual(fresh.node);
  });

  it('mutations on one stock level: the last variant answer counts every change before it, as a fresh read does', async () => {
    const VARIANT = 'stock { onHand reserved available } stockLevels { warehouseCode onHand reserved safetyStock }';
    // The variant is reached through its listing: updateListing reloads nothing of the catalogue itself.
    const r = await q(
      `mutation($l: ID!) {
        a: updateListing(input: { id: $l, title: "新鲜答案衬衫 M" }) { listing { variant { ${VARIANT} } } userErrors { code message } }
        b: adjustStock(input: { sku: "FA-M", warehouseCode: "FA", delta: 7, reason: "found in the back" }) { stockLevel { onHand } userErrors { code } }
        c: setSafetyStock(input: { sku: "FA-M", warehouseCode: "FA", safetyStock: 4 }) { stockLevel { safetyStock } userErrors { code } }
        d: updateListing(input: { id: $l, title: "新鲜答案衬衫 中码" }) { listing { variant { ${VARIANT} } } userErrors { code message } }
      }`,
      { l: listingOf['FA-M'] },
    );
    expect([r.a.userErrors, r.b.userErrors, r.c.userErrors, r.d.userErrors]).toEqual([[], [], [], []]);
    expect(r.d.listing.variant.stock.onHand).toBe(r.a.listing.variant.stock.onHand + 7);
    expect(r.d.listing.variant.stockLevels[0]).toMatchObject({ onHand: r.b.stockLevel.onHand, safetyStock: 4 });
    const fresh = await q(`{ variant(sku: "FA-M") { ${VARIANT} } }`);
    expect(r.d.listing.variant).toEqual(fresh.variant);
  });

  it('mutations on one listing and its channel: the last listing answer shows the channel as changed, as a fresh read does', async () => {
    const listingId = listingOf['FA-L'];
    const LISTING = 'title effectivePrice { amount currency } channel { name priceRule { mode value } }';
    const r = await q(
      `mutation($l: ID!, $c: ID!) {
        a: updateListing(input: { id: $l, title: "新鲜答案衬衫 L" }) { listing { ${LISTING} } userErrors { code message } }
        b: updateChannel(input: { id: $c, name: "新鲜旗舰店", priceRule: { mode: MARKUP_PERCENT, value: "20" } }) { channel { name } userErrors { code message } }
        c: updateListing(input: { id: $l, title: "新鲜答案衬衫 大码" }) { listing { ${LISTING} } userErrors { code message } }
      }`,
      { l: listingId, c: channelId },
    );
    expect([r.a.userErrors, r.b.userErrors, r.c.userErrors]).toEqual([[], [], []]);
    expect(r.a.listing.effectivePrice.amount).toBe('110.00');
    expect(r.c.listing.channel.name).toBe('新鲜旗舰店');
    expect(r.c.listing.effectivePrice.amount).toBe('120.00');
    const fresh = await q(`query($l: ID!) { node(id: $l) { ... on Listing { ${LISTING} } } }`, { l: listingId });
    expect(r.c.listing).toEqual(fresh.node);
  });

  it('mutations on one staff member: the last answer shows every change, as a fresh read does', async () => {
    const created = await q('mutation($i: CreateStaffInput!) { createStaff(input: $i) { staff { id } userErrors { code message } } }', {
      i: { email: 'fresh.answers@example.com', name: '周敏', departmentKey: 'warehouse', password: 'fresh-pass-1234', roleKeys: ['warehouse'] },
    });
    expect(created.createStaff.userErrors).toEqual([]);
    const id = created.createStaff.staff.id;
    const STAFF = 'name active department { key } roles { key }';
    const r = await q(
      `mutation($id: ID!) {
        a: updateStaff(id: $id, input: { name: "周敏敏" }) { staff { ${STAFF} } userErrors { code } }
        b: setStaffRoles(input: { staffId: $id, roles: [{ roleKey: "customer_service" }] }) { staff { ${STAFF} } userErrors { code message } }
        c: updateStaff(id: $id, input: { departmentKey: "customer_service" }) { staff { ${STAFF} } userErrors { code message } }
      }`,
      { id },
    );
    expect([r.a.userErrors, r.b.userErrors, r.c.userErrors]).toEqual([[], [], []]);
    expect(r.a.staff.roles).toEqual([{ key: 'warehouse' }]);
    expect(r.c.staff).toMatchObject({ name: '周敏敏', department: { key: 'customer_service' }, roles: [{ key: 'customer_service' }] });
    const fresh = await q(`query($id: ID!) { staffMember(id: $id) { ${STAFF} } }`, { id });
    expect(r.c.staff).toEqual(fresh.staffMember);
  });
});

describe('the unit-of-work commit', () => {
  const log = pino({ level: 'silent' });
  const contextOn = (em: EntityManager): Context =>
    createContext({ requestId: 'fresh-answers', clientAddress: null, config: t.app.config, log, em, actor: null, jwtSecret: '', actorCache: new ActorCache(0) });
  const historyOf = async (ctx: Context, orderId: string) => (await ctx.loaders.orders.historyByOrder.load(orderId)).map((h) => h.to_status);

  it('forgets what the context loaded when the work is rolled back, and runs no hook of it', async () => {
    const o = await order([{ sku: 'FA-M', quantity: 1 }], { paymentPending: true });
    const id = uuidOf('Order', o.id)!;
    const ctx = contextOn(t.em());
    let hookRan = false;
    await expect(
      runUnitOfWork(ctx, async (tx) => {
        await tx.em.getConnection().execute(
          `insert into order_status_history (order_id, from_status, to_status, actor_label, source, note) values (?, 'PENDING_PAYMENT', 'PAID', 'test', 'SYSTEM', 'rolled back')`,
          [id], 'run', tx.em.getTransactionContext(),
        );
        beforeCommit(tx.em, 'fresh-answers:hook', async () => void (hookRan = true));
        // Read inside the transaction: the loader now holds a row that will never be committed.
        expect(await historyOf(tx, id)).toEqual(['PENDING_PAYMENT', 'PAID']);
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(hookRan).toBe(false);
    expect(await historyOf(ctx, id)).toEqual(['PENDING_PAYMENT']);
  });

  it('flushes, runs the before-commit hooks and forgets what was loaded, for a worker job as for a mutation', async () => {
    const o = await order([{ sku: 'FA-M', quantity: 1 }], { paymentPending: true });
    const id = uuidOf('Order', o.id)!;
    const ctx = contextOn(t.em());
    expect(await historyOf(ctx, id)).toEqual(['PENDING_PAYMENT']);
    const ran: string[] = [];
    await runUnitOfWork(ctx, async (tx) => {
      await tx.em.getConnection().execute(
        `insert into order_status_history (order_id, from_status, to_status, actor_label, source, note) values (?, 'PENDING_PAYMENT', 'PAID', 'test', 'SYSTEM', 'committed')`,
        [id], 'run', tx.em.getTransactionContext(),
      );
      beforeCommit(tx.em, 'fresh-answers:hook', async () => void ran.push('hook'));
    });
    expect(ran).toEqual(['hook']);
    expect(await historyOf(ctx, id)).toEqual(['PENDING_PAYMENT', 'PAID']);

    const env = { config: t.app.config, log, root: t.app.db.orm.em as unknown as EntityManager, locks: undefined as never };
    const seen = await inTransaction(env, 'fresh-answers-job', async (job) => {
      beforeCommit(job.em, 'fresh-answers:job-hook', async () => void ran.push('job hook'));
      return historyOf(job, id);
    });
    expect(seen).toEqual(['PENDING_PAYMENT', 'PAID']);
    expect(ran).toEqual(['hook', 'job hook']);
  });
});
