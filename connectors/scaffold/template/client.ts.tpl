import { AuthFailedError, PermanentError } from '../sdk/errors';
import { basicAuthorization } from '../sdk/auth';
import type { HttpClient, HttpRequest } from '../sdk/http';
import type { AccessGrant } from '../sdk/types';

/**
 * Wire calls to the __Name__ REST API and nothing else: the shop header on every call, the
 * token call, and one function per endpoint. The access token itself is the engine's business
 * (the module's `auth` in index.ts says how to get and send it; the engine keeps it in memory,
 * renews it and saves a rotated refresh token): calls here never see it. Bodies are JSON; ids
 * are strings; money is `{amount: "19.90", currency: "USD"}`.
 */

type Raw = Record<string, unknown>;

/** The credentials JSON of a __KIND__ channel (the connector's `credentialFields`). */
export interface __Name__Credentials {
  shopId: string;
  clientId: string;
  clientSecret: string;
  refreshToken?: string;
  /** When the refresh token expires, as the seller's consent said (ISO time). */
  refreshTokenExpiresAt?: string;
  /** What __Name__ signs its push messages with. */
  notificationSecret?: string;
}

/** Reads and checks the stored credentials; AuthFailedError names what is missing (a person must fix it). */
export function readCredentials(raw: Record<string, string>): __Name__Credentials {
  const missing = ['shopId', 'clientId', 'clientSecret'].filter((f) => !raw[f]?.trim());
  if (missing.length) throw new AuthFailedError({ code: 'CREDENTIALS_MISSING', message: `__Name__ credentials lack ${missing.join(', ')}` });
  return {
    shopId: raw.shopId.trim(),
    clientId: raw.clientId.trim(),
    clientSecret: raw.clientSecret.trim(),
    refreshToken: raw.refreshToken?.trim() || undefined,
    refreshTokenExpiresAt: raw.refreshTokenExpiresAt?.trim() || undefined,
    notificationSecret: raw.notificationSecret?.trim() || undefined,
  };
}

/**
 * The refresh grant: `POST /oauth/token` with the app's client credentials as HTTP Basic and
 * `grant_type=refresh_token`, as eBay's and Amazon's token endpoints take it. __Name__ rotates
 * the refresh token (the answer carries the next, with its lifetime). `http` is the engine's
 * client without auth, on the shop's rate key.
 */
export async function requestToken(http: HttpClient, credentials: Record<string, string>): Promise<AccessGrant> {
  const c = readCredentials(credentials);
  if (!c.refreshToken) throw new AuthFailedError({ code: 'token_expired', message: 'There is no __Name__ refresh token: authorise the app again', operation: 'auth' });
  let res;
  try {
    res = await http.request<Raw>({
      method: 'POST',
      url: 'oauth/token',
      form: { grant_type: 'refresh_token', refresh_token: c.refreshToken },
      headers: { authorization: basicAuthorization(c.clientId, c.clientSecret) },
      operation: 'auth',
    });
  } catch (e) {
    // OAuth refuses a spent, expired or revoked grant with 400 invalid_grant: only new consent helps.
    if (e instanceof PermanentError) throw new AuthFailedError({ code: e.code, message: e.message, status: e.status, operation: 'auth' });
    throw e;
  }
  const d = res.data ?? {};
  if (typeof d.access_token !== 'string' || !d.access_token) throw new AuthFailedError({ code: 'REFRESH_FAILED', message: '__Name__ returned no access_token', operation: 'auth' });
  return {
    accessToken: d.access_token,
    expiresInSeconds: Number(d.expires_in),
    refreshToken: typeof d.refresh_token === 'string' && d.refresh_token ? { value: d.refresh_token, expiresInSeconds: Number(d.refresh_token_expires_in) || null } : null,
  };
}

export interface Money {
  amount: string;
  currency: string;
}

/** A listing as __Name__ takes it on create and update (and inside a group write). */
export interface ListingBody {
  sku: string;
  title: string;
  description: string | null;
  categoryId: string | null;
  price: Money;
  /** The sale price beside the price; null: none (a price write without it erases it). */
  salePrice: Money | null;
  quantity: number;
  images: string[];
  /** Attributes by name, as given: text, lists or objects. */
  attributes: Record<string, unknown>;
  /** The language of title and description (BCP 47). */
  locale: string | null;
  /** The SKU's option values in its group, axis by axis. */
  options: { name: string; value: string }[];
  status?: 'ACTIVE' | 'INACTIVE';
}

/** A variation group as `PUT /listing-groups/:key` takes it: the item's own fields and its SKUs' listings. */
export interface GroupBody {
  title: string;
  description: string | null;
  locale: string | null;
  images: string[];
  /** The option axes, each with its values. */
  options: { name: string; values: string[] }[];
  listings: ListingBody[];
}

/** A submission as __Name__ reports it: PROCESSING, or DONE with each SKU ACCEPTED (its listing id) or REJECTED (its errors). */
export interface SubmissionAnswer {
  id: string;
  status: 'PROCESSING' | 'DONE';
  skus: string[];
  results: { sku: string; status: 'ACCEPTED' | 'REJECTED'; listingId: string | null; errors: { code: string; message: string }[] }[];
}

/** One item of a batch answer. */
export type BatchResult = { listingId: string; ok: true } | { listingId: string; ok: false; error: { code: string; message: string } };

export interface OrdersPage {
  orders: Raw[];
  /** Where the next page starts; null on the last page. */
  nextCursor: string | null;
}

export interface ReturnsPage {
  returns: Raw[];
  /** Where the next page starts; null on the last page. */
  nextCursor: string | null;
}

/** Most ids one `GET /listings?ids=` and items one batch take. */
export const MAX_IDS = 50;

const path = (...parts: string[]) => parts.map(encodeURIComponent).join('/');

export class __Name__Client {
  /**
   * `settings` are the channel's (index.ts `settingsFields`): the location the shop's calls act
   * for goes on each of them, as marketplaces with several warehouses ask.
   */
  constructor(private readonly http: HttpClient, readonly credentials: __Name__Credentials, private readonly settings: Record<string, string> = {}) {}

  /** Sends one call for the shop; the engine's HTTP client adds the token (and renews it when __Name__ refuses it). */
  async call<T = Raw>(req: HttpRequest): Promise<T> {
    const headers: Record<string, string> = { ...req.headers, 'x-shop-id': this.credentials.shopId };
    if (this.settings.locationKey) headers['x-location-key'] = this.settings.locationKey;
    return (await this.http.request<T>({ ...req, headers })).data;
  }

  async shop(): Promise<Raw> {
    return ((await this.call<Raw>({ method: 'GET', url: 'shop', operation: 'auth' })).shop as Raw) ?? {};
  }

  async createListing(body: ListingBody): Promise<Raw> {
    return (await this.call<Raw>({ method: 'POST', url: 'listings', json: body, operation: 'listings' })).listing as Raw;
  }

  async listingBySku(sku: string): Promise<Raw | null> {
    const res = await this.call<Raw>({ method: 'GET', url: 'listings', query: { sku }, operation: 'listings' });
    return ((res.listings as Raw[] | undefined) ?? [])[0] ?? null;
  }

  /** The listings of up to MAX_IDS ids; unknown ids are left out. */
  async listings(ids: string[]): Promise<Raw[]> {
    const res = await this.call<Raw>({ method: 'GET', url: 'listings', query: { ids: ids.join(',') }, operation: 'listings' });
    return (res.listings as Raw[] | undefined) ?? [];
  }

  async updateListing(id: string, body: ListingBody): Promise<Raw> {
    return (await this.call<Raw>({ method: 'PUT', url: path('listings', id), json: body, operation: 'listings', idempotent: true })).listing as Raw;
  }

  async deactivateListing(id: string): Promise<Raw> {
    return (await this.call<Raw>({ method: 'POST', url: `${path('listings', id)}/deactivate`, operation: 'listings', idempotent: true })).listing as Raw;
  }

  /** Absolute quantities, so sending them again is harmless. */
  async updateInventory(items: { listingId: string; quantity: number }[]): Promise<BatchResult[]> {
    const res = await this.call<Raw>({ method: 'POST', url: 'inventory/batch', json: { items }, operation: 'stock', idempotent: true });
    return (res.results as BatchResult[] | undefined) ?? [];
  }

  /**
   * A variation group, written whole (the group and its listings by SKU), processed later: the
   * answer is a submission to poll. Keyed by the group, so sending it again is harmless.
   */
  async putListingGroup(key: string, body: GroupBody): Promise<SubmissionAnswer> {
    return (await this.call<Raw>({ method: 'PUT', url: path('listing-groups', key), json: body, operation: 'listings', idempotent: true })).submission as unknown as SubmissionAnswer;
  }

  async submission(id: string): Promise<SubmissionAnswer> {
    return (await this.call<Raw>({ method: 'GET', url: path('submissions', id), operation: 'listings' })).submission as unknown as SubmissionAnswer;
  }

  /** Prices with the sale price beside each (null: none; __Name__ erases one left out). */
  async updatePrices(items: { listingId: string; price: Money; salePrice: Money | null }[]): Promise<BatchResult[]> {
    const res = await this.call<Raw>({ method: 'POST', url: 'prices/batch', json: { items }, operation: 'price', idempotent: true });
    return (res.results as BatchResult[] | undefined) ?? [];
  }

  /** Orders changed after `updatedAfter`, oldest change first; or the page `cursor` points at. */
  async orders(args: { updatedAfter: string; cursor: string | null; limit: number }): Promise<OrdersPage> {
    const query: Record<string, string> = args.cursor ? { cursor: args.cursor, limit: String(args.limit) } : { updatedAfter: args.updatedAfter, limit: String(args.limit) };
    const res = await this.call<Raw>({ method: 'GET', url: 'orders', query, operation: 'orders' });
    return { orders: (res.orders as Raw[] | undefined) ?? [], nextCursor: typeof res.nextCursor === 'string' && res.nextCursor ? res.nextCursor : null };
  }

  /** Returns and refunds changed after `updatedAfter`, oldest change first; or the page `cursor` points at. */
  async returns(args: { updatedAfter: string; cursor: string | null; limit: number }): Promise<ReturnsPage> {
    const query: Record<string, string> = args.cursor ? { cursor: args.cursor, limit: String(args.limit) } : { updatedAfter: args.updatedAfter, limit: String(args.limit) };
    const res = await this.call<Raw>({ method: 'GET', url: 'returns', query, operation: 'returns' });
    return { returns: (res.returns as Raw[] | undefined) ?? [], nextCursor: typeof res.nextCursor === 'string' && res.nextCursor ? res.nextCursor : null };
  }

  async order(id: string): Promise<Raw> {
    return (await this.call<Raw>({ method: 'GET', url: path('orders', id), operation: 'orders' })).order as Raw;
  }

  /**
   * Records a shipment. The idempotency key makes a second send of the same parcel (after a
   * timeout) answer with the first one's result instead of shipping twice.
   */
  async createShipment(
    orderId: string,
    body: { carrier: string; service: string | null; trackingNumber: string; trackingUrl: string | null; shippedAt: string; lines?: { lineId: string; quantity: number }[]; lineIds?: string[] },
    parcelId?: string,
  ): Promise<Raw> {
    const res = await this.call<Raw>({
      method: 'POST',
      url: `${path('orders', orderId)}/shipments`,
      json: body,
      headers: { 'idempotency-key': `${orderId}:${parcelId ?? body.trackingNumber}` },
      operation: 'shipments',
      idempotent: true,
    });
    return res.shipment as Raw;
  }
}
