import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLDateTime } from 'graphql-scalars';
import { toGlobalId } from '../common/ids';
import { Connection, Node } from '../common/relay';
import type { ErrorRow, RunRow } from './sync-run.service';

/** GraphQL shapes of sync runs, their errors, and reconciliation drift. */

export enum SyncScopeEnum {
  LISTINGS = 'LISTINGS',
  STOCK = 'STOCK',
  PRICES = 'PRICES',
  ORDERS = 'ORDERS',
  SHIPMENTS = 'SHIPMENTS',
  RETURNS = 'RETURNS',
  FULFILMENT_STOCK = 'FULFILMENT_STOCK',
}
registerEnumType(SyncScopeEnum, {
  name: 'SyncScope',
  description: 'What a sync run moves between us and a marketplace.',
  valuesConfig: {
    LISTINGS: { description: 'Publish every listing in DRAFT or ERROR (a reconciliation run is a LISTINGS run too).' },
    STOCK: { description: 'Push the sellable quantity of every ACTIVE listing.' },
    PRICES: { description: 'Push the price of every ACTIVE listing.' },
    ORDERS: { description: 'Pull new and changed orders since the last pull.' },
    SHIPMENTS: { description: 'Push the tracking numbers of shipments not yet sent.' },
    RETURNS: { description: 'Pull returns and refunds since the last pull.' },
    FULFILMENT_STOCK: { description: "Read the stock the marketplace keeps in its own fulfilment centre (Amazon FBA) into the warehouse tied to the channel." },
  },
});

export enum SyncRunStatusEnum {
  QUEUED = 'QUEUED',
  RUNNING = 'RUNNING',
  SUCCEEDED = 'SUCCEEDED',
  PARTIAL = 'PARTIAL',
  FAILED = 'FAILED',
}
registerEnumType(SyncRunStatusEnum, {
  name: 'SyncRunStatus',
  description: 'Where a sync run stands.',
  valuesConfig: {
    QUEUED: { description: 'Its jobs wait for a worker.' },
    RUNNING: { description: 'A worker is on it.' },
    SUCCEEDED: { description: 'Every job finished and nothing failed.' },
    PARTIAL: { description: 'Finished, but some jobs or items failed (see errors).' },
    FAILED: { description: 'Every job failed (see errors).' },
  },
});

export enum SyncTriggerEnum {
  MANUAL = 'MANUAL',
  SCHEDULE = 'SCHEDULE',
  CLI = 'CLI',
  OUTBOX = 'OUTBOX',
  NOTIFICATION = 'NOTIFICATION',
}
registerEnumType(SyncTriggerEnum, {
  name: 'SyncTrigger',
  description: 'What started a sync run.',
  valuesConfig: {
    MANUAL: { description: 'Someone asked for it in the API (syncChannel, reconcileChannel, publishListings, updateListing, delistListings), or a fix their reconciliation pushed.' },
    SCHEDULE: { description: "The channel's schedule (order and return pulls, reconciliation), or a fix a scheduled reconciliation pushed." },
    CLI: { description: '`npm run sync` in a terminal.' },
    OUTBOX: { description: 'Changes waiting to be pushed (stock, shipments), pushed by the engine as they come.' },
    NOTIFICATION: { description: 'A push message from the marketplace (POST /notifications/<channel key>) named orders or returns to pull now.' },
  },
});

export enum SyncErrorKindEnum {
  RETRYABLE = 'RETRYABLE',
  RATE_LIMITED = 'RATE_LIMITED',
  AUTH_FAILED = 'AUTH_FAILED',
  PERMANENT = 'PERMANENT',
  MALFORMED = 'MALFORMED',
  PERMISSION_DENIED = 'PERMISSION_DENIED',
  CHANNEL_STOPPED = 'CHANNEL_STOPPED',
  QUOTA_EXHAUSTED = 'QUOTA_EXHAUSTED',
}
registerEnumType(SyncErrorKindEnum, {
  name: 'SyncErrorKind',
  description: 'What kind of failure a sync error is, which says what helps.',
  valuesConfig: {
    RETRYABLE: { description: 'The marketplace or the network failed; retried until the retries ran out (retrySyncErrors tries again).' },
    RATE_LIMITED: { description: "Over the marketplace's call limit until the retries ran out (retrySyncErrors tries again)." },
    AUTH_FAILED: { description: 'The credentials were refused: the channel stopped until they are replaced.' },
    PERMANENT: { description: 'The marketplace refused the request itself; fix the data (listing, order) and try again.' },
    MALFORMED: { description: 'A marketplace order we could not read; kept with its raw body.' },
    PERMISSION_DENIED: { description: "The marketplace refused this account one operation (e.g. HTTP 403, TOP 11-13): that operation stopped (see Channel.operationErrors) until the permission is granted and the connection tested again; the channel's other operations go on." },
    CHANNEL_STOPPED: { description: 'A setup fault no retry or new token fixes (e.g. the server clock is off, the app key is wrong): the channel is STOPPED until a connection test passes.' },
    QUOTA_EXHAUSTED: { description: "The marketplace's quota was used up: the job waits until the reset the marketplace stated (see SyncRun.waitingUntil) without spending retries; resolved when it starts again." },
  },
});

@ObjectType({ simpleResolvers: true, description: 'What a sync run did so far.' })
export class SyncCounts {
  @Field(() => Int, { description: 'Items read from the marketplace (orders, returns, listings compared).' })
  fetched!: number;

  @Field(() => Int, { description: 'Items created (orders imported, listings published).' })
  created!: number;

  @Field(() => Int, { description: 'Items updated (orders changed, stock or prices pushed, listings updated or delisted).' })
  updated!: number;

  @Field(() => Int, { description: 'Items that needed nothing.' })
  skipped!: number;

  @Field(() => Int, { description: 'Items that failed (see errors).' })
  failed!: number;
}

@ObjectType({ simpleResolvers: true, description: 'The jobs of a sync run.' })
export class SyncRunJobs {
  @Field(() => Int, { description: 'Jobs the run waits for (a long pull adds continuation jobs).' })
  total!: number;

  @Field(() => Int, { description: 'Jobs ended, successfully or not.' })
  done!: number;

  @Field(() => Int, { description: 'Jobs that failed for good (retrySyncErrors runs them again).' })
  failed!: number;
}

@ObjectType({ simpleResolvers: true, description: 'An error a sync met: a failed job, a refused item, or a marketplace order that could not be read.' })
export class SyncError {
  rawBody!: unknown;
  channelDbId!: string;

  @Field(() => ID, { description: 'Id of the error.' })
  id!: string;

  @Field({ description: "The marketplace's code or ours (e.g. isv.item-not-exist, CHANNEL_PAUSED)." })
  code!: string;

  @Field({ description: 'What happened, as the marketplace or the engine said it.' })
  message!: string;

  @Field(() => String, { nullable: true, description: "The marketplace's id of the item concerned (order id, item id), when there is one." })
  externalId!: string | null;

  @Field(() => SyncErrorKindEnum, { description: 'What kind of failure it is.' })
  kind!: SyncErrorKindEnum;

  @Field({ description: 'Where it happened: a sync scope (LISTINGS, STOCK, PRICES, ORDERS, SHIPMENTS, RETURNS) or RECONCILE.' })
  scope!: string;

  @Field(() => GraphQLDateTime, { description: 'When it happened.' })
  createdAt!: Date;

  @Field(() => GraphQLDateTime, { nullable: true, description: 'When it was dealt with (retried); null while open.' })
  resolvedAt!: Date | null;

  static fromRow(r: ErrorRow): SyncError {
    return Object.assign(new SyncError(), {
      id: toGlobalId('SyncError', r.id),
      code: r.code,
      message: r.message,
      externalId: r.external_id,
      kind: r.kind as SyncErrorKindEnum,
      scope: r.scope,
      createdAt: new Date(r.created_at),
      resolvedAt: r.resolved_at ? new Date(r.resolved_at) : null,
      rawBody: r.raw,
      channelDbId: r.channel_id,
    });
  }
}

@ObjectType({ implements: Node, simpleResolvers: true, description: 'One sync of a channel: the jobs it enqueued, what they did, and what went wrong.' })
export class SyncRun extends Node {
  dbId!: string;
  channelDbId!: string;

  @Field(() => [SyncScopeEnum], { description: 'What the run moves.' })
  scopes!: SyncScopeEnum[];

  @Field(() => SyncRunStatusEnum, { description: 'Where it stands.' })
  status!: SyncRunStatusEnum;

  @Field(() => SyncTriggerEnum, { description: 'What started it.' })
  trigger!: SyncTriggerEnum;

  @Field({ description: 'Who asked for it: a staff email, cli:<user>, or system.' })
  requestedBy!: string;

  @Field(() => SyncCounts, { description: 'What it did so far.' })
  counts!: SyncCounts;

  @Field(() => SyncRunJobs, { description: 'Its jobs: how many, ended, failed.' })
  jobs!: SyncRunJobs;

  @Field(() => GraphQLDateTime, { description: 'When it was asked for.' })
  createdAt!: Date;

  @Field(() => GraphQLDateTime, { nullable: true, description: 'When a worker started on it; null while QUEUED.' })
  startedAt!: Date | null;

  @Field(() => GraphQLDateTime, { nullable: true, description: 'When its last job ended (of the last repeat, when it has repeats); null until then.' })
  finishedAt!: Date | null;

  @Field(() => Int, {
    description:
      'How many later runs of the same trigger and scopes that found and did nothing were folded into this one (scheduled pulls and outbox pushes of a quiet stretch are one line: "nothing new, 48 times"); 0 for most runs.',
  })
  repeats!: number;

  @Field(() => GraphQLDateTime, { nullable: true, description: "While a job of the run waits for a used-up marketplace quota: when it starts again (the reset the marketplace stated); null otherwise." })
  waitingUntil!: Date | null;

  @Field(() => String, { nullable: true, description: 'What the run is waiting for, for people (e.g. "Waiting for the marketplace quota until 2026-12-04 00:00 +08:00 …"); null when it is not waiting.' })
  statusMessage!: string | null;

  static fromRow(r: RunRow): SyncRun {
    return Object.assign(new SyncRun(), {
      id: toGlobalId('SyncRun', r.id),
      dbId: r.id,
      channelDbId: r.channel_id,
      scopes: r.scopes as SyncScopeEnum[],
      status: r.status as SyncRunStatusEnum,
      trigger: r.trigger as SyncTriggerEnum,
      requestedBy: r.requested_by,
      counts: Object.assign(new SyncCounts(), { fetched: r.fetched, created: r.created, updated: r.updated, skipped: r.skipped, failed: r.failed }),
      jobs: Object.assign(new SyncRunJobs(), { total: r.jobs_total, done: r.jobs_done, failed: r.jobs_failed }),
      createdAt: new Date(r.created_at),
      startedAt: r.started_at ? new Date(r.started_at) : null,
      finishedAt: r.finished_at ? new Date(r.finished_at) : null,
      repeats: r.repeats ?? 0,
      waitingUntil: r.waiting_until ? new Date(r.waiting_until) : null,
      statusMessage: r.status_message ?? null,
    });
  }
}

export const SyncRunConnection = Connection(SyncRun, 'SyncRun', 'sync run');

export enum DriftFieldEnum {
  QUANTITY = 'QUANTITY',
  PRICE = 'PRICE',
  SALE_PRICE = 'SALE_PRICE',
  STATUS = 'STATUS',
  MISSING = 'MISSING',
}
registerEnumType(DriftFieldEnum, {
  name: 'DriftField',
  description: 'What differs between a listing and the marketplace.',
  valuesConfig: {
    QUANTITY: { description: 'The quantity on sale.' },
    PRICE: { description: 'The price.' },
    SALE_PRICE: { description: 'The sale (discount) price beside it (only where the connector reads it back).' },
    STATUS: { description: 'We believe it is on sale; the marketplace shows it is not.' },
    MISSING: { description: 'The marketplace does not have the item any more.' },
  },
});

@ObjectType({ simpleResolvers: true, description: 'A difference reconciliation found between a listing and what the marketplace shows.' })
export class ListingDrift {
  listingDbId!: string;

  @Field(() => ID, { description: 'Id of the finding.' })
  id!: string;

  @Field(() => DriftFieldEnum, { description: 'What differs.' })
  field!: DriftFieldEnum;

  @Field(() => String, { nullable: true, description: 'What the marketplace should show (our value).' })
  expected!: string | null;

  @Field(() => String, { nullable: true, description: 'What it shows.' })
  actual!: string | null;

  @Field(() => GraphQLDateTime, { description: 'When it was found.' })
  foundAt!: Date;

  @Field(() => GraphQLDateTime, { nullable: true, description: 'When it was fixed or superseded by a newer reading; null while open.' })
  fixedAt!: Date | null;
}

/** A row of listing_drift. */
export interface DriftRow {
  id: string;
  listing_id: string;
  field: string;
  expected: string | null;
  actual: string | null;
  found_at: string;
  fixed_at: string | null;
}

export function driftFromRow(r: DriftRow): ListingDrift {
  return Object.assign(new ListingDrift(), {
    id: toGlobalId('ListingDrift', r.id),
    listingDbId: r.listing_id,
    field: r.field as DriftFieldEnum,
    expected: r.expected,
    actual: r.actual,
    foundAt: new Date(r.found_at),
    fixedAt: r.fixed_at ? new Date(r.fixed_at) : null,
  });
}
