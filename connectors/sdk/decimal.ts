/**
 * Exact decimal arithmetic for connectors: amounts are decimal strings ("12.50") carried as
 * BigInt units of 10^-scale, never floats. Every marketplace's money reader (AliExpress's money
 * objects, eBay's Amount, Amazon's Money) reads its own shape and does its sums here; a
 * connector may not import the engine's helpers (src/), so the SDK holds this one.
 */

/** An amount that is there but cannot be read or computed exactly: the order holding it is quarantined, never guessed. */
export class MoneyError extends Error {}

const DECIMAL = /^-?\d+(\.\d+)?$/;

/**
 * A decimal as text: a string in decimal form, or a JSON number written without an exponent
 * (parseJsonExact keeps small decimals as numbers; their shortest form is the text they came as).
 * Null for anything else.
 */
export function decimalText(v: unknown): string | null {
  if (typeof v === 'string') return DECIMAL.test(v.trim()) ? v.trim() : null;
  if (typeof v === 'number' && Number.isFinite(v)) {
    const s = String(v);
    return DECIMAL.test(s) ? s : null;
  }
  return null;
}

/** Digits after the point as the amount is written. */
export function scaleOf(amount: string): number {
  const dot = amount.indexOf('.');
  return dot < 0 ? 0 : amount.length - dot - 1;
}

/** The amount in units of 10^-scale; throws MoneyError when it has non-zero digits beyond the scale. */
export function toUnits(amount: string, scale: number): bigint {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(amount.trim());
  if (!m) throw new MoneyError(`${amount} is not a decimal amount`);
  const frac = m[3] ?? '';
  if (/[1-9]/.test(frac.slice(scale))) throw new MoneyError(`${amount} has more than ${scale} decimals`);
  const units = BigInt(m[2]) * 10n ** BigInt(scale) + BigInt(frac.slice(0, scale).padEnd(scale, '0') || '0');
  return m[1] ? -units : units;
}

/** Units of 10^-scale as a decimal string. */
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

/** `a − b`, exactly. */
export function subtractAmounts(a: string, b: string): string {
  const scale = Math.max(scaleOf(a), scaleOf(b));
  return formatUnits(toUnits(a, scale) - toUnits(b, scale), scale);
}

/** The amount without its sign. */
export function absAmount(a: string): string {
  return a.trim().replace(/^-/, '');
}

/** `amount × count`, exactly. */
export function multiplyAmount(amount: string, count: number): string {
  const scale = scaleOf(amount);
  return formatUnits(toUnits(amount, scale) * BigInt(count), scale);
}

/**
 * `total ÷ count` at `minorUnits` digits (or the total's own scale when finer): exact when it
 * divides, else rounded half away from zero.
 */
export function divideAmount(total: string, count: number, minorUnits: number): string {
  const scale = Math.max(minorUnits, scaleOf(total));
  const units = toUnits(total, scale);
  const n = BigInt(count);
  const half = (u: bigint) => (u * 2n + n) / (2n * n);
  return formatUnits(units >= 0n ? half(units) : -half(-units), scale);
}
