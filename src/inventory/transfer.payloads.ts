import { Field, ObjectType } from 'type-graphql';
import { UserError } from '../common/errors';
import { StockTransfer, WarehouseBin, WarehouseZone } from './transfer.types';

@ObjectType({ description: 'Result of transferStock, receiveTransfer and cancelTransfer.' })
export class StockTransferPayload {
  @Field(() => StockTransfer, { nullable: true, description: 'The transfer after the change; null when refused (nothing was written then).' })
  transfer?: StockTransfer | null;

  @Field(() => [UserError], { description: 'Why it was refused (INSUFFICIENT_STOCK, OVER_RECEIPT, NOT_OPEN, …); empty on success.' })
  userErrors!: UserError[];
}

@ObjectType({ description: 'Result of createWarehouseZone.' })
export class WarehouseZonePayload {
  @Field(() => WarehouseZone, { nullable: true, description: 'The new zone; null when refused.' })
  zone?: WarehouseZone | null;

  @Field(() => [UserError], { description: 'Why it was refused (DUPLICATE_CODE, UNKNOWN_WAREHOUSE, …); empty on success.' })
  userErrors!: UserError[];
}

@ObjectType({ description: 'Result of createWarehouseBins.' })
export class WarehouseBinsPayload {
  @Field(() => [WarehouseBin], { description: 'The new bins, in the order given; empty when refused (then none was created).' })
  bins!: WarehouseBin[];

  @Field(() => [UserError], { description: 'Why it was refused (DUPLICATE_CODE, UNKNOWN_WAREHOUSE, UNKNOWN_ZONE, …); empty on success.' })
  userErrors!: UserError[];
}
