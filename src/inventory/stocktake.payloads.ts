import { Field, Int, ObjectType } from 'type-graphql';
import { UserError } from '../common/errors';
import { ImportRowError } from '../catalog/catalog.payloads';
import { Stocktake } from './stocktake.types';

@ObjectType({ description: 'Result of a stocktake mutation.' })
export class StocktakePayload {
  @Field(() => Stocktake, { nullable: true, description: 'The stocktake after the change; null when refused.' })
  stocktake?: Stocktake | null;

  @Field(() => [UserError], { description: 'Why it was refused (NOT_OPEN, INSUFFICIENT_STOCK, …); empty on success.' })
  userErrors!: UserError[];
}

@ObjectType({ description: 'Result of importStock: the good rows are applied, each bad row is reported.' })
export class ImportStockPayload {
  @Field(() => Int, { description: 'Rows applied (a row that changes nothing counts and writes no movement).' })
  applied!: number;

  @Field(() => String, { nullable: true, description: 'Reference id of the IMPORT movements written, for stockMovements(filter: {reference}); null when nothing moved.' })
  reference!: string | null;

  @Field(() => [ImportRowError], { description: 'Rows that were not applied, with line and reason.' })
  rowErrors!: ImportRowError[];

  @Field(() => [UserError], { description: 'Problems with the file as a whole (MISSING_COLUMN, EMPTY_FILE, TOO_MANY_ROWS); nothing is applied then.' })
  userErrors!: UserError[];
}
