/**
 * eBay's `Amount` (`{value: "19.99", currency: "USD"}`, with `convertedFromValue` /
 * `convertedFromCurrency` when eBay converted the buyer's currency [O]) and the exact decimal
 * arithmetic the mapping needs (a line's unit price from its cost, refunds summed, discounts as
 * positive amounts). Decimal strings in BigInt units, never floats; a connector may not import
 * the engine's helpers, so this small one lives here.
 */

export interface Money {
  /** A decimal string as eBay wrote it (`"12.50"`). */
  value: string;
  /** ISO 4217, upper case. */
  currency: string;
}

/** An amount that is there but cannot be read: the order holding it is quarantined, never guessed. */
export class MoneyError extends Error {}

const DECIMAL = /^-?\d+(\.\d+)?$/;

/** A decimal as text: a string in decimal form, or a JSON number without an exponent (parseJsonExact keeps small decimals as numbers). */
export function decimalText(v: unknown): string | null {
  if (typeof v === 'string') return DECIMAL.test(v.trim()) ? v.trim() : null;
  if (typeof v === 'number' && Number.isFinite(v)) {
    const s = String(v);
    return DECIMAL.test(s) ? s : null;
  }
  return null;
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

/** The amount without its sign: eBay writes discounts as negative numbers ("should be a negative real number" [O]). */
export function absAmount(a: string): string {
  return a.trim().replace(/^-/, '');
}

/**
 * `total ÷ count` at the currency's minor units: exact when it divides (eBay's lineItemCost is
 * the unit price times the quantity [O]), else rounded half up to the cent (a total that does not
 * divide is not eBay's usual shape; the line's total stays exact in `paid`).
 */
export function divideAmount(total: string, count: number, currency: string): string {
  const scale = Math.max(minorUnits(currency), scaleOf(total));
  const units = toUnits(total, scale);
  const n = BigInt(count);
  const half = (u: bigint) => (u * 2n + n) / (2n * n);
  return formatUnits(units >= 0n ? half(units) : -half(-units), scale);
}
