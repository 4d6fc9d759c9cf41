/**
 * AliExpress order times are US Pacific wall-clock times, `yyyy-MM-dd HH:mm:ss` (order.get's
 * date filters and `gmt_create`/`gmt_update`, order.info.get's `gmt_modified`: "It's US pacific
 * time", [M]), with daylight saving: PST (UTC-8) in winter, PDT (UTC-7) from the second Sunday
 * of March to the first Sunday of November. The conversion goes through the platform's time-zone
 * database (Intl, full ICU in Node 20), never a fixed offset.
 *
 * Wall-clock text is not monotonic: when PDT ends, 01:00-01:59 happens twice, and a window of
 * UTC instants across that hour has an end that reads earlier than its start. `pacificRange`
 * widens such a window so the text range covers every instant in it.
 */

const ZONE = 'America/Los_Angeles';
const WALL = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/;
const HOUR_MS = 60 * 60 * 1000;

const formatter = new Intl.DateTimeFormat('en-US', {
  timeZone: ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

function wallParts(at: Date): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of formatter.formatToParts(at)) out[p.type] = p.value;
  return out;
}

/** A UTC instant as Pacific wall-clock text, whole seconds (the fraction is dropped). */
export function formatPacific(at: Date): string {
  const p = wallParts(at);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}

/** Minutes from UTC in Pacific time at `at`: -480 (PST) or -420 (PDT). */
export function pacificOffsetMinutes(at: Date): number {
  const p = wallParts(at);
  const wall = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  return Math.round((wall - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
}

/**
 * Pacific wall-clock text as a UTC instant; null when it is not such a time. An hour that happens
 * twice (the end of PDT) reads as its first occurrence, PDT [U: AliExpress does not say which];
 * an hour that never happens (the start of PDT, 02:00-02:59) reads with the standard offset, so
 * 02:30 is 10:30 UTC (03:30 PDT).
 */
export function parsePacificWall(text: string): Date | null {
  const m = WALL.exec(text.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s] = m.map(Number);
  const wall = Date.UTC(y, mo - 1, d, h, mi, s);
  const canonical = `${m[1]}-${m[2]}-${m[3]} ${m[4]}:${m[5]}:${m[6]}`;
  // Date.UTC rolls 2026-02-30 over into March: a roll-over means the text was not a real time.
  const check = new Date(wall).toISOString();
  if (check.slice(0, 10) !== canonical.slice(0, 10) || check.slice(11, 19) !== canonical.slice(11, 19)) return null;
  const readings = [7, 8].map((h2) => new Date(wall + h2 * HOUR_MS)).filter((t) => formatPacific(t) === canonical);
  return readings[0] ?? new Date(wall + 8 * HOUR_MS);
}

/**
 * A time as AliExpress may write it: Pacific wall-clock text (the documented form), ISO-8601
 * with a zone (taken as it says), or epoch milliseconds (a number or a string of digits).
 */
export function parseAeTime(value: unknown): Date | null {
  if (typeof value === 'number') return Number.isFinite(value) && value > 0 ? new Date(value) : null;
  if (typeof value !== 'string' || !value.trim()) return null;
  const text = value.trim();
  if (/^\d{12,14}$/.test(text)) return new Date(Number(text));
  const wall = parsePacificWall(text);
  if (wall) return wall;
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(text)) {
    const d = new Date(text);
    return Number.isNaN(d.getTime()) ? null : d;
  }
  return null;
}

/**
 * The Pacific text range that covers every instant of [start, end]: the least and the greatest
 * wall-clock text any of them reads as. Without a change of offset inside, that is the text of
 * the two ends; across the end of PDT the repeated hour is taken in whole (an end at 01:10 PST
 * after a start at 01:40 PDT becomes 01:00:00 … 01:59:59 at least), so no order modified in the
 * window is outside the range AliExpress is asked for. Windows span hours, never months: one
 * change of offset at most.
 */
export function pacificRange(start: Date, end: Date): { start: string; end: string } {
  const instants = [start, end];
  if (pacificOffsetMinutes(start) !== pacificOffsetMinutes(end) && end > start) {
    // The first second with the end's offset: found by halving, to the second.
    let lo = Math.floor(start.getTime() / 1000);
    let hi = Math.floor(end.getTime() / 1000);
    const target = pacificOffsetMinutes(end);
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (pacificOffsetMinutes(new Date(mid * 1000)) === target) hi = mid;
      else lo = mid;
    }
    instants.push(new Date(lo * 1000), new Date(hi * 1000));
  }
  const texts = instants.map(formatPacific).sort();
  return { start: texts[0], end: texts[texts.length - 1] };
}
