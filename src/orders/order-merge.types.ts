import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { GraphQLDateTime } from 'graphql-scalars';
import { Node } from '../common/relay';
import { toGlobalId } from '../common/ids';
import { UserError } from '../common/errors';
import { Order } from './order.types';
import { Shipment } from './fulfilment.types';

/** GraphQL types of merged shipping (合单). */

export interface MergeGroupRow {
  id: string;
  number: string;
  actor_label: string;
  created_at: string | Date;
  shipped_at: string | Date | null;
}

@ObjectType({ implements: Node, simpleResolvers: true, description: 'Orders packed and shipped as one parcel with one tracking number (合单); each stays its own order.' })
export class OrderMergeGroup extends Node {
  dbId!: string;

  @Field({ description: 'Our merge group number, e.g. MG-000042.' })
  number!: string;

  @Field({ description: 'Who merged the orders: a staff email or an API key.' })
  createdBy!: string;

  @Field(() => GraphQLDateTime, { description: 'When the orders were merged.' })
  createdAt!: Date;

  @Field(() => GraphQLDateTime, { nullable: true, description: 'When the parcel was shipped with shipMergedOrders; null until then.' })
  shippedAt!: Date | null;

  static fromRow(r: MergeGroupRow): OrderMergeGroup {
    return Object.assign(new OrderMergeGroup(), {
      id: toGlobalId('OrderMergeGroup', r.id),
      dbId: r.id,
      number: r.number,
      createdBy: r.actor_label,
      createdAt: new Date(r.created_at),
      shippedAt: r.shipped_at == null ? null : new Date(r.shipped_at),
    });
  }
}

@ObjectType({ description: 'Orders that could be merged now: same channel, buyer and shipping address, ready to ship, not held, in no group.' })
export class MergeCandidate {
  @Field(() => ID, { nullable: true, description: "Global id of the orders' Channel; null for manual and offline orders, and for a channel key no channel is set up under." })
  channelId!: string | null;

  @Field(() => String, { nullable: true, description: "Key of the orders' channel; null for manual and offline orders." })
  channelKey!: string | null;

  @Field(() => [Order], { description: 'The orders (two or more), oldest placed first.' })
  orders!: Order[];
}

@InputType({ description: 'Orders to merge into one parcel.' })
export class MergeOrdersInput {
  @Field(() => [ID], { description: 'Order ids: 2 to 50 orders of one channel, buyer and shipping address, each PAID or PARTIALLY_SHIPPED, not held, in no group.' })
  orderIds!: string[];
}

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
