import { Field, ObjectType } from 'type-graphql';
import { UserError } from '../common/errors';
import { Order } from './order.types';
import { Shipment } from './fulfilment.types';
import { OrderMergeGroup } from './order-merge.types';

@ObjectType({ description: 'Result of mergeOrders.' })
export class MergeOrdersPayload {
  @Field(() => OrderMergeGroup, { nullable: true, description: 'The new merge group; null when refused.' })
  group?: OrderMergeGroup | null;

  @Field(() => [UserError], { description: 'Why it was refused (NOT_FOUND, TOO_FEW_ORDERS, TOO_MANY_ORDERS, NOT_MERGEABLE with the reason in the message); empty on success.' })
  userErrors!: UserError[];
}

@ObjectType({ description: 'Result of unmergeOrders.' })
export class UnmergeOrdersPayload {
  @Field(() => [Order], { description: 'The orders that were in the group, now in none.' })
  orders!: Order[];

  @Field(() => [UserError], { description: 'Why it was refused (NOT_FOUND, ALREADY_SHIPPED); empty on success.' })
  userErrors!: UserError[];
}

@ObjectType({ description: 'Result of shipMergedOrders.' })
export class ShipMergedOrdersPayload {
  @Field(() => OrderMergeGroup, { nullable: true, description: 'The group after shipping; null when refused.' })
  group?: OrderMergeGroup | null;

  @Field(() => [Shipment], { description: 'One shipment per order that had units left, all with the same tracking number; empty when refused.' })
  shipments!: Shipment[];

  @Field(() => [UserError], {
    description: 'Why it was refused (NOT_FOUND, ALREADY_SHIPPED, NOTHING_TO_SHIP, INVALID_VALUE, UNKNOWN_WAREHOUSE, or what createShipment refuses, prefixed with the order number); empty on success.',
  })
  userErrors!: UserError[];
}
