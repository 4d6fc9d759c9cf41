/**
 * Exact conversion of money between a currency and the base currency, on decimal strings: the
 * arithmetic is on integers (BigInt) scaled by powers of ten and rounds once, half away from
 * zero, to the target currency's minor units. No floating point anywhere.
 */

const DECIMAL = /^(-?)(\d{1,18})(?:\.(\d{1,12}))?$/;

interface Scaled {
  units: bigint;
  scale: number;
}

function parse(value: string): Scaled {
  const m = DECIMAL.exec(value.trim());
  if (!m) throw new RangeError(`"${value}" is not a decimal number`);
  const frac = m[3] ?? '';
  const units = BigInt(m[2] + frac);
  return { units: m[1] ? -units : units, scale: frac.length };
}

const pow10 = (n: number) => 10n ** BigInt(n);

/** a / b rounded half away from zero (b > 0). */
function divRound(a: bigint, b: bigint): bigint {
  const negative = a < 0n;
  const abs = negative ? -a : a;
  const q = (abs * 2n + b) / (2n * b);
  return negative ? -q : q;
}

function format(units: bigint, digits: number): string {
  const negative = units < 0n;
  const s = (negative ? -units : units).toString().padStart(digits + 1, '0');
  const body = digits ? `${s.slice(0, -digits)}.${s.slice(-digits)}` : s;
  return negative && units !== 0n ? `-${body}` : body;
}

/**
 * An amount in the quote currency in the base currency, where 1 base buys `rate` quote: amount ÷
 * rate, to `digits` decimals (the base currency's minor units). 100.00 USD at 0.1389 → 719.94 CNY.
 */
export function quoteToBase(amount: string, rate: string, digits: number): string {
  const a = parse(amount);
  const r = parse(rate);
  if (r.units <= 0n) throw new RangeError('A rate is above 0');
  // (a.units / 10^a.scale) / (r.units / 10^r.scale) × 10^digits
  const num = a.units * pow10(r.scale + digits);
  const den = r.units * pow10(a.scale);
  return format(divRound(num, den), digits);
}

/** A rate as PostgreSQL's numeric(18,8) writes it, without the trailing zeros: "0.13890000" → "0.1389", "1.00000000" → "1". */
export function plainRate(rate: string): string {
  return rate.includes('.') ? rate.replace(/0+$/, '').replace(/\.$/, '') : rate;
}
