import { Migration } from '@mikro-orm/migrations';

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
    this.addSql(PGBOSS_10_4_2_SCHEMA);
    // The queues of the first sync engine, in the shape pg-boss's createQueue hands its
    // create_queue function (sync-notify and sync-poll came with later migrations).
    for (const statement of SYNC_QUEUES) this.addSql(statement);
  }
}

/**
 * What `PgBoss.getConstructionPlans('pgboss')` of pg-boss 10.4.2 returns, less its `BEGIN;`,
 * `COMMIT;` and `SET LOCAL` lines, frozen as text: a migration must not change when pg-boss is
 * upgraded (an upgrade gets a migration of its own, with pg-boss's migration plans as text).
 * test/migrations-frozen.test.ts compares it with the installed pg-boss, so an upgrade is noticed.
 */
export const PGBOSS_10_4_2_SCHEMA = `

    SELECT pg_advisory_xact_lock(
      ('x' || encode(sha224((current_database() || '.pgboss.pgboss')::bytea), 'hex'))::bit(64)::bigint
  );
    
    CREATE SCHEMA IF NOT EXISTS pgboss
  ;

    CREATE TYPE pgboss.job_state AS ENUM (
      'created',
      'retry',
      'active',
      'completed',
      'cancelled',
      'failed'
    )
  ;

    CREATE TABLE pgboss.version (
      version int primary key,
      maintained_on timestamp with time zone,
      cron_on timestamp with time zone,
      monitored_on timestamp with time zone
    )
  ;

    CREATE TABLE pgboss.queue (
      name text,
      policy text,
      retry_limit int,
      retry_delay int,
      retry_backoff bool,
      expire_seconds int,
      retention_minutes int,
      dead_letter text REFERENCES pgboss.queue (name),
      partition_name text,
      created_on timestamp with time zone not null default now(),
      updated_on timestamp with time zone not null default now(),
      PRIMARY KEY (name)
    )
  ;

    CREATE TABLE pgboss.schedule (
      name text REFERENCES pgboss.queue ON DELETE CASCADE,
      cron text not null,
      timezone text,
      data jsonb,
      options jsonb,
      created_on timestamp with time zone not null default now(),
      updated_on timestamp with time zone not null default now(),
      PRIMARY KEY (name)
    )
  ;

    CREATE TABLE pgboss.subscription (
      event text not null,
      name text not null REFERENCES pgboss.queue ON DELETE CASCADE,
      created_on timestamp with time zone not null default now(),
      updated_on timestamp with time zone not null default now(),
      PRIMARY KEY(event, name)
    )
  ;

    CREATE TABLE pgboss.job (
      id uuid not null default gen_random_uuid(),
      name text not null,
      priority integer not null default(0),
      data jsonb,
      state pgboss.job_state not null default('created'),
      retry_limit integer not null default(2),
      retry_count integer not null default(0),
      retry_delay integer not null default(0),
      retry_backoff boolean not null default false,
      start_after timestamp with time zone not null default now(),
      started_on timestamp with time zone,
      singleton_key text,
      singleton_on timestamp without time zone,
      expire_in interval not null default interval '15 minutes',
      created_on timestamp with time zone not null default now(),
      completed_on timestamp with time zone,
      keep_until timestamp with time zone NOT NULL default now() + interval '14 days',
      output jsonb,
      dead_letter text,
      policy text
    ) PARTITION BY LIST (name)
  ;
ALTER TABLE pgboss.job ADD PRIMARY KEY (name, id);
CREATE TABLE pgboss.archive (LIKE pgboss.job);
ALTER TABLE pgboss.archive ADD PRIMARY KEY (name, id);
ALTER TABLE pgboss.archive ADD archived_on timestamptz NOT NULL DEFAULT now();
CREATE INDEX archive_i1 ON pgboss.archive(archived_on);

    CREATE FUNCTION pgboss.create_queue(queue_name text, options json)
    RETURNS VOID AS
    $$
    DECLARE
      table_name varchar := 'j' || encode(sha224(queue_name::bytea), 'hex');
      queue_created_on timestamptz;
    BEGIN

      WITH q as (
      INSERT INTO pgboss.queue (
        name,
        policy,
        retry_limit,
        retry_delay,
        retry_backoff,
        expire_seconds,
        retention_minutes,
        dead_letter,
        partition_name
      )
      VALUES (
        queue_name,
        options->>'policy',
        (options->>'retryLimit')::int,
        (options->>'retryDelay')::int,
        (options->>'retryBackoff')::bool,
        (options->>'expireInSeconds')::int,
        (options->>'retentionMinutes')::int,
        options->>'deadLetter',
        table_name
      )
      ON CONFLICT DO NOTHING
      RETURNING created_on
      )
      SELECT created_on into queue_created_on from q;

      IF queue_created_on IS NULL THEN
        RETURN;
      END IF;

      EXECUTE format('CREATE TABLE pgboss.%I (LIKE pgboss.job INCLUDING DEFAULTS)', table_name);

      EXECUTE format('ALTER TABLE pgboss.%1$I ADD PRIMARY KEY (name, id)', table_name);
      EXECUTE format('ALTER TABLE pgboss.%1$I ADD CONSTRAINT q_fkey FOREIGN KEY (name) REFERENCES pgboss.queue (name) ON DELETE RESTRICT DEFERRABLE INITIALLY DEFERRED', table_name);
      EXECUTE format('ALTER TABLE pgboss.%1$I ADD CONSTRAINT dlq_fkey FOREIGN KEY (dead_letter) REFERENCES pgboss.queue (name) ON DELETE RESTRICT DEFERRABLE INITIALLY DEFERRED', table_name);
      EXECUTE format('CREATE UNIQUE INDEX %1$s_i1 ON pgboss.%1$I (name, COALESCE(singleton_key, '''')) WHERE state = ''created'' AND policy = ''short''', table_name);
      EXECUTE format('CREATE UNIQUE INDEX %1$s_i2 ON pgboss.%1$I (name, COALESCE(singleton_key, '''')) WHERE state = ''active'' AND policy = ''singleton''', table_name);
      EXECUTE format('CREATE UNIQUE INDEX %1$s_i3 ON pgboss.%1$I (name, state, COALESCE(singleton_key, '''')) WHERE state <= ''active'' AND policy = ''stately''', table_name);
      EXECUTE format('CREATE UNIQUE INDEX %1$s_i4 ON pgboss.%1$I (name, singleton_on, COALESCE(singleton_key, '''')) WHERE state <> ''cancelled'' AND singleton_on IS NOT NULL', table_name);
      EXECUTE format('CREATE INDEX %1$s_i5 ON pgboss.%1$I (name, start_after) INCLUDE (priority, created_on, id) WHERE state < ''active''', table_name);

      EXECUTE format('ALTER TABLE pgboss.%I ADD CONSTRAINT cjc CHECK (name=%L)', table_name, queue_name);
      EXECUTE format('ALTER TABLE pgboss.job ATTACH PARTITION pgboss.%I FOR VALUES IN (%L)', table_name, queue_name);
    END;
    $$
    LANGUAGE plpgsql;
  ;

    CREATE FUNCTION pgboss.delete_queue(queue_name text)
    RETURNS VOID AS
    $$
    DECLARE
      table_name varchar;
    BEGIN
      WITH deleted as (
        DELETE FROM pgboss.queue
        WHERE name = queue_name
        RETURNING partition_name
      )
      SELECT partition_name from deleted INTO table_name;

      EXECUTE format('DROP TABLE IF EXISTS pgboss.%I', table_name);
    END;
    $$
    LANGUAGE plpgsql;
  ;
INSERT INTO pgboss.version(version) VALUES ('24');
`;

/** The seven queues and their policies as src/sync/queue.ts had them when this migration was written. */
export const SYNC_QUEUES = [
  `select pgboss.create_queue('sync-listing', '{"policy":"standard","retryLimit":8,"retryDelay":2,"retryBackoff":true,"expireInSeconds":600,"retentionMinutes":20160}'::json)`,
  `select pgboss.create_queue('sync-stock', '{"policy":"short","retryLimit":10,"retryDelay":2,"retryBackoff":true,"expireInSeconds":900,"retentionMinutes":20160}'::json)`,
  `select pgboss.create_queue('sync-price', '{"policy":"standard","retryLimit":10,"retryDelay":2,"retryBackoff":true,"expireInSeconds":900,"retentionMinutes":20160}'::json)`,
  `select pgboss.create_queue('sync-orders', '{"policy":"short","retryLimit":10,"retryDelay":5,"retryBackoff":true,"expireInSeconds":900,"retentionMinutes":20160}'::json)`,
  `select pgboss.create_queue('sync-shipments', '{"policy":"short","retryLimit":10,"retryDelay":5,"retryBackoff":true,"expireInSeconds":900,"retentionMinutes":20160}'::json)`,
  `select pgboss.create_queue('sync-returns', '{"policy":"short","retryLimit":10,"retryDelay":5,"retryBackoff":true,"expireInSeconds":900,"retentionMinutes":20160}'::json)`,
  `select pgboss.create_queue('sync-reconcile', '{"policy":"standard","retryLimit":5,"retryDelay":10,"retryBackoff":true,"expireInSeconds":3600,"retentionMinutes":20160}'::json)`,
];
