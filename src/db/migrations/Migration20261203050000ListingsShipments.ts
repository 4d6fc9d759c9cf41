import { Migration } from '@mikro-orm/migrations';

/**
 * Listings and shipments in the connector contract (issue 12): variation groups (a product's
 * SKUs published together as one marketplace item, each listing keeping its own ref, linked by
 * the group key), a sale price beside the regular one, the locale a listing's text is in, the
 * marketplace's per-SKU issues, and asynchronous writes (a submission the engine stores at once
 * and polls, its listings PENDING meanwhile). Shipments carry a shipping service and a tracking
 * URL; each channel maps our carrier names to the marketplace's codes, and a parcel whose
 * carrier has no mapping waits in the outbox (held) instead of going out wrong.
 */
export class Migration20261203050000ListingsShipments extends Migration {
  override async up(): Promise<void> {
    // A write the marketplace took to process later: its handle (what to poll), what was sent per
    // listing (so the values count as pushed once accepted), and where the polling stands.
    this.addSql(`create table listing_submission (
      id uuid primary key,
      channel_id uuid not null references channel (id) on delete cascade,
      run_id uuid null references sync_run (id) on delete set null,
      action text not null constraint listing_submission_action_valid check (action in ('LIST','UPDATE','DELIST','RESTOCK','REPRICE')),
      handle jsonb not null constraint listing_submission_handle_object check (jsonb_typeof(handle) = 'object'),
      items jsonb not null constraint listing_submission_items_array check (jsonb_typeof(items) = 'array'),
      status text not null default 'PENDING' constraint listing_submission_status_valid check (status in ('PENDING','DONE','EXPIRED')),
      polls int not null default 0 constraint listing_submission_polls_nonnegative check (polls >= 0),
      next_poll_at timestamptz not null default now(),
      last_poll_error text null,
      submitted_at timestamptz not null default now(),
      finished_at timestamptz null
    )`);
    this.addSql(`create index listing_submission_pending_idx on listing_submission (channel_id, next_poll_at) where status = 'PENDING'`);

    this.addSql(`alter table listing drop constraint listing_status_valid`);
    this.addSql(`alter table listing add constraint listing_status_valid check (status in ('DRAFT','PUBLISHING','PENDING','ACTIVE','ERROR','DELISTED'))`);
    this.addSql(`alter table listing
      add column group_key text null constraint listing_group_key_length check (length(group_key) between 1 and 200),
      add column sale_price numeric(14,2) null constraint listing_sale_price_nonnegative check (sale_price >= 0),
      add column last_pushed_sale_price numeric(14,2) null,
      add column locale text null constraint listing_locale_length check (length(locale) between 2 and 35),
      add column issues jsonb not null default '[]' constraint listing_issues_array check (jsonb_typeof(issues) = 'array'),
      add column submission_id uuid null references listing_submission (id) on delete set null,
      add column pending_action text null constraint listing_pending_action_valid check (pending_action in ('LIST','UPDATE','DELIST'))`);
    // The catalogue's own text is Chinese: what every listing published so far was written in.
    this.addSql(`update listing set locale = 'zh-CN'`);
    this.addSql(`create index listing_group_idx on listing (channel_id, group_key) where group_key is not null`);
    this.addSql(`create index listing_submission_idx on listing (submission_id) where submission_id is not null`);

    // A push the marketplace took for processing: the event says which submission, and a later one how it ended.
    this.addSql(`alter table listing_event add column submission_id uuid null`);
    this.addSql(`alter table listing_drift drop constraint listing_drift_field_valid`);
    this.addSql(`alter table listing_drift add constraint listing_drift_field_valid check (field in ('QUANTITY','PRICE','SALE_PRICE','STATUS','MISSING'))`);

    this.addSql(`alter table shipment
      add column service text null constraint shipment_service_length check (length(service) between 1 and 100),
      add column tracking_url text null constraint shipment_tracking_url_length check (length(tracking_url) between 1 and 2048)`);
    // Held: the parcel's carrier has no code on the channel; it goes once the mapping exists.
    this.addSql(`alter table shipment_outbox add column held_at timestamptz null`);

    // Our carrier names → the marketplace's codes (and a default service), per channel, kept by staff.
    this.addSql(`create table channel_carrier (
      channel_id uuid not null references channel (id) on delete cascade,
      carrier text not null constraint channel_carrier_carrier_length check (length(carrier) between 1 and 100),
      code text not null constraint channel_carrier_code_length check (length(code) between 1 and 64),
      service text null constraint channel_carrier_service_length check (length(service) between 1 and 100),
      position int not null,
      updated_at timestamptz not null default now()
    )`);
    this.addSql(`create unique index channel_carrier_unique on channel_carrier (channel_id, lower(carrier))`);

    // The queue of the submission polls, as pg-boss 10.4.2's create_queue takes it (workers also
    // create missing queues at start; this makes it exist for any process from the migration on).
    this.addSql(
      `select pgboss.create_queue('sync-poll', '{"policy":"standard","retryLimit":10,"retryDelay":5,"retryBackoff":true,"expireInSeconds":600,"retentionMinutes":20160}'::json)`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`select pgboss.delete_queue('sync-poll')`);
    this.addSql(`drop table channel_carrier`);
    this.addSql(`alter table shipment_outbox drop column held_at`);
    this.addSql(`alter table shipment drop column service, drop column tracking_url`);
    this.addSql(`delete from listing_drift where field = 'SALE_PRICE'`);
    this.addSql(`alter table listing_drift drop constraint listing_drift_field_valid`);
    this.addSql(`alter table listing_drift add constraint listing_drift_field_valid check (field in ('QUANTITY','PRICE','STATUS','MISSING'))`);
    this.addSql(`alter table listing_event drop column submission_id`);
    this.addSql(`update listing set status = 'PUBLISHING' where status = 'PENDING'`);
    this.addSql(`alter table listing drop column group_key, drop column sale_price, drop column last_pushed_sale_price, drop column locale,
      drop column issues, drop column submission_id, drop column pending_action`);
    this.addSql(`alter table listing drop constraint listing_status_valid`);
    this.addSql(`alter table listing add constraint listing_status_valid check (status in ('DRAFT','PUBLISHING','ACTIVE','ERROR','DELISTED'))`);
    this.addSql(`drop table listing_submission`);
  }
}
