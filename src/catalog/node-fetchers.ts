import type { Context } from '../context';
import { P } from '../staff/permissions';
import { CATEGORY_COLUMNS } from './catalog.queries';
import { selectRows } from '../common/sql';
import { Category, CategoryRow, Product, ProductImage, Variant } from './catalog.types';

/** How `node(id:)` fetches catalogue objects, with the permission the typed queries need. */
export const CATALOG_NODE_FETCHERS: Record<string, { permission: string[]; fetch(ctx: Context, id: string): Promise<object | null> }> = {
  Product: {
    permission: [P.CatalogRead],
    fetch: async (ctx, id) => {
      const row = await ctx.loaders.catalog.productById.load(id);
      return row ? Product.fromRow(row) : null;
    },
  },
  Variant: {
    permission: [P.CatalogRead],
    fetch: async (ctx, id) => {
      const row = await ctx.loaders.catalog.variantById.load(id);
      return row ? Variant.fromRow(row) : null;
    },
  },
  Category: {
    permission: [P.CatalogRead],
    fetch: async (ctx, id) => {
      const [row] = await selectRows<CategoryRow>(ctx.em, `select ${CATEGORY_COLUMNS} from category c where c.id = ?`, [id]);
      return row ? Category.fromRow(row) : null;
    },
  },
  ProductImage: {
    permission: [P.CatalogRead],
    fetch: async (ctx, id) => {
      const [row] = await selectRows<{ id: string; url: string; alt: string; position: number }>(ctx.em, 'select id, url, alt, position from product_image where id = ?', [id]);
      return row ? ProductImage.fromRow(row) : null;
    },
  },
};
