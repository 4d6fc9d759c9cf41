import { afterWindow, cursorOf, FILTER_HORIZON_MS, FLOOR_MARGIN_MS, INITIAL_LOOKBACK_MS, lastOffset, MAX_WINDOW_MS, OVERLAP_MS, readWindow, settleMs, windowEndFor } from './windows';

const now = new Date('2026-03-01T12:00:00.000Z');
const at = (ms: number) => new Date(now.getTime() + ms);

describe('eBay order windows', () => {
  it('given no cursor then the first window starts 24 hours back and runs to now', () => {
    const { state, gap } = readWindow(null, now);
    expect(gap).toBeNull();
    expect(state).toEqual({ from: at(-INITIAL_LOOKBACK_MS), end: null, offset: null, total: null, forward: false });
    expect(windowEndFor(state.from, now)).toEqual(now);
  });

  it('given a cursor older than the filter’s 90 days then the window starts inside the horizon and the gap is said', () => {
    const old = at(-100 * 24 * 3600 * 1000);
    const { state, gap } = readWindow({ from: old.toISOString(), end: at(-99 * 24 * 3600 * 1000).toISOString(), offset: 400, total: 900 }, now);
    expect(state.from).toEqual(at(-FILTER_HORIZON_MS + FLOOR_MARGIN_MS));
    // A window being walked that far back starts again.
    expect(state.end).toBeNull();
    expect(gap).toEqual({ from: old, to: state.from });
  });

  it('given a window being walked then the cursor keeps its end, offset and total through JSON', () => {
    const state = { from: at(-3600_000), end: at(-60_000), offset: 200, total: 512, forward: false };
    const back = readWindow(JSON.parse(JSON.stringify(cursorOf(state))), now).state;
    expect(back).toEqual(state);
    expect(cursorOf({ ...state, forward: true })).toMatchObject({ fwd: true });
    expect(cursorOf({ ...state, end: null, offset: null })).toEqual({ from: state.from.toISOString() });
  });

  it('given a cursor with nonsense in it then a fresh window opens from its start', () => {
    expect(readWindow({ from: 'yesterday', offset: -3 }, now).state.from).toEqual(at(-INITIAL_LOOKBACK_MS));
    expect(readWindow({ from: at(-1000).toISOString(), end: at(-2000).toISOString(), offset: 0 }, now).state.end).toBeNull();
  });

  it('given totals then the last page’s offset is the walk’s start', () => {
    expect([0, 1, 200, 201, 230, 400, 401].map((t) => lastOffset(t, 200))).toEqual([0, 0, 0, 200, 200, 200, 400]);
  });

  it('given a window read to its end then the next starts five minutes before its end, and it was caught up when cut at now', () => {
    const from = at(-3600_000);
    expect(afterWindow(from, now)).toEqual({ next: { from: at(-OVERLAP_MS), end: null, offset: null, total: null, forward: false }, caughtUp: true });
    // A window as long as the longest was not cut at now: more to read.
    const far = at(-30 * 24 * 3600 * 1000);
    expect(afterWindow(far, new Date(far.getTime() + MAX_WINDOW_MS)).caughtUp).toBe(false);
    // Never back before the window's own start.
    expect(afterWindow(at(-1000), now).next.from).toEqual(at(-1000));
  });

  it('given a window ending now then its pages are walked back once a second has passed', () => {
    expect(settleMs(now, now)).toBe(1000);
    expect(settleMs(at(-400), now)).toBe(600);
    expect(settleMs(at(-5000), now)).toBe(0);
  });
});
