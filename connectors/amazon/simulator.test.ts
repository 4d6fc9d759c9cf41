import zlib from 'node:zlib';
import type { RunningSimulator } from '../sdk/simulator';
import { takeContractViolations } from '../sdk/contract';
import { DEFAULT_USAGE_PLANS, startAmazonSimulator } from './simulator';

// The simulated Amazon SP-API held to ../shared/marketplaces/amazon.md §8 and to Amazon's own
// models, spoken to over raw HTTP (fetch), never through the connector. Every SP-API exchange is
// also validated against the models (connectors/sdk/contract/jest-setup.ts fails the test on a
// violation); the few requests below that break a model on purpose take their violations and check them.

type Raw = Record<string, any>;

interface Answer {
  status: number;
  headers: Headers;
  text: string;
  json: Raw;
}

const US = 'ATVPDKIKX0DER';
const CA = 'A2EUQ1WTGCTBG2';
const JP = 'A1VC38T7YXB528';
const ORDERS = '/orders/2026-01-01/orders';
const HOUR = 3600 * 1000;
const T0 = Date.parse('2026-03-02T12:00:00Z');

let sim: RunningSimulator;
let creds: Record<string, string>;

async function control(method: 'GET' | 'POST', path: string, body?: unknown): Promise<Raw> {
  const res = await fetch(`${sim.controlUrl}${path}`, { method, headers: body === undefined ? undefined : { 'content-type': 'application/json' }, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${text}`);
  return JSON.parse(text);
}

async function sp(method: string, path: string, o: { token?: string | null; body?: unknown; base?: string } = {}): Promise<Answer> {
  const headers: Record<string, string> = {};
  // Default: the seller's live token on the simulator's clock (tests move the clock by hours).
  const t = o.token === undefined ? (await control('GET', '/__sim/tokens')).accessToken : o.token;
  if (t !== null) headers['x-amz-access-token'] = t;
  if (o.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${o.base ?? sim.baseUrl}${path}`, { method, headers, body: o.body === undefined ? undefined : typeof o.body === 'string' ? o.body : JSON.stringify(o.body) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: text && /json/.test(res.headers.get('content-type') ?? '') ? JSON.parse(text) : {} };
}

async function lwa(form: Record<string, string>): Promise<Answer> {
  const res = await fetch(`${sim.baseUrl}/auth/o2/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString() });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: JSON.parse(text) };
}

const codes = (a: Answer): string[] => (a.json.errors ?? []).map((e: Raw) => e.code);
const setClock = (at: number) => control('POST', '/__sim/clock', { at: new Date(at).toISOString(), freeze: true });
const advance = (ms: number) => control('POST', '/__sim/clock', { advanceMs: ms });
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

/** The violations of exchanges a test broke on purpose, by operation. */
function violationsOf(operationId: string | null): string[] {
  return takeContractViolations((v) => v.operationId === operationId).flatMap((v) => v.problems.map((p) => `${p.side} ${p.where}: ${p.message}`));
}

/** An Order of the Orders API v2026-01-01 exactly as searchOrders returns it with every block. */
function order(orderId: string, o: { created?: number; updated?: number; marketplaceId?: string; status?: string; by?: 'MERCHANT' | 'AMAZON'; items?: { id: string; sku: string; quantity: number }[]; extra?: Raw } = {}): Raw {
  const created = o.created ?? T0 - 10 * HOUR;
  const items = o.items ?? [{ id: `${orderId}-1`, sku: 'MUG-BLUE', quantity: 2 }];
  return {
    orderId,
    orderAliases: [{ aliasId: `SELLER-${orderId}`, aliasType: 'SELLER_ORDER_ID' }],
    createdTime: iso(created),
    lastUpdatedTime: iso(o.updated ?? created),
    programs: [],
    salesChannel: { channelName: 'AMAZON', marketplaceId: o.marketplaceId ?? US, marketplaceName: 'Amazon.com' },
    buyer: { buyerName: 'Jane Doe', buyerEmail: 'jane@marketplace.amazon.com' },
    recipient: { deliveryAddress: { name: 'Jane Doe', addressLine1: '1 Main St', city: 'Seattle', stateOrRegion: 'WA', postalCode: '98101', countryCode: 'US', phone: '+1 206 555 0100', addressType: 'RESIDENTIAL' } },
    proceeds: { grandTotal: { amount: '39.98', currencyCode: 'USD' }, breakdowns: [{ type: 'ITEM', subtotal: { amount: '39.98', currencyCode: 'USD' } }] },
    fulfillment: { fulfillmentStatus: o.status ?? 'UNSHIPPED', fulfilledBy: o.by ?? 'MERCHANT', fulfillmentServiceLevel: 'STANDARD' },
    orderItems: items.map((it) => ({
      orderItemId: it.id,
      quantityOrdered: it.quantity,
      product: { asin: 'B0TESTASIN', title: 'Enamel mug', sellerSku: it.sku, condition: { conditionType: 'NEW' }, price: { unitPrice: { amount: '19.99', currencyCode: 'USD' } } },
      proceeds: { proceedsTotal: { amount: '39.98', currencyCode: 'USD' } },
      fulfillment: { quantityFulfilled: 0, quantityUnfulfilled: it.quantity },
    })),
    ...o.extra,
  };
}

const addOrder = (o: Raw) => control('POST', '/__sim/orders', o);

beforeAll(async () => {
  sim = await startAmazonSimulator({ seed: 16 });
  await setClock(T0);
  creds = await control('GET', '/__sim/credentials');
  // Generous plans for the tests that are not about usage plans (those set Amazon's figures back).
  await control('POST', '/__sim/usage-plans', Object.fromEntries(Object.keys(DEFAULT_USAGE_PLANS).map((op) => [op, { rate: 100, burst: 100 }])));
});

afterAll(async () => {
  await sim?.stop();
});

describe('Login with Amazon (§1, §8.1)', () => {
  it('given the credentials when the refresh token is exchanged then a bearer token for 3600 s comes back with the same refresh token', async () => {
    expect(Object.keys(creds).sort()).toEqual(['clientId', 'clientSecret', 'refreshToken', 'sellerId']);
    expect(creds.clientId).toMatch(/^amzn1\.application-oa2-client\.[0-9a-f]{32}$/);
    expect(creds.refreshToken).toMatch(/^Atzr\|/);
    const a = await lwa({ grant_type: 'refresh_token', refresh_token: creds.refreshToken, client_id: creds.clientId, client_secret: creds.clientSecret });
    expect(a.status).toBe(200);
    expect(a.json).toMatchObject({ token_type: 'bearer', expires_in: 3600, refresh_token: creds.refreshToken });
    expect(a.json.access_token).toMatch(/^Atza\|/);
    expect((await sp('GET', `${ORDERS}?createdAfter=2026-01-01T00:00:00Z`, { token: a.json.access_token })).status).toBe(200);
  });

  it('given a wrong secret, refresh token or grant when exchanged then LWA refuses each its way', async () => {
    const good = { grant_type: 'refresh_token', refresh_token: creds.refreshToken, client_id: creds.clientId, client_secret: creds.clientSecret };
    const badSecret = await lwa({ ...good, client_secret: 'nope' });
    expect([badSecret.status, badSecret.json.error]).toEqual([401, 'invalid_client']);
    const badRefresh = await lwa({ ...good, refresh_token: 'Atzr|nope' });
    expect([badRefresh.status, badRefresh.json.error]).toEqual([400, 'invalid_grant']);
    const badGrant = await lwa({ ...good, grant_type: 'password' });
    expect([badGrant.status, badGrant.json.error]).toEqual([400, 'unsupported_grant_type']);
    const grantless = await lwa({ grant_type: 'client_credentials', scope: 'sellingpartnerapi::notifications', client_id: creds.clientId, client_secret: creds.clientSecret });
    expect(grantless.status).toBe(200);
    const refused = await sp('GET', `${ORDERS}?createdAfter=2026-01-01T00:00:00Z`, { token: grantless.json.access_token });
    expect([refused.status, codes(refused)]).toEqual([403, ['Unauthorized']]);
  });

  it('given no, an unknown or an expired x-amz-access-token when an SP-API call is made then 403 Unauthorized with a request id and no rate header', async () => {
    const none = await sp('GET', `${ORDERS}/902-0000000-0000000`, { token: null });
    expect(none.status).toBe(403);
    expect(none.json).toEqual({ errors: [{ code: 'Unauthorized', message: 'Access to requested resource is denied.', details: '' }] });
    expect(none.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
    expect(none.headers.get('x-amzn-ratelimit-limit')).toBeNull();
    expect(violationsOf('getOrder')).toEqual(['request /header/x-amz-access-token: every SP-API call carries the LWA access token in x-amz-access-token (amazon.md §1)']);
    expect((await sp('GET', `${ORDERS}/902-0000000-0000000`, { token: 'Atza|forged' })).json.errors[0].details).toMatch(/revoked, malformed or invalid/);
    const fresh = (await lwa({ grant_type: 'refresh_token', refresh_token: creds.refreshToken, client_id: creds.clientId, client_secret: creds.clientSecret })).json.access_token;
    await advance(3601 * 1000);
    const expired = await sp('GET', `${ORDERS}/902-0000000-0000000`, { token: fresh });
    expect([expired.status, expired.json.errors[0].details]).toEqual([403, 'The access token you provided has expired.']);
  });
});

describe('usage plans (§6, §8.2)', () => {
  afterAll(async () => {
    await control('POST', '/__sim/usage-plans', { searchOrders: { rate: 100, burst: 100 }, getOrder: { rate: 100, burst: 100 }, getInventorySummaries: { rate: 100, burst: 100 } });
  });

  it('given the default plans when searchOrders and getOrder answer then each states its own rate, and searchOrders refuses the 21st call of a burst with 429 QuotaExceeded while getOrder goes on', async () => {
    await control('POST', '/__sim/usage-plans', { searchOrders: DEFAULT_USAGE_PLANS.searchOrders, getOrder: DEFAULT_USAGE_PLANS.getOrder });
    await addOrder(order('111-0000001-0000001'));
    const answers: Answer[] = [];
    for (let i = 0; i < 21; i++) answers.push(await sp('GET', `${ORDERS}?createdAfter=2026-01-01T00:00:00Z&maxResultsPerPage=1`));
    expect(answers.slice(0, 20).map((a) => a.status)).toEqual(Array(20).fill(200));
    expect(answers[0].headers.get('x-amzn-ratelimit-limit')).toBe('0.0056');
    const refused = answers[20];
    expect([refused.status, codes(refused)]).toEqual([429, ['QuotaExceeded']]);
    expect(refused.headers.get('x-amzn-requestid')).toBeTruthy();
    expect(refused.headers.get('retry-after')).toBeNull();
    const one = await sp('GET', `${ORDERS}/111-0000001-0000001`);
    expect([one.status, one.headers.get('x-amzn-ratelimit-limit')]).toEqual([200, '0.5']);
    expect((await control('GET', '/__sim/usage-plans')).usagePlans.getOrder).toEqual({ rate: 0.5, burst: 30 });
    await control('POST', '/__sim/usage-plans', { getOrder: { rate: 100, burst: 100 } });
  });

  it('given getInventorySummaries at 2/s burst 2 when called three times at once then one is refused', async () => {
    const q = `/fba/inventory/v1/summaries?granularityType=Marketplace&granularityId=${US}&marketplaceIds=${US}`;
    const t = (await control('GET', '/__sim/tokens')).accessToken;
    // A first call compiles the operation's contract validators (slow once), so the three below arrive within the refill time of 500 ms.
    await sp('GET', q, { token: t });
    await control('POST', '/__sim/usage-plans', { getInventorySummaries: DEFAULT_USAGE_PLANS.getInventorySummaries });
    const statuses = (await Promise.all([1, 2, 3].map(() => sp('GET', q, { token: t })))).map((a) => a.status).sort();
    await control('POST', '/__sim/usage-plans', { getInventorySummaries: { rate: 100, burst: 100 } });
    expect(statuses).toEqual([200, 200, 429]);
  });
});

describe('searchOrders and getOrder (§4a, §8.3a)', () => {
  const base = T0 + 2 * HOUR;
  beforeAll(async () => {
    await setClock(base + 10 * HOUR);
    // Five orders an hour apart (updated in reverse), one in Canada, one Amazon-fulfilled, one with Japanese text and unusual numbers.
    for (let i = 1; i <= 5; i++) await addOrder(order(`112-000000${i}-0000000`, { created: base + i * HOUR, updated: base + (10 - i) * HOUR, marketplaceId: i === 4 ? CA : US, by: i === 5 ? 'AMAZON' : 'MERCHANT', status: i === 5 ? 'SHIPPED' : 'UNSHIPPED' }));
  });

  const search = (q: string) => sp('GET', `${ORDERS}?${q}`);
  const ids = (a: Answer) => a.json.orders.map((o: Raw) => o.orderId);
  const after = `createdAfter=${iso(base)}`;

  it('given the exclusions of createdAfter and lastUpdatedAfter when broken then each is 400 InvalidInput', async () => {
    const cases = [
      'marketplaceIds=ATVPDKIKX0DER',
      `${after}&lastUpdatedAfter=${iso(base)}`,
      `${after}&lastUpdatedBefore=${iso(base + HOUR)}`,
      `lastUpdatedAfter=${iso(base)}&createdBefore=${iso(base + HOUR)}`,
      `${after}&createdBefore=${iso(base - HOUR)}`,
      `${after}&createdBefore=${iso(base + 10 * HOUR - 60_000)}`,
      `${after}&maxResultsPerPage=101`,
      `${after}&maxResultsPerPage=0`,
    ];
    for (const q of cases) {
      const a = await search(q);
      expect([q, a.status, codes(a)]).toEqual([q, 400, ['InvalidInput']]);
    }
    expect((await search(`${after}&createdBefore=${iso(base + 10 * HOUR - 3 * 60_000)}`)).status).toBe(200);
  });

  it('given createdAfter and a page size of 2 when paged then orders come oldest first with the bound, and the token serves the rest', async () => {
    const first = await search(`${after}&maxResultsPerPage=2`);
    expect(ids(first)).toEqual(['112-0000001-0000000', '112-0000002-0000000']);
    expect(first.json.createdBefore).toBe(new Date(base + 10 * HOUR).toISOString());
    const token2 = first.json.pagination.nextToken;
    // includedData and maxResultsPerPage may change between pages [O]; the filters may not.
    const second = await search(`${after}&maxResultsPerPage=3&includedData=BUYER&paginationToken=${encodeURIComponent(token2)}`);
    expect(ids(second)).toEqual(['112-0000003-0000000', '112-0000004-0000000', '112-0000005-0000000']);
    expect(second.json.pagination).toBeUndefined();
    expect(second.json.orders[0].buyer.buyerName).toBe('Jane Doe');
    const changed = await search(`${after}&marketplaceIds=${US}&paginationToken=${encodeURIComponent(token2)}`);
    expect([changed.status, changed.json.errors[0].message]).toEqual([400, 'The paginationToken does not belong to this search.']);
    const missing = await search(`paginationToken=${encodeURIComponent(token2)}`);
    expect(missing.status).toBe(400);
  });

  it('given a pagination token when 24 hours pass on the simulator clock then it is refused as expired', async () => {
    const first = await search(`${after}&maxResultsPerPage=1`);
    await advance(24 * HOUR + 1000);
    const late = await search(`${after}&maxResultsPerPage=1&paginationToken=${encodeURIComponent(first.json.pagination.nextToken)}`);
    expect([late.status, late.json.errors[0].message]).toEqual([400, 'The paginationToken has expired.']);
    await advance(-(24 * HOUR + 1000));
  });

  it('given lastUpdatedAfter and the filters when searched then the window is by update time and marketplaces, fulfilment statuses and fulfilled-by filter', async () => {
    const updated = await search(`lastUpdatedAfter=${iso(base + 6 * HOUR)}`);
    expect(ids(updated)).toEqual(['112-0000004-0000000', '112-0000003-0000000', '112-0000002-0000000', '112-0000001-0000000']);
    expect(updated.json.lastUpdatedBefore).toBeTruthy();
    expect(ids(await search(`${after}&marketplaceIds=${CA}`))).toEqual(['112-0000004-0000000']);
    expect(ids(await search(`${after}&marketplaceIds=${CA},${US}&fulfilledBy=AMAZON`))).toEqual(['112-0000005-0000000']);
    expect(ids(await search(`${after}&fulfillmentStatuses=SHIPPED`))).toEqual(['112-0000005-0000000']);
  });

  it('given no includedData when searched then the orders carry their items but no data set, and each set appears when asked', async () => {
    const bare = (await search(`${after}&maxResultsPerPage=1`)).json.orders[0];
    expect(Object.keys(bare).sort()).toEqual(['createdTime', 'lastUpdatedTime', 'orderAliases', 'orderId', 'orderItems', 'programs', 'salesChannel']);
    expect(Object.keys(bare.orderItems[0]).sort()).toEqual(['orderItemId', 'product', 'quantityOrdered']);
    const full = (await search(`${after}&maxResultsPerPage=1&includedData=BUYER,RECIPIENT,PROCEEDS,FULFILLMENT`)).json.orders[0];
    expect(full.proceeds.grandTotal).toEqual({ amount: '39.98', currencyCode: 'USD' });
    expect(full.fulfillment.fulfillmentStatus).toBe('UNSHIPPED');
    expect(full.recipient.deliveryAddress.city).toBe('Seattle');
    expect(full.orderItems[0].proceeds.proceedsTotal.amount).toBe('39.98');
  });

  it('given an order with unknown fields, Japanese text and number literals when served then it is byte for byte as given', async () => {
    const text = JSON.stringify(order('250-0000001-0000001', { marketplaceId: JP, created: base, extra: { sellerNote: '至急 発送', futureField: { nested: [1, 2] } } }))
      .replace('"quantityOrdered":2', '"quantityOrdered":2.0')
      .replace('"Seattle"', '"東京都 渋谷区"');
    await control('POST', '/__sim/orders', text);
    const got = await sp('GET', `${ORDERS}/250-0000001-0000001?includedData=BUYER,RECIPIENT,PROCEEDS,FULFILLMENT`);
    expect(got.text).toContain('"quantityOrdered":2.0');
    expect(got.text).toContain('"sellerNote":"至急 発送"');
    expect(got.json.order.recipient.deliveryAddress.city).toBe('東京都 渋谷区');
    expect(got.json.order.futureField).toEqual({ nested: [1, 2] });
    const missing = await sp('GET', `${ORDERS}/999-9999999-9999999`);
    expect([missing.status, codes(missing)]).toEqual([404, ['NotFound']]);
  });

  it('given a seller without the PII roles when orders are read then buyer and address PII are gone and the rest stays; Amazon-fulfilled orders never show the email or phone', async () => {
    const q = `${ORDERS}/112-0000001-0000000?includedData=BUYER,RECIPIENT`;
    expect((await sp('GET', q)).json.order.buyer).toEqual({ buyerName: 'Jane Doe', buyerEmail: 'jane@marketplace.amazon.com' });
    await control('POST', '/__sim/pii', { enabled: false });
    const clean = (await sp('GET', q)).json.order;
    expect(clean.buyer).toBeUndefined();
    expect(clean.recipient.deliveryAddress).toEqual({ city: 'Seattle', stateOrRegion: 'WA', countryCode: 'US', addressType: 'RESIDENTIAL' });
    await control('POST', '/__sim/pii', { enabled: true });
    const afn = (await sp('GET', `${ORDERS}/112-0000005-0000000?includedData=BUYER,RECIPIENT`)).json.order;
    expect(afn.buyer).toEqual({ buyerName: 'Jane Doe' });
    expect(afn.recipient.deliveryAddress.phone).toBeUndefined();
    expect(afn.recipient.deliveryAddress.name).toBe('Jane Doe');
  });

  it('given an order broken against the model when served then the response check names each field (and the test takes the violation)', async () => {
    const bad = order('112-9999999-0000001', { created: base }) as Raw;
    bad.orderItems[0].quantityOrdered = '2';
    bad.proceeds.grandTotal.amount = 39.98;
    await addOrder(bad);
    expect((await sp('GET', `${ORDERS}/112-9999999-0000001?includedData=PROCEEDS`)).status).toBe(200);
    expect(violationsOf('getOrder').sort()).toEqual(['response /body/order/orderItems/0/quantityOrdered: must be integer', 'response /body/order/proceeds/grandTotal/amount: must be string']);
    await control('POST', '/__sim/orders/112-9999999-0000001/status', { status: 'CANCELLED' });
  });
});

describe('confirmShipment (§4, §8.5)', () => {
  const id = '113-0000001-0000001';
  const confirm = (packageDetail: Raw, marketplaceId = US, orderId = id) => sp('POST', `/orders/v0/orders/${orderId}/shipmentConfirmation`, { body: { marketplaceId, packageDetail } });
  const pkg = (ref: string, items: { orderItemId: string; quantity: number }[], extra: Raw = {}): Raw => ({ packageReferenceId: ref, carrierCode: 'UPS', shippingMethod: 'Ground', trackingNumber: `1Z999AA1012345678${ref}`, shipDate: iso(T0), orderItems: items, ...extra });
  const status = async () => (await sp('GET', `${ORDERS}/${id}?includedData=FULFILLMENT,PACKAGES`)).json.order;

  beforeAll(async () => {
    await addOrder(order(id, { items: [{ id: 'A1', sku: 'MUG-BLUE', quantity: 2 }, { id: 'A2', sku: 'MUG-RED', quantity: 1 }] }));
    await addOrder(order('113-0000002-0000002', { by: 'AMAZON' }));
  });

  it('given an unshipped MFN order when part of it is confirmed then 204, PARTIALLY_SHIPPED, the package and the item quantities show', async () => {
    const a = await confirm(pkg('1', [{ orderItemId: 'A1', quantity: 1 }]));
    expect([a.status, a.text]).toEqual([204, '']);
    expect(a.headers.get('x-amzn-ratelimit-limit')).toBe('100');
    const o = await status();
    expect(o.fulfillment.fulfillmentStatus).toBe('PARTIALLY_SHIPPED');
    expect(o.packages).toEqual([expect.objectContaining({ packageReferenceId: '1', carrier: 'UPS', trackingNumber: '1Z999AA10123456781', shippingService: 'Ground', packageItems: [{ orderItemId: 'A1', quantity: 1 }] })]);
    expect(o.orderItems[0].fulfillment).toEqual({ quantityFulfilled: 1, quantityUnfulfilled: 1 });
  });

  it('given bad confirmations when sent then each is 400 InvalidInput and nothing ships', async () => {
    const bad = [
      confirm(pkg('2', [{ orderItemId: 'A1', quantity: 2 }])),
      confirm(pkg('2', [{ orderItemId: 'NOPE', quantity: 1 }])),
      confirm(pkg('2', [{ orderItemId: 'A2', quantity: 1 }], { carrierCode: 'Other' })),
      confirm(pkg('two', [{ orderItemId: 'A2', quantity: 1 }])),
      confirm(pkg('2', [{ orderItemId: 'A2', quantity: 1 }]), CA),
      confirm(pkg('2', [{ orderItemId: 'A2', quantity: 1 }], { shipDate: '02/21/2022' })),
      confirm(pkg('1', [{ orderItemId: 'A2', quantity: 1 }])),
      confirm(pkg('2', [{ orderItemId: 'A1', quantity: 1 }]), US, '113-0000002-0000002'),
    ];
    for (const a of await Promise.all(bad)) expect([a.status, codes(a)]).toEqual([400, ['InvalidInput']]);
    expect(violationsOf('confirmShipment')).toEqual(['request /requestBody/packageDetail/shipDate: must match format "date-time"']);
    expect((await status()).orderItems.map((i: Raw) => i.fulfillment.quantityFulfilled)).toEqual([1, 0]);
  });

  it('given the same package sent again (its answer lost) when confirmed then 204 and nothing ships twice; the rest ships the order, after which it is refused', async () => {
    expect((await confirm(pkg('1', [{ orderItemId: 'A1', quantity: 1 }]))).status).toBe(204);
    expect((await status()).packages).toHaveLength(1);
    const rest = await confirm(pkg('2', [{ orderItemId: 'A1', quantity: 1 }, { orderItemId: 'A2', quantity: 1 }], { carrierCode: 'Other', carrierName: 'Acme Freight' }));
    expect(rest.status).toBe(204);
    const o = await status();
    expect(o.fulfillment.fulfillmentStatus).toBe('SHIPPED');
    expect(o.packages[1].carrier).toBe('Acme Freight');
    expect((await confirm(pkg('3', [{ orderItemId: 'A1', quantity: 1 }]))).status).toBe(400);
    const shipments = (await control('GET', '/__sim/shipments')).shipments.filter((s: Raw) => s.orderId === id);
    expect(shipments.map((s: Raw) => [s.packageReferenceId, s.orderItems])).toEqual([
      ['1', [{ orderItemId: 'A1', quantity: 1 }]],
      ['2', [{ orderItemId: 'A1', quantity: 1 }, { orderItemId: 'A2', quantity: 1 }]],
    ]);
  });
});

describe('Listings Items (§3, §8.4)', () => {
  const LI = () => `/listings/2021-08-01/items/${creds.sellerId}`;
  const attributes = (o: { price?: string; quantity?: number; currency?: string; channel?: string } = {}): Raw => ({
    item_name: [{ value: 'Enamel mug, blue', language_tag: 'en_US', marketplace_id: US }],
    condition_type: [{ value: 'new_new', marketplace_id: US }],
    purchasable_offer: [{ marketplace_id: US, currency: o.currency ?? 'USD', our_price: [{ schedule: [{ value_with_tax: Number(o.price ?? '19.99') }] }] }],
    fulfillment_availability: [{ fulfillment_channel_code: o.channel ?? 'DEFAULT', quantity: o.quantity ?? 5 }],
  });
  const put = (sku: string, attrs: Raw, q = `marketplaceIds=${US}`) => sp('PUT', `${LI()}/${encodeURIComponent(sku)}?${q}`, { body: { productType: 'DRINKING_CUP', requirements: 'LISTING', attributes: attrs } });
  const patch = (sku: string, patches: Raw[]) => sp('PATCH', `${LI()}/${encodeURIComponent(sku)}?marketplaceIds=${US}`, { body: { productType: 'DRINKING_CUP', patches } });
  const get = (sku: string, data = 'summaries,attributes,issues,offers,fulfillmentAvailability') => sp('GET', `${LI()}/${encodeURIComponent(sku)}?marketplaceIds=${US}&includedData=${data}`);

  beforeAll(async () => {
    await setClock(T0 + 30 * HOUR);
  });

  it('given a new SKU when put then ACCEPTED with a submission id, not found until processed, then BUYABLE with its offer, stock and attributes', async () => {
    const sku = 'MUG 01/BLUE';
    const a = await put(sku, attributes());
    expect(a.status).toBe(200);
    expect(a.json).toEqual({ sku, status: 'ACCEPTED', submissionId: expect.stringMatching(/^[0-9a-f-]{36}$/), issues: [] });
    expect((await get(sku)).status).toBe(404);
    expect((await control('GET', '/__sim/listings')).listings.find((l: Raw) => l.sku === sku).status).toBe('PENDING');
    await advance(1000);
    const item = (await get(sku)).json;
    expect(item.summaries).toEqual([expect.objectContaining({ marketplaceId: US, productType: 'DRINKING_CUP', conditionType: 'new_new', status: ['BUYABLE', 'DISCOVERABLE'], itemName: 'Enamel mug, blue', asin: expect.stringMatching(/^B0[A-Z0-9]{8}$/) })]);
    expect(item.offers).toEqual([{ marketplaceId: US, offerType: 'B2C', price: { currencyCode: 'USD', amount: '19.99' }, audience: { value: 'ALL', displayName: 'Sell on Amazon' } }]);
    expect(item.fulfillmentAvailability).toEqual([{ fulfillmentChannelCode: 'DEFAULT', quantity: 5 }]);
    expect(item.attributes.item_name[0].value).toBe('Enamel mug, blue');
    expect(item.issues).toEqual([]);
  });

  it('given a price and quantity patch when accepted then the old values stay until it is processed', async () => {
    const sku = 'MUG 01/BLUE';
    const a = await patch(sku, [
      { op: 'replace', path: '/attributes/fulfillment_availability', value: [{ fulfillment_channel_code: 'DEFAULT', quantity: 12 }] },
      { op: 'replace', path: '/attributes/purchasable_offer', value: [{ marketplace_id: US, currency: 'USD', our_price: [{ schedule: [{ value_with_tax: 24.5 }] }] }] },
    ]);
    expect(a.json.status).toBe('ACCEPTED');
    expect((await get(sku, 'offers')).json.offers[0].price.amount).toBe('19.99');
    await advance(1000);
    const item = (await get(sku, 'offers,fulfillmentAvailability')).json;
    expect([item.offers[0].price.amount, item.fulfillmentAvailability[0].quantity]).toEqual(['24.5', 12]);
    const row = (await control('GET', '/__sim/listings')).listings.find((l: Raw) => l.sku === sku);
    expect(row).toMatchObject({ quantity: 12, price: '24.5', currency: 'USD', status: 'BUYABLE', fulfillmentChannel: 'DEFAULT' });
  });

  it('given a VALIDATION_PREVIEW when put then VALID with identifiers and nothing persists; a SKU missing required attributes is INVALID at once', async () => {
    const preview = await put('MUG-PREVIEW', attributes(), `marketplaceIds=${US}&mode=VALIDATION_PREVIEW&includedData=identifiers,issues`);
    expect(preview.json).toMatchObject({ status: 'VALID', identifiers: [{ marketplaceId: US, asin: expect.any(String) }] });
    const invalid = await put('MUG-NONAME', { ...attributes(), item_name: undefined });
    expect(invalid.json).toMatchObject({ status: 'INVALID', issues: [{ code: '90220', severity: 'ERROR', attributeNames: ['item_name'], categories: ['MISSING_ATTRIBUTE'] }] });
    await advance(2000);
    expect((await get('MUG-PREVIEW')).status).toBe(404);
    expect((await get('MUG-NONAME')).status).toBe(404);
    const notPreview = await put('MUG-PREVIEW', attributes(), `marketplaceIds=${US}&includedData=identifiers`);
    expect(notPreview.status).toBe(400);
  });

  it('given writes outside the model when sent then 400, and the contract check names what the model refuses', async () => {
    const two = await put('MUG-TWO', attributes(), `marketplaceIds=${US},${CA}`);
    expect([two.status, codes(two)]).toEqual([400, ['InvalidInput']]);
    expect(violationsOf('putListingsItem')).toEqual(['request /query/marketplaceIds: must NOT have more than 1 items']);
    const op = await patch('MUG 01/BLUE', [{ op: 'set', path: '/attributes/item_name', value: [{ value: 'x' }] }]);
    expect(op.status).toBe(400);
    expect(violationsOf('patchListingsItem')).toEqual(['request /requestBody/patches/0/op: must be equal to one of the allowed values (["add","replace","merge","delete"])']);
    const where = await patch('MUG 01/BLUE', [{ op: 'replace', path: '/title', value: [{ value: 'x' }] }]);
    expect([where.status, where.json.errors[0].message]).toEqual([400, 'Invalid patches: patches[0].path must be /attributes/<attribute name>, not "/title".']);
    const unknown = await patch('MUG-NEVER', [{ op: 'replace', path: '/attributes/item_name', value: [{ value: 'x' }] }]);
    expect(unknown.json).toMatchObject({ status: 'INVALID', issues: [{ code: '4000003' }] });
    const other = await sp('GET', `/listings/2021-08-01/items/A0THERSELLER0/MUG?marketplaceIds=${US}`);
    expect([other.status, codes(other)]).toEqual([403, ['Unauthorized']]);
  });

  it('given a price in the wrong currency when processed then the listing carries an ERROR issue and is no longer buyable; later issues show too', async () => {
    await put('MUG-EUR', attributes({ currency: 'EUR' }));
    await advance(1000);
    const item = (await get('MUG-EUR', 'summaries,issues')).json;
    expect(item.summaries[0].status).toEqual([]);
    expect(item.issues).toEqual([expect.objectContaining({ code: '90244', severity: 'ERROR', categories: ['INVALID_PRICE'], marketplaceIds: [US] })]);
    await control('POST', '/__sim/listing-issues', { sku: 'MUG 01/BLUE', issues: [{ code: '18027', message: 'Main image has text.', severity: 'ERROR', categories: ['INVALID_IMAGE'] }] });
    expect((await get('MUG 01/BLUE', 'issues')).json.issues).toEqual([expect.objectContaining({ code: '18027', marketplaceIds: [US] })]);
    expect((await control('GET', '/__sim/listings')).listings.find((l: Raw) => l.sku === 'MUG 01/BLUE').status).toBe('INACTIVE');
    await control('POST', '/__sim/listing-issues', { sku: 'MUG 01/BLUE', issues: [] });
  });

  it('given an Amazon-fulfilled SKU when its quantity is sent then FBA stock decides what shows, and the sent quantity is kept for the record', async () => {
    await control('POST', '/__sim/fba-inventory', { sellerSku: 'MUG-FBA', fulfillable: 7 });
    await put('MUG-FBA', attributes({ channel: 'AMAZON_NA', quantity: 10 }));
    await advance(1000);
    expect((await get('MUG-FBA', 'fulfillmentAvailability')).json.fulfillmentAvailability).toEqual([{ fulfillmentChannelCode: 'AMAZON_NA', quantity: 7 }]);
    const row = (await control('GET', '/__sim/listings')).listings.find((l: Raw) => l.sku === 'MUG-FBA');
    expect(row).toMatchObject({ quantity: 7, fulfillmentChannel: 'AMAZON_NA', ignoredQuantity: 10 });
  });

  it('given a delete when processed then the SKU is gone; searchListingsItems finds the rest by SKU', async () => {
    const del = await sp('DELETE', `${LI()}/MUG-EUR?marketplaceIds=${US}`);
    expect(del.json.status).toBe('ACCEPTED');
    expect((await get('MUG-EUR')).status).toBe(200);
    await advance(1000);
    expect((await get('MUG-EUR')).status).toBe(404);
    const found = await sp('GET', `${LI()}?marketplaceIds=${US}&identifiersType=SKU&identifiers=${encodeURIComponent('MUG 01/BLUE')},MUG-EUR&includedData=summaries`);
    expect(found.json).toMatchObject({ numberOfResults: 1, items: [{ sku: 'MUG 01/BLUE' }] });
  });
});

describe('Feeds: JSON_LISTINGS_FEED with a presigned upload (§5)', () => {
  const FEEDS = '/feeds/2021-06-30';
  const TYPE = 'application/json; charset=UTF-8';
  const feedDoc = (messages: Raw[], header: Raw = {}) => ({ header: { sellerId: creds.sellerId, version: '2.0', issueLocale: 'en_US', ...header }, messages });
  const qty = (messageId: number, sku: string, quantity: number): Raw => ({ messageId, sku, operationType: 'PATCH', productType: 'DRINKING_CUP', patches: [{ op: 'replace', path: '/attributes/fulfillment_availability', value: [{ fulfillment_channel_code: 'DEFAULT', quantity }] }] });

  /** createFeedDocument, the upload with nothing but its Content-Type, createFeed: the feed id. */
  async function submit(doc: unknown, uploadType = TYPE): Promise<{ feedId: string; upload: Response }> {
    const created = await sp('POST', `${FEEDS}/documents`, { body: { contentType: TYPE } });
    expect(created.status).toBe(201);
    expect(created.json.url).toContain('X-Amz-Signature=');
    const upload = await fetch(created.json.url, { method: 'PUT', headers: { 'content-type': uploadType }, body: typeof doc === 'string' ? doc : JSON.stringify(doc) });
    if (upload.status !== 200) return { feedId: '', upload };
    const feed = await sp('POST', `${FEEDS}/feeds`, { body: { feedType: 'JSON_LISTINGS_FEED', marketplaceIds: [US], inputFeedDocumentId: created.json.feedDocumentId } });
    expect(feed.status).toBe(202);
    return { feedId: feed.json.feedId, upload };
  }

  async function report(feedId: string): Promise<Raw> {
    const feed = (await sp('GET', `${FEEDS}/feeds/${feedId}`)).json;
    const doc = (await sp('GET', `${FEEDS}/documents/${encodeURIComponent(feed.resultFeedDocumentId)}`)).json;
    const res = await fetch(doc.url);
    const bytes = Buffer.from(await res.arrayBuffer());
    return JSON.parse((doc.compressionAlgorithm === 'GZIP' ? zlib.gunzipSync(bytes) : bytes).toString('utf8'));
  }

  beforeAll(async () => {
    await setClock(T0 + 40 * HOUR);
    await sp('PUT', `/listings/2021-08-01/items/${creds.sellerId}/FEED-1?marketplaceIds=${US}`, { body: { productType: 'DRINKING_CUP', attributes: { item_name: [{ value: 'Cup' }], condition_type: [{ value: 'new_new' }], fulfillment_availability: [{ fulfillment_channel_code: 'DEFAULT', quantity: 1 }] } } });
    await advance(1000);
  });

  it('given a feed of quantity patches when created then IN_QUEUE, IN_PROGRESS, DONE on the clock, the listings change, and the report counts each message', async () => {
    const { feedId } = await submit(feedDoc([qty(1, 'FEED-1', 40), qty(2, 'FEED-MISSING', 3)]));
    const status = async () => (await sp('GET', `${FEEDS}/feeds/${feedId}`)).json.processingStatus;
    expect(await status()).toBe('IN_QUEUE');
    await advance(1000);
    expect(await status()).toBe('IN_PROGRESS');
    await advance(1000);
    expect(await status()).toBe('DONE');
    const r = await report(feedId);
    expect(r.header).toEqual({ sellerId: creds.sellerId, version: '2.0', feedId });
    expect(r.summary).toEqual({ errors: 1, warnings: 0, messagesProcessed: 2, messagesAccepted: 1, messagesInvalid: 1 });
    expect(r.issues).toEqual([expect.objectContaining({ messageId: 2, sku: 'FEED-MISSING', code: '4000003', severity: 'ERROR' })]);
    expect((await control('GET', '/__sim/listings')).listings.find((l: Raw) => l.sku === 'FEED-1').quantity).toBe(40);
    const listed = await sp('GET', `${FEEDS}/feeds?feedTypes=JSON_LISTINGS_FEED&processingStatuses=DONE`);
    expect(listed.json.feeds.map((f: Raw) => f.feedId)).toContain(feedId);
  });

  it('given GZIP reports and includedData in the header when done then the report comes compressed with the listings', async () => {
    await control('POST', '/__sim/processing', { gzipReports: true });
    const { feedId } = await submit(feedDoc([qty(1, 'FEED-1', 41)], { report: { includedData: ['fulfillmentAvailability'], apiVersion: '2021-08-01' } }));
    await advance(2000);
    const feed = (await sp('GET', `${FEEDS}/feeds/${feedId}`)).json;
    expect((await sp('GET', `${FEEDS}/documents/${encodeURIComponent(feed.resultFeedDocumentId)}`)).json.compressionAlgorithm).toBe('GZIP');
    const r = await report(feedId);
    expect(r.items).toEqual([{ sku: 'FEED-1', fulfillmentAvailability: [{ fulfillmentChannelCode: 'DEFAULT', quantity: 41 }] }]);
    expect(r.summary.itemSummary).toEqual({ items: 1, errors: 0, warnings: 0 });
    await control('POST', '/__sim/processing', { gzipReports: false });
  });

  it('given a document that breaks listings-feed-schema-v2 when the feed runs then it is FATAL with the reason, and the contract check names it', async () => {
    const { feedId } = await submit({ header: { sellerId: creds.sellerId, version: '2' }, messages: [{ messageId: 'one', sku: 'FEED-1', operationType: 'PATCH' }] });
    const problems = violationsOf('createFeed');
    expect(problems).toEqual(expect.arrayContaining(['request /feedDocument/header/version: must be equal to constant', 'request /feedDocument/messages/0/messageId: must be integer']));
    await advance(2000);
    expect((await sp('GET', `${FEEDS}/feeds/${feedId}`)).json.processingStatus).toBe('FATAL');
    const r = await report(feedId);
    expect(r.issues[0].message).toMatch(/does not follow listings-feed-schema-v2/);
    expect(r.summary.messagesProcessed).toBe(0);
  });

  it('given the presigned URL when uploaded with another Content-Type, after 5 minutes, or before the upload then S3 and createFeed refuse', async () => {
    const { upload } = await submit(feedDoc([qty(1, 'FEED-1', 1)]), 'text/plain');
    expect(upload.status).toBe(403);
    expect(await upload.text()).toContain('<Code>SignatureDoesNotMatch</Code>');
    const created = (await sp('POST', `${FEEDS}/documents`, { body: { contentType: TYPE } })).json;
    const early = await sp('POST', `${FEEDS}/feeds`, { body: { feedType: 'JSON_LISTINGS_FEED', marketplaceIds: [US], inputFeedDocumentId: created.feedDocumentId } });
    expect([early.status, codes(early)]).toEqual([400, ['InvalidInput']]);
    await advance(5 * 60 * 1000 + 1000);
    const late = await fetch(created.url, { method: 'PUT', headers: { 'content-type': TYPE }, body: '{}' });
    expect([late.status, (await late.text()).includes('Request has expired')]).toEqual([403, true]);
  });

  it('given a feed IN_QUEUE when cancelled then CANCELLED, and a done feed cannot be cancelled', async () => {
    const { feedId } = await submit(feedDoc([qty(1, 'FEED-1', 2)]));
    expect((await sp('DELETE', `${FEEDS}/feeds/${feedId}`)).status).toBe(200);
    expect((await sp('GET', `${FEEDS}/feeds/${feedId}`)).json.processingStatus).toBe('CANCELLED');
    const { feedId: done } = await submit(feedDoc([qty(1, 'FEED-1', 3)]));
    await advance(2000);
    expect((await sp('DELETE', `${FEEDS}/feeds/${done}`)).status).toBe(400);
  });
});

describe('FBA inventory summaries (fbaInventory.json)', () => {
  const q = (extra = '') => `/fba/inventory/v1/summaries?granularityType=Marketplace&granularityId=${US}&marketplaceIds=${US}${extra}`;

  beforeAll(async () => {
    await setClock(T0 + 60 * HOUR);
  });

  it('given FBA stock when summarised with details then the model\'s quantities come back in payload, and without details only the totals', async () => {
    await control('POST', '/__sim/fba-inventory', { sellerSku: 'FBA-1', fulfillable: 9, inbound: 4, reserved: 1, unfulfillable: 2, productName: 'Mug' });
    const a = await sp('GET', q('&details=true&sellerSku=FBA-1'));
    expect(a.json.payload.granularity).toEqual({ granularityType: 'Marketplace', granularityId: US });
    const s = a.json.payload.inventorySummaries[0];
    expect(s).toMatchObject({ sellerSku: 'FBA-1', productName: 'Mug', totalQuantity: 16, inventoryDetails: { fulfillableQuantity: 9, inboundWorkingQuantity: 4, reservedQuantity: { totalReservedQuantity: 1 }, unfulfillableQuantity: { totalUnfulfillableQuantity: 2 } } });
    expect((await sp('GET', q('&sellerSku=FBA-1'))).json.payload.inventorySummaries[0].inventoryDetails).toBeUndefined();
    const other = await sp('GET', `/fba/inventory/v1/summaries?granularityType=Marketplace&granularityId=${JP}&marketplaceIds=${JP}`);
    expect(other.status).toBe(400);
    const missing = await sp('GET', `/fba/inventory/v1/summaries?marketplaceIds=${US}`);
    expect(missing.status).toBe(400);
    expect(violationsOf('getInventorySummaries')).toEqual(["request /query: must have required property 'granularityType'", "request /query: must have required property 'granularityId'"]);
  });

  it('given an Amazon-fulfilled order when it arrives and ships then its units are reserved and then leave', async () => {
    await control('POST', '/__sim/fba-inventory', { sellerSku: 'FBA-2', fulfillable: 10 });
    await addOrder(order('114-0000001-0000001', { by: 'AMAZON', status: 'UNSHIPPED', items: [{ id: 'F1', sku: 'FBA-2', quantity: 3 }] }));
    const row = async () => (await control('GET', '/__sim/fba-inventory')).inventory.find((f: Raw) => f.sellerSku === 'FBA-2');
    expect(await row()).toMatchObject({ fulfillable: 7, reserved: { pendingCustomerOrder: 3 } });
    await control('POST', '/__sim/orders/114-0000001-0000001/status', { status: 'SHIPPED' });
    expect(await row()).toMatchObject({ fulfillable: 7, reserved: { pendingCustomerOrder: 0 }, total: 7 });
  });

  it('given more SKUs than a page when paged then nextToken serves the rest, and expires after 30 seconds', async () => {
    for (let i = 0; i < 50; i++) await control('POST', '/__sim/fba-inventory', { sellerSku: `PAGE-${String(i).padStart(2, '0')}`, fulfillable: i });
    const first = await sp('GET', q());
    expect(first.json.payload.inventorySummaries).toHaveLength(50);
    const next = first.json.pagination.nextToken;
    const second = await sp('GET', q(`&nextToken=${encodeURIComponent(next)}`));
    expect(second.json.payload.inventorySummaries.length).toBeGreaterThan(0);
    await advance(31_000);
    expect((await sp('GET', q(`&nextToken=${encodeURIComponent(next)}`))).status).toBe(400);
  });
});

describe('the static sandbox (§2, §8.6)', () => {
  beforeAll(async () => {
    await control('POST', '/__sim/sandbox', { enabled: true });
  });
  afterAll(async () => {
    await control('POST', '/__sim/sandbox', { enabled: false });
  });

  it("given the models' sandbox inputs when called then their canned answers come back; other inputs are refused", async () => {
    const v0 = await sp('GET', `/orders/v0/orders?CreatedAfter=TEST_CASE_200&MarketplaceIds=${US}`);
    expect(v0.status).toBe(200);
    expect(v0.json.payload.Orders[0].AmazonOrderId).toBe('902-1845936-5435065');
    const one = await sp('GET', `${ORDERS}/171-9876543-2109876?includedData=BUYER,RECIPIENT,PROCEEDS,EXPENSE,PROMOTION,CANCELLATION,FULFILLMENT,PACKAGES`);
    expect([one.status, one.json.order.orderId]).toEqual([200, '171-9876543-2109876']);
    const preview = await sp('PUT', `/listings/2021-08-01/items/ANYSELLER/VALIDATION_INVALID?marketplaceIds=${US}&includedData=identifiers,issues&mode=VALIDATION_PREVIEW`, { body: { productType: 'LUGGAGE', attributes: {} } });
    expect(preview.json).toMatchObject({ status: 'INVALID', issues: [{ code: '90220' }, { code: '90000900' }] });
    const bad = await sp('GET', `${ORDERS}/TEST_CASE_400`);
    expect([bad.status, codes(bad)]).toEqual([400, ['InvalidInput']]);
    const none = await sp('GET', `${ORDERS}/111-1111111-1111111`);
    expect([none.status, none.json.errors[0].message]).toEqual([400, 'Could not match input arguments']);
    expect((await sp('GET', `${ORDERS}/171-9876543-2109876`, { token: null })).status).toBe(403);
    expect(violationsOf('getOrder')).toEqual(['request /header/x-amz-access-token: every SP-API call carries the LWA access token in x-amz-access-token (amazon.md §1)']);
  });
});

describe('faults, lost answers and sellers', () => {
  it('given injected throttles and failures when calls are made then 429 QuotaExceeded and 500 InternalFailure in the errors envelope', async () => {
    await control('POST', '/__sim/faults', { rate429: 1 });
    const throttled = await sp('GET', `${ORDERS}/112-0000001-0000000`);
    expect([throttled.status, codes(throttled)]).toEqual([429, ['QuotaExceeded']]);
    await control('POST', '/__sim/faults', { rate429: 0, error500: 1 });
    const failed = await sp('GET', `${ORDERS}/112-0000001-0000000`);
    expect([failed.status, codes(failed)]).toEqual([500, ['InternalFailure']]);
    await control('POST', '/__sim/faults', { error500: 0 });
  });

  it('given a lost answer of confirmShipment when the connection drops then the shipment was made', async () => {
    await addOrder(order('115-0000001-0000001'));
    await control('POST', '/__sim/lost-answers', { operationId: 'confirmShipment' });
    await expect(sp('POST', '/orders/v0/orders/115-0000001-0000001/shipmentConfirmation', { body: { marketplaceId: US, packageDetail: { packageReferenceId: '1', carrierCode: 'UPS', trackingNumber: '1Z1', shipDate: iso(T0), orderItems: [{ orderItemId: '115-0000001-0000001-1', quantity: 2 }] } } })).rejects.toThrow();
    expect((await control('GET', '/__sim/orders')).orders.find((o: Raw) => o.orderId === '115-0000001-0000001').fulfillmentStatus).toBe('SHIPPED');
  });

  it("given a second seller when added then it has its own seller id, refresh token and orders, and refuses the first seller's token", async () => {
    const second = await control('POST', '/__sim/sellers', { name: 'eu-seller' });
    const c2 = (await (await fetch(`${second.controlUrl}/__sim/credentials`)).json()) as Raw;
    expect(c2.sellerId).not.toBe(creds.sellerId);
    expect(c2.refreshToken).not.toBe(creds.refreshToken);
    const t2 = ((await (await fetch(`${second.controlUrl}/__sim/tokens`)).json()) as Raw).accessToken;
    expect((await sp('GET', `${ORDERS}?createdAfter=2026-01-01T00:00:00Z`, { base: second.baseUrl, token: t2 })).json.orders).toEqual([]);
    expect((await sp('GET', `${ORDERS}?createdAfter=2026-01-01T00:00:00Z`, { base: second.baseUrl })).status).toBe(403);
    const violations = await control('GET', '/__sim/contract-violations');
    expect(violations).toMatchObject({ checking: true, violations: [] });
    expect(violations.exchanges).toBeGreaterThan(100);
  });
});
