/**
 * Money as AliExpress writes it, and the exact decimal arithmetic the connector needs (sums of
 * refunds, comparing a sale price with a price). The arithmetic is the SDK's (sdk/decimal.ts).
 *
 * Shapes [M]: order.get's `SimpleMoney {amount, currency_code}`; order.info.get's
 * `GlobalMoneyStr {amount, currency_code, cent, cent_factor, currency{currency_code, …}}`, whose
 * child-order objects name the amount `amount_str` instead (logistics_amount, refund amounts,
 * loan_amount). Each object carries its own currency (USD, EUR, RUB, BRL…).
 */

import { compareAmounts, decimalText, formatUnits, MoneyError, multiplyAmount, sumAmounts, toUnits } from '../sdk/decimal';

export { compareAmounts, decimalText, formatUnits, MoneyError, sumAmounts, toUnits };

export interface Money {
  /** A decimal string, as the marketplace wrote it (`"12.50"`). */
  amount: string;
  /** ISO 4217, upper case. */
  currency: string;
}

/**
 * Digits after the point of the currencies AliExpress sells in. Most have two; the ones with none
 * are listed so a price with cents is refused before AliExpress does it. Unknown codes: two.
 */
const ZERO_DECIMAL = new Set(['JPY', 'KRW', 'CLP', 'VND', 'ISK', 'UGX', 'PYG', 'XAF', 'XOF']);
const THREE_DECIMAL = new Set(['KWD', 'BHD', 'OMR', 'JOD', 'TND', 'IQD', 'LYD']);

export function minorUnits(currency: string): number {
  const c = currency.toUpperCase();
  return ZERO_DECIMAL.has(c) ? 0 : THREE_DECIMAL.has(c) ? 3 : 2;
}

function text(v: unknown): string | null {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : null;
}

/** `cent / cent_factor` as a decimal, exactly; the factor must be a power of ten. */
function fromCents(cent: unknown, factor: unknown): string | null {
  const c = decimalText(cent);
  const f = decimalText(factor);
  if (c === null || f === null || !/^-?\d+$/.test(c) || !/^10*$/.test(f)) return null;
  return formatUnits(BigInt(c), f.length - 1);
}

/**
 * Reads a money object; null when it is absent (or an empty object). Throws MoneyError when it
 * is there but has no readable amount or currency: a guess would be a wrong number on an order.
 */
export function readMoney(value: unknown, field: string): Money | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'object' || Array.isArray(value)) throw new MoneyError(`${field} is not a money object: ${JSON.stringify(value)}`);
  const m = value as Record<string, unknown>;
  if (Object.keys(m).length === 0) return null;
  const nested = m.currency && typeof m.currency === 'object' ? (m.currency as Record<string, unknown>) : null;
  const currency = (text(m.currency_code) ?? text(nested?.currency_code) ?? (typeof m.currency === 'string' ? text(m.currency) : null))?.toUpperCase() ?? null;
  const amount = decimalText(m.amount) ?? decimalText(m.amount_str) ?? fromCents(m.cent, m.cent_factor);
  if (amount === null) throw new MoneyError(`${field} has no decimal amount (amount, amount_str or cent/cent_factor): ${JSON.stringify(value)}`);
  if (!currency || !/^[A-Z]{3}$/.test(currency)) throw new MoneyError(`${field} has no ISO currency code: ${JSON.stringify(value)}`);
  return { amount, currency };
}

/** `amount × count`, exactly. */
export const timesAmount = multiplyAmount;

/** Whether `amount` is a positive price in `currency`: at most its minor units, no sign. */
export function isPriceIn(amount: string, currency: string): boolean {
  const digits = minorUnits(currency);
  const pattern = digits === 0 ? /^\d+$/ : new RegExp(`^\\d+(\\.\\d{1,${digits}})?$`);
  return pattern.test(amount) && compareAmounts(amount, '0') > 0;
}
