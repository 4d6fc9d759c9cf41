import { stringifyJsonExact } from '../sdk/exact-json';
import { runConformanceSuite } from '../sdk/testkit';
import { createItemByHand, handMadeItemFor, listingDraft, malformedTradeJson, tidOf, tradeJson } from './fixtures/trades';
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
  // TOP no longer creates items through the API: staff create them in the back office and publishing links them by merchant code.
  async prepareListing(draft, control) {
    if (!(await control.listings()).some((l) => l.sku === draft.sku)) await createItemByHand(control.controlUrl, handMadeItemFor(draft));
    return draft;
  },
  fixtures: {
    listing: listingDraft,
    order: (i, skus) => ({ externalId: tidOf(i), body: tradeJson(i, skus) }),
    malformedOrder: (i) => ({ externalId: tidOf(i), body: malformedTradeJson(i) }),
    shippedStatus: { marketplace: 'WAIT_BUYER_CONFIRM_GOODS', unified: 'SHIPPED' },
    carrier: 'ZTO',
    // TOP ships a sub-order whole (sub_tid): a parcel with part of one is refused.
    lineUnits: 'WHOLE',
    // Refunds as refunds.receive.get returns them, tid and oid as bare 64-bit numbers.
    returns: {
      path: '/__sim/refunds',
      returnOf: (i, order) => ({
        externalId: `17823456789${String(i).padStart(7, '0')}`,
        body: stringifyJsonExact({
          refund_id: `17823456789${String(i).padStart(7, '0')}`,
          tid: BigInt(order.externalId),
          oid: BigInt(order.lines[0].externalLineId),
          status: 'WAIT_SELLER_AGREE',
          refund_fee: order.lines[0].unitPrice,
          has_good_return: false,
          reason: '不想要了',
        }),
      }),
    },
    withoutRefresh(credentials) {
      const { ...rest } = credentials;
      delete rest.refreshToken;
      return rest;
    },
  },
});
