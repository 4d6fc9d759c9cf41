import type { Context } from '../context';
import { badInput } from '../common/errors';
import { uuidOf } from '../common/ids';
import { buildPage, ConnectionArgs, Page, pageRequest } from '../common/relay';
import { PRODUCT_COLUMNS } from './catalog.queries';
import { searchConditions } from './catalog.search';
import { Product, ProductRow, ProductSortKey, SortDirection } from './catalog.types';
import { selectRows } from '../common/sql';
import { ProductFilter, ProductOrder } from './catalog.inputs';

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
  const rows = req.limit === 0 ? [] : await selectRows<ProductRow & { sort_key: string }>(
    ctx.em,
    `select ${PRODUCT_COLUMNS}, ${sort.text} as sort_key from product p where ${conds.join(' and ')}
      order by ${sort.expr} ${dir}, p.id ${dir} limit ?`,
    [...params, req.limit + 1],
  );
  const count = async () => {
    const [r] = await selectRows<{ n: number }>(ctx.em, `select count(*)::int as n from product p where ${where.sql}`, where.params);
    return r.n;
  };
  return buildPage(
    rows.map((r) => Object.assign(Product.fromRow(r), { sortKey: r.sort_key })),
    req,
    (p) => [(p as Product & { sortKey: string }).sortKey, p.dbId],
    count,
    { after: !!args.after, before: !!args.before },
  );
}
