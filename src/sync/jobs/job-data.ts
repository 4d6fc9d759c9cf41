import type { ChannelJobData } from './channel-job';

/**
 * What each queue's jobs carry. The API enqueues these (in the transaction of the write that
 * calls for them); the worker's handlers in this folder consume them.
 *
 * Singleton keys: jobs of a sync run are keyed by the run (`<queue>:<channelId>:<runId>`) so a
 * run always gets its own job; background jobs (outbox pumps, schedules) by the channel, so a
 * burst of triggers becomes one waiting job. Handlers of one channel take the channel's lock
 * for the operation (locks.ts), so two workers never push or pull the same thing at once.
 */

/**
 * Publish, update or delist one listing; or (PUBLISH_GROUP) publish or update the listings of one
 * variation group together, for marketplaces that sell a product's SKUs as one item.
 */
export interface ListingJobData extends ChannelJobData {
  /** The listing (for PUBLISH_GROUP: the first of `listingIds`). */
  listingId: string;
  action: 'PUBLISH' | 'UPDATE' | 'DELIST' | 'PUBLISH_GROUP';
  /** PUBLISH_GROUP: the listings asked for (the group's other SKUs on sale go with them). */
  listingIds?: string[];
  /** PUBLISH_GROUP: the group's key (its product's id). */
  groupKey?: string;
}

/** Poll a submission the marketplace is processing (listing_submission) until it says how each SKU ended. */
export interface PollJobData extends ChannelJobData {
  submissionId: string;
  /** How many polls the submission had when this one was planned: a job that finds another count is a stale copy and ends. */
  poll: number;
}

/**
 * Push stock: the channel's pending stock_outbox rows, collapsed to the latest quantity per
 * variant; with `full`, every ACTIVE listing's current sellable quantity (a STOCK sync).
 */
export interface StockJobData extends ChannelJobData {
  full?: boolean;
}

/** Push prices of these listings, or of every ACTIVE listing when none are named. */
export interface PriceJobData extends ChannelJobData {
  listingIds?: string[];
}

/** Pull orders (or returns) from the saved cursor until caught up. */
export type PullJobData = ChannelJobData;

/** Push the channel's unsent shipments (shipment_outbox). */
export type ShipmentsJobData = ChannelJobData;

/** Compare the marketplace's listings with ours; with `fix`, push our values where they differ. */
export interface ReconcileJobData extends ChannelJobData {
  fix?: boolean;
}

/** The singleton key of a job: per run when it belongs to one, else per channel. */
export function jobKey(queue: string, data: ChannelJobData): string {
  return data.runId ? `${queue}:${data.channelId}:${data.runId}` : `${queue}:${data.channelId}`;
}
