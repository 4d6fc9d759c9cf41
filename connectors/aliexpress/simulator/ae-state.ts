import crypto from 'node:crypto';

/**
 * What the simulated AliExpress holds for one seller of one app: the app's key and secret, the
 * seller's authorisation codes and tokens, its photo bank, products with their SKUs, orders (as
 * the `data` object of order.info.get, lists unwrapped, ids that do not fit a double as BigInt)
 * and the shipments recorded against them.
 */

export type Raw = Record<string, unknown>;

/** A pair of tokens, as an authorisation or a refresh hands them out. */
export interface SimTokens {
  accessToken: string;
  refreshToken: string;
  appKey: string;
  issuedAt: number;
  /** Epoch ms; a call carrying the access token after it is refused (IllegalAccessToken). */
  expiresAt: number;
  refreshExpiresAt: number;
  /** Set when the refresh token was spent: the pair it was exchanged for. */
  successor: SimTokens | null;
  spentAt: number | null;
  /** Whether a call has carried this access token or refresh token (see AeState.refresh). */
  used: boolean;
}

/** An authorisation code the seller's consent produced, exchanged once at /rest/auth/token/create. */
export interface AuthCode {
  code: string;
  expiresAt: number;
  used: boolean;
}

export interface SimSku {
  sku_code: string;
  /** Decimal string in the product's currency. */
  price: string;
  /** Null: no discount (a price update without one erases it). */
  discount_price: string | null;
  inventory: number;
  /** The SKU's other fields as sent (sku_attributes_list, ean_code…). */
  extra: Raw;
}

export type ProductStatus = 'onSelling' | 'offline';

export interface SimProduct {
  productId: bigint;
  status: ProductStatus;
  /** The main language (`language` of the post), fixed from then on. */
  language: string;
  /** The product's fields as last posted or edited (without sku_info_list, kept in `skus`). */
  fields: Raw;
  skus: SimSku[];
  created: number;
  modified: number;
}

export interface SimPhoto {
  url: string;
  fileName: string;
  groupId: string | null;
  bytes: number;
  at: number;
}

export interface SimShipment {
  orderId: string;
  sendType: 'all' | 'part';
  serviceName: string;
  logisticsNo: string;
  trackingWebsite: string | null;
  description: string | null;
  at: number;
}

/** A change of an order as the buyer, the seller or AliExpress makes one. */
export interface OrderChange {
  /** Order fields to set (`order_status` moves the order the way POST /__sim/orders/:id/status does); null removes one. */
  set?: Raw;
  /** Child order fields to set, by child order id. */
  children?: Record<string, Raw>;
}

/** A change waiting for its orders to be read by an order list (POST /__sim/order-changes with afterRead). */
export interface ArmedChange {
  ids: Set<string>;
  change: OrderChange;
}

export interface AeStateOptions {
  app: { key: string; secret: string };
  seller: { id: string; index: number };
  clock: { now(): number };
  /** The seller's listing currency; default USD. */
  currency: string;
  /** Access-token lifetime: 24 h for apps in test mode (aliexpress.md §7). */
  accessTokenTtlMs: number;
  /** Refresh-token lifetime [U: 30 days here]. */
  refreshTokenTtlMs: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;
export const DEFAULT_ACCESS_TTL_MS = DAY_MS;
export const DEFAULT_REFRESH_TTL_MS = 30 * DAY_MS;
/** Authorisation codes are short-lived [U: 30 minutes here]. */
export const AUTH_CODE_TTL_MS = 30 * 60 * 1000;
/**
 * A spent refresh token presented again within this time, while the pair it was exchanged for
 * has not been used yet, gets that same pair again [U]: the answer of the first refresh was
 * probably lost, and nothing else could recover the account. Once the new pair is used, the old
 * refresh token is refused (IllegalRefreshToken).
 */
export const REFRESH_REPLAY_MS = 60_000;

/**
 * Product ids start above 2^53 on purpose, as the Taobao simulator's num_iids do: AliExpress types
 * them as 64-bit Numbers, and a client that parses them into doubles must fail here.
 */
const FIRST_PRODUCT_ID = 9007199254741001n;

const hex = (bytes: number) => crypto.randomBytes(bytes).toString('hex');

export class AeState {
  readonly appKey: string;
  readonly appSecret: string;
  readonly sellerId: string;
  readonly userNick: string;
  readonly account: string;
  readonly currency: string;
  readonly clock: { now(): number };
  private readonly accessTtl: number;
  private readonly refreshTtl: number;

  tokens = new Map<string, SimTokens>();
  byRefresh = new Map<string, SimTokens>();
  /** The pair issued last: what GET /__sim/tokens shows (and GET /__sim/credentials, without the access token). */
  latest!: SimTokens;
  codes = new Map<string, AuthCode>();
  /** Calls to the token endpoints since the last reset, for tests of the engine's one-refresh-at-a-time. */
  counters = { tokenCreates: 0, refreshes: 0, refreshReplays: 0 };
  photos = new Map<string, SimPhoto>();
  products = new Map<string, SimProduct>();
  /** By order id (digits). */
  orders = new Map<string, Raw>();
  shipments: SimShipment[] = [];
  armed: ArmedChange[] = [];
  /** Method (or /rest path) → how many of its next successful calls are carried out and then left unanswered. */
  loseAnswers = new Map<string, number>();
  private nextProductId = FIRST_PRODUCT_ID;
  private nextShipOrderId = 1;

  constructor(options: AeStateOptions) {
    // The app and seller outlive resets (configured once); tokens and data do not.
    this.appKey = options.app.key;
    this.appSecret = options.app.secret;
    this.sellerId = options.seller.id;
    this.userNick = `us${options.seller.id.slice(-6)}ae${options.seller.index}`;
    this.account = `seller${options.seller.index}@example.com`;
    this.currency = options.currency;
    this.clock = options.clock;
    this.accessTtl = options.accessTokenTtlMs;
    this.refreshTtl = options.refreshTokenTtlMs;
    this.reset();
  }

  reset(): void {
    this.tokens.clear();
    this.byRefresh.clear();
    this.codes.clear();
    this.counters = { tokenCreates: 0, refreshes: 0, refreshReplays: 0 };
    this.photos.clear();
    this.products.clear();
    this.orders.clear();
    this.shipments = [];
    this.armed = [];
    this.loseAnswers.clear();
    this.nextProductId = FIRST_PRODUCT_ID;
    this.nextShipOrderId = 1;
    this.issueTokens();
  }

  /** A new pair, as the seller's authorisation gives one; given strings are used as the tokens (a test's known values). */
  issueTokens(given: { accessToken?: string; refreshToken?: string } = {}): SimTokens {
    const now = this.clock.now();
    // Shaped like IOP tokens: 50000 + seller-ish digits + random letters [U: the exact form varies].
    const pair: SimTokens = {
      accessToken: given.accessToken ?? `50000${this.sellerId.slice(-4)}${hex(16)}`,
      refreshToken: given.refreshToken ?? `50001${this.sellerId.slice(-4)}${hex(16)}`,
      appKey: this.appKey,
      issuedAt: now,
      expiresAt: now + this.accessTtl,
      refreshExpiresAt: now + this.refreshTtl,
      successor: null,
      spentAt: null,
      used: false,
    };
    this.tokens.set(pair.accessToken, pair);
    this.byRefresh.set(pair.refreshToken, pair);
    this.latest = pair;
    return pair;
  }

  issueCode(code?: string): AuthCode {
    const c: AuthCode = { code: code ?? `3_${this.appKey}_${hex(12)}`, expiresAt: this.clock.now() + AUTH_CODE_TTL_MS, used: false };
    this.codes.set(c.code, c);
    return c;
  }

  /**
   * Exchanges a refresh token for a new pair (rotation: the old refresh token is spent, its access
   * token lives on until it expires). Null when the refresh token is unknown, expired or spent
   * (outside the replay allowance of REFRESH_REPLAY_MS).
   */
  refresh(refreshToken: string): SimTokens | null {
    const now = this.clock.now();
    const pair = this.byRefresh.get(refreshToken);
    if (!pair || pair.refreshExpiresAt <= now) return null;
    if (pair.successor) {
      const replay = !pair.successor.used && pair.spentAt !== null && now - pair.spentAt <= REFRESH_REPLAY_MS;
      if (!replay) return null;
      this.counters.refreshReplays++;
      return pair.successor;
    }
    pair.used = true;
    const next = this.issueTokens();
    pair.successor = next;
    pair.spentAt = now;
    return next;
  }

  /** The `expireTokens` fault: every access token issued so far has expired. */
  expireAccessTokens(): void {
    const now = this.clock.now();
    for (const t of this.tokens.values()) t.expiresAt = Math.min(t.expiresAt, now - 1);
  }

  newProductId(): bigint {
    return this.nextProductId++;
  }

  newShipOrderId(): number {
    return 7000000000 + this.nextShipOrderId++;
  }
}
