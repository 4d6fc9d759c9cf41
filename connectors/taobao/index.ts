import { AuthFailedError, isMarketplaceError, MarketplaceError, PermanentError } from '../sdk/errors';
import { idString } from '../sdk/exact-json';
import type {
  Connector,
  ConnectorContext,
  ConnectorModule,
  Cursor,
  ListingDraft,
  ListingRef,
  OrdersPage,
  PriceUpdate,
  PulledOrder,
  PushResult,
  RemoteListing,
  ReturnDto,
  ReturnsPage,
  ShipmentPush,
  StockUpdate,
} from '../sdk/types';
import { DEFAULT_CALLS_PER_SECOND, ONSALE_PAGE_SIZE, TopClient } from './client';
import { classifyTopResponse } from './errors';
import { mapRefund, mapSku, mapTrade, topList, TOP_CURRENCY } from './mapping';
import { afterWindow, inWindow, MAX_WIDE_WINDOW_PAGES, narrowed, pageCount, PAGE_SIZE, readWindow, WINDOW_MS, windowEndFor } from './windows';

/**
 * The Taobao/Tmall connector. Tmall is a mode of Taobao, not a copy: same gateway, same
 * methods, same trade shapes; what differs is in `TopMode`.
 */

type Raw = Record<string, unknown>;

export interface TopMode {
  kind: 'TAOBAO' | 'TMALL';
  /** Tmall shops are B-stores (商城), Taobao shops C-stores (集市): `user.seller.get` type. */
  shopType: 'B' | 'C';
  /**
   * Whether a listing may be created with the classic `taobao.item.add`. Tmall items are
   * created through the product/schema APIs (tmall.item.schema.add) with brand and product
   * approval, which we do not drive: on Tmall an item must exist and be linked by num_iid.
   */
  classicItemAdd: boolean;
  /** Where staff create an item by hand. */
  backOffice: string;
}

export const MODES: Record<'TAOBAO' | 'TMALL', TopMode> = {
  TAOBAO: { kind: 'TAOBAO', shopType: 'C', classicItemAdd: true, backOffice: '千牛卖家工作台' },
  TMALL: { kind: 'TMALL', shopType: 'B', classicItemAdd: false, backOffice: '天猫商家中心 (千牛)' },
};

const STOCK_BATCH = 20;
const SKUS_GET_BATCH = 40;
/** Pages of items on sale findListing reads at most (200 items each). */
const FIND_MAX_PAGES = 10;

function modeOf(kind: string): TopMode {
  const mode = MODES[kind.toUpperCase() as 'TAOBAO' | 'TMALL'];
  if (!mode) throw new PermanentError({ code: 'UNKNOWN_KIND', message: `The Taobao connector serves TAOBAO and TMALL, not ${kind}` });
  return mode;
}

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function failure(sku: string, e: unknown): PushResult {
  if (!isMarketplaceError(e)) throw e;
  return { sku, ok: false, error: { kind: e.kind, code: e.code, message: e.message } };
}

/** Errors that are about the whole account, not one item: they stop a batch instead of failing its items. */
function isAccountWide(e: unknown): boolean {
  return e instanceof AuthFailedError;
}

const fen = (yuan: string): bigint | null => {
  const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(yuan.trim());
  return m ? BigInt(m[1]) * 100n + BigInt((m[2] ?? '').padEnd(2, '0')) : null;
};

/**
 * The item's price once SKU `skuId` costs `price`: the lowest SKU price. TOP keeps an item's
 * price inside the range of its SKU prices and refuses a SKU price that leaves it outside,
 * unless `item_price` moves it too (item.sku.update metadata, [M]).
 */
function itemPriceAfter(skus: Raw[], skuId: string | null, price: string): string {
  let low = price;
  for (const s of skus) {
    if (s.status === 'delete' || idString(s.sku_id) === skuId) continue;
    const p = String(s.price ?? '');
    const [a, b] = [fen(p), fen(low)];
    if (a !== null && b !== null && a < b) low = p;
  }
  return low;
}

/** A trade from increment.get that needs fullinfo.get to be complete (either reading of what increment.get returns works). */
function incomplete(t: Raw): boolean {
  return !topList(t.orders, 'order') || t.receiver_address === undefined || t.receiver_name === undefined;
}

class TaobaoConnector implements Connector {
  private readonly top: TopClient;

  constructor(private readonly mode: TopMode, private readonly ctx: ConnectorContext) {
    this.top = new TopClient(ctx.http, ctx.baseUrl, { credentials: ctx.credentials, now: () => ctx.now(), saveCredentials: (c) => ctx.saveCredentials(c) });
  }

  async checkCredentials(): Promise<{ account: string }> {
    try {
      const user = await this.top.sellerInfo();
      const type = typeof user.type === 'string' ? user.type : null;
      if (type && type !== this.mode.shopType) {
        throw new PermanentError({ code: 'SHOP_TYPE_MISMATCH', message: `The session belongs to a ${type === 'B' ? 'Tmall' : 'Taobao'} shop but the channel is ${this.mode.kind}`, operation: 'checkCredentials' });
      }
      return { account: String(user.nick ?? idString(user.user_id) ?? this.top.session.credentials.appKey) };
    } catch (e) {
      // user.seller.get is [U]: where the gateway does not know it, any authorised read proves the session.
      if (!(e instanceof PermanentError) || !e.code.startsWith('22')) throw e;
      await this.top.itemsOnsale(1);
      return { account: this.top.session.credentials.appKey };
    }
  }

  async publishListing(draft: ListingDraft): Promise<ListingRef> {
    this.requireCny(draft.currency, draft.sku);
    const numIid = draft.attributes?.numIid?.trim();
    if (numIid) return this.link(numIid, draft);
    if (!this.mode.classicItemAdd) throw this.createByHand(draft.sku, `${this.mode.kind} items are created with the schema APIs, which this connector does not drive`);
    if (!draft.categoryId) throw new PermanentError({ code: 'CATEGORY_REQUIRED', message: `Listing ${draft.sku}: a Taobao leaf category (cid) is required`, operation: 'publishListing' });
    const skuProperties = draft.attributes?.skuProperties ?? draft.attributes?.properties;
    let item: Raw;
    try {
      item = await this.top.itemAdd({
        num: draft.quantity,
        price: draft.price,
        type: 'fixed',
        stuff_status: 'new',
        title: draft.title,
        desc: draft.description || draft.title,
        'location.state': draft.attributes?.['location.state'] ?? draft.attributes?.locationState,
        'location.city': draft.attributes?.['location.city'] ?? draft.attributes?.locationCity,
        cid: draft.categoryId,
        outer_id: draft.sku,
        pic_path: draft.imageUrls?.[0],
        sku_properties: skuProperties,
        sku_quantities: skuProperties ? draft.quantity : undefined,
        sku_prices: skuProperties ? draft.price : undefined,
        sku_outer_ids: skuProperties ? draft.sku : undefined,
        barcode: draft.barcode ?? undefined,
      });
    } catch (e) {
      // item.add is [U]; where the gateway has retired it, staff create the item and we link it.
      if (e instanceof PermanentError && e.code.startsWith('22')) throw this.createByHand(draft.sku, 'taobao.item.add is not available on this gateway');
      throw e;
    }
    const itemId = idString(item.num_iid);
    if (!itemId) throw new PermanentError({ code: 'BAD_RESPONSE', message: 'taobao.item.add returned no num_iid', operation: 'publishListing' });
    const skus = await this.top.itemSkus([itemId]);
    const sku = skus.find((s) => s.outer_id === draft.sku);
    return this.ref(draft.sku, itemId, sku ?? null);
  }

  async updateListing(ref: ListingRef, draft: ListingDraft): Promise<ListingRef> {
    this.requireCny(draft.currency, draft.sku);
    // Title and description changes need taobao.item.update [U, retired like item.add]: we update
    // what the SKU APIs reach (price, quantity) and put the item back on sale when it is not.
    const item = await this.top.itemSeller(ref.itemId);
    if (!item) throw new PermanentError({ code: 'ITEM_NOT_FOUND', message: `Item ${ref.itemId} is not in this shop`, operation: 'updateListing' });
    const skus = topList(item.skus, 'sku') ?? [];
    const sku = ref.skuId ? skus.find((s) => idString(s.sku_id) === ref.skuId) : skus.find((s) => s.outer_id === draft.sku);
    let oldQuantity = 0;
    if (sku) {
      oldQuantity = Number(sku.quantity ?? 0);
      await this.top.itemSkuUpdate({
        numIid: ref.itemId,
        properties: String(sku.properties ?? ref.extra?.properties ?? ''),
        price: draft.price,
        quantity: draft.quantity,
        itemPrice: itemPriceAfter(skus, idString(sku.sku_id), draft.price),
      });
    } else {
      oldQuantity = Number(item.num ?? 0);
      await this.top.itemUpdate({ num_iid: ref.itemId, price: draft.price });
      await this.top.itemQuantityUpdate(ref.itemId, draft.quantity);
    }
    if (item.approve_status !== 'onsale') {
      const num = Math.max(0, Number(item.num ?? 0) - oldQuantity + draft.quantity);
      await this.top.itemListing(ref.itemId, num);
    }
    return this.ref(draft.sku, ref.itemId, sku ?? null);
  }

  async delistListing(ref: ListingRef): Promise<void> {
    // Delisting acts on the whole item: every SKU of it goes off sale together.
    await this.top.itemDelisting(ref.itemId);
  }

  async pushStock(updates: StockUpdate[]): Promise<PushResult[]> {
    const results = new Map<StockUpdate, PushResult>();
    const byItem = new Map<string, StockUpdate[]>();
    for (const u of updates) {
      if (!Number.isInteger(u.quantity) || u.quantity < 0) {
        results.set(u, { sku: u.ref.sku, ok: false, error: { kind: 'PERMANENT', code: 'INVALID_QUANTITY', message: `Quantity ${u.quantity} is not a whole number of 0 or more` } });
        continue;
      }
      byItem.set(u.ref.itemId, [...(byItem.get(u.ref.itemId) ?? []), u]);
    }
    await Promise.all(
      [...byItem].map(async ([itemId, group]) => {
        const withSku = group.filter((u) => u.ref.skuId);
        for (const u of group.filter((x) => !x.ref.skuId)) {
          try {
            await this.top.itemQuantityUpdate(itemId, u.quantity);
            results.set(u, { sku: u.ref.sku, ok: true });
          } catch (e) {
            if (isAccountWide(e)) throw e;
            results.set(u, failure(u.ref.sku, e));
          }
        }
        for (const batch of chunk(withSku, STOCK_BATCH)) {
          try {
            await this.top.skusQuantityUpdate(itemId, batch.map((u) => ({ skuId: u.ref.skuId!, quantity: u.quantity })));
            for (const u of batch) results.set(u, { sku: u.ref.sku, ok: true });
          } catch (e) {
            if (isAccountWide(e)) throw e;
            for (const u of batch) results.set(u, failure(u.ref.sku, e));
          }
        }
      }),
    );
    return updates.map((u) => results.get(u)!);
  }

  async pushPrice(updates: PriceUpdate[]): Promise<PushResult[]> {
    // Every SKU of the items touched: their properties identify them, their prices bound the item's.
    const skusByItem = await this.skusByItem(updates.filter((u) => u.ref.skuId).map((u) => u.ref));
    const results: PushResult[] = [];
    for (const u of updates) {
      try {
        this.requireCny(u.currency, u.ref.sku);
        if (!/^\d+(\.\d{1,2})?$/.test(u.price)) throw new PermanentError({ code: 'INVALID_PRICE', message: `Price ${u.price} is not an amount in yuan with at most 2 decimals` });
        if (!u.ref.skuId) {
          await this.top.itemUpdate({ num_iid: u.ref.itemId, price: u.price });
        } else {
          const skus = skusByItem.get(u.ref.itemId) ?? [];
          const sku = skus.find((s) => idString(s.sku_id) === u.ref.skuId);
          const props = u.ref.extra?.properties ?? (typeof sku?.properties === 'string' ? sku.properties : undefined);
          if (!props) throw new PermanentError({ code: 'SKU_NOT_FOUND', message: `SKU ${u.ref.skuId} is not on item ${u.ref.itemId}` });
          await this.top.itemSkuUpdate({ numIid: u.ref.itemId, properties: props, price: u.price, itemPrice: itemPriceAfter(skus, u.ref.skuId, u.price) });
          // The next SKU of the same item is priced against this one's new price.
          if (sku) sku.price = u.price;
        }
        results.push({ sku: u.ref.sku, ok: true });
      } catch (e) {
        if (isAccountWide(e)) throw e;
        results.push(failure(u.ref.sku, e));
      }
    }
    return results;
  }

  async pullOrders(cursor: Cursor | null): Promise<OrdersPage> {
    return this.pullWindowed(cursor, async (args) => {
      const page = await this.top.tradesSoldIncrement(args);
      const trades = await Promise.all(page.rows.map((t) => this.complete(t)));
      return { total: page.total, items: trades.map((t) => mapTrade(t)) };
    }).then(({ items, nextCursor, done }) => ({ orders: items, nextCursor, done }));
  }

  async getOrder(externalId: string): Promise<PulledOrder> {
    const trade = await this.top.tradeFullinfo(externalId);
    if (!trade) throw new PermanentError({ code: 'ORDER_NOT_FOUND', message: `Trade ${externalId} was not found`, operation: 'getOrder' });
    return mapTrade(trade);
  }

  async pushShipment(shipment: ShipmentPush): Promise<void> {
    let subTids: string[] | undefined;
    if (shipment.externalLineIds?.length) {
      // is_split only when some lines stay behind: TOP wants the whole trade sent without sub_tid.
      const trade = await this.top.tradeFullinfo(shipment.orderExternalId, 'tid,status,orders');
      const all = (topList(trade?.orders, 'order') ?? []).map((o) => idString(o.oid) ?? idString(o.oid_str));
      const wanted = new Set(shipment.externalLineIds);
      const everyLine = all.length > 0 && all.every((oid) => oid && wanted.has(oid)) && wanted.size === all.length;
      if (!everyLine) subTids = shipment.externalLineIds;
    }
    let ok: boolean;
    try {
      ok = await this.top.logisticsOfflineSend({
        tid: shipment.orderExternalId,
        outSid: shipment.trackingNumber,
        // The carrier is TOP's company code (taobao.logistics.companies.get: ZTO, YTO, SF, POST...).
        companyCode: shipment.carrier,
        subTids,
      });
    } catch (e) {
      if (e instanceof PermanentError && (await this.alreadyShipped(shipment))) return;
      throw e;
    }
    if (!ok) throw new PermanentError({ code: 'SHIP_FAILED', message: `taobao.logistics.offline.send did not succeed for trade ${shipment.orderExternalId}`, operation: 'pushShipment' });
  }

  /**
   * Whether the parcel is already on the trade: every line it carries shows its tracking number.
   * A send is not safe to repeat, so after a lost answer (a timeout, a worker killed before it
   * recorded the success) the next attempt is refused as already shipped; the trade itself says
   * whether that earlier send was ours. TOP's code for the refusal is not documented [U], so we
   * look at the trade whatever the refusal, and keep the refusal when the tracking differs.
   */
  private async alreadyShipped(shipment: ShipmentPush): Promise<boolean> {
    const trade = await this.top.tradeFullinfo(shipment.orderExternalId, 'tid,status,orders');
    const lines = topList(trade?.orders, 'order') ?? [];
    const wanted = shipment.externalLineIds?.length ? new Set(shipment.externalLineIds) : null;
    const parcel = lines.filter((o) => {
      const oid = idString(o.oid) ?? idString(o.oid_str);
      return wanted ? oid !== null && wanted.has(oid) : !String(o.status ?? '').startsWith('TRADE_CLOSED');
    });
    return parcel.length > 0 && parcel.every((o) => String(o.invoice_no ?? '').trim() === shipment.trackingNumber.trim());
  }

  async pullReturns(cursor: Cursor | null): Promise<ReturnsPage> {
    const { items, nextCursor, done } = await this.pullWindowed(cursor, async (args) => {
      const page = await this.top.refundsReceive(args);
      // ReturnsPage has no quarantine: a refund we cannot read is left out rather than stopping the pull.
      const returns = page.rows.map(mapRefund).flatMap((r) => (r.ok ? [r.value] : []));
      return { total: page.total, items: returns };
    });
    return { returns: items as ReturnDto[], nextCursor, done };
  }

  async fetchListings(refs: ListingRef[]): Promise<RemoteListing[]> {
    const itemIds = [...new Set(refs.map((r) => r.itemId))];
    const skus: Raw[] = [];
    for (const ids of chunk(itemIds, SKUS_GET_BATCH)) skus.push(...(await this.top.itemSkus(ids)));
    // skus.get says nothing of the item being on sale, nor of items without SKUs: item.seller.get does.
    const items = new Map<string, Raw | null>();
    await Promise.all(
      itemIds.map(async (id) => {
        try {
          items.set(id, await this.top.itemSeller(id, 'num_iid,num,price,approve_status,outer_id'));
        } catch (e) {
          if (!(e instanceof PermanentError)) throw e;
          items.set(id, null); // deleted or not ours: shown as missing below
        }
      }),
    );
    const out: RemoteListing[] = [];
    for (const ref of refs) {
      const item = items.get(ref.itemId) ?? null;
      const onSale = item ? item.approve_status === 'onsale' : false;
      if (ref.skuId) {
        const sku = skus.find((s) => idString(s.num_iid) === ref.itemId && idString(s.sku_id) === ref.skuId);
        const mapped = sku ? mapSku(sku, ref.sku, item ? onSale : null) : null;
        if (mapped) out.push({ ...mapped, active: item ? mapped.active : false });
      } else if (item) {
        out.push({ ref, quantity: Number(item.num ?? 0), price: String(item.price ?? '0.00'), active: onSale });
      }
    }
    return out;
  }

  /**
   * An item created by an earlier item.add whose answer was lost: items on sale changed since
   * then, matched by merchant code (outer_id, which item.add sets to the SKU). Looks through
   * at most FIND_MAX_PAGES pages; a shop changing more items than that in the time is asked
   * no further and the publish goes ahead.
   */
  async findListing(sku: string, since: Date): Promise<ListingRef | null> {
    for (let pageNo = 1; pageNo <= FIND_MAX_PAGES; pageNo++) {
      const page = await this.top.itemsOnsaleSince(since, pageNo);
      const hit = page.rows.find((r) => String(r.outer_id ?? '') === sku);
      const itemId = hit ? idString(hit.num_iid) : null;
      if (itemId) {
        const skus = await this.top.itemSkus([itemId]);
        return this.ref(sku, itemId, skus.find((s) => s.outer_id === sku) ?? null);
      }
      if (page.rows.length < ONSALE_PAGE_SIZE || (page.total !== null && pageNo * ONSALE_PAGE_SIZE >= page.total)) return null;
    }
    return null;
  }

  /** The windowed, backwards-paged pull shared by orders and refunds (see windows.ts). */
  private async pullWindowed<T>(
    cursor: Cursor | null,
    fetch: (args: { start: Date; end: Date; pageNo: number; pageSize: number; useHasNext: boolean }) => Promise<{ total: number | null; items: T[] }>,
  ): Promise<{ items: T[]; nextCursor: Cursor; done: boolean }> {
    const now = this.ctx.now();
    const state = readWindow(cursor, now);
    if (state.windowEnd && state.page) {
      const { items } = await fetch({ start: state.from, end: state.windowEnd, pageNo: state.page, pageSize: PAGE_SIZE, useHasNext: true });
      if (state.page > 2) return { items, nextCursor: inWindow(state.from, state.windowEnd, state.page - 1, state.span), done: false };
      return { items, ...afterWindow(state.from, state.windowEnd, now, state.span, 2) };
    }
    const windowEnd = windowEndFor(state.from, now, state.span);
    // TOP wants the end after the start; a window under a second long has nothing new yet.
    if (windowEnd.getTime() - state.from.getTime() < 1000) return { items: [], nextCursor: { from: state.from.toISOString(), span: state.span }, done: true };
    const first = await fetch({ start: state.from, end: windowEnd, pageNo: 1, pageSize: PAGE_SIZE, useHasNext: false });
    const pages = first.total === 0 ? 0 : pageCount(first.total);
    // Too busy to walk at this width: its first page comes again in the narrower window.
    if (pages > MAX_WIDE_WINDOW_PAGES && state.span > WINDOW_MS) return { items: [], nextCursor: narrowed(state.from), done: false };
    if (pages > 1) return { items: first.items, nextCursor: inWindow(state.from, windowEnd, pages, state.span), done: false };
    return { items: first.items, ...afterWindow(state.from, windowEnd, now, state.span, pages) };
  }

  /** A trade as full as fullinfo.get makes it. */
  private async complete(t: Raw): Promise<Raw> {
    if (!incomplete(t)) return t;
    const tid = idString(t.tid) ?? idString(t.tid_str);
    if (!tid) return t; // mapTrade quarantines it
    try {
      return (await this.top.tradeFullinfo(tid)) ?? t;
    } catch (e) {
      // A trade fullinfo refuses (isv.*) is quarantined with what increment.get gave, not the whole page.
      if (e instanceof PermanentError) return t;
      throw e;
    }
  }

  private async skusByItem(refs: ListingRef[]): Promise<Map<string, Raw[]>> {
    const out = new Map<string, Raw[]>();
    const itemIds = [...new Set(refs.map((r) => r.itemId))];
    for (const ids of chunk(itemIds, SKUS_GET_BATCH)) {
      for (const s of await this.top.itemSkus(ids)) {
        const itemId = idString(s.num_iid);
        if (itemId) out.set(itemId, [...(out.get(itemId) ?? []), s]);
      }
    }
    return out;
  }

  private async link(numIid: string, draft: ListingDraft): Promise<ListingRef> {
    const item = await this.top.itemSeller(numIid);
    if (!item) throw new PermanentError({ code: 'ITEM_NOT_FOUND', message: `Item ${numIid} is not in this shop`, operation: 'publishListing' });
    const skus = topList(item.skus, 'sku') ?? [];
    const sku = skus.find((s) => s.outer_id === draft.sku) ?? null;
    if (!sku && !(skus.length === 0 && item.outer_id === draft.sku)) {
      throw new PermanentError({ code: 'SKU_NOT_ON_ITEM', message: `Item ${numIid} has no SKU with merchant code (商家编码) ${draft.sku}`, operation: 'publishListing' });
    }
    return this.updateListing(this.ref(draft.sku, numIid, sku), draft);
  }

  private ref(sku: string, itemId: string, raw: Raw | null): ListingRef {
    const skuId = raw ? idString(raw.sku_id) : null;
    const properties = raw && typeof raw.properties === 'string' ? raw.properties : null;
    return { sku, itemId, skuId, extra: properties ? { properties } : undefined };
  }

  private createByHand(sku: string, why: string): MarketplaceError {
    return new PermanentError({
      code: 'ITEM_ADD_UNAVAILABLE',
      message: `${why}. Create the item in ${this.mode.backOffice} with merchant code (商家编码) ${sku}, then set the listing attribute numIid to its item id so publishing links it.`,
      operation: 'publishListing',
    });
  }

  private requireCny(currency: string, sku: string): void {
    if (currency.toUpperCase() !== TOP_CURRENCY) throw new PermanentError({ code: 'CURRENCY', message: `${sku}: Taobao prices are in CNY, not ${currency}` });
  }
}

export const taobaoConnector: ConnectorModule = {
  kinds: ['TAOBAO', 'TMALL'],
  label: 'Taobao / Tmall (TOP)',
  defaultBaseUrl: 'https://eco.taobao.com/router/rest',
  capabilities: ['listings.publish', 'listings.update', 'listings.delist', 'stock.push', 'price.push', 'orders.pull', 'orders.get', 'shipments.push', 'returns.pull'],
  credentialFields: [
    { name: 'appKey', description: 'App key of the TOP app', required: true, secret: false },
    { name: 'appSecret', description: 'App secret of the TOP app (signs every call)', required: true, secret: true },
    { name: 'sessionKey', description: "The seller's access token (sessionKey)", required: true, secret: true },
    { name: 'refreshToken', description: 'Refresh token, to renew the session key when it expires', required: false, secret: true },
    { name: 'signMethod', description: 'md5, hmac or hmac-sha256 (default hmac-sha256)', required: false, secret: false },
    { name: 'callsPerSecond', description: `Calls per second this app may make (default ${DEFAULT_CALLS_PER_SECOND})`, required: false, secret: false },
  ],
  // TOP publishes per-app quotas, not a rate [U]: 10 calls/s, burst 10, all operations together;
  // the host scales these with the credential's callsPerSecond (see rateLimitsFor).
  rateLimits: rateLimitsFor(DEFAULT_CALLS_PER_SECOND),
  maxBatch: { stock: STOCK_BATCH, price: 20 },
  classify: classifyTopResponse,
  create(kind: string, ctx: ConnectorContext): Connector {
    return new TaobaoConnector(modeOf(kind), ctx);
  },
};

/** The call limits for an app allowed `callsPerSecond` (the credential field). */
export function rateLimitsFor(callsPerSecond: number): ConnectorModule['rateLimits'] {
  // One bucket for every operation: TOP counts all of an app's calls together (the simulator too).
  const limit = { ratePerSecond: callsPerSecond, burst: Math.max(1, Math.round(callsPerSecond)), bucket: 'app' };
  return { auth: limit, listings: limit, stock: limit, price: limit, orders: limit, shipments: limit, returns: limit };
}
