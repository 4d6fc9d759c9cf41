/**
 * Inventory's one door: what other modules may ask of stock. Nothing outside src/inventory/
 * reads or writes stock levels, reservations or the movement ledger (test/module-boundaries
 * checks it); they call these functions, which take the caller's unit of work and keep the
 * module's lock order (levels by variant, then warehouse).
 */

// Orders: hold, give back, ship and take back the units of an order.
export {
  heldUnits,
  lockForShipping,
  receiveReturned,
  releaseIfActive,
  reservedForPicking,
  reserveForOrder,
  reserveForOrders,
  shipFromReservation,
  shipWhereHeld,
  warehouseCodesById,
} from './order-stock.service';
export type { HeldShipRequest, ReturnedItem, ShipItem, ShippedUnits } from './order-stock.service';
export type { ReservationOutcome, ReservationRequest } from './reservation.service';

// Reads others need: SKUs and warehouses resolved, what each channel may sell, a page's stock loaded at once.
export { prefetchVariantStock } from './inventory.loaders';
export { variantsBySku, warehousesByCode } from './inventory-refs.queries';
export type { VariantRef } from './inventory-refs.queries';
export { channelAvailabilities, listSize, recordAvailabilityChanges, setChannelStockRule } from './channel-availability.service';
export type { SetChannelStockRuleInput } from './channel-availability.inputs';

// The sync engine: the stock outbox it pushes from, and the stock rules of channels it sets up.
export { channelsWithPendingStock, markAllStockChangesSent, markStockChangesSent, newestPendingStockChange, pendingStockChanges } from './stock-outbox.service';
export type { PendingStockChange } from './stock-outbox.service';
export { channelWarehouseCodes, ensureChannelStockPolicy, sellFromActiveWarehouses, setChannelWarehouses } from './channel-stock-rule.service';

// Marketplace fulfilment centres (Amazon FBA): the sync engine's counts, the orders the marketplace ships itself.
export { channelsWithFulfilmentWarehouse, setMarketplaceCount, takeMarketplaceShipped } from './fulfilment-stock.service';
export type { MarketplaceCount, MarketplaceCountResult, MarketplaceShippedOrder } from './fulfilment-stock.service';

// Prepared data (the demo shop, src/db/seed): a warehouse and its opening balances, as staff make them.
export { createWarehouse } from './warehouse.service';
export { importStock } from './stock-import.service';
export { WarehouseKind } from './inventory.types';
export { StockImportMode } from './stocktake.types';
