import { Resolver } from 'type-graphql';

/** Orders: order statistics. */
@Resolver()
export class OrderStatsResolver {}
