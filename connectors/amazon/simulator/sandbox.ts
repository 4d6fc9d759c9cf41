import fs from 'node:fs';
import path from 'node:path';
import type { SimRequest, SimResponse } from '../../sdk/simulator';
import type { Raw } from './amazon-state';
import { answer } from './call';

/**
 * The static sandbox (amazon.md §2, §8.6): with `sandbox` on, every SP-API call is answered from
 * the `x-amzn-api-sandbox.static` cases of the official models (contract/specs/), as Amazon's
 * sandbox hosts do: a case matches when each parameter it gives a `value` for (path, query, body)
 * equals the request's (lists in any order); the case naming the most parameters wins, and its
 * status and canned response are the answer. A request no case matches is refused with 400
 * `InvalidInput` "Could not match input arguments" [U: the sandbox's wording]. Tokens and usage
 * plans are checked as on production.
 */

const SPECS = path.join(__dirname, '..', 'contract', 'specs');
const MODEL_FILES = ['orders_2026-01-01.json', 'ordersV0.json', 'listingsItems_2021-08-01.json', 'feeds_2021-06-30.json', 'fbaInventory.json'];

interface SandboxCase {
  status: number;
  parameters: Record<string, { value?: unknown }>;
  response: unknown;
}

export interface SandboxOperation {
  method: string;
  pattern: RegExp;
  names: string[];
  operationId: string;
  /** The usage plan (v0's getOrder is not v2026's). */
  plan: string;
  bodyParam: string | null;
  cases: SandboxCase[];
}

let loaded: SandboxOperation[] | null = null;

export function sandboxOperations(): SandboxOperation[] {
  if (loaded) return loaded;
  loaded = [];
  for (const file of MODEL_FILES) {
    const model = JSON.parse(fs.readFileSync(path.join(SPECS, file), 'utf8')) as Raw;
    for (const [template, ops] of Object.entries(model.paths as Raw)) {
      for (const [method, op] of Object.entries(ops as Raw)) {
        if (!op || typeof op !== 'object' || !op.operationId) continue;
        const cases: SandboxCase[] = [];
        for (const [status, res] of Object.entries((op.responses as Raw) ?? {})) {
          for (const c of ((res as Raw)['x-amzn-api-sandbox']?.static as Raw[] | undefined) ?? []) cases.push({ status: Number(status), parameters: c.request?.parameters ?? {}, response: c.response });
        }
        const bodyParam = ((op.parameters as Raw[] | undefined) ?? []).find((p) => p.in === 'body')?.name ?? null;
        loaded.push({
          method: method.toUpperCase(),
          pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, '([^/]+)')}$`),
          names: [...template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]),
          operationId: op.operationId,
          plan: file === 'ordersV0.json' && op.operationId === 'getOrder' ? 'v0.getOrder' : op.operationId,
          bodyParam,
          cases,
        });
      }
    }
  }
  return loaded;
}

export function findSandboxOperation(method: string, p: string): { op: SandboxOperation; params: Record<string, string> } | null {
  for (const op of sandboxOperations()) {
    if (op.method !== method) continue;
    const m = op.pattern.exec(p);
    if (m) return { op, params: Object.fromEntries(op.names.map((n, i) => [n, decodeURIComponent(m[i + 1])])) };
  }
  return null;
}

function same(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x) => b.some((y) => same(x, y)));
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a as Raw);
    return ka.length === Object.keys(b as Raw).length && ka.every((k) => same((a as Raw)[k], (b as Raw)[k]));
  }
  return String(a) === String(b);
}

function requestValue(req: SimRequest, name: string, op: SandboxOperation, params: Record<string, string>, body: unknown, expected: unknown): unknown {
  if (name in params) return params[name];
  if (name === op.bodyParam || name === 'body') return body;
  const all = req.query.getAll(name);
  if (!all.length) return undefined;
  return Array.isArray(expected) ? all.flatMap((v) => v.split(',')) : all[0];
}

/** The canned answer for a request, or the sandbox's refusal. */
export function sandboxAnswer(req: SimRequest, op: SandboxOperation, params: Record<string, string>): SimResponse {
  let body: unknown;
  try {
    body = req.body.trim() ? JSON.parse(req.body) : undefined;
  } catch {
    body = undefined;
  }
  let best: { c: SandboxCase; score: number } | null = null;
  for (const c of op.cases) {
    const given = Object.entries(c.parameters).filter(([, p]) => p && typeof p === 'object' && 'value' in p);
    if (given.every(([name, p]) => same(requestValue(req, name, op, params, body, p.value), p.value)) && (!best || given.length > best.score)) best = { c, score: given.length };
  }
  if (!best) return { ...answer(400, { errors: [{ code: 'InvalidInput', message: 'Could not match input arguments', details: `No static sandbox case of ${op.operationId} matches this request.` }] }), errorCode: 'InvalidInput', errorMessage: 'Could not match input arguments' };
  const { c } = best;
  const empty = c.response === undefined || (c.status === 204 && c.response && typeof c.response === 'object' && Object.keys(c.response as Raw).length === 0);
  const value = empty ? undefined : c.response;
  return c.status >= 400 ? { ...answer(c.status, value), errorCode: 'sandbox', errorMessage: null } : answer(c.status, value);
}
