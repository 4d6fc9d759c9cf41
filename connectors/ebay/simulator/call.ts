import type { SimKit, SimRequest, SimResponse } from '../../sdk/simulator';
import type { EbayState, Raw } from './ebay-state';
import { stringifyWire } from '../../sdk/simulator/wire-json';

/**
 * One Sell API call as the operations see it, once the gateway has routed it, checked its token,
 * limits and headers and read its JSON body; and what an operation answers with.
 */

export type ApiName = 'inventory' | 'fulfillment';

export interface Call {
  state: EbayState;
  kit: SimKit;
  req: SimRequest;
  now: number;
  /** The path parameters, URL-decoded, in the order of the route's pattern. */
  params: string[];
  /** The JSON body (objects with numbers kept as sent), or null for calls without one. */
  body: unknown;
  /** The Content-Language header, when sent. */
  contentLanguage: string | null;
  /** `X-EBAY-C-MARKETPLACE-ID`, else EBAY_US. */
  marketplaceId: string;
  /** Origin and seller prefix of this simulator as the caller reached it: full URIs (`next`, `Location`) start with it. */
  base: string;
}

export interface Route {
  method: string;
  pattern: RegExp;
  operationId: string;
  api: ApiName;
  /** Served to the read-only scope too (the contract's security lists it for reads). */
  readOnly: boolean;
  /** The call takes a JSON body (Content-Type application/json required). */
  body: boolean;
  /** The contract requires `Content-Language` (ebay.md §3). */
  contentLanguage: boolean;
  run(call: Call): SimResponse;
}

const PARAM_NAMES = new WeakMap<RegExp, string[]>();

/** `/offer/{offerId}/publish` → a pattern capturing each `{…}` segment. */
export function path(api: ApiName, template: string): RegExp {
  const root = api === 'inventory' ? '/sell/inventory/v1' : '/sell/fulfillment/v1';
  const pattern = new RegExp(`^${root}${template.replace(/\{[^}]+\}/g, '([^/]+)')}$`);
  PARAM_NAMES.set(pattern, [...template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]));
  return pattern;
}

/** The names of a pattern's path parameters (`['offerId']`), for the request log. */
export function paramNames(pattern: RegExp): string[] {
  return PARAM_NAMES.get(pattern) ?? [];
}

/** A JSON answer (numbers kept as they were given, see sdk/simulator/wire-json.ts); no body when `value` is undefined. */
export function answer(status: number, value?: unknown, headers: Record<string, string> = {}): SimResponse {
  if (value === undefined) return { status, body: '', headers };
  return { status, body: stringifyWire(value), headers: { 'content-type': 'application/json', ...headers } };
}

export function isObject(v: unknown): v is Raw {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

/** A nested field, or undefined: `dig(offer, 'pricingSummary', 'price')`. */
export function dig(v: unknown, ...keys: string[]): unknown {
  let cur = v;
  for (const k of keys) {
    if (!isObject(cur)) return undefined;
    cur = cur[k];
  }
  return cur;
}

/** A text field with content, or undefined. */
export function text(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v : undefined;
}

/** A query parameter that must be a whole number within bounds; `fallback` when absent; null when invalid. */
export function wholeParam(value: string | null, fallback: number, min: number, max: number): number | null {
  if (value === null) return fallback;
  if (!/^\d+$/.test(value.trim())) return null;
  const n = Number(value);
  return n >= min && n <= max ? n : null;
}

/** `href`/`next`/`prev` of a paged answer: the request's own URI with `offset` (and `limit`) set, the other parameters as sent. */
export function pageUri(call: Call, offset: number, limit: number, rawQuery: string): string {
  const kept = rawQuery
    .split('&')
    .filter((p) => p !== '' && !/^(offset|limit)=/i.test(p));
  kept.push(`limit=${limit}`, `offset=${offset}`);
  return `${call.base}${call.req.path}?${kept.join('&')}`;
}
