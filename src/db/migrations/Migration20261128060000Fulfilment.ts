import { Migration } from '@mikro-orm/migrations';

/** Orders: shipments, pick lists and the tracking outbox. */
export class Migration20261128060000Fulfilment extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create sequence shipment_number_seq`);
    this.addSql(`create table shipment (
      id uuid primary key,
      number text not null default ('SH-' || lpad(nextval('shipment_number_seq')::text, 6, '0')) constraint shipment_number_unique unique,
      order_id uuid not null references sales_order (id) on delete cascade,
      warehouse_id uuid not null references warehouse (id) on delete restrict,
      carrier text not null constraint shipment_carrier_present check (length(carrier) > 0),
      tracking_number text not null constraint shipment_tracking_present check (length(tracking_number) > 0),
      status text not null default 'SHIPPED' constraint shipment_status_valid check (status in ('SHIPPED','DELIVERED')),
      actor_label text not null,
      shipped_at timestamptz not null default now(),
      delivered_at timestamptz null,
      constraint shipment_delivered_at_with_status check ((status = 'DELIVERED') = (delivered_at is not null))
    )`);
    this.addSql(`create index shipment_order_idx on shipment (order_id, shipped_at)`);
    this.addSql(`create index shipment_warehouse_idx on shipment (warehouse_id, shipped_at)`);
    this.addSql(`create index shipment_tracking_idx on shipment (tracking_number)`);
    this.addSql(`create table shipment_line (
      id uuid primary key,
      shipment_id uuid not null references shipment (id) on delete cascade,
      order_line_id uuid not null references order_line (id) on delete cascade,
      quantity int not null constraint shipment_line_quantity_positive check (quantity > 0),
      constraint shipment_line_unique unique (shipment_id, order_line_id)
    )`);
    this.addSql(`create index shipment_line_order_line_idx on shipment_line (order_line_id)`);
    // Written in the shipment's transaction; the sync engine pushes the tracking number and stamps dispatched_at.
    this.addSql(`create table shipment_outbox (
      id bigserial primary key,
      shipment_id uuid not null references shipment (id) on delete cascade,
      channel_id text not null,
      created_at timestamptz not null default now(),
      dispatched_at timestamptz null
    )`);
    this.addSql(`create index shipment_outbox_pending_idx on shipment_outbox (channel_id, id) where dispatched_at is null`);
  }
}
