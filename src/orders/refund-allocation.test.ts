import fc from 'fast-check';
import { allocateRefund, refundableOf, spreadDiscount, unitShare } from './refund-allocation';

describe('refund allocation', () => {
  it('gives each line the share of its units first, then spreads what is left over the lines with room, then the order', () => {
    const a = { lineId: 'a', units: 1, quantity: 3, paid: 30000, left: 30000 };
    const b = { lineId: 'b', units: 1, quantity: 1, paid: 5000, left: 5000 };
    expect(allocateRefund(15000, [a, b], 0)).toEqual({ lines: [{ lineId: 'a', units: 1, amount: 10000 }, { lineId: 'b', units: 1, amount: 5000 }], order: 0 });
    expect(allocateRefund(20000, [a, b], 0)).toEqual({ lines: [{ lineId: 'a', units: 1, amount: 15000 }, { lineId: 'b', units: 1, amount: 5000 }], order: 0 });
    expect(allocateRefund(36000, [a, b], 1000)).toEqual({ lines: [{ lineId: 'a', units: 1, amount: 30000 }, { lineId: 'b', units: 1, amount: 5000 }], order: 1000 });
  });

  it('refuses what the lines and the order have no money left for', () => {
    expect(allocateRefund(5001, [{ lineId: 'b', units: 1, quantity: 1, paid: 5000, left: 5000 }], 0)).toBeNull();
    expect(allocateRefund(1, [{ lineId: 'b', units: 1, quantity: 1, paid: 5000, left: 0 }], 0)).toBeNull();
  });

  it('rounds unit shares half up and never takes more than a line has left', () => {
    expect(unitShare(1000, 1, 3)).toBe(333);
    expect(unitShare(1001, 1, 2)).toBe(501);
    expect(allocateRefund(400, [{ lineId: 'a', units: 2, quantity: 2, paid: 1000, left: 300 }], 100)).toEqual({ lines: [{ lineId: 'a', units: 2, amount: 300 }], order: 100 });
  });

  it('keeps what a line has left between 0 and what it was paid', () => {
    expect(refundableOf({ lineId: 'a', quantity: 2, paid: 1000, refunded: 1200, refundedUnits: 3 })).toEqual({ amount: 0, quantity: 0 });
    expect(refundableOf({ lineId: 'a', quantity: 2, paid: 1000, refunded: 250, refundedUnits: 1 })).toEqual({ amount: 750, quantity: 1 });
  });

  it('spreads an order discount by line value, odd cents to the largest remainders', () => {
    expect(spreadDiscount(1000, [26700, 8900])).toEqual([750, 250]);
    expect(spreadDiscount(100, [1, 1, 1])).toEqual([1, 1, 1]);
    expect(spreadDiscount(10, [1000, 1000, 1000])).toEqual([4, 3, 3]);
    expect(spreadDiscount(0, [1000])).toEqual([0]);
  });

  it('given any lines and amount when a refund is allocated then no line gets more than it has left and the whole amount is placed, or it is refused', () => {
    const line = fc.record({ units: fc.integer({ min: 1, max: 5 }), extra: fc.integer({ min: 0, max: 5 }), paid: fc.integer({ min: 0, max: 100_000 }), spent: fc.integer({ min: 0, max: 100_000 }) });
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 4 }), fc.integer({ min: 0, max: 5_000 }), fc.integer({ min: 1, max: 250_000 }), (ls, orderLeft, amount) => {
        const targets = ls.map((l, i) => ({ lineId: String(i), units: l.units, quantity: l.units + l.extra, paid: l.paid, left: Math.max(0, l.paid - l.spent) }));
        const room = targets.reduce((n, t) => n + t.left, 0) + orderLeft;
        const a = allocateRefund(amount, targets, orderLeft);
        if (amount > room) return a === null;
        if (!a) return false;
        return a.lines.every((x, i) => x.amount >= 0 && x.amount <= targets[i].left) && a.order <= orderLeft && a.lines.reduce((n, x) => n + x.amount, 0) + a.order === amount;
      }),
      { seed: 13, numRuns: 500 },
    );
  });
});
