import type { Context } from '../../context';
import { setExchangeRate } from '../../finance';

/**
 * The demo's rate table: what finance would have entered, so the demo's orders abroad get their
 * base amounts and the overseas channels' prices convert from the catalogue's (CNY). Entered as
 * finance enters rates (setExchangeRate), from the installation's base currency, effective from a
 * fixed time long before any demo order: entering them again on the next start finds them there,
 * and a rate finance enters later (effective now) takes over from them.
 */

export const DEMO_RATES_EFFECTIVE_AT = '2025-01-01T00:00:00Z';

/**
 * Units of each currency one yuan buys: the currencies the demo's channels sell and are paid in
 * (AliExpress, eBay.com and Amazon.com in USD, eBay.de in EUR, Amazon.ca in CAD), and GBP so staff
 * who add eBay.co.uk to the demo's eBay channel find its prices converted too.
 */
const PER_YUAN: Record<string, string> = { CNY: '1', USD: '0.1389', EUR: '0.1282', GBP: '0.1087', CAD: '0.1905' };

const SCALE = 8;

function scaled(decimal: string): bigint {
  const [int, frac = ''] = decimal.split('.');
  return BigInt(int + frac.padEnd(SCALE, '0').slice(0, SCALE));
}

/** a / b at 8 decimals, rounded half up, without trailing zeros (both positive, scaled by 10^8). */
function divide(a: bigint, b: bigint): string {
  const q = (a * 10n ** BigInt(SCALE) * 2n + b) / (2n * b);
  const s = q.toString().padStart(SCALE + 1, '0');
  return `${s.slice(0, -SCALE)}.${s.slice(-SCALE)}`.replace(/\.?0+$/, '');
}

/** The demo rates from `base` to the other currencies of the table; none when the table does not know `base`. */
export function demoRates(base: string): { quote: string; rate: string }[] {
  const own = PER_YUAN[base];
  if (!own) return [];
  return Object.entries(PER_YUAN)
    .filter(([quote]) => quote !== base)
    .map(([quote, perYuan]) => ({ quote, rate: divide(scaled(perYuan), scaled(own)) }));
}

/** Enters the demo rates that are not there yet; returns how many it entered. */
export async function enterDemoRates(ctx: Context): Promise<number> {
  let entered = 0;
  for (const { quote, rate } of demoRates(ctx.config.baseCurrency)) {
    const r = await setExchangeRate(ctx, { quote, rate, effectiveAt: new Date(DEMO_RATES_EFFECTIVE_AT) });
    if (r.exchangeRate) entered++;
    // RATE_EXISTS: an earlier start entered it.
    else if (!r.userErrors.every((e) => e.code === 'RATE_EXISTS')) throw new Error(`demo rate ${quote}: ${JSON.stringify(r.userErrors)}`);
  }
  return entered;
}
