import type { PriceRule } from './sync-vocabulary';

/**
 * A channel's price from the variant's price under the channel's price rule. Money stays a
 * decimal string; the arithmetic is on integers (BigInt) scaled by a power of ten, with one
 * rounding at the end (half away from zero, to cents). No floating point anywhere.
 */

const DECIMAL = /^-?\d{1,12}(\.\d{1,10})?$/;

interface Scaled {
  units: bigint;
  scale: number;
}

function parse(value: string, what: string): Scaled {
  const v = value.trim();
  if (!DECIMAL.test(v)) throw new PriceRuleError(`${what} "${value}" is not a decimal number`);
  const negative = v.startsWith('-');
  const [int, frac = ''] = (negative ? v.slice(1) : v).split('.');
  const units = BigInt(int + frac) * (negative ? -1n : 1n);
  return { units, scale: frac.length };
}

const pow10 = (n: number) => 10n ** BigInt(n);

/** a / b rounded half away from zero (b > 0). */
function divRound(a: bigint, b: bigint): bigint {
  const negative = a < 0n;
  const abs = negative ? -a : a;
  const q = (abs * 2n + b) / (2n * b);
  return negative ? -q : q;
}

function centsToString(cents: bigint): string {
  const negative = cents < 0n;
  const abs = negative ? -cents : cents;
  const s = abs.toString().padStart(3, '0');
  return `${negative ? '-' : ''}${s.slice(0, -2)}.${s.slice(-2)}`;
}

/** The rule's inputs are wrong (a missing rate, a value that is not a number). */
export class PriceRuleError extends Error {
  /** The code a listing that cannot be priced fails with. */
  readonly code: string = 'INVALID_PRICE_RULE';
}

/** The rule converts with finance's rate table, and the table has no rate for the channel's currency yet. */
export class ExchangeRateMissingError extends PriceRuleError {
  override readonly code = 'EXCHANGE_RATE_MISSING';
}

/** Whether the rule takes its rate from finance's table (EXCHANGE_RATE without a rate of its own). */
export function usesRateTable(rule: PriceRule): boolean {
  return rule.mode === 'EXCHANGE_RATE' && rule.rate == null;
}

const ENDING = /^(0|[1-9]\d{0,3})(\.\d{1,2})?$/;

/**
 * Cents raised to the nearest price at or above them that ends in `ending`: the ending's
 * whole digits say the step ("0.99": every unit, 41.53 → 41.99; "9.99": every ten, 41.53 → 49.99;
 * "5": every ten, 41.53 → 45.00). Never below the computed price, so a markup is kept.
 */
function withEnding(cents: bigint, ending: string): bigint {
  const m = ENDING.exec(ending.trim());
  if (!m) throw new PriceRuleError(`The price ending "${ending}" is a decimal such as 0.99 or 9.99 (at most 4 digits before the point and 2 after)`);
  const wholeDigits = m[1] === '0' ? 0 : m[1].length;
  const step = pow10(wholeDigits + 2);
  const [int, frac = ''] = ending.trim().split('.');
  const e = BigInt(int) * 100n + BigInt(frac.padEnd(2, '0'));
  if (cents <= e) return e;
  const k = (cents - e + step - 1n) / step;
  return k * step + e;
}

/**
 * Checks a rule without applying it to a real price; returns what is wrong, or null. It is tried
 * on a small and a large price: a markup below -100 % rounds to 0.00 on 1.00 but turns larger
 * prices negative, which only the large one shows.
 */
export function checkPriceRule(rule: PriceRule): string | null {
  // A rule on the rate table is tried with a rate of 1; the table's own rates are checked where entered.
  const sample = usesRateTable(rule) ? '1' : null;
  try {
    applyPriceRule('1.00', rule, sample);
    applyPriceRule('1000000.00', rule, sample);
    return null;
  } catch (err) {
    if (err instanceof PriceRuleError) return err.message;
    throw err;
  }
}

/**
 * `price` under `rule`, to cents:
 * SAME → price; MARKUP_PERCENT → price × (100 + value) / 100; FIXED_ADD → price + value;
 * EXCHANGE_RATE → price × rate (the rule's own, else `tableRate`: finance's current rate from the
 * base currency to the channel's), then the markup `value` % when one is given; then up to the
 * rule's price ending when it has one. A result below zero is refused; a rule on the rate table
 * without a rate throws ExchangeRateMissingError.
 */
export function applyPriceRule(price: string, rule: PriceRule, tableRate?: string | null): string {
  const p = parse(price, 'The price');
  // Everything is carried as an integer numerator over 10^scale, then rounded to cents once.
  let num = p.units;
  let scale = p.scale;
  const markup = (value: string) => {
    const m = parse(value, 'The markup');
    // × (100·10^m + m) / (100·10^m)
    num = num * (100n * pow10(m.scale) + m.units);
    scale += m.scale + 2;
  };
  switch (rule.mode) {
    case 'SAME':
      break;
    case 'MARKUP_PERCENT':
      if (rule.value == null) throw new PriceRuleError('MARKUP_PERCENT needs a value (percent)');
      markup(rule.value);
      break;
    case 'FIXED_ADD': {
      if (rule.value == null) throw new PriceRuleError('FIXED_ADD needs a value (amount)');
      const a = parse(rule.value, 'The amount');
      const common = Math.max(scale, a.scale);
      num = num * pow10(common - scale) + a.units * pow10(common - a.scale);
      scale = common;
      break;
    }
    case 'EXCHANGE_RATE': {
      const rate = rule.rate ?? tableRate;
      if (rate == null) throw new ExchangeRateMissingError("Finance has entered no exchange rate to the channel's currency yet (setExchangeRate)");
      const r = parse(rate, 'The rate');
      if (r.units <= 0n) throw new PriceRuleError('The rate must be above 0');
      num = num * r.units;
      scale += r.scale;
      if (rule.value != null) markup(rule.value);
      break;
    }
    default:
      throw new PriceRuleError(`Unknown price rule mode ${(rule as PriceRule).mode}`);
  }
  const cents = scale >= 2 ? divRound(num, pow10(scale - 2)) : num * pow10(2 - scale);
  if (cents < 0n) throw new PriceRuleError(`The rule makes ${price} negative`);
  return centsToString(rule.priceEnding != null ? withEnding(cents, rule.priceEnding) : cents);
}

/**
 * `amount` from one currency into another through the base currency: amount × toRate / fromRate,
 * where each rate is finance's from the base currency (null: that currency is the base, rate 1);
 * to cents, then up to `ending` when given. How a listing's price in the channel's currency is
 * carried to a marketplace of the channel that sells in another (eBay DE beside eBay US).
 */
export function convertAmount(amount: string, fromRate: string | null, toRate: string | null, ending?: string | null): string {
  const a = parse(amount, 'The amount');
  const from = fromRate == null ? { units: 1n, scale: 0 } : parse(fromRate, 'The rate');
  const to = toRate == null ? { units: 1n, scale: 0 } : parse(toRate, 'The rate');
  if (from.units <= 0n || to.units <= 0n) throw new PriceRuleError('The rate must be above 0');
  // a·10^-as × t·10^-ts / (f·10^-fs) in cents = a·t·10^(fs+2) / (f·10^(as+ts))
  const num = a.units * to.units * pow10(from.scale + 2);
  const den = from.units * pow10(a.scale + to.scale);
  const cents = divRound(num, den);
  if (cents < 0n) throw new PriceRuleError(`${amount} converts to a negative amount`);
  return centsToString(ending != null ? withEnding(cents, ending) : cents);
}
