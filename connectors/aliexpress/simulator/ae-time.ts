/**
 * The two clocks of the AliExpress wire (aliexpress.md §2, §5): the `timestamp` system parameter
 * (epoch milliseconds or ISO UTC) and the order dates, which are US Pacific wall-clock times
 * written `yyyy-MM-dd HH:mm:ss` — PST (UTC-8) in winter, PDT (UTC-7) in summer.
 */

export const PACIFIC_ZONE = 'America/Los_Angeles';

const pacificParts = new Intl.DateTimeFormat('en-US', {
  timeZone: PACIFIC_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** Epoch ms as a Pacific wall-clock time, `yyyy-MM-dd HH:mm:ss`. */
export function formatPacific(ms: number): string {
  const p: Record<string, string> = {};
  for (const part of pacificParts.formatToParts(new Date(ms))) p[part.type] = part.value;
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}

const WALL = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;
const HOUR = 3_600_000;

/**
 * A Pacific wall-clock time as epoch ms; null when it is not `yyyy-MM-dd HH:mm:ss` or not a real
 * date. Twice a year the wall clock is ambiguous or skips an hour:
 * - in the November hour that happens twice (01:00-01:59), the first one, still PDT, is meant;
 * - in the March hour that never happens (02:00-02:59), the time is read with the standard
 *   offset, which lands an hour later in PDT (02:30 is 03:30 PDT).
 * [U] how AliExpress reads these hours: this is what java.time does with a local time.
 */
export function parsePacific(text: unknown): number | null {
  if (typeof text !== 'string') return null;
  const m = WALL.exec(text.trim());
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number);
  const asUtc = Date.UTC(y, mo - 1, d, h, mi, s);
  const check = new Date(asUtc);
  // Rejects 2026-02-30 and 24:00:00 rather than rolling them over.
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || check.getUTCHours() !== h || mi > 59 || s > 59) return null;
  const wall = text.trim();
  const readings = [7, 8].map((offset) => asUtc + offset * HOUR).filter((ms) => formatPacific(ms) === wall);
  if (readings.length) return Math.min(...readings);
  return asUtc + 8 * HOUR;
}

/**
 * The `timestamp` system parameter (§2): epoch milliseconds (what the SDK sends) or an ISO time
 * in UTC such as `2017-11-11T12:00:00Z`; null when it is neither. An ISO time with an explicit
 * offset is read at that offset [U: the reference names UTC only].
 */
export function parseSystemTimestamp(value: string | undefined): number | null {
  if (value === undefined) return null;
  const v = value.trim();
  if (/^\d{1,15}$/.test(v)) return Number(v);
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}:?\d{2})$/.test(v)) return null;
  const ms = Date.parse(v);
  return Number.isNaN(ms) ? null : ms;
}
