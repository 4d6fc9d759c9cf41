import type { Context } from '../context';
import { UserError, userError } from '../common/errors';
import { execute, selectRows } from '../common/sql';
import { releaseIfActive, reserveForOrder as holdStock } from '../inventory';
import { canTransition, HoldReason, OrderStatus } from './order-status';
import { requireOnOrder } from './order-scope';
import { setOrderHolds } from './order-holds.service';
import { settleCancel } from './refund.service';
import type { Permission } from '../staff/permissions';

/**
 * Status changes of orders: the transition table is the only way a status moves, every move
 * is written to the history, and the stock follows (paid reserves, cancelled releases), as
 * does the money of a cancel (a paid order's refund, the open refund-only returns it covered).
 */

export type ChangeSource = 'API' | 'SYNC' | 'SYSTEM';

/** The order row locked for a change. */
export interface LockedOrder {
  id: string;
  number: string;
  status: OrderStatus;
  reservation_id: string | null;
  /** Key of the order's channel; null for manual and offline orders (absent where the caller did not need it). */
  channel_id?: string | null;
}

export async function lockOrder(ctx: Context, id: string): Promise<LockedOrder | undefined> {
  const [o] = await selectRows<LockedOrder>(ctx.em, 'select id, number, status, reservation_id, channel_id from sales_order where id = ? for update', [id]);
  return o;
}

/**
 * Locks an order for a change the caller must reach it for with one of `permissions`
 * (order-scope.ts): FORBIDDEN otherwise, before anything is changed.
 */
export async function lockOrderFor(ctx: Context, id: string, ...permissions: Permission[]): Promise<LockedOrder | undefined> {
  const order = await lockOrder(ctx, id);
  if (order) requireOnOrder(ctx, order.channel_id, ...permissions);
  return order;
}

export async function activeHolds(ctx: Context, orderId: string): Promise<HoldReason[]> {
  const rows = await selectRows<{ reason: HoldReason }>(ctx.em, 'select reason from order_hold where order_id = ? and released_at is null', [orderId]);
  return rows.map((r) => r.reason);
}

export function setHold(ctx: Context, orderId: string, reason: HoldReason, note = ''): Promise<void> {
  return setOrderHolds(ctx, [{ orderId, reason, held: true, note }]);
}

export function clearHold(ctx: Context, orderId: string, reason: HoldReason): Promise<void> {
  return setOrderHolds(ctx, [{ orderId, reason, held: false }]);
}

export async function writeHistory(ctx: Context, orderId: string, from: OrderStatus | null, to: OrderStatus, source: ChangeSource, note = ''): Promise<void> {
  await execute(ctx.em, `insert into order_status_history (order_id, from_status, to_status, actor_label, source, note) values (?, ?, ?, ?, ?, ?)`, [
    orderId, from, to, ctx.actor?.label ?? 'system', source, note,
  ]);
}

/**
 * Holds the stock of a paid order, all lines or none. A shortfall, or a line whose SKU we do
 * not know, holds the order instead of failing: it is retried when released or mapped.
 */
export async function reserveForOrder(ctx: Context, order: LockedOrder): Promise<void> {
  if (order.reservation_id) return;
  const holds = await activeHolds(ctx, order.id);
  if (holds.includes(HoldReason.UNMAPPED_SKU)) return;
  // An order the marketplace ships from its own stock (Amazon AFN) holds none of ours: no lines to reserve.
  const lines = await selectRows<{ sku: string; quantity: number }>(
    ctx.em,
    `select v.sku, sum(l.quantity - l.quantity_shipped)::int as quantity from order_line l join variant v on v.id = l.variant_id
      where l.order_id = ? and not exists (select 1 from sales_order o where o.id = l.order_id and o.fulfilled_by = 'MARKETPLACE')
      group by v.sku having sum(l.quantity - l.quantity_shipped) > 0 order by v.sku`,
    [order.id],
  );
  if (!lines.length) return;
  const result = await holdStock(ctx, order.number, lines.map((l) => ({ sku: l.sku, quantity: l.quantity })));
  if (result.id) {
    const id = result.id;
    await execute(ctx.em, 'update sales_order set reservation_id = ? where id = ?', [id, order.id]);
    order.reservation_id = id;
    await clearHold(ctx, order.id, HoldReason.INSUFFICIENT_STOCK);
  } else {
    await setHold(ctx, order.id, HoldReason.INSUFFICIENT_STOCK, result.userErrors.map((e) => e.message).join('; '));
  }
}

/** Gives back the stock an order holds, if it holds any. */
export async function releaseForOrder(ctx: Context, order: LockedOrder): Promise<void> {
  if (order.reservation_id) await releaseIfActive(ctx, order.reservation_id);
}

/**
 * Moves an order to `to` if the table allows it, with its side effects; returns the refusal
 * otherwise. Moving to the status it has already is no change.
 */
export async function transition(ctx: Context, order: LockedOrder, to: OrderStatus, source: ChangeSource, note = ''): Promise<UserError | null> {
  const from = order.status;
  if (from === to) return null;
  if (!canTransition(from, to)) {
    return userError('ILLEGAL_TRANSITION', `An order cannot go from ${from} to ${to}`, 'status');
  }
  await execute(
    ctx.em,
    `update sales_order set status = ?,
       paid_at = case when ? = 'PAID' then coalesce(paid_at, now()) else paid_at end,
       payment_status = case when ? = 'PAID' then 'PAID' else payment_status end,
       cancelled_at = case when ? = 'CANCELLED' then now() else cancelled_at end,
       updated_at = now()
     where id = ?`,
    [to, to, to, to, order.id],
  );
  await writeHistory(ctx, order.id, from, to, source, note);
  order.status = to;
  if (to === OrderStatus.PAID) await reserveForOrder(ctx, order);
  // A refunded order never ships, whoever refunded it (refundReturn or a channel's REFUNDED):
  // what it still holds goes back to sale, as for a cancelled one.
  if (to === OrderStatus.CANCELLED || to === OrderStatus.REFUNDED) await releaseForOrder(ctx, order);
  // A cancel also settles the money: ours refunds what will not ship, the marketplace's is its
  // own refund; open refund-only returns it paid back are closed (refund.service settleCancel).
  if (to === OrderStatus.CANCELLED) await settleCancel(ctx, order, source);
  return null;
}
