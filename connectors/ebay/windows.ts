import type { Cursor } from '../sdk/types';

/**
 * The incremental order pull: windows of `lastModifiedDate`, walked so that no order is skipped
 * whatever changes during the walk, with the cursor saved after every page.
 *
 * getOrders filters `lastmodifieddate:[start..end]`, both ends inclusive and to the millisecond
 * (eBay stamps `lastModifiedDate` in milliseconds [O]), and pages by `limit` (at most 1000 [O])
 * and a zero-based `offset`; the answer says the `total` and links the `next` page. How it sorts
 * is not said [U]. Whatever the order, once the window's end has passed no order can enter it (a
 * change stamps a later time) and an order that changes leaves it, which only moves the orders
 * behind it towards offset 0. So the first page is read (it gives the total) and, when there are
 * more, the pages from the last down to the first: an order that stays is at or below the page
 * being read at every read and is read at the latest with offset 0, which closes the window; one
 * that left is read in the next window, which starts 5 minutes before this one ended. If the
 * closing read counts more orders than the first (a late write, clocks apart), the window is
 * walked again. Following `next` forwards would skip the order that slides into the page just
 * read; `next` is followed only when an answer gives no `total` (walked forwards then, as the
 * only way left).
 *
 * A window runs from the cursor to now (at most 7 days at once); a new channel starts 24 hours
 * back. The filter sees only the last 90 days [O]: a cursor older than that starts at the floor,
 * and the pull says which stretch it could not read.
 *
 * The cursor is flat (the engine stores it as JSON): `from` and, while a window is walked, `end`,
 * `offset`, `total` (and `fwd` when walked forwards).
 */

/** Orders per page: within eBay's 1000 [O], small enough that a page of full orders stays a few MB. */
export const PAGE_SIZE = 200;
export const OVERLAP_MS = 5 * 60 * 1000;
export const INITIAL_LOOKBACK_MS = 24 * 60 * 60 * 1000;
export const MAX_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;
/** How far back getOrders' filter sees [O: "the last 90 days"]. */
export const FILTER_HORIZON_MS = 90 * 24 * 60 * 60 * 1000;
/** A floored window starts this much inside the horizon, so it is still inside when the call arrives. */
export const FLOOR_MARGIN_MS = 10 * 60 * 1000;
/** How long after a window's end its pages are walked back: writes stamped up to the end have landed by then. */
export const SETTLE_MS = 1000;

export interface WindowState {
  from: Date;
  /** The end of the window being walked; null: a new window opens from `from`. */
  end: Date | null;
  /** The next offset to read in the window being walked (0: the closing read). */
  offset: number | null;
  /** Orders in the window when it was opened (or last walked again); null when eBay did not say. */
  total: number | null;
  /** Walked forwards by `next` (an answer without `total`). */
  forward: boolean;
}

/** A stretch the pull could not read (older than the filter's horizon). */
export interface Gap {
  from: Date;
  to: Date;
}

function date(v: unknown): Date | null {
  if (typeof v !== 'string') return null;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? null : d;
}

const whole = (v: unknown): number | null => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : null);

/** The oldest start the filter takes now. */
export function floorOf(now: Date): Date {
  return new Date(now.getTime() - FILTER_HORIZON_MS + FLOOR_MARGIN_MS);
}

/** The window the cursor holds (a fresh one 24 hours back when it holds none), floored at the horizon. */
export function readWindow(cursor: Cursor | null, now: Date): { state: WindowState; gap: Gap | null } {
  let from = date(cursor?.from) ?? new Date(now.getTime() - INITIAL_LOOKBACK_MS);
  const floor = floorOf(now);
  if (from < floor) {
    // A window being walked that far back cannot be finished either: it starts again at the floor.
    return { state: { from: floor, end: null, offset: null, total: null, forward: false }, gap: { from, to: floor } };
  }
  const end = date(cursor?.end);
  const offset = whole(cursor?.offset);
  if (!end || offset === null || end <= from) return { state: { from, end: null, offset: null, total: null, forward: false }, gap: null };
  return { state: { from, end, offset, total: whole(cursor?.total), forward: cursor?.fwd === true }, gap: null };
}

/** The cursor of a state. */
export function cursorOf(state: WindowState): Cursor {
  const c: Cursor = { from: state.from.toISOString() };
  if (state.end && state.offset !== null) {
    c.end = state.end.toISOString();
    c.offset = state.offset;
    c.total = state.total;
    if (state.forward) c.fwd = true;
  }
  return c;
}

/** The end of a window opening at `from` now. */
export function windowEndFor(from: Date, now: Date): Date {
  return new Date(Math.min(from.getTime() + MAX_WINDOW_MS, now.getTime()));
}

/** The offset of the last page of `total` orders. */
export function lastOffset(total: number, pageSize = PAGE_SIZE): number {
  return total > 0 ? Math.floor((total - 1) / pageSize) * pageSize : 0;
}

/**
 * The next window after one was read to its end, and whether the pull has caught up with now: a
 * window shorter than the longest was cut at "now" when it opened.
 */
export function afterWindow(from: Date, end: Date): { next: WindowState; caughtUp: boolean } {
  const next = new Date(Math.max(end.getTime() - OVERLAP_MS, from.getTime()));
  return { next: { from: next, end: null, offset: null, total: null, forward: false }, caughtUp: end.getTime() - from.getTime() < MAX_WINDOW_MS };
}

/** How long to wait before walking a window's pages back (see SETTLE_MS). */
export function settleMs(end: Date, now: Date): number {
  return Math.max(0, Math.min(SETTLE_MS, end.getTime() + SETTLE_MS - now.getTime()));
}
