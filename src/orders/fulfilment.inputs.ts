import { Field, ID, InputType, Int } from 'type-graphql';

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
