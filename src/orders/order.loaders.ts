import DataLoader from 'dataloader';
import type { Context } from '../context';
import { selectRows } from '../common/sql';
import { placeholders } from '../catalog/catalog.sql';
import { ORDER_LINE_COLUMNS, OrderLineRow } from './order.types';

/** Per-request loaders of the orders module: relations of a page of orders cost one statement each. */
export interface OrderLoaders {
  linesByOrder: DataLoader<string, OrderLineRow[]>;
  historyByOrder: DataLoader<string, { from_status: string | null; to_status: string; actor_label: string; source: string; note: string; at: string }[]>;
}

const perRequest = new WeakMap<Context, OrderLoaders>();

function grouped<T extends { order_id: string }>(rows: T[], ids: readonly string[]): T[][] {
  const map = new Map<string, T[]>(ids.map((id) => [id, []]));
  for (const r of rows) map.get(r.order_id)?.push(r);
  return ids.map((id) => map.get(id)!);
}

export function orderLoaders(ctx: Context): OrderLoaders {
  let l = perRequest.get(ctx);
  if (!l) {
    l = {
      linesByOrder: new DataLoader(async (ids) =>
        grouped(
          await selectRows<OrderLineRow>(
            ctx.em,
            `select ${ORDER_LINE_COLUMNS} from order_line where order_id in (${placeholders(ids.length)}) order by order_id, position`,
            [...ids],
          ),
          ids,
        ),
      ),
      historyByOrder: new DataLoader(async (ids) =>
        grouped(
          await selectRows<{ order_id: string; from_status: string | null; to_status: string; actor_label: string; source: string; note: string; at: string }>(
            ctx.em,
            `select order_id, from_status, to_status, actor_label, source, note, at from order_status_history
              where order_id in (${placeholders(ids.length)}) order by order_id, id`,
            [...ids],
          ),
          ids,
        ),
      ),
    };
    perRequest.set(ctx, l);
  }
  return l;
}
