import DataLoader from 'dataloader';
import type { Context } from '../context';
import { badInput, UserError, userError } from '../common/errors';
import { toGlobalId, uuidOf } from '../common/ids';
import { execute, groupRows, inList, rowPerKey, selectRows } from '../common/sql';
import { lockForShipping, warehousesByCode } from '../inventory';
import { Order, ORDER_COLUMNS, OrderRow } from './order.types';
import { Shipment } from './fulfilment.types';
import { createShipment } from './fulfilment.service';
import { MergeCandidate, MergeGroupRow, OrderMergeGroup } from './order-merge.types';
import { MergeOrdersInput, ShipMergedOrdersInput } from './order-merge.inputs';
import { orderScopeSql, requireOnOrder } from './order-scope';
import { P, Permission } from '../staff/permissions';

/**
 * Merged shipping (合单): orders of one buyer to one address in one channel are picked, packed
 * and shipped as one parcel under one tracking number, while each stays its own order with its
 * own shipment (so every marketplace order still gets the tracking number pushed).
 *
 * Who counts as the same buyer: the channel's buyer id when the order has one, else the buyer's
 * name and phone. The same address: country, province, city, district, street lines, recipient
 * name and phone compared after normalising (NFKC, case, whitespace and punctuation ignored;
 * the phone by its digits). The postal code is left out: marketplaces often send a placeholder.
 */

const MAX_ORDERS = 50;

const text = (e: string) => `regexp_replace(lower(normalize(coalesce(${e}, ''), NFKC)), '[[:space:][:punct:]、。·・]+', '', 'g')`;
const phone = (e: string) => {
  const digits = `regexp_replace(normalize(coalesce(${e}, ''), NFKC), '[^0-9]', '', 'g')`;
  // +86 13912345678 and 13912345678 are one number.
  return `(case when ${digits} ~ '^86[0-9]{11}$' then substr(${digits}, 3) else ${digits} end)`;
};
const BUYER_KEY = `(case when o.customer_id is not null then 'id:' || o.customer_id::text
  when ${text("o.buyer->>'name'")} || ${phone("o.buyer->>'phone'")} <> '' then 'np:' || ${text("o.buyer->>'name'")} || '|' || ${phone("o.buyer->>'phone'")} end)`;
const a = (f: string) => `o.shipping_address->>'${f}'`;
const ADDRESS_KEY = `(case when ${text(a('address1'))} <> '' then concat_ws('|', ${['country', 'province', 'city', 'district', 'address1', 'address2', 'name'].map((f) => text(a(f))).join(', ')}, ${phone(a('phone'))}) end)`;
const NOT_HELD = 'not exists (select 1 from order_hold h where h.order_id = o.id and h.released_at is null)';
const MERGEABLE_STATUS = `o.status in ('PAID', 'PARTIALLY_SHIPPED')`;

async function ordersByIds(ctx: Context, ids: string[]): Promise<Order[]> {
  if (!ids.length) return [];
  const rows = await selectRows<OrderRow>(ctx.em, `select ${ORDER_COLUMNS} from sales_order o where o.id in (${inList(ids.length)})`, ids);
  const byId = new Map(rows.map((r) => [r.id, Order.fromRow(r)]));
  return ids.map((id) => byId.get(id)!).filter(Boolean);
}

/** mergeableOrders: sets of two or more orders that mergeOrders would accept now, oldest waiting first. */
export async function mergeableOrders(ctx: Context, first: number): Promise<MergeCandidate[]> {
  if (!Number.isInteger(first) || first < 1 || first > 250) throw badInput('first is 1 to 250');
  // Sets are of one channel, so keeping the caller's orders keeps whole sets.
  const scope = orderScopeSql(ctx, [P.OrdersRead]);
  const sets = await selectRows<{ channel_id: string | null; ids: string[] }>(
    ctx.em,
    `select k.channel_id, array_agg(k.id::text order by k.placed_at, k.id) as ids
       from (select o.id, o.placed_at, o.channel_id, ${BUYER_KEY} as buyer_key, ${ADDRESS_KEY} as address_key
               from sales_order o
              where ${MERGEABLE_STATUS} and o.merge_group_id is null and ${NOT_HELD} and ${scope.sql}) k
      where k.buyer_key is not null and k.address_key is not null
      group by k.channel_id, k.buyer_key, k.address_key
     having count(*) >= 2
      order by min(k.placed_at), (array_agg(k.id::text order by k.placed_at, k.id))[1]
      limit ?`,
    [...scope.params, first],
  );
  const orders = new Map((await ordersByIds(ctx, sets.flatMap((s) => s.ids))).map((o) => [o.dbId, o]));
  const keys = [...new Set(sets.map((s) => s.channel_id).filter((k): k is string => k !== null))];
  const channels = await ctx.loaders.sync.channelByKey.loadMany(keys);
  const idOf = new Map<string, string>();
  keys.forEach((k, i) => {
    const c = channels[i];
    if (c && !(c instanceof Error)) idOf.set(k, toGlobalId('Channel', c.id));
  });
  return sets.map((s) =>
    Object.assign(new MergeCandidate(), { channelKey: s.channel_id, channelId: s.channel_id ? (idOf.get(s.channel_id) ?? null) : null, orders: s.ids.map((id) => orders.get(id)!) }),
  );
}

/**
 * The channel of a merge group's orders (one channel per group): the caller must reach it with
 * one of `permissions` (FORBIDDEN otherwise). A group whose orders are gone is judged as manual.
 */
async function requireOnGroup(ctx: Context, groupId: string, ...permissions: Permission[]): Promise<void> {
  const rows = await selectRows<{ channel_id: string | null }>(ctx.em, 'select distinct channel_id from sales_order where merge_group_id = ?', [groupId]);
  for (const r of rows.length ? rows : [{ channel_id: null }]) requireOnOrder(ctx, r.channel_id, ...permissions);
}

/** One merge group as `node(id)` reads it: null when there is none, FORBIDDEN when the caller does not read its orders. */
export async function mergeGroupNode(ctx: Context, id: string): Promise<OrderMergeGroup | null> {
  const [row] = await selectRows<MergeGroupRow>(ctx.em, 'select id, number, actor_label, created_at, shipped_at from order_merge_group where id = ?', [id]);
  if (!row) return null;
  await requireOnGroup(ctx, row.id, P.OrdersRead);
  return OrderMergeGroup.fromRow(row);
}

interface MergeCheckRow {
  id: string;
  number: string;
  status: string;
  channel_id: string | null;
  holds: string[] | null;
  group_number: string | null;
  buyer_key: string | null;
  address_key: string | null;
}

/**
 * mergeOrders: puts 2-50 orders into a new merge group. Every order must be PAID or
 * PARTIALLY_SHIPPED, not held and in no group, and share the first order's channel, buyer and
 * shipping address; each order that does not is refused as NOT_MERGEABLE naming what differs.
 */
export async function mergeOrders(ctx: Context, input: MergeOrdersInput): Promise<{ group: OrderMergeGroup | null; userErrors: UserError[] }> {
  const refused = (...userErrors: UserError[]) => ({ group: null, userErrors });
  const wanted: { index: number; id: string }[] = [];
  const errors: UserError[] = [];
  input.orderIds.forEach((globalId, index) => {
    const id = uuidOf('Order', globalId);
    if (!id) errors.push(userError('NOT_FOUND', 'No order has this id', ['orderIds', index]));
    else if (!wanted.some((w) => w.id === id)) wanted.push({ index, id });
  });
  if (errors.length) return refused(...errors);
  if (wanted.length < 2) return refused(userError('TOO_FEW_ORDERS', 'Merging takes at least two different orders', 'orderIds'));
  if (wanted.length > MAX_ORDERS) return refused(userError('TOO_MANY_ORDERS', `At most ${MAX_ORDERS} orders go into one parcel`, 'orderIds'));

  // Locked in id order, so concurrent merges of overlapping orders queue instead of deadlocking.
  const ids = wanted.map((w) => w.id);
  await execute(ctx.em, `select id from sales_order where id in (${inList(ids.length)}) order by id for update`, ids);
  const rows = await selectRows<MergeCheckRow>(
    ctx.em,
    `select o.id, o.number, o.status, o.channel_id, g.number as group_number, ${BUYER_KEY} as buyer_key, ${ADDRESS_KEY} as address_key,
            (select array_agg(h.reason order by h.reason) from order_hold h where h.order_id = o.id and h.released_at is null) as holds
       from sales_order o left join order_merge_group g on g.id = o.merge_group_id
      where o.id in (${inList(ids.length)})`,
    ids,
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  for (const r of rows) requireOnOrder(ctx, r.channel_id, P.OrdersWrite, P.OrdersFulfil);
  for (const w of wanted) if (!byId.has(w.id)) errors.push(userError('NOT_FOUND', 'No order has this id', ['orderIds', w.index]));
  if (errors.length) return refused(...errors);

  const lead = byId.get(wanted[0].id)!;
  const channel = (c: string | null) => c ?? 'manual';
  for (const w of wanted) {
    const o = byId.get(w.id)!;
    const no = (why: string) => errors.push(userError('NOT_MERGEABLE', `${o.number}: ${why}`, ['orderIds', w.index]));
    if (o.status !== 'PAID' && o.status !== 'PARTIALLY_SHIPPED') no(`status is ${o.status}; only PAID or PARTIALLY_SHIPPED orders are merged`);
    if (o.holds?.length) no(`on hold (${o.holds.join(', ')}); release it first`);
    if (o.group_number) no(`already merged in ${o.group_number}; unmerge that group first`);
    if (!o.buyer_key) no('buyer unknown: no channel buyer id, name or phone to match');
    if (!o.address_key) no('address missing: no street address to match');
    if (o === lead) continue;
    if (o.channel_id !== lead.channel_id) no(`channel differs from ${lead.number} (${channel(o.channel_id)} vs ${channel(lead.channel_id)})`);
    else if (o.buyer_key && lead.buyer_key && o.buyer_key !== lead.buyer_key) no(`buyer differs from ${lead.number}`);
    if (o.address_key && lead.address_key && o.address_key !== lead.address_key) no(`shipping address differs from ${lead.number}`);
  }
  if (errors.length) return refused(...errors);

  const [group] = await selectRows<MergeGroupRow>(
    ctx.em,
    'insert into order_merge_group (id, actor_label) values (gen_random_uuid(), ?) returning id, number, actor_label, created_at, shipped_at',
    [ctx.actor?.label ?? 'system'],
  );
  await execute(ctx.em, `update sales_order set merge_group_id = ?, updated_at = now() where id in (${inList(ids.length)})`, [group.id, ...ids]);
  return { group: OrderMergeGroup.fromRow(group), userErrors: [] };
}

async function lockGroup(ctx: Context, globalId: string): Promise<MergeGroupRow | undefined> {
  const id = uuidOf('OrderMergeGroup', globalId);
  if (!id) return undefined;
  const [g] = await selectRows<MergeGroupRow>(ctx.em, 'select id, number, actor_label, created_at, shipped_at from order_merge_group where id = ? for update', [id]);
  return g;
}

/** unmergeOrders: dissolves a group that has not shipped; its orders ship on their own again. */
export async function unmergeOrders(ctx: Context, groupId: string): Promise<{ orders: Order[]; userErrors: UserError[] }> {
  const group = await lockGroup(ctx, groupId);
  if (!group) return { orders: [], userErrors: [userError('NOT_FOUND', 'No merge group has this id', 'groupId')] };
  await requireOnGroup(ctx, group.id, P.OrdersWrite, P.OrdersFulfil);
  if (group.shipped_at) return { orders: [], userErrors: [userError('ALREADY_SHIPPED', `${group.number} has shipped as one parcel; it stays together`, 'groupId')] };
  const freed = await selectRows<{ id: string }>(
    ctx.em,
    'update sales_order set merge_group_id = null, updated_at = now() where merge_group_id = ? returning id',
    [group.id],
  );
  await execute(ctx.em, 'delete from order_merge_group where id = ?', [group.id]);
  const orders = await ordersByIds(ctx, freed.map((f) => f.id));
  return { orders: orders.sort((x, y) => x.placedAt.getTime() - y.placedAt.getTime() || x.number.localeCompare(y.number)), userErrors: [] };
}

/**
 * shipMergedOrders: the group's one parcel. Every unshipped unit of every order in the group
 * ships from one warehouse through createShipment (one shipment per order, one tracking number
 * for all, each with its stock movements and, for channel orders, its outbox row). Orders with
 * nothing left are passed over; any refusal refuses the whole parcel.
 */
export async function shipMergedOrders(
  ctx: Context,
  input: ShipMergedOrdersInput,
): Promise<{ group: OrderMergeGroup | null; shipments: Shipment[]; userErrors: UserError[] }> {
  const refused = (...userErrors: UserError[]) => ({ group: null, shipments: [], userErrors });
  const errors: UserError[] = [];
  const carrier = input.carrier.trim();
  const tracking = input.trackingNumber.trim();
  if (!carrier || carrier.length > 100) errors.push(userError('INVALID_VALUE', 'The carrier is 1-100 characters', 'carrier'));
  if (!tracking || tracking.length > 100) errors.push(userError('INVALID_VALUE', 'The tracking number is 1-100 characters', 'trackingNumber'));
  const code = input.warehouseCode.trim().toUpperCase();
  const warehouse = (await warehousesByCode(ctx, [code])).get(code);
  if (!warehouse) errors.push(userError('UNKNOWN_WAREHOUSE', `No warehouse has code ${input.warehouseCode}`, 'warehouseCode'));
  const group = await lockGroup(ctx, input.groupId);
  if (!group) return refused(userError('NOT_FOUND', 'No merge group has this id', 'groupId'), ...errors);
  await requireOnGroup(ctx, group.id, P.OrdersFulfil);
  if (group.shipped_at) errors.push(userError('ALREADY_SHIPPED', `${group.number} has shipped already`, 'groupId'));
  if (errors.length) return refused(...errors);

  // Take every lock up front in the order the rest of the system takes them (orders, then
  // reservations, then stock levels by variant and warehouse): shipping order by order would
  // otherwise lock levels in an order a concurrent reservation could cross.
  const orders = await selectRows<{ id: string; number: string; reservation_id: string | null }>(
    ctx.em,
    'select id, number, reservation_id from sales_order where merge_group_id = ? order by id for update',
    [group.id],
  );
  await lockForShipping(ctx, orders.map((o) => o.reservation_id).filter((r): r is string => !!r), warehouse!.id);

  const left = await selectRows<{ id: string; order_id: string; left: number }>(
    ctx.em,
    `select l.id, l.order_id, l.quantity - l.quantity_shipped as left from order_line l join sales_order o on o.id = l.order_id
      where o.merge_group_id = ? and l.quantity > l.quantity_shipped order by o.placed_at, o.number, l.position`,
    [group.id],
  );
  if (!left.length) return refused(userError('NOTHING_TO_SHIP', `Every order of ${group.number} has shipped already`, 'groupId'));
  const number = new Map(orders.map((o) => [o.id, o.number]));
  const shipments: Shipment[] = [];
  for (const orderId of [...new Set(left.map((l) => l.order_id))]) {
    const r = await createShipment(ctx, {
      orderId: toGlobalId('Order', orderId),
      warehouseCode: code,
      carrier,
      trackingNumber: tracking,
      lines: left.filter((l) => l.order_id === orderId).map((l) => ({ orderLineId: toGlobalId('OrderLine', l.id), quantity: l.left })),
    });
    if (r.shipment) shipments.push(r.shipment);
    // createShipment's field paths name its own input; here the group is what the caller sent.
    for (const e of r.userErrors) errors.push(userError(e.code, `${number.get(orderId)}: ${e.message}`, 'groupId'));
  }
  // The unit of work rolls back every shipment made above when any order was refused.
  if (errors.length) return refused(...errors);
  const [shipped] = await selectRows<MergeGroupRow>(
    ctx.em,
    'update order_merge_group set shipped_at = now() where id = ? returning id, number, actor_label, created_at, shipped_at',
    [group.id],
  );
  return { group: OrderMergeGroup.fromRow(shipped), shipments, userErrors: [] };
}

/** Per-request loaders: the group of a page of orders, and the orders of a page of groups, one statement each. */
export interface MergeLoaders {
  groupByOrder: DataLoader<string, OrderMergeGroup | null>;
  ordersByGroup: DataLoader<string, Order[]>;
}

/** The merge groups' loaders of this request, kept on its context (dropped by every commit). */
export function mergeLoaders(ctx: Context): MergeLoaders {
  return ctx.loaders.of(createMergeLoaders);
}

function createMergeLoaders(ctx: Context): MergeLoaders {
  return {
    groupByOrder: new DataLoader(async (ids) => {
      const rows = await selectRows<MergeGroupRow & { order_id: string }>(
        ctx.em,
        `select o.id as order_id, g.id, g.number, g.actor_label, g.created_at, g.shipped_at
           from sales_order o join order_merge_group g on g.id = o.merge_group_id where o.id in (${inList(ids.length)})`,
        [...ids],
      );
      return rowPerKey(rows, ids, (r) => r.order_id).map((r) => (r ? OrderMergeGroup.fromRow(r) : null));
    }),
    ordersByGroup: new DataLoader(async (ids) => {
      const rows = await selectRows<OrderRow & { merge_group_id: string }>(
        ctx.em,
        `select ${ORDER_COLUMNS}, o.merge_group_id from sales_order o
          where o.merge_group_id in (${inList(ids.length)}) order by o.placed_at, o.number`,
        [...ids],
      );
      return groupRows(rows, ids, (r) => r.merge_group_id).map((group) => group.map((r) => Order.fromRow(r)));
    }),
  };
}
