import { Field, ID, ObjectType } from 'type-graphql';
import { GraphQLDateTime } from 'graphql-scalars';
import { Node } from '../common/relay';
import { toGlobalId } from '../common/ids';
import { Order } from './order.types';

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
