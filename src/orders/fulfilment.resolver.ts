import { Resolver } from 'type-graphql';

/** Orders: shipments, pick lists, waybills and delivery. */
@Resolver()
export class FulfilmentResolver {}
