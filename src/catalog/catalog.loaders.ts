import DataLoader from 'dataloader';
import type { Context } from '../context';
import { CATEGORY_COLUMNS, PRODUCT_COLUMNS, VARIANT_COLUMNS } from './catalog.queries';
import { CategoryRow, ProductRow, VariantRow } from './catalog.types';
import { groupRows, rowPerKey, selectBound } from '../common/sql';

/**
 * Per-request DataLoaders for the catalogue: a page of 50 products with variants, category,
 * options and translations costs the same number of SQL statements as a page of 5. Each batch
 * sends its ids as one bound array (selectBound), not as a list written into the SQL.
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
}

/** The catalogue's loaders of one request (ctx.loaders.catalog, dropped by every commit). */
export function createCatalogLoaders(ctx: Context): CatalogLoaders {
  // Loaders are created on first use: most requests need only one or two of them.
  const lazy = <V>(batch: (keys: readonly string[]) => Promise<V[]>) => {
    let loader: DataLoader<string, V> | undefined;
    return () => (loader ??= new DataLoader<string, V>(batch, { maxBatchSize: 1000 }));
  };
  const get = {
    productById: lazy(async (ids) =>
      rowPerKey(await selectBound<ProductRow>(ctx.em, `select ${PRODUCT_COLUMNS} from product p where p.id = any(?::uuid[])`, [ids]), ids, (r) => r.id),
    ),
    variantById: lazy(async (ids) =>
      rowPerKey(await selectBound<VariantRow>(ctx.em, `select ${VARIANT_COLUMNS} from variant v where v.id = any(?::uuid[])`, [ids]), ids, (r) => r.id),
    ),
    variantsByProduct: lazy(async (ids) =>
      groupRows(
        await selectBound<VariantRow>(
          ctx.em,
          `select ${VARIANT_COLUMNS} from variant v where v.product_id = any(?::uuid[]) order by v.product_id, v.position, v.sku`,
          [ids],
        ),
        ids,
        (r) => r.product_id,
      ),
    ),
    translationsByProduct: lazy(async (ids) =>
      groupRows(
        await selectBound<{ product_id: string; locale: string; title: string; description: string }>(
          ctx.em,
          `select product_id, locale, title, description from product_translation where product_id = any(?::uuid[]) order by product_id, locale`,
          [ids],
        ),
        ids,
        (r) => r.product_id,
      ).map((group) => group.map(({ locale, title, description }) => ({ locale, title, description }))),
    ),
    optionsByProduct: lazy(async (ids) =>
      groupRows(
        await selectBound<{ product_id: string; name: string; values: string[] }>(
          ctx.em,
          `select product_id, name, values from product_option where product_id = any(?::uuid[]) order by product_id, position`,
          [ids],
        ),
        ids,
        (r) => r.product_id,
      ).map((group) => group.map(({ name, values }) => ({ name, values }))),
    ),
    imagesByProduct: lazy(async (ids) =>
      groupRows(
        await selectBound<{ id: string; product_id: string; url: string; alt: string; position: number }>(
          ctx.em,
          `select id, product_id, url, alt, position from product_image where product_id = any(?::uuid[]) order by product_id, position`,
          [ids],
        ),
        ids,
        (r) => r.product_id,
      ).map((group) => group.map(({ id, url, alt, position }) => ({ id, url, alt, position }))),
    ),
    categoryById: lazy(async (ids) =>
      rowPerKey(await selectBound<CategoryRow>(ctx.em, `select ${CATEGORY_COLUMNS} from category c where c.id = any(?::uuid[])`, [ids]), ids, (r) => r.id),
    ),
    componentsByBundle: lazy(async (ids) =>
      groupRows(
        await selectBound<{ bundle_id: string; component_id: string; quantity: number }>(
          ctx.em,
          `select bundle_id, component_id, quantity from bundle_component where bundle_id = any(?::uuid[]) order by bundle_id, component_id`,
          [ids],
        ),
        ids,
        (r) => r.bundle_id,
      ).map((group) => group.map(({ component_id, quantity }) => ({ component_id, quantity }))),
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
  };
}
