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
