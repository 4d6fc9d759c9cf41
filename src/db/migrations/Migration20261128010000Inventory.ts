import { Migration } from '@mikro-orm/migrations';

/**
 * Inventory: warehouses with zones and bins, stock levels per variant × warehouse, the
 * movement ledger, reservations. The database holds the invariants: no negative quantity,
 * nothing reserved beyond what is on hand, one level per variant and warehouse.
 */
export class Migration20261128010000Inventory extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table warehouse (
      id uuid primary key,
      code text not null constraint warehouse_code_unique unique constraint warehouse_code_format check (code ~ '^[A-Z0-9][A-Z0-9_-]{1,31}$'),
      name text not null,
      kind text not null constraint warehouse_kind_valid check (kind in ('OWN','THIRD_PARTY','MARKETPLACE_FULFILMENT','OVERSEAS')),
      country char(2) not null constraint warehouse_country_format check (country ~ '^[A-Z]{2}$'),
      priority int not null default 100,
      active boolean not null default true,
      created_at timestamptz not null default now()
    )`);
    this.addSql(`create table warehouse_zone (
      id uuid primary key,
      warehouse_id uuid not null references warehouse (id) on delete cascade,
      code text not null,
      name text not null default '',
      constraint warehouse_zone_code_unique unique (warehouse_id, code)
    )`);
    this.addSql(`create table warehouse_bin (
      id uuid primary key,
      warehouse_id uuid not null references warehouse (id) on delete cascade,
      zone_id uuid null references warehouse_zone (id) on delete set null,
      code text not null,
      constraint warehouse_bin_code_unique unique (warehouse_id, code)
    )`);
    this.addSql(`create table stock_level (
      id uuid primary key,
      variant_id uuid not null references variant (id) on delete restrict,
      warehouse_id uuid not null references warehouse (id) on delete restrict,
      on_hand int not null default 0,
      reserved int not null default 0,
      damaged int not null default 0,
      quality_control int not null default 0,
      incoming int not null default 0,
      safety_stock int not null default 0,
      default_bin_id uuid null references warehouse_bin (id) on delete set null,
      updated_at timestamptz not null default now(),
      constraint stock_level_variant_warehouse_unique unique (variant_id, warehouse_id),
      constraint stock_level_on_hand_nonnegative check (on_hand >= 0),
      constraint stock_level_reserved_nonnegative check (reserved >= 0),
      constraint stock_level_reserved_within_on_hand check (reserved <= on_hand),
      constraint stock_level_damaged_nonnegative check (damaged >= 0),
      constraint stock_level_qc_nonnegative check (quality_control >= 0),
      constraint stock_level_incoming_nonnegative check (incoming >= 0),
      constraint stock_level_safety_nonnegative check (safety_stock >= 0)
    )`);
    this.addSql(`create index stock_level_warehouse_idx on stock_level (warehouse_id)`);
    this.addSql(`create table stock_movement (
      id bigserial primary key,
      variant_id uuid not null references variant (id) on delete restrict,
      warehouse_id uuid not null references warehouse (id) on delete restrict,
      type text not null constraint stock_movement_type_valid check (type in
        ('RECEIPT','SHIPMENT','ADJUSTMENT','TRANSFER_OUT','TRANSFER_IN','STOCKTAKE','RETURN','DAMAGE','QUALITY_CONTROL')),
      quantity int not null,
      damaged_delta int not null default 0,
      quality_control_delta int not null default 0,
      reason text not null default '',
      reference_type text null,
      reference_id text null,
      actor_type text not null,
      actor_id text null,
      actor_label text not null,
      on_hand_after int not null,
      reserved_after int not null,
      created_at timestamptz not null default now(),
      constraint stock_movement_changes_something check (quantity <> 0 or damaged_delta <> 0 or quality_control_delta <> 0)
    )`);
    this.addSql(`create index stock_movement_level_idx on stock_movement (variant_id, warehouse_id, id)`);
    this.addSql(`create index stock_movement_reference_idx on stock_movement (reference_type, reference_id)`);
    this.addSql(`create index stock_movement_created_idx on stock_movement (created_at)`);
    this.addSql(`create table reservation (
      id uuid primary key,
      reference text not null,
      status text not null default 'ACTIVE' constraint reservation_status_valid check (status in ('ACTIVE','RELEASED','CONSUMED')),
      created_at timestamptz not null default now(),
      closed_at timestamptz null,
      actor_label text not null
    )`);
    this.addSql(`create unique index reservation_active_reference_unique on reservation (reference) where status = 'ACTIVE'`);
    this.addSql(`create table reservation_line (
      id uuid primary key,
      reservation_id uuid not null references reservation (id) on delete cascade,
      variant_id uuid not null references variant (id) on delete restrict,
      warehouse_id uuid not null references warehouse (id) on delete restrict,
      quantity int not null constraint reservation_line_quantity_positive check (quantity > 0),
      bundle_variant_id uuid null references variant (id) on delete restrict
    )`);
    this.addSql(`create index reservation_line_reservation_idx on reservation_line (reservation_id)`);
    this.addSql(`create index reservation_line_level_idx on reservation_line (variant_id, warehouse_id)`);
  }
}
