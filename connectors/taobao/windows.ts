import type { Cursor } from '../sdk/types';

/**
 * The incremental-pull cursor shared by orders and refunds: windows on the modified time, each
 * starting 5 minutes before the previous one ended so late writes are not missed (the intake is
 * idempotent), and inside a window the pages walked from the last to the first. TOP sorts by
 * modified descending: a record modified again while we page leaves the window (its new time
 * is after the window's fixed end), which shifts the rest towards page 1, onto pages we have
 * not read yet.
 *
 * Window length: TOP allows a day and recommends 30 minutes. We open 30-minute windows, and
 * after an empty one the next is twice as long, up to 16 hours: catching up over a quiet day
 * (a new channel's first pull, a worker down overnight) takes a handful of calls instead of
 * 48, which matters under per-app call quotas. A window holding more than a page sends the
 * next back to 30 minutes; a wide window holding more than MAX_WIDE_WINDOW_PAGES pages is not
 * walked but opened again at 30 minutes, so deep paging stays as shallow as the recommended
 * windows would have it.
 *
 * `{from, span?, windowEnd?, page?}`: `from` and `windowEnd` are ISO times; `span` the length in
 * ms of the window to open (or being walked); `page` the next page to read, counting down to 2
 * (page 1 is read first, when the window opens, with the total).
 */

export const WINDOW_MS = 30 * 60 * 1000;
/** The widest window: well inside TOP's one-day rule. */
export const MAX_WINDOW_MS = 16 * 60 * 60 * 1000;
/** A window wider than WINDOW_MS with more pages than this is narrowed instead of walked. */
export const MAX_WIDE_WINDOW_PAGES = 10;
export const OVERLAP_MS = 5 * 60 * 1000;
/** A new channel's first pull starts this far back. */
export const INITIAL_LOOKBACK_MS = 24 * 60 * 60 * 1000;
/** TOP only searches the last three months; we stay a day inside that. */
export const MAX_LOOKBACK_MS = 89 * 24 * 60 * 60 * 1000;
export const PAGE_SIZE = 100;

export interface WindowState {
  from: Date;
  /** The length of the window to open, or of the one being walked. */
  span: number;
  windowEnd: Date | null;
  page: number | null;
}

function date(value: unknown): Date | null {
  if (typeof value !== 'string') return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

function spanOf(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? Math.min(MAX_WINDOW_MS, Math.max(WINDOW_MS, value)) : WINDOW_MS;
}

export function readWindow(cursor: Cursor | null, now: Date): WindowState {
  let from = date(cursor?.from) ?? new Date(now.getTime() - INITIAL_LOOKBACK_MS);
  const oldest = new Date(now.getTime() - MAX_LOOKBACK_MS);
  if (from < oldest) from = oldest;
  const span = spanOf(cursor?.span);
  const windowEnd = date(cursor?.windowEnd);
  const page = typeof cursor?.page === 'number' && cursor.page >= 2 ? cursor.page : null;
  return windowEnd && page && windowEnd > from ? { from, span, windowEnd, page } : { from, span, windowEnd: null, page: null };
}

/** The end of a window of `span` opening now at `from`. */
export function windowEndFor(from: Date, now: Date, span = WINDOW_MS): Date {
  return new Date(Math.min(from.getTime() + span, now.getTime()));
}

/**
 * The cursor after a window's last page, and whether the pull has caught up with now. A window
 * shorter than its span was cut at "now" when it opened, so it has caught up even though the
 * clock moved on while its pages were read: judging it by the later clock re-opened a window
 * over the same pages for ever whenever the last one held more than a page. `pages` is how
 * many pages the window held (0 when empty): it sets the next window's length.
 */
export function afterWindow(from: Date, windowEnd: Date, now: Date, span = WINDOW_MS, pages = 1): { nextCursor: Cursor; done: boolean } {
  const next = new Date(Math.max(windowEnd.getTime() - OVERLAP_MS, from.getTime()));
  const nextSpan = pages === 0 ? Math.min(span * 2, MAX_WINDOW_MS) : pages === 1 ? span : WINDOW_MS;
  return { nextCursor: { from: next.toISOString(), span: nextSpan }, done: windowEnd.getTime() >= now.getTime() || windowEnd.getTime() - from.getTime() < span };
}

/** The cursor to read `page` of the window next. */
export function inWindow(from: Date, windowEnd: Date, page: number, span = WINDOW_MS): Cursor {
  return { from: from.toISOString(), span, windowEnd: windowEnd.toISOString(), page };
}

/** The cursor that opens the window at `from` again, at the recommended length. */
export function narrowed(from: Date): Cursor {
  return { from: from.toISOString(), span: WINDOW_MS };
}

/** Pages a window holds for a total. */
export function pageCount(total: number | null, pageSize = PAGE_SIZE): number {
  return total && total > 0 ? Math.ceil(total / pageSize) : 1;
}
