import { RetryableError } from '../sdk/errors';
import { idString } from '../sdk/exact-json';
import type { HttpClient, HttpRequest, HttpResponse } from '../sdk/http';
import { amazonBody, isNotFound } from './errors';

/**
 * Wire calls to SP-API and nothing else, one function per operation, named by the model's
 * operationId (which is also the call name its usage plan goes by). Paths, parameters and field
 * names are the official models' (amazon.md; specs/amazon/): orders_2026-01-01.json for every
 * order read (searchOrders, getOrder; never the deprecated v0 reads), ordersV0.json for
 * confirmShipment only, listingsItems_2021-08-01.json, feeds_2021-06-30.json, and the FBA
 * Inventory v1 model (fbaInventory.json, amzn/selling-partner-api-models). Array query
 * parameters are Swagger 2.0's default `csv` (comma-separated), as the models declare them.
 * The access token is put on by the module's `auth.apply` (lwa.ts) on every attempt.
 */

type Raw = Record<string, unknown>;

export const ORDERS_PATH = '/orders/2026-01-01/orders';
export const ORDERS_V0_PATH = '/orders/v0/orders';
export const LISTINGS_PATH = '/listings/2021-08-01/items';
export const FEEDS_PATH = '/feeds/2021-06-30';
export const FBA_INVENTORY_PATH = '/fba/inventory/v1/summaries';

/** SP-API asks every caller to name itself [O: the official SDKs send `user-agent`]. */
const USER_AGENT = 'omni-commerce-connector/1.0 (Language=TypeScript)';

/** The order data sets a pull asks for (§4a): who bought, where it goes, the money, cancellations, shipping state and parcels. */
export const ORDER_DATA = ['BUYER', 'RECIPIENT', 'PROCEEDS', 'CANCELLATION', 'FULFILLMENT', 'PACKAGES'] as const;
/** The order data sets that are personal data: a seller without the role gets orders without them. */
export const PII_DATA = new Set(['BUYER', 'RECIPIENT']);

/** The listing data sets the connector reads back. */
export const LISTING_DATA = ['summaries', 'attributes', 'issues', 'offers', 'fulfillmentAvailability'] as const;

/** `application/json; charset=UTF-8`: the feed document's content type, the same on createFeedDocument and the upload (S3 signs it). */
export const FEED_CONTENT_TYPE = 'application/json; charset=UTF-8';

const list = (v: unknown): Raw[] => (Array.isArray(v) ? v.filter((x): x is Raw => !!x && typeof x === 'object' && !Array.isArray(x)) : []);
const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim() : null);

/** A page of searchOrders: its orders as Amazon wrote them, the next page's token, and the cut-off Amazon applied. */
export interface SearchOrdersPage {
  orders: unknown[];
  nextToken: string | null;
  /** The `lastUpdatedBefore` (or `createdBefore`) the answer states: orders changed after it are not in this search. */
  lastUpdatedBefore: string | null;
}

/** A listings submission's answer (ListingsItemSubmissionResponse). */
export interface SubmissionAnswer {
  sku: string | null;
  status: string | null;
  submissionId: string | null;
  issues: Raw[];
  raw: Raw | null;
}

export interface SearchOrdersQuery {
  lastUpdatedAfter: string;
  marketplaceIds: string[];
  includedData: readonly string[];
  maxResultsPerPage: number;
  paginationToken?: string | null;
}

export class AmazonClient {
  constructor(
    private readonly http: HttpClient,
    /** The API root (marketplaces.ts `apiRoot`): the region's host, or a simulator. */
    readonly root: string,
  ) {}

  private send<T = unknown>(req: HttpRequest): Promise<HttpResponse<T>> {
    return this.http.request<T>({ ...req, headers: { 'user-agent': USER_AGENT, ...(req.headers ?? {}) } });
  }

  private url(path: string): string {
    return `${this.root}${path}`;
  }

  // Orders API v2026-01-01 -------------------------------------------------------------------

  /**
   * searchOrders: `GET /orders/2026-01-01/orders` by `lastUpdatedAfter` (never with a created*
   * filter: the model allows exactly one of the two families), the channel's `marketplaceIds`,
   * `includedData`, `maxResultsPerPage`; a next page repeats the query with `paginationToken` (as
   * the model's own sandbox example does). No `payload` wrapper: `{orders, pagination:
   * {nextToken}, lastUpdatedBefore}`.
   */
  async searchOrders(q: SearchOrdersQuery): Promise<SearchOrdersPage> {
    const query: Record<string, string> = {
      lastUpdatedAfter: q.lastUpdatedAfter,
      marketplaceIds: q.marketplaceIds.join(','),
      includedData: q.includedData.join(','),
      maxResultsPerPage: String(q.maxResultsPerPage),
    };
    if (q.paginationToken) query.paginationToken = q.paginationToken;
    const res = await this.send({ method: 'GET', url: this.url(ORDERS_PATH), query, operation: 'searchOrders' });
    const body = amazonBody(res.data) ?? {};
    const orders = Array.isArray(body.orders) ? body.orders : [];
    const pagination = body.pagination && typeof body.pagination === 'object' ? (body.pagination as Raw) : {};
    return { orders, nextToken: text(pagination.nextToken), lastUpdatedBefore: text(body.lastUpdatedBefore) ?? text(body.createdBefore) };
  }

  /** getOrder: `GET /orders/2026-01-01/orders/{orderId}` → `{order}`; null when Amazon has no such order (404). */
  async getOrder(orderId: string, includedData: readonly string[]): Promise<unknown | null> {
    try {
      const res = await this.send({ method: 'GET', url: this.url(`${ORDERS_PATH}/${encodeURIComponent(orderId)}`), query: { includedData: includedData.join(',') }, operation: 'getOrder' });
      return amazonBody(res.data)?.order ?? null;
    } catch (e) {
      if (isNotFound(e)) return null;
      throw e;
    }
  }

  /** confirmShipment (Orders v0, current): `POST /orders/v0/orders/{orderId}/shipmentConfirmation`; 204 No Content. Not safe to repeat. */
  async confirmShipment(orderId: string, body: Raw): Promise<void> {
    await this.send({ method: 'POST', url: this.url(`${ORDERS_V0_PATH}/${encodeURIComponent(orderId)}/shipmentConfirmation`), json: body, operation: 'confirmShipment', idempotent: false });
  }

  // Listings Items API 2021-08-01 --------------------------------------------------------------

  private listingUrl(sellerId: string, sku: string): string {
    return this.url(`${LISTINGS_PATH}/${encodeURIComponent(sellerId)}/${encodeURIComponent(sku)}`);
  }

  /** getListingsItem: the item on the marketplaces asked for, with the data sets asked for; null when Amazon has none (404). */
  async getListingsItem(sellerId: string, sku: string, marketplaceIds: string[], issueLocale?: string | null): Promise<Raw | null> {
    const query: Record<string, string> = { marketplaceIds: marketplaceIds.join(','), includedData: LISTING_DATA.join(',') };
    if (issueLocale) query.issueLocale = issueLocale;
    try {
      const res = await this.send({ method: 'GET', url: this.listingUrl(sellerId, sku), query, operation: 'getListingsItem' });
      return amazonBody(res.data);
    } catch (e) {
      if (isNotFound(e)) return null;
      throw e;
    }
  }

  /**
   * putListingsItem: a full create-or-replace on one marketplace (`marketplaceIds` takes exactly
   * one [O: maxItems 1]); `{productType, requirements, attributes}`. Safe to repeat. Only the
   * issues are asked for: `identifiers` can only be asked with VALIDATION_PREVIEW [O].
   */
  async putListingsItem(sellerId: string, sku: string, marketplaceId: string, body: Raw, issueLocale?: string | null): Promise<SubmissionAnswer> {
    const query: Record<string, string> = { marketplaceIds: marketplaceId, includedData: 'issues' };
    if (issueLocale) query.issueLocale = issueLocale;
    const res = await this.send({ method: 'PUT', url: this.listingUrl(sellerId, sku), query, json: body, operation: 'putListingsItem', idempotent: true });
    return submissionAnswer(res.data);
  }

  /** patchListingsItem: JSON Patch on top-level attributes, `{productType, patches}`; absolute values only, so safe to repeat. */
  async patchListingsItem(sellerId: string, sku: string, marketplaceIds: string[], body: Raw, issueLocale?: string | null): Promise<SubmissionAnswer> {
    const query: Record<string, string> = { marketplaceIds: marketplaceIds.join(','), includedData: 'issues' };
    if (issueLocale) query.issueLocale = issueLocale;
    const res = await this.send({ method: 'PATCH', url: this.listingUrl(sellerId, sku), query, json: body, operation: 'patchListingsItem', idempotent: true });
    return submissionAnswer(res.data);
  }

  /** deleteListingsItem: on one marketplace (`marketplaceIds` maxItems 1 [O]). A SKU Amazon no longer has (404) is gone already. */
  async deleteListingsItem(sellerId: string, sku: string, marketplaceId: string, issueLocale?: string | null): Promise<SubmissionAnswer | null> {
    const query: Record<string, string> = { marketplaceIds: marketplaceId };
    if (issueLocale) query.issueLocale = issueLocale;
    try {
      const res = await this.send({ method: 'DELETE', url: this.listingUrl(sellerId, sku), query, operation: 'deleteListingsItem', idempotent: true });
      return submissionAnswer(res.data);
    } catch (e) {
      if (isNotFound(e)) return null;
      throw e;
    }
  }

  // Feeds API 2021-06-30 -----------------------------------------------------------------------

  /** createFeedDocument: `POST /feeds/2021-06-30/documents` `{contentType}` → 201 `{feedDocumentId, url}` (the presigned upload URL, valid 5 minutes). */
  async createFeedDocument(contentType = FEED_CONTENT_TYPE): Promise<{ feedDocumentId: string; url: string }> {
    const res = await this.send({ method: 'POST', url: this.url(`${FEEDS_PATH}/documents`), json: { contentType }, operation: 'createFeedDocument', idempotent: true });
    const body = amazonBody(res.data);
    const feedDocumentId = text(body?.feedDocumentId);
    const url = text(body?.url);
    if (!feedDocumentId || !url) throw new RetryableError({ code: 'BAD_RESPONSE', message: 'Amazon answered createFeedDocument without a feedDocumentId and url', status: res.status, operation: 'createFeedDocument' });
    return { feedDocumentId, url };
  }

  /** The feed's contents `PUT` to the presigned URL, with the content type the document was created with and no SP-API headers. */
  async uploadFeedDocument(url: string, document: unknown, contentType = FEED_CONTENT_TYPE): Promise<void> {
    await this.http.request({ method: 'PUT', url, json: document, headers: { 'content-type': contentType }, operation: 'uploadFeedDocument', idempotent: true });
  }

  /** createFeed: `POST /feeds/2021-06-30/feeds` `{feedType, marketplaceIds, inputFeedDocumentId}` → 202 `{feedId}`. */
  async createFeed(feedType: string, marketplaceIds: string[], inputFeedDocumentId: string): Promise<string> {
    const res = await this.send({ method: 'POST', url: this.url(`${FEEDS_PATH}/feeds`), json: { feedType, marketplaceIds, inputFeedDocumentId }, operation: 'createFeed', idempotent: true });
    const feedId = idString(amazonBody(res.data)?.feedId);
    if (!feedId) throw new RetryableError({ code: 'BAD_RESPONSE', message: 'Amazon answered createFeed without a feedId', status: res.status, operation: 'createFeed' });
    return feedId;
  }

  /** getFeed: `GET /feeds/2021-06-30/feeds/{feedId}` → the Feed (processingStatus, resultFeedDocumentId). */
  async getFeed(feedId: string): Promise<Raw> {
    const res = await this.send({ method: 'GET', url: this.url(`${FEEDS_PATH}/feeds/${encodeURIComponent(feedId)}`), operation: 'getFeed' });
    return amazonBody(res.data) ?? {};
  }

  /** getFeedDocument: `GET /feeds/2021-06-30/documents/{feedDocumentId}` → `{feedDocumentId, url, compressionAlgorithm?}`. */
  async getFeedDocument(feedDocumentId: string): Promise<{ url: string; compressionAlgorithm: string | null }> {
    const res = await this.send({ method: 'GET', url: this.url(`${FEEDS_PATH}/documents/${encodeURIComponent(feedDocumentId)}`), operation: 'getFeedDocument' });
    const body = amazonBody(res.data);
    const url = text(body?.url);
    if (!url) throw new RetryableError({ code: 'BAD_RESPONSE', message: `Amazon answered getFeedDocument ${feedDocumentId} without a url`, status: res.status, operation: 'getFeedDocument' });
    return { url, compressionAlgorithm: text(body?.compressionAlgorithm) };
  }

  /** The document at a presigned URL, as bytes (it may be gzip), without SP-API headers. */
  async downloadFeedDocument(url: string): Promise<Buffer> {
    const res = await this.http.request<Buffer>({ method: 'GET', url, operation: 'downloadFeedDocument', responseType: 'buffer' });
    return Buffer.isBuffer(res.data) ? res.data : Buffer.from(String(res.data ?? ''), 'utf8');
  }

  // FBA Inventory API v1 ----------------------------------------------------------------------

  /**
   * getInventorySummaries: `GET /fba/inventory/v1/summaries` with `details=true`,
   * `granularityType=Marketplace`, `granularityId` and `marketplaceIds` (the one marketplace
   * [O: maxItems 1]), `nextToken` for the next page. `{payload: {granularity, inventorySummaries},
   * pagination: {nextToken}}`.
   */
  async getInventorySummaries(marketplaceId: string, nextToken?: string | null): Promise<{ summaries: Raw[]; nextToken: string | null; granularityId: string | null }> {
    const query: Record<string, string> = { details: 'true', granularityType: 'Marketplace', granularityId: marketplaceId, marketplaceIds: marketplaceId };
    if (nextToken) query.nextToken = nextToken;
    const res = await this.send({ method: 'GET', url: this.url(FBA_INVENTORY_PATH), query, operation: 'getInventorySummaries' });
    const body = amazonBody(res.data) ?? {};
    const payload = body.payload && typeof body.payload === 'object' ? (body.payload as Raw) : {};
    const pagination = body.pagination && typeof body.pagination === 'object' ? (body.pagination as Raw) : {};
    const granularity = payload.granularity && typeof payload.granularity === 'object' ? (payload.granularity as Raw) : {};
    return { summaries: list(payload.inventorySummaries), nextToken: text(pagination.nextToken), granularityId: text(granularity.granularityId) };
  }
}

/** Reads a ListingsItemSubmissionResponse. */
export function submissionAnswer(data: unknown): SubmissionAnswer {
  const body = amazonBody(data);
  let submissionId: string | null = null;
  try {
    submissionId = idString(body?.submissionId);
  } catch {
    submissionId = text(body?.submissionId);
  }
  return { sku: text(body?.sku), status: text(body?.status)?.toUpperCase() ?? null, submissionId, issues: list(body?.issues), raw: body };
}
