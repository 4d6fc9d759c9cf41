import { withClient } from '../support/postgres';
import { WAREHOUSES } from '../inventory/stock-seed';

/**
 * Stock for the read benchmark: a level in each bench warehouse for every variant that is not a
 * bundle, with on-hand units that differ from level to level (so an answer that sums the wrong
 * rows shows), and the RECEIPT movement that explains each one. Returns the number of levels.
 */
export async function seedVariedStock(url: string): Promise<number> {
  return withClient(url, async (c) => {
    await c.query('begin');
    for (const w of WAREHOUSES) {
      await c.query(`insert into warehouse (id, code, name, kind, country, priority) values (gen_random_uuid(), $1, $2, 'OWN', 'CN', $3)`, [w.code, w.name, w.priority]);
    }
    const levels = await c.query(
      `insert into stock_level (id, variant_id, warehouse_id, on_hand)
       select gen_random_uuid(), v.id, w.id, 5 + abs(hashtext(v.sku || '@' || w.code)) % 196
         from variant v cross join warehouse w
        where not exists (select 1 from bundle_component bc where bc.bundle_id = v.id)`,
    );
    await c.query(
      `insert into stock_movement (variant_id, warehouse_id, type, quantity, reason, actor_type, actor_label, on_hand_after, reserved_after)
       select variant_id, warehouse_id, 'RECEIPT', on_hand, 'bench opening stock', 'SYSTEM', 'bench', on_hand, reserved
         from stock_level order by variant_id, warehouse_id`,
    );
    await c.query('commit');
    return levels.rowCount ?? 0;
  });
}
