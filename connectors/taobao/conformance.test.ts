import { runConformanceSuite } from '../sdk/testkit';
import { listingDraft, malformedTradeJson, tidOf, tradeJson } from './fixtures/trades';
import { taobaoConnector } from './index';
import { startTaobaoSimulator } from './simulator';

// The Taobao connector against the simulated TOP, over real HTTP on loopback.
runConformanceSuite({
  name: 'Taobao',
  connector: taobaoConnector,
  kind: 'TAOBAO',
  // Seeded, so the throttled calls of the fault test are the same on every run.
  simulator: { start: () => startTaobaoSimulator({ seed: 20260115 }) },
  currency: 'CNY',
  fixtures: {
    listing: listingDraft,
    order: (i, skus) => ({ externalId: tidOf(i), body: tradeJson(i, skus) }),
    malformedOrder: (i) => ({ externalId: tidOf(i), body: malformedTradeJson(i) }),
    shippedStatus: { marketplace: 'WAIT_BUYER_CONFIRM_GOODS', unified: 'SHIPPED' },
    carrier: 'ZTO',
    withoutRefresh(credentials) {
      const { ...rest } = credentials;
      delete rest.refreshToken;
      return rest;
    },
  },
});
