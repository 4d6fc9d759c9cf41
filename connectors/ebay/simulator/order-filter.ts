import { DAY_MS, parseEbayTime } from './ebay-time';

/**
 * getOrders' `filter` (ebay.md §5; the contract's parameter text and its errorIds 30700-30850):
 * comma-separated criteria `creationdate:[start..end]`, `lastmodifieddate:[start..end]` (the end
 * optional, both ends inclusive), `orderfulfillmentstatus:{NOT_STARTED|IN_PROGRESS}` or
 * `{FULFILLED|IN_PROGRESS}`. `[ ] { } |` must arrive percent-encoded. When both dates are given
 * only creationdate counts. The filter sees the last 90 days only.
 */

/** [O] "Currently, filter returns data from only the last 90 days." */
export const FILTER_DAYS = 90;

export interface DateRange {
  from: number;
  /** Inclusive; undefined: open-ended. */
  to?: number;
}

export interface OrderFilter {
  /** The date range that counts: creationdate's when given, else lastmodifieddate's. */
  dates?: { field: 'creationDate' | 'lastModifiedDate'; range: DateRange };
  /** orderFulfillmentStatus values accepted. */
  fulfillment?: string[];
}

/** A refusal of the filter: the contract's errorId and what to say. */
export class FilterProblem extends Error {
  constructor(
    readonly errorId: number,
    message: string,
    readonly parameters: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** The characters that must be percent-encoded in the filter [O]. */
const MUST_ENCODE = /[[\]{}|]/;

/** The raw (undecoded) value of `filter` in the query string as sent, or null. */
export function rawFilter(rawQuery: string): string | null {
  for (const part of rawQuery.split('&')) {
    const eq = part.indexOf('=');
    if ((eq < 0 ? part : part.slice(0, eq)) === 'filter') return eq < 0 ? '' : part.slice(eq + 1);
  }
  return null;
}

const COMBINATIONS = [
  ['NOT_STARTED', 'IN_PROGRESS'],
  ['FULFILLED', 'IN_PROGRESS'],
];

function dateRange(name: string, value: string, now: number): DateRange {
  const m = /^\[(.*?)\.\.(.*)\]$/.exec(value);
  if (!m) throw new FilterProblem(30800, `Invalid filter value ${value} for filter ${name}`, { fieldvalue: value, fieldname: name });
  const [, start, end] = m;
  if (start.trim() === '') throw new FilterProblem(30820, 'Start date is missing', { fieldname: name });
  const from = parseEbayTime(start.trim());
  const to = end.trim() === '' ? undefined : parseEbayTime(end.trim());
  if (from === null || to === null) throw new FilterProblem(30810, 'Invalid date format', { fieldname: name, fieldvalue: value });
  if (to !== undefined && from > to) throw new FilterProblem(30840, 'Start date should be before end date', { fieldname: name });
  // [U] any instant after the simulator's now counts as the future (a range meant to end "now" is best left open).
  if (from > now || (to !== undefined && to > now)) throw new FilterProblem(30850, "Start and end dates can't be in the future", { fieldname: name });
  // [U] a start older than the 90 days is refused (the contract's 30830) rather than cut to them.
  const floor = now - FILTER_DAYS * DAY_MS;
  if (from < floor || (to !== undefined && to - from > FILTER_DAYS * DAY_MS)) {
    throw new FilterProblem(30830, 'Start date must be within 90 days of end date and current date.', { fieldname: name, fieldvalue: start.trim() });
  }
  return { from, to };
}

/**
 * Reads the filter. `raw` is the value as it came on the wire (still percent-encoded), `decoded`
 * what it means; `now` the simulator's clock.
 */
export function parseOrderFilter(raw: string, decoded: string, now: number): OrderFilter {
  if (MUST_ENCODE.test(raw)) {
    throw new FilterProblem(30800, `Invalid filter value ${decoded} for filter filter: [ ] { } and | must be percent-encoded (%5B %5D %7B %7D %7C)`, { fieldvalue: raw, fieldname: 'filter' });
  }
  const seen = new Map<string, string>();
  for (const criterion of decoded.split(',').map((c) => c.trim()).filter(Boolean)) {
    const colon = criterion.indexOf(':');
    const name = colon < 0 ? criterion : criterion.slice(0, colon);
    const value = colon < 0 ? '' : criterion.slice(colon + 1).trim();
    if (!['creationdate', 'lastmodifieddate', 'orderfulfillmentstatus'].includes(name)) throw new FilterProblem(30700, `Invalid filter name: ${name}`, { fieldname: name });
    if (seen.has(name)) throw new FilterProblem(30800, `Invalid filter value ${value} for filter ${name}: given twice`, { fieldvalue: value, fieldname: name });
    seen.set(name, value);
  }
  const filter: OrderFilter = {};
  const creation = seen.get('creationdate');
  const modified = seen.get('lastmodifieddate');
  // [O] "If creationdate and lastmodifieddate are both included, only creationdate is used."
  if (creation !== undefined) filter.dates = { field: 'creationDate', range: dateRange('creationdate', creation, now) };
  else if (modified !== undefined) filter.dates = { field: 'lastModifiedDate', range: dateRange('lastmodifieddate', modified, now) };
  const status = seen.get('orderfulfillmentstatus');
  if (status !== undefined) {
    const m = /^\{([A-Z_]+)\|([A-Z_]+)\}$/.exec(status);
    const values = m ? [m[1], m[2]] : [];
    // [O] only these two combinations are supported (either order of the two values is taken).
    if (!COMBINATIONS.some((c) => c.length === values.length && c.every((v) => values.includes(v)))) {
      throw new FilterProblem(30800, `Invalid filter value ${status} for filter orderfulfillmentstatus`, { fieldvalue: status, fieldname: 'orderfulfillmentstatus' });
    }
    filter.fulfillment = values;
  }
  return filter;
}
