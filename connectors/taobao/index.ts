import crypto from 'node:crypto';
import { isMarketplaceError, isOperationWide, MarketplaceError, PermanentError } from '../sdk/errors';
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
  QuarantinedRecord,
  RemoteListing,
  ReturnDto,
  ReturnsPage,
  ShipmentPush,
  StockUpdate,
} from '../sdk/types';
import { DEFAULT_CALLS_PER_SECOND, ONSALE_PAGE_SIZE, TopClient } from './client';
import { TOP_CARRIERS } from './carriers';
import { classifyTopResponse } from './errors';
import { mapRefund, mapSku, mapTrade, topList, TOP_CURRENCY } from './mapping';
import { afterWindow, inWindow, MAX_WIDE_WINDOW_PAGES, narrowed, pageCount, PAGE_SIZE, readWindow, settleMs, WINDOW_MS, windowEndFor } from './windows';

/**
 * The Taobao/Tmall connector. Tmall is a mode of Taobao, not a copy: same gateway, same
 * methods, same trade shapes; what differs is in `TopMode`.
 */

type Raw = Record<string, unknown>;

export interface TopMode {
  kind: 'TAOBAO' | 'TMALL';
  /** Tmall shops are B-stores (商城), Taobao shops C-stores (集市): `user.seller.get` type. */
  shopType: 'B' | 'C';
  /** Where staff create an item by hand. */
  backOffice: string;
}

/**
 * Items are created by hand on both. The classic taobao.item.add / item.update are not in the
 * reference's metadata and taobao.md §5 says not to build against them; what replaced them
 * (the schema-XML publishing APIs, tmall.item.schema.add and alibaba.item.publish.submit, found by
 * a search) is not in the reference either [U], and a schema publisher per category is a project
 * of its own. So staff create the item in the back office with our SKUs as merchant codes
 * (商家编码), and publishing links it: by the listing attribute numIid, or by merchant code among
 * the items on sale.
 */
export const MODES: Record<'TAOBAO' | 'TMALL', TopMode> = {
  TAOBAO: { kind: 'TAOBAO', shopType: 'C', backOffice: '千牛卖家工作台' },
  TMALL: { kind: 'TMALL', shopType: 'B', backOffice: '天猫商家中心 (千牛)' },
};

const STOCK_BATCH = 20;
const SKUS_GET_BATCH = 40;
/** Pages of items on sale a publish looks through for a merchant code (200 items each). */
const LINK_MAX_PAGES = 5;
/** Trade statuses in which the goods have not left: holds and the buyer's message matter then. */
const TO_SHIP = new Set(['WAIT_SELLER_SEND_GOODS', 'SELLER_CONSIGNED_PART', 'PAID_FORBID_CONSIGN']);
/** Trade types that are paid on delivery (the trade `type` metadata, [M]): shipped with online.send. */
const COD_TYPES = new Set(['cod', 'b2c_cod', 'super_market_cod_trade']);

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

/**
 * Errors that are about the whole account or operation, not one item (credentials, a refused
 * permission, a stopped channel, a used-up quota): they stop a batch instead of failing its items.
 */
function isAccountWide(e: unknown): boolean {
  return isOperationWide(e);
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

/**
 * A trade from increment.get that needs fullinfo.get: one without its sub-orders or receiver;
 * one with a buyer message (increment.get says `has_buyer_message`, only fullinfo carries it);
 * and one still to ship, whose hold fields (top_hold and the like) only fullinfo has ([M]).
 */
function needsFullinfo(t: Raw): boolean {
  return !topList(t.orders, 'order') || t.receiver_address === undefined || t.receiver_name === undefined || t.has_buyer_message === true || TO_SHIP.has(String(t.status ?? ''));
}

/** Whether the buyer pays on delivery: offline.send refuses such trades ([M]). */
function isCod(t: Raw | null): boolean {
  return !!t && (COD_TYPES.has(String(t.type ?? '')) || (typeof t.cod_status === 'string' && t.cod_status.trim() !== ''));
}

/**
 * Splits a batch on a refusal until the refused items stand alone: TOP refuses a whole
 * skus.quantity.update for one unknown SKU, and the others must still land. A batch of n with
 * one bad item costs about 2·log2(n) more calls; each good item is sent until a call takes it.
 */
async function bisect<T>(items: T[], send: (batch: T[]) => Promise<void>, failed: (item: T, e: unknown) => void): Promise<void> {
  try {
    await send(items);
  } catch (e) {
    // Only a refusal of what was sent is worth splitting; a refusal of the account or the operation is not the items'.
    if (!(e instanceof PermanentError) || isAccountWide(e) || items.length === 1) {
      for (const item of items) failed(item, e);
      return;
    }
    const half = Math.ceil(items.length / 2);
    await bisect(items.slice(0, half), send, failed);
    await bisect(items.slice(half), send, failed);
  }
}

/**
 * Trades read with fullinfo.get, by session, tid and modified time. A window's page 1 is read
 * twice (it opens and closes the walk) and windows overlap by 5 minutes, so the same trade,
 * unchanged, comes back in list answers: its full form is the same as long as its modified
 * time is (every change moves it, or increment.get would not show the change either). Bounded;
 * the oldest go first.
 */
const fullTrades = new Map<string, Raw>();
const MAX_FULL_TRADES = 5_000;

/** A short stand-in for a session key (the key itself is a secret and stays out of the map). */
function sessionTag(sessionKey: string): string {
  return crypto.createHash('sha256').update(sessionKey).digest('base64url').slice(0, 16);
}

function remember(key: string, trade: Raw): void {
  fullTrades.delete(key);
  fullTrades.set(key, trade);
  if (fullTrades.size > MAX_FULL_TRADES) fullTrades.delete(fullTrades.keys().next().value!);
}

/** Trade fields a shipment reads: its type and COD state (the send to use), its status and its lines. */
const SHIP_FIELDS = 'tid,status,type,cod_status,orders';

/**
 * Whether the parcel is already on the trade: every line it carries shows its tracking number.
 * A send is not safe to repeat, so after a lost answer (a timeout, a worker killed before it
 * recorded the success) the next attempt is refused as already shipped; the trade itself says
 * whether that earlier send was ours. TOP's code for the refusal is not documented [U], so we
 * look at the trade whatever the refusal, and keep the refusal when the tracking differs.
 */
function alreadyShipped(trade: Raw | null, shipment: ShipmentPush): boolean {
  const lines = topList(trade?.orders, 'order') ?? [];
  const ids = parcelLineIds(shipment);
  const wanted = ids.length ? new Set(ids) : null;
  const parcel = lines.filter((o) => {
    const oid = idString(o.oid) ?? idString(o.oid_str);
    return wanted ? oid !== null && wanted.has(oid) : !String(o.status ?? '').startsWith('TRADE_CLOSED');
  });
  return parcel.length > 0 && parcel.every((o) => String(o.invoice_no ?? '').trim() === shipment.trackingNumber.trim());
}

/** The sub-orders a parcel carries (its lines' ids); none when it carries the whole trade. */
function parcelLineIds(shipment: ShipmentPush): string[] {
  if (shipment.lines?.length) return [...new Set(shipment.lines.map((l) => l.externalLineId))];
  return shipment.externalLineIds ?? [];
}

/**
 * TOP ships sub-orders whole: `sub_tid` names a sub-order, never some of its units (offline.send
 * metadata, [M]), so a parcel with fewer units of a sub-order than it holds is refused here with
 * what to do, rather than sent as if the whole sub-order had left.
 */
function refusePartialSubOrders(shipment: ShipmentPush, orders: Raw[]): void {
  for (const line of shipment.lines ?? []) {
    const o = orders.find((x) => (idString(x.oid) ?? idString(x.oid_str)) === line.externalLineId);
    const num = Number(o?.num);
    if (o && Number.isInteger(num) && line.quantity < num) {
      throw new PermanentError({
        code: 'PARTIAL_SUB_ORDER',
        message:
          `Sub-order ${line.externalLineId} of trade ${shipment.orderExternalId} holds ${num} units and this parcel ${line.quantity}: TOP ships a sub-order whole. ` +
          'Ship all its units in one parcel, or mark it shipped by hand in the back office (千牛) with one of the tracking numbers.',
        operation: 'pushShipment',
      });
    }
  }
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
    const given = draft.attributes?.numIid;
    const numIid = (typeof given === 'string' || typeof given === 'number' ? String(given).trim() : '') || (await this.itemWithMerchantCode(draft.sku));
    if (!numIid) throw this.createByHand(draft.sku);
    return this.link(numIid, draft);
  }

  async updateListing(ref: ListingRef, draft: ListingDraft): Promise<ListingRef> {
    this.requireCny(draft.currency, draft.sku);
    // Title and description are the item's, edited in the back office: the reference's methods
    // reach a SKU's price and quantity and the item's sale state.
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
      if (skus.length) throw new PermanentError({ code: 'SKU_NOT_ON_ITEM', message: `Item ${ref.itemId} has no SKU ${ref.skuId ?? `with merchant code (商家编码) ${draft.sku}`}`, operation: 'updateListing' });
      if (fen(String(item.price ?? '')) !== fen(draft.price)) throw this.itemPriceByHand(ref.itemId, draft.sku, String(item.price ?? ''), draft.price);
      oldQuantity = Number(item.num ?? 0);
      await this.top.itemQuantityUpdate(ref.itemId, draft.quantity);
    }
    if (item.approve_status !== 'onsale') {
      const num = Math.max(0, Number(item.num ?? 0) - oldQuantity + draft.quantity);
      await this.top.itemListing(ref.itemId, num);
    }
    return this.ref(draft.sku, ref.itemId, sku ?? null);
  }

  /**
   * Off sale for this SKU only: its quantity goes to 0 and the item stays on sale for its other
   * SKUs. An item is taken off sale (delisted) only for its last SKU, or when it has none: a
   * delisted item stays off sale when a sibling is restocked later, since stock pushes do not
   * list items again.
   */
  async delistListing(ref: ListingRef): Promise<void> {
    if (ref.skuId) {
      const item = await this.top.itemSeller(ref.itemId, 'num_iid,approve_status,skus');
      const others = (topList(item?.skus, 'sku') ?? []).filter((s) => idString(s.sku_id) !== ref.skuId);
      if (others.length) {
        await this.top.itemQuantityUpdate(ref.itemId, 0, ref.skuId);
        return;
      }
    }
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
          await bisect(
            batch,
            async (part) => {
              await this.top.skusQuantityUpdate(itemId, part.map((u) => ({ skuId: u.ref.skuId!, quantity: u.quantity })));
              for (const u of part) results.set(u, { sku: u.ref.sku, ok: true });
            },
            (u, e) => {
              if (isAccountWide(e)) throw e;
              results.set(u, failure(u.ref.sku, e));
            },
          );
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
          throw this.itemPriceByHand(u.ref.itemId, u.ref.sku, null, u.price);
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

  /**
   * A page of trades, each completed with fullinfo.get where the list lacks what we need. When
   * some of those reads fail for now (throttled, TOP's fault) and others came back, the page's
   * complete trades are handed over and the same cursor comes back: the page is read again and
   * only what failed is read again with it (the rest are remembered, see fullTrades). When none
   * came back, the failure is thrown and the job tries again later.
   */
  async pullOrders(cursor: Cursor | null): Promise<OrdersPage> {
    const again: Cursor = cursor ?? { from: readWindow(null, this.ctx.now()).from.toISOString() };
    let unfinished = false;
    const page = await this.pullWindowed(cursor, async (args) => {
      const listed = await this.top.tradesSoldIncrement(args);
      const settled = await Promise.allSettled(listed.rows.map((t) => this.complete(t)));
      const failed = settled.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
      const wide = failed.find((e) => isAccountWide(e));
      // Nothing newly read: reading the page again would not get further.
      const progressed = settled.some((r) => r.status === 'fulfilled' && r.value.fresh);
      if (wide || (failed.length && !progressed)) throw wide ?? failed[0];
      unfinished = failed.length > 0;
      return { total: listed.total, items: settled.flatMap((r) => (r.status === 'fulfilled' ? [mapTrade(r.value.trade)] : [])) };
    });
    return unfinished ? { orders: page.items, nextCursor: again, done: false } : { orders: page.items, nextCursor: page.nextCursor, done: page.done };
  }

  async getOrder(externalId: string): Promise<PulledOrder> {
    const trade = await this.top.tradeFullinfo(externalId);
    if (!trade) throw new PermanentError({ code: 'ORDER_NOT_FOUND', message: `Trade ${externalId} was not found`, operation: 'getOrder' });
    return mapTrade(trade);
  }

  /**
   * Ships with the send the trade needs: offline.send (own carrier) for most, online.send for
   * cash-on-delivery trades and those whose logistics were ordered online, which offline.send
   * refuses ([M]). A COD trade is known from the trade when it is read (split parcels); an
   * online-ordered one only from offline.send's refusal, whose code is not documented [U]: a
   * trade still to ship that offline.send refused goes through online.send.
   */
  async pushShipment(shipment: ShipmentPush): Promise<void> {
    let subTids: string[] | undefined;
    let trade: Raw | null = null;
    const lineIds = parcelLineIds(shipment);
    if (lineIds.length) {
      // is_split only when some lines stay behind: TOP wants the whole trade sent without sub_tid.
      trade = await this.top.tradeFullinfo(shipment.orderExternalId, SHIP_FIELDS);
      const orders = topList(trade?.orders, 'order') ?? [];
      refusePartialSubOrders(shipment, orders);
      const all = orders.map((o) => idString(o.oid) ?? idString(o.oid_str));
      const wanted = new Set(lineIds);
      const everyLine = all.length > 0 && all.every((oid) => oid && wanted.has(oid)) && wanted.size === all.length;
      if (!everyLine) subTids = lineIds;
    }
    const args = {
      tid: shipment.orderExternalId,
      outSid: shipment.trackingNumber,
      // The carrier is TOP's company code (taobao.logistics.companies.get: ZTO, YTO, SF, POST...).
      companyCode: shipment.carrier,
      subTids,
    };
    const method = isCod(trade) ? 'online' : 'offline';
    let ok: boolean;
    try {
      ok = await this.top.logisticsSend(method, args);
    } catch (e) {
      if (!(e instanceof PermanentError)) throw e;
      const current = await this.top.tradeFullinfo(shipment.orderExternalId, SHIP_FIELDS);
      if (alreadyShipped(current, shipment)) return;
      if (method === 'online' || !current || !TO_SHIP.has(String(current.status ?? ''))) throw e;
      ok = await this.top.logisticsSend('online', args);
    }
    if (!ok) throw new PermanentError({ code: 'SHIP_FAILED', message: `taobao.logistics.${method}.send did not succeed for trade ${shipment.orderExternalId}`, operation: 'pushShipment' });
  }

  async pullReturns(cursor: Cursor | null): Promise<ReturnsPage> {
    const { items, nextCursor, done } = await this.pullWindowed(cursor, async (args) => {
      const page = await this.top.refundsReceive(args);
      // A refund we cannot read is quarantined with its raw body; the rest of the page goes on.
      return { total: page.total, items: page.rows.map(mapRefund) };
    });
    const returns: ReturnDto[] = [];
    const quarantined: QuarantinedRecord[] = [];
    for (const r of items) {
      if (r.ok) returns.push(r.value);
      else quarantined.push({ externalId: r.externalId, raw: r.raw, error: r.error });
    }
    return { returns, quarantined, nextCursor, done };
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
   * The item on sale that staff created with this merchant code (商家编码), on one of its SKUs or
   * on the item itself when it has none; null when none of the first LINK_MAX_PAGES pages of
   * items on sale has it (items.onsale.get has no merchant-code filter, and skus.get reads the
   * SKUs of 40 items a call).
   */
  private async itemWithMerchantCode(sku: string): Promise<string | null> {
    for (let pageNo = 1; pageNo <= LINK_MAX_PAGES; pageNo++) {
      const page = await this.top.itemsOnsalePage(pageNo);
      const ids = page.rows.map((r) => idString(r.num_iid)).filter((x): x is string => !!x);
      for (const batch of chunk(ids, SKUS_GET_BATCH)) {
        const hit = (await this.top.itemSkus(batch)).find((s) => s.outer_id === sku && s.status !== 'delete');
        const itemId = hit ? idString(hit.num_iid) : null;
        if (itemId) return itemId;
      }
      const whole = page.rows.find((r) => String(r.outer_id ?? '') === sku);
      if (whole) return idString(whole.num_iid);
      if (page.rows.length < ONSALE_PAGE_SIZE || (page.total !== null && pageNo * ONSALE_PAGE_SIZE >= page.total)) return null;
    }
    return null;
  }

  /** The windowed, backwards-paged pull shared by orders and refunds (see windows.ts). */
  private async pullWindowed<T>(
    cursor: Cursor | null,
    fetch: (args: { start: Date; end: Date; pageNo: number; pageSize: number; useHasNext: boolean }) => Promise<{ total: number | null; items: T[] }>,
  ): Promise<{ items: T[]; nextCursor: Cursor; done: boolean }> {
    const state = readWindow(cursor, this.ctx.now());
    if (state.windowEnd && state.page) {
      // Walked only once the window's last second is over: from then on records can only leave it.
      const wait = settleMs(state.windowEnd, this.ctx.now());
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const closing = state.page === 1;
      const { items, total } = await fetch({ start: state.from, end: state.windowEnd, pageNo: state.page, pageSize: PAGE_SIZE, useHasNext: !closing });
      if (!closing) return { items, nextCursor: inWindow(state.from, state.windowEnd, state.page - 1, state.span, state.total), done: false };
      const pages = pageCount(total);
      // More records than when it opened: something entered the window after all; walk it again.
      if (state.total !== null && total !== null && total > state.total && pages > 1) {
        return { items, nextCursor: inWindow(state.from, state.windowEnd, pages, state.span, total), done: false };
      }
      return { items, ...afterWindow(state.from, state.windowEnd, this.ctx.now(), state.span, pages) };
    }
    const now = this.ctx.now();
    const windowEnd = windowEndFor(state.from, now, state.span);
    // TOP wants the end after the start; a window under a second long has nothing new yet.
    if (windowEnd.getTime() - state.from.getTime() < 1000) return { items: [], nextCursor: { from: state.from.toISOString(), span: state.span }, done: true };
    const first = await fetch({ start: state.from, end: windowEnd, pageNo: 1, pageSize: PAGE_SIZE, useHasNext: false });
    const pages = first.total === 0 ? 0 : pageCount(first.total);
    // Too busy to walk at this width: its first page comes again in the narrower window.
    if (pages > MAX_WIDE_WINDOW_PAGES && state.span > WINDOW_MS) return { items: [], nextCursor: narrowed(state.from), done: false };
    // One page is read in one call: nothing can move under it. More are walked from the last.
    if (pages > 1) return { items: first.items, nextCursor: inWindow(state.from, windowEnd, pages, state.span, first.total), done: false };
    return { items: first.items, ...afterWindow(state.from, windowEnd, now, state.span, pages) };
  }

  /** A trade as full as fullinfo.get makes it; `fresh` when this call read it (not the list alone, not remembered). */
  private async complete(t: Raw): Promise<{ trade: Raw; fresh: boolean }> {
    if (!needsFullinfo(t)) return { trade: t, fresh: false };
    const tid = idString(t.tid) ?? idString(t.tid_str);
    if (!tid) return { trade: t, fresh: false }; // mapTrade quarantines it
    // By session too: a trade id is only ever the shop's own, and a new authorisation starts afresh.
    const key = `${sessionTag(this.top.session.credentials.sessionKey)}\u0000${tid}\u0000${String(t.modified ?? '')}`;
    const known = t.modified ? fullTrades.get(key) : undefined;
    if (known) return { trade: known, fresh: false };
    try {
      const full = (await this.top.tradeFullinfo(tid)) ?? t;
      if (full !== t && t.modified && full.modified === t.modified) remember(key, full);
      return { trade: full, fresh: true };
    } catch (e) {
      // A trade fullinfo refuses (isv.*) is quarantined with what increment.get gave, not the whole page.
      if (e instanceof PermanentError && !isAccountWide(e)) return { trade: t, fresh: true };
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

  private createByHand(sku: string): MarketplaceError {
    return new PermanentError({
      code: 'CREATE_BY_HAND',
      message:
        `No item on sale in this shop has merchant code (商家编码) ${sku}. Taobao items are created by hand: create the item in ${this.mode.backOffice} ` +
        `with merchant code ${sku} on its SKU (on the item when it has no SKUs), put it on sale and publish again, or set the listing attribute numIid to its item id.`,
      operation: 'publishListing',
    });
  }

  /** The price of an item without SKUs: only taobao.item.update sets it, which the reference says not to use. */
  private itemPriceByHand(itemId: string, sku: string, current: string | null, wanted: string): MarketplaceError {
    return new PermanentError({
      code: 'ITEM_PRICE_BY_HAND',
      message:
        `Item ${itemId} (${sku}) has no SKUs, and its price ${current ? `(${current}) ` : ''}is set in ${this.mode.backOffice}: set it to ${wanted} there. ` +
        'Only SKU prices are set through the API (taobao.item.sku.update).',
      operation: 'price',
    });
  }

  private requireCny(currency: string, sku: string): void {
    if (currency.toUpperCase() !== TOP_CURRENCY) throw new PermanentError({ code: 'CURRENCY', message: `${sku}: Taobao prices are in CNY, not ${currency}` });
  }
}

export const taobaoConnector: ConnectorModule = {
  kinds: ['TAOBAO', 'TMALL'],
  kindDescriptions: { TAOBAO: 'Taobao (淘宝) C-store.', TMALL: 'Tmall (天猫) B-store.' },
  label: 'Taobao / Tmall (TOP)',
  // One channel is one shop; Taobao and Tmall are separate kinds, never one channel.
  marketplacesPerChannel: 'ONE',
  simulator: (kind, options) => import('./simulator').then((s) => s.startTaobaoSimulator({ ...options, shopType: kind === 'TMALL' ? 'B' : 'C' })),
  demo: (_kind, controlUrl, catalog) => import('./demo').then((d) => d.seedTaobaoDemo(controlUrl, catalog)),
  refusals: {
    CREATE_BY_HAND: {
      reason: 'ITEM_TO_CREATE_BY_HAND',
      en: 'Taobao items are created by hand: create the item in the back office (千牛) with our SKU as its merchant code, put it on sale, and publish again (or set the listing attribute numIid).',
      zh: '淘宝商品需在千牛卖家工作台手动创建：以我方 SKU 作为商家编码创建并上架后重新发布（或设置商品属性 numIid）。',
    },
    PARTIAL_SUB_ORDER: {
      reason: 'PARTIAL_LINE_NOT_SHIPPABLE',
      en: 'Taobao ships each sub-order whole: this parcel holds only some units of one. Ship all its units in one parcel, or mark it shipped by hand in the back office (千牛).',
      zh: '淘宝按子订单整单发货：此包裹只含某子订单的部分件数。请将该子订单全部件数放入一个包裹发货，或在千牛后台手动发货。',
    },
    ITEM_NOT_FOUND: { reason: 'LISTING_NOT_FOUND', en: 'Taobao no longer has this item: link the listing to an item on sale again.', zh: '淘宝上已无此商品：请重新关联在售商品。' },
    SKU_NOT_FOUND: { reason: 'LISTING_NOT_FOUND', en: 'The item no longer has this SKU: link the listing again.', zh: '商品中已无此 SKU：请重新关联。' },
    CURRENCY: { reason: 'CURRENCY_MISMATCH', en: 'Taobao prices are in CNY: set the channel currency to CNY.', zh: '淘宝价格以人民币计价：请将渠道币种设为 CNY。' },
    'isv.item-not-exist*': { reason: 'LISTING_NOT_FOUND', en: 'Taobao no longer has this item.', zh: '淘宝上已无此商品。' },
  },
  defaultBaseUrl: 'https://eco.taobao.com/router/rest',
  // Items are made by hand and linked per SKU (see MODES): no groups to publish, and TOP keeps no
  // sale price beside a SKU's price (discounts are promotions, another API), so none is accepted.
  listingModel: { variationGroups: false, asynchronousWrites: false, salePrice: false },
  defaultLocale: 'zh-CN',
  carriers: { known: TOP_CARRIERS, closed: false },
  capabilities: ['listings.publish', 'listings.update', 'listings.delist', 'stock.push', 'price.push', 'orders.pull', 'orders.get', 'shipments.push', 'returns.pull'],
  credentialFields: [
    { name: 'appKey', description: 'App key of the TOP app', required: true, secret: false },
    { name: 'appSecret', description: 'App secret of the TOP app (signs every call)', required: true, secret: true },
    { name: 'sessionKey', description: "The seller's access token (sessionKey)", required: true, secret: true },
    { name: 'refreshToken', description: 'Refresh token, to renew the session key when it expires', required: false, secret: true },
    { name: 'signMethod', description: 'md5, hmac or hmac-sha256 (default hmac-sha256)', required: false, secret: false },
    {
      name: 'callsPerSecond',
      description: `Calls per second the TOP app may make, all of its shops together (its quota differs by app category; default ${DEFAULT_CALLS_PER_SECOND}). Give every channel of one app key the same value.`,
      required: false,
      secret: false,
    },
  ],
  // TOP publishes per-app quotas, not a rate [U]: 10 calls/s by default, every call of the app
  // together (the simulator too); an app whose category allows more says so in callsPerSecond.
  rateLimits: rateLimitsAt(DEFAULT_CALLS_PER_SECOND),
  // TOP counts per app key (§10): every channel (shop) authorised to one app shares its quota.
  rateKey: (credentials) => `app:${credentials.appKey?.trim() ?? ''}`,
  rateLimitsFor: (credentials) => rateLimitsAt(callsPerSecondOf(credentials)),
  maxBatch: { stock: STOCK_BATCH, price: 20 },
  classify: classifyTopResponse,
  create(kind: string, ctx: ConnectorContext): Connector {
    return new TaobaoConnector(modeOf(kind), ctx);
  },
};

/** The app's quota as its channels' credentials state it (`callsPerSecond`), else TOP's default. */
export function callsPerSecondOf(credentials: Record<string, string>): number {
  const cps = Number(credentials.callsPerSecond);
  return credentials.callsPerSecond && Number.isFinite(cps) && cps > 0 ? cps : DEFAULT_CALLS_PER_SECOND;
}

/**
 * The call limits of an app allowed `callsPerSecond`: one bucket for every call, as TOP counts
 * all of an app's calls together. The burst is half a second's worth: calls reserved in order
 * by several processes reach TOP a few milliseconds out of step, and one call over the limit
 * costs a ban of a whole second, so the app's bucket keeps the other half spare for that jitter.
 * The rate is the app's own, so a long pull still takes no longer than the quota makes it.
 */
export function rateLimitsAt(callsPerSecond: number): ConnectorModule['rateLimits'] {
  return { default: { ratePerSecond: callsPerSecond, burst: Math.max(1, Math.floor(callsPerSecond / 2)), bucket: 'app' } };
}
