import { Migration } from '@mikro-orm/migrations';

/** Inventory: safety stock, replenishment settings, channel availability and the stock outbox. */
export class Migration20261128040000Replenishment extends Migration {
  override async up(): Promise<void> {
    // filled in with the feature
  }
}
