import { InventoryResolver, VariantStockResolver } from './inventory.resolver';
import { TransferResolver } from './transfer.resolver';
import { StocktakeResolver } from './stocktake.resolver';
import { ReplenishmentResolver } from './replenishment.resolver';

/** Every resolver class of the inventory module, for the schema. */
export const INVENTORY_RESOLVERS = [InventoryResolver, VariantStockResolver, TransferResolver, StocktakeResolver, ReplenishmentResolver];
