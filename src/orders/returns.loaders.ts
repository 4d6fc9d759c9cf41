import DataLoader from 'dataloader';
import type { Context } from '../context';
import { groupRows, inList, rowPerKey, selectRows } from '../common/sql';
import { P } from '../staff/permissions';
import { Order, ORDER_COLUMNS, OrderRow } from './order.types';
import { mayOnOrder } from './order-scope';
import { NoteRow, OrderReturn, RETURN_COLUMNS, ReturnLineRow, ReturnRow } from './returns.types';

/** Per-request loaders of returns and notes: one statement per relation for a whole page. */
export interface ReturnLoaders {
  returnsByOrder: DataLoader<string, OrderReturn[]>;
  linesByReturn: DataLoader<string, ReturnLineRow[]>;
  notesByOrder: DataLoader<string, NoteRow[]>;
  orderById: DataLoader<string, Order | null>;
  returnById: DataLoader<string, OrderReturn | null>;
}

/** The returns' loaders of one request (ctx.loaders.returns, dropped by every commit). */
export function createReturnLoaders(ctx: Context): ReturnLoaders {
  return {
    returnsByOrder: new DataLoader(async (ids) =>
      groupRows(
        (await selectRows<ReturnRow>(
          ctx.em,
          `select ${RETURN_COLUMNS} from order_return r join sales_order o on o.id = r.order_id
            where r.order_id in (${inList(ids.length)}) order by r.created_at, r.id`,
          [...ids],
        )).map((row) => OrderReturn.fromRow(row)),
        ids,
        (n) => n.orderDbId,
      ),
    ),
    linesByReturn: new DataLoader(async (ids) =>
      groupRows(
        await selectRows<ReturnLineRow>(
          ctx.em,
          `select rl.id, rl.return_id, rl.order_line_id, l.sku, rl.quantity, rl.reason, rl.received_sellable, rl.received_damaged
             from return_line rl join order_line l on l.id = rl.order_line_id
            where rl.return_id in (${inList(ids.length)}) order by rl.return_id, rl.position`,
          [...ids],
        ),
        ids,
        (r) => r.return_id,
      ),
    ),
    notesByOrder: new DataLoader(async (ids) =>
      groupRows(
        await selectRows<NoteRow>(
          ctx.em,
          `select id, order_id, kind, text, author_label, created_at from order_note
            where order_id in (${inList(ids.length)}) order by order_id, created_at, id`,
          [...ids],
        ),
        ids,
        (r) => r.order_id,
      ),
    ),
    // Orders referred to from returns and marketplace cases: one the caller does not read
    // (an exchange's replacement is a manual order) comes back as null.
    orderById: new DataLoader(async (ids) => {
      const rows = await selectRows<OrderRow>(ctx.em, `select ${ORDER_COLUMNS} from sales_order o where o.id in (${inList(ids.length)})`, [...ids]);
      const readable = rows.filter((r) => mayOnOrder(ctx, r.channel_id, P.OrdersRead)).map((r) => Order.fromRow(r));
      return rowPerKey(readable, ids, (o) => o.dbId);
    }),
    returnById: new DataLoader(async (ids) => {
      const rows = await selectRows<ReturnRow>(ctx.em, `select ${RETURN_COLUMNS} from order_return r join sales_order o on o.id = r.order_id where r.id in (${inList(ids.length)})`, [...ids]);
      return rowPerKey(rows, ids, (r) => r.id).map((r) => (r ? OrderReturn.fromRow(r) : null));
    }),
  };
}
