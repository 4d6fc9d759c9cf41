import { Field, ObjectType } from 'type-graphql';
import { UserError } from '../common/errors';
import { Reservation, StockLevel, Warehouse } from './inventory.types';

@ObjectType({ description: 'Result of createWarehouse.' })
export class WarehousePayload {
  @Field(() => Warehouse, { nullable: true, description: 'The warehouse; null when refused.' })
  warehouse?: Warehouse | null;

  @Field(() => [UserError], { description: 'Why the input was refused; empty on success.' })
  userErrors!: UserError[];
}

@ObjectType({ description: 'Result of a stock change.' })
export class StockLevelPayload {
  @Field(() => StockLevel, { nullable: true, description: 'The level after the change; null when refused.' })
  stockLevel?: StockLevel | null;

  @Field(() => [UserError], { description: 'Why the change was refused (STALE_QUANTITY, NEGATIVE_STOCK, …); empty on success.' })
  userErrors!: UserError[];
}

@ObjectType({ description: 'Result of reserveStock.' })
export class ReservationPayload {
  @Field(() => Reservation, { nullable: true, description: 'The reservation; null when refused (nothing is held then).' })
  reservation?: Reservation | null;

  @Field(() => [UserError], { description: 'Why it was refused, e.g. INSUFFICIENT_STOCK with what was short; empty on success.' })
  userErrors!: UserError[];
}

@ObjectType({ description: 'Result of releaseReservation.' })
export class ReleasePayload {
  @Field(() => Reservation, { nullable: true, description: 'The released reservation; null when refused.' })
  reservation?: Reservation | null;

  @Field(() => [UserError], { description: 'Why it was refused; empty on success.' })
  userErrors!: UserError[];
}
