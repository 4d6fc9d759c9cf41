/** Prints rows under a header, columns aligned: the first to the left, the rest to the right. */
export function printTable(header: string[], rows: string[][]): void {
  // Chinese characters take two columns in a terminal.
  const width = (s: string) => [...s].reduce((w, ch) => w + (/[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? 2 : 1), 0);
  const cols = header.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i]))));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c + ' '.repeat(cols[i] - width(c)) : ' '.repeat(cols[i] - width(c)) + c)).join('  ');
  console.log(line(header));
  console.log(cols.map((w) => '-'.repeat(w)).join('  '));
  rows.forEach((r) => console.log(line(r)));
}
