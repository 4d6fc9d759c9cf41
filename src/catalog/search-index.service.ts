import type { EntityManager } from '@mikro-orm/postgresql';
import { buildSearchText } from './search-text';
import { execute, inList, selectRows } from '../common/sql';

/** Recomputes the search text (and bumps updated_at) of the given products, in the current transaction. */
export async function refreshSearchText(em: EntityManager, productIds: string[]): Promise<void> {
  if (productIds.length === 0) return;
  const ids = [...new Set(productIds)];
  const rows = await selectRows<{ id: string; title: string; brand: string | null; titles: string[] | null; skus: string[] | null; barcodes: (string | null)[] | null }>(
    em,
    `select p.id, p.title, p.brand,
            (select array_agg(t.title) from product_translation t where t.product_id = p.id) as titles,
            (select array_agg(v.sku order by v.position) from variant v where v.product_id = p.id) as skus,
            (select array_agg(v.barcode) from variant v where v.product_id = p.id) as barcodes
       from product p where p.id in (${inList(ids.length)})`,
    ids,
  );
  for (const r of rows) {
    await execute(
      em,
      'update product set search_text = ?, updated_at = now() where id = ?',
      [buildSearchText([r.title, ...(r.titles ?? [])], r.brand, r.skus ?? [], r.barcodes ?? []), r.id],
    );
  }
}
