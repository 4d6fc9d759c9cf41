import DataLoader from 'dataloader';
import type { Context } from '../context';
import { UserError, userError } from '../common/errors';
import { fromGlobalId, toGlobalId, uuidOf } from '../common/ids';
import { execute, groupRows, inList, pgArray, selectRows } from '../common/sql';
import { HeldShipRequest, releaseIfActive, shipFromReservation, shipWhereHeld, warehouseCodesById, warehousesByCode } from '../inventory';
import { activeHolds, lockOrderFor, LockedOrder, transition } from './order-lifecycle.service';
import { P } from '../staff/permissions';
import { OrderStatus } from './order-status';
import { orderNode } from './order.service';
import { Order } from './order.types';
import { Shipment, ShipmentLine, ShipmentMarketplacePush, ShipmentPushStatus, ShipmentSource, ShipmentStatus } from './fulfilment.types';
import { CreateShipmentInput } from './fulfilment.inputs';
import { checkUnits, MAX_UNITS } from '../common/limits';

/**
 * Shipping orders: a shipment takes its units out of the order's reservation in one warehouse
 * (SHIPMENT movements), advances the order to PARTIALLY_SHIPPED or SHIPPED, and writes an
 * outbox row for the sync engine when the order came from a channel, all in one transaction.
 */

interface ShipmentRow {
  id: string;
  order_id: string;
  number: string;
  warehouse_id: string;
  source: string;
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

const SHIPMENT_SELECT = `select s.id, s.order_id, s.number, s.warehouse_id, s.source, s.carrier, s.service, s.tracking_number, s.tracking_url, s.status, s.shipped_at,
       s.delivered_at, sl.order_line_id, ol.sku, sl.quantity,
       ob.id::text as push_id, ob.dispatched_at as push_dispatched_at, ob.held_at as push_held_at, ob.error_code as push_error_code, ob.error_message as push_error_message
  from shipment s
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

/** Folds joined rows (one per shipment line) into shipments, in row order; `codes` names the warehouses. */
function toShipments(rows: ShipmentRow[], codes: Map<string, string>): (Shipment & { orderDbId: string })[] {
  const out = new Map<string, Shipment & { orderDbId: string }>();
  for (const r of rows) {
    let s = out.get(r.id);
    if (!s) {
      s = Object.assign(new Shipment(), {
        id: toGlobalId('Shipment', r.id),
        orderDbId: r.order_id,
        number: r.number,
        warehouseCode: codes.get(r.warehouse_id) ?? '',
        source: r.source as ShipmentSource,
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
  const rows = await selectRows<ShipmentRow>(ctx.em, `${SHIPMENT_SELECT} where ${where} ${SHIPMENT_ORDER}`, params);
  // Warehouse codes come through inventory's door (one statement for the lot).
  return toShipments(rows, await warehouseCodesById(ctx, [...new Set(rows.map((r) => r.warehouse_id))]));
}

/** Shipments of orders, one statement per request batch (Order.shipments); kept on the request's context. */
export function shipmentsByOrder(ctx: Context): DataLoader<string, Shipment[]> {
  return ctx.loaders.of(createShipmentsByOrder);
}

function createShipmentsByOrder(ctx: Context): DataLoader<string, Shipment[]> {
  return new DataLoader(async (ids) => {
    const all = await shipmentsWhere(ctx, `s.order_id in (${inList(ids.length)})`, [...ids]);
    return groupRows(all, ids, (s) => s.orderDbId);
  });
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

  // What physically leaves the shelves (a bundle line ships its components), through inventory.
  const skuAt = new Map(wanted.map((w) => [w.index, w.line.sku]));
  const refusals = await shipFromReservation(ctx, order.reservation_id, warehouse!.id, order.number, wanted.map((w) => ({ index: w.index, variantId: w.line.variant_id!, quantity: w.quantity })));
  for (const { index, error } of refusals) errors.push(userError(error.code, `${skuAt.get(index)}: ${error.message}`, ['lines', index, 'quantity']));
  // Any refusal rolls the whole unit of work back, the reservation lines taken above included.
  if (errors.length) return refused(...errors);

  const shipment = await insertShipment(ctx, order.id, warehouse!.id, { source: ShipmentSource.OURS, carrier, service, tracking, trackingUrl }, wanted.map((w) => ({ lineId: w.line.id, quantity: w.quantity })));
  const [left] = await selectRows<{ n: number; channel_id: string | null }>(
    ctx.em,
    `select (select coalesce(sum(quantity - quantity_shipped), 0)::int from order_line where order_id = o.id) as n, o.channel_id
       from sales_order o where o.id = ?`,
    [order.id],
  );
  const to = left.n === 0 ? OrderStatus.SHIPPED : OrderStatus.PARTIALLY_SHIPPED;
  const refusal = await transition(ctx, order, to, 'API', `shipment ${tracking}`);
  if (refusal) return refused(refusal);
  if (to === OrderStatus.SHIPPED) await execute(ctx.em, 'update sales_order set shipped_at = now() where id = ?', [order.id]);
  if (left.channel_id) await execute(ctx.em, 'insert into shipment_outbox (shipment_id, channel_id) values (?, ?)', [shipment.id, left.channel_id]);
  const [created] = await shipmentsWhere(ctx, 's.id = ?', [shipment.id]);
  return { shipment: created, order: await orderNode(ctx, order.id), userErrors: [] };
}

/** Writes a shipment, its lines and the lines' shipped units; the stock has left through inventory already. */
async function insertShipment(
  ctx: Context,
  orderId: string,
  warehouseId: string,
  p: { source: ShipmentSource; carrier: string; service: string | null; tracking: string; trackingUrl: string | null; shippedAt?: Date | null; delivered?: boolean },
  lines: { lineId: string; quantity: number }[],
): Promise<{ id: string }> {
  const [shipment] = await selectRows<{ id: string }>(
    ctx.em,
    `insert into shipment (id, order_id, warehouse_id, source, carrier, service, tracking_number, tracking_url, actor_label, shipped_at, status, delivered_at)
     values (gen_random_uuid(), ?, ?, ?, ?, ?, ?, ?, ?, coalesce(?::timestamptz, now()), ?, case when ? then now() end) returning id`,
    [
      orderId, warehouseId, p.source, p.carrier, p.service, p.tracking, p.trackingUrl, ctx.actor?.label ?? 'system', p.shippedAt ?? null,
      p.delivered ? ShipmentStatus.DELIVERED : ShipmentStatus.SHIPPED, !!p.delivered,
    ],
  );
  for (const l of lines) {
    await execute(ctx.em, 'insert into shipment_line (id, shipment_id, order_line_id, quantity) values (gen_random_uuid(), ?, ?, ?)', [shipment.id, l.lineId, l.quantity]);
    await execute(ctx.em, 'update order_line set quantity_shipped = quantity_shipped + ? where id = ?', [l.quantity, l.lineId]);
  }
  return shipment;
}

/** A parcel a marketplace reports for units of one order line (a connector's LineShipmentDto). */
export interface MarketplaceParcel {
  quantity: number;
  carrier?: string | null;
  trackingNumber?: string | null;
  shippedAt?: Date | null;
}

/** What a marketplace's delivery of an order we have says has left, after the intake applied it. */
export interface MarketplaceShippedReport {
  /** The order, locked, with the status the delivery moved it to. */
  order: LockedOrder;
  /** Parcels by the marketplace's line id; a line not in it, or null, is one the marketplace does not report by line. */
  parcels: ReadonlyMap<string, MarketplaceParcel[] | null>;
}

/** Statuses in which a marketplace says goods have left (some, or all from SHIPPED on). */
const LEFT_STATUSES = new Set([OrderStatus.PARTIALLY_SHIPPED, OrderStatus.SHIPPED, OrderStatus.DELIVERED, OrderStatus.COMPLETED]);
const ALL_LEFT_STATUSES = new Set([OrderStatus.SHIPPED, OrderStatus.DELIVERED, OrderStatus.COMPLETED]);
const DELIVERED_STATUSES = new Set([OrderStatus.DELIVERED, OrderStatus.COMPLETED]);

/** Longest carrier and tracking number a shipment keeps (createShipment's limits). */
const MAX_PARCEL_TEXT = 100;
const parcelText = (v: string | null | undefined) => (typeof v === 'string' ? v.trim().slice(0, MAX_PARCEL_TEXT) : '');

/**
 * Records what the marketplace shipped of orders we hold stock for (the seller consigned them in
 * the marketplace's back office, or another system did): the units we had not shipped leave,
 * through inventory, from the warehouses that held them for the order, as MARKETPLACE shipments
 * carrying the marketplace's carrier and waybill number where it gives them; no outbox row, the
 * marketplace knows. Then, once the marketplace says everything left, what the reservation still
 * holds goes back to sale (units it never shipped: a line refunded before shipping), so nothing
 * stays reserved for a shipped order.
 *
 * Which units left: the parcels the marketplace reports by line, less those recorded already
 * (the line left under that waybill number: our own parcel as the marketplace shows it, or its
 * report taken before), at most what the line has not shipped; a line it does not report by line, once the whole order has shipped, all its unshipped
 * units but those refunded. Orders the marketplace fulfils from its own stock (Amazon AFN) hold
 * none of ours, and an order holding no reservation (first seen already shipped, or short of
 * stock) takes nothing: stock not set aside for it is not ours to say left with it. A repeat of
 * the same report finds nothing left to ship and changes nothing. The order's status then
 * follows as for our own shipments.
 */
export async function recordMarketplaceShipments(ctx: Context, reports: MarketplaceShippedReport[]): Promise<void> {
  // An order delivered twice in one batch is judged once, on the delivery applied last.
  const latest = new Map(reports.map((r) => [r.order.id, r]));
  const wanted = [...latest.values()].filter((r) => LEFT_STATUSES.has(r.order.status) && r.order.reservation_id);
  if (!wanted.length) return;
  const orderIds = pgArray(wanted.map((r) => r.order.id));
  const lines = await selectRows<{
    id: string; order_id: string; external_line_id: string | null; variant_id: string | null; quantity: number; quantity_shipped: number;
    refund_status: string | null; refund_quantity: number; fulfilled_by: string;
  }>(
    ctx.em,
    `select l.id, l.order_id, l.external_line_id, l.variant_id, l.quantity, l.quantity_shipped, l.refund_status, l.refund_quantity, o.fulfilled_by
       from order_line l join sales_order o on o.id = l.order_id
      where l.order_id = any(?::uuid[]) order by l.order_id, l.position`,
    [orderIds],
  );
  // Waybills each line already left under (ours, or the marketplace's recorded before).
  const tracked = await selectRows<{ order_line_id: string; tracking_number: string }>(
    ctx.em,
    `select distinct sl.order_line_id, s.tracking_number from shipment s join shipment_line sl on sl.shipment_id = s.id
      where s.order_id = any(?::uuid[]) and s.tracking_number <> ''`,
    [orderIds],
  );
  const recorded = new Set(tracked.map((t) => `${t.order_line_id}\u0000${t.tracking_number}`));

  // What leaves, per order: units of a line in a parcel (the pieces' positions are the items' indexes).
  type Piece = { lineId: string; variantId: string; quantity: number; carrier: string; tracking: string; shippedAt: Date | null };
  const plans: { report: MarketplaceShippedReport; pieces: Piece[] }[] = [];
  for (const report of wanted) {
    const { order } = report;
    const all = ALL_LEFT_STATUSES.has(order.status);
    const pieces: Piece[] = [];
    for (const line of lines.filter((l) => l.order_id === order.id)) {
      if (line.fulfilled_by === 'MARKETPLACE' || !line.variant_id) continue;
      let left = line.quantity - line.quantity_shipped;
      const parcels = line.external_line_id ? report.parcels.get(line.external_line_id) : undefined;
      if (parcels) {
        for (const p of parcels) {
          const tracking = parcelText(p.trackingNumber);
          if (tracking && recorded.has(`${line.id}\u0000${tracking}`)) continue;
          const n = Math.min(left, Number.isInteger(p.quantity) && p.quantity > 0 ? p.quantity : 0);
          if (n <= 0) continue;
          const shippedAt = p.shippedAt instanceof Date && !Number.isNaN(p.shippedAt.getTime()) ? p.shippedAt : null;
          pieces.push({ lineId: line.id, variantId: line.variant_id, quantity: n, carrier: parcelText(p.carrier), tracking, shippedAt });
          left -= n;
        }
      } else if (all) {
        // Not reported by line: everything left but what was refunded (those units never went, as far as anyone says).
        const refunded = line.refund_status === 'REFUNDED' ? line.refund_quantity : 0;
        const n = Math.max(0, left - refunded);
        if (n > 0) pieces.push({ lineId: line.id, variantId: line.variant_id, quantity: n, carrier: '', tracking: '', shippedAt: null });
      }
    }
    plans.push({ report, pieces });
  }

  const toShip = plans.filter((p) => p.pieces.length);
  const requests: HeldShipRequest[] = toShip.map(({ report, pieces }) => ({
    reservationId: report.order.reservation_id!,
    reference: report.order.number,
    items: pieces.map((p, index) => ({ index, variantId: p.variantId, quantity: p.quantity })),
  }));
  const shippedPerOrder = await shipWhereHeld(ctx, requests);

  for (const [k, { report, pieces }] of toShip.entries()) {
    const { order } = report;
    // One shipment per parcel and warehouse: a parcel whose units two warehouses held is two, with the same waybill.
    const groups = new Map<string, { warehouseId: string; piece: Piece; lines: Map<string, number> }>();
    for (const s of shippedPerOrder[k]) {
      const piece = pieces[s.index];
      const key = JSON.stringify([piece.carrier, piece.tracking, piece.shippedAt?.toISOString() ?? null, s.warehouseId]);
      const g = groups.get(key) ?? { warehouseId: s.warehouseId, piece, lines: new Map<string, number>() };
      g.lines.set(piece.lineId, (g.lines.get(piece.lineId) ?? 0) + s.quantity);
      groups.set(key, g);
    }
    for (const g of groups.values()) {
      await insertShipment(
        ctx,
        order.id,
        g.warehouseId,
        {
          source: ShipmentSource.MARKETPLACE, carrier: g.piece.carrier, service: null, tracking: g.piece.tracking, trackingUrl: null,
          shippedAt: g.piece.shippedAt, delivered: DELIVERED_STATUSES.has(order.status),
        },
        [...g.lines].map(([lineId, quantity]) => ({ lineId, quantity })),
      );
    }
  }

  for (const { report, pieces } of plans) {
    const { order } = report;
    const [left] = await selectRows<{ n: number }>(ctx.em, 'select coalesce(sum(quantity - quantity_shipped), 0)::int as n from order_line where order_id = ?', [order.id]);
    // A marketplace that says part left while the parcels it lists complete the order: shipped, as our own last parcel would make it.
    if (order.status === OrderStatus.PARTIALLY_SHIPPED && left.n === 0) {
      const refusal = await transition(ctx, order, OrderStatus.SHIPPED, 'SYNC', 'every unit shipped');
      if (refusal) throw new Error(`${order.number}: ${refusal.message}`);
    }
    if (ALL_LEFT_STATUSES.has(order.status)) {
      await releaseIfActive(ctx, order.reservation_id!);
      const times = pieces.flatMap((p) => (p.shippedAt ? [p.shippedAt.getTime()] : []));
      await execute(
        ctx.em,
        `update sales_order set shipped_at = coalesce(shipped_at, ?::timestamptz, now()),
           delivered_at = case when ? then coalesce(delivered_at, now()) else delivered_at end
         where id = ?`,
        [times.length ? new Date(Math.min(...times)) : null, DELIVERED_STATUSES.has(order.status), order.id],
      );
    }
  }
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
    await execute(ctx.em, 'update sales_order set delivered_at = now() where id = ?', [order.id]);
  }
  const shipments = marked.length ? await shipmentsWhere(ctx, `s.id in (${inList(marked.length)})`, marked.map((m) => m.id)) : [];
  return { order: await orderNode(ctx, order.id), shipments, userErrors: [] };
}
