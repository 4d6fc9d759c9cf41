/** Money arithmetic on decimal strings in whole cents, so no float ever touches an amount. */

export function toCents(v: string | null | undefined): number {
  if (v == null || v === '') return 0;
  const neg = v.startsWith('-');
  const [i, f = ''] = (neg ? v.slice(1) : v).split('.');
  const cents = Number(i) * 100 + Number((f + '00').slice(0, 2));
  return neg ? -cents : cents;
}

export function fromCents(c: number): string {
  const neg = c < 0;
  const a = Math.abs(c);
  return `${neg ? '-' : ''}${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}`;
}

/** Order amounts from its lines: subtotal = Σ(qty × price − line discount); total = subtotal + shipping − discount + tax. */
export function orderTotals(
  lines: { quantity: number; unitPrice: string; discount?: string | null }[],
  shipping?: string | null,
  discount?: string | null,
  tax?: string | null,
): { subtotal: string; shipping: string; discount: string; tax: string; total: string } {
  const sub = lines.reduce((n, l) => n + l.quantity * toCents(l.unitPrice) - toCents(l.discount), 0);
  const total = sub + toCents(shipping) - toCents(discount) + toCents(tax);
  return { subtotal: fromCents(sub), shipping: fromCents(toCents(shipping)), discount: fromCents(toCents(discount)), tax: fromCents(toCents(tax)), total: fromCents(total) };
}

/**
 * Amounts of a marketplace order. Without `paidTotal`, as orderTotals (adjustment 0). With it
 * (what the marketplace says the buyer paid), that is the total to the cent: the order-level
 * discount is the one given, else the lines' shares of it (orderDiscount, when every line has
 * one), else what the paid total leaves over the lines, shipping and tax; whatever still differs
 * is the adjustment (either sign), so total = subtotal + shipping − discount + tax + adjustment.
 */
export function channelOrderTotals(
  lines: { quantity: number; unitPrice: string; discount?: string | null; orderDiscount?: string | null }[],
  shipping: string | null | undefined,
  discount: string | null | undefined,
  tax: string | null | undefined,
  paidTotal: string | null | undefined,
): { subtotal: string; shipping: string; discount: string; tax: string; adjustment: string; total: string } {
  const base = orderTotals(lines, shipping, discount, tax);
  if (paidTotal == null || paidTotal === '') return { ...base, adjustment: '0.00' };
  const [sub, sh, tx, paid] = [toCents(base.subtotal), toCents(base.shipping), toCents(base.tax), toCents(paidTotal)];
  const shares = lines.length && lines.every((l) => l.orderDiscount != null && l.orderDiscount !== '');
  const dis = discount != null && discount !== '' ? toCents(discount) : shares ? lines.reduce((n, l) => n + toCents(l.orderDiscount), 0) : Math.max(0, sub + sh + tx - paid);
  return { subtotal: base.subtotal, shipping: base.shipping, discount: fromCents(dis), tax: base.tax, adjustment: fromCents(paid - (sub + sh - dis + tx)), total: fromCents(paid) };
}
