import { parseJsonBody, SimControlHandlers, SimHttpError, SimRequest } from '../../sdk/simulator';
import type { AeState, OrderChange, Raw, SimTokens } from './ae-state';
import { formatPacific } from './ae-time';
import { changeOrder, normaliseOrder, orderIdOf, renderDetail, setOrderStatus } from './order-records';
import { bigIntsAsStrings, parseWireJson } from './wire-json';

/**
 * The `/__sim/` control endpoints of the AliExpress simulator (the kit's common ones, named as
 * Taobao's are, and AliExpress's own). Their answers are ours, not AliExpress's, and tests read
 * them with plain JSON.parse: ids go out as strings here, never as bare big numbers. Order bodies
 * coming in are read exactly (bare 64-bit ids keep their digits).
 */

function object(v: unknown, what: string): Raw | undefined {
  if (v === undefined) return undefined;
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new SimHttpError(400, `${what} must be an object`);
  return v as Raw;
}

function ids(v: unknown, what: string): string[] {
  if (!Array.isArray(v) || v.length === 0 || v.some((x) => typeof x !== 'string' || !/^\d{1,19}$/.test(x))) throw new SimHttpError(400, `${what} must be a list of ids as strings`);
  return v as string[];
}

function body(req: SimRequest): Raw {
  return object(parseJsonBody(req.body || '{}'), 'the body') ?? {};
}

function tokensView(pair: SimTokens): Raw {
  return {
    accessToken: pair.accessToken,
    refreshToken: pair.refreshToken,
    accessTokenExpiresAt: new Date(pair.expiresAt).toISOString(),
    refreshTokenExpiresAt: new Date(pair.refreshExpiresAt).toISOString(),
  };
}

export function aeControl(state: AeState): SimControlHandlers {
  const now = () => state.clock.now();
  const order = (id: string): Raw => {
    const o = state.orders.get(id);
    if (!o) throw new SimHttpError(404, `no order ${id}`);
    return o;
  };

  return {
    /**
     * What a channel needs, as createChannel takes it: the app and the seller's refresh token
     * with its expiry. The access token is left out on purpose: the engine obtains its own with the
     * refresh token and keeps it in memory only, so a credential field for it would put it in
     * the channel row. Tests that speak the wire themselves read it at `GET /__sim/tokens`.
     */
    credentials: () => {
      const { accessToken: _accessToken, accessTokenExpiresAt: _expiresAt, ...channelReady } = tokensView(state.latest);
      return { appKey: state.appKey, appSecret: state.appSecret, ...channelReady };
    },

    /** One order as the `data` object of order.info.get (bare 64-bit ids welcome), upserted by id. */
    addOrder(text) {
      let parsed: unknown;
      try {
        parsed = parseWireJson(text);
      } catch (e) {
        throw new SimHttpError(400, `body is not JSON: ${(e as Error).message}`);
      }
      const o = normaliseOrder(parsed, now());
      state.orders.set(orderIdOf(o), o);
      return { order_id: orderIdOf(o), order_status: o.order_status, gmt_modified: o.gmt_modified };
    },

    setOrderStatus(id, status) {
      const o = order(id);
      setOrderStatus(o, status, now());
      return { order_id: id, order_status: status, gmt_modified: o.gmt_modified };
    },

    /** Per SKU: the shape the conformance kit reads (sku, quantity, price, status), and the product's id and discount. */
    listings: () => ({
      listings: [...state.products.values()].flatMap((p) =>
        p.skus.map((s) => ({
          sku: s.sku_code,
          quantity: s.inventory,
          price: s.price,
          discount_price: s.discount_price,
          status: p.status,
          product_id: p.productId.toString(),
          currency: state.currency,
          language: p.language,
          subjects: p.fields.multi_language_subject_list ?? [],
        })),
      ),
    }),

    shipments: () => ({
      shipments: state.shipments.map((s) => ({
        order_id: s.orderId,
        send_type: s.sendType,
        service_name: s.serviceName,
        logistics_no: s.logisticsNo,
        tracking_website: s.trackingWebsite,
        description: s.description,
        at: new Date(s.at).toISOString(),
      })),
    }),

    expireTokens: () => state.expireAccessTokens(),
    reset: () => state.reset(),

    extra: {
      /** Every order, briefly. */
      'GET /__sim/orders': () => ({
        orders: [...state.orders.values()].map((o) => ({ order_id: orderIdOf(o), order_status: o.order_status, gmt_create: o.gmt_create, gmt_modified: o.gmt_modified })),
      }),

      /** One order as order.info.get writes its data (lists wrapped, money complete), ids as strings. */
      'GET /__sim/orders/:id': (req) => {
        const id = decodeURIComponent(req.path.split('/')[3] ?? '');
        return { order: bigIntsAsStrings(renderDetail(order(id), null)) };
      },

      /**
       * `{orderIds, set?, children?, afterRead?}`: the orders change (order fields in `set`, with
       * `order_status` moving the order; child order fields by child id in `children`;
       * gmt_modified moves to now). With `afterRead: true` each order changes right after an
       * order.get answer has carried it, the way an order changes while a client pages.
       */
      'POST /__sim/order-changes': (req) => {
        const b = body(req);
        const orderIds = ids(b.orderIds, 'orderIds');
        const change: OrderChange = { set: object(b.set, 'set'), children: object(b.children, 'children') as OrderChange['children'] };
        for (const [id, set] of Object.entries(change.children ?? {})) object(set, `children.${id}`);
        for (const id of orderIds) order(id);
        if (b.afterRead === true) {
          state.armed.push({ ids: new Set(orderIds), change });
          return { armed: orderIds };
        }
        for (const id of orderIds) changeOrder(order(id), change, now());
        return { changed: orderIds, gmt_modified: formatPacific(now()) };
      },

      /**
       * `{method, count?}`: the next `count` (default 1) successful calls of this method (or
       * /rest path, e.g. `/auth/token/refresh`) are carried out and their connection then
       * dropped unanswered (the lostAnswer fault, aimed).
       */
      'POST /__sim/lost-answers': (req) => {
        const b = body(req);
        const count = b.count ?? 1;
        if (typeof b.method !== 'string' || !/^(aliexpress\.|\/)/.test(b.method)) throw new SimHttpError(400, 'method must be an AliExpress method name or a /rest path such as /auth/token/refresh');
        if (typeof count !== 'number' || !Number.isInteger(count) || count < 0) throw new SimHttpError(400, 'count must be a whole number of 0 or more');
        state.loseAnswers.set(b.method, count);
        return { method: b.method, count };
      },

      /** `{code?}`: the seller authorises the app; the code /rest/auth/token/create exchanges (once, within 30 minutes). */
      'POST /__sim/auth-codes': (req) => {
        const b = body(req);
        if (b.code !== undefined && (typeof b.code !== 'string' || !b.code.trim())) throw new SimHttpError(400, 'code must be a non-empty string');
        const c = state.issueCode(b.code as string | undefined);
        return { code: c.code, expiresAt: new Date(c.expiresAt).toISOString() };
      },

      /** The seller's current pair, access token and its expiry included (for calls made by hand; a channel takes `credentials`). */
      'GET /__sim/tokens': () => tokensView(state.latest),

      /** `{accessToken?, refreshToken?}`: a new pair for the seller (known strings when given), as an authorisation gives one. */
      'POST /__sim/tokens': (req) => {
        const b = body(req);
        for (const k of Object.keys(b)) if (k !== 'accessToken' && k !== 'refreshToken') throw new SimHttpError(400, `unknown field ${k} (accessToken, refreshToken)`);
        for (const v of Object.values(b)) if (typeof v !== 'string' || !v.trim()) throw new SimHttpError(400, 'tokens are non-empty strings');
        if ((b.accessToken && state.tokens.has(b.accessToken as string)) || (b.refreshToken && state.byRefresh.has(b.refreshToken as string))) throw new SimHttpError(409, 'that token was issued already');
        return tokensView(state.issueTokens(b as { accessToken?: string; refreshToken?: string }));
      },

      /** Token endpoint calls since the last reset (a test sees how many refreshes the engine made). */
      'GET /__sim/auth': () => ({ ...state.counters }),

      /** Products as AliExpress holds them (ids as strings). */
      'GET /__sim/products': () => ({
        products: [...state.products.values()].map((p) =>
          bigIntsAsStrings({
            product_id: p.productId,
            status: p.status,
            language: p.language,
            fields: p.fields,
            skus: p.skus.map((s) => ({ sku_code: s.sku_code, price: s.price, discount_price: s.discount_price, inventory: s.inventory, ...s.extra })),
            gmt_create: formatPacific(p.created),
            gmt_modified: formatPacific(p.modified),
          }),
        ),
      }),

      /** The photo bank's images. */
      'GET /__sim/photobank': () => ({
        images: [...state.photos.values()].map((p) => ({ url: p.url, file_name: p.fileName, group_id: p.groupId, bytes: p.bytes, at: new Date(p.at).toISOString() })),
      }),
    },
  };
}
