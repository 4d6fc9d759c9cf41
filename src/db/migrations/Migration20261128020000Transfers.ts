import { Migration } from '@mikro-orm/migrations';

/** Inventory: transfers, zones and bins. */
export class Migration20261128020000Transfers extends Migration {
  override async up(): Promise<void> {
    // filled in with the feature
  }
}
