import { Migration } from '@mikro-orm/migrations';

/** Orders: shipments, pick lists and the tracking outbox. */
export class Migration20261128060000Fulfilment extends Migration {
  override async up(): Promise<void> {
    // filled in with the feature
  }
}
