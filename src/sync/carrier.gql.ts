import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { UserError } from '../common/errors';
import { Channel } from './channel.gql';

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

@InputType({ description: 'One mapping of a carrier table.' })
export class ChannelCarrierInput {
  @Field({ description: 'Our carrier name (1-100 characters), as shipments carry it; once per table, without regard to case.' })
  carrier!: string;

  @Field({ description: "The marketplace's code (1-64 characters); on a marketplace whose codes are a closed list, one of them (see connectors { carrierCodes })." })
  code!: string;

  @Field(() => String, { nullable: true, description: 'Default shipping service or method (1-100 characters); null: none.' })
  service?: string | null;
}

@InputType({ description: "A channel's whole carrier table, replacing the one it has." })
export class SetChannelCarriersInput {
  @Field(() => ID, { description: 'The channel (its global id).' })
  channelId!: string;

  @Field(() => [ChannelCarrierInput], { description: 'Every mapping of the table (at most 200); [] empties it.' })
  carriers!: ChannelCarrierInput[];
}

@ObjectType({ description: 'Result of setChannelCarriers.' })
export class SetChannelCarriersPayload {
  @Field(() => Channel, { nullable: true, description: 'The channel; null when refused.' })
  channel?: Channel | null;

  @Field(() => [ChannelCarrier], { description: 'The table as saved; empty when refused.' })
  carriers!: ChannelCarrier[];

  @Field(() => Int, { description: 'Parcels that waited for a mapping (CARRIER_UNMAPPED) and are sent again now.' })
  releasedShipments!: number;

  @Field(() => [UserError], { description: 'Why it was refused (NOT_FOUND, INVALID_VALUE, DUPLICATE_CARRIER, UNKNOWN_CARRIER_CODE, TOO_MANY); empty on success.' })
  userErrors!: UserError[];
}
