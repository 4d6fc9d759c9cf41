/**
 * SP-API `Money` (`{amount: "19.99", currencyCode: "USD"}`: a decimal string and ISO 4217 [O:
 * orders_2026-01-01.json Money/Decimal, listingsItems Money]) and the exact decimal arithmetic the
 * mapping needs. Decimal strings in BigInt units, never floats; a connector may not import the
 * engine's helpers or another connector's, so this small one lives here.
 */

export interface Money {
  /** A decimal string as Amazon wrote it (`"12.50"`, `"5980"` for yen). */
  amount: string;
  /** ISO 4217, upper case. */
  currency: string;
}

/** An amount that is there but cannot be read: the order holding it is quarantined, never guessed. */
export class MoneyError extends Error {}

const DECIMAL = /^[-+]?\d+(\.\d+)?$/;

/**
 * A decimal as text: a string in decimal form, or a JSON number written without an exponent
 * (the model says string; a payload that sends a number is read, never rounded further).
 */
export function decimalText(v: unknown): string | null {
  if (typeof v === 'string') {
    const s = v.trim();
    return DECIMAL.test(s) ? s.replace(/^\+/, '') : null;
  }
  if (typeof v === 'number' && Number.isFinite(v)) {
    const s = String(v);
    return DECIMAL.test(s) ? s : null;
  }
  return null;
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

function scaleOf(amount: string): number {
  const dot = amount.indexOf('.');
  return dot < 0 ? 0 : amount.length - dot - 1;
}

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

/** -1, 0 or 1 as `a` is less than, equal to or more than `b`. */
export function compareAmounts(a: string, b: string): number {
  const scale = Math.max(scaleOf(a), scaleOf(b));
  const [x, y] = [toUnits(a, scale), toUnits(b, scale)];
  return x < y ? -1 : x > y ? 1 : 0;
}

export function sumAmounts(amounts: string[]): string {
  const scale = Math.max(0, ...amounts.map(scaleOf));
  return formatUnits(amounts.reduce((n, a) => n + toUnits(a, scale), 0n), scale);
}

/** `a − b`, exactly. */
export function subtractAmounts(a: string, b: string): string {
  const scale = Math.max(scaleOf(a), scaleOf(b));
  return formatUnits(toUnits(a, scale) - toUnits(b, scale), scale);
}

/** The amount without its sign (Amazon writes a DISCOUNT breakdown as a negative subtotal [U]; either sign reads as the discount). */
export function absAmount(a: string): string {
  return a.trim().replace(/^-/, '');
}

/**
 * `total ÷ count` at the currency's minor units (or the total's own scale when finer): exact when
 * it divides, else rounded half up (the line's total stays exact in `paid`).
 */
export function divideAmount(total: string, count: number, currency: string): string {
  const scale = Math.max(minorUnits(currency), scaleOf(total));
  const units = toUnits(total, scale);
  const n = BigInt(count);
  const half = (u: bigint) => (u * 2n + n) / (2n * n);
  return formatUnits(units >= 0n ? half(units) : -half(-units), scale);
}

/** `amount × count`, exactly. */
export function multiplyAmount(amount: string, count: number): string {
  const scale = scaleOf(amount);
  return formatUnits(toUnits(amount, scale) * BigInt(count), scale);
}

/** A price Amazon's `our_price` takes: a positive decimal with at most two decimals (none for yen is also two or fewer). */
export function isPrice(v: string): boolean {
  return /^\d{1,12}(\.\d{1,2})?$/.test(v.trim()) && /[1-9]/.test(v);
}
