import { answer, Call, isObject, pageUri, path, Route, wholeParam } from './call';
import { EbayError, ebayError, EbayFault, INVENTORY_DOMAIN, inventoryFault } from './ebay-errors';
import type { EbayState, InventoryItemRecord, Raw } from './ebay-state';
import { assertStillPublishable, itemQuantity, liveListingsOf, revise } from './listings';

/**
 * Inventory items by SKU (ebay.md §4, §8.3): createOrReplaceInventoryItem is a full replace
 * (what the body leaves out is gone), answering 201 for a create and 204 for a replace [U: the
 * contract lists 200, 201 and 204 without saying which is which]; getInventoryItem(s),
 * deleteInventoryItem, and bulkCreateOrReplaceInventoryItem (at most 25, 207 when any failed).
 * A change to a SKU that is live revises its listings: it counts against their 250 revisions of
 * the day and is refused when it would leave a live listing unpublishable.
 */

/** [O] "Max length: 50"; the contract's 25707 speaks of alphanumeric SKUs [U: eBay takes `-`, `_` and `.` in practice; so does the simulator]. */
const SKU = /^[A-Za-z0-9._-]{1,50}$/;

export const MAX_BULK_ITEMS = 25;

function notFound(sku: string): EbayFault {
  return inventoryFault(404, 25710, `We didn't find the resource/entity you are requesting. Please verify the request. (SKU ${sku})`, { parameters: { sku } });
}

/** What is wrong with an inventory item's body, if anything (only what the simulator reads; the contract validator checks the rest). */
function itemProblems(sku: string, body: unknown): EbayError[] {
  if (!SKU.test(sku)) return [ebayError(INVENTORY_DOMAIN, 25707, 'This is an invalid value for a SKU. Only alphanumeric characters can be used for SKUs, and their length must not exceed 50 characters.', { parameters: { sku } })];
  if (!isObject(body)) return [ebayError(INVENTORY_DOMAIN, 25709, 'Invalid value for the inventory item: the body must be a JSON object.', { parameters: { fieldName: 'body' } })];
  const q = itemQuantity(body);
  if (q !== undefined && (Number.isNaN(q) || q < 0)) return [ebayError(INVENTORY_DOMAIN, 25004, 'Invalid quantity: shipToLocationAvailability.quantity must be a whole number of 0 or more.', { parameters: { fieldName: 'shipToLocationAvailability.quantity' } })];
  return [];
}

/** Stores the item (create or full replace); says whether it was created. Revises its live listings first. */
function putItem(call: Call, sku: string, locale: string, body: Raw): boolean {
  const { state } = call;
  const before = state.items.get(sku);
  const live = liveListingsOf(state, sku);
  state.items.set(sku, { sku, locale, body });
  if (live.length > 0) {
    try {
      assertStillPublishable(state, [...state.offers.values()].filter((o) => o.sku === sku && o.status === 'PUBLISHED'));
      revise(state, live, call.now);
    } catch (e) {
      if (before) state.items.set(sku, before);
      else state.items.delete(sku);
      throw e;
    }
  }
  return !before;
}

/** The item as getInventoryItem answers it (InventoryItemWithSkuLocaleGroupid). */
export function itemView(state: EbayState, item: InventoryItemRecord): Raw {
  const groups = [...state.groups.values()].filter((g) => Array.isArray(g.body.variantSKUs) && (g.body.variantSKUs as unknown[]).includes(item.sku)).map((g) => g.key);
  return { ...item.body, sku: item.sku, locale: item.locale, ...(groups.length ? { inventoryItemGroupKeys: groups } : {}) };
}

/** Deletes the item with its offers (their listings end) and takes it out of its groups [U: the group's side]. */
function deleteItem(state: EbayState, sku: string): void {
  state.items.delete(sku);
  for (const [id, o] of state.offers) if (o.sku === sku) state.offers.delete(id);
  for (const g of state.groups.values()) {
    if (Array.isArray(g.body.variantSKUs)) g.body = { ...g.body, variantSKUs: (g.body.variantSKUs as unknown[]).filter((s) => s !== sku) };
  }
}

export const inventoryItemRoutes: Route[] = [
  {
    method: 'PUT',
    pattern: path('inventory', '/inventory_item/{sku}'),
    operationId: 'createOrReplaceInventoryItem',
    api: 'inventory',
    readOnly: false,
    body: true,
    contentLanguage: true,
    run(call) {
      const sku = call.params[0];
      const problems = itemProblems(sku, call.body);
      if (problems.length) throw new EbayFault(400, problems);
      const created = putItem(call, sku, call.contentLanguage as string, call.body as Raw);
      return answer(created ? 201 : 204, undefined, { 'content-language': call.contentLanguage as string });
    },
  },
  {
    method: 'GET',
    pattern: path('inventory', '/inventory_item/{sku}'),
    operationId: 'getInventoryItem',
    api: 'inventory',
    readOnly: true,
    body: false,
    contentLanguage: false,
    run(call) {
      const item = call.state.items.get(call.params[0]);
      if (!item) throw notFound(call.params[0]);
      return answer(200, itemView(call.state, item));
    },
  },
  {
    method: 'DELETE',
    pattern: path('inventory', '/inventory_item/{sku}'),
    operationId: 'deleteInventoryItem',
    api: 'inventory',
    readOnly: false,
    body: false,
    contentLanguage: false,
    run(call) {
      if (!call.state.items.has(call.params[0])) throw notFound(call.params[0]);
      deleteItem(call.state, call.params[0]);
      return answer(204);
    },
  },
  {
    method: 'GET',
    pattern: path('inventory', '/inventory_item'),
    operationId: 'getInventoryItems',
    api: 'inventory',
    readOnly: true,
    body: false,
    contentLanguage: false,
    run(call) {
      // [O] limit 1-200, default 25; offset is the page number (0 the first page).
      const limit = wholeParam(call.req.query.get('limit'), 25, 1, 200);
      const page = wholeParam(call.req.query.get('offset'), 0, 0, Number.MAX_SAFE_INTEGER);
      if (limit === null || page === null) throw inventoryFault(400, 25706, 'You have provided invalid pagination values. limit is 1 to 200 and offset a page number of 0 or more.');
      const all = [...call.state.items.values()].sort((a, b) => a.sku.localeCompare(b.sku));
      const slice = all.slice(page * limit, page * limit + limit);
      const raw = call.req.rawQuery ?? '';
      return answer(200, {
        href: pageUri(call, page, limit, raw),
        ...((page + 1) * limit < all.length ? { next: pageUri(call, page + 1, limit, raw) } : {}),
        ...(page > 0 ? { prev: pageUri(call, page - 1, limit, raw) } : {}),
        limit,
        size: slice.length,
        total: all.length,
        inventoryItems: slice.map((i) => itemView(call.state, i)),
      });
    },
  },
  {
    method: 'POST',
    pattern: path('inventory', '/bulk_create_or_replace_inventory_item'),
    operationId: 'bulkCreateOrReplaceInventoryItem',
    api: 'inventory',
    readOnly: false,
    body: true,
    contentLanguage: true,
    run(call) {
      const requests = isObject(call.body) ? call.body.requests : undefined;
      if (!Array.isArray(requests) || requests.length === 0) throw inventoryFault(400, 25709, 'Invalid request. Invalid value for field requests: a list of inventory items is required.', { parameters: { fieldName: 'requests' } });
      if (requests.length > MAX_BULK_ITEMS) throw inventoryFault(400, 25727, `The number of InventoryItems in the request cannot exceed ${MAX_BULK_ITEMS}.`);
      const skus = requests.map((r) => (isObject(r) ? r.sku : undefined));
      if (skus.some((s, i) => skus.indexOf(s) !== i)) throw inventoryFault(400, 25728, 'InventoryItems should be unique in the request.');
      if (requests.some((r) => !isObject(r) || typeof r.sku !== 'string' || typeof r.locale !== 'string')) throw inventoryFault(400, 25733, 'Valid SKU and locale information are required for all the InventoryItems in the request.');
      const responses = (requests as Raw[]).map((r) => {
        const { sku, locale, ...body } = r as Raw & { sku: string; locale: string };
        const problems = itemProblems(sku, body);
        if (problems.length) return { statusCode: 400, sku, locale, errors: problems };
        try {
          putItem(call, sku, locale, body);
          // [U] eBay's example answers 200 for every item that was stored, created or replaced.
          return { statusCode: 200, sku, locale };
        } catch (e) {
          if (e instanceof EbayFault) return { statusCode: e.status, sku, locale, errors: e.errors };
          throw e;
        }
      });
      return answer(responses.every((r) => r.statusCode === 200) ? 200 : 207, { responses });
    },
  },
];

