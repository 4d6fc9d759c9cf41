import { Field, Int, ObjectType } from 'type-graphql';
import { UserError } from '../common/errors';
import { Channel } from './channel.types';
import { ChannelCarrier } from './carrier.types';

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
