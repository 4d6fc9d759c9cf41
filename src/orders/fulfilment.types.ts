import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLDateTime } from 'graphql-scalars';
import { UserError } from '../common/errors';
import { Order } from './order.types';

/** GraphQL types of fulfilment: shipments, pick lists, waybill export. */

export enum ShipmentStatus {
  SHIPPED = 'SHIPPED',
  DELIVERED = 'DELIVERED',
}
registerEnumType(ShipmentStatus, {
  name: 'ShipmentStatus',
  description: 'Where a parcel is.',
  valuesConfig: {
    SHIPPED: { description: 'Handed to the carrier (已发货).' },
    DELIVERED: { description: 'The carrier delivered it (已签收).' },
  },
});

export enum ShipmentPushStatus {
  PENDING = 'PENDING',
  HELD = 'HELD',
  SENT = 'SENT',
  REFUSED = 'REFUSED',
}
registerEnumType(ShipmentPushStatus, {
  name: 'ShipmentPushStatus',
  description: 'Where telling the marketplace about a parcel stands.',
  valuesConfig: {
    PENDING: { description: 'Waiting for the sync engine to send it.' },
    HELD: { description: "Waiting for a carrier mapping: the channel has no code for the parcel's carrier (CARRIER_UNMAPPED); it is sent once the carrier is mapped (setChannelCarriers) or the error is retried." },
    SENT: { description: 'The marketplace accepted it.' },
    REFUSED: { description: 'The marketplace refused it for good (see errorCode, errorMessage); it is not sent again.' },
  },
});

@ObjectType({ simpleResolvers: true, description: 'How the marketplace of a channel order was told about a parcel.' })
export class ShipmentMarketplacePush {
  @Field(() => ShipmentPushStatus, { description: 'Where it stands.' })
  status!: ShipmentPushStatus;

  @Field(() => String, { nullable: true, description: 'Why it is held or refused: CARRIER_UNMAPPED, or the marketplace’s code; null otherwise.' })
  errorCode!: string | null;

  @Field(() => String, { nullable: true, description: 'What that means, or the marketplace’s message; null otherwise.' })
  errorMessage!: string | null;

  @Field(() => GraphQLDateTime, { nullable: true, description: 'When the marketplace accepted or refused it; null while it waits.' })
  at!: Date | null;
}

export enum ExportFormat {
  CSV = 'CSV',
  HTML = 'HTML',
}
registerEnumType(ExportFormat, {
  name: 'ExportFormat',
  description: 'Format of a warehouse export (waybills, pick lists).',
  valuesConfig: {
    CSV: { description: 'RFC 4180 CSV with a header row, CRLF line ends, UTF-8.' },
    HTML: { description: 'A printable HTML page.' },
  },
});

@ObjectType({ simpleResolvers: true, description: 'Units of one order line in a shipment.' })
export class ShipmentLine {
  @Field(() => ID, { description: 'The order line shipped.' })
  orderLineId!: string;

  @Field({ description: 'SKU of the order line (a bundle ships as its components).' })
  sku!: string;

  @Field(() => Int, { description: 'Units of the line in this parcel.' })
  quantity!: number;
}

@ObjectType({ simpleResolvers: true, description: 'A parcel sent for an order (one order may ship in several: 拆单).' })
export class Shipment {
  @Field(() => ID, { description: 'Global id of the shipment.' })
  id!: string;

  @Field({ description: 'Our shipment number, e.g. SH-000042.' })
  number!: string;

  @Field({ description: 'Code of the warehouse it left from.' })
  warehouseCode!: string;

  @Field({ description: "Our carrier name or code, e.g. SF, ZTO, DHL (the channel's carrier table turns it into the marketplace's code)." })
  carrier!: string;

  @Field(() => String, { nullable: true, description: 'The shipping service or method, e.g. Ground, 标准快递; null when none was given.' })
  service!: string | null;

  @Field({ description: "The carrier's tracking number (运单号)." })
  trackingNumber!: string;

  @Field(() => String, { nullable: true, description: 'Where the parcel is followed (an http(s) address); null when none was given.' })
  trackingUrl!: string | null;

  @Field(() => ShipmentMarketplacePush, { nullable: true, description: "How the order's marketplace was told about the parcel; null for an order that came from no channel." })
  marketplacePush!: ShipmentMarketplacePush | null;

  @Field(() => ShipmentStatus, { description: 'Shipped or delivered.' })
  status!: ShipmentStatus;

  @Field(() => GraphQLDateTime, { description: 'When it left the warehouse.' })
  shippedAt!: Date;

  @Field(() => GraphQLDateTime, { nullable: true, description: 'When it was delivered; null until then.' })
  deliveredAt!: Date | null;

  @Field(() => [ShipmentLine], { description: 'What is in the parcel.' })
  lines!: ShipmentLine[];
}

@InputType({ description: 'Units of one order line to put in a shipment.' })
export class ShipmentLineInput {
  @Field(() => ID, { description: 'Order line id (of the order being shipped).' })
  orderLineId!: string;

  @Field(() => Int, { description: 'Units to ship: 1 up to what is left unshipped on the line.' })
  quantity!: number;
}

@InputType({ description: 'A parcel to send.' })
export class CreateShipmentInput {
  @Field(() => ID, { description: 'Order id.' })
  orderId!: string;

  @Field({ description: 'Code of the warehouse it leaves from; the order must have its stock reserved there.' })
  warehouseCode!: string;

  @Field({ description: "Carrier name or code, 1-100 characters; a channel order's marketplace gets the code its channel's carrier table maps it to." })
  carrier!: string;

  @Field(() => String, { nullable: true, description: 'Shipping service or method (1-100 characters), e.g. Ground; default the one the channel maps the carrier to, if any.' })
  service?: string | null;

  @Field({ description: "The carrier's tracking number, 1-100 characters." })
  trackingNumber!: string;

  @Field(() => String, { nullable: true, description: 'Where the parcel is followed: an http or https address of at most 2048 characters.' })
  trackingUrl?: string | null;

  @Field(() => [ShipmentLineInput], { description: 'Lines and units in the parcel (at least one).' })
  lines!: ShipmentLineInput[];
}

@ObjectType({ description: 'Result of createShipment.' })
export class ShipmentPayload {
  @Field(() => Shipment, { nullable: true, description: 'The shipment; null when refused.' })
  shipment?: Shipment | null;

  @Field(() => Order, { nullable: true, description: 'The order after the shipment; null when refused.' })
  order?: Order | null;

  @Field(() => [UserError], {
    description: 'Why it was refused (NOT_FOUND, ILLEGAL_TRANSITION, FULFILLED_BY_MARKETPLACE, ORDER_ON_HOLD, UNKNOWN_WAREHOUSE, UNKNOWN_ORDER_LINE, OVER_SHIPMENT, NOT_RESERVED_HERE, …); empty on success.',
  })
  userErrors!: UserError[];
}

@ObjectType({ description: 'Result of markDelivered.' })
export class DeliveryPayload {
  @Field(() => Order, { nullable: true, description: 'The order after the delivery; null when refused.' })
  order?: Order | null;

  @Field(() => [Shipment], { description: 'Shipments marked delivered by this call.' })
  shipments!: Shipment[];

  @Field(() => [UserError], { description: 'Why it was refused (NOT_FOUND, ILLEGAL_TRANSITION); empty on success.' })
  userErrors!: UserError[];
}

@ObjectType({ simpleResolvers: true, description: 'One SKU to pick, batched over every order waiting for it (配货).' })
export class PickListLine {
  @Field({ description: 'SKU to pick (bundles appear as their components).' })
  sku!: string;

  @Field(() => String, { nullable: true, description: 'Default bin of the SKU in the warehouse; null when none is set.' })
  binCode!: string | null;

  @Field(() => Int, { description: 'Units to pick over all orders.' })
  quantity!: number;

  @Field(() => [String], { description: 'Numbers of the orders the units are for.' })
  orderNumbers!: string[];
}

@ObjectType({ simpleResolvers: true, description: 'A pick list of a warehouse (配货单): what to take from the shelves for the orders ready to ship.' })
export class PickList {
  @Field({ description: 'Code of the warehouse.' })
  warehouseCode!: string;

  @Field(() => Int, { description: 'Number of orders covered.' })
  orderCount!: number;

  @Field(() => [PickListLine], { description: 'Lines sorted by bin, then SKU (walking order).' })
  lines!: PickListLine[];
}
