import { accountAuth, memoryTokens } from '../sdk/auth';
import { ChannelStoppedError, PermanentError } from '../sdk/errors';
import { createHttpClient, MemoryRateLimiter } from '../sdk/http';
import { isSubmission, pollUntilDone, SimControl } from '../sdk/testkit';
import type { Connector, ConnectorContext, ListingDraft, ListingRef, OrderDto, PulledOrder, PushResult, Submission } from '../sdk/types';
import { amazonListingDraft, amazonOrderIdOf, amazonOrderJson, fixtureText } from './fixtures/orders';
import { amazonConnector } from './index';
import { MARKETPLACE_CATALOGUE } from './marketplaces';
import { startAmazonSimulator } from './simulator';

/**
 * The Amazon connector against its simulator, beyond the conformance kit: several marketplaces
 * with their own prices and languages, writes pending while Amazon processes them, refusals that
 * come back later, feeds, FBA stock, the PII role, expired pagination tokens, usage plans.
 */

const US = 'ATVPDKIKX0DER';
const CA = 'A2EUQ1WTGCTBG2';
const MX = 'A1AM78C64UM0Y8';
const DE = 'A1PA6795UKMFR9';

type Raw = Record<string, any>;

let sim: Awaited<ReturnType<typeof startAmazonSimulator>>;
let control: SimControl;
let accounts = 0;
/** Buckets' adopted rates, as the HTTP helper told the limiter. */
const adopted: { bucket: string; ratePerSecond: number }[] = [];

class WatchedLimiter extends MemoryRateLimiter {
  override async adopt(bucket: string, rate: { ratePerSecond: number; burst?: number }): Promise<void> {
    adopted.push({ bucket, ratePerSecond: rate.ratePerSecond });
    return super.adopt(bucket, rate);
  }
}
const limiter = new WatchedLimiter();

const send = async (method: 'GET' | 'POST', path: string, body?: unknown): Promise<any> => {
  const res = await fetch(`${sim.controlUrl}${path}`, { method, headers: body === undefined ? undefined : { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
};

/** A connector as the engine builds it, on a fresh account key, for the marketplaces and settings given. */
async function connect(options: { marketplaces?: string[]; settings?: Record<string, string> } = {}): Promise<Connector> {
  const creds = await control.credentials();
  const accountKey = `amazon-test:${++accounts}`;
  const base = { baseUrl: sim.baseUrl, accountKey, rateLimits: amazonConnector.rateLimits, rateFromResponse: amazonConnector.rateFromResponse, classify: amazonConnector.classify, limiter, retry: { maxAttempts: 8, baseDelayMs: 10, maxDelayMs: 200 } };
  const auth = amazonConnector.auth!;
  const tokens = accountAuth({ auth, tokens: memoryTokens(accountKey, { auth, credentials: () => creds, save: async () => undefined }), http: createHttpClient(base), credentials: () => creds, settings: () => options.settings ?? {}, baseUrl: sim.baseUrl });
  const ids = options.marketplaces ?? [US];
  const ctx: ConnectorContext = {
    baseUrl: sim.baseUrl,
    credentials: creds,
    marketplaceId: ids[0],
    marketplaces: ids.map((id) => MARKETPLACE_CATALOGUE.find((m) => m.id === id)!),
    settings: options.settings ?? {},
    currency: MARKETPLACE_CATALOGUE.find((m) => m.id === ids[0])!.currency,
    http: createHttpClient({ ...base, auth: tokens }),
    saveCredentials: async () => undefined,
    now: () => new Date(),
  };
  return amazonConnector.create('AMAZON', ctx);
}

async function settled(c: Connector, answer: ListingRef | Submission | void): Promise<ListingRef> {
  if (!isSubmission(answer)) throw new Error(`expected a submission, got ${JSON.stringify(answer)}`);
  const [outcome] = await pollUntilDone(c, JSON.parse(JSON.stringify(answer)), 20_000);
  if (!outcome.ok) throw new Error(`${outcome.sku} refused: ${outcome.error.code} ${outcome.error.message}`);
  return outcome.ref ?? answer.refs![0];
}

async function pullAll(c: Connector): Promise<PulledOrder[]> {
  const out: PulledOrder[] = [];
  let cursor = null;
  for (let i = 0; i < 50; i++) {
    const page = await c.pullOrders(cursor);
    out.push(...page.orders);
    cursor = JSON.parse(JSON.stringify(page.nextCursor));
    if (page.done) return out;
  }
  throw new Error('the pull did not end');
}

const rows = async (sku: string) => ((await send('GET', '/__sim/listings')).listings as Raw[]).filter((l) => l.sku === sku);
const calls = async (operation: string) => ((await send('GET', '/__sim/requests')).requests as Raw[]).filter((r) => r.operation === operation);

beforeAll(async () => {
  sim = await startAmazonSimulator({ seed: 16 });
  control = new SimControl(sim.controlUrl);
});
afterAll(() => sim.stop());
beforeEach(async () => {
  await control.reset();
  await send('POST', '/__sim/processing', { listingsMs: 0, feedQueueMs: 0, feedProcessingMs: 0 });
  adopted.length = 0;
});

describe('Amazon connector on several marketplaces', () => {
  it('given a channel on Amazon.com, .ca and .com.mx then a listing is put on each in its currency and language, priced per marketplace, and read back', async () => {
    const c = await connect({ marketplaces: [US, CA, MX] });
    const draft: ListingDraft = {
      ...amazonListingDraft('MKT-SUIT', 0),
      markets: [
        { marketplaceId: US, price: '129.00', salePrice: null, currency: 'USD', locale: 'en-US', title: "Men's slim fit suit", description: 'Wool blend.' },
        { marketplaceId: CA, price: '176.99', salePrice: null, currency: 'CAD', locale: 'en-CA', title: "Men's slim fit suit (CA)", description: 'Wool blend.' },
        { marketplaceId: MX, price: '2199.00', salePrice: null, currency: 'MXN', locale: 'es-MX', title: 'Traje de hombre corte slim', description: 'Mezcla de lana.' },
      ],
    };
    const ref = await settled(c, await c.publishListing(draft));
    expect(ref).toMatchObject({ sku: 'MKT-SUIT', itemId: 'MKT-SUIT', extra: { marketplaces: `${US},${CA},${MX}`, productType: 'SUIT', fulfillment: 'DEFAULT' } });
    const listed = await rows('MKT-SUIT');
    expect(listed.map((l) => [l.marketplaceId, l.price, l.currency, l.quantity, l.status, l.title]).sort()).toEqual(
      [
        [US, '129', 'USD', 10, 'BUYABLE', "Men's slim fit suit"],
        [CA, '176.99', 'CAD', 10, 'BUYABLE', "Men's slim fit suit (CA)"],
        [MX, '2199', 'MXN', 10, 'BUYABLE', 'Traje de hombre corte slim'],
      ].sort(),
    );
    const mx = listed.find((l) => l.marketplaceId === MX)!;
    expect(mx.attributes.item_name).toEqual([{ value: 'Traje de hombre corte slim', language_tag: 'es_MX', marketplace_id: MX }]);

    const prices = await c.pushPrice([{ ref, price: '119.00', currency: 'USD', markets: [{ marketplaceId: US, price: '119.00', salePrice: null, currency: 'USD' }, { marketplaceId: CA, price: '162.50', salePrice: null, currency: 'CAD' }] }]);
    expect(prices).toEqual([{ sku: 'MKT-SUIT', ok: true }]);
    const after = await rows('MKT-SUIT');
    expect(Object.fromEntries(after.map((l) => [l.marketplaceId, l.price]))).toEqual({ [US]: '119', [CA]: '162.5', [MX]: '2199' });
    // A price in the wrong currency is refused before anything is sent.
    expect(await c.pushPrice([{ ref, price: '5.00', currency: 'USD' }])).toEqual([{ sku: 'MKT-SUIT', ok: false, error: expect.objectContaining({ kind: 'PERMANENT', code: 'CURRENCY_MISMATCH' }) }]);
    const [remote] = await c.fetchListings([ref]);
    expect(remote).toMatchObject({ price: '119', quantity: 10, active: true });
  });

  it('given marketplaces of two regions then the channel stops with a clear setup error before anything is sent', async () => {
    const c = await connect({ marketplaces: [US, DE] });
    await expect(c.checkCredentials()).rejects.toBeInstanceOf(ChannelStoppedError);
    await expect(c.pullOrders(null)).rejects.toMatchObject({ code: 'MARKETPLACES_MIXED_REGIONS', message: expect.stringContaining('make one channel per region') });
    expect(await calls('searchOrders')).toEqual([]);
    const ok = await connect({ marketplaces: [US, CA] });
    expect((await ok.checkCredentials()).account).toContain('NA: Amazon.com (US), Amazon.ca (Canada)');
  });
});

describe('Amazon listings processed later', () => {
  it('given Amazon takes a second to process a write then the publish is pending until the listing shows it, and the poll says so', async () => {
    await send('POST', '/__sim/processing', { listingsMs: 1500 });
    const c = await connect();
    const answer = await c.publishListing(amazonListingDraft('SLOW-1', 1));
    expect(isSubmission(answer)).toBe(true);
    expect((await rows('SLOW-1')).map((r) => r.status)).toEqual(['PENDING']);
    expect(await c.pollSubmission!(answer as Submission)).toEqual({ done: false, pollAfterMs: expect.any(Number) });
    const ref = await settled(c, answer);
    expect(ref.sku).toBe('SLOW-1');
    expect((await rows('SLOW-1')).map((r) => [r.status, r.quantity])).toEqual([['BUYABLE', 11]]);
  });

  it('given Amazon raises an error on a listing when it processes an update then the update ends refused with Amazon’s issue, per SKU', async () => {
    const c = await connect();
    const draft = amazonListingDraft('ISSUE-1', 2);
    const ref = await settled(c, await c.publishListing(draft));
    await send('POST', '/__sim/listing-issues', { sku: 'ISSUE-1', issues: [{ code: '18027', message: 'This product requires approval', severity: 'ERROR', categories: ['INVALID_ATTRIBUTE'] }] });
    const [outcome] = await pollUntilDone(c, (await c.updateListing(ref, { ...draft, price: '99.00' })) as Submission, 20_000);
    expect(outcome).toMatchObject({ sku: 'ISSUE-1', ok: false, error: { kind: 'PERMANENT', code: '18027', message: expect.stringContaining('requires approval') }, issues: [expect.objectContaining({ code: '18027', severity: 'ERROR' })] });
  });

  it('given a delist then the offer leaves each marketplace and the listing stays with its quantity; with delist=DELETE the listings item goes', async () => {
    const c = await connect({ marketplaces: [US, CA], settings: { delist: 'OFFER' } });
    const draft: ListingDraft = { ...amazonListingDraft('OFF-1', 0), markets: [{ marketplaceId: US, price: '10.00', salePrice: null, currency: 'USD', locale: 'en-US', title: 'T', description: null }, { marketplaceId: CA, price: '13.00', salePrice: null, currency: 'CAD', locale: 'en-CA', title: 'T', description: null }] };
    const ref = await settled(c, await c.publishListing(draft));
    const answer = await c.delistListing(ref);
    await pollUntilDone(c, answer as Submission);
    expect((await rows('OFF-1')).map((r) => [r.marketplaceId, r.status, r.quantity, r.price]).sort()).toEqual([[CA, 'DISCOVERABLE', 10, ''], [US, 'DISCOVERABLE', 10, '']].sort());
    // Published again, the offer is back.
    await settled(c, await c.publishListing(draft));
    expect((await rows('OFF-1')).every((r) => r.status === 'BUYABLE')).toBe(true);

    const deleting = await connect({ settings: { delist: 'DELETE' } });
    const gone = await deleting.delistListing(await settled(deleting, await deleting.publishListing(amazonListingDraft('DEL-1', 0))));
    await pollUntilDone(deleting, gone as Submission);
    expect(await rows('DEL-1')).toEqual([]);
    expect(await deleting.fetchListings([{ sku: 'DEL-1', itemId: 'DEL-1' }])).toEqual([]);
    expect(await calls('deleteListingsItem')).toHaveLength(1);
  });
});

describe('Amazon bulk pushes as JSON_LISTINGS_FEED', () => {
  async function published(c: Connector, n: number, prefix: string): Promise<ListingRef[]> {
    const refs: ListingRef[] = [];
    for (let i = 0; i < n; i++) refs.push(await settled(c, await c.publishListing(amazonListingDraft(`${prefix}-${i}`, i))));
    return refs;
  }

  it('given more SKUs than the feed threshold then quantities go as one feed, polled to DONE and read from its (gzipped) report per message', async () => {
    await send('POST', '/__sim/processing', { feedQueueMs: 300, feedProcessingMs: 300, gzipReports: true });
    const c = await connect({ settings: { feedThreshold: '2' } });
    const refs = await published(c, 3, 'FEED');
    const ghost: ListingRef = { ...refs[0], sku: 'FEED-GHOST', itemId: 'FEED-GHOST' };
    const results = await c.pushStock([...refs.map((ref, i) => ({ ref, quantity: 30 + i })), { ref: ghost, quantity: 1 }]);
    expect(results.map((r) => r.ok)).toEqual([true, true, true, true]);
    const submissions = new Set(results.map((r) => JSON.stringify((r as Extract<PushResult, { ok: true }>).submission?.handle)));
    expect(submissions.size).toBe(1);
    const submission = (results[0] as Extract<PushResult, { ok: true }>).submission!;
    expect(submission.skus).toEqual(['FEED-0', 'FEED-1', 'FEED-2', 'FEED-GHOST']);
    expect(await calls('patchListingsItem')).toEqual([]);
    expect((await calls('createFeed')).length).toBe(1);

    // Polled from the stored handle by another connector (a worker after a restart).
    const outcomes = await pollUntilDone(await connect({ settings: { feedThreshold: '2' } }), JSON.parse(JSON.stringify(submission)), 20_000);
    expect(outcomes.filter((o) => o.ok).map((o) => o.sku)).toEqual(['FEED-0', 'FEED-1', 'FEED-2']);
    expect(outcomes.find((o) => o.sku === 'FEED-GHOST')).toMatchObject({ ok: false, error: { kind: 'PERMANENT', code: expect.stringMatching(/\S/), message: expect.stringContaining('FEED-GHOST') } });
    for (const [i, ref] of refs.entries()) expect((await rows(ref.sku)).map((r) => r.quantity)).toEqual([30 + i]);
    const feeds = (await send('GET', '/__sim/feeds')).feeds as Raw[];
    expect(feeds).toEqual([expect.objectContaining({ feedType: 'JSON_LISTINGS_FEED', processingStatus: 'DONE', marketplaceIds: [US] })]);
  });

  it('given more prices than the threshold on two marketplaces then one feed carries every marketplace’s offer', async () => {
    const c = await connect({ marketplaces: [US, CA], settings: { feedThreshold: '1' } });
    const refs: ListingRef[] = [];
    for (const sku of ['FP-1', 'FP-2']) {
      refs.push(await settled(c, await c.publishListing({ ...amazonListingDraft(sku, 0), markets: [{ marketplaceId: US, price: '10.00', salePrice: null, currency: 'USD', locale: 'en-US', title: 'T', description: null }, { marketplaceId: CA, price: '13.00', salePrice: null, currency: 'CAD', locale: 'en-CA', title: 'T', description: null }] })));
    }
    const results = await c.pushPrice(refs.map((ref, i) => ({ ref, price: `2${i}.00`, currency: 'USD', markets: [{ marketplaceId: US, price: `2${i}.00`, salePrice: null, currency: 'USD' }, { marketplaceId: CA, price: `3${i}.00`, salePrice: null, currency: 'CAD' }] })));
    const outcomes = await pollUntilDone(c, (results[0] as Extract<PushResult, { ok: true }>).submission!, 20_000);
    expect(outcomes.every((o) => o.ok)).toBe(true);
    expect(Object.fromEntries((await rows('FP-2')).map((r) => [r.marketplaceId, r.price]))).toEqual({ [US]: '21', [CA]: '31' });
  });
});

describe('Amazon-fulfilled (FBA) stock and orders', () => {
  it('given FBA stock at Amazon then the pull reads every summary page, and a quantity is never pushed to an Amazon-fulfilled SKU', async () => {
    const c = await connect();
    const ref = await settled(c, await c.publishListing({ ...amazonListingDraft('FBA-SKU', 0), attributes: { product_type: 'SUIT', fulfillment_channel: 'AMAZON' } }));
    expect(ref.extra?.fulfillment).toBe('AMAZON_NA');
    await send('POST', '/__sim/fba-inventory', { sellerSku: 'FBA-SKU', fulfillable: 40, inbound: 12, reserved: 3, unfulfillable: 1 });
    for (let i = 0; i < 60; i++) await send('POST', '/__sim/fba-inventory', { sellerSku: `FBA-BULK-${i}`, fulfillable: i });
    const levels = await c.pullFulfilmentStock!();
    expect(levels).toHaveLength(61);
    expect(levels.find((l) => l.sku === 'FBA-SKU')).toMatchObject({ available: 40, inbound: 12, unavailable: 4, pool: US });
    expect(levels.find((l) => l.sku === 'FBA-BULK-59')).toMatchObject({ available: 59 });
    expect((await calls('getInventorySummaries')).length).toBeGreaterThan(1);

    expect(await c.pushStock([{ ref, quantity: 999 }])).toEqual([{ sku: 'FBA-SKU', ok: true }]);
    expect(await calls('patchListingsItem')).toEqual([]);
    expect((await rows('FBA-SKU')).map((r) => [r.fulfillmentChannel, r.quantity])).toEqual([['AMAZON_NA', 40]]);
  });

  it('given an Amazon-fulfilled order then it is the marketplace’s to ship: imported as such, and a shipment for it is refused', async () => {
    const fe = await startAmazonSimulator({ seed: 17, region: 'FE', listingsMs: 0 });
    try {
      const feControl = new SimControl(fe.controlUrl);
      const order = JSON.parse(fixtureText('order-afn-japan.json')) as Raw;
      order.createdTime = order.lastUpdatedTime = new Date().toISOString();
      order.fulfillment.fulfillmentStatus = 'UNSHIPPED';
      await feControl.addOrder(JSON.stringify(order));
      const creds = await feControl.credentials();
      const auth = amazonConnector.auth!;
      const base = { baseUrl: fe.baseUrl, accountKey: `fe-${++accounts}`, rateLimits: amazonConnector.rateLimits, classify: amazonConnector.classify };
      const tokens = accountAuth({ auth, tokens: memoryTokens(base.accountKey, { auth, credentials: () => creds, save: async () => undefined }), http: createHttpClient(base), credentials: () => creds, settings: () => ({}), baseUrl: fe.baseUrl });
      const jp = amazonConnector.create('AMAZON', { baseUrl: fe.baseUrl, credentials: creds, marketplaceId: 'A1VC38T7YXB528', marketplaces: MARKETPLACE_CATALOGUE.filter((m) => m.id === 'A1VC38T7YXB528'), settings: {}, currency: 'JPY', http: createHttpClient({ ...base, auth: tokens }), saveCredentials: async () => undefined, now: () => new Date() });
      const pulled = (await pullAll(jp)).filter((o): o is Extract<PulledOrder, { ok: true }> => o.ok).map((o) => o.order);
      expect(pulled).toEqual([expect.objectContaining({ externalId: '250-1234567-8901234', fulfilledBy: 'MARKETPLACE', currency: 'JPY', paidTotal: '19940', status: 'PAID' })]);
      expect(pulled[0].shippingAddress).toMatchObject({ province: '東京都', city: '渋谷区', address1: '神南1丁目2-3' });
      await expect(jp.pushShipment({ orderExternalId: '250-1234567-8901234', carrier: 'Yamato Transport', trackingNumber: '4567-8901-2345', shippedAt: new Date() })).rejects.toMatchObject({ code: 'AMAZON_FULFILLED' });
      expect((await jp.checkCredentials()).account).toContain('FE: Amazon.co.jp (Japan)');
    } finally {
      await fe.stop();
    }
  });
});

describe('Amazon orders', () => {
  it('given a seller without the PII role then orders arrive clean, without buyer or street address, and nothing fails', async () => {
    await send('POST', '/__sim/pii', { enabled: false });
    const c = await connect();
    await control.addOrder(amazonOrderJson(1, ['PII-A']));
    const [o] = (await pullAll(c)).map((p) => (p.ok ? p.order : null));
    expect(o).toMatchObject({ externalId: amazonOrderIdOf(1), status: 'PAID', buyer: null, flags: [] });
    expect(o!.shippingAddress).toMatchObject({ name: null, address1: null, postalCode: null, city: 'San Jose', country: 'US' });
    const one = await c.getOrder(amazonOrderIdOf(1));
    expect(one.ok && one.order.buyer).toBeNull();
  });

  it('given a buyer who asks to cancel then the order carries CANCEL_REQUESTED until it is cancelled', async () => {
    const c = await connect();
    await control.addOrder(amazonOrderJson(2, ['CXL-A']));
    await send('POST', `/__sim/orders/${amazonOrderIdOf(2)}/cancel-requests`, { cancelReason: 'Ordered by mistake' });
    const got = await c.getOrder(amazonOrderIdOf(2));
    expect(got.ok && got.order.flags).toEqual(['CANCEL_REQUESTED']);
    await control.setOrderStatus(amazonOrderIdOf(2), 'CANCELLED');
    const cancelled = await c.getOrder(amazonOrderIdOf(2));
    expect(cancelled.ok && [cancelled.order.status, cancelled.order.flags]).toEqual(['CANCELLED', []]);
  });

  it('given a pagination token that expired while the pull was away then the window starts again and every order still arrives', async () => {
    const c = await connect();
    for (let i = 0; i < 150; i++) await control.addOrder(amazonOrderJson(200 + i, ['TOK-A']));
    const first = await c.pullOrders(null);
    expect(first.done).toBe(false);
    expect(first.nextCursor.token).toEqual(expect.any(String));
    // A day and an hour later on Amazon's clock: the token is dead (and the access token too).
    await control.setClock({ advanceMs: 25 * 60 * 60 * 1000 });
    try {
      const restarted = await c.pullOrders(JSON.parse(JSON.stringify(first.nextCursor)));
      expect(restarted).toMatchObject({ orders: [], done: false, nextCursor: { from: first.nextCursor.from, restarts: 1 } });
      const seen = new Set(first.orders.flatMap((o) => (o.ok ? [o.order.externalId] : [])));
      let cursor = JSON.parse(JSON.stringify(restarted.nextCursor));
      for (let i = 0; i < 10; i++) {
        const page = await c.pullOrders(cursor);
        for (const o of page.orders) if (o.ok) seen.add(o.order.externalId);
        cursor = JSON.parse(JSON.stringify(page.nextCursor));
        if (page.done) break;
      }
      expect(seen.size).toBe(150);
    } finally {
      await control.setClock({ real: true });
    }
  });

  it('given a parcel with a carrier Amazon does not list then it is confirmed as Other with its name, once', async () => {
    const c = await connect();
    await control.addOrder(amazonOrderJson(3, ['SHIP-A']));
    const parcel = { orderExternalId: amazonOrderIdOf(3), carrier: 'Speedy Couriers', trackingNumber: 'SPD 0001', shippedAt: new Date(), service: 'Next day', parcelId: 'SH-000317' };
    await c.pushShipment(parcel);
    await c.pushShipment(parcel);
    const shipments = (await control.shipments()) as Raw[];
    expect(shipments).toEqual([expect.objectContaining({ orderId: amazonOrderIdOf(3), packageReferenceId: '317', carrierCode: 'Other', carrierName: 'Speedy Couriers', shippingMethod: 'Next day', trackingNumber: 'SPD0001', orderItems: [{ orderItemId: expect.any(String), quantity: 2 }] })]);
    const shipped = await c.getOrder(amazonOrderIdOf(3));
    expect(shipped.ok && shipped.order.status).toBe('SHIPPED');
    expect(shipped.ok && shipped.order.lines[0].shipments).toEqual([expect.objectContaining({ quantity: 2, trackingNumber: 'SPD0001' })]);
    await expect(c.pushShipment({ ...parcel, trackingNumber: 'SPD 0002', parcelId: 'SH-000318' })).rejects.toMatchObject({ code: 'NOTHING_TO_SHIP' });
  });
});

describe('Amazon usage plans on the wire', () => {
  it('given each answer’s x-amzn-RateLimit-Limit then only the bucket of the call it answered adopts it, and a 429 waits for that call’s refill and goes again', async () => {
    await send('POST', '/__sim/usage-plans', { getOrder: { rate: 5, burst: 1 } });
    const c = await connect();
    await control.addOrder(amazonOrderJson(4, ['RATE-A']));
    await c.getOrder(amazonOrderIdOf(4));
    await c.checkCredentials();
    const byCall = (op: string) => adopted.filter((a) => a.bucket.endsWith(`|${op}`)).map((a) => a.ratePerSecond);
    expect(byCall('getOrder')).toEqual([5]);
    expect(byCall('getListingsItem')).toEqual([5]);
    expect(adopted.filter((a) => !/\|(getOrder|getListingsItem)$/.test(a.bucket))).toEqual([]);

    // The simulator's bucket is empty now: our limiter thought it had a burst of 30, so the next calls meet 429s and wait them out.
    const results: OrderDto[] = [];
    for (let i = 0; i < 4; i++) {
      const r = await c.getOrder(amazonOrderIdOf(4));
      if (r.ok) results.push(r.order);
    }
    expect(results).toHaveLength(4);
    const log = await calls('getOrder');
    expect(log.some((r) => r.status === 429)).toBe(true);
    expect(log.filter((r) => r.status === 200)).toHaveLength(5);
  });

  it('given an order nobody has then getOrder is refused as PERMANENT (ORDER_NOT_FOUND)', async () => {
    const c = await connect();
    await expect(c.getOrder('999-0000000-0000000')).rejects.toBeInstanceOf(PermanentError);
  });
});
