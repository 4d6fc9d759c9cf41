import { Migration } from '@mikro-orm/migrations';

/**
 * A contract that fits every marketplace (issue 12):
 * - channel settings that are not secrets (eBay policy ids, AliExpress shipping template), in
 *   the clear beside the encrypted credentials;
 * - the marketplaces one channel covers (Amazon US + CA + MX on one seller account and region):
 *   `marketplace_ids` replaces the single `marketplace_id`, which becomes its one element;
 * - what the engine knows of a channel's tokens without holding them: the refresh token's own
 *   expiry (for the warning staff see), and the generation and expiry of the newest access
 *   token some process obtained (the token itself lives in process memory only);
 * - orders say on which marketplace they were placed, who fulfils them (an order the marketplace
 *   fulfils holds none of our stock) and the marketplace's own status text;
 * - sync runs started by a marketplace's push message (trigger NOTIFICATION).
 */
export class Migration20261203040000ChannelSettings extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table channel add column settings jsonb not null default '{}' constraint channel_settings_object check (jsonb_typeof(settings) = 'object')`);
    this.addSql(`alter table channel add column marketplace_ids text[] not null default '{}'`);
    this.addSql(`update channel set marketplace_ids = array[btrim(marketplace_id)] where btrim(coalesce(marketplace_id, '')) <> ''`);
    this.addSql(`alter table channel drop column marketplace_id`);
    this.addSql(`alter table channel add column refresh_token_expires_at timestamptz null`);
    this.addSql(`alter table channel add column auth_generation bigint not null default 0 constraint channel_auth_generation_nonnegative check (auth_generation >= 0)`);
    this.addSql(`alter table channel add column auth_token_expires_at timestamptz null`);
    this.addSql(`alter table channel add column auth_token_obtained_at timestamptz null`);

    this.addSql(`alter table sales_order add column marketplace_id text null`);
    this.addSql(`alter table sales_order add column fulfilled_by text not null default 'MERCHANT' constraint sales_order_fulfilled_by_valid check (fulfilled_by in ('MERCHANT','MARKETPLACE'))`);
    this.addSql(`alter table sales_order add column marketplace_status text null`);

    this.addSql(`alter table sync_run drop constraint sync_run_trigger_valid`);
    this.addSql(`alter table sync_run add constraint sync_run_trigger_valid check (trigger in ('MANUAL','SCHEDULE','CLI','OUTBOX','NOTIFICATION'))`);
    // The queue of the pulls a push message asks for, as pg-boss 10.4.2's create_queue takes it:
    // the API enqueues into it before any worker may have started (workers also create missing queues).
    this.addSql(
      `select pgboss.create_queue('sync-notify', '{"policy":"standard","retryLimit":8,"retryDelay":5,"retryBackoff":true,"expireInSeconds":600,"retentionMinutes":20160}'::json)`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`select pgboss.delete_queue('sync-notify')`);
    this.addSql(`delete from sync_run where trigger = 'NOTIFICATION'`);
    this.addSql(`alter table sync_run drop constraint sync_run_trigger_valid`);
    this.addSql(`alter table sync_run add constraint sync_run_trigger_valid check (trigger in ('MANUAL','SCHEDULE','CLI','OUTBOX'))`);

    this.addSql(`alter table sales_order drop column marketplace_status`);
    this.addSql(`alter table sales_order drop column fulfilled_by`);
    this.addSql(`alter table sales_order drop column marketplace_id`);

    this.addSql(`alter table channel drop column auth_token_obtained_at`);
    this.addSql(`alter table channel drop column auth_token_expires_at`);
    this.addSql(`alter table channel drop column auth_generation`);
    this.addSql(`alter table channel drop column refresh_token_expires_at`);
    this.addSql(`alter table channel add column marketplace_id text null`);
    this.addSql(`update channel set marketplace_id = marketplace_ids[1]`);
    this.addSql(`alter table channel drop column marketplace_ids`);
    this.addSql(`alter table channel drop column settings`);
  }
}
