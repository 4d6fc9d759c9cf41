import { dig, isObject, text } from './call';
import { EbayError, ebayError, EbayFault, INVENTORY_DOMAIN, inventoryFault } from './ebay-errors';
import type { EbayState, ItemGroupRecord, OfferRecord, Raw } from './ebay-state';
import { pacificDay } from './ebay-time';
import { marketplace } from './marketplaces';
import { num, WireNumber } from '../../sdk/simulator/wire-json';

/**
 * What a listing is made of and when it may go live (ebay.md §4, §8.3-8.4, the contract's
 * "Offer fields" notes): the quantity a listing shows, its price, the checks publishOffer makes
 * and the 250 revisions a listing may have per calendar day.
 */

/** [O] "Each listing can be revised up to 250 times in one calendar day". */
export const MAX_REVISIONS_PER_DAY = 250;

/** An integer as JSON sends it (a WireNumber or a number); undefined when absent, NaN when not a whole number. */
export function wholeNumber(v: unknown): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (!(v instanceof WireNumber) && typeof v !== 'number') return NaN;
  const n = num(v);
  return Number.isInteger(n) ? n : NaN;
}

/** The item's 'ship-to-home' quantity, undefined when it was never set. */
export function itemQuantity(item: Raw | undefined): number | undefined {
  return wholeNumber(dig(item, 'availability', 'shipToLocationAvailability', 'quantity'));
}

/**
 * What a listing of the offer shows: [O ShipToLocationAvailability.quantity] "the quantity
 * specified on a listing will be the minimum value between this field and the availableQuantity
 * field"; either alone when the other is not set.
 */
export function listingQuantity(state: EbayState, offer: OfferRecord): number {
  const total = itemQuantity(state.items.get(offer.sku)?.body);
  const allocated = wholeNumber(offer.body.availableQuantity);
  const values = [total, allocated].filter((v): v is number => v !== undefined && !Number.isNaN(v));
  return values.length ? Math.min(...values) : 0;
}

export function offerPrice(offer: OfferRecord): { value: string; currency: string } | null {
  const p = dig(offer.body, 'pricingSummary', 'price');
  return isObject(p) && typeof p.value === 'string' && typeof p.currency === 'string' ? { value: p.value, currency: p.currency } : null;
}

/** A price eBay takes: a decimal string above zero with at most two decimals, in the marketplace's currency [U: eBay's exact rule]. */
export function priceProblem(price: unknown, marketplaceId: string): string | null {
  if (!isObject(price)) return 'the price is missing';
  const value = price.value;
  const currency = price.currency;
  if (typeof value !== 'string' || !/^\d{1,9}(\.\d{1,2})?$/.test(value) || Number(value) <= 0) return `the price value ${JSON.stringify(value)} is not an amount above zero`;
  const site = marketplace(marketplaceId);
  if (typeof currency !== 'string') return 'the price has no currency';
  if (site && currency !== site.currency) return `${marketplaceId} takes prices in ${site.currency}, not ${currency}`;
  return null;
}

const err = (errorId: number, message: string, field: string) => ebayError(INVENTORY_DOMAIN, errorId, message, { parameters: { fieldName: field } });

/**
 * Why the offer cannot be live (empty when it can), in the order eBay's publish reports
 * [O publishOffer's 400 errorIds, ebay.md §7; the wording is the simulator's]. For a variation
 * of a group the title, description and pictures are the group's.
 */
export function publishProblems(state: EbayState, offer: OfferRecord, group: ItemGroupRecord | null = null, live = false): EbayError[] {
  const problems: EbayError[] = [];
  const item = state.items.get(offer.sku);
  if (!item) return [err(25702, `${offer.sku} could not be found or is not available in the system.`, 'sku')];
  const product = dig(item.body, 'product');
  const texts = group ? group.body : isObject(product) ? product : {};
  if (!text(texts.title)) problems.push(err(25017, `No title: ${group ? 'the inventory item group' : 'product.title of the inventory item'} must have one to publish.`, group ? 'title' : 'product.title'));
  if (!text(texts.description) && !(group ? undefined : text(offer.body.listingDescription))) {
    problems.push(err(25017, `No description: ${group ? 'the inventory item group' : 'product.description or the offer\'s listingDescription'} must have one to publish.`, group ? 'description' : 'listingDescription'));
  }
  const images = group ? texts.imageUrls : dig(product, 'imageUrls');
  if (!Array.isArray(images) || images.length === 0) problems.push(err(25014, 'At least one picture (imageUrls) is required to publish.', 'imageUrls'));
  if (!text(item.body.condition)) problems.push(err(25021, 'The item condition is required to publish.', 'condition'));
  const total = itemQuantity(item.body);
  if (total === undefined) problems.push(err(25004, "The 'ship-to-home' quantity (availability.shipToLocationAvailability.quantity) must be set before an offer of the inventory item can be published.", 'shipToLocationAvailability.quantity'));
  // A live listing may run out (eBay keeps it, out of stock [U: with the seller's out-of-stock option]); a new one must have stock.
  else if (!live && listingQuantity(state, offer) <= 0) problems.push(err(25004, 'The available quantity must be 1 or more to publish.', 'availableQuantity'));
  if (!text(offer.body.categoryId) || !/^\d+$/.test(String(offer.body.categoryId))) problems.push(err(25005, `The category ID ${JSON.stringify(offer.body.categoryId ?? null)} is invalid.`, 'categoryId'));
  const price = priceProblem(dig(offer.body, 'pricingSummary', 'price'), offer.marketplaceId);
  if (price) problems.push(err(25003, `Invalid price: ${price}.`, 'pricingSummary.price'));
  const policies = dig(offer.body, 'listingPolicies');
  const policy = (field: string, kind: keyof EbayState['policies'], errorId: number, label: string) => {
    const id = dig(policies, field);
    if (typeof id !== 'string' || !state.policies[kind].has(id)) problems.push(err(errorId, `Invalid ${label} policy information: ${JSON.stringify(id ?? null)} is not a ${label} policy of the account.`, `listingPolicies.${field}`));
  };
  policy('fulfillmentPolicyId', 'fulfillment', 25007, 'fulfillment (shipping)');
  policy('paymentPolicyId', 'payment', 25008, 'payment');
  policy('returnPolicyId', 'return', 25009, 'return');
  const key = offer.body.merchantLocationKey;
  const location = typeof key === 'string' ? state.locations.get(key) : undefined;
  if (!location || location.status !== 'ENABLED') problems.push(err(25012, `Invalid inventory location: ${JSON.stringify(key ?? null)} is not an enabled merchant location of the seller.`, 'merchantLocationKey'));
  return problems;
}

/** The offers live on a listing. */
export function offersOnListing(state: EbayState, listingId: string): OfferRecord[] {
  return [...state.offers.values()].filter((o) => o.status === 'PUBLISHED' && o.listingId === listingId);
}

/** Listings the SKU is live on. */
export function liveListingsOf(state: EbayState, sku: string): string[] {
  return [...new Set([...state.offers.values()].filter((o) => o.sku === sku && o.status === 'PUBLISHED' && o.listingId).map((o) => o.listingId as string))];
}

/**
 * Counts one revision of each listing, refusing all when one is at its day's limit [U: the
 * refusal's errorId is not documented; 25002, a user error, naming the listing].
 */
export function revise(state: EbayState, listingIds: string[], now: number): void {
  const day = pacificDay(now);
  const unique = [...new Set(listingIds)];
  for (const id of unique) {
    const r = state.revisions.get(id);
    if (r && r.day === day && r.count >= MAX_REVISIONS_PER_DAY) {
      throw inventoryFault(400, 25002, `A user error has occurred. Listing ${id} has been revised ${MAX_REVISIONS_PER_DAY} times today, the most a listing may be revised in one calendar day.`, { parameters: { listingId: id } });
    }
  }
  for (const id of unique) {
    const r = state.revisions.get(id);
    state.revisions.set(id, r && r.day === day ? { day, count: r.count + 1 } : { day, count: 1 });
  }
}

/** Refuses a change that would leave a live offer unpublishable (a full replace that dropped a field a live listing needs). */
export function assertStillPublishable(state: EbayState, offers: OfferRecord[]): void {
  const problems = offers.flatMap((o) => publishProblems(state, o, o.groupKey ? (state.groups.get(o.groupKey) ?? null) : null, true));
  if (problems.length) throw new EbayFault(400, problems);
}
