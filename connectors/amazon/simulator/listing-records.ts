import type { AmazonState, ListingIssue, ListingRecord, Raw, Requirements, Submission, SubmissionChange } from './amazon-state';
import { amazonTime, isObject } from './call';
import { asinFor, fnSkuFor, newSubmissionId } from './ids';
import { applyPatches, checkPatches } from './json-patch';
import { marketplace } from './marketplaces';
import { num, WireNumber } from '../../sdk/simulator/wire-json';

/**
 * Listings as the Listings Items API shows them (amazon.md §3): one record per SKU and
 * marketplace holding the attributes as the seller wrote them (Product Type Definitions shapes:
 * lists of objects, `marketplace_id` / `language_tag` inside), and the views derived from them:
 * `summaries`, `offers` (from `purchasable_offer`), `fulfillmentAvailability` (from
 * `fulfillment_availability`; an Amazon-fulfilled channel shows the FBA stock), `issues`.
 *
 * [U] The product type definitions are not bundled: the attributes a product type requires are
 * `item_name` and `condition_type` for LISTING, `item_name` for LISTING_PRODUCT_ONLY and
 * `condition_type` for LISTING_OFFER_ONLY, unless `POST /__sim/product-types` says otherwise. A
 * write missing one is INVALID at once (issue 90220, as the models' VALIDATION_INVALID answers
 * show); other problems come back after processing, as ERROR issues on the listing.
 */

export const REQUIREMENTS: Requirements[] = ['LISTING', 'LISTING_PRODUCT_ONLY', 'LISTING_OFFER_ONLY'];

const DEFAULT_REQUIRED: Record<Requirements, string[]> = {
  LISTING: ['item_name', 'condition_type'],
  LISTING_PRODUCT_ONLY: ['item_name'],
  LISTING_OFFER_ONLY: ['condition_type'],
};

/** ItemSummaryByMarketplace.conditionType's enum [O]. */
const CONDITION_TYPES = ['new_new', 'new_open_box', 'new_oem', 'refurbished_refurbished', 'used_like_new', 'used_very_good', 'used_good', 'used_acceptable', 'collectible_like_new', 'collectible_very_good', 'collectible_good', 'collectible_acceptable', 'club_club'];

export function requiredAttributes(state: AmazonState, productType: string, requirements: Requirements): string[] {
  return state.productTypes.get(productType)?.[requirements] ?? DEFAULT_REQUIRED[requirements];
}

function issue(code: string, message: string, categories: string[], attributeNames?: string[], severity: ListingIssue['severity'] = 'ERROR'): ListingIssue {
  return { code, message, severity, ...(attributeNames ? { attributeNames } : {}), categories };
}

/** Problems a write is refused for at once (INVALID): required attributes missing, attribute values that are not lists of objects. */
export function submissionIssues(state: AmazonState, productType: string, requirements: Requirements, attributes: Raw): ListingIssue[] {
  const out: ListingIssue[] = [];
  for (const name of requiredAttributes(state, productType, requirements)) {
    const v = attributes[name];
    if (!Array.isArray(v) || v.length === 0) out.push(issue('90220', `'${name}' is required but not supplied.`, ['MISSING_ATTRIBUTE'], [name]));
  }
  return [...out, ...shapeIssues(attributes)];
}

/** Attribute values that are not lists of objects. */
export function shapeIssues(attributes: Raw): ListingIssue[] {
  const invalid = Object.entries(attributes).filter(([, v]) => !Array.isArray(v) || v.some((x) => !isObject(x)));
  return invalid.length ? [issue('90000900', 'The attributes are invalid.', ['INVALID_ATTRIBUTE'], invalid.map(([k]) => k))] : [];
}

function wireText(v: unknown): string | null {
  if (v instanceof WireNumber) return v.text;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v === 'string' && v.trim() !== '') return v;
  return null;
}

/** The listing's price in its marketplace: `purchasable_offer[].our_price[0].schedule[0].value_with_tax` [U: the inner shape]. */
export function offerOf(r: ListingRecord): { amount: string; currency: string | null } | null {
  const offers = Array.isArray(r.attributes.purchasable_offer) ? (r.attributes.purchasable_offer as Raw[]) : [];
  const o = offers.find((x) => isObject(x) && (x.marketplace_id === undefined || x.marketplace_id === r.marketplaceId));
  const amount = wireText(o?.our_price?.[0]?.schedule?.[0]?.value_with_tax);
  if (!o || amount === null) return null;
  return { amount, currency: typeof o.currency === 'string' ? o.currency : null };
}

function availability(r: ListingRecord): Raw[] {
  return Array.isArray(r.attributes.fulfillment_availability) ? (r.attributes.fulfillment_availability as Raw[]).filter(isObject) : [];
}

/** The fulfilment channel the listing sells from: DEFAULT (merchant) or AMAZON_NA/… (FBA). */
export function channelOf(r: ListingRecord): string {
  const codes = availability(r).map((a) => a.fulfillment_channel_code).filter((c): c is string => typeof c === 'string');
  return codes.find((c) => c.startsWith('AMAZON_')) ?? codes[0] ?? 'DEFAULT';
}

export const isAmazonChannel = (code: string) => code.startsWith('AMAZON_');

/** Units for sale: the merchant's quantity, or FBA's fulfillable units for an Amazon-fulfilled channel. */
export function quantityOf(state: AmazonState, r: ListingRecord): number {
  const channel = channelOf(r);
  if (isAmazonChannel(channel)) return state.fba.get(r.sku)?.fulfillable ?? 0;
  const q = num(availability(r).find((a) => a.fulfillment_channel_code === channel)?.quantity);
  return Number.isFinite(q) ? q : 0;
}

export function allIssues(r: ListingRecord): ListingIssue[] {
  return [...r.issues, ...r.laterIssues].map((i) => ({ ...i, marketplaceIds: i.marketplaceIds ?? [r.marketplaceId] }));
}

/** [U] ERROR issues leave a listing neither discoverable nor buyable; otherwise DISCOVERABLE, and BUYABLE with a price and stock. */
export function statusesOf(state: AmazonState, r: ListingRecord): string[] {
  if (allIssues(r).some((i) => i.severity === 'ERROR')) return [];
  return offerOf(r) && quantityOf(state, r) > 0 ? ['BUYABLE', 'DISCOVERABLE'] : ['DISCOVERABLE'];
}

/** The entry of an attribute for the record's marketplace (else one naming none, else the first). */
function entryOf(r: ListingRecord, name: string): Raw | undefined {
  const v = r.attributes[name];
  if (!Array.isArray(v)) return undefined;
  const mine = v.find((x) => isObject(x) && x.marketplace_id === r.marketplaceId) ?? v.find((x) => isObject(x) && x.marketplace_id === undefined) ?? v[0];
  return isObject(mine) ? mine : undefined;
}

function firstValue(r: ListingRecord, name: string): unknown {
  return entryOf(r, name)?.value;
}

/** A text attribute of the listing on its marketplace (item_name, product_description) with the `language_tag` it was written with, as the seller sent them. */
export function textOf(r: ListingRecord, name: string): { value: string; language: string | null } | null {
  const e = entryOf(r, name);
  return typeof e?.value === 'string' ? { value: e.value, language: typeof e.language_tag === 'string' ? e.language_tag : null } : null;
}

export function summaryOf(state: AmazonState, r: ListingRecord): Raw {
  const condition = firstValue(r, 'condition_type');
  const name = firstValue(r, 'item_name');
  return {
    marketplaceId: r.marketplaceId,
    asin: r.asin,
    productType: r.productType,
    ...(typeof condition === 'string' && CONDITION_TYPES.includes(condition) ? { conditionType: condition } : {}),
    status: statusesOf(state, r),
    ...(isAmazonChannel(channelOf(r)) ? { fnSku: fnSkuFor(r.asin) } : {}),
    ...(typeof name === 'string' ? { itemName: name } : {}),
    createdDate: amazonTime(r.createdAt),
    lastUpdatedDate: amazonTime(r.updatedAt),
  };
}

export function offerView(r: ListingRecord): Raw | null {
  const o = offerOf(r);
  if (!o) return null;
  return { marketplaceId: r.marketplaceId, offerType: 'B2C', price: { currencyCode: o.currency ?? marketplace(r.marketplaceId)?.currency ?? 'USD', amount: o.amount }, audience: { value: 'ALL', displayName: 'Sell on Amazon' } };
}

export function availabilityView(state: AmazonState, r: ListingRecord): Raw[] {
  return availability(r)
    .filter((a) => typeof a.fulfillment_channel_code === 'string')
    .map((a) => {
      const code = a.fulfillment_channel_code as string;
      const q = isAmazonChannel(code) ? (state.fba.get(r.sku)?.fulfillable ?? 0) : num(a.quantity);
      return { fulfillmentChannelCode: code, ...(Number.isInteger(q) ? { quantity: q } : {}) };
    });
}

/** Problems found when a change is processed [U: the codes], shown as the listing's issues. */
function processingIssues(state: AmazonState, r: ListingRecord): ListingIssue[] {
  const out: ListingIssue[] = [];
  for (const name of requiredAttributes(state, r.productType, r.requirements)) {
    if (!Array.isArray(r.attributes[name]) || (r.attributes[name] as unknown[]).length === 0) out.push(issue('90220', `'${name}' is required but not supplied.`, ['MISSING_ATTRIBUTE'], [name]));
  }
  const o = offerOf(r);
  const expected = marketplace(r.marketplaceId)?.currency;
  if (o && o.currency && expected && o.currency !== expected) out.push(issue('90244', `The currency '${o.currency}' is not the currency of marketplace ${r.marketplaceId} (${expected}).`, ['INVALID_PRICE'], ['purchasable_offer']));
  if (o && !(Number(o.amount) > 0)) out.push(issue('90245', `The price '${o.amount}' must be a number above 0.`, ['INVALID_PRICE'], ['purchasable_offer']));
  for (const a of availability(r)) {
    if (a.quantity === undefined || isAmazonChannel(String(a.fulfillment_channel_code))) continue;
    const q = num(a.quantity);
    if (!Number.isInteger(q) || q < 0) out.push(issue('90111', `The quantity '${String(a.quantity)}' must be a whole number of 0 or more.`, ['INVALID_ATTRIBUTE'], ['fulfillment_availability']));
  }
  return out;
}

/** The quantity a write sent for an Amazon-fulfilled channel, which FBA's stock overrides [U]. */
function sentAfnQuantity(attributes: Raw): number | null {
  const list = Array.isArray(attributes.fulfillment_availability) ? (attributes.fulfillment_availability as Raw[]) : [];
  const a = list.find((x) => isObject(x) && typeof x.fulfillment_channel_code === 'string' && isAmazonChannel(x.fulfillment_channel_code) && x.quantity !== undefined);
  return a ? num(a.quantity) : null;
}

/** Whether a listing exists, or will once the accepted writes before it are processed. */
export function willExist(state: AmazonState, sku: string, marketplaceId: string): boolean {
  let exists = state.listings.has(state.listingKey(sku, marketplaceId));
  for (const s of state.submissions) {
    if (s.processedAt !== null || s.sku !== sku || s.marketplaceId !== marketplaceId) continue;
    if (s.change.kind === 'PUT') exists = true;
    else if (s.change.kind === 'DELETE') exists = false;
  }
  return exists;
}

/** The ASIN a new listing names (`merchant_suggested_asin`), or null: the simulator then makes one up. */
function suggestedAsin(attributes: Raw, marketplaceId: string): string | null {
  const v = firstValue({ attributes, marketplaceId } as ListingRecord, 'merchant_suggested_asin');
  return typeof v === 'string' && /^[A-Z0-9]{10}$/.test(v) ? v : null;
}

/** Processes one accepted write at its time. */
export function applySubmission(state: AmazonState, s: Submission): void {
  const key = state.listingKey(s.sku, s.marketplaceId);
  const existing = state.listings.get(key);
  const at = s.dueAt;
  s.processedAt = at;
  if (s.change.kind === 'DELETE') {
    state.listings.delete(key);
    return;
  }
  let record: ListingRecord;
  if (s.change.kind === 'PUT') {
    record = {
      sku: s.sku,
      marketplaceId: s.marketplaceId,
      productType: s.change.productType,
      requirements: s.change.requirements,
      attributes: s.change.attributes,
      asin: existing?.asin ?? suggestedAsin(s.change.attributes, s.marketplaceId) ?? asinFor(state.sellerId, s.sku),
      createdAt: existing?.createdAt ?? at,
      updatedAt: at,
      issues: [],
      laterIssues: existing?.laterIssues ?? [],
      ignoredQuantity: existing?.ignoredQuantity ?? null,
    };
  } else {
    if (!existing) return;
    const patches = checkPatches(s.change.patches);
    if (typeof patches === 'string') return;
    record = { ...existing, productType: s.change.productType, attributes: applyPatches(existing.attributes, patches), updatedAt: at };
  }
  const afn = sentAfnQuantity(s.change.kind === 'PUT' ? s.change.attributes : record.attributes);
  if (afn !== null && (s.change.kind === 'PUT' || s.change.patches.some((p) => p?.path === '/attributes/fulfillment_availability'))) record.ignoredQuantity = afn;
  record.issues = processingIssues(state, record);
  state.listings.set(key, record);
}

export interface WriteOutcome {
  status: 'ACCEPTED' | 'INVALID' | 'VALID';
  submissionId: string;
  issues: ListingIssue[];
}

/** A write checked and, unless it is INVALID or a preview, queued for processing at `dueAt`. */
export function submitWrite(state: AmazonState, w: { sku: string; marketplaceId: string; change: SubmissionChange; preview: boolean; at: number; dueAt: number; source: Submission['source'] }): WriteOutcome {
  const submissionId = newSubmissionId();
  let issues: ListingIssue[] = [];
  if (w.change.kind === 'PUT') issues = submissionIssues(state, w.change.productType, w.change.requirements, w.change.attributes);
  else if (w.change.kind === 'PATCH') {
    const patches = checkPatches(w.change.patches);
    if (typeof patches === 'string') issues = [issue('4000001', `The patches are invalid: ${patches}.`, ['INVALID_ATTRIBUTE'])];
    // [U] the code: a patch of a listing that does not exist (nor will once the writes before it are processed) is refused at once.
    else if (!willExist(state, w.sku, w.marketplaceId)) issues = [issue('4000003', `The SKU '${w.sku}' does not exist in marketplace ${w.marketplaceId}.`, [])];
    else issues = shapeIssues(applyPatches({}, patches));
  }
  const invalid = issues.some((i) => i.severity === 'ERROR');
  if (invalid) return { status: 'INVALID', submissionId, issues };
  if (w.preview) return { status: 'VALID', submissionId, issues };
  // [U] deleting a SKU that does not exist is accepted and changes nothing.
  if (w.change.kind === 'DELETE' && !willExist(state, w.sku, w.marketplaceId)) return { status: 'ACCEPTED', submissionId, issues };
  state.submissions.push({ submissionId, sku: w.sku, marketplaceId: w.marketplaceId, change: w.change, at: w.at, dueAt: w.dueAt, processedAt: null, source: w.source });
  return { status: 'ACCEPTED', submissionId, issues };
}


/** One SKU's listing in the marketplaces asked, with the data sets asked; null when it is in none of them. */
export function itemView(state: AmazonState, sku: string, marketplaceIds: string[], included: ReadonlySet<string>): Raw | null {
  const records = marketplaceIds.map((m) => state.listings.get(state.listingKey(sku, m))).filter((r) => r !== undefined);
  if (!records.length) return null;
  const item: Raw = { sku };
  if (included.has('summaries')) item.summaries = records.map((r) => summaryOf(state, r));
  // [U] a listing in several marketplaces keeps attributes per marketplace; the first marketplace asked that has it is shown.
  if (included.has('attributes')) item.attributes = records[0].attributes;
  if (included.has('issues')) item.issues = records.flatMap((r) => allIssues(r));
  if (included.has('offers')) item.offers = records.map((r) => offerView(r)).filter((o) => o !== null);
  if (included.has('fulfillmentAvailability')) item.fulfillmentAvailability = availabilityView(state, records[0]);
  if (included.has('procurement')) item.procurement = [];
  if (included.has('relationships')) item.relationships = records.map((r) => ({ marketplaceId: r.marketplaceId, relationships: [] }));
  if (included.has('productTypes')) item.productTypes = records.map((r) => ({ marketplaceId: r.marketplaceId, productType: r.productType }));
  return item;
}

