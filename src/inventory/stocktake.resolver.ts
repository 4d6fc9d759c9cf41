import { Resolver } from 'type-graphql';

/** Inventory: stocktakes and stock import. */
@Resolver()
export class StocktakeResolver {}
