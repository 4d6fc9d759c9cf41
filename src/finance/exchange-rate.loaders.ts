import DataLoader from 'dataloader';
import type { Context } from '../context';
import { ratesAt } from './exchange-rate.queries';

/**
 * The current rate from the base currency to each currency asked for (null: none yet), one
 * statement per request for every currency; reached through `ctx.loaders.of(currentRateLoader)`,
 * so a commit forgets it with the request's other loaders.
 */
export function currentRateLoader(ctx: Context): DataLoader<string, string | null> {
  return new DataLoader<string, string | null>((quotes) => ratesAt(ctx, ctx.config.baseCurrency, quotes.map((quote) => ({ quote, at: null }))));
}
