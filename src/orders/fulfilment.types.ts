import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLDateTime } from 'graphql-scalars';

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

export enum ShipmentSource {
  OURS = 'OURS',
  MARKETPLACE = 'MARKETPLACE',
}
registerEnumType(ShipmentSource, {
  name: 'ShipmentSource',
  description: 'Who recorded a parcel.',
  valuesConfig: {
    OURS: { description: 'We shipped it (createShipment, shipMergedOrders); a channel order\'s marketplace is told the tracking number.' },
    MARKETPLACE: {
      description:
        "Recorded from the marketplace's report that units of the order left without a shipment of ours (consigned in its back office): they left the warehouse that held them for the order, with the carrier and tracking number the marketplace reports; nothing is sent to the marketplace.",
    },
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

  @Field(() => ShipmentSource, { description: 'Who recorded it: we shipped it (OURS), or the marketplace reported it shipped (MARKETPLACE).' })
  source!: ShipmentSource;

  @Field({ description: "Our carrier name or code, e.g. SF, ZTO, DHL (the channel's carrier table turns it into the marketplace's code); on a MARKETPLACE parcel the carrier as the marketplace names it (e.g. 顺丰速运), empty when it names none." })
  carrier!: string;

  @Field(() => String, { nullable: true, description: 'The shipping service or method, e.g. Ground, 标准快递; null when none was given.' })
  service!: string | null;

  @Field({ description: "The carrier's tracking number (运单号); empty on a MARKETPLACE parcel the marketplace gave none for." })
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
