import type { Context } from '../context';
import { notFound } from '../common/errors';
import { selectRows } from '../common/sql';
import { Address } from '../common/shapes';
import { P, Permission } from '../staff/permissions';
import { addressFor, buyerMessageFor, orderScopeSql } from './order-scope';
import { reservedForPicking, warehousesByCode } from '../inventory';
import { PickList, PickListLine, ExportFormat } from './fulfilment.types';

/**
 * The warehouse's paperwork: pick lists batched across orders (配货单) and the waybill export
 * (打单). An order is ready to ship from a warehouse when it is PAID or PARTIALLY_SHIPPED, we
 * ship it (not the marketplace: Amazon AFN), has no active hold, and its ACTIVE reservation
 * holds stock there; what it holds there is what
 * is to be picked and packed. Orders of one merge group (合单) print as one waybill.
 */

const READY = `o.status in ('PAID', 'PARTIALLY_SHIPPED') and o.fulfilled_by = 'MERCHANT'
  and not exists (select 1 from order_hold h where h.order_id = o.id and h.released_at is null)`;

async function warehouseId(ctx: Context, code: string): Promise<{ id: string; code: string }> {
  const c = code.trim().toUpperCase();
  const w = (await warehousesByCode(ctx, [c])).get(c);
  if (!w) throw notFound(`Warehouse ${code}`);
  return w;
}

/**
 * pickList: per SKU the units to pick for every order ready to ship from the warehouse, by bin
 * then SKU; only orders of channels the caller fulfils or reads orders of.
 */
export async function pickList(ctx: Context, warehouseCode: string): Promise<PickList> {
  return pickListFor(ctx, warehouseCode, [P.OrdersFulfil, P.OrdersRead]);
}

async function pickListFor(ctx: Context, warehouseCode: string, permissions: Permission[]): Promise<PickList> {
  const w = await warehouseId(ctx, warehouseCode);
  const ready = await readyOrders(ctx, permissions);
  const number = new Map(ready.map((o) => [o.reservation_id, o.number]));
  // What each ready order holds here, from inventory; summed per SKU and bin.
  const lines = new Map<string, { sku: string; bin: string | null; quantity: number; orders: Set<string> }>();
  for (const h of await reservedForPicking(ctx, [...number.keys()], w.id)) {
    const k = `${h.binCode ?? ''}\u0000${h.sku}`;
    const l = lines.get(k) ?? { sku: h.sku, bin: h.binCode, quantity: 0, orders: new Set<string>() };
    l.quantity += h.quantity;
    l.orders.add(number.get(h.reservationId)!);
    lines.set(k, l);
  }
  const sorted = [...lines.values()].sort((a, b) => byText(a.bin, b.bin) || byText(a.sku, b.sku));
  return Object.assign(new PickList(), {
    warehouseCode: w.code,
    orderCount: new Set(sorted.flatMap((l) => [...l.orders])).size,
    lines: sorted.map((l) => Object.assign(new PickListLine(), { sku: l.sku, binCode: l.bin, quantity: l.quantity, orderNumbers: [...l.orders].sort(byText) })),
  });
}

/** Text order with nulls last (bins, SKUs, order numbers). */
function byText(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}

/** Orders ready to ship that hold stock, of the channels the caller reaches with one of `permissions`. */
async function readyOrders(ctx: Context, permissions: Permission[]): Promise<{ number: string; reservation_id: string }[]> {
  const scope = orderScopeSql(ctx, permissions);
  return selectRows<{ number: string; reservation_id: string }>(
    ctx.em,
    `select o.number, o.reservation_id from sales_order o where o.reservation_id is not null and ${READY} and ${scope.sql}`,
    scope.params,
  );
}

interface WaybillRow {
  number: string;
  merge_group_id: string | null;
  channel_id: string | null;
  external_id: string | null;
  shipping_address: Address;
  buyer_message: string;
  seller_memo: string;
  items: { sku: string; quantity: number }[];
}

/** One waybill: an order ready to ship from the warehouse, with what it holds there. */
interface Waybill extends WaybillRow {
  address: Address;
}

/** Waybills of the orders ready to ship from the warehouse, of the channels the caller fulfils only. */
async function waybills(ctx: Context, warehouse: { id: string }): Promise<Waybill[]> {
  const scope = orderScopeSql(ctx, [P.OrdersFulfil]);
  const orders = await selectRows<Omit<WaybillRow, 'items'> & { reservation_id: string }>(
    ctx.em,
    `select o.number, o.merge_group_id, o.channel_id, o.external_id, o.shipping_address, o.buyer_message, o.seller_memo, o.reservation_id
       from sales_order o
      where o.reservation_id is not null and ${READY} and ${scope.sql}
      order by o.placed_at, o.number`,
    scope.params,
  );
  // What each holds in this warehouse, from inventory; an order holding nothing here is not on a waybill.
  const items = new Map<string, { sku: string; quantity: number }[]>();
  for (const h of await reservedForPicking(ctx, orders.map((o) => o.reservation_id), warehouse.id)) {
    const list = items.get(h.reservationId) ?? [];
    const same = list.find((i) => i.sku === h.sku);
    if (same) same.quantity += h.quantity;
    else list.push({ sku: h.sku, quantity: h.quantity });
    items.set(h.reservationId, list);
  }
  const rows: WaybillRow[] = orders
    .filter((o) => items.has(o.reservation_id))
    .map(({ reservation_id, ...o }) => ({ ...o, items: items.get(reservation_id)!.sort((a, b) => byText(a.sku, b.sku)) }));
  // Buyer details as the caller may see them on each order's channel, before a merge group's
  // messages are put side by side (a group is of one channel).
  const shown = rows.map((r) => ({ ...r, buyer_message: buyerMessageFor(ctx, r.channel_id, r.buyer_message) }));
  return parcels(shown).map((r) => ({ ...r, address: addressFor(ctx, r.channel_id, r.shipping_address ?? {}) }));
}

/**
 * Orders of one merge group (合单) go out as one parcel, so they print as one waybill: their
 * numbers, external ids and messages side by side, items summed by SKU, the first order's
 * address (the group's orders share it).
 */
function parcels(rows: WaybillRow[]): WaybillRow[] {
  const out: WaybillRow[] = [];
  const byGroup = new Map<string, WaybillRow[]>();
  for (const r of rows) {
    if (!r.merge_group_id) out.push({ ...r, items: r.items ?? [] });
    else if (byGroup.has(r.merge_group_id)) byGroup.get(r.merge_group_id)!.push(r);
    else (byGroup.set(r.merge_group_id, [r]), out.push(r));
  }
  const joined = (list: string[], sep: string) => [...new Set(list.filter(Boolean))].join(sep);
  return out.map((r) => {
    const group = r.merge_group_id ? byGroup.get(r.merge_group_id)! : undefined;
    if (!group) return r;
    const items = new Map<string, number>();
    for (const i of group.flatMap((g) => g.items ?? [])) items.set(i.sku, (items.get(i.sku) ?? 0) + i.quantity);
    return {
      ...r,
      number: group.map((g) => g.number).join(' '),
      external_id: joined(group.map((g) => g.external_id ?? ''), ' ') || null,
      buyer_message: joined(group.map((g) => g.buyer_message), ' / '),
      seller_memo: joined(group.map((g) => g.seller_memo), ' / '),
      items: [...items].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)).map(([sku, quantity]) => ({ sku, quantity })),
    };
  });
}

const COLUMNS = [
  'order_number', 'channel', 'external_id', 'recipient_name', 'recipient_phone', 'country', 'province', 'city', 'district',
  'address1', 'address2', 'postal_code', 'items', 'buyer_message', 'seller_memo',
];

function cellsOf(w: Waybill): string[] {
  const a = w.address;
  return [
    w.number, w.channel_id ?? '', w.external_id ?? '', a.name ?? '', a.phone ?? '', a.country ?? '', a.province ?? '', a.city ?? '',
    a.district ?? '', a.address1 ?? '', a.address2 ?? '', a.postalCode ?? '', w.items.map((i) => `${i.sku} x ${i.quantity}`).join('; '),
    w.buyer_message, w.seller_memo,
  ];
}

/** One RFC 4180 field. Text a spreadsheet would run as a formula gets a leading apostrophe. */
export function csvField(v: string): string {
  const safe = /^[=@\t\r]/.test(v) || /^[+-](?![\d\s().-]*$)/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function escapeHtml(v: string): string {
  return v.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function html(code: string, list: Waybill[]): string {
  const e = escapeHtml;
  const cards = list.map((w) => {
    const a = w.address;
    const where = [a.country, a.province, a.city, a.district, a.address1, a.address2, a.postalCode].filter(Boolean).join(' ');
    const items = w.items.map((i) => `<tr><td>${e(i.sku)}</td><td class="n">${i.quantity}</td></tr>`).join('');
    return `<section class="waybill">
<h2>${e(w.number)}${w.channel_id ? ` <small>${e(w.channel_id)} ${e(w.external_id ?? '')}</small>` : ''}</h2>
<p class="to"><b>${e(a.name ?? '')}</b> ${e(a.phone ?? '')}<br>${e(where)}</p>
<table><thead><tr><th>SKU</th><th>Qty</th></tr></thead><tbody>${items}</tbody></table>
${w.buyer_message ? `<p>Buyer: ${e(w.buyer_message)}</p>` : ''}${w.seller_memo ? `<p>Memo: ${e(w.seller_memo)}</p>` : ''}
</section>`;
  });
  return `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Waybills ${e(code)}</title>
<style>body{font-family:sans-serif}.waybill{border:1px solid #000;padding:8px;margin:8px 0;page-break-inside:avoid}table{border-collapse:collapse}td,th{border:1px solid #999;padding:2px 6px}.n{text-align:right}@media print{.waybill{page-break-after:always}}</style>
</head><body><h1>Waybills ${e(code)} (${list.length})</h1>
${cards.join('\n')}
</body></html>`;
}

/**
 * waybillExport (打单): the orders ready to ship from the warehouse with recipient and items,
 * as CSV (header row, CRLF) or a printable HTML page. Recipient details and the buyer's message
 * are masked without pii.read on the order's channel; orders of channels the caller does not
 * fulfil are left out.
 */
export async function waybillExport(ctx: Context, warehouseCode: string, format: ExportFormat): Promise<string> {
  const w = await warehouseId(ctx, warehouseCode);
  const list = await waybills(ctx, w);
  if (format === ExportFormat.HTML) return html(w.code, list);
  return [COLUMNS, ...list.map(cellsOf)].map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** pickListExport: the pick list of a warehouse as CSV (header row, CRLF) or a printable HTML page. */
export async function pickListExport(ctx: Context, warehouseCode: string, format: ExportFormat): Promise<string> {
  const list = await pickListFor(ctx, warehouseCode, [P.OrdersFulfil]);
  if (format === ExportFormat.CSV) {
    const rows = [['bin', 'sku', 'quantity', 'orders'], ...list.lines.map((l) => [l.binCode ?? '', l.sku, String(l.quantity), l.orderNumbers.join(' ')])];
    return rows.map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
  }
  const e = escapeHtml;
  const rows = list.lines
    .map((l) => `<tr><td>${e(l.binCode ?? '')}</td><td>${e(l.sku)}</td><td class="n">${l.quantity}</td><td>${e(l.orderNumbers.join(' '))}</td><td></td></tr>`)
    .join('\n');
  return `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Pick list ${e(list.warehouseCode)}</title>
<style>body{font-family:sans-serif}table{border-collapse:collapse;width:100%}td,th{border:1px solid #999;padding:2px 6px}.n{text-align:right}</style>
</head><body><h1>Pick list ${e(list.warehouseCode)} (${list.orderCount} orders)</h1>
<table><thead><tr><th>Bin</th><th>SKU</th><th>Qty</th><th>Orders</th><th>Picked</th></tr></thead><tbody>
${rows}
</tbody></table></body></html>`;
}
