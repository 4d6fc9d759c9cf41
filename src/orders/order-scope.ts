import type { Context } from '../context';
import { forbidden } from '../common/errors';
import { Address, Buyer, maskAddress, maskBuyer, maskText } from '../common/shapes';
import { channelKeySql, channelReach, reachesChannel } from '../staff/channel-scope';
import { P, Permission } from '../staff/permissions';

/**
 * Which orders a caller may see and change, and how much of their buyers: the one place every
 * order read and write asks. An order belongs to the channel whose key it carries
 * (`sales_order.channel_id`); manual and offline orders carry none and are reached only by
 * permissions held on every channel. The permission judged is the one the operation needs:
 * orders.read to read, orders.write to change, orders.fulfil to ship, orders.returns and
 * orders.refund for after-sales, channels.sync for the intake. Buyer contact details need
 * pii.read on the order's channel.
 */

/** A SQL condition keeping the orders (by their channel key column) the caller reaches with one of `permissions`. */
export function orderScopeSql(ctx: Context, permissions: readonly Permission[], column = 'o.channel_id'): { sql: string; params: unknown[] } {
  return channelKeySql(ctx.actor, permissions, column);
}

/** Whether the caller reaches an order of this channel (null: a manual order) with one of `permissions`. */
export function mayOnOrder(ctx: Context, channelKey: string | null | undefined, ...permissions: Permission[]): boolean {
  return reachesChannel(ctx.actor, channelKey, permissions);
}

/**
 * Refuses (FORBIDDEN) unless the caller reaches an order of this channel with one of
 * `permissions`. The message names neither the order nor its channel.
 */
export function requireOnOrder(ctx: Context, channelKey: string | null | undefined, ...permissions: Permission[]): void {
  if (mayOnOrder(ctx, channelKey, ...permissions)) return;
  throw forbidden(
    channelKey == null
      ? `You may not do this on orders without a channel: it needs ${permissions.join(' or ')} on every channel`
      : `You may not do this on that channel's orders: it needs ${permissions.join(' or ')} on it`,
  );
}

/** Whether the caller holds one of `permissions` on every channel (what manual orders and orders of any channel need). */
export function reachesEveryChannel(ctx: Context, ...permissions: Permission[]): boolean {
  return channelReach(ctx.actor, permissions) === null;
}

// ---- buyer data ------------------------------------------------------------------------

/** Whether buyer contact details of an order of this channel are shown unmasked (pii.read on it). */
export function piiVisible(ctx: Context, channelKey: string | null | undefined): boolean {
  return mayOnOrder(ctx, channelKey, P.PiiRead);
}

/** A SQL condition keeping the orders whose buyer details the caller may read (and so search by). */
export function piiScopeSql(ctx: Context, column = 'o.channel_id'): { sql: string; params: unknown[] } {
  return orderScopeSql(ctx, [P.PiiRead], column);
}

/** The buyer of an order of this channel as the caller may see it. */
export function buyerFor(ctx: Context, channelKey: string | null | undefined, buyer: Buyer): Buyer {
  return piiVisible(ctx, channelKey) ? buyer : maskBuyer(buyer);
}

/** The shipping address of an order of this channel as the caller may see it. */
export function addressFor(ctx: Context, channelKey: string | null | undefined, address: Address): Address {
  return piiVisible(ctx, channelKey) ? address : maskAddress(address);
}

/** The buyer's message on an order of this channel as the caller may see it. */
export function buyerMessageFor(ctx: Context, channelKey: string | null | undefined, message: string): string {
  return piiVisible(ctx, channelKey) ? message : maskText(message);
}

// ---- references to orders elsewhere -------------------------------------------------------

/**
 * A SQL condition, true for a row whose reference (stock movements: `typeColumn` ORDER with an
 * order number, RETURN with a return number, in `idColumn`) names an order the caller does not
 * reach with one of `permissions`; null when the caller reaches every order (nothing is hidden).
 * Readers of such rows show them without the reference.
 */
export function hiddenOrderReferenceSql(ctx: Context, permissions: readonly Permission[], typeColumn: string, idColumn: string): { sql: string; params: unknown[] } | null {
  const scope = orderScopeSql(ctx, permissions, 'so.channel_id');
  if (scope.sql === 'true') return null;
  return {
    sql: `((${typeColumn} = 'ORDER' and not exists (select 1 from sales_order so where so.number = ${idColumn} and ${scope.sql}))
      or (${typeColumn} = 'RETURN' and not exists (select 1 from order_return rr join sales_order so on so.id = rr.order_id where rr.number = ${idColumn} and ${scope.sql})))`,
    params: [...scope.params, ...scope.params],
  };
}
