import { PermanentError } from '../errors';
import type { Connector, ConnectorContext, ConnectorModule, Cursor, ListingDraft, ListingGroup, ListingOutcome, ListingRef, OrderDto, PulledOrder } from '../types';
import type { SimControl, SimListing } from './sim-control';
import { isSubmission, pollUntilDone } from './submissions';

/**
 * Conformance cases of the listing and shipment contract (issue 12): a variation group
 * published and updated (for a module whose `listingModel.variationGroups` is true), a parcel
 * pushed with its lines' units, and an asynchronous submission polled to its end, from the
 * stored handle, by another connector, as the engine's poll job does after a restart (for a
 * module whose `listingModel.asynchronousWrites` is true). A case that does not apply says why
 * and checks the module agrees (a connector with `publishGroup` or `pollSubmission` must declare
 * them, or the engine never calls them).
 */

export interface ListingCaseSubject {
  name: string;
  module: ConnectorModule;
  kind: string;
  currency: string;
  fixtures: {
    listing(sku: string, i: number): ListingDraft;
    order(i: number, skus: string[]): { externalId: string | null; body: string };
    carrier: string;
    /**
     * How the marketplace ships an order line: `UNITS` (some of its units in one parcel, the rest
     * in another: eBay, Amazon) or `WHOLE` (a line ships whole and a parcel with part of it is
     * refused: TOP sub-orders).
     */
    lineUnits?: 'UNITS' | 'WHOLE';
    /** A draft the marketplace refuses (e.g. a category it does not have), to see a refusal reach its SKU. */
    refusedListing?(sku: string, i: number): ListingDraft;
  };
  active(listing: SimListing): boolean;
}

export interface ListingCaseHarness {
  control: SimControl;
  connector(credentials?: Record<string, string>, context?: (base: ConnectorContext) => ConnectorContext): Promise<Connector>;
}

const COLOURS = ['Red', 'Blue', 'Green'];

/** The drafts of a three-SKU group (one product in three colours) and the group they share. */
function groupOf(subject: ListingCaseSubject, key: string, prefix: string): { group: ListingGroup; drafts: ListingDraft[] } {
  const skus = COLOURS.map((c) => `${prefix}-${c.toUpperCase()}`);
  const base = subject.fixtures.listing(skus[0], 0);
  const group: ListingGroup = {
    key,
    title: `${base.title} (group)`,
    description: base.description ?? null,
    locale: base.locale ?? 'en-US',
    imageUrls: base.imageUrls ?? [],
    options: [{ name: 'Colour', values: COLOURS }],
    skus,
  };
  const drafts = skus.map((sku, i) => ({ ...subject.fixtures.listing(sku, i), options: [{ name: 'Colour', value: COLOURS[i] }], group }));
  return { group, drafts };
}

/** The outcomes of a group write, polled to the end when it is a submission. */
async function outcomesOf(connector: Connector, answer: ListingOutcome[] | import('../types').Submission): Promise<ListingOutcome[]> {
  return isSubmission(answer) ? pollUntilDone(connector, answer) : answer;
}

function refsOf(outcomes: ListingOutcome[], skus: string[]): ListingRef[] {
  return skus.map((sku) => {
    const o = outcomes.find((x) => x.sku === sku);
    if (!o || !o.ok) throw new Error(`${sku} was not accepted: ${JSON.stringify(o)}`);
    if (!o.ref) throw new Error(`${sku} was accepted without a ref`);
    return o.ref;
  });
}

/** A variation group is published as one item: each SKU once on the marketplace, with its own ref; published again, updated in place. */
export function groupPublishCase(subject: ListingCaseSubject, harness: () => ListingCaseHarness): void {
  if (!subject.module.listingModel?.variationGroups) {
    it(`given a product's SKUs when published as a variation group then each is one SKU of one item — not applicable: ${subject.name} publishes each SKU alone (listingModel.variationGroups not set)`, async () => {
      // A publishGroup the engine would never call is a mistake in the module's declaration.
      expect(typeof (await harness().connector()).publishGroup).toBe('undefined');
    });
    return;
  }
  it("given a product's SKUs when published as a variation group and published again with new prices then each SKU is on the marketplace once, with its own ref, updated in place", async () => {
    const h = harness();
    const connector = await h.connector();
    expect(typeof connector.publishGroup).toBe('function');
    const { group, drafts } = groupOf(subject, 'CONF-GROUP-1', 'CONF-GRP');
    const first = await outcomesOf(connector, await connector.publishGroup!(group, drafts.map((draft) => ({ draft, ref: null }))));
    const refs = refsOf(first, group.skus);
    expect(refs.map((r) => r.sku)).toEqual(group.skus);
    for (const [i, d] of drafts.entries()) {
      const mine = (await h.control.listings()).filter((l) => l.sku === d.sku);
      expect({ sku: d.sku, count: mine.length }).toEqual({ sku: d.sku, count: 1 });
      expect(mine[0].quantity).toBe(d.quantity);
      expect(subject.active(mine[0])).toBe(true);
      expect(refs[i].sku).toBe(d.sku);
    }

    const again = await outcomesOf(connector, await connector.publishGroup!(group, drafts.map((draft, i) => ({ draft: { ...draft, price: `7${i}.50` }, ref: refs[i] }))));
    expect(refsOf(again, group.skus).map((r) => r.itemId)).toEqual(refs.map((r) => r.itemId));
    const remote = await connector.fetchListings(refs);
    expect(remote.map((r) => [r.ref.sku, r.price.replace(/0+$/, '').replace(/\.$/, '')])).toEqual(group.skus.map((sku, i) => [sku, `7${i}.5`]));
    for (const d of drafts) expect((await h.control.listings()).filter((l) => l.sku === d.sku)).toHaveLength(1);
  });
}

async function pullOne(connector: Connector, externalId: string): Promise<OrderDto> {
  let cursor: Cursor | null = null;
  for (let calls = 0; calls < 200; calls++) {
    const page = await connector.pullOrders(cursor);
    const hit = page.orders.find((o): o is Extract<PulledOrder, { ok: true }> => o.ok && o.order.externalId === externalId);
    if (hit) return hit.order;
    cursor = JSON.parse(JSON.stringify(page.nextCursor)) as Cursor;
    if (page.done) break;
  }
  throw new Error(`order ${externalId} was not pulled`);
}

async function statusOf(connector: Connector, externalId: string): Promise<string> {
  const o = await connector.getOrder(externalId);
  if (!o.ok) throw new Error(`order ${externalId} could not be mapped: ${o.error}`);
  return o.order.status;
}

/** Parcels with line quantities: the marketplace records the lines and units each holds. */
export function shipmentLinesCase(subject: ListingCaseSubject, harness: () => ListingCaseHarness): void {
  if (!subject.module.capabilities.includes('shipments.push')) {
    it(`given a parcel with line quantities when pushed then the marketplace records its lines — not applicable: ${subject.name} does not declare shipments.push`, () => {
      expect(subject.fixtures.lineUnits).toBeUndefined();
    });
    return;
  }
  it('given a paid order of two lines when each line ships in a parcel of its own, with its units, then the order is partly and then wholly shipped, each parcel once', async () => {
    const h = harness();
    const connector = await h.connector();
    const fixture = subject.fixtures.order(41, ['CONF-LINES-A', 'CONF-LINES-B']);
    await h.control.addOrder(fixture.body);
    const order = await pullOne(connector, fixture.externalId!);
    expect(order.lines).toHaveLength(2);
    const [a, b] = order.lines;
    const parcel = (line: typeof a, tracking: string) => ({
      orderExternalId: order.externalId,
      externalLineIds: [line.externalLineId],
      lines: [{ externalLineId: line.externalLineId, quantity: line.quantity }],
      carrier: subject.fixtures.carrier,
      trackingNumber: tracking,
      shippedAt: new Date(),
      parcelId: `SH-${tracking}`,
    });
    await connector.pushShipment(parcel(b, 'CONFLINES0001'));
    expect(await statusOf(connector, order.externalId)).toBe('PARTIALLY_SHIPPED');
    // Sent again after a lost answer: recorded once.
    await connector.pushShipment(parcel(b, 'CONFLINES0001'));
    await connector.pushShipment(parcel(a, 'CONFLINES0002'));
    expect(await statusOf(connector, order.externalId)).toBe('SHIPPED');
    const shipments = JSON.stringify(await h.control.shipments());
    expect(shipments.split('CONFLINES0001').length - 1).toBe(1);
    expect(shipments.split('CONFLINES0002').length - 1).toBe(1);
  });

  const units = subject.fixtures.lineUnits;
  if (!units) {
    // Without the fixture the suite cannot know what to expect: a failing test says what to give.
    it('given a line of two units when one ships alone then the marketplace ships units or refuses the part', () => {
      throw new Error(`${subject.name}: give fixtures.lineUnits (UNITS or WHOLE) so the suite can check partial lines`);
    });
    return;
  }
  it(
    units === 'UNITS'
      ? 'given a line of two units when they ship in two parcels then the line is partly and then wholly shipped'
      : 'given a line of two units when one ships alone then the parcel is refused as PERMANENT and nothing is recorded (lines ship whole)',
    async () => {
      const h = harness();
      const connector = await h.connector();
      const fixture = subject.fixtures.order(42, ['CONF-UNITS-A', 'CONF-UNITS-B']);
      await h.control.addOrder(fixture.body);
      const order = await pullOne(connector, fixture.externalId!);
      const two = order.lines.find((l) => l.quantity >= 2);
      expect(two).toBeDefined();
      const part = (tracking: string, quantity: number) =>
        connector.pushShipment({
          orderExternalId: order.externalId,
          externalLineIds: [two!.externalLineId],
          lines: [{ externalLineId: two!.externalLineId, quantity }],
          carrier: subject.fixtures.carrier,
          trackingNumber: tracking,
          shippedAt: new Date(),
          parcelId: `SH-${tracking}`,
        });
      if (units === 'WHOLE') {
        await expect(part('CONFUNITS0001', 1)).rejects.toBeInstanceOf(PermanentError);
        expect(JSON.stringify(await h.control.shipments())).not.toContain('CONFUNITS0001');
        expect(await statusOf(connector, order.externalId)).toBe('PAID');
        return;
      }
      await part('CONFUNITS0001', 1);
      expect(await statusOf(connector, order.externalId)).toBe('PARTIALLY_SHIPPED');
      await part('CONFUNITS0002', two!.quantity - 1);
      const others = order.lines.filter((l) => l !== two);
      await connector.pushShipment({
        orderExternalId: order.externalId,
        externalLineIds: others.map((l) => l.externalLineId),
        lines: others.map((l) => ({ externalLineId: l.externalLineId, quantity: l.quantity })),
        carrier: subject.fixtures.carrier,
        trackingNumber: 'CONFUNITS0003',
        shippedAt: new Date(),
      });
      expect(await statusOf(connector, order.externalId)).toBe('SHIPPED');
    },
  );
}

/**
 * An asynchronous submission: a write answered with a handle is polled, from the handle stored
 * as JSON, by another connector on the account (a worker after a restart), until every SKU has
 * its outcome; what was accepted is on the marketplace, what was refused carries its error.
 */
export function asynchronousSubmissionCase(subject: ListingCaseSubject, harness: () => ListingCaseHarness): void {
  if (!subject.module.listingModel?.asynchronousWrites) {
    it(`given a write answered with a submission when it is polled then each SKU ends accepted or refused — not applicable: ${subject.name} answers every write at once (listingModel.asynchronousWrites not set)`, async () => {
      expect(typeof (await harness().connector()).pollSubmission).toBe('undefined');
    });
    return;
  }
  it('given writes answered with a submission when another connector polls the stored handle then each SKU ends accepted (on the marketplace) or refused (with its error)', async () => {
    const h = harness();
    const connector = await h.connector();
    expect(typeof connector.pollSubmission).toBe('function');
    const groups = subject.module.listingModel?.variationGroups === true;
    const { group, drafts } = groupOf(subject, 'CONF-GROUP-ASYNC', 'CONF-ASYNC');
    const refused = subject.fixtures.refusedListing?.('CONF-ASYNC-REFUSED', 9);
    const answers = groups
      ? [await connector.publishGroup!(group, drafts.map((draft) => ({ draft, ref: null })))]
      : await Promise.all(drafts.map((d) => connector.publishListing(d)));
    const submissions = answers.filter(isSubmission);
    // The module declares asynchronous writes: these are written the way it answers later.
    expect(submissions.length).toBeGreaterThan(0);
    for (const s of submissions) {
      expect(JSON.parse(JSON.stringify(s.handle))).toEqual(s.handle);
      expect(s.skus.length).toBeGreaterThan(0);
    }
    // Another process polls what the first stored: a connector of its own, the handle from JSON.
    const other = await h.connector();
    const outcomes = (await Promise.all(submissions.map((s) => pollUntilDone(other, JSON.parse(JSON.stringify(s)))))).flat();
    for (const d of drafts) {
      const o = outcomes.find((x) => x.sku === d.sku) ?? (answers.find((a) => !isSubmission(a) && !Array.isArray(a) && (a as ListingRef).sku === d.sku) ? { sku: d.sku, ok: true } : undefined);
      expect({ sku: d.sku, ok: o?.ok }).toEqual({ sku: d.sku, ok: true });
      const mine = (await h.control.listings()).filter((l) => l.sku === d.sku);
      expect({ sku: d.sku, count: mine.length }).toEqual({ sku: d.sku, count: 1 });
    }
    if (!refused) return;
    const bad = groups
      ? await connector.publishGroup!({ ...group, key: 'CONF-GROUP-REFUSED', skus: [refused.sku] }, [{ draft: { ...refused, group: { ...group, key: 'CONF-GROUP-REFUSED', skus: [refused.sku] } }, ref: null }]).catch((e: unknown) => e)
      : await connector.publishListing(refused).catch((e: unknown) => e);
    if (bad instanceof PermanentError) return; // refused at once: as good as a refused outcome
    const badOutcomes = isSubmission(bad) ? await pollUntilDone(other, bad) : (bad as ListingOutcome[]);
    const mine = badOutcomes.find((x) => x.sku === refused.sku);
    expect(mine).toMatchObject({ sku: refused.sku, ok: false, error: { kind: 'PERMANENT', code: expect.stringMatching(/\S/) } });
  });
}

/** Every case of this file, as the suite calls them. */
export function listingContractCases(subject: ListingCaseSubject, harness: () => ListingCaseHarness): void {
  groupPublishCase(subject, harness);
  shipmentLinesCase(subject, harness);
  asynchronousSubmissionCase(subject, harness);
}
