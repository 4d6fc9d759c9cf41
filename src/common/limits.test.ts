import { checkDelta, checkMoneyRange, checkRate, checkUnits, MAX_LEVEL_UNITS, MAX_MONEY_CENTS, MAX_RATE, MAX_UNITS } from './limits';
import type { UserError } from './errors';

/** The bounds on quantities, changes, rates and amounts, each refused as a userError. */

const errorsOf = (fn: (errors: UserError[]) => void) => {
  const errors: UserError[] = [];
  fn(errors);
  return errors.map((e) => ({ code: e.code, field: e.field, message: e.message }));
};

describe('limits', () => {
  it('fit the columns they guard', () => {
    const INT4 = 2 ** 31 - 1;
    expect(MAX_UNITS).toBeLessThan(INT4);
    // A score of warehouses' levels of one SKU still add up within 32 bits.
    expect(20 * MAX_LEVEL_UNITS).toBeLessThan(INT4);
    expect(MAX_MONEY_CENTS / 100).toBe(999_999_999_999.99);
    expect(Number.isSafeInteger(MAX_MONEY_CENTS)).toBe(true);
    expect(MAX_RATE).toBe(1_000_000_000);
  });

  describe('checkUnits', () => {
    const units = (v: number | null | undefined, options?: Parameters<typeof checkUnits>[3]) => errorsOf((e) => checkUnits(v, ['lines', 2, 'quantity'], e, options));

    it('accepts whole numbers from 1 to MAX_UNITS by default, and says nothing about a missing value', () => {
      for (const v of [1, 2, MAX_UNITS, null, undefined]) expect(units(v)).toEqual([]);
    });

    it('refuses 0, negatives, fractions, beyond the bound and non-numbers, with the path and bounds', () => {
      for (const v of [0, -1, 1.5, MAX_UNITS + 1, 2 ** 31 - 1, NaN, Infinity]) {
        expect(units(v)).toEqual([{ code: 'INVALID_QUANTITY', field: ['lines', '2', 'quantity'], message: 'A quantity is a whole number from 1 to 1,000,000' }]);
      }
    });

    it('takes other bounds and a name for the figure', () => {
      const safety = (v: number) => errorsOf((e) => checkUnits(v, 'safetyStock', e, { min: 0, max: MAX_LEVEL_UNITS, what: 'Safety stock' }));
      expect(safety(0)).toEqual([]);
      expect(safety(MAX_LEVEL_UNITS)).toEqual([]);
      expect(safety(MAX_LEVEL_UNITS + 1)).toEqual([{ code: 'INVALID_QUANTITY', field: ['safetyStock'], message: 'Safety stock is a whole number from 0 to 100,000,000' }]);
      expect(safety(-1)).toHaveLength(1);
    });

    it('adds to the errors already found instead of replacing them', () => {
      const errors: UserError[] = [];
      checkUnits(0, 'a', errors);
      checkUnits(1, 'b', errors);
      checkUnits(-3, 'c', errors);
      expect(errors.map((e) => e.field)).toEqual([['a'], ['c']]);
    });
  });

  describe('checkDelta', () => {
    const delta = (v: number) => errorsOf((e) => checkDelta(v, 'delta', e));

    it('accepts a whole change other than 0, at most MAX_UNITS either way', () => {
      for (const v of [1, -1, MAX_UNITS, -MAX_UNITS]) expect(delta(v)).toEqual([]);
    });

    it('refuses 0, fractions, beyond the bound and non-numbers', () => {
      for (const v of [0, -0, 0.5, -2.5, MAX_UNITS + 1, -MAX_UNITS - 1, NaN, -Infinity]) {
        expect(delta(v)).toEqual([{ code: 'INVALID_QUANTITY', field: ['delta'], message: 'A change is a whole number of units other than 0, at most 1,000,000 either way' }]);
      }
      expect(errorsOf((e) => checkDelta(0, 'x', e, 'An adjustment'))[0].message).toMatch(/^An adjustment is/);
    });
  });

  describe('checkRate', () => {
    const rate = (v: string | null | undefined) => errorsOf((e) => checkRate(v, ['rate'], e));
    const REFUSED = [{ code: 'INVALID_RATE', field: ['rate'], message: 'An exchange rate is above 0 and at most 1,000,000,000, with at most 8 decimals' }];

    it('accepts a decimal above 0 up to MAX_RATE with at most 8 decimals, and says nothing about a missing one', () => {
      for (const v of ['1', '0.1389', '7.10000000', '0.00000001', '1000000000', '1000000000.00000000', null, undefined]) expect([v, rate(v)]).toEqual([v, []]);
    });

    it('refuses 0, negatives, too many decimals, beyond MAX_RATE and anything not a plain decimal', () => {
      for (const v of ['0', '0.00000000', '0.000000001', '-1', '1000000000.000001', '1000000001', '99999999999', '1e3', '.5', '5.', ' 1', '1,5', '', 'NaN', 'Infinity']) {
        expect([v, rate(v)]).toEqual([v, REFUSED]);
      }
    });

    it('refuses a rate a hair above MAX_RATE that floating point rounds down to it', () => {
      // Number('1000000000.00000001') is exactly 1e9: the bound must be checked on the decimal
      // text, not on a double (spacing between doubles near 1e9 is about 1.2e-7).
      expect(rate('1000000000.00000001')).toEqual(REFUSED);
      expect(rate('1000000000.00000005')).toEqual(REFUSED);
    });
  });

  describe('checkMoneyRange', () => {
    const money = (v: number) => errorsOf((e) => checkMoneyRange(v, 'amount', e));

    it('accepts amounts a numeric(14,2) column holds, either sign', () => {
      for (const v of [0, 1, -1, MAX_MONEY_CENTS, -MAX_MONEY_CENTS]) expect(money(v)).toEqual([]);
    });

    it('refuses anything beyond, and NaN or infinities that would otherwise slip past a comparison', () => {
      for (const v of [MAX_MONEY_CENTS + 1, -MAX_MONEY_CENTS - 1, 2 ** 60, NaN, Infinity, -Infinity]) {
        expect([v, money(v)]).toEqual([v, [{ code: 'AMOUNT_TOO_LARGE', field: ['amount'], message: 'The amount is beyond 999,999,999,999.99' }]]);
      }
      expect(errorsOf((e) => checkMoneyRange(1e20, 'x', e, 'A refund'))[0].message).toBe('A refund is beyond 999,999,999,999.99');
    });
  });
});
