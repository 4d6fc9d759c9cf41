import fc from 'fast-check';
import { parseCsv } from './csv';

/** The CSV reader behind the product and stock imports, on text alone. */

const cells = (text: string) => parseCsv(text).map((r) => r.cells);

/** A reference RFC 4180 writer: quote a field only when it holds a quote, comma or line break. */
const field = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
const write = (rows: string[][], eol = '\r\n') => rows.map((r) => r.map(field).join(',')).join(eol) + eol;

describe('parseCsv', () => {
  it('splits rows on LF, CRLF or a lone CR, and fields on commas', () => {
    expect(cells('sku,quantity\nA-1,5\n')).toEqual([['sku', 'quantity'], ['A-1', '5']]);
    expect(cells('sku,quantity\r\nA-1,5\r\n')).toEqual([['sku', 'quantity'], ['A-1', '5']]);
    expect(cells('sku,quantity\rA-1,5')).toEqual([['sku', 'quantity'], ['A-1', '5']]);
  });

  it('reads the last row without a final line break, and adds no row for a trailing one', () => {
    expect(cells('a,b\n1,2')).toEqual([['a', 'b'], ['1', '2']]);
    expect(cells('a,b\n1,2\n')).toEqual([['a', 'b'], ['1', '2']]);
  });

  it('keeps empty fields, including a trailing one', () => {
    expect(cells('a,,c\n,,\nx,\n')).toEqual([['a', '', 'c'], ['', '', ''], ['x', '']]);
    expect(cells('a,""')).toEqual([['a', '']]);
  });

  it('skips blank lines but keeps counting them', () => {
    expect(parseCsv('a,b\n\n\r\n1,2\n\n')).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 4, cells: ['1', '2'] },
    ]);
    expect(parseCsv('')).toEqual([]);
    expect(parseCsv('\n\n')).toEqual([]);
  });

  it('reads commas, doubled quotes and line breaks inside quoted fields', () => {
    expect(cells('"a,b","say ""hi""","two\nlines","crlf\r\ninside"\n')).toEqual([['a,b', 'say "hi"', 'two\nlines', 'crlf\r\ninside']]);
    expect(cells('""""')).toEqual([['"']]);
    expect(cells('"",x')).toEqual([['', 'x']]);
  });

  it('takes a quote that does not open a field as a character', () => {
    expect(cells('5" sleeve,12"\n')).toEqual([['5" sleeve', '12"']]);
  });

  it('keeps spaces around fields as they are', () => {
    expect(cells(' a , b \n')).toEqual([[' a ', ' b ']]);
  });

  it('numbers each row by the line it starts on, past line breaks inside quotes', () => {
    expect(parseCsv('sku,note\nA,"line one\nline two\nline three"\nB,plain\r\nC,"x\r\ny"\nD,z')).toEqual([
      { line: 1, cells: ['sku', 'note'] },
      { line: 2, cells: ['A', 'line one\nline two\nline three'] },
      { line: 5, cells: ['B', 'plain'] },
      { line: 6, cells: ['C', 'x\r\ny'] },
      { line: 8, cells: ['D', 'z'] },
    ]);
  });

  it('drops a byte order mark at the start (Excel\'s "CSV UTF-8"), and only there', () => {
    expect(cells('\uFEFFsku,标题\r\nA,衬衫\r\n')).toEqual([['sku', '标题'], ['A', '衬衫']]);
    expect(cells('\uFEFF"sku",qty\n')).toEqual([['sku', 'qty']]);
    expect(cells('a,\uFEFFb')).toEqual([['a', '\uFEFFb']]);
  });

  it('reads Chinese text and characters outside the basic plane unchanged', () => {
    const rows = [
      ['SKU', '标题', '颜色', '备注'],
      ['SUIT-001-NVY-48', '男士修身西装（藏青）', '藏青色', '含“领带”，送货前请电话联系'],
      ['SHIRT-003-GRY-38', '法式袖扣衬衫, 灰色', '灰', '𠮷野家 🧥'],
    ];
    expect(cells(write(rows))).toEqual(rows);
  });

  it('reads back any table written by an RFC 4180 writer, with either line ending', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'Z', '0', ' ', ',', '"', '\n', '\r', '衬', '衫', '\uFEFF', '=', '😀'), maxLength: 8 });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.array(fc.array(text, { minLength: 5, maxLength: 5 }), { minLength: 1, maxLength: 6 }), fc.constantFrom('\n', '\r\n'), (width, raw, eol) => {
        // Rows whose only field is empty are blank lines to the reader, so keep them out.
        const rows = raw.map((r) => r.slice(0, width)).filter((r) => r.length > 1 || r[0] !== '');
        // A byte order mark opening the text would be taken for the file's own.
        fc.pre(!(rows[0]?.[0] ?? '').startsWith('\uFEFF'));
        const parsed = parseCsv(write(rows, eol));
        expect(parsed.map((r) => r.cells)).toEqual(rows);
        // Line numbers count the line breaks written before each row.
        let line = 1;
        const starts = rows.map((r) => {
          const at = line;
          line += (write([r], eol).match(/\n/g) ?? []).length;
          return at;
        });
        expect(parsed.map((r) => r.line)).toEqual(starts);
      }),
      { seed: 4180, numRuns: 1000 },
    );
  });
});
