import { plainRate, quoteToBase } from './currency-conversion';

/** Money from an order's currency to the base currency, exact decimals, no database. */
describe('quoteToBase', () => {
  it('divides by the rate (1 base buys rate quote) and rounds once to the minor units', () => {
    // 100 / 0.1389 = 719.942404…
    expect(quoteToBase('100.00', '0.1389', 2)).toBe('719.94');
    expect(quoteToBase('100.00', '1', 2)).toBe('100.00');
    expect(quoteToBase('0', '0.1389', 2)).toBe('0.00');
    // 1 / 8 = 0.125: half rounds away from zero, where a float sum could land either side.
    expect(quoteToBase('1.00', '8', 2)).toBe('0.13');
    expect(quoteToBase('-1.00', '8', 2)).toBe('-0.13');
    expect(quoteToBase('12.34', '0.5', 0)).toBe('25');
    expect(quoteToBase('10.00', '3', 3)).toBe('3.333');
  });

  it('keeps every digit of large amounts (beyond 2^53 cents)', () => {
    expect(quoteToBase('999999999999.99', '0.00000001', 2)).toBe('99999999999999000000.00');
    expect(quoteToBase('90071992547409.93', '1', 2)).toBe('90071992547409.93');
  });

  it('refuses a rate that is not above 0 and text that is not a decimal', () => {
    expect(() => quoteToBase('1.00', '0', 2)).toThrow(RangeError);
    expect(() => quoteToBase('1e3', '1', 2)).toThrow(RangeError);
  });
});

describe('plainRate', () => {
  it('drops the trailing zeros numeric(18,8) writes', () => {
    expect(plainRate('0.13890000')).toBe('0.1389');
    expect(plainRate('1.00000000')).toBe('1');
    expect(plainRate('7')).toBe('7');
    expect(plainRate('10.50000000')).toBe('10.5');
  });
});
