import { Field, ObjectType } from 'type-graphql';
import { UserError } from '../common/errors';
import { Order } from './order.types';
import { Shipment } from './fulfilment.types';

@ObjectType({ description: 'Result of createShipment.' })
export class ShipmentPayload {
  @Field(() => Shipment, { nullable: true, description: 'The shipment; null when refused.' })
  shipment?: Shipment | null;

  @Field(() => Order, { nullable: true, description: 'The order after the shipment; null when refused.' })
  order?: Order | null;

  @Field(() => [UserError], {
    description: 'Why it was refused (NOT_FOUND, ILLEGAL_TRANSITION, FULFILLED_BY_MARKETPLACE, ORDER_ON_HOLD, UNKNOWN_WAREHOUSE, UNKNOWN_ORDER_LINE, OVER_SHIPMENT, NOT_RESERVED_HERE, …); empty on success.',
  })
  userErrors!: UserError[];
}

@ObjectType({ description: 'Result of markDelivered.' })
export class DeliveryPayload {
  @Field(() => Order, { nullable: true, description: 'The order after the delivery; null when refused.' })
  order?: Order | null;

  @Field(() => [Shipment], { description: 'Shipments marked delivered by this call.' })
  shipments!: Shipment[];

  @Field(() => [UserError], { description: 'Why it was refused (NOT_FOUND, ILLEGAL_TRANSITION); empty on success.' })
  userErrors!: UserError[];
}
