import type { HttpClient, HttpRequest } from './http';

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
  | 'returns.pull'
  | 'fulfilment.stock.pull';

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
  /** Marketplace / site id where the marketplace has several (Amazon marketplaceId, eBay site): the first of `marketplaces`, or null. */
  marketplaceId: string | null;
  /**
   * Every marketplace the channel covers, from the module's `marketplaces` catalogue (Amazon US +
   * CA + MX on one seller account and region), in the order staff gave them. The engine always
   * gives it (empty when the module has no catalogue); a context built by hand may leave it out.
   */
  marketplaces?: MarketplaceInfo[];
  /**
   * The channel's settings that are not secrets, by the names of `settingsFields` (eBay policy
   * ids and merchant location key, an AliExpress shipping template). The engine always gives it,
   * checked against `settingsFields`; a context built by hand may leave it out.
   */
  settings?: Record<string, string>;
  /** The channel's currency (ISO 4217). */
  currency: string;
  /** An HTTP client with this account's rate limiter, retries and redaction (see http.ts). */
  http: HttpClient;
  /**
   * Called after the connector refreshed a token itself, so the host stores the new credentials.
   * A module with `auth` never needs it: the engine obtains, keeps and renews its tokens.
   */
  saveCredentials(credentials: Record<string, string>): Promise<void>;
  /** The clock (tests move it). */
  now(): Date;
}

/**
 * A marketplace attribute's value as staff gave it: text, or the structured shapes marketplaces
 * take (eBay aspects `{"Brand": ["X"]}`, Amazon attribute arrays `[{"value": "X", "language_tag":
 * "en_US"}]`). Passed on as given; the connector turns it into the marketplace's shape.
 */
export type AttributeValue = string | number | boolean | AttributeValue[] | { [name: string]: AttributeValue };

/** Title and description in one locale (BCP 47, e.g. zh-CN, en-US, de-DE). */
export interface ListingText {
  locale: string;
  title: string;
  description?: string | null;
}

/** One option value of a SKU: the axis and its value, e.g. {name: "颜色", value: "红色"}. */
export interface OptionValue {
  name: string;
  value: string;
}

/**
 * A variation group: one marketplace item whose SKUs differ by option (eBay inventory item group,
 * AliExpress product with SKUs, Amazon parent and children, a Taobao item with SKUs). Ours is a
 * product: every SKU of the product published on the channel is one SKU of the group.
 */
export interface ListingGroup {
  /** Our key for the group (the product's id), stable: use it where the marketplace wants one (eBay inventoryItemGroupKey, Amazon parent SKU). */
  key: string;
  /** The group's title and description, in `locale`. */
  title: string;
  description?: string | null;
  locale: string;
  /** The product's texts in every locale it has (the default zh-CN among them). */
  translations?: ListingText[];
  imageUrls?: string[];
  /** The option axes the SKUs vary by, in order, each with the values the group's SKUs use (eBay variesBy, Amazon variation theme). */
  options: { name: string; values: string[] }[];
  /** Every SKU of the group on this channel (on sale or being published), the drafts' among them. */
  skus: string[];
}

/** A listing as we want it on the marketplace. */
export interface ListingDraft {
  sku: string;
  title: string;
  description?: string | null;
  /** Marketplace category id, when the channel maps one. */
  categoryId?: string | null;
  /** Marketplace attributes by name: text, lists or nested objects, as staff gave them. */
  attributes?: Record<string, AttributeValue>;
  /** The regular price (a decimal string in `currency`). */
  price: string;
  /**
   * The sale (discount) price beside the regular one; null when there is none. Marketplaces that
   * erase a discount left out of a write (AliExpress `discount_price`) must send it every time.
   */
  salePrice?: string | null;
  currency: string;
  quantity: number;
  imageUrls?: string[];
  /** Option text such as "颜色:红色;尺码:XL". */
  optionText?: string | null;
  /** The SKU's option values, axis by axis (the axes of `group.options`). */
  options?: OptionValue[];
  barcode?: string | null;
  /** The locale `title` and `description` are written in (BCP 47). */
  locale?: string;
  /** The product's texts in every locale it has, for marketplaces that take several languages (AliExpress subject lists). */
  translations?: ListingText[];
  /** The variation group the SKU belongs to (its product); given to every draft, used by connectors that publish groups. */
  group?: ListingGroup | null;
  /**
   * The listing on each marketplace of a channel covering several (eBay sites, Amazon
   * marketplaces), in the channel's order: its price in that marketplace's currency and its text
   * in that marketplace's language. Given for every channel of a module with a `marketplaces`
   * catalogue; the first marketplace's price and currency are `price` and `currency` above. A
   * marketplace that could not be priced (no exchange rate yet) is left out, and the listing
   * carries the refusal in `marketRefusals`; a context built by hand may leave both out
   * (then `price`, `currency`, `title` and `description` serve every marketplace).
   */
  markets?: MarketListing[];
  /** Marketplaces of the channel this listing could not be priced on, with why (EXCHANGE_RATE_MISSING). */
  marketRefusals?: { marketplaceId: string; code: string; message: string }[];
}

/** A listing's price and text on one marketplace of a channel covering several. */
export interface MarketListing extends MarketPrice {
  /** The marketplace's language (BCP 47, e.g. de-DE). */
  locale: string;
  /** Title and description in that language: the product's translation, else one of the same language, else the listing's own. */
  title: string;
  description: string | null;
}

/** A price on one marketplace of a channel covering several, in that marketplace's currency. */
export interface MarketPrice {
  /** The marketplace's id (eBay EBAY_DE, Amazon A1PA6795UKMFR9). */
  marketplaceId: string;
  price: string;
  /** The sale (discount) price beside it; null: none. */
  salePrice: string | null;
  currency: string;
}

/** A problem a marketplace reports with one SKU's listing (Amazon `issues`, eBay errors and warnings). */
export interface ListingIssue {
  code: string;
  message: string;
  severity: 'ERROR' | 'WARNING' | 'INFO';
  /** The attributes it is about, when the marketplace says (Amazon `attributeNames`). */
  attributeNames?: string[];
}

/** An item's refusal: its error class and the marketplace's own code and message. */
export interface ItemError {
  kind: import('./errors').MarketplaceErrorKind;
  code: string;
  message: string;
}

/**
 * A write the marketplace took to process later instead of answering with its result (Amazon
 * Listings PUT/PATCH `ACCEPTED` + `submissionId`, a JSON_LISTINGS_FEED's `feedId`, an eBay bulk
 * task). The host stores it in the same transaction that records the write, keeps the listings
 * PENDING and asks `pollSubmission` (backing off) until the marketplace says how each SKU ended.
 */
export interface Submission {
  /** Tells a submission from a result. */
  pending: true;
  /** What to poll: opaque to the host, a flat JSON object (e.g. {submissionId} or {feedId}), stored and handed back as it is. */
  handle: Cursor;
  /** The SKUs it carries. */
  skus: string[];
  /** Where each SKU will live once accepted, when known at once (Amazon: the seller SKU itself). */
  refs?: ListingRef[];
  /** How long to wait before the first poll, when the marketplace says (the host backs off from there). */
  pollAfterMs?: number;
}

/** Where a submission stands: still processing, or done with one outcome per SKU. */
export type SubmissionStatus = { done: false; pollAfterMs?: number } | { done: true; results: ListingOutcome[] };

/** How one SKU of a listing write ended: accepted (with where it lives) or refused (with the marketplace's issues). */
export type ListingOutcome =
  | { sku: string; ok: true; ref?: ListingRef; issues?: ListingIssue[] }
  | { sku: string; ok: false; error: ItemError; issues?: ListingIssue[] };

/** One SKU of a group write: what it should look like, and where it lives when it is on the marketplace already. */
export interface GroupItem {
  draft: ListingDraft;
  ref: ListingRef | null;
}

/** Parcel lines: units of one marketplace order line (eBay lineItems[].quantity, Amazon orderItems[].quantity). */
export interface ShipmentLinePush {
  externalLineId: string;
  quantity: number;
}

/** A carrier code a marketplace knows, for the channel carrier table (our carrier names → its codes). */
export interface CarrierCode {
  /** The marketplace's code, as `ShipmentPush.carrier` carries it (TOP company code SF, eBay USPS). */
  code: string;
  /** Its name for people. */
  name: string;
  /** Our carrier names (case-insensitive) that mean it when the channel's table says nothing: "顺丰", "SF Express". */
  aliases?: string[];
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
  /**
   * The sale (discount) price to keep beside `price`; null: none (a sale price set before ends).
   * The host always sends both, so a marketplace that erases a discount left out keeps it.
   */
  salePrice?: string | null;
  currency: string;
  /** The price on each marketplace of a channel covering several (see `ListingDraft.markets`); left out: `price` serves every one. */
  markets?: MarketPrice[];
}

/**
 * The result of one item of a batched push: ok, or the marketplace's error for that item. An
 * item the marketplace took to process later is ok with its `submission` (several items may
 * share one, a feed): the host polls it before it counts the value as pushed.
 */
export type PushResult = { sku: string; ok: true; submission?: Submission } | { sku: string; ok: false; error: ItemError };

/** Unified order status, as ../shared/marketplaces/README.md defines it. */
export type UnifiedOrderStatus = 'PENDING_PAYMENT' | 'PAID' | 'PARTIALLY_SHIPPED' | 'SHIPPED' | 'DELIVERED' | 'COMPLETED' | 'CANCELLED' | 'REFUNDED';

/**
 * Flags a marketplace raises beside the status (holds, not states). FROZEN: the marketplace froze
 * the order under review (AliExpress `IN_FROZEN`); it must not ship until the flag drops.
 */
export type OrderFlag = 'DO_NOT_SHIP' | 'CANCEL_REQUESTED' | 'DISPUTE' | 'ADDRESS_INCOMPLETE' | 'FROZEN';

/**
 * Who ships an order: we do (`MERCHANT`: Amazon MFN, every Taobao, AliExpress and eBay order), or
 * the marketplace from its own warehouses (`MARKETPLACE`: Amazon AFN / FBA). An order the
 * marketplace fulfils reserves none of our stock and never reaches our pick lists.
 */
export type FulfilledBy = 'MERCHANT' | 'MARKETPLACE';

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
  /**
   * The parcels this line's units left in, as the marketplace shows them (Taobao: a consigned
   * sub-order with its logistics company and waybill number), whoever sent them: an empty list
   * when none of its units has left, null or left out when the marketplace does not say by line
   * (then the order's status alone tells). The host records the units it did not ship itself as
   * the marketplace's shipment, out of the stock the order holds.
   */
  shipments?: LineShipmentDto[] | null;
}

/** Units of one order line in one parcel, as the marketplace reports them. */
export interface LineShipmentDto {
  /** Units of the line in the parcel. */
  quantity: number;
  /** The carrier as the marketplace names it (Taobao `logistics_company`, e.g. 顺丰速运); null when it does not say. */
  carrier?: string | null;
  /** The waybill number (Taobao `invoice_no`); null when the marketplace gives none. */
  trackingNumber?: string | null;
  /** When the parcel left (Taobao `consign_time`); null when the marketplace does not say. */
  shippedAt?: Date | null;
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
  /** The marketplace's own status, raw; shown on the order beside the unified one. */
  marketplaceStatus: string;
  flags: OrderFlag[];
  /**
   * The marketplace the order was placed on, one of the channel's (Amazon `MarketplaceId`, eBay
   * `purchaseMarketplaceId`); null or left out: the channel's only marketplace, if it has one.
   */
  marketplaceId?: string | null;
  /** Who ships it; left out: MERCHANT. */
  fulfilledBy?: FulfilledBy;
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
  // The rate from `currency` to our base currency at order time is not the connector's to say:
  // the engine supplies it (src/sync/jobs/orders.job.ts, baseCurrencyRate).
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
  /** Line ids shipped in this parcel; all lines when omitted (the ids of `lines`, for marketplaces that ship lines whole). */
  externalLineIds?: string[];
  /**
   * Lines and units in this parcel; omitted when it carries every unit of the order. A
   * marketplace that ships lines whole (TOP sub-orders) refuses a line with fewer units than
   * ordered rather than shipping all of them.
   */
  lines?: ShipmentLinePush[];
  /** The marketplace's carrier code, mapped from our carrier name by the channel's carrier table (or the module's known codes). */
  carrier: string;
  /** Our carrier name as staff wrote it (Amazon wants a name beside the code `Other`). */
  carrierName?: string;
  /** The shipping service or method (eBay shippingServiceCode, Amazon shippingMethod, AliExpress service_name); null when neither the shipment nor the mapping says. */
  service?: string | null;
  trackingNumber: string;
  /** Where the buyer follows the parcel, when the carrier has no code there (AliExpress tracking_website). */
  trackingUrl?: string | null;
  shippedAt: Date;
  /** Our parcel number (e.g. SH-000042), the same on every attempt: an idempotency key or Amazon packageReferenceId. */
  parcelId?: string;
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
  /** The sale price the marketplace shows; null: none; left out when the connector cannot read it. */
  salePrice?: string | null;
  active: boolean;
}

/** One marketplace account, ready to call. Methods throw MarketplaceError subclasses. */
export interface Connector {
  checkCredentials(): Promise<{ account: string }>;
  /** Creates the listing: its ref, or a Submission to poll where the marketplace processes writes later. */
  publishListing(draft: ListingDraft): Promise<ListingRef | Submission>;
  updateListing(ref: ListingRef, draft: ListingDraft): Promise<ListingRef | Submission>;
  delistListing(ref: ListingRef): Promise<void | Submission>;
  /**
   * Publishes (or updates) a variation group: the SKUs of one product, each with the group in its
   * draft and its ref when it is on the marketplace already. One outcome per item, or a
   * Submission carrying them all. For modules whose `listingModel.variationGroups` is true.
   */
  publishGroup?(group: ListingGroup, items: GroupItem[]): Promise<ListingOutcome[] | Submission>;
  /**
   * Where a submission stands (Amazon getListingsItem issues / feed processing report, an eBay
   * task): not done yet, or one outcome per SKU. For modules whose `listingModel.asynchronousWrites`
   * is true. Throws as any call does (a retryable failure is polled again).
   */
  pollSubmission?(submission: Submission): Promise<SubmissionStatus>;
  pushStock(updates: StockUpdate[]): Promise<PushResult[]>;
  pushPrice(updates: PriceUpdate[]): Promise<PushResult[]>;
  pullOrders(cursor: Cursor | null): Promise<OrdersPage>;
  getOrder(externalId: string): Promise<PulledOrder>;
  pushShipment(shipment: ShipmentPush): Promise<void>;
  pullReturns(cursor: Cursor | null): Promise<ReturnsPage>;
  /** The marketplace's view of these listings (reconcile). */
  fetchListings(refs: ListingRef[]): Promise<RemoteListing[]>;
  /**
   * The stock the marketplace keeps for this account in its own warehouses (Amazon FBA inventory
   * summaries), every SKU it holds, read whole. For modules declaring `fulfilment.stock.pull`.
   * The engine sets the levels of the MARKETPLACE_FULFILMENT warehouse tied to the channel to
   * these figures (`available` as on hand, `inbound` as incoming) on the channel's schedule and on
   * a FULFILMENT_STOCK sync (src/sync/jobs/fulfilment-stock.job.ts); a SKU left out has none.
   */
  pullFulfilmentStock?(): Promise<FulfilmentStockLevel[]>;
  /**
   * The listing the marketplace holds for `sku` among those created or changed since `since`,
   * or null. Creating a listing is not safe to repeat, so the engine asks before publishing
   * again after an attempt whose answer may have been lost (a timeout, a worker killed mid-call)
   * and updates what it finds instead. Optional: a marketplace whose create takes an
   * idempotency key needs none.
   */
  findListing?(sku: string, since: Date): Promise<ListingRef | null>;
}

/** One SKU's stock in the marketplace's own warehouses (Amazon FBA), as its inventory summary gives it. */
export interface FulfilmentStockLevel {
  /** Our SKU as the marketplace carries it (seller SKU). */
  sku: string;
  /** Units the marketplace can ship to buyers now (FBA fulfillableQuantity). */
  available: number;
  /** Units on their way into its warehouses (inbound working + shipped + receiving); 0 when it does not say. */
  inbound: number;
  /** Units it holds but will not sell now (reserved for orders or processing, unfulfillable, researching); 0 when it does not say. */
  unavailable: number;
  /** The region or marketplace the figures are pooled for, when the marketplace says (FBA pools by region: NA, EU). */
  pool?: string | null;
  /** The marketplace's own record, for the record. */
  raw?: unknown;
}

/** A problem checkChannel finds: a code, what to do about it, and which input it concerns. */
export interface ChannelSetupProblem {
  code: string;
  message: string;
  field: 'marketplaceIds' | 'settings';
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

/** A marketplace a module can serve, as its catalogue declares it (`ConnectorModule.marketplaces`). */
export interface MarketplaceInfo {
  /** The marketplace's own id, e.g. Amazon `ATVPDKIKX0DER`, eBay `EBAY_US`. */
  id: string;
  /** For people, e.g. "Amazon.com (US)". */
  label: string;
  /** What it sells in (ISO 4217), e.g. USD. */
  currency: string;
  /** Its language and region (BCP 47 with `_` as the marketplace writes it), e.g. en_US. */
  locale: string;
}

/** An access token as a refresh grant gives it. */
export interface AccessGrant {
  accessToken: string;
  /** Seconds it is valid from when it was asked for (OAuth `expires_in`). */
  expiresInSeconds: number;
  /**
   * A new refresh token when the marketplace rotated it (AliExpress, some OAuth servers), with
   * its own lifetime when the answer states one (`refresh_token_expires_in`, `refresh_expires_in`);
   * the engine saves it once, encrypted, in place of the old. Null or left out: the stored one stays.
   */
  refreshToken?: { value: string; expiresInSeconds?: number | null } | null;
}

/** What `ConnectorAuth.refresh` is given. */
export interface RefreshInput {
  /** The stored credentials as they are now (another process may have rotated the refresh token since the connector was made). */
  credentials: Record<string, string>;
  settings: Record<string, string>;
  baseUrl: string;
  /**
   * The account's HTTP client without auth (the token call must not wait for a token), on the
   * account's rate key: name the call `auth` (or the marketplace's name for its token call).
   */
  http: HttpClient;
  now: Date;
}

/**
 * How an account's access token is obtained and sent: the connector says how, the engine does
 * the rest. The engine keeps access tokens in process memory only (never in the channel row),
 * renews one before it expires and once when the marketplace refuses it (HTTP 401, or 403 where
 * the marketplace answers an expired token so), lets one process at a time refresh a channel
 * (the others adopt its token), saves a rotated refresh token once, and shows a refresh token
 * close to its own expiry as a warning on the channel. A refresh the marketplace refuses
 * (`AuthFailedError`) stops the channel (AUTH_FAILED) until staff authorise it again.
 */
export interface ConnectorAuth {
  /**
   * Obtains an access token from the stored credentials: the refresh grant. eBay: POST
   * /identity/v1/oauth2/token `grant_type=refresh_token` with Basic client credentials; Amazon:
   * LWA POST /auth/o2/token with client id and secret; AliExpress: /rest/auth/token/refresh.
   * Throw AuthFailedError when the marketplace refuses the grant (invalid_grant, an expired or
   * revoked refresh token, missing credentials); anything but a retryable or rate-limit error
   * reads as that.
   */
  refresh(input: RefreshInput): Promise<AccessGrant>;
  /**
   * Puts the token on a request, on every attempt: a header (`Authorization: Bearer …`,
   * `x-amz-access-token`) or a parameter (AliExpress `access_token`, signed with the rest). A
   * call that needs no token (a public one) may be returned as it is.
   */
  apply(req: HttpRequest, token: { accessToken: string; credentials: Record<string, string>; settings: Record<string, string> }): HttpRequest | Promise<HttpRequest>;
  /** The credential field holding the refresh token, which a rotation replaces; default `refreshToken`. */
  refreshTokenField?: string;
  /**
   * When the stored refresh token expires, when the credentials say (eBay's lasts about 18 months
   * from consent and is not rotated: staff give the date with the token); null when unknown.
   */
  refreshTokenExpiresAt?(credentials: Record<string, string>): Date | null;
}

/** A marketplace's push message as the API received it. */
export interface InboundNotification {
  /** The body exactly as received: signatures are computed over these bytes. */
  body: Buffer;
  /** Request headers, names in lower case. */
  headers: Record<string, string>;
}

/** What a push message is about: something to pull now. */
export interface NotificationRef {
  /** ORDER: the engine fetches the order (`getOrder`) and imports it as a pull would; RETURN: it pulls returns now. */
  type: 'ORDER' | 'RETURN';
  externalId: string;
}

/** The verdict on a push message. */
export type NotificationVerdict = { accepted: true; refs: NotificationRef[] } | { accepted: false; reason: string };

/**
 * Turning a marketplace's push message (eBay platform notifications, Amazon notifications,
 * Taobao TMC where it is pushed) into "pull this now". The API receives it at
 * `POST /notifications/<channel key>`, keeps the raw body for the signature, and enqueues the
 * pulls; the module only checks and reads.
 */
export interface ConnectorNotifications {
  /**
   * Checks the message's signature with the channel's credentials and settings, and reads what
   * it is about. Never calls the marketplace; `accepted: false` (a bad or missing signature, a
   * message for another account) is answered 401 and nothing is pulled.
   */
  receive(message: InboundNotification, account: { credentials: Record<string, string>; settings: Record<string, string>; now: Date }): NotificationVerdict | Promise<NotificationVerdict>;
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

/**
 * The part of our catalogue a demo simulator is seeded with: products and their SKUs, titled and
 * priced as the channel sells them (its main language, its price rule, its currency).
 */
export interface DemoCatalog {
  /** The currency of `price`: the channel's (left out: the catalogue's CNY). */
  currency?: string;
  products: {
    title: string;
    skus: {
      sku: string;
      price: string;
      optionText: string;
      /** On a channel covering several marketplaces: the SKU's price on each, in its currency. */
      markets?: { marketplaceId: string; price: string; currency: string }[];
    }[];
  }[];
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
  /**
   * Channel settings that are not secrets (policy ids, a location key, a shipping template), apart
   * from the credentials: createChannel and updateChannel refuse unknown names and missing
   * required ones, and the connector reads them in `ctx.settings`.
   */
  settingsFields?: SettingField[];
  /**
   * Whether one channel (one seller account and region) may cover several marketplaces (Amazon
   * US + CA + MX); default ONE, one marketplace per channel, as Taobao and Tmall.
   */
  marketplacesPerChannel?: 'ONE' | 'SEVERAL';
  /**
   * The marketplaces a channel may cover (Amazon `ATVPDKIKX0DER` USD en_US, eBay `EBAY_US`…):
   * a channel's `marketplaceIds` must be among them, and at least one is required. Left out:
   * the marketplace has no such ids (Taobao), and a channel names at most one, freely.
   */
  marketplaces?: MarketplaceInfo[];
  /**
   * The locale a channel lists in on one of its marketplaces when its settings choose another of
   * the languages that marketplace takes (Amazon.ca in fr_CA rather than en_CA, by the setting
   * `language.A2EUQ1WTGCTBG2`); null or left out: the catalogue's `locale`. The engine takes the
   * marketplace's text in it (`ListingDraft.markets[].locale`, `ConnectorContext.marketplaces`).
   * Pure and cheap: called whenever the engine describes a channel's marketplaces.
   */
  listingLocale?(marketplace: MarketplaceInfo, settings: Record<string, string>): string | null | undefined;
  /**
   * What is wrong with a channel's marketplaces and settings taken together, checked when staff
   * create or change the channel, so a channel that could never work is refused with the reason
   * instead of failing at its first call (Amazon: marketplaces of one region only, a region
   * setting that agrees, a listing language the marketplace takes). Empty or left out: nothing.
   * Pure: no calls to the marketplace.
   */
  checkChannel?(setup: { marketplaces: MarketplaceInfo[]; settings: Record<string, string> }): ChannelSetupProblem[];
  /**
   * How the account's access token is obtained and sent, when the marketplace uses OAuth-style
   * tokens; the engine keeps and renews them (see ConnectorAuth). Left out: the connector signs
   * its own calls with what the credentials hold (Taobao's session key).
   */
  auth?: ConnectorAuth;
  /** Optional: push messages that say what to pull now (see ConnectorNotifications). */
  notifications?: ConnectorNotifications;
  /**
   * The marketplace's refusal codes staff meet, each with our code and what it means; a key
   * ending in `*` matches every code that starts with the rest. Codes not listed read as their
   * error kind says (see src/sync/refusals.ts).
   */
  refusals?: Record<string, RefusalExplanation>;
  /** How the marketplace takes listings; left out: each SKU its own listing, answered at once, no sale price. */
  listingModel?: ListingModel;
  /** The locale listings are written in when the channel names none (default zh-CN, the catalogue's own). */
  defaultLocale?: string;
  /**
   * Carrier codes the marketplace knows (TOP's logistics company codes, eBay's shipping carrier
   * codes): what the channel carrier table maps our carrier names to, and the default mapping by
   * code or alias. Left out: our carrier name goes as it is unless the channel's table maps it.
   */
  carriers?: {
    known: CarrierCode[];
    /** Only these codes exist: a table row naming another is refused. Default false. */
    closed?: boolean;
  };
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

/** How a marketplace takes listings (`ConnectorModule.listingModel`). */
export interface ListingModel {
  /**
   * A product's SKUs are one marketplace item with variations: the engine publishes the SKUs of a
   * product on a channel together through `publishGroup` (each keeps its own listing and ref).
   */
  variationGroups?: boolean;
  /** Writes may answer with a Submission instead of their result; the engine polls `pollSubmission`. */
  asynchronousWrites?: boolean;
  /** The marketplace keeps a sale (discount) price beside the regular price; without it the API refuses one for the channel. */
  salePrice?: boolean;
  /**
   * A listing needs a title and a description in the channel's main locale (AliExpress lists in
   * the languages the channel names, never in the catalogue's Chinese): the engine fails a listing
   * whose product has no such text (MISSING_TRANSLATION) before it calls the connector. Left
   * out: a listing without one takes the catalogue's text.
   */
  localeTextRequired?: boolean;
}

/** Turns a raw HTTP response into the error it carries, or undefined for a success. */
export type ResponseClassifier = (res: { status: number; headers: Record<string, string>; data: unknown }, operation: string) => import('./errors').MarketplaceError | undefined;
