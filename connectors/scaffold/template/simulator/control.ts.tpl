import { idString } from '../../sdk/exact-json';
import { parseJsonBody, SimControlHandlers, SimHttpError } from '../../sdk/simulator';
import { SIGNATURE_HEADER, signNotification } from '../notifications';
import { __Name__State, ORDER_STATUSES, Raw, RETURN_STATUSES } from './state';

/** The `/__sim/` control endpoints of the __Name__ simulator: their answers are ours, not the marketplace's. */
export function __NAME__Control(state: __Name__State, clock: { date(): Date }): SimControlHandlers {
  /** A record of the body: an object with an id, `updatedAt` defaulting to the simulator's now. */
  const record = (body: string, what: string): Raw => {
    const parsed = parseJsonBody<unknown>(body);
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new SimHttpError(400, `${what} is a JSON object`);
    const out: Raw = { ...(parsed as Raw) };
    const id = idString(out.id);
    if (!id) throw new SimHttpError(400, `${what} needs an id`);
    const updatedAt = typeof out.updatedAt === 'string' ? new Date(out.updatedAt) : clock.date();
    if (Number.isNaN(updatedAt.getTime())) throw new SimHttpError(400, 'updatedAt must be an ISO time');
    out.id = id;
    out.updatedAt = updatedAt.toISOString();
    out.createdAt ??= out.updatedAt;
    return out;
  };

  return {
    // The seller's consent as the app received it: no access token (the engine obtains one from the refresh token).
    credentials: () => ({
      shopId: state.shopId,
      clientId: state.clientId,
      clientSecret: state.clientSecret,
      refreshToken: state.latest.refreshToken,
      refreshTokenExpiresAt: new Date(state.latest.refreshExpiresAt).toISOString(),
      notificationSecret: state.notificationSecret,
    }),

    /** An order as `GET /orders/:id` returns it, upserted by id; `updatedAt` defaults to now. */
    addOrder(body) {
      const order = record(body, 'an order');
      state.orders.set(String(order.id), order);
      return { id: order.id, status: order.status ?? null, updatedAt: order.updatedAt };
    },

    setOrderStatus(id, status) {
      const order = state.orders.get(id);
      if (!order) throw new SimHttpError(404, `no order ${id}`);
      if (!ORDER_STATUSES.has(status)) throw new SimHttpError(400, `unknown order status ${status}; one of ${[...ORDER_STATUSES].join(', ')}`);
      order.status = status;
      // A partial shipment is about particular lines; any other status is every line's.
      if (status !== 'PARTIALLY_SHIPPED' && Array.isArray(order.lines)) for (const line of order.lines as Raw[]) line.status = status;
      order.updatedAt = clock.date().toISOString();
      return { id, status, updatedAt: order.updatedAt };
    },

    /** A return or refund as `GET /returns` lists it, upserted by id; `updatedAt` defaults to now. */
    addReturn(body) {
      const ret = record(body, 'a return');
      if (!state.orders.has(String(ret.orderId ?? ''))) throw new SimHttpError(400, `no order ${String(ret.orderId)} for this return`);
      if (!RETURN_STATUSES.has(String(ret.status))) throw new SimHttpError(400, `unknown return status ${String(ret.status)}; one of ${[...RETURN_STATUSES].join(', ')}`);
      state.returns.set(String(ret.id), ret);
      return { id: ret.id, status: ret.status, updatedAt: ret.updatedAt };
    },

    listings: () => ({
      listings: [...state.listings.values()].map((l) => ({
        id: l.id,
        sku: l.sku,
        title: l.title,
        quantity: l.quantity,
        price: l.price,
        salePrice: l.salePrice,
        currency: l.currency,
        status: l.status,
        groupKey: l.groupKey,
        options: l.options,
        attributes: l.attributes,
        locale: l.locale,
      })),
    }),

    shipments: () => ({ shipments: state.shipments.map((s) => ({ ...s, createdAt: s.createdAt.toISOString() })) }),

    expireTokens: () => state.expireTokens(),
    reset: () => state.reset(),

    extra: {
      /**
       * A push message as __Name__ sends it, signed with the shop's notification secret:
       * `{orderIds?, returnIds?, deliverTo?}`. With `deliverTo` (the engine's
       * `/notifications/<channel key>`) it is posted there and the answer's status and body come
       * back; without, the message itself (`{body, headers}`), for a test to post.
       */
      'POST /__sim/notifications': async (req) => {
        const body = parseJsonBody<{ orderIds?: unknown; returnIds?: unknown; deliverTo?: unknown }>(req.body || '{}') ?? {};
        const ids = (v: unknown) => (Array.isArray(v) ? v.map(String) : []);
        const message = JSON.stringify({
          shopId: state.shopId,
          sentAt: clock.date().toISOString(),
          events: [...ids(body.orderIds).map((orderId) => ({ type: 'order.updated', orderId })), ...ids(body.returnIds).map((returnId) => ({ type: 'return.updated', returnId }))],
        });
        const headers = { 'content-type': 'application/json', [SIGNATURE_HEADER]: signNotification(state.notificationSecret, message) };
        if (typeof body.deliverTo !== 'string') return { body: message, headers };
        const res = await fetch(body.deliverTo, { method: 'POST', headers, body: message });
        return { status: res.status, body: await res.text() };
      },
      /** How many refresh grants the token endpoint answered since the last reset. */
      'GET /__sim/auth': () => ({ refreshCalls: state.refreshCalls }),
      /** `{processingMs}`: how long group writes take from now on (on the simulator's clock). */
      'POST /__sim/submissions': (req) => {
        const body = parseJsonBody<Raw>(req.body || '{}');
        const ms = body?.processingMs;
        if (typeof ms !== 'number' || !Number.isInteger(ms) || ms < 0) throw new SimHttpError(400, 'processingMs is a whole number of milliseconds, 0 or more');
        state.processingMs = ms;
        return { processingMs: ms };
      },
      /** The group writes sent, and whether they are processed. */
      'GET /__sim/submissions': () => ({
        submissions: [...state.submissions.values()].map((s) => ({ id: s.id, groupKey: s.groupKey, skus: s.skus, processed: s.results !== null, readyAt: new Date(s.readyAt).toISOString() })),
      }),
    },
  };
}
