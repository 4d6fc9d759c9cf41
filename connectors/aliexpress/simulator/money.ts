/**
 * AliExpress money objects (aliexpress.md §9.8): order.get writes `SimpleMoney {amount,
 * currency_code}`; order.info.get writes `GlobalMoneyStr {amount, currency_code, cent,
 * cent_factor, currency{…}}` (some child-order amounts name the amount `amount_str`, as the
 * metadata does). `amount` is always a decimal string; the simulator never goes through floats.
 */

export interface CurrencyInfo {
  code: string;
  /** ISO 4217 numeric code. */
  numeric: number;
  symbol: string;
  name: string;
  digits: number;
}

/** The currencies AliExpress orders come in most; any other ISO code is taken with 2 decimals and no symbol [U]. */
const CURRENCIES: CurrencyInfo[] = [
  { code: 'USD', numeric: 840, symbol: '$', name: 'US Dollar', digits: 2 },
  { code: 'EUR', numeric: 978, symbol: '€', name: 'Euro', digits: 2 },
  { code: 'RUB', numeric: 643, symbol: '₽', name: 'Russian Ruble', digits: 2 },
  { code: 'BRL', numeric: 986, symbol: 'R$', name: 'Brazilian Real', digits: 2 },
  { code: 'GBP', numeric: 826, symbol: '£', name: 'British Pound', digits: 2 },
  { code: 'CNY', numeric: 156, symbol: '¥', name: 'Chinese Yuan', digits: 2 },
  { code: 'CAD', numeric: 124, symbol: 'C$', name: 'Canadian Dollar', digits: 2 },
  { code: 'AUD', numeric: 36, symbol: 'A$', name: 'Australian Dollar', digits: 2 },
  { code: 'MXN', numeric: 484, symbol: 'MX$', name: 'Mexican Peso', digits: 2 },
  { code: 'PLN', numeric: 985, symbol: 'zł', name: 'Polish Zloty', digits: 2 },
  { code: 'UAH', numeric: 980, symbol: '₴', name: 'Ukrainian Hryvnia', digits: 2 },
  { code: 'TRY', numeric: 949, symbol: '₺', name: 'Turkish Lira', digits: 2 },
  { code: 'ILS', numeric: 376, symbol: '₪', name: 'Israeli New Shekel', digits: 2 },
  { code: 'KZT', numeric: 398, symbol: '₸', name: 'Kazakhstani Tenge', digits: 2 },
  { code: 'SAR', numeric: 682, symbol: 'SAR', name: 'Saudi Riyal', digits: 2 },
  { code: 'AED', numeric: 784, symbol: 'AED', name: 'UAE Dirham', digits: 2 },
  { code: 'CHF', numeric: 756, symbol: 'CHF', name: 'Swiss Franc', digits: 2 },
  { code: 'SEK', numeric: 752, symbol: 'kr', name: 'Swedish Krona', digits: 2 },
  { code: 'NZD', numeric: 554, symbol: 'NZ$', name: 'New Zealand Dollar', digits: 2 },
  { code: 'INR', numeric: 356, symbol: '₹', name: 'Indian Rupee', digits: 2 },
  { code: 'JPY', numeric: 392, symbol: '¥', name: 'Japanese Yen', digits: 0 },
  { code: 'KRW', numeric: 410, symbol: '₩', name: 'South Korean Won', digits: 0 },
  { code: 'CLP', numeric: 152, symbol: 'CLP$', name: 'Chilean Peso', digits: 0 },
];

const BY_CODE = new Map(CURRENCIES.map((c) => [c.code, c]));

export function currencyInfo(code: string): CurrencyInfo {
  return BY_CODE.get(code) ?? { code, numeric: 0, symbol: code, name: code, digits: 2 };
}

export const DECIMAL = /^-?\d{1,12}(\.\d{1,6})?$/;

/** The amount in the currency's smallest unit; null when it has more decimals than the currency has. */
export function toMinorUnits(amount: string, digits: number): bigint | null {
  if (!DECIMAL.test(amount)) return null;
  const negative = amount.startsWith('-');
  const [int, frac = ''] = (negative ? amount.slice(1) : amount).split('.');
  const trimmed = frac.replace(/0+$/, '');
  if (trimmed.length > digits) return null;
  const units = BigInt(int) * 10n ** BigInt(digits) + BigInt((trimmed + '0'.repeat(digits)).slice(0, digits) || '0');
  return negative ? -units : units;
}

/** Minor units written as a decimal string with the currency's digits ("1999" USD → "19.99"). */
export function fromMinorUnits(units: bigint, digits: number): string {
  const negative = units < 0n;
  const abs = (negative ? -units : units).toString().padStart(digits + 1, '0');
  const text = digits === 0 ? abs : `${abs.slice(0, -digits)}.${abs.slice(-digits)}`;
  return negative ? `-${text}` : text;
}

/** Compares two decimal strings exactly: negative, 0 or positive. */
export function compareDecimal(a: string, b: string): number {
  const scale = 6;
  const x = toMinorUnits(a, scale);
  const y = toMinorUnits(b, scale);
  if (x === null || y === null) throw new Error(`not decimals: ${a}, ${b}`);
  return x < y ? -1 : x > y ? 1 : 0;
}

type Raw = Record<string, unknown>;

/** Why a money object given to the simulator cannot be used; null when it can. */
export function moneyProblem(value: unknown): string | null {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return 'a money object is {amount, currency_code}';
  const m = value as Raw;
  const amount = m.amount ?? m.amount_str;
  if (typeof amount !== 'string') return 'amount must be a decimal string ("19.99"), as AliExpress writes it';
  if (!DECIMAL.test(amount)) return `amount ${JSON.stringify(amount)} is not a decimal`;
  const code = m.currency_code ?? (m.currency as Raw | undefined)?.currency_code;
  if (typeof code !== 'string' || !/^[A-Z]{3}$/.test(code)) return 'currency_code must be an ISO 4217 code such as USD';
  if (toMinorUnits(amount, currencyInfo(code).digits) === null) return `${code} has ${currencyInfo(code).digits} decimals; ${amount} has more`;
  return null;
}

/** The money object with what GlobalMoneyStr carries filled in: cent, cent_factor, currency; the amount under the key the field uses. */
export function globalMoney(value: Raw, amountKey: 'amount' | 'amount_str'): Raw {
  const code = String(value.currency_code ?? (value.currency as Raw | undefined)?.currency_code);
  const info = currencyInfo(code);
  const amount = String(value.amount ?? value.amount_str);
  const cents = toMinorUnits(amount, info.digits) ?? 0n;
  const { amount: _a, amount_str: _s, ...rest } = value;
  return {
    ...rest,
    [amountKey]: amount,
    currency_code: code,
    cent: Number.isSafeInteger(Number(cents)) ? Number(cents) : cents,
    cent_factor: 10 ** info.digits,
    currency: { default_fraction_digits: info.digits, numeric_code: info.numeric, currency_code: code, symbol: info.symbol, display_name: info.name },
  };
}

/** A GlobalMoneyStr (or any stored money object) as order.get's SimpleMoney. */
export function simpleMoney(value: unknown): Raw | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const m = value as Raw;
  const amount = m.amount ?? m.amount_str;
  const code = m.currency_code ?? (m.currency as Raw | undefined)?.currency_code;
  if (typeof amount !== 'string' || typeof code !== 'string') return undefined;
  return { amount, currency_code: code };
}
