import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLDateTime } from 'graphql-scalars';
import { Connection, Node } from '../common/relay';
import { Warehouse } from './inventory.types';

/** Where a transfer between warehouses stands. */
export enum TransferStatus {
  IN_TRANSIT = 'IN_TRANSIT',
  PARTIALLY_RECEIVED = 'PARTIALLY_RECEIVED',
  RECEIVED = 'RECEIVED',
  CANCELLED = 'CANCELLED',
}
registerEnumType(TransferStatus, {
  name: 'TransferStatus',
  description: 'Where a transfer between warehouses stands.',
  valuesConfig: {
    IN_TRANSIT: { description: 'Sent; nothing received yet. The units count as incoming at the destination.' },
    PARTIALLY_RECEIVED: { description: 'Some units received at the destination, the rest still in transit.' },
    RECEIVED: { description: 'Every unit sent has been received. Closed.' },
    CANCELLED: { description: 'Cancelled before anything was received; the units went back to the source. Closed.' },
  },
});

@ObjectType({ simpleResolvers: true, description: 'Units of one SKU on a transfer.' })
export class StockTransferLine {
  @Field({ description: 'SKU of the variant.' })
  sku!: string;

  @Field(() => Int, { description: 'Units sent from the source warehouse.' })
  quantitySent!: number;

  @Field(() => Int, { description: 'Units received at the destination so far.' })
  quantityReceived!: number;

  @Field(() => Int, { description: 'Units still in transit: sent and not yet received (0 once the transfer is closed).' })
  quantityOutstanding!: number;
}

@ObjectType({
  implements: Node,
  simpleResolvers: true,
  description:
    'Stock sent from one warehouse to another. Sending writes TRANSFER_OUT at the source; until received, the units count as `incoming` at the destination (incoming is not part of the ledger reconciliation); receiving writes TRANSFER_IN.',
})
export class StockTransfer extends Node {
  dbId!: string;

  @Field({ description: 'Human-readable number, e.g. TR-000042; also the referenceId of its stock movements.' })
  number!: string;

  @Field(() => Warehouse, { description: 'Warehouse the units left.' })
  fromWarehouse!: Warehouse;

  @Field(() => Warehouse, { description: 'Warehouse the units go to.' })
  toWarehouse!: Warehouse;

  @Field(() => TransferStatus, { description: 'Where the transfer stands.' })
  status!: TransferStatus;

  @Field(() => String, { nullable: true, description: 'Free note given when sending, e.g. carrier and waybill.' })
  note!: string | null;

  @Field(() => [StockTransferLine], { description: 'What was sent and received, per SKU.' })
  lines!: StockTransferLine[];

  @Field({ description: 'Who sent it: a staff email or an API key name.' })
  createdBy!: string;

  @Field(() => GraphQLDateTime, { description: 'When it was sent.' })
  createdAt!: Date;

  @Field(() => GraphQLDateTime, { nullable: true, description: 'When it was fully received or cancelled; null while open.' })
  closedAt!: Date | null;
}

@ObjectType({ simpleResolvers: true, description: 'An area of a warehouse (仓库区域), e.g. picking, bulk storage, returns.' })
export class WarehouseZone {
  @Field({ description: 'Code of the warehouse.' })
  warehouseCode!: string;

  @Field({ description: 'Code of the zone, unique within its warehouse (upper-case letters, digits, ., - and _).' })
  code!: string;

  @Field({ description: 'Display name.' })
  name!: string;
}

@ObjectType({ simpleResolvers: true, description: 'A storage location in a warehouse (库位, 堆码位置), e.g. A-01-03.' })
export class WarehouseBin {
  @Field({ description: 'Code of the warehouse.' })
  warehouseCode!: string;

  @Field(() => String, { nullable: true, description: 'Code of the zone the bin lies in; null when it belongs to none.' })
  zoneCode!: string | null;

  @Field({ description: 'Code of the bin, unique within its warehouse (upper-case letters, digits, ., - and _).' })
  code!: string;
}

export const StockTransferConnection = Connection(StockTransfer, 'StockTransfer', 'stock transfer');
