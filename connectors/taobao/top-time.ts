/**
 * TOP times: `yyyy-MM-dd HH:mm:ss` on the China clock (GMT+8, no daylight saving), both in
 * requests (`timestamp`, `start_modified`) and in responses (`created`, `modified`).
 */

const OFFSET_MS = 8 * 60 * 60 * 1000;
const TOP_TIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

const pad = (n: number) => String(n).padStart(2, '0');

/** A Date as TOP writes it. */
export function formatTopTime(date: Date): string {
  const d = new Date(date.getTime() + OFFSET_MS);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** A TOP time as a Date; null when absent or not in TOP's format. */
export function parseTopTime(value: unknown): Date | null {
  if (typeof value !== 'string') return null;
  const m = TOP_TIME.exec(value.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s] = m.map(Number);
  const ms = Date.UTC(y, mo - 1, d, h, mi, s) - OFFSET_MS;
  const date = new Date(ms);
  // Date.UTC rolls 2026-02-30 over to March; a roll-over means the text was not a real time.
  return formatTopTime(date) === value.trim() ? date : null;
}
