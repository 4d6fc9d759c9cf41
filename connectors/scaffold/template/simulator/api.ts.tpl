import crypto from 'node:crypto';
import { isFormBody, jsonResponse, parseJsonBody, SimKit, SimRequest, SimResponse } from '../../sdk/simulator';
import { __Name__State, Raw, SimListing, SimSubmission, StoredReply } from './state';

/**
 * The __Name__ REST API under `/api/v1`: bearer-token auth with an OAuth token endpoint
 * (`POST /oauth/token`, the refresh grant with the app's client credentials as HTTP Basic,
 * rotating refresh tokens that expire on the clock, errors as OAuth writes them), the shop's
 * call limit and injected faults (HTTP 429 with Retry-After, 503), then the endpoint. Errors
 * are `{"error": {"code", "message", "requestId"}}` with an HTTP status. Times come from the
 * kit's clock (`POST /__sim/clock` moves it). Variation groups (`PUT /listing-groups/:key`) are
 * processed later, as Amazon's listings and eBay's bulk calls are: the call answers 202 with a
 * submission, `GET /submissions/:id` says PROCESSING until the processing time has passed on the
 * clock, then how each SKU ended. A price batch item without `salePrice` erases the sale price
 * (as AliExpress erases a discount left out).
 */

export const API_PATH = '/api/v1';
const MAX_IDS = 50;
const MAX_BATCH = 50;
const MAX_LIMIT = 100;
const DEFAULT_LIMIT = 50;
/** Body fields never written to the request log. */
const SECRET_FIELDS = new Set(['refreshToken', 'accessToken', 'refresh_token', 'client_secret']);

/** An error answer, thrown anywhere while a call is handled. */
export class ApiError extends Error {
  /** `oauth`: answered as OAuth token endpoints do, `{"error": code, "error_description": message}`. */
  constructor(readonly status: number, readonly code: string, message: string, readonly headers: Record<string, string> = {}, readonly oauth = false) {
    super(message);
  }
}

interface Call {
  req: SimRequest;
  /** The path's `:params`, decoded. */
  params: string[];
  body: Raw;
  state: __Name__State;
  now: Date;
}

interface Route {
  method: string;
  pattern: RegExp;
  /** The call's name in the request log. */
  operation: string;
  /** `bearer`: the access token and X-Shop-Id; `client`: the app's client credentials as HTTP Basic (the token endpoint). */
  auth: 'bearer' | 'client';
  run(call: Call): StoredReply;
}

const ok = (body: unknown): StoredReply => ({ status: 200, body });
const created = (body: unknown): StoredReply => ({ status: 201, body });

function route(method: string, path: string, operation: string, run: Route['run'], auth: Route['auth'] = 'bearer'): Route {
  return { method, pattern: new RegExp(`^${path.replace(/:[a-z]+/gi, '([^/]+)')}$`), operation, auth, run };
}

function header(req: SimRequest, name: string): string {
  const v = req.headers[name];
  return (Array.isArray(v) ? v[0] : v) ?? '';
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);
const invalid = (message: string) => new ApiError(400, 'invalid_request', message);

/** `"12.5"` → `"12.50"`; null when it is not an amount with at most 2 decimals. */
function amount(v: unknown): string | null {
  if (typeof v !== 'string' || !/^\d{1,10}(\.\d{1,2})?$/.test(v)) return null;
  const [int, frac = ''] = v.split('.');
  return `${int}.${frac.padEnd(2, '0')}`;
}

function renderListing(l: SimListing): Raw {
  return {
    id: l.id,
    sku: l.sku,
    title: l.title,
    description: l.description,
    categoryId: l.categoryId,
    price: { amount: l.price, currency: l.currency },
    salePrice: l.salePrice === null ? null : { amount: l.salePrice, currency: l.currency },
    quantity: l.quantity,
    status: l.status,
    images: l.images,
    attributes: l.attributes,
    locale: l.locale,
    groupKey: l.groupKey,
    options: l.options,
    createdAt: l.createdAt.toISOString(),
    updatedAt: l.updatedAt.toISOString(),
  };
}

/** `{amount, currency}` in the shop's currency below `price`, or null when absent; 400 for what is wrong. */
function salePriceOf(raw: unknown, price: string, state: __Name__State): string | null {
  if (raw === undefined || raw === null) return null;
  const sale = raw as Raw;
  const value = amount(sale.amount);
  if (!value) throw invalid('salePrice.amount must be a decimal string with at most 2 decimals');
  if (sale.currency !== state.currency) throw new ApiError(400, 'currency_mismatch', `This shop sells in ${state.currency}`);
  if (Number(value.replace('.', '')) >= Number(price.replace('.', ''))) throw new ApiError(400, 'invalid_sale_price', `The sale price ${value} must be below the price ${price}`);
  return value;
}

/** The listing fields of a create or update body; 400 for what is wrong. */
function listingFields(body: Raw, state: __Name__State): Omit<SimListing, 'id' | 'createdAt' | 'updatedAt' | 'status' | 'groupKey' | 'options'> & { status: SimListing['status'] | null } {
  const sku = str(body.sku);
  if (!sku || sku.length > 64) throw invalid('sku is required (at most 64 characters)');
  const title = str(body.title);
  if (!title || title.length > 200) throw invalid('title is required (at most 200 characters)');
  const price = body.price as Raw | undefined;
  const value = amount(price?.amount);
  if (!value) throw invalid('price.amount must be a decimal string with at most 2 decimals');
  if (price?.currency !== state.currency) throw new ApiError(400, 'currency_mismatch', `This shop sells in ${state.currency}`);
  if (!Number.isInteger(body.quantity) || (body.quantity as number) < 0) throw invalid('quantity must be a whole number of 0 or more');
  if (body.status !== undefined && body.status !== 'ACTIVE' && body.status !== 'INACTIVE') throw invalid('status is ACTIVE or INACTIVE');
  const categoryId = str(body.categoryId);
  // Category ids are numbers on __Name__, as on most marketplaces.
  if (categoryId && !/^\d{1,12}$/.test(categoryId)) throw new ApiError(400, 'invalid_category', `${categoryId} is not a category of this marketplace`);
  const images = Array.isArray(body.images) ? body.images.filter((i): i is string => typeof i === 'string') : [];
  const attributes = body.attributes ?? {};
  if (!attributes || typeof attributes !== 'object' || Array.isArray(attributes)) throw invalid('attributes must be an object of name → value');
  return {
    sku,
    title,
    description: str(body.description),
    categoryId,
    price: value,
    salePrice: salePriceOf(body.salePrice, value, state),
    currency: state.currency,
    quantity: body.quantity as number,
    images,
    attributes: attributes as Raw,
    locale: str(body.locale),
    status: (body.status as SimListing['status'] | undefined) ?? null,
  };
}

/** The most listings one group write takes. */
const MAX_GROUP = 50;

/**
 * Processes a group write once its time has come: each listing is checked as a create would be
 * and written by SKU (created, or the shop's listing with that SKU updated), on sale, in the
 * group; a listing the checks refuse is REJECTED with its errors, the others go on.
 */
function process(state: __Name__State, sub: SimSubmission, now: Date): void {
  if (sub.results || now.getTime() < sub.readyAt) return;
  const listings = (sub.body.listings as Raw[]).map((l) => (l && typeof l === 'object' ? l : {}));
  sub.results = listings.map((item) => {
    const sku = str(item.sku) ?? '';
    try {
      const fields = listingFields(item, state);
      const options = Array.isArray(item.options) ? (item.options as Raw[]).map((o) => ({ name: String(o.name ?? ''), value: String(o.value ?? '') })) : [];
      const existing = state.listingBySku(fields.sku);
      if (existing) Object.assign(existing, { ...fields, status: 'ACTIVE', groupKey: sub.groupKey, options, updatedAt: now });
      const l: SimListing = existing ?? { ...fields, status: 'ACTIVE', groupKey: sub.groupKey, options, id: state.newListingId(), createdAt: now, updatedAt: now };
      state.listings.set(l.id, l);
      return { sku: fields.sku, status: 'ACCEPTED' as const, listingId: l.id, errors: [] };
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      return { sku, status: 'REJECTED' as const, listingId: null, errors: [{ code: e.code, message: e.message }] };
    }
  });
}

function renderSubmission(sub: SimSubmission): Raw {
  return { id: sub.id, groupKey: sub.groupKey, skus: sub.skus, status: sub.results ? 'DONE' : 'PROCESSING', submittedAt: new Date(sub.submittedAt).toISOString(), results: sub.results ?? [] };
}

function listingOf(state: __Name__State, id: string): SimListing {
  const l = state.listings.get(id);
  if (!l) throw new ApiError(404, 'listing_not_found', `No listing ${id} in this shop`);
  return l;
}

/** The items of a batch body: 1 to MAX_BATCH objects. */
function batchItems(body: Raw): Raw[] {
  const items = body.items;
  if (!Array.isArray(items) || items.length === 0) throw invalid('items must be a non-empty array');
  if (items.length > MAX_BATCH) throw new ApiError(400, 'batch_too_large', `At most ${MAX_BATCH} items per call`);
  return items.map((i) => (i && typeof i === 'object' ? (i as Raw) : {}));
}

/** An item's refusal inside a batch answer. */
type ItemError = { code: string; message: string };

/** Runs `apply` per item; an item's failure is its own result, the others still land. */
function batch(state: __Name__State, items: Raw[], now: Date, apply: (l: SimListing, item: Raw) => ItemError | null): StoredReply {
  const results = items.map((item) => {
    const listingId = String(item.listingId ?? '');
    const l = state.listings.get(listingId);
    if (!l) return { listingId, ok: false, error: { code: 'listing_not_found', message: `No listing ${listingId} in this shop` } };
    const error = apply(l, item);
    if (error) return { listingId, ok: false, error };
    l.updatedAt = now;
    return { listingId, ok: true };
  });
  return ok({ results });
}

/** The orders-list cursor: the filter it belongs to and the last order of the page it follows. */
interface PageKey {
  after: number;
  t: number;
  id: string;
}

const encodeKey = (k: PageKey) => Buffer.from(JSON.stringify(k)).toString('base64url');

function decodeKey(text: string): PageKey {
  try {
    const k = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as PageKey;
    if (typeof k.after === 'number' && typeof k.t === 'number' && typeof k.id === 'string') return k;
  } catch {
    // falls through to the 400
  }
  throw new ApiError(400, 'invalid_cursor', 'cursor is not one this API handed out');
}

/**
 * One page of records changed after `updatedAfter` (or from the page `cursor` points at), oldest
 * change first with ties by id, so a record changed while a client pages moves behind it and
 * comes again on a later page: nothing is skipped.
 */
function changesPage(req: SimRequest, all: Iterable<Raw>): { records: Raw[]; nextCursor: string | null } {
  const cursor = req.query.get('cursor');
  let from: PageKey | null = null;
  let after: number;
  if (cursor) {
    from = decodeKey(cursor);
    after = from.after;
  } else {
    const updatedAfter = req.query.get('updatedAfter');
    if (!updatedAfter) throw invalid('updatedAfter (an ISO time) or cursor is required');
    after = Date.parse(updatedAfter);
    if (Number.isNaN(after)) throw invalid('updatedAfter must be an ISO time');
  }
  const limit = req.query.has('limit') ? Number(req.query.get('limit')) : DEFAULT_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) throw invalid(`limit is 1 to ${MAX_LIMIT}`);
  const rows = [...all]
    .map((o) => ({ o, t: Date.parse(String(o.updatedAt)), id: String(o.id) }))
    .filter((r) => r.t > after && (!from || r.t > from.t || (r.t === from.t && r.id > from.id)))
    .sort((a, b) => a.t - b.t || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { records: page.map((r) => r.o), nextCursor: rows.length > limit ? encodeKey({ after, t: last.t, id: last.id }) : null };
}

const ROUTES: Route[] = [
  route('GET', '/shop', 'shop.get', ({ state }) => ok({ shop: { id: state.shopId, name: state.shopName, currency: state.currency } })),

  route(
    'POST',
    '/oauth/token',
    'oauth.token',
    ({ body, state, now }) => {
      const oauth = (status: number, code: string, message: string) => new ApiError(status, code, message, {}, true);
      if (body.grant_type !== 'refresh_token') throw oauth(400, 'unsupported_grant_type', 'grant_type must be refresh_token');
      state.refreshCalls++;
      const spent = typeof body.refresh_token === 'string' ? state.refreshable.get(body.refresh_token) : undefined;
      if (!spent) throw oauth(400, 'invalid_grant', 'The refresh token is not valid or was used already');
      if (spent.refreshExpiresAt <= now.getTime()) throw oauth(400, 'invalid_grant', 'The refresh token has expired: the seller must authorise the app again');
      // Refresh tokens rotate: this one is spent, the answer carries the next with its own lifetime.
      state.refreshable.delete(spent.refreshToken);
      const next = state.issueTokens();
      return ok({
        access_token: next.accessToken,
        token_type: 'Bearer',
        expires_in: Math.round((next.expiresAt - now.getTime()) / 1000),
        refresh_token: next.refreshToken,
        refresh_token_expires_in: Math.round((next.refreshExpiresAt - now.getTime()) / 1000),
      });
    },
    'client',
  ),

  route('POST', '/listings', 'listings.create', ({ body, state, now }) => {
    const fields = listingFields(body, state);
    if (state.listingBySku(fields.sku)) throw new ApiError(409, 'duplicate_sku', `The shop already has a listing with SKU ${fields.sku}`);
    const l: SimListing = { ...fields, id: state.newListingId(), status: fields.status ?? 'ACTIVE', groupKey: null, options: [], createdAt: now, updatedAt: now };
    state.listings.set(l.id, l);
    return created({ listing: renderListing(l) });
  }),

  route('GET', '/listings', 'listings.list', ({ req, state }) => {
    const ids = req.query.get('ids');
    const sku = req.query.get('sku');
    let found = [...state.listings.values()];
    if (ids !== null) {
      const wanted = new Set(ids.split(',').map((s) => s.trim()).filter(Boolean));
      if (wanted.size > MAX_IDS) throw new ApiError(400, 'too_many_ids', `At most ${MAX_IDS} ids per call`);
      found = found.filter((l) => wanted.has(l.id));
    }
    if (sku !== null) found = found.filter((l) => l.sku === sku);
    return ok({ listings: found.slice(0, MAX_LIMIT).map(renderListing) });
  }),

  route('GET', '/listings/:id', 'listings.get', ({ params, state }) => ok({ listing: renderListing(listingOf(state, params[0])) })),

  route('PUT', '/listings/:id', 'listings.update', ({ params, body, state, now }) => {
    const l = listingOf(state, params[0]);
    const fields = listingFields(body, state);
    const other = state.listingBySku(fields.sku);
    if (other && other.id !== l.id) throw new ApiError(409, 'duplicate_sku', `The shop already has a listing with SKU ${fields.sku}`);
    Object.assign(l, { ...fields, status: fields.status ?? l.status, updatedAt: now });
    return ok({ listing: renderListing(l) });
  }),

  route('PUT', '/listing-groups/:key', 'listingGroups.put', ({ params, body, state, now }) => {
    const key = params[0];
    if (!key || key.length > 100) throw invalid('the group key is 1 to 100 characters');
    if (!str(body.title)) throw invalid('title is required');
    if (!Array.isArray(body.options)) throw invalid('options must be an array of {name, values}');
    const listings = body.listings;
    if (!Array.isArray(listings) || listings.length === 0) throw invalid('listings must be a non-empty array');
    if (listings.length > MAX_GROUP) throw new ApiError(400, 'batch_too_large', `At most ${MAX_GROUP} listings per group write`);
    const skus = listings.map((l) => str((l as Raw)?.sku) ?? '');
    const sub: SimSubmission = { id: state.newSubmissionId(), groupKey: key, body, skus, submittedAt: now.getTime(), readyAt: now.getTime() + state.processingMs, results: null };
    state.submissions.set(sub.id, sub);
    return { status: 202, body: { submission: renderSubmission(sub) } };
  }),

  route('GET', '/submissions/:id', 'submissions.get', ({ params, state, now }) => {
    const sub = state.submissions.get(params[0]);
    if (!sub) throw new ApiError(404, 'submission_not_found', `No submission ${params[0]} in this shop`);
    process(state, sub, now);
    return ok({ submission: renderSubmission(sub) });
  }),

  route('POST', '/listings/:id/deactivate', 'listings.deactivate', ({ params, state, now }) => {
    const l = listingOf(state, params[0]);
    Object.assign(l, { status: 'INACTIVE', updatedAt: now });
    return ok({ listing: renderListing(l) });
  }),

  route('POST', '/inventory/batch', 'inventory.batch', ({ body, state, now }) =>
    batch(state, batchItems(body), now, (l, item) => {
      if (!Number.isInteger(item.quantity) || (item.quantity as number) < 0) return { code: 'invalid_quantity', message: 'quantity must be a whole number of 0 or more' };
      l.quantity = item.quantity as number;
      return null;
    }),
  ),

  route('POST', '/prices/batch', 'prices.batch', ({ body, state, now }) =>
    batch(state, batchItems(body), now, (l, item) => {
      const price = item.price as Raw | undefined;
      const value = amount(price?.amount);
      if (!value) return { code: 'invalid_price', message: 'price.amount must be a decimal string with at most 2 decimals' };
      if (price?.currency !== state.currency) return { code: 'currency_mismatch', message: `This shop sells in ${state.currency}` };
      let sale: string | null;
      try {
        // Left out, the sale price is erased: a push must carry it every time.
        sale = salePriceOf(item.salePrice, value, state);
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
        return { code: e.code, message: e.message };
      }
      l.price = value;
      l.salePrice = sale;
      return null;
    }),
  ),

  route('GET', '/orders', 'orders.list', ({ req, state }) => {
    const { records, nextCursor } = changesPage(req, state.orders.values());
    return ok({ orders: records, nextCursor });
  }),

  route('GET', '/returns', 'returns.list', ({ req, state }) => {
    const { records, nextCursor } = changesPage(req, state.returns.values());
    return ok({ returns: records, nextCursor });
  }),

  route('GET', '/orders/:id', 'orders.get', ({ params, state }) => {
    const order = state.orders.get(params[0]);
    if (!order) throw new ApiError(404, 'order_not_found', `No order ${params[0]} in this shop`);
    return ok({ order });
  }),

  route('POST', '/orders/:id/shipments', 'shipments.create', ({ req, params, body, state, now }) => {
    const key = header(req, 'idempotency-key');
    const seen = key ? state.answered.get(`${params[0]}\u0000${key}`) : undefined;
    if (seen) return seen;
    const order = state.orders.get(params[0]);
    if (!order) throw new ApiError(404, 'order_not_found', `No order ${params[0]} in this shop`);
    if (order.status !== 'AWAITING_SHIPMENT' && order.status !== 'PARTIALLY_SHIPPED') throw new ApiError(409, 'order_not_shippable', `Order ${params[0]} is ${String(order.status)}`);
    const carrier = str(body.carrier);
    const trackingNumber = str(body.trackingNumber);
    if (!carrier || !trackingNumber) throw invalid('carrier and trackingNumber are required');
    const trackingUrl = str(body.trackingUrl);
    if (trackingUrl && !/^https?:\/\/\S+$/.test(trackingUrl)) throw invalid('trackingUrl must be an http(s) address');
    const lines = (Array.isArray(order.lines) ? order.lines : []) as Raw[];
    const left = (l: Raw) => Number(l.quantity) - Number(l.shippedQuantity ?? (l.status === 'SHIPPED' ? l.quantity : 0));
    // The parcel's lines and units: `lines` [{lineId, quantity}], or `lineIds` (those lines whole), or every line left.
    let wanted: { lineId: string; quantity: number }[];
    if (body.lines !== undefined) {
      if (!Array.isArray(body.lines) || body.lines.length === 0) throw invalid('lines must be a non-empty array of {lineId, quantity}');
      wanted = (body.lines as Raw[]).map((l) => ({ lineId: String(l?.lineId ?? ''), quantity: l?.quantity as number }));
    } else {
      const ids = body.lineIds === undefined ? lines.filter((l) => left(l) > 0).map((l) => String(l.id)) : body.lineIds;
      if (!Array.isArray(ids) || ids.some((id) => typeof id !== 'string')) throw invalid('lineIds must be an array of line ids');
      wanted = (ids as string[]).map((id) => ({ lineId: id, quantity: left(lines.find((l) => String(l.id) === id) ?? {}) }));
    }
    for (const w of wanted) {
      const line = lines.find((l) => String(l.id) === w.lineId);
      if (!line) throw new ApiError(400, 'unknown_line', `Order ${params[0]} has no line ${w.lineId}`);
      if (left(line) <= 0) throw new ApiError(409, 'line_already_shipped', `Line ${w.lineId} has shipped already`);
      if (!Number.isInteger(w.quantity) || w.quantity < 1 || w.quantity > left(line)) throw new ApiError(400, 'invalid_quantity', `Line ${w.lineId} has ${left(line)} units left to ship, not ${String(w.quantity)}`);
    }
    for (const w of wanted) {
      const line = lines.find((l) => String(l.id) === w.lineId)!;
      line.shippedQuantity = Number(line.quantity) - left(line) + w.quantity;
      if (left(line) === 0) line.status = 'SHIPPED';
    }
    order.status = lines.every((l) => left(l) === 0) ? 'SHIPPED' : 'PARTIALLY_SHIPPED';
    order.updatedAt = now.toISOString();
    const shipment = {
      id: `SHP${state.shipments.length + 1}`,
      orderId: params[0],
      carrier,
      service: str(body.service),
      trackingNumber,
      trackingUrl,
      lineIds: wanted.map((w) => w.lineId),
      lines: wanted,
      shippedAt: str(body.shippedAt) ?? now.toISOString(),
      createdAt: now,
    };
    state.shipments.push(shipment);
    const reply = created({ shipment: { ...shipment, createdAt: now.toISOString() } });
    if (key) state.answered.set(`${params[0]}\u0000${key}`, reply);
    return reply;
  }),
];

/** Throws 401/403 unless the call carries what its route needs. */
function authorise(req: SimRequest, state: __Name__State, auth: Route['auth'], now: number): void {
  if (auth === 'client') {
    const basic = /^Basic\s+(\S+)$/i.exec(header(req, 'authorization'));
    const [id, secret] = basic ? Buffer.from(basic[1], 'base64').toString('utf8').split(':') : [];
    if (id !== state.clientId || secret !== state.clientSecret) throw new ApiError(401, 'invalid_client', 'Client authentication failed', {}, true);
    // The refresh token names the shop: the token endpoint takes no X-Shop-Id.
    return;
  } else {
    const bearer = /^Bearer\s+(\S+)$/i.exec(header(req, 'authorization'));
    if (!bearer) throw new ApiError(401, 'invalid_token', 'Authorization: Bearer <access token> is required');
    const tokens = state.tokens.get(bearer[1]);
    if (!tokens) throw new ApiError(401, 'invalid_token', 'The access token is not valid');
    if (tokens.expiresAt <= now) throw new ApiError(401, 'token_expired', 'The access token has expired: refresh it');
  }
  if (header(req, 'x-shop-id') !== state.shopId) throw new ApiError(403, 'shop_mismatch', 'X-Shop-Id does not name the shop of these credentials');
}

/** What the request log shows of a call: the query and the body's plain fields, never a secret. */
function logParams(req: SimRequest, body: Raw): Record<string, string> {
  const out: Record<string, string> = Object.fromEntries(req.query);
  for (const [k, v] of Object.entries(body)) {
    if (SECRET_FIELDS.has(k)) continue;
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = String(v);
    else if (Array.isArray(v)) out[k] = `[${v.length}]`;
  }
  return out;
}

function readBody(req: SimRequest): Raw {
  if (!req.body.trim()) return {};
  if (isFormBody(req)) return Object.fromEntries(new URLSearchParams(req.body));
  let body: unknown;
  try {
    body = parseJsonBody(req.body);
  } catch (e) {
    throw invalid((e as Error).message);
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw invalid('the body must be a JSON object');
  return body as Raw;
}

/** The API's request handler. */
export function create__Name__Api(state: __Name__State, kit: SimKit): (req: SimRequest) => SimResponse {
  return (req) => {
    const requestId = crypto.randomBytes(8).toString('hex');
    let operation: string | null = null;
    let body: Raw = {};
    try {
      if (!req.path.startsWith(`${API_PATH}/`)) throw new ApiError(404, 'not_found', `No such path ${req.path}; the API is under ${API_PATH}`);
      const path = req.path.slice(API_PATH.length);
      const matching = ROUTES.map((r) => ({ r, m: r.pattern.exec(path) })).filter((x) => x.m);
      if (!matching.length) throw new ApiError(404, 'not_found', `No such path ${req.path}`);
      const found = matching.find((x) => x.r.method === req.method);
      if (!found) throw new ApiError(405, 'method_not_allowed', `${req.method} is not allowed on ${req.path}`);
      operation = found.r.operation;
      const now = kit.clock.now();
      authorise(req, state, found.r.auth, now);

      // The shop's call limit, all endpoints together; then the injected faults.
      const verdict = kit.buckets.take(state.shopId);
      if (!verdict.ok) throw new ApiError(429, 'rate_limited', `Over this shop's limit of ${kit.buckets.ratePerSecond} calls per second`, { 'retry-after': String(Math.max(1, Math.ceil(verdict.retryAfterMs / 1000))) });
      const fault = kit.faults.draw();
      if (fault === 'throttle') throw new ApiError(429, 'rate_limited', 'Too many requests (simulated)', { 'retry-after': '1' });
      if (fault === 'server-error') throw new ApiError(503, 'unavailable', 'The service is unavailable (simulated)');

      body = readBody(req);
      const reply = found.r.run({ req, params: found.m!.slice(1).map(decodeURIComponent), body, state, now: new Date(now) });
      const res = jsonResponse(reply.status, reply.body);
      return { ...res, headers: { ...res.headers, 'x-request-id': requestId }, operation, logParams: logParams(req, body) };
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      const res = jsonResponse(e.status, e.oauth ? { error: e.code, error_description: e.message } : { error: { code: e.code, message: e.message, requestId } });
      return { ...res, headers: { ...res.headers, ...e.headers, 'x-request-id': requestId }, operation, errorCode: e.code, errorMessage: e.message, logParams: logParams(req, body) };
    }
  };
}
