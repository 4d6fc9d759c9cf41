import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../context';
import { Allow } from '../staff/access';
import { P } from '../staff/permissions';
import { ConnectionArgs, toConnection } from '../common/relay';
import { Stocktake, StocktakeConnection, StocktakeLine } from './stocktake.types';
import { ImportStockPayload, StocktakePayload } from './stocktake.payloads';
import { ImportStockInput, RecordStocktakeCountInput, StartStocktakeInput, StocktakeFilter } from './stocktake.inputs';
import {
  cancelStocktake,
  findStocktake,
  listStocktakes,
  postStocktake,
  recordStocktakeCount,
  startStocktake,
  stocktakeLines,
} from './stocktake.service';
import { importStock } from './stock-import.service';

/** Inventory: stocktakes and stock import. */
@Resolver(() => Stocktake)
export class StocktakeResolver {
  @Query(() => Stocktake, { nullable: true, description: 'One stocktake by id; null when there is none.' })
  @Allow('Query.stocktake', P.InventoryRead)
  stocktake(@Ctx() ctx: Context, @Arg('id', () => ID, { description: 'Stocktake id.' }) id: string): Promise<Stocktake | null> {
    return findStocktake(ctx, id);
  }

  @Query(() => StocktakeConnection, { description: 'Stocktakes, newest first.' })
  @Allow('Query.stocktakes', P.InventoryRead)
  async stocktakes(
    @Ctx() ctx: Context,
    @Args() args: ConnectionArgs,
    @Arg('filter', () => StocktakeFilter, { nullable: true, description: 'Conditions the stocktakes must meet.' }) filter?: StocktakeFilter,
  ): Promise<object> {
    return toConnection(await listStocktakes(ctx, args, filter));
  }

  @FieldResolver(() => [StocktakeLine], { description: 'Every SKU of the snapshot plus those found during the count, by SKU.' })
  lines(@Root() stocktake: Stocktake, @Ctx() ctx: Context): Promise<StocktakeLine[]> {
    return stocktakeLines(ctx, stocktake);
  }

  @Mutation(() => StocktakePayload, {
    description:
      'Starts a stocktake (盘点) of a warehouse, or of the SKUs whose default bin lies in one zone: snapshots their onHand. One open stocktake per warehouse and zone; a whole-warehouse one overlaps every zone.',
  })
  @Allow('Mutation.startStocktake', P.InventoryStocktake)
  startStocktake(@Ctx() ctx: Context, @Arg('input', () => StartStocktakeInput, { description: 'What to count.' }) input: StartStocktakeInput): Promise<StocktakePayload> {
    return startStocktake(ctx, input);
  }

  @Mutation(() => StocktakePayload, {
    description: 'Records what a counter found of one SKU in one bin of an open stocktake; replaces an earlier count of the same SKU and bin.',
  })
  @Allow('Mutation.recordStocktakeCount', P.InventoryStocktake)
  recordStocktakeCount(
    @Ctx() ctx: Context,
    @Arg('input', () => RecordStocktakeCountInput, { description: 'The count.' }) input: RecordStocktakeCountInput,
  ): Promise<StocktakePayload> {
    return recordStocktakeCount(ctx, input);
  }

  @Mutation(() => StocktakePayload, {
    description:
      'Posts an open stocktake: each counted SKU gets a STOCKTAKE movement that sets onHand to the count; SKUs nobody counted are left as they are. Refused as a whole (INSUFFICIENT_STOCK) when a count is below what is reserved.',
  })
  @Allow('Mutation.postStocktake', P.InventoryStocktake)
  postStocktake(@Ctx() ctx: Context, @Arg('id', () => ID, { description: 'Stocktake id.' }) id: string): Promise<StocktakePayload> {
    return postStocktake(ctx, id);
  }

  @Mutation(() => StocktakePayload, { description: 'Cancels an open stocktake without changing stock.' })
  @Allow('Mutation.cancelStocktake', P.InventoryStocktake)
  cancelStocktake(@Ctx() ctx: Context, @Arg('id', () => ID, { description: 'Stocktake id.' }) id: string): Promise<StocktakePayload> {
    return cancelStocktake(ctx, id);
  }

  @Mutation(() => ImportStockPayload, {
    description: 'Imports stock quantities from CSV (sku, warehouse, quantity, reason): good rows are applied as ADJUSTMENT movements, bad rows reported by line.',
  })
  @Allow('Mutation.importStock', P.InventoryAdjust)
  importStock(@Ctx() ctx: Context, @Arg('input', () => ImportStockInput, { description: 'The file and how to read it.' }) input: ImportStockInput): Promise<ImportStockPayload> {
    return importStock(ctx, input);
  }
}
