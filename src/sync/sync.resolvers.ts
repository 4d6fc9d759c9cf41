import { ChannelResolver } from './channel.resolver';
import { ListingResolver } from './listing.resolver';
import { ListingDriftResolver, SyncErrorResolver, SyncRunResolver } from './sync-run.resolver';
import { ChannelReturnResolver, OrderChannelReturnsResolver } from './channel-return.resolver';
import { MarketplaceErrorInfoResolver } from './refusal.resolver';
import { ChannelCarrierResolver, ConnectorCarriersResolver } from './carrier.resolver';
import { SyncRunSubscriptionResolver } from './sync-run-subscription.resolver';

/** Every resolver class of the sync API, for the schema. */
export const SYNC_RESOLVERS = [
  ChannelResolver,
  ListingResolver,
  SyncRunResolver,
  SyncErrorResolver,
  ListingDriftResolver,
  ChannelReturnResolver,
  OrderChannelReturnsResolver,
  MarketplaceErrorInfoResolver,
  ChannelCarrierResolver,
  ConnectorCarriersResolver,
  SyncRunSubscriptionResolver,
];
