import { UserError, userError } from './errors';

/**
 * Bounds on numbers the business can mean. A quantity of 2,147,483,647 fits a GraphQL Int and
 * a PostgreSQL integer, yet no order line, receipt or count of an apparel shop is that large,
 * and the sums over such rows overflow the reports of everyone. Each operation's figure is
 * bounded here and refused as a userError before it reaches a table.
 */

/** Most units one line, movement, count, reservation, shipment, return or transfer may carry. */
export const MAX_UNITS = 1_000_000;

/**
 * Most units a stock level, safety stock, buffer or cap may hold (a warehouse, not a line):
 * low enough that a SKU's levels across a score of warehouses still add up within 32 bits.
 */
export const MAX_LEVEL_UNITS = 100_000_000;

/** Largest amount of money a column holds: numeric(14,2) ends at 999,999,999,999.99. */
export const MAX_MONEY_CENTS = 99_999_999_999_999;

/** Largest exchange rate accepted (numeric(18,8) columns); the smallest is above 0. */
export const MAX_RATE = 1_000_000_000;

type Path = string | (string | number)[];

/**
 * Adds INVALID_QUANTITY unless `value` is a whole number within [min, max]. `what` names the
 * figure in the message ("A quantity", "Safety stock").
 */
export function checkUnits(
  value: number | null | undefined,
  path: Path,
  errors: UserError[],
  options: { min?: number; max?: number; what?: string } = {},
): void {
  if (value == null) return;
  const { min = 1, max = MAX_UNITS, what = 'A quantity' } = options;
  if (!Number.isInteger(value) || value < min || value > max) {
    errors.push(userError('INVALID_QUANTITY', `${what} is a whole number from ${min.toLocaleString('en-US')} to ${max.toLocaleString('en-US')}`, path));
  }
}

/** Adds INVALID_QUANTITY unless a stock change is a whole number, not 0, within ±MAX_UNITS. */
export function checkDelta(value: number, path: Path, errors: UserError[], what = 'A change'): void {
  if (!Number.isInteger(value) || value === 0 || Math.abs(value) > MAX_UNITS) {
    errors.push(userError('INVALID_QUANTITY', `${what} is a whole number of units other than 0, at most ${MAX_UNITS.toLocaleString('en-US')} either way`, path));
  }
}

/** Adds INVALID_RATE unless `value` is a decimal above 0 and at most MAX_RATE, with at most 8 decimals. */
export function checkRate(value: string | null | undefined, path: Path, errors: UserError[]): void {
  if (value == null) return;
  // Compared on the decimal text: a double rounds 1000000000.00000001 down to the bound itself.
  const m = /^(\d{1,10})(?:\.(\d{1,8}))?$/.exec(value);
  const whole = m ? BigInt(m[1]) : 0n;
  const fraction = m?.[2] ? BigInt(m[2]) : 0n;
  const ok = !!m && (whole > 0n || fraction > 0n) && (whole < BigInt(MAX_RATE) || (whole === BigInt(MAX_RATE) && fraction === 0n));
  if (!ok) errors.push(userError('INVALID_RATE', `An exchange rate is above 0 and at most ${MAX_RATE.toLocaleString('en-US')}, with at most 8 decimals`, path));
}

/** Adds AMOUNT_TOO_LARGE when an amount in cents is beyond what a money column holds. */
export function checkMoneyRange(cents: number, path: Path, errors: UserError[], what = 'The amount'): void {
  // Cents beyond 2^53 lose precision, but not so much that they fall back under the bound.
  if (!(Math.abs(cents) <= MAX_MONEY_CENTS)) {
    errors.push(userError('AMOUNT_TOO_LARGE', `${what} is beyond 999,999,999,999.99`, path));
  }
}
