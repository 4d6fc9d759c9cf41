import { answer, Call, dig, isObject, path, Route, text, wholeParam } from './call';
import { EbayFault, inventoryFault } from './ebay-errors';
import type { EbayState, LocationRecord, Raw } from './ebay-state';

/**
 * Inventory locations (the contract's location resource): an offer's `merchantLocationKey` must
 * name an enabled location of the seller before it is published (errorId 25012). The simulated
 * seller starts with one, `warehouse-1` (sellers create theirs in Seller Hub or with
 * createInventoryLocation before they list); `POST /__sim/locations` adds more.
 */

/** [O] "Max length: 36" [U: the characters; letters, digits, `-` and `_` here]. */
export const LOCATION_KEY = /^[A-Za-z0-9_-]{1,36}$/;

function notFound(key: string): EbayFault {
  return inventoryFault(404, 25805, 'merchantLocationKey Not Found.', { parameters: { fieldName: 'merchantLocationKey', merchantLocationKey: key } });
}

/**
 * A location as createInventoryLocation takes it (InventoryLocationFull): an address with a
 * country, and a postal code or a city with its state or province [U: eBay's rule for
 * warehouses, as its docs describe it]. Throws eBay's refusal.
 */
export function checkLocation(key: string, body: unknown): Raw {
  if (!LOCATION_KEY.test(key)) throw inventoryFault(400, 25800, 'Invalid merchantLocationKey.', { parameters: { fieldName: 'merchantLocationKey' } });
  if (!isObject(body)) throw inventoryFault(400, 25802, 'Input error. The body must be a JSON object.');
  const address = dig(body, 'location', 'address');
  if (!isObject(address) || !text(address.country)) throw inventoryFault(400, 25801, 'Missing field location.address.country.', { parameters: { fieldName: 'location.address.country' } });
  if (!text(address.postalCode) && !(text(address.city) && text(address.stateOrProvince))) {
    throw inventoryFault(400, 25801, 'Missing field location.address.postalCode (or city and stateOrProvince).', { parameters: { fieldName: 'location.address.postalCode' } });
  }
  return body;
}

export function locationView(l: LocationRecord): Raw {
  const { location, ...rest } = l.body;
  return { ...rest, merchantLocationKey: l.key, merchantLocationStatus: l.status, ...(isObject(location) ? { location: { address: location.address, ...(location.geoCoordinates ? { geoCoordinates: location.geoCoordinates } : {}) } } : {}) };
}

function locationOf(state: EbayState, key: string): LocationRecord {
  const l = state.locations.get(key);
  if (!l) throw notFound(key);
  return l;
}

function create(call: Call) {
  const key = call.params[0];
  const body = checkLocation(key, call.body);
  // [U] an existing key answers 409 (declared by the contract) with 25803.
  if (call.state.locations.has(key)) throw inventoryFault(409, 25803, 'merchantLocationKey already exists.', { parameters: { fieldName: 'merchantLocationKey' } });
  call.state.locations.set(key, { key, body, status: 'ENABLED' });
  return answer(204);
}

function list(call: Call) {
  const limit = wholeParam(call.req.query.get('limit'), 100, 1, Number.MAX_SAFE_INTEGER);
  const offset = wholeParam(call.req.query.get('offset'), 0, 0, Number.MAX_SAFE_INTEGER);
  if (limit === null || offset === null) throw inventoryFault(400, 25804, 'Input error. limit is a positive whole number and offset a whole number of 0 or more.');
  const all = [...call.state.locations.values()];
  return answer(200, { limit, offset, total: all.length, locations: all.slice(offset, offset + limit).map(locationView) });
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

export const locationRoutes: Route[] = [
  route('GET', '/location', 'getInventoryLocations', list),
  route('GET', '/location/{merchantLocationKey}', 'getInventoryLocation', (call) => answer(200, locationView(locationOf(call.state, call.params[0])))),
  route('POST', '/location/{merchantLocationKey}', 'createInventoryLocation', create, { body: true }),
  route('DELETE', '/location/{merchantLocationKey}', 'deleteInventoryLocation', (call) => {
    locationOf(call.state, call.params[0]);
    call.state.locations.delete(call.params[0]);
    return answer(204);
  }),
  route('POST', '/location/{merchantLocationKey}/disable', 'disableInventoryLocation', (call) => {
    locationOf(call.state, call.params[0]).status = 'DISABLED';
    return answer(200, {});
  }),
  route('POST', '/location/{merchantLocationKey}/enable', 'enableInventoryLocation', (call) => {
    locationOf(call.state, call.params[0]).status = 'ENABLED';
    return answer(200, {});
  }),
];
