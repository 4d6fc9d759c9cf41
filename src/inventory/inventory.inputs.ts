import { Field, InputType, Int } from 'type-graphql';
import { MovementType, WarehouseKind } from './inventory.types';

@InputType({ description: 'A new warehouse.' })
export class CreateWarehouseInput {
  @Field({ description: 'Unique code: 2–32 upper-case letters, digits, - or _ (e.g. SH-01).' })
  code!: string;

  @Field({ description: 'Display name.' })
  name!: string;

  @Field(() => WarehouseKind, { description: 'What kind of place it is.' })
  kind!: WarehouseKind;

  @Field({ description: 'ISO 3166-1 alpha-2 country code, e.g. CN.' })
  country!: string;

  @Field(() => Int, { nullable: true, description: 'Allocation priority (default 100): lower numbers are reserved from first.' })
  priority?: number | null;

  @Field(() => String, {
    nullable: true,
    description:
      "For kind MARKETPLACE_FULFILMENT: the key of the channel whose marketplace runs this fulfilment centre (an Amazon channel's FBA stock). Its levels are then read from the marketplace and never changed by hand; one such warehouse per channel.",
  })
  channelKey?: string | null;
}

@InputType({ description: 'A relative change of the on-hand quantity of one SKU in one warehouse.' })
export class AdjustStockInput {
  @Field({ description: 'SKU of the variant (not a bundle).' })
  sku!: string;

  @Field({ description: 'Code of the warehouse.' })
  warehouseCode!: string;

  @Field(() => Int, { description: 'Units to add (positive) or remove (negative).' })
  delta!: number;

  @Field({ description: 'Why, e.g. "found in returns area" (recorded in the ledger).' })
  reason!: string;

  @Field(() => Int, { nullable: true, description: 'The onHand the caller saw; when it differs the change is refused with STALE_QUANTITY.' })
  expectedOnHand?: number | null;
}

@InputType({ description: 'Sets the on-hand quantity of one SKU in one warehouse to a counted value.' })
export class SetStockInput {
  @Field({ description: 'SKU of the variant (not a bundle).' })
  sku!: string;

  @Field({ description: 'Code of the warehouse.' })
  warehouseCode!: string;

  @Field(() => Int, { description: 'The new on-hand quantity (0 or more).' })
  onHand!: number;

  @Field({ description: 'Why (recorded in the ledger).' })
  reason!: string;

  @Field(() => Int, { nullable: true, description: 'The onHand the caller saw; when it differs the change is refused with STALE_QUANTITY.' })
  expectedOnHand?: number | null;
}

@InputType({ description: 'Units of one SKU to reserve.' })
export class ReserveLineInput {
  @Field({ description: 'SKU of the variant or bundle.' })
  sku!: string;

  @Field(() => Int, { description: 'Units (1 or more).' })
  quantity!: number;

  @Field(() => String, { nullable: true, description: 'Reserve from this warehouse; omitted: by warehouse priority, then most available.' })
  warehouseCode?: string | null;
}

@InputType({ description: 'Stock to hold for a reference such as an order, all lines or none.' })
export class ReserveStockInput {
  @Field({ description: 'What the stock is held for, e.g. an order number; one active reservation per reference.' })
  reference!: string;

  @Field(() => [ReserveLineInput], { description: 'What to hold; two lines of one SKU count together.' })
  lines!: ReserveLineInput[];
}

@InputType({ description: 'Narrows a list of stock levels.' })
export class StockLevelFilter {
  @Field(() => String, { nullable: true, description: 'Only this SKU.' })
  sku?: string | null;

  @Field(() => String, { nullable: true, description: 'Only this warehouse.' })
  warehouseCode?: string | null;

  @Field({ nullable: true, description: 'Only levels whose available plus incoming quantity is at or below their safety stock (as lowStock).' })
  lowStockOnly?: boolean;
}

@InputType({ description: 'Narrows the stock ledger.' })
export class StockMovementFilter {
  @Field(() => String, { nullable: true, description: 'Only this SKU.' })
  sku?: string | null;

  @Field(() => String, { nullable: true, description: 'Only this warehouse.' })
  warehouseCode?: string | null;

  @Field(() => MovementType, { nullable: true, description: 'Only this kind of movement.' })
  type?: MovementType | null;

  @Field(() => String, { nullable: true, description: 'Only movements of this reference id (order, transfer, stocktake…).' })
  reference?: string | null;
}

@InputType({ description: 'Goods arriving in a warehouse (入库上架).' })
export class ReceiveStockInput {
  @Field({ description: 'SKU of the variant (not a bundle).' })
  sku!: string;

  @Field({ description: 'Code of the receiving warehouse.' })
  warehouseCode!: string;

  @Field(() => Int, { description: 'Units received (1 or more).' })
  quantity!: number;

  @Field(() => String, { nullable: true, description: 'What the goods arrived against, e.g. a purchase order or delivery note number.' })
  reference?: string | null;

  @Field(() => String, { nullable: true, description: 'Note kept in the ledger; default "received".' })
  reason?: string | null;
}

@InputType({ description: 'Sellable units found damaged: they leave onHand and are counted as damaged.' })
export class MarkDamagedInput {
  @Field({ description: 'SKU of the variant (not a bundle).' })
  sku!: string;

  @Field({ description: 'Code of the warehouse.' })
  warehouseCode!: string;

  @Field(() => Int, { description: 'Units found damaged (1 or more).' })
  quantity!: number;

  @Field({ description: 'What happened (kept in the ledger).' })
  reason!: string;
}
