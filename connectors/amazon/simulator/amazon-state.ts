import type { ContractProblem } from '../../sdk/contract';
import type { SimClock } from '../../sdk/simulator';
import { newAccessToken, newRefreshToken } from './ids';
import type { Region } from './marketplaces';
import { UsagePlans } from './usage-plans';

/**
 * One selling partner's account as the simulator holds it: the LWA app and refresh token, access
 * tokens, orders (Orders API v2026-01-01 JSON kept as given), listings per SKU and marketplace,
 * listing submissions waiting to be processed, feeds and feed documents, FBA inventory, the usage
 * plans, the PII role. Settings shared by every seller of the simulator (processing delays, the
 * static sandbox) live in `SimSettings`.
 */

export type Raw = Record<string, any>;

export const ACCESS_TOKEN_TTL_MS = 3600 * 1000;

export interface AccessToken {
  token: string;
  expiresAt: number;
  /** A client_credentials token (grantless operations only): SP-API calls for a seller refuse it. */
  grantless: boolean;
  scope: string | null;
}

export interface OrderRecord {
  /** The Order as given to `POST /__sim/orders` and changed since only where Amazon would (wire JSON: numbers kept as sent). */
  order: Raw;
  /** confirmShipment calls that shipped something, in order. */
  packages: ShipmentRecord[];
}

export interface ShipmentRecord {
  orderId: string;
  marketplaceId: string;
  packageReferenceId: string;
  carrierCode: string;
  carrierName: string | null;
  shippingMethod: string | null;
  trackingNumber: string;
  shipDate: string;
  orderItems: { orderItemId: string; quantity: number }[];
  at: number;
}

export type Requirements = 'LISTING' | 'LISTING_PRODUCT_ONLY' | 'LISTING_OFFER_ONLY';

export interface ListingIssue {
  code: string;
  message: string;
  severity: 'ERROR' | 'WARNING' | 'INFO';
  attributeNames?: string[];
  categories: string[];
  marketplaceIds?: string[];
  enforcements?: Raw;
}

/** A SKU's listing in one marketplace, as processed. */
export interface ListingRecord {
  sku: string;
  marketplaceId: string;
  productType: string;
  requirements: Requirements;
  attributes: Raw;
  asin: string;
  createdAt: number;
  updatedAt: number;
  /** Issues found when the last change was processed. */
  issues: ListingIssue[];
  /** Issues Amazon raised later (`POST /__sim/listing-issues`). */
  laterIssues: ListingIssue[];
  /** The last quantity a write sent for an Amazon-fulfilled channel (FBA stock decides; kept so tests see it was sent). */
  ignoredQuantity: number | null;
}

export type SubmissionChange =
  | { kind: 'PUT'; productType: string; requirements: Requirements; attributes: Raw }
  | { kind: 'PATCH'; productType: string; patches: Raw[] }
  | { kind: 'DELETE' };

/** An accepted listing write waiting for its processing time. */
export interface Submission {
  submissionId: string;
  sku: string;
  marketplaceId: string;
  change: SubmissionChange;
  at: number;
  dueAt: number;
  /** Set once processed. */
  processedAt: number | null;
  /** Where it came from: the Listings Items API or a feed (its id). */
  source: 'api' | { feedId: string; messageId: number };
}

export interface FeedDocument {
  feedDocumentId: string;
  contentType: string;
  /** `input` (the seller uploads it) or `result` (a processing report the seller downloads). */
  kind: 'input' | 'result';
  body: Buffer | null;
  uploadedAt: number | null;
  /** The presigned URL's signature and its expiry (5 minutes [O]). */
  signature: string;
  urlExpiresAt: number;
  compression: 'GZIP' | null;
}

export type FeedStatus = 'IN_QUEUE' | 'IN_PROGRESS' | 'DONE' | 'FATAL' | 'CANCELLED';

export interface FeedRecord {
  feedId: string;
  feedType: string;
  marketplaceIds: string[];
  inputFeedDocumentId: string;
  feedOptions: Raw | null;
  createdAt: number;
  startAt: number;
  doneAt: number;
  /** Set when processed (DONE or FATAL) or cancelled. */
  finalStatus: 'DONE' | 'FATAL' | 'CANCELLED' | null;
  resultFeedDocumentId: string | null;
}

export interface FbaItem {
  sellerSku: string;
  asin: string;
  fnSku: string;
  condition: string;
  productName: string;
  fulfillable: number;
  inboundWorking: number;
  inboundShipped: number;
  inboundReceiving: number;
  reserved: { pendingCustomerOrder: number; pendingTransshipment: number; fcProcessing: number };
  unfulfillable: number;
  researching: number;
  lastUpdatedAt: number;
}

export interface SearchToken {
  /** The filters the token is bound to (all but maxResultsPerPage and includedData, which may change [O]). */
  filters: string;
  /** The window's upper bound fixed by the first page. */
  bound: number;
  /** The last order served: (time, orderId). */
  after: { time: number; orderId: string };
  createdAt: number;
}

/** A change to an order (`POST /__sim/order-changes`): fields merged into it. */
export interface OrderChange {
  set: Raw;
}

/** A change waiting for its orders to be carried by a searchOrders page (`afterRead`): an order that changes while a client pages. */
export interface ArmedChange {
  ids: Set<string>;
  change: OrderChange;
}

export interface FbaToken {
  query: string;
  offset: number;
  createdAt: number;
}

/** Settings of the whole simulator (every seller). */
export interface SimSettings {
  /** Answer every SP-API call from the models' static sandbox cases (amazon.md §2, §8.6). */
  sandbox: boolean;
  /** How long an accepted listing write waits before it is applied (simulator clock). */
  listingsMs: number;
  /** How long a feed stays IN_QUEUE, then IN_PROGRESS. */
  feedQueueMs: number;
  feedProcessingMs: number;
  /** Processing reports served GZIP-compressed (getFeedDocument says `compressionAlgorithm: GZIP`). */
  gzipReports: boolean;
}

/** The checks of documents that travel outside the API calls (connectors/amazon/contract/documents.ts). */
export interface DocumentChecks {
  listingsFeed(value: unknown): ContractProblem[];
  listingsFeedReport(value: unknown): ContractProblem[];
}

export class AmazonState {
  refreshToken = newRefreshToken();
  readonly accessTokens = new Map<string, AccessToken>();
  latestAccess: AccessToken | null = null;
  /** Token endpoint calls by grant type since the last reset. */
  tokenCalls: Record<string, number> = {};
  /** Whether the application holds the restricted roles that show buyer and recipient PII (amazon.md §4a). */
  piiRole = true;
  readonly orders = new Map<string, OrderRecord>();
  readonly listings = new Map<string, ListingRecord>();
  readonly submissions: Submission[] = [];
  readonly feeds = new Map<string, FeedRecord>();
  readonly documents = new Map<string, FeedDocument>();
  readonly fba = new Map<string, FbaItem>();
  readonly searchTokens = new Map<string, SearchToken>();
  /** Order changes armed to strike once a searchOrders page has carried their orders. */
  armedChanges: ArmedChange[] = [];
  /**
   * Counts down the searchOrders pages still to hand out a live pagination token
   * (`POST /__sim/pagination-tokens/expire {afterPages}`): the page that brings it to 0 hands out
   * one that has expired by the time it comes back. Null: none armed.
   */
  tokenExpiryAfterPages: number | null = null;
  readonly fbaTokens = new Map<string, FbaToken>();
  /** Required attributes per product type and requirements set (`POST /__sim/product-types`). */
  readonly productTypes = new Map<string, Partial<Record<Requirements, string[]>>>();
  /** operationId → how many successful answers to drop. */
  readonly loseAnswers = new Map<string, number>();
  readonly usagePlans: UsagePlans;
  /**
   * Problems the simulator found in documents outside the API calls (an uploaded feed, its own
   * processing report), handed to the contract recorder with the exchange that carried them.
   */
  readonly contractProblems: ContractProblem[] = [];

  constructor(
    readonly clientId: string,
    readonly clientSecret: string,
    readonly sellerId: string,
    readonly region: Region,
    readonly clock: SimClock,
    readonly settings: SimSettings,
    /** The feed document schemas, or null when the validator is not installed. */
    readonly documentSchemas: DocumentChecks | null,
  ) {
    this.usagePlans = new UsagePlans();
  }

  issueAccess(grantless = false, scope: string | null = null): AccessToken {
    const t: AccessToken = { token: newAccessToken(), expiresAt: this.clock.now() + ACCESS_TOKEN_TTL_MS, grantless, scope };
    this.accessTokens.set(t.token, t);
    if (!grantless) this.latestAccess = t;
    return t;
  }

  /** A live access token for calls made by hand (`GET /__sim/tokens`). */
  liveAccess(): AccessToken {
    const t = this.latestAccess;
    return t && t.expiresAt > this.clock.now() ? t : this.issueAccess();
  }

  expireAccessTokens(): void {
    const now = this.clock.now();
    for (const t of this.accessTokens.values()) t.expiresAt = Math.min(t.expiresAt, now);
  }

  listingKey(sku: string, marketplaceId: string): string {
    return `${sku}\u0000${marketplaceId}`;
  }

  reset(): void {
    this.refreshToken = newRefreshToken();
    this.accessTokens.clear();
    this.latestAccess = null;
    this.tokenCalls = {};
    this.piiRole = true;
    this.orders.clear();
    this.listings.clear();
    this.submissions.length = 0;
    this.feeds.clear();
    this.documents.clear();
    this.fba.clear();
    this.searchTokens.clear();
    this.armedChanges = [];
    this.tokenExpiryAfterPages = null;
    this.fbaTokens.clear();
    this.productTypes.clear();
    this.loseAnswers.clear();
    this.usagePlans.reset();
    this.contractProblems.length = 0;
  }
}
