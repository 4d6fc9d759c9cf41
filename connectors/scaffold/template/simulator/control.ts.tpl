import { idString } from '../../sdk/exact-json';
import { parseJsonBody, SimControlHandlers, SimHttpError } from '../../sdk/simulator';
import { __Name__State, ORDER_STATUSES, Raw } from './state';

/** The `/__sim/` control endpoints of the __Name__ simulator: their answers are ours, not the marketplace's. */
export function __NAME__Control(state: __Name__State): SimControlHandlers {
  return {
    credentials: () => ({ shopId: state.shopId, apiKey: state.apiKey, accessToken: state.latest.accessToken, refreshToken: state.latest.refreshToken }),

    /** An order as `GET /orders/:id` returns it, upserted by id; `updatedAt` defaults to now. */
    addOrder(body) {
      const parsed = parseJsonBody<unknown>(body);
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new SimHttpError(400, 'an order is a JSON object');
      const order: Raw = { ...(parsed as Raw) };
      const id = idString(order.id);
      if (!id) throw new SimHttpError(400, 'the order needs an id');
      const updatedAt = typeof order.updatedAt === 'string' ? new Date(order.updatedAt) : new Date();
      if (Number.isNaN(updatedAt.getTime())) throw new SimHttpError(400, 'updatedAt must be an ISO time');
      order.id = id;
      order.updatedAt = updatedAt.toISOString();
      order.createdAt ??= order.updatedAt;
      state.orders.set(id, order);
      return { id, status: order.status ?? null, updatedAt: order.updatedAt };
    },

    setOrderStatus(id, status) {
      const order = state.orders.get(id);
      if (!order) throw new SimHttpError(404, `no order ${id}`);
      if (!ORDER_STATUSES.has(status)) throw new SimHttpError(400, `unknown order status ${status}; one of ${[...ORDER_STATUSES].join(', ')}`);
      order.status = status;
      // A partial shipment is about particular lines; any other status is every line's.
      if (status !== 'PARTIALLY_SHIPPED' && Array.isArray(order.lines)) for (const line of order.lines as Raw[]) line.status = status;
      order.updatedAt = new Date().toISOString();
      return { id, status, updatedAt: order.updatedAt };
    },

    listings: () => ({
      listings: [...state.listings.values()].map((l) => ({ id: l.id, sku: l.sku, title: l.title, quantity: l.quantity, price: l.price, currency: l.currency, status: l.status })),
    }),

    shipments: () => ({ shipments: state.shipments.map((s) => ({ ...s, createdAt: s.createdAt.toISOString() })) }),

    expireTokens: () => state.expireTokens(),
    reset: () => state.reset(),
  };
}
