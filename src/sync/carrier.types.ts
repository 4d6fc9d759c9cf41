import { Field, ObjectType } from 'type-graphql';

/** GraphQL shapes of a channel's carrier table: our carrier names → the marketplace's codes. */

@ObjectType({ simpleResolvers: true, description: "A row of a channel's carrier table: parcels whose carrier is `carrier` go to the marketplace as `code` (and `service` when the shipment names none)." })
export class ChannelCarrier {
  @Field({ description: 'Our carrier name, as staff write it on shipments (matched without regard to case), e.g. 顺丰, DHL Express.' })
  carrier!: string;

  @Field({ description: "The marketplace's carrier code, e.g. TOP's SF, eBay's USPS, an AliExpress logistics service key." })
  code!: string;

  @Field(() => String, { nullable: true, description: 'The shipping service or method sent when the shipment names none (eBay shippingServiceCode, Amazon shippingMethod); null: none.' })
  service!: string | null;

  @Field(() => String, { nullable: true, description: "The code's name when the connector knows the code; null for a code it does not list." })
  codeName!: string | null;
}

@ObjectType({ simpleResolvers: true, description: 'A carrier code a marketplace knows (its connector lists them): what a carrier table maps to.' })
export class CarrierCodeInfo {
  @Field({ description: "The marketplace's code." })
  code!: string;

  @Field({ description: 'Its name for people.' })
  name!: string;

  @Field(() => [String], { description: 'Our carrier names that map to it when the channel’s table says nothing (matched without regard to case; the code itself does too).' })
  aliases!: string[];
}
