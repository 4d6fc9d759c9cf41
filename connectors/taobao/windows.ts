import type { Cursor } from '../sdk/types';

/**
 * The incremental-pull cursor shared by orders and refunds: windows on the modified time of at
 * most 30 minutes (TOP allows a day but recommends 30 minutes), each starting 5 minutes before
 * the previous one ended so late writes are not missed (the intake is idempotent), and inside
 * a window the pages walked from the last to the first. TOP sorts by modified descending: a
 * record modified again while we page leaves the window (its new time is after the window's
 * fixed end), which shifts the rest towards page 1, onto pages we have not read yet.
 *
 * `{from, windowEnd?, page?}`: `from` and `windowEnd` are ISO times; `page` the next page to
 * read, counting down to 2 (page 1 is read first, when the window opens, with the total).
 */

export const WINDOW_MS = 30 * 60 * 1000;
export const OVERLAP_MS = 5 * 60 * 1000;
/** A new channel's first pull starts this far back. */
export const INITIAL_LOOKBACK_MS = 24 * 60 * 60 * 1000;
/** TOP only searches the last three months; we stay a day inside that. */
export const MAX_LOOKBACK_MS = 89 * 24 * 60 * 60 * 1000;
export const PAGE_SIZE = 100;

export interface WindowState {
  from: Date;
  windowEnd: Date | null;
  page: number | null;
}

function date(value: unknown): Date | null {
  if (typeof value !== 'string') return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

export function readWindow(cursor: Cursor | null, now: Date): WindowState {
  let from = date(cursor?.from) ?? new Date(now.getTime() - INITIAL_LOOKBACK_MS);
  const oldest = new Date(now.getTime() - MAX_LOOKBACK_MS);
  if (from < oldest) from = oldest;
  const windowEnd = date(cursor?.windowEnd);
  const page = typeof cursor?.page === 'number' && cursor.page >= 2 ? cursor.page : null;
  return windowEnd && page && windowEnd > from ? { from, windowEnd, page } : { from, windowEnd: null, page: null };
}

/** The end of a window opening now at `from`. */
export function windowEndFor(from: Date, now: Date): Date {
  return new Date(Math.min(from.getTime() + WINDOW_MS, now.getTime()));
}

/**
 * The cursor after a window's last page, and whether the pull has caught up with now. A window
 * shorter than WINDOW_MS was cut at "now" when it opened, so it has caught up even though the
 * clock moved on while its pages were read: judging it by the later clock re-opened a window
 * over the same pages for ever whenever the last one held more than a page.
 */
export function afterWindow(from: Date, windowEnd: Date, now: Date): { nextCursor: Cursor; done: boolean } {
  const next = new Date(Math.max(windowEnd.getTime() - OVERLAP_MS, from.getTime()));
  return { nextCursor: { from: next.toISOString() }, done: windowEnd.getTime() >= now.getTime() || windowEnd.getTime() - from.getTime() < WINDOW_MS };
}

/** The cursor to read `page` of the window next. */
export function inWindow(from: Date, windowEnd: Date, page: number): Cursor {
  return { from: from.toISOString(), windowEnd: windowEnd.toISOString(), page };
}

/** Pages a window holds for a total. */
export function pageCount(total: number | null, pageSize = PAGE_SIZE): number {
  return total && total > 0 ? Math.ceil(total / pageSize) : 1;
}
