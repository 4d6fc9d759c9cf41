import { Migration } from '@mikro-orm/migrations';

/**
 * Inventory: transfers between warehouses (the zone and bin tables came with the inventory
 * migration). A transfer's units leave the source's onHand when sent (TRANSFER_OUT) and count
 * as `incoming` at the destination until received (TRANSFER_IN) or the transfer is cancelled.
 */
export class Migration20261128020000Transfers extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create sequence stock_transfer_seq`);
    this.addSql(`create table stock_transfer (
      id uuid primary key,
      seq bigint not null constraint stock_transfer_seq_unique unique,
      number text not null constraint stock_transfer_number_unique unique,
      from_warehouse_id uuid not null references warehouse (id) on delete restrict,
      to_warehouse_id uuid not null references warehouse (id) on delete restrict,
      status text not null default 'IN_TRANSIT' constraint stock_transfer_status_valid check (status in
        ('IN_TRANSIT','PARTIALLY_RECEIVED','RECEIVED','CANCELLED')),
      note text null,
      created_at timestamptz not null default now(),
      created_by text not null,
      closed_at timestamptz null,
      constraint stock_transfer_distinct_warehouses check (from_warehouse_id <> to_warehouse_id),
      constraint stock_transfer_closed_when_done check ((closed_at is not null) = (status in ('RECEIVED','CANCELLED')))
    )`);
    this.addSql(`create index stock_transfer_status_idx on stock_transfer (status, seq)`);
    this.addSql(`create index stock_transfer_from_idx on stock_transfer (from_warehouse_id, seq)`);
    this.addSql(`create index stock_transfer_to_idx on stock_transfer (to_warehouse_id, seq)`);
    this.addSql(`create table stock_transfer_line (
      id uuid primary key,
      transfer_id uuid not null references stock_transfer (id) on delete cascade,
      variant_id uuid not null references variant (id) on delete restrict,
      quantity_sent int not null constraint stock_transfer_line_sent_positive check (quantity_sent > 0),
      quantity_received int not null default 0 constraint stock_transfer_line_received_nonnegative check (quantity_received >= 0),
      constraint stock_transfer_line_received_within_sent check (quantity_received <= quantity_sent),
      constraint stock_transfer_line_variant_unique unique (transfer_id, variant_id)
    )`);
    this.addSql(`create index stock_transfer_line_variant_idx on stock_transfer_line (variant_id)`);
    // warehouseBins(zoneCode:) lists the bins of one zone.
    this.addSql(`create index warehouse_bin_zone_idx on warehouse_bin (zone_id)`);
  }
}
