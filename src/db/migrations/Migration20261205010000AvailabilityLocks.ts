import { Migration } from '@mikro-orm/migrations';

/**
 * Stock writes in fewer round trips (issue 17). Before a transaction works out what each channel
 * may sell of the variants it moved, it takes the rule lock shared and one advisory lock per
 * variant (and per bundle containing one), in one fixed order, so two transactions moving the
 * same variant in different warehouses compute one after the other (channel-availability
 * .service.ts). That was three statements from the application; this function takes the same
 * locks in one call and returns the variants whose sellable quantity must be recomputed (none
 * while no channel has a stock rule).
 *
 * It is plpgsql on purpose: each statement inside a volatile function reads with a fresh
 * snapshot, so a caller can take the locks at the end of the statement that changed a level
 * (the level's row lock first, as everywhere) and still compute in its next statement from what
 * the transactions it waited for committed. The lock keys are as before: class 0x0c5a0001 (the
 * rules, key 0) and class 0x0c5a0002 with the first 32 bits of the variant's uuid.
 */
export class Migration20261205010000AvailabilityLocks extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create function inventory_availability_locks(variant_ids uuid[]) returns uuid[] language plpgsql as $$
      declare
        targets uuid[];
      begin
        perform pg_advisory_xact_lock_shared(207224833, 0);
        select coalesce(array_agg(t.id order by t.id), '{}') into targets
          from (select v.id from variant v where v.id = any(variant_ids)
                union
                select bc.bundle_id from bundle_component bc where bc.component_id = any(variant_ids)) t
         where exists (select 1 from channel_stock_policy);
        -- One lock per key, taken in ascending key order (the subquery's order): no deadlock.
        perform pg_advisory_xact_lock(207224834, k.key)
           from (select distinct ('x' || left(replace(t::text, '-', ''), 8))::bit(32)::int as key
                   from unnest(targets) as t order by 1) k;
        return targets;
      end $$`);
  }
}
