import crypto from 'node:crypto';
import { jsonResponse, parseJsonBody, SimKit, SimRequest, SimResponse } from '../../sdk/simulator';
import { __Name__State, Raw, SimListing, StoredReply } from './state';

/**
 * The __Name__ REST API under `/api/v1`: bearer-token auth with a refresh endpoint, the shop's
 * call limit and injected faults (HTTP 429 with Retry-After, 503), then the endpoint. Errors
 * are `{"error": {"code", "message", "requestId"}}` with an HTTP status. Times come from the
 * kit's clock (`POST /__sim/clock` moves it).
 */

export const API_PATH = '/api/v1';
const MAX_IDS = 50;
const MAX_BATCH = 50;
const MAX_LIMIT = 100;
const DEFAULT_LIMIT = 50;
/** Body fields never written to the request log. */
const SECRET_FIELDS = new Set(['refreshToken', 'accessToken', 'apiKey']);

/** An error answer, thrown anywhere while a call is handled. */
export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly headers: Record<string, string> = {}) {
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
  /** `bearer`: the access token and X-Shop-Id; `apiKey`: the app's X-Api-Key (the token endpoint). */
  auth: 'bearer' | 'apiKey';
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
    quantity: l.quantity,
    status: l.status,
    images: l.images,
    createdAt: l.createdAt.toISOString(),
    updatedAt: l.updatedAt.toISOString(),
  };
}

/** The listing fields of a create or update body; 400 for what is wrong. */
function listingFields(body: Raw, state: __Name__State): Omit<SimListing, 'id' | 'createdAt' | 'updatedAt' | 'status'> & { status: SimListing['status'] | null } {
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
  return {
    sku,
    title,
    description: str(body.description),
    categoryId,
    price: value,
    currency: state.currency,
    quantity: body.quantity as number,
    images,
    status: (body.status as SimListing['status'] | undefined) ?? null,
  };
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
    '/auth/token/refresh',
    'auth.refresh',
    ({ body, state, now }) => {
      const token = str(body.refreshToken);
      if (!token || !state.refreshable.has(token)) throw new ApiError(401, 'invalid_refresh_token', 'The refresh token is not valid or was used already');
      // Refresh tokens rotate: this one is spent, the answer carries the next.
      state.refreshable.delete(token);
      const next = state.issueTokens();
      return ok({ accessToken: next.accessToken, refreshToken: next.refreshToken, tokenType: 'Bearer', expiresIn: Math.round((next.expiresAt - now.getTime()) / 1000) });
    },
    'apiKey',
  ),

  route('POST', '/listings', 'listings.create', ({ body, state, now }) => {
    const fields = listingFields(body, state);
    if (state.listingBySku(fields.sku)) throw new ApiError(409, 'duplicate_sku', `The shop already has a listing with SKU ${fields.sku}`);
    const l: SimListing = { ...fields, id: state.newListingId(), status: fields.status ?? 'ACTIVE', createdAt: now, updatedAt: now };
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
      l.price = value;
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
    const lines = (Array.isArray(order.lines) ? order.lines : []) as Raw[];
    const wanted = body.lineIds === undefined ? lines.map((l) => String(l.id)) : body.lineIds;
    if (!Array.isArray(wanted) || wanted.some((id) => typeof id !== 'string')) throw invalid('lineIds must be an array of line ids');
    for (const id of wanted as string[]) {
      const line = lines.find((l) => String(l.id) === id);
      if (!line) throw new ApiError(400, 'unknown_line', `Order ${params[0]} has no line ${id}`);
      if (line.status === 'SHIPPED') throw new ApiError(409, 'line_already_shipped', `Line ${id} has shipped already`);
    }
    for (const line of lines) if ((wanted as string[]).includes(String(line.id))) line.status = 'SHIPPED';
    order.status = lines.every((l) => l.status === 'SHIPPED') ? 'SHIPPED' : 'PARTIALLY_SHIPPED';
    order.updatedAt = now.toISOString();
    const shipment = { id: `SHP${state.shipments.length + 1}`, orderId: params[0], carrier, trackingNumber, lineIds: wanted as string[], shippedAt: str(body.shippedAt) ?? now.toISOString(), createdAt: now };
    state.shipments.push(shipment);
    const reply = created({ shipment: { ...shipment, createdAt: now.toISOString() } });
    if (key) state.answered.set(`${params[0]}\u0000${key}`, reply);
    return reply;
  }),
];

/** Throws 401/403 unless the call carries what its route needs. */
function authorise(req: SimRequest, state: __Name__State, auth: Route['auth'], now: number): void {
  if (auth === 'apiKey') {
    if (header(req, 'x-api-key') !== state.apiKey) throw new ApiError(401, 'invalid_api_key', 'X-Api-Key is not the key of this app');
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
      const res = jsonResponse(e.status, { error: { code: e.code, message: e.message, requestId } });
      return { ...res, headers: { ...res.headers, ...e.headers, 'x-request-id': requestId }, operation, errorCode: e.code, errorMessage: e.message, logParams: logParams(req, body) };
    }
  };
}
