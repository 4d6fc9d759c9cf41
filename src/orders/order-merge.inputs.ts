import { Field, ID, InputType } from 'type-graphql';

@InputType({ description: 'Orders to merge into one parcel.' })
export class MergeOrdersInput {
  @Field(() => [ID], { description: 'Order ids: 2 to 50 orders of one channel, buyer and shipping address, each PAID or PARTIALLY_SHIPPED, not held, in no group.' })
  orderIds!: string[];
}

@InputType({ description: 'The one parcel of a merge group.' })
export class ShipMergedOrdersInput {
  @Field(() => ID, { description: 'Merge group id.' })
  groupId!: string;

  @Field({ description: 'Code of the warehouse it leaves from; every order must have its unshipped units reserved there.' })
  warehouseCode!: string;

  @Field({ description: 'Carrier name or code, 1-100 characters.' })
  carrier!: string;

  @Field({ description: "The carrier's tracking number (运单号), 1-100 characters: the same on every order's shipment." })
  trackingNumber!: string;
}
