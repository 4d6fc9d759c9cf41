import { Ctx, Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { Context } from '../context';
import { GraphQLDateTime } from 'graphql-scalars';
import { Connection, Node } from '../common/relay';
import { toGlobalId } from '../common/ids';
import { Money } from '../common/scalars';
import { fromCents, toCents } from './order-amounts';
import { Address, Buyer } from '../common/shapes';
import { FulfilledBy, HoldReason, OrderStatus, ReturnStatus } from './order-status';
import { refundableByOrder } from './refund.service';
import { DecimalScalar } from '../common/scalars';
import { minorUnits } from '../common/currency';
import { plainRate, quoteToBase } from '../finance';

/** A row of `sales_order` as the read queries select it. */
export interface OrderRow {
  id: string;
  number: string;
  channel_id: string | null;
  external_id: string | null;
  status: string;
  payment_status: string;
  currency: string;
  subtotal: string;
  shipping: string;
  discount: string;
  tax: string;
  adjustment: string;
  total: string;
  refunded: string;
  base_currency_rate: string;
  /** The base currency the order's amounts convert to, and the rate (1 base buys base_rate order currency); both null while no rate is known. */
  base_currency: string | null;
  base_rate: string | null;
  buyer_message: string;
  seller_memo: string;
  buyer: Buyer;
  shipping_address: Address;
  placed_at: string | Date;
  paid_at: string | Date | null;
  shipped_at: string | Date | null;
  cancelled_at: string | Date | null;
  reservation_id: string | null;
  holds: string[] | null;
  marketplace_id: string | null;
  fulfilled_by: string;
  marketplace_status: string | null;
}

export const ORDER_COLUMNS = `o.id, o.number, o.channel_id, o.external_id, o.status, o.payment_status, o.currency,
  o.subtotal::text, o.shipping::text, o.discount::text, o.tax::text, o.adjustment::text, o.total::text, o.refunded::text,
  o.base_currency_rate::text, o.base_currency, o.base_rate::text, o.buyer_message, o.seller_memo, o.buyer, o.shipping_address, o.placed_at, o.paid_at,
  o.shipped_at, o.cancelled_at, o.reservation_id, o.marketplace_id, o.fulfilled_by, o.marketplace_status,
  (select array_agg(h.reason order by h.reason) from order_hold h where h.order_id = o.id and h.released_at is null) as holds`;

@ObjectType({ simpleResolvers: true, description: 'Amounts of an order in one currency: its own (Order.totals) or the base currency (Order.baseTotals).' })
export class OrderTotals {
  @Field(() => Money, { description: "Sum of the lines after their own discounts, before order-level discount: Σ (quantity × unit price − line discount)." })
  subtotal!: Money;

  @Field(() => Money, { description: 'Shipping charged.' })
  shipping!: Money;

  @Field(() => Money, { description: "Order-level discount (shop coupons, 满减): on a marketplace order, the sum of the lines' orderDiscount, or what the paid total leaves over the lines, shipping and tax." })
  discount!: Money;

  @Field(() => Money, { description: 'Tax charged.' })
  tax!: Money;

  @Field(() => Money, { description: "What the marketplace's own figures leave over (a seller's price change up, rounding), either sign; 0 on orders we price ourselves." })
  adjustment!: Money;

  @Field(() => Money, { description: 'What the buyer pays: subtotal + shipping − discount + tax + adjustment. On a marketplace order that states it (Taobao payment), exactly what the buyer paid.' })
  total!: Money;

  @Field(() => Money, { description: 'Refunded so far.' })
  refunded!: Money;
}

const date = (v: string | Date | null | undefined): Date | null => (v == null ? null : new Date(v));

/** The order's totals in its base currency at its rate; null while it has none. */
function baseTotalsOf(r: OrderRow): OrderTotals | null {
  if (r.base_rate == null || r.base_currency == null) return null;
  const base = r.base_currency.trim();
  const digits = minorUnits(base) ?? 2;
  const money = (a: string) => Money.of(quoteToBase(a, r.base_rate!, digits), base);
  return Object.assign(new OrderTotals(), {
    subtotal: money(r.subtotal),
    shipping: money(r.shipping),
    discount: money(r.discount),
    tax: money(r.tax),
    adjustment: money(r.adjustment),
    total: money(r.total),
    refunded: money(r.refunded),
  });
}

@ObjectType({ implements: Node, simpleResolvers: true, description: 'An order from any channel, or a manual / offline order.' })
export class Order extends Node {
  dbId!: string;
  rawBuyer!: Buyer;
  rawAddress!: Address;
  /** The buyer's message as stored; the API shows it through OrderResolver.buyerMessage (masked without pii.read). */
  rawBuyerMessage!: string;

  @Field({ description: 'Our order number, e.g. SO-000042.' })
  number!: string;

  /** The key of the channel the order came from (sales_order.channel_id holds the key); null for manual orders. */
  @Field(() => String, { nullable: true, description: 'Key of the channel the order came from (e.g. taobao-main); null for manual and offline orders.' })
  channelKey!: string | null;

  @Field(() => String, { nullable: true, description: "The marketplace's order id (a string: Taobao ids exceed 2^53)." })
  externalId!: string | null;

  @Field(() => OrderStatus, { description: 'Where the order is in its life.' })
  status!: OrderStatus;

  @Field(() => String, { nullable: true, description: "The marketplace's own status text (e.g. AliExpress IN_FROZEN, Amazon Unshipped) as it last said; null for manual orders and for orders taken in before it was kept." })
  marketplaceStatus!: string | null;

  @Field(() => String, { nullable: true, description: "The marketplace it was placed on, of those its channel covers (Amazon ATVPDKIKX0DER, eBay EBAY_US); null when the channel has none." })
  marketplaceId!: string | null;

  @Field(() => FulfilledBy, { description: 'Who ships it: MERCHANT (us: it reserves our stock and goes to our pick lists) or MARKETPLACE (Amazon AFN: it reserves none of our stock and never reaches our pick lists).' })
  fulfilledBy!: FulfilledBy;

  @Field({ description: 'UNPAID, PAID, PARTIALLY_REFUNDED or REFUNDED.' })
  paymentStatus!: string;

  @Field({ description: 'Whether any hold flag is set (then it is not fulfilled).' })
  onHold!: boolean;

  @Field(() => [HoldReason], { description: 'Why it is held, if it is.' })
  holdReasons!: HoldReason[];

  @Field({ description: 'ISO 4217 currency of all amounts of the order.' })
  currency!: string;

  @Field(() => OrderTotals, { description: 'Amounts in the order currency.' })
  totals!: OrderTotals;

  @Field({
    description: 'The rate given when the order was recorded (default 1), whatever the currency.',
    deprecationReason: 'Use baseRate and baseTotals: the rate finance entered for the order time.',
  })
  baseCurrencyRate!: string;

  @Field(() => String, { nullable: true, description: 'The base currency (BASE_CURRENCY when the order was taken in) baseTotals are in; null while the order waits for a rate.' })
  baseCurrency!: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: "Finance's rate in force when the order was placed: units of the order currency one unit of the base currency bought (1 for an order in the base currency); null while none is known." })
  baseRate!: string | null;

  @Field({ description: 'True while no exchange rate from the base currency to the order currency was in force when it was placed: baseTotals are null until finance enters one (setExchangeRate).' })
  baseRateMissing!: boolean;

  @Field(() => OrderTotals, { nullable: true, description: 'The totals in the base currency at the order-time rate (each amount ÷ baseRate, exact, rounded half away from zero to the minor unit); null while baseRateMissing.' })
  baseTotals!: OrderTotals | null;

  @Field({ description: "Seller's memo (卖家备注)." })
  sellerMemo!: string;

  @Field(() => GraphQLDateTime, { description: 'When the buyer placed it.' })
  placedAt!: Date;

  @Field(() => GraphQLDateTime, { nullable: true, description: 'When it was paid.' })
  paidAt!: Date | null;

  @Field(() => GraphQLDateTime, { nullable: true, description: 'When the last unit shipped.' })
  shippedAt!: Date | null;

  @Field(() => GraphQLDateTime, { nullable: true, description: 'When it was cancelled.' })
  cancelledAt!: Date | null;

  static fromRow(r: OrderRow): Order {
    const money = (a: string) => Money.of(a, r.currency);
    return Object.assign(new Order(), {
      id: toGlobalId('Order', r.id),
      dbId: r.id,
      rawBuyer: r.buyer ?? {},
      rawAddress: r.shipping_address ?? {},
      number: r.number,
      channelKey: r.channel_id,
      externalId: r.external_id,
      status: r.status as OrderStatus,
      marketplaceStatus: r.marketplace_status ?? null,
      marketplaceId: r.marketplace_id ?? null,
      fulfilledBy: (r.fulfilled_by ?? FulfilledBy.MERCHANT) as FulfilledBy,
      paymentStatus: r.payment_status,
      onHold: (r.holds?.length ?? 0) > 0,
      holdReasons: (r.holds ?? []) as HoldReason[],
      currency: r.currency,
      totals: Object.assign(new OrderTotals(), {
        subtotal: money(r.subtotal),
        shipping: money(r.shipping),
        discount: money(r.discount),
        tax: money(r.tax),
        adjustment: money(r.adjustment),
        total: money(r.total),
        refunded: money(r.refunded),
      }),
      baseCurrencyRate: r.base_currency_rate,
      baseCurrency: r.base_rate == null ? null : r.base_currency,
      baseRate: r.base_rate == null ? null : plainRate(r.base_rate),
      baseRateMissing: r.base_rate == null || r.base_currency == null,
      baseTotals: baseTotalsOf(r),
      rawBuyerMessage: r.buyer_message,
      sellerMemo: r.seller_memo,
      placedAt: new Date(r.placed_at),
      paidAt: date(r.paid_at),
      shippedAt: date(r.shipped_at),
      cancelledAt: date(r.cancelled_at),
    });
  }
}

export interface OrderLineRow {
  id: string;
  order_id: string;
  variant_id: string | null;
  sku: string;
  external_line_id: string | null;
  title: string;
  option_text: string;
  quantity: number;
  unit_price: string;
  discount: string;
  order_discount: string;
  paid: string | null;
  quantity_shipped: number;
  quantity_returned: number;
  status: string;
  refund_status: string | null;
  refund_marketplace_status: string | null;
  refund_quantity: number;
  refund_amount: string | null;
}

/** Columns of `order_line` as OrderLineRow holds them. */
export const ORDER_LINE_COLUMNS = `id, order_id, variant_id, sku, external_line_id, title, option_text, quantity, unit_price::text, discount::text,
  order_discount::text, paid::text, quantity_shipped, quantity_returned, status, refund_status, refund_marketplace_status, refund_quantity, refund_amount::text`;

@ObjectType({ simpleResolvers: true, description: "A line's refund as the marketplace shows it on the order: a partial refund of the order lives here, and the order's status does not move for it." })
export class OrderLineRefund {
  @Field(() => ReturnStatus, { description: 'Where it stands: REQUESTED while the seller decides, APPROVED while goods come back, REFUNDED once paid back, REJECTED or CLOSED.' })
  status!: ReturnStatus;

  @Field({ description: "The marketplace's own word, e.g. Taobao SUCCESS or WAIT_SELLER_AGREE." })
  marketplaceStatus!: string;

  @Field(() => Int, { description: 'Units refunded: the whole line once a Taobao refund succeeds, 0 before.' })
  quantity!: number;

  @Field(() => Money, { nullable: true, description: 'Amount refunded; null when the marketplace states it on the refund only (Taobao: see channelReturns).' })
  amount!: Money | null;
}

@ObjectType({
  simpleResolvers: true,
  description:
    "What is left to refund of an order line: what it was paid less everything paid back of it, ours (returns' refunds, a cancel's refund) and the marketplace's (its refunds of the line, a cancel it made), each counted once. A refund beyond it is refused (REFUND_EXCEEDS_PAID).",
})
export class OrderLineRefundable {
  @Field(() => Int, { description: 'Units no refund has covered yet (a unit counts once a refund paid back any of it); 0 when the order was never paid.' })
  quantity!: number;

  @Field(() => Money, { description: 'Money still refundable on the line, in the order currency, never below 0; 0 when the order was never paid. Shipping and tax are the order\'s, not a line\'s.' })
  amount!: Money;
}

@ObjectType({ implements: Node, simpleResolvers: true, description: 'A line of an order, as sold.' })
export class OrderLine extends Node {
  dbId!: string;
  variantDbId!: string | null;
  orderDbId!: string;
  currency!: string;

  @Field({ description: 'SKU as sold (may be unknown to the catalogue: then the order is held UNMAPPED_SKU).' })
  sku!: string;

  @Field({ description: 'Whether the SKU is mapped to a catalogue variant.' })
  mapped!: boolean;

  @Field(() => String, { nullable: true, description: "The marketplace's line id." })
  externalLineId!: string | null;

  @Field({ description: 'Title at the time of sale.' })
  title!: string;

  @Field({ description: 'Option text at the time of sale, e.g. 颜色:黑色;尺码:50.' })
  optionText!: string;

  @Field(() => Int, { description: 'Units ordered.' })
  quantity!: number;

  @Field(() => Int, { description: 'Units shipped so far.' })
  quantityShipped!: number;

  @Field(() => Money, { description: 'Price of one unit in the order currency.' })
  unitPrice!: Money;

  @Field(() => Money, { description: "The line's own discount for all its units (its sub-order discount, a seller's price change down)." })
  discount!: Money;

  @Field(() => Money, { description: "The line's share of the order-level discount (shop coupons, 满减) as the marketplace spread it; 0 when it did not." })
  orderDiscount!: Money;

  @Field(() => Money, { description: 'What the buyer paid for this line after every discount (Taobao divide_order_fee); without the marketplace\'s figure, quantity × unit price − discount − orderDiscount.' })
  paid!: Money;

  @Field(() => OrderLineRefund, { nullable: true, description: 'Where a refund of this line stands on the marketplace; null when there is none.' })
  refund!: OrderLineRefund | null;

  @Field(() => OrderLineRefundable, { description: 'What is left to refund of this line (units and money), ours and the marketplace\'s refunds counted.' })
  async refundable(@Ctx() ctx: Context): Promise<OrderLineRefundable> {
    const left = (await refundableByOrder(ctx).load(this.orderDbId)).get(this.dbId) ?? { amount: 0, quantity: 0 };
    return Object.assign(new OrderLineRefundable(), { quantity: left.quantity, amount: Money.of(fromCents(left.amount), this.currency) });
  }

  static fromRow(r: OrderLineRow, currency: string): OrderLine {
    const paid = r.paid ?? fromCents(r.quantity * toCents(r.unit_price) - toCents(r.discount) - toCents(r.order_discount));
    return Object.assign(new OrderLine(), {
      id: toGlobalId('OrderLine', r.id),
      dbId: r.id,
      orderDbId: r.order_id,
      currency,
      variantDbId: r.variant_id,
      sku: r.sku,
      mapped: !!r.variant_id,
      externalLineId: r.external_line_id,
      title: r.title,
      optionText: r.option_text,
      quantity: r.quantity,
      quantityShipped: r.quantity_shipped,
      unitPrice: Money.of(r.unit_price, currency),
      discount: Money.of(r.discount, currency),
      orderDiscount: Money.of(r.order_discount, currency),
      paid: Money.of(paid, currency),
      refund:
        r.refund_status && r.refund_marketplace_status
          ? Object.assign(new OrderLineRefund(), {
              status: r.refund_status as ReturnStatus,
              marketplaceStatus: r.refund_marketplace_status,
              quantity: r.refund_quantity,
              amount: r.refund_amount == null ? null : Money.of(r.refund_amount, currency),
            })
          : null,
    });
  }
}

@ObjectType({ simpleResolvers: true, description: "A change of an order's status." })
export class OrderHistoryEntry {
  @Field(() => OrderStatus, { nullable: true, description: 'Status before; null when the order was created.' })
  from!: OrderStatus | null;

  @Field(() => OrderStatus, { description: 'Status after.' })
  to!: OrderStatus;

  @Field({ description: 'Who or what changed it: a staff email, an API key, or a channel sync.' })
  by!: string;

  @Field({ description: 'API, SYNC or SYSTEM.' })
  source!: string;

  @Field({ description: 'Why, when known.' })
  note!: string;

  @Field(() => GraphQLDateTime, { description: 'When.' })
  at!: Date;
}

export const OrderConnection = Connection(Order, 'Order', 'order');

export enum IntakeOutcomeEnum {
  CREATED = 'CREATED',
  UPDATED = 'UPDATED',
  UNCHANGED = 'UNCHANGED',
}

registerEnumType(IntakeOutcomeEnum, {
  name: 'IntakeOutcome',
  description: 'What the intake did with a delivered marketplace order.',
  valuesConfig: {
    CREATED: { description: 'A new order was recorded.' },
    UPDATED: { description: 'A newer version updated the order.' },
    UNCHANGED: { description: 'The same or an older version: nothing changed.' },
  },
});

export enum OrderSortKey {
  PLACED_AT = 'PLACED_AT',
  NUMBER = 'NUMBER',
  TOTAL = 'TOTAL',
}

registerEnumType(OrderSortKey, {
  name: 'OrderSortKey',
  description: 'What an order list is sorted by.',
  valuesConfig: {
    PLACED_AT: { description: 'When the buyer placed it.' },
    NUMBER: { description: 'Our order number.' },
    TOTAL: { description: 'Total in the order currency.' },
  },
});
