import fs from 'node:fs';
import path from 'node:path';
import { ERRATA } from './errata';

/**
 * Amazon's models as the validator reads them. The files in specs/ are never edited (SOURCES.md);
 * two steps, each for a stated reason:
 * 1. each Swagger 2.0 model is converted to OpenAPI 3.0 with the swagger2openapi library, since
 *    openapi-backend reads OpenAPI 3 only (a `csv` array parameter becomes `style: form,
 *    explode: false`: `marketplaceIds=A,B`, as Amazon's clients send it);
 * 2. the errata of errata.ts (a model contradicting itself).
 */

export type Json = Record<string, unknown>;

export type ApiName = 'orders' | 'ordersV0' | 'listings' | 'feeds' | 'fbaInventory';

export const SPEC_FILES: Record<ApiName, string> = {
  orders: 'orders_2026-01-01.json',
  ordersV0: 'ordersV0.json',
  listings: 'listingsItems_2021-08-01.json',
  feeds: 'feeds_2021-06-30.json',
  fbaInventory: 'fbaInventory.json',
};

/** The JSON Schemas of documents that travel outside the API calls. */
export const DOCUMENT_SCHEMA_FILES = {
  listingsFeed: 'listings-feed-schema-v2.json',
  listingsFeedReport: 'listings-feed-processing-report-schema-v2.json',
} as const;

export const SPECS_DIR = path.join(__dirname, 'specs');

export function readSpecFile(file: string): Json {
  return JSON.parse(fs.readFileSync(path.join(SPECS_DIR, file), 'utf8')) as Json;
}

export function readSpec(api: ApiName): Json {
  return readSpecFile(SPEC_FILES[api]);
}

/** Step 1. */
export async function toOpenApi3(swagger: Json): Promise<Json> {
  // Required here: swagger2openapi is a devDependency (a production image runs the simulator without checks).
  const s2o = require('swagger2openapi') as { convertObj(doc: unknown, options: Record<string, unknown>): Promise<{ openapi: Json }> };
  const { openapi } = await s2o.convertObj(structuredClone(swagger), { patch: true, warnOnly: true, resolve: false });
  return openapi;
}

function schemas(doc: Json): Json {
  return ((doc.components as Json | undefined)?.schemas as Json | undefined) ?? {};
}

/** Step 2, in place. Throws when an erratum no longer matches the model (Amazon fixed it: drop it). */
export function applyErrata(doc: Json, api: ApiName): void {
  for (const e of ERRATA.filter((x) => x.api === api)) {
    const [name, prop] = e.schema;
    const properties = (schemas(doc)[name] as Json | undefined)?.properties as Json | undefined;
    const current = properties?.[prop] as Json | undefined;
    const still = current && Object.entries(e.declared).every(([k, v]) => JSON.stringify(current[k]) === JSON.stringify(v));
    if (!properties || !still) throw new Error(`erratum ${name}.${prop} no longer matches the ${api} model: check whether Amazon fixed it and drop it from errata.ts`);
    properties[prop] = { ...current, ...e.reading };
  }
}

/** The model of one API as the validator reads it (steps 1-2). */
export async function normalisedSpec(api: ApiName): Promise<Json> {
  const doc = await toOpenApi3(readSpec(api));
  applyErrata(doc, api);
  return doc;
}
