import { formatPacific, pacificOffsetMinutes, pacificRange, parseAeTime, parsePacificWall } from './pacific-time';
import { afterWindow, INITIAL_LOOKBACK_MS, MAX_WINDOW_MS, pageCount, phaseOf, queryEnd, readWindow, settleMs, WINDOW_MS, withWindow } from './windows';

const at = (iso: string) => new Date(iso);

describe('US Pacific time for AliExpress order windows', () => {
  it('given winter and summer instants then they read as PST (UTC-8) and PDT (UTC-7)', () => {
    expect(formatPacific(at('2026-01-15T02:12:03Z'))).toBe('2026-01-14 18:12:03');
    expect(formatPacific(at('2026-07-01T16:15:00.999Z'))).toBe('2026-07-01 09:15:00');
    expect(pacificOffsetMinutes(at('2026-01-15T00:00:00Z'))).toBe(-480);
    expect(pacificOffsetMinutes(at('2026-07-01T00:00:00Z'))).toBe(-420);
  });

  it('given the two days the clocks change in 2026 then the offset changes at 2 a.m. local, not at midnight UTC', () => {
    // PDT starts Sunday 8 March at 02:00 PST (10:00 UTC) and ends Sunday 1 November at 02:00 PDT (09:00 UTC).
    expect(formatPacific(at('2026-03-08T09:59:59Z'))).toBe('2026-03-08 01:59:59');
    expect(formatPacific(at('2026-03-08T10:00:00Z'))).toBe('2026-03-08 03:00:00');
    expect(formatPacific(at('2026-11-01T08:59:59Z'))).toBe('2026-11-01 01:59:59');
    expect(formatPacific(at('2026-11-01T09:00:00Z'))).toBe('2026-11-01 01:00:00');
  });

  it('given every quarter hour of both change days then text and instant go round trip (the repeated hour read as PDT)', () => {
    for (const day of ['2026-03-08', '2026-11-01']) {
      for (let m = 0; m < 36 * 60; m += 15) {
        const instant = new Date(at(`${day}T00:00:00Z`).getTime() + m * 60_000);
        const text = formatPacific(instant);
        const back = parsePacificWall(text)!;
        // The repeated hour (01:00-01:59 on 1 November) reads as its first occurrence, one hour earlier.
        const repeated = day === '2026-11-01' && instant >= at('2026-11-01T09:00:00Z') && instant < at('2026-11-01T10:00:00Z');
        expect({ text, back: back.toISOString() }).toEqual({ text, back: new Date(instant.getTime() - (repeated ? 3_600_000 : 0)).toISOString() });
      }
    }
  });

  it('given a time in the skipped hour or not a time at all then it reads with the standard offset, or not at all', () => {
    expect(parsePacificWall('2026-03-08 02:30:00')!.toISOString()).toBe('2026-03-08T10:30:00.000Z');
    expect(parsePacificWall('2026-02-30 10:00:00')).toBeNull();
    expect(parsePacificWall('14/01/2026 18:12')).toBeNull();
  });

  it('given ISO with a zone or epoch milliseconds then they are taken as they say', () => {
    expect(parseAeTime('2026-01-15T02:12:03Z')!.toISOString()).toBe('2026-01-15T02:12:03.000Z');
    expect(parseAeTime('2026-01-14T18:12:03-08:00')!.toISOString()).toBe('2026-01-15T02:12:03.000Z');
    expect(parseAeTime(1768444200000)!.toISOString()).toBe('2026-01-15T02:30:00.000Z');
    expect(parseAeTime('1768444200000')!.toISOString()).toBe('2026-01-15T02:30:00.000Z');
    expect(parseAeTime('')).toBeNull();
    expect(parseAeTime(null)).toBeNull();
  });

  describe('given windows of UTC instants turned into the text range order.get is asked for', () => {
    it('then an ordinary window is its two ends', () => {
      expect(pacificRange(at('2026-01-14T08:00:00Z'), at('2026-01-14T08:30:00Z'))).toEqual({ start: '2026-01-14 00:00:00', end: '2026-01-14 00:30:00' });
    });

    it('then across the end of PDT, whose end reads before its start, the repeated hour is taken whole', () => {
      const start = at('2026-11-01T08:40:00Z'); // 01:40 PDT
      const end = at('2026-11-01T09:10:00Z'); // 01:10 PST
      expect(formatPacific(end) < formatPacific(start)).toBe(true);
      expect(pacificRange(start, end)).toEqual({ start: '2026-11-01 01:00:00', end: '2026-11-01 01:59:59' });
    });

    it('then across the start of PDT the range skips the hour that does not exist', () => {
      expect(pacificRange(at('2026-03-08T09:40:00Z'), at('2026-03-08T10:10:00Z'))).toEqual({ start: '2026-03-08 01:40:00', end: '2026-03-08 03:10:00' });
    });

    it('then for windows around both changes every minute inside reads inside the range', () => {
      for (const base of ['2026-03-08T08:00:00Z', '2026-11-01T07:30:00Z']) {
        for (let offset = 0; offset < 4 * 60; offset += 13) {
          for (const length of [5, 95]) {
            const start = new Date(at(base).getTime() + offset * 60_000);
            const end = new Date(start.getTime() + length * 60_000);
            const range = pacificRange(start, end);
            for (let t = start.getTime(); t <= end.getTime(); t += 60_000) {
              const text = formatPacific(new Date(t));
              expect(text >= range.start && text <= range.end).toBe(true);
            }
          }
        }
      }
    });
  });
});

describe('AliExpress order pull cursor', () => {
  const now = at('2026-01-15T12:00:00Z');

  it('given no cursor then the open stream starts 24 hours back with a 30-minute window', () => {
    expect(phaseOf(null)).toBe('open');
    expect(readWindow(null, 'open', now)).toEqual({ from: new Date(now.getTime() - INITIAL_LOOKBACK_MS), span: WINDOW_MS, windowEnd: null, page: null, total: null });
  });

  it('given a stream walked to page 3 then the cursor keeps the other stream and survives JSON', () => {
    const open = { from: at('2026-01-15T10:00:00Z'), span: WINDOW_MS, windowEnd: at('2026-01-15T10:30:00Z'), page: 3, total: 120 };
    const finished = { from: at('2026-01-15T08:00:00Z'), span: 4 * WINDOW_MS, windowEnd: null, page: null, total: null };
    const cursor = JSON.parse(JSON.stringify(withWindow(withWindow(null, 'finished', finished, 'open'), 'open', open, 'open')));
    expect(phaseOf(cursor)).toBe('open');
    expect(readWindow(cursor, 'open', now)).toEqual(open);
    expect(readWindow(cursor, 'finished', now)).toEqual(finished);
    // A window read to its end drops its page and end from the cursor.
    const moved = withWindow(cursor, 'open', { ...open, windowEnd: null, page: null, total: null }, 'finished');
    expect(Object.keys(moved).sort()).toEqual(['f_from', 'f_span', 'o_from', 'o_span', 'phase']);
    expect(phaseOf(moved)).toBe('finished');
  });

  it('given a cursor older than AliExpress searches then it starts at the oldest day instead', () => {
    const old = withWindow(null, 'open', { from: at('2025-01-01T00:00:00Z'), span: WINDOW_MS, windowEnd: null, page: null, total: null }, 'open');
    expect(readWindow(old, 'open', now).from.getTime()).toBe(now.getTime() - 89 * 24 * 3_600_000);
  });

  it('given empty windows then the next doubles up to 16 hours; a busy one goes back to 30 minutes', () => {
    const from = at('2026-01-14T00:00:00Z');
    let span = WINDOW_MS;
    for (let i = 0; i < 8; i++) span = afterWindow(from, new Date(from.getTime() + span), now, span, 0).next.span;
    expect(span).toBe(MAX_WINDOW_MS);
    expect(afterWindow(from, new Date(from.getTime() + span), now, span, 3).next.span).toBe(WINDOW_MS);
    expect(afterWindow(from, new Date(from.getTime() + span), now, span, 1).next.span).toBe(span);
  });

  it('given a window read to its end then the next starts 5 minutes before it ended, caught up when it reached now', () => {
    const from = at('2026-01-15T11:00:00Z');
    expect(afterWindow(from, at('2026-01-15T11:30:00Z'), now)).toMatchObject({ next: { from: at('2026-01-15T11:25:00Z') }, caughtUp: false });
    expect(afterWindow(from, at('2026-01-15T11:10:00Z'), now).caughtUp).toBe(true);
  });

  it('given a window end then the range asks a second more, and the walk waits until that second is over', () => {
    expect(queryEnd(at('2026-01-15T11:59:59.400Z')).toISOString()).toBe('2026-01-15T12:00:00.400Z');
    expect(settleMs(at('2026-01-15T11:59:59.400Z'), at('2026-01-15T11:59:59.500Z'))).toBe(1500);
    expect(settleMs(at('2026-01-15T11:00:00Z'), now)).toBe(0);
  });

  it('given total_page beside total_count then total_page counts the pages; without it, the count does', () => {
    expect(pageCount(120, 3)).toBe(3);
    expect(pageCount(120, null)).toBe(3);
    expect(pageCount(0, null)).toBe(1);
    expect(pageCount(null, null)).toBe(1);
  });
});
