import { answer, Call, isObject, pageUri, path, Route, text, wholeParam } from './call';
import { EbayFault, inventoryFault } from './ebay-errors';
import type { EbayState, OfferRecord, Raw } from './ebay-state';
import { assertStillPublishable, publishProblems, revise, wholeNumber } from './listings';
import { marketplace } from './marketplaces';

/**
 * Offers (ebay.md §4, §8.4): one per SKU, marketplace and format; createOffer, getOffers by SKU
 * (and marketplace), getOffer, updateOffer (a full replace), deleteOffer, publishOffer (checks
 * what a live listing needs and answers its `listingId`) and withdrawOffer (ends the listing,
 * keeps the offer). The same SKU may have offers on several marketplaces: the contract
 * contradicts itself there ([O] the Offers note "Currently, the Inventory API does not support
 * the same SKU across multiple eBay marketplaces" against ShipToLocationAvailability "the total
 * quantity … available for sale across all marketplaces" with a per-marketplace availableQuantity),
 * so the simulator takes the reading that lets a seller list one SKU on several sites.
 */

/** [O] formats of an offer. */
const FORMATS = ['FIXED_PRICE', 'AUCTION'];

function offerNotFound(offerId: string): EbayFault {
  return inventoryFault(404, 25713, `This Offer is not available : ${offerId}.`, { parameters: { offerId } });
}

export function offerOf(state: EbayState, offerId: string): OfferRecord {
  const o = state.offers.get(offerId);
  if (!o) throw offerNotFound(offerId);
  return o;
}

/** The offer as getOffer answers it (EbayOfferDetailsWithAll). */
export function offerView(o: OfferRecord): Raw {
  return {
    ...o.body,
    offerId: o.offerId,
    sku: o.sku,
    marketplaceId: o.marketplaceId,
    format: o.format,
    status: o.status,
    ...(o.listingId ? { listing: { listingId: o.listingId, listingStatus: o.listingStatus ?? 'ACTIVE', listingOnHold: false, soldQuantity: o.soldQuantity } } : {}),
  };
}

/** The SKU's group, when it is a variation of one (its offers go live through publishOfferByInventoryItemGroup). */
export function groupOfSku(state: EbayState, sku: string): string | null {
  for (const g of state.groups.values()) if (Array.isArray(g.body.variantSKUs) && (g.body.variantSKUs as unknown[]).includes(sku)) return g.key;
  return null;
}

function quantityProblem(body: Raw): EbayFault | null {
  const q = wholeNumber(body.availableQuantity);
  if (q !== undefined && (Number.isNaN(q) || q < 0)) return inventoryFault(400, 25004, 'Invalid quantity: availableQuantity must be a whole number of 0 or more.', { parameters: { fieldName: 'availableQuantity' } });
  return null;
}

/** The body of an update or a create without the keys that name the offer (they never change). */
function details(body: Raw): Raw {
  const { sku: _sku, marketplaceId: _marketplaceId, format: _format, offerId: _offerId, ...rest } = body;
  return rest;
}

function createOffer(call: Call) {
  const { state } = call;
  if (!isObject(call.body)) throw inventoryFault(400, 25709, 'Invalid value for the offer: the body must be a JSON object.', { parameters: { fieldName: 'body' } });
  const body = call.body;
  // [O] createOffer: "Upon first creating an offer, the following fields are required: sku, marketplaceId, and (listing) format".
  for (const field of ['sku', 'marketplaceId', 'format']) {
    if (!text(body[field])) throw inventoryFault(400, 25709, `Invalid value for ${field}. It is required to create an offer.`, { parameters: { fieldName: field } });
  }
  const sku = body.sku as string;
  const marketplaceId = body.marketplaceId as string;
  const format = body.format as string;
  if (!state.items.has(sku)) throw inventoryFault(400, 25702, `${sku} could not be found or is not available in the system.`, { parameters: { skuValue: sku } });
  if (!marketplace(marketplaceId)) throw inventoryFault(400, 25709, `Invalid value for marketplaceId: ${marketplaceId}.`, { parameters: { fieldName: 'marketplaceId' } });
  if (!FORMATS.includes(format)) throw inventoryFault(400, 25709, `Invalid value for format: ${format}.`, { parameters: { fieldName: 'format' } });
  const bad = quantityProblem(body);
  if (bad) throw bad;
  const existing = [...state.offers.values()].find((o) => o.sku === sku && o.marketplaceId === marketplaceId && o.format === format);
  // eBay refuses a second offer of a SKU on a marketplace and format, naming the one there is.
  if (existing) throw inventoryFault(400, 25002, 'A user error has occurred. Offer entity already exists.', { parameters: { offerId: existing.offerId } });
  const offer: OfferRecord = {
    offerId: state.newOfferId(),
    sku,
    marketplaceId,
    format,
    locale: call.contentLanguage as string,
    body: details(body),
    status: 'UNPUBLISHED',
    listingId: null,
    listingStatus: null,
    groupKey: null,
    soldQuantity: 0,
  };
  state.offers.set(offer.offerId, offer);
  return answer(201, { offerId: offer.offerId }, { 'content-language': offer.locale });
}

function updateOffer(call: Call) {
  const { state } = call;
  const offer = offerOf(state, call.params[0]);
  if (!isObject(call.body)) throw inventoryFault(400, 25709, 'Invalid value for the offer: the body must be a JSON object.', { parameters: { fieldName: 'body' } });
  const bad = quantityProblem(call.body);
  if (bad) throw bad;
  const before = { body: offer.body, locale: offer.locale };
  // A full replace: the offer becomes what was sent (sku, marketplaceId and format stay).
  offer.body = details(call.body);
  offer.locale = call.contentLanguage as string;
  if (offer.status === 'PUBLISHED' && offer.listingId) {
    try {
      assertStillPublishable(state, [offer]);
      revise(state, [offer.listingId], call.now);
    } catch (e) {
      Object.assign(offer, before);
      throw e;
    }
  }
  // [U] 204 when there are no warnings (the contract lists 200 with OfferResponse and 204).
  return answer(204, undefined, { 'content-language': offer.locale });
}

function publishOffer(call: Call) {
  const { state } = call;
  const offer = offerOf(state, call.params[0]);
  const group = groupOfSku(state, offer.sku);
  // [U] a variation goes live with its group; eBay points single publishes of one to publishOfferByInventoryItemGroup.
  if (group) throw inventoryFault(400, 25002, `A user error has occurred. ${offer.sku} is a variation of the inventory item group ${group}: publish it with publishOfferByInventoryItemGroup.`, { parameters: { inventoryItemGroupKey: group } });
  const problems = publishProblems(state, offer);
  if (problems.length) throw new EbayFault(400, problems);
  if (offer.status === 'PUBLISHED' && offer.listingId) {
    // Publishing a live offer again revises its listing.
    revise(state, [offer.listingId], call.now);
  } else {
    offer.listingId = state.newListingId();
    offer.status = 'PUBLISHED';
    offer.listingStatus = 'ACTIVE';
  }
  return answer(200, { listingId: offer.listingId });
}

function withdrawOffer(call: Call) {
  const { state } = call;
  const offer = offerOf(state, call.params[0]);
  // [U] the refusals' errorIds: a user error naming what to do.
  if (offer.status !== 'PUBLISHED' || !offer.listingId) throw inventoryFault(400, 25002, `A user error has occurred. Offer ${offer.offerId} is not published.`, { parameters: { offerId: offer.offerId } });
  if (offer.groupKey) throw inventoryFault(400, 25002, `A user error has occurred. Offer ${offer.offerId} is live as a variation of the inventory item group ${offer.groupKey}: end it with withdrawOfferByInventoryItemGroup.`, { parameters: { inventoryItemGroupKey: offer.groupKey } });
  offer.status = 'UNPUBLISHED';
  offer.listingStatus = 'ENDED';
  return answer(200, { listingId: offer.listingId });
}

function getOffers(call: Call) {
  const { state } = call;
  const q = call.req.query;
  const sku = q.get('sku');
  if (!sku) throw inventoryFault(400, 25709, 'Invalid value for sku. The sku query parameter is required.', { parameters: { fieldName: 'sku' } });
  // [O] limit: default 100; offset: the page number.
  const limit = wholeParam(q.get('limit'), 100, 1, Number.MAX_SAFE_INTEGER);
  const page = wholeParam(q.get('offset'), 0, 0, Number.MAX_SAFE_INTEGER);
  if (limit === null || page === null) throw inventoryFault(400, 25706, 'You have provided invalid pagination values. limit is a positive whole number and offset a page number of 0 or more.');
  const market = q.get('marketplace_id');
  const format = q.get('format');
  const all = [...state.offers.values()].filter((o) => o.sku === sku && (!market || o.marketplaceId === market) && (!format || o.format === format));
  // [U] a SKU without offers answers 404 with 25713, as eBay does for an offer it does not have.
  if (all.length === 0) throw inventoryFault(404, 25713, `This Offer is not available : no offer of SKU ${sku}${market ? ` on ${market}` : ''}.`, { parameters: { sku } });
  const slice = all.slice(page * limit, page * limit + limit);
  const raw = call.req.rawQuery ?? '';
  return answer(200, {
    href: pageUri(call, page, limit, raw),
    ...((page + 1) * limit < all.length ? { next: pageUri(call, page + 1, limit, raw) } : {}),
    ...(page > 0 ? { prev: pageUri(call, page - 1, limit, raw) } : {}),
    limit,
    size: slice.length,
    total: all.length,
    offers: slice.map(offerView),
  });
}

function deleteOffer(call: Call) {
  const { state } = call;
  const offer = offerOf(state, call.params[0]);
  // [O] deleteOffer on a live offer ends its listing, or removes the variation from its group's listing and the group.
  if (offer.groupKey) {
    const g = state.groups.get(offer.groupKey);
    if (g && Array.isArray(g.body.variantSKUs)) g.body = { ...g.body, variantSKUs: (g.body.variantSKUs as unknown[]).filter((s) => s !== offer.sku) };
  }
  state.offers.delete(offer.offerId);
  return answer(204);
}

const route = (method: string, template: string, operationId: string, run: Route['run'], extra: Partial<Route> = {}): Route => ({
  method,
  pattern: path('inventory', template),
  operationId,
  api: 'inventory',
  readOnly: method === 'GET',
  body: false,
  contentLanguage: false,
  run,
  ...extra,
});

export const offerRoutes: Route[] = [
  route('POST', '/offer', 'createOffer', createOffer, { body: true, contentLanguage: true }),
  route('GET', '/offer', 'getOffers', getOffers),
  route('GET', '/offer/{offerId}', 'getOffer', (call) => answer(200, offerView(offerOf(call.state, call.params[0])))),
  route('PUT', '/offer/{offerId}', 'updateOffer', updateOffer, { body: true, contentLanguage: true }),
  route('DELETE', '/offer/{offerId}', 'deleteOffer', deleteOffer),
  route('POST', '/offer/{offerId}/publish', 'publishOffer', publishOffer),
  route('POST', '/offer/{offerId}/withdraw', 'withdrawOffer', withdrawOffer),
];
