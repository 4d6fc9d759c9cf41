import { accountAuth, memoryTokens } from '../sdk/auth';
import { AuthFailedError, PermanentError } from '../sdk/errors';
import { createHttpClient, HttpClientOptions } from '../sdk/http';
import { SimControl } from '../sdk/testkit';
import type { Connector, ConnectorContext, ListingDraft, ListingGroup, ListingRef, OrderDto, PulledOrder, Submission } from '../sdk/types';
import { requestToken, withBearer } from './client';
import { ebayListingDraft, ebayOrderIdOf, ebayOrderJson, SIM_SETUP } from './fixtures/orders';
import { ebayConnector } from './index';
import { EBAY_SITES } from './marketplaces';
import { startEbaySimulator } from './simulator';

/**
 * The eBay connector on one seller account covering several sites, against the simulator over
 * real HTTP: offers per site (price, currency, language, policies), variation groups on two
 * sites, stock and prices per site, the token call, the order pull's floor and clock, the buyer's
 * cancellation request and partial refunds. Every exchange is also checked against eBay's OpenAPI
 * contracts by the simulator (a violation fails this file).
 */

type Raw = Record<string, any>;
type Sim = Awaited<ReturnType<typeof startEbaySimulator>>;

const US = EBAY_SITES.find((s) => s.id === 'EBAY_US')!;
const DE = EBAY_SITES.find((s) => s.id === 'EBAY_DE')!;
/** A fulfilment policy the seller made for eBay.de only (added to the simulated account below). */
const DE_SHIPPING = '6196932999';

let sim: Sim;
let control: SimControl;
let accounts = 0;

beforeAll(async () => {
  sim = await startEbaySimulator({ seed: 7, callsPerSecond: 500, burst: 500 });
  control = new SimControl(sim.controlUrl);
});
afterAll(async () => sim?.stop());
beforeEach(async () => {
  await control.reset();
});

async function send(method: 'GET' | 'POST', path: string, body?: unknown): Promise<Raw> {
  const res = await fetch(`${sim.controlUrl}${path}`, { method, headers: body ? { 'content-type': 'application/json' } : undefined, body: body ? JSON.stringify(body) : undefined });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : {};
}

/** A connector as the engine makes one: the module's auth wired on a fresh account, the channel's sites and settings. */
async function connectorFor(options: { sites?: typeof EBAY_SITES; settings?: Record<string, string>; credentials?: Record<string, string>; auth?: 'module' | { token: string } } = {}): Promise<Connector> {
  let credentials = options.credentials ?? (await control.credentials());
  const http: HttpClientOptions = {
    baseUrl: sim.baseUrl,
    accountKey: `ebay-connector-test:${++accounts}`,
    rateLimits: ebayConnector.rateLimits,
    classify: ebayConnector.classify,
    retry: { maxAttempts: 4, baseDelayMs: 5, maxDelayMs: 50 },
  };
  const auth = ebayConnector.auth!;
  const given = options.auth ?? 'module';
  const httpAuth =
    given === 'module'
      ? accountAuth({
          auth,
          tokens: memoryTokens(http.accountKey, { auth, credentials: () => credentials, save: async (c) => void (credentials = c) }),
          http: createHttpClient(http),
          credentials: () => credentials,
          settings: () => options.settings ?? {},
          baseUrl: sim.baseUrl,
        })
      : { apply: (req: Parameters<typeof withBearer>[0]) => withBearer(req, given.token) };
  const sites = options.sites ?? [US];
  const ctx: ConnectorContext = {
    baseUrl: sim.baseUrl,
    credentials,
    marketplaceId: sites[0]?.id ?? null,
    marketplaces: sites,
    settings: options.settings ?? {},
    currency: sites[0]?.currency ?? 'USD',
    http: createHttpClient({ ...http, auth: httpAuth }),
    saveCredentials: async () => undefined,
    now: () => new Date(),
  };
  return ebayConnector.create('EBAY', ctx);
}

/** The channel's settings for the simulated account: its policies and location, and a shipping policy of its own on eBay.de. */
const settings = { ...SIM_SETUP, 'fulfillmentPolicyId.EBAY_DE': DE_SHIPPING };

/** A listing priced and written for eBay.com and eBay.de, as the engine gives it. */
function twoSiteDraft(sku: string, over: Partial<ListingDraft> = {}): ListingDraft {
  const { attributes: _setup, ...base } = ebayListingDraft(sku, 1);
  return {
    ...base,
    attributes: { Brand: 'Fine Tailoring', Material: 'Wool' },
    title: 'Wool overcoat, green',
    description: '<p>Pure new wool.</p>',
    price: '189.00',
    currency: 'USD',
    quantity: 6,
    markets: [
      { marketplaceId: 'EBAY_US', price: '189.00', salePrice: null, currency: 'USD', locale: 'en-US', title: 'Wool overcoat, green', description: '<p>Pure new wool.</p>' },
      { marketplaceId: 'EBAY_DE', price: '174.90', salePrice: null, currency: 'EUR', locale: 'de-DE', title: 'Wollmantel, grün', description: '<p>Reine Schurwolle. Größe 52.</p>' },
    ],
    ...over,
  };
}

async function inventory(): Promise<{ items: Raw[]; offers: Raw[]; groups: Raw[] }> {
  return send('GET', '/__sim/inventory') as Promise<{ items: Raw[]; offers: Raw[]; groups: Raw[] }>;
}

const offersOf = async (sku: string) => (await inventory()).offers.filter((o) => o.sku === sku).sort((a, b) => String(a.marketplaceId).localeCompare(String(b.marketplaceId)));

/** eBay answers every write at once: a ref, never a submission. */
function refOf(answer: ListingRef | Submission): ListingRef {
  if ('pending' in answer) throw new Error(`eBay writes answer at once, not with a submission: ${JSON.stringify(answer)}`);
  return answer;
}

function mapped(orders: PulledOrder[]): Map<string, OrderDto> {
  return new Map(orders.flatMap((o) => (o.ok ? [[o.order.externalId, o.order] as [string, OrderDto]] : [])));
}

describe('eBay connector: one SKU on two sites', () => {
  beforeEach(async () => {
    await send('POST', '/__sim/policies', { fulfillmentPolicyId: DE_SHIPPING });
  });

  it('given a draft for eBay.com and eBay.de when published then each site has its offer in its currency, language and policies, live', async () => {
    const c = await connectorFor({ sites: [US, DE], settings });
    const ref = refOf(await c.publishListing(twoSiteDraft('COAT-GRN-52')));
    const { items } = await inventory();
    const item = items.find((i) => i.sku === 'COAT-GRN-52')!;
    // One inventory item, written in the first site's language, with its whole product.
    expect(item).toMatchObject({ locale: 'en-US', condition: 'NEW', availability: { shipToLocationAvailability: { quantity: 6 } }, product: { title: 'Wool overcoat, green', aspects: { Brand: ['Fine Tailoring'], Material: ['Wool'] } } });
    const [de, us] = await offersOf('COAT-GRN-52');
    expect(us).toMatchObject({ marketplaceId: 'EBAY_US', format: 'FIXED_PRICE', status: 'PUBLISHED', pricingSummary: { price: { value: '189.00', currency: 'USD' } }, listingDescription: '<p>Pure new wool.</p>' });
    expect(us.listingPolicies).toEqual({ fulfillmentPolicyId: SIM_SETUP.fulfillmentPolicyId, paymentPolicyId: SIM_SETUP.paymentPolicyId, returnPolicyId: SIM_SETUP.returnPolicyId });
    expect(de).toMatchObject({ marketplaceId: 'EBAY_DE', status: 'PUBLISHED', pricingSummary: { price: { value: '174.90', currency: 'EUR' } }, listingDescription: '<p>Reine Schurwolle. Größe 52.</p>' });
    expect(de.listingPolicies.fulfillmentPolicyId).toBe(DE_SHIPPING);
    // Each offer was written in its site's language.
    const listings = (await control.listings()).filter((l) => l.sku === 'COAT-GRN-52');
    expect(listings.map((l) => [l.raw.marketplaceId, l.raw.locale, l.price, l.raw.currency, l.quantity]).sort()).toEqual([
      ['EBAY_DE', 'de-DE', '174.90', 'EUR', 6],
      ['EBAY_US', 'en-US', '189.00', 'USD', 6],
    ]);
    expect(ref.extra).toEqual({ 'offer.EBAY_US': us.offerId, 'offer.EBAY_DE': de.offerId, 'listing.EBAY_US': us.listing.listingId, 'listing.EBAY_DE': de.listing.listingId });
    expect(ref.itemId).toBe(us.listing.listingId);
  });

  it('given a published listing when published again with new prices then the same offers are revised in place, none added', async () => {
    const c = await connectorFor({ sites: [US, DE], settings });
    const first = refOf(await c.publishListing(twoSiteDraft('COAT-REV')));
    const draft = twoSiteDraft('COAT-REV', { quantity: 9 });
    draft.markets = draft.markets!.map((m) => ({ ...m, price: m.currency === 'EUR' ? '169.00' : '179.00' }));
    const again = refOf(await c.updateListing(first, draft));
    expect(again).toEqual(first);
    const offers = await offersOf('COAT-REV');
    expect(offers.map((o) => [o.marketplaceId, o.pricingSummary.price.value, o.availableQuantity])).toEqual([
      ['EBAY_DE', '169.00', 9],
      ['EBAY_US', '179.00', 9],
    ]);
  });

  it('given a site the engine could not price when published then it gets no offer and the others go live', async () => {
    const c = await connectorFor({ sites: [US, DE], settings });
    const draft = twoSiteDraft('COAT-NORATE', { markets: [twoSiteDraft('x').markets![0]], marketRefusals: [{ marketplaceId: 'EBAY_DE', code: 'EXCHANGE_RATE_MISSING', message: 'no rate to EUR yet' }] });
    const ref = refOf(await c.publishListing(draft));
    expect((await offersOf('COAT-NORATE')).map((o) => o.marketplaceId)).toEqual(['EBAY_US']);
    expect(Object.keys(ref.extra!)).toEqual(['offer.EBAY_US', 'listing.EBAY_US']);
  });

  it('given a channel without its business policies when published then nothing is written and the refusal says what to set', async () => {
    const c = await connectorFor({ sites: [US, DE], settings: { merchantLocationKey: SIM_SETUP.merchantLocationKey } });
    await expect(c.publishListing(twoSiteDraft('COAT-NOPOL'))).rejects.toMatchObject({ code: 'LISTING_SETUP_MISSING', message: expect.stringContaining('fulfillmentPolicyId (setting fulfillmentPolicyId.EBAY_DE or fulfillmentPolicyId)') });
    expect((await inventory()).items.filter((i) => i.sku === 'COAT-NOPOL')).toEqual([]);
  });

  it('given prices per site when pushed then each offer gets its own; one price in one currency for both sites is refused for the item', async () => {
    const c = await connectorFor({ sites: [US, DE], settings });
    const ref = refOf(await c.publishListing(twoSiteDraft('COAT-PRICE')));
    const ok = await c.pushPrice([
      { ref, price: '199.00', salePrice: null, currency: 'USD', markets: [
        { marketplaceId: 'EBAY_US', price: '199.00', salePrice: null, currency: 'USD' },
        { marketplaceId: 'EBAY_DE', price: '184.50', salePrice: null, currency: 'EUR' },
      ] },
    ]);
    expect(ok).toEqual([{ sku: 'COAT-PRICE', ok: true }]);
    expect((await offersOf('COAT-PRICE')).map((o) => [o.marketplaceId, o.pricingSummary.price])).toEqual([
      ['EBAY_DE', { value: '184.50', currency: 'EUR' }],
      ['EBAY_US', { value: '199.00', currency: 'USD' }],
    ]);
    const [refused] = await c.pushPrice([{ ref, price: '1.00', salePrice: null, currency: 'USD' }]);
    expect(refused).toMatchObject({ sku: 'COAT-PRICE', ok: false, error: { kind: 'PERMANENT', code: 'CURRENCY_MISMATCH' } });
    // Nothing moved.
    expect((await offersOf('COAT-PRICE')).map((o) => o.pricingSummary.price.value)).toEqual(['184.50', '199.00']);
  });

  it('given stock when pushed then the item and both offers show it; when delisted then both sites end and reconcile says so', async () => {
    const c = await connectorFor({ sites: [US, DE], settings });
    const ref = refOf(await c.publishListing(twoSiteDraft('COAT-STOCK')));
    expect(await c.pushStock([{ ref, quantity: 3 }])).toEqual([{ sku: 'COAT-STOCK', ok: true }]);
    expect((await control.listings()).filter((l) => l.sku === 'COAT-STOCK').map((l) => l.quantity)).toEqual([3, 3]);
    expect(await c.fetchListings([ref])).toEqual([{ ref, quantity: 3, price: '189.00', active: true }]);
    await c.delistListing(ref);
    expect((await offersOf('COAT-STOCK')).map((o) => [o.marketplaceId, o.status])).toEqual([
      ['EBAY_DE', 'UNPUBLISHED'],
      ['EBAY_US', 'UNPUBLISHED'],
    ]);
    expect(await c.fetchListings([ref])).toEqual([{ ref, quantity: 3, price: '189.00', active: false }]);
    // Delisted again (a lost answer): nothing to do.
    await c.delistListing(ref);
    // Published again: back on both sites.
    refOf(await c.updateListing(ref, twoSiteDraft('COAT-STOCK')));
    expect((await offersOf('COAT-STOCK')).map((o) => o.status)).toEqual(['PUBLISHED', 'PUBLISHED']);
  });

  it('given an earlier publish whose answer was lost then findListing finds its offers on the channel’s sites', async () => {
    const c = await connectorFor({ sites: [US, DE], settings });
    const ref = refOf(await c.publishListing(twoSiteDraft('COAT-FIND')));
    expect(await c.findListing!('COAT-FIND', new Date(0))).toEqual(ref);
    expect(await c.findListing!('COAT-NEVER', new Date(0))).toBeNull();
  });
});

describe('eBay connector: a variation group on two sites', () => {
  beforeEach(async () => {
    await send('POST', '/__sim/policies', { fulfillmentPolicyId: DE_SHIPPING });
  });

  it('given a product in three colours when published then each site has one multiple-variation listing; a SKU delisted goes to 0 and the last one ends it', async () => {
    const c = await connectorFor({ sites: [US, DE], settings });
    const colours = ['Red', 'Blue', 'Green'];
    const group: ListingGroup = {
      key: 'PRODUCT-SCARF',
      title: 'Wool scarf',
      description: 'Soft merino wool.',
      locale: 'en-US',
      translations: [{ locale: 'de-DE', title: 'Wollschal', description: 'Weiche Merinowolle.' }],
      imageUrls: ['https://i.ebayimg.example/scarf.jpg'],
      options: [{ name: 'Colour', values: colours }],
      skus: colours.map((c) => `SCARF-${c.toUpperCase()}`),
    };
    const drafts = group.skus.map((sku, i) => twoSiteDraft(sku, { options: [{ name: 'Colour', value: colours[i] }], group, quantity: 4 + i }));
    const answer = await c.publishGroup!(group, drafts.map((draft) => ({ draft, ref: null })));
    if (!Array.isArray(answer)) throw new Error('eBay publishes a group at once, not with a submission');
    const outcomes = answer;
    expect(outcomes.map((o) => [o.sku, o.ok])).toEqual(group.skus.map((s) => [s, true]));
    const { offers, groups } = await inventory();
    const mine = offers.filter((o) => group.skus.includes(o.sku));
    expect(mine).toHaveLength(6);
    const bySite = (site: string) => mine.filter((o) => o.marketplaceId === site);
    for (const site of ['EBAY_US', 'EBAY_DE']) {
      expect(new Set(bySite(site).map((o) => o.listing?.listingId)).size).toBe(1);
      expect(bySite(site).every((o) => o.status === 'PUBLISHED')).toBe(true);
    }
    // The group's text is the first site's; eBay.de's offers carry the German description.
    expect(groups.find((g) => g.inventoryItemGroupKey === 'PRODUCT-SCARF')).toMatchObject({ title: 'Wool scarf', locale: 'en-US', variantSKUs: group.skus, variesBy: { specifications: [{ name: 'Colour', values: colours }] } });
    expect(bySite('EBAY_DE').every((o) => o.listingDescription === 'Weiche Merinowolle.')).toBe(true);
    expect(bySite('EBAY_US').every((o) => o.listingDescription === undefined)).toBe(true);
    const refs = outcomes.map((o) => (o.ok ? o.ref! : null)!);
    expect(refs.every((r) => r.extra?.group === 'PRODUCT-SCARF')).toBe(true);

    await c.delistListing(refs[1]);
    const blue = (await control.listings()).filter((l) => l.sku === 'SCARF-BLUE');
    expect(blue.map((l) => [l.quantity, l.status])).toEqual([
      [0, 'PUBLISHED'],
      [0, 'PUBLISHED'],
    ]);
    // The last variation with stock delisted: the group's listing ends on both sites.
    await c.delistListing(refs[0]);
    expect((await offersOf('SCARF-RED')).map((o) => o.status)).toEqual(['PUBLISHED', 'PUBLISHED']);
    await c.delistListing(refs[2]);
    const ended = (await inventory()).offers.filter((o) => group.skus.includes(o.sku));
    expect(ended.map((o) => o.status)).toEqual(Array(6).fill('UNPUBLISHED'));
    // Delisted again after a lost answer: nothing more to do.
    await c.delistListing(refs[2]);
  });
});

describe('eBay connector: tokens', () => {
  it('given the seller’s refresh token then the refresh grant gives a two-hour user token and keeps the refresh token', async () => {
    const credentials = await control.credentials();
    const http = createHttpClient({ baseUrl: sim.baseUrl, accountKey: 'token-test', rateLimits: ebayConnector.rateLimits, classify: ebayConnector.classify });
    const grant = await requestToken(http, sim.baseUrl, credentials);
    expect(grant.accessToken).toMatch(/\S/);
    expect(grant.expiresInSeconds).toBeGreaterThan(7000);
    expect(grant.refreshToken).toBeNull();
    expect(ebayConnector.auth!.refreshTokenExpiresAt!(credentials)!.getTime()).toBe(new Date(credentials.refreshTokenExpiresAt).getTime());
    await expect(requestToken(http, sim.baseUrl, { ...credentials, refreshToken: 'v^1.1#spent' })).rejects.toMatchObject({ kind: 'AUTH_FAILED', code: 'invalid_grant' });
    await expect(requestToken(http, sim.baseUrl, { ...credentials, clientSecret: 'wrong' })).rejects.toMatchObject({ kind: 'AUTH_FAILED', code: 'invalid_client' });
    const { refreshToken: _none, ...withoutRefresh } = credentials;
    await expect(requestToken(http, sim.baseUrl, withoutRefresh)).rejects.toMatchObject({ kind: 'AUTH_FAILED', code: 'NO_REFRESH_TOKEN' });
  });

  it('given an Application token on the Sell APIs then the connection test fails as AUTH_FAILED saying a User token is needed', async () => {
    const app = await send('POST', '/__sim/tokens', { kind: 'APPLICATION' });
    const c = await connectorFor({ auth: { token: app.accessToken } });
    const failure = await c.checkCredentials().catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(AuthFailedError);
    expect((failure as Error).message).toMatch(/User token/);
  });
});

describe('eBay connector: orders', () => {
  it('given a cursor older than the filter’s 90 days then the pull starts inside them and says which stretch it could not read', async () => {
    await control.addOrder(ebayOrderJson(1, ['A']));
    const c = await connectorFor();
    const old = new Date(Date.now() - 120 * 24 * 3600 * 1000).toISOString();
    const page = await c.pullOrders({ from: old });
    const notice = page.orders.find((o) => !o.ok);
    expect(notice).toMatchObject({ ok: false, externalId: null });
    expect(!notice!.ok && notice!.error).toMatch(/last 90 days/);
    // The rest of the pull goes on from the floor (a week at a time) until it has caught up.
    let cursor = page.nextCursor;
    const orders = [...page.orders];
    for (let n = 0; n < 30; n++) {
      const next = await c.pullOrders(cursor);
      orders.push(...next.orders);
      cursor = next.nextCursor;
      if (next.done) break;
    }
    expect(mapped(orders).has(ebayOrderIdOf(1))).toBe(true);
    expect(orders.filter((o) => !o.ok)).toHaveLength(1);
  });

  it('given eBay’s clock behind ours then a window ending in its future is opened again a little earlier', async () => {
    await control.addOrder(ebayOrderJson(2, ['A']));
    await control.setClock({ advanceMs: -7000 });
    const c = await connectorFor();
    // Created 7 s before eBay's now: within the window that ends 10 s before ours.
    const page = await c.pullOrders({ from: new Date(Date.now() - 3600_000).toISOString() });
    expect(page.done).toBe(true);
    expect(page.orders.filter((o) => !o.ok)).toEqual([]);
    // Refused twice as in eBay's future (30850), then read 10 s earlier.
    const calls = (await control.requests()).filter((r) => r.operation === 'getOrders');
    expect(calls.map((r) => [r.status, r.errorCode ?? null])).toEqual([
      [400, '30850'],
      [400, '30850'],
      [200, null],
    ]);
  });

  it('given a buyer’s cancellation request and a partial refund then the order is flagged and the refund is on its line, its status kept', async () => {
    const id = ebayOrderIdOf(3);
    await control.addOrder(ebayOrderJson(3, ['SKU-A', 'SKU-B']));
    const c = await connectorFor();
    await send('POST', `/__sim/orders/${id}/cancel-requests`, { cancelReason: 'ORDERED_BY_MISTAKE' });
    const got = await c.getOrder(id);
    expect(got.ok && got.order).toMatchObject({ status: 'PAID', flags: ['CANCEL_REQUESTED'] });
    const pulled = mapped((await c.pullOrders(null)).orders).get(id)!;
    expect(pulled.flags).toEqual(['CANCEL_REQUESTED']);

    const line = pulled.lines[1];
    await send('POST', `/__sim/orders/${id}/refunds`, { lineItemId: line.externalLineId, amount: { value: '5.00', currency: 'USD' } });
    const refunded = await c.getOrder(id);
    expect(refunded.ok && refunded.order.status).toBe('PAID');
    expect(refunded.ok && refunded.order.marketplaceStatus).toMatch(/PARTIALLY_REFUNDED/);
    expect(refunded.ok && refunded.order.lines[1].refund).toMatchObject({ status: 'REFUNDED', amount: '5.00', quantity: null });
  });

  it('given part of a line shipped when the rest ships without lines then the parcel carries the units left', async () => {
    const id = ebayOrderIdOf(4);
    await control.addOrder(ebayOrderJson(4, ['SKU-A', 'SKU-B']));
    const c = await connectorFor();
    const order = await c.getOrder(id);
    const [two] = order.ok ? order.order.lines : [];
    await c.pushShipment({ orderExternalId: id, lines: [{ externalLineId: two.externalLineId, quantity: 1 }], carrier: 'USPS', trackingNumber: 'PART0001', shippedAt: new Date() });
    await c.pushShipment({ orderExternalId: id, carrier: 'DHL', trackingNumber: 'REST 0002', shippedAt: new Date() });
    const shipments = (await control.shipments()).filter((s) => s.orderId === id);
    expect(shipments.map((s) => [s.trackingNumber, s.shippingCarrierCode, s.lineItems])).toEqual([
      ['PART0001', 'USPS', [{ lineItemId: two.externalLineId, quantity: 1 }]],
      ['REST0002', 'DHL', [{ lineItemId: two.externalLineId, quantity: 1 }, { lineItemId: order.ok ? order.order.lines[1].externalLineId : '', quantity: 1 }]],
    ]);
    const after = await c.getOrder(id);
    expect(after.ok && after.order.status).toBe('SHIPPED');
    // A parcel naming no line of the order is refused before anything is sent.
    await expect(c.pushShipment({ orderExternalId: id, externalLineIds: ['nope'], carrier: 'USPS', trackingNumber: 'X1', shippedAt: new Date() })).rejects.toBeInstanceOf(PermanentError);
  });
});
