import { Migration } from '@mikro-orm/migrations';

/**
 * Prices per marketplace (issue 15): a channel covering several marketplaces (eBay US beside eBay
 * DE) pushes each listing's price in each marketplace's currency. What was last pushed is kept
 * per marketplace, `[{marketplaceId, price, salePrice, currency}]`, so a rate that moves one
 * currency only still makes the next price push send that marketplace's new price.
 */
export class Migration20261204010000ListingMarkets extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table listing add column last_pushed_markets jsonb null`);
  }
}
