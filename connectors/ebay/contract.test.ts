import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ContractRecorder, EbayContract, ERRATA, Exchange, formatContractReport, SPEC_FILES, SPECS_DIR } from './contract';
import { readSpec } from './contract/normalise';
import { takeContractReport, trackRecorder } from './contract/registry';

// The contract checks themselves: the vendored copies of eBay's OpenAPI contracts, how they are
// read, and the validator catching what it must (bad requests, bad responses) and passing what
// the contracts allow. Exchanges here are written by hand; no simulator is involved.

type Raw = Record<string, any>;

const SHARED = path.join(__dirname, '..', '..', '..', 'shared', 'marketplaces', 'specs', 'ebay');
const TOKEN = { authorization: 'Bearer v^1.1#i^1#r^0#p^3#I^3#f^0#t^abc' };
const JSON_TYPE = { 'content-type': 'application/json' };

let contract: EbayContract;

beforeAll(async () => {
  contract = await EbayContract.load();
});

function exchange(e: Partial<Exchange>): Exchange {
  return { method: 'GET', path: '/', query: '', headers: { ...TOKEN }, body: '', status: 200, responseHeaders: { ...JSON_TYPE }, responseBody: '', ...e };
}

function problems(e: Partial<Exchange>): string[] {
  return contract.validate(exchange(e)).problems.map((p) => `${p.side} ${p.where}: ${p.message}`);
}

const putItem = (headers: Raw, body: unknown): Partial<Exchange> => ({
  method: 'PUT',
  path: '/sell/inventory/v1/inventory_item/SKU-1',
  headers: { ...TOKEN, ...JSON_TYPE, ...headers },
  body: JSON.stringify(body),
  status: 204,
  responseHeaders: {},
});

const ITEM = { condition: 'NEW', product: { title: 'Mug', aspects: { Brand: ['Acme'] }, imageUrls: ['https://i.example/1.jpg'] }, availability: { shipToLocationAvailability: { quantity: 3 } } };

describe('the vendored contracts', () => {
  it.each(Object.values(SPEC_FILES))('given %s when hashed then it is the file SOURCES.md names (and the shared copy, where checked out)', (file) => {
    const text = fs.readFileSync(path.join(SPECS_DIR, file));
    const sha1 = crypto.createHash('sha1').update(text).digest('hex');
    expect(fs.readFileSync(path.join(SPECS_DIR, 'SOURCES.md'), 'utf8')).toContain(`\`${file}\``);
    expect(fs.readFileSync(path.join(SPECS_DIR, 'SOURCES.md'), 'utf8')).toContain(sha1);
    const shared = path.join(SHARED, file);
    if (fs.existsSync(shared)) expect(crypto.createHash('sha1').update(fs.readFileSync(shared)).digest('hex')).toBe(sha1);
  });

  it('given each erratum when the raw contract is read then the schema still says what the erratum corrects and its description shows the reading taken', () => {
    for (const e of ERRATA) {
      const prop = (readSpec(e.spec) as Raw).components.schemas[e.schema[0]].properties[e.schema[1]];
      expect({ type: prop.type }).toEqual(e.declared);
      // The contract's own example: the aspects as an object of value lists.
      expect(prop.description).toMatch(/"aspects": \{<br> "\w+": \["\w+"\]/);
    }
  });

  it('given the normalised documents when loaded with the definition checked then both are valid OpenAPI 3.0', async () => {
    await expect(EbayContract.load({ quick: false })).resolves.toBeInstanceOf(EbayContract);
  });
});

describe('the validator on requests', () => {
  it('given a full PUT of an inventory item when checked then it passes (aspects as the erratum reads them)', () => {
    expect(problems(putItem({ 'content-language': 'en-US' }, ITEM))).toEqual([]);
  });

  it('given no Content-Language on createOrReplaceInventoryItem when checked then the missing header is named', () => {
    expect(problems(putItem({}, ITEM))).toEqual(["request /header: must have required property 'content-language'"]);
  });

  it('given a body field of the wrong type when checked then its path and type are named', () => {
    const bad = { ...ITEM, availability: { shipToLocationAvailability: { quantity: '3' } }, product: { ...ITEM.product, title: 7 } };
    expect(problems(putItem({ 'content-language': 'en-US' }, bad)).sort()).toEqual([
      'request /requestBody/availability/shipToLocationAvailability/quantity: must be integer',
      'request /requestBody/product/title: must be string',
    ]);
  });

  it('given an unknown path, a trailing slash or a path outside both APIs when checked then no operation matches', () => {
    expect(problems({ path: '/sell/inventory/v1/inventory_items' })).toEqual(['request path: no operation GET /sell/inventory/v1/inventory_items in the inventory contract']);
    expect(problems({ method: 'POST', path: '/sell/inventory/v1/offer/1/publish/' })).toEqual(['request path: no operation POST /sell/inventory/v1/offer/1/publish/ in the inventory contract']);
    expect(problems({ path: '/sell/account/v1/fulfillment_policy' })[0]).toMatch(/under neither eBay API/);
    expect(contract.validate(exchange({ path: '/sell/inventory/v1/inventory_items' })).operationId).toBeNull();
  });

  it('given a call without a bearer token, a body where none is taken, or none where one is required when checked then each is named', () => {
    expect(problems({ path: '/sell/fulfillment/v1/order', headers: {}, responseBody: '{"orders":[]}' })).toEqual(['request /header/authorization: the operation requires an OAuth2 token (Authorization: Bearer <token>)']);
    expect(problems({ method: 'POST', path: '/sell/inventory/v1/offer/1/publish', headers: { ...TOKEN, ...JSON_TYPE }, body: '{}', responseBody: '{"listingId":"1"}' })).toEqual([
      'request /requestBody: the operation takes no request body',
    ]);
    expect(problems({ method: 'POST', path: '/sell/inventory/v1/bulk_update_price_quantity', status: 400, responseBody: '{"errors":[{"errorId":25709}]}' })).toContain('request /requestBody: the operation requires a request body');
  });

  it('given a shipping fulfillment whose quantity is a string when checked then it is refused as the contract types it', () => {
    const ship = { method: 'POST', path: '/sell/fulfillment/v1/order/1/shipping_fulfillment', headers: { ...TOKEN, ...JSON_TYPE }, status: 201, responseHeaders: { location: 'http://x/1' } };
    expect(problems({ ...ship, body: '{"lineItems":[{"lineItemId":"1","quantity":1}],"shippingCarrierCode":"USPS","trackingNumber":"9400"}' })).toEqual([]);
    expect(problems({ ...ship, body: '{"lineItems":[{"lineItemId":"1","quantity":"1"}]}' })).toEqual(['request /requestBody/lineItems/0/quantity: must be integer']);
  });
});

describe('the validator on responses', () => {
  const getOrders = { path: '/sell/fulfillment/v1/order', query: 'limit=1' };

  it('given a broken Order in a getOrders answer when checked then each wrong field is named', () => {
    const body = { total: '1', limit: 1, offset: 0, orders: [{ orderId: 123, lineItems: [{ lineItemId: 'L1', quantity: 1.5 }], pricingSummary: { total: { value: 30 } } }] };
    expect(problems({ ...getOrders, responseBody: JSON.stringify(body) }).sort()).toEqual([
      'response /body/orders/0/lineItems/0/quantity: must be integer',
      'response /body/orders/0/orderId: must be string',
      'response /body/orders/0/pricingSummary/total/value: must be string',
      'response /body/total: must be integer',
    ]);
  });

  it('given errors without the errors[] envelope, a status the operation does not declare, or an empty read when checked then each is named', () => {
    expect(problems({ ...getOrders, status: 400, responseBody: '{"error":"bad"}' })).toEqual(["response /body: must have required property 'errors'"]);
    expect(problems({ ...getOrders, status: 429, responseBody: '{"message":"slow down"}' })).toEqual(["response /body: must have required property 'errors'"]);
    const ship = { method: 'POST', path: '/sell/fulfillment/v1/order/1/shipping_fulfillment', headers: { ...TOKEN, ...JSON_TYPE }, body: '{"lineItems":[{"lineItemId":"1","quantity":1}]}' };
    expect(problems({ ...ship, status: 404, responseBody: '{"errors":[{"errorId":32100}]}' })).toEqual(['response status: createShippingFulfillment does not declare status 404 (declared: 201, 400, 500)']);
    expect(problems({ ...getOrders, responseBody: '' })).toEqual(['response /body: getOrders answers 200 with a body (application/json), not an empty one']);
    expect(problems({ ...getOrders, responseHeaders: { 'content-type': 'text/html' }, responseBody: '<html/>' })).toContain('response /header/content-type: the body must be application/json, not text/html');
  });

  it("given a createOffer answer whose offerId is a number when checked then it is refused; eBay's own shapes pass", () => {
    const create = { method: 'POST', path: '/sell/inventory/v1/offer', headers: { ...TOKEN, ...JSON_TYPE, 'content-language': 'en-US' }, body: '{"sku":"S","marketplaceId":"EBAY_US","format":"FIXED_PRICE"}', status: 201 };
    expect(problems({ ...create, responseBody: '{"offerId":5000000001}' })).toEqual(['response /body/offerId: must be string']);
    expect(problems({ ...create, responseBody: '{"offerId":"5000000001"}' })).toEqual([]);
    // A bulk call's 207 carries its per-item responses; platform answers their errors[]; a front server's 503 its page.
    const bulk = { method: 'POST', path: '/sell/inventory/v1/bulk_update_price_quantity', headers: { ...TOKEN, ...JSON_TYPE }, body: '{"requests":[{"sku":"S","offers":[{"offerId":"1","availableQuantity":2}]}]}', status: 207 };
    expect(problems({ ...bulk, responseBody: '{"responses":[{"statusCode":400,"sku":"S","offerId":"1","errors":[{"errorId":25713,"domain":"API_INVENTORY","category":"REQUEST","message":"This Offer is not available"}]}]}' })).toEqual([]);
    expect(problems({ ...bulk, responseBody: '{"responses":[{"statusCode":"400"}]}' })).toEqual(['response /body/responses/0/statusCode: must be integer']);
    expect(problems({ ...getOrders, status: 429, responseBody: '{"errors":[{"errorId":2001,"domain":"ACCESS","category":"REQUEST","message":"Too many requests."}]}' })).toEqual([]);
    expect(problems({ ...getOrders, status: 503, responseHeaders: { 'content-type': 'text/html' }, responseBody: '<html>503</html>' })).toEqual([]);
  });
});

describe('every eBay test file is checked (jest-setup.ts)', () => {
  it('given jest.config.js when read then it runs the contract setup after each test file', () => {
    const config = require('../../jest.config.js') as { setupFilesAfterEnv?: string[] };
    expect(config.setupFilesAfterEnv).toContain('<rootDir>/connectors/ebay/contract/jest-setup.ts');
  });

  it('given a recorder that saw a bad exchange or could not check when reported then the failure names the exchange and the reason', () => {
    const seen = new ContractRecorder('sim A', contract);
    seen.record(exchange(putItem({}, ITEM)), null, new Date(0));
    const blind = new ContractRecorder('sim B', null, 'the validator is not installed');
    const text = formatContractReport({ simulators: 2, exchanges: 1, unchecked: [{ simulator: blind.label, reason: blind.reason as string }], violations: seen.list().map((v) => ({ ...v, simulator: 'sim A' })) });
    expect(text).toContain('eBay simulator sim B ran without checking');
    expect(text).toContain('PUT /sell/inventory/v1/inventory_item/SKU-1 → 204 (createOrReplaceInventoryItem)');
    expect(text).toContain("request /header: must have required property 'content-language'");
    expect(seen.take()).toHaveLength(1);
    expect(seen.list()).toEqual([]);
    expect(formatContractReport({ simulators: 1, exchanges: 5, unchecked: [], violations: [] })).toBe('');
  });

  it('given a simulator of this file that recorded a violation when the report is taken then it names it once and leaves nothing for the next test', () => {
    const recorder = new ContractRecorder('sim C', contract);
    trackRecorder(recorder);
    recorder.record(exchange({ path: '/sell/inventory/v1/nope' }), 'seller-2', new Date(0));
    const first = takeContractReport();
    expect(first.violations).toEqual([expect.objectContaining({ simulator: 'sim C', seller: 'seller-2', path: '/sell/inventory/v1/nope', operationId: null })]);
    expect(first.exchanges).toBeGreaterThanOrEqual(1);
    // What jest-setup.ts's afterEach reads next: nothing left, so this test passes.
    expect(takeContractReport().violations).toEqual([]);
  });
});
