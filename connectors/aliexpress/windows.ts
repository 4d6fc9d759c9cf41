import type { Cursor } from '../sdk/types';

/**
 * The incremental order pull: windows of modified time, walked page by page so that no order is
 * skipped whatever changes during the walk, with the cursor saved after every page.
 *
 * Two streams. The order.get metadata says FINISH orders are "queried separately" [M], so the
 * orders still in progress (no status filter) and the finished ones (`order_status=FINISH`) are
 * pulled as two streams, one after the other, each with its own windows; an order seen in both is
 * fine (the intake is idempotent). A pull is done when both have caught up with now.
 *
 * A window. AliExpress pages by `current_page` and says how many there are (`total_count`,
 * `total_page`); how it sorts is not said [U]. Whatever the order, once the last second the
 * window asks for is over no order can enter it (a change stamps a later modified time) and an
 * order that changes leaves it, which only moves the orders behind it towards page 1. So page 1
 * is read first (it gives the total), then, once that second has passed, the pages from the last down
 * to 1: an order that stays is at or below the page being read at every read and is read at the
 * latest with page 1, which closes the window; one that left is read in the next window, which
 * starts 5 minutes before this one ended. If the closing read counts more orders than the first
 * (a late write, clocks apart), the window is walked again.
 *
 * Window length: 30 minutes; after an empty window the next is twice as long, up to 16 hours
 * (a quiet day costs a few calls); one with more than a page sends the next back to 30 minutes,
 * and a wide one with more than 10 pages is opened again at 30 minutes instead of walked.
 *
 * The cursor is flat (the engine stores it as JSON): `phase` (`open` | `finished`) and, per
 * stream (`o_` / `f_`), `from`, `span`, and while a window is walked `end`, `page`, `total`.
 */

/** Orders per page [U: order.get's largest page is not documented; 50 is within what clients use]. */
export const PAGE_SIZE = 50;
export const WINDOW_MS = 30 * 60 * 1000;
export const MAX_WINDOW_MS = 16 * 60 * 60 * 1000;
export const MAX_WIDE_WINDOW_PAGES = 10;
export const OVERLAP_MS = 5 * 60 * 1000;
/** A new channel's first pull starts this far back. */
export const INITIAL_LOOKBACK_MS = 24 * 60 * 60 * 1000;
/** A cursor older than this starts here instead [U: how far back order.get searches is not said]. */
export const MAX_LOOKBACK_MS = 89 * 24 * 60 * 60 * 1000;

export type Stream = 'open' | 'finished';
const PREFIX: Record<Stream, string> = { open: 'o', finished: 'f' };

export interface WindowState {
  from: Date;
  /** The length of the window to open, or of the one being walked. */
  span: number;
  windowEnd: Date | null;
  /** The next page of the window being walked; 1 is its closing read. */
  page: number | null;
  /** Orders in the window when it was opened (or last walked again); null when not said. */
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

/** Which stream the cursor is pulling. */
export function phaseOf(cursor: Cursor | null): Stream {
  return cursor?.phase === 'finished' ? 'finished' : 'open';
}

/** A stream's window as the cursor holds it (a fresh one 24 hours back when it holds none). */
export function readWindow(cursor: Cursor | null, stream: Stream, now: Date): WindowState {
  const p = PREFIX[stream];
  let from = date(cursor?.[`${p}_from`]) ?? new Date(now.getTime() - INITIAL_LOOKBACK_MS);
  const oldest = new Date(now.getTime() - MAX_LOOKBACK_MS);
  if (from < oldest) from = oldest;
  const span = spanOf(cursor?.[`${p}_span`]);
  const windowEnd = date(cursor?.[`${p}_end`]);
  const rawPage = cursor?.[`${p}_page`];
  const rawTotal = cursor?.[`${p}_total`];
  const page = typeof rawPage === 'number' && Number.isInteger(rawPage) && rawPage >= 1 ? rawPage : null;
  const total = typeof rawTotal === 'number' && Number.isInteger(rawTotal) && rawTotal >= 0 ? rawTotal : null;
  return windowEnd && page && windowEnd > from ? { from, span, windowEnd, page, total } : { from, span, windowEnd: null, page: null, total: null };
}

/** The cursor with `stream`'s window replaced, and the phase given. */
export function withWindow(cursor: Cursor | null, stream: Stream, state: WindowState, phase: Stream): Cursor {
  const p = PREFIX[stream];
  const out: Cursor = {};
  // Keep the other stream's keys, drop this one's: a window not being walked has no end or page.
  for (const [k, v] of Object.entries(cursor ?? {})) if (!k.startsWith(`${p}_`) && k !== 'phase') out[k] = v;
  out.phase = phase;
  out[`${p}_from`] = state.from.toISOString();
  out[`${p}_span`] = state.span;
  if (state.windowEnd && state.page) {
    out[`${p}_end`] = state.windowEnd.toISOString();
    out[`${p}_page`] = state.page;
    out[`${p}_total`] = state.total;
  }
  return out;
}

/**
 * Whether order.get's `modified_date_end` takes the second it names is not said [U]. The range
 * asked for ends a second after the window does, so an order stamped in the window's last second
 * is in it under either reading (read as exclusive, that second would only arrive with the next
 * window, a pull later). An order that lands in the extra second is read again in the next window,
 * which overlaps this one.
 */
export const END_SLACK_MS = 1000;

/** The end the window's text range is asked with (see END_SLACK_MS). */
export function queryEnd(windowEnd: Date): Date {
  return new Date(windowEnd.getTime() + END_SLACK_MS);
}

/**
 * How long to wait before walking a window so that the last second its range asks for is over:
 * AliExpress stamps whole seconds, and until then an order changed now would stay inside the
 * range and move in it instead of leaving.
 */
export function settleMs(windowEnd: Date, now: Date): number {
  const closes = Math.floor(queryEnd(windowEnd).getTime() / 1000) * 1000 + 1000;
  return Math.max(0, Math.min(1000 + END_SLACK_MS, closes - now.getTime()));
}

/** The end of a window of `span` opening at `from` now. */
export function windowEndFor(from: Date, now: Date, span = WINDOW_MS): Date {
  return new Date(Math.min(from.getTime() + span, now.getTime()));
}

/**
 * The stream's next window after one was read to its end, and whether it has caught up with now.
 * A window shorter than its span was cut at "now" when it opened: it has caught up even though the
 * clock moved on while its pages were read. `pages` (0 when empty) sets the next window's length.
 */
export function afterWindow(from: Date, windowEnd: Date, now: Date, span = WINDOW_MS, pages = 1): { next: WindowState; caughtUp: boolean } {
  const next = new Date(Math.max(windowEnd.getTime() - OVERLAP_MS, from.getTime()));
  const nextSpan = pages === 0 ? Math.min(span * 2, MAX_WINDOW_MS) : pages === 1 ? span : WINDOW_MS;
  return {
    next: { from: next, span: nextSpan, windowEnd: null, page: null, total: null },
    caughtUp: windowEnd.getTime() >= now.getTime() || windowEnd.getTime() - from.getTime() < span,
  };
}

/** The state that reads `page` of the window next (1: the closing read). */
export function inWindow(from: Date, windowEnd: Date, page: number, span: number, total: number | null): WindowState {
  return { from, span, windowEnd, page, total };
}

/** The window at `from` opened again at the recommended length. */
export function narrowed(from: Date): WindowState {
  return { from, span: WINDOW_MS, windowEnd: null, page: null, total: null };
}

/** Pages a window holds: AliExpress's `total_page` when it says, else from the count. */
export function pageCount(total: number | null, totalPage: number | null = null, pageSize = PAGE_SIZE): number {
  if (totalPage !== null && Number.isInteger(totalPage) && totalPage >= 1) return totalPage;
  return total && total > 0 ? Math.ceil(total / pageSize) : 1;
}
