import DataLoader from 'dataloader';
import type { Context } from '../context';
import { CATEGORY_COLUMNS, PRODUCT_COLUMNS, VARIANT_COLUMNS, placeholders } from './catalog.sql';
import { CategoryRow, ProductRow, VariantRow } from './catalog.types';

/**
 * Per-request DataLoaders for the catalogue: a page of 50 products with variants, category,
 * options and translations costs the same number of SQL statements as a page of 5.
 */
export interface CatalogLoaders {
  productById: DataLoader<string, ProductRow | null>;
  variantsByProduct: DataLoader<string, VariantRow[]>;
  translationsByProduct: DataLoader<string, { locale: string; title: string; description: string }[]>;
  optionsByProduct: DataLoader<string, { name: string; values: string[] }[]>;
  imagesByProduct: DataLoader<string, { id: string; url: string; alt: string; position: number }[]>;
  categoryById: DataLoader<string, CategoryRow | null>;
  componentsByBundle: DataLoader<string, { component_id: string; quantity: number }[]>;
  variantById: DataLoader<string, VariantRow | null>;
  /** Forgets everything loaded (after a mutation changed rows). */
  clearAll(): void;
}

type Row = Record<string, unknown>;

function query<T>(ctx: Context, sql: string, params: unknown[]): Promise<T[]> {
  return ctx.em.getConnection().execute(sql, params, 'all', ctx.em.getTransactionContext()) as Promise<T[]>;
}

/** One row per key, in key order. */
function byKey<T extends Row>(rows: T[], keys: readonly string[], key: keyof T): (T | null)[] {
  const map = new Map(rows.map((r) => [r[key] as string, r]));
  return keys.map((k) => map.get(k) ?? null);
}

/** All rows per key, in key order (rows arrive already sorted within a key). */
function groupByKey<T extends Row, R>(rows: T[], keys: readonly string[], key: keyof T, map: (r: T) => R): R[][] {
  const groups = new Map<string, R[]>(keys.map((k) => [k, []]));
  for (const r of rows) groups.get(r[key] as string)?.push(map(r));
  return keys.map((k) => groups.get(k)!);
}

const identity = <T>(r: T) => r;

export function createCatalogLoaders(ctx: Context): CatalogLoaders {
  const made: DataLoader<string, unknown>[] = [];
  // Loaders are created on first use: most requests need only one or two of them.
  const lazy = <V>(batch: (keys: readonly string[]) => Promise<V[]>) => {
    let loader: DataLoader<string, V> | undefined;
    return () => {
      if (!loader) {
        loader = new DataLoader<string, V>(batch, { maxBatchSize: 1000 });
        made.push(loader as DataLoader<string, unknown>);
      }
      return loader;
    };
  };
  const get = {
    productById: lazy(async (ids) =>
      byKey(await query<ProductRow & Row>(ctx, `select ${PRODUCT_COLUMNS} from product p where p.id in (${placeholders(ids.length)})`, [...ids]), ids, 'id'),
    ),
    variantById: lazy(async (ids) =>
      byKey(await query<VariantRow & Row>(ctx, `select ${VARIANT_COLUMNS} from variant v where v.id in (${placeholders(ids.length)})`, [...ids]), ids, 'id'),
    ),
    variantsByProduct: lazy(async (ids) =>
      groupByKey(
        await query<VariantRow & Row>(
          ctx,
          `select ${VARIANT_COLUMNS} from variant v where v.product_id in (${placeholders(ids.length)}) order by v.product_id, v.position, v.sku`,
          [...ids],
        ),
        ids,
        'product_id',
        identity,
      ),
    ),
    translationsByProduct: lazy(async (ids) =>
      groupByKey(
        await query<Row>(
          ctx,
          `select product_id, locale, title, description from product_translation where product_id in (${placeholders(ids.length)}) order by product_id, locale`,
          [...ids],
        ),
        ids,
        'product_id',
        (r) => ({ locale: r.locale as string, title: r.title as string, description: r.description as string }),
      ),
    ),
    optionsByProduct: lazy(async (ids) =>
      groupByKey(
        await query<Row>(
          ctx,
          `select product_id, name, values from product_option where product_id in (${placeholders(ids.length)}) order by product_id, position`,
          [...ids],
        ),
        ids,
        'product_id',
        (r) => ({ name: r.name as string, values: r.values as string[] }),
      ),
    ),
    imagesByProduct: lazy(async (ids) =>
      groupByKey(
        await query<Row>(
          ctx,
          `select id, product_id, url, alt, position from product_image where product_id in (${placeholders(ids.length)}) order by product_id, position`,
          [...ids],
        ),
        ids,
        'product_id',
        (r) => ({ id: r.id as string, url: r.url as string, alt: r.alt as string, position: r.position as number }),
      ),
    ),
    categoryById: lazy(async (ids) =>
      byKey(await query<CategoryRow & Row>(ctx, `select ${CATEGORY_COLUMNS} from category c where c.id in (${placeholders(ids.length)})`, [...ids]), ids, 'id'),
    ),
    componentsByBundle: lazy(async (ids) =>
      groupByKey(
        await query<Row>(
          ctx,
          `select bundle_id, component_id, quantity from bundle_component where bundle_id in (${placeholders(ids.length)}) order by bundle_id, component_id`,
          [...ids],
        ),
        ids,
        'bundle_id',
        (r) => ({ component_id: r.component_id as string, quantity: r.quantity as number }),
      ),
    ),
  };
  return {
    get productById() { return get.productById(); },
    get variantById() { return get.variantById(); },
    get variantsByProduct() { return get.variantsByProduct(); },
    get translationsByProduct() { return get.translationsByProduct(); },
    get optionsByProduct() { return get.optionsByProduct(); },
    get imagesByProduct() { return get.imagesByProduct(); },
    get categoryById() { return get.categoryById(); },
    get componentsByBundle() { return get.componentsByBundle(); },
    clearAll() {
      made.forEach((l) => l.clearAll());
    },
  };
}
