import { jsonResponse, MarketplaceSimulator, RunningSimulator, SimKit, startSimServer } from './index';

/**
 * The kit itself, on a marketplace of a few lines: the clock, faults after the call took
 * effect, and several apps and sellers in one simulator.
 */

interface Item {
  name: string;
  at: string;
}

/** A tiny marketplace: POST /api/items adds one (stamped with the simulator's now), GET lists them; one call a second per app. */
function tinyMarketplace(kit: SimKit, withServerError = false): MarketplaceSimulator {
  let items: Item[] = [];
  return {
    apiPath: '/api',
    handle(req) {
      const verdict = kit.buckets.take(kit.account.app.key);
      if (!verdict.ok) return { ...jsonResponse(429, { error: 'over the limit' }), errorCode: 'LIMIT' };
      if (req.method === 'POST' && req.path === '/api/items') {
        items.push({ name: JSON.parse(req.body).name, at: kit.clock.date().toISOString() });
        return { ...jsonResponse(201, { ok: true }), operation: 'items.add' };
      }
      if (req.method === 'GET' && req.path === '/api/items') return { ...jsonResponse(200, { items, seller: kit.account.seller.id, app: kit.account.app.key }), operation: 'items.list' };
      return { ...jsonResponse(404, { error: 'no route' }), errorCode: 'NOT_FOUND' };
    },
    serverError: withServerError ? () => ({ ...jsonResponse(500, { error: 'tiny failed' }), errorCode: 'TINY_500' }) : undefined,
    control: {
      credentials: () => ({ app: kit.account.app.key, seller: kit.account.seller.id }),
      addOrder: () => ({}),
      setOrderStatus: () => ({}),
      listings: () => ({ listings: items.map((i) => ({ sku: i.name, quantity: 1, price: '1.00', status: 'ACTIVE' })) }),
      shipments: () => ({ shipments: [] }),
      expireTokens: () => undefined,
      reset: () => {
        items = [];
      },
    },
  };
}

let sim: RunningSimulator;
beforeEach(async () => {
  sim = await startSimServer({ callsPerSecond: 1, burst: 1, seed: 7 }, (kit) => tinyMarketplace(kit));
});
afterEach(() => sim.stop());

async function call(url: string, init?: RequestInit): Promise<{ status: number; body: any }> {
  const res = await fetch(url, init);
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // an HTML page stays text
  }
  return { status: res.status, body };
}
const post = (url: string, body: unknown) => call(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const waitABucket = () => new Promise((r) => setTimeout(r, 1100));

describe('simulator kit: the clock', () => {
  it('given a clock set, advanced and frozen when the marketplace stamps a call then it uses the simulator’s now', async () => {
    const set = await post(`${sim.controlUrl}/__sim/clock`, { at: '2030-01-01T00:00:00Z', freeze: true });
    expect(set).toEqual({ status: 200, body: expect.objectContaining({ now: '2030-01-01T00:00:00.000Z', frozen: true }) });
    await post(`${sim.baseUrl}/items`, { name: 'a' });
    expect((await post(`${sim.controlUrl}/__sim/clock`, { advanceMs: 90_000 })).body.now).toBe('2030-01-01T00:01:30.000Z');
    await waitABucket();
    await post(`${sim.baseUrl}/items`, { name: 'b' });
    await waitABucket();
    expect((await call(`${sim.baseUrl}/items`)).body.items).toEqual([
      { name: 'a', at: '2030-01-01T00:00:00.000Z' },
      { name: 'b', at: '2030-01-01T00:01:30.000Z' },
    ]);

    // Running from a set instant: it moves on in real time.
    await post(`${sim.controlUrl}/__sim/clock`, { freeze: false });
    await new Promise((r) => setTimeout(r, 50));
    const running = (await call(`${sim.controlUrl}/__sim/clock`)).body;
    expect(running.frozen).toBe(false);
    expect(Date.parse(running.now)).toBeGreaterThan(Date.parse('2030-01-01T00:01:30.000Z'));

    // Back to real time, and a reset does the same.
    expect(Math.abs(Date.parse((await post(`${sim.controlUrl}/__sim/clock`, { real: true })).body.now) - Date.now())).toBeLessThan(1000);
    await post(`${sim.controlUrl}/__sim/clock`, { at: '2001-01-01T00:00:00Z' });
    await post(`${sim.controlUrl}/__sim/reset`, {});
    expect(Math.abs(Date.parse((await call(`${sim.controlUrl}/__sim/clock`)).body.now) - Date.now())).toBeLessThan(1000);
  });

  it('given a clock body that is wrong when posted then it is refused with what is wrong', async () => {
    expect((await post(`${sim.controlUrl}/__sim/clock`, { at: 'yesterday' })).status).toBe(400);
    expect((await post(`${sim.controlUrl}/__sim/clock`, { advanceMs: '5' })).status).toBe(400);
    expect((await post(`${sim.controlUrl}/__sim/clock`, { speed: 2 })).body.error).toMatch(/unknown clock fields: speed/);
  });
});

describe('simulator kit: faults after the call took effect', () => {
  it('given error500AfterCommit when a call succeeds then it is carried out and answered with a server fault, marked in the log', async () => {
    await post(`${sim.controlUrl}/__sim/faults`, { error500AfterCommit: 1 });
    const r = await post(`${sim.baseUrl}/items`, { name: 'committed' });
    expect(r.status).toBe(503);
    expect(r.body).toMatch(/Service Temporarily Unavailable/);
    // Errors are answered as they are: only what was carried out can fail after it.
    await waitABucket();
    await post(`${sim.controlUrl}/__sim/faults`, { error500AfterCommit: 0 });
    expect((await call(`${sim.controlUrl}/__sim/listings`)).body.listings.map((l: { sku: string }) => l.sku)).toEqual(['committed']);
    const log = (await call(`${sim.controlUrl}/__sim/requests`)).body.requests;
    expect(log[0]).toMatchObject({ operation: 'items.add', status: 503, failedAfterCommit: true, lost: false });
  });

  it('given a marketplace that answers its own server faults when one strikes after commit then its answer is sent', async () => {
    await sim.stop();
    sim = await startSimServer({ callsPerSecond: 1, burst: 1, seed: 7 }, (kit) => tinyMarketplace(kit, true));
    await post(`${sim.controlUrl}/__sim/faults`, { error500AfterCommit: 1 });
    expect(await post(`${sim.baseUrl}/items`, { name: 'x' })).toEqual({ status: 500, body: { error: 'tiny failed' } });
  });

  it('given lostAnswer and error500AfterCommit together when they exceed every call then they are refused', async () => {
    const r = await post(`${sim.controlUrl}/__sim/faults`, { lostAnswer: 0.6, error500AfterCommit: 0.6 });
    expect(r.status).toBe(400);
  });
});

describe('simulator kit: several apps and sellers', () => {
  it('given sellers added on one app and on another when they call then each has its own data, one app’s sellers share its limit', async () => {
    const first = (await call(`${sim.controlUrl}/__sim/whoami`)).body;
    const twin = (await post(`${sim.controlUrl}/__sim/sellers`, { name: 'twin', app: first.app.name })).body;
    const other = (await post(`${sim.controlUrl}/__sim/sellers`, { name: 'other' })).body;
    expect(twin).toMatchObject({ seller: { name: 'twin' }, app: { key: first.app.key }, baseUrl: `${sim.controlUrl}/sellers/twin/api`, controlUrl: `${sim.controlUrl}/sellers/twin` });
    expect(other.app.key).not.toBe(first.app.key);

    expect((await post(`${twin.baseUrl}/items`, { name: 'twin-item' })).status).toBe(201);
    // The first seller is on the same app: its one call a second is spent.
    expect((await post(`${sim.baseUrl}/items`, { name: 'first-item' })).status).toBe(429);
    // Another app has its own limit.
    expect((await post(`${other.baseUrl}/items`, { name: 'other-item' })).status).toBe(201);

    expect((await call(`${twin.controlUrl}/__sim/listings`)).body.listings.map((l: { sku: string }) => l.sku)).toEqual(['twin-item']);
    expect((await call(`${sim.controlUrl}/__sim/listings`)).body.listings).toEqual([]);
    expect((await call(`${other.controlUrl}/__sim/credentials`)).body).toEqual({ app: other.app.key, seller: other.seller.id });
    const log = (await call(`${sim.controlUrl}/__sim/requests`)).body.requests;
    expect(log.map((e: { seller: string | null; status: number }) => [e.seller, e.status])).toEqual([
      ['twin', 201],
      [null, 429],
      ['other', 201],
    ]);
    expect((await call(`${sim.controlUrl}/__sim/sellers`)).body.sellers.map((s: { seller: { name: string } }) => s.seller.name)).toEqual(['seller-1', 'twin', 'other']);
  });

  it('given a seller name taken or malformed when added then it is refused; a reset drops the sellers added', async () => {
    await post(`${sim.controlUrl}/__sim/sellers`, { name: 'shop-a' });
    expect((await post(`${sim.controlUrl}/__sim/sellers`, { name: 'shop-a' })).status).toBe(409);
    expect((await post(`${sim.controlUrl}/__sim/sellers`, { name: 'Shop A' })).status).toBe(400);
    expect((await post(`${sim.controlUrl}/__sim/sellers`, { shop: 'x' })).status).toBe(400);
    await post(`${sim.controlUrl}/__sim/reset`, {});
    expect((await call(`${sim.controlUrl}/sellers/shop-a/__sim/listings`)).status).toBe(404);
    expect((await call(`${sim.controlUrl}/__sim/sellers`)).body.sellers).toHaveLength(1);
  });
});
