import crypto from 'node:crypto';

/**
 * What the simulated TOP holds in memory: one app, one seller and their sessions, the seller's
 * items with SKUs, trades, refunds and the shipments recorded against trades. Ids TOP types as
 * 64-bit Numbers are BigInts here and leave as bare JSON numbers.
 */

export type Raw = Record<string, unknown>;

export interface SimSku {
  skuId: bigint;
  /** `pid:vid;pid:vid`, the SKU's identity inside the item. */
  properties: string;
  propertiesName: string;
  quantity: number;
  /** Yuan, 2 decimals. */
  price: string;
  outerId: string | null;
  status: 'normal' | 'delete';
  created: Date;
  modified: Date;
}

export interface SimItem {
  numIid: bigint;
  title: string;
  desc: string;
  cid: bigint;
  outerId: string | null;
  /** For an item with SKUs, always the sum of their quantities. */
  num: number;
  price: string;
  approveStatus: 'onsale' | 'instock';
  type: string;
  stuffStatus: string;
  location: { state: string; city: string };
  picUrl: string | null;
  barcode: string | null;
  created: Date;
  modified: Date;
  listTime: Date | null;
  delistTime: Date | null;
  skus: SimSku[];
}

export interface SimSession {
  accessToken: string;
  refreshToken: string;
  appKey: string;
  /** Epoch ms; a session past it answers 27. */
  expiresAt: number;
  refreshExpiresAt: number;
  /** Set once the refresh token was spent: TOP hands out a new one with each refresh [U]. */
  refreshUsed: boolean;
}

export interface SimShipment {
  tid: bigint;
  outSid: string;
  companyCode: string;
  /** The sub-orders of a split shipment; null when the whole trade was sent. */
  subTids: bigint[] | null;
  at: Date;
  /** Which send: offline.send (own carrier) or online.send (COD, logistics ordered online). */
  method: 'offline' | 'online';
}

/** A change waiting for its trades to be read (`POST /__sim/trade-changes` with `afterRead`). */
export interface ArmedChange {
  /** Trades still to change: each changes once, right after a trade list answer carried it. */
  tids: Set<string>;
  change: import('./trade-records').TradeChange;
}

export interface SellerProfile {
  userId: bigint;
  nick: string;
  /** B = Tmall (商城), C = Taobao (集市). */
  type: 'B' | 'C';
}

export interface TopStateOptions {
  shopType?: 'B' | 'C';
  /** The app and seller from the simulator kit (`kit.account`): several sellers, of one app or several, in one simulator. */
  account?: { app: { key: string; secret: string }; seller: { index: number } };
  /** The simulator's clock (`kit.clock`, moved by `POST /__sim/clock`); default real time. */
  clock?: { now(): number };
  /** Access-token lifetime [U: TOP's varies by app type; a day here]. */
  accessTokenTtlMs?: number;
  /** Refresh-token lifetime [U: 30 days here]. */
  refreshTokenTtlMs?: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Above 2^53 on purpose: today's num_iids have 12 digits, but TOP types them (and sku_id) as
 * 64-bit Numbers, and a client that parses them into doubles must fail here, not in production.
 */
const FIRST_NUM_IID = 9107199254740993n;
const FIRST_SKU_ID = 9207199254740993n;

const hex = (bytes: number) => crypto.randomBytes(bytes).toString('hex');

export class TopState {
  readonly appKey: string;
  readonly appSecret: string;
  readonly seller: SellerProfile;
  sessions = new Map<string, SimSession>();
  /** The most recently issued session: what `GET /__sim/credentials` hands out. */
  latest!: SimSession;
  items = new Map<string, SimItem>();
  /** By tid; the trade objects as `trade.fullinfo.get` returns them, ids as BigInt. */
  trades = new Map<string, Raw>();
  /** By refund_id. */
  refunds = new Map<string, Raw>();
  shipments: SimShipment[] = [];
  /** Changes armed to strike while a client pages through the trades. */
  armed: ArmedChange[] = [];
  /**
   * Trades whose logistics order was placed online (在线下单, by staff in the back office):
   * offline.send refuses them, online.send takes them [M: offline.send "不支持货到付款、在线下单类型的订单"].
   */
  onlineOrdered = new Set<string>();
  /** Method → how many of its next successful calls are carried out and then left unanswered. */
  loseAnswers = new Map<string, number>();
  private nextNumIid = FIRST_NUM_IID;
  private nextSkuId = FIRST_SKU_ID;
  private readonly accessTtl: number;
  private readonly refreshTtl: number;
  readonly clock: { now(): number };

  constructor(options: TopStateOptions = {}) {
    // The app outlives resets (a developer configures it once); sessions do not.
    this.appKey = options.account?.app.key ?? String(crypto.randomInt(20000000, 40000000));
    this.appSecret = options.account?.app.secret ?? hex(16);
    this.clock = options.clock ?? { now: Date.now };
    const type = options.shopType ?? 'C';
    // The first seller keeps the documented user id; sellers added later count up from it.
    this.seller = { userId: 2206512345677n + BigInt(options.account?.seller.index ?? 1), nick: type === 'B' ? '好物天猫旗舰店' : '杭州好物旗舰店', type };
    this.accessTtl = options.accessTokenTtlMs ?? DAY_MS;
    this.refreshTtl = options.refreshTokenTtlMs ?? 30 * DAY_MS;
    this.reset();
  }

  /** The initial state: no items, trades, refunds or shipments; one fresh session. */
  reset(): void {
    this.sessions.clear();
    this.items.clear();
    this.trades.clear();
    this.refunds.clear();
    this.shipments = [];
    this.armed = [];
    this.onlineOrdered.clear();
    this.loseAnswers.clear();
    this.nextNumIid = FIRST_NUM_IID;
    this.nextSkuId = FIRST_SKU_ID;
    this.issueSession();
  }

  /** A new access token and refresh token for the seller, like an authorisation or a refresh. */
  issueSession(): SimSession {
    const now = this.clock.now();
    // Shaped like TOP session keys: 6100/6102 and hex, the user id at the end.
    const session: SimSession = {
      accessToken: `6100${hex(20)}${this.seller.userId}`,
      refreshToken: `6102${hex(20)}${this.seller.userId}`,
      appKey: this.appKey,
      expiresAt: now + this.accessTtl,
      refreshExpiresAt: now + this.refreshTtl,
      refreshUsed: false,
    };
    this.sessions.set(session.accessToken, session);
    this.latest = session;
    return session;
  }

  sessionByRefreshToken(token: string): SimSession | undefined {
    for (const s of this.sessions.values()) if (s.refreshToken === token) return s;
    return undefined;
  }

  /** The `expireTokens` fault: every access token issued so far has expired. */
  expireAccessTokens(): void {
    const now = this.clock.now();
    for (const s of this.sessions.values()) s.expiresAt = Math.min(s.expiresAt, now - 1);
  }

  newNumIid(): bigint {
    return this.nextNumIid++;
  }

  newSkuId(): bigint {
    return this.nextSkuId++;
  }
}
