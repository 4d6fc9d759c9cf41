import { afterWindow, inWindow, INITIAL_LOOKBACK_MS, MAX_LOOKBACK_MS, OVERLAP_MS, pageCount, readWindow, WINDOW_MS, windowEndFor } from './windows';

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
    const cursor = JSON.parse(JSON.stringify(inWindow(from, end, 3)));
    expect(readWindow(cursor, now)).toEqual({ from, windowEnd: end, page: 3 });
    expect(readWindow({ from: '2025-01-01T00:00:00.000Z' }, now).from.getTime()).toBe(now.getTime() - MAX_LOOKBACK_MS);
  });

  it('counts pages of 100', () => {
    expect([pageCount(null), pageCount(0), pageCount(100), pageCount(101), pageCount(230)]).toEqual([1, 1, 1, 2, 3]);
  });
});
