import { Migration } from '@mikro-orm/migrations';

/** Orders: returns, refunds, exchanges and notes. */
export class Migration20261128070000Returns extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create sequence order_return_number_seq`);
    this.addSql(`create table order_return (
      id uuid primary key,
      number text not null default ('RT-' || lpad(nextval('order_return_number_seq')::text, 6, '0')) constraint order_return_number_unique unique,
      order_id uuid not null references sales_order (id) on delete cascade,
      type text not null constraint order_return_type_valid check (type in ('REFUND_ONLY','RETURN_AND_REFUND','EXCHANGE')),
      status text not null default 'REQUESTED' constraint order_return_status_valid check (status in
        ('REQUESTED','APPROVED','REJECTED','RECEIVED','REFUNDED','CLOSED')),
      reason text not null default '',
      rejection_reason text null,
      refunded_amount numeric(14,2) not null default 0 constraint order_return_refunded_nonnegative check (refunded_amount >= 0),
      replacement_order_id uuid null references sales_order (id) on delete set null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint order_return_replacement_only_exchange check (replacement_order_id is null or type = 'EXCHANGE')
    )`);
    this.addSql(`create index order_return_order_idx on order_return (order_id, created_at)`);
    this.addSql(`create index order_return_list_idx on order_return (created_at, id)`);
    this.addSql(`create index order_return_status_idx on order_return (status, type)`);
    this.addSql(`create table return_line (
      id uuid primary key,
      return_id uuid not null references order_return (id) on delete cascade,
      position int not null,
      order_line_id uuid not null references order_line (id) on delete cascade,
      quantity int not null constraint return_line_quantity_positive check (quantity > 0),
      reason text not null default '',
      received_sellable int not null default 0 constraint return_line_sellable_nonnegative check (received_sellable >= 0),
      received_damaged int not null default 0 constraint return_line_damaged_nonnegative check (received_damaged >= 0),
      constraint return_line_received_within check (received_sellable + received_damaged <= quantity)
    )`);
    this.addSql(`create index return_line_return_idx on return_line (return_id, position)`);
    this.addSql(`create index return_line_order_line_idx on return_line (order_line_id)`);
    this.addSql(`create table return_refund (
      id uuid primary key,
      return_id uuid not null references order_return (id) on delete cascade,
      order_id uuid not null references sales_order (id) on delete cascade,
      amount numeric(14,2) not null constraint return_refund_amount_positive check (amount > 0),
      currency char(3) not null,
      actor_label text not null,
      created_at timestamptz not null default now()
    )`);
    this.addSql(`create index return_refund_return_idx on return_refund (return_id)`);
    this.addSql(`create index return_refund_created_idx on return_refund (created_at)`);
    this.addSql(`create table return_status_history (
      id bigserial primary key,
      return_id uuid not null references order_return (id) on delete cascade,
      from_status text null,
      to_status text not null,
      actor_label text not null,
      note text not null default '',
      at timestamptz not null default now()
    )`);
    this.addSql(`create index return_status_history_return_idx on return_status_history (return_id, id)`);
  }
}
