import crypto from 'node:crypto';
import type { Context } from '../context';
import { UserError, userError } from '../common/errors';
import { execute, inList, selectRows } from '../common/sql';
import { checkMoney } from '../catalog/product.validation';
import { isCurrency } from '../common/currency';
import { checkMoneyRange, checkRate, checkUnits } from '../common/limits';
import { Address, Buyer } from '../common/shapes';
import { HoldReason, OrderStatus } from './order-status';
import { orderTotals, toCents } from './order-amounts';
import { ChangeSource, LockedOrder, reserveForOrder, setHold, writeHistory } from './order-lifecycle.service';
import { baseRatesFor } from './order-base-rate.service';

/** Writes new orders: the shared part of manual orders and the channel intake. */

export interface NewOrderLine {
  sku: string;
  quantity: number;
  unitPrice: string;
  discount?: string | null;
  externalLineId?: string | null;
  title?: string | null;
  optionText?: string | null;
}

export interface NewOrder {
  channelId: string | null;
  externalId: string | null;
  idempotencyKey: string | null;
  requestHash: string | null;
  status: OrderStatus;
  currency: string;
  buyer: Buyer;
  buyerChannelId?: string | null;
  shippingAddress: Address;
  lines: NewOrderLine[];
  shipping?: string | null;
  discount?: string | null;
  tax?: string | null;
  baseCurrencyRate?: string | null;
  buyerMessage?: string | null;
  sellerMemo?: string | null;
  placedAt?: Date | null;
  paidAt?: Date | null;
  externalUpdatedAt?: Date | null;
}

/** Checks what every new order needs: currency, at least one line, sane quantities and amounts. */
export function checkNewOrder(
  o: { currency: string; lines: NewOrderLine[]; shipping?: string | null; discount?: string | null; tax?: string | null; baseCurrencyRate?: string | null },
  errors: UserError[],
): void {
  if (!isCurrency(o.currency)) errors.push(userError('INVALID_CURRENCY', 'The currency is an ISO 4217 code such as CNY or USD', 'currency'));
  if (!o.lines.length) errors.push(userError('REQUIRED', 'An order needs at least one line', 'lines'));
  o.lines.forEach((l, i) => {
    checkUnits(l.quantity, ['lines', i, 'quantity'], errors);
    checkMoney(l.unitPrice, ['lines', i, 'unitPrice'], errors);
    checkMoney(l.discount, ['lines', i, 'discount'], errors, 'discount');
  });
  for (const f of ['shipping', 'discount', 'tax'] as const) checkMoney(o[f], [f], errors, f);
  checkRate(o.baseCurrencyRate, 'baseCurrencyRate', errors);
  if (errors.length) return;
  // Each figure fits its column; their sum (quantity × price over the lines) may not.
  const totals = orderTotals(o.lines, o.shipping, o.discount, o.tax);
  checkMoneyRange(toCents(totals.subtotal), 'lines', errors, 'The order subtotal');
  checkMoneyRange(toCents(totals.total), 'lines', errors, 'The order total');
  if (!errors.length && toCents(totals.total) < 0) {
    errors.push(userError('NEGATIVE_TOTAL', 'The discounts exceed what is charged', 'discount'));
  }
}

/** Variant ids by SKU for the lines that name a known one. */
export async function mapSkus(ctx: Context, skus: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(skus)];
  if (!unique.length) return new Map();
  const rows = await selectRows<{ id: string; sku: string }>(ctx.em, `select id, sku from variant where sku in (${inList(unique.length)})`, unique);
  return new Map(rows.map((r) => [r.sku, r.id]));
}

/** The SHA-256 of a request body, for idempotency keys: same key, same body. */
export function requestHash(body: unknown): string {
  const canonical = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(canonical) : v && typeof v === 'object' && !(v instanceof Date)
      ? Object.fromEntries(Object.keys(v).sort().filter((k) => (v as Record<string, unknown>)[k] != null).map((k) => [k, canonical((v as Record<string, unknown>)[k])]))
      : v;
  return crypto.createHash('sha256').update(JSON.stringify(canonical(body))).digest('hex');
}

/**
 * Inserts an order unless its (channel, external id) or idempotency key exists already;
 * returns the new order's id, or undefined when another request holds the key (the caller
 * then reads that one).
 */
export async function insertOrder(ctx: Context, o: NewOrder, source: ChangeSource): Promise<string | undefined> {
  const totals = orderTotals(o.lines, o.shipping, o.discount, o.tax);
  const [{ seq }] = await selectRows<{ seq: string }>(ctx.em, `select nextval('sales_order_number_seq')::text as seq`);
  const number = `SO-${seq.padStart(6, '0')}`;
  let customerId: string | null = null;
  if (o.channelId && o.buyerChannelId) {
    const [c] = await selectRows<{ id: string }>(
      ctx.em,
      `insert into customer (id, channel_id, channel_buyer_id, nickname, name, phone, email) values (gen_random_uuid(), ?, ?, ?, ?, ?, ?)
       on conflict (channel_id, channel_buyer_id) where channel_buyer_id is not null
       do update set nickname = coalesce(excluded.nickname, customer.nickname), name = coalesce(excluded.name, customer.name),
         phone = coalesce(excluded.phone, customer.phone), email = coalesce(excluded.email, customer.email)
       returning id`,
      [o.channelId, o.buyerChannelId, o.buyer.nickname ?? null, o.buyer.name ?? null, o.buyer.phone ?? null, o.buyer.email ?? null],
    );
    customerId = c.id;
  }
  const conflict = o.idempotencyKey ? 'on conflict (idempotency_key) do nothing' : 'on conflict (channel_id, external_id) where external_id is not null do nothing';
  const paid = o.status !== OrderStatus.PENDING_PAYMENT && o.status !== OrderStatus.CANCELLED;
  const [baseRate] = await baseRatesFor(ctx, [{ currency: o.currency, placedAt: o.placedAt ?? null }]);
  const inserted = await selectRows<{ id: string }>(
    ctx.em,
    `insert into sales_order (id, seq, number, channel_id, external_id, idempotency_key, request_hash, status, payment_status, currency,
       subtotal, shipping, discount, tax, total, base_currency_rate, buyer_message, seller_memo, customer_id, buyer, shipping_address,
       placed_at, paid_at, external_updated_at, base_currency, base_rate)
     values (gen_random_uuid(), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, coalesce(?, now()), ?, ?, ?, ?::numeric)
     ${conflict} returning id`,
    [
      seq, number, o.channelId, o.externalId, o.idempotencyKey, o.requestHash, o.status, paid ? 'PAID' : 'UNPAID', o.currency,
      totals.subtotal, totals.shipping, totals.discount, totals.tax, totals.total, o.baseCurrencyRate ?? '1', o.buyerMessage ?? '', o.sellerMemo ?? '',
      customerId, JSON.stringify(o.buyer ?? {}), JSON.stringify(o.shippingAddress ?? {}), o.placedAt ?? null, paid ? (o.paidAt ?? new Date()) : null,
      o.externalUpdatedAt ?? null, baseRate.base, baseRate.rate,
    ],
  );
  if (!inserted.length) return undefined;
  const id = inserted[0].id;
  const variants = await mapSkus(ctx, o.lines.map((l) => l.sku));
  for (const [i, l] of o.lines.entries()) {
    const variantId = variants.get(l.sku) ?? null;
    await execute(
      ctx.em,
      `insert into order_line (id, order_id, position, variant_id, sku, external_line_id, title, option_text, quantity, unit_price, discount, raw)
       values (gen_random_uuid(), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)`,
      [id, i, variantId, l.sku, l.externalLineId ?? null, l.title ?? '', l.optionText ?? '', l.quantity, l.unitPrice, l.discount ?? '0', variantId ? null : JSON.stringify(l)],
    );
  }
  const unmapped = o.lines.filter((l) => !variants.has(l.sku)).map((l) => l.sku);
  if (unmapped.length) await setHold(ctx, id, HoldReason.UNMAPPED_SKU, `Unknown SKU(s): ${[...new Set(unmapped)].join(', ')}`);
  await writeHistory(ctx, id, null, o.status, source, o.channelId ? `from ${o.channelId}` : 'manual order');
  const locked: LockedOrder = { id, number, status: o.status, reservation_id: null };
  if (o.status === OrderStatus.PAID) await reserveForOrder(ctx, locked);
  return id;
}
