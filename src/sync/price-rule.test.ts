import fc from 'fast-check';
import { applyPriceRule, checkPriceRule, ExchangeRateMissingError, PriceRuleError, usesRateTable } from './price-rule';
import type { PriceRule } from './sync-vocabulary';

/** A channel's price from the catalogue price, exact decimal arithmetic, no database. */

const refusal = (price: string, rule: PriceRule): string => {
  try {
    applyPriceRule(price, rule);
  } catch (err) {
    expect(err).toBeInstanceOf(PriceRuleError);
    return (err as Error).message;
  }
  throw new Error(`expected ${price} under ${JSON.stringify(rule)} to be refused`);
};

describe('applyPriceRule', () => {
  it('SAME keeps the price, written to cents', () => {
    expect(applyPriceRule('12.34', { mode: 'SAME' })).toBe('12.34');
    expect(applyPriceRule('12', { mode: 'SAME' })).toBe('12.00');
    expect(applyPriceRule('0', { mode: 'SAME' })).toBe('0.00');
    expect(applyPriceRule('0.05', { mode: 'SAME' })).toBe('0.05');
    expect(applyPriceRule(' 8.8 ', { mode: 'SAME' })).toBe('8.80');
    expect(applyPriceRule('999999999999.99', { mode: 'SAME' })).toBe('999999999999.99');
  });

  it('rounds once, half away from zero, where floating point would round down', () => {
    // 8.345 * 100 and 1.005 * 100 fall just below .5 in binary floating point.
    expect(applyPriceRule('8.345', { mode: 'SAME' })).toBe('8.35');
    expect(applyPriceRule('1.00', { mode: 'FIXED_ADD', value: '0.005' })).toBe('1.01');
    expect(applyPriceRule('1.00', { mode: 'EXCHANGE_RATE', rate: '1.005' })).toBe('1.01');
    expect(applyPriceRule('12.3449999999', { mode: 'SAME' })).toBe('12.34');
    expect(applyPriceRule('0.01', { mode: 'MARKUP_PERCENT', value: '50' })).toBe('0.02');
  });

  it('MARKUP_PERCENT adds value percent, which may be negative or fractional', () => {
    expect(applyPriceRule('99.99', { mode: 'MARKUP_PERCENT', value: '10' })).toBe('109.99');
    expect(applyPriceRule('99.99', { mode: 'MARKUP_PERCENT', value: '-10' })).toBe('89.99');
    expect(applyPriceRule('100', { mode: 'MARKUP_PERCENT', value: '12.5' })).toBe('112.50');
    // 3 × 1.33333 = 3.99999: one rounding at the end, not per step.
    expect(applyPriceRule('3.00', { mode: 'MARKUP_PERCENT', value: '33.333' })).toBe('4.00');
    expect(applyPriceRule('50', { mode: 'MARKUP_PERCENT', value: '-100' })).toBe('0.00');
  });

  it('FIXED_ADD adds the amount', () => {
    expect(applyPriceRule('10.00', { mode: 'FIXED_ADD', value: '5' })).toBe('15.00');
    expect(applyPriceRule('0.1', { mode: 'FIXED_ADD', value: '0.2' })).toBe('0.30');
    expect(applyPriceRule('10.00', { mode: 'FIXED_ADD', value: '-10' })).toBe('0.00');
  });

  it('EXCHANGE_RATE multiplies by the rate, then adds the markup when one is given', () => {
    expect(applyPriceRule('299.00', { mode: 'EXCHANGE_RATE', rate: '0.1389' })).toBe('41.53');
    // 41.5311 × 1.15 = 47.760765: the markup applies to the unrounded amount.
    expect(applyPriceRule('299.00', { mode: 'EXCHANGE_RATE', rate: '0.1389', value: '15' })).toBe('47.76');
    expect(applyPriceRule('19.99', { mode: 'EXCHANGE_RATE', rate: '7.1' })).toBe('141.93');
    expect(applyPriceRule('1', { mode: 'EXCHANGE_RATE', rate: '0.0000000001' })).toBe('0.00');
  });

  it('refuses a result below zero', () => {
    expect(refusal('-1.00', { mode: 'SAME' })).toBe('The rule makes -1.00 negative');
    expect(refusal('10.00', { mode: 'FIXED_ADD', value: '-10.01' })).toBe('The rule makes 10.00 negative');
    expect(refusal('50', { mode: 'MARKUP_PERCENT', value: '-100.01' })).toBe('The rule makes 50 negative');
  });

  it('refuses a rule missing what its mode needs, or a rate that is not above 0', () => {
    expect(refusal('1', { mode: 'MARKUP_PERCENT' })).toBe('MARKUP_PERCENT needs a value (percent)');
    expect(refusal('1', { mode: 'FIXED_ADD', value: null })).toBe('FIXED_ADD needs a value (amount)');
    expect(refusal('1', { mode: 'EXCHANGE_RATE', value: '10' })).toBe("Finance has entered no exchange rate to the channel's currency yet (setExchangeRate)");
    expect(refusal('1', { mode: 'EXCHANGE_RATE', rate: '0' })).toBe('The rate must be above 0');
    expect(refusal('1', { mode: 'EXCHANGE_RATE', rate: '0.0000' })).toBe('The rate must be above 0');
    expect(refusal('1', { mode: 'EXCHANGE_RATE', rate: '-7.1' })).toBe('The rate must be above 0');
    expect(refusal('1', { mode: 'BOGUS' } as unknown as PriceRule)).toBe('Unknown price rule mode BOGUS');
  });

  it('refuses numbers that are not plain decimals, naming which one', () => {
    for (const bad of ['1e3', '12.', '.5', '', '1,000.00', '+5', '0x10', 'NaN', '1 000', '1234567890123', '1.12345678901']) {
      expect(refusal(bad, { mode: 'SAME' })).toBe(`The price "${bad}" is not a decimal number`);
    }
    expect(refusal('1', { mode: 'MARKUP_PERCENT', value: '10%' })).toBe('The markup "10%" is not a decimal number');
    expect(refusal('1', { mode: 'FIXED_ADD', value: '¥5' })).toBe('The amount "¥5" is not a decimal number');
    expect(refusal('1', { mode: 'EXCHANGE_RATE', rate: '7,1' })).toBe('The rate "7,1" is not a decimal number');
    expect(refusal('1', { mode: 'EXCHANGE_RATE', rate: '7.1', value: '' })).toBe('The markup "" is not a decimal number');
  });

  it('given any price and rule, matches exact rational arithmetic rounded half up to cents', () => {
    // A reference in BigInt cents × 10^k, built independently: scale everything to 30 decimals.
    const S = 30n;
    const toFixed = (d: string) => {
      const [i, f = ''] = d.replace('-', '').split('.');
      return BigInt(i + f.padEnd(Number(S), '0')) * (d.startsWith('-') ? -1n : 1n);
    };
    const ONE = 10n ** S;
    const roundCents = (x: bigint) => {
      // x is at scale 30; cents are at scale 2.
      const div = 10n ** (S - 2n);
      const q = x / div;
      const r = x % div;
      return r * 2n >= div ? q + 1n : q;
    };
    const dec = (maxInt: number, maxFrac: number, signed: boolean) =>
      fc.tuple(fc.boolean(), fc.integer({ min: 0, max: maxInt }), fc.integer({ min: 0, max: maxFrac }), fc.integer({ min: 0, max: 10 ** maxFrac - 1 })).map(([neg, i, digits, f]) => {
        const frac = digits ? String(f % 10 ** digits).padStart(digits, '0') : '';
        return `${signed && neg ? '-' : ''}${i}${frac ? `.${frac}` : ''}`;
      });
    const rule = fc.oneof(
      fc.constant<PriceRule>({ mode: 'SAME' }),
      dec(200, 4, true).map((value): PriceRule => ({ mode: 'MARKUP_PERCENT', value })),
      dec(500, 3, true).map((value): PriceRule => ({ mode: 'FIXED_ADD', value })),
      fc.tuple(dec(20, 6, false), fc.option(dec(80, 2, true), { nil: null })).map(([rate, value]): PriceRule => ({ mode: 'EXCHANGE_RATE', rate, value })),
    );
    fc.assert(
      fc.property(dec(99999, 4, false), rule, (price, r) => {
        let x = toFixed(price);
        const markup = (v: string) => (x = (x * (100n * ONE + toFixed(v))) / (100n * ONE));
        if (r.mode === 'MARKUP_PERCENT') markup(r.value!);
        if (r.mode === 'FIXED_ADD') x += toFixed(r.value!);
        if (r.mode === 'EXCHANGE_RATE') {
          if (toFixed(r.rate!) === 0n) return;
          x = (x * toFixed(r.rate!)) / ONE;
          if (r.value != null) markup(r.value);
        }
        // Inputs have at most 6 + 4 + 4 decimals, so scale 30 is exact and the divisions above lose nothing.
        if (x < 0n) {
          const cents = -roundCents(-x);
          if (cents < 0n) expect(() => applyPriceRule(price, r)).toThrow(PriceRuleError);
          else expect(applyPriceRule(price, r)).toBe('0.00');
          return;
        }
        const cents = roundCents(x);
        expect(applyPriceRule(price, r)).toBe(`${cents / 100n}.${String(cents % 100n).padStart(2, '0')}`);
      }),
      { seed: 2026, numRuns: 3000 },
    );
  });
});

describe('the rate table and price endings', () => {
  it('EXCHANGE_RATE without a rate of its own takes the rate table\'s, and fails with EXCHANGE_RATE_MISSING without one', () => {
    const rule: PriceRule = { mode: 'EXCHANGE_RATE', value: '15' };
    expect(usesRateTable(rule)).toBe(true);
    expect(usesRateTable({ mode: 'EXCHANGE_RATE', rate: '0.1389' })).toBe(false);
    expect(usesRateTable({ mode: 'SAME' })).toBe(false);
    // 299.00 × 0.1389 × 1.15 = 47.760765
    expect(applyPriceRule('299.00', rule, '0.1389')).toBe('47.76');
    // The rule's own rate wins over the table's.
    expect(applyPriceRule('299.00', { mode: 'EXCHANGE_RATE', rate: '0.1389' }, '0.5')).toBe('41.53');
    let thrown: unknown;
    try {
      applyPriceRule('299.00', rule, null);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(ExchangeRateMissingError);
    expect(thrown).toBeInstanceOf(PriceRuleError);
    expect((thrown as ExchangeRateMissingError).code).toBe('EXCHANGE_RATE_MISSING');
  });

  it('raises the price to the nearest one at or above it with the ending, after rate and markup', () => {
    const rule = (priceEnding: string, extra: Partial<PriceRule> = {}): PriceRule => ({ mode: 'EXCHANGE_RATE', priceEnding, ...extra });
    expect(applyPriceRule('299.00', rule('0.99'), '0.1389')).toBe('41.99');
    expect(applyPriceRule('299.00', rule('0.99', { value: '15' }), '0.1389')).toBe('47.99');
    expect(applyPriceRule('299.00', rule('9.99'), '0.1389')).toBe('49.99');
    expect(applyPriceRule('299.00', rule('5'), '0.1389')).toBe('45.00');
    expect(applyPriceRule('299.00', rule('0.90'), '0.1389')).toBe('41.90');
    expect(applyPriceRule('299.00', rule('0.9'), '0.1389')).toBe('41.90');
    // Already on the ending: kept; one cent above: the next one.
    expect(applyPriceRule('41.99', { mode: 'SAME', priceEnding: '0.99' })).toBe('41.99');
    expect(applyPriceRule('42.00', { mode: 'SAME', priceEnding: '0.99' })).toBe('42.99');
    expect(applyPriceRule('0.00', { mode: 'SAME', priceEnding: '0.99' })).toBe('0.99');
    expect(applyPriceRule('999999999.50', { mode: 'SAME', priceEnding: '0.99' })).toBe('999999999.99');
  });

  it('refuses an ending that is not a short decimal', () => {
    for (const bad of ['.99', '0.999', '-0.99', '09.99', '12345', 'abc', '']) {
      expect(refusal('1', { mode: 'SAME', priceEnding: bad })).toMatch(/^The price ending ".*" is a decimal such as 0.99/);
    }
  });

  it('checks a rule on the rate table without a rate of the table', () => {
    expect(checkPriceRule({ mode: 'EXCHANGE_RATE', value: '10', priceEnding: '0.99' })).toBeNull();
    expect(checkPriceRule({ mode: 'EXCHANGE_RATE', value: '-150' })).toBe('The rule makes 1.00 negative');
    expect(checkPriceRule({ mode: 'SAME', priceEnding: '0.999' })).toMatch(/price ending/);
  });
});

describe('checkPriceRule', () => {
  it('returns null for a rule that can be applied', () => {
    expect(checkPriceRule({ mode: 'SAME' })).toBeNull();
    expect(checkPriceRule({ mode: 'MARKUP_PERCENT', value: '-20' })).toBeNull();
    expect(checkPriceRule({ mode: 'EXCHANGE_RATE', rate: '0.1389', value: '15' })).toBeNull();
  });

  it('returns what is wrong with the rule', () => {
    expect(checkPriceRule({ mode: 'MARKUP_PERCENT' })).toBe('MARKUP_PERCENT needs a value (percent)');
    expect(checkPriceRule({ mode: 'EXCHANGE_RATE', rate: 'abc' })).toBe('The rate "abc" is not a decimal number');
    expect(checkPriceRule({ mode: 'MARKUP_PERCENT', value: '-150' })).toBe('The rule makes 1.00 negative');
  });

  it('refuses a markup below -100 %, which turns any price of 50.00 or more negative', () => {
    // Probing with 1.00 alone, -100.01 % gives -0.0001, which rounds to 0.00 and passes; the
    // same rule then fails for any price from 50.00 up, when the listing is priced.
    expect(refusal('50.00', { mode: 'MARKUP_PERCENT', value: '-100.01' })).toBe('The rule makes 50.00 negative');
    expect(checkPriceRule({ mode: 'MARKUP_PERCENT', value: '-100.01' })).not.toBeNull();
  });

  it('lets other errors through instead of swallowing them', () => {
    const rule = { mode: 'SAME' } as PriceRule;
    Object.defineProperty(rule, 'mode', { get: () => { throw new TypeError('boom'); } });
    expect(() => checkPriceRule(rule)).toThrow(TypeError);
  });
});
