import DataLoader from 'dataloader';
import type { Context } from '../context';
import { UserError, userError } from '../common/errors';
import { fromGlobalId, toGlobalId, uuidOf } from '../common/ids';
import { selectRows } from '../common/sql';
import { placeholders } from '../catalog/catalog.sql';
import { warehousesByCode } from '../inventory/inventory.lookup';
import { shipReserved } from '../inventory/shipment-ledger';
import { activeHolds, lockOrderFor, LockedOrder, transition } from './order-lifecycle.service';
import { P } from '../staff/permissions';
import { OrderStatus } from './order-status';
import { orderNode } from './order.service';
import { Order } from './order.types';
import { CreateShipmentInput, Shipment, ShipmentLine, ShipmentMarketplacePush, ShipmentPushStatus, ShipmentStatus } from './fulfilment.types';
import { checkUnits, MAX_UNITS } from '../common/limits';

/**
 * Shipping orders: a shipment takes its units out of the order's reservation in one warehouse
 * (SHIPMENT movements), advances the order to PARTIALLY_SHIPPED or SHIPPED, and writes an
 * outbox row for the sync engine when the order came from a channel, all in one transaction.
 */

function run(ctx: Context, sql: string, params: unknown[]): Promise<unknown> {
  return ctx.em.getConnection().execute(sql, params, 'run', ctx.em.getTransactionContext());
}

interface ShipmentRow {
  id: string;
  order_id: string;
  number: string;
  warehouse_code: string;
  carrier: string;
  service: string | null;
  tracking_number: string;
  tracking_url: string | null;
  status: string;
  shipped_at: string;
  delivered_at: string | null;
  order_line_id: string | null;
  sku: string | null;
  quantity: number | null;
  /** The shipment's outbox row (a channel order's): whether and how the marketplace was told. */
  push_id: string | null;
  push_dispatched_at: string | null;
  push_held_at: string | null;
  push_error_code: string | null;
  push_error_message: string | null;
}

const SHIPMENT_SELECT = `select s.id, s.order_id, s.number, w.code as warehouse_code, s.carrier, s.service, s.tracking_number, s.tracking_url, s.status, s.shipped_at,
       s.delivered_at, sl.order_line_id, ol.sku, sl.quantity,
       ob.id::text as push_id, ob.dispatched_at as push_dispatched_at, ob.held_at as push_held_at, ob.error_code as push_error_code, ob.error_message as push_error_message
  from shipment s join warehouse w on w.id = s.warehouse_id
  left join shipment_line sl on sl.shipment_id = s.id
  left join order_line ol on ol.id = sl.order_line_id
  left join shipment_outbox ob on ob.shipment_id = s.id`;

/** How the marketplace was told about a parcel, from its outbox row; null without one (not a channel order). */
function pushOf(r: ShipmentRow): ShipmentMarketplacePush | null {
  if (!r.push_id) return null;
  const status = r.push_dispatched_at ? (r.push_error_code ? ShipmentPushStatus.REFUSED : ShipmentPushStatus.SENT) : r.push_held_at ? ShipmentPushStatus.HELD : ShipmentPushStatus.PENDING;
  const failed = status === ShipmentPushStatus.REFUSED || status === ShipmentPushStatus.HELD;
  return Object.assign(new ShipmentMarketplacePush(), {
    status,
    errorCode: failed ? r.push_error_code : null,
    errorMessage: failed ? r.push_error_message : null,
    at: r.push_dispatched_at ? new Date(r.push_dispatched_at) : null,
  });
}
const SHIPMENT_ORDER = 'order by s.order_id, s.shipped_at, s.number, ol.position';

/** Folds joined rows (one per shipment line) into shipments, in row order. */
function toShipments(rows: ShipmentRow[]): (Shipment & { orderDbId: string })[] {
  const out = new Map<string, Shipment & { orderDbId: string }>();
  for (const r of rows) {
    let s = out.get(r.id);
    if (!s) {
      s = Object.assign(new Shipment(), {
        id: toGlobalId('Shipment', r.id),
        orderDbId: r.order_id,
        number: r.number,
        warehouseCode: r.warehouse_code,
        carrier: r.carrier,
        service: r.service,
        trackingNumber: r.tracking_number,
        trackingUrl: r.tracking_url,
        marketplacePush: pushOf(r),
        status: r.status as ShipmentStatus,
        shippedAt: new Date(r.shipped_at),
        deliveredAt: r.delivered_at ? new Date(r.delivered_at) : null,
        lines: [] as ShipmentLine[],
      });
      out.set(r.id, s);
    }
    if (r.order_line_id) {
      s.lines.push(Object.assign(new ShipmentLine(), { orderLineId: toGlobalId('OrderLine', r.order_line_id), sku: r.sku!, quantity: r.quantity! }));
    }
  }
  return [...out.values()];
}

async function shipmentsWhere(ctx: Context, where: string, params: unknown[]): Promise<(Shipment & { orderDbId: string })[]> {
  return toShipments(await selectRows<ShipmentRow>(ctx.em, `${SHIPMENT_SELECT} where ${where} ${SHIPMENT_ORDER}`, params));
}

const loaders = new WeakMap<Context, DataLoader<string, Shipment[]>>();

/** Shipments of orders, one statement per request batch (Order.shipments). */
export function shipmentsByOrder(ctx: Context): DataLoader<string, Shipment[]> {
  let l = loaders.get(ctx);
  if (!l) {
    l = new DataLoader(async (ids) => {
      const all = await shipmentsWhere(ctx, `s.order_id in (${placeholders(ids.length)})`, [...ids]);
      const map = new Map<string, Shipment[]>(ids.map((id) => [id, []]));
      for (const s of all) map.get(s.orderDbId)?.push(s);
      return ids.map((id) => map.get(id)!);
    });
    loaders.set(ctx, l);
  }
  return l;
}

export interface ShipmentPayloadShape {
  shipment: Shipment | null;
  order: Order | null;
  userErrors: UserError[];
}

const refused = (...userErrors: UserError[]): ShipmentPayloadShape => ({ shipment: null, order: null, userErrors });

/** An http(s) address a buyer can open: parsed by the URL standard, with a host, at most 2048 characters. */
function isWebAddress(text: string): boolean {
  if (text.length > 2048) return false;
  try {
    const url = new URL(text);
    return (url.protocol === 'https:' || url.protocol === 'http:') && !!url.hostname;
  } catch {
    return false;
  }
}

/**
 * createShipment: sends units of an order's lines from one warehouse. The order must be PAID or
 * PARTIALLY_SHIPPED and not held; each line's units must not exceed what is left unshipped and
 * must be reserved for the order in that warehouse. All or nothing.
 */
export async function createShipment(ctx: Context, input: CreateShipmentInput): Promise<ShipmentPayloadShape> {
  const errors: UserError[] = [];
  const carrier = input.carrier.trim();
  const tracking = input.trackingNumber.trim();
  const service = input.service?.trim() || null;
  const trackingUrl = input.trackingUrl?.trim() || null;
  if (!carrier || carrier.length > 100) errors.push(userError('INVALID_VALUE', 'The carrier is 1-100 characters', 'carrier'));
  if (!tracking || tracking.length > 100) errors.push(userError('INVALID_VALUE', 'The tracking number is 1-100 characters', 'trackingNumber'));
  if (service && service.length > 100) errors.push(userError('INVALID_VALUE', 'The service is at most 100 characters', 'service'));
  if (trackingUrl && !isWebAddress(trackingUrl)) errors.push(userError('INVALID_VALUE', 'The tracking URL is an http or https address of at most 2048 characters', 'trackingUrl'));
  if (!input.lines.length) errors.push(userError('REQUIRED', 'Give at least one line', 'lines'));
  const orderId = uuidOf('Order', input.orderId);
  const order = orderId ? await lockOrderFor(ctx, orderId, P.OrdersFulfil) : undefined;
  if (!order) return refused(userError('NOT_FOUND', 'No order has this id', 'orderId'), ...errors);
  if (order.status !== OrderStatus.PAID && order.status !== OrderStatus.PARTIALLY_SHIPPED) {
    errors.push(userError('ILLEGAL_TRANSITION', `An order that is ${order.status} cannot ship`, 'orderId'));
  }
  const [{ fulfilled_by: fulfilledBy }] = await selectRows<{ fulfilled_by: string }>(ctx.em, 'select fulfilled_by from sales_order where id = ?', [order.id]);
  if (fulfilledBy === 'MARKETPLACE') errors.push(userError('FULFILLED_BY_MARKETPLACE', 'The marketplace ships this order from its own stock (e.g. Amazon AFN); we do not', 'orderId'));
  const holds = await activeHolds(ctx, order.id);
  if (holds.length) errors.push(userError('ORDER_ON_HOLD', `The order is held (${holds.join(', ')}); release it first`, 'orderId'));
  const code = input.warehouseCode.trim().toUpperCase();
  const warehouse = (await warehousesByCode(ctx, [code])).get(code);
  if (!warehouse) errors.push(userError('UNKNOWN_WAREHOUSE', `No warehouse has code ${input.warehouseCode}`, 'warehouseCode'));

  const lineRows = await selectRows<{ id: string; variant_id: string | null; sku: string; quantity: number; quantity_shipped: number }>(
    ctx.em,
    'select id, variant_id, sku, quantity, quantity_shipped from order_line where order_id = ?',
    [order.id],
  );
  const byId = new Map(lineRows.map((l) => [l.id, l]));
  const seen = new Set<string>();
  const wanted: { index: number; line: (typeof lineRows)[number]; quantity: number }[] = [];
  input.lines.forEach((l, i) => {
    const id = uuidOf('OrderLine', l.orderLineId);
    const line = id ? byId.get(id) : undefined;
    if (!line) return void errors.push(userError('UNKNOWN_ORDER_LINE', 'This line is not a line of the order', ['lines', i, 'orderLineId']));
    if (seen.has(line.id)) return void errors.push(userError('DUPLICATE_LINE', 'This line is given twice', ['lines', i, 'orderLineId']));
    seen.add(line.id);
    if (!Number.isInteger(l.quantity) || l.quantity < 1 || l.quantity > MAX_UNITS) return void checkUnits(l.quantity, ['lines', i, 'quantity'], errors);
    const left = line.quantity - line.quantity_shipped;
    if (l.quantity > left) {
      return void errors.push(userError('OVER_SHIPMENT', `${line.sku}: ${l.quantity} to ship, ${left} left unshipped`, ['lines', i, 'quantity']));
    }
    if (!line.variant_id) return void errors.push(userError('UNMAPPED_SKU', `${line.sku} is not mapped to a variant`, ['lines', i, 'orderLineId']));
    wanted.push({ index: i, line, quantity: l.quantity });
  });
  if (errors.length) return refused(...errors);
  if (!order.reservation_id) return refused(userError('NOT_RESERVED_HERE', 'The order holds no reserved stock', 'warehouseCode'));

  // What physically leaves the shelves: a bundle line ships its components.
  const variantIds = [...new Set(wanted.map((w) => w.line.variant_id!))];
  const components = await selectRows<{ bundle_id: string; component_id: string; quantity: number }>(
    ctx.em,
    `select bundle_id, component_id, quantity from bundle_component where bundle_id in (${placeholders(variantIds.length)}) order by bundle_id, component_id`,
    variantIds,
  );
  const pieces: { index: number; variantId: string; bundleId: string | null; quantity: number }[] = [];
  for (const w of wanted) {
    const parts = components.filter((c) => c.bundle_id === w.line.variant_id);
    if (parts.length) for (const c of parts) pieces.push({ index: w.index, variantId: c.component_id, bundleId: w.line.variant_id, quantity: c.quantity * w.quantity });
    else pieces.push({ index: w.index, variantId: w.line.variant_id!, bundleId: null, quantity: w.quantity });
  }
  const skuAt = new Map(wanted.map((w) => [w.index, w.line.sku]));
  // Levels are locked in variant order, as reservations lock them.
  pieces.sort((a, b) => a.variantId.localeCompare(b.variantId) || (a.bundleId ?? '').localeCompare(b.bundleId ?? '') || a.index - b.index);
  for (const p of pieces) {
    const e = await shipReserved(ctx, order.reservation_id, p.variantId, warehouse!.id, p.quantity, order.number, p.bundleId);
    if (e) errors.push(userError(e.code, `${skuAt.get(p.index)}: ${e.message}`, ['lines', p.index, 'quantity']));
  }
  // Any refusal rolls the whole unit of work back, the reservation lines taken above included.
  if (errors.length) return refused(...errors);

  const [shipment] = await selectRows<{ id: string }>(
    ctx.em,
    `insert into shipment (id, order_id, warehouse_id, carrier, service, tracking_number, tracking_url, actor_label) values (gen_random_uuid(), ?, ?, ?, ?, ?, ?, ?) returning id`,
    [order.id, warehouse!.id, carrier, service, tracking, trackingUrl, ctx.actor?.label ?? 'system'],
  );
  for (const w of wanted) {
    await run(ctx, 'insert into shipment_line (id, shipment_id, order_line_id, quantity) values (gen_random_uuid(), ?, ?, ?)', [shipment.id, w.line.id, w.quantity]);
    await run(ctx, 'update order_line set quantity_shipped = quantity_shipped + ? where id = ?', [w.quantity, w.line.id]);
  }
  const [left] = await selectRows<{ n: number; channel_id: string | null }>(
    ctx.em,
    `select (select coalesce(sum(quantity - quantity_shipped), 0)::int from order_line where order_id = o.id) as n, o.channel_id
       from sales_order o where o.id = ?`,
    [order.id],
  );
  const to = left.n === 0 ? OrderStatus.SHIPPED : OrderStatus.PARTIALLY_SHIPPED;
  const refusal = await transition(ctx, order, to, 'API', `shipment ${tracking}`);
  if (refusal) return refused(refusal);
  if (to === OrderStatus.SHIPPED) await run(ctx, 'update sales_order set shipped_at = now() where id = ?', [order.id]);
  if (left.channel_id) await run(ctx, 'insert into shipment_outbox (shipment_id, channel_id) values (?, ?)', [shipment.id, left.channel_id]);
  const [created] = await shipmentsWhere(ctx, 's.id = ?', [shipment.id]);
  return { shipment: created, order: await orderNode(ctx, order.id), userErrors: [] };
}

export interface DeliveryPayloadShape {
  order: Order | null;
  shipments: Shipment[];
  userErrors: UserError[];
}

/**
 * markDelivered: takes a Shipment id or an Order id. A shipment is marked DELIVERED; an order
 * has all its shipments marked. When the order is SHIPPED and every shipment of it is
 * delivered, the order moves to DELIVERED; an order id of an order not (fully) shipped is
 * ILLEGAL_TRANSITION.
 */
export async function markDelivered(ctx: Context, id: string): Promise<DeliveryPayloadShape> {
  const parsed = fromGlobalId(id);
  let order: LockedOrder | undefined;
  let shipmentId: string | undefined;
  if (parsed?.type === 'Shipment') {
    shipmentId = uuidOf('Shipment', id);
    const [s] = shipmentId ? await selectRows<{ order_id: string }>(ctx.em, 'select order_id from shipment where id = ?', [shipmentId]) : [];
    if (s) order = await lockOrderFor(ctx, s.order_id, P.OrdersFulfil);
  } else if (parsed?.type === 'Order') {
    const orderId = uuidOf('Order', id);
    order = orderId ? await lockOrderFor(ctx, orderId, P.OrdersFulfil) : undefined;
    if (order && order.status !== OrderStatus.SHIPPED && order.status !== OrderStatus.DELIVERED) {
      return { order: null, shipments: [], userErrors: [userError('ILLEGAL_TRANSITION', `An order that is ${order.status} cannot be delivered`, 'id')] };
    }
  }
  if (!order) return { order: null, shipments: [], userErrors: [userError('NOT_FOUND', 'No shipment or order has this id', 'id')] };
  const marked = await selectRows<{ id: string }>(
    ctx.em,
    `update shipment set status = 'DELIVERED', delivered_at = now()
      where order_id = ? and status = 'SHIPPED' ${shipmentId ? 'and id = ?' : ''} returning id`,
    shipmentId ? [order.id, shipmentId] : [order.id],
  );
  const [pending] = await selectRows<{ n: number }>(ctx.em, `select count(*)::int as n from shipment where order_id = ? and status = 'SHIPPED'`, [order.id]);
  if (order.status === OrderStatus.SHIPPED && pending.n === 0) {
    const refusal = await transition(ctx, order, OrderStatus.DELIVERED, 'API');
    if (refusal) return { order: null, shipments: [], userErrors: [refusal] };
    await run(ctx, 'update sales_order set delivered_at = now() where id = ?', [order.id]);
  }
  const shipments = marked.length ? await shipmentsWhere(ctx, `s.id in (${placeholders(marked.length)})`, marked.map((m) => m.id)) : [];
  return { order: await orderNode(ctx, order.id), shipments, userErrors: [] };
}
