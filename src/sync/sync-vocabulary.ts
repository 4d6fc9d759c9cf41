/**
 * The sync engine's vocabulary: statuses, scopes, triggers, price rules and schedules, shared by
 * the jobs, the row readers and the GraphQL types.
 */

export type ChannelStatus = 'ACTIVE' | 'PAUSED' | 'AUTH_FAILED' | 'STOPPED';
export type ListingStatus = 'DRAFT' | 'PUBLISHING' | 'PENDING' | 'ACTIVE' | 'ERROR' | 'DELISTED';
export type ListingAction = 'LIST' | 'UPDATE' | 'REPRICE' | 'RESTOCK' | 'DELIST' | 'DELETE' | 'RECATEGORISE';
export type SyncScope = 'LISTINGS' | 'STOCK' | 'PRICES' | 'ORDERS' | 'SHIPMENTS' | 'RETURNS' | 'FULFILMENT_STOCK';
export const SYNC_SCOPES: SyncScope[] = ['LISTINGS', 'STOCK', 'PRICES', 'ORDERS', 'SHIPMENTS', 'RETURNS', 'FULFILMENT_STOCK'];
export type SyncRunStatus = 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'PARTIAL' | 'FAILED';
export type SyncTrigger = 'MANUAL' | 'SCHEDULE' | 'CLI' | 'OUTBOX' | 'NOTIFICATION';
export type SyncErrorKind = 'RETRYABLE' | 'RATE_LIMITED' | 'AUTH_FAILED' | 'PERMANENT' | 'MALFORMED' | 'PERMISSION_DENIED' | 'CHANNEL_STOPPED' | 'QUOTA_EXHAUSTED';

/** An operation (capability) the marketplace refused a channel: why, and since when. */
export interface OperationError {
  code: string;
  message: string;
  at: string;
}

/**
 * How a channel's price is derived from the variant's price (decimal strings, never floats):
 * SAME: as is; MARKUP_PERCENT: + value % ; FIXED_ADD: + value; EXCHANGE_RATE: × rate (without
 * one, finance's current rate from the base currency to the channel's), then + value % when a
 * value is given. Results are rounded half-up to cents, then up to the price ending when one is
 * given ("0.99": 41.53 → 41.99).
 */
export type PriceRuleMode = 'SAME' | 'MARKUP_PERCENT' | 'FIXED_ADD' | 'EXCHANGE_RATE';
export interface PriceRule {
  mode: PriceRuleMode;
  value?: string | null;
  rate?: string | null;
  priceEnding?: string | null;
}

/** Minutes / hours between scheduled pulls; 0 turns that schedule off. */
export interface ChannelSchedule {
  ordersEveryMinutes: number;
  returnsEveryMinutes: number;
  reconcileEveryHours: number;
  /** Minutes between reads of the marketplace's fulfilment-centre stock (channels with a warehouse tied to them). */
  fulfilmentStockEveryMinutes: number;
}

export const DEFAULT_SCHEDULE: ChannelSchedule = { ordersEveryMinutes: 5, returnsEveryMinutes: 30, reconcileEveryHours: 24, fulfilmentStockEveryMinutes: 60 };

export interface SyncCounts {
  fetched: number;
  created: number;
  updated: number;
  skipped: number;
  failed: number;
}

