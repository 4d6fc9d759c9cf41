import { Migration } from '@mikro-orm/migrations';

/**
 * Connectors as plug-ins (issue 12): a channel's kind is any kind an installed connector serves,
 * checked by the application against the connectors it has, so the list of kinds leaves the
 * table; the table keeps only the kind's shape. And runs for every job: a scheduled pull that
 * found nothing folds into the run before it when that one found nothing either, counted in
 * `repeats`, so the runs list keeps one line per quiet stretch instead of one per tick.
 */
export class Migration20261203030000ConnectorKinds extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table channel drop constraint channel_kind_valid`);
    this.addSql(`alter table channel add constraint channel_kind_format check (kind ~ '^[A-Z][A-Z0-9_]{1,31}$')`);

    this.addSql(`alter table sync_run add column repeats int not null default 0 constraint sync_run_repeats_nonnegative check (repeats >= 0)`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table sync_run drop column repeats`);
    this.addSql(`alter table channel drop constraint channel_kind_format`);
    this.addSql(`alter table channel add constraint channel_kind_valid check (kind in ('TAOBAO','TMALL','ALIEXPRESS','EBAY','AMAZON'))`);
  }
}
