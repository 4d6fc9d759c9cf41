import { Resolver } from 'type-graphql';

/** Inventory: transfers between warehouses, zones and bins. */
@Resolver()
export class TransferResolver {}
