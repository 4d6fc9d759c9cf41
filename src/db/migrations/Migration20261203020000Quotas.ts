import { Migration } from '@mikro-orm/migrations';

/**
 * Quotas are the marketplace's, not the process's (issue 12): the HTTP helper's rate buckets in
 * a table every worker and API process shares, keyed by whoever the marketplace counts (a TOP
 * app, an Amazon selling partner and region) or by an account whose own quota is paused. And
 * the new error kinds: an operation the marketplace refused this account (PERMISSION_DENIED)
 * is noted on the channel per capability; a setup fault stops the whole channel (STOPPED); a
 * used-up quota makes a run wait, which the run shows.
 */
export class Migration20261203020000Quotas extends Migration {
  override async up(): Promise<void> {
    // One row per bucket or paused account. `tat` (theoretical arrival time, epoch ms) moves on
    // by one interval per call; `rate`/`burst` are what the marketplace stated on its answers
    // (null: the connector's published limit); a pause says until when and why.
    this.addSql(`create table rate_bucket (
      key text primary key constraint rate_bucket_key_length check (length(key) between 1 and 600),
      tat double precision not null default 0,
      rate double precision null constraint rate_bucket_rate_positive check (rate > 0),
      burst int null constraint rate_bucket_burst_positive check (burst >= 1),
      paused_until timestamptz null,
      pause_code text null,
      pause_message text null,
      pause_offset int null,
      updated_at timestamptz not null default now()
    )`);

    // Capability → {code, message, at}: operations the marketplace refused this account; their
    // jobs stop until staff act (a connection test, new credentials, enabled operations set).
    this.addSql(`alter table channel add column operation_errors jsonb not null default '{}'
      constraint channel_operation_errors_object check (jsonb_typeof(operation_errors) = 'object')`);
    this.addSql(`alter table channel drop constraint channel_status_valid`);
    this.addSql(`alter table channel add constraint channel_status_valid check (status in ('ACTIVE','PAUSED','AUTH_FAILED','STOPPED'))`);

    this.addSql(`alter table sync_error drop constraint sync_error_kind_valid`);
    this.addSql(`alter table sync_error add constraint sync_error_kind_valid
      check (kind in ('RETRYABLE','RATE_LIMITED','AUTH_FAILED','PERMANENT','MALFORMED','PERMISSION_DENIED','CHANNEL_STOPPED','QUOTA_EXHAUSTED'))`);

    // A run whose job waits for a marketplace quota to come back says until when and why.
    this.addSql(`alter table sync_run add column waiting_until timestamptz null`);
    this.addSql(`alter table sync_run add column status_message text null`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table sync_run drop column status_message`);
    this.addSql(`alter table sync_run drop column waiting_until`);
    this.addSql(`delete from sync_error where kind in ('PERMISSION_DENIED','CHANNEL_STOPPED','QUOTA_EXHAUSTED')`);
    this.addSql(`alter table sync_error drop constraint sync_error_kind_valid`);
    this.addSql(`alter table sync_error add constraint sync_error_kind_valid check (kind in ('RETRYABLE','RATE_LIMITED','AUTH_FAILED','PERMANENT','MALFORMED'))`);
    this.addSql(`update channel set status = 'PAUSED' where status = 'STOPPED'`);
    this.addSql(`alter table channel drop constraint channel_status_valid`);
    this.addSql(`alter table channel add constraint channel_status_valid check (status in ('ACTIVE','PAUSED','AUTH_FAILED'))`);
    this.addSql(`alter table channel drop column operation_errors`);
    this.addSql(`drop table rate_bucket`);
  }
}
