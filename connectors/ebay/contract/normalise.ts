import fs from 'node:fs';
import path from 'node:path';
import { ERRATA } from './errata';

/**
 * The vendored contracts as the validator reads them. Three steps, each for a stated reason; the
 * files themselves are never edited (specs/SOURCES.md):
 * 1. properties beside a `$ref` are dropped: OpenAPI 3.0 says a Reference Object's siblings are
 *    ignored, and the library's definition check refuses them (eBay writes a `description` next
 *    to almost every `$ref`);
 * 2. the errata of errata.ts (a schema that contradicts its own description);
 * 3. responses the contract declares without a body get one: errors (400/404/409/500, declared
 *    with their errorIds in `x-response-codes` but no content) the `{"errors": [Error…]}` envelope
 *    every eBay error answers (ebay.md §7, built from the contract's own `Error` schema:
 *    `ErrorResponse` below); a bulk call's 207 Multi-Status the body of its 200, the per-item
 *    `responses[]` with a `statusCode` each (ebay.md §4, §7: "Bulk calls return 207 with per-item
 *    statusCode and errors").
 */

export type Json = Record<string, unknown>;

export type ApiName = 'inventory' | 'fulfillment';

export const SPEC_FILES: Record<ApiName, string> = {
  inventory: 'sell_inventory_v1_oas3.json',
  fulfillment: 'sell_fulfillment_v1_oas3.json',
};

/** Where each API lives on the host (the `basePath` server variable of each contract). */
export const API_ROOTS: Record<ApiName, string> = {
  inventory: '/sell/inventory/v1',
  fulfillment: '/sell/fulfillment/v1',
};

export const SPECS_DIR = path.join(__dirname, 'specs');

/** The name under components.schemas of the error envelope added in step 3. */
export const ERROR_RESPONSE = 'ErrorResponse';

export function readSpec(api: ApiName): Json {
  return JSON.parse(fs.readFileSync(path.join(SPECS_DIR, SPEC_FILES[api]), 'utf8')) as Json;
}

/** Step 1: a copy in which every object holding `$ref` holds nothing else. */
export function withoutRefSiblings<T>(node: T): T {
  if (Array.isArray(node)) return node.map((n) => withoutRefSiblings(n)) as unknown as T;
  if (node && typeof node === 'object') {
    const o = node as Json;
    if (typeof o.$ref === 'string') return { $ref: o.$ref } as T;
    const out: Json = {};
    for (const [k, v] of Object.entries(o)) out[k] = withoutRefSiblings(v);
    return out as T;
  }
  return node;
}

function schemas(doc: Json): Json {
  return ((doc.components as Json).schemas as Json) ?? {};
}

/** Step 2, in place. Throws when an erratum no longer matches the contract (it was fixed: drop it). */
export function applyErrata(doc: Json, api: ApiName): void {
  for (const e of ERRATA.filter((x) => x.spec === api)) {
    const [name, prop] = e.schema;
    const properties = (schemas(doc)[name] as Json | undefined)?.properties as Json | undefined;
    const current = properties?.[prop] as Json | undefined;
    const still = current && Object.entries(e.declared).every(([k, v]) => JSON.stringify(current[k]) === JSON.stringify(v));
    if (!properties || !still) throw new Error(`erratum ${name}.${prop} no longer matches the ${api} contract: check whether eBay fixed it and drop it from errata.ts`);
    properties[prop] = { ...e.reading };
  }
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

/** Step 3, in place: the error envelope for declared errors without a body, the 200's body for a bulk call's 207. */
export function withDeclaredBodies(doc: Json): void {
  schemas(doc)[ERROR_RESPONSE] = {
    type: 'object',
    required: ['errors'],
    properties: {
      errors: { type: 'array', minItems: 1, items: { $ref: '#/components/schemas/Error' } },
      warnings: { type: 'array', items: { $ref: '#/components/schemas/Error' } },
    },
  };
  for (const ops of Object.values(doc.paths as Json)) {
    for (const [method, op] of Object.entries(ops as Json)) {
      if (!METHODS.includes(method)) continue;
      for (const [status, res] of Object.entries(((op as Json).responses as Json) ?? {})) {
        const r = res as Json;
        if (/^[45]\d\d$/.test(status) && !r.content) r.content = { 'application/json': { schema: { $ref: `#/components/schemas/${ERROR_RESPONSE}` } } };
        const ok = ((op as Json).responses as Json)['200'] as Json | undefined;
        if (status === '207' && !r.content && ok?.content) r.content = ok.content;
      }
    }
  }
}

/** The contract of one API as the validator reads it (steps 1-3). */
export function normalisedSpec(api: ApiName): Json {
  const doc = withoutRefSiblings(readSpec(api));
  applyErrata(doc, api);
  withDeclaredBodies(doc);
  return doc;
}
