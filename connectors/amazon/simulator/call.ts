import type { SimKit, SimRequest, SimResponse } from '../../sdk/simulator';
import type { AmazonState, Raw } from './amazon-state';
import { invalidInput } from './amazon-errors';
import { stringifyWire } from '../../sdk/simulator/wire-json';

/**
 * One SP-API call as the operations see it, once the gateway has routed it, checked its token and
 * usage plan and read its JSON body; and what an operation answers with.
 */

export interface Call {
  state: AmazonState;
  kit: SimKit;
  req: SimRequest;
  now: number;
  /** The path parameters, URL-decoded, in the order of the route's pattern. */
  params: string[];
  /** The JSON body (numbers kept as sent), or null for calls without one. */
  body: unknown;
  /** Origin and seller prefix of the simulator as the caller reached it (presigned URLs start with it). */
  base: string;
}

export interface Route {
  method: string;
  pattern: RegExp;
  operationId: string;
  /** The usage plan it draws from (default its operationId). */
  plan?: string;
  /** The call takes a JSON body. */
  body: boolean;
  run(call: Call): SimResponse;
}

const PARAM_NAMES = new WeakMap<RegExp, string[]>();

/** `/listings/2021-08-01/items/{sellerId}/{sku}` → a pattern capturing each `{…}` segment. */
export function path(template: string): RegExp {
  const pattern = new RegExp(`^${template.replace(/\{[^}]+\}/g, '([^/]+)')}$`);
  PARAM_NAMES.set(pattern, [...template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]));
  return pattern;
}

export function paramNames(pattern: RegExp): string[] {
  return PARAM_NAMES.get(pattern) ?? [];
}

/** A JSON answer (numbers kept as they were given); no body when `value` is undefined. */
export function answer(status: number, value?: unknown, headers: Record<string, string> = {}): SimResponse {
  if (value === undefined) return { status, body: '', headers };
  return { status, body: stringifyWire(value), headers: { 'content-type': 'application/json', ...headers } };
}

export function isObject(v: unknown): v is Raw {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

export function text(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v : undefined;
}

/** A query parameter once; null when absent. Twice is refused (the models take each once). */
export function single(call: Call, name: string): string | null {
  const all = call.req.query.getAll(name);
  if (all.length > 1) throw invalidInput(`${name} was given ${all.length} times.`);
  return all.length ? all[0] : null;
}

/**
 * A list parameter (the models' arrays are `csv`: `marketplaceIds=A,B`); repeated names are read
 * too, so the simulator answers what Amazon would while the contract check names the form. Null
 * when absent.
 */
export function list(call: Call, name: string): string[] | null {
  const all = call.req.query.getAll(name);
  if (!all.length) return null;
  return all.flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
}

/** A list parameter whose values must be among `allowed`. */
export function enumList(call: Call, name: string, allowed: readonly string[]): string[] | null {
  const values = list(call, name);
  const bad = values?.filter((v) => !allowed.includes(v)) ?? [];
  if (bad.length) throw invalidInput(`Invalid ${name}: ${bad.join(', ')}.`, `Allowed values: ${allowed.join(', ')}.`);
  return values;
}

/** An ISO 8601 date-time with a zone (amazon.md: "The date must be in ISO 8601 format"); null when absent. */
export function dateParam(call: Call, name: string): number | null {
  const v = single(call, name);
  if (v === null) return null;
  const ms = isoTime(v);
  if (ms === null) throw invalidInput(`Invalid ${name}: ${v}.`, 'The date must be in ISO 8601 format, e.g. 2026-01-15T08:00:00Z.');
  return ms;
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

export function isoTime(v: unknown): number | null {
  if (typeof v !== 'string' || !ISO.test(v)) return null;
  const ms = Date.parse(v);
  return Number.isNaN(ms) ? null : ms;
}

/** ISO 8601 UTC as the simulator writes times. */
export function amazonTime(ms: number): string {
  return new Date(ms).toISOString();
}
