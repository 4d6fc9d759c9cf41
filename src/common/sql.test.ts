import { groupRows, inList, pgArray, rowPerKey, toDate } from './sql';

describe('the SQL helper', () => {
  it('inList gives one placeholder per value', () => {
    expect(inList(1)).toBe('?');
    expect(inList(3)).toBe('?, ?, ?');
  });

  it('groupRows answers a batch: one list per key in key order, rows in their order, strays dropped', () => {
    const rows = [
      { order: 'b', n: 1 },
      { order: 'a', n: 2 },
      { order: 'b', n: 3 },
      { order: 'x', n: 4 },
    ];
    expect(groupRows(rows, ['a', 'b', 'c'], (r) => r.order)).toEqual([[{ order: 'a', n: 2 }], [{ order: 'b', n: 1 }, { order: 'b', n: 3 }], []]);
  });

  it('rowPerKey answers a batch by id: the row or null, in key order', () => {
    const rows = [{ id: '2' }, { id: '1' }];
    expect(rowPerKey(rows, ['1', '3', '2'], (r) => r.id)).toEqual([{ id: '1' }, null, { id: '2' }]);
  });

  it('pgArray quotes every element, backslashes and quotes escaped', () => {
    expect(pgArray([])).toBe('{}');
    expect(pgArray(['a,b', 'say "hi"', 'C:\\x'])).toBe('{"a,b","say \\"hi\\"","C:\\\\x"}');
  });

  it('toDate reads the driver\'s timestamp text and refuses what it cannot read', () => {
    expect(toDate('2026-01-02 03:04:05.678+00').toISOString()).toBe('2026-01-02T03:04:05.678Z');
    expect(toDate('2026-01-02 11:04:05+08').toISOString()).toBe('2026-01-02T03:04:05.000Z');
    expect(toDate(null)).toBeNull();
    expect(() => toDate('yesterday')).toThrow(/Unreadable timestamp/);
  });
});
