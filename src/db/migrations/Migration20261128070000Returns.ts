import { Migration } from '@mikro-orm/migrations';

/** Orders: returns, refunds, exchanges and notes. */
export class Migration20261128070000Returns extends Migration {
  override async up(): Promise<void> {
    // filled in with the feature
  }
}
