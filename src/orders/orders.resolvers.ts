import { OrderResolver } from './order.resolver';
import { FulfilmentResolver } from './fulfilment.resolver';
import { ReturnsResolver } from './returns.resolver';
import { OrderStatsResolver } from './order-stats.resolver';
import { OrderMergeGroupResolver, OrderMergeResolver } from './order-merge.resolver';

/** Every resolver class of the orders module, for the schema. */
export const ORDER_RESOLVERS = [OrderResolver, FulfilmentResolver, ReturnsResolver, OrderStatsResolver, OrderMergeResolver, OrderMergeGroupResolver];
