import { sameAmount } from './listing.queries';

/** Money in the sync jobs is compared as decimals (reconcile's price drift, the price job's "moved since the last push"). */
describe('sameAmount', () => {
  it('given the same amount written two ways then it is the same', () => {
    expect(sameAmount('129', '129.00')).toBe(true);
    expect(sameAmount('0129.50', '129.5')).toBe(true);
    expect(sameAmount('-0.00', '0')).toBe(true);
    expect(sameAmount(' 88.80 ', '88.8')).toBe(true);
  });

  it('given amounts that floats rounded to cents would take for one then they differ', () => {
    // Math.round(0.285 * 100) is 28, as Math.round(0.28 * 100) is.
    expect(sameAmount('0.285', '0.28')).toBe(false);
    // Beyond 2^53 a double cannot tell them apart (the price job compared Number to Number).
    expect(sameAmount('9007199254740993.00', '9007199254740992')).toBe(false);
  });

  it('given something that is not an amount then it equals nothing', () => {
    expect(sameAmount('abc', 'abc')).toBe(false);
    expect(sameAmount('1e2', '100')).toBe(false);
    expect(sameAmount(null, '0')).toBe(false);
    expect(sameAmount('-1', '1')).toBe(false);
  });
});
