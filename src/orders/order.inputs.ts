import { Field, ID, InputType, Int } from 'type-graphql';
import { GraphQLDateTime } from 'graphql-scalars';
import { DecimalScalar } from '../common/scalars';
import { AddressInput, BuyerInput } from '../common/shapes';
import { FulfilledBy, HoldReason, OrderStatus, ReturnStatus } from './order-status';
import { OrderSortKey } from './order.types';

@InputType({ description: 'A line of a manual order.' })
export class CreateOrderLineInput {
  @Field({ description: 'SKU of a catalogue variant (or bundle).' })
  sku!: string;

  @Field(() => Int, { description: 'Units (1 or more).' })
  quantity!: number;

  @Field(() => DecimalScalar, { description: 'Price of one unit in the order currency.' })
  unitPrice!: string;

  @Field(() => DecimalScalar, { nullable: true, description: 'Discount on the whole line; default 0.' })
  discount?: string | null;
}

@InputType({ description: 'A manual, offline or wholesale order (分销批发).' })
export class CreateOrderInput {
  @Field({ description: 'Client-chosen key: the same key with the same body returns the same order; with another body it is refused.' })
  idempotencyKey!: string;

  @Field({ description: 'ISO 4217 currency of the amounts, e.g. CNY.' })
  currency!: string;

  @Field(() => BuyerInput, { nullable: true, description: 'Who buys.' })
  buyer?: BuyerInput | null;

  @Field(() => AddressInput, { nullable: true, description: 'Where it goes.' })
  shippingAddress?: AddressInput | null;

  @Field(() => [CreateOrderLineInput], { description: 'What is ordered.' })
  lines!: CreateOrderLineInput[];

  @Field(() => DecimalScalar, { nullable: true, description: 'Shipping charged; default 0.' })
  shipping?: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Order-level discount; default 0.' })
  discount?: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Tax; default 0.' })
  tax?: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Rate from the currency to CNY at order time; default 1.' })
  baseCurrencyRate?: string | null;

  @Field({ nullable: true, description: 'True: created PENDING_PAYMENT (then markOrderPaid); default: created PAID, stock reserved.' })
  paymentPending?: boolean;

  @Field(() => String, { nullable: true, description: 'Message from the buyer.' })
  buyerMessage?: string | null;

  @Field(() => String, { nullable: true, description: "Seller's memo." })
  sellerMemo?: string | null;
}

@InputType({ description: 'A line of a marketplace order, as the marketplace sent it.' })
export class ChannelOrderLineInput {
  @Field(() => String, { nullable: true, description: "The marketplace's line id (string)." })
  externalLineId?: string | null;

  @Field({ description: 'SKU as the marketplace knows it (seller SKU / outer id).' })
  sku!: string;

  @Field(() => String, { nullable: true, description: 'Title at the time of sale.' })
  title?: string | null;

  @Field(() => String, { nullable: true, description: 'Option text, e.g. 颜色:黑色;尺码:50.' })
  optionText?: string | null;

  @Field(() => Int, { description: 'Units.' })
  quantity!: number;

  @Field(() => DecimalScalar, { description: 'Price of one unit.' })
  unitPrice!: string;

  @Field(() => DecimalScalar, { nullable: true, description: "The line's own discount for all its units (its sub-order discount, a seller's price change down); default 0." })
  discount?: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: "The line's share of the order-level discount (shop coupons, 满减) as the marketplace spread it (Taobao part_mjz_discount); default 0." })
  orderDiscount?: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'What the buyer paid for this line after every discount (Taobao divide_order_fee); default: quantity × price − discount − orderDiscount.' })
  paid?: string | null;

  @Field(() => ChannelOrderLineRefundInput, { nullable: true, description: 'Where a refund of this line stands on the marketplace; null or omitted when there is none.' })
  refund?: ChannelOrderLineRefundInput | null;
}

@InputType({ description: "A line's refund as the marketplace shows it on the order (a partial refund of an order lives on its lines)." })
export class ChannelOrderLineRefundInput {
  @Field(() => ReturnStatus, { description: 'Where it stands: REQUESTED, APPROVED, REJECTED, RECEIVED, REFUNDED or CLOSED.' })
  status!: ReturnStatus;

  @Field({ description: "The marketplace's own word, e.g. Taobao SUCCESS or WAIT_SELLER_AGREE." })
  marketplaceStatus!: string;

  @Field(() => Int, { nullable: true, description: "Units refunded (0 to the line's quantity); default 0." })
  quantity?: number | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Amount refunded in the order currency; null when the marketplace states it elsewhere.' })
  amount?: string | null;
}

@InputType({ description: 'A marketplace order in the unified shape, as a connector (or an integrator) delivers it. Name its channel by channelId or channelKey, exactly one.' })
export class ChannelOrderInput {
  @Field(() => ID, { nullable: true, description: "The Channel's global id (as channel(id:) takes it)." })
  channelId?: string | null;

  @Field(() => String, { nullable: true, description: "The channel's key (e.g. taobao-main); an integrator's channel need not be set up as a Channel." })
  channelKey?: string | null;

  @Field({ description: "The marketplace's order id, as a string." })
  externalId!: string;

  @Field(() => OrderStatus, { description: 'The unified status the marketplace status maps to.' })
  status!: OrderStatus;

  @Field(() => GraphQLDateTime, { description: "The marketplace's modified time: an older one than we hold changes nothing." })
  modifiedAt!: Date;

  @Field(() => GraphQLDateTime, { nullable: true, description: 'When the buyer placed it.' })
  placedAt?: Date | null;

  @Field(() => GraphQLDateTime, { nullable: true, description: 'When it was paid.' })
  paidAt?: Date | null;

  @Field({ description: 'ISO 4217 currency.' })
  currency!: string;

  @Field(() => String, { nullable: true, description: "The buyer's id on the channel." })
  buyerId?: string | null;

  @Field(() => BuyerInput, { nullable: true, description: 'Buyer as sent (often already masked by the marketplace).' })
  buyer?: BuyerInput | null;

  @Field(() => AddressInput, { nullable: true, description: 'Shipping address as sent.' })
  shippingAddress?: AddressInput | null;

  @Field(() => [ChannelOrderLineInput], { description: 'Lines.' })
  lines!: ChannelOrderLineInput[];

  @Field(() => DecimalScalar, { nullable: true, description: 'Shipping charged.' })
  shipping?: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: "Order-level discount (shop coupons, 满减); default: the lines' orderDiscount, or what paidTotal leaves over the lines, shipping and tax." })
  discount?: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Tax.' })
  tax?: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: "What the buyer paid for the order (Taobao payment): the order's total to the cent, whatever the lines add up to (the difference shows as discount and adjustment)." })
  paidTotal?: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Rate to CNY at order time; default 1.' })
  baseCurrencyRate?: string | null;

  @Field(() => String, { nullable: true, description: 'Message from the buyer.' })
  buyerMessage?: string | null;

  @Field(() => String, { nullable: true, description: "The marketplace's own status text (e.g. AliExpress WAIT_SELLER_SEND_GOODS, Amazon Unshipped), kept beside the unified status." })
  marketplaceStatus?: string | null;

  @Field(() => String, { nullable: true, description: 'The marketplace the order was placed on, of those its channel covers (Amazon ATVPDKIKX0DER, eBay EBAY_US).' })
  marketplaceId?: string | null;

  @Field(() => FulfilledBy, { nullable: true, description: 'Who ships it; default MERCHANT. A MARKETPLACE order (Amazon AFN) reserves none of our stock and never reaches our pick lists. Fixed once the order exists.' })
  fulfilledBy?: FulfilledBy | null;
}

@InputType({ description: 'Narrows an order list; all given conditions must hold.' })
export class OrderFilter {
  @Field(() => [OrderStatus], { nullable: true, description: 'Only these statuses.' })
  status?: OrderStatus[] | null;

  @Field(() => ID, { nullable: true, description: "Only this channel, by the Channel's global id." })
  channelId?: string | null;

  @Field(() => String, { nullable: true, description: "Only this channel, by its key (also for an integrator's channel not set up as a Channel)." })
  channelKey?: string | null;

  @Field({ nullable: true, description: 'Only held (true) or not held (false) orders.' })
  onHold?: boolean;

  @Field(() => HoldReason, { nullable: true, description: 'Only orders held for this reason.' })
  holdReason?: HoldReason | null;

  @Field(() => String, { nullable: true, description: "Our number, the external id, a SKU, or (only on orders whose buyer the caller may see: pii.read on the order's channel) the buyer's name, nickname or phone." })
  search?: string | null;

  @Field({ nullable: true, description: 'Only orders waiting for an exchange rate (true: baseRateMissing, no baseTotals yet) or only those that have one (false).' })
  baseRateMissing?: boolean;

  @Field(() => GraphQLDateTime, { nullable: true, description: 'Placed at or after.' })
  placedAfter?: Date | null;

  @Field(() => GraphQLDateTime, { nullable: true, description: 'Placed before.' })
  placedBefore?: Date | null;
}

@InputType({ description: 'Holds an order.' })
export class HoldOrderInput {
  @Field(() => ID, { description: 'Order id.' })
  orderId!: string;

  @Field(() => HoldReason, { nullable: true, description: 'Why; default MANUAL.' })
  reason?: HoldReason | null;

  @Field(() => String, { nullable: true, description: 'Note.' })
  note?: string | null;
}

@InputType({ description: 'Sort order of an order list.' })
export class OrderOrder {
  @Field(() => OrderSortKey, { description: 'Sort key.' })
  field!: OrderSortKey;

  @Field({ defaultValue: true, description: 'Newest / largest first (default true).' })
  descending!: boolean;
}
