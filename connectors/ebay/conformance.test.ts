import { runConformanceSuite } from '../sdk/testkit';
import { ebayListingDraft, ebayMalformedOrderJson, ebayOrderIdOf, ebayOrderJson } from './fixtures/orders';
import { ebayConnector } from './index';
import { EBAY_SITES } from './marketplaces';
import { startEbaySimulator } from './simulator';

// The eBay connector against the simulated Sell APIs, over real HTTP on loopback; every exchange
// is also checked against eBay's OpenAPI contracts by the simulator's recorder.
runConformanceSuite({
  name: 'eBay',
  connector: ebayConnector,
  kind: 'EBAY',
  // Seeded, so the throttled calls of the fault test are the same on every run; a limit well
  // above the suite's pace, so only the injected 429s throttle it.
  simulator: { start: () => startEbaySimulator({ seed: 20260215, callsPerSecond: 500, burst: 500 }) },
  currency: 'USD',
  fixtures: {
    listing: (sku, i) => ebayListingDraft(sku, i),
    // One Order of the Fulfillment API, as getOrders returns it.
    order: (i, skus) => ({ externalId: ebayOrderIdOf(i), body: ebayOrderJson(i, skus) }),
    malformedOrder: (i) => ({ externalId: ebayOrderIdOf(i), body: ebayMalformedOrderJson(i) }),
    shippedStatus: { marketplace: 'FULFILLED', unified: 'SHIPPED' },
    carrier: 'USPS',
    // createShippingFulfillment takes each line's quantity: a line's units may leave in several packages.
    lineUnits: 'UNITS',
    withoutRefresh(credentials) {
      const { refreshToken: _refreshToken, ...rest } = credentials;
      return rest;
    },
    // One seller account on the US, German and British sites: orders of each come through one channel.
    severalMarketplaces: {
      marketplaceIds: ['EBAY_US', 'EBAY_DE', 'EBAY_GB'],
      context: (base, ids) => ({ ...base, marketplaceId: ids[0], marketplaces: ids.map((id) => EBAY_SITES.find((s) => s.id === id)!) }),
      order: (i, skus, marketplaceId) => ({ externalId: ebayOrderIdOf(i), body: ebayOrderJson(i, skus, marketplaceId) }),
      marketplaceOf: (order) => order.marketplaceId,
    },
  },
});
