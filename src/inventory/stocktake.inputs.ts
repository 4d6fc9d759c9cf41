import { Field, ID, InputType, Int } from 'type-graphql';
import { StockImportMode, StocktakeStatus } from './stocktake.types';

@InputType({ description: 'Starts a stocktake: snapshots the book quantities of a warehouse or one zone of it.' })
export class StartStocktakeInput {
  @Field({ description: 'Code of the warehouse to count.' })
  warehouseCode!: string;

  @Field(() => String, { nullable: true, description: 'Count only this zone: the SKUs whose default bin lies in it. Omitted: the whole warehouse.' })
  zone?: string | null;
}

@InputType({ description: 'What a counter found of one SKU in one bin.' })
export class RecordStocktakeCountInput {
  @Field(() => ID, { description: 'Id of the open stocktake.' })
  stocktakeId!: string;

  @Field({ description: 'SKU counted (not a bundle); a SKU missing from the snapshot may be counted: it was found.' })
  sku!: string;

  @Field({ description: 'Bin (storage location) counted, as written on the shelf; free text, compared exactly.' })
  binCode!: string;

  @Field(() => Int, { description: 'Units found there (0 or more); replaces an earlier count of the same SKU and bin.' })
  countedQuantity!: number;
}

@InputType({ description: 'Narrows a list of stocktakes.' })
export class StocktakeFilter {
  @Field(() => String, { nullable: true, description: 'Only stocktakes of this warehouse.' })
  warehouseCode?: string | null;

  @Field(() => StocktakeStatus, { nullable: true, description: 'Only stocktakes in this status.' })
  status?: StocktakeStatus | null;
}

@InputType({ description: 'Stock quantities from a spreadsheet.' })
export class ImportStockInput {
  @Field({ description: 'CSV text with a header row; columns sku, warehouse, quantity and optionally reason (default "import").' })
  csv!: string;

  @Field(() => StockImportMode, { description: 'SET: quantity becomes onHand; ADJUST: quantity is added to onHand.' })
  mode!: StockImportMode;
}
