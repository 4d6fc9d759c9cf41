import { Migration } from '@mikro-orm/migrations';

/**
 * Inventory: safety stock (a column of stock_level since the inventory migration), replenishment
 * settings per variant, what each channel may sell (its warehouses and its rules) and the stock
 * outbox the sync engine pushes to the marketplaces. Channels are keyed by a text key until the
 * sync issue brings the channel table.
 */
export class Migration20261128040000Replenishment extends Migration {
  override async up(): Promise<void> {
    // lowStock reads only the levels that have a safety stock.
    this.addSql(`create index stock_level_safety_stock_idx on stock_level (warehouse_id) where safety_stock > 0`);
    this.addSql(`create table replenishment_setting (
      id uuid primary key,
      variant_id uuid not null references variant (id) on delete cascade,
      lead_time_days int not null constraint replenishment_setting_lead_time_nonnegative check (lead_time_days >= 0),
      review_period_days int not null constraint replenishment_setting_review_period_nonnegative check (review_period_days >= 0),
      supplier_name text null,
      updated_at timestamptz not null default now(),
      constraint replenishment_setting_variant_unique unique (variant_id)
    )`);
    this.addSql(`create table channel_stock_policy (
      channel_key text primary key constraint channel_stock_policy_key_format check (channel_key ~ '^[a-z0-9][a-z0-9_-]{1,63}$'),
      buffer int not null default 0 constraint channel_stock_policy_buffer_nonnegative check (buffer >= 0),
      max_quantity int null constraint channel_stock_policy_max_nonnegative check (max_quantity >= 0),
      share_percent int null constraint channel_stock_policy_share_range check (share_percent between 0 and 100),
      updated_at timestamptz not null default now()
    )`);
    this.addSql(`create table channel_stock_rule (
      id uuid primary key,
      channel_key text not null references channel_stock_policy (channel_key) on delete cascade,
      warehouse_id uuid not null references warehouse (id) on delete cascade,
      constraint channel_stock_rule_channel_warehouse_unique unique (channel_key, warehouse_id)
    )`);
    // Which channels sell from a warehouse.
    this.addSql(`create index channel_stock_rule_warehouse_idx on channel_stock_rule (warehouse_id)`);
    this.addSql(`create table stock_outbox (
      id bigserial primary key,
      channel_key text not null references channel_stock_policy (channel_key) on delete cascade,
      variant_id uuid not null references variant (id) on delete cascade,
      quantity int not null constraint stock_outbox_quantity_nonnegative check (quantity >= 0),
      created_at timestamptz not null default now(),
      dispatched_at timestamptz null
    )`);
    // The latest row of a channel and variant (compare before writing; collapse when pushing).
    this.addSql(`create index stock_outbox_channel_variant_idx on stock_outbox (channel_key, variant_id, id)`);
    // What is still to push, without reading the dispatched history.
    this.addSql(`create index stock_outbox_pending_idx on stock_outbox (channel_key, variant_id, id) where dispatched_at is null`);
    this.addSql(`create index stock_outbox_variant_idx on stock_outbox (variant_id)`);
  }
}
