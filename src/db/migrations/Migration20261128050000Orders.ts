import { Migration } from '@mikro-orm/migrations';

/**
 * Orders: one model for every channel. Customers per channel, orders with amounts in the order
 * currency, lines, hold flags, the status history, notes; shipments and returns.
 */
export class Migration20261128050000Orders extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create sequence sales_order_number_seq`);
    this.addSql(`create table customer (
      id uuid primary key,
      channel_id text null,
      channel_buyer_id text null,
      nickname text null,
      name text null,
      phone text null,
      email text null,
      created_at timestamptz not null default now()
    )`);
    this.addSql(`create unique index customer_channel_buyer_unique on customer (channel_id, channel_buyer_id) where channel_buyer_id is not null`);
    this.addSql(`create table sales_order (
      id uuid primary key,
      seq bigint not null default nextval('sales_order_number_seq'),
      number text not null constraint sales_order_number_unique unique,
      channel_id text null,
      external_id text null,
      idempotency_key text null constraint sales_order_idempotency_unique unique,
      request_hash text null,
      status text not null constraint sales_order_status_valid check (status in
        ('PENDING_PAYMENT','PAID','PARTIALLY_SHIPPED','SHIPPED','DELIVERED','COMPLETED','CANCELLED','REFUNDED')),
      payment_status text not null default 'UNPAID' constraint sales_order_payment_valid check (payment_status in
        ('UNPAID','PAID','PARTIALLY_REFUNDED','REFUNDED')),
      currency char(3) not null,
      subtotal numeric(14,2) not null default 0,
      shipping numeric(14,2) not null default 0,
      discount numeric(14,2) not null default 0,
      tax numeric(14,2) not null default 0,
      total numeric(14,2) not null default 0,
      refunded numeric(14,2) not null default 0,
      base_currency_rate numeric(18,8) not null default 1 constraint sales_order_rate_positive check (base_currency_rate > 0),
      buyer_message text not null default '',
      seller_memo text not null default '',
      customer_id uuid null references customer (id) on delete set null,
      buyer jsonb not null default '{}',
      shipping_address jsonb not null default '{}',
      external_updated_at timestamptz null,
      reservation_id uuid null references reservation (id) on delete set null,
      placed_at timestamptz not null default now(),
      paid_at timestamptz null,
      shipped_at timestamptz null,
      delivered_at timestamptz null,
      completed_at timestamptz null,
      cancelled_at timestamptz null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint sales_order_external_needs_channel check (external_id is null or channel_id is not null),
      constraint sales_order_amounts_nonnegative check (subtotal >= 0 and shipping >= 0 and discount >= 0 and tax >= 0 and total >= 0 and refunded >= 0),
      constraint sales_order_refund_within_total check (refunded <= total)
    )`);
    this.addSql(`create unique index sales_order_channel_external_unique on sales_order (channel_id, external_id) where external_id is not null`);
    this.addSql(`create index sales_order_placed_idx on sales_order (placed_at, id)`);
    this.addSql(`create index sales_order_status_idx on sales_order (status)`);
    this.addSql(`create index sales_order_customer_idx on sales_order (customer_id)`);
    this.addSql(`create table order_line (
      id uuid primary key,
      order_id uuid not null references sales_order (id) on delete cascade,
      position int not null,
      variant_id uuid null references variant (id) on delete set null,
      sku text not null,
      external_line_id text null,
      title text not null default '',
      option_text text not null default '',
      quantity int not null constraint order_line_quantity_positive check (quantity > 0),
      unit_price numeric(14,2) not null constraint order_line_price_nonnegative check (unit_price >= 0),
      discount numeric(14,2) not null default 0 constraint order_line_discount_nonnegative check (discount >= 0),
      quantity_shipped int not null default 0,
      quantity_returned int not null default 0,
      status text not null default 'OPEN',
      raw jsonb null,
      constraint order_line_shipped_within check (quantity_shipped >= 0 and quantity_shipped <= quantity),
      constraint order_line_returned_within check (quantity_returned >= 0 and quantity_returned <= quantity_shipped)
    )`);
    this.addSql(`create index order_line_order_idx on order_line (order_id, position)`);
    this.addSql(`create index order_line_variant_idx on order_line (variant_id)`);
    this.addSql(`create index order_line_sku_idx on order_line (sku)`);
    this.addSql(`create table order_hold (
      id uuid primary key,
      order_id uuid not null references sales_order (id) on delete cascade,
      reason text not null,
      note text not null default '',
      created_at timestamptz not null default now(),
      released_at timestamptz null
    )`);
    this.addSql(`create unique index order_hold_active_unique on order_hold (order_id, reason) where released_at is null`);
    this.addSql(`create table order_status_history (
      id bigserial primary key,
      order_id uuid not null references sales_order (id) on delete cascade,
      from_status text null,
      to_status text not null,
      actor_label text not null,
      source text not null,
      note text not null default '',
      at timestamptz not null default now()
    )`);
    this.addSql(`create index order_status_history_order_idx on order_status_history (order_id, id)`);
    this.addSql(`create table order_note (
      id uuid primary key,
      order_id uuid not null references sales_order (id) on delete cascade,
      kind text not null default 'NOTE' constraint order_note_kind_valid check (kind in ('NOTE','COMPLAINT','DISPUTE')),
      text text not null,
      author_label text not null,
      created_at timestamptz not null default now()
    )`);
    this.addSql(`create index order_note_order_idx on order_note (order_id, created_at)`);
  }
}
