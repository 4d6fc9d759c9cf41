import { AuthFailedError } from '../errors';
import { accountAuth, memoryTokens } from '../auth';
import { createHttpClient, HttpClientOptions } from '../http';
import type { Connector, ConnectorContext, ConnectorModule, Cursor, ListingDraft, ListingRef, OrderDto, PulledOrder } from '../types';
import { afterCommitCase, returnsCase, ReturnsFixtures, SeveralMarketplacesFixtures, severalMarketplacesCase } from './cases';
import { isActiveStatus, SimControl, SimListing } from './sim-control';
import { settledRef, settledVoid } from './submissions';
import { listingContractCases } from './listing-cases';

export { SimControl, isActiveStatus } from './sim-control';
export type { SimListing } from './sim-control';
export { asTheEngine, publishAsTheEngine, pullAllAsTheEngine, pushStockAsTheEngine } from './cases';
export type { ReturnFixture, ReturnsFixtures, SeveralMarketplacesFixtures } from './cases';
export { isSubmission, pollUntilDone, settledRef, settledVoid } from './submissions';

/**
 * The conformance suite every connector runs against its own simulator: one jest `describe`
 * that drives the connector over real HTTP on loopback and checks what the simulator's
 * control endpoints show. A connector passes when, against its simulator, it publishes,
 * updates and delists; pushes stock and price; pulls orders across pages and incrementally,
 * each exactly once after dedupe; pushes shipments (a repeated push is done once); rides out
 * throttling; refreshes or reports expired credentials; quarantines a malformed order
 * without losing the rest of the page; and misses no order that changes while it pages. The
 * cases of cases.ts follow: returns, calls that took effect and then failed (a 5xx after
 * commit, a lost answer), and a channel covering several marketplaces (not applicable, and
 * saying why, to a module that serves one marketplace per channel).
 */

/** A simulator started for the suite. */
export interface RunningSimulator {
  /** What a channel puts in `baseUrl` (the marketplace's API root on the simulator). */
  baseUrl: string;
  /** Origin of the `/__sim/` control endpoints. */
  controlUrl: string;
  stop(): Promise<void>;
}

/** An order in the marketplace's own shape, as the JSON text `POST /__sim/orders` takes. */
export interface OrderFixture {
  /** The id the connector must report as `externalId`; null when the fixture has none. */
  externalId: string | null;
  /** JSON text: marketplace ids written as the marketplace writes them (TOP's as bare 64-bit numbers). */
  body: string;
}

export interface ConformanceSubject {
  /** Name in the describe block, e.g. "Taobao". */
  name: string;
  connector: ConnectorModule;
  /** The channel kind the connector is created for. */
  kind: string;
  /** Starts a fresh simulator on a free loopback port. */
  simulator: { start(): Promise<RunningSimulator> };
  /** The channel currency. */
  currency: string;
  fixtures: {
    /** A listing the marketplace accepts for SKU `sku` (category and attributes it needs). */
    listing(sku: string, i: number): ListingDraft;
    /** The i-th order, paid and waiting to ship, one line per SKU given, placed and modified now. */
    order(i: number, skus: string[]): OrderFixture;
    /** An order the connector cannot map (e.g. without lines), otherwise valid on the wire. */
    malformedOrder(i: number): OrderFixture;
    /** The marketplace's own status that `POST /__sim/orders/:id/status` sets to mark an order shipped, and what it maps to. */
    shippedStatus: { marketplace: string; unified: OrderDto['status'] };
    /** A carrier code the marketplace accepts for `pushShipment`. */
    carrier: string;
    /** The credentials with the means of refreshing removed (e.g. no refresh token), to see expiry reported. */
    withoutRefresh(credentials: Record<string, string>): Record<string, string>;
    /** Returns and refunds in the marketplace's shape: required by a module that declares returns.pull. */
    returns?: ReturnsFixtures;
    /** Orders on several marketplaces of one channel: for a module whose marketplacesPerChannel is SEVERAL. */
    severalMarketplaces?: SeveralMarketplacesFixtures;
    /** How the marketplace ships an order line: some of its units in a parcel (`UNITS`: eBay, Amazon) or only whole (`WHOLE`: TOP sub-orders). */
    lineUnits?: 'UNITS' | 'WHOLE';
    /** A draft the marketplace refuses (e.g. a category it does not have): an asynchronous write must carry the refusal to its SKU. */
    refusedListing?(sku: string, i: number): ListingDraft;
  };
  /** Overrides for marketplaces whose listing statuses the default reading does not know. */
  isActive?(listing: SimListing): boolean;
  /**
   * For a marketplace whose items are created by hand and linked by publishing (Taobao: the
   * classic create is retired): makes the item for the draft as staff would, and returns the
   * draft to publish. The suite calls it before every `publishListing`, retries included, so it
   * must create each item once.
   */
  prepareListing?(draft: ListingDraft, control: SimControl): Promise<ListingDraft>;
}

/** The connector with `prepare` run before each publish (see ConformanceSubject.prepareListing). */
function preparing(connector: Connector, prepare: (draft: ListingDraft) => Promise<ListingDraft>): Connector {
  const wrapped = Object.create(connector) as Connector;
  wrapped.publishListing = async (draft) => connector.publishListing(await prepare(draft));
  return wrapped;
}

interface Harness {
  sim: RunningSimulator;
  control: SimControl;
  saved: Record<string, string>[];
  /** A connector on a fresh account key; `context` adapts the context built for it. */
  connector(credentials?: Record<string, string>, context?: (base: ConnectorContext) => ConnectorContext): Promise<Connector>;
}

/** Decimal strings compared as amounts ("129" equals "129.00"), without floats. */
export function sameAmount(a: string, b: string): boolean {
  const norm = (s: string) => {
    const [int, frac = ''] = s.trim().split('.');
    const f = frac.replace(/0+$/, '');
    return `${int.replace(/^(-?)0+(?=\d)/, '$1')}${f ? `.${f}` : ''}`;
  };
  return norm(a) === norm(b);
}

/** Pulls until the connector says it has caught up; returns everything pulled and the cursor to go on from. */
export async function pullAll(connector: Connector, cursor: Cursor | null, maxCalls = 1000): Promise<{ orders: PulledOrder[]; cursor: Cursor | null; calls: number }> {
  const orders: PulledOrder[] = [];
  for (let calls = 1; calls <= maxCalls; calls++) {
    const page = await connector.pullOrders(cursor);
    orders.push(...page.orders);
    // The cursor must survive storage as JSON.
    cursor = JSON.parse(JSON.stringify(page.nextCursor)) as Cursor;
    if (page.done) return { orders, cursor, calls };
  }
  throw new Error(`pullOrders did not catch up within ${maxCalls} calls`);
}

/** The mapped orders by externalId, the last delivery of each winning (what an idempotent intake keeps). */
export function dedupe(orders: PulledOrder[]): Map<string, OrderDto> {
  const out = new Map<string, OrderDto>();
  for (const o of orders) if (o.ok) out.set(o.order.externalId, o.order);
  return out;
}

export function runConformanceSuite(subject: ConformanceSubject): void {
  const { fixtures } = subject;
  const active = (l: SimListing) => (subject.isActive ? subject.isActive(l) : isActiveStatus(l.status));
  let h: Harness;
  let accounts = 0;

  describe(`${subject.name} (${subject.kind}) connector conformance`, () => {
    jest.setTimeout(180_000);

    beforeAll(async () => {
      const sim = await subject.simulator.start();
      const control = new SimControl(sim.controlUrl);
      const saved: Record<string, string>[] = [];
      h = {
        sim,
        control,
        saved,
        async connector(credentials?: Record<string, string>, context?: (base: ConnectorContext) => ConnectorContext) {
          let creds = credentials ?? (await control.credentials());
          const secrets = Object.values(creds);
          const options: HttpClientOptions = {
            baseUrl: sim.baseUrl,
            // A fresh account per connector: rate buckets and refresh locks are per account key.
            accountKey: `conformance:${subject.kind}:${++accounts}`,
            rateLimits: subject.connector.rateLimits,
            classify: subject.connector.classify,
            secrets: () => secrets,
            retry: { maxAttempts: 12, baseDelayMs: 10, maxDelayMs: 250 },
          };
          // A module with `auth` gets its tokens as the engine gives them: obtained from the
          // credentials, renewed when refused, a rotated refresh token handed to the host once.
          const auth = subject.connector.auth;
          const tokens = auth
            ? accountAuth({
                auth,
                tokens: memoryTokens(options.accountKey, { auth, credentials: () => creds, save: async (c) => void ((creds = c), saved.push(c), secrets.push(...Object.values(c))) }),
                http: createHttpClient(options),
                credentials: () => creds,
                settings: () => ({}),
                baseUrl: sim.baseUrl,
              })
            : undefined;
          const http = createHttpClient({ ...options, auth: tokens });
          const ctx: ConnectorContext = {
            baseUrl: sim.baseUrl,
            credentials: creds,
            marketplaceId: null,
            currency: subject.currency,
            http,
            saveCredentials: async (c) => void saved.push(c),
            now: () => new Date(),
          };
          const connector = subject.connector.create(subject.kind, context ? context(ctx) : ctx);
          return subject.prepareListing ? preparing(connector, (d) => subject.prepareListing!(d, control)) : connector;
        },
      };
    });

    afterAll(async () => {
      await h?.sim.stop();
    });

    beforeEach(async () => {
      await h.control.reset();
      h.saved.length = 0;
    });

    const listingOf = async (sku: string) => {
      const found = (await h.control.listings()).filter((l) => l.sku === sku);
      expect(found).toHaveLength(1);
      return found[0];
    };

    const publish = async (connector: Connector, n: number, prefix: string): Promise<ListingRef[]> => {
      const refs: ListingRef[] = [];
      for (let i = 0; i < n; i++) {
        const draft = fixtures.listing(`${prefix}-${i}`, i);
        refs.push(await settledRef(connector, draft.sku, await connector.publishListing(draft)));
      }
      return refs;
    };

    it('given a draft when it is published, updated and delisted then the marketplace shows each step', async () => {
      const connector = await h.connector();
      await connector.checkCredentials();
      const draft = fixtures.listing('CONF-PUB-1', 1);
      const ref = await settledRef(connector, draft.sku, await connector.publishListing(draft));
      expect(ref.sku).toBe(draft.sku);
      expect(ref.itemId).toMatch(/\S/);
      let listing = await listingOf(draft.sku);
      expect(listing.quantity).toBe(draft.quantity);
      expect(sameAmount(listing.price, draft.price)).toBe(true);
      expect(active(listing)).toBe(true);

      const updated = await settledRef(connector, draft.sku, await connector.updateListing(ref, { ...draft, price: '88.80', quantity: draft.quantity + 5 }));
      expect(updated.itemId).toBe(ref.itemId);
      listing = await listingOf(draft.sku);
      expect(listing.quantity).toBe(draft.quantity + 5);
      expect(sameAmount(listing.price, '88.80')).toBe(true);

      await settledVoid(connector, await connector.delistListing(updated));
      expect(active(await listingOf(draft.sku))).toBe(false);

      const [remote] = await connector.fetchListings([updated]);
      expect(remote).toMatchObject({ quantity: draft.quantity + 5, active: false });
    });

    it('given published listings when stock and prices are pushed then the marketplace shows the new values, per item', async () => {
      const connector = await h.connector();
      const refs = await publish(connector, 3, 'CONF-PUSH');
      const stock = await connector.pushStock(refs.map((ref, i) => ({ ref, quantity: 40 + i })));
      expect(stock).toEqual(refs.map((r) => ({ sku: r.sku, ok: true })));
      const prices = await connector.pushPrice(refs.map((ref, i) => ({ ref, price: `1${i}.50`, currency: subject.currency })));
      expect(prices).toEqual(refs.map((r) => ({ sku: r.sku, ok: true })));
      for (const [i, ref] of refs.entries()) {
        const listing = await listingOf(ref.sku);
        expect(listing.quantity).toBe(40 + i);
        expect(sameAmount(listing.price, `1${i}.50`)).toBe(true);
      }
      const remote = await connector.fetchListings(refs);
      expect(remote.map((r) => [r.ref.sku, r.quantity, r.active])).toEqual(refs.map((r, i) => [r.sku, 40 + i, true]));

      // One item that does not exist fails alone; the others still land.
      const ghost: ListingRef = { ...refs[0], sku: 'CONF-GHOST', itemId: '999999999999', skuId: '999999999999' };
      const mixed = await connector.pushStock([{ ref: refs[1], quantity: 7 }, { ref: ghost, quantity: 1 }]);
      expect(mixed[0]).toEqual({ sku: refs[1].sku, ok: true });
      expect(mixed[1]).toMatchObject({ sku: 'CONF-GHOST', ok: false, error: { kind: 'PERMANENT' } });
      expect((await listingOf(refs[1].sku)).quantity).toBe(7);
    });

    it('given more orders than a page when pulled from scratch and then incrementally then each arrives once and none is missed', async () => {
      const connector = await h.connector();
      const skus = ['CONF-ORD-A', 'CONF-ORD-B'];
      const first = Array.from({ length: 230 }, (_, i) => fixtures.order(i, i % 3 === 0 ? skus : [skus[i % 2]]));
      for (const o of first) await h.control.addOrder(o.body);
      const pulled = await pullAll(connector, null);
      expect(pulled.orders.filter((o) => !o.ok)).toEqual([]);
      const seen = dedupe(pulled.orders);
      expect([...seen.keys()].sort()).toEqual(first.map((o) => o.externalId).sort());
      expect(seen.get(first[0].externalId!)!.lines).toHaveLength(2);

      // Changes after the first pull: new orders, and some old ones shipped.
      const later = Array.from({ length: 3 }, (_, i) => fixtures.order(1000 + i, [skus[0]]));
      for (const o of later) await h.control.addOrder(o.body);
      const shipped = first.slice(0, 5).map((o) => o.externalId!);
      for (const id of shipped) await h.control.setOrderStatus(id, fixtures.shippedStatus.marketplace);
      const next = await pullAll(connector, pulled.cursor);
      const changed = dedupe(next.orders);
      for (const o of later) expect(changed.has(o.externalId!)).toBe(true);
      for (const id of shipped) expect(changed.get(id)?.status).toBe(fixtures.shippedStatus.unified);
      // Windows may overlap (orders seen again are fine: the intake is idempotent), but nothing unknown appears.
      const known = new Set([...first, ...later].map((o) => o.externalId));
      expect([...changed.keys()].filter((id) => !known.has(id))).toEqual([]);
    });

    it('given 250 orders when some change while the window is walked then every order is imported once and none is missing', async () => {
      // An order that changes while a pull pages through the orders moves in the marketplace's
      // list (a list sorted by modified time puts it first or drops it from the window being read):
      // pages read by offset then shift, and a connector that walks them naively skips an order.
      const connector = await h.connector();
      const orders = Array.from({ length: 250 }, (_, i) => fixtures.order(3000 + i, ['CONF-WALK']));
      for (const o of orders) await h.control.addOrder(o.body);
      const imported = new Map<string, OrderDto>();
      const take = (page: PulledOrder[]) => {
        for (const o of page) if (o.ok) imported.set(o.order.externalId, o.order);
      };
      let cursor: Cursor | null = null;
      let changed: string[] | null = null;
      for (let calls = 1; ; calls++) {
        if (calls > 1000) throw new Error('pullOrders did not catch up within 1000 calls');
        const page = await connector.pullOrders(cursor);
        expect(page.orders.filter((o) => !o.ok)).toEqual([]);
        take(page.orders);
        cursor = JSON.parse(JSON.stringify(page.nextCursor)) as Cursor;
        if (!changed && page.orders.length) {
          // Marketplaces stamp changes in whole seconds: the change lands after the second the page was read in.
          await new Promise((resolve) => setTimeout(resolve, 1100));
          changed = page.orders.flatMap((o) => (o.ok ? [o.order.externalId] : [])).slice(0, 5);
          for (const id of changed) await h.control.setOrderStatus(id, fixtures.shippedStatus.marketplace);
        }
        if (page.done) break;
      }
      expect(changed).toHaveLength(5);
      expect([...imported.keys()].sort()).toEqual(orders.map((o) => o.externalId).sort());
      // The changes themselves arrive, at the latest with the next pull.
      take((await pullAll(connector, cursor)).orders);
      for (const id of changed!) expect(imported.get(id)?.status).toBe(fixtures.shippedStatus.unified);
      expect(imported.size).toBe(250);
    });

    it('given a paid order when a shipment is pushed (and pushed again) then the marketplace records the tracking number once', async () => {
      const connector = await h.connector();
      const whole = fixtures.order(1, ['CONF-SHIP-A']);
      const split = fixtures.order(2, ['CONF-SHIP-A', 'CONF-SHIP-B']);
      await h.control.addOrder(whole.body);
      await h.control.addOrder(split.body);
      const orders = dedupe((await pullAll(connector, null)).orders);

      await connector.pushShipment({ orderExternalId: whole.externalId!, carrier: fixtures.carrier, trackingNumber: 'CONF0000000001', shippedAt: new Date() });
      const line = orders.get(split.externalId!)!.lines[0].externalLineId;
      await connector.pushShipment({ orderExternalId: split.externalId!, externalLineIds: [line], carrier: fixtures.carrier, trackingNumber: 'CONF0000000002', shippedAt: new Date() });

      // Sent again, as after an answer that never arrived: done, and the marketplace holds it once.
      await connector.pushShipment({ orderExternalId: whole.externalId!, carrier: fixtures.carrier, trackingNumber: 'CONF0000000001', shippedAt: new Date() });

      const shipments = JSON.stringify(await h.control.shipments());
      expect(shipments.split('CONF0000000001').length - 1).toBe(1);
      expect(shipments).toContain('CONF0000000002');
      const all = await connector.getOrder(whole.externalId!);
      expect(all.ok && all.order.status).toBe('SHIPPED');
      const partly = await connector.getOrder(split.externalId!);
      expect(partly.ok && partly.order.status).toBe('PARTIALLY_SHIPPED');
    });

    it('given 30% of calls throttled when publishing, pushing and pulling then the end state is the same as without', async () => {
      const connector = await h.connector();
      const orders = Array.from({ length: 120 }, (_, i) => fixtures.order(i, ['CONF-429']));
      for (const o of orders) await h.control.addOrder(o.body);
      await h.control.faults({ rate429: 0.3 });
      try {
        const refs = await publish(connector, 3, 'CONF-429');
        expect(await connector.pushStock(refs.map((ref) => ({ ref, quantity: 9 })))).toEqual(refs.map((r) => ({ sku: r.sku, ok: true })));
        const pulled = dedupe((await pullAll(connector, null)).orders);
        expect([...pulled.keys()].sort()).toEqual(orders.map((o) => o.externalId).sort());
      } finally {
        await h.control.faults({ rate429: 0 });
      }
      for (let i = 0; i < 3; i++) expect((await listingOf(`CONF-429-${i}`)).quantity).toBe(9);
    });

    it('given expired credentials when the connector calls then it refreshes them (and saves them) or reports AuthFailedError', async () => {
      const credentials = await h.control.credentials();
      const connector = await h.connector(credentials);
      await connector.checkCredentials();
      await h.control.faults({ expireTokens: true });
      let failure: unknown = null;
      try {
        await connector.checkCredentials();
      } catch (e) {
        failure = e;
      }
      if (failure) {
        expect(failure).toBeInstanceOf(AuthFailedError);
      } else if (subject.connector.auth && h.saved.length === 0) {
        // A module with `auth` on a marketplace that does not rotate its refresh token (eBay, Amazon
        // LWA): the new access token lives in the host's memory and there is nothing to save; the
        // stored credentials keep working, here and in a new connector.
        await connector.checkCredentials();
        await (await h.connector(credentials)).checkCredentials();
      } else {
        // Refreshed: the new credentials were handed to the host and keep working, here and in a new connector.
        expect(h.saved.length).toBeGreaterThan(0);
        const latest = h.saved[h.saved.length - 1];
        expect(latest).not.toEqual(credentials);
        await connector.checkCredentials();
        await (await h.connector(latest)).checkCredentials();
      }

      // Without the means to refresh, expiry must surface as AuthFailedError (the channel stops until someone acts).
      await h.control.reset();
      const bare = await h.connector(fixtures.withoutRefresh(await h.control.credentials()));
      await h.control.faults({ expireTokens: true });
      await expect(bare.checkCredentials()).rejects.toBeInstanceOf(AuthFailedError);
    });

    it('given a malformed order among good ones when pulled then it is quarantined and the rest of the page imports', async () => {
      const connector = await h.connector();
      const good = Array.from({ length: 4 }, (_, i) => fixtures.order(i, ['CONF-BAD']));
      const bad = fixtures.malformedOrder(99);
      await h.control.addOrder(good[0].body);
      await h.control.addOrder(good[1].body);
      await h.control.addOrder(bad.body);
      await h.control.addOrder(good[2].body);
      await h.control.addOrder(good[3].body);
      const { orders } = await pullAll(connector, null);
      expect([...dedupe(orders).keys()].sort()).toEqual(good.map((o) => o.externalId).sort());
      const quarantined = orders.filter((o): o is Extract<PulledOrder, { ok: false }> => !o.ok);
      expect(quarantined.length).toBeGreaterThan(0);
      for (const q of quarantined) {
        expect(q.externalId).toBe(bad.externalId);
        expect(q.raw).toBeTruthy();
        expect(q.error).toMatch(/\S/);
      }
    });

    // The cases of cases.ts, each a function of the subject and the harness.
    const caseSubject = { name: subject.name, capabilities: subject.connector.capabilities, marketplacesPerChannel: subject.connector.marketplacesPerChannel, fixtures, active };
    returnsCase(caseSubject, () => h);
    afterCommitCase(caseSubject, () => h, 'error500AfterCommit');
    afterCommitCase(caseSubject, () => h, 'lostAnswer');
    severalMarketplacesCase(caseSubject, () => h);
    listingContractCases({ ...caseSubject, module: subject.connector, kind: subject.kind, currency: subject.currency }, () => h);
  });
}
