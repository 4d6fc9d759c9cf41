import { Field, ID, InputType, Int } from 'type-graphql';
import { TransferStatus } from './transfer.types';

@InputType({ description: 'Units of one SKU to send or receive.' })
export class TransferLineInput {
  @Field({ description: 'SKU of the variant (not a bundle).' })
  sku!: string;

  @Field(() => Int, { description: 'Units (1 or more).' })
  quantity!: number;
}

@InputType({ description: 'Stock to send from one warehouse to another.' })
export class TransferStockInput {
  @Field({ description: 'Code of the warehouse the units leave.' })
  fromWarehouseCode!: string;

  @Field({ description: 'Code of the warehouse the units go to.' })
  toWarehouseCode!: string;

  @Field(() => [TransferLineInput], { description: 'What to send; two lines of one SKU count together.' })
  lines!: TransferLineInput[];

  @Field(() => String, { nullable: true, description: 'Free note, e.g. carrier and waybill number.' })
  note?: string | null;
}

@InputType({ description: 'Units of a transfer that arrived at its destination.' })
export class ReceiveTransferInput {
  @Field(() => ID, { description: 'Id of the transfer.' })
  transferId!: string;

  @Field(() => [TransferLineInput], { description: 'What arrived; partial receipt allowed; two lines of one SKU count together.' })
  lines!: TransferLineInput[];
}

@InputType({ description: 'Narrows a list of transfers.' })
export class StockTransferFilter {
  @Field(() => TransferStatus, { nullable: true, description: 'Only transfers in this status.' })
  status?: TransferStatus | null;

  @Field(() => String, { nullable: true, description: 'Only transfers from or to this warehouse.' })
  warehouseCode?: string | null;
}

@InputType({ description: 'A new zone of a warehouse.' })
export class CreateWarehouseZoneInput {
  @Field({ description: 'Code of the warehouse.' })
  warehouseCode!: string;

  @Field({ description: 'Zone code, unique within the warehouse: 1–32 letters, digits, ., - or _ (stored upper-case).' })
  code!: string;

  @Field({ description: 'Display name, e.g. "拣货区 picking".' })
  name!: string;
}

@InputType({ description: 'New bins of a warehouse, optionally in one zone.' })
export class CreateWarehouseBinsInput {
  @Field({ description: 'Code of the warehouse.' })
  warehouseCode!: string;

  @Field(() => String, { nullable: true, description: 'Code of the zone the bins lie in; omitted: in no zone.' })
  zoneCode?: string | null;

  @Field(() => [String], { description: 'Bin codes, unique within the warehouse: 1–32 letters, digits, ., - or _ (stored upper-case); at most 1000.' })
  binCodes!: string[];
}

@InputType({ description: 'The bin a variant is normally stored in, in one warehouse.' })
export class SetDefaultBinInput {
  @Field({ description: 'SKU of the variant (not a bundle).' })
  sku!: string;

  @Field({ description: 'Code of the warehouse.' })
  warehouseCode!: string;

  @Field(() => String, { nullable: true, description: 'Code of a bin of that warehouse; null clears the default bin.' })
  binCode?: string | null;
}
