import { parseTopTime } from '../top-time';
import { invalidArgument, missingArgument } from './top-envelope';

/**
 * Readers of a call's business parameters, failing the TOP way: 40 when a required one is
 * missing, 41 when its value is not acceptable.
 */

export type Params = Record<string, string>;

/** The value, or 40 when absent or empty. */
export function required(params: Params, name: string): string {
  const v = params[name];
  if (v === undefined || v.trim() === '') throw missingArgument(name);
  return v;
}

/** The value, or null when absent or empty. */
export function optional(params: Params, name: string): string | null {
  const v = params[name];
  return v === undefined || v.trim() === '' ? null : v;
}

/** A decimal integer, bounded. */
export function intParam(params: Params, name: string, opts: { min?: number; max?: number; required?: boolean; fallback?: number } = {}): number | null {
  const v = opts.required ? required(params, name) : optional(params, name);
  if (v === null) return opts.fallback ?? null;
  if (!/^-?\d+$/.test(v.trim())) throw invalidArgument(name, `${name} 必须是整数`);
  const n = Number(v.trim());
  if (!Number.isSafeInteger(n) || (opts.min !== undefined && n < opts.min) || (opts.max !== undefined && n > opts.max)) {
    throw invalidArgument(name, `${name} 取值范围 ${opts.min ?? '-∞'}~${opts.max ?? '∞'}，传入 ${v}`);
  }
  return n;
}

/** A TOP id (tid, num_iid, sku_id): digits only, kept as a BigInt so no digit is lost. */
export function idParam(params: Params, name: string): bigint {
  const v = required(params, name).trim();
  if (!/^\d{1,19}$/.test(v)) throw invalidArgument(name, `${name} 必须是数字 ID`);
  return BigInt(v);
}

/** A comma list of ids. */
export function idListParam(params: Params, name: string, max: number): bigint[] {
  const parts = required(params, name).split(',').map((s) => s.trim()).filter(Boolean);
  if (parts.length === 0) throw missingArgument(name);
  if (parts.length > max) throw invalidArgument(name, `${name} 最多 ${max} 个`);
  for (const p of parts) if (!/^\d{1,19}$/.test(p)) throw invalidArgument(name, `${name} 必须是数字 ID 列表`);
  return parts.map((p) => BigInt(p));
}

/** A price in yuan: at most 2 decimals, within TOP's 0-100000000 range. */
export function priceParam(params: Params, name: string, isRequired = false): string | null {
  const v = isRequired ? required(params, name) : optional(params, name);
  if (v === null) return null;
  const s = v.trim();
  if (!/^\d{1,9}(\.\d{1,2})?$/.test(s) || Number(s) > 100000000) throw invalidArgument(name, `${name} 精确到2位小数，单位元，取值 0-100000000`);
  return formatYuan(s);
}

/** "129" → "129.00", "8.8" → "8.80": TOP writes money with 2 decimals (§11.10). */
export function formatYuan(s: string): string {
  const [int, frac = ''] = s.split('.');
  return `${BigInt(int).toString()}.${frac.padEnd(2, '0')}`;
}

/** Yuan strings compared exactly, in fen. */
export function fen(yuan: string): bigint {
  const [int, frac = ''] = formatYuan(yuan).split('.');
  return BigInt(int) * 100n + BigInt(frac);
}

/** A `yyyy-MM-dd HH:mm:ss` (GMT+8) time. */
export function timeParam(params: Params, name: string, isRequired = false): Date | null {
  const v = isRequired ? required(params, name) : optional(params, name);
  if (v === null) return null;
  const d = parseTopTime(v);
  if (!d) throw invalidArgument(name, `${name} 格式必须是 yyyy-MM-dd HH:mm:ss`);
  return d;
}

export function boolParam(params: Params, name: string): boolean {
  const v = optional(params, name);
  if (v === null) return false;
  if (v !== 'true' && v !== 'false') throw invalidArgument(name, `${name} 只能是 true 或 false`);
  return v === 'true';
}

export interface Paging {
  pageNo: number;
  pageSize: number;
  useHasNext: boolean;
}

/** `page_no` (from 1), `page_size` (1..max, default 40, §1) and `use_has_next`. */
export function paging(params: Params, maxPageSize: number, allowHasNext = true): Paging {
  return {
    pageNo: intParam(params, 'page_no', { min: 1, fallback: 1 })!,
    pageSize: intParam(params, 'page_size', { min: 1, max: maxPageSize, fallback: 40 })!,
    useHasNext: allowHasNext ? boolParam(params, 'use_has_next') : false,
  };
}

/**
 * One page of `rows` under `listKey`/`itemKey` (double-wrapped, §4). With use_has_next there is
 * `has_next` and no `total_results` (§5); without, `total_results` only. An empty page has no
 * list at all, as TOP leaves empty lists out [U].
 */
export function pageBody<T>(rows: T[], p: Paging, listKey: string, itemKey: string, render: (row: T) => unknown): Record<string, unknown> {
  const start = (p.pageNo - 1) * p.pageSize;
  const slice = rows.slice(start, start + p.pageSize);
  const body: Record<string, unknown> = p.useHasNext ? { has_next: start + p.pageSize < rows.length } : { total_results: rows.length };
  if (slice.length) body[listKey] = { [itemKey]: slice.map(render) };
  return body;
}
