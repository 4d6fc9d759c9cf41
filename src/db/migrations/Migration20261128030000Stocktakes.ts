import { Migration } from '@mikro-orm/migrations';

/**
 * Inventory: stocktakes (盘点). A stocktake snapshots the book quantities of a warehouse (or of
 * one zone of it) together with the ledger position they correspond to; counters record what
 * they find per SKU and bin; posting writes one STOCKTAKE movement per counted SKU.
 */
export class Migration20261128030000Stocktakes extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table stocktake (
      id uuid primary key,
      seq bigserial not null constraint stocktake_seq_unique unique,
      number text not null generated always as
        ('ST-' || case when seq < 1000000 then lpad(seq::text, 6, '0') else seq::text end) stored
        constraint stocktake_number_unique unique,
      warehouse_id uuid not null references warehouse (id) on delete restrict,
      zone_code text null constraint stocktake_zone_not_empty check (zone_code <> ''),
      status text not null default 'OPEN' constraint stocktake_status_valid check (status in ('OPEN','POSTED','CANCELLED')),
      snapshot_movement_id bigint not null constraint stocktake_snapshot_nonnegative check (snapshot_movement_id >= 0),
      started_at timestamptz not null default now(),
      started_by text not null,
      posted_at timestamptz null,
      posted_by text null,
      cancelled_at timestamptz null,
      constraint stocktake_posted_when_posted check ((status = 'POSTED') = (posted_at is not null)),
      constraint stocktake_cancelled_when_cancelled check ((status = 'CANCELLED') = (cancelled_at is not null))
    )`);
    // One open stocktake per warehouse and zone (the whole warehouse counts as the zone '').
    this.addSql(`create unique index stocktake_open_unique on stocktake (warehouse_id, coalesce(zone_code, '')) where status = 'OPEN'`);
    this.addSql(`create index stocktake_warehouse_idx on stocktake (warehouse_id, seq)`);
    this.addSql(`create index stocktake_status_idx on stocktake (status, seq)`);
    this.addSql(`create table stocktake_line (
      id uuid primary key,
      stocktake_id uuid not null references stocktake (id) on delete cascade,
      variant_id uuid not null references variant (id) on delete restrict,
      expected_on_hand int not null constraint stocktake_line_expected_nonnegative check (expected_on_hand >= 0),
      snapshot_movement_id bigint not null constraint stocktake_line_snapshot_nonnegative check (snapshot_movement_id >= 0),
      in_snapshot boolean not null default true,
      moved_since int null,
      posted_quantity int null,
      constraint stocktake_line_variant_unique unique (stocktake_id, variant_id)
    )`);
    this.addSql(`create index stocktake_line_variant_idx on stocktake_line (variant_id)`);
    this.addSql(`create table stocktake_count (
      id uuid primary key,
      stocktake_id uuid not null,
      variant_id uuid not null references variant (id) on delete restrict,
      bin_code text not null constraint stocktake_count_bin_not_empty check (bin_code <> ''),
      counted_quantity int not null constraint stocktake_count_quantity_nonnegative check (counted_quantity >= 0),
      counted_by text not null,
      counted_at timestamptz not null default now(),
      constraint stocktake_count_bin_unique unique (stocktake_id, variant_id, bin_code),
      constraint stocktake_count_line_fk foreign key (stocktake_id, variant_id)
        references stocktake_line (stocktake_id, variant_id) on delete cascade
    )`);
    this.addSql(`create index stocktake_count_variant_idx on stocktake_count (variant_id)`);
  }
}
