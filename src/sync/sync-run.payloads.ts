import { Field, Int, ObjectType } from 'type-graphql';
import { UserError } from '../common/errors';
import { SyncRun } from './sync-run.types';

@ObjectType({ description: 'Result of syncChannel or reconcileChannel.' })
export class SyncRunPayload {
  @Field(() => SyncRun, { nullable: true, description: 'The run started (QUEUED); null when refused.' })
  syncRun?: SyncRun | null;

  @Field(() => [UserError], { description: 'Why it was refused (NOT_FOUND, CHANNEL_NOT_ACTIVE, SCOPE_NOT_SUPPORTED, INVALID_VALUE); empty on success.' })
  userErrors!: UserError[];
}

@ObjectType({ description: 'Result of retrySyncErrors.' })
export class RetrySyncErrorsPayload {
  @Field(() => Int, { description: 'How many failed jobs were queued again, with the parcels that waited for a carrier mapping (CARRIER_UNMAPPED) sent again.' })
  retried!: number;

  @Field(() => [UserError], { description: 'Why it was refused (NOT_FOUND, INVALID_VALUE); empty on success.' })
  userErrors!: UserError[];
}
