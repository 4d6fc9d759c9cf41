import { afterWindow, inWindow, INITIAL_LOOKBACK_MS, MAX_LOOKBACK_MS, MAX_WINDOW_MS, OVERLAP_MS, pageCount, readWindow, settleMs, WINDOW_MS, windowEndFor } from './windows';

const now = new Date('2026-01-15T12:00:00.000Z');

describe('pull windows', () => {
  it('given no cursor then the first window starts a lookback ago and lasts 30 minutes', () => {
    const state = readWindow(null, now);
    expect(now.getTime() - state.from.getTime()).toBe(INITIAL_LOOKBACK_MS);
    expect(windowEndFor(state.from, now).getTime() - state.from.getTime()).toBe(WINDOW_MS);
  });

  it('given a window that ends before now then the next starts 5 minutes before its end and the pull goes on', () => {
    const from = new Date('2026-01-15T10:00:00.000Z');
    const end = windowEndFor(from, now);
    const { nextCursor, done } = afterWindow(from, end, now);
    expect(done).toBe(false);
    expect(new Date(String(nextCursor.from)).getTime()).toBe(end.getTime() - OVERLAP_MS);
  });

  it('given a window that reaches now then the pull is done', () => {
    const from = new Date(now.getTime() - 10 * 60 * 1000);
    const end = windowEndFor(from, now);
    expect(end).toEqual(now);
    expect(afterWindow(from, end, now).done).toBe(true);
    // Never moves backwards, even for a window shorter than the overlap.
    expect(afterWindow(from, end, now).nextCursor.from).toBe(new Date(now.getTime() - OVERLAP_MS).toISOString());
    const short = new Date(now.getTime() - 60 * 1000);
    expect(afterWindow(short, now, now).nextCursor.from).toBe(short.toISOString());
  });

  it('given a window that reached now when it opened when its last page is read later then the pull is done', () => {
    const from = new Date(now.getTime() - 10 * 60 * 1000);
    const end = windowEndFor(from, now);
    const later = new Date(now.getTime() + 3000); // paging took three seconds
    expect(afterWindow(from, end, later).done).toBe(true);
    // A full-length window that ended before now is not.
    const old = new Date(now.getTime() - 2 * WINDOW_MS);
    expect(afterWindow(old, windowEndFor(old, now), later).done).toBe(false);
  });

  it('given a cursor inside a window then the page to read comes back, and a cursor too old is clamped to three months', () => {
    const from = new Date('2026-01-15T10:00:00.000Z');
    const end = windowEndFor(from, now);
    const cursor = JSON.parse(JSON.stringify(inWindow(from, end, 3, WINDOW_MS, 250)));
    expect(readWindow(cursor, now)).toEqual({ from, span: WINDOW_MS, windowEnd: end, page: 3, total: 250 });
    // Page 1 is the walk's closing read; a cursor of an earlier version (no total) still walks.
    expect(readWindow(JSON.parse(JSON.stringify(inWindow(from, end, 1, WINDOW_MS, 250))), now)).toMatchObject({ page: 1, total: 250 });
    expect(readWindow({ from: from.toISOString(), windowEnd: end.toISOString(), page: 2 }, now)).toMatchObject({ page: 2, total: null });
    expect(readWindow({ from: from.toISOString(), windowEnd: end.toISOString(), page: 0 }, now)).toMatchObject({ windowEnd: null, page: null });
    expect(readWindow({ from: '2025-01-01T00:00:00.000Z' }, now).from.getTime()).toBe(now.getTime() - MAX_LOOKBACK_MS);
  });

  it('given empty windows then each next one is twice as long up to 16 hours; one page keeps the length, more pages go back to 30 minutes', () => {
    let from = new Date(now.getTime() - INITIAL_LOOKBACK_MS);
    const spans: number[] = [];
    for (let i = 0; i < 6; i++) {
      const state = readWindow(i === 0 ? null : { from: from.toISOString(), span: spans[i - 1] }, now);
      const end = windowEndFor(state.from, now, state.span);
      expect(end.getTime() - state.from.getTime()).toBeLessThanOrEqual(24 * 60 * 60 * 1000); // TOP's one-day rule
      const next = afterWindow(state.from, end, now, state.span, 0).nextCursor;
      spans.push(Number(next.span));
      from = new Date(String(next.from));
    }
    expect(spans.map((s) => s / 60_000)).toEqual([60, 120, 240, 480, 960, 960]);
    expect(MAX_WINDOW_MS).toBe(16 * 60 * 60 * 1000);

    const wide = new Date(now.getTime() - 20 * 60 * 60 * 1000);
    const wideEnd = windowEndFor(wide, now, 4 * 60 * 60 * 1000);
    expect(afterWindow(wide, wideEnd, now, 4 * 60 * 60 * 1000, 1).nextCursor.span).toBe(4 * 60 * 60 * 1000);
    expect(afterWindow(wide, wideEnd, now, 4 * 60 * 60 * 1000, 3).nextCursor.span).toBe(WINDOW_MS);
    // A cursor's span outside the bounds is brought back inside them.
    expect(readWindow({ from: wide.toISOString(), span: 7 * 24 * 60 * 60 * 1000 }, now).span).toBe(MAX_WINDOW_MS);
    expect(readWindow({ from: wide.toISOString(), span: 1 }, now).span).toBe(WINDOW_MS);
  });

  it('given a wide window cut at now when it opened then the pull is done; a full-length wide window is not', () => {
    const span = 8 * 60 * 60 * 1000;
    const from = new Date(now.getTime() - 3 * 60 * 60 * 1000);
    const end = windowEndFor(from, now, span);
    expect(end).toEqual(now);
    expect(afterWindow(from, end, new Date(now.getTime() + 5000), span, 2).done).toBe(true);
    const old = new Date(now.getTime() - 10 * 60 * 60 * 1000);
    expect(afterWindow(old, windowEndFor(old, now, span), now, span, 1).done).toBe(false);
  });

  it('given a window ending in the current second then it is walked once that second is over, and at once when it is', () => {
    const end = new Date('2026-01-15T12:00:00.400Z');
    expect(settleMs(end, new Date('2026-01-15T12:00:00.700Z'))).toBe(300);
    expect(settleMs(end, new Date('2026-01-15T12:00:01.000Z'))).toBe(0);
    expect(settleMs(end, new Date('2026-01-15T12:05:00.000Z'))).toBe(0);
    // A clock behind the window's end waits a second at most.
    expect(settleMs(end, new Date('2026-01-15T11:59:00.000Z'))).toBe(1000);
  });

  it('counts pages of 100', () => {
    expect([pageCount(null), pageCount(0), pageCount(100), pageCount(101), pageCount(230)]).toEqual([1, 1, 1, 2, 3]);
  });
});
