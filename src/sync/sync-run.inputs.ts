import { Field, ID, InputType } from 'type-graphql';
import { SyncRunStatusEnum, SyncScopeEnum } from './sync-run.types';

@InputType({ description: 'Conditions sync runs must meet.' })
export class SyncRunFilter {
  @Field(() => ID, { nullable: true, description: 'Only runs of this channel.' })
  channelId?: string | null;

  @Field(() => SyncRunStatusEnum, { nullable: true, description: 'Only runs in this status.' })
  status?: SyncRunStatusEnum | null;
}

@InputType({ description: 'A sync of a channel to start now.' })
export class SyncChannelInput {
  @Field(() => ID, { description: 'Channel id.' })
  channelId!: string;

  @Field(() => [SyncScopeEnum], { description: 'What to move (at least one).' })
  scopes!: SyncScopeEnum[];
}

@InputType({ description: 'Which failed jobs to run again: those of a run, or all of a channel.' })
export class RetrySyncErrorsInput {
  @Field(() => ID, { nullable: true, description: 'Sync run id: retry its failed jobs.' })
  runId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Channel id: retry every failed job of the channel (with runId: only that run’s).' })
  channelId?: string | null;
}

@InputType({ description: "A comparison of a channel's listings with what the marketplace shows." })
export class ReconcileChannelInput {
  @Field(() => ID, { description: 'Channel id.' })
  channelId!: string;

  @Field({ defaultValue: false, description: 'Also push our quantity and price where the marketplace differs (default false: report only).' })
  fix!: boolean;
}
