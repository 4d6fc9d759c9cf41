import { runConformanceSuite } from '../sdk/testkit';
import { CURRENCY, listingDraft, malformedOrderJson, orderIdOf, orderJson, returnIdOf, returnJson } from './fixtures/orders';
import { __NAME__Connector } from './index';
import { start__Name__Simulator } from './simulator';

// The __Name__ connector against its simulator, over real HTTP on loopback (`npm test` runs it).
runConformanceSuite({
  name: '__Name__',
  connector: __NAME__Connector,
  kind: '__KIND__',
  // Seeded, so the throttled calls of the fault test are the same on every run.
  simulator: { start: () => start__Name__Simulator({ seed: 20260115 }) },
  currency: CURRENCY,
  fixtures: {
    listing: listingDraft,
    order: (i, skus) => ({ externalId: orderIdOf(i), body: orderJson(i, skus) }),
    malformedOrder: (i) => ({ externalId: orderIdOf(i), body: malformedOrderJson(i) }),
    shippedStatus: { marketplace: 'SHIPPED', unified: 'SHIPPED' },
    carrier: 'UPS',
    // A line's units may ship in several parcels.
    lineUnits: 'UNITS',
    // A category __Name__ does not have: a group write refuses that SKU alone, when it is processed.
    refusedListing: (sku, i) => ({ ...listingDraft(sku, i), categoryId: 'shirts' }),
    withoutRefresh(credentials) {
      const rest = { ...credentials };
      delete rest.refreshToken;
      return rest;
    },
    returns: {
      returnOf: (i, order) => ({ externalId: returnIdOf(i), body: returnJson(i, order.externalId, order.lines[0]?.externalLineId ?? null) }),
    },
  },
});
