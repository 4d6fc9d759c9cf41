import { AuthFailedError, PermanentError, RetryableError } from '../sdk/errors';
import type { HttpAuth, HttpClient, HttpRequest } from '../sdk/http';
import type { Operation } from '../sdk/types';
import { topBody, topError, TopErrorBody } from './errors';
import { topList } from './mapping';
import { signTopRequest, TopSignMethod } from './signing';
import { formatTopTime } from './top-time';

/**
 * Wire calls to the TOP gateway and nothing else: system parameters, signature, the
 * `<method>_response` envelope, and the session refresh. Everything is POSTed as
 * application/x-www-form-urlencoded (UTF-8) to the single gateway URL, system and business
 * parameters together, which §1 allows and the signature covers alike.
 */

type Raw = Record<string, unknown>;

/** The credentials JSON of a TAOBAO/TMALL channel (the connector's `credentialFields`). */
export interface TopCredentials {
  appKey: string;
  appSecret: string;
  sessionKey: string;
  refreshToken?: string;
  signMethod: TopSignMethod;
  callsPerSecond: number;
}

const SIGN_METHODS: TopSignMethod[] = ['md5', 'hmac', 'hmac-sha256'];
export const DEFAULT_CALLS_PER_SECOND = 10;
export const REFRESH_METHOD = 'taobao.top.auth.token.refresh';

/** Reads and checks the stored credentials; AuthFailedError names what is missing (a person must fix it). */
export function readCredentials(raw: Record<string, string>): TopCredentials {
  const missing = ['appKey', 'appSecret', 'sessionKey'].filter((f) => !raw[f]?.trim());
  if (missing.length) throw new AuthFailedError({ code: 'CREDENTIALS_MISSING', message: `Taobao credentials lack ${missing.join(', ')}` });
  const signMethod = (raw.signMethod?.trim() || 'hmac-sha256') as TopSignMethod;
  if (!SIGN_METHODS.includes(signMethod)) throw new AuthFailedError({ code: 'CREDENTIALS_INVALID', message: `signMethod must be one of ${SIGN_METHODS.join(', ')}` });
  const cps = raw.callsPerSecond ? Number(raw.callsPerSecond) : DEFAULT_CALLS_PER_SECOND;
  return {
    appKey: raw.appKey.trim(),
    appSecret: raw.appSecret.trim(),
    sessionKey: raw.sessionKey.trim(),
    refreshToken: raw.refreshToken?.trim() || undefined,
    signMethod,
    callsPerSecond: Number.isFinite(cps) && cps > 0 ? cps : DEFAULT_CALLS_PER_SECOND,
  };
}

/** The stored form of credentials (strings only), for ctx.saveCredentials. */
export function credentialsRecord(c: TopCredentials, base: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = { ...base, appKey: c.appKey, appSecret: c.appSecret, sessionKey: c.sessionKey, signMethod: c.signMethod };
  if (c.refreshToken) out.refreshToken = c.refreshToken;
  return out;
}

/** `taobao.trades.sold.get` → `trades_sold_get_response` (§4): only the `taobao.` prefix goes. */
export function responseKey(method: string): string {
  return `${method.replace(/^taobao\./, '').replace(/\./g, '_')}_response`;
}

/**
 * Sessions refreshed in this process, old session → new credentials. Every connector of the
 * account that still holds the old session adopts the new one instead of spending the (possibly
 * rotated) refresh token again; a refresh under way is shared by everyone who asks meanwhile.
 */
const refreshed = new Map<string, Promise<TopCredentials>>();

export interface TopSessionOptions {
  credentials: Record<string, string>;
  now: () => Date;
  saveCredentials(credentials: Record<string, string>): Promise<void>;
}

/**
 * The account's session: signs every request (an HttpAuth, so a retry is signed again with a
 * fresh timestamp) and refreshes the session key with the refresh token when TOP says 27.
 */
export class TopSession implements HttpAuth {
  credentials: TopCredentials;
  private readonly stored: Record<string, string>;

  constructor(private readonly options: TopSessionOptions, private readonly http: () => HttpClient, private readonly gateway: string) {
    this.stored = options.credentials;
    this.credentials = readCredentials(options.credentials);
  }

  /** Adds app_key, session, timestamp, format, v, sign_method and sign to the form. */
  apply(req: HttpRequest): HttpRequest {
    const c = this.credentials;
    const params: Record<string, string> = { ...(req.form ?? {}) };
    delete params.sign;
    params.app_key = c.appKey;
    // The refresh call authenticates with the refresh token; an expired session must not ride along.
    if (params.method !== REFRESH_METHOD) params.session = c.sessionKey;
    else delete params.session;
    params.timestamp = formatTopTime(this.options.now());
    params.format = 'json';
    params.v = '2.0';
    params.sign_method = c.signMethod;
    for (const [k, v] of Object.entries(params)) if (v === '' || v === undefined || v === null) delete params[k];
    params.sign = signTopRequest(params, c.appSecret, c.signMethod);
    return { ...req, form: params };
  }

  /** Secrets never to appear in logs. */
  secrets(): string[] {
    const c = this.credentials;
    return [c.appSecret, c.sessionKey, c.refreshToken ?? ''].filter(Boolean);
  }

  /**
   * A new session key from `taobao.top.auth.token.refresh` [U: method and response shape per the
   * shared decision: `token_result`, a JSON string with access_token, refresh_token, expire_time].
   * AuthFailedError when there is no refresh token or TOP refuses it.
   */
  async refresh(): Promise<void> {
    const old = this.credentials;
    const key = `${old.appKey}\u0000${old.sessionKey}`;
    let pending = refreshed.get(key);
    if (!pending) {
      pending = this.exchange(old);
      refreshed.set(key, pending);
      // A failed refresh may be retried later (say, after staff fix the token); a success is remembered.
      pending.catch(() => refreshed.delete(key));
      // Old sessions are forgotten after a while so the map does not grow without end.
      setTimeout(() => refreshed.delete(key), 60 * 60 * 1000).unref();
    }
    this.credentials = await pending;
  }

  private async exchange(old: TopCredentials): Promise<TopCredentials> {
    if (!old.refreshToken) throw new AuthFailedError({ code: '27', message: 'The Taobao session has expired and there is no refresh token: authorise the app again', operation: 'auth' });
    const res = await this.http().request({
      method: 'POST',
      url: this.gateway,
      form: this.apply({ method: 'POST', url: this.gateway, operation: 'auth', form: { method: REFRESH_METHOD, refresh_token: old.refreshToken } }).form,
      operation: 'auth',
      idempotent: false,
    });
    const body = unwrap(res.data, REFRESH_METHOD, 'auth');
    const raw = body.token_result;
    const token = (typeof raw === 'string' ? topBody(raw) : (raw as Raw | null)) ?? {};
    const accessToken = typeof token.access_token === 'string' ? token.access_token : null;
    if (!accessToken) throw new AuthFailedError({ code: 'REFRESH_FAILED', message: 'taobao.top.auth.token.refresh returned no access_token', operation: 'auth' });
    const next: TopCredentials = { ...old, sessionKey: accessToken, refreshToken: typeof token.refresh_token === 'string' ? token.refresh_token : old.refreshToken };
    await this.options.saveCredentials(credentialsRecord(next, this.stored));
    return next;
  }
}

/** The `<method>_response` object of a TOP answer; an `error_response` becomes its SDK error. */
export function unwrap(data: unknown, method: string, operation: string): Raw {
  const body = topBody(data);
  if (!body) throw new RetryableError({ code: 'BAD_RESPONSE', message: `${method}: the answer is not a JSON object`, operation });
  if (body.error_response) throw topError(body.error_response as TopErrorBody, operation);
  const inner = body[responseKey(method)];
  if (!inner || typeof inner !== 'object') throw new RetryableError({ code: 'BAD_RESPONSE', message: `${method}: the answer has no ${responseKey(method)}`, operation });
  return inner as Raw;
}

export interface CallOptions {
  operation: Operation;
  /** Reads and absolute sets may be sent again after a timeout; default false (TOP is all POST). */
  idempotent?: boolean;
}

/** Page of a paged TOP list. */
export interface TopPage {
  total: number | null;
  hasNext: boolean | null;
  rows: Raw[];
}

/** Trade fields the connector reads, of those every trade method returns (taobao.md §6). */
const COMMON_TRADE_FIELDS = [
  'tid', 'status', 'type', 'created', 'modified', 'pay_time', 'consign_time', 'end_time', 'payment', 'total_fee', 'post_fee',
  'discount_fee', 'adjust_fee', 'buyer_nick', 'buyer_open_uid', 'seller_nick', 'shipping_type', 'receiver_name',
  'receiver_country', 'receiver_state', 'receiver_city', 'receiver_district', 'receiver_town', 'receiver_address', 'receiver_zip',
  'receiver_mobile', 'receiver_phone', 'oaid', 'step_trade_status', 'order_tax_fee', 'orders',
];
/**
 * What taobao.trades.sold.increment.get is asked for: it says whether there is a buyer message
 * (`has_buyer_message`) but does not carry it, nor the hold fields ([M]); trades that need those
 * are read again with fullinfo.get.
 */
export const TRADE_FIELDS = [...COMMON_TRADE_FIELDS, 'has_buyer_message'].join(',');
/** What taobao.trade.fullinfo.get is asked for: the string ids, the message, the email, COD state and the hold fields. */
export const FULLINFO_FIELDS = [
  ...COMMON_TRADE_FIELDS, 'tid_str', 'buyer_message', 'buyer_email', 'cod_status', 'top_hold', 'team_buy_hold', 'share_group_hold', 'ofp_hold', 'forbid_consign',
].join(',');
export const REFUND_FIELDS = 'refund_id,tid,oid,title,buyer_nick,seller_nick,total_fee,status,created,refund_fee,good_status,company_name,sid,payment,reason,desc,has_good_return,modified,order_status,refund_phase,dispute_type';
/**
 * The trade types pulled. Without `type`, increment.get and trades.sold.get search only
 * guarantee_trade,auto_delivery,ec,cod,step and refunds.receive.get only
 * guarantee_trade,auto_delivery ([M]); a shop's Tmall cash-on-delivery (b2c_cod), distribution
 * (fenxiao), supermarket or 0-yuan trades would never arrive, nor refunds of presale (step) or
 * COD trades. These are the types of physical goods a shop ships; virtual ones it does not
 * (ec 直冲, auto_delivery 自动发货, game_equipment, hotel, waimai, netcn and the like) are left out,
 * as are O2O trades fulfilled in a store. guarantee_trade covers fixed and auction (一口价、拍卖).
 */
export const TRADE_TYPES = [
  'guarantee_trade', 'fixed', 'auction', 'step', 'cod', 'b2c_cod', 'instant_trade', 'independent_simple_trade', 'independent_shop_trade',
  'fenxiao', 'super_market_trade', 'super_market_cod_trade', 'nopaid', 'pre_auth_type',
].join(',');
/** items.onsale.get's largest page. */
export const ONSALE_PAGE_SIZE = 200;
export const SKU_FIELDS = 'sku_id,num_iid,properties,properties_name,quantity,price,outer_id,status,modified';

/** The TOP calls the connector makes, one function each. */
export class TopClient {
  readonly session: TopSession;

  constructor(private readonly http: HttpClient, readonly gateway: string, session: TopSessionOptions) {
    this.session = new TopSession(session, () => this.http, gateway);
  }

  /**
   * Calls one TOP method. The request is signed here (the host's HTTP client does not know TOP);
   * on an invalid session (27) with a refresh token, the session is refreshed once and the call
   * sent again.
   */
  async call(method: string, params: Record<string, string | number | boolean | undefined | null>, opts: CallOptions): Promise<Raw> {
    const form: Record<string, string> = { method };
    for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') form[k] = String(v);
    const send = async () => {
      const req = this.session.apply({ method: 'POST', url: this.gateway, form, operation: opts.operation, idempotent: opts.idempotent ?? false });
      const res = await this.http.request(req);
      return unwrap(res.data, method, opts.operation);
    };
    try {
      return await send();
    } catch (e) {
      if (!(e instanceof AuthFailedError) || !e.code.startsWith('27') || !this.session.credentials.refreshToken) throw e;
      await this.session.refresh();
      return send();
    }
  }

  private page(body: Raw, listKey: string, itemKey: string): TopPage {
    const total = body.total_results === undefined ? null : Number(body.total_results);
    return { total: Number.isFinite(total) ? total : null, hasNext: typeof body.has_next === 'boolean' ? body.has_next : null, rows: topList(body[listKey], itemKey) ?? [] };
  }

  /** Who the session belongs to: `taobao.user.seller.get` [U: not in the metadata snapshot]. */
  async sellerInfo(): Promise<Raw> {
    const body = await this.call('taobao.user.seller.get', { fields: 'user_id,nick,type' }, { operation: 'auth', idempotent: true });
    return (body.user as Raw) ?? {};
  }

  /** One item on sale (cheap proof that the session works). */
  async itemsOnsale(pageSize = 1): Promise<TopPage> {
    const body = await this.call('taobao.items.onsale.get', { fields: 'num_iid,title,num,price,approve_status', page_no: 1, page_size: pageSize }, { operation: 'listings', idempotent: true });
    return this.page(body, 'items', 'item');
  }

  /** A page of the items on sale with their merchant codes, latest changed first (200 a page). */
  async itemsOnsalePage(pageNo: number): Promise<TopPage> {
    const body = await this.call(
      'taobao.items.onsale.get',
      { fields: 'num_iid,outer_id,modified', order_by: 'modified:desc', page_no: pageNo, page_size: ONSALE_PAGE_SIZE },
      { operation: 'listings', idempotent: true },
    );
    return this.page(body, 'items', 'item');
  }

  async tradesSoldIncrement(args: { start: Date; end: Date; pageNo: number; pageSize: number; useHasNext: boolean }): Promise<TopPage> {
    const body = await this.call(
      'taobao.trades.sold.increment.get',
      {
        fields: TRADE_FIELDS,
        start_modified: formatTopTime(args.start),
        end_modified: formatTopTime(args.end),
        type: TRADE_TYPES,
        page_no: args.pageNo,
        page_size: args.pageSize,
        use_has_next: args.useHasNext ? 'true' : undefined,
      },
      { operation: 'orders', idempotent: true },
    );
    return this.page(body, 'trades', 'trade');
  }

  async tradeFullinfo(tid: string, fields = FULLINFO_FIELDS): Promise<Raw | null> {
    const body = await this.call('taobao.trade.fullinfo.get', { fields, tid }, { operation: 'orders', idempotent: true });
    return (body.trade as Raw) ?? null;
  }

  async refundsReceive(args: { start: Date; end: Date; pageNo: number; pageSize: number; useHasNext: boolean }): Promise<TopPage> {
    const body = await this.call(
      'taobao.refunds.receive.get',
      {
        fields: REFUND_FIELDS,
        start_modified: formatTopTime(args.start),
        end_modified: formatTopTime(args.end),
        type: TRADE_TYPES,
        page_no: args.pageNo,
        page_size: args.pageSize,
        use_has_next: args.useHasNext ? 'true' : undefined,
      },
      { operation: 'returns', idempotent: true },
    );
    return this.page(body, 'refunds', 'refund');
  }

  /**
   * Ships: `offline` is the seller's own carrier (taobao.logistics.offline.send), `online` the
   * send for cash-on-delivery trades and trades whose logistics were ordered online
   * (taobao.logistics.online.send, which offline.send refuses them for, [M]). Same parameters;
   * `subTids` for a split shipment (at most 50 offline, 20 online).
   */
  async logisticsSend(method: 'offline' | 'online', args: { tid: string; outSid: string; companyCode: string; subTids?: string[] }): Promise<boolean> {
    const split = args.subTids && args.subTids.length > 0;
    const body = await this.call(
      `taobao.logistics.${method}.send`,
      { tid: args.tid, out_sid: args.outSid, company_code: args.companyCode, sub_tid: split ? args.subTids!.join(',') : undefined, is_split: split ? 1 : undefined },
      { operation: 'shipments', idempotent: false },
    );
    const shipping = body.shipping as Raw | undefined;
    return shipping?.is_success === true || shipping?.is_success === 'true';
  }

  /** SKUs of up to 40 items. */
  async itemSkus(numIids: string[]): Promise<Raw[]> {
    if (numIids.length > 40) throw new PermanentError({ code: 'BATCH_TOO_LARGE', message: 'taobao.item.skus.get takes at most 40 num_iids' });
    const body = await this.call('taobao.item.skus.get', { fields: SKU_FIELDS, num_iids: numIids.join(',') }, { operation: 'listings', idempotent: true });
    return topList(body.skus, 'sku') ?? [];
  }

  async itemSeller(numIid: string, fields = 'num_iid,title,num,price,approve_status,outer_id,skus'): Promise<Raw | null> {
    const body = await this.call('taobao.item.seller.get', { fields, num_iid: numIid }, { operation: 'listings', idempotent: true });
    return (body.item as Raw) ?? null;
  }

  /** Absolute quantities (type=1) of up to 20 SKUs of one item. */
  async skusQuantityUpdate(numIid: string, quantities: { skuId: string; quantity: number }[]): Promise<Raw> {
    if (quantities.length > 20) throw new PermanentError({ code: 'BATCH_TOO_LARGE', message: 'taobao.skus.quantity.update takes at most 20 SKUs' });
    const body = await this.call(
      'taobao.skus.quantity.update',
      { num_iid: numIid, skuid_quantities: quantities.map((q) => `${q.skuId}:${q.quantity}`).join(';'), type: 1 },
      { operation: 'stock', idempotent: true },
    );
    return (body.item as Raw) ?? {};
  }

  /** Absolute quantity of an item without SKUs (or of one SKU). */
  async itemQuantityUpdate(numIid: string, quantity: number, skuId?: string | null): Promise<Raw> {
    const body = await this.call('taobao.item.quantity.update', { num_iid: numIid, sku_id: skuId ?? undefined, quantity, type: 1 }, { operation: 'stock', idempotent: true });
    return (body.item as Raw) ?? {};
  }

  /**
   * A SKU's price (and quantity, when given); `properties` identifies the SKU. `itemPrice` moves
   * the item's own price along: TOP refuses a SKU price that leaves the item's price outside the
   * range of its SKU prices unless `item_price` comes with it (item.sku.update metadata, [M]).
   */
  async itemSkuUpdate(args: { numIid: string; properties: string; price?: string; quantity?: number; itemPrice?: string }): Promise<Raw> {
    const body = await this.call(
      'taobao.item.sku.update',
      { num_iid: args.numIid, properties: args.properties, price: args.price, quantity: args.quantity, item_price: args.itemPrice },
      { operation: 'price', idempotent: true },
    );
    return (body.sku as Raw) ?? {};
  }

  /** Puts an item on sale with `num` units (taobao.item.update.listing, in the metadata snapshot, taobao.md §5). */
  async itemListing(numIid: string, num: number): Promise<Raw> {
    const body = await this.call('taobao.item.update.listing', { num_iid: numIid, num }, { operation: 'listings', idempotent: true });
    return (body.item as Raw) ?? {};
  }

  /** Takes an item off sale (into the warehouse, 仓库中): taobao.item.update.delisting (taobao.md §5). */
  async itemDelisting(numIid: string): Promise<Raw> {
    const body = await this.call('taobao.item.update.delisting', { num_iid: numIid }, { operation: 'listings', idempotent: true });
    return (body.item as Raw) ?? {};
  }
}
