import { AuthFailedError } from '../sdk/errors';
import type { HttpAuth, HttpClient, HttpRequest } from '../sdk/http';
import { REFRESHABLE } from './errors';

/**
 * Wire calls to the __Name__ REST API and nothing else: the bearer token and shop header on
 * every call, the token refresh, and one function per endpoint. Bodies are JSON; ids are
 * strings; money is `{amount: "19.90", currency: "USD"}`.
 */

type Raw = Record<string, unknown>;

/** The credentials JSON of a __KIND__ channel (the connector's `credentialFields`). */
export interface __Name__Credentials {
  shopId: string;
  apiKey: string;
  accessToken: string;
  refreshToken?: string;
}

/** Reads and checks the stored credentials; AuthFailedError names what is missing (a person must fix it). */
export function readCredentials(raw: Record<string, string>): __Name__Credentials {
  const missing = ['shopId', 'apiKey', 'accessToken'].filter((f) => !raw[f]?.trim());
  if (missing.length) throw new AuthFailedError({ code: 'CREDENTIALS_MISSING', message: `__Name__ credentials lack ${missing.join(', ')}` });
  return { shopId: raw.shopId.trim(), apiKey: raw.apiKey.trim(), accessToken: raw.accessToken.trim(), refreshToken: raw.refreshToken?.trim() || undefined };
}

/** The stored form of credentials, for ctx.saveCredentials (fields we do not know are kept). */
export function credentialsRecord(c: __Name__Credentials, base: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = { ...base, shopId: c.shopId, apiKey: c.apiKey, accessToken: c.accessToken };
  if (c.refreshToken) out.refreshToken = c.refreshToken;
  else delete out.refreshToken;
  return out;
}

/**
 * Refreshes in this process, by the access token they replace. Every connector of the account
 * still holding the old token adopts the new one instead of spending the refresh token again
 * (__Name__ rotates it: a second use is refused), and callers arriving meanwhile share the call.
 */
const refreshes = new Map<string, Promise<__Name__Credentials>>();
const REMEMBER_REFRESH_MS = 60 * 60 * 1000;

export interface SessionOptions {
  credentials: Record<string, string>;
  saveCredentials(credentials: Record<string, string>): Promise<void>;
}

/** The account's tokens: adds them to every request and renews them when __Name__ says they expired. */
export class __Name__Session implements HttpAuth {
  credentials: __Name__Credentials;
  private readonly stored: Record<string, string>;

  constructor(private readonly options: SessionOptions, private readonly http: HttpClient) {
    this.stored = options.credentials;
    this.credentials = readCredentials(options.credentials);
  }

  apply(req: HttpRequest): HttpRequest {
    return { ...req, headers: { ...req.headers, authorization: `Bearer ${this.credentials.accessToken}`, 'x-shop-id': this.credentials.shopId } };
  }

  /** New tokens for the refresh token; AuthFailedError when there is none or __Name__ refuses it. */
  async refresh(): Promise<void> {
    const old = this.credentials;
    const key = `${old.shopId}\u0000${old.accessToken}`;
    let pending = refreshes.get(key);
    if (!pending) {
      pending = this.exchange(old);
      refreshes.set(key, pending);
      // A failed refresh may be tried again later (say, after staff fix the token); a success is remembered a while.
      pending.catch(() => refreshes.delete(key));
      setTimeout(() => refreshes.delete(key), REMEMBER_REFRESH_MS).unref();
    }
    this.credentials = await pending;
  }

  private async exchange(old: __Name__Credentials): Promise<__Name__Credentials> {
    if (!old.refreshToken) throw new AuthFailedError({ code: 'token_expired', message: 'The __Name__ access token has expired and there is no refresh token: authorise the app again', operation: 'auth' });
    const res = await this.http.request<Raw>({
      method: 'POST',
      url: 'auth/token/refresh',
      json: { refreshToken: old.refreshToken },
      headers: { 'x-api-key': old.apiKey, 'x-shop-id': old.shopId },
      operation: 'auth',
      idempotent: false,
    });
    const accessToken = typeof res.data?.accessToken === 'string' ? res.data.accessToken : null;
    if (!accessToken) throw new AuthFailedError({ code: 'REFRESH_FAILED', message: '__Name__ returned no accessToken', operation: 'auth' });
    const next = { ...old, accessToken, refreshToken: typeof res.data.refreshToken === 'string' ? res.data.refreshToken : old.refreshToken };
    await this.options.saveCredentials(credentialsRecord(next, this.stored));
    return next;
  }
}

export interface Money {
  amount: string;
  currency: string;
}

/** A listing as __Name__ takes it on create and update. */
export interface ListingBody {
  sku: string;
  title: string;
  description: string | null;
  categoryId: string | null;
  price: Money;
  quantity: number;
  images: string[];
  status?: 'ACTIVE' | 'INACTIVE';
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
  readonly session: __Name__Session;

  constructor(private readonly http: HttpClient, session: SessionOptions) {
    this.session = new __Name__Session(session, http);
  }

  /**
   * Sends one call with the account's token. On an expired token, with a refresh token, it
   * refreshes once and sends the call again.
   */
  async call<T = Raw>(req: HttpRequest): Promise<T> {
    const send = async () => (await this.http.request<T>(this.session.apply(req))).data;
    try {
      return await send();
    } catch (e) {
      if (!(e instanceof AuthFailedError) || !REFRESHABLE.has(e.code) || !this.session.credentials.refreshToken) throw e;
      await this.session.refresh();
      return send();
    }
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

  async updatePrices(items: { listingId: string; price: Money }[]): Promise<BatchResult[]> {
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
  async createShipment(orderId: string, body: { carrier: string; trackingNumber: string; shippedAt: string; lineIds?: string[] }): Promise<Raw> {
    const res = await this.call<Raw>({
      method: 'POST',
      url: `${path('orders', orderId)}/shipments`,
      json: body,
      headers: { 'idempotency-key': `${orderId}:${body.trackingNumber}` },
      operation: 'shipments',
      idempotent: true,
    });
    return res.shipment as Raw;
  }
}
