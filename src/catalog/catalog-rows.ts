import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import { execute } from '../common/sql';

/**
 * Catalogue rows as the seeders build them (one interface per table, camelCase), and a fast
 * bulk insert for them: multi-row INSERTs in the caller's transaction.
 */
// ---------------------------------------------------------------------------------------
// Rows: one interface per table, camelCase; `TABLES` below maps them to snake_case columns.

/** A `category` row. `parentId` rows always come before their children. */
export interface CategoryRow {
  id: string;
  name: string;
  nameTranslations: Record<string, string>;
  parentId: string | null;
  position: number;
}

/** A `product` row; `createdAt` / `updatedAt` are ISO-8601 UTC strings. */
export interface ProductRow {
  id: string;
  title: string;
  description: string;
  status: 'DRAFT' | 'ACTIVE' | 'DELISTED';
  categoryId: string | null;
  brand: string | null;
  searchText: string;
  createdAt: string;
  updatedAt: string;
}

/** A `product_translation` row (en-US in the demo data). */
export interface ProductTranslationRow {
  id: string;
  productId: string;
  locale: string;
  title: string;
  description: string;
}

/** A `product_option` row: an axis (颜色, 尺码) and its values in display order. */
export interface ProductOptionRow {
  id: string;
  productId: string;
  name: string;
  position: number;
  values: string[];
}

/** A `product_image` row. */
export interface ProductImageRow {
  id: string;
  productId: string;
  url: string;
  alt: string;
  position: number;
}

/** A `variant` row; money is a decimal string in `currency`. */
export interface VariantRow {
  id: string;
  productId: string;
  sku: string;
  optionValues: string[];
  price: string;
  currency: string;
  costPrice: string | null;
  barcode: string | null;
  weightGrams: number | null;
  status: 'ACTIVE' | 'INACTIVE';
  position: number;
  createdAt: string;
  updatedAt: string;
}

/** A `bundle_component` row: the bundle variant holds `quantity` of the component variant. */
export interface BundleComponentRow {
  id: string;
  bundleId: string;
  componentId: string;
  quantity: number;
}

/** A whole catalogue, ready for `insertCatalogRows`. */
export interface CatalogRows {
  categories: CategoryRow[];
  products: ProductRow[];
  translations: ProductTranslationRow[];
  options: ProductOptionRow[];
  images: ProductImageRow[];
  variants: VariantRow[];
  bundleComponents: BundleComponentRow[];
}

// ---------------------------------------------------------------------------------------
// Bulk insert.

/** Where rows go: an entity manager (its open transaction is used) or a Knex connection / transaction. */
export type SqlTarget = EntityManager | Knex;

type Column<R> = readonly [column: string, value: (row: R) => unknown, cast?: string];

interface TableSpec<R> {
  table: string;
  columns: Column<R>[];
  /** Appended to each statement. */
  suffix?: string;
}

/** A Postgres array literal; every element quoted so commas, braces and spaces survive. */
function arrayLiteral(values: string[]): string {
  return `{${values.map((v) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;
}

const TABLES = {
  categories: {
    table: 'category',
    columns: [['id', (r) => r.id], ['name', (r) => r.name], ['name_translations', (r) => JSON.stringify(r.nameTranslations), 'jsonb'],
      ['parent_id', (r) => r.parentId, 'uuid'], ['position', (r) => r.position]],
    // The tree is shared by the demo and the bulk catalogue, which may meet in one database.
    suffix: 'on conflict do nothing',
  } satisfies TableSpec<CategoryRow>,
  products: {
    table: 'product',
    columns: [['id', (r) => r.id], ['title', (r) => r.title], ['description', (r) => r.description], ['status', (r) => r.status],
      ['category_id', (r) => r.categoryId, 'uuid'], ['brand', (r) => r.brand], ['search_text', (r) => r.searchText],
      ['created_at', (r) => r.createdAt, 'timestamptz'], ['updated_at', (r) => r.updatedAt, 'timestamptz']],
  } satisfies TableSpec<ProductRow>,
  translations: {
    table: 'product_translation',
    columns: [['id', (r) => r.id], ['product_id', (r) => r.productId], ['locale', (r) => r.locale], ['title', (r) => r.title],
      ['description', (r) => r.description]],
  } satisfies TableSpec<ProductTranslationRow>,
  options: {
    table: 'product_option',
    columns: [['id', (r) => r.id], ['product_id', (r) => r.productId], ['name', (r) => r.name], ['position', (r) => r.position],
      ['values', (r) => arrayLiteral(r.values), 'text[]']],
  } satisfies TableSpec<ProductOptionRow>,
  images: {
    table: 'product_image',
    columns: [['id', (r) => r.id], ['product_id', (r) => r.productId], ['url', (r) => r.url], ['alt', (r) => r.alt],
      ['position', (r) => r.position]],
  } satisfies TableSpec<ProductImageRow>,
  variants: {
    table: 'variant',
    columns: [['id', (r) => r.id], ['product_id', (r) => r.productId], ['sku', (r) => r.sku],
      ['option_values', (r) => arrayLiteral(r.optionValues), 'text[]'], ['price', (r) => r.price, 'numeric'],
      ['currency', (r) => r.currency], ['cost_price', (r) => r.costPrice, 'numeric'], ['barcode', (r) => r.barcode],
      ['weight_grams', (r) => r.weightGrams, 'int'], ['status', (r) => r.status], ['position', (r) => r.position],
      ['created_at', (r) => r.createdAt, 'timestamptz'], ['updated_at', (r) => r.updatedAt, 'timestamptz']],
  } satisfies TableSpec<VariantRow>,
  bundleComponents: {
    table: 'bundle_component',
    columns: [['id', (r) => r.id], ['bundle_id', (r) => r.bundleId], ['component_id', (r) => r.componentId], ['quantity', (r) => r.quantity]],
  } satisfies TableSpec<BundleComponentRow>,
};

/** Parameters per statement: PostgreSQL allows 65535; half keeps statements a few hundred kB. */
const MAX_PARAMS_PER_STATEMENT = 30_000;

function statementRunner(target: SqlTarget): (sql: string, params: unknown[]) => Promise<void> {
  if (typeof (target as EntityManager).getConnection === 'function') {
    const em = target as EntityManager;
    return async (sql, params) => {
      await execute(em, sql, params);
    };
  }
  const knex = target as Knex;
  return async (sql, params) => {
    await knex.raw(sql, params as Knex.RawBinding[]);
  };
}

async function insertTable<R>(run: (sql: string, params: unknown[]) => Promise<void>, spec: TableSpec<R>, rows: R[]): Promise<void> {
  if (rows.length === 0) return;
  const head = `insert into "${spec.table}" (${spec.columns.map(([c]) => `"${c}"`).join(', ')}) values `;
  const tuple = `(${spec.columns.map(([, , cast]) => (cast ? `?::${cast}` : '?')).join(', ')})`;
  const batch = Math.max(1, Math.floor(MAX_PARAMS_PER_STATEMENT / spec.columns.length));
  for (let start = 0; start < rows.length; start += batch) {
    const slice = rows.slice(start, start + batch);
    const params: unknown[] = [];
    for (const row of slice) for (const [, value] of spec.columns) params.push(value(row));
    const sql = head + new Array(slice.length).fill(tuple).join(', ') + (spec.suffix ? ` ${spec.suffix}` : '');
    await run(sql, params);
  }
}

/**
 * Inserts a catalogue with multi-row INSERTs, parents before children. Runs in the caller's
 * transaction when there is one; wrap the call in one to make it all-or-nothing.
 */
export async function insertCatalogRows(target: SqlTarget, rows: CatalogRows): Promise<void> {
  const run = statementRunner(target);
  await insertTable(run, TABLES.categories, rows.categories);
  await insertTable(run, TABLES.products, rows.products);
  await insertTable(run, TABLES.translations, rows.translations);
  await insertTable(run, TABLES.options, rows.options);
  await insertTable(run, TABLES.images, rows.images);
  await insertTable(run, TABLES.variants, rows.variants);
  await insertTable(run, TABLES.bundleComponents, rows.bundleComponents);
}
