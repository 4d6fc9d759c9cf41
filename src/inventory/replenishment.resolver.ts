import { Resolver } from 'type-graphql';

/** Inventory: safety stock, low stock, replenishment and channel availability. */
@Resolver()
export class ReplenishmentResolver {}
