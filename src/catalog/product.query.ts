import { Field, InputType, ID, registerEnumType } from 'type-graphql';
import type { Context } from '../context';
import { badInput } from '../common/errors';
import { uuidOf } from '../common/ids';
import { buildPage, ConnectionArgs, Page, pageRequest } from '../common/relay';
import { PRODUCT_COLUMNS } from './catalog.sql';
import { searchConditions } from './catalog.search';
import { Product, ProductRow, ProductStatus } from './catalog.types';

export enum ProductSortKey {
  CREATED_AT = 'CREATED_AT',
  UPDATED_AT = 'UPDATED_AT',
  TITLE = 'TITLE',
}
registerEnumType(ProductSortKey, {
  name: 'ProductSortKey',
  description: 'What a product list is sorted by.',
  valuesConfig: {
    CREATED_AT: { description: 'Creation time.' },
    UPDATED_AT: { description: 'Time of the last change.' },
    TITLE: { description: 'Default-locale title, in code-point order.' },
  },
});

export enum SortDirection {
  ASC = 'ASC',
  DESC = 'DESC',
}
registerEnumType(SortDirection, {
  name: 'SortDirection',
  description: 'Sort direction.',
  valuesConfig: { ASC: { description: 'Ascending.' }, DESC: { description: 'Descending.' } },
});

@InputType({ description: 'Narrows a product list; all given conditions must hold.' })
export class ProductFilter {
  @Field(() => String, { nullable: true, description: 'Fragments of a title in any locale (Chinese or English), a SKU, barcode or brand; every word must match.' })
  search?: string;

  @Field(() => [ProductStatus], { nullable: true, description: 'Only these statuses. Default: every status except ARCHIVED.' })
  status?: ProductStatus[];

  @Field(() => ID, { nullable: true, description: 'Only products in this category or any category below it.' })
  categoryId?: string;

  @Field(() => String, { nullable: true, description: 'Only the product that has a variant with exactly this SKU.' })
  sku?: string;
}

@InputType({ description: 'Sort order of a product list.' })
export class ProductOrder {
  @Field(() => ProductSortKey, { description: 'Sort key.' })
  field!: ProductSortKey;

  @Field(() => SortDirection, { defaultValue: SortDirection.ASC, description: 'Direction; ties are broken by id in the same direction.' })
  direction!: SortDirection;
}

const SORT_SQL: Record<ProductSortKey, { expr: string; text: string; cast: string }> = {
  CREATED_AT: { expr: 'p.created_at', text: 'p.created_at::text', cast: '::timestamptz' },
  UPDATED_AT: { expr: 'p.updated_at', text: 'p.updated_at::text', cast: '::timestamptz' },
  TITLE: { expr: 'p.title', text: 'p.title', cast: '::text' },
};

/** The WHERE clause of a product list (shared by the page and its count). */
function whereClause(filter: ProductFilter | undefined): { sql: string; params: unknown[] } {
  const conds: string[] = [];
  const params: unknown[] = [];
  const statuses = filter?.status?.length ? filter.status : undefined;
  if (statuses) {
    conds.push(`p.status in (${statuses.map(() => '?').join(', ')})`);
    params.push(...statuses);
  } else {
    conds.push(`p.status <> 'ARCHIVED'`);
  }
  if (filter?.search?.trim()) {
    const s = searchConditions(filter.search);
    conds.push(...s.sql);
    params.push(...s.params);
  }
  if (filter?.categoryId) {
    const id = uuidOf('Category', filter.categoryId);
    if (!id) throw badInput('filter.categoryId is not a Category id');
    conds.push(`p.category_id in (with recursive t as (select id from category where id = ?
      union all select c.id from category c join t on c.parent_id = t.id) select id from t)`);
    params.push(id);
  }
  if (filter?.sku) {
    conds.push('exists (select 1 from variant v where v.product_id = p.id and v.sku = ?)');
    params.push(filter.sku.trim());
  }
  return { sql: conds.join(' and '), params };
}

/** A page of products with keyset pagination on (sort key, id). */
export async function listProducts(
  ctx: Context,
  args: ConnectionArgs,
  filter: ProductFilter | undefined,
  order: ProductOrder | undefined,
): Promise<Page<Product>> {
  const req = pageRequest(args, 2);
  const sort = SORT_SQL[order?.field ?? ProductSortKey.CREATED_AT];
  const desc = (order?.direction ?? (order ? SortDirection.ASC : SortDirection.DESC)) === SortDirection.DESC;
  const where = whereClause(filter);
  const conds = [where.sql];
  const params = [...where.params];
  // Reading backward flips the direction; the page is put back in list order afterwards.
  const descending = desc !== req.backward;
  if (req.cursor) {
    const [key, id] = req.cursor;
    if (typeof key !== 'string' || typeof id !== 'string' || !/^[0-9a-f-]{36}$/.test(id)) throw badInput('The cursor is not valid for this list');
    conds.push(`(${sort.expr}, p.id) ${descending ? '<' : '>'} (?${sort.cast}, ?::uuid)`);
    params.push(key, id);
  }
  const dir = descending ? 'desc' : 'asc';
  const conn = ctx.em.getConnection();
  const rows: ProductRow[] = req.limit === 0 ? [] : await conn.execute(
    `select ${PRODUCT_COLUMNS}, ${sort.text} as sort_key from product p where ${conds.join(' and ')}
      order by ${sort.expr} ${dir}, p.id ${dir} limit ?`,
    [...params, req.limit + 1],
  );
  const count = async () => {
    const [r] = await conn.execute(`select count(*)::int as n from product p where ${where.sql}`, where.params);
    return r.n as number;
  };
  return buildPage(
    rows.map((r) => Object.assign(Product.fromRow(r), { sortKey: r.sort_key })),
    req,
    (p) => [(p as Product & { sortKey: string }).sortKey, p.dbId],
    count,
    { after: !!args.after, before: !!args.before },
  );
}
