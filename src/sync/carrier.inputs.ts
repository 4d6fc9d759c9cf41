import { Field, ID, InputType } from 'type-graphql';

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
