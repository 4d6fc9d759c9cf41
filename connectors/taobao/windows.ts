import type { Cursor } from '../sdk/types';

/**
 * The incremental-pull cursor shared by orders and refunds: windows on the modified time, each
 * starting 5 minutes before the previous one ended so late writes are not missed (the intake is
 * idempotent), and inside a window the pages walked so that no record is skipped whatever
 * changes while we walk.
 *
 * The walk. TOP sorts by modified time descending and pages by offset (apiId=128: "必须采用倒序的
 * 分页方式（从最后一页往回取）才能避免漏单问题"). Page 1 is read first, for the total; then the
 * pages from the last down to 2, and page 1 again to close the window. Once the window's last
 * second is over (TOP stamps whole seconds, and the walk waits for it), nothing can enter the
 * window: a record that changes gets a modified time after its end and leaves it, which shifts
 * the records behind it one place towards page 1. Walking from the last page towards the first,
 * every record that stays is on the page being read at least once (its position only ever falls,
 * one page per read at most, while the reads fall one page each), and one that leaves is read in
 * the next window, which starts before its new modified time. Reading page 1 first and then
 * forwards is what lost a record: one changed on page 1 pulled the first of page 2 onto it.
 * If the closing read finds more records than the first (something entered the window after all:
 * our clock ahead of TOP's, a late write), the window is walked again from its new last page.
 *
 * Window length: TOP allows a day and recommends 30 minutes. We open 30-minute windows, and
 * after an empty one the next is twice as long, up to 16 hours: catching up over a quiet day
 * (a new channel's first pull, a worker down overnight) takes a handful of calls instead of
 * 48, which matters under per-app call quotas. A window holding more than a page sends the
 * next back to 30 minutes; a wide window holding more than MAX_WIDE_WINDOW_PAGES pages is not
 * walked but opened again at 30 minutes, so deep paging stays as shallow as the recommended
 * windows would have it.
 *
 * `{from, span?, windowEnd?, page?, total?}`: `from` and `windowEnd` are ISO times; `span` the
 * length in ms of the window to open (or being walked); `page` the next page to read, counting
 * down to 1 (the closing read); `total` how many records the window held when it opened. Each
 * page read comes with the cursor to the next, so a worker stopped anywhere reads one page again.
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
  /** The next page of the window being walked; 1 is its closing read. */
  page: number | null;
  /** Records in the window when it opened (or was last walked again); null when not known. */
  total: number | null;
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
  const page = typeof cursor?.page === 'number' && Number.isInteger(cursor.page) && cursor.page >= 1 ? cursor.page : null;
  const total = typeof cursor?.total === 'number' && Number.isInteger(cursor.total) && cursor.total >= 0 ? cursor.total : null;
  return windowEnd && page && windowEnd > from ? { from, span, windowEnd, page, total } : { from, span, windowEnd: null, page: null, total: null };
}

/**
 * How long to wait before walking a window so that its last second is over: TOP's times are
 * whole seconds and the window's end is inclusive, so until then a record changed now would stay
 * inside the window and move within it instead of leaving it.
 */
export function settleMs(windowEnd: Date, now: Date): number {
  const closes = Math.floor(windowEnd.getTime() / 1000) * 1000 + 1000;
  return Math.max(0, Math.min(1000, closes - now.getTime()));
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

/** The cursor to read `page` of the window next (1: the closing read); `total` as the window held when it opened. */
export function inWindow(from: Date, windowEnd: Date, page: number, span = WINDOW_MS, total: number | null = null): Cursor {
  return { from: from.toISOString(), span, windowEnd: windowEnd.toISOString(), page, total };
}

/** The cursor that opens the window at `from` again, at the recommended length. */
export function narrowed(from: Date): Cursor {
  return { from: from.toISOString(), span: WINDOW_MS };
}

/** Pages a window holds for a total. */
export function pageCount(total: number | null, pageSize = PAGE_SIZE): number {
  return total && total > 0 ? Math.ceil(total / pageSize) : 1;
}
