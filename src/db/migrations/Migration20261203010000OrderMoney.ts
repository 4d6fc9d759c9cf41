import { Migration } from '@mikro-orm/migrations';

/**
 * Order money as the marketplace states it (issue 12): what each line was paid after every
 * discount, the line's share of the order-level discount (shop coupons, 满减), the adjustment
 * that makes an order's total what the buyer paid to the cent, and a line's refund as the
 * marketplace shows it on the order (partial refunds live on the line, not in the order status).
 */
export class Migration20261203010000OrderMoney extends Migration {
  override async up(): Promise<void> {
    // total = subtotal + shipping − discount + tax + adjustment. Either sign: a seller's price
    // change up, or what a marketplace's own figures leave over; 0 for orders we price ourselves.
    this.addSql(`alter table sales_order add column adjustment numeric(14,2) not null default 0`);

    this.addSql(`alter table order_line
      add column order_discount numeric(14,2) not null default 0 constraint order_line_order_discount_nonnegative check (order_discount >= 0),
      add column paid numeric(14,2) null constraint order_line_paid_nonnegative check (paid >= 0),
      add column refund_status text null constraint order_line_refund_status_valid check (refund_status in
        ('REQUESTED','APPROVED','REJECTED','RECEIVED','REFUNDED','CLOSED')),
      add column refund_marketplace_status text null,
      add column refund_quantity int not null default 0,
      add column refund_amount numeric(14,2) null constraint order_line_refund_amount_nonnegative check (refund_amount >= 0),
      add constraint order_line_refund_quantity_within check (refund_quantity >= 0 and refund_quantity <= quantity),
      add constraint order_line_refund_status_with_word check ((refund_status is null) = (refund_marketplace_status is null))`);
  }
}
