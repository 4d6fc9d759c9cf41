import type { RunningSimulator } from '../sdk/simulator';
import { DEFAULT_USAGE_PLANS, startAmazonSimulator } from './simulator';

// The simulator's order changes (`POST /__sim/order-changes`) and pagination-token expiry
// (`POST /__sim/pagination-tokens/expire`), what the sync tests use to change orders while a
// client pages and to refuse a token in the middle of a walk. Spoken to over raw HTTP; every
// SP-API exchange is checked against Amazon's models (connectors/sdk/contract/jest-setup.ts).

type Raw = Record<string, any>;

const US = 'ATVPDKIKX0DER';
const ORDERS = '/orders/2026-01-01/orders';
const HOUR = 3600 * 1000;
const T0 = Date.parse('2026-05-04T12:00:00Z');

let sim: RunningSimulator;

async function control(method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; json: Raw }> {
  const res = await fetch(`${sim.controlUrl}${path}`, { method, headers: body === undefined ? undefined : { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : {} };
}

async function ok(method: 'GET' | 'POST', path: string, body?: unknown): Promise<Raw> {
  const r = await control(method, path, body);
  if (r.status !== 200) throw new Error(`${method} ${path} answered ${r.status}: ${JSON.stringify(r.json)}`);
  return r.json;
}

async function search(query: string): Promise<{ status: number; json: Raw }> {
  const token = (await ok('GET', '/__sim/tokens')).accessToken;
  const res = await fetch(`${sim.baseUrl}${ORDERS}?${query}`, { headers: { 'x-amz-access-token': token } });
  return { status: res.status, json: (await res.json()) as Raw };
}

const iso = (ms: number) => new Date(ms).toISOString();
const ids = (a: { json: Raw }) => a.json.orders.map((o: Raw) => o.orderId);
const idOf = (i: number) => `114-000000${i}-0000000`;

/** An UNSHIPPED merchant-fulfilled Order of v2026-01-01 with two items, updated `i` minutes after T0 - 5 h. */
function order(i: number): Raw {
  const at = iso(T0 - 5 * HOUR + i * 60_000);
  return {
    orderId: idOf(i),
    createdTime: at,
    lastUpdatedTime: at,
    salesChannel: { channelName: 'AMAZON', marketplaceId: US, marketplaceName: 'Amazon.com' },
    buyer: { buyerName: 'Jane Doe', buyerEmail: 'jane@marketplace.amazon.com' },
    recipient: { deliveryAddress: { name: 'Jane Doe', addressLine1: '1 Main St', city: 'Seattle', stateOrRegion: 'WA', postalCode: '98101', countryCode: 'US', addressType: 'RESIDENTIAL' } },
    proceeds: { grandTotal: { amount: '59.97', currencyCode: 'USD' } },
    fulfillment: { fulfillmentStatus: 'UNSHIPPED', fulfilledBy: 'MERCHANT', fulfillmentServiceLevel: 'STANDARD' },
    orderItems: [1, 2].map((n) => ({
      orderItemId: `${idOf(i)}-${n}`,
      quantityOrdered: n,
      product: { asin: 'B0TESTASIN', sellerSku: `MUG-${n}`, price: { unitPrice: { amount: '19.99', currencyCode: 'USD' } } },
      fulfillment: { quantityFulfilled: 0, quantityUnfulfilled: n },
    })),
  };
}

const held = async (i: number): Promise<Raw> => (await ok('GET', `/__sim/orders/${idOf(i)}`)).order;
const window = `lastUpdatedAfter=${iso(T0 - 6 * HOUR)}&includedData=FULFILLMENT,RECIPIENT`;

beforeAll(async () => {
  sim = await startAmazonSimulator({ seed: 21 });
  // Generous plans: these tests are about orders, not usage plans.
  await ok('POST', '/__sim/usage-plans', Object.fromEntries(Object.keys(DEFAULT_USAGE_PLANS).map((op) => [op, { rate: 100, burst: 100 }])));
});
afterAll(async () => {
  await sim?.stop();
});
beforeEach(async () => {
  await ok('POST', '/__sim/reset', {});
  await ok('POST', '/__sim/usage-plans', Object.fromEntries(Object.keys(DEFAULT_USAGE_PLANS).map((op) => [op, { rate: 100, burst: 100 }])));
  await ok('POST', '/__sim/clock', { at: iso(T0), freeze: true });
  for (let i = 1; i <= 5; i++) await ok('POST', '/__sim/orders', order(i));
});

describe('POST /__sim/order-changes', () => {
  it('given a change when posted then its fields are merged into the order, a new status ships every unit, and lastUpdatedTime moves to now', async () => {
    await ok('POST', '/__sim/clock', { at: iso(T0 + 60_000), freeze: true });
    const r = await ok('POST', '/__sim/order-changes', { orderIds: [idOf(2)], set: { recipient: { deliveryAddress: { city: 'Tacoma' } }, fulfillment: { fulfillmentStatus: 'SHIPPED' } } });
    expect(r).toEqual({ changed: [{ orderId: idOf(2), fulfillmentStatus: 'SHIPPED', lastUpdatedTime: iso(T0 + 60_000) }] });
    const o = await held(2);
    // Merged: the rest of the address and of the fulfilment block stays.
    expect(o.recipient.deliveryAddress).toMatchObject({ name: 'Jane Doe', addressLine1: '1 Main St', city: 'Tacoma', postalCode: '98101' });
    expect(o.fulfillment).toEqual({ fulfillmentStatus: 'SHIPPED', fulfilledBy: 'MERCHANT', fulfillmentServiceLevel: 'STANDARD' });
    expect(o.orderItems.map((it: Raw) => it.fulfillment)).toEqual([{ quantityFulfilled: 1, quantityUnfulfilled: 0 }, { quantityFulfilled: 2, quantityUnfulfilled: 0 }]);
    // searchOrders shows it by its new update time: last, after the untouched ones.
    const a = await search(window);
    expect(ids(a)).toEqual([idOf(1), idOf(3), idOf(4), idOf(5), idOf(2)]);
    expect(a.json.orders[4].lastUpdatedTime).toBe(iso(T0 + 60_000));
  });

  it('given null for a field when changed then the field is gone; other fields are left as they were', async () => {
    await ok('POST', '/__sim/order-changes', { orderIds: [idOf(1), idOf(3)], set: { buyer: { buyerEmail: null }, sellerNote: 'gift' } });
    for (const i of [1, 3]) expect((await held(i)).buyer).toEqual({ buyerName: 'Jane Doe' });
    expect((await held(1)).sellerNote).toBe('gift');
    expect((await held(4)).buyer.buyerEmail).toBe('jane@marketplace.amazon.com');
  });

  it('given changes an order cannot take when posted then 400 or 404 and no order moves', async () => {
    const before = await held(1);
    const refusals: [unknown, number][] = [
      [{ orderIds: ['999-0000000-0000000'], set: { sellerNote: 'x' } }, 404],
      [{ orderIds: [idOf(1)], set: { orderId: '114-1-1' } }, 400],
      [{ orderIds: [idOf(1)], set: { lastUpdatedTime: iso(T0) } }, 400],
      [{ orderIds: [idOf(1)], set: { fulfillment: { fulfillmentStatus: 'DELIVERED' } } }, 400],
      [{ orderIds: [idOf(1)], set: { salesChannel: { marketplaceId: 'NOPE' } } }, 400],
      [{ orderIds: [idOf(1)], set: { orderItems: [] } }, 400],
      [{ orderIds: [idOf(1)], set: { fulfillment: { fulfillmentStatus: 'DELIVERED' } }, afterRead: true }, 400],
      [{ orderIds: [], set: {} }, 400],
      [{ orderIds: [idOf(1)], when: 'later' }, 400],
    ];
    for (const [b, status] of refusals) expect([b, (await control('POST', '/__sim/order-changes', b)).status]).toEqual([b, status]);
    expect(await held(1)).toEqual(before);
    // Nothing was armed by the refused afterRead change: a walk leaves the order as it is.
    await search(window);
    expect(await held(1)).toEqual(before);
  });

  it('given changes armed after read when a client pages then each order changes right after the page that carried it, leaves the window, and is found by the next one', async () => {
    expect(await ok('POST', '/__sim/order-changes', { orderIds: [idOf(1), idOf(4)], set: { fulfillment: { fulfillmentStatus: 'SHIPPED' } }, afterRead: true })).toEqual({ armed: [idOf(1), idOf(4)] });
    // Nothing changes until a page carries the order.
    expect((await held(1)).fulfillment.fulfillmentStatus).toBe('UNSHIPPED');

    const first = await search(`${window}&maxResultsPerPage=2`);
    expect(ids(first)).toEqual([idOf(1), idOf(2)]);
    // The page shows the order as it was when read; the order changed right after.
    expect(first.json.orders[0].fulfillment.fulfillmentStatus).toBe('UNSHIPPED');
    expect(await held(1)).toMatchObject({ fulfillment: { fulfillmentStatus: 'SHIPPED' }, lastUpdatedTime: iso(T0 + 1) });
    expect((await held(4)).fulfillment.fulfillmentStatus).toBe('UNSHIPPED');

    const second = await search(`${window}&maxResultsPerPage=2&paginationToken=${encodeURIComponent(first.json.pagination.nextToken)}`);
    expect(ids(second)).toEqual([idOf(3), idOf(4)]);
    const third = await search(`${window}&maxResultsPerPage=2&paginationToken=${encodeURIComponent(second.json.pagination.nextToken)}`);
    // Past the window's bound (the first page's time): neither changed order comes again in this walk.
    expect(ids(third)).toEqual([idOf(5)]);
    expect(third.json.pagination).toBeUndefined();
    expect((await held(4)).fulfillment.fulfillmentStatus).toBe('SHIPPED');

    // The next window (its bound a moment later) has them, changed; read again, they change no more.
    await ok('POST', '/__sim/clock', { at: iso(T0 + 1000), freeze: true });
    const next = await search(`lastUpdatedAfter=${iso(T0)}&includedData=FULFILLMENT`);
    expect(next.json.orders.map((o: Raw) => [o.orderId, o.fulfillment.fulfillmentStatus])).toEqual([
      [idOf(1), 'SHIPPED'],
      [idOf(4), 'SHIPPED'],
    ]);
    expect((await held(1)).lastUpdatedTime).toBe(iso(T0 + 1));
  });
});

describe('POST /__sim/pagination-tokens/expire', () => {
  it('given the tokens handed out so far when expired then the next page is refused as an expired token would be, and a new search pages again', async () => {
    const first = await search(`${window}&maxResultsPerPage=2`);
    expect(await ok('POST', '/__sim/pagination-tokens/expire', {})).toEqual({ expired: 1 });
    const late = await search(`${window}&maxResultsPerPage=2&paginationToken=${encodeURIComponent(first.json.pagination.nextToken)}`);
    expect([late.status, late.json.errors]).toEqual([400, [expect.objectContaining({ code: 'InvalidInput', message: 'The paginationToken has expired.' })]]);
    const again = await search(`${window}&maxResultsPerPage=2`);
    const page2 = await search(`${window}&maxResultsPerPage=2&paginationToken=${encodeURIComponent(again.json.pagination.nextToken)}`);
    expect(ids(page2)).toEqual([idOf(3), idOf(4)]);
  });

  it('given afterPages 2 when a client pages then the first page’s token serves, the second page’s has expired, and the expiry strikes once', async () => {
    expect(await ok('POST', '/__sim/pagination-tokens/expire', { afterPages: 2 })).toEqual({ armed: { afterPages: 2 } });
    const p1 = await search(`${window}&maxResultsPerPage=1`);
    const p2 = await search(`${window}&maxResultsPerPage=1&paginationToken=${encodeURIComponent(p1.json.pagination.nextToken)}`);
    expect(ids(p2)).toEqual([idOf(2)]);
    const p3 = await search(`${window}&maxResultsPerPage=1&paginationToken=${encodeURIComponent(p2.json.pagination.nextToken)}`);
    expect([p3.status, p3.json.errors[0].message]).toEqual([400, 'The paginationToken has expired.']);
    // Disarmed: a new walk pages to its end.
    let page = await search(`${window}&maxResultsPerPage=2`);
    const seen = [...ids(page)];
    while (page.json.pagination) {
      page = await search(`${window}&maxResultsPerPage=2&paginationToken=${encodeURIComponent(page.json.pagination.nextToken)}`);
      expect(page.status).toBe(200);
      seen.push(...ids(page));
    }
    expect(seen).toEqual([1, 2, 3, 4, 5].map(idOf));
  });

  it('given a bad afterPages when posted then 400', async () => {
    for (const b of [{ afterPages: 0 }, { afterPages: 1.5 }, { afterPages: '2' }, { pages: 2 }]) expect((await control('POST', '/__sim/pagination-tokens/expire', b)).status).toBe(400);
  });
});
