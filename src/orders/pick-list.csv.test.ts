import 'reflect-metadata';
import fc from 'fast-check';
import { csvField, escapeHtml } from './pick-list.service';
import { parseCsv } from '../common/csv';

/**
 * The pick-list export's CSV field writer on its own: RFC 4180 quoting, and text a
 * spreadsheet would run as a formula (OWASP "CSV injection") defused with a leading apostrophe.
 */

describe('csvField', () => {
  it('leaves plain text, Chinese included, as it is', () => {
    expect(csvField('SUIT-001-NVY-48')).toBe('SUIT-001-NVY-48');
    expect(csvField('男士修身西装（藏青）')).toBe('男士修身西装（藏青）');
    expect(csvField('')).toBe('');
  });

  it('quotes a field holding a comma, a quote or a line break, doubling the quotes', () => {
    expect(csvField('上海市, 浦东新区')).toBe('"上海市, 浦东新区"');
    expect(csvField('5" sleeve')).toBe('"5"" sleeve"');
    expect(csvField('请放门口\n谢谢')).toBe('"请放门口\n谢谢"');
    expect(csvField('a\r\nb')).toBe('"a\r\nb"');
  });

  it('puts an apostrophe before text starting with =, @, a tab or a carriage return', () => {
    expect(csvField('=1+1')).toBe("'=1+1");
    expect(csvField('@SUM(A1:A9)')).toBe("'@SUM(A1:A9)");
    expect(csvField('\t=1+1')).toBe("'\t=1+1");
    expect(csvField('\r=1+1')).toBe('"\'\r=1+1"');
  });

  it('defuses + and - formulas but keeps phone numbers and signed amounts readable', () => {
    expect(csvField('+cmd|\' /C calc\'!A0')).toBe("'+cmd|' /C calc'!A0");
    expect(csvField('-2+3+cmd|\' /C calc\'!A0')).toBe("'-2+3+cmd|' /C calc'!A0");
    expect(csvField('-SUM(A1:A2)')).toBe("'-SUM(A1:A2)");
    expect(csvField('+86 138 0013 8000')).toBe('+86 138 0013 8000');
    expect(csvField('+1 (555) 123-4567')).toBe('+1 (555) 123-4567');
    expect(csvField('-12.50')).toBe('-12.50');
    expect(csvField('-')).toBe('-');
  });

  it('both defuses and quotes a formula that also needs quoting', () => {
    expect(csvField('=HYPERLINK("http://evil.example","点我")')).toBe('"\'=HYPERLINK(""http://evil.example"",""点我"")"');
  });

  it('reads back through parseCsv as written, formulas with their apostrophe', () => {
    const risky = /^[=@\t\r]|^[+-](?![\d\s().-]*$)/;
    const text = fc.string({ unit: fc.constantFrom('a', '1', ' ', ',', '"', '\n', '\r', '=', '+', '-', '@', '\t', '(', '收', '件', '😀'), maxLength: 8 });
    fc.assert(
      fc.property(fc.array(text, { minLength: 2, maxLength: 6 }), (row) => {
        const [parsed] = parseCsv(`${row.map(csvField).join(',')}\r\n`);
        expect(parsed.cells).toEqual(row.map((v) => (risky.test(v) ? `'${v}` : v)));
        // Nothing a spreadsheet would evaluate starts a cell.
        for (const c of parsed.cells) expect(risky.test(c)).toBe(false);
      }),
      { seed: 165, numRuns: 1000 },
    );
  });
});

describe('escapeHtml', () => {
  it('escapes the five characters that matter in text and attributes', () => {
    expect(escapeHtml(`<script>alert("x" + 'y') & 1</script>`)).toBe('&lt;script&gt;alert(&quot;x&quot; + &#39;y&#39;) &amp; 1&lt;/script&gt;');
    expect(escapeHtml('收件人：张三')).toBe('收件人：张三');
  });
});
