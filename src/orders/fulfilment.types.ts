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

  @Field({ description: 'Carrier name or code, e.g. SF, ZTO, DHL.' })
  carrier!: string;

  @Field({ description: "The carrier's tracking number (运单号)." })
  trackingNumber!: string;

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

  @Field({ description: 'Carrier name or code, 1-100 characters.' })
  carrier!: string;

  @Field({ description: "The carrier's tracking number, 1-100 characters." })
  trackingNumber!: string;

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
    description: 'Why it was refused (NOT_FOUND, ILLEGAL_TRANSITION, ORDER_ON_HOLD, UNKNOWN_WAREHOUSE, UNKNOWN_ORDER_LINE, OVER_SHIPMENT, NOT_RESERVED_HERE, …); empty on success.',
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
