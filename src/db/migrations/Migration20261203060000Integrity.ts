import { Migration } from '@mikro-orm/migrations';

/**
 * Integrity (issue 13): stock that leaves when the marketplace ships, and money that is refunded
 * once. Reservations say whether an order holds them (inventory no longer looks at orders for
 * that); a shipment says who recorded it (a marketplace's report carries no push and may lack a
 * carrier and tracking number); refunds are recorded per order line (what each paid back, so a
 * line is never refunded beyond what it was paid), and a cancel's refund is a refund record of
 * its own that the returns it covered point at (a marketplace's cancel covers them without one);
 * a marketplace refund the sync refused to link keeps why.
 */
export class Migration20261203060000Integrity extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table reservation add column for_order boolean not null default false`);
    this.addSql(`update reservation r set for_order = true where exists (select 1 from sales_order o where o.reservation_id = r.id)`);

    this.addSql(`alter table shipment add column source text not null default 'OURS' constraint shipment_source_valid check (source in ('OURS','MARKETPLACE'))`);
    this.addSql(`alter table shipment drop constraint shipment_carrier_present, drop constraint shipment_tracking_present`);
    this.addSql(`alter table shipment
      add constraint shipment_carrier_present check (length(carrier) > 0 or source = 'MARKETPLACE'),
      add constraint shipment_tracking_present check (length(tracking_number) > 0 or source = 'MARKETPLACE')`);

    // A refund is a return's (RETURN) or a cancel's (CANCEL, no return).
    this.addSql(`alter table return_refund alter column return_id drop not null,
      add column kind text not null default 'RETURN' constraint return_refund_kind_valid check (kind in ('RETURN','CANCEL')),
      add constraint return_refund_return_with_kind check ((return_id is not null) = (kind = 'RETURN'))`);
    this.addSql(`create index return_refund_order_idx on return_refund (order_id)`);
    // What a refund paid back of each order line (money beyond the lines' is the order's: shipping, tax).
    this.addSql(`create table return_refund_line (
      id uuid primary key,
      refund_id uuid not null references return_refund (id) on delete cascade,
      order_line_id uuid not null references order_line (id) on delete cascade,
      quantity int not null constraint return_refund_line_quantity_nonnegative check (quantity >= 0),
      amount numeric(14,2) not null constraint return_refund_line_amount_nonnegative check (amount >= 0)
    )`);
    this.addSql(`create index return_refund_line_refund_idx on return_refund_line (refund_id)`);
    this.addSql(`create index return_refund_line_order_line_idx on return_refund_line (order_line_id)`);
    // Refunds made before: spread over their return's lines by the value of the units returned,
    // rounded down to the cent (what rounding leaves counts as the order's).
    this.addSql(`with v as (
        select rf.id as refund_id, rf.amount, rl.order_line_id, rl.quantity,
               coalesce(ol.paid, ol.quantity * ol.unit_price - ol.discount - ol.order_discount) * rl.quantity / ol.quantity as value
          from return_refund rf join return_line rl on rl.return_id = rf.return_id join order_line ol on ol.id = rl.order_line_id
      ), t as (select refund_id, sum(value) as total from v group by refund_id)
      insert into return_refund_line (id, refund_id, order_line_id, quantity, amount)
      select gen_random_uuid(), v.refund_id, v.order_line_id, v.quantity, floor(least(v.value, v.amount * v.value / t.total) * 100) / 100
        from v join t on t.refund_id = v.refund_id
       where t.total > 0 and v.value > 0`);

    // A refund-only return the order's cancel covered (closed by it): a refund of it is refused.
    // The cancel's refund is ours (cancelOrder) or the marketplace's (a cancel the sync brought,
    // which leaves no refund of ours to point at).
    this.addSql(`alter table order_return add column covered_by_cancel boolean not null default false,
      add column covered_by_refund_id uuid null references return_refund (id) on delete set null,
      add constraint order_return_covered_by_cancel check (covered_by_refund_id is null or covered_by_cancel)`);

    // A marketplace refund that would take a line beyond what it was paid is kept, not linked to the order.
    this.addSql(`alter table channel_return add column link_refusal text null constraint channel_return_link_refusal_valid check (link_refusal in ('REFUND_EXCEEDS_PAID'))`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table channel_return drop column link_refusal`);
    this.addSql(`alter table order_return drop constraint order_return_covered_by_cancel, drop column covered_by_refund_id, drop column covered_by_cancel`);
    this.addSql(`drop table return_refund_line`);
    this.addSql(`delete from return_refund where kind = 'CANCEL'`);
    this.addSql(`drop index return_refund_order_idx`);
    this.addSql(`alter table return_refund drop constraint return_refund_return_with_kind, drop column kind, alter column return_id set not null`);
    this.addSql(`alter table shipment drop constraint shipment_carrier_present, drop constraint shipment_tracking_present`);
    this.addSql(`delete from shipment where source = 'MARKETPLACE'`);
    this.addSql(`alter table shipment drop column source,
      add constraint shipment_carrier_present check (length(carrier) > 0),
      add constraint shipment_tracking_present check (length(tracking_number) > 0)`);
    this.addSql(`alter table reservation drop column for_order`);
  }
}
