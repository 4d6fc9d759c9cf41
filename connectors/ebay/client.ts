import crypto from 'node:crypto';
import { basicAuthorization } from '../sdk/auth';
import { AuthFailedError, PermanentError, RetryableError } from '../sdk/errors';
import { idString } from '../sdk/exact-json';
import type { HttpClient, HttpRequest, HttpResponse } from '../sdk/http';
import type { AccessGrant } from '../sdk/types';
import { ebayBody } from './errors';

/**
 * Wire calls to eBay's Sell APIs and nothing else (ebay.md §1-5, checked against the official
 * contracts in specs/ebay/: sell_inventory_v1_oas3.json v1.18.2, sell_fulfillment_v1_oas3.json
 * v1.19.2). One function per operation, named by the contract's operationId, which is also the
 * call name the rate limits go by. Paths are the contract's; bodies are JSON and every field name
 * sent or read is the contract's. The access token is put on by the module's `auth.apply`
 * (index.ts) on every attempt; calls here never see it. The engine obtains it with `requestToken`.
 */

type Raw = Record<string, unknown>;

export const INVENTORY_PATH = '/sell/inventory/v1';
export const FULFILLMENT_PATH = '/sell/fulfillment/v1';
/** The Media API (eBay Picture Services uploads): served at apim.ebay.com and, per its contract's servers, api.ebay.com [O]. */
export const MEDIA_PATH = '/commerce/media/v1_beta';
export const TOKEN_PATH = '/identity/v1/oauth2/token';

/** The scopes the refresh grant asks for: the two Sell APIs the connector calls (ebay.md §2 [O]). */
export const SELL_SCOPES = ['https://api.ebay.com/oauth/api_scope/sell.inventory', 'https://api.ebay.com/oauth/api_scope/sell.fulfillment'];

/** The credentials JSON of an EBAY channel (the module's `credentialFields`). */
export interface EbayCredentials {
  /** The app's client id (App ID), e.g. `MyApp-PRD-1a2b3c4d5-6e7f8a9b`. */
  clientId: string;
  clientSecret: string;
  /** The seller's refresh token from the consent (authorization_code grant); not rotated by eBay. */
  refreshToken?: string;
  /** When the refresh token expires (about 18 months after consent), as the consent said. */
  refreshTokenExpiresAt?: string;
  /** The seller's eBay user name, as staff read it; also what the call quota is counted by. */
  account?: string;
  /** The scopes to ask for on refresh, space-separated, when the consent granted others. */
  scopes?: string;
}

/** Reads and checks the stored credentials; AuthFailedError names what is missing (a person must fix it). */
export function readCredentials(raw: Record<string, string>): EbayCredentials {
  const missing = ['clientId', 'clientSecret'].filter((f) => !raw[f]?.trim());
  if (missing.length) throw new AuthFailedError({ code: 'CREDENTIALS_MISSING', message: `eBay credentials lack ${missing.join(', ')}` });
  const opt = (f: string) => raw[f]?.trim() || undefined;
  return {
    clientId: raw.clientId.trim(),
    clientSecret: raw.clientSecret.trim(),
    refreshToken: opt('refreshToken'),
    refreshTokenExpiresAt: opt('refreshTokenExpiresAt'),
    account: opt('account'),
    scopes: opt('scopes'),
  };
}

/** A short stand-in for a secret, for keys (the secret itself stays out of them). */
export function secretTag(secret: string): string {
  return crypto.createHash('sha256').update(secret).digest('base64url').slice(0, 16);
}

/**
 * The API root from a channel's base URL: `https://api.ebay.com` (or the sandbox's, or a
 * simulator's), also when staff pasted an API's own base path.
 */
export function ebayRoot(baseUrl: string): string {
  return baseUrl
    .trim()
    .replace(/\/+$/, '')
    .replace(/\/(sell\/(inventory|fulfillment)\/v1|identity\/v1\/oauth2\/token|identity\/v1\/oauth2)$/, '');
}

// --- Tokens (the engine calls this through the module's `auth.refresh`) ---------------------

/** How long an access token lives when the answer does not say (eBay's user tokens: about 2 hours, §2). */
const DEFAULT_TOKEN_SECONDS = 7200;

const num = (v: unknown): number | null => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() ? Number(v) : NaN;
  return Number.isFinite(n) && n > 0 ? n : null;
};
const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim() : null);

/**
 * The refresh grant (ebay.md §2): `POST /identity/v1/oauth2/token` with
 * `Authorization: Basic base64(client_id:client_secret)`, form `grant_type=refresh_token`,
 * `refresh_token` and `scope` (the Sell scopes, or the channel's own list). eBay does not rotate
 * the refresh token; one in the answer is handed on as a rotation all the same. An answer whose
 * `token_type` names an Application token is refused: it cannot call the seller's APIs.
 */
export async function requestToken(http: HttpClient, baseUrl: string, credentials: Record<string, string>): Promise<AccessGrant> {
  const c = readCredentials(credentials);
  if (!c.refreshToken) {
    throw new AuthFailedError({
      code: 'NO_REFRESH_TOKEN',
      message: "The eBay channel has no refresh token: the seller must authorise the app (a User token from the authorization_code grant); an Application token cannot call the Sell APIs",
      operation: 'auth',
    });
  }
  const res = await http.request<unknown>({
    method: 'POST',
    url: `${ebayRoot(baseUrl)}${TOKEN_PATH}`,
    form: { grant_type: 'refresh_token', refresh_token: c.refreshToken, scope: c.scopes ?? SELL_SCOPES.join(' ') },
    headers: { authorization: basicAuthorization(c.clientId, c.clientSecret) },
    operation: 'auth',
    idempotent: false,
  });
  const body = ebayBody(res.data);
  const accessToken = text(body?.access_token);
  if (!body || !accessToken) throw new AuthFailedError({ code: 'REFRESH_FAILED', message: 'eBay answered the refresh grant without an access_token', operation: 'auth' });
  if (/application/i.test(text(body.token_type) ?? '')) {
    throw new AuthFailedError({ code: 'APPLICATION_TOKEN', message: `eBay gave an Application token (${text(body.token_type)}), which cannot call the Sell APIs: the seller must authorise the app`, operation: 'auth' });
  }
  const refresh = text(body.refresh_token);
  return {
    accessToken,
    // The numbers are [U] (§2: 7200 s and 47304000 s as usually seen): whatever the answer says wins.
    expiresInSeconds: num(body.expires_in) ?? DEFAULT_TOKEN_SECONDS,
    refreshToken: refresh && refresh !== c.refreshToken ? { value: refresh, expiresInSeconds: num(body.refresh_token_expires_in) } : null,
  };
}

/** `Authorization: Bearer <token>` on every call but the token call's own (which carries Basic client credentials). */
export function withBearer(req: HttpRequest, accessToken: string): HttpRequest {
  if (req.url.includes(TOKEN_PATH)) return req;
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers ?? {})) if (k.toLowerCase() !== 'authorization') headers[k] = v;
  return { ...req, headers: { ...headers, authorization: `Bearer ${accessToken}` } };
}

// --- The getOrders filter -----------------------------------------------------------------------

/**
 * A getOrders `filter` value as the query carries it: `[`, `]`, `{`, `}` and `|` (and anything
 * else outside the URL's plain characters) percent-encoded, as the contract asks (§5); the `:`
 * and `,` that separate the criteria stay as they are, as in eBay's own examples
 * (`lastmodifieddate:%5B2016-05-15T08:25:43.511Z..%5D`).
 */
export function encodeFilter(filter: string): string {
  return encodeURIComponent(filter).replace(/%3A/gi, ':').replace(/%2C/gi, ',');
}

/**
 * The `lastmodifieddate` criterion for a window, both ends inclusive (the contract's words) and
 * in milliseconds, as eBay stamps `lastModifiedDate`.
 */
export function lastModifiedFilter(start: Date, end: Date | null): string {
  return `lastmodifieddate:[${start.toISOString()}..${end ? end.toISOString() : ''}]`;
}

/** A query string from already-encoded parts, in order. */
function queryString(parts: [string, string | number][]): string {
  return parts.map(([k, v]) => `${k}=${typeof v === 'number' ? String(v) : v}`).join('&');
}

/** The `offset` and `limit` of a `next` (or `prev`) link; its host is never called (it may not be ours). */
export function pageOf(link: unknown): { offset: number; limit: number | null } | null {
  const href = text(link);
  if (!href) return null;
  try {
    const u = new URL(href, 'https://api.ebay.com');
    const rawOffset = u.searchParams.get('offset');
    if (rawOffset === null || !/^\d+$/.test(rawOffset)) return null;
    const offset = Number(rawOffset);
    const limit = Number(u.searchParams.get('limit') ?? '');
    if (!Number.isInteger(offset) || offset < 0) return null;
    return { offset, limit: Number.isInteger(limit) && limit > 0 ? limit : null };
  } catch {
    return null;
  }
}

// --- Answers -----------------------------------------------------------------------------------

export interface OrdersPage {
  orders: unknown[];
  total: number | null;
  offset: number | null;
  limit: number | null;
  /** The offset of the next page when the answer links one. */
  next: number | null;
  warnings: unknown[];
}

/** A bulk answer: its HTTP status (200 or 207) and its per-item `responses`. */
export interface BulkAnswer {
  status: number;
  responses: Raw[];
}

const list = (v: unknown): Raw[] => (Array.isArray(v) ? v.filter((x): x is Raw => !!x && typeof x === 'object' && !Array.isArray(x)) : []);
const int = (v: unknown): number | null => (typeof v === 'number' && Number.isInteger(v) ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : null);

/** True for the 404 of a resource that does not exist (getInventoryItem, getOffers, getOrder). */
function notFound(e: unknown): boolean {
  return e instanceof PermanentError && e.status === 404;
}

/** The id at the end of a `Location` header (`…/shipping_fulfillment/{fulfillmentId}`). */
export function locationId(location: string | undefined): string | null {
  const m = /\/([^/?#]+)\/?(?:[?#].*)?$/.exec((location ?? '').trim());
  return m ? decodeURIComponent(m[1]) : null;
}

export class EbayClient {
  readonly root: string;

  constructor(
    private readonly http: HttpClient,
    baseUrl: string,
  ) {
    this.root = ebayRoot(baseUrl);
  }

  private inventory(path: string): string {
    return `${this.root}${INVENTORY_PATH}${path}`;
  }

  private fulfillment(path: string): string {
    return `${this.root}${FULFILLMENT_PATH}${path}`;
  }

  private send<T = unknown>(req: HttpRequest): Promise<HttpResponse<T>> {
    return this.http.request<T>(req);
  }

  // Pictures (Media API) ---------------------------------------------------------------------------

  /**
   * createImageFromFile: `POST /commerce/media/v1_beta/image/create_image_from_file`, the picture
   * as the multipart/form-data file `image`; 201 with `{imageUrl, expirationDate}` and the getImage
   * URI in `Location` [O]. An answer without `imageUrl` is read back with getImage.
   */
  async createImageFromFile(fileName: string, bytes: Buffer, contentType: string): Promise<{ imageUrl: string; expirationDate: string | null }> {
    const res = await this.send({
      method: 'POST',
      url: `${this.root}${MEDIA_PATH}/image/create_image_from_file`,
      multipart: [{ name: 'image', fileName, contentType, value: bytes }],
      operation: 'createImageFromFile',
      idempotent: false,
    });
    const body = ebayBody(res.data);
    const imageUrl = text(body?.imageUrl);
    if (imageUrl) return { imageUrl, expirationDate: text(body?.expirationDate) };
    const id = locationId(res.headers.location);
    const image = id ? await this.getImage(id) : null;
    if (!image) throw new RetryableError({ code: 'BAD_RESPONSE', message: `eBay answered createImageFromFile for ${fileName} without an imageUrl or a Location to read it from`, status: res.status, operation: 'createImageFromFile' });
    return image;
  }

  /** getImage: `GET /commerce/media/v1_beta/image/{image_id}` → `{imageUrl, expirationDate}`; null when eBay has none. */
  async getImage(imageId: string): Promise<{ imageUrl: string; expirationDate: string | null } | null> {
    const res = await this.send({ method: 'GET', url: `${this.root}${MEDIA_PATH}/image/${encodeURIComponent(imageId)}`, operation: 'getImage' });
    const body = ebayBody(res.data);
    const imageUrl = text(body?.imageUrl);
    return imageUrl ? { imageUrl, expirationDate: text(body?.expirationDate) } : null;
  }

  // Inventory items ----------------------------------------------------------------------------

  /**
   * createOrReplaceInventoryItem: `PUT /inventory_item/{sku}` with the whole item (a full
   * replace: what is left out is cleared) and the item's language as `Content-Language`
   * (required). 200, 201 or 204; a BaseResponse body only when there are warnings.
   */
  async putInventoryItem(sku: string, item: Raw, contentLanguage: string): Promise<{ status: number; warnings: unknown[] }> {
    const res = await this.send({
      method: 'PUT',
      url: this.inventory(`/inventory_item/${encodeURIComponent(sku)}`),
      json: item,
      headers: { 'content-language': contentLanguage },
      operation: 'createOrReplaceInventoryItem',
      idempotent: true,
    });
    return { status: res.status, warnings: list(ebayBody(res.data)?.warnings) };
  }

  /** getInventoryItem: `GET /inventory_item/{sku}`; null when eBay has none (404). */
  async getInventoryItem(sku: string): Promise<Raw | null> {
    try {
      const res = await this.send({ method: 'GET', url: this.inventory(`/inventory_item/${encodeURIComponent(sku)}`), operation: 'getInventoryItem' });
      return ebayBody(res.data);
    } catch (e) {
      if (notFound(e)) return null;
      throw e;
    }
  }

  /** getInventoryItems: `GET /inventory_item?limit=&offset=` (the connection check reads one). */
  async getInventoryItems(limit: number, offset = 0): Promise<Raw | null> {
    try {
      const res = await this.send({ method: 'GET', url: `${this.inventory('/inventory_item')}?${queryString([['limit', limit], ['offset', offset]])}`, operation: 'getInventoryItems' });
      return ebayBody(res.data);
    } catch (e) {
      // A seller without inventory items yet may be answered 404 [O lists it].
      if (notFound(e)) return null;
      throw e;
    }
  }

  // Offers -------------------------------------------------------------------------------------

  /**
   * getOffers: `GET /offer?sku=` — every offer of the SKU, on every site and in every format
   * (`marketplace_id` is left out: one call answers for all the channel's sites). Further pages
   * follow the answer's `next` link's `offset` and `limit` (the contract calls getOffers' offset a
   * page number, unlike getOrders'), never its host. 404 (no offer, or no such SKU) is an empty list.
   */
  async getOffers(sku: string): Promise<Raw[]> {
    const out: Raw[] = [];
    let page: { offset: number; limit: number | null } | null = null;
    for (let pages = 0; pages < 20; pages++) {
      const parts: [string, string | number][] = [['sku', encodeURIComponent(sku)]];
      if (page) parts.push(...(page.limit ? [['limit', page.limit] as [string, number]] : []), ['offset', page.offset]);
      let body: Raw | null;
      try {
        const res = await this.send({ method: 'GET', url: `${this.inventory('/offer')}?${queryString(parts)}`, operation: 'getOffers' });
        body = ebayBody(res.data);
      } catch (e) {
        if (notFound(e)) return out;
        throw e;
      }
      const offers = list(body?.offers);
      out.push(...offers);
      const next = pageOf(body?.next);
      if (!next || !offers.length || (page && next.offset <= page.offset)) return out;
      page = next;
    }
    return out;
  }

  /** createOffer: `POST /offer` (EbayOfferDetailsWithKeys) with the site's `Content-Language`; 201 `{offerId}`. */
  async createOffer(offer: Raw, contentLanguage: string): Promise<string> {
    const res = await this.send({ method: 'POST', url: this.inventory('/offer'), json: offer, headers: { 'content-language': contentLanguage }, operation: 'createOffer', idempotent: false });
    const offerId = idString(ebayBody(res.data)?.offerId);
    if (!offerId) throw new RetryableError({ code: 'BAD_RESPONSE', message: 'eBay answered createOffer without an offerId', status: res.status, operation: 'createOffer' });
    return offerId;
  }

  /** updateOffer: `PUT /offer/{offerId}` (EbayOfferDetailsWithId: a full replace) with the site's `Content-Language`. */
  async updateOffer(offerId: string, offer: Raw, contentLanguage: string): Promise<void> {
    await this.send({ method: 'PUT', url: this.inventory(`/offer/${encodeURIComponent(offerId)}`), json: offer, headers: { 'content-language': contentLanguage }, operation: 'updateOffer', idempotent: true });
  }

  /** publishOffer: `POST /offer/{offerId}/publish` (no body); 200 `{listingId}`. */
  async publishOffer(offerId: string): Promise<string | null> {
    const res = await this.send({ method: 'POST', url: this.inventory(`/offer/${encodeURIComponent(offerId)}/publish`), operation: 'publishOffer', idempotent: false });
    return idString(ebayBody(res.data)?.listingId);
  }

  /** withdrawOffer: `POST /offer/{offerId}/withdraw` (no body): ends the listing, keeps the offer. */
  async withdrawOffer(offerId: string): Promise<void> {
    await this.send({ method: 'POST', url: this.inventory(`/offer/${encodeURIComponent(offerId)}/withdraw`), operation: 'withdrawOffer', idempotent: false });
  }

  // Inventory item groups ------------------------------------------------------------------------

  /** createOrReplaceInventoryItemGroup: `PUT /inventory_item_group/{key}` (a full replace) with `Content-Language`. */
  async putGroup(key: string, group: Raw, contentLanguage: string): Promise<void> {
    await this.send({
      method: 'PUT',
      url: this.inventory(`/inventory_item_group/${encodeURIComponent(key)}`),
      json: group,
      headers: { 'content-language': contentLanguage },
      operation: 'createOrReplaceInventoryItemGroup',
      idempotent: true,
    });
  }

  /** getInventoryItemGroup: `GET /inventory_item_group/{key}`; null when eBay has none. */
  async getGroup(key: string): Promise<Raw | null> {
    try {
      const res = await this.send({ method: 'GET', url: this.inventory(`/inventory_item_group/${encodeURIComponent(key)}`), operation: 'getInventoryItemGroup' });
      return ebayBody(res.data);
    } catch (e) {
      if (notFound(e)) return null;
      throw e;
    }
  }

  /** publishOfferByInventoryItemGroup: `POST /offer/publish_by_inventory_item_group`; 200 `{listingId}`. */
  async publishGroup(key: string, marketplaceId: string): Promise<string | null> {
    const res = await this.send({
      method: 'POST',
      url: this.inventory('/offer/publish_by_inventory_item_group'),
      json: { inventoryItemGroupKey: key, marketplaceId },
      operation: 'publishOfferByInventoryItemGroup',
      idempotent: false,
    });
    return idString(ebayBody(res.data)?.listingId);
  }

  /** withdrawOfferByInventoryItemGroup: `POST /offer/withdraw_by_inventory_item_group`; 204. */
  async withdrawGroup(key: string, marketplaceId: string): Promise<void> {
    await this.send({
      method: 'POST',
      url: this.inventory('/offer/withdraw_by_inventory_item_group'),
      json: { inventoryItemGroupKey: key, marketplaceId },
      operation: 'withdrawOfferByInventoryItemGroup',
      idempotent: false,
    });
  }

  /**
   * bulkUpdatePriceQuantity: `POST /bulk_update_price_quantity` `{requests: [...]}`; 200 or 207
   * with one `responses[]` entry per SKU or offer, each with its own `statusCode` and `errors`.
   * Absolute values: safe to send again.
   */
  async bulkUpdatePriceQuantity(requests: Raw[]): Promise<BulkAnswer> {
    const res = await this.send({ method: 'POST', url: this.inventory('/bulk_update_price_quantity'), json: { requests }, operation: 'bulkUpdatePriceQuantity', idempotent: true });
    return { status: res.status, responses: list(ebayBody(res.data)?.responses) };
  }

  // Orders ---------------------------------------------------------------------------------------

  /**
   * getOrders: `GET /order?filter=…&limit=…&offset=…` with the filter percent-encoded by hand
   * (axios would leave `[` and `]` bare). The page's `next` link is read for its offset only.
   */
  async getOrders(query: { filter: string; limit: number; offset: number }): Promise<OrdersPage> {
    const qs = queryString([['filter', encodeFilter(query.filter)], ['limit', query.limit], ['offset', query.offset]]);
    const res = await this.send({ method: 'GET', url: `${this.fulfillment('/order')}?${qs}`, operation: 'getOrders' });
    const body = ebayBody(res.data) ?? {};
    return {
      orders: Array.isArray(body.orders) ? body.orders : [],
      total: int(body.total),
      offset: int(body.offset),
      limit: int(body.limit),
      next: pageOf(body.next)?.offset ?? null,
      warnings: Array.isArray(body.warnings) ? body.warnings : [],
    };
  }

  /** getOrders `?limit=1` without a filter: the cheapest call that proves the token reads orders. */
  async probeOrders(): Promise<void> {
    await this.send({ method: 'GET', url: `${this.fulfillment('/order')}?${queryString([['limit', 1]])}`, operation: 'getOrders' });
  }

  /** getOrder: `GET /order/{orderId}` (its `cancelRequests` are filled, unlike getOrders'); null when eBay has none. */
  async getOrder(orderId: string): Promise<Raw | null> {
    try {
      const res = await this.send({ method: 'GET', url: this.fulfillment(`/order/${encodeURIComponent(orderId)}`), operation: 'getOrder' });
      return ebayBody(res.data);
    } catch (e) {
      if (notFound(e)) return null;
      throw e;
    }
  }

  /** getShippingFulfillments: `GET /order/{orderId}/shipping_fulfillment` → `fulfillments[]`. */
  async getShippingFulfillments(orderId: string): Promise<Raw[]> {
    const res = await this.send({ method: 'GET', url: this.fulfillment(`/order/${encodeURIComponent(orderId)}/shipping_fulfillment`), operation: 'getShippingFulfillments' });
    return list(ebayBody(res.data)?.fulfillments);
  }

  /**
   * createShippingFulfillment: `POST /order/{orderId}/shipping_fulfillment` (one package): 201
   * with an empty body and `Location: …/shipping_fulfillment/{fulfillmentId}`. Not sent again by
   * the HTTP helper after a 5xx: the caller looks at the order's fulfillments first.
   */
  async createShippingFulfillment(orderId: string, details: Raw): Promise<string | null> {
    const res = await this.send({
      method: 'POST',
      url: this.fulfillment(`/order/${encodeURIComponent(orderId)}/shipping_fulfillment`),
      json: details,
      operation: 'createShippingFulfillment',
      idempotent: false,
    });
    return locationId(res.headers.location) ?? idString(ebayBody(res.data)?.fulfillmentId);
  }
}
