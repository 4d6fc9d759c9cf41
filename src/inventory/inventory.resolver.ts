import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../context';
import { Allow } from '../staff/access';
import { P } from '../staff/permissions';
import { ConnectionArgs, toConnection } from '../common/relay';
import { Variant } from '../catalog/catalog.types';
import { AdjustStockInput, CreateWarehouseInput, MarkDamagedInput, ReceiveStockInput, ReserveStockInput, SetStockInput, StockLevelFilter, StockMovementFilter } from './inventory.inputs';
import { ReleasePayload, ReservationPayload, StockLevelPayload, WarehousePayload } from './inventory.payloads';
import { StockDiscrepancy, StockLevel, StockLevelConnection, StockMovementConnection, StockSummary, Warehouse } from './inventory.types';
import { createWarehouse, findWarehouse, listWarehouses } from './warehouse.service';
import { adjustStock, markDamaged, receiveStock, setStock } from './stock.service';
import { releaseReservationByStaff, reserveStock } from './reservation.service';
import { listStockLevels, listStockMovements, stockDiscrepancies } from './inventory.queries';

@Resolver()
export class InventoryResolver {
  @Query(() => [Warehouse], { description: 'Every warehouse, by allocation priority then code.' })
  @Allow('Query.warehouses', P.InventoryRead)
  warehouses(@Ctx() ctx: Context): Promise<Warehouse[]> {
    return listWarehouses(ctx);
  }

  @Query(() => Warehouse, { nullable: true, description: 'One warehouse by code; null when there is none.' })
  @Allow('Query.warehouse', P.InventoryRead)
  warehouse(@Ctx() ctx: Context, @Arg('code', { description: 'Warehouse code.' }) code: string): Promise<Warehouse | null> {
    return findWarehouse(ctx, code);
  }

  @Query(() => StockLevelConnection, { description: 'Stock levels by SKU then warehouse.' })
  @Allow('Query.stockLevels', P.InventoryRead)
  async stockLevels(
    @Ctx() ctx: Context,
    @Args() args: ConnectionArgs,
    @Arg('filter', () => StockLevelFilter, { nullable: true, description: 'Conditions the levels must meet.' }) filter?: StockLevelFilter,
  ): Promise<object> {
    return toConnection(await listStockLevels(ctx, args, filter));
  }

  @Query(() => StockMovementConnection, { description: 'The stock ledger, newest first.' })
  @Allow('Query.stockMovements', P.InventoryRead)
  async stockMovements(
    @Ctx() ctx: Context,
    @Args() args: ConnectionArgs,
    @Arg('filter', () => StockMovementFilter, { nullable: true, description: 'Conditions the movements must meet.' }) filter?: StockMovementFilter,
  ): Promise<object> {
    return toConnection(await listStockMovements(ctx, args, filter));
  }

  @Query(() => [StockDiscrepancy], { description: 'Stock levels that disagree with their ledger or reservations (帐账相符 check); empty when the books agree.' })
  @Allow('Query.stockDiscrepancies', P.InventoryRead)
  stockDiscrepancies(@Ctx() ctx: Context): Promise<StockDiscrepancy[]> {
    return stockDiscrepancies(ctx);
  }

  @Mutation(() => WarehousePayload, { description: 'Creates a warehouse.' })
  @Allow('Mutation.createWarehouse', P.InventoryManage)
  createWarehouse(@Ctx() ctx: Context, @Arg('input', () => CreateWarehouseInput, { description: 'The new warehouse.' }) input: CreateWarehouseInput): Promise<WarehousePayload> {
    return createWarehouse(ctx, input);
  }

  @Mutation(() => StockLevelPayload, { description: 'Adds or removes on-hand units of one SKU in one warehouse, with a reason (ADJUSTMENT in the ledger).' })
  @Allow('Mutation.adjustStock', P.InventoryAdjust)
  adjustStock(@Ctx() ctx: Context, @Arg('input', () => AdjustStockInput, { description: 'The change.' }) input: AdjustStockInput): Promise<StockLevelPayload> {
    return adjustStock(ctx, input);
  }

  @Mutation(() => StockLevelPayload, { description: 'Sets the on-hand units of one SKU in one warehouse to a counted value, with a reason.' })
  @Allow('Mutation.setStock', P.InventoryAdjust)
  setStock(@Ctx() ctx: Context, @Arg('input', () => SetStockInput, { description: 'The new quantity.' }) input: SetStockInput): Promise<StockLevelPayload> {
    return setStock(ctx, input);
  }

  @Mutation(() => StockLevelPayload, { description: 'Books goods into a warehouse (入库): a RECEIPT movement.' })
  @Allow('Mutation.receiveStock', P.InventoryAdjust)
  receiveStock(@Ctx() ctx: Context, @Arg('input', () => ReceiveStockInput, { description: 'What arrived.' }) input: ReceiveStockInput): Promise<StockLevelPayload> {
    return receiveStock(ctx, input);
  }

  @Mutation(() => StockLevelPayload, { description: 'Moves sellable units to damaged: a DAMAGE movement.' })
  @Allow('Mutation.markDamaged', P.InventoryAdjust)
  markDamaged(@Ctx() ctx: Context, @Arg('input', () => MarkDamagedInput, { description: 'What was found damaged.' }) input: MarkDamagedInput): Promise<StockLevelPayload> {
    return markDamaged(ctx, input);
  }

  @Mutation(() => ReservationPayload, { description: 'Holds stock for a reference (an order), all lines or none; refused with INSUFFICIENT_STOCK and what was short.' })
  @Allow('Mutation.reserveStock', P.InventoryAdjust, P.OrdersWrite)
  reserveStock(@Ctx() ctx: Context, @Arg('input', () => ReserveStockInput, { description: 'What to hold.' }) input: ReserveStockInput): Promise<ReservationPayload> {
    return reserveStock(ctx, input);
  }

  @Mutation(() => ReleasePayload, { description: 'Gives the stock held by an active reservation back. A reservation an order holds is released through the order (cancel, ship, change): refused with RESERVED_FOR_ORDER.' })
  @Allow('Mutation.releaseReservation', P.InventoryAdjust, P.OrdersWrite)
  releaseReservation(@Ctx() ctx: Context, @Arg('id', () => ID, { description: 'Reservation id.' }) id: string): Promise<ReleasePayload> {
    return releaseReservationByStaff(ctx, id);
  }
}

@Resolver(() => Variant)
export class VariantStockResolver {
  @FieldResolver(() => StockSummary, { description: 'Stock over all warehouses; for a bundle, derived from its components. Needs inventory.read.' })
  @Authorized(P.InventoryRead)
  stock(@Root() v: Variant, @Ctx() ctx: Context): StockSummary | Promise<StockSummary> {
    // Loaded with the page's variants when they were (prefetchVariantStock): answered at once.
    return ctx.loaders.inventory.stockLoaded.get(v.dbId) ?? ctx.loaders.inventory.stockByVariant.load(v.dbId);
  }

  @FieldResolver(() => [StockLevel], { description: 'Stock per warehouse (empty for a bundle: see stock). Needs inventory.read.' })
  @Authorized(P.InventoryRead)
  async stockLevels(@Root() v: Variant, @Ctx() ctx: Context): Promise<StockLevel[]> {
    return (await ctx.loaders.inventory.levelsByVariant.load(v.dbId)).map(StockLevel.fromRow);
  }
}
