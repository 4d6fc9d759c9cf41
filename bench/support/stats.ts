/** `n` rounded to `digits` decimals. */
export function round(n: number, digits = 2): number {
  return Number(n.toFixed(digits));
}

/** The middle value (mean of the two middle ones for an even count). */
export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}
