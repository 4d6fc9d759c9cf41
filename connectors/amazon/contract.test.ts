import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ContractRecorder, formatContractReport, takeContractReport, trackRecorder } from '../sdk/contract';
import type { Exchange } from '../sdk/contract';
import { AmazonContract, DOCUMENT_SCHEMA_FILES, ERRATA, SPEC_FILES, SPECS_DIR } from './contract';
import { readSpecFile } from './contract/normalise';
import { sandboxOperations } from './simulator/sandbox';

// The contract checks themselves: the vendored copies of Amazon's SP-API models, how they are
// read, and the validator catching what it must (bad requests, bad responses, bad feed documents)
// and passing what the models allow, their own sandbox answers included. Exchanges here are
// written by hand; no simulator is involved.

type Raw = Record<string, any>;

const EXAMPLE_FEED = 'listings-feed-schema-v2.example.json';
const SHARED = path.join(__dirname, '..', '..', '..', 'shared', 'marketplaces', 'specs', 'amazon');
const TOKEN = { 'x-amz-access-token': 'Atza|IwEBIA' };
const JSON_TYPE = { 'content-type': 'application/json' };
const OK_HEADERS = { ...JSON_TYPE, 'x-amzn-requestid': '6f8e3c1a-0000-4000-8000-000000000000', 'x-amzn-ratelimit-limit': '0.0056' };

let contract: AmazonContract;

beforeAll(async () => {
  contract = await AmazonContract.load();
});

function exchange(e: Partial<Exchange>): Exchange {
  return { method: 'GET', path: '/', query: '', headers: { ...TOKEN }, body: '', status: 200, responseHeaders: { ...OK_HEADERS }, responseBody: '', ...e };
}

function problems(e: Partial<Exchange>): string[] {
  return contract.validate(exchange(e)).problems.map((p) => `${p.side} ${p.where}: ${p.message}`);
}

const ORDER = {
  orderId: '902-1234567-1234567',
  createdTime: '2026-01-15T08:00:00Z',
  lastUpdatedTime: '2026-01-15T09:00:00Z',
  salesChannel: { channelName: 'AMAZON', marketplaceId: 'ATVPDKIKX0DER' },
  proceeds: { grandTotal: { amount: '19.99', currencyCode: 'USD' } },
  orderItems: [{ orderItemId: '1', quantityOrdered: 1, product: { sellerSku: 'MUG' } }],
};
const search = { path: '/orders/2026-01-01/orders', query: 'createdAfter=2026-01-01T00:00:00Z&marketplaceIds=ATVPDKIKX0DER,A2EUQ1WTGCTBG2&includedData=BUYER,PROCEEDS' };

describe('the vendored models', () => {
  const files = [...Object.values(SPEC_FILES), ...Object.values(DOCUMENT_SCHEMA_FILES), EXAMPLE_FEED];
  it.each(files)('given %s when hashed then it is the file SOURCES.md names (and the shared copy, where there is one)', (file) => {
    const text = fs.readFileSync(path.join(SPECS_DIR, file));
    const sha1 = crypto.createHash('sha1').update(text).digest('hex');
    const sources = fs.readFileSync(path.join(SPECS_DIR, 'SOURCES.md'), 'utf8');
    expect(sources).toContain(`\`${file}\``);
    expect(sources).toContain(sha1);
    const shared = path.join(SHARED, file);
    if (fs.existsSync(shared)) expect(crypto.createHash('sha1').update(fs.readFileSync(shared)).digest('hex')).toBe(sha1);
  });

  it('given the converted models when loaded with the definitions checked then each is valid OpenAPI 3.0, and no erratum is needed', async () => {
    await expect(AmazonContract.load({ quick: false })).resolves.toBeInstanceOf(AmazonContract);
    expect(ERRATA).toEqual([]);
  });

  it("given every static sandbox case of the models when checked as an answer then the models' own examples pass", () => {
    const failures: string[] = [];
    let checked = 0;
    for (const op of sandboxOperations()) {
      for (const c of op.cases) {
        const concrete = op.pattern.source.replace(/^\^|\$$/g, '').replace(/\(\[\^\/\]\+\)/g, 'X').replace(/\\\//g, '/');
        const verdict = contract.validate(exchange({ method: op.method, path: concrete, status: c.status, responseBody: c.response === undefined || (c.status === 204) ? '' : JSON.stringify(c.response) }));
        checked++;
        const responseProblems = verdict.problems.filter((p) => p.side === 'response');
        if (responseProblems.length) failures.push(`${op.operationId} ${c.status}: ${responseProblems.map((p) => `${p.where} ${p.message}`).join('; ')}`);
      }
    }
    expect(checked).toBeGreaterThan(40);
    expect(failures).toEqual([]);
  });
});

describe('the validator on requests', () => {
  it('given a searchOrders call as Amazon documents it (csv lists, ISO dates) when checked then it passes', () => {
    expect(problems({ ...search, responseBody: JSON.stringify({ orders: [ORDER], createdBefore: '2026-01-02T00:00:00Z' }) })).toEqual([]);
  });

  it('given no x-amz-access-token, a date that is not ISO 8601, an unknown data set and a page size that is not a number when checked then each is named', () => {
    expect(problems({ path: search.path, query: 'createdAfter=2026-01-01 00:00&includedData=ITEMS&maxResultsPerPage=ten', headers: {}, responseBody: '{"orders":[]}' }).sort()).toEqual([
      'request /header/x-amz-access-token: every SP-API call carries the LWA access token in x-amz-access-token (amazon.md §1)',
      'request /query/createdAfter: must match format "date-time"',
      'request /query/includedData/0: must be equal to one of the allowed values (["BUYER","RECIPIENT","PROCEEDS","EXPENSE","PROMOTION","CANCELLATION","FULFILLMENT","PACKAGES","TAX","PAYMENT","FULFILLMENT_ORDERS"])',
      'request /query/maxResultsPerPage: must be integer',
    ]);
  });

  it('given listing writes outside the model (two marketplaces on a put, an unknown patch op, no body) when checked then each is named', () => {
    const item = '/listings/2021-08-01/items/A2EXAMPLE/MUG%2001';
    const ok = '{"sku":"MUG 01","status":"ACCEPTED","submissionId":"f1dc2914-75dd-11ea-bc55-0242ac130003","issues":[]}';
    expect(problems({ method: 'PUT', path: item, query: 'marketplaceIds=ATVPDKIKX0DER,A2EUQ1WTGCTBG2', headers: { ...TOKEN, ...JSON_TYPE }, body: '{"productType":"DRINKING_CUP","attributes":{}}', responseBody: ok })).toEqual(['request /query/marketplaceIds: must NOT have more than 1 items']);
    expect(problems({ method: 'PATCH', path: item, query: 'marketplaceIds=ATVPDKIKX0DER', headers: { ...TOKEN, ...JSON_TYPE }, body: '{"productType":"DRINKING_CUP","patches":[{"op":"set","path":"/attributes/item_name"}]}', responseBody: ok })).toEqual([
      'request /requestBody/patches/0/op: must be equal to one of the allowed values (["add","replace","merge","delete"])',
    ]);
    expect(problems({ method: 'PATCH', path: item, query: 'marketplaceIds=ATVPDKIKX0DER', status: 400, responseBody: '{"errors":[{"code":"InvalidInput","message":"no body"}]}' })).toEqual(['request /requestBody: the operation requires a request body', "request /: must have required property 'requestBody'"]);
  });

  it('given a confirmShipment without its carrier code or with a quantity as text when checked then the model refuses it', () => {
    const ship = { method: 'POST', path: '/orders/v0/orders/902-1234567-1234567/shipmentConfirmation', headers: { ...TOKEN, ...JSON_TYPE }, status: 204, responseHeaders: {} };
    const body = (detail: Raw) => JSON.stringify({ marketplaceId: 'ATVPDKIKX0DER', packageDetail: { packageReferenceId: '1', carrierCode: 'UPS', trackingNumber: '1Z', shipDate: '2026-01-15T08:00:00Z', orderItems: [{ orderItemId: '1', quantity: 1 }], ...detail } });
    expect(problems({ ...ship, body: body({}) })).toEqual([]);
    expect(problems({ ...ship, body: body({ carrierCode: undefined, orderItems: [{ orderItemId: '1', quantity: '1' }] }) }).sort()).toEqual(
      ["request /requestBody/packageDetail: must have required property 'carrierCode'", 'request /requestBody/packageDetail/orderItems/0/quantity: must be integer'].sort(),
    );
  });

  it('given a path no model has when checked then no operation matches', () => {
    expect(problems({ path: '/orders/2026-01-01/order' })).toEqual([expect.stringMatching(/^request path: no operation GET \/orders\/2026-01-01\/order in orders, ordersV0, listings, feeds, fbaInventory$/)]);
  });
});

describe('the validator on responses', () => {
  it('given a broken Order in a searchOrders answer when checked then each wrong field is named', () => {
    const bad = { ...ORDER, orderId: 902, proceeds: { grandTotal: { amount: 19.99, currencyCode: 'USD' } }, orderItems: [{ orderItemId: '1', quantityOrdered: '1' }] };
    expect(problems({ ...search, responseBody: JSON.stringify({ orders: [bad] }) }).sort()).toEqual(
      [
        "response /body/orders/0/orderItems/0: must have required property 'product'",
        'response /body/orders/0/orderId: must be string',
        'response /body/orders/0/orderItems/0/quantityOrdered: must be integer',
        'response /body/orders/0/proceeds/grandTotal/amount: must be string',
      ].sort(),
    );
  });

  it('given errors outside the envelope, a status the operation does not declare, or an empty read when checked then each is named', () => {
    expect(problems({ ...search, status: 429, responseBody: '{"message":"slow down"}' })).toEqual(["response /body: must have required property 'errors'"]);
    expect(problems({ ...search, status: 400, responseBody: '{"errors":[{"code":"InvalidInput"}]}' })).toEqual(["response /body/errors/0: must have required property 'message'"]);
    const ship = { method: 'POST', path: '/orders/v0/orders/1/shipmentConfirmation', headers: { ...TOKEN, ...JSON_TYPE }, body: JSON.stringify({ marketplaceId: 'ATVPDKIKX0DER', packageDetail: { packageReferenceId: '1', carrierCode: 'UPS', trackingNumber: '1Z', shipDate: '2026-01-15T08:00:00Z', orderItems: [] } }) };
    expect(problems({ ...ship, status: 200, responseBody: '{}' })).toEqual(['response status: confirmShipment does not declare status 200 (declared: 204, 400, 401, 403, 404, 429, 500, 503)']);
    expect(problems({ ...search, responseBody: '' })).toEqual(['response /body: searchOrders answers 200 with a body (application/json), not an empty one']);
  });

  it('given an FBA summary whose quantity is text when checked then it is refused; the payload wrapper of that model passes', () => {
    const fba = { path: '/fba/inventory/v1/summaries', query: 'details=true&granularityType=Marketplace&granularityId=ATVPDKIKX0DER&marketplaceIds=ATVPDKIKX0DER' };
    const summary = (q: unknown) => JSON.stringify({ payload: { granularity: { granularityType: 'Marketplace', granularityId: 'ATVPDKIKX0DER' }, inventorySummaries: [{ sellerSku: 'MUG', inventoryDetails: { fulfillableQuantity: q } }] } });
    expect(problems({ ...fba, responseBody: summary(3) })).toEqual([]);
    expect(problems({ ...fba, responseBody: summary('3') })).toEqual(['response /body/payload/inventorySummaries/0/inventoryDetails/fulfillableQuantity: must be integer']);
  });
});

describe('feed documents (listings-feed-schema-v2, its processing report)', () => {
  it("given Amazon's own example feed when checked then it passes; a message without its productType and a wrong version are named", () => {
    const example = readSpecFile(EXAMPLE_FEED);
    expect(contract.documents.listingsFeed(example)).toEqual([]);
    const broken = { header: { sellerId: 'A2EXAMPLE', version: '1.0' }, messages: [{ messageId: 1, sku: 'MUG', operationType: 'UPDATE', attributes: { item_name: [{ value: 'Mug' }] } }] };
    const found = contract.documents.listingsFeed(broken).map((p) => `${p.where}: ${p.message}`);
    expect(found).toEqual(expect.arrayContaining(['/feedDocument/header/version: must be equal to constant', "/feedDocument/messages/0: must have required property 'productType'"]));
  });

  it('given a processing report when checked then the summary counts are required', () => {
    const report = { header: { sellerId: 'A2EXAMPLE', version: '2.0', feedId: '1' }, issues: [{ messageId: 1, sku: 'MUG', code: '90220', severity: 'ERROR', message: "'item_name' is required but not supplied." }], summary: { errors: 1, warnings: 0, messagesProcessed: 1, messagesAccepted: 0, messagesInvalid: 1 } };
    expect(contract.documents.listingsFeedReport(report)).toEqual([]);
    expect(contract.documents.listingsFeedReport({ ...report, summary: { errors: 1 } }).map((p) => p.message)).toEqual(expect.arrayContaining(["must have required property 'messagesProcessed'"]));
  });
});

describe('every test file is checked (connectors/sdk/contract/jest-setup.ts)', () => {
  it('given jest.config.js when read then it runs the shared contract hook after each test file', () => {
    const config = require('../../jest.config.js') as { setupFilesAfterEnv?: string[] };
    expect(config.setupFilesAfterEnv).toContain('<rootDir>/connectors/sdk/contract/jest-setup.ts');
  });

  it('given a recorder that saw a bad exchange or could not check when reported then the failure names the marketplace, the exchange and the reason', () => {
    const identity = { marketplace: 'Amazon', contractDir: 'connectors/amazon/contract' };
    const seen = new ContractRecorder('sim A', identity, contract);
    seen.record(exchange({ path: search.path, query: search.query, headers: {}, responseBody: '{"orders":[]}' }), null, new Date(0));
    const text = formatContractReport({ simulators: 2, exchanges: 1, unchecked: [{ simulator: 'sim B', marketplace: 'Amazon', reason: 'the validator is not installed' }], violations: seen.list().map((v) => ({ ...v, simulator: 'sim A', ...identity })) });
    expect(text).toContain('Amazon simulator sim B ran without checking its contract: the validator is not installed');
    expect(text).toContain("1 exchange(s) broke Amazon's models (connectors/amazon/contract):");
    expect(text).toContain('GET /orders/2026-01-01/orders?createdAfter=');
    expect(text).toContain('request /header/x-amz-access-token');
    expect(seen.take()).toHaveLength(1);
    expect(formatContractReport({ simulators: 1, exchanges: 5, unchecked: [], violations: [] })).toBe('');
  });

  it('given a tracked recorder with a violation when the report is taken then it names it once and leaves nothing for the next test', () => {
    const recorder = new ContractRecorder('sim C', { marketplace: 'Amazon', contractDir: 'connectors/amazon/contract' }, contract);
    trackRecorder(recorder);
    recorder.recordProblems({ method: 'POST', path: '/feeds/2021-06-30/feeds', query: '', status: 202 }, 'createFeed', [{ side: 'request', where: '/feedDocument/messages', message: 'must NOT have fewer than 1 items' }], 'seller-2', new Date(0));
    const first = takeContractReport();
    expect(first.violations).toEqual([expect.objectContaining({ simulator: 'sim C', seller: 'seller-2', operationId: 'createFeed', marketplace: 'Amazon' })]);
    expect(takeContractReport().violations).toEqual([]);
  });
});
