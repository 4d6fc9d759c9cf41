import type { Context } from '../context';
import { execute, selectRows } from '../common/sql';
import { ratesAt, shareRateLocks } from '../finance';

/**
 * Each order keeps the rate from the base currency to its own currency at order time (when the
 * buyer placed it), as finance's rate table had it: the latest rate effective at or before then.
 * An order in the base currency has rate 1; one whose currency has no rate yet keeps none
 * (`Order.baseRateMissing`) until finance enters one effective at or before its time. A rate
 * once kept never changes: a later rate is for later orders.
 */

/** The base currency and rate an order takes; both null while no rate is known. */
export interface OrderBaseRate {
  base: string | null;
  rate: string | null;
}

/** The base rate of each order, given its currency and when it was placed (null: now); one lookup for all. */
export async function baseRatesFor(ctx: Context, orders: readonly { currency: string; placedAt: Date | null }[]): Promise<OrderBaseRate[]> {
  const base = ctx.config.baseCurrency;
  // Before the lookup, in its own statement: a rate being entered now is committed, or waits for us.
  await shareRateLocks(ctx, orders.map((o) => o.currency).filter((c) => c !== base));
  const rates = await ratesAt(ctx, base, orders.map((o) => ({ quote: o.currency, at: o.placedAt })));
  return rates.map((rate) => (rate == null ? { base: null, rate: null } : { base, rate }));
}

/**
 * Gives the orders in `quote` that wait for a rate the one in force when each was placed, now that
 * finance has entered one; returns how many took a rate. Run in the transaction that saved the
 * rate, under the currency's rate lock (finance/rate-locks.ts): an order taken in at the same
 * moment is rated by the intake or here, never missed by both.
 */
export async function fillMissingBaseRates(ctx: Context, base: string, quote: string): Promise<number> {
  if (base !== ctx.config.baseCurrency) return 0;
  const waiting = await selectRows<{ id: string; placed_at: Date }>(
    ctx.em,
    `select id, placed_at from sales_order where currency = ? and base_rate is null order by id for update`,
    [quote],
  );
  if (!waiting.length) return 0;
  const rates = await ratesAt(ctx, base, waiting.map((o) => ({ quote, at: new Date(o.placed_at) })));
  const rated = waiting.flatMap((o, i) => (rates[i] == null ? [] : [{ id: o.id, r: rates[i] }]));
  if (!rated.length) return 0;
  await execute(
    ctx.em,
    `update sales_order o set base_currency = ?, base_rate = x.r, updated_at = now()
       from jsonb_to_recordset(?::jsonb) as x(id uuid, r numeric) where o.id = x.id and o.base_rate is null`,
    [base, JSON.stringify(rated)],
  );
  return rated.length;
}
