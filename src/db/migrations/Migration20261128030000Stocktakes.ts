import { Migration } from '@mikro-orm/migrations';

/** Inventory: stocktakes and stock import. */
export class Migration20261128030000Stocktakes extends Migration {
  override async up(): Promise<void> {
    // filled in with the feature
  }
}
