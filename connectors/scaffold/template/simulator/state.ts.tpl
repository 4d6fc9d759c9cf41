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
  currency: string;
  quantity: number;
  status: 'ACTIVE' | 'INACTIVE';
  images: string[];
  createdAt: Date;
  updatedAt: Date;
}

export interface SimTokens {
  accessToken: string;
  refreshToken: string;
  /** Epoch ms; a call with the access token after it answers 401 token_expired. */
  expiresAt: number;
}

export interface SimShipment {
  id: string;
  orderId: string;
  carrier: string;
  trackingNumber: string;
  lineIds: string[];
  shippedAt: string;
  createdAt: Date;
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
}

/** The order statuses __Name__ knows. */
export const ORDER_STATUSES = new Set(['UNPAID', 'AWAITING_SHIPMENT', 'PARTIALLY_SHIPPED', 'SHIPPED', 'DELIVERED', 'COMPLETED', 'CANCELLED', 'REFUNDED']);

/** The return statuses __Name__ knows. */
export const RETURN_STATUSES = new Set(['REQUESTED', 'APPROVED', 'REJECTED', 'RECEIVED', 'REFUNDED', 'CLOSED']);

const hex = (bytes: number) => crypto.randomBytes(bytes).toString('hex');
const FIRST_LISTING_ID = 810000000001;

export class __Name__State {
  readonly shopId: string;
  readonly shopName = '__Name__ Demo Shop';
  readonly apiKey: string;
  readonly currency: string;
  /** By access token, every pair issued since the last reset. */
  tokens = new Map<string, SimTokens>();
  /** Refresh tokens not spent yet (a refresh spends one and issues a new pair). */
  refreshable = new Map<string, SimTokens>();
  /** The pair issued last: what `GET /__sim/credentials` hands out. */
  latest!: SimTokens;
  listings = new Map<string, SimListing>();
  /** By id, as `GET /orders/:id` returns them. */
  orders = new Map<string, Raw>();
  /** By id, as `GET /returns` lists them. */
  returns = new Map<string, Raw>();
  shipments: SimShipment[] = [];
  /** Idempotency-Key → the first answer given for it. */
  answered = new Map<string, StoredReply>();
  private nextListingId = FIRST_LISTING_ID;
  private readonly accessTtl: number;
  private readonly clock: { now(): number };

  constructor(options: __Name__StateOptions) {
    // The app and shop outlive resets (a developer configures them once); tokens and data do not.
    this.shopId = options.account.seller.id;
    this.apiKey = `ak_${options.account.app.key}`;
    this.clock = options.clock;
    this.currency = options.currency ?? 'USD';
    this.accessTtl = options.accessTokenTtlMs ?? 4 * 60 * 60 * 1000;
    this.reset();
  }

  /** The initial state: no listings, orders or shipments; one fresh pair of tokens. */
  reset(): void {
    this.tokens.clear();
    this.refreshable.clear();
    this.listings.clear();
    this.orders.clear();
    this.returns.clear();
    this.shipments = [];
    this.answered.clear();
    this.nextListingId = FIRST_LISTING_ID;
    this.issueTokens();
  }

  /** A new access and refresh token, as an authorisation or a refresh gives. */
  issueTokens(): SimTokens {
    const tokens = { accessToken: `at_${hex(20)}`, refreshToken: `rt_${hex(20)}`, expiresAt: this.clock.now() + this.accessTtl };
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

  newListingId(): string {
    return String(this.nextListingId++);
  }

  listingBySku(sku: string): SimListing | undefined {
    for (const l of this.listings.values()) if (l.sku === sku) return l;
    return undefined;
  }
}
