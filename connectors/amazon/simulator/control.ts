import type { ContractRecorder } from '../../sdk/contract';
import { parseJsonBody, SimControlHandlers, SimHttpError, SimRequest } from '../../sdk/simulator';
import type { AmazonState, FbaItem, ListingIssue, Raw, Requirements } from './amazon-state';
import { amazonTime, isObject } from './call';
import { feedStatus } from './feeds';
import { totalOf } from './fba-inventory';
import { asinFor, fnSkuFor } from './ids';
import { allIssues, channelOf, offerOf, quantityOf, REQUIREMENTS, statusesOf, summaryOf, textOf } from './listing-records';
import { marketplace, MARKETPLACES } from './marketplaces';
import { addCancelRequest, changeOrder, copy, fbaStockEffect, fulfilledByOf, marketplaceOf, newOrderRecord, orderIdOf, plannedChange, setStatus, statusOf } from './order-records';
import { TOKEN_TTL_MS } from './orders';
import { settle } from './processing';
import { parseWire, plain, WireNumber } from '../../sdk/simulator/wire-json';

/**
 * The `/__sim/` control endpoints of the Amazon simulator: the kit's common ones and Amazon's own
 * (README.md lists them). Their answers are ours, not Amazon's, written as plain JSON; orders come
 * in as Amazon's own `Order` JSON (Orders API v2026-01-01) and are kept as given.
 */

function body(req: SimRequest): Raw {
  const b = parseJsonBody(req.body || '{}');
  if (!isObject(b)) throw new SimHttpError(400, 'the body must be a JSON object');
  return b;
}

function only(b: Raw, allowed: string[]): void {
  const unknown = Object.keys(b).filter((k) => !allowed.includes(k));
  if (unknown.length) throw new SimHttpError(400, `unknown fields: ${unknown.join(', ')} (${allowed.join(', ')})`);
}

const count = (v: unknown, name: string, fallback = 0): number => {
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new SimHttpError(400, `${name} is a whole number of 0 or more`);
  return v;
};

/** The id in `/__sim/orders/<id>/…`. */
function pathId(req: SimRequest): string {
  return decodeURIComponent(req.path.split('/')[3] ?? '');
}

const ISSUE_SEVERITIES = ['ERROR', 'WARNING', 'INFO'];

export function amazonControl(state: AmazonState, recorder: ContractRecorder | null): SimControlHandlers {
  const now = () => state.clock.now();
  const order = (id: string) => {
    const r = state.orders.get(id);
    if (!r) throw new SimHttpError(404, `no order ${id}`);
    return r;
  };
  const tokens = () => {
    const t = state.liveAccess();
    return { accessToken: t.token, accessTokenExpiresAt: amazonTime(t.expiresAt), refreshToken: state.refreshToken, sellerId: state.sellerId };
  };
  const fbaRow = (f: FbaItem) => ({ ...f, reserved: { ...f.reserved }, total: totalOf(f), lastUpdatedTime: amazonTime(f.lastUpdatedAt) });

  return {
    /**
     * What a channel needs: the LWA app's client id and secret, the seller's refresh token (not
     * rotated) and its selling partner id. No access token: the engine obtains its own; tests that
     * speak the wire read one at `GET /__sim/tokens`.
     */
    credentials: () => ({ clientId: state.clientId, clientSecret: state.clientSecret, refreshToken: state.refreshToken, sellerId: state.sellerId }),

    /** One `Order` of the Orders API v2026-01-01 as searchOrders returns it (with every block and its orderItems), kept as given; replaces one of the same orderId. */
    addOrder(text) {
      const r = newOrderRecord(text, now());
      const before = state.orders.get(orderIdOf(r));
      state.orders.set(orderIdOf(r), r);
      fbaStockEffect(state, r, before ? (statusOf(before) ?? null) : null, statusOf(r) ?? 'PENDING', now());
      return { orderId: orderIdOf(r), lastUpdatedTime: r.order.lastUpdatedTime, fulfillmentStatus: statusOf(r) ?? null };
    },

    setOrderStatus(id, status) {
      const r = order(id);
      setStatus(state, r, status, now());
      return { orderId: orderIdOf(r), fulfillmentStatus: statusOf(r), lastUpdatedTime: r.order.lastUpdatedTime };
    },

    /** One row per SKU and marketplace (and one per SKU written but not processed yet, status PENDING). */
    listings: () => {
      settle(state, now());
      const rows: Raw[] = [...state.listings.values()].map((r) => {
        const offer = offerOf(r);
        const statuses = statusesOf(state, r);
        return {
          sku: r.sku,
          marketplaceId: r.marketplaceId,
          quantity: quantityOf(state, r),
          price: offer?.amount ?? '',
          currency: offer?.currency ?? marketplace(r.marketplaceId)?.currency ?? null,
          status: statuses.includes('BUYABLE') ? 'BUYABLE' : statuses.includes('DISCOVERABLE') ? 'DISCOVERABLE' : 'INACTIVE',
          statuses,
          fulfillmentChannel: channelOf(r),
          productType: r.productType,
          asin: r.asin,
          title: summaryOf(state, r).itemName ?? null,
          // The language the title was written in there (item_name's language_tag: fr_CA for Amazon.ca in French), and the description.
          language: textOf(r, 'item_name')?.language ?? null,
          description: textOf(r, 'product_description')?.value ?? null,
          issues: allIssues(r),
          ignoredQuantity: r.ignoredQuantity,
          pendingSubmissions: state.submissions.filter((s) => s.processedAt === null && s.sku === r.sku && s.marketplaceId === r.marketplaceId).length,
          attributes: plain(r.attributes),
        };
      });
      const pending = state.submissions.filter((s) => s.processedAt === null && s.change.kind === 'PUT' && !state.listings.has(state.listingKey(s.sku, s.marketplaceId)));
      for (const s of pending) {
        if (rows.some((x) => x.sku === s.sku && x.marketplaceId === s.marketplaceId)) continue;
        rows.push({ sku: s.sku, marketplaceId: s.marketplaceId, quantity: 0, price: '', currency: marketplace(s.marketplaceId)?.currency ?? null, status: 'PENDING', statuses: [], fulfillmentChannel: null, productType: (s.change as { productType: string }).productType, asin: null, title: null, language: null, description: null, issues: [], ignoredQuantity: null, pendingSubmissions: 1, attributes: null });
      }
      return { listings: rows };
    },

    /** Every package confirmed, oldest first. */
    shipments: () => ({
      shipments: [...state.orders.values()]
        .flatMap((r) => r.packages)
        .sort((a, b) => a.at - b.at)
        .map((p) => ({ ...p, at: amazonTime(p.at) })),
    }),

    expireTokens: () => state.expireAccessTokens(),
    reset: () => state.reset(),

    extra: {
      /** A live access token of the seller (for calls made by hand; a channel takes `credentials`). */
      'GET /__sim/tokens': () => tokens(),
      /** Token endpoint calls by grant type since the last reset. */
      'GET /__sim/auth': () => ({ tokenCalls: { ...state.tokenCalls } }),
      'GET /__sim/account': () => ({ clientId: state.clientId, sellerId: state.sellerId, region: state.region, marketplaces: MARKETPLACES.filter((m) => m.region === state.region), piiRole: state.piiRole }),

      /** Every order, briefly. */
      'GET /__sim/orders': () => ({
        orders: [...state.orders.values()].map((r) => ({ orderId: orderIdOf(r), marketplaceId: marketplaceOf(r) ?? null, fulfillmentStatus: statusOf(r) ?? null, fulfilledBy: fulfilledByOf(r), createdTime: r.order.createdTime, lastUpdatedTime: r.order.lastUpdatedTime })),
      }),
      /** One order as the simulator holds it (every block, PII included). */
      'GET /__sim/orders/:id': (req) => ({ order: plain(copy(order(pathId(req)).order)) }),

      /** `{orderItemId?, cancelReason?}`: the buyer asks to cancel an item (every item when none is named). */
      'POST /__sim/orders/:id/cancel-requests': (req) => {
        const r = order(pathId(req));
        const b = body(req);
        only(b, ['orderItemId', 'cancelReason']);
        if (b.orderItemId !== undefined && typeof b.orderItemId !== 'string') throw new SimHttpError(400, 'orderItemId is a string');
        if (b.cancelReason !== undefined && typeof b.cancelReason !== 'string') throw new SimHttpError(400, 'cancelReason is a string');
        return { orderId: orderIdOf(r), items: plain(addCancelRequest(r, b.orderItemId as string | undefined, b.cancelReason as string | undefined, now())), lastUpdatedTime: r.order.lastUpdatedTime };
      },

      /**
       * `{orderIds, set?, afterRead?}`: the orders change: `set` merged into each (objects field by
       * field, lists and other values replaced, null removes a field; a new
       * `fulfillment.fulfillmentStatus` moves the order as `POST orders/:id/status` does), and
       * `lastUpdatedTime` moves to now. With `afterRead: true` each order changes right after a
       * searchOrders page has carried it, the way an order changes while a client pages.
       */
      'POST /__sim/order-changes': (req) => {
        let b: unknown;
        try {
          // Number literals kept as sent, as POST /__sim/orders keeps them.
          b = parseWire(req.body || '{}');
        } catch (e) {
          throw new SimHttpError(400, `body is not JSON: ${(e as Error).message}`);
        }
        if (!isObject(b) || b instanceof WireNumber) throw new SimHttpError(400, 'the body must be a JSON object');
        only(b, ['orderIds', 'set', 'afterRead']);
        if (!Array.isArray(b.orderIds) || !b.orderIds.length || b.orderIds.some((id) => typeof id !== 'string' || !id)) throw new SimHttpError(400, 'orderIds is a list of order ids');
        if (b.set !== undefined && (!isObject(b.set) || b.set instanceof WireNumber)) throw new SimHttpError(400, 'set is an object of order fields');
        if (b.afterRead !== undefined && typeof b.afterRead !== 'boolean') throw new SimHttpError(400, 'afterRead is true or false');
        const ids = [...new Set(b.orderIds as string[])];
        const change = { set: (b.set ?? {}) as Raw };
        // Every order found and the change checked on each before anything moves.
        for (const id of ids) plannedChange(order(id), change);
        if (b.afterRead) {
          state.armedChanges.push({ ids: new Set(ids), change });
          return { armed: ids };
        }
        for (const id of ids) changeOrder(state, order(id), change, now());
        return { changed: ids.map((id) => ({ orderId: id, fulfillmentStatus: statusOf(order(id)) ?? null, lastUpdatedTime: order(id).order.lastUpdatedTime })) };
      },

      /**
       * `{afterPages?}`: searchOrders pagination tokens expire as 24 hours would expire them, the
       * clock left alone. Without `afterPages`, every token handed out so far; with it, the token
       * handed out by the `afterPages`-th searchOrders page from now on (1: the next page's), once.
       */
      'POST /__sim/pagination-tokens/expire': (req) => {
        const b = body(req);
        only(b, ['afterPages']);
        if (b.afterPages !== undefined) {
          const n = count(b.afterPages, 'afterPages');
          if (n < 1) throw new SimHttpError(400, 'afterPages is 1 or more');
          state.tokenExpiryAfterPages = n;
          return { armed: { afterPages: n } };
        }
        const past = now() - TOKEN_TTL_MS - 1;
        for (const t of state.searchTokens.values()) t.createdAt = Math.min(t.createdAt, past);
        return { expired: state.searchTokens.size };
      },

      /** `{enabled}`: whether the application holds the PII roles (buyer and recipient PII shown). */
      'GET /__sim/pii': () => ({ enabled: state.piiRole }),
      'POST /__sim/pii': (req) => {
        const b = body(req);
        only(b, ['enabled']);
        if (typeof b.enabled !== 'boolean') throw new SimHttpError(400, 'enabled is true or false');
        state.piiRole = b.enabled;
        return { enabled: state.piiRole };
      },

      /** The usage plans by operationId; `{<operationId>: {rate?, burst?}}` sets this seller's. */
      'GET /__sim/usage-plans': () => ({ usagePlans: state.usagePlans.describe() }),
      'POST /__sim/usage-plans': (req) => {
        state.usagePlans.update(body(req));
        return { usagePlans: state.usagePlans.describe() };
      },

      /** `{listingsMs?, feedQueueMs?, feedProcessingMs?, gzipReports?}`: Amazon's processing times (every seller). */
      'GET /__sim/processing': () => ({ ...state.settings, sandbox: undefined }),
      'POST /__sim/processing': (req) => {
        const b = body(req);
        only(b, ['listingsMs', 'feedQueueMs', 'feedProcessingMs', 'gzipReports']);
        for (const k of ['listingsMs', 'feedQueueMs', 'feedProcessingMs'] as const) if (b[k] !== undefined) state.settings[k] = count(b[k], k);
        if (b.gzipReports !== undefined) {
          if (typeof b.gzipReports !== 'boolean') throw new SimHttpError(400, 'gzipReports is true or false');
          state.settings.gzipReports = b.gzipReports;
        }
        return { ...state.settings, sandbox: undefined };
      },

      /** `{enabled}`: the static sandbox (every SP-API call answered from the models' canned cases). */
      'GET /__sim/sandbox': () => ({ enabled: state.settings.sandbox }),
      'POST /__sim/sandbox': (req) => {
        const b = body(req);
        only(b, ['enabled']);
        if (typeof b.enabled !== 'boolean') throw new SimHttpError(400, 'enabled is true or false');
        state.settings.sandbox = b.enabled;
        return { enabled: state.settings.sandbox };
      },

      /** Listing writes and their processing. */
      'GET /__sim/submissions': () => {
        settle(state, now());
        return {
          submissions: state.submissions.map((s) => ({ submissionId: s.submissionId, sku: s.sku, marketplaceId: s.marketplaceId, kind: s.change.kind, source: s.source, at: amazonTime(s.at), dueAt: amazonTime(s.dueAt), processed: s.processedAt !== null })),
        };
      },

      /** `{sku, marketplaceId?, issues: [Issue]}`: issues Amazon raises on a listing later (a suppression); `issues: []` clears them. */
      'POST /__sim/listing-issues': (req) => {
        const b = body(req);
        only(b, ['sku', 'marketplaceId', 'issues']);
        settle(state, now());
        if (typeof b.sku !== 'string') throw new SimHttpError(400, 'sku is required');
        const records = [...state.listings.values()].filter((r) => r.sku === b.sku && (b.marketplaceId === undefined || r.marketplaceId === b.marketplaceId));
        if (!records.length) throw new SimHttpError(404, `no processed listing ${b.sku}${b.marketplaceId ? ` in ${b.marketplaceId}` : ''}`);
        if (!Array.isArray(b.issues) || b.issues.some((i) => !isObject(i) || typeof i.code !== 'string' || typeof i.message !== 'string' || !ISSUE_SEVERITIES.includes(i.severity as string))) {
          throw new SimHttpError(400, 'issues is a list of {code, message, severity: ERROR|WARNING|INFO, attributeNames?, categories?}');
        }
        for (const r of records) {
          r.laterIssues = (b.issues as Raw[]).map((i) => ({ categories: [], ...i }) as unknown as ListingIssue);
          r.updatedAt = now();
        }
        return { listings: records.map((r) => ({ sku: r.sku, marketplaceId: r.marketplaceId, issues: allIssues(r) })) };
      },

      /** `{productType, requirements?, required}`: the attributes a product type requires (default LISTING: item_name, condition_type). */
      'POST /__sim/product-types': (req) => {
        const b = body(req);
        only(b, ['productType', 'requirements', 'required']);
        if (typeof b.productType !== 'string' || !b.productType) throw new SimHttpError(400, 'productType is required');
        const requirements = (b.requirements ?? 'LISTING') as Requirements;
        if (!REQUIREMENTS.includes(requirements)) throw new SimHttpError(400, `requirements is one of ${REQUIREMENTS.join(', ')}`);
        if (!Array.isArray(b.required) || b.required.some((x) => typeof x !== 'string')) throw new SimHttpError(400, 'required is a list of attribute names');
        state.productTypes.set(b.productType, { ...state.productTypes.get(b.productType), [requirements]: b.required as string[] });
        return { productType: b.productType, requirements: state.productTypes.get(b.productType) };
      },

      /** Feeds and their documents. */
      'GET /__sim/feeds': () => {
        settle(state, now());
        return {
          feeds: [...state.feeds.values()].map((f) => ({ feedId: f.feedId, feedType: f.feedType, marketplaceIds: f.marketplaceIds, processingStatus: feedStatus(f, now()), inputFeedDocumentId: f.inputFeedDocumentId, resultFeedDocumentId: f.resultFeedDocumentId, createdTime: amazonTime(f.createdAt) })),
        };
      },

      /** FBA inventory. */
      'GET /__sim/fba-inventory': () => ({ inventory: [...state.fba.values()].map(fbaRow) }),
      /**
       * `{sellerSku, fulfillable, inbound?, reserved?, unfulfillable?, researching?, asin?, fnSku?, productName?, condition?}`:
       * sets a SKU's stock in Amazon's warehouses (`inbound` counts as inbound working, `reserved` as fulfilment-centre processing).
       */
      'POST /__sim/fba-inventory': (req) => {
        const b = body(req);
        only(b, ['sellerSku', 'fulfillable', 'inbound', 'inboundShipped', 'inboundReceiving', 'reserved', 'unfulfillable', 'researching', 'asin', 'fnSku', 'productName', 'condition']);
        if (typeof b.sellerSku !== 'string' || !b.sellerSku) throw new SimHttpError(400, 'sellerSku is required');
        const had = state.fba.get(b.sellerSku);
        const asin = typeof b.asin === 'string' ? b.asin : (had?.asin ?? [...state.listings.values()].find((r) => r.sku === b.sellerSku)?.asin ?? asinFor(state.sellerId, b.sellerSku));
        const f: FbaItem = {
          sellerSku: b.sellerSku,
          asin,
          fnSku: typeof b.fnSku === 'string' ? b.fnSku : (had?.fnSku ?? fnSkuFor(asin)),
          condition: typeof b.condition === 'string' ? b.condition : (had?.condition ?? 'NewItem'),
          productName: typeof b.productName === 'string' ? b.productName : (had?.productName ?? b.sellerSku),
          fulfillable: count(b.fulfillable, 'fulfillable', had?.fulfillable ?? 0),
          inboundWorking: count(b.inbound, 'inbound', had?.inboundWorking ?? 0),
          inboundShipped: count(b.inboundShipped, 'inboundShipped', had?.inboundShipped ?? 0),
          inboundReceiving: count(b.inboundReceiving, 'inboundReceiving', had?.inboundReceiving ?? 0),
          reserved: { pendingCustomerOrder: had?.reserved.pendingCustomerOrder ?? 0, pendingTransshipment: had?.reserved.pendingTransshipment ?? 0, fcProcessing: count(b.reserved, 'reserved', had?.reserved.fcProcessing ?? 0) },
          unfulfillable: count(b.unfulfillable, 'unfulfillable', had?.unfulfillable ?? 0),
          researching: count(b.researching, 'researching', had?.researching ?? 0),
          lastUpdatedAt: now(),
        };
        state.fba.set(f.sellerSku, f);
        return fbaRow(f);
      },

      /** `{operationId, count?}`: the next `count` (default 1) successful calls of the operation are carried out and left unanswered. */
      'POST /__sim/lost-answers': (req) => {
        const b = body(req);
        only(b, ['operationId', 'count']);
        if (typeof b.operationId !== 'string' || !b.operationId) throw new SimHttpError(400, 'operationId names an operation of the models, e.g. confirmShipment');
        const n = count(b.count, 'count', 1);
        state.loseAnswers.set(b.operationId, n);
        return { operationId: b.operationId, count: n };
      },

      /** What the contract recorder found in this simulator's traffic (every seller's). */
      'GET /__sim/contract-violations': () => recorder?.describe() ?? { checking: false, reason: 'no recorder', exchanges: 0, violations: [] },
      /** Clears the violations and answers them (a test that broke the contract on purpose takes what it expected). */
      'POST /__sim/contract-violations/clear': () => ({ violations: recorder?.take() ?? [] }),
    },
  };
}
