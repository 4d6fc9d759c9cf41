import type { RunningSimulator } from '../sdk/simulator';
import { SimControl } from '../sdk/testkit';
import { takeContractViolations } from './contract';
import { DEFAULT_LOCATION_KEY, DEFAULT_POLICIES, SCOPES, startEbaySimulator } from './simulator';

// The simulated eBay held to ../shared/marketplaces/ebay.md §8 and to eBay's OpenAPI contracts,
// spoken to over raw HTTP (fetch), never through the connector. Every exchange on /sell/ is also
// validated against the contracts (jest-setup.ts fails the file on a violation); the few
// requests below that break the contract on purpose take their violations and check them.

type Raw = Record<string, any>;

interface Answer {
  status: number;
  headers: Headers;
  text: string;
  json: Raw;
}

const INV = '/sell/inventory/v1';
const FUL = '/sell/fulfillment/v1';
const DAY = 24 * 60 * 60 * 1000;

let sim: RunningSimulator;
let control: SimControl;

async function controlJson(method: 'GET' | 'POST', path: string, body?: unknown): Promise<Raw> {
  const res = await fetch(`${sim.controlUrl}${path}`, { method, headers: body === undefined ? undefined : { 'content-type': 'application/json' }, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${text}`);
  return JSON.parse(text);
}

async function accessToken(): Promise<string> {
  return (await controlJson('GET', '/__sim/tokens')).accessToken;
}

interface CallOptions {
  /** The bearer token; default the seller's current one; null sends none. */
  token?: string | null;
  body?: unknown;
  /** Content-Language; default en-US on calls with a body; null sends none. */
  lang?: string | null;
  headers?: Record<string, string>;
}

async function ebay(method: string, path: string, o: CallOptions = {}): Promise<Answer> {
  const token = o.token === undefined ? await accessToken() : o.token;
  const headers: Record<string, string> = {};
  if (token !== null) headers.authorization = `Bearer ${token}`;
  if (o.body !== undefined) headers['content-type'] = 'application/json';
  const lang = o.lang === undefined ? (o.body !== undefined ? 'en-US' : null) : o.lang;
  if (lang) headers['content-language'] = lang;
  Object.assign(headers, o.headers ?? {});
  const res = await fetch(`${sim.baseUrl}${path}`, { method, headers, body: o.body === undefined ? undefined : typeof o.body === 'string' ? o.body : JSON.stringify(o.body) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: text && /json/.test(res.headers.get('content-type') ?? '') ? JSON.parse(text) : {} };
}

async function tokenCall(form: Record<string, string>, basic = `${creds.clientId}:${creds.clientSecret}`): Promise<Answer> {
  const res = await fetch(`${sim.baseUrl}/identity/v1/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(basic).toString('base64')}` },
    body: new URLSearchParams(form).toString(),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: JSON.parse(text) };
}

let creds: Record<string, string>;

/** Takes the contract violations of the exchanges a test broke on purpose, by operation (null: no operation matched). */
function violationsOf(operationId: string | null): string[] {
  return takeContractViolations((v) => v.operationId === operationId).flatMap((v) => v.problems.map((p) => `${p.side} ${p.where}: ${p.message}`));
}

const errorIds = (a: Answer): number[] => (a.json.errors ?? []).map((e: Raw) => e.errorId);

function item(title = 'Enamel mug', quantity = 5): Raw {
  return {
    condition: 'NEW',
    product: { title, description: `${title}, 350 ml`, imageUrls: ['https://i.ebayimg.example/mug.jpg'], aspects: { Brand: ['Acme'], Colour: ['Blue'] } },
    availability: { shipToLocationAvailability: { quantity } },
  };
}

function offer(sku: string, marketplaceId = 'EBAY_US', price = { value: '19.99', currency: 'USD' }): Raw {
  return {
    sku,
    marketplaceId,
    format: 'FIXED_PRICE',
    categoryId: '20625',
    merchantLocationKey: DEFAULT_LOCATION_KEY,
    listingDescription: 'Blue enamel mug',
    listingPolicies: { ...DEFAULT_POLICIES },
    pricingSummary: { price },
  };
}

/** An item with an offer on EBAY_US, published; its offer id and listing id. */
async function published(sku: string): Promise<{ offerId: string; listingId: string }> {
  expect((await ebay('PUT', `${INV}/inventory_item/${sku}`, { body: item() })).status).toBe(201);
  const created = await ebay('POST', `${INV}/offer`, { body: offer(sku) });
  expect(created.status).toBe(201);
  const pub = await ebay('POST', `${INV}/offer/${created.json.offerId}/publish`);
  expect(pub.status).toBe(200);
  return { offerId: created.json.offerId, listingId: pub.json.listingId };
}

/** An Order of the Fulfillment API in eBay's own shape (the text POST /__sim/orders takes). */
function orderJson(orderId: string, created: number, o: { modified?: number; lines?: { id: string; quantity: number }[]; extra?: string } = {}): string {
  const lines = o.lines ?? [{ id: `${orderId}-1`, quantity: 1 }];
  const order = {
    orderId,
    legacyOrderId: `1100${orderId.replace(/\D/g, '')}`,
    creationDate: new Date(created).toISOString(),
    lastModifiedDate: new Date(o.modified ?? created).toISOString(),
    orderFulfillmentStatus: 'NOT_STARTED',
    orderPaymentStatus: 'PAID',
    sellerId: 'sim_seller_1',
    buyer: { username: 'jürgen_m' },
    cancelStatus: { cancelState: 'NONE_REQUESTED', cancelRequests: [] },
    pricingSummary: { priceSubtotal: { value: '30.00', currency: 'EUR' }, total: { value: '30.00', currency: 'EUR' } },
    fulfillmentStartInstructions: [
      { shippingStep: { shipTo: { fullName: 'Jürgen Müller', contactAddress: { addressLine1: 'Königstraße 5', city: 'Düsseldorf', postalCode: '40212', countryCode: 'DE' } }, shippingCarrierCode: 'DHL' } },
    ],
    lineItems: lines.map((l) => ({
      lineItemId: l.id,
      legacyItemId: '110554000001',
      sku: 'SKU-MUG',
      title: 'Emaille-Becher',
      quantity: l.quantity,
      lineItemCost: { value: '10.00', currency: 'EUR' },
      total: { value: '10.00', currency: 'EUR' },
      lineItemFulfillmentStatus: 'NOT_STARTED',
      listingMarketplaceId: 'EBAY_DE',
      purchaseMarketplaceId: 'EBAY_DE',
    })),
  };
  const text = JSON.stringify(order);
  return o.extra ? `${text.slice(0, -1)},${o.extra}}` : text;
}

async function simNow(): Promise<number> {
  return Date.parse((await control.clock()).now);
}

/** A getOrders filter value percent-encoded as eBay requires. */
const encoded = (filter: string) => filter.replace(/\[/g, '%5B').replace(/\]/g, '%5D').replace(/\{/g, '%7B').replace(/\}/g, '%7D').replace(/\|/g, '%7C');

beforeAll(async () => {
  // A call rate well above this file's pace: only the quotas it sets throttle it.
  sim = await startEbaySimulator({ seed: 15, callsPerSecond: 2000 });
  control = new SimControl(sim.controlUrl);
});

afterAll(async () => {
  await sim?.stop();
});

beforeEach(async () => {
  await control.reset();
  creds = await control.credentials();
});

describe('OAuth2 (§2, §8.1)', () => {
  it('given the channel credentials when read then they are the client id, secret, refresh token and its expiry, without an access token', async () => {
    expect(Object.keys(creds).sort()).toEqual(['clientId', 'clientSecret', 'refreshToken', 'refreshTokenExpiresAt']);
    // ~18 months (47304000 s) from the consent.
    expect(Date.parse(creds.refreshTokenExpiresAt) - (await simNow())).toBeGreaterThan(47303000 * 1000);
  });

  it('given the refresh token and Basic client credentials when refreshed then a 7200 s user token comes back and works, without a new refresh token', async () => {
    const r = await tokenCall({ grant_type: 'refresh_token', refresh_token: creds.refreshToken });
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ access_token: expect.any(String), expires_in: 7200, token_type: 'User Access Token' });
    expect((await ebay('GET', `${INV}/inventory_item`, { token: r.json.access_token })).status).toBe(200);
  });

  it('given a wrong client secret or an unknown grant when asking for a token then the OAuth error says so', async () => {
    const bad = await tokenCall({ grant_type: 'refresh_token', refresh_token: creds.refreshToken }, `${creds.clientId}:nope`);
    expect([bad.status, bad.json.error]).toEqual([401, 'invalid_client']);
    const grant = await tokenCall({ grant_type: 'password' });
    expect([grant.status, grant.json.error]).toEqual([400, 'unsupported_grant_type']);
    const junk = await tokenCall({ grant_type: 'refresh_token', refresh_token: 'v^1.1#nope' });
    expect([junk.status, junk.json.error]).toEqual([400, 'invalid_grant']);
  });

  it('given an application token (client credentials) when it calls a Sell API then 403 errorId 1100 with the errors[] shape', async () => {
    const app = await tokenCall({ grant_type: 'client_credentials', scope: 'https://api.ebay.com/oauth/api_scope' });
    expect(app.json.token_type).toBe('Application Access Token');
    const res = await ebay('GET', `${FUL}/order`, { token: app.json.access_token });
    expect(res.status).toBe(403);
    expect(res.json.errors[0]).toMatchObject({ errorId: 1100, category: 'REQUEST', message: 'Access denied' });
    // Asking client credentials for a Sell scope is refused at the token endpoint.
    const sell = await tokenCall({ grant_type: 'client_credentials', scope: SCOPES.inventory });
    expect([sell.status, sell.json.error]).toEqual([400, 'invalid_scope']);
  });

  it('given a consent code when exchanged with the RuName then a user token and an 18-month refresh token; the code works once', async () => {
    const code = await controlJson('POST', '/__sim/auth-codes', { scopes: [SCOPES.fulfillment] });
    const first = await tokenCall({ grant_type: 'authorization_code', code: code.code, redirect_uri: code.ruName });
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ expires_in: 7200, refresh_token_expires_in: 47304000, token_type: 'User Access Token', refresh_token: expect.any(String) });
    // The consent covered fulfillment only.
    expect((await ebay('GET', `${FUL}/order`, { token: first.json.access_token })).status).toBe(200);
    expect((await ebay('GET', `${INV}/inventory_item`, { token: first.json.access_token })).status).toBe(403);
    const again = await tokenCall({ grant_type: 'authorization_code', code: code.code, redirect_uri: code.ruName });
    expect([again.status, again.json.error]).toEqual([400, 'invalid_grant']);
    const url = await controlJson('POST', '/__sim/auth-codes', {});
    const wrongRedirect = await tokenCall({ grant_type: 'authorization_code', code: url.code, redirect_uri: 'https://example.com/callback' });
    expect([wrongRedirect.status, wrongRedirect.json.error]).toEqual([400, 'invalid_grant']);
  });

  it('given the clock moved past 7200 s when the old token calls then 401 errorId 1001, and a refresh mends it; past 18 months the refresh token is refused', async () => {
    const old = await accessToken();
    await control.setClock({ advanceMs: 7200 * 1000 });
    const res = await ebay('GET', `${INV}/inventory_item`, { token: old });
    expect(res.status).toBe(401);
    expect(res.json.errors[0]).toMatchObject({ errorId: 1001, message: 'Invalid access token' });
    const fresh = await tokenCall({ grant_type: 'refresh_token', refresh_token: creds.refreshToken });
    expect((await ebay('GET', `${INV}/inventory_item`, { token: fresh.json.access_token })).status).toBe(200);
    await control.setClock({ advanceMs: 47304000 * 1000 });
    const expired = await tokenCall({ grant_type: 'refresh_token', refresh_token: creds.refreshToken });
    expect([expired.status, expired.json.error]).toEqual([400, 'invalid_grant']);
  });

  it('given the expireTokens fault when the current token calls then 401', async () => {
    const t = await accessToken();
    await control.faults({ expireTokens: true });
    expect((await ebay('GET', `${FUL}/order`, { token: t })).status).toBe(401);
  });

  it('given a refresh asking for the read-only scope only when it reads and writes then reads pass and writes get 403; a scope beyond the consent is refused', async () => {
    const ro = await tokenCall({ grant_type: 'refresh_token', refresh_token: creds.refreshToken, scope: SCOPES.inventoryReadonly });
    expect(ro.status).toBe(200);
    expect((await ebay('GET', `${INV}/inventory_item`, { token: ro.json.access_token })).status).toBe(200);
    const write = await ebay('PUT', `${INV}/inventory_item/SKU-RO`, { token: ro.json.access_token, body: item() });
    expect([write.status, errorIds(write)]).toEqual([403, [1100]]);
    const beyond = await tokenCall({ grant_type: 'refresh_token', refresh_token: creds.refreshToken, scope: SCOPES.finances });
    expect([beyond.status, beyond.json.error]).toEqual([400, 'invalid_scope']);
  });

  it("given the reference's worked client id and secret when the Basic header is built as §2 says then the simulator takes exactly that header", async () => {
    const vector = await startEbaySimulator({ clientId: 'MyApp-PRD-1a2b3c4d5-6e7f8a9b', clientSecret: 'PRD-0123456789ab-cdef-0123-4567-89ab' });
    try {
      const refresh = (await new SimControl(vector.controlUrl).credentials()).refreshToken;
      const res = await fetch(`${vector.baseUrl}/identity/v1/oauth2/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: 'Basic TXlBcHAtUFJELTFhMmIzYzRkNS02ZTdmOGE5YjpQUkQtMDEyMzQ1Njc4OWFiLWNkZWYtMDEyMy00NTY3LTg5YWI=' },
        body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refresh }).toString(),
      });
      expect(res.status).toBe(200);
    } finally {
      await vector.stop();
    }
  });
});

describe('inventory items (§4, §8.2-8.3)', () => {
  it('given no Content-Language when an inventory item is PUT then 400 and nothing is stored; the contract validator saw the missing header', async () => {
    const res = await ebay('PUT', `${INV}/inventory_item/SKU-1`, { body: item(), lang: null });
    expect(res.status).toBe(400);
    expect(res.json.errors[0]).toMatchObject({ errorId: 25709, domain: 'API_INVENTORY', category: 'REQUEST', parameters: [{ name: 'fieldName', value: 'Content-Language' }] });
    expect((await ebay('GET', `${INV}/inventory_item/SKU-1`)).status).toBe(404);
    expect(violationsOf('createOrReplaceInventoryItem')).toEqual([expect.stringContaining("content-language")]);
  });

  it('given a body without Content-Type: application/json when it is sent then 400 errors[] and the contract validator flags the header', async () => {
    const token = await accessToken();
    const res = await fetch(`${sim.baseUrl}${INV}/inventory_item/SKU-1`, { method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-language': 'en-US', 'content-type': 'text/plain' }, body: JSON.stringify(item()) });
    expect(res.status).toBe(400);
    expect(((await res.json()) as Raw).errors[0].errorId).toBe(2004);
    expect(violationsOf('createOrReplaceInventoryItem').join('\n')).toMatch(/content-type/);
  });

  it('given an item when PUT again without its availability then 201 then 204, and the quantity is gone (a full replace)', async () => {
    const created = await ebay('PUT', `${INV}/inventory_item/SKU-1`, { body: item() });
    expect(created.status).toBe(201);
    expect(created.headers.get('content-language')).toBe('en-US');
    const { availability: _dropped, ...withoutAvailability } = item();
    expect((await ebay('PUT', `${INV}/inventory_item/SKU-1`, { body: withoutAvailability, lang: 'de-DE' })).status).toBe(204);
    const got = await ebay('GET', `${INV}/inventory_item/SKU-1`);
    expect(got.json).toEqual({ ...withoutAvailability, sku: 'SKU-1', locale: 'de-DE' });
  });

  it('given a live listing when its item is PUT without pictures then the replace is refused (25014) and the item stays as it was', async () => {
    await published('SKU-LIVE');
    const broken = item();
    delete broken.product.imageUrls;
    const res = await ebay('PUT', `${INV}/inventory_item/SKU-LIVE`, { body: broken });
    expect([res.status, errorIds(res)]).toEqual([400, [25014]]);
    expect((await ebay('GET', `${INV}/inventory_item/SKU-LIVE`)).json.product.imageUrls).toEqual(item().product.imageUrls);
  });

  it('given items when listed and deleted then getInventoryItems pages them and a deleted SKU answers 404 with its offers gone', async () => {
    for (const sku of ['SKU-A', 'SKU-B', 'SKU-C']) await ebay('PUT', `${INV}/inventory_item/${sku}`, { body: item(sku) });
    const page = await ebay('GET', `${INV}/inventory_item?limit=2`);
    expect(page.json).toMatchObject({ total: 3, size: 2, limit: 2 });
    expect(page.json.next).toMatch(/\/sell\/inventory\/v1\/inventory_item\?limit=2&offset=1$/);
    await ebay('POST', `${INV}/offer`, { body: offer('SKU-A') });
    expect((await ebay('DELETE', `${INV}/inventory_item/SKU-A`)).status).toBe(204);
    expect((await ebay('GET', `${INV}/inventory_item/SKU-A`)).status).toBe(404);
    expect((await control.listings()).filter((l) => l.sku === 'SKU-A')).toEqual([]);
  });

  it('given a bulk create with a bad SKU among good ones when sent then 207 with a statusCode per item; 26 items are refused whole', async () => {
    const requests = [
      { sku: 'SKU-B1', locale: 'en_US', ...item('One') },
      { sku: 'X'.repeat(51), locale: 'en_US', ...item('Too long') },
      { sku: 'SKU-B2', locale: 'en_US', ...item('Two') },
    ];
    const res = await ebay('POST', `${INV}/bulk_create_or_replace_inventory_item`, { body: { requests } });
    expect(res.status).toBe(207);
    expect(res.json.responses.map((r: Raw) => [r.sku.slice(0, 6), r.statusCode, (r.errors ?? []).map((e: Raw) => e.errorId)])).toEqual([
      ['SKU-B1', 200, []],
      ['XXXXXX', 400, [25707]],
      ['SKU-B2', 200, []],
    ]);
    const good = await ebay('POST', `${INV}/bulk_create_or_replace_inventory_item`, { body: { requests: [requests[0]] } });
    expect(good.status).toBe(200);
    const many = Array.from({ length: 26 }, (_, i) => ({ sku: `SKU-M${i}`, locale: 'en_US', ...item() }));
    const tooMany = await ebay('POST', `${INV}/bulk_create_or_replace_inventory_item`, { body: { requests: many } });
    expect([tooMany.status, errorIds(tooMany)]).toEqual([400, [25727]]);
  });
});

describe('offers and listings (§4, §8.4)', () => {
  it('given an offer missing price, category, policies and location when published then 400 names each; completed, it publishes and shows on the listings', async () => {
    await ebay('PUT', `${INV}/inventory_item/SKU-P`, { body: item() });
    const bare = await ebay('POST', `${INV}/offer`, { body: { sku: 'SKU-P', marketplaceId: 'EBAY_US', format: 'FIXED_PRICE' } });
    expect(bare.status).toBe(201);
    const refused = await ebay('POST', `${INV}/offer/${bare.json.offerId}/publish`);
    expect(refused.status).toBe(400);
    expect(errorIds(refused).sort()).toEqual([25003, 25005, 25007, 25008, 25009, 25012]);
    expect(refused.json.errors.every((e: Raw) => e.domain === 'API_INVENTORY' && e.category === 'REQUEST')).toBe(true);
    const { sku: _s, marketplaceId: _m, format: _f, ...details } = offer('SKU-P');
    expect((await ebay('PUT', `${INV}/offer/${bare.json.offerId}`, { body: details })).status).toBe(204);
    const ok = await ebay('POST', `${INV}/offer/${bare.json.offerId}/publish`);
    expect(ok.status).toBe(200);
    expect(ok.json.listingId).toMatch(/^\d{12}$/);
    expect(await control.listings()).toEqual([expect.objectContaining({ sku: 'SKU-P', quantity: 5, price: '19.99', status: 'PUBLISHED' })]);
  });

  it('given an item without stock when its offer is published then 25004; an unknown location then 25012', async () => {
    await ebay('PUT', `${INV}/inventory_item/SKU-Z`, { body: item('Zero', 0) });
    const created = await ebay('POST', `${INV}/offer`, { body: { ...offer('SKU-Z'), merchantLocationKey: 'nowhere' } });
    const res = await ebay('POST', `${INV}/offer/${created.json.offerId}/publish`);
    expect(errorIds(res).sort()).toEqual([25004, 25012]);
  });

  it('given a second offer of a SKU on the same site when created then 25002 naming the first; on another site it is its own listing in its currency', async () => {
    const { offerId } = await published('SKU-2');
    const dup = await ebay('POST', `${INV}/offer`, { body: offer('SKU-2') });
    expect(dup.json.errors[0]).toMatchObject({ errorId: 25002, parameters: [{ name: 'offerId', value: offerId }] });
    const de = await ebay('POST', `${INV}/offer`, { body: { ...offer('SKU-2', 'EBAY_DE', { value: '18.99', currency: 'USD' }), availableQuantity: 2 }, lang: 'de-DE' });
    // A USD price on EBAY_DE is refused at publish (25003); in EUR it goes.
    expect(errorIds(await ebay('POST', `${INV}/offer/${de.json.offerId}/publish`))).toEqual([25003]);
    const { sku: _s, marketplaceId: _m, format: _f, ...details } = offer('SKU-2', 'EBAY_DE', { value: '18.99', currency: 'EUR' });
    await ebay('PUT', `${INV}/offer/${de.json.offerId}`, { body: { ...details, availableQuantity: 2 }, lang: 'de-DE' });
    expect((await ebay('POST', `${INV}/offer/${de.json.offerId}/publish`)).status).toBe(200);
    const rows = (await controlJson('GET', '/__sim/listings')).listings.map((l: Raw) => [l.marketplaceId, l.currency, l.price, l.quantity, l.status, l.locale]);
    expect(rows).toEqual([
      ['EBAY_US', 'USD', '19.99', 5, 'PUBLISHED', 'en-US'],
      ['EBAY_DE', 'EUR', '18.99', 2, 'PUBLISHED', 'de-DE'],
    ]);
    const offers = await ebay('GET', `${INV}/offer?sku=SKU-2&marketplace_id=EBAY_DE`);
    expect(offers.json.offers.map((o: Raw) => o.offerId)).toEqual([de.json.offerId]);
  });

  it('given a live listing when its price and quantity are bulk-updated then the listing shows them; a bad offer in the batch answers 207 for itself alone', async () => {
    const { offerId } = await published('SKU-Q');
    const ok = await ebay('POST', `${INV}/bulk_update_price_quantity`, {
      body: { requests: [{ sku: 'SKU-Q', shipToLocationAvailability: { quantity: 9 }, offers: [{ offerId, availableQuantity: 3, price: { value: '17.50', currency: 'USD' } }] }] },
      lang: null,
    });
    expect(ok.status).toBe(200);
    expect(ok.json.responses).toEqual([{ statusCode: 200, sku: 'SKU-Q', offerId }]);
    expect(await control.listings()).toEqual([expect.objectContaining({ sku: 'SKU-Q', quantity: 3, price: '17.50', status: 'PUBLISHED' })]);
    const mixed = await ebay('POST', `${INV}/bulk_update_price_quantity`, {
      body: {
        requests: [
          { sku: 'SKU-Q', offers: [{ offerId, availableQuantity: 0 }] },
          { sku: 'SKU-NOPE', offers: [{ offerId: '999', availableQuantity: 1 }] },
        ],
      },
      lang: null,
    });
    expect(mixed.status).toBe(207);
    expect(mixed.json.responses.map((r: Raw) => [r.sku, r.statusCode, (r.errors ?? []).map((e: Raw) => e.errorId)])).toEqual([
      ['SKU-Q', 200, []],
      ['SKU-NOPE', 400, [25702]],
    ]);
    // A live listing may run out: it stays published with nothing to sell.
    expect(await control.listings()).toEqual([expect.objectContaining({ quantity: 0, status: 'PUBLISHED' })]);
    const tooMany = await ebay('POST', `${INV}/bulk_update_price_quantity`, { body: { requests: Array.from({ length: 26 }, (_, i) => ({ sku: `S${i}`, shipToLocationAvailability: { quantity: 1 } })) }, lang: null });
    expect(tooMany.status).toBe(400);
  });

  it('given a live listing when withdrawn then the offer stays UNPUBLISHED with its listing ENDED, and publishing again gives a new listing', async () => {
    const { offerId, listingId } = await published('SKU-W');
    const res = await ebay('POST', `${INV}/offer/${offerId}/withdraw`);
    expect(res.json).toEqual({ listingId });
    const got = await ebay('GET', `${INV}/offer/${offerId}`);
    expect(got.json).toMatchObject({ status: 'UNPUBLISHED', listing: { listingId, listingStatus: 'ENDED' } });
    expect(errorIds(await ebay('POST', `${INV}/offer/${offerId}/withdraw`))).toEqual([25002]);
    const again = await ebay('POST', `${INV}/offer/${offerId}/publish`);
    expect(again.json.listingId).not.toBe(listingId);
  });

  it('given a live listing revised 250 times today when revised once more then it is refused, and the next eBay day it may be revised again', async () => {
    const { offerId } = await published('SKU-R');
    const { sku: _s, marketplaceId: _m, format: _f, ...details } = offer('SKU-R');
    const token = await accessToken();
    // Publishing counted no revision; 250 updates do.
    for (let i = 0; i < 250; i++) {
      const r = await ebay('PUT', `${INV}/offer/${offerId}`, { token, body: { ...details, pricingSummary: { price: { value: `${10 + (i % 50)}.00`, currency: 'USD' } } } });
      if (r.status !== 204) throw new Error(`revision ${i + 1} answered ${r.status}: ${r.text}`);
    }
    const over = await ebay('PUT', `${INV}/offer/${offerId}`, { token, body: details });
    expect([over.status, errorIds(over)]).toEqual([400, [25002]]);
    expect(over.json.errors[0].message).toMatch(/250 times today/);
    await control.setClock({ advanceMs: DAY });
    const fresh = await accessToken();
    const tokenAgain = (await tokenCall({ grant_type: 'refresh_token', refresh_token: creds.refreshToken })).json.access_token ?? fresh;
    expect((await ebay('PUT', `${INV}/offer/${offerId}`, { token: tokenAgain, body: details })).status).toBe(204);
  });

  it('given getOffers for a SKU without offers then 404 errorId 25713', async () => {
    await ebay('PUT', `${INV}/inventory_item/SKU-N`, { body: item() });
    const res = await ebay('GET', `${INV}/offer?sku=SKU-N`);
    expect([res.status, errorIds(res)]).toEqual([404, [25713]]);
  });
});

describe('inventory item groups and locations', () => {
  it('given two variations with offers when their group is published then one listing carries both; withdrawn, both are unpublished', async () => {
    for (const [sku, colour] of [['MUG-BLUE', 'Blue'], ['MUG-RED', 'Red']]) {
      const it = item(`Mug ${colour}`);
      it.product.aspects = { Colour: [colour] };
      await ebay('PUT', `${INV}/inventory_item/${sku}`, { body: it });
      await ebay('POST', `${INV}/offer`, { body: offer(sku) });
    }
    const single = await ebay('GET', `${INV}/offer?sku=MUG-BLUE`);
    const group = {
      title: 'Enamel mug',
      description: 'Enamel mug in two colours',
      imageUrls: ['https://i.ebayimg.example/mugs.jpg'],
      aspects: { Brand: ['Acme'] },
      variantSKUs: ['MUG-BLUE', 'MUG-RED'],
      variesBy: { aspectsImageVariesBy: ['Colour'], specifications: [{ name: 'Colour', values: ['Blue', 'Red'] }] },
    };
    expect((await ebay('PUT', `${INV}/inventory_item_group/MUG`, { body: group })).status).toBe(201);
    expect((await ebay('PUT', `${INV}/inventory_item_group/MUG`, { body: group })).status).toBe(204);
    expect((await ebay('GET', `${INV}/inventory_item_group/MUG`)).json).toEqual({ ...group, inventoryItemGroupKey: 'MUG' });
    expect((await ebay('GET', `${INV}/inventory_item/MUG-RED`)).json.inventoryItemGroupKeys).toEqual(['MUG']);
    // A variation is not published alone.
    expect(errorIds(await ebay('POST', `${INV}/offer/${single.json.offers[0].offerId}/publish`))).toEqual([25002]);
    const pub = await ebay('POST', `${INV}/offer/publish_by_inventory_item_group`, { body: { inventoryItemGroupKey: 'MUG', marketplaceId: 'EBAY_US' }, lang: null });
    expect(pub.status).toBe(200);
    const rows = await control.listings();
    expect(rows.map((l) => [l.sku, l.status, l.raw.listingId, l.raw.groupKey])).toEqual([
      ['MUG-BLUE', 'PUBLISHED', pub.json.listingId, 'MUG'],
      ['MUG-RED', 'PUBLISHED', pub.json.listingId, 'MUG'],
    ]);
    const withdrawn = await ebay('POST', `${INV}/offer/withdraw_by_inventory_item_group`, { body: { inventoryItemGroupKey: 'MUG', marketplaceId: 'EBAY_US' }, lang: null });
    expect(withdrawn.status).toBe(204);
    expect((await control.listings()).map((l) => l.status)).toEqual(['UNPUBLISHED', 'UNPUBLISHED']);
    const none = await ebay('POST', `${INV}/offer/withdraw_by_inventory_item_group`, { body: { inventoryItemGroupKey: 'MUG', marketplaceId: 'EBAY_US' }, lang: null });
    expect(errorIds(none)).toEqual([25725]);
  });

  it('given the seller has warehouse-1 when locations are read and another is created then both serve offers; a key taken answers 409', async () => {
    const got = await ebay('GET', `${INV}/location/${DEFAULT_LOCATION_KEY}`);
    expect(got.json).toMatchObject({ merchantLocationKey: DEFAULT_LOCATION_KEY, merchantLocationStatus: 'ENABLED', location: { address: { country: 'US' } } });
    const body = { name: 'Berlin', locationTypes: ['WAREHOUSE'], location: { address: { city: 'Berlin', postalCode: '10115', country: 'DE' } } };
    expect((await ebay('POST', `${INV}/location/berlin-1`, { body, lang: null })).status).toBe(204);
    expect((await ebay('POST', `${INV}/location/berlin-1`, { body, lang: null })).status).toBe(409);
    const missing = await ebay('POST', `${INV}/location/x`, { body: { location: { address: { city: 'Berlin' } } }, lang: null });
    expect(errorIds(missing)).toEqual([25801]);
    expect((await ebay('GET', `${INV}/location`)).json.locations.map((l: Raw) => l.merchantLocationKey)).toEqual([DEFAULT_LOCATION_KEY, 'berlin-1']);
    await controlJson('POST', '/__sim/locations', { merchantLocationKey: 'hub-2', location: { address: { postalCode: '75001', country: 'FR' } } });
    expect((await controlJson('GET', '/__sim/account')).merchantLocationKeys).toEqual([DEFAULT_LOCATION_KEY, 'berlin-1', 'hub-2']);
  });
});

describe('getOrders and getOrder (§5, §8.5)', () => {
  /** Five orders: created 1-5 days ago, the third modified an hour ago, plus one created 100 days ago and modified today. */
  async function someOrders(now: number): Promise<void> {
    for (let i = 1; i <= 5; i++) await control.addOrder(orderJson(`26-0000${i}-00001`, now - i * DAY, { modified: i === 3 ? now - 3600_000 : now - i * DAY }));
    await control.addOrder(orderJson('26-00099-00001', now - 100 * DAY, { modified: now - 60_000 }));
  }
  const ids = (a: Answer) => a.json.orders.map((o: Raw) => o.orderId);

  it('given orders when filtered by lastmodifieddate with the brackets percent-encoded then the range holds to the millisecond, and the order older than 90 days stays out', async () => {
    const now = await simNow();
    await someOrders(now);
    const since = new Date(now - 2 * DAY).toISOString();
    const res = await ebay('GET', `${FUL}/order?filter=${encoded(`lastmodifieddate:[${since}..]`)}`);
    expect(res.status).toBe(200);
    expect(ids(res)).toEqual(['26-00001-00001', '26-00002-00001', '26-00003-00001']);
    expect(res.json).toMatchObject({ total: 3, limit: 50, offset: 0 });
    // One millisecond after order 2's modification leaves it out.
    const after = new Date(now - 2 * DAY + 1).toISOString();
    expect(ids(await ebay('GET', `${FUL}/order?filter=${encoded(`lastmodifieddate:[${after}..]`)}`))).toEqual(['26-00001-00001', '26-00003-00001']);
    const closed = await ebay('GET', `${FUL}/order?filter=${encoded(`lastmodifieddate:[${new Date(now - 5 * DAY).toISOString()}..${new Date(now - 2 * DAY).toISOString()}]`)}`);
    expect(ids(closed)).toEqual(['26-00002-00001', '26-00004-00001', '26-00005-00001']);
    // No filter at all: the last 90 days.
    expect(ids(await ebay('GET', `${FUL}/order`))).not.toContain('26-00099-00001');
  });

  it('given a filter with raw brackets when sent then 400 errorId 30800; unknown names, missing starts and bad dates get their errorIds', async () => {
    const now = await simNow();
    const since = new Date(now - DAY).toISOString();
    const raw = await ebay('GET', `${FUL}/order?filter=lastmodifieddate:[${since}..]`);
    expect([raw.status, errorIds(raw)]).toEqual([400, [30800]]);
    expect(raw.json.errors[0].domain).toBe('API_FULFILLMENT');
    const cases: [string, number][] = [
      [`modifieddate:[${since}..]`, 30700],
      [`lastmodifieddate:[..${since}]`, 30820],
      ['lastmodifieddate:[2026-13-01..]', 30810],
      [`lastmodifieddate:[${since}..${new Date(now - 2 * DAY).toISOString()}]`, 30840],
      [`lastmodifieddate:[${new Date(now + DAY).toISOString()}..]`, 30850],
      [`lastmodifieddate:[${new Date(now - 91 * DAY).toISOString()}..]`, 30830],
      ['orderfulfillmentstatus:{NOT_STARTED|FULFILLED}', 30800],
    ];
    for (const [filter, errorId] of cases) {
      const res = await ebay('GET', `${FUL}/order?filter=${encoded(filter)}`);
      expect([filter, res.status, errorIds(res)]).toEqual([filter, 400, [errorId]]);
    }
  });

  it('given both date filters when sent then only creationdate counts; fulfillment status combinations filter as eBay documents', async () => {
    const now = await simNow();
    await someOrders(now);
    await ebay('POST', `${FUL}/order/26-00001-00001/shipping_fulfillment`, { body: { lineItems: [{ lineItemId: '26-00001-00001-1', quantity: 1 }], shippingCarrierCode: 'DHL', trackingNumber: 'JD014600006281230704' }, lang: null });
    const both = `creationdate:[${new Date(now - 4.5 * DAY).toISOString()}..${new Date(now - 3.5 * DAY).toISOString()}],lastmodifieddate:[${new Date(now - DAY).toISOString()}..]`;
    expect(ids(await ebay('GET', `${FUL}/order?filter=${encoded(both)}`))).toEqual(['26-00004-00001']);
    const open = await ebay('GET', `${FUL}/order?filter=${encoded('orderfulfillmentstatus:{NOT_STARTED|IN_PROGRESS}')}`);
    expect(ids(open)).toEqual(['26-00002-00001', '26-00003-00001', '26-00004-00001', '26-00005-00001']);
    const done = await ebay('GET', `${FUL}/order?filter=${encoded('orderfulfillmentstatus:{FULFILLED|IN_PROGRESS}')}`);
    expect(ids(done)).toEqual(['26-00001-00001']);
  });

  it('given more orders than a page when walked by next then every order once, with full URIs for next and prev and the total', async () => {
    const now = await simNow();
    await someOrders(now);
    const seen: string[] = [];
    let url: string | undefined = `${sim.baseUrl}${FUL}/order?limit=2&filter=${encoded(`creationdate:[${new Date(now - 10 * DAY).toISOString()}..]`)}`;
    let pages = 0;
    while (url) {
      const res = await ebay('GET', url.slice(sim.baseUrl.length));
      expect(res.json.total).toBe(5);
      if (pages > 0) expect(res.json.prev).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/sell\/fulfillment\/v1\/order\?/);
      seen.push(...ids(res));
      url = res.json.next;
      if (url) expect(url).toMatch(/filter=creationdate:%5B.*%5D&limit=2&offset=\d+$/);
      pages++;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual(['26-00001-00001', '26-00002-00001', '26-00003-00001', '26-00004-00001', '26-00005-00001']);
    expect(errorIds(await ebay('GET', `${FUL}/order?limit=1001`))).toEqual([31100]);
    expect(errorIds(await ebay('GET', `${FUL}/order?offset=-1`))).toEqual([31000]);
  });

  it('given orderIds when sent with a filter then the ids win (by new or legacy id, old orders too); more than 50 are refused', async () => {
    const now = await simNow();
    await someOrders(now);
    const res = await ebay('GET', `${FUL}/order?orderIds=26-00099-00001,1100260000200001&filter=${encoded(`creationdate:[${new Date(now - DAY / 2).toISOString()}..]`)}&limit=1`);
    expect(ids(res)).toEqual(['26-00099-00001', '26-00002-00001']);
    const many = Array.from({ length: 51 }, (_, i) => `id-${i}`).join(',');
    expect(errorIds(await ebay('GET', `${FUL}/order?orderIds=${many}`))).toEqual([30900]);
  });

  it('given an order with unknown fields and exact numbers when served then every field comes back as it was given', async () => {
    const now = await simNow();
    await control.addOrder(orderJson('26-00007-00001', now - DAY, { extra: '"totalFeeBasisAmount":{"value":"30.00","currency":"EUR"},"x-future":{"ratio":19.990,"big":12345678901234567890}' }));
    const res = await ebay('GET', `${FUL}/order/26-00007-00001`);
    expect(res.text).toContain('"x-future":{"ratio":19.990,"big":12345678901234567890}');
    expect(res.json.fulfillmentStartInstructions[0].shippingStep.shipTo.fullName).toBe('Jürgen Müller');
    const missing = await ebay('GET', `${FUL}/order/26-nope`);
    expect([missing.status, errorIds(missing)]).toEqual([404, [32100]]);
  });

  it('given an order changed by the control routes then lastModifiedDate moves and the buyer cancellation and the line refund show as eBay writes them', async () => {
    const now = await simNow();
    await control.addOrder(orderJson('26-00008-00001', now - DAY, { lines: [{ id: 'L1', quantity: 1 }, { id: 'L2', quantity: 2 }] }));
    await control.setClock({ advanceMs: 60_000 });
    await controlJson('POST', '/__sim/orders/26-00008-00001/cancel-requests', { cancelReason: 'BUYER_ASKED_CANCEL' });
    let o = (await ebay('GET', `${FUL}/order/26-00008-00001`)).json;
    expect(Date.parse(o.lastModifiedDate)).toBeGreaterThan(now);
    expect(o.cancelStatus).toMatchObject({ cancelState: 'IN_PROGRESS', cancelRequests: [{ cancelInitiator: 'BUYER', cancelReason: 'BUYER_ASKED_CANCEL', cancelRequestState: 'REQUESTED' }] });
    await controlJson('POST', '/__sim/orders/26-00008-00001/refunds', { lineItemId: 'L2', amount: { value: '10.00', currency: 'EUR' } });
    o = (await ebay('GET', `${FUL}/order/26-00008-00001`)).json;
    expect(o.orderPaymentStatus).toBe('PARTIALLY_REFUNDED');
    expect(o.lineItems[1].refunds).toEqual([expect.objectContaining({ amount: { value: '10.00', currency: 'EUR' }, refundId: expect.any(String) })]);
    await control.addReturn(JSON.stringify({ orderId: '26-00008-00001', lineItemId: 'L1', amount: { value: '20.00', currency: 'EUR' } }));
    expect((await ebay('GET', `${FUL}/order/26-00008-00001`)).json.orderPaymentStatus).toBe('FULLY_REFUNDED');
    await control.setOrderStatus('26-00008-00001', 'CANCELED');
    expect((await ebay('GET', `${FUL}/order/26-00008-00001`)).json.cancelStatus).toMatchObject({ cancelState: 'CANCELED', cancelledDate: expect.any(String) });
    await control.setOrderStatus('26-00008-00001', 'FULFILLED');
    expect((await ebay('GET', `${FUL}/order/26-00008-00001`)).json.lineItems.map((l: Raw) => l.lineItemFulfillmentStatus)).toEqual(['FULFILLED', 'FULFILLED']);
  });

  it('given a change armed to strike after a read when the page carrying the order is read then the next read sees it changed', async () => {
    const now = await simNow();
    await someOrders(now);
    await controlJson('POST', '/__sim/order-changes', { orderIds: ['26-00002-00001'], set: { orderPaymentStatus: 'FULLY_REFUNDED' }, afterRead: true });
    const page = await ebay('GET', `${FUL}/order?limit=2`);
    expect(page.json.orders[1]).toMatchObject({ orderId: '26-00002-00001', orderPaymentStatus: 'PAID' });
    expect((await ebay('GET', `${FUL}/order/26-00002-00001`)).json.orderPaymentStatus).toBe('FULLY_REFUNDED');
  });
});

describe('shipping fulfillments (§5, §8.6)', () => {
  it('given a two-line order when shipped unit by unit then 201 with Location, statuses move IN_PROGRESS then FULFILLED, and over-shipping or unknown lines are refused', async () => {
    const now = await simNow();
    await control.addOrder(orderJson('26-00010-00001', now - DAY, { lines: [{ id: 'A', quantity: 2 }, { id: 'B', quantity: 1 }] }));
    const ship = (lineItems: Raw[], trackingNumber: string) => ebay('POST', `${FUL}/order/26-00010-00001/shipping_fulfillment`, { body: { lineItems, shippedDate: new Date(now - 60_000).toISOString(), shippingCarrierCode: 'USPS', trackingNumber }, lang: null });
    const first = await ship([{ lineItemId: 'A', quantity: 1 }], '9400111899223197428490');
    expect(first.status).toBe(201);
    expect(first.text).toBe('');
    const location = first.headers.get('location') as string;
    expect(location).toBe(`${sim.baseUrl}${FUL}/order/26-00010-00001/shipping_fulfillment/9400111899223197428490`);
    let order = (await ebay('GET', `${FUL}/order/26-00010-00001`)).json;
    expect([order.orderFulfillmentStatus, order.lineItems.map((l: Raw) => l.lineItemFulfillmentStatus)]).toEqual(['IN_PROGRESS', ['IN_PROGRESS', 'NOT_STARTED']]);
    expect(order.fulfillmentHrefs).toEqual([location]);

    const over = await ship([{ lineItemId: 'A', quantity: 2 }], '9400111899223197428491');
    expect([over.status, errorIds(over)]).toEqual([400, [32600]]);
    const unknown = await ship([{ lineItemId: 'Z', quantity: 1 }], '9400111899223197428492');
    expect(errorIds(unknown)).toEqual([32200]);
    const noCarrier = await ebay('POST', `${FUL}/order/26-00010-00001/shipping_fulfillment`, { body: { lineItems: [{ lineItemId: 'B', quantity: 1 }], trackingNumber: '9400111' }, lang: null });
    expect(errorIds(noCarrier)).toEqual([32300]);

    expect((await ship([{ lineItemId: 'A', quantity: 1 }, { lineItemId: 'B', quantity: 1 }], '9400111899223197428493')).status).toBe(201);
    order = (await ebay('GET', `${FUL}/order/26-00010-00001`)).json;
    expect([order.orderFulfillmentStatus, order.lineItems.map((l: Raw) => l.lineItemFulfillmentStatus)]).toEqual(['FULFILLED', ['FULFILLED', 'FULFILLED']]);

    const got = await ebay('GET', location.slice(sim.baseUrl.length));
    expect(got.json).toMatchObject({ fulfillmentId: '9400111899223197428490', lineItems: [{ lineItemId: 'A', quantity: 1 }], shipmentTrackingNumber: '9400111899223197428490', shippingCarrierCode: 'USPS' });
    const all = await ebay('GET', `${FUL}/order/26-00010-00001/shipping_fulfillment`);
    expect(all.json.total).toBe(2);
    expect((await control.shipments()).map((s) => [s.orderId, s.trackingNumber])).toEqual([
      ['26-00010-00001', '9400111899223197428490'],
      ['26-00010-00001', '9400111899223197428493'],
    ]);
    const noOrder = await ebay('POST', `${FUL}/order/nope/shipping_fulfillment`, { body: { lineItems: [{ lineItemId: 'A', quantity: 1 }] }, lang: null });
    expect([noOrder.status, errorIds(noOrder)]).toEqual([400, [32100]]);
  });
});

describe('shipping fulfillments without tracking or quantities', () => {
  it('given a package without tracking information and a line without a quantity then the id is a number of its own and the whole line ships', async () => {
    const now = await simNow();
    await control.addOrder(orderJson('26-00011-00001', now - DAY, { lines: [{ id: 'A', quantity: 3 }] }));
    const res = await ebay('POST', `${FUL}/order/26-00011-00001/shipping_fulfillment`, { body: { lineItems: [{ lineItemId: 'A' }] }, lang: null });
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toMatch(/\/order\/26-00011-00001\/shipping_fulfillment\/\d+$/);
    const order = (await ebay('GET', `${FUL}/order/26-00011-00001`)).json;
    expect([order.orderFulfillmentStatus, order.lineItems[0].lineItemFulfillmentStatus]).toEqual(['FULFILLED', 'FULFILLED']);
    expect((await control.shipments())[0]).toMatchObject({ orderId: '26-00011-00001', fulfillmentId: expect.stringMatching(/^\d+$/), lineItems: [{ lineItemId: 'A', quantity: 3 }], trackingNumber: null });
  });
});

describe('call limits and faults (§7, §8.7)', () => {
  it('given a daily quota of 2 fulfillment calls when a third is made then 429 errorId 2001 with Retry-After until eBay midnight; the next day calls go again', async () => {
    await controlJson('POST', '/__sim/quotas', { fulfillment: 2 });
    const token = await accessToken();
    expect((await ebay('GET', `${FUL}/order`, { token })).status).toBe(200);
    expect((await ebay('GET', `${FUL}/order`, { token })).status).toBe(200);
    const over = await ebay('GET', `${FUL}/order`, { token });
    expect(over.status).toBe(429);
    expect(over.json.errors[0]).toMatchObject({ errorId: 2001, domain: 'ACCESS', category: 'REQUEST' });
    const wait = Number(over.headers.get('retry-after'));
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(24 * 3600);
    // The inventory quota is its own.
    expect((await ebay('GET', `${INV}/inventory_item`, { token })).status).toBe(200);
    await control.setClock({ advanceMs: wait * 1000 });
    const fresh = (await tokenCall({ grant_type: 'refresh_token', refresh_token: creds.refreshToken })).json.access_token;
    expect((await ebay('GET', `${FUL}/order`, { token: fresh })).status).toBe(200);
  });

  it('given injected throttling and server faults when called then 429 errorId 2001 and 500 errorId 30500 in the errors[] shape', async () => {
    const token = await accessToken();
    await control.faults({ rate429: 1 });
    const throttled = await ebay('GET', `${FUL}/order`, { token });
    expect([throttled.status, errorIds(throttled), throttled.headers.get('retry-after')]).toEqual([429, [2001], '1']);
    await control.faults({ rate429: 0, error500: 1 });
    const failed = await ebay('GET', `${FUL}/order`, { token });
    expect([failed.status, errorIds(failed)]).toEqual([500, [30500]]);
    expect(failed.json.errors[0].category).toBe('APPLICATION');
  });
});

describe('contract checks of this file', () => {
  it('given the traffic so far when the simulator is asked then it checked every exchange against the contracts', async () => {
    const report = await controlJson('GET', '/__sim/contract-violations');
    expect(report.checking).toBe(true);
    expect(report.exchanges).toBeGreaterThan(100);
  });

  it("given an operation of the contracts the simulator does not serve when called then 501, which the contract check reports", async () => {
    const res = await ebay('POST', `${INV}/bulk_get_inventory_item`, { body: { requests: [{ sku: 'SKU-1' }] }, lang: null });
    expect([res.status, errorIds(res)]).toEqual([501, [2002]]);
    expect(violationsOf('bulkGetInventoryItem')).toEqual([expect.stringContaining('does not declare status 501')]);
  });

  it('given an unknown path and a trailing slash when called then 404 errors[], and the contract validator names the unknown operations', async () => {
    const res = await ebay('GET', `${INV}/inventory_items`);
    expect([res.status, errorIds(res)]).toEqual([404, [2002]]);
    const { offerId } = await published('SKU-T');
    expect((await ebay('POST', `${INV}/offer/${offerId}/publish/`)).status).toBe(404);
    const cleared = await controlJson('POST', '/__sim/contract-violations/clear');
    expect(cleared.violations.map((v: Raw) => [v.method, v.path, v.problems[0].message])).toEqual([
      ['GET', `${INV}/inventory_items`, `no operation GET ${INV}/inventory_items in the inventory contract`],
      ['POST', `${INV}/offer/${offerId}/publish/`, `no operation POST ${INV}/offer/${offerId}/publish/ in the inventory contract`],
    ]);
  });
});
