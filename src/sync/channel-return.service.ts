import DataLoader from 'dataloader';
import type { Context } from '../context';
import { uuidOf } from '../common/ids';
import { buildPage, ConnectionArgs, Page, pageRequest } from '../common/relay';
import { execute, groupRows, pgArray, selectRows } from '../common/sql';
import { P } from '../staff/permissions';
import { ChannelReturn } from './channel-return.types';
import { ChannelReturnFilter } from './channel-return.inputs';
import { channelCondition, requireOnChannel } from './channel.service';
import { orderIdsByExternal, orderRefs } from '../orders';
import type { UserError } from '../common/errors';
import { userError } from '../common/errors';

/**
 * Reads of marketplace after-sales cases (channel_return, written by the returns sync). The
 * order a case concerns is found by the marketplace's order id on the case's channel (through
 * the orders module's door), so a refund pulled before its order still finds it once the order
 * arrives; a refund the sync refused to link (REFUND_EXCEEDS_PAID) concerns no order.
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
  /** Why the sync did not link the case to its order (REFUND_EXCEEDS_PAID); null when it did. */
  link_refusal?: string | null;
}

/** Columns of `channel_return cr` joined to `channel c`; a row's order is filled in by withOrders. */
const COLUMNS = `cr.id, cr.channel_id, c.key as channel_key, cr.external_id, cr.order_external_id, cr.external_line_id, cr.type, cr.status,
  cr.marketplace_status, cr.amount::text as amount, cr.currency, cr.reason, cr.modified_at, cr.return_id, cr.created_at,
  cr.order_id, cr.link_refusal`;

/** Fills in the order of cases that name none yet, by the marketplace's order id (one lookup per channel); refused links stay without. */
async function withOrders<T extends ChannelReturnRow>(ctx: Context, rows: T[]): Promise<T[]> {
  const open = rows.filter((r) => !r.order_id && !r.link_refusal);
  for (const key of new Set(open.map((r) => r.channel_key))) {
    const ids = await orderIdsByExternal(ctx, key, open.filter((r) => r.channel_key === key).map((r) => r.order_external_id));
    for (const r of open) if (r.channel_key === key) r.order_id = ids.get(r.order_external_id) ?? null;
  }
  for (const r of rows) if (r.link_refusal) r.order_id = null;
  return rows;
}

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
    const ref = orderId ? (await orderRefs(ctx, [orderId])).get(orderId) : undefined;
    if (!ref?.channelKey || !ref.externalId) return none();
    conds.push('c.key = ? and cr.order_external_id = ? and cr.link_refusal is null');
    params.push(ref.channelKey, ref.externalId);
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
  return buildPage((await withOrders(ctx, rows)).map(ChannelReturn.fromRow), req, (r) => [r.modifiedAt.toISOString(), r.dbId], count, { after: !!args.after, before: !!args.before });
}

/** One case; null when there is none, FORBIDDEN when the caller may not read its channel's orders. */
export async function channelReturnNode(ctx: Context, id: string): Promise<ChannelReturn | null> {
  const [row] = await selectRows<ChannelReturnRow>(ctx.em, `select ${COLUMNS} from channel_return cr join channel c on c.id = cr.channel_id where cr.id = ?`, [id]);
  if (!row) return null;
  requireOnChannel(ctx, { key: row.channel_key }, P.OrdersRead);
  return ChannelReturn.fromRow((await withOrders(ctx, [row]))[0]);
}

/** The marketplace's cases of each order, oldest first: one statement for a page of orders (kept on the request's context). */
export function channelReturnsByOrder(ctx: Context): DataLoader<string, ChannelReturn[]> {
  return ctx.loaders.of(createChannelReturnsByOrder);
}

function createChannelReturnsByOrder(ctx: Context): DataLoader<string, ChannelReturn[]> {
  return new DataLoader(async (orderIds) => {
    const refs = [...(await orderRefs(ctx, orderIds)).values()].filter((o) => o.channelKey && o.externalId);
    const rows = refs.length
      ? await selectRows<ChannelReturnRow & { for_order: string }>(
          ctx.em,
          `select ${COLUMNS}, x.o as for_order
             from jsonb_to_recordset(?::jsonb) as x(o uuid, k text, e text) join channel c on c.key = x.k
             join channel_return cr on cr.channel_id = c.id and cr.order_external_id = x.e
            where cr.link_refusal is null order by cr.created_at, cr.id`,
          [JSON.stringify(refs.map((o) => ({ o: o.id, k: o.channelKey, e: o.externalId })))],
        )
      : [];
    for (const r of rows) r.order_id = r.for_order;
    return groupRows(rows, orderIds, (r) => r.for_order).map((group) => group.map((r) => ChannelReturn.fromRow(r)));
  });
}

/** A channel order as the marketplace names it (the orders module's OrderRef). */
interface CaseOrder {
  id: string;
  channelKey: string;
  externalId: string;
}

/**
 * What the marketplaces refunded on orders' lines (REFUNDED cases with an amount and a line,
 * not refused), and which of our returns answer a case (their refunds are the case's money).
 * `exclude` leaves cases of a channel out (a new version of them being weighed).
 */
export async function marketplaceRefunds(
  ctx: Context,
  orders: CaseOrder[],
  exclude: { channelKey: string; externalIds: string[] } | null = null,
): Promise<{ lines: { orderId: string; externalLineId: string; amount: string }[]; linkedReturns: Set<string> }> {
  if (!orders.length) return { lines: [], linkedReturns: new Set() };
  const rows = await selectRows<{ order_id: string; channel_key: string; external_id: string; external_line_id: string | null; status: string; amount: string | null; return_id: string | null; link_refusal: string | null }>(
    ctx.em,
    `select x.o as order_id, c.key as channel_key, cr.external_id, cr.external_line_id, cr.status, cr.amount::text as amount, cr.return_id, cr.link_refusal
       from jsonb_to_recordset(?::jsonb) as x(o uuid, k text, e text) join channel c on c.key = x.k
       join channel_return cr on cr.channel_id = c.id and cr.order_external_id = x.e`,
    [JSON.stringify(orders.map((o) => ({ o: o.id, k: o.channelKey, e: o.externalId })))],
  );
  const skipped = new Set(exclude ? exclude.externalIds.map((e) => `${exclude.channelKey}\u0000${e}`) : []);
  return {
    lines: rows
      .filter((r) => r.status === 'REFUNDED' && r.amount != null && r.external_line_id && !r.link_refusal && !skipped.has(`${r.channel_key}\u0000${r.external_id}`))
      .map((r) => ({ orderId: r.order_id, externalLineId: r.external_line_id!, amount: r.amount! })),
    linkedReturns: new Set(rows.filter((r) => r.return_id).map((r) => r.return_id!)),
  };
}

/**
 * The marketplace case a new return answers, locked: it must concern this order (by the
 * marketplace's order id on the order's channel), not be linked to another return yet, and not
 * be a refund the sync refused to link (REFUND_EXCEEDS_PAID). Adds the refusal to `errors`.
 */
export async function lockCaseForReturn(ctx: Context, globalId: string, order: { channelKey: string | null; externalId: string | null }, errors: UserError[]): Promise<string | null> {
  const id = uuidOf('ChannelReturn', globalId);
  const [row] = id
    ? await selectRows<{ id: string; channel_key: string; order_external_id: string; return_id: string | null; link_refusal: string | null }>(
        ctx.em,
        `select cr.id, c.key as channel_key, cr.order_external_id, cr.return_id, cr.link_refusal
           from channel_return cr join channel c on c.id = cr.channel_id where cr.id = ? for update of cr`,
        [id],
      )
    : [];
  // A case of a channel the caller does not handle returns of is refused before anything of it shows.
  if (row) requireOnChannel(ctx, { key: row.channel_key }, P.OrdersReturns);
  const sameOrder = row && row.channel_key === order.channelKey && row.order_external_id === order.externalId;
  if (!row) errors.push(userError('NOT_FOUND', 'No marketplace refund or return has this id', 'channelReturnId'));
  else if (!sameOrder) errors.push(userError('CHANNEL_RETURN_OTHER_ORDER', `This marketplace case concerns order ${row.order_external_id}, not this one`, 'channelReturnId'));
  else if (row.return_id) errors.push(userError('CHANNEL_RETURN_TAKEN', 'A return was already opened for this marketplace case', 'channelReturnId'));
  else if (row.link_refusal) errors.push(userError(row.link_refusal, 'This marketplace refund pays back more than the line has left to refund; it is not linked to the order', 'channelReturnId'));
  return row && !errors.length ? row.id : null;
}

/** Links a case to the return opened for it (and to its order). */
export async function linkCaseToReturn(ctx: Context, caseId: string, returnId: string, orderId: string): Promise<void> {
  await execute(ctx.em, 'update channel_return set return_id = ?, order_id = ?, updated_at = now() where id = ?', [returnId, orderId, caseId]);
}
