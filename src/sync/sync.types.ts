/**
 * The shapes the sync services hand to the API layer: plain objects, no credentials ever.
 * Ids are the database uuids; the GraphQL layer makes them global ids.
 */

export type ChannelStatus = 'ACTIVE' | 'PAUSED' | 'AUTH_FAILED';
export type ListingStatus = 'DRAFT' | 'PUBLISHING' | 'ACTIVE' | 'ERROR' | 'DELISTED';
export type ListingAction = 'LIST' | 'UPDATE' | 'REPRICE' | 'RESTOCK' | 'DELIST' | 'DELETE' | 'RECATEGORISE';
export type SyncScope = 'LISTINGS' | 'STOCK' | 'PRICES' | 'ORDERS' | 'SHIPMENTS' | 'RETURNS';
export const SYNC_SCOPES: SyncScope[] = ['LISTINGS', 'STOCK', 'PRICES', 'ORDERS', 'SHIPMENTS', 'RETURNS'];
export type SyncRunStatus = 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'PARTIAL' | 'FAILED';
export type SyncTrigger = 'MANUAL' | 'SCHEDULE' | 'CLI' | 'OUTBOX';
export type SyncErrorKind = 'RETRYABLE' | 'RATE_LIMITED' | 'AUTH_FAILED' | 'PERMANENT' | 'MALFORMED';

/**
 * How a channel's price is derived from the variant's price (decimal strings, never floats):
 * SAME: as is; MARKUP_PERCENT: + value % ; FIXED_ADD: + value; EXCHANGE_RATE: × rate, then
 * + value % when a value is given. Results are rounded half-up to cents.
 */
export type PriceRuleMode = 'SAME' | 'MARKUP_PERCENT' | 'FIXED_ADD' | 'EXCHANGE_RATE';
export interface PriceRule {
  mode: PriceRuleMode;
  value?: string | null;
  rate?: string | null;
}

/** Minutes / hours between scheduled pulls; 0 turns that schedule off. */
export interface ChannelSchedule {
  ordersEveryMinutes: number;
  returnsEveryMinutes: number;
  reconcileEveryHours: number;
}

export const DEFAULT_SCHEDULE: ChannelSchedule = { ordersEveryMinutes: 5, returnsEveryMinutes: 30, reconcileEveryHours: 24 };

export interface ChannelView {
  id: string;
  key: string;
  kind: string;
  name: string;
  marketplaceId: string | null;
  currency: string;
  baseUrl: string;
  priceRule: PriceRule;
  /** Capabilities of the connector this channel uses (connectors/sdk Capability names). */
  enabledOps: string[];
  schedule: ChannelSchedule;
  status: ChannelStatus;
  lastError: string | null;
  /** Names of the credential fields that are set (never their values). */
  credentialFieldsSet: string[];
  warehouseCodes: string[];
  createdAt: Date;
  updatedAt: Date;
}

export interface ListingView {
  id: string;
  channelId: string;
  variantId: string;
  sku: string;
  itemId: string | null;
  skuId: string | null;
  title: string;
  categoryId: string | null;
  attributes: Record<string, string>;
  /** A fixed price on this channel; null: the channel's price rule applied to the variant price. */
  price: string | null;
  currency: string;
  status: ListingStatus;
  lastPushedQuantity: number | null;
  lastPushedPrice: string | null;
  lastPushedAt: Date | null;
  lastErrorCode: string | null;
  lastErrorMessage: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface ListingEventView {
  id: string;
  listingId: string;
  action: ListingAction;
  request: unknown;
  ok: boolean;
  errorCode: string | null;
  errorMessage: string | null;
  at: Date;
}

export interface SyncCounts {
  fetched: number;
  created: number;
  updated: number;
  skipped: number;
  failed: number;
}

export interface SyncRunView {
  id: string;
  channelId: string;
  scopes: SyncScope[];
  status: SyncRunStatus;
  trigger: SyncTrigger;
  requestedBy: string;
  counts: SyncCounts;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

export interface SyncErrorView {
  id: string;
  runId: string | null;
  channelId: string;
  scope: string;
  kind: SyncErrorKind;
  code: string;
  message: string;
  externalId: string | null;
  /** The raw payload of a quarantined (MALFORMED) order. */
  raw: unknown;
  jobId: string | null;
  createdAt: Date;
  resolvedAt: Date | null;
}

/** A dead job: retried until its retry limit, then left failed for a person to look at. */
export interface FailedJobView {
  id: string;
  queue: string;
  channelId: string;
  runId: string | null;
  data: Record<string, unknown>;
  retryCount: number;
  error: string | null;
  createdAt: Date;
  failedAt: Date | null;
}

export interface DriftView {
  id: string;
  listingId: string;
  sku: string;
  field: 'QUANTITY' | 'PRICE' | 'STATUS' | 'MISSING';
  expected: string | null;
  actual: string | null;
  foundAt: Date;
  fixedAt: Date | null;
}
