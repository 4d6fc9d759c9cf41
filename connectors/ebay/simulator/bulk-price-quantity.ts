import { answer, Call, isObject, path, Route } from './call';
import { EbayError, ebayError, EbayFault, INVENTORY_DOMAIN, inventoryFault } from './ebay-errors';
import type { Raw } from './ebay-state';
import { assertStillPublishable, liveListingsOf, priceProblem, revise, wholeNumber } from './listings';

/**
 * bulkUpdatePriceQuantity (ebay.md §4, §8.3-8.4): the item's total quantity and, per offer, its
 * available quantity and price, answered per offer (`responses[]` with `statusCode`, `sku`,
 * `offerId`, `errors`), 207 when any failed. A live offer's listing changes at once and the change
 * counts as one of its revisions of the day.
 *
 * The contract contradicts itself on the limit: the BulkPriceQuantity schema says up to 25
 * inventory items, the operation's text says up to 25 offers of one SKU, "only one SKU per call".
 * Both readings are accepted: at most 25 entries, each with at most 25 offers, whatever the SKUs.
 */

export const MAX_PRICE_QUANTITY_ENTRIES = 25;
export const MAX_OFFERS_PER_ENTRY = 25;

type Response = { statusCode: number; sku?: string; offerId?: string; errors?: EbayError[] };

const err = (errorId: number, message: string, field: string) => ebayError(INVENTORY_DOMAIN, errorId, message, { parameters: { fieldName: field } });

function entryResponses(call: Call, entry: unknown): Response[] {
  const { state } = call;
  if (!isObject(entry) || typeof entry.sku !== 'string') return [{ statusCode: 400, errors: [err(25709, 'Invalid value for sku: each request needs the SKU it updates.', 'sku')] }];
  const sku = entry.sku;
  const offers = entry.offers === undefined ? [] : entry.offers;
  const item = state.items.get(sku);
  const fail = (e: EbayError[]): Response[] => (Array.isArray(offers) && offers.length ? offers.map((o) => ({ statusCode: 400, sku, offerId: isObject(o) && typeof o.offerId === 'string' ? o.offerId : undefined, errors: e })) : [{ statusCode: 400, sku, errors: e }]);
  if (!item) return fail([ebayError(INVENTORY_DOMAIN, 25702, `${sku} could not be found or is not available in the system.`, { parameters: { skuValue: sku } })]);
  if (!Array.isArray(offers)) return fail([err(25709, 'Invalid value for offers: a list is expected.', 'offers')]);
  if (offers.length > MAX_OFFERS_PER_ENTRY) return fail([err(25709, `Invalid value for offers: at most ${MAX_OFFERS_PER_ENTRY} offers of a SKU per call.`, 'offers')]);

  const total = entry.shipToLocationAvailability === undefined ? undefined : wholeNumber(dig(entry.shipToLocationAvailability, 'quantity'));
  if (total !== undefined && (Number.isNaN(total) || total < 0)) return fail([err(25004, 'Invalid quantity: shipToLocationAvailability.quantity must be a whole number of 0 or more.', 'shipToLocationAvailability.quantity')]);
  if (total !== undefined) {
    // The SKU's live listings change with its total: one revision each.
    try {
      revise(state, liveListingsOf(state, sku), call.now);
    } catch (e) {
      if (e instanceof EbayFault) return fail(e.errors);
      throw e;
    }
    // Only the quantity changes: the rest of the item (and of its availability) stays as it was.
    const availability = isObject(item.body.availability) ? item.body.availability : {};
    const ship = isObject(availability.shipToLocationAvailability) ? availability.shipToLocationAvailability : {};
    item.body = { ...item.body, availability: { ...availability, shipToLocationAvailability: { ...ship, quantity: (entry.shipToLocationAvailability as Raw).quantity } } };
  }

  const responses: Response[] = offers.map((o: unknown) => {
    if (!isObject(o) || typeof o.offerId !== 'string') return { statusCode: 400, sku, errors: [err(25709, 'Invalid value for offerId.', 'offerId')] };
    const offer = state.offers.get(o.offerId);
    if (!offer || offer.sku !== sku) return { statusCode: 400, sku, offerId: o.offerId, errors: [ebayError(INVENTORY_DOMAIN, 25713, `This Offer is not available : ${o.offerId} is not an offer of ${sku}.`, { parameters: { offerId: o.offerId } })] };
    const quantity = wholeNumber(o.availableQuantity);
    if (quantity !== undefined && (Number.isNaN(quantity) || quantity < 0)) return { statusCode: 400, sku, offerId: o.offerId, errors: [err(25004, 'Invalid quantity: availableQuantity must be a whole number of 0 or more.', 'availableQuantity')] };
    if (o.price !== undefined) {
      const problem = priceProblem(o.price, offer.marketplaceId);
      if (problem) return { statusCode: 400, sku, offerId: o.offerId, errors: [err(25003, `Invalid price: ${problem}.`, 'price')] };
    }
    const before = offer.body;
    const pricing = isObject(offer.body.pricingSummary) ? offer.body.pricingSummary : {};
    offer.body = {
      ...offer.body,
      ...(quantity !== undefined ? { availableQuantity: o.availableQuantity } : {}),
      ...(o.price !== undefined ? { pricingSummary: { ...pricing, price: o.price } } : {}),
    };
    if (offer.status === 'PUBLISHED' && offer.listingId) {
      try {
        assertStillPublishable(state, [offer]);
        revise(state, [offer.listingId], call.now);
      } catch (e) {
        offer.body = before;
        if (e instanceof EbayFault) return { statusCode: 400, sku, offerId: o.offerId, errors: e.errors };
        throw e;
      }
    }
    return { statusCode: 200, sku, offerId: o.offerId };
  });
  return responses.length ? responses : [{ statusCode: 200, sku }];
}

function dig(v: unknown, key: string): unknown {
  return isObject(v) ? v[key] : undefined;
}

export const bulkPriceQuantityRoute: Route = {
  method: 'POST',
  pattern: path('inventory', '/bulk_update_price_quantity'),
  operationId: 'bulkUpdatePriceQuantity',
  api: 'inventory',
  readOnly: false,
  body: true,
  contentLanguage: false,
  run(call) {
    const requests = isObject(call.body) ? call.body.requests : undefined;
    if (!Array.isArray(requests) || requests.length === 0) throw inventoryFault(400, 25709, 'Invalid request. Invalid value for field requests: a list of SKUs to update is required.', { parameters: { fieldName: 'requests' } });
    if (requests.length > MAX_PRICE_QUANTITY_ENTRIES) throw inventoryFault(400, 25709, `Invalid value for requests: at most ${MAX_PRICE_QUANTITY_ENTRIES} per call.`, { parameters: { fieldName: 'requests' } });
    const responses = requests.flatMap((entry) => entryResponses(call, entry));
    return answer(responses.every((r) => r.statusCode === 200) ? 200 : 207, { responses });
  },
};
