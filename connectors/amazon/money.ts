/**
 * SP-API `Money` (`{amount: "19.99", currencyCode: "USD"}`: a decimal string and ISO 4217 [O:
 * orders_2026-01-01.json Money/Decimal, listingsItems Money]) and the exact decimal arithmetic the
 * mapping needs. The arithmetic is the SDK's (sdk/decimal.ts).
 */
import { absAmount, compareAmounts, decimalText as sdkDecimalText, divideAmount as divideAt, formatUnits, MoneyError, multiplyAmount, subtractAmounts, sumAmounts, toUnits } from '../sdk/decimal';

export { compareAmounts, formatUnits, MoneyError, multiplyAmount, subtractAmounts, sumAmounts, toUnits };

export interface Money {
  /** A decimal string as Amazon wrote it (`"12.50"`, `"5980"` for yen). */
  amount: string;
  /** ISO 4217, upper case. */
  currency: string;
}

/**
 * A decimal as text: a string in decimal form, or a JSON number written without an exponent
 * (the model says string; a payload that sends a number is read, never rounded further).
 */
export function decimalText(v: unknown): string | null {
  // An explicit plus sign ("+5.00") reads as the amount itself.
  return sdkDecimalText(typeof v === 'string' ? v.trim().replace(/^\+(?=\d)/, '') : v);
}

/** Reads a Money; null when it is absent (or an empty object). */
export function readMoney(v: unknown, field: string): Money | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== 'object' || Array.isArray(v)) throw new MoneyError(`${field} is not an amount: ${JSON.stringify(v)}`);
  const m = v as Record<string, unknown>;
  if (!Object.keys(m).length) return null;
  const amount = decimalText(m.amount);
  const currency = typeof m.currencyCode === 'string' ? m.currencyCode.trim().toUpperCase() : '';
  if (amount === null) throw new MoneyError(`${field}.amount is not a decimal amount: ${JSON.stringify(v)}`);
  if (!/^[A-Z]{3}$/.test(currency)) throw new MoneyError(`${field}.currencyCode is not an ISO 4217 code: ${JSON.stringify(v)}`);
  return { amount, currency };
}

/** Currencies without minor units among those Amazon's marketplaces sell in (JPY) and a few more. */
const ZERO_DECIMAL = new Set(['JPY', 'KRW', 'HUF', 'TWD', 'CLP', 'VND', 'ISK']);

/** Digits after the point in a currency (two, unless it has none). */
export function minorUnits(currency: string): number {
  return ZERO_DECIMAL.has(currency.toUpperCase()) ? 0 : 2;
}

/** The amount without its sign (Amazon writes a DISCOUNT breakdown as a negative subtotal [U]; either sign reads as the discount). */
export { absAmount };

/**
 * `total ÷ count` at the currency's minor units (or the total's own scale when finer): exact when
 * it divides, else rounded half up (the line's total stays exact in `paid`).
 */
export function divideAmount(total: string, count: number, currency: string): string {
  return divideAt(total, count, minorUnits(currency));
}

/** A price Amazon's `our_price` takes: a positive decimal with at most two decimals (none for yen is also two or fewer). */
export function isPrice(v: string): boolean {
  return /^\d{1,12}(\.\d{1,2})?$/.test(v.trim()) && /[1-9]/.test(v);
}
