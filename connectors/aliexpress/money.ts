/**
 * Money as AliExpress writes it, and the exact decimal arithmetic the connector needs (sums of
 * refunds, comparing a sale price with a price). Amounts are decimal strings end to end, done
 * in BigInt units, never in floats. The SDK has no shared decimal helper and a connector may
 * not import the engine's (src/), so this small one lives here.
 *
 * Shapes [M]: order.get's `SimpleMoney {amount, currency_code}`; order.info.get's
 * `GlobalMoneyStr {amount, currency_code, cent, cent_factor, currency{currency_code, …}}`, whose
 * child-order objects name the amount `amount_str` instead (logistics_amount, refund amounts,
 * loan_amount). Each object carries its own currency (USD, EUR, RUB, BRL…).
 */

export interface Money {
  /** A decimal string, as the marketplace wrote it (`"12.50"`). */
  amount: string;
  /** ISO 4217, upper case. */
  currency: string;
}

/** A money object that cannot be read: the order holding it is reported as a bad record. */
export class MoneyError extends Error {}

const DECIMAL = /^-?\d+(\.\d+)?$/;

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

/** A decimal amount as text: a string in decimal form, or a JSON number without an exponent. */
export function decimalText(v: unknown): string | null {
  if (typeof v === 'string') return DECIMAL.test(v.trim()) ? v.trim() : null;
  // parseJsonExact keeps small decimals as numbers; their shortest form is the text they came as.
  if (typeof v === 'number' && Number.isFinite(v)) {
    const s = String(v);
    return DECIMAL.test(s) ? s : null;
  }
  return null;
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

function scaleOf(amount: string): number {
  const dot = amount.indexOf('.');
  return dot < 0 ? 0 : amount.length - dot - 1;
}

/** The amount in units of 10^-scale; throws when it has non-zero digits beyond the scale. */
export function toUnits(amount: string, scale: number): bigint {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(amount.trim());
  if (!m) throw new MoneyError(`${amount} is not a decimal amount`);
  const frac = m[3] ?? '';
  if (/[1-9]/.test(frac.slice(scale))) throw new MoneyError(`${amount} has more than ${scale} decimals`);
  const units = BigInt(m[2]) * 10n ** BigInt(scale) + BigInt(frac.slice(0, scale).padEnd(scale, '0') || '0');
  return m[1] ? -units : units;
}

export function formatUnits(units: bigint, scale: number): string {
  const neg = units < 0n;
  const abs = neg ? -units : units;
  if (scale === 0) return `${neg ? '-' : ''}${abs}`;
  const base = 10n ** BigInt(scale);
  return `${neg ? '-' : ''}${abs / base}.${String(abs % base).padStart(scale, '0')}`;
}

/** -1, 0 or 1 as `a` is less than, equal to or more than `b` ("12.5" equals "12.50"). */
export function compareAmounts(a: string, b: string): number {
  const scale = Math.max(scaleOf(a), scaleOf(b));
  const [x, y] = [toUnits(a, scale), toUnits(b, scale)];
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The exact sum, at the widest scale of its terms. */
export function sumAmounts(amounts: string[]): string {
  const scale = Math.max(0, ...amounts.map(scaleOf));
  return formatUnits(amounts.reduce((n, a) => n + toUnits(a, scale), 0n), scale);
}

/** `amount × count`, exactly. */
export function timesAmount(amount: string, count: number): string {
  const scale = scaleOf(amount);
  return formatUnits(toUnits(amount, scale) * BigInt(count), scale);
}

/** Whether `amount` is a positive price in `currency`: at most its minor units, no sign. */
export function isPriceIn(amount: string, currency: string): boolean {
  const digits = minorUnits(currency);
  const pattern = digits === 0 ? /^\d+$/ : new RegExp(`^\\d+(\\.\\d{1,${digits}})?$`);
  return pattern.test(amount) && compareAmounts(amount, '0') > 0;
}
