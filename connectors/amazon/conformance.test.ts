import { runConformanceSuite } from '../sdk/testkit';
import { amazonListingDraft, amazonMalformedOrderJson, amazonOrderIdOf, amazonOrderJson } from './fixtures/orders';
import { amazonConnector } from './index';
import { marketplaceById, MARKETPLACE_CATALOGUE } from './marketplaces';
import { startAmazonSimulator } from './simulator';

// The Amazon connector against the simulated SP-API, over real HTTP on loopback; every exchange
// is also checked against Amazon's models by the simulator's recorder. Listing writes are answered
// ACCEPTED and processed by the next call (listingsMs 0): the suite polls each publish and delist
// submission as the engine does, and reads a pushed quantity or price right after the push, which
// only a marketplace that has processed the patch can show. The processing delay itself (writes
// pending for a while, polled until done) is covered by connector.test.ts.
runConformanceSuite({
  name: 'Amazon',
  connector: amazonConnector,
  kind: 'AMAZON',
  simulator: { start: () => startAmazonSimulator({ seed: 20260316, listingsMs: 0 }) },
  currency: 'USD',
  // For sale is BUYABLE: a delisted listing keeps its product data and quantity without an offer, DISCOVERABLE only.
  isActive: (listing) => listing.status === 'BUYABLE',
  fixtures: {
    listing: (sku, i) => amazonListingDraft(sku, i),
    // One Order of the Orders API v2026-01-01, as searchOrders returns it with every data set the connector asks for.
    order: (i, skus) => ({ externalId: amazonOrderIdOf(i), body: amazonOrderJson(i, skus) }),
    malformedOrder: (i) => ({ externalId: amazonOrderIdOf(i), body: amazonMalformedOrderJson(i) }),
    shippedStatus: { marketplace: 'SHIPPED', unified: 'SHIPPED' },
    carrier: 'UPS',
    // confirmShipment takes each item's quantity: an item's units may leave in several packages.
    lineUnits: 'UNITS',
    // A listing without a title is refused before anything is sent (TITLE_REQUIRED).
    refusedListing: (sku, i) => ({ ...amazonListingDraft(sku, i), title: '' }),
    withoutRefresh(credentials) {
      const { refreshToken: _refreshToken, ...rest } = credentials;
      return rest;
    },
    // One seller account in North America selling on Amazon.com, .ca and .com.mx: orders of each come through one channel.
    severalMarketplaces: {
      marketplaceIds: ['ATVPDKIKX0DER', 'A2EUQ1WTGCTBG2', 'A1AM78C64UM0Y8'],
      context: (base, ids) => ({ ...base, marketplaceId: ids[0], marketplaces: ids.map((id) => MARKETPLACE_CATALOGUE.find((m) => m.id === id) ?? { id, label: id, currency: marketplaceById(id)?.currency ?? 'USD', locale: 'en_US' }) }),
      order: (i, skus, marketplaceId) => ({ externalId: amazonOrderIdOf(i), body: amazonOrderJson(i, skus, marketplaceId) }),
      marketplaceOf: (order) => order.marketplaceId,
    },
  },
});
