import DataLoader from 'dataloader';
import type { Context } from '../context';
import { uuidOf } from '../common/ids';
import { buildPage, ConnectionArgs, Page, pageRequest } from '../common/relay';
import { pgArray, selectRows } from '../common/sql';
import { P } from '../staff/permissions';
import { ChannelReturn, ChannelReturnFilter } from './channel-return.gql';
import { channelCondition, requireOnChannel } from './channel.service';

/**
 * Reads of marketplace after-sales cases (channel_return, written by the returns sync). The
 * order a case concerns is found by the marketplace's order id on the case's channel, so a
 * refund pulled before its order still finds it once the order arrives.
 */

export interface ChannelReturnRow {
  id: string;
  channel_id: string;
  channel_key: string;
  external_id: string;
  order_external_id: string;
  external_line_id: string | null;
  type: string;
  status: string;
  marketplace_status: string;
  amount: string | null;
  currency: string;
  reason: string | null;
  modified_at: string;
  order_id: string | null;
  return_id: string | null;
  created_at: string;
}

/** Columns of `channel_return cr` joined to `channel c`, with the order looked up by its marketplace id. */
const COLUMNS = `cr.id, cr.channel_id, c.key as channel_key, cr.external_id, cr.order_external_id, cr.external_line_id, cr.type, cr.status,
  cr.marketplace_status, cr.amount::text as amount, cr.currency, cr.reason, cr.modified_at, cr.return_id, cr.created_at,
  coalesce(cr.order_id, (select so.id from sales_order so where so.channel_id = c.key and so.external_id = cr.order_external_id)) as order_id`;

/** A page of cases, newest change first; channel-scoped staff see only their channels' cases. */
export async function listChannelReturns(ctx: Context, args: ConnectionArgs, filter?: ChannelReturnFilter | null): Promise<Page<ChannelReturn>> {
  const req = pageRequest(args, 2);
  const none = (): Page<ChannelReturn> => buildPage([], req, () => [], async () => 0, { after: false, before: false });
  const scope = await channelCondition(ctx, filter?.channelId, P.OrdersRead, 'cr.channel_id');
  if (!scope) return none();
  const conds = scope.conds;
  const params = scope.params;
  if (filter?.orderId != null) {
    const orderId = uuidOf('Order', filter.orderId);
    if (!orderId) return none();
    conds.push('exists (select 1 from sales_order so where so.id = ? and so.channel_id = c.key and so.external_id = cr.order_external_id)');
    params.push(orderId);
  }
  if (filter?.status?.length) (conds.push('cr.status = any(?::text[])'), params.push(pgArray(filter.status)));
  if (filter?.linked != null) conds.push(`cr.return_id is ${filter.linked ? 'not ' : ''}null`);
  const where = conds.length ? conds.join(' and ') : 'true';
  const page = [where];
  const pageParams = [...params];
  if (req.cursor) {
    const [at, id] = req.cursor;
    if (typeof at !== 'string' || typeof id !== 'string' || !/^[0-9a-f-]{36}$/.test(id)) return none();
    // Newest first: forward pages go to older changes.
    page.push(`(cr.modified_at, cr.id) ${req.backward ? '>' : '<'} (?::timestamptz, ?::uuid)`);
    pageParams.push(at, id);
  }
  const dir = req.backward ? 'asc' : 'desc';
  const rows =
    req.limit === 0
      ? []
      : await selectRows<ChannelReturnRow>(
          ctx.em,
          `select ${COLUMNS} from channel_return cr join channel c on c.id = cr.channel_id where ${page.join(' and ')}
            order by cr.modified_at ${dir}, cr.id ${dir} limit ?`,
          [...pageParams, req.limit + 1],
        );
  const count = async () => (await selectRows<{ n: number }>(ctx.em, `select count(*)::int as n from channel_return cr join channel c on c.id = cr.channel_id where ${where}`, params))[0].n;
  return buildPage(rows.map(ChannelReturn.fromRow), req, (r) => [r.modifiedAt.toISOString(), r.dbId], count, { after: !!args.after, before: !!args.before });
}

/** One case; null when there is none, FORBIDDEN when the caller may not read its channel's orders. */
export async function channelReturnNode(ctx: Context, id: string): Promise<ChannelReturn | null> {
  const [row] = await selectRows<ChannelReturnRow>(ctx.em, `select ${COLUMNS} from channel_return cr join channel c on c.id = cr.channel_id where cr.id = ?`, [id]);
  if (!row) return null;
  requireOnChannel(ctx, { key: row.channel_key }, P.OrdersRead);
  return ChannelReturn.fromRow(row);
}

const perRequest = new WeakMap<Context, DataLoader<string, ChannelReturn[]>>();

/** The marketplace's cases of each order, oldest first: one statement for a page of orders. */
export function channelReturnsByOrder(ctx: Context): DataLoader<string, ChannelReturn[]> {
  let loader = perRequest.get(ctx);
  if (!loader) {
    loader = new DataLoader(async (orderIds) => {
      const rows = await selectRows<ChannelReturnRow & { for_order: string }>(
        ctx.em,
        `select ${COLUMNS}, so.id as for_order
           from sales_order so join channel c on c.key = so.channel_id
           join channel_return cr on cr.channel_id = c.id and cr.order_external_id = so.external_id
          where so.id = any(?::uuid[]) order by cr.created_at, cr.id`,
        [pgArray([...orderIds])],
      );
      const byOrder = new Map<string, ChannelReturn[]>(orderIds.map((id) => [id, []]));
      for (const r of rows) byOrder.get(r.for_order)?.push(ChannelReturn.fromRow(r));
      return orderIds.map((id) => byOrder.get(id)!);
    });
    perRequest.set(ctx, loader);
  }
  return loader;
}
