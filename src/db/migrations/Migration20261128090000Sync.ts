import { Migration } from '@mikro-orm/migrations';
import PgBoss from 'pg-boss';
import { BOSS_SCHEMA, QUEUE_OPTIONS } from '../../sync/queue';

/**
 * The sync engine: channels (one marketplace account each), listings (a variant on a channel),
 * their push history, sync runs, the errors a sync met (malformed orders quarantined with their
 * raw body among them), returns pulled from channels, and reconciliation drift; and the job
 * queue: pg-boss's own schema (`pgboss`) with our queues, installed here rather than by pg-boss
 * at start-up so that an API process can enqueue before any worker has started, and so the
 * test template database carries it.
 */
export class Migration20261128090000Sync extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table channel (
      id uuid primary key,
      key text not null constraint channel_key_unique unique
        constraint channel_key_format check (key ~ '^[a-z0-9][a-z0-9_-]{1,63}$')
        references channel_stock_policy (channel_key) on delete restrict,
      kind text not null constraint channel_kind_valid check (kind in ('TAOBAO','TMALL','ALIEXPRESS','EBAY','AMAZON')),
      name text not null constraint channel_name_present check (length(name) > 0),
      marketplace_id text null,
      currency char(3) not null constraint channel_currency_format check (currency ~ '^[A-Z]{3}$'),
      base_url text not null,
      credentials_enc text not null,
      price_rule jsonb not null default '{"mode":"SAME"}',
      enabled_ops text[] not null default '{}',
      schedule jsonb not null default '{"ordersEveryMinutes":5,"returnsEveryMinutes":30,"reconcileEveryHours":24}',
      status text not null default 'ACTIVE' constraint channel_status_valid check (status in ('ACTIVE','PAUSED','AUTH_FAILED')),
      last_error text null,
      orders_cursor jsonb null,
      returns_cursor jsonb null,
      next_orders_at timestamptz null,
      next_returns_at timestamptz null,
      next_reconcile_at timestamptz null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`);
    this.addSql(`create unique index channel_name_unique on channel (lower(name))`);

    this.addSql(`create table listing (
      id uuid primary key,
      channel_id uuid not null references channel (id) on delete cascade,
      variant_id uuid not null references variant (id) on delete cascade,
      sku text not null,
      item_id text null,
      sku_id text null,
      extra jsonb not null default '{}',
      title text not null,
      category_id text null,
      attributes jsonb not null default '{}',
      price numeric(14,2) null constraint listing_price_nonnegative check (price >= 0),
      currency char(3) not null,
      status text not null default 'DRAFT' constraint listing_status_valid check (status in ('DRAFT','PUBLISHING','ACTIVE','ERROR','DELISTED')),
      last_pushed_quantity int null,
      last_pushed_price numeric(14,2) null,
      last_pushed_at timestamptz null,
      last_error_code text null,
      last_error_message text null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint listing_channel_variant_unique unique (channel_id, variant_id)
    )`);
    // Keyset pages of a channel's listings, by status or not; lookups by SKU.
    this.addSql(`create index listing_page_idx on listing (channel_id, id)`);
    this.addSql(`create index listing_status_idx on listing (channel_id, status, id)`);
    this.addSql(`create index listing_sku_idx on listing (sku)`);
    this.addSql(`create index listing_variant_idx on listing (variant_id)`);

    this.addSql(`create table listing_event (
      id bigserial primary key,
      listing_id uuid not null references listing (id) on delete cascade,
      action text not null constraint listing_event_action_valid check (action in ('LIST','UPDATE','REPRICE','RESTOCK','DELIST','DELETE','RECATEGORISE')),
      request jsonb null,
      ok boolean not null,
      error_code text null,
      error_message text null,
      at timestamptz not null default now()
    )`);
    this.addSql(`create index listing_event_listing_idx on listing_event (listing_id, id)`);

    this.addSql(`create table sync_run (
      id uuid primary key,
      channel_id uuid not null references channel (id) on delete cascade,
      scopes text[] not null,
      status text not null default 'QUEUED' constraint sync_run_status_valid check (status in ('QUEUED','RUNNING','SUCCEEDED','PARTIAL','FAILED')),
      trigger text not null constraint sync_run_trigger_valid check (trigger in ('MANUAL','SCHEDULE','CLI','OUTBOX')),
      requested_by text not null default 'system',
      fetched int not null default 0,
      created int not null default 0,
      updated int not null default 0,
      skipped int not null default 0,
      failed int not null default 0,
      jobs_total int not null default 0,
      jobs_done int not null default 0,
      jobs_failed int not null default 0,
      created_at timestamptz not null default now(),
      started_at timestamptz null,
      finished_at timestamptz null
    )`);
    this.addSql(`create index sync_run_channel_idx on sync_run (channel_id, created_at desc, id desc)`);
    this.addSql(`create index sync_run_list_idx on sync_run (created_at desc, id desc)`);

    this.addSql(`create table sync_error (
      id uuid primary key,
      run_id uuid null references sync_run (id) on delete set null,
      channel_id uuid not null references channel (id) on delete cascade,
      scope text not null,
      kind text not null constraint sync_error_kind_valid check (kind in ('RETRYABLE','RATE_LIMITED','AUTH_FAILED','PERMANENT','MALFORMED')),
      code text not null,
      message text not null,
      external_id text null,
      raw jsonb null,
      job_id uuid null,
      queue text null,
      created_at timestamptz not null default now(),
      resolved_at timestamptz null
    )`);
    this.addSql(`create index sync_error_run_idx on sync_error (run_id, created_at)`);
    this.addSql(`create index sync_error_open_idx on sync_error (channel_id, created_at desc) where resolved_at is null`);

    // Returns and refunds as the channel reports them; linked to our return when one was made.
    this.addSql(`create table channel_return (
      id uuid primary key,
      channel_id uuid not null references channel (id) on delete cascade,
      external_id text not null,
      order_external_id text not null,
      external_line_id text null,
      type text not null,
      status text not null,
      marketplace_status text not null,
      amount numeric(14,2) null,
      currency char(3) not null,
      reason text null,
      modified_at timestamptz not null,
      order_id uuid null references sales_order (id) on delete set null,
      return_id uuid null references order_return (id) on delete set null,
      raw jsonb not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint channel_return_unique unique (channel_id, external_id)
    )`);

    // What reconciliation found: the marketplace disagreeing with what we believe.
    this.addSql(`create table listing_drift (
      id uuid primary key,
      channel_id uuid not null references channel (id) on delete cascade,
      listing_id uuid not null references listing (id) on delete cascade,
      run_id uuid null references sync_run (id) on delete set null,
      field text not null constraint listing_drift_field_valid check (field in ('QUANTITY','PRICE','STATUS','MISSING')),
      expected text null,
      actual text null,
      found_at timestamptz not null default now(),
      fixed_at timestamptz null
    )`);
    this.addSql(`create index listing_drift_open_idx on listing_drift (channel_id, listing_id) where fixed_at is null`);

    // A shipment the marketplace refused for good keeps its reason; it is not sent again.
    this.addSql(`alter table shipment_outbox add column error_code text null, add column error_message text null`);

    // Shipments are pushed by channel; the channel's key is what orders carry.
    this.addSql(`create index stock_outbox_pending_channel_idx on stock_outbox (channel_key) where dispatched_at is null`);

    // Wakes the workers' outbox pumps when a transaction that wrote outbox rows commits
    // (NOTIFY is delivered at commit; several in one transaction arrive as one).
    this.addSql(`create function sync_outbox_notify() returns trigger language plpgsql as $$
      begin
        perform pg_notify('sync_outbox', tg_table_name);
        return null;
      end $$`);
    this.addSql(`create trigger stock_outbox_notify after insert on stock_outbox for each statement execute function sync_outbox_notify()`);
    this.addSql(`create trigger shipment_outbox_notify after insert on shipment_outbox for each statement execute function sync_outbox_notify()`);

    // pg-boss 10.4.2's own construction script, without its BEGIN/COMMIT and session settings:
    // the migration's transaction holds it instead. Workers check the version at start.
    const plan = PgBoss.getConstructionPlans(BOSS_SCHEMA)
      .replace(/^\s*BEGIN;\s*$/m, '')
      .replace(/^\s*COMMIT;\s*$/m, '')
      .replace(/^\s*SET LOCAL [^;]*;\s*$/gm, '');
    this.addSql(plan);
    for (const [name, options] of Object.entries(QUEUE_OPTIONS)) {
      // The shape pg-boss's createQueue hands its create_queue function.
      const json = JSON.stringify({ ...options, retentionMinutes: 14 * 24 * 60 }).replace(/'/g, "''");
      this.addSql(`select ${BOSS_SCHEMA}.create_queue('${name}', '${json}'::json)`);
    }
  }
}
