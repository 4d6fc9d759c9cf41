/**
 * Times as the simulated eBay writes and reads them: ISO 8601 in UTC with milliseconds
 * (`2026-01-15T08:00:00.000Z`, ebay.md §5), and "the day" of daily limits (call quotas, the 250
 * revisions a listing may have per calendar day) as eBay's own day in US Pacific time [U: the
 * contract says "calendar day" without a zone; eBay's official time is Pacific].
 */

export const DAY_MS = 24 * 60 * 60 * 1000;

/** `2026-01-15T08:00:00.000Z` or without milliseconds [U: the filter examples always carry them; both are taken]. */
const ISO_UTC = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,3})?Z$/;

/** Epoch ms of an ISO time in UTC as eBay writes them; null when it is not one. */
export function parseEbayTime(text: string): number | null {
  if (!ISO_UTC.test(text)) return null;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : ms;
}

/** Any ISO 8601 instant (with a zone); null otherwise. For times given to control routes and fixtures. */
export function parseAnyTime(text: unknown): number | null {
  if (typeof text !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(text)) return null;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : ms;
}

export function ebayTime(ms: number): string {
  return new Date(ms).toISOString();
}

const PACIFIC = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Los_Angeles', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

function pacificParts(ms: number): { day: string; hour: number; minute: number } {
  const p = Object.fromEntries(PACIFIC.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  return { day: `${p.year}-${p.month}-${p.day}`, hour: Number(p.hour), minute: Number(p.minute) };
}

/** The Pacific calendar day of an instant, `2026-01-15`. */
export function pacificDay(ms: number): string {
  return pacificParts(ms).day;
}

/** Epoch ms of the next Pacific midnight after `ms` (the start of the next eBay day). */
export function nextPacificMidnight(ms: number): number {
  const today = pacificDay(ms);
  // Pacific is UTC-8 or UTC-7: tomorrow's midnight is 07:00 or 08:00 UTC of the next UTC date.
  const [y, m, d] = today.split('-').map(Number);
  for (const utcHour of [7, 8]) {
    const candidate = Date.UTC(y, m - 1, d + 1, utcHour);
    const p = pacificParts(candidate);
    if (p.hour === 0 && p.minute === 0) return candidate;
  }
  return Date.UTC(y, m - 1, d + 1, 8);
}
