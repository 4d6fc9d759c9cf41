// STATUS: done — the SDK's conformance suite runs against the AliExpress simulator with fixtures in
// AliExpress's own wire shape (fixtures/orders.ts); every case passes. Nothing left open here.
import { runConformanceSuite } from '../sdk/testkit';
import { aeListingDraft, aeMalformedOrderJson, aeOrderIdOf, aeOrderJson } from './fixtures/orders';
import { aliexpressConnector } from './index';
import { startAliExpressSimulator } from './simulator';

// The AliExpress connector against the simulated IOP gateway, over real HTTP on loopback.
runConformanceSuite({
  name: 'AliExpress',
  connector: aliexpressConnector,
  kind: 'ALIEXPRESS',
  // Seeded, so the throttled calls of the fault test are the same on every run; a limit well
  // above the suite's pace, so only the injected 429s throttle it.
  simulator: { start: () => startAliExpressSimulator({ seed: 20260214, callsPerSecond: 500, burst: 500 }) },
  currency: 'USD',
  // A product "on sale" on AliExpress is `onSelling`; the kit's default reading knows it.
  fixtures: {
    listing: (sku, i) => aeListingDraft(sku, i),
    // The data object of order.info.get, ids as bare 64-bit numbers, lists wrapped as AliExpress writes them.
    order: (i, skus) => ({ externalId: aeOrderIdOf(i), body: aeOrderJson(i, skus) }),
    malformedOrder: (i) => ({ externalId: aeOrderIdOf(i), body: aeMalformedOrderJson(i) }),
    shippedStatus: { marketplace: 'WAIT_BUYER_ACCEPT_GOODS', unified: 'SHIPPED' },
    carrier: 'CAINIAO_STANDARD',
    // order.fulfill takes no lines: a parcel with some units of a line goes as `part`, the last one as `all`.
    lineUnits: 'UNITS',
    // A category AliExpress does not have is refused for the SKU.
    refusedListing: (sku, i) => ({ ...aeListingDraft(sku, i), categoryId: '1' }),
    withoutRefresh(credentials) {
      const { refreshToken: _refreshToken, authCode: _authCode, ...rest } = credentials;
      return rest;
    },
  },
});
