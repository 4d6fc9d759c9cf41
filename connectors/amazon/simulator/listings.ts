import type { Raw, Requirements, SubmissionChange } from './amazon-state';
import { invalidInput, notFound, unauthorized } from './amazon-errors';
import { answer, Call, enumList, isObject, list, path, Route, single, text } from './call';
import { asinFor } from './ids';
import { checkPatches } from './json-patch';
import { itemView, REQUIREMENTS, submitWrite } from './listing-records';
import { marketplace } from './marketplaces';
import { settle } from './processing';

/**
 * Listings Items API 2021-08-01 (amazon.md §3, §8.4): put, patch and delete answer a submission
 * (`{sku, status, submissionId, issues}`) and are processed after a delay on the simulator's clock
 * (`POST /__sim/processing {listingsMs}`): ACCEPTED means queued, not applied, and a listing not
 * yet processed is not found. `marketplaceIds` names exactly one marketplace on writes [O: maxItems
 * 1], of the seller's region. `mode=VALIDATION_PREVIEW` answers VALID or INVALID and never
 * persists; `includedData=identifiers` only with it [O]. getListingsItem shows `summaries` (the
 * default), `attributes`, `issues`, `offers`, `fulfillmentAvailability`, `productTypes`,
 * `relationships` as asked; searchListingsItems finds listings by SKU.
 */

const ROOT = '/listings/2021-08-01/items';
const GET_DATA = ['summaries', 'attributes', 'issues', 'offers', 'fulfillmentAvailability', 'procurement', 'relationships', 'productTypes'] as const;
const WRITE_DATA = ['identifiers', 'issues'] as const;
export const MAX_PAGE_SIZE = 20;

function checkSeller(call: Call): void {
  // [U] another seller's listings: the token's selling partner is not that seller.
  if (call.params[0] !== call.state.sellerId) throw unauthorized(`The sellerId ${call.params[0]} is not the selling partner of this access token.`);
}

/** The marketplaces of a call, each one of the seller's region. */
function marketplacesOf(call: Call, max: number | null): string[] {
  const ids = list(call, 'marketplaceIds');
  if (!ids || ids.length === 0) throw invalidInput('marketplaceIds is required.');
  if (max !== null && ids.length > max) throw invalidInput(`marketplaceIds takes exactly one marketplace on this operation, not ${ids.length}.`);
  for (const id of ids) {
    const m = marketplace(id);
    if (!m) throw invalidInput(`Invalid marketplaceIds: ${id}.`);
    if (m.region !== call.state.region) throw invalidInput(`Marketplace ${id} is not in the seller's region (${call.state.region}).`);
  }
  return ids;
}

function writeAnswer(call: Call, change: SubmissionChange) {
  checkSeller(call);
  const [marketplaceId] = marketplacesOf(call, 1);
  const mode = single(call, 'mode');
  if (mode !== null && mode !== 'VALIDATION_PREVIEW') throw invalidInput(`Invalid mode: ${mode}.`, 'The only mode is VALIDATION_PREVIEW.');
  const preview = mode === 'VALIDATION_PREVIEW';
  const included = new Set(enumList(call, 'includedData', WRITE_DATA) ?? ['issues']);
  if (included.has('identifiers') && !preview) throw invalidInput('includedData=identifiers can only be requested when mode is VALIDATION_PREVIEW.');
  if (change.kind === 'DELETE' && preview) throw invalidInput('deleteListingsItem has no VALIDATION_PREVIEW mode.');
  const sku = call.params[1];
  settle(call.state, call.now);
  const out = submitWrite(call.state, { sku, marketplaceId, change, preview, at: call.now, dueAt: call.now + call.state.settings.listingsMs, source: 'api' });
  const existing = call.state.listings.get(call.state.listingKey(sku, marketplaceId));
  return answer(200, {
    sku,
    status: out.status,
    submissionId: out.submissionId,
    ...(included.has('issues') ? { issues: out.issues } : {}),
    ...(included.has('identifiers') ? { identifiers: out.status === 'VALID' ? [{ marketplaceId, asin: existing?.asin ?? asinFor(call.state.sellerId, sku) }] : [] } : {}),
  });
}

function requirementsOf(v: unknown): Requirements {
  if (v === undefined) return 'LISTING';
  if (!REQUIREMENTS.includes(v as Requirements)) throw invalidInput(`Invalid requirements: ${String(v)}.`, `One of ${REQUIREMENTS.join(', ')}.`);
  return v as Requirements;
}

function putListingsItem(call: Call) {
  const b = call.body;
  if (!isObject(b) || !text(b.productType) || !isObject(b.attributes)) throw invalidInput('The body is {productType, requirements?, attributes}: productType and attributes are required.');
  return writeAnswer(call, { kind: 'PUT', productType: b.productType as string, requirements: requirementsOf(b.requirements), attributes: b.attributes as Raw });
}

function patchListingsItem(call: Call) {
  const b = call.body;
  if (!isObject(b) || !text(b.productType)) throw invalidInput('The body is {productType, patches}: productType is required.');
  const checked = checkPatches(b.patches);
  if (typeof checked === 'string') throw invalidInput(`Invalid patches: ${checked}.`);
  return writeAnswer(call, { kind: 'PATCH', productType: b.productType as string, patches: b.patches as Raw[] });
}

function deleteListingsItem(call: Call) {
  return writeAnswer(call, { kind: 'DELETE' });
}

function getListingsItem(call: Call) {
  checkSeller(call);
  const marketplaceIds = marketplacesOf(call, null);
  const included = new Set(enumList(call, 'includedData', GET_DATA) ?? ['summaries']);
  settle(call.state, call.now);
  const item = itemView(call.state, call.params[1], marketplaceIds, included);
  if (!item) throw notFound(`SKU '${call.params[1]}' not found in marketplace ${marketplaceIds.join(',')}.`);
  return answer(200, item);
}

function searchListingsItems(call: Call) {
  checkSeller(call);
  const marketplaceIds = marketplacesOf(call, null);
  const included = new Set(enumList(call, 'includedData', GET_DATA) ?? ['summaries']);
  const identifiers = list(call, 'identifiers');
  const type = single(call, 'identifiersType');
  if (identifiers && type === null) throw invalidInput('identifiersType is required with identifiers.');
  if (identifiers && identifiers.length > 20) throw invalidInput('identifiers takes at most 20 values.');
  if (identifiers && type !== 'SKU') throw invalidInput(`The simulator searches by SKU only, not ${type}.`);
  const sizeText = single(call, 'pageSize');
  const size = sizeText === null ? 10 : Number(sizeText);
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) throw invalidInput(`pageSize must be between 1 and ${MAX_PAGE_SIZE}.`);
  const tokenText = single(call, 'pageToken');
  const offset = tokenText === null ? 0 : Number(Buffer.from(tokenText, 'base64url').toString('utf8').replace(/^offset:/, ''));
  if (!Number.isInteger(offset) || offset < 0) throw invalidInput('Invalid pageToken.');
  settle(call.state, call.now);
  const skus = [...new Set([...call.state.listings.values()].filter((r) => marketplaceIds.includes(r.marketplaceId)).map((r) => r.sku))]
    .filter((s) => !identifiers || identifiers.includes(s))
    .sort();
  const page = skus.slice(offset, offset + size).map((s) => itemView(call.state, s, marketplaceIds, included) as Raw);
  const pagination: Raw = {};
  if (offset + size < skus.length) pagination.nextToken = Buffer.from(`offset:${offset + size}`).toString('base64url');
  if (offset > 0) pagination.previousToken = Buffer.from(`offset:${Math.max(0, offset - size)}`).toString('base64url');
  return answer(200, { numberOfResults: skus.length, ...(Object.keys(pagination).length ? { pagination } : {}), items: page });
}

export const listingRoutes: Route[] = [
  { method: 'GET', pattern: path(`${ROOT}/{sellerId}`), operationId: 'searchListingsItems', body: false, run: searchListingsItems },
  { method: 'GET', pattern: path(`${ROOT}/{sellerId}/{sku}`), operationId: 'getListingsItem', body: false, run: getListingsItem },
  { method: 'PUT', pattern: path(`${ROOT}/{sellerId}/{sku}`), operationId: 'putListingsItem', body: true, run: putListingsItem },
  { method: 'PATCH', pattern: path(`${ROOT}/{sellerId}/{sku}`), operationId: 'patchListingsItem', body: true, run: patchListingsItem },
  { method: 'DELETE', pattern: path(`${ROOT}/{sellerId}/{sku}`), operationId: 'deleteListingsItem', body: false, run: deleteListingsItem },
];
