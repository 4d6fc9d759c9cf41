import type { Cursor } from '../sdk/types';

/**
 * The incremental order pull through searchOrders (§4a): `lastUpdatedAfter` from the cursor,
 * open-ended, paged by `paginationToken` until the last page; then the next pull starts a little
 * before the cut-off Amazon applied. searchOrders is the scarcest call Amazon has (0.0056/s,
 * burst 20: one call every three minutes once the burst is spent), so the pull spends one call
 * per page of 100 and no more: no window is split, none read twice.
 *
 * - No `lastUpdatedBefore` is sent: the model wants it at least two minutes before the request,
 *   and the answer states the cut-off it applied (`lastUpdatedBefore`), which is where the window
 *   ends. An answer without one ends it at the first page's request time less SAFETY_LAG (a
 *   change stamped just before the request may become visible a moment later).
 * - The next window starts OVERLAP before that end: what changed around the cut-off is read
 *   again, and the intake's dedupe (by order id and modified time) makes that harmless.
 * - A pagination token Amazon no longer takes (they expire after 24 hours [U: the migration
 *   guide], or a worker resumed from a stale cursor) restarts the window from its start, which
 *   the dedupe makes safe; a window restarted too often fails rather than loop.
 * - A new channel starts INITIAL_LOOKBACK back.
 *
 * The cursor is flat JSON: `from` (the window's start) and, while a window is paged, `token`,
 * `cut` (the cut-off the first page stated, or our stand-in) and `restarts`.
 */

export const PAGE_SIZE = 100;
export const OVERLAP_MS = 5 * 60 * 1000;
export const SAFETY_LAG_MS = 2 * 60 * 1000;
export const INITIAL_LOOKBACK_MS = 24 * 60 * 60 * 1000;
/** How often one window may start over after refused tokens before the pull fails. */
export const MAX_RESTARTS = 3;

export interface WindowState {
  from: Date;
  /** The next page's token; null: the window's first page. */
  token: string | null;
  /** Where the window being paged ends (the cut-off of its first page); null before the first page. */
  cut: Date | null;
  restarts: number;
}

function date(v: unknown): Date | null {
  if (typeof v !== 'string') return null;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** The window the cursor holds (a fresh one INITIAL_LOOKBACK back when it holds none). */
export function readWindow(cursor: Cursor | null, now: Date): WindowState {
  const from = date(cursor?.from) ?? new Date(now.getTime() - INITIAL_LOOKBACK_MS);
  const token = typeof cursor?.token === 'string' && cursor.token ? cursor.token : null;
  const restarts = typeof cursor?.restarts === 'number' && Number.isInteger(cursor.restarts) && cursor.restarts > 0 ? cursor.restarts : 0;
  return { from, token, cut: token ? date(cursor?.cut) : null, restarts };
}

export function cursorOf(state: WindowState): Cursor {
  const c: Cursor = { from: state.from.toISOString() };
  if (state.token) {
    c.token = state.token;
    c.cut = state.cut ? state.cut.toISOString() : null;
  }
  if (state.restarts) c.restarts = state.restarts;
  return c;
}

/**
 * Where a window ends: the earliest cut-off its pages stated, else the first page's request time
 * less the safety lag; never before its start.
 */
export function windowEnd(from: Date, stated: Date | null, requestedAt: Date, prior: Date | null): Date {
  const candidates = [stated ?? new Date(requestedAt.getTime() - SAFETY_LAG_MS), ...(prior ? [prior] : [])];
  const end = new Date(Math.min(...candidates.map((d) => d.getTime())));
  return end < from ? from : end;
}

/** The next window's start once a window ending at `end` is read: OVERLAP before it, never before `from`. */
export function nextFrom(from: Date, end: Date): Date {
  return new Date(Math.max(from.getTime(), end.getTime() - OVERLAP_MS));
}

/** The start of a window after its token was refused: the same start, one restart more. */
export function restarted(state: WindowState): WindowState {
  return { from: state.from, token: null, cut: null, restarts: state.restarts + 1 };
}
