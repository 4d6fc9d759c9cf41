/**
 * eBay's `Amount` (`{value: "19.99", currency: "USD"}`, with `convertedFromValue` /
 * `convertedFromCurrency` when eBay converted the buyer's currency [O]) and the exact decimal
 * arithmetic the mapping needs (a line's unit price from its cost, refunds summed, discounts as
 * positive amounts). The arithmetic is the SDK's (sdk/decimal.ts).
 */
import { absAmount, compareAmounts, decimalText, divideAmount as divideAt, formatUnits, MoneyError, subtractAmounts, sumAmounts, toUnits } from '../sdk/decimal';

export { absAmount, compareAmounts, decimalText, formatUnits, MoneyError, subtractAmounts, sumAmounts, toUnits };

export interface Money {
  /** A decimal string as eBay wrote it (`"12.50"`). */
  value: string;
  /** ISO 4217, upper case. */
  currency: string;
}

/**
 * Reads an Amount; null when it is absent (or empty). `value` and `currency` are the seller's side
 * (the listing's currency); the buyer's own is `convertedFrom…` and is not what the order is kept in.
 */
export function readAmount(v: unknown, field: string): Money | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== 'object' || Array.isArray(v)) throw new MoneyError(`${field} is not an amount: ${JSON.stringify(v)}`);
  const m = v as Record<string, unknown>;
  if (!Object.keys(m).length) return null;
  const value = decimalText(m.value);
  const currency = typeof m.currency === 'string' ? m.currency.trim().toUpperCase() : '';
  if (value === null) throw new MoneyError(`${field}.value is not a decimal amount: ${JSON.stringify(v)}`);
  if (!/^[A-Z]{3}$/.test(currency)) throw new MoneyError(`${field}.currency is not an ISO 4217 code: ${JSON.stringify(v)}`);
  return { value, currency };
}

const ZERO_DECIMAL = new Set(['JPY', 'KRW', 'HUF', 'TWD', 'CLP', 'VND', 'ISK']);

/** Digits after the point in a currency (two, unless it has none). */
export function minorUnits(currency: string): number {
  return ZERO_DECIMAL.has(currency.toUpperCase()) ? 0 : 2;
}

/**
 * `total ÷ count` at the currency's minor units: exact when it divides (eBay's lineItemCost is
 * the unit price times the quantity [O]), else rounded half up to the cent (a total that does not
 * divide is not eBay's usual shape; the line's total stays exact in `paid`).
 */
export function divideAmount(total: string, count: number, currency: string): string {
  return divideAt(total, count, minorUnits(currency));
}
