import { parseJsonBody, SimControlHandlers, SimHttpError, SimRequest } from '../../sdk/simulator';
import type { ContractRecorder } from '../contract/recorder';
import { isObject } from './call';
import { APPLICATION_SCOPES, DEFAULT_USER_SCOPES, EbayState, OrderRecord, Raw } from './ebay-state';
import { ebayTime, pacificDay } from './ebay-time';
import { itemView } from './inventory-items';
import { listingQuantity, offerPrice } from './listings';
import { checkLocation, locationView } from './locations';
import { MARKETPLACES } from './marketplaces';
import { offerView } from './offers';
import { addCancelRequest, addLineRefund, changeOrder, newOrderRecord, orderIdOf, setStatus } from './order-records';
import { findOrder } from './orders';
import { usage } from './quotas';
import { parseWire, plain } from '../../sdk/simulator/wire-json';

/**
 * The `/__sim/` control endpoints of the eBay simulator: the kit's common ones and eBay's own
 * (README.md lists them). Their answers are ours, not eBay's, written as plain JSON; orders come
 * in as eBay's own `Order` JSON and are kept as given.
 */

function body(req: SimRequest): Raw {
  const b = parseJsonBody(req.body || '{}');
  if (!isObject(b)) throw new SimHttpError(400, 'the body must be a JSON object');
  return b;
}

/** Like `body`, keeping number literals as sent (for fields that end up in an order). */
function wireBody(req: SimRequest): Raw {
  let b: unknown;
  try {
    b = parseWire(req.body || '{}');
  } catch (e) {
    throw new SimHttpError(400, `body is not JSON: ${(e as Error).message}`);
  }
  if (!isObject(b)) throw new SimHttpError(400, 'the body must be a JSON object');
  return b;
}

function only(b: Raw, allowed: string[]): void {
  const unknown = Object.keys(b).filter((k) => !allowed.includes(k));
  if (unknown.length) throw new SimHttpError(400, `unknown fields: ${unknown.join(', ')} (${allowed.join(', ')})`);
}

function scopesOf(v: unknown, fallback: string[]): string[] {
  if (v === undefined) return fallback;
  if (!Array.isArray(v) || v.length === 0 || v.some((s) => typeof s !== 'string' || !s.startsWith('https://api.ebay.com/oauth/api_scope'))) {
    throw new SimHttpError(400, 'scopes is a list of eBay scope URLs (https://api.ebay.com/oauth/api_scope/sell.inventory, …)');
  }
  return v as string[];
}

/** The id in `/__sim/orders/<id>/…`. */
function pathId(req: SimRequest): string {
  return decodeURIComponent(req.path.split('/')[3] ?? '');
}

export function ebayControl(state: EbayState, recorder: ContractRecorder | null): SimControlHandlers {
  const now = () => state.clock.now();
  const order = (id: string): OrderRecord => {
    const r = findOrder(state, id);
    if (!r) throw new SimHttpError(404, `no order ${id}`);
    return r;
  };
  const tokens = () => ({
    accessToken: state.latestAccess.token,
    accessTokenExpiresAt: ebayTime(state.latestAccess.expiresAt),
    refreshToken: state.consent.token,
    refreshTokenExpiresAt: ebayTime(state.consent.expiresAt),
    scopes: state.consent.scopes,
  });

  return {
    /**
     * What a channel needs: the app's client id and secret and the seller's refresh token with its
     * expiry (eBay's is not rotated, so staff give the date of the consent with it). The access
     * token is left out on purpose: the engine obtains its own and keeps it in memory only; tests
     * that speak the wire themselves read it at `GET /__sim/tokens`.
     */
    credentials: () => ({ clientId: state.clientId, clientSecret: state.clientSecret, refreshToken: state.consent.token, refreshTokenExpiresAt: ebayTime(state.consent.expiresAt) }),

    /** One `Order` of the Fulfillment API in eBay's wire shape, kept exactly as given (replacing one of the same orderId). */
    addOrder(text) {
      const r = newOrderRecord(text, now());
      state.orders.set(orderIdOf(r.order), r);
      return plain({ orderId: orderIdOf(r.order), lastModifiedDate: r.order.lastModifiedDate });
    },

    setOrderStatus(id, status) {
      const r = order(id);
      setStatus(r, status, now());
      return plain({ orderId: orderIdOf(r.order), orderFulfillmentStatus: r.order.orderFulfillmentStatus, orderPaymentStatus: r.order.orderPaymentStatus, cancelStatus: r.order.cancelStatus, lastModifiedDate: r.order.lastModifiedDate });
    },

    /** A refund of a line: `{orderId, lineItemId, amount: {value, currency}, refundId?, refundDate?, refundReferenceId?}` (as /__sim/orders/:id/refunds). */
    addReturn(text) {
      const b = parseWire<Raw>(text || '{}');
      if (!isObject(b) || typeof b.orderId !== 'string') throw new SimHttpError(400, 'body is {orderId, lineItemId, amount: {value, currency}, refundId?, refundDate?, refundReferenceId?}');
      const { orderId, ...refund } = b;
      const r = order(orderId as string);
      return { orderId: orderIdOf(r.order), refund: plain(addLineRefund(r, refund, now())), orderPaymentStatus: r.order.orderPaymentStatus };
    },

    /** One row per offer: what it lists where (the listing's quantity and price, its status). */
    listings: () => ({
      listings: [...state.offers.values()].map((o) => {
        const price = offerPrice(o);
        const revisions = o.listingId ? state.revisions.get(o.listingId) : undefined;
        return {
          sku: o.sku,
          quantity: listingQuantity(state, o),
          price: price?.value ?? '',
          currency: price?.currency ?? MARKETPLACES.find((m) => m.id === o.marketplaceId)?.currency ?? null,
          status: o.status,
          marketplaceId: o.marketplaceId,
          offerId: o.offerId,
          format: o.format,
          listingId: o.listingId,
          listingStatus: o.listingStatus,
          groupKey: o.groupKey,
          locale: o.locale,
          title: (isObject(state.items.get(o.sku)?.body.product) ? (state.items.get(o.sku)?.body.product as Raw).title : null) ?? null,
          revisionsToday: revisions && revisions.day === pacificDay(now()) ? revisions.count : 0,
        };
      }),
    }),

    /**
     * Every package recorded, oldest first. Each tracking number appears once per package (tests
     * count them): `fulfillmentId` is given only when it is not the tracking number, which the
     * contract makes the package's id.
     */
    shipments: () => ({
      shipments: [...state.orders.values()]
        .flatMap((r) => r.fulfillments)
        .sort((a, b) => a.at - b.at)
        .map((f) => ({
          orderId: f.orderId,
          ...(f.fulfillmentId !== f.trackingNumber ? { fulfillmentId: f.fulfillmentId } : {}),
          lineItems: f.lineItems,
          shippedDate: f.shippedDate,
          shippingCarrierCode: f.shippingCarrierCode,
          trackingNumber: f.trackingNumber,
          at: ebayTime(f.at),
        })),
    }),

    expireTokens: () => state.expireAccessTokens(),
    reset: () => state.reset(),

    extra: {
      /** The seller's latest consent and access token (the access token too: for calls made by hand; a channel takes `credentials`). */
      'GET /__sim/tokens': () => tokens(),

      /** `{scopes?, kind?}`: a new consent of the seller (kind USER, the default: refresh and access token) or an application token (kind APPLICATION). */
      'POST /__sim/tokens': (req) => {
        const b = body(req);
        only(b, ['scopes', 'kind']);
        if (b.kind === 'APPLICATION') {
          const t = state.issueAccess('APPLICATION', scopesOf(b.scopes, APPLICATION_SCOPES));
          return { accessToken: t.token, accessTokenExpiresAt: ebayTime(t.expiresAt), scopes: t.scopes, kind: t.kind };
        }
        if (b.kind !== undefined && b.kind !== 'USER') throw new SimHttpError(400, 'kind is USER or APPLICATION');
        state.consentTo(scopesOf(b.scopes, DEFAULT_USER_SCOPES));
        return tokens();
      },

      /** `{scopes?}`: the seller consents on eBay's page; the code (and the RuName to send as redirect_uri) the app exchanges once within 299 s. */
      'POST /__sim/auth-codes': (req) => {
        const b = body(req);
        only(b, ['scopes']);
        const c = state.issueCode(scopesOf(b.scopes, DEFAULT_USER_SCOPES));
        return { code: c.code, ruName: state.ruName, scopes: c.scopes, expiresAt: ebayTime(c.expiresAt) };
      },

      /** Token endpoint calls by grant type since the last reset. */
      'GET /__sim/auth': () => ({ tokenCalls: { ...state.tokenCalls } }),

      /** Who the seller is and what the account has: the location keys and business policy ids a publish needs, the sites. */
      'GET /__sim/account': () => ({
        clientId: state.clientId,
        ruName: state.ruName,
        userId: state.userId,
        username: state.username,
        merchantLocationKeys: [...state.locations.keys()],
        policies: { fulfillmentPolicyIds: [...state.policies.fulfillment], paymentPolicyIds: [...state.policies.payment], returnPolicyIds: [...state.policies.return] },
        marketplaces: MARKETPLACES,
      }),

      /** `{fulfillmentPolicyId?, paymentPolicyId?, returnPolicyId?}`: business policies the seller made (Account API, not simulated). */
      'POST /__sim/policies': (req) => {
        const b = body(req);
        only(b, ['fulfillmentPolicyId', 'paymentPolicyId', 'returnPolicyId']);
        for (const [k, v] of Object.entries(b)) {
          if (typeof v !== 'string' || !/^\d{1,19}$/.test(v)) throw new SimHttpError(400, `${k} is a policy id of digits`);
          state.policies[k.replace('PolicyId', '') as keyof EbayState['policies']].add(v);
        }
        return { policies: { fulfillmentPolicyIds: [...state.policies.fulfillment], paymentPolicyIds: [...state.policies.payment], returnPolicyIds: [...state.policies.return] } };
      },

      'GET /__sim/locations': () => ({ locations: [...state.locations.values()].map((l) => plain(locationView(l))) }),

      /** `{merchantLocationKey, ...InventoryLocationFull}`: a location the seller made in Seller Hub. */
      'POST /__sim/locations': (req) => {
        const { merchantLocationKey: key, ...rest } = wireBody(req);
        if (typeof key !== 'string') throw new SimHttpError(400, 'merchantLocationKey is required');
        if (state.locations.has(key)) throw new SimHttpError(409, `there is a location ${key} already`);
        try {
          state.locations.set(key, { key, body: checkLocation(key, rest), status: 'ENABLED' });
        } catch (e) {
          throw new SimHttpError(400, (e as Error).message);
        }
        return plain(locationView(state.locations.get(key)!));
      },

      /** Inventory items, offers and groups as eBay holds them. */
      'GET /__sim/inventory': () =>
        plain({
          items: [...state.items.values()].map((i) => itemView(state, i)),
          offers: [...state.offers.values()].map(offerView),
          groups: [...state.groups.values()].map((g) => ({ ...g.body, inventoryItemGroupKey: g.key, locale: g.locale })),
        }),

      /** The pictures uploaded to eBay Picture Services (createImageFromFile), oldest first: no bytes, their size and hash. */
      'GET /__sim/images': () => ({ images: [...state.images.values()] }),

      /** Every order, briefly. */
      'GET /__sim/orders': () => ({
        orders: [...state.orders.values()].map((r) => plain({
          orderId: orderIdOf(r.order),
          creationDate: r.order.creationDate,
          lastModifiedDate: r.order.lastModifiedDate,
          orderFulfillmentStatus: r.order.orderFulfillmentStatus ?? null,
          orderPaymentStatus: r.order.orderPaymentStatus ?? null,
        })),
      }),

      /** One order as getOrder serves it. */
      'GET /__sim/orders/:id': (req) => ({ order: plain(order(pathId(req)).order) }),

      /**
       * `{orderIds, set, afterRead?}`: top-level Order fields to set (null removes one;
       * lastModifiedDate moves to now). With `afterRead: true` each order changes right after a
       * getOrders page (or getOrder) has carried it, as an order changes while a client pages.
       */
      'POST /__sim/order-changes': (req) => {
        const b = wireBody(req);
        only(b, ['orderIds', 'set', 'afterRead']);
        if (!Array.isArray(b.orderIds) || b.orderIds.length === 0 || b.orderIds.some((x) => typeof x !== 'string')) throw new SimHttpError(400, 'orderIds is a list of order ids');
        if (!isObject(b.set)) throw new SimHttpError(400, 'set is an object of Order fields');
        const ids = b.orderIds as string[];
        for (const id of ids) order(id);
        if (b.afterRead === true) {
          state.armed.push({ ids: new Set(ids.map((id) => orderIdOf(order(id).order))), set: b.set });
          return { armed: ids };
        }
        for (const id of ids) changeOrder(order(id), b.set, now());
        return { changed: ids };
      },

      /** `{cancelReason?, cancelRequestId?, cancelRequestedDate?, cancelRequestState?, cancelInitiator?}`: the buyer asks to cancel. */
      'POST /__sim/orders/:id/cancel-requests': (req) => {
        const r = order(pathId(req));
        const b = wireBody(req);
        only(b, ['cancelReason', 'cancelRequestId', 'cancelRequestedDate', 'cancelRequestState', 'cancelInitiator']);
        return { orderId: orderIdOf(r.order), cancelRequest: plain(addCancelRequest(r, b, now())), cancelStatus: plain(r.order.cancelStatus) };
      },

      /** `{lineItemId, amount: {value, currency}, refundId?, refundDate?, refundReferenceId?}`: a refund of (part of) a line. */
      'POST /__sim/orders/:id/refunds': (req) => {
        const r = order(pathId(req));
        const b = wireBody(req);
        only(b, ['lineItemId', 'amount', 'refundId', 'refundDate', 'refundReferenceId']);
        return { orderId: orderIdOf(r.order), refund: plain(addLineRefund(r, b, now())), orderPaymentStatus: r.order.orderPaymentStatus };
      },

      /** `{operationId, count?}`: the next `count` (default 1) successful calls of the operation are carried out and left unanswered. */
      'POST /__sim/lost-answers': (req) => {
        const b = body(req);
        only(b, ['operationId', 'count']);
        const count = b.count ?? 1;
        if (typeof b.operationId !== 'string' || !b.operationId) throw new SimHttpError(400, 'operationId names an operation of the contract, e.g. createShippingFulfillment');
        if (typeof count !== 'number' || !Number.isInteger(count) || count < 0) throw new SimHttpError(400, 'count must be a whole number of 0 or more');
        state.loseAnswers.set(b.operationId, count);
        return { operationId: b.operationId, count };
      },

      /** Calls made today per API and the daily quotas. */
      'GET /__sim/quotas': () => usage(state),

      /** `{inventory?, fulfillment?}`: the daily call quotas of this application and user. */
      'POST /__sim/quotas': (req) => {
        const b = body(req);
        only(b, ['inventory', 'fulfillment']);
        for (const [k, v] of Object.entries(b)) {
          if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new SimHttpError(400, `${k} is a whole number of calls a day`);
          state.dailyQuota[k as 'inventory' | 'fulfillment'] = v;
        }
        return usage(state);
      },

      /** What the contract recorder found in this simulator's traffic (every seller's). */
      'GET /__sim/contract-violations': () => recorder?.describe() ?? { checking: false, reason: 'no recorder', exchanges: 0, violations: [] },

      /** Clears the violations and answers them (a test that broke the contract on purpose takes what it expected). */
      'POST /__sim/contract-violations/clear': () => ({ violations: recorder?.take() ?? [] }),
    },
  };
}
