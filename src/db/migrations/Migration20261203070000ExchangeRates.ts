import { Migration } from '@mikro-orm/migrations';

/**
 * Exchange rates (issue 14), kept by finance: one row per rate as entered, "1 `base` buys `rate`
 * `quote`" from `effective_at` on; the rate of a moment is the latest row effective at or before
 * it. Rows are never changed: the history is what orders and prices were converted with.
 *
 * Every order keeps the base currency and the rate (base → order currency) it was converted
 * with at order time; both are null while no rate was known, and the order waits for finance to
 * enter one. Orders already in CNY (the default base currency) take rate 1; other orders taken in
 * before wait for a rate like new ones (their old `base_currency_rate` was a default of 1, not a
 * rate anyone entered).
 */
export class Migration20261203070000ExchangeRates extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table exchange_rate (
      id uuid primary key,
      base char(3) not null constraint exchange_rate_base_code check (base ~ '^[A-Z]{3}$'),
      quote char(3) not null constraint exchange_rate_quote_code check (quote ~ '^[A-Z]{3}$'),
      rate numeric(18,8) not null constraint exchange_rate_rate_positive check (rate > 0),
      effective_at timestamptz not null,
      created_by text not null,
      created_at timestamptz not null default now(),
      constraint exchange_rate_pair_distinct check (base <> quote),
      constraint exchange_rate_pair_time_unique unique (base, quote, effective_at)
    )`);
    this.addSql(`create index exchange_rate_history_idx on exchange_rate (effective_at desc, id desc)`);

    this.addSql(`alter table sales_order add column base_currency char(3) null`);
    this.addSql(`alter table sales_order add column base_rate numeric(18,8) null constraint sales_order_base_rate_positive check (base_rate > 0)`);
    this.addSql(`alter table sales_order add constraint sales_order_base_rate_with_currency check ((base_rate is null) = (base_currency is null))`);
    this.addSql(`update sales_order set base_currency = 'CNY', base_rate = 1 where currency = 'CNY'`);
    // Orders waiting for a rate, by currency: what a new rate fills in.
    this.addSql(`create index sales_order_base_rate_missing_idx on sales_order (currency, placed_at) where base_rate is null`);
  }
}
