import { PRODUCT_COLUMNS, VARIANT_COLUMNS } from '../../src/catalog/catalog.queries';
import { searchConditions } from '../../src/catalog/catalog.search';
import { toGlobalId } from '../../src/common/ids';
import { ORDER_COLUMNS, ORDER_LINE_COLUMNS } from '../../src/orders/order.types';
import { escapeLiteral } from 'pg';

/**
 * The floors of the hot reads: for each, the SQL statements the API sends for the GraphQL
 * query of the same scenario (the same text and parameters; the same column lists, imported
 * from the API's own modules), run one after the other through `pg`, and the same `data` built
 * from their rows by hand. No GraphQL, no ORM,
 * no DataLoader, no per-field objects: what this machine needs to answer the same question.
 * `npm run bench` checks that each floor's answer is byte-for-byte the API's `data` and that
 * both send the same number of statements, so a change on either side cannot go unnoticed.
 */

/** Runs one statement and counts it (served as sql_statements_total). */
export interface FloorDb {
  rows<T>(sql: string, params?: unknown[]): Promise<T[]>;
}

/**
 * `?` placeholders filled in as the API's selectRows fills them (MikroORM writes each value into
 * the text, strings escaped with pg's escapeLiteral): the page statements travel as plain text.
 */
function inline(sql: string, params: (string | number)[]): string {
  let i = 0;
  return sql.replace(/\?/g, () => {
    const v = params[i++];
    return typeof v === 'number' ? String(v) : escapeLiteral(v);
  });
}

interface ProductRow {
  id: string;
  title: string;
  status: string;
}
interface VariantRow {
  id: string;
  product_id: string;
  sku: string;
  price: string;
  currency: string;
}
interface LevelRow {
  variant_id: string;
  warehouse_id: string;
  on_hand: number;
  reserved: number;
}

function groupBy<T>(rows: T[], key: (r: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    const g = m.get(k);
    if (g) g.push(r);
    else m.set(k, [r]);
  }
  return m;
}

/** Variants of the products, in the API's order (product, position, sku). */
async function variantsOf(db: FloorDb, productIds: string[]): Promise<Map<string, VariantRow[]>> {
  if (!productIds.length) return new Map();
  const rows = await db.rows<VariantRow>(
    `select ${VARIANT_COLUMNS} from variant v where v.product_id = any($1::uuid[]) order by v.product_id, v.position, v.sku`,
    [productIds],
  );
  return groupBy(rows, (r) => r.product_id);
}

/**
 * `available` of each variant: the statement of the API's `stockByVariant` loader (each
 * variant's levels added up, and the components of the bundles among them with their levels);
 * a bundle gets, per warehouse, as many as its scarcest component allows.
 */
async function availableOf(db: FloorDb, variantIds: string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (!variantIds.length) return out;
  const rows = await db.rows<{ variant_id: string; component_id: string | null; quantity: number | null; warehouse_id: string | null; on_hand: string; reserved: string }>(
    `with c as (select bundle_id, component_id, quantity from bundle_component where bundle_id = any($1::uuid[]))
     select sl.variant_id, null::uuid as component_id, null::int as quantity, null::uuid as warehouse_id, sum(sl.on_hand) as on_hand, sum(sl.reserved) as reserved
       from stock_level sl where sl.variant_id = any($2::uuid[]) group by sl.variant_id
     union all
     select c.bundle_id, c.component_id, c.quantity, sl.warehouse_id, sl.on_hand, sl.reserved
       from c left join stock_level sl on sl.variant_id = c.component_id`,
    [variantIds, variantIds],
  );
  const bundles = new Map<string, Map<string, { quantity: number; levels: LevelRow[] }>>();
  for (const r of rows) {
    if (r.component_id === null) {
      out.set(r.variant_id, Number(r.on_hand) - Number(r.reserved));
      continue;
    }
    let parts = bundles.get(r.variant_id);
    if (!parts) bundles.set(r.variant_id, (parts = new Map()));
    let part = parts.get(r.component_id);
    if (!part) parts.set(r.component_id, (part = { quantity: r.quantity!, levels: [] }));
    if (r.warehouse_id !== null) part.levels.push({ variant_id: r.component_id, warehouse_id: r.warehouse_id, on_hand: Number(r.on_hand), reserved: Number(r.reserved) });
  }
  for (const id of variantIds) {
    const parts = bundles.get(id);
    if (!parts) {
      if (!out.has(id)) out.set(id, 0);
      continue;
    }
    const components = [...parts.values()];
    const warehouses = new Set(components.flatMap((c) => c.levels.map((l) => l.warehouse_id)));
    let available = 0;
    for (const w of warehouses) {
      available += Math.min(
        ...components.map((c) => {
          const l = c.levels.find((y) => y.warehouse_id === w);
          return Math.floor(Math.max(0, (l?.on_hand ?? 0) - (l?.reserved ?? 0)) / c.quantity);
        }),
      );
    }
    out.set(id, available);
  }
  return out;
}

/** A product with its variants, price and available stock, keys in the query's order. */
async function productsWithStock(db: FloorDb, products: ProductRow[]): Promise<object[]> {
  const variants = await variantsOf(db, products.map((p) => p.id));
  // In the order the API's stock resolvers ask for them: page order, then variant order.
  const available = await availableOf(db, products.flatMap((p) => variants.get(p.id) ?? []).map((v) => v.id));
  return products.map((p) => ({
    id: toGlobalId('Product', p.id),
    title: p.title,
    variants: (variants.get(p.id) ?? []).map((v) => ({
      id: toGlobalId('Variant', v.id),
      sku: v.sku,
      price: { amount: v.price, currency: v.currency },
      stock: { available: available.get(v.id)! },
    })),
  }));
}

/** `products(first: 50) { edges { node { id title variants { id sku price { amount currency } stock { available } } } } }` */
export async function productsPage(db: FloorDb, first: number): Promise<object> {
  const rows = await db.rows<ProductRow>(
    `select ${PRODUCT_COLUMNS}, p.created_at::text as sort_key from product p where p.status <> 'ARCHIVED'
      order by p.created_at desc, p.id desc limit ${first + 1}`,
  );
  const nodes = await productsWithStock(db, rows.slice(0, first));
  return { products: { edges: nodes.map((node) => ({ node })) } };
}

/** `product(id:) { id title variants { id sku price { amount currency } stock { available } } }` */
export async function productById(db: FloorDb, id: string): Promise<object> {
  const rows = await db.rows<ProductRow>(`select ${PRODUCT_COLUMNS} from product p where p.id = any($1::uuid[])`, [[id]]);
  const [node] = rows.length ? await productsWithStock(db, rows) : [null];
  return { product: node };
}

/** `products(first: N, filter: { search }) { edges { node { id title status variants { sku price { amount currency } } } } }` */
export async function search(db: FloorDb, term: string, first: number): Promise<object> {
  const s = searchConditions(term);
  const rows = await db.rows<ProductRow>(
    inline(
      `select ${PRODUCT_COLUMNS}, p.created_at::text as sort_key from product p where ${[`p.status <> 'ARCHIVED'`, ...s.sql].join(' and ')}
      order by p.created_at desc, p.id desc limit ?`,
      [...s.params, first + 1],
    ),
  );
  const page = rows.slice(0, first);
  const variants = await variantsOf(db, page.map((p) => p.id));
  return {
    products: {
      edges: page.map((p) => ({
        node: {
          id: toGlobalId('Product', p.id),
          title: p.title,
          status: p.status,
          variants: (variants.get(p.id) ?? []).map((v) => ({ sku: v.sku, price: { amount: v.price, currency: v.currency } })),
        },
      })),
    },
  };
}

interface OrderRow {
  id: string;
  number: string;
  status: string;
  buyer: { name?: string | null } | null;
  total: string;
}
interface LineRow {
  order_id: string;
  sku: string;
  quantity: number;
  unit_price: string;
}

/**
 * `orders(first: 50) { edges { node { number status buyer { name } totals { total { amount } } lines { sku quantity unitPrice { amount } } } } }`
 * as the owner (every channel, buyers unmasked).
 */
export async function ordersPage(db: FloorDb, first: number): Promise<object> {
  const rows = await db.rows<OrderRow>(
    `select ${ORDER_COLUMNS}, o.placed_at::text as sort_key from sales_order o where true
      order by o.placed_at desc, o.id desc limit ${first + 1}`,
  );
  const page = rows.slice(0, first);
  const lines = page.length
    ? groupBy(
        await db.rows<LineRow>(
          `select ${ORDER_LINE_COLUMNS} from order_line where order_id = any($1::uuid[]) order by order_id, position`,
          [page.map((o) => o.id)],
        ),
        (r) => r.order_id,
      )
    : new Map<string, LineRow[]>();
  return {
    orders: {
      edges: page.map((o) => ({
        node: {
          number: o.number,
          status: o.status,
          buyer: { name: o.buyer?.name ?? null },
          totals: { total: { amount: o.total } },
          lines: (lines.get(o.id) ?? []).map((l) => ({ sku: l.sku, quantity: l.quantity, unitPrice: { amount: l.unit_price } })),
        },
      })),
    },
  };
}
