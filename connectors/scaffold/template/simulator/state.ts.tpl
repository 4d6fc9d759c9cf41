import crypto from 'node:crypto';

/**
 * What the simulated __Name__ holds in memory: one app and one shop with their tokens, the
 * shop's listings, its orders and returns (kept as the JSON objects the API returns) and the
 * shipments recorded against them. The app and shop are the kit's account (`kit.account`), so
 * `POST /__sim/sellers` can add more shops, of this app or of another.
 */

export type Raw = Record<string, unknown>;

export interface SimListing {
  id: string;
  sku: string;
  title: string;
  description: string | null;
  categoryId: string | null;
  /** A decimal string with 2 decimals. */
  price: string;
  /** The sale price beside it (2 decimals, below the price); null: none. */
  salePrice: string | null;
  currency: string;
  quantity: number;
  status: 'ACTIVE' | 'INACTIVE';
  images: string[];
  /** Attributes as given: text, lists or objects. */
  attributes: Raw;
  /** The language of title and description (BCP 47); null: not said. */
  locale: string | null;
  /** The variation group it belongs to (its key), and its option values there; null and [] when alone. */
  groupKey: string | null;
  options: { name: string; value: string }[];
  createdAt: Date;
  updatedAt: Date;
}

export interface SimTokens {
  accessToken: string;
  refreshToken: string;
  /** Epoch ms; a call with the access token after it answers 401 token_expired. */
  expiresAt: number;
  /** Epoch ms; the refresh token is refused (400 invalid_grant) from then on. */
  refreshExpiresAt: number;
}

export interface SimShipment {
  id: string;
  orderId: string;
  carrier: string;
  /** The shipping service, when given. */
  service: string | null;
  trackingNumber: string;
  trackingUrl: string | null;
  lineIds: string[];
  /** Units per line in the parcel. */
  lines: { lineId: string; quantity: number }[];
  shippedAt: string;
  createdAt: Date;
}

/** A group write __Name__ processes later: what was sent, when it is done, and how each SKU ended once it is. */
export interface SimSubmission {
  id: string;
  groupKey: string;
  /** The group's fields and its listings, as sent. */
  body: Raw;
  skus: string[];
  submittedAt: number;
  /** Processed once the clock passes this (submittedAt + the processing delay then in force). */
  readyAt: number;
  results: { sku: string; status: 'ACCEPTED' | 'REJECTED'; listingId: string | null; errors: { code: string; message: string }[] }[] | null;
}

/** An answer kept for its Idempotency-Key. */
export interface StoredReply {
  status: number;
  body: unknown;
}

export interface __Name__StateOptions {
  /** The app and shop, from the simulator kit (`kit.account`). */
  account: { app: { key: string; secret: string }; seller: { id: string } };
  /** The simulator's clock (`kit.clock`): token expiry and record times read it. */
  clock: { now(): number };
  /** The shop's currency (ISO 4217); default USD. */
  currency?: string;
  /** Access-token lifetime; default four hours. */
  accessTokenTtlMs?: number;
  /** Refresh-token lifetime; default 18 months (eBay's). */
  refreshTokenTtlMs?: number;
}

/** The order statuses __Name__ knows. */
export const ORDER_STATUSES = new Set(['UNPAID', 'AWAITING_SHIPMENT', 'PARTIALLY_SHIPPED', 'SHIPPED', 'DELIVERED', 'COMPLETED', 'CANCELLED', 'REFUNDED']);

/** The return statuses __Name__ knows. */
export const RETURN_STATUSES = new Set(['REQUESTED', 'APPROVED', 'REJECTED', 'RECEIVED', 'REFUNDED', 'CLOSED']);

const hex = (bytes: number) => crypto.randomBytes(bytes).toString('hex');
/** Group writes are done this long after they were sent, unless a test says otherwise. */
export const DEFAULT_PROCESSING_MS = 300;
const FIRST_LISTING_ID = 810000000001;

export class __Name__State {
  readonly shopId: string;
  readonly shopName = '__Name__ Demo Shop';
  /** The app's OAuth client credentials (HTTP Basic on the token endpoint). */
  readonly clientId: string;
  readonly clientSecret: string;
  /** What the shop's push messages are signed with. */
  readonly notificationSecret: string;
  /** Refresh grants answered since the last reset (a test sees how many the engine made). */
  refreshCalls = 0;
  readonly currency: string;
  /** By access token, every pair issued since the last reset. */
  tokens = new Map<string, SimTokens>();
  /** Refresh tokens not spent yet (a refresh spends one and issues a new pair, rotating it). */
  refreshable = new Map<string, SimTokens>();
  /** The pair issued last: what `GET /__sim/credentials` hands out. */
  latest!: SimTokens;
  listings = new Map<string, SimListing>();
  /** By id, as `GET /orders/:id` returns them. */
  orders = new Map<string, Raw>();
  /** By id, as `GET /returns` lists them. */
  returns = new Map<string, Raw>();
  shipments: SimShipment[] = [];
  /** Group writes, by id. */
  submissions = new Map<string, SimSubmission>();
  /** How long __Name__ takes to process a group write (`POST /__sim/submissions` with {processingMs} sets it). */
  processingMs = DEFAULT_PROCESSING_MS;
  /** Idempotency-Key → the first answer given for it. */
  answered = new Map<string, StoredReply>();
  private nextListingId = FIRST_LISTING_ID;
  private readonly accessTtl: number;
  private readonly refreshTtl: number;
  private readonly clock: { now(): number };

  constructor(options: __Name__StateOptions) {
    // The app and shop outlive resets (a developer configures them once); tokens and data do not.
    this.shopId = options.account.seller.id;
    this.clientId = `ci_${options.account.app.key}`;
    this.clientSecret = `cs_${options.account.app.secret}`;
    this.notificationSecret = `ns_${crypto.createHash('sha256').update(`${options.account.app.secret}:${options.account.seller.id}`).digest('hex').slice(0, 32)}`;
    this.clock = options.clock;
    this.currency = options.currency ?? 'USD';
    this.accessTtl = options.accessTokenTtlMs ?? 4 * 60 * 60 * 1000;
    this.refreshTtl = options.refreshTokenTtlMs ?? 540 * 24 * 60 * 60 * 1000;
    this.reset();
  }

  /** The initial state: no listings, orders or shipments; one fresh pair of tokens. */
  reset(): void {
    this.tokens.clear();
    this.refreshable.clear();
    this.refreshCalls = 0;
    this.listings.clear();
    this.orders.clear();
    this.returns.clear();
    this.shipments = [];
    this.submissions.clear();
    this.processingMs = DEFAULT_PROCESSING_MS;
    this.answered.clear();
    this.nextListingId = FIRST_LISTING_ID;
    this.issueTokens();
  }

  /** A new access and refresh token, as an authorisation or a refresh gives. */
  issueTokens(): SimTokens {
    const now = this.clock.now();
    const tokens = { accessToken: `at_${hex(20)}`, refreshToken: `rt_${hex(20)}`, expiresAt: now + this.accessTtl, refreshExpiresAt: now + this.refreshTtl };
    this.tokens.set(tokens.accessToken, tokens);
    this.refreshable.set(tokens.refreshToken, tokens);
    this.latest = tokens;
    return tokens;
  }

  /** The `expireTokens` fault: every access token issued so far has expired. */
  expireTokens(): void {
    const now = this.clock.now();
    for (const t of this.tokens.values()) t.expiresAt = Math.min(t.expiresAt, now - 1);
  }

  newSubmissionId(): string {
    return `SUB${this.submissions.size + 1}-${hex(4)}`;
  }

  newListingId(): string {
    return String(this.nextListingId++);
  }

  listingBySku(sku: string): SimListing | undefined {
    for (const l of this.listings.values()) if (l.sku === sku) return l;
    return undefined;
  }
}
