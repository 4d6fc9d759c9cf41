import { execute, GraphQLSchema, parse } from 'graphql';
import pino from 'pino';
import type { EntityManager } from '@mikro-orm/postgresql';
import { startTestApp, TEST_JWT_SECRET, TestApp } from './support/test-app';
import { buildAppSchema, buildSchemaWithoutDirectResolvers } from '../src/graphql/schema';
import { authenticate } from '../src/graphql/guards';
import { createContext } from '../src/context';
import { ActorCache } from '../src/staff/auth.service';

/**
 * The hot reads answer exactly what they answered before they were made fast (issue 17), on
 * the demo shop with orders of several channels and stock held for some of them:
 * 1. over HTTP, field by field, against answers computed here by a reference path of our own
 *    (plain SQL written for this test, and the documented channel-scope and masking rules), as
 *    the owner, a channel-limited overseas sales person and a reader who may see buyers of one
 *    channel only;
 * 2. against type-graphql's own resolver pipeline (the schema without the direct resolvers),
 *    for the hot reads and wider reads that cross every kind of direct field resolver, as
 *    callers with and without the permissions those fields need: the same data and the same
 *    errors at the same paths.
 */

let t: TestApp;
let owner: string;
let overseas: string;
let mixed: string;
let finance: string;
let designer: string;
let hr: string;

const STOCKED = 'id title variants { id sku price { amount currency } stock { available } }';
const PRODUCTS_PAGE = `{ products(first: 50) { edges { node { ${STOCKED} } } } }`;
const SEARCH = (term: string) => `{ products(first: 20, filter: { search: ${JSON.stringify(term)} }) { edges { node { id title status variants { sku price { amount currency } } } } } }`;
const ORDERS_PAGE = `{ orders(first: 50) { edges { node { number status buyer { name } totals { total { amount } } lines { sku quantity unitPrice { amount } } } } } }`;

type Row = Record<string, any>;

async function rows(sql: string, params: unknown[] = []): Promise<Row[]> {
  return (t.em() as EntityManager).getConnection().execute(sql, params);
}

async function gql(query: string, token: string): Promise<Record<string, any>> {
  const r = await t.gql(query, {}, token);
  if (r.errors) throw new Error(`GraphQL errors: ${JSON.stringify(r.errors)}`);
  return r.data!;
}

/** The staff id inside one of our test tokens. */
function staffIdOf(token: string): string {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')).sub;
}

beforeAll(async () => {
  t = await startTestApp({ DEMO_DATA: 'true' });
  owner = await t.ownerToken();
  overseas = await t.staffToken(['overseas_sales'], { channelIds: ['aliexpress-global'] });
  // Orders everywhere (data analyst), buyers of tmall-main only (customer service there).
  mixed = await t.staffToken(['data_analyst']);
  await rows(`insert into role_assignment (id, staff_id, role_key, channel_ids) values (gen_random_uuid(), ?, 'customer_service', '{tmall-main}')`, [staffIdOf(mixed)]);
  finance = await t.staffToken(['finance']);
  designer = await t.staffToken(['designer']);
  hr = await t.staffToken(['hr']);

  // Orders of three channels and one manual one, paid, so some stock is held (available < on hand).
  const skus = (await rows(`select v.sku from variant v where not exists (select 1 from bundle_component b where b.bundle_id = v.id)
    and exists (select 1 from stock_level sl where sl.variant_id = v.id and sl.on_hand >= 10) order by v.sku limit 6`)).map((r) => r.sku as string);
  expect(skus).toHaveLength(6);
  const names = ['张伟', '王芳', 'Li Na', '赵磊', '陈静', 'María José'];
  const placedFrom = Date.now() - 10_000;
  const deliveries = ['tmall-main', 'aliexpress-global', 'taobao-outlet'].flatMap((channelKey, c) =>
    [0, 1].map((k) => ({
      channelKey,
      externalId: `HOT-${c}-${k}`,
      status: 'PAID',
      // The newest orders of the shop (the demo's own go back 90 days), so they lead the page.
      modifiedAt: new Date(placedFrom + (c * 2 + k) * 1000).toISOString(),
      placedAt: new Date(placedFrom + (c * 2 + k) * 1000).toISOString(),
      currency: c === 1 ? 'USD' : 'CNY',
      buyer: { name: names[c * 2 + k], nickname: `nick-${c}${k}`, phone: '13800001111' },
      shippingAddress: { name: names[c * 2 + k], phone: '13800001111', country: 'CN', province: '浙江', city: '杭州', address1: '文一西路 969 号' },
      lines: [
        { sku: skus[(c * 2 + k) % 6], quantity: 1 + k, unitPrice: '129.00', externalLineId: `L${c}${k}a` },
        { sku: skus[(c * 2 + k + 1) % 6], quantity: 2, unitPrice: '59.90', externalLineId: `L${c}${k}b` },
      ],
    })),
  );
  const r = await t.gql(
    'mutation($inputs: [ChannelOrderInput!]!) { recordChannelOrders(inputs: $inputs) { results { outcome userErrors { code message } } userErrors { code } } }',
    { inputs: deliveries },
    owner,
  );
  expect(r.errors).toBeUndefined();
  const intake = r.data!;
  expect(intake.recordChannelOrders.userErrors).toEqual([]);
  expect(intake.recordChannelOrders.results.map((r: Row) => r.outcome)).toEqual(deliveries.map(() => 'CREATED'));
  const manual = await t.gql(
    'mutation($i: CreateOrderInput!) { createOrder(input: $i) { order { number } userErrors { code message } } }',
    { i: { idempotencyKey: 'HOT-MANUAL', currency: 'CNY', buyer: { name: '周杰', phone: '13900002222' }, lines: [{ sku: skus[0], quantity: 3, unitPrice: '99.00' }] } },
    owner,
  );
  expect(manual.data!.createOrder.userErrors).toEqual([]);
});
afterAll(() => t?.stop());

// ---- the reference path -------------------------------------------------------------------

const gid = (type: string, id: string) => Buffer.from(`${type}:${id}`, 'utf8').toString('base64url');

/** The documented masking of a name: its first character, then one to four stars. */
function maskedName(v: string | null | undefined): string | null {
  if (!v) return v ?? null;
  const chars = [...v];
  return chars[0] + '*'.repeat(Math.max(1, Math.min(chars.length - 1, 4)));
}

/**
 * Units available per variant: on hand less reserved over its warehouses; for a bundle, per
 * warehouse where any of its components is stocked, as many bundles as the scarcest component
 * allows (a component not stocked there allows none), added up.
 */
async function availableByVariant(): Promise<Map<string, number>> {
  const plain = await rows(`select v.id, coalesce(sum(sl.on_hand - sl.reserved), 0)::int as n
    from variant v left join stock_level sl on sl.variant_id = v.id group by v.id`);
  const bundles = await rows(`select w.bundle_id, sum(w.m)::int as n from (
      select bc.bundle_id, wh.warehouse_id,
             min(floor(greatest(0, coalesce(sl.on_hand, 0) - coalesce(sl.reserved, 0))::numeric / bc.quantity)) as m
        from bundle_component bc
        join (select distinct b.bundle_id, s.warehouse_id from bundle_component b join stock_level s on s.variant_id = b.component_id) wh
          on wh.bundle_id = bc.bundle_id
        left join stock_level sl on sl.variant_id = bc.component_id and sl.warehouse_id = wh.warehouse_id
       group by bc.bundle_id, wh.warehouse_id) w group by w.bundle_id`);
  const all = await rows(`select distinct bundle_id from bundle_component`);
  const out = new Map<string, number>(plain.map((r) => [r.id, r.n]));
  for (const b of all) out.set(b.bundle_id, 0);
  for (const b of bundles) out.set(b.bundle_id, b.n);
  return out;
}

async function variantsOf(productIds: string[]): Promise<Map<string, Row[]>> {
  const out = new Map<string, Row[]>(productIds.map((id) => [id, []]));
  for (const v of await rows(`select id, product_id, sku, price::text as amount, currency from variant order by position, sku`)) out.get(v.product_id)?.push(v);
  return out;
}

async function stockedProducts(products: Row[]): Promise<Row[]> {
  const variants = await variantsOf(products.map((p) => p.id));
  const available = await availableByVariant();
  return products.map((p) => ({
    id: gid('Product', p.id),
    title: p.title,
    variants: variants.get(p.id)!.map((v) => ({
      id: gid('Variant', v.id),
      sku: v.sku,
      price: { amount: v.amount, currency: v.currency },
      stock: { available: available.get(v.id) },
    })),
  }));
}

/** Newest first, ARCHIVED left out. */
async function productsInListOrder(where = 'true', params: unknown[] = []): Promise<Row[]> {
  return rows(`select id, title, status from product where status <> 'ARCHIVED' and ${where} order by created_at desc, id desc`, params);
}

interface Reader {
  /** Channel keys whose orders the reader sees; null: every order, manual ones included. */
  orders: Set<string> | null;
  /** Channel keys whose buyers the reader sees unmasked; null: every buyer. */
  buyers: Set<string> | null;
}

async function expectedOrdersPage(reader: Reader): Promise<Row> {
  const orders = (await rows(`select id, number, status, channel_id, buyer->>'name' as name, total::text as total from sales_order order by placed_at desc, id desc`))
    .filter((o) => reader.orders === null || (o.channel_id !== null && reader.orders.has(o.channel_id)))
    .slice(0, 50);
  const lines = await rows(`select order_id, sku, quantity, unit_price::text as price from order_line order by order_id, position`);
  return {
    orders: {
      edges: orders.map((o) => ({
        node: {
          number: o.number,
          status: o.status,
          buyer: { name: reader.buyers === null || (o.channel_id !== null && reader.buyers.has(o.channel_id)) ? o.name : maskedName(o.name) },
          totals: { total: { amount: o.total } },
          lines: lines.filter((l) => l.order_id === o.id).map((l) => ({ sku: l.sku, quantity: l.quantity, unitPrice: { amount: l.price } })),
        },
      })),
    },
  };
}

// ---- 1. HTTP answers against the reference --------------------------------------------------

describe('the hot reads over HTTP, against a reference computed from the tables', () => {
  it('products(first: 50) with variants, price and stock: every field of every product', async () => {
    const demo = await rows('select count(*)::int as n from bundle_component');
    expect(demo[0].n).toBeGreaterThan(0);
    const expected = { products: { edges: (await stockedProducts((await productsInListOrder()).slice(0, 50))).map((node) => ({ node })) } };
    expect(expected.products.edges).toHaveLength(50);
    // Held stock and a bundle are on the page, so both rules are exercised.
    const held = await rows('select count(*)::int as n from stock_level where reserved > 0');
    expect(held[0].n).toBeGreaterThan(0);
    for (const token of [owner, overseas]) expect(await gql(PRODUCTS_PAGE, token)).toEqual(expected);
  });

  it('product(id:) with variants and stock, for a plain product and for one with a bundle', async () => {
    const [bundle] = await rows(`select v.product_id as id from bundle_component bc join variant v on v.id = bc.bundle_id limit 1`);
    const [held] = await rows(`select v.product_id as id from stock_level sl join variant v on v.id = sl.variant_id where sl.reserved > 0 limit 1`);
    for (const id of [bundle.id, held.id]) {
      const [p] = await rows('select id, title from product where id = ?', [id]);
      const [expected] = await stockedProducts([p]);
      expect(await gql(`{ product(id: ${JSON.stringify(gid('Product', id))}) { ${STOCKED} } }`, owner)).toEqual({ product: expected });
    }
  });

  it.each([
    ['西装', ' 西装 '],
    ['suit', 'suit'],
  ])('search %s: the newest 20 products whose search text holds the term, with their variants', async (term, needle) => {
    const found = (await productsInListOrder('strpos(search_text, ?) > 0', [needle])).slice(0, 20);
    expect(found.length).toBeGreaterThan(0);
    const variants = await variantsOf(found.map((p) => p.id));
    const expected = {
      products: {
        edges: found.map((p) => ({
          node: {
            id: gid('Product', p.id),
            title: p.title,
            status: p.status,
            variants: variants.get(p.id)!.map((v) => ({ sku: v.sku, price: { amount: v.amount, currency: v.currency } })),
          },
        })),
      },
    };
    expect(await gql(SEARCH(term), owner)).toEqual(expected);
  });

  it('orders(first: 50) with buyer, total and lines: every order for the owner, buyers unmasked', async () => {
    const expected = await expectedOrdersPage({ orders: null, buyers: null });
    // A full page: the demo shop's own orders (issue 18) behind this file's seven, which are the newest.
    expect(expected.orders.edges).toHaveLength(50);
    expect(await gql(ORDERS_PAGE, owner)).toEqual(expected);
  });

  it('orders(first: 50) for a channel-limited reader: that channel only, its buyers unmasked', async () => {
    const expected = await expectedOrdersPage({ orders: new Set(['aliexpress-global']), buyers: new Set(['aliexpress-global']) });
    expect(expected.orders.edges).toHaveLength(2);
    expect(await gql(ORDERS_PAGE, overseas)).toEqual(expected);
  });

  it('orders(first: 50) for a reader of every order who may see buyers of one channel: the others masked, the manual one too', async () => {
    const expected = await expectedOrdersPage({ orders: null, buyers: new Set(['tmall-main']) });
    // Of this file's seven orders (the newest), the five not of tmall-main are masked.
    const own = new Set((await rows(`select number from sales_order where external_id like 'HOT-%' or idempotency_key = 'HOT-MANUAL'`)).map((r) => r.number as string));
    const mine = expected.orders.edges.filter((e: Row) => own.has(e.node.number as string)).map((e: Row) => e.node.buyer.name as string);
    expect(mine).toHaveLength(7);
    expect(mine.filter((n: string) => n.includes('*')).length).toBe(5);
    expect(await gql(ORDERS_PAGE, mixed)).toEqual(expected);
  });
});

// ---- 2. the direct resolvers against type-graphql's own pipeline --------------------------

/** Wider reads, crossing the direct field resolvers of every kind (arguments, roots, permissions). */
const WIDE = [
  `{ products(first: 60) { edges { node { id title(locale: "en-US") description(locale: "en-US") translations { locale title } options { name values }
      category { name } images { url } variants { id sku costPrice { amount } isBundle bundleComponents { quantity variant { sku } }
      stock { onHand reserved available } stockLevels { warehouseCode onHand reserved } product { id title } } } } } }`,
  `{ orders(first: 50) { edges { node { number channelKey channel { key } channelId buyer { name nickname phone } shippingAddress { name phone address1 city }
      buyerMessage lines { sku quantity paid { amount } } history { from to } shipments { id } returns { status } notes { text } } } } }`,
  `{ me { email department { key } roles { key } roleAssignments { role { key } channelKeys } } }`,
];

async function executeAs(schema: GraphQLSchema, query: string, token: string): Promise<string> {
  const em = t.app.db.orm.em.fork() as EntityManager;
  const { actor, authError } = await authenticate(`Bearer ${token}`, em, TEST_JWT_SECRET, new ActorCache(0));
  const ctx = createContext({ requestId: 'hot-reads', clientAddress: null, config: t.app.config, log: pino({ level: 'silent' }), em, actor, authError, jwtSecret: TEST_JWT_SECRET, actorCache: new ActorCache(0) });
  const r = await execute({ schema, document: parse(query), contextValue: ctx });
  return JSON.stringify({ data: r.data, errors: r.errors?.map((e) => ({ message: e.message, path: e.path, code: e.extensions?.code })) });
}

describe('the direct field resolvers, against type-graphql’s own pipeline', () => {
  let direct: GraphQLSchema;
  let reference: GraphQLSchema;
  beforeAll(async () => {
    direct = await buildAppSchema();
    reference = await buildSchemaWithoutDirectResolvers();
  });

  const callers = () => ({ owner, overseas, mixed, finance, designer, hr });

  it.each(['owner', 'overseas', 'mixed', 'finance', 'designer', 'hr'] as const)('answer %s the same, data and errors', async (who) => {
    const token = callers()[who];
    for (const query of [PRODUCTS_PAGE, SEARCH('西装'), SEARCH('suit'), ORDERS_PAGE, ...WIDE]) {
      const expected = await executeAs(reference, query, token);
      expect(await executeAs(direct, query, token)).toBe(expected);
    }
  });

  it('refuse what type-graphql refuses: stock without inventory.read, orders without orders.read', async () => {
    const noStock = JSON.parse(await executeAs(direct, PRODUCTS_PAGE, finance));
    expect(noStock.errors.length).toBeGreaterThan(0);
    expect(new Set(noStock.errors.map((e: Row) => e.code))).toEqual(new Set(['FORBIDDEN']));
    expect(noStock.errors[0].path.slice(-1)).toEqual(['stock']);
    const noOrders = JSON.parse(await executeAs(direct, ORDERS_PAGE, designer));
    expect(noOrders.data).toBeNull();
    expect(noOrders.errors.map((e: Row) => e.code)).toEqual(['FORBIDDEN']);
  });
});
