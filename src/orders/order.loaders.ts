import DataLoader from 'dataloader';
import type { Context } from '../context';
import { groupRows, selectBound } from '../common/sql';
import { ORDER_LINE_COLUMNS, OrderLineRow } from './order.types';

/** Per-request loaders of the orders module: relations of a page of orders cost one statement each, the ids bound as one array. */
export interface OrderLoaders {
  linesByOrder: DataLoader<string, OrderLineRow[]>;
  historyByOrder: DataLoader<string, { from_status: string | null; to_status: string; actor_label: string; source: string; note: string; at: string }[]>;
}

/** The orders module's loaders of one request (ctx.loaders.orders, dropped by every commit). */
export function createOrderLoaders(ctx: Context): OrderLoaders {
  return {
    linesByOrder: new DataLoader(async (ids) =>
      groupRows(
        await selectBound<OrderLineRow>(
          ctx.em,
          `select ${ORDER_LINE_COLUMNS} from order_line where order_id = any(?::uuid[]) order by order_id, position`,
          [ids],
        ),
        ids,
        (r) => r.order_id,
      ),
    ),
    historyByOrder: new DataLoader(async (ids) =>
      groupRows(
        await selectBound<{ order_id: string; from_status: string | null; to_status: string; actor_label: string; source: string; note: string; at: string }>(
          ctx.em,
          `select order_id, from_status, to_status, actor_label, source, note, at from order_status_history
            where order_id = any(?::uuid[]) order by order_id, id`,
          [ids],
        ),
        ids,
        (r) => r.order_id,
      ),
    ),
  };
}
