import { Migration } from '@mikro-orm/migrations';

/**
 * Marketplace-fulfilled stock (issue 16, Amazon FBA). A warehouse of kind MARKETPLACE_FULFILMENT
 * may be tied to the channel whose marketplace runs it (`channel_key`): its levels are the
 * marketplace's own count, read on a schedule and written as MARKETPLACE_COUNT movements; it
 * sells through that marketplace's own listings only, so no channel's pushed quantity counts it
 * and no reservation takes from it. One such warehouse per channel: a channel is one seller
 * account in one region, whose FBA stock Amazon pools for the region.
 */
export class Migration20261204020000FulfilmentWarehouses extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table warehouse add column channel_key text null,
      add constraint warehouse_channel_kind check (channel_key is null or kind = 'MARKETPLACE_FULFILMENT')`);
    this.addSql(`create unique index warehouse_channel_key_unique on warehouse (channel_key) where channel_key is not null`);
    this.addSql(`alter table stock_movement drop constraint stock_movement_type_valid,
      add constraint stock_movement_type_valid check (type in
        ('RECEIPT','SHIPMENT','ADJUSTMENT','TRANSFER_OUT','TRANSFER_IN','STOCKTAKE','RETURN','DAMAGE','QUALITY_CONTROL','MARKETPLACE_COUNT'))`);
    this.addSql(`alter table channel add column next_fulfilment_stock_at timestamptz null`);
    // The queue of the counts' reads, as pg-boss 10.4.2's create_queue takes it: syncChannel may
    // enqueue into it before any worker has started (workers also create missing queues).
    this.addSql(
      `select pgboss.create_queue('sync-fulfilment-stock', '{"policy":"short","retryLimit":10,"retryDelay":5,"retryBackoff":true,"expireInSeconds":900,"retentionMinutes":20160}'::json)`,
    );
  }
}
