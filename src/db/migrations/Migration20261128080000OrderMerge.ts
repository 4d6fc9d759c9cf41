import { Migration } from '@mikro-orm/migrations';

/** Orders: merge groups (合单), orders of one buyer to one address packed and shipped as one parcel. */
export class Migration20261128080000OrderMerge extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create sequence order_merge_group_number_seq`);
    this.addSql(`create table order_merge_group (
      id uuid primary key,
      number text not null default ('MG-' || lpad(nextval('order_merge_group_number_seq')::text, 6, '0')) constraint order_merge_group_number_unique unique,
      actor_label text not null,
      created_at timestamptz not null default now(),
      shipped_at timestamptz null
    )`);
    // Unmerging deletes the group; the orders then simply belong to none.
    this.addSql(`alter table sales_order add column merge_group_id uuid null references order_merge_group (id) on delete set null`);
    this.addSql(`create index sales_order_merge_group_idx on sales_order (merge_group_id) where merge_group_id is not null`);
  }
}
