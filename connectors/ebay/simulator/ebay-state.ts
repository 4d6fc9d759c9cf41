import crypto from 'node:crypto';
import type { ImageRecord } from './media';

/**
 * What the simulated eBay holds for one seller (a user) of one application: the app's client
 * id and secret and RuName, the user's consents (refresh tokens with their scopes), access
 * tokens, authorisation codes, the Inventory API's records (inventory items by SKU, offers,
 * inventory item groups, locations) with the business policies the account has, the orders of
 * the Fulfillment API (kept as given) and their shipping fulfillments, the pictures uploaded to
 * eBay Picture Services, the listings' revisions of the day and the day's call counts.
 */

export type Raw = Record<string, unknown>;

export const API_SCOPE = 'https://api.ebay.com/oauth/api_scope';
export const SCOPES = {
  inventory: `${API_SCOPE}/sell.inventory`,
  inventoryReadonly: `${API_SCOPE}/sell.inventory.readonly`,
  fulfillment: `${API_SCOPE}/sell.fulfillment`,
  fulfillmentReadonly: `${API_SCOPE}/sell.fulfillment.readonly`,
  account: `${API_SCOPE}/sell.account`,
  finances: `${API_SCOPE}/sell.finances`,
};

/** What a seller consents to by default: the Sell scopes this simulator serves, with their read-only twins and the base scope. */
export const DEFAULT_USER_SCOPES = [API_SCOPE, SCOPES.inventory, SCOPES.inventoryReadonly, SCOPES.fulfillment, SCOPES.fulfillmentReadonly, SCOPES.account];

/** Scopes an application token may carry: only the base scope (ebay.md §2: an application token cannot call seller APIs). */
export const APPLICATION_SCOPES = [API_SCOPE];

/** ebay.md §2: user access tokens last 7200 s, refresh tokens 47304000 s (~18 months) [U: the exact numbers]. */
export const ACCESS_TOKEN_TTL_MS = 7200 * 1000;
export const REFRESH_TOKEN_TTL_MS = 47304000 * 1000;
/** The consent page hands back a code that lives 299 s (`expires_in=299` on the redirect) [U]. */
export const AUTH_CODE_TTL_MS = 299 * 1000;

export interface AccessToken {
  token: string;
  /** APPLICATION from client_credentials; USER from a consent (authorization_code, refresh_token). */
  kind: 'APPLICATION' | 'USER';
  scopes: string[];
  issuedAt: number;
  expiresAt: number;
}

export interface RefreshToken {
  token: string;
  scopes: string[];
  expiresAt: number;
}

export interface AuthCode {
  code: string;
  scopes: string[];
  expiresAt: number;
  used: boolean;
}

export interface InventoryItemRecord {
  sku: string;
  /** The Content-Language it was written in. */
  locale: string;
  /** The InventoryItem as last PUT (a full replace: what was left out is gone). */
  body: Raw;
}

export type OfferStatus = 'PUBLISHED' | 'UNPUBLISHED';

export interface OfferRecord {
  offerId: string;
  sku: string;
  marketplaceId: string;
  format: string;
  locale: string;
  /** The offer's details as last created or updated (EbayOfferDetailsWithKeys without sku, marketplaceId, format). */
  body: Raw;
  status: OfferStatus;
  /** The listing it is on (kept after a withdrawal, as getOffer shows it ENDED). */
  listingId: string | null;
  listingStatus: 'ACTIVE' | 'ENDED' | null;
  /** The item group it was published with (its listing is the group's), or null. */
  groupKey: string | null;
  soldQuantity: number;
}

export interface ItemGroupRecord {
  key: string;
  locale: string;
  /** The InventoryItemGroup as last PUT. */
  body: Raw;
}

export interface LocationRecord {
  key: string;
  body: Raw;
  status: 'ENABLED' | 'DISABLED';
}

export interface FulfillmentRecord {
  fulfillmentId: string;
  orderId: string;
  lineItems: { lineItemId: string; quantity: number }[];
  shippedDate: string;
  shippingCarrierCode: string | null;
  trackingNumber: string | null;
  /** When it was recorded (the simulator's clock). */
  at: number;
}

export interface OrderRecord {
  /** The Order as given (numbers kept as sent, see sdk/simulator/wire-json.ts), moved on by shipments and control routes. */
  order: Raw;
  /** Units shipped per line by the fulfillments recorded here (or the whole line, when it came FULFILLED). */
  shipped: Map<string, number>;
  fulfillments: FulfillmentRecord[];
}

/** Changes of orders to make right after a getOrders page carried them (`POST /__sim/order-changes` with afterRead). */
export interface ArmedChange {
  ids: Set<string>;
  set: Raw;
}

export interface EbayStateOptions {
  clientId: string;
  clientSecret: string;
  /** The seller's user id and name (eBay user names are public; orders carry `sellerId`). */
  userId: string;
  username: string;
  clock: { now(): number };
  accessTokenTtlMs: number;
  refreshTokenTtlMs: number;
  /** Calls allowed per API per eBay day for this application and user. */
  dailyQuota: { inventory: number; fulfillment: number };
}

const token = (prefix: string) => `v^1.1#i^1#${prefix}#I^3#f^0#t^${crypto.randomBytes(48).toString('base64')}`;

/** The merchant location the simulated seller has from the start (created in Seller Hub, as sellers do before listing). */
export const DEFAULT_LOCATION_KEY = 'warehouse-1';
/** The business policies the account has from the start, one of each kind, valid on every site [U: real ones are per marketplace]. */
export const DEFAULT_POLICIES = { fulfillmentPolicyId: '6196932000', paymentPolicyId: '6196933000', returnPolicyId: '6196934000' };

export class EbayState {
  readonly clientId: string;
  readonly clientSecret: string;
  /** The app's redirect URL name, which `redirect_uri` carries in the code exchange (ebay.md §2). */
  readonly ruName: string;
  readonly userId: string;
  readonly username: string;
  readonly clock: { now(): number };
  readonly accessTtl: number;
  readonly refreshTtl: number;
  dailyQuota: { inventory: number; fulfillment: number };

  accessTokens = new Map<string, AccessToken>();
  refreshTokens = new Map<string, RefreshToken>();
  codes = new Map<string, AuthCode>();
  /** The consent issued last and an access token of it: what GET /__sim/credentials and /__sim/tokens show. */
  consent!: RefreshToken;
  latestAccess!: AccessToken;
  /** Token endpoint calls by grant type since the last reset (tests count refreshes). */
  tokenCalls: Record<string, number> = {};

  items = new Map<string, InventoryItemRecord>();
  offers = new Map<string, OfferRecord>();
  groups = new Map<string, ItemGroupRecord>();
  locations = new Map<string, LocationRecord>();
  policies = { fulfillment: new Set<string>(), payment: new Set<string>(), return: new Set<string>() };
  /** Listing id → the eBay day and how many times it was revised that day. */
  revisions = new Map<string, { day: string; count: number }>();

  orders = new Map<string, OrderRecord>();
  armed: ArmedChange[] = [];
  /** `${api}|${day}` → calls made that day. */
  calls = new Map<string, number>();
  /** operationId → how many of its next successful calls are carried out and then left unanswered. */
  loseAnswers = new Map<string, number>();
  /** Pictures uploaded to eBay Picture Services (media.ts), by image id. */
  images = new Map<string, ImageRecord>();
  /** When the user's last Media API POSTs were made (its short-term limit). */
  mediaPosts: number[] = [];

  private nextOffer = 1;
  private nextListing = 1;
  private nextFulfillment = 1;

  constructor(options: EbayStateOptions) {
    this.clientId = options.clientId;
    this.clientSecret = options.clientSecret;
    this.ruName = `${options.username}-${options.clientId.split('-')[0] || 'SimApp'}-PRD-runame`;
    this.userId = options.userId;
    this.username = options.username;
    this.clock = options.clock;
    this.accessTtl = options.accessTokenTtlMs;
    this.refreshTtl = options.refreshTokenTtlMs;
    this.dailyQuota = { ...options.dailyQuota };
    this.reset();
  }

  reset(): void {
    this.accessTokens.clear();
    this.refreshTokens.clear();
    this.codes.clear();
    this.tokenCalls = {};
    this.items.clear();
    this.offers.clear();
    this.groups.clear();
    this.locations.clear();
    this.policies = { fulfillment: new Set([DEFAULT_POLICIES.fulfillmentPolicyId]), payment: new Set([DEFAULT_POLICIES.paymentPolicyId]), return: new Set([DEFAULT_POLICIES.returnPolicyId]) };
    this.revisions.clear();
    this.orders.clear();
    this.armed = [];
    this.calls.clear();
    this.loseAnswers.clear();
    this.images.clear();
    this.mediaPosts = [];
    this.nextOffer = 1;
    this.nextListing = 1;
    this.nextFulfillment = 1;
    this.locations.set(DEFAULT_LOCATION_KEY, {
      key: DEFAULT_LOCATION_KEY,
      status: 'ENABLED',
      body: { name: 'Main warehouse', locationTypes: ['WAREHOUSE'], location: { address: { addressLine1: '2145 Hamilton Avenue', city: 'San Jose', stateOrProvince: 'CA', postalCode: '95125', country: 'US' } } },
    });
    this.consentTo(DEFAULT_USER_SCOPES);
  }

  /** A new consent of the seller (as the authorization-code flow ends): a refresh token and an access token with these scopes. */
  consentTo(scopes: string[]): { refresh: RefreshToken; access: AccessToken } {
    const refresh: RefreshToken = { token: token('r^1#p^3'), scopes: [...scopes], expiresAt: this.clock.now() + this.refreshTtl };
    this.refreshTokens.set(refresh.token, refresh);
    this.consent = refresh;
    return { refresh, access: this.issueAccess('USER', scopes) };
  }

  issueAccess(kind: AccessToken['kind'], scopes: string[]): AccessToken {
    const now = this.clock.now();
    const t: AccessToken = { token: token(kind === 'USER' ? 'r^0#p^3' : 'r^0#p^1'), kind, scopes: [...scopes], issuedAt: now, expiresAt: now + this.accessTtl };
    this.accessTokens.set(t.token, t);
    if (kind === 'USER') this.latestAccess = t;
    return t;
  }

  issueCode(scopes: string[]): AuthCode {
    const c: AuthCode = { code: `v^1.1#i^1#f^0#p^3#r^1#I^3#t^${crypto.randomBytes(24).toString('base64')}`, scopes: [...scopes], expiresAt: this.clock.now() + AUTH_CODE_TTL_MS, used: false };
    this.codes.set(c.code, c);
    return c;
  }

  /** The `expireTokens` fault: every access token issued so far has expired. */
  expireAccessTokens(): void {
    const now = this.clock.now();
    for (const t of this.accessTokens.values()) t.expiresAt = Math.min(t.expiresAt, now - 1);
  }

  newOfferId(): string {
    return String(5_000_000_000 + this.nextOffer++);
  }

  newListingId(): string {
    return String(110_554_000_000 + this.nextListing++);
  }

  /** A package without tracking information: "an arbitrary number such as 999" [O]. */
  newFulfillmentId(): string {
    return String(998 + this.nextFulfillment++);
  }
}
