import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../context';
import { Allow } from '../staff/access';
import { P } from '../staff/permissions';
import { ConnectionArgs, toConnection } from '../common/relay';
import { StockLevel } from './inventory.types';
import { StockLevelPayload } from './inventory.payloads';
import {
  CreateWarehouseBinsInput,
  CreateWarehouseZoneInput,
  ReceiveTransferInput,
  SetDefaultBinInput,
  StockTransferFilter,
  TransferStockInput,
} from './transfer.inputs';
import { StockTransfer, StockTransferConnection, WarehouseBin, WarehouseZone } from './transfer.types';
import { StockTransferPayload, WarehouseBinsPayload, WarehouseZonePayload } from './transfer.payloads';
import { cancelTransfer, findTransfer, listTransfers, receiveTransfer, transferStock } from './transfer.service';
import { createWarehouseBins, createWarehouseZone, defaultBinOf, listBins, listZones, setDefaultBin } from './bin.service';

/** Inventory: transfers between warehouses, zones and bins (and the default bin of a stock level). */
@Resolver(() => StockLevel)
export class TransferResolver {
  @Query(() => StockTransfer, { nullable: true, description: 'One transfer by id; null when there is none.' })
  @Allow('Query.transfer', P.InventoryRead)
  transfer(@Ctx() ctx: Context, @Arg('id', () => ID, { description: 'Transfer id.' }) id: string): Promise<StockTransfer | null> {
    return findTransfer(ctx, id);
  }

  @Query(() => StockTransferConnection, { description: 'Transfers between warehouses, newest first.' })
  @Allow('Query.transfers', P.InventoryRead)
  async transfers(
    @Ctx() ctx: Context,
    @Args() args: ConnectionArgs,
    @Arg('filter', () => StockTransferFilter, { nullable: true, description: 'Conditions the transfers must meet.' }) filter?: StockTransferFilter,
  ): Promise<object> {
    return toConnection(await listTransfers(ctx, args, filter));
  }

  @Query(() => [WarehouseZone], { description: 'The zones of a warehouse by code; empty when the warehouse has none (or does not exist).' })
  @Allow('Query.warehouseZones', P.InventoryRead)
  warehouseZones(@Ctx() ctx: Context, @Arg('warehouseCode', { description: 'Warehouse code.' }) warehouseCode: string): Promise<WarehouseZone[]> {
    return listZones(ctx, warehouseCode);
  }

  @Query(() => [WarehouseBin], { description: 'The bins of a warehouse by code, optionally of one zone.' })
  @Allow('Query.warehouseBins', P.InventoryRead)
  warehouseBins(
    @Ctx() ctx: Context,
    @Arg('warehouseCode', { description: 'Warehouse code.' }) warehouseCode: string,
    @Arg('zoneCode', () => String, { nullable: true, description: 'Only the bins of this zone.' }) zoneCode?: string | null,
  ): Promise<WarehouseBin[]> {
    return listBins(ctx, warehouseCode, zoneCode);
  }

  @Mutation(() => StockTransferPayload, {
    description: 'Sends stock to another warehouse, all lines or none: TRANSFER_OUT at the source; the units count as incoming at the destination until received. Refused with INSUFFICIENT_STOCK and what was short.',
  })
  @Allow('Mutation.transferStock', P.InventoryTransfer)
  transferStock(@Ctx() ctx: Context, @Arg('input', () => TransferStockInput, { description: 'What to send where.' }) input: TransferStockInput): Promise<StockTransferPayload> {
    return transferStock(ctx, input);
  }

  @Mutation(() => StockTransferPayload, { description: 'Receives units of a transfer at its destination (TRANSFER_IN); partial receipt allowed, more than outstanding refused with OVER_RECEIPT.' })
  @Allow('Mutation.receiveTransfer', P.InventoryTransfer)
  receiveTransfer(@Ctx() ctx: Context, @Arg('input', () => ReceiveTransferInput, { description: 'What arrived.' }) input: ReceiveTransferInput): Promise<StockTransferPayload> {
    return receiveTransfer(ctx, input);
  }

  @Mutation(() => StockTransferPayload, { description: 'Cancels a transfer of which nothing was received yet: the units go back on hand at the source (TRANSFER_IN).' })
  @Allow('Mutation.cancelTransfer', P.InventoryTransfer)
  cancelTransfer(@Ctx() ctx: Context, @Arg('id', () => ID, { description: 'Transfer id.' }) id: string): Promise<StockTransferPayload> {
    return cancelTransfer(ctx, id);
  }

  @Mutation(() => WarehouseZonePayload, { description: 'Creates a zone of a warehouse (仓库区域).' })
  @Allow('Mutation.createWarehouseZone', P.InventoryManage)
  createWarehouseZone(@Ctx() ctx: Context, @Arg('input', () => CreateWarehouseZoneInput, { description: 'The new zone.' }) input: CreateWarehouseZoneInput): Promise<WarehouseZonePayload> {
    return createWarehouseZone(ctx, input);
  }

  @Mutation(() => WarehouseBinsPayload, { description: 'Creates bins of a warehouse (堆码排列), all or none.' })
  @Allow('Mutation.createWarehouseBins', P.InventoryManage)
  createWarehouseBins(@Ctx() ctx: Context, @Arg('input', () => CreateWarehouseBinsInput, { description: 'The new bins.' }) input: CreateWarehouseBinsInput): Promise<WarehouseBinsPayload> {
    return createWarehouseBins(ctx, input);
  }

  @Mutation(() => StockLevelPayload, { description: 'Sets (or clears) the bin a variant is normally stored in, in one warehouse.' })
  @Allow('Mutation.setDefaultBin', P.InventoryManage)
  setDefaultBin(@Ctx() ctx: Context, @Arg('input', () => SetDefaultBinInput, { description: 'Variant, warehouse and bin.' }) input: SetDefaultBinInput): Promise<StockLevelPayload> {
    return setDefaultBin(ctx, input);
  }

  @FieldResolver(() => WarehouseBin, { nullable: true, description: 'The bin this variant is normally stored in here; null when none is set.' })
  defaultBin(@Root() level: StockLevel, @Ctx() ctx: Context): Promise<WarehouseBin | null> {
    return defaultBinOf(ctx, level);
  }
}
