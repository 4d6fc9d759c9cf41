import { basicAuthorization } from '../sdk/auth';
import { ebayRoot, encodeFilter, lastModifiedFilter, locationId, pageOf, readCredentials, withBearer } from './client';
import { AuthFailedError } from '../sdk/errors';

describe('eBay wire details', () => {
  it('given the reference’s client id and secret then the Basic header is its worked vector (ebay.md §2)', () => {
    expect(basicAuthorization('MyApp-PRD-1a2b3c4d5-6e7f8a9b', 'PRD-0123456789ab-cdef-0123-4567-89ab')).toBe(
      'Basic TXlBcHAtUFJELTFhMmIzYzRkNS02ZTdmOGE5YjpQUkQtMDEyMzQ1Njc4OWFiLWNkZWYtMDEyMy00NTY3LTg5YWI=',
    );
  });

  it('given a lastmodifieddate window then the filter has both ends to the millisecond and its brackets percent-encoded', () => {
    const filter = lastModifiedFilter(new Date('2026-01-01T00:00:00.000Z'), new Date('2026-01-15T08:25:43.511Z'));
    expect(filter).toBe('lastmodifieddate:[2026-01-01T00:00:00.000Z..2026-01-15T08:25:43.511Z]');
    expect(encodeFilter(filter)).toBe('lastmodifieddate:%5B2026-01-01T00:00:00.000Z..2026-01-15T08:25:43.511Z%5D');
    expect(encodeFilter(lastModifiedFilter(new Date('2016-05-15T08:25:43.511Z'), null))).toBe('lastmodifieddate:%5B2016-05-15T08:25:43.511Z..%5D');
  });

  it('given braces and pipes (orderfulfillmentstatus) and several criteria then each reserved character is encoded, the separators kept', () => {
    expect(encodeFilter('creationdate:[2026-01-01T00:00:00.000Z..],orderfulfillmentstatus:{NOT_STARTED|IN_PROGRESS}')).toBe(
      'creationdate:%5B2026-01-01T00:00:00.000Z..%5D,orderfulfillmentstatus:%7BNOT_STARTED%7CIN_PROGRESS%7D',
    );
    // Decoded, it is the filter again.
    const f = 'lastmodifieddate:[2026-01-01T00:00:00.000Z..2026-01-02T00:00:00.000Z]';
    expect(decodeURIComponent(encodeFilter(f))).toBe(f);
  });

  it('given a next link then its offset and limit are read, wherever it points', () => {
    expect(pageOf('https://api.ebay.com/sell/fulfillment/v1/order?filter=lastmodifieddate:%5B2026-01-01T00:00:00.000Z..%5D&limit=200&offset=400')).toEqual({ offset: 400, limit: 200 });
    expect(pageOf('/sell/inventory/v1/offer?sku=A&offset=1')).toEqual({ offset: 1, limit: null });
    expect(pageOf(undefined)).toBeNull();
    expect(pageOf('https://api.ebay.com/sell/fulfillment/v1/order?limit=200')).toBeNull();
  });

  it('given a Location header then the fulfillment id is its last segment', () => {
    expect(locationId('https://api.ebay.com/sell/fulfillment/v1/order/12-11502-82349/shipping_fulfillment/9405509699937003457459')).toBe('9405509699937003457459');
    expect(locationId(undefined)).toBeNull();
  });

  it('given a base URL with an API path then the root is the host', () => {
    expect(ebayRoot('https://api.ebay.com/')).toBe('https://api.ebay.com');
    expect(ebayRoot('https://api.sandbox.ebay.com/sell/inventory/v1')).toBe('https://api.sandbox.ebay.com');
    expect(ebayRoot('http://127.0.0.1:4010/identity/v1/oauth2/token')).toBe('http://127.0.0.1:4010');
  });

  it('given a request then the bearer token goes on it, except on the token call, which keeps its Basic header', () => {
    const call = withBearer({ method: 'GET', url: 'https://api.ebay.com/sell/fulfillment/v1/order', headers: { Authorization: 'old' }, operation: 'getOrders' }, 'v^1.1#i^1#tok');
    expect(call.headers).toEqual({ authorization: 'Bearer v^1.1#i^1#tok' });
    const token = { method: 'POST' as const, url: 'https://api.ebay.com/identity/v1/oauth2/token', headers: { authorization: 'Basic x' }, operation: 'auth' };
    expect(withBearer(token, 't')).toBe(token);
  });

  it('given credentials without the client secret then they are refused as AUTH_FAILED naming it', () => {
    expect(() => readCredentials({ clientId: 'a' })).toThrow(AuthFailedError);
    expect(() => readCredentials({ clientId: 'a' })).toThrow(/clientSecret/);
    expect(readCredentials({ clientId: ' a ', clientSecret: 'b', refreshToken: 'r' })).toMatchObject({ clientId: 'a', clientSecret: 'b', refreshToken: 'r' });
  });
});
