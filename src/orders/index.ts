/**
 * The orders module's door: what other modules may ask of orders. Nothing outside src/orders/
 * reads or writes its tables (orders, lines, holds, history, shipments, returns and refunds:
 * test/module-boundaries checks it); they call these functions.
 */

// The vocabulary first: these enums come from a file with no imports, so they are ready even
// while a module that imports this door is loaded half-way through it (refund.service reads
// the sync module's marketplace refunds, whose GraphQL type names ReturnStatus and ReturnType).
export { FulfilledBy, HoldReason, OrderStatus, ReturnStatus, ReturnType } from './order-status';

export { orderIdsByExternal, orderRefs } from './order-refs.queries';
export type { OrderRef } from './order-refs.queries';
export { setOrderHolds } from './order-holds.service';
export type { OrderHoldChange } from './order-holds.service';
export { marketplaceRefundsBeyondPaid } from './refund.service';
export { holdShipment, markShipmentDispatched, resendHeldShipments } from './shipment-outbox.service';

// The channel intake the orders pull feeds (it speaks the vocabulary above).
export { MAX_INTAKE_BATCH, recordChannelOrders } from './order-intake.service';
export type { ChannelDelivery } from './order-intake.service';

// The base rate of orders: finance's new rates fill in the orders waiting for one.
export { fillMissingBaseRates } from './order-base-rate.service';

// Which orders' references a caller may see (inventory's movement ledger names orders).
export { hiddenOrderReferenceSql } from './order-scope';

// Prepared data (the demo shop's after-sales, src/db/seed): returns as customer service and the
// warehouse make them, with the caller's permissions checked as through the API.
export { approveReturn, createReturn, receiveReturn, refundReturn, rejectReturn } from './returns.service';
export { ReturnCondition } from './returns.types';

// GraphQL types other modules' types link to (a marketplace return's order and our return).
export { Order } from './order.types';
export { OrderReturn } from './returns.types';
