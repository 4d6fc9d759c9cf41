import type { Context } from '../context';
import { P } from '../staff/permissions';
import { orderFor } from './order.service';
import { mergeGroupNode } from './order-merge.service';
import { returnFor } from './returns.service';

/** How `node(id:)` fetches orders, with the permission the typed query needs. */
export const ORDER_NODE_FETCHERS: Record<string, { permission: string[]; fetch(ctx: Context, id: string): Promise<object | null> }> = {
  Order: { permission: [P.OrdersRead], fetch: (ctx, id) => orderFor(ctx, id) },
  OrderMergeGroup: { permission: [P.OrdersRead], fetch: (ctx, id) => mergeGroupNode(ctx, id) },
  OrderReturn: { permission: [P.OrdersRead], fetch: (ctx, id) => returnFor(ctx, id) },
};
