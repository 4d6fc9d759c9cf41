import { Field, ObjectType } from 'type-graphql';
import { GraphQLDateTime } from 'graphql-scalars';
import { toGlobalId } from '../common/ids';
import { Connection, Node } from '../common/relay';
import { fixedDecimal, Money } from '../common/scalars';
import { ReturnStatus, ReturnType } from '../orders';
import type { ChannelReturnRow } from './channel-return.service';

/**
 * GraphQL shapes of marketplace after-sales cases: refunds and returns as the marketplace
 * reports them (Taobao 退款, an eBay return...), pulled by the returns sync. Customer service
 * works them beside the order and opens our own return from one (createReturn with
 * channelReturnId) where goods come back or money is to be recorded.
 */

@ObjectType({ implements: Node, simpleResolvers: true, description: 'A refund or return request as the marketplace reports it (e.g. a Taobao refund), kept in step by the returns sync.' })
export class ChannelReturn extends Node {
  dbId!: string;
  channelDbId!: string;
  orderDbId!: string | null;
  returnDbId!: string | null;

  @Field({ description: "The marketplace's id of the case (Taobao refund_id), exact as a string." })
  externalId!: string;

  @Field({ description: "The marketplace's id of the order it concerns (Taobao tid)." })
  orderExternalId!: string;

  @Field(() => String, { nullable: true, description: "The marketplace's id of the order line it concerns (Taobao oid); null when it covers the whole order." })
  externalLineId!: string | null;

  @Field(() => ReturnType, { description: 'What the buyer asks for: refund only (仅退款), return and refund (退货退款) or exchange (换货).' })
  type!: ReturnType;

  @Field(() => ReturnStatus, { description: "The marketplace's status mapped to ours: REQUESTED while it waits for the seller, APPROVED while goods come back, REJECTED when the seller refused, REFUNDED once paid back, CLOSED when withdrawn." })
  status!: ReturnStatus;

  @Field({ description: "The marketplace's own status, as it sent it (e.g. WAIT_SELLER_AGREE)." })
  marketplaceStatus!: string;

  @Field(() => Money, { nullable: true, description: 'The amount asked for or refunded; null when the marketplace gave none.' })
  amount!: Money | null;

  @Field(() => String, { nullable: true, description: "The buyer's reason, as the marketplace gave it." })
  reason!: string | null;

  @Field({ description: 'Whether customer service has opened our return for it (see return).' })
  linked!: boolean;

  @Field(() => String, {
    nullable: true,
    description:
      "Why the returns sync did not link it to its order: REFUND_EXCEEDS_PAID when the marketplace refunded more of the line than it has left to refund (its earlier refunds and ours counted). Such a case is kept, concerns no order (order is null), and its money is not counted in the line's refundable; null for a case linked as usual.",
  })
  linkRefusal!: string | null;

  @Field(() => GraphQLDateTime, { description: 'When the marketplace last changed it.' })
  modifiedAt!: Date;

  @Field(() => GraphQLDateTime, { description: 'When the sync first saw it.' })
  createdAt!: Date;

  static fromRow(r: ChannelReturnRow): ChannelReturn {
    const c = new ChannelReturn();
    c.id = toGlobalId('ChannelReturn', r.id);
    c.dbId = r.id;
    c.channelDbId = r.channel_id;
    c.orderDbId = r.order_id;
    c.returnDbId = r.return_id;
    c.externalId = r.external_id;
    c.orderExternalId = r.order_external_id;
    c.externalLineId = r.external_line_id;
    c.type = r.type as ReturnType;
    c.status = r.status as ReturnStatus;
    c.marketplaceStatus = r.marketplace_status;
    c.amount = r.amount == null ? null : Money.of(fixedDecimal(r.amount), r.currency.trim());
    c.reason = r.reason;
    c.linked = r.return_id != null;
    c.linkRefusal = r.link_refusal ?? null;
    c.modifiedAt = new Date(r.modified_at);
    c.createdAt = new Date(r.created_at);
    return c;
  }
}

export const ChannelReturnConnection = Connection(ChannelReturn, 'ChannelReturn', 'marketplace after-sales case');
