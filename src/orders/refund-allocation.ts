/**
 * Where refunded money comes from, decided in whole cents over what each order line has left to
 * refund. A line is never refunded beyond what it was paid; money beyond the lines' (shipping,
 * tax, the marketplace's adjustment) is the order's own bucket. Pure: the refund service reads
 * the figures and writes the outcome.
 */

/** A line's money as refunds see it, in cents (units for quantities). */
export interface LineMoney {
  lineId: string;
  quantity: number;
  /** What the line was paid. */
  paid: number;
  /** Already paid back of it (ours and the marketplace's, counted once). */
  refunded: number;
  /** Units already paid back. */
  refundedUnits: number;
}

/** What is left to refund of a line: amount and units, never below 0. */
export function refundableOf(l: LineMoney): { amount: number; quantity: number } {
  return { amount: Math.max(0, l.paid - l.refunded), quantity: Math.max(0, l.quantity - l.refundedUnits) };
}

/** Half-up share of `paid` for `units` of `quantity` (cents). */
export function unitShare(paid: number, units: number, quantity: number): number {
  return quantity > 0 ? Math.floor((paid * units * 2 + quantity) / (2 * quantity)) : 0;
}

/** A line of what a refund covers: `units` of the line, with `left` cents still refundable on it. */
export interface RefundTarget {
  lineId: string;
  units: number;
  quantity: number;
  paid: number;
  left: number;
}

export interface Allocation {
  /** Cents per line, in the order given (0 where nothing went to a line). */
  lines: { lineId: string; units: number; amount: number }[];
  /** Cents taken from the order's own money (shipping, tax, adjustment). */
  order: number;
}

/**
 * Spreads `amount` over the lines a refund covers: first each line's share for its units (what
 * those units were paid), then what is left over on the lines with room, in the order given,
 * then the order's own money (`orderLeft`). Null when the amount does not fit: the refund would
 * pay back more than the lines (and the order's own money) were paid.
 */
export function allocateRefund(amount: number, targets: RefundTarget[], orderLeft: number): Allocation | null {
  let rest = amount;
  const taken = targets.map((t) => {
    const n = Math.min(rest, t.left, unitShare(t.paid, t.units, t.quantity));
    rest -= n;
    return n;
  });
  targets.forEach((t, i) => {
    const n = Math.min(rest, t.left - taken[i]);
    taken[i] += n;
    rest -= n;
  });
  const order = Math.min(rest, Math.max(0, orderLeft));
  rest -= order;
  if (rest > 0) return null;
  return { lines: targets.map((t, i) => ({ lineId: t.lineId, units: t.units, amount: taken[i] })), order };
}

/**
 * Spreads an order-level discount over lines that carry no share of it, in proportion to what
 * each line costs after its own discount (largest remainders get the odd cents).
 */
export function spreadDiscount(discount: number, bases: number[]): number[] {
  const total = bases.reduce((n, b) => n + Math.max(0, b), 0);
  if (discount <= 0 || total <= 0) return bases.map(() => 0);
  const d = Math.min(discount, total);
  const exact = bases.map((b) => (Math.max(0, b) * d) / total);
  const shares = exact.map(Math.floor);
  let odd = d - shares.reduce((n, s) => n + s, 0);
  const order = exact.map((e, i) => ({ i, r: e - Math.floor(e) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of order) {
    if (odd <= 0) break;
    shares[i]++;
    odd--;
  }
  return shares;
}
