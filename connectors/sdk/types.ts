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

/** The coarse operations a connector's calls may be named by (each its own bucket unless told otherwise). */
export type Operation = 'auth' | 'listings' | 'stock' | 'price' | 'orders' | 'shipments' | 'returns';

/**
 * The name of a marketplace call as `HttpRequest.operation` carries it: an Operation, or the
 * marketplace's own name for the call ('taobao.trades.sold.increment.get', 'searchOrders',
 * 'getOrders'), which is what Amazon and eBay count their limits by.
 */
export type CallName = Operation | (string & {});

/** A published call limit: a token bucket of `burst` calls refilled at `ratePerSecond`. */
export interface RateLimit {
  ratePerSecond: number;
  burst: number;
  /**
   * Calls that name the same bucket share one limit (a marketplace that counts all of an app's
   * calls together, as TOP does); without it each call name has its own.
   */
  bucket?: string;
}

/**
 * Call limits by call name. `default` applies to every call not named; a call with neither is
 * not limited (pauses the marketplace asks for still apply).
 */
export type RateLimits = { default?: RateLimit } & { [call: string]: RateLimit | undefined };

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
export type PushResult = { sku: string; ok: true } | { sku: string; ok: false; error: { kind: import('./errors').MarketplaceErrorKind; code: string; message: string } };

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
  /** The line's own discount (its sub-order discount and the seller's price change down), for all its units. */
  discount?: string | null;
  /**
   * The line's share of order-level discounts (shop coupons, 满减 spread over the lines by the
   * marketplace; Taobao `part_mjz_discount`); part of the order's `discount`, not of the line's.
   */
  orderDiscount?: string | null;
  /**
   * What the buyer paid for this line after every discount, its own and its share of the
   * order's (Taobao `divide_order_fee`); null when the marketplace does not say.
   */
  paid?: string | null;
  /** The marketplace's line status / refund status, raw, for the record. */
  status?: string | null;
  /** Where a refund of this line stands; null when there is none. A partial refund lives here, not in the order's status. */
  refund?: LineRefundDto | null;
}

/** A refund of one line as the order shows it (the refund's own record comes with pullReturns). */
export interface LineRefundDto {
  /** Where it stands, in the words of returns (REQUESTED, APPROVED, REFUNDED, REJECTED, CLOSED...). */
  status: ReturnStatus;
  /** The marketplace's own word (Taobao `refund_status`). */
  marketplaceStatus: string;
  /** Units refunded: the line's quantity once the refund succeeded, 0 before; null when the marketplace does not say. */
  quantity?: number | null;
  /** Amount refunded in the order currency; null when the order does not say (Taobao states it on the refund only). */
  amount?: string | null;
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
  /**
   * Order-level discount (shop coupons, 满减): when null and `paidTotal` is given, the intake
   * takes what the lines, shipping and tax leave over the paid total.
   */
  discount?: string | null;
  tax?: string | null;
  /**
   * What the buyer paid for the whole order (Taobao `payment`). When given, it is the order's
   * total to the cent, whatever the lines add up to; the difference shows as the order's
   * discount (and adjustment).
   */
  paidTotal?: string | null;
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

/** A record of a pulled page that could not be mapped, kept with its raw body and why (see PulledOrder). */
export interface QuarantinedRecord {
  externalId: string | null;
  raw: unknown;
  error: string;
}

export interface ReturnsPage {
  returns: ReturnDto[];
  /** Returns or refunds of the page that could not be mapped: the host records them as sync errors with their raw body. */
  quarantined?: QuarantinedRecord[];
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

/** A channel setting that is not a secret (an eBay policy id, Amazon marketplaces): stored and shown in the clear. */
export interface SettingField {
  name: string;
  description: string;
  required: boolean;
}

/**
 * What staff read beside a marketplace's own code and message when it refused something: our
 * code for the case and what it means, in English and in Chinese.
 */
export interface RefusalExplanation {
  /** Our code, upper case (e.g. LISTING_NOT_FOUND): the same case reads the same on every marketplace. */
  reason: string;
  en: string;
  zh: string;
}

/** The part of our catalogue a demo simulator is seeded with: products and their SKUs. */
export interface DemoCatalog {
  products: { title: string; skus: { sku: string; price: string; optionText: string }[] }[];
}

/** Options every simulator start takes (`npm run sim`, the demo, tests). */
export interface SimulatorStartOptions {
  /** 0 or omitted: a free port. */
  port?: number;
  /** Seeds injected faults, so a run can be replayed. */
  seed?: number;
  /** The marketplace's call limit per second in the simulator. */
  callsPerSecond?: number;
}

/** A simulator a module started: where its API and its `/__sim/` control endpoints are. */
export interface StartedSimulator {
  baseUrl: string;
  controlUrl: string;
  stop(): Promise<void>;
}

/** A marketplace module: what it is, what it needs, and how to make a Connector. */
export interface ConnectorModule {
  /**
   * Channel kinds this module serves, e.g. ['TAOBAO', 'TMALL']: upper-case letters, digits and
   * `_`. Installing the module makes them channel kinds; no other registration is needed.
   */
  kinds: string[];
  /** One line per kind for the API's ChannelKind enum (default: the label). */
  kindDescriptions?: Record<string, string>;
  label: string;
  /** The production base URL, the default of a new channel. */
  defaultBaseUrl: string;
  capabilities: Capability[];
  credentialFields: CredentialField[];
  /** Published call limits by call name (the HTTP helper's token buckets start from these). */
  rateLimits: RateLimits;
  /**
   * Whose quota an account's calls count against, from its credentials (and settings): the
   * marketplace's unit of counting, e.g. TOP the app key, Amazon selling partner + region, eBay
   * application + user. Channels with the same key share one set of buckets across every worker
   * process. Default: each channel its own.
   */
  rateKey?(credentials: Record<string, string>, settings?: Record<string, string>): string;
  /** The limits of one account when they depend on it (an app's own quota); default `rateLimits`. */
  rateLimitsFor?(credentials: Record<string, string>, settings?: Record<string, string>): RateLimits;
  /**
   * The rate (and burst) the marketplace states on an answer, adopted by the bucket of the call
   * it answered; default: `x-amzn-RateLimit-Limit` as calls per second.
   */
  rateFromResponse?(res: { status: number; headers: Record<string, string> }): { ratePerSecond: number; burst?: number } | undefined;
  /** Largest batch pushStock / pushPrice accept in one call. */
  maxBatch: { stock: number; price: number };
  /** How errors look on this marketplace's wire: turns a response into an error, or undefined when it is a success. */
  classify: ResponseClassifier;
  create(kind: string, ctx: ConnectorContext): Connector;
  /** Channel settings that are not secrets (policy ids, marketplaces served), apart from the credentials. */
  settingsFields?: SettingField[];
  /**
   * Whether one channel (one seller account and region) may cover several marketplaces (Amazon
   * US + CA + MX); default ONE, one marketplace per channel, as Taobao and Tmall.
   */
  marketplacesPerChannel?: 'ONE' | 'SEVERAL';
  /**
   * The marketplace's refusal codes staff meet, each with our code and what it means; a key
   * ending in `*` matches every code that starts with the rest. Codes not listed read as their
   * error kind says (see src/sync/refusals.ts).
   */
  refusals?: Record<string, RefusalExplanation>;
  /**
   * Starts this marketplace's simulator for `kind` (what `npm run sim -- <kind>`, the demo and
   * tests start). Load it lazily (`import('./simulator')`), so production never loads it.
   */
  simulator?(kind: string, options: SimulatorStartOptions): Promise<StartedSimulator>;
  /**
   * What the demo (`SIMULATORS=1`) puts into this kind's fresh simulator through its `/__sim/`
   * control routes: the shop's items as its staff would have made them for our catalogue (so
   * publishing finds them) and a few sample orders in the marketplace's own wire shape.
   */
  demo?(kind: string, controlUrl: string, catalog: DemoCatalog): Promise<void>;
}

/** Turns a raw HTTP response into the error it carries, or undefined for a success. */
export type ResponseClassifier = (res: { status: number; headers: Record<string, string>; data: unknown }, operation: string) => import('./errors').MarketplaceError | undefined;
