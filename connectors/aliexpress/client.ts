import { AuthFailedError, PermanentError, RetryableError } from '../sdk/errors';
import { idString } from '../sdk/exact-json';
import type { HttpClient, HttpRequest } from '../sdk/http';
import type { AccessGrant, ItemError } from '../sdk/types';
import { aeBody, aeError, businessError, errorBodyOf, kindOfCode } from './errors';
import {
  EditProductRequest,
  FulfilArgs,
  fulfilParams,
  inventoryParams,
  OrderQuery,
  orderDetailParams,
  orderListParams,
  PostProductRequest,
  priceParams,
  productEditParams,
  productIdsParams,
  productInfoParams,
  ProductListQuery,
  productListParams,
  productPostParams,
  ProductUpdate,
  SkuInventory,
  SkuPrice,
  wireParams,
} from './requests';
import { signAeRequest } from './signing';

/**
 * Wire calls to the AliExpress Open Platform gateway (IOP) and nothing else. Business APIs go to
 * `<root>/sync` with the dotted name in `method`; system APIs (the token calls) to
 * `<root>/rest/<path>` (aliexpress.md §1). Everything is a form POST (UTF-8), system and
 * business parameters together, object parameters as JSON text. The access token and the
 * signature are put on by the module's `auth.apply` (index.ts), on every attempt, so a retry is
 * signed again; calls here never see the token. The engine obtains and renews it with
 * `requestToken` below.
 */

type Raw = Record<string, unknown>;

/** The credentials JSON of an ALIEXPRESS channel (the module's `credentialFields`). */
export interface AeCredentials {
  appKey: string;
  appSecret: string;
  /** The seller's refresh token: what the engine renews access tokens with (rotated by AliExpress). */
  refreshToken?: string;
  /** The one-time authorisation code from the seller's consent, exchanged by /auth/token/create when there is no refresh token yet. */
  authCode?: string;
  refreshTokenExpiresAt?: string;
  /** How the seller's account reads to staff (the token answer's user_nick), when staff give it. */
  account?: string;
}

/** Reads and checks the stored credentials; AuthFailedError names what is missing (a person must fix it). */
export function readCredentials(raw: Record<string, string>): AeCredentials {
  const missing = ['appKey', 'appSecret'].filter((f) => !raw[f]?.trim());
  if (missing.length) throw new AuthFailedError({ code: 'CREDENTIALS_MISSING', message: `AliExpress credentials lack ${missing.join(', ')}` });
  const opt = (f: string) => raw[f]?.trim() || undefined;
  return {
    appKey: raw.appKey.trim(),
    appSecret: raw.appSecret.trim(),
    refreshToken: opt('refreshToken'),
    authCode: opt('authCode'),
    refreshTokenExpiresAt: opt('refreshTokenExpiresAt'),
    account: opt('account'),
  };
}

/**
 * Parameters sent as files, which are not signed (§3). A file is a multipart file part; the SDK's
 * HTTP helper sends url-encoded forms only, where every field (the photo bank's `image_bytes`
 * too, as base64 text) is an ordinary parameter and is signed like the rest. None today.
 */
export const FILE_PARAMS: readonly string[] = [];

/**
 * The gateway's root from a channel's base URL: `https://api-sg.aliexpress.com`, also when staff
 * pasted the `/sync` or `/rest` URL itself.
 */
export function gatewayRoot(baseUrl: string): string {
  return baseUrl.trim().replace(/\/+$/, '').replace(/\/(sync|rest)$/, '');
}

/** The API name a request is signed under: the dotted method for `/sync`, the path after `/rest` for system calls; null for any other URL. */
export function apiNameOf(req: HttpRequest): string | null {
  let path: string;
  try {
    path = new URL(req.url, 'http://relative.invalid').pathname;
  } catch {
    return null;
  }
  if (/\/sync$/.test(path)) return typeof req.form?.method === 'string' ? req.form.method : null;
  const rest = /\/rest(\/.+)$/.exec(path);
  return rest ? rest[1] : null;
}

/**
 * Signs a gateway request for the account: `app_key`, `sign_method=sha256`, the timestamp (epoch
 * ms; the one the client stamped, else now), the access token when there is one, and `sign` over
 * all of them. Requests to any other URL are returned as they are.
 */
export function signRequest(req: HttpRequest, credentials: Pick<AeCredentials, 'appKey' | 'appSecret'>, accessToken?: string | null): HttpRequest {
  const api = apiNameOf(req);
  if (!api || !req.form) return req;
  const params: Record<string, string> = { ...req.form };
  delete params.sign;
  delete params.session;
  params.app_key = credentials.appKey;
  params.sign_method = 'sha256';
  if (!params.timestamp) params.timestamp = String(Date.now());
  // The 2025 SDK sends `access_token` (the 2022 one sent the same value as `session`, §2).
  if (accessToken) params.access_token = accessToken;
  else delete params.access_token;
  params.sign = signAeRequest(api, params, credentials.appSecret, FILE_PARAMS);
  return { ...req, form: params };
}

/** The wrapper key of a method's answer: `aliexpress.solution.order.get` → `aliexpress_solution_order_get_response`. */
export function responseKey(method: string): string {
  return `${method.replace(/\./g, '_')}_response`;
}

/** The method's answer inside its envelope; an error envelope becomes its SDK error. */
export function unwrap(data: unknown, method: string, operation: string): Raw {
  const body = aeBody(data);
  if (!body) throw new RetryableError({ code: 'BAD_RESPONSE', message: `${method}: the answer is not a JSON object`, operation });
  const error = errorBodyOf(body);
  if (error) throw aeError(error, operation);
  const inner = body[responseKey(method)];
  if (inner && typeof inner === 'object' && !Array.isArray(inner)) return inner as Raw;
  // `simplify=true`, or a gateway that answers without the wrapper: the payload at the top.
  if (body.result !== undefined) return body;
  throw new RetryableError({ code: 'BAD_RESPONSE', message: `${method}: the answer has no ${responseKey(method)}`, operation });
}

/**
 * A list as AliExpress may write it: an array, or TOP's XML-born wrapper object around one
 * (`target_list: {order_dto: [...]}`, `product_list: {order_product_dto: [...]}`).
 */
export function aeList(container: unknown, ...keys: string[]): Raw[] {
  if (Array.isArray(container)) return container.filter((x): x is Raw => !!x && typeof x === 'object');
  if (container && typeof container === 'object') {
    const c = container as Raw;
    for (const k of keys) if (Array.isArray(c[k])) return aeList(c[k]);
    const arrays = Object.values(c).filter(Array.isArray);
    if (arrays.length === 1) return aeList(arrays[0]);
  }
  return [];
}

const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : typeof v === 'number' ? String(v) : null);
const num = (v: unknown): number | null => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() ? Number(v) : NaN;
  return Number.isFinite(n) ? n : null;
};
const bool = (v: unknown): boolean | null => (v === true || v === 'true' ? true : v === false || v === 'false' ? false : null);

/** An error code that is really there ("", "0" and "null" are not). */
function realCode(v: unknown): string | null {
  const c = text(v);
  return c && c !== '0' && c.toLowerCase() !== 'null' ? c : null;
}

// --- Tokens (the engine calls these through the module's `auth.refresh`) --------------------

/** How long an access token lives when the answer does not say [U]: renewed early rather than late. */
const DEFAULT_TOKEN_SECONDS = 3600;

function secondsFrom(relative: unknown, absoluteMs: unknown, now: Date): number | null {
  const s = num(relative);
  if (s !== null && s > 0) return s;
  const at = num(absoluteMs);
  if (at !== null && at > now.getTime()) return Math.floor((at - now.getTime()) / 1000);
  return null;
}

/** The object holding `access_token`: the body itself, or a wrapper around it. */
function tokenBody(body: Raw): Raw | null {
  if (typeof body.access_token === 'string') return body;
  for (const v of Object.values(body)) if (v && typeof v === 'object' && !Array.isArray(v) && typeof (v as Raw).access_token === 'string') return v as Raw;
  return null;
}

/**
 * An access token for the account: `/rest/auth/token/refresh` with the refresh token, or, before
 * there is one, `/rest/auth/token/create` with the consent's code (§7). Signed here: the token
 * call goes through the engine's client without auth. The answer's field names are [U]:
 * `access_token`, `expires_in` (seconds) or `expire_time` (epoch ms), `refresh_token`,
 * `refresh_expires_in` or `refresh_token_valid_time`.
 */
export async function requestToken(http: HttpClient, baseUrl: string, credentials: Record<string, string>, now: Date): Promise<AccessGrant> {
  const c = readCredentials(credentials);
  let path: string;
  let params: Record<string, string>;
  if (c.refreshToken) [path, params] = ['/auth/token/refresh', { refresh_token: c.refreshToken }];
  else if (c.authCode) [path, params] = ['/auth/token/create', { code: c.authCode }];
  else throw new AuthFailedError({ code: 'NO_REFRESH_TOKEN', message: 'The AliExpress channel has neither a refresh token nor an authorisation code: authorise the app again', operation: 'auth' });
  const req = signRequest({ method: 'POST', url: `${gatewayRoot(baseUrl)}/rest${path}`, form: { ...params, timestamp: String(now.getTime()) }, operation: 'auth', idempotent: false }, c);
  const res = await http.request<unknown>(req);
  const body = aeBody(res.data);
  const error = body ? errorBodyOf(body) : null;
  if (error) throw aeError(error, 'auth');
  const token = body ? tokenBody(body) : null;
  const accessToken = token ? text(token.access_token) : null;
  if (!token || !accessToken) throw new AuthFailedError({ code: 'REFRESH_FAILED', message: `AliExpress ${path} returned no access_token`, operation: 'auth' });
  const refresh = text(token.refresh_token);
  return {
    accessToken,
    expiresInSeconds: secondsFrom(token.expires_in, token.expire_time, now) ?? DEFAULT_TOKEN_SECONDS,
    refreshToken: refresh ? { value: refresh, expiresInSeconds: secondsFrom(token.refresh_expires_in, token.refresh_token_valid_time, now) } : null,
  };
}

// --- Business calls -------------------------------------------------------------------------

export interface OrderListPage {
  rows: Raw[];
  totalCount: number | null;
  totalPage: number | null;
}

/** A batch stock or price answer, by product id (§5). */
export interface BatchAnswer {
  success: boolean | null;
  errorCode: string | null;
  errorMessage: string | null;
  succeeded: Set<string>;
  failed: Map<string, { code: string; message: string }>;
}

export interface ProductStatusAnswer {
  success: boolean;
  errorCode: string | null;
  errorMessage: string | null;
}

/** A batch stock or price answer (the method's response object) by product id. */
export function readBatchAnswer(inner: Raw): BatchAnswer {
  // The fields sit beside request_id in the wrapper [M]; some answers nest them in `result`.
  const r = (inner.result && typeof inner.result === 'object' && !Array.isArray(inner.result) ? inner.result : inner) as Raw;
  const succeeded = new Set<string>();
  for (const p of aeList(r.update_successful_list, 'synchronize_product_response_dto')) {
    const id = idString(p.product_id);
    if (id) succeeded.add(id);
  }
  const failed = new Map<string, { code: string; message: string }>();
  for (const p of aeList(r.update_failed_list, 'synchronize_product_response_dto')) {
    const id = idString(p.product_id);
    if (id) failed.set(id, { code: text(p.error_code) ?? 'UPDATE_FAILED', message: text(p.error_message) ?? 'AliExpress did not update the product' });
  }
  return { success: bool(r.update_success), errorCode: realCode(r.update_error_code), errorMessage: text(r.update_error_message), succeeded, failed };
}

/**
 * How one product of a batch ended: failed when `update_failed_list` names it, done when
 * `update_successful_list` does (or the whole call succeeded), else the call's own error (or,
 * when the answer says nothing of it, a retryable gap: the values are absolute, so sending them
 * again is harmless).
 */
export function productOutcome(answer: BatchAnswer, productId: string): { ok: true } | { ok: false; error: ItemError } {
  const failed = answer.failed.get(productId);
  if (failed) return { ok: false, error: { kind: kindOfCode(failed.code), code: failed.code, message: failed.message } };
  if (answer.succeeded.has(productId) || answer.success === true) return { ok: true };
  if (answer.errorCode) return { ok: false, error: { kind: kindOfCode(answer.errorCode), code: answer.errorCode, message: answer.errorMessage ?? 'AliExpress did not update the product' } };
  return { ok: false, error: { kind: 'RETRYABLE', code: 'NO_RESULT', message: `AliExpress answered without a result for product ${productId}` } };
}

export class AeClient {
  readonly root: string;

  constructor(
    private readonly http: HttpClient,
    baseUrl: string,
    readonly credentials: AeCredentials,
    private readonly now: () => Date,
  ) {
    this.root = gatewayRoot(baseUrl);
  }

  /**
   * One business call: POST `/sync` with `method`, `format=json`, `simplify=false` and the
   * business parameters (objects as JSON text). The call name the rate limits go by is the
   * method: AliExpress limits each API on its own (§8).
   */
  async call(method: string, params: Record<string, unknown>, opts: { idempotent: boolean }): Promise<Raw> {
    const form: Record<string, string> = { method, format: 'json', simplify: 'false', timestamp: String(this.now().getTime()), ...wireParams(params) };
    const res = await this.http.request({ method: 'POST', url: `${this.root}/sync`, form, operation: method, idempotent: opts.idempotent });
    return unwrap(res.data, method, method);
  }

  /** A page of orders: `aliexpress.solution.order.get` (dates US Pacific, §5). */
  async orders(query: OrderQuery): Promise<OrderListPage> {
    const method = 'aliexpress.solution.order.get';
    const result = ((await this.call(method, orderListParams(query), { idempotent: true })).result ?? {}) as Raw;
    if (bool(result.success) === false) throw businessError(realCode(result.error_code), text(result.error_message), method);
    return { rows: aeList(result.target_list, 'order_dto', 'aeop_order_item_dto'), totalCount: num(result.total_count), totalPage: num(result.total_page) };
  }

  /** One order in full (`aliexpress.solution.order.info.get`, `result.data`); null when AliExpress has none by that id. */
  async orderDetail(orderId: string): Promise<Raw | null> {
    const method = 'aliexpress.solution.order.info.get';
    const result = ((await this.call(method, orderDetailParams(orderId), { idempotent: true })).result ?? {}) as Raw;
    const code = realCode(result.error_code);
    if (code) {
      const err = businessError(code, text(result.error_message), method);
      if (err instanceof PermanentError && !result.data) return null;
      throw err;
    }
    const data = result.data;
    return data && typeof data === 'object' && !Array.isArray(data) ? (data as Raw) : null;
  }

  /** Ships (part of) an order: `aliexpress.solution.order.fulfill`. Not safe to repeat: the caller looks at the order first. */
  async fulfil(args: FulfilArgs): Promise<{ success: boolean; errorCode: string | null; errorMessage: string | null }> {
    const method = 'aliexpress.solution.order.fulfill';
    const result = ((await this.call(method, fulfilParams(args), { idempotent: false })).result ?? {}) as Raw;
    // The metadata lists only result_success; result_error_code / result_error_desc are [U].
    return { success: bool(result.result_success) === true, errorCode: realCode(result.result_error_code), errorMessage: text(result.result_error_desc) };
  }

  /** Absolute quantities: `aliexpress.solution.batch.product.inventory.update`. */
  async inventoryUpdate(products: ProductUpdate<SkuInventory>[]): Promise<BatchAnswer> {
    return this.batch('aliexpress.solution.batch.product.inventory.update', inventoryParams(products));
  }

  /** Prices with their discount prices: `aliexpress.solution.batch.product.price.update`. */
  async priceUpdate(products: ProductUpdate<SkuPrice>[]): Promise<BatchAnswer> {
    return this.batch('aliexpress.solution.batch.product.price.update', priceParams(products));
  }

  private async batch(method: string, params: Record<string, unknown>): Promise<BatchAnswer> {
    // Absolute values: sending them again after a lost answer is harmless.
    return readBatchAnswer(await this.call(method, params, { idempotent: true }));
  }

  /** Creates a product: `aliexpress.solution.product.post`; its product id. Not safe to repeat (see findListing). */
  async productPost(dto: PostProductRequest): Promise<string> {
    return this.productWrite('aliexpress.solution.product.post', productPostParams(dto), false);
  }

  /** Edits a product: `aliexpress.solution.product.edit`; its product id. */
  async productEdit(dto: EditProductRequest): Promise<string> {
    return this.productWrite('aliexpress.solution.product.edit', productEditParams(dto), true, dto.product_id.toString());
  }

  private async productWrite(method: string, params: Record<string, unknown>, idempotent: boolean, known?: string): Promise<string> {
    const result = ((await this.call(method, params, { idempotent })).result ?? {}) as Raw;
    // The metadata lists only product_id; success / error_code / error_message are [U] and read when present.
    const code = realCode(result.error_code);
    if (bool(result.success) === false || code) throw businessError(code, text(result.error_message), method);
    const id = idString(result.product_id) ?? known ?? null;
    if (!id) throw new PermanentError({ code: 'NO_PRODUCT_ID', message: `${method} answered without a product_id`, operation: method });
    return id;
  }

  /** One product as AliExpress holds it (`aliexpress.solution.product.info.get` [U]); null when it has none by that id. */
  async productInfo(productId: string): Promise<Raw | null> {
    const method = 'aliexpress.solution.product.info.get';
    const result = ((await this.call(method, productInfoParams(productId), { idempotent: true })).result ?? null) as Raw | null;
    if (!result || typeof result !== 'object') return null;
    const code = realCode(result.error_code);
    if (bool(result.success) === false || code) {
      // An unknown product is refused as a business error: reconciliation shows it as missing.
      if (kindOfCode(code) === 'PERMANENT') return null;
      throw businessError(code, text(result.error_message), method);
    }
    return idString(result.product_id) ? result : null;
  }

  /** Product ids of one page of a product list query (`aliexpress.solution.product.list.get` [U]). */
  async productIds(query: ProductListQuery): Promise<{ ids: string[]; totalPage: number | null }> {
    const method = 'aliexpress.solution.product.list.get';
    const result = ((await this.call(method, productListParams(query), { idempotent: true })).result ?? {}) as Raw;
    if (bool(result.success) === false) throw businessError(realCode(result.error_code), text(result.error_message) ?? text(result.error_msg), method);
    const ids = aeList(result.aeop_a_e_product_display_d_t_o_list, 'item_display_dto').flatMap((p) => idString(p.product_id) ?? []);
    return { ids, totalPage: num(result.total_page) };
  }

  /**
   * Takes products off sale (`aliexpress.postproduct.redefining.offlineaeproduct`) or puts them
   * back (`…onlineaeproduct`) [U: neither is in the reference; the names and `product_ids` come
   * from the TOP SDKs; the answer is `result {success, modify_count, error_code, error_message}`].
   */
  async productStatus(action: 'offline' | 'online', productIds: string[]): Promise<ProductStatusAnswer> {
    const method = `aliexpress.postproduct.redefining.${action}aeproduct`;
    const result = ((await this.call(method, productIdsParams(productIds), { idempotent: true })).result ?? {}) as Raw;
    const code = realCode(result.error_code);
    return { success: bool(result.success) !== false && !code, errorCode: code, errorMessage: text(result.error_message) };
  }

  /**
   * Puts an image in the seller's photo bank (`aliexpress.photobank.redefining.uploadimageforsdk`)
   * and returns its photo-bank URL, the only kind product images may use since 2022-08-11 (§5).
   * [U] The gateway takes `image_bytes` as a multipart file part (unsigned); the SDK's HTTP helper
   * sends url-encoded forms and JSON only, so it goes as base64 text in the form, an ordinary
   * parameter signed with the rest, until the helper can send multipart.
   */
  async uploadImage(fileName: string, bytes: Buffer, groupId?: string | null): Promise<string> {
    const method = 'aliexpress.photobank.redefining.uploadimageforsdk';
    const params: Record<string, unknown> = { file_name: fileName, image_bytes: bytes.toString('base64') };
    if (groupId) params.group_id = groupId;
    const result = ((await this.call(method, params, { idempotent: false })).result ?? {}) as Raw;
    const code = realCode(result.error_code);
    if (bool(result.success) === false || bool(result.is_success) === false || code) throw businessError(code, text(result.error_message), method);
    const url = text(result.photobank_url);
    if (!url) throw new PermanentError({ code: 'NO_PHOTOBANK_URL', message: `${method} answered without a photobank_url for ${fileName}`, operation: method });
    return url.startsWith('//') ? `https:${url}` : url;
  }
}
