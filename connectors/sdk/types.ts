import type { HttpClient } from './http';

/**
 * The connector contract: what a marketplace module implements and what the sync engine
 * (src/sync) calls. Connectors know nothing of the database or GraphQL; everything they need
 * arrives in a ConnectorContext and everything they return is one of these plain shapes.
 *
 * Marketplace ids (Taobao `tid`, `oid`, `num_iid` exceed 2^53) are strings end to end.
 * Money is a decimal string ("199.00") in the currency named beside it; never a float.
 */

/** What a connector can do; the sync engine only schedules what is declared. */
export type Capability =
  | 'listings.publish'
  | 'listings.update'
  | 'listings.delist'
  | 'stock.push'
  | 'price.push'
  | 'orders.pull'
  | 'orders.get'
  | 'shipments.push'
  | 'returns.pull';

/** Operations that have their own rate limit bucket. */
export type Operation = 'auth' | 'listings' | 'stock' | 'price' | 'orders' | 'shipments' | 'returns';

/** A published call limit: a token bucket of `burst` calls refilled at `ratePerSecond`. */
export interface RateLimit {
  ratePerSecond: number;
  burst: number;
  /**
   * Operations that name the same bucket share one limit (a marketplace that counts all of an
   * app's calls together); without it each operation has its own.
   */
  bucket?: string;
}

/** What the host gives a connector for one account (channel). */
export interface ConnectorContext {
  /** The marketplace's base URL: production by default, a sandbox or a local simulator in tests. */
  baseUrl: string;
  /** The decrypted credentials, in the fields the connector declares (`credentialFields`). */
  credentials: Record<string, string>;
  /** Marketplace / site id where the marketplace has several (Amazon marketplaceId, eBay site). */
  marketplaceId: string | null;
  /** The channel's currency (ISO 4217). */
  currency: string;
  /** An HTTP client with this account's rate limiter, retries and redaction (see http.ts). */
  http: HttpClient;
  /** Called after the connector refreshed a token, so the host stores the new credentials. */
  saveCredentials(credentials: Record<string, string>): Promise<void>;
  /** The clock (tests move it). */
  now(): Date;
}

/** A listing as we want it on the marketplace. */
export interface ListingDraft {
  sku: string;
  title: string;
  description?: string | null;
  /** Marketplace category id, when the channel maps one. */
  categoryId?: string | null;
  attributes?: Record<string, string>;
  price: string;
  currency: string;
  quantity: number;
  imageUrls?: string[];
  /** Option text such as "颜色:红色;尺码:XL". */
  optionText?: string | null;
  barcode?: string | null;
}

/** Where a listing lives on the marketplace: its ids, as strings. */
export interface ListingRef {
  sku: string;
  /** The marketplace's item / offer / listing id. */
  itemId: string;
  /** The marketplace's SKU id inside the item, when it has one. */
  skuId?: string | null;
  /** Marketplace-specific extra ids the connector needs later (e.g. eBay offerId). */
  extra?: Record<string, string>;
}

export interface StockUpdate {
  ref: ListingRef;
  quantity: number;
}

export interface PriceUpdate {
  ref: ListingRef;
  price: string;
  currency: string;
}

/** The result of one item of a batched push: ok, or the marketplace's error for that item. */
export type PushResult = { sku: string; ok: true } | { sku: string; ok: false; error: { kind: 'RETRYABLE' | 'RATE_LIMITED' | 'AUTH_FAILED' | 'PERMANENT'; code: string; message: string } };

/** Unified order status, as ../shared/marketplaces/README.md defines it. */
export type UnifiedOrderStatus = 'PENDING_PAYMENT' | 'PAID' | 'PARTIALLY_SHIPPED' | 'SHIPPED' | 'DELIVERED' | 'COMPLETED' | 'CANCELLED' | 'REFUNDED';

/** Flags a marketplace raises beside the status (holds, not states). */
export type OrderFlag = 'DO_NOT_SHIP' | 'CANCEL_REQUESTED' | 'DISPUTE' | 'ADDRESS_INCOMPLETE';

export interface AddressDto {
  name?: string | null;
  phone?: string | null;
  country?: string | null;
  province?: string | null;
  city?: string | null;
  district?: string | null;
  address1?: string | null;
  address2?: string | null;
  postalCode?: string | null;
}

export interface BuyerDto {
  name?: string | null;
  nickname?: string | null;
  phone?: string | null;
  email?: string | null;
}

export interface OrderLineDto {
  /** The marketplace's line id (Taobao `oid`), as a string. */
  externalLineId: string;
  /** Our SKU as the marketplace carries it (merchant code / outer id / seller SKU); may be unknown to us. */
  sku: string;
  title?: string | null;
  optionText?: string | null;
  quantity: number;
  unitPrice: string;
  discount?: string | null;
  /** The marketplace's line status / refund status, raw, for the record. */
  status?: string | null;
}

/** A marketplace order, normalised: the shape the orders intake records. */
export interface OrderDto {
  externalId: string;
  status: UnifiedOrderStatus;
  /** The marketplace's own status, raw. */
  marketplaceStatus: string;
  flags: OrderFlag[];
  modifiedAt: Date;
  placedAt?: Date | null;
  paidAt?: Date | null;
  currency: string;
  buyerId?: string | null;
  buyer?: BuyerDto | null;
  shippingAddress?: AddressDto | null;
  lines: OrderLineDto[];
  shipping?: string | null;
  discount?: string | null;
  tax?: string | null;
  buyerMessage?: string | null;
}

/**
 * One order of a pulled page: mapped, or quarantined with its raw body and why it could not
 * be mapped (the rest of the page still imports).
 */
export type PulledOrder = { ok: true; order: OrderDto } | { ok: false; externalId: string | null; raw: unknown; error: string };

/**
 * Where an incremental pull stands. Opaque to the host, which stores it only after the page
 * it came with is committed; JSON-serialisable.
 */
export type Cursor = Record<string, string | number | boolean | null>;

export interface OrdersPage {
  orders: PulledOrder[];
  /** The cursor to store once these orders are committed. */
  nextCursor: Cursor;
  /** True when the pull has caught up with now: the host stops until the next schedule. */
  done: boolean;
}

export interface ShipmentPush {
  orderExternalId: string;
  /** Line ids shipped in this parcel; all lines when omitted. */
  externalLineIds?: string[];
  carrier: string;
  trackingNumber: string;
  shippedAt: Date;
}

export type ReturnStatus = 'REQUESTED' | 'APPROVED' | 'REJECTED' | 'RECEIVED' | 'REFUNDED' | 'CLOSED';

export interface ReturnDto {
  externalId: string;
  orderExternalId: string;
  externalLineId?: string | null;
  type: 'REFUND_ONLY' | 'RETURN_AND_REFUND' | 'EXCHANGE';
  status: ReturnStatus;
  marketplaceStatus: string;
  amount?: string | null;
  currency: string;
  reason?: string | null;
  modifiedAt: Date;
}

export interface ReturnsPage {
  returns: ReturnDto[];
  nextCursor: Cursor;
  done: boolean;
}

/** What a listing looks like on the marketplace now, for reconciliation. */
export interface RemoteListing {
  ref: ListingRef;
  quantity: number;
  price: string;
  active: boolean;
}

/** One marketplace account, ready to call. Methods throw MarketplaceError subclasses. */
export interface Connector {
  checkCredentials(): Promise<{ account: string }>;
  publishListing(draft: ListingDraft): Promise<ListingRef>;
  updateListing(ref: ListingRef, draft: ListingDraft): Promise<ListingRef>;
  delistListing(ref: ListingRef): Promise<void>;
  pushStock(updates: StockUpdate[]): Promise<PushResult[]>;
  pushPrice(updates: PriceUpdate[]): Promise<PushResult[]>;
  pullOrders(cursor: Cursor | null): Promise<OrdersPage>;
  getOrder(externalId: string): Promise<PulledOrder>;
  pushShipment(shipment: ShipmentPush): Promise<void>;
  pullReturns(cursor: Cursor | null): Promise<ReturnsPage>;
  /** The marketplace's view of these listings (reconcile). */
  fetchListings(refs: ListingRef[]): Promise<RemoteListing[]>;
  /**
   * The listing the marketplace holds for `sku` among those created or changed since `since`,
   * or null. Creating a listing is not safe to repeat, so the engine asks before publishing
   * again after an attempt whose answer may have been lost (a timeout, a worker killed mid-call)
   * and updates what it finds instead. Optional: a marketplace whose create takes an
   * idempotency key needs none.
   */
  findListing?(sku: string, since: Date): Promise<ListingRef | null>;
}

/** A field of a connector's credentials JSON. */
export interface CredentialField {
  name: string;
  description: string;
  required: boolean;
  /** Secret fields are never echoed back by the API or logged. */
  secret: boolean;
}

/** A marketplace module: what it is, what it needs, and how to make a Connector. */
export interface ConnectorModule {
  /** Channel kinds this module serves, e.g. ['TAOBAO', 'TMALL']. */
  kinds: string[];
  label: string;
  /** The production base URL, the default of a new channel. */
  defaultBaseUrl: string;
  capabilities: Capability[];
  credentialFields: CredentialField[];
  /** Published call limits per operation (the HTTP helper's token buckets start from these). */
  rateLimits: Partial<Record<Operation, RateLimit>>;
  /** Largest batch pushStock / pushPrice accept in one call. */
  maxBatch: { stock: number; price: number };
  /** How errors look on this marketplace's wire: turns a response into an error, or undefined when it is a success. */
  classify: ResponseClassifier;
  create(kind: string, ctx: ConnectorContext): Connector;
}

/** Turns a raw HTTP response into the error it carries, or undefined for a success. */
export type ResponseClassifier = (res: { status: number; headers: Record<string, string>; data: unknown }, operation: string) => import('./errors').MarketplaceError | undefined;
