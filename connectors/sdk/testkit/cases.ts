import { isMarketplaceError } from '../errors';
import type { Connector, ConnectorContext, Cursor, ListingDraft, ListingRef, OrderDto, PulledOrder, ReturnDto, StockUpdate } from '../types';
import type { SimControl, SimListing } from './sim-control';
import { settledRef } from './submissions';

/**
 * Conformance cases beside the core suite (index.ts), each a function the suite calls inside
 * its describe: returns, calls that take effect and then fail (a 5xx after commit, an answer
 * lost), and a channel covering several marketplaces. They drive the connector the way the
 * sync engine does: a retryable failure is tried again, a create whose answer may have been
 * lost looks for what it made first (`findListing`), and a pull goes on from the saved cursor.
 */

/** An order in the marketplace's own shape (see ConformanceSubject.fixtures.order). */
export interface OrderFixtureLike {
  externalId: string | null;
  body: string;
}

/** A return or refund in the marketplace's own shape, as its simulator's control route takes it. */
export interface ReturnFixture {
  /** The id the connector must report as `externalId`. */
  externalId: string;
  /** JSON text of the marketplace's return (ids written as the marketplace writes them). */
  body: string;
}

/** What the returns case needs. */
export interface ReturnsFixtures {
  /** The control route that adds one; default `/__sim/returns` (Taobao: `/__sim/refunds`). */
  path?: string;
  /** The i-th return: a refund requested for `order` (pulled already, so its line ids are known). */
  returnOf(i: number, order: OrderDto): ReturnFixture;
}

/** What the several-marketplaces case needs, for a module whose channels may cover several. */
export interface SeveralMarketplacesFixtures {
  /** Two or more marketplaces one account of the simulator sells on (e.g. ['US', 'CA', 'MX']). */
  marketplaceIds: string[];
  /** The context of one channel covering all of them, from the one the suite builds. */
  context(base: ConnectorContext, marketplaceIds: string[]): ConnectorContext;
  /** The i-th order, placed on `marketplaceId`, one line per SKU. */
  order(i: number, skus: string[], marketplaceId: string): OrderFixtureLike;
  /** Which marketplace a pulled order says it was placed on. */
  marketplaceOf(order: OrderDto): string | null | undefined;
}

/** What the cases need of the suite: its subject's parts and its harness. */
export interface CaseSubject {
  name: string;
  capabilities: readonly string[];
  marketplacesPerChannel?: 'ONE' | 'SEVERAL';
  fixtures: {
    listing(sku: string, i: number): ListingDraft;
    order(i: number, skus: string[]): OrderFixtureLike;
    carrier: string;
    returns?: ReturnsFixtures;
    severalMarketplaces?: SeveralMarketplacesFixtures;
  };
  active(listing: SimListing): boolean;
}

export interface CaseHarness {
  control: SimControl;
  /** A connector on the simulator; `context` adapts the context the suite builds. */
  connector(credentials?: Record<string, string>, context?: (base: ConnectorContext) => ConnectorContext): Promise<Connector>;
}

/** True for what the engine tries again: the marketplace's or the network's fault, or a throttle. */
function retryable(e: unknown): boolean {
  return isMarketplaceError(e) && (e.kind === 'RETRYABLE' || e.kind === 'RATE_LIMITED');
}

/** Runs `work` as a job would, tried again after a retryable failure (`attempt` counts from 0). */
export async function asTheEngine<T>(work: (attempt: number) => Promise<T>, attempts = 12): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await work(attempt);
    } catch (e) {
      if (!retryable(e) || attempt + 1 >= attempts) throw e;
    }
  }
}

/**
 * Publishes as the listing job does: after a failed attempt the create may have happened
 * anyway, so a connector with `findListing` is asked first and what it finds is updated.
 */
export async function publishAsTheEngine(connector: Connector, draft: ListingDraft): Promise<ListingRef> {
  const since = new Date(Date.now() - 10 * 60 * 1000);
  return asTheEngine(async (attempt) => {
    const found = attempt > 0 && connector.findListing ? await connector.findListing(draft.sku, since) : null;
    return settledRef(connector, draft.sku, await (found ? connector.updateListing(found, draft) : connector.publishListing(draft)));
  });
}

/** Pushes absolute quantities until every item is accepted, as the stock job's retries do; a refusal for good fails. */
export async function pushStockAsTheEngine(connector: Connector, updates: StockUpdate[], attempts = 12): Promise<void> {
  let pending = updates;
  for (let attempt = 0; pending.length; attempt++) {
    if (attempt >= attempts) throw new Error(`${pending.length} stock updates still not accepted after ${attempts} attempts`);
    let results;
    try {
      results = await connector.pushStock(pending);
    } catch (e) {
      if (retryable(e)) continue;
      throw e;
    }
    const refused = results.filter((r) => !r.ok && r.error.kind === 'PERMANENT');
    if (refused.length) throw new Error(`stock refused for good: ${JSON.stringify(refused)}`);
    pending = pending.filter((_, i) => !results[i].ok);
  }
}

/** Pulls until caught up, starting again from the last saved cursor after a retryable failure (the orders job's way). */
export async function pullAllAsTheEngine<T>(pull: (cursor: Cursor | null) => Promise<{ items: T[]; nextCursor: Cursor; done: boolean }>, cursor: Cursor | null, maxPages = 1000): Promise<{ items: T[]; cursor: Cursor | null }> {
  const items: T[] = [];
  for (let pages = 0; pages < maxPages; pages++) {
    const page = await asTheEngine(() => pull(cursor));
    items.push(...page.items);
    cursor = JSON.parse(JSON.stringify(page.nextCursor)) as Cursor;
    if (page.done) return { items, cursor };
  }
  throw new Error(`the pull did not catch up within ${maxPages} pages`);
}

const ordersOf = (c: Connector) => async (cursor: Cursor | null) => {
  const p = await c.pullOrders(cursor);
  return { items: p.orders, nextCursor: p.nextCursor, done: p.done };
};
const returnsOf = (c: Connector) => async (cursor: Cursor | null) => {
  const p = await c.pullReturns(cursor);
  return { items: p.returns, nextCursor: p.nextCursor, done: p.done };
};

function mapped(orders: PulledOrder[]): Map<string, OrderDto> {
  const out = new Map<string, OrderDto>();
  for (const o of orders) if (o.ok) out.set(o.order.externalId, o.order);
  return out;
}

/**
 * Returns: refunds asked for on pulled orders come in through pullReturns, each once, tied to
 * its order, and a later one arrives incrementally from the saved cursor.
 */
export function returnsCase(subject: CaseSubject, harness: () => CaseHarness): void {
  const fixtures = subject.fixtures.returns;
  if (!subject.capabilities.includes('returns.pull')) {
    it(`given returns asked for on orders when pulled then each arrives once — not applicable: ${subject.name} does not declare returns.pull, so the engine never pulls them`, () => {
      // A module that pulls no returns must not ask the suite for return fixtures either.
      expect(fixtures).toBeUndefined();
    });
    return;
  }
  if (!fixtures) {
    // Declaring the capability without fixtures is a gap in the connector's tests: it fails, not skips.
    it('given returns asked for on orders when pulled then each arrives once, tied to its order', () => {
      throw new Error(`${subject.name} declares returns.pull: give fixtures.returns so the suite can check it`);
    });
    return;
  }
  it('given returns asked for on orders when pulled from scratch and then incrementally then each arrives once, tied to its order', async () => {
    const h = harness();
    const connector = await h.connector();
    const orders = Array.from({ length: 3 }, (_, i) => subject.fixtures.order(500 + i, ['CONF-RET-A', 'CONF-RET-B']));
    for (const o of orders) await h.control.addOrder(o.body);
    const pulled = mapped((await pullAllAsTheEngine(ordersOf(connector), null)).items);
    const first = [0, 1].map((k) => fixtures.returnOf(k, pulled.get(orders[k].externalId!)!));
    for (const r of first) await h.control.addReturn(r.body, fixtures.path);

    const scratch = await pullAllAsTheEngine(returnsOf(connector), null);
    const seen = new Map<string, ReturnDto>(scratch.items.map((r) => [r.externalId, r]));
    expect([...seen.keys()].sort()).toEqual(first.map((r) => r.externalId).sort());
    first.forEach((r, k) => {
      const got = seen.get(r.externalId)!;
      expect(got.orderExternalId).toBe(orders[k].externalId);
      expect(got.modifiedAt).toBeInstanceOf(Date);
      expect(got.currency).toMatch(/^[A-Z]{3}$/);
      if (got.amount != null) expect(got.amount).toMatch(/^\d+(\.\d+)?$/);
      if (got.externalLineId != null) expect(pulled.get(orders[k].externalId!)!.lines.map((l) => l.externalLineId)).toContain(got.externalLineId);
    });

    const later = fixtures.returnOf(2, pulled.get(orders[2].externalId!)!);
    await h.control.addReturn(later.body, fixtures.path);
    const next = await pullAllAsTheEngine(returnsOf(connector), scratch.cursor);
    const ids = new Set(next.items.map((r) => r.externalId));
    expect(ids.has(later.externalId)).toBe(true);
    // Windows may overlap, but nothing unknown appears.
    const known = new Set([...first, later].map((r) => r.externalId));
    expect([...ids].filter((id) => !known.has(id))).toEqual([]);
  });
}

/**
 * Calls that took effect and then failed: with a share of the marketplace's successful calls
 * answered by a server fault (`error500AfterCommit`) or not answered at all (`lostAnswer`),
 * publishing, stock, shipments and pulls driven as the engine drives them end as without the
 * fault: each listing once, the quantities pushed, each parcel recorded once, every order
 * pulled.
 */
export function afterCommitCase(subject: CaseSubject, harness: () => CaseHarness, fault: 'error500AfterCommit' | 'lostAnswer'): void {
  const what = fault === 'lostAnswer' ? 'a third of the answers lost' : 'a third of the calls failing with a 5xx after they took effect';
  it(`given ${what} when publishing, pushing stock and shipments and pulling then nothing is done twice and nothing is missed`, async () => {
    const h = harness();
    const connector = await h.connector();
    const prefix = fault === 'lostAnswer' ? 'CONF-LOST' : 'CONF-5XX';
    const orders = Array.from({ length: 30 }, (_, i) => subject.fixtures.order(700 + i, [`${prefix}-0`]));
    for (const o of orders) await h.control.addOrder(o.body);
    const drafts = [0, 1, 2].map((i) => subject.fixtures.listing(`${prefix}-${i}`, i));

    await h.control.faults({ [fault]: 0.34 });
    let refs: ListingRef[];
    let pulled: PulledOrder[];
    try {
      refs = [];
      for (const d of drafts) refs.push(await publishAsTheEngine(connector, d));
      await pushStockAsTheEngine(connector, refs.map((ref, i) => ({ ref, quantity: 60 + i })));
      pulled = (await pullAllAsTheEngine(ordersOf(connector), null)).items;
      const byId = mapped(pulled);
      for (const [k, o] of orders.slice(0, 2).entries()) {
        const order = byId.get(o.externalId!)!;
        const parcel = { orderExternalId: order.externalId, carrier: subject.fixtures.carrier, trackingNumber: `${prefix}00000${k}`, shippedAt: new Date() };
        await asTheEngine(() => connector.pushShipment(parcel));
      }
    } finally {
      await h.control.faults({ [fault]: 0 });
    }

    const listings = await h.control.listings();
    for (const [i, d] of drafts.entries()) {
      const mine = listings.filter((l) => l.sku === d.sku);
      expect({ sku: d.sku, count: mine.length }).toEqual({ sku: d.sku, count: 1 });
      expect(mine[0].quantity).toBe(60 + i);
      expect(subject.active(mine[0])).toBe(true);
    }
    expect([...mapped(pulled).keys()].sort()).toEqual(orders.map((o) => o.externalId).sort());
    const shipments = JSON.stringify(await h.control.shipments());
    for (const k of [0, 1]) expect(shipments.split(`${prefix}00000${k}`).length - 1).toBe(1);
    // The fault struck: otherwise the case proved nothing.
    const log = await h.control.requests();
    expect(log.filter((e) => (fault === 'lostAnswer' ? e.lost : e.failedAfterCommit)).length).toBeGreaterThan(0);
  });
}

/**
 * One channel covering several marketplaces (one seller account and region: Amazon US + CA +
 * MX): orders placed on each come in through the one channel, each once, saying where they were
 * placed. A module whose channels serve one marketplace each says so, and the case does not apply.
 */
export function severalMarketplacesCase(subject: CaseSubject, harness: () => CaseHarness): void {
  const fixtures = subject.fixtures.severalMarketplaces;
  if (subject.marketplacesPerChannel !== 'SEVERAL') {
    const declared = subject.marketplacesPerChannel ? `marketplacesPerChannel: '${subject.marketplacesPerChannel}'` : "marketplacesPerChannel left out: 'ONE'";
    it(`given orders on several marketplaces of one channel when pulled then each arrives once, placed where it was — not applicable: ${subject.name} serves one marketplace per channel (${declared})`, () => {
      // Fixtures for several marketplaces on a module that serves one would never run: say so.
      expect(fixtures).toBeUndefined();
    });
    return;
  }
  it('given orders on several marketplaces of one channel when pulled then each arrives once, placed where it was', async () => {
    expect(fixtures?.marketplaceIds.length ?? 0).toBeGreaterThanOrEqual(2);
    const { marketplaceIds } = fixtures!;
    const h = harness();
    const connector = await h.connector(undefined, (base) => fixtures!.context(base, marketplaceIds));
    const placed = new Map<string, string>();
    let i = 900;
    for (const m of marketplaceIds) {
      for (let k = 0; k < 3; k++) {
        const o = fixtures!.order(i++, ['CONF-MKT-A'], m);
        await h.control.addOrder(o.body);
        placed.set(o.externalId!, m);
      }
    }
    const pulled = mapped((await pullAllAsTheEngine(ordersOf(connector), null)).items);
    expect([...pulled.keys()].sort()).toEqual([...placed.keys()].sort());
    for (const [id, m] of placed) expect({ id, marketplace: fixtures!.marketplaceOf(pulled.get(id)!) }).toEqual({ id, marketplace: m });
  });
}
