import type { Context } from '../context';
import { UserError, userError } from '../common/errors';
import { isCurrency } from '../common/currency';
import { checkRate } from '../common/limits';
import { selectRows } from '../common/sql';
import { fillMissingBaseRates } from '../orders';
import { SetExchangeRateInput } from './exchange-rate.inputs';
import { SetExchangeRatePayload } from './exchange-rate.payloads';
import { EXCHANGE_RATE_COLUMNS } from './exchange-rate.queries';
import { takeRateLock } from './rate-locks';
import { ExchangeRate, ExchangeRateRow } from './exchange-rate.types';

const refused = (userErrors: UserError[]) => Object.assign(new SetExchangeRatePayload(), { exchangeRate: null, ordersRated: 0, userErrors });

/**
 * Records a rate from the base currency; the orders in its quote currency that waited for a rate
 * and were placed since it took effect take it, in the same transaction. Rates are history: a
 * pair has one rate per effective time, and a new rate never changes an order rated before.
 */
export async function setExchangeRate(ctx: Context, input: SetExchangeRateInput): Promise<SetExchangeRatePayload> {
  const errors: UserError[] = [];
  const ours = ctx.config.baseCurrency;
  const base = (input.base ?? ours).trim().toUpperCase();
  const quote = input.quote.trim().toUpperCase();
  const rate = input.rate.trim();
  if (!isCurrency(base)) errors.push(userError('INVALID_CURRENCY', 'The base is an ISO 4217 code such as CNY', 'base'));
  else if (base !== ours) errors.push(userError('NOT_BASE_CURRENCY', `Rates are entered from the base currency, ${ours}`, 'base'));
  if (!isCurrency(quote)) errors.push(userError('INVALID_CURRENCY', 'The quote is an ISO 4217 code such as USD', 'quote'));
  else if (quote === base) errors.push(userError('SAME_CURRENCY', `${quote} is the base currency: its rate is always 1`, 'quote'));
  checkRate(rate, 'rate', errors);
  if (errors.length) return refused(errors);

  await takeRateLock(ctx, quote);
  const [row] = await selectRows<ExchangeRateRow>(
    ctx.em,
    `insert into exchange_rate as r (id, base, quote, rate, effective_at, created_by)
     values (gen_random_uuid(), ?, ?, ?::numeric, coalesce(?::timestamptz, now()), ?)
     on conflict (base, quote, effective_at) do nothing
     returning ${EXCHANGE_RATE_COLUMNS}`,
    [base, quote, rate, input.effectiveAt ?? null, ctx.actor?.label ?? 'system'],
  );
  if (!row) return refused([userError('RATE_EXISTS', `${base} → ${quote} has a rate effective at that time already; rates are history, enter one with another effective time`, 'effectiveAt')]);
  const ordersRated = await fillMissingBaseRates(ctx, base, quote);
  return Object.assign(new SetExchangeRatePayload(), { exchangeRate: ExchangeRate.fromRow(row), ordersRated, userErrors: [] });
}
