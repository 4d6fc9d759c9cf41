import { Field, ID, InputType } from 'type-graphql';
import { ReturnStatus } from '../orders';

@InputType({ description: 'Conditions marketplace refunds and returns must meet.' })
export class ChannelReturnFilter {
  @Field(() => ID, { nullable: true, description: 'Only those of this channel.' })
  channelId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only those of this order.' })
  orderId?: string | null;

  @Field(() => [ReturnStatus], { nullable: true, description: 'Only those in these statuses.' })
  status?: ReturnStatus[] | null;

  @Field(() => Boolean, { nullable: true, description: 'true: only those customer service has opened a return for; false: only those not yet taken up (the work queue).' })
  linked?: boolean | null;
}
