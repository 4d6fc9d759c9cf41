import type { Context } from '../context';
import { badInput, UserError, userError } from '../common/errors';
import { uuidOf } from '../common/ids';
import { execute, inList, selectRows } from '../common/sql';
import { buildPage, ConnectionArgs, Page, pageRequest } from '../common/relay';
import { receiveReturned } from '../inventory';
import { linkCaseToReturn, lockCaseForReturn } from '../sync/channel-return.service';
import { orderRefs } from './order-refs.queries';
import { ORDER_COLUMNS, OrderRow } from './order.types';
import { canTransition, OrderStatus, ReturnStatus, ReturnType } from './order-status';
import { lockOrder, lockOrderFor, releaseForOrder, transition } from './order-lifecycle.service';
import { orderScopeSql, requireOnOrder } from './order-scope';
import { P, Permission } from '../staff/permissions';
import { insertOrder } from './order-write.service';
import { fromCents, toCents } from './order-amounts';
import { recordRefund, refundLedgers, roomOnLine } from './refund.service';
import { allocateRefund } from './refund-allocation';
import type { ReturnLineRow, ReturnRow } from './returns.types';
import type { CreateReturnInput, ReceiveReturnInput, RefundReturnInput, ReturnFilter } from './returns.inputs';
import { OrderReturn, RETURN_COLUMNS, ReturnCondition } from './returns.types';
import { checkUnits, MAX_UNITS } from '../common/limits';

/**
 * After-sales (售后): returns, refunds and exchanges. A return moves REQUESTED → APPROVED |
 * REJECTED → RECEIVED → REFUNDED → CLOSED; receiving puts goods back through the stock ledger,
 * refunding raises the order's refunded amount and records what each line paid back (never
 * beyond what it was paid: refund.service.ts), an exchange creates a replacement order. A cancel
 * closes the open refund-only returns it paid back (settleCancel).
 */

export interface ReturnPayloadShape {
  return: OrderReturn | null;
  userErrors: UserError[];
}

const refused = (code: string, message: string, field?: string | (string | number)[]): ReturnPayloadShape => ({
  return: null,
  userErrors: [userError(code, message, field)],
});

/**
 * The legal moves of a return (the mutations pick the ones they make). Plain strings: this
 * module and returns.types.ts import each other, so no enum value is read at load time.
 */
const RETURN_TRANSITIONS: Record<ReturnStatus, string[]> = {
  REQUESTED: ['APPROVED', 'REJECTED'],
  APPROVED: ['RECEIVED', 'REFUNDED'],
  REJECTED: [],
  RECEIVED: ['REFUNDED', 'CLOSED'],
  REFUNDED: ['CLOSED'],
  CLOSED: [],
};

export async function returnNode(ctx: Context, id: string): Promise<OrderReturn | null> {
  const [row] = await selectRows<ReturnRow>(ctx.em, `select ${RETURN_COLUMNS} from order_return r join sales_order o on o.id = r.order_id where r.id = ?`, [id]);
  return row ? OrderReturn.fromRow(row) : null;
}

/** One return as `node(id)` reads it: null when there is none, FORBIDDEN when the caller does not read its order. */
export async function returnFor(ctx: Context, id: string): Promise<OrderReturn | null> {
  const [row] = await selectRows<ReturnRow & { channel_id: string | null }>(
    ctx.em,
    `select ${RETURN_COLUMNS}, o.channel_id from order_return r join sales_order o on o.id = r.order_id where r.id = ?`,
    [id],
  );
  if (!row) return null;
  requireOnOrder(ctx, row.channel_id, P.OrdersRead);
  return OrderReturn.fromRow(row);
}

/** Locks a return for a change the caller must reach its order for with one of `permissions` (FORBIDDEN otherwise). */
async function lockReturn(ctx: Context, globalId: string, ...permissions: Permission[]): Promise<(ReturnRow & { reservation_id: string | null }) | undefined> {
  const id = uuidOf('OrderReturn', globalId);
  if (!id) return undefined;
  const [r] = await selectRows<ReturnRow & { reservation_id: string | null; channel_id: string | null }>(
    ctx.em,
    `select ${RETURN_COLUMNS}, o.reservation_id, o.channel_id from order_return r join sales_order o on o.id = r.order_id where r.id = ? for update of r`,
    [id],
  );
  if (r) requireOnOrder(ctx, r.channel_id, ...permissions);
  return r;
}

/** Moves a return to `to` (checked against the table) and writes its history. */
async function moveReturn(ctx: Context, r: { id: string; status: ReturnStatus }, to: ReturnStatus, note = ''): Promise<UserError | null> {
  if (!RETURN_TRANSITIONS[r.status].includes(to)) {
    return userError('ILLEGAL_TRANSITION', `A return cannot go from ${r.status} to ${to}`, 'status');
  }
  await execute(ctx.em, `update order_return set status = ?, updated_at = now() where id = ?`, [to, r.id]);
  await execute(ctx.em, `insert into return_status_history (return_id, from_status, to_status, actor_label, note) values (?, ?, ?, ?, ?)`, [
    r.id, r.status, to, ctx.actor?.label ?? 'system', note,
  ]);
  r.status = to;
  return null;
}

/** createReturn: a return, refund-only or exchange request for units of one order. */
export async function createReturn(ctx: Context, input: CreateReturnInput): Promise<ReturnPayloadShape> {
  const orderId = uuidOf('Order', input.orderId);
  const order = orderId ? await lockOrderFor(ctx, orderId, P.OrdersReturns) : undefined;
  if (!order) return refused('NOT_FOUND', 'No order has this id', 'orderId');
  if (order.status === OrderStatus.PENDING_PAYMENT || order.status === OrderStatus.CANCELLED) {
    return refused('ORDER_NOT_RETURNABLE', `A ${order.status} order has nothing to return or refund`, 'orderId');
  }
  const errors: UserError[] = [];
  if (!input.lines.length) errors.push(userError('REQUIRED', 'A return needs at least one line', 'lines'));
  const lines = await selectRows<{ id: string; quantity: number; quantity_shipped: number }>(
    ctx.em,
    'select id, quantity, quantity_shipped from order_line where order_id = ?',
    [order.id],
  );
  // Units already claimed by open or finished returns (rejected ones free their units again).
  const claims = await selectRows<{ order_line_id: string; goods: number; all: number }>(
    ctx.em,
    `select rl.order_line_id, coalesce(sum(rl.quantity) filter (where r.type <> 'REFUND_ONLY'), 0)::int as goods, sum(rl.quantity)::int as "all"
       from return_line rl join order_return r on r.id = rl.return_id
      where r.order_id = ? and r.status <> 'REJECTED' group by rl.order_line_id`,
    [order.id],
  );
  const claimed = new Map(claims.map((c) => [c.order_line_id, c]));
  const byId = new Map(lines.map((l) => [l.id, l]));
  const seen = new Set<string>();
  const goodsBack = input.type !== ReturnType.REFUND_ONLY;
  input.lines.forEach((l, i) => {
    const lineId = uuidOf('OrderLine', l.orderLineId);
    const line = lineId ? byId.get(lineId) : undefined;
    if (!line) return void errors.push(userError('NOT_FOUND', 'This line is not a line of the order', ['lines', i, 'orderLineId']));
    if (seen.has(line.id)) return void errors.push(userError('DUPLICATE_LINE', 'Each order line appears once', ['lines', i, 'orderLineId']));
    seen.add(line.id);
    if (!Number.isInteger(l.quantity) || l.quantity < 1 || l.quantity > MAX_UNITS) return void checkUnits(l.quantity, ['lines', i, 'quantity'], errors);
    const c = claimed.get(line.id);
    if (goodsBack) {
      const left = line.quantity_shipped - (c?.goods ?? 0);
      if (l.quantity > left) {
        errors.push(userError('RETURN_EXCEEDS_SHIPPED', `Only ${Math.max(left, 0)} shipped unit(s) of this line can still be returned`, ['lines', i, 'quantity']));
      }
    } else {
      const left = line.quantity - (c?.all ?? 0);
      if (l.quantity > left) {
        errors.push(userError('RETURN_EXCEEDS_ORDERED', `Only ${Math.max(left, 0)} unit(s) of this line are not claimed by another return`, ['lines', i, 'quantity']));
      }
    }
  });
  const ref = input.channelReturnId != null ? (await orderRefs(ctx, [order.id])).get(order.id)! : null;
  const channelCase = ref ? await lockCaseForReturn(ctx, input.channelReturnId!, ref, errors) : null;
  if (errors.length) return { return: null, userErrors: errors };
  const [r] = await selectRows<{ id: string }>(
    ctx.em,
    `insert into order_return (id, order_id, type, reason) values (gen_random_uuid(), ?, ?, ?) returning id`,
    [order.id, input.type, input.reason ?? ''],
  );
  for (const [i, l] of input.lines.entries()) {
    await execute(ctx.em, `insert into return_line (id, return_id, position, order_line_id, quantity, reason) values (gen_random_uuid(), ?, ?, ?, ?, ?)`, [
      r.id, i, uuidOf('OrderLine', l.orderLineId), l.quantity, l.reason ?? '',
    ]);
  }
  await execute(ctx.em, `insert into return_status_history (return_id, from_status, to_status, actor_label) values (?, null, 'REQUESTED', ?)`, [r.id, ctx.actor?.label ?? 'system']);
  if (channelCase) await linkCaseToReturn(ctx, channelCase, r.id, order.id);
  return { return: await returnNode(ctx, r.id), userErrors: [] };
}

/** approveReturn: REQUESTED → APPROVED. */
export async function approveReturn(ctx: Context, id: string): Promise<ReturnPayloadShape> {
  const r = await lockReturn(ctx, id, P.OrdersReturns);
  if (!r) return refused('NOT_FOUND', 'No return has this id', 'id');
  const err = await moveReturn(ctx, r, ReturnStatus.APPROVED);
  if (err) return { return: null, userErrors: [err] };
  return { return: await returnNode(ctx, r.id), userErrors: [] };
}

/** rejectReturn: REQUESTED → REJECTED, with the reason told to the buyer. */
export async function rejectReturn(ctx: Context, id: string, reason: string): Promise<ReturnPayloadShape> {
  const r = await lockReturn(ctx, id, P.OrdersReturns);
  if (!r) return refused('NOT_FOUND', 'No return has this id', 'id');
  if (!reason.trim()) return refused('REQUIRED', 'Say why the return is rejected', 'reason');
  const err = await moveReturn(ctx, r, ReturnStatus.REJECTED, reason.trim());
  if (err) return { return: null, userErrors: [err] };
  await execute(ctx.em, 'update order_return set rejection_reason = ? where id = ?', [reason.trim(), r.id]);
  return { return: await returnNode(ctx, r.id), userErrors: [] };
}

/**
 * Where returned units go back to: the warehouse of the latest shipment of the order line
 * (when the fulfilment tables exist), else where the order's stock was reserved, else the
 * active warehouse with the lowest priority number.
 */
async function shipmentWarehouses(ctx: Context, orderLineIds: string[]): Promise<Map<string, string>> {
  const [t] = await selectRows<{ exists: boolean }>(ctx.em, `select to_regclass('shipment_line') is not null as exists`);
  if (!t.exists || !orderLineIds.length) return new Map();
  const rows = await selectRows<{ order_line_id: string; warehouse_id: string }>(
    ctx.em,
    `select distinct on (sl.order_line_id) sl.order_line_id, s.warehouse_id from shipment_line sl join shipment s on s.id = sl.shipment_id
      where sl.order_line_id in (${inList(orderLineIds.length)}) order by sl.order_line_id, s.shipped_at desc, s.id`,
    orderLineIds,
  );
  return new Map(rows.map((r) => [r.order_line_id, r.warehouse_id]));
}

/**
 * receiveReturn: units of an approved return come back and are inspected. Sellable units go
 * back on hand, damaged ones to the damaged quantity, both as RETURN movements; a bundle line
 * returns its components. When every unit is in, the return is RECEIVED (an exchange then
 * creates its replacement order and is CLOSED).
 */
export async function receiveReturn(ctx: Context, input: ReceiveReturnInput): Promise<ReturnPayloadShape> {
  const r = await lockReturn(ctx, input.returnId, P.OrdersReturns, P.OrdersFulfil);
  if (!r) return refused('NOT_FOUND', 'No return has this id', 'returnId');
  if (r.type === ReturnType.REFUND_ONLY) return refused('ILLEGAL_TRANSITION', 'A refund-only return has no goods to receive', 'returnId');
  if (r.status !== ReturnStatus.APPROVED) return refused('ILLEGAL_TRANSITION', `A ${r.status} return cannot receive goods`, 'returnId');
  const lines = await selectRows<ReturnLineRow & { variant_id: string | null; shipped: number; returned: number }>(
    ctx.em,
    `select rl.id, rl.return_id, rl.order_line_id, l.sku, rl.quantity, rl.reason, rl.received_sellable, rl.received_damaged,
            l.variant_id, l.quantity_shipped as shipped, l.quantity_returned as returned
       from return_line rl join order_line l on l.id = rl.order_line_id where rl.return_id = ? order by rl.position for update of rl`,
    [r.id],
  );
  const byId = new Map(lines.map((l) => [l.id, l]));
  const errors: UserError[] = [];
  if (!input.lines.length) errors.push(userError('REQUIRED', 'Say what came back', 'lines'));
  const got = new Map<string, { sellable: number; damaged: number }>();
  input.lines.forEach((l, i) => {
    const id = uuidOf('ReturnLine', l.returnLineId);
    const line = id ? byId.get(id) : undefined;
    if (!line) return void errors.push(userError('NOT_FOUND', 'This line is not a line of the return', ['lines', i, 'returnLineId']));
    if (!Number.isInteger(l.quantity) || l.quantity < 1 || l.quantity > MAX_UNITS) return void checkUnits(l.quantity, ['lines', i, 'quantity'], errors);
    if (!line.variant_id) return void errors.push(userError('UNMAPPED_SKU', `${line.sku} is not a catalogue SKU; map it first`, ['lines', i, 'returnLineId']));
    const g = got.get(line.id) ?? { sellable: 0, damaged: 0 };
    if (l.condition === ReturnCondition.SELLABLE) g.sellable += l.quantity;
    else g.damaged += l.quantity;
    got.set(line.id, g);
    if (line.received_sellable + line.received_damaged + g.sellable + g.damaged > line.quantity) {
      errors.push(userError('RECEIVE_EXCEEDS_RETURN', `Only ${line.quantity - line.received_sellable - line.received_damaged} unit(s) of this line are still expected`, ['lines', i, 'quantity']));
    }
  });
  if (errors.length) return { return: null, userErrors: errors };

  // The goods go back where the line shipped from (else where the order's stock was held), through inventory.
  const shipped = await shipmentWarehouses(ctx, [...got.keys()].map((id) => byId.get(id)!.order_line_id));
  const noWarehouse = await receiveReturned(
    ctx,
    r.number,
    r.reservation_id,
    [...got].map(([id, g]) => ({ variantId: byId.get(id)!.variant_id!, warehouseId: shipped.get(byId.get(id)!.order_line_id) ?? null, sellable: g.sellable, damaged: g.damaged })),
  );
  if (noWarehouse) return { return: null, userErrors: [noWarehouse] };
  for (const [id, g] of got) {
    await execute(ctx.em, 'update return_line set received_sellable = received_sellable + ?, received_damaged = received_damaged + ? where id = ?', [g.sellable, g.damaged, id]);
    await execute(ctx.em, 'update order_line set quantity_returned = quantity_returned + ? where id = ?', [g.sellable + g.damaged, byId.get(id)!.order_line_id]);
  }
  const complete = lines.every((l) => l.received_sellable + l.received_damaged + (got.get(l.id)?.sellable ?? 0) + (got.get(l.id)?.damaged ?? 0) === l.quantity);
  if (complete) {
    await moveReturn(ctx, r, ReturnStatus.RECEIVED);
    if (r.type === ReturnType.EXCHANGE) {
      const failure = await createReplacement(ctx, r, lines);
      if (failure) return { return: null, userErrors: [failure] };
    }
  } else {
    await execute(ctx.em, 'update order_return set updated_at = now() where id = ?', [r.id]);
  }
  return { return: await returnNode(ctx, r.id), userErrors: [] };
}

/** The replacement order of an exchange: the same SKUs and quantities at price 0, PAID so its stock is reserved. */
async function createReplacement(ctx: Context, r: ReturnRow, lines: (ReturnLineRow & { variant_id: string | null })[]): Promise<UserError | null> {
  const [o] = await selectRows<OrderRow>(ctx.em, `select ${ORDER_COLUMNS} from sales_order o where o.id = ?`, [r.order_id]);
  const id = await insertOrder(
    ctx,
    {
      channelId: null,
      externalId: null,
      idempotencyKey: null,
      requestHash: null,
      status: OrderStatus.PAID,
      currency: o.currency,
      buyer: o.buyer ?? {},
      shippingAddress: o.shipping_address ?? {},
      lines: lines.map((l) => ({ sku: l.sku, quantity: l.quantity, unitPrice: '0.00' })),
      sellerMemo: `exchange ${r.number} of ${o.number}`,
    },
    'API',
  );
  if (!id) return userError('CONFLICT', 'The replacement order could not be created', 'returnId');
  await execute(ctx.em, 'update order_return set replacement_order_id = ? where id = ?', [id, r.id]);
  await moveReturn(ctx, r, ReturnStatus.CLOSED, 'replacement order created');
  return null;
}

/**
 * refundReturn: records money paid back for a return. Two caps hold: the order's refunded
 * amount may not exceed its total (REFUND_EXCEEDS_TOTAL), and no line is paid back beyond what
 * it was paid, counting our refunds and the marketplace's (REFUND_EXCEEDS_PAID, see
 * refund.service.ts). The amount goes first to the return's lines, each its units' share of what
 * it was paid, then to what those lines have left beyond that share, then to the order's own
 * money (shipping, tax); each line's part is recorded with the refund. A refund-only return the
 * order's cancel covered is refused (ALREADY_REFUNDED_BY_CANCEL). A fully refunded order moves
 * to REFUNDED when the table allows it.
 */
export async function refundReturn(ctx: Context, input: RefundReturnInput): Promise<ReturnPayloadShape> {
  // The order is locked before the return, as a cancel (which closes returns) locks them.
  const id = uuidOf('OrderReturn', input.returnId);
  const [of] = id ? await selectRows<{ order_id: string }>(ctx.em, 'select order_id from order_return where id = ?', [id]) : [];
  if (!of) return refused('NOT_FOUND', 'No return has this id', 'returnId');
  const order = (await lockOrder(ctx, of.order_id))!;
  const r = (await lockReturn(ctx, input.returnId, P.OrdersRefund))!;
  const amount = input.amount.trim();
  if (!/^\d{1,12}(\.\d{1,2})?$/.test(amount) || toCents(amount) <= 0) {
    return refused('INVALID_AMOUNT', 'The amount is a decimal above 0 with at most 2 decimals', 'amount');
  }
  if (r.covered_by_cancel) {
    return refused('ALREADY_REFUNDED_BY_CANCEL', `${r.number} was closed by the cancel of its order, which paid back what it asked for`, 'returnId');
  }
  const refundable = r.type === ReturnType.REFUND_ONLY ? r.status === ReturnStatus.APPROVED : r.type === ReturnType.RETURN_AND_REFUND && r.status === ReturnStatus.RECEIVED;
  if (!refundable) return refused('ILLEGAL_TRANSITION', `A ${r.status} ${r.type} return cannot be refunded`, 'returnId');
  const ledger = (await refundLedgers(ctx, [order.id])).get(order.id)!;
  const cents = toCents(amount);
  if (ledger.refunded + cents > ledger.total) {
    return refused('REFUND_EXCEEDS_TOTAL', `At most ${fromCents(Math.max(0, ledger.total - ledger.refunded))} ${ledger.currency} of the order is left to refund`, 'amount');
  }
  const units = await selectRows<{ order_line_id: string; quantity: number }>(
    ctx.em,
    'select order_line_id, sum(quantity)::int as quantity from return_line where return_id = ? group by order_line_id order by min(position)',
    [r.id],
  );
  const targets = units.map((u) => {
    const line = ledger.lines.find((l) => l.lineId === u.order_line_id)!;
    return { lineId: line.lineId, units: u.quantity, quantity: line.quantity, paid: line.paid, left: roomOnLine(line, ledger.linkedReturns.has(r.id)) };
  });
  const orderLeft = Math.max(0, ledger.own - ledger.ownRefunded);
  const allocation = allocateRefund(cents, targets, orderLeft);
  if (!allocation) {
    const room = targets.reduce((n, t) => n + t.left, 0) + orderLeft;
    return refused(
      'REFUND_EXCEEDS_PAID',
      `At most ${fromCents(room)} ${ledger.currency} is left to refund on the returned lines (with the order's shipping and tax): more would pay back units beyond what they were paid`,
      'amount',
    );
  }
  await recordRefund(ctx, { orderId: order.id, returnId: r.id, kind: 'RETURN', amount: cents, currency: ledger.currency, lines: allocation.lines });
  await moveReturn(ctx, r, ReturnStatus.REFUNDED, `refunded ${amount} ${ledger.currency}`);
  await execute(ctx.em, 'update order_return set refunded_amount = refunded_amount + ?::numeric where id = ?', [amount, r.id]);
  if (ledger.refunded + cents === ledger.total && canTransition(order.status, OrderStatus.REFUNDED)) {
    await transition(ctx, order, OrderStatus.REFUNDED, 'API', `refund of ${r.number}`);
    // A fully refunded order will not ship: what it still holds goes back to sale.
    await releaseForOrder(ctx, order);
  }
  return { return: await returnNode(ctx, r.id), userErrors: [] };
}

/** A page of returns, newest first (keyset on created_at, id). */
export async function listReturns(ctx: Context, args: ConnectionArgs, filter?: ReturnFilter | null): Promise<Page<OrderReturn>> {
  const req = pageRequest(args, 2);
  // Returns of orders the caller reads; the rest is left out silently.
  const scope = orderScopeSql(ctx, [P.OrdersRead]);
  const conds: string[] = [scope.sql];
  const params: unknown[] = [...scope.params];
  if (filter?.status) (conds.push('r.status = ?'), params.push(filter.status));
  if (filter?.type) (conds.push('r.type = ?'), params.push(filter.type));
  if (filter?.orderId) {
    const id = uuidOf('Order', filter.orderId);
    if (!id) throw badInput('filter.orderId is not an order id');
    conds.push('r.order_id = ?');
    params.push(id);
  }
  const where = conds.join(' and ');
  const page = [...conds];
  const pageParams = [...params];
  const descending = !req.backward;
  if (req.cursor) {
    const [at, id] = req.cursor;
    if (typeof at !== 'string' || typeof id !== 'string' || !/^[0-9a-f-]{36}$/.test(id)) throw badInput('The cursor is not valid for this list');
    page.push(`(r.created_at, r.id) ${descending ? '<' : '>'} (?::timestamptz, ?::uuid)`);
    pageParams.push(at, id);
  }
  const dir = descending ? 'desc' : 'asc';
  const rows = req.limit === 0 ? [] : await selectRows<ReturnRow & { sort_key: string }>(
    ctx.em,
    `select ${RETURN_COLUMNS}, to_char(r.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as sort_key
       from order_return r join sales_order o on o.id = r.order_id where ${page.join(' and ')}
      order by r.created_at ${dir}, r.id ${dir} limit ?`,
    [...pageParams, req.limit + 1],
  );
  const keys = new Map<OrderReturn, string>();
  const nodes = rows.map((row) => {
    const n = OrderReturn.fromRow(row);
    keys.set(n, row.sort_key);
    return n;
  });
  const count = async () =>
    (await selectRows<{ n: number }>(ctx.em, `select count(*)::int as n from order_return r join sales_order o on o.id = r.order_id where ${where}`, params))[0].n;
  return buildPage(nodes, req, (n) => [keys.get(n)!, n.dbId], count, { after: !!args.after, before: !!args.before });
}
