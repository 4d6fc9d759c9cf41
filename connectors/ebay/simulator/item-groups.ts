import { answer, Call, dig, isObject, path, Route, text } from './call';
import { EbayError, ebayError, EbayFault, INVENTORY_DOMAIN, inventoryFault } from './ebay-errors';
import type { EbayState, ItemGroupRecord, OfferRecord, Raw } from './ebay-state';
import { assertStillPublishable, publishProblems, revise } from './listings';
import { marketplace } from './marketplaces';

/**
 * Inventory item groups: products with variations (ebay.md §4; the contract's
 * createOrReplaceInventoryItemGroup, getInventoryItemGroup, deleteInventoryItemGroup,
 * publishOfferByInventoryItemGroup and withdrawOfferByInventoryItemGroup). A group names its
 * variant SKUs (each an inventory item with an offer per marketplace) and what they vary by;
 * publishing it puts every variation on one listing per marketplace.
 */

function groupNotFound(key: string, status = 404): EbayFault {
  return inventoryFault(status, 25705, `The Inventory Item Group named ${key} could not be found or is not available in the system.`, { parameters: { inventoryItemGroupKey: key } });
}

function variantSkus(body: Raw): string[] {
  return Array.isArray(body.variantSKUs) ? (body.variantSKUs as unknown[]).filter((s): s is string => typeof s === 'string') : [];
}

/** The group's offers live on one marketplace's listing. */
function liveOffers(state: EbayState, key: string, marketplaceId?: string): OfferRecord[] {
  return [...state.offers.values()].filter((o) => o.groupKey === key && o.status === 'PUBLISHED' && (!marketplaceId || o.marketplaceId === marketplaceId));
}

function putGroup(call: Call) {
  const { state } = call;
  const key = call.params[0];
  if (!isObject(call.body)) throw inventoryFault(400, 25709, 'Invalid value for the inventory item group: the body must be a JSON object.', { parameters: { fieldName: 'body' } });
  const body = call.body;
  const skus = variantSkus(body);
  if (skus.length === 0) throw inventoryFault(400, 25709, 'Invalid value for variantSKUs: a group lists the SKUs of its variations.', { parameters: { fieldName: 'variantSKUs' } });
  const missing = skus.filter((s) => !state.items.has(s));
  if (missing.length) throw inventoryFault(400, 25701, `One or more of the supplied SKU(s) could not be found in the system: ${missing.join(', ')}.`, { parameters: { skuValue: missing.join(',') } });
  for (const sku of skus) {
    const other = [...state.groups.values()].find((g) => g.key !== key && variantSkus(g.body).includes(sku));
    if (other) throw inventoryFault(400, 25703, `The following SKU is already a member of another group. SKU : ${sku} groupId : ${other.key}`, { parameters: { skuValue: sku, inventoryItemGroupKey: other.key } });
    const single = [...state.offers.values()].find((o) => o.sku === sku && o.status === 'PUBLISHED' && !o.groupKey);
    if (single) throw inventoryFault(400, 25704, `The following SKU is already listed as a single SKU listing. SKU : ${sku} Listing ID : ${single.listingId}`, { parameters: { skuValue: sku, listingId: String(single.listingId) } });
  }
  const before = state.groups.get(key);
  state.groups.set(key, { key, locale: call.contentLanguage as string, body: { ...body } });
  const live = liveOffers(state, key);
  if (live.length) {
    try {
      assertStillPublishable(state, live);
      revise(state, live.map((o) => o.listingId as string), call.now);
    } catch (e) {
      if (before) state.groups.set(key, before);
      throw e;
    }
  }
  return answer(before ? 204 : 201, undefined, { 'content-language': call.contentLanguage as string });
}

/** The group's own problems before it goes live (the variations are checked offer by offer). */
function groupProblems(g: ItemGroupRecord): EbayError[] {
  const problems: EbayError[] = [];
  const specs = dig(g.body, 'variesBy', 'specifications');
  if (!Array.isArray(specs) || specs.length === 0) problems.push(ebayError(INVENTORY_DOMAIN, 25017, 'The inventory item group needs variesBy.specifications (what its variations differ in) to publish.', { parameters: { fieldName: 'variesBy' } }));
  // [O] InventoryItemGroup.aspects: "Publish offer note: This field is required before an offer can be published".
  if (!isObject(g.body.aspects)) problems.push(ebayError(INVENTORY_DOMAIN, 25017, 'The inventory item group needs its common aspects to publish.', { parameters: { fieldName: 'aspects' } }));
  return problems;
}

function keyAndMarketplace(call: Call): { key: string; marketplaceId: string } {
  const key = text(dig(call.body, 'inventoryItemGroupKey'));
  const marketplaceId = text(dig(call.body, 'marketplaceId'));
  if (!key) throw inventoryFault(400, 25709, 'Invalid value for inventoryItemGroupKey.', { parameters: { fieldName: 'inventoryItemGroupKey' } });
  if (!marketplaceId || !marketplace(marketplaceId)) throw inventoryFault(400, 25709, `Invalid value for marketplaceId: ${JSON.stringify(marketplaceId ?? null)}.`, { parameters: { fieldName: 'marketplaceId' } });
  return { key, marketplaceId };
}

function publishGroup(call: Call) {
  const { state } = call;
  const { key, marketplaceId } = keyAndMarketplace(call);
  const group = state.groups.get(key);
  if (!group) throw groupNotFound(key, 400);
  const skus = variantSkus(group.body);
  const offers = skus.map((sku) => [...state.offers.values()].find((o) => o.sku === sku && o.marketplaceId === marketplaceId && o.format === 'FIXED_PRICE'));
  const without = skus.filter((_, i) => !offers[i]);
  if (without.length) throw inventoryFault(400, 25002, `A user error has occurred. No fixed-price offer on ${marketplaceId} for SKU(s) ${without.join(', ')} of the group.`, { parameters: { inventoryItemGroupKey: key } });
  const found = offers as OfferRecord[];
  const problems = [...groupProblems(group), ...found.flatMap((o) => publishProblems(state, o, group))];
  if (problems.length) throw new EbayFault(400, problems);
  const live = liveOffers(state, key, marketplaceId);
  const listingId = live[0]?.listingId ?? state.newListingId();
  if (live.length) revise(state, [listingId], call.now);
  for (const o of found) Object.assign(o, { status: 'PUBLISHED', listingId, listingStatus: 'ACTIVE', groupKey: key });
  return answer(200, { listingId });
}

function withdrawGroup(call: Call) {
  const { state } = call;
  const { key, marketplaceId } = keyAndMarketplace(call);
  if (!state.groups.has(key)) throw groupNotFound(key, 400);
  const live = liveOffers(state, key, marketplaceId);
  if (live.length === 0) throw inventoryFault(400, 25725, 'No offer found', { parameters: { inventoryItemGroupKey: key } });
  // The offers stay, unpublished, still of the group.
  for (const o of live) Object.assign(o, { status: 'UNPUBLISHED', listingStatus: 'ENDED' });
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

export const itemGroupRoutes: Route[] = [
  route('PUT', '/inventory_item_group/{inventoryItemGroupKey}', 'createOrReplaceInventoryItemGroup', putGroup, { body: true, contentLanguage: true }),
  route('GET', '/inventory_item_group/{inventoryItemGroupKey}', 'getInventoryItemGroup', (call) => {
    const g = call.state.groups.get(call.params[0]);
    if (!g) throw groupNotFound(call.params[0]);
    return answer(200, { ...g.body, inventoryItemGroupKey: g.key });
  }),
  route('DELETE', '/inventory_item_group/{inventoryItemGroupKey}', 'deleteInventoryItemGroup', (call) => {
    const key = call.params[0];
    if (!call.state.groups.has(key)) throw groupNotFound(key);
    // [U] a live group is ended first (withdrawOfferByInventoryItemGroup); deleting it meanwhile is refused.
    if (liveOffers(call.state, key).length) throw inventoryFault(400, 25002, `A user error has occurred. The inventory item group ${key} is live: withdraw it first.`, { parameters: { inventoryItemGroupKey: key } });
    call.state.groups.delete(key);
    for (const o of call.state.offers.values()) if (o.groupKey === key) o.groupKey = null;
    return answer(204);
  }),
  route('POST', '/offer/publish_by_inventory_item_group', 'publishOfferByInventoryItemGroup', publishGroup, { body: true }),
  route('POST', '/offer/withdraw_by_inventory_item_group', 'withdrawOfferByInventoryItemGroup', withdrawGroup, { body: true }),
];
