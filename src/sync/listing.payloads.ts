import { Field, ID, ObjectType } from 'type-graphql';
import { UserError } from '../common/errors';
import { SyncRun } from './sync-run.types';
import { Listing } from './listing.types';

@ObjectType({ description: 'Result of a mutation on several listings.' })
export class ListingsPayload {
  @Field(() => [Listing], { description: 'The listings after the change, in the order asked for; empty when refused.' })
  listings!: Listing[];

  @Field(() => [SyncRun], { description: 'The sync runs that take the change to the marketplace, one per channel (follow them with syncRun or syncRunUpdated); empty when nothing is sent or the call was refused.' })
  syncRuns!: SyncRun[];

  @Field(() => [UserError], {
    description:
      'Why it was refused (NOT_FOUND, UNKNOWN_SKU, CHANNEL_NOT_ACTIVE, OPERATION_NOT_ENABLED, INVALID_VALUE, SALE_PRICE_NOT_SUPPORTED, SALE_PRICE_NOT_BELOW_PRICE, LISTING_PENDING, TOO_MANY); empty on success. One refused item refuses the whole call.',
  })
  userErrors!: UserError[];
}

@ObjectType({ description: 'Result of updateListing.' })
export class ListingPayload {
  @Field(() => Listing, { nullable: true, description: 'The listing after the change; null when refused.' })
  listing?: Listing | null;

  @Field(() => SyncRun, { nullable: true, description: 'The sync run that pushes the change to the marketplace; null when nothing is pushed (a listing not on sale keeps the change for its next publish) or the call was refused.' })
  syncRun?: SyncRun | null;

  @Field(() => [UserError], { description: 'Why it was refused (NOT_FOUND, INVALID_VALUE, SALE_PRICE_NOT_SUPPORTED, SALE_PRICE_NOT_BELOW_PRICE, CHANNEL_NOT_ACTIVE, OPERATION_NOT_ENABLED); empty on success.' })
  userErrors!: UserError[];
}

@ObjectType({ description: 'Result of deleteListings.' })
export class DeleteListingsPayload {
  @Field(() => [ID], { description: 'Ids of the listings deleted.' })
  deletedIds!: string[];

  @Field(() => [UserError], { description: 'Why it was refused (NOT_FOUND, LISTING_ON_SALE: delist it first; LISTING_PENDING: the marketplace is still processing its last write); empty on success.' })
  userErrors!: UserError[];
}
