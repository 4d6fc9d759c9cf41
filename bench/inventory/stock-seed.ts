import type { EntityManager } from '@mikro-orm/postgresql';

/** A warehouse the inventory benchmark creates. */
export interface BenchWarehouse {
  code: string;
  name: string;
  /** Lower is reserved from first. */
  priority: number;
}

export const WAREHOUSES: BenchWarehouse[] = [
  { code: 'BENCH-A', name: 'Bench warehouse A', priority: 10 },
  { code: 'BENCH-B', name: 'Bench warehouse B', priority: 20 },
];

/** One level seeded with a different quantity from the rest. */
export interface StockOverride {
  sku: string;
  warehouseCode: string;
  onHand: number;
}

/**
 * Creates the bench warehouses and a stock level of `onHand` units for every stocked variant
 * (every variant that is not a bundle) in each, `override` excepted, with the RECEIPT movement
 * that explains each level, so the books agree from the start. Returns the number of levels.
 */
export async function seedStock(em: EntityManager, onHand: number, override: StockOverride): Promise<number> {
  return em.transactional(async (tx) => {
    const conn = tx.getConnection();
    const ctx = tx.getTransactionContext();
    for (const w of WAREHOUSES) {
      await conn.execute(
        `insert into warehouse (id, code, name, kind, country, priority) values (gen_random_uuid(), ?, ?, 'OWN', 'CN', ?)`,
        [w.code, w.name, w.priority],
        'run',
        ctx,
      );
    }
    // Set-based: one statement per table whatever the catalogue size.
    await conn.execute(
      `insert into stock_level (id, variant_id, warehouse_id, on_hand)
       select gen_random_uuid(), v.id, w.id, case when v.sku = ? and w.code = ? then ? else ? end
         from variant v cross join warehouse w
        where not exists (select 1 from bundle_component bc where bc.bundle_id = v.id)`,
      [override.sku, override.warehouseCode, override.onHand, onHand],
      'run',
      ctx,
    );
    await conn.execute(
      `insert into stock_movement (variant_id, warehouse_id, type, quantity, reason, actor_type, actor_label, on_hand_after, reserved_after)
       select variant_id, warehouse_id, 'RECEIPT', on_hand, 'bench opening stock', 'SYSTEM', 'bench', on_hand, reserved
         from stock_level order by variant_id, warehouse_id`,
      [],
      'run',
      ctx,
    );
    const [row] = await conn.execute<{ n: number }[]>('select count(*)::int as n from stock_level', [], 'all', ctx);
    return row.n;
  });
}

/** A channel stock rule selling every bench warehouse, so stock writes keep that channel's outbox. */
export async function seedChannelRule(em: EntityManager, channelKey: string): Promise<void> {
  const conn = em.getConnection();
  await conn.execute('insert into channel_stock_policy (channel_key) values (?)', [channelKey], 'run');
  await conn.execute(
    `insert into channel_stock_rule (id, channel_key, warehouse_id) select gen_random_uuid(), ?, id from warehouse where code = any(?::text[])`,
    [channelKey, `{${WAREHOUSES.map((w) => w.code).join(',')}}`],
    'run',
  );
}
