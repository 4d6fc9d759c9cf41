import crypto from 'node:crypto';
import { isMarketplaceError, isOperationWide, MarketplaceError, PermanentError, RateLimitedError, RetryableError } from '../sdk/errors';
import { idString } from '../sdk/exact-json';
import type {
  Connector,
  ConnectorContext,
  ConnectorModule,
  Cursor,
  GroupItem,
  ItemError,
  ListingDraft,
  ListingGroup,
  ListingOutcome,
  ListingRef,
  OrdersPage,
  PriceUpdate,
  PulledOrder,
  PushResult,
  RateLimits,
  RemoteListing,
  ReturnsPage,
  ShipmentPush,
  StockUpdate,
} from '../sdk/types';
import { AE_CARRIERS, isOtherService, OTHER_SERVICE } from './carriers';
import { AeClient, BatchAnswer, productOutcome, readCredentials, requestToken, signRequest } from './client';
import { classifyAeResponse } from './errors';
import { planProduct } from './listing';
import { AeOrderSource, aeStatusOf, keptSku, mapOrder, productOnSale, productSkus, remoteListing, shippableLines, skuCodesOf, trackingNumbersOf } from './mapping';
import { fetchImageBytes, isLoopbackUrl, MediaSource, photobankUrls } from './media';
import { compareAmounts, isPriceIn } from './money';
import { pacificRange } from './pacific-time';
import { chunkProductUpdates, idNumber, ProductUpdate, SkuInventory, SkuPrice } from './requests';
import { afterWindow, inWindow, MAX_WIDE_WINDOW_PAGES, narrowed, PAGE_SIZE, pageCount, phaseOf, queryEnd, readWindow, settleMs, WINDOW_MS, WindowState, windowEndFor, withWindow } from './windows';

/**
 * The AliExpress connector (kind ALIEXPRESS): one seller account on the AliExpress Open Platform
 * behind the SDK's Connector contract. client.ts speaks the wire, mapping.ts and listing.ts turn
 * shapes into shapes, and this file decides what to call, in which batches, and what each answer
 * means for the sync engine. The access token is the engine's (the module's `auth`).
 */

type Raw = Record<string, unknown>;

/** The context as a host may extend it: a media source with the host's own address policy, for the photo bank's uploads. */
type AeContext = ConnectorContext & { fetchMedia?: MediaSource };

/** The largest stock or price batch the engine hands over; split here into calls of 20 products × 200 SKUs. */
const MAX_PUSH = 400;
const MAX_INVENTORY = 999_999;
/** Where a product may be while we look for one of our SKUs on it (product.list.get `product_status_type`, [U]). */
const PRODUCT_STATES = ['onSelling', 'offline', 'auditing', 'editingRequired'] as const;
/** Statuses in which AliExpress holds an order under risk review: it must not be shipped (§6, §9). */
const RISK = new Set(['RISK_CONTROL', 'RISK_CONTROL_HOLD']);
/** The calls a channel may make per second when its settings do not say [U: AliExpress publishes per-API limits, §8]. */
export const DEFAULT_CALLS_PER_SECOND = 10;

function failure(sku: string, e: unknown): PushResult {
  if (!isMarketplaceError(e) || isOperationWide(e)) throw e;
  return { sku, ok: false, error: { kind: e.kind, code: e.code, message: e.message } };
}

function refusedItem(sku: string, code: string, message: string): PushResult {
  return { sku, ok: false, error: { kind: 'PERMANENT', code, message } };
}

/** A batch item's refusal as the error the listing call throws (items never carry account-wide kinds). */
function itemError(e: ItemError, operation: string): MarketplaceError {
  const details = { code: e.code, message: e.message, operation };
  if (e.kind === 'RETRYABLE') return new RetryableError(details);
  if (e.kind === 'RATE_LIMITED') return new RateLimitedError(details);
  return new PermanentError(details);
}

/**
 * Full order details read with order.info.get, by seller, order id and modified time: windows
 * overlap and a window's page 1 is read twice, so the same unchanged order comes back in list
 * answers; its detail is the same as long as its modified time is. Bounded; the oldest go first.
 */
const details = new Map<string, Raw>();
const MAX_DETAILS = 5_000;

function remember(key: string, detail: Raw): void {
  details.delete(key);
  details.set(key, detail);
  if (details.size > MAX_DETAILS) details.delete(details.keys().next().value!);
}

/** A short stand-in for a secret, for map keys (the secret itself stays out of them). */
const tag = (secret: string) => crypto.createHash('sha256').update(secret).digest('base64url').slice(0, 16);

class AliExpressConnector implements Connector {
  private readonly client: AeClient;
  private readonly settings: Record<string, string>;
  /** The seller's photo bank and orders, for the process-wide memories (uploads, details). */
  private readonly seller: string;

  constructor(private readonly ctx: AeContext) {
    const credentials = readCredentials(ctx.credentials);
    this.client = new AeClient(ctx.http, ctx.baseUrl, credentials, () => ctx.now());
    this.settings = ctx.settings ?? {};
    this.seller = `${this.client.root}|${credentials.appKey}|${credentials.account ?? tag(credentials.refreshToken ?? credentials.authCode ?? '')}`;
  }

  /** The channel's locales, its main one first: its marketplaces', else its `locales` setting, else en-US. */
  private locales(): string[] {
    const fromMarketplaces = (this.ctx.marketplaces ?? []).map((m) => m.locale).filter((l) => l && l.trim());
    const fromSettings = (this.settings.locales ?? this.settings.locale ?? '').split(',').map((l) => l.trim()).filter(Boolean);
    const found = fromMarketplaces.length ? fromMarketplaces : fromSettings;
    return found.length ? found : ['en-US'];
  }

  private listingContext() {
    return { locales: this.locales(), settings: this.settings, currency: this.ctx.currency };
  }

  async checkCredentials(): Promise<{ account: string }> {
    // Any authorised read proves the token; an hour of modified orders, one to a page, is the cheapest.
    const now = this.ctx.now();
    const range = pacificRange(new Date(now.getTime() - 60 * 60 * 1000), now);
    await this.client.orders({ current_page: 1, page_size: 1, modified_date_start: range.start, modified_date_end: range.end });
    return { account: this.client.credentials.account ?? `AliExpress app ${this.client.credentials.appKey}` };
  }

  /** The photo-bank URL of each image the plan names, uploaded once per seller. */
  private async images(sources: string[]): Promise<Map<string, string>> {
    const read = this.ctx.fetchMedia ?? fetchImageBytes({ allowLoopback: isLoopbackUrl(this.client.root) });
    return photobankUrls(sources, this.seller, read, (fileName, bytes) => this.client.uploadImage(fileName, bytes, this.settings.photobankGroupId || null));
  }

  /** A product of one SKU: checked, its images in the photo bank, then posted. */
  async publishListing(draft: ListingDraft): Promise<ListingRef> {
    const plan = planProduct([draft], null, this.listingContext());
    const dto = plan.build(await this.images(plan.imageSources));
    const productId = await this.client.productPost(dto);
    return { sku: draft.sku, itemId: productId, skuId: null };
  }

  /**
   * The listing as the draft says, on sale. The product's other SKUs are left as they are: the
   * product is edited without its SKU list (which would replace them all) and this SKU's price
   * and stock go through the batch calls; a SKU the product does not have yet is added to the
   * list the product already has.
   */
  async updateListing(ref: ListingRef, draft: ListingDraft): Promise<ListingRef> {
    const info = await this.client.productInfo(ref.itemId);
    if (!info) throw this.productGone(ref.itemId, draft.sku);
    const skus = productSkus(info);
    const mine = skus.find((s) => s.skuCode === draft.sku || (ref.skuId && s.id === ref.skuId)) ?? null;
    const others = skus.filter((s) => s !== mine);
    const group = others.length && draft.group ? draft.group : null;
    const plan = planProduct([draft], group, this.listingContext());
    const dto = plan.build(await this.images(plan.imageSources));
    const { language: _language, sku_info_list: skuList, ...product } = dto;
    if (!others.length) {
      await this.client.productEdit({ ...product, sku_info_list: skuList, product_id: idNumber(ref.itemId) });
    } else if (!mine) {
      const kept = others.map(keptSku).filter((s): s is NonNullable<typeof s> => !!s);
      await this.client.productEdit({ ...product, sku_info_list: [...kept, ...skuList], product_id: idNumber(ref.itemId) });
    } else {
      await this.client.productEdit({ ...product, product_id: idNumber(ref.itemId) });
      const [price] = await this.pushPrice([{ ref, price: draft.price, salePrice: draft.salePrice ?? null, currency: draft.currency }]);
      if (!price.ok) throw itemError(price.error, 'updateListing');
      const [stock] = await this.pushStock([{ ref, quantity: draft.quantity }]);
      if (!stock.ok) throw itemError(stock.error, 'updateListing');
    }
    await this.putOnSale(info, ref.itemId);
    return { sku: draft.sku, itemId: ref.itemId, skuId: mine?.id ?? ref.skuId ?? null };
  }

  /**
   * Off sale [U: the reference names no delisting call]. One SKU of a product that still sells
   * others goes to stock 0 (the product stays on sale for them); the last one takes the product
   * off sale with aliexpress.postproduct.redefining.offlineaeproduct.
   */
  async delistListing(ref: ListingRef): Promise<void> {
    const info = await this.client.productInfo(ref.itemId);
    if (!info || !productOnSale(info)) return;
    const selling = productSkus(info).filter((s) => s.skuCode !== ref.sku && (!ref.skuId || s.id !== ref.skuId) && s.stock > 0);
    if (selling.length) {
      const [r] = await this.pushStock([{ ref, quantity: 0 }]);
      if (!r.ok) throw itemError(r.error, 'delistListing');
      return;
    }
    const answer = await this.client.productStatus('offline', [ref.itemId]);
    if (!answer.success) throw new PermanentError({ code: answer.errorCode ?? 'DELIST_FAILED', message: answer.errorMessage ?? `AliExpress did not take product ${ref.itemId} off sale`, operation: 'delistListing' });
  }

  /**
   * A product with all its SKUs: posted once, then edited with its whole SKU list (every SKU of
   * the write, and the SKUs the product has that the write does not name, kept as they are). Safe
   * to send again after a lost answer: before posting, the product already carrying one of the
   * SKUs is looked for and edited instead.
   */
  async publishGroup(group: ListingGroup, items: GroupItem[]): Promise<ListingOutcome[]> {
    const drafts = items.map((i) => i.draft);
    const plan = planProduct(drafts, group, this.listingContext());
    let productId = items.find((i) => i.ref)?.ref?.itemId ?? null;
    let info = productId ? await this.client.productInfo(productId) : null;
    if (!info) {
      productId = await this.productWith(drafts.map((d) => d.sku));
      info = productId ? await this.client.productInfo(productId) : null;
    }
    const dto = plan.build(await this.images(plan.imageSources));
    if (!productId || !info) {
      productId = await this.client.productPost(dto);
    } else {
      const named = new Set(drafts.map((d) => d.sku));
      const kept = productSkus(info)
        .filter((s) => !s.skuCode || !named.has(s.skuCode))
        .map(keptSku)
        .filter((s): s is NonNullable<typeof s> => !!s);
      const { language: _language, ...product } = dto;
      await this.client.productEdit({ ...product, sku_info_list: [...kept, ...dto.sku_info_list], product_id: idNumber(productId) });
      await this.putOnSale(info, productId);
    }
    const id = productId;
    return drafts.map((d) => ({ sku: d.sku, ok: true as const, ref: { sku: d.sku, itemId: id, skuId: null } }));
  }

  /** The product an earlier create may have made for this SKU without our hearing of it (any state but deleted). */
  async findListing(sku: string): Promise<ListingRef | null> {
    // `since` is not used: product.list.get's time filters do not say their zone [U], and a
    // product carrying our SKU code is ours whenever it was made.
    const productId = await this.productWith([sku]);
    return productId ? { sku, itemId: productId, skuId: null } : null;
  }

  /** A product carrying one of these SKU codes, looked for by product.list.get's `sku_code` and checked with product.info.get. */
  private async productWith(skus: string[]): Promise<string | null> {
    const sku = skus[0];
    if (!sku) return null;
    for (const state of PRODUCT_STATES) {
      const { ids } = await this.client.productIds({ product_status_type: state, current_page: 1, page_size: 20, sku_code: sku });
      for (const id of ids) {
        // The filter is trusted only as far as the product itself confirms it.
        const info = await this.client.productInfo(id);
        if (info && skuCodesOf(info).some((c) => skus.includes(c))) return id;
      }
    }
    return null;
  }

  /** Puts an offline product back on sale (onlineaeproduct [U]); one under review or to be edited is left to AliExpress. */
  private async putOnSale(info: Raw, productId: string): Promise<void> {
    if (info.product_status_type !== 'offline') return;
    const answer = await this.client.productStatus('online', [productId]);
    if (!answer.success) throw new PermanentError({ code: answer.errorCode ?? 'RELIST_FAILED', message: answer.errorMessage ?? `AliExpress did not put product ${productId} back on sale`, operation: 'updateListing' });
  }

  private productGone(productId: string, sku: string): PermanentError {
    return new PermanentError({ code: 'PRODUCT_NOT_FOUND', message: `AliExpress has no product ${productId} (${sku}) in this shop any more`, operation: 'updateListing' });
  }

  async pushStock(updates: StockUpdate[]): Promise<PushResult[]> {
    const results = new Map<StockUpdate, PushResult>();
    const valid = updates.filter((u) => {
      if (!Number.isInteger(u.quantity) || u.quantity < 0 || u.quantity > MAX_INVENTORY) results.set(u, refusedItem(u.ref.sku, 'INVALID_QUANTITY', `Quantity ${u.quantity} is not a whole number from 0 to ${MAX_INVENTORY}`));
      else if (!/^\d{1,20}$/.test(u.ref.itemId)) results.set(u, refusedItem(u.ref.sku, 'INVALID_PRODUCT_ID', `${u.ref.itemId} is not an AliExpress product id`));
      else return true;
      return false;
    });
    await this.batches(valid, (u): SkuInventory => ({ sku_code: u.ref.sku, inventory: u.quantity }), (p) => this.client.inventoryUpdate(p), results);
    return updates.map((u) => results.get(u)!);
  }

  /**
   * Prices with their discount price beside each: AliExpress erases a SKU's discount when a price
   * update leaves it out, so a sale price is always sent with its price, and a price without one
   * (salePrice null) ends the discount, as the engine means it.
   */
  async pushPrice(updates: PriceUpdate[]): Promise<PushResult[]> {
    const results = new Map<PriceUpdate, PushResult>();
    const currency = this.ctx.currency.toUpperCase();
    const valid = updates.filter((u) => {
      if (u.currency.toUpperCase() !== currency) results.set(u, refusedItem(u.ref.sku, 'CURRENCY_MISMATCH', `${u.ref.sku}: this AliExpress shop prices in ${currency}, not ${u.currency}`));
      else if (!isPriceIn(u.price, currency)) results.set(u, refusedItem(u.ref.sku, 'INVALID_PRICE', `${u.price} is not a price in ${currency}`));
      else if (u.salePrice && (!isPriceIn(u.salePrice, currency) || compareAmounts(u.salePrice, u.price) >= 0)) results.set(u, refusedItem(u.ref.sku, 'INVALID_SALE_PRICE', `The sale price ${u.salePrice} must be a price below ${u.price}`));
      else if (!/^\d{1,20}$/.test(u.ref.itemId)) results.set(u, refusedItem(u.ref.sku, 'INVALID_PRODUCT_ID', `${u.ref.itemId} is not an AliExpress product id`));
      else return true;
      return false;
    });
    await this.batches(
      valid,
      (u): SkuPrice => (u.salePrice ? { sku_code: u.ref.sku, price: u.price, discount_price: u.salePrice } : { sku_code: u.ref.sku, price: u.price }),
      (p) => this.client.priceUpdate(p),
      results,
    );
    return updates.map((u) => results.get(u)!);
  }

  /**
   * Sends SKU updates in calls of at most 20 products × 200 SKUs, and reads each product's
   * outcome from the answer (`update_failed_list`, else `update_successful_list`, else the call's
   * own verdict) onto its SKUs. A call refused whole for what it carries is split by product until
   * the refused product stands alone, so the others still land.
   */
  private async batches<U extends StockUpdate | PriceUpdate, T extends { sku_code: string }>(
    updates: U[],
    item: (u: U) => T,
    send: (products: ProductUpdate<T>[]) => Promise<BatchAnswer>,
    results: Map<U, PushResult>,
  ): Promise<void> {
    // One entry per SKU of a product (the last update of a SKU wins); every update of it gets its outcome.
    const byProduct = new Map<string, Map<string, { item: T; updates: U[] }>>();
    for (const u of updates) {
      const skus = byProduct.get(u.ref.itemId) ?? new Map<string, { item: T; updates: U[] }>();
      byProduct.set(u.ref.itemId, skus);
      const prior = skus.get(u.ref.sku);
      skus.set(u.ref.sku, { item: item(u), updates: [...(prior?.updates ?? []), u] });
    }
    const calls = chunkProductUpdates([...byProduct].map(([productId, skus]) => ({ productId, skus: [...skus.values()] })));
    type Entry = (typeof calls)[number][number];
    const settle = (entry: Entry, r: (sku: string) => PushResult) => {
      for (const s of entry.skus) for (const u of s.updates) results.set(u, r(u.ref.sku));
    };
    const sendCall = async (call: Entry[]): Promise<void> => {
      try {
        const answer = await send(call.map((e) => ({ product_id: idNumber(e.productId), multiple_sku_update_list: e.skus.map((s) => s.item) })));
        for (const e of call) {
          const outcome = productOutcome(answer, e.productId);
          settle(e, (sku) => (outcome.ok ? { sku, ok: true } : { sku, ok: false, error: outcome.error }));
        }
      } catch (e) {
        if (e instanceof PermanentError && !isOperationWide(e) && call.length > 1) {
          const half = Math.ceil(call.length / 2);
          await sendCall(call.slice(0, half));
          await sendCall(call.slice(half));
          return;
        }
        for (const entry of call) settle(entry, (sku) => failure(sku, e));
      }
    };
    for (const call of calls) await sendCall(call);
  }

  /**
   * One page of orders changed since the cursor: the stream of orders in progress until it has
   * caught up, then the finished ones (windows.ts). Each listed order is read in full with
   * order.info.get (buyer, address, refunds, parcels). When some of those reads fail for now and
   * others came back, the page's readable orders are handed over and the same cursor comes back,
   * so only what failed is read again (the rest are remembered); when none came back, the
   * failure is thrown and the job tries again later.
   */
  async pullOrders(cursor: Cursor | null): Promise<OrdersPage> {
    const stream = phaseOf(cursor);
    const state = readWindow(cursor, stream, this.ctx.now());
    let unfinished = false;
    const page = await this.walk(state, async (args) => {
      const range = pacificRange(args.start, queryEnd(args.end));
      const listed = await this.client.orders({
        current_page: args.page,
        page_size: PAGE_SIZE,
        modified_date_start: range.start,
        modified_date_end: range.end,
        ...(stream === 'finished' ? { order_status: 'FINISH' } : {}),
      });
      const settled = await Promise.allSettled(listed.rows.map((row) => this.complete(row)));
      const failed = settled.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
      const wide = failed.find((e) => isOperationWide(e));
      const progressed = settled.some((r) => r.status === 'fulfilled' && r.value.fresh);
      if (wide || (failed.length && !progressed)) throw wide ?? failed[0];
      unfinished = failed.length > 0;
      return { total: listed.totalCount, pages: listed.totalPage, items: settled.flatMap((r) => (r.status === 'fulfilled' ? [mapOrder(r.value.source)] : [])) };
    });
    if (unfinished) return { orders: page.items, nextCursor: cursor ?? withWindow(null, stream, state, stream), done: false };
    if (!page.caughtUp) return { orders: page.items, nextCursor: withWindow(cursor, stream, page.next, stream), done: false };
    // This stream has caught up: the other goes next, and after the finished one the pull is done.
    const next = withWindow(cursor, stream, page.next, stream === 'open' ? 'finished' : 'open');
    return { orders: page.items, nextCursor: next, done: stream === 'finished' };
  }

  /** One read of a window (see windows.ts): its first page, then the pages from the last back to 1. */
  private async walk(
    state: WindowState,
    fetch: (args: { start: Date; end: Date; page: number }) => Promise<{ total: number | null; pages: number | null; items: PulledOrder[] }>,
  ): Promise<{ items: PulledOrder[]; next: WindowState; caughtUp: boolean }> {
    if (state.windowEnd && state.page) {
      const wait = settleMs(state.windowEnd, this.ctx.now());
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const closing = state.page === 1;
      const { items, total, pages: said } = await fetch({ start: state.from, end: state.windowEnd, page: state.page });
      if (!closing) return { items, next: inWindow(state.from, state.windowEnd, state.page - 1, state.span, state.total), caughtUp: false };
      const pages = pageCount(total, said);
      // More orders than when it opened: something entered after all; walk it again.
      if (state.total !== null && total !== null && total > state.total && pages > 1) return { items, next: inWindow(state.from, state.windowEnd, pages, state.span, total), caughtUp: false };
      const after = afterWindow(state.from, state.windowEnd, this.ctx.now(), state.span, pages);
      return { items, next: after.next, caughtUp: after.caughtUp };
    }
    const now = this.ctx.now();
    const windowEnd = windowEndFor(state.from, now, state.span);
    if (windowEnd.getTime() - state.from.getTime() < 1000) return { items: [], next: { ...state, windowEnd: null, page: null, total: null }, caughtUp: true };
    const first = await fetch({ start: state.from, end: windowEnd, page: 1 });
    const pages = first.total === 0 ? 0 : pageCount(first.total, first.pages);
    if (pages > MAX_WIDE_WINDOW_PAGES && state.span > WINDOW_MS) return { items: [], next: narrowed(state.from), caughtUp: false };
    if (pages > 1) return { items: first.items, next: inWindow(state.from, windowEnd, pages, state.span, first.total), caughtUp: false };
    const after = afterWindow(state.from, windowEnd, now, state.span, pages);
    return { items: first.items, next: after.next, caughtUp: after.caughtUp };
  }

  /** A listed order with its detail; `fresh` when this call read the detail (not remembered, not the list alone). */
  private async complete(row: Raw): Promise<{ source: AeOrderSource; fresh: boolean }> {
    const id = idString(row.order_id);
    if (!id) return { source: { list: row }, fresh: false }; // mapOrder quarantines it
    const key = `${this.seller}\u0000${id}\u0000${String(row.gmt_update ?? '')}`;
    const known = row.gmt_update ? details.get(key) : undefined;
    if (known) return { source: { list: row, detail: known }, fresh: false };
    try {
      const detail = await this.client.orderDetail(id);
      if (detail && row.gmt_update) remember(key, detail);
      return { source: { list: row, detail }, fresh: true };
    } catch (e) {
      // An order whose detail is refused (not the account) is mapped from its row alone: its address is then missing and flagged.
      if (e instanceof PermanentError && !isOperationWide(e)) return { source: { list: row }, fresh: true };
      throw e;
    }
  }

  async getOrder(externalId: string): Promise<PulledOrder> {
    const detail = await this.client.orderDetail(externalId);
    if (!detail) throw new PermanentError({ code: 'ORDER_NOT_FOUND', message: `AliExpress has no order ${externalId}`, operation: 'getOrder' });
    return mapOrder({ detail });
  }

  /**
   * Ships a parcel with order.fulfill. AliExpress takes no lines: `part` when units stay behind
   * after this parcel, `all` when it carries every unit still to ship. The order is read first:
   * a parcel whose tracking number is already on it was sent before (our earlier call whose answer
   * was lost) and counts as done; an order under risk review is refused before anything is sent.
   */
  async pushShipment(shipment: ShipmentPush): Promise<void> {
    const detail = await this.client.orderDetail(shipment.orderExternalId);
    if (!detail) throw new PermanentError({ code: 'ORDER_NOT_FOUND', message: `AliExpress has no order ${shipment.orderExternalId}`, operation: 'pushShipment' });
    const parcelKey = `${this.seller}\u0000${shipment.orderExternalId}`;
    const units = parcelUnits(shipment, shippableLines(detail));
    // Remembered once AliExpress has the parcel, for the send_type of the order's next one.
    const tracking = shipment.trackingNumber.trim();
    const done = () => void (units && rememberParcel(parcelKey, tracking, units));
    if (this.sent(detail, shipment)) return done();
    this.refuseRisk(detail, shipment);
    const service = (shipment.service ?? '').trim() || shipment.carrier.trim();
    if (!service) throw new PermanentError({ code: 'SERVICE_REQUIRED', message: `Shipment of order ${shipment.orderExternalId} names no AliExpress logistics service`, operation: 'pushShipment' });
    const other = isOtherService(service);
    if (other && !shipment.trackingUrl?.trim()) {
      throw new PermanentError({ code: 'TRACKING_WEBSITE_REQUIRED', message: `AliExpress wants the tracking website of a parcel sent with "other" (order ${shipment.orderExternalId}): give the shipment's tracking URL`, operation: 'pushShipment' });
    }
    const args = {
      orderId: shipment.orderExternalId,
      sendType: sendType(detail, shipment, earlierUnits(parcelKey, tracking)),
      serviceName: other ? OTHER_SERVICE : service,
      trackingNumber: shipment.trackingNumber,
      trackingWebsite: other ? shipment.trackingUrl!.trim() : null,
    };
    let answer;
    try {
      answer = await this.client.fulfil(args);
    } catch (e) {
      if (!(e instanceof PermanentError)) throw e;
      // Refused: the order itself says whether an earlier send of ours went through, or why not.
      const now = await this.client.orderDetail(shipment.orderExternalId);
      if (now && this.sent(now, shipment)) return done();
      if (now) this.refuseRisk(now, shipment);
      throw e;
    }
    if (!answer.success) {
      const now = await this.client.orderDetail(shipment.orderExternalId);
      if (now && this.sent(now, shipment)) return done();
      throw new PermanentError({ code: answer.errorCode ?? 'SHIP_FAILED', message: answer.errorMessage ?? `aliexpress.solution.order.fulfill did not succeed for order ${shipment.orderExternalId}`, operation: 'pushShipment' });
    }
    done();
  }

  private sent(detail: Raw, shipment: ShipmentPush): boolean {
    const tracking = shipment.trackingNumber.trim();
    return trackingNumbersOf(detail).some((t) => t === tracking);
  }

  private refuseRisk(detail: Raw, shipment: ShipmentPush): void {
    const status = aeStatusOf({ detail });
    if (status && RISK.has(status)) {
      throw new PermanentError({
        code: 'RISK_CONTROL',
        message: `AliExpress is reviewing order ${shipment.orderExternalId} (${status}, up to 24 hours after payment) and refuses to ship it until the review ends`,
        operation: 'pushShipment',
      });
    }
  }

  /** AliExpress returns and refunds (issues) are not in the reference: the connector does not pull them (refunds show on the order lines). */
  async pullReturns(cursor: Cursor | null): Promise<ReturnsPage> {
    return { returns: [], quarantined: [], nextCursor: cursor ?? {}, done: true };
  }

  async fetchListings(refs: ListingRef[]): Promise<RemoteListing[]> {
    const infos = new Map<string, Raw | null>();
    for (const id of [...new Set(refs.map((r) => r.itemId))]) infos.set(id, /^\d{1,20}$/.test(id) ? await this.client.productInfo(id) : null);
    // A product or SKU AliExpress no longer has is left out: the reconcile shows it as missing.
    return refs.flatMap((ref) => {
      const info = infos.get(ref.itemId);
      const remote = info ? remoteListing(info, ref) : null;
      return remote ? [remote] : [];
    });
  }
}

/**
 * `all` when the parcel carries every unit still waiting to be sent, else `part`. A parcel
 * without lines carries all of them (the engine's contract). With lines, AliExpress cannot say
 * which units left in earlier parcels (fulfil takes no lines, so its lines keep their status
 * unless it moves them itself): a line counts as sent when its own status says so, else by the
 * units our earlier parcels of the order carried (`earlier`, known to this process), else as
 * waiting whole. `all` closes shipping for the order, so it is only sent when it surely is.
 */
export function sendType(detail: unknown, shipment: Pick<ShipmentPush, 'lines' | 'externalLineIds'>, earlier: ReadonlyMap<string, number> = new Map()): 'all' | 'part' {
  const lines = shippableLines(detail);
  const parcel = parcelUnits(shipment, lines);
  if (!parcel) return 'all';
  return lines.every((l) => !l.waiting || (earlier.get(l.id) ?? 0) + (parcel.get(l.id) ?? 0) >= l.quantity) ? 'all' : 'part';
}

/** Units per line in the parcel; null when it carries the whole order. */
function parcelUnits(shipment: Pick<ShipmentPush, 'lines' | 'externalLineIds'>, lines: { id: string; quantity: number }[]): Map<string, number> | null {
  const parcel = new Map<string, number>();
  if (shipment.lines?.length) for (const l of shipment.lines) parcel.set(l.externalLineId, (parcel.get(l.externalLineId) ?? 0) + l.quantity);
  else if (shipment.externalLineIds?.length) for (const id of shipment.externalLineIds) parcel.set(id, lines.find((l) => l.id === id)?.quantity ?? Number.MAX_SAFE_INTEGER);
  else return null;
  return parcel;
}

/**
 * The parcels we pushed per order (by seller and order, then tracking number: units per line),
 * in this process, bounded: what AliExpress does not keep. A parcel pushed by another process is
 * not known here, and its lines then count as still waiting (see sendType).
 */
const ourParcels = new Map<string, Map<string, Map<string, number>>>();
const MAX_PARCEL_ORDERS = 5_000;

function rememberParcel(key: string, tracking: string, units: Map<string, number>): void {
  const parcels = ourParcels.get(key) ?? new Map<string, Map<string, number>>();
  parcels.set(tracking, units);
  ourParcels.delete(key);
  ourParcels.set(key, parcels);
  if (ourParcels.size > MAX_PARCEL_ORDERS) ourParcels.delete(ourParcels.keys().next().value!);
}

/** Units per line our other parcels of the order carried (the same parcel sent again is not counted twice). */
function earlierUnits(key: string, tracking: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const [t, units] of ourParcels.get(key) ?? []) if (t !== tracking) for (const [id, n] of units) out.set(id, (out.get(id) ?? 0) + n);
  return out;
}

/** A channel's call limit: every call of the app together, as the simulator and the bench count it [U]. */
export function rateLimitsAt(callsPerSecond: number): RateLimits {
  return {
    default: { ratePerSecond: callsPerSecond, burst: Math.max(1, Math.floor(callsPerSecond / 2)), bucket: 'app' },
    auth: { ratePerSecond: 1, burst: 2 },
  };
}

function callsPerSecondOf(settings?: Record<string, string>): number {
  const cps = Number(settings?.callsPerSecond);
  return settings?.callsPerSecond && Number.isFinite(cps) && cps > 0 ? cps : DEFAULT_CALLS_PER_SECOND;
}

export const aliexpressConnector: ConnectorModule = {
  kinds: ['ALIEXPRESS'],
  kindDescriptions: { ALIEXPRESS: 'AliExpress (速卖通) seller account on the AliExpress Open Platform (IOP).' },
  label: 'AliExpress (IOP)',
  defaultBaseUrl: 'https://api-sg.aliexpress.com',
  marketplacesPerChannel: 'ONE',
  capabilities: ['listings.publish', 'listings.update', 'listings.delist', 'stock.push', 'price.push', 'orders.pull', 'orders.get', 'shipments.push'],
  // A product's SKUs are one AliExpress product; a discount price lives beside each SKU's price; the
  // subject and description must be in the channel's main language (AliExpress shows no Chinese text).
  listingModel: { variationGroups: true, asynchronousWrites: false, salePrice: true, localeTextRequired: true },
  defaultLocale: 'en-US',
  carriers: { known: AE_CARRIERS, closed: false },
  credentialFields: [
    { name: 'appKey', description: 'App key of the AliExpress Open Platform app', required: true, secret: false },
    { name: 'appSecret', description: 'App secret of the app (signs every call)', required: true, secret: true },
    { name: 'refreshToken', description: "The seller's refresh token (rotated by AliExpress; the engine saves the new one)", required: false, secret: true },
    { name: 'authCode', description: "The one-time code from the seller's authorisation, exchanged for the first tokens when there is no refresh token yet", required: false, secret: true },
    { name: 'refreshTokenExpiresAt', description: 'When the refresh token expires (ISO time): the channel warns 30 days before', required: false, secret: false },
    { name: 'account', description: "The seller's account name, as staff read it", required: false, secret: false },
  ],
  settingsFields: [
    { name: 'locales', description: 'Languages the products are listed in, the main one first (comma-separated BCP 47; default en-US)', required: false },
    { name: 'freightTemplateId', description: 'AliExpress freight template id, unless the listing says', required: false },
    { name: 'servicePolicyId', description: 'AliExpress service policy id (default 0: the seller’s default)', required: false },
    { name: 'shippingLeadTime', description: 'Days before a parcel leaves, unless the listing says', required: false },
    { name: 'brandValueId', description: 'AliExpress brand value id (attribute 2), unless the listing says', required: false },
    { name: 'brandName', description: 'Brand written out, when there is no brand value id', required: false },
    { name: 'weight', description: 'Package weight in kg, unless the listing says', required: false },
    { name: 'packageLength', description: 'Package length in cm, unless the listing says', required: false },
    { name: 'packageWidth', description: 'Package width in cm, unless the listing says', required: false },
    { name: 'packageHeight', description: 'Package height in cm, unless the listing says', required: false },
    { name: 'productUnit', description: 'AliExpress product unit id (default 100000015, piece)', required: false },
    { name: 'inventoryDeductionStrategy', description: 'payment_success_deduct (default) or place_order_withhold', required: false },
    { name: 'photobankGroupId', description: 'Photo bank group the uploaded images go in', required: false },
    { name: 'callsPerSecond', description: `Calls per second the app may make, all of its channels together (default ${DEFAULT_CALLS_PER_SECOND})`, required: false },
  ],
  auth: {
    refresh: ({ credentials, http, baseUrl, now }) => requestToken(http, baseUrl, credentials, now),
    apply: (req, { accessToken, credentials }) => signRequest(req, readCredentials(credentials), accessToken),
    refreshTokenExpiresAt: (credentials) => {
      const at = credentials.refreshTokenExpiresAt ? new Date(credentials.refreshTokenExpiresAt) : null;
      return at && !Number.isNaN(at.getTime()) ? at : null;
    },
  },
  rateLimits: rateLimitsAt(DEFAULT_CALLS_PER_SECOND),
  rateLimitsFor: (_credentials, settings) => rateLimitsAt(callsPerSecondOf(settings)),
  // AliExpress counts per app key (and per seller below it, §8): every channel of one app shares its limits.
  rateKey: (credentials) => `app:${credentials.appKey?.trim() ?? ''}`,
  maxBatch: { stock: MAX_PUSH, price: MAX_PUSH },
  classify: classifyAeResponse,
  refusals: {
    RISK_CONTROL: {
      reason: 'ORDER_ON_HOLD',
      en: 'AliExpress is reviewing this order for risk (up to 24 hours after payment) and refuses to ship it: ship it once the review ends.',
      zh: '速卖通正在对该订单进行风控审核（付款后最长 24 小时），审核期间不能发货：请在审核结束后再发货。',
    },
    MISSING_TRANSLATION: {
      reason: 'MISSING_TRANSLATION',
      en: 'The product has no title in the channel’s main language: add the translation and publish again.',
      zh: '商品缺少渠道主语言的标题：请补充翻译后重新发布。',
    },
    LISTING_FIELDS_MISSING: {
      reason: 'LISTING_INCOMPLETE',
      en: 'AliExpress needs more about the product (category, brand, freight template, weight, package size…): set them as listing attributes or channel settings.',
      zh: '速卖通需要更多商品信息（类目、品牌、运费模板、重量、包装尺寸等）：请在商品属性或渠道设置中填写。',
    },
    IMAGES_REQUIRED: { reason: 'IMAGES_REQUIRED', en: 'AliExpress needs at least one product image.', zh: '速卖通商品至少需要一张图片。' },
    IMAGE_UNREADABLE: { reason: 'IMAGE_UNREADABLE', en: 'An image of the product could not be read for the AliExpress photo bank: check its URL.', zh: '无法读取商品图片以上传到速卖通图片银行：请检查图片地址。' },
    CURRENCY_MISMATCH: { reason: 'CURRENCY_MISMATCH', en: 'The price is in another currency than the AliExpress channel’s.', zh: '价格币种与速卖通渠道币种不一致。' },
    INVALID_SALE_PRICE: { reason: 'INVALID_SALE_PRICE', en: 'The sale price must be below the price.', zh: '折扣价必须低于原价。' },
    TRACKING_WEBSITE_REQUIRED: {
      reason: 'TRACKING_URL_REQUIRED',
      en: 'A parcel sent with the “other” logistics service needs its tracking website: add the tracking URL to the shipment.',
      zh: '使用“其他”物流方式发货时需填写查询网址：请为包裹填写物流跟踪链接。',
    },
    PRODUCT_NOT_FOUND: { reason: 'LISTING_NOT_FOUND', en: 'AliExpress no longer has this product: publish the listing again.', zh: '速卖通上已无此商品：请重新发布。' },
    ORDER_NOT_FOUND: { reason: 'ORDER_NOT_FOUND', en: 'AliExpress has no such order in this shop.', zh: '该店铺在速卖通上没有此订单。' },
    SUBJECT_TOO_LONG: { reason: 'TITLE_TOO_LONG', en: 'AliExpress titles have at most 218 characters: shorten the translation.', zh: '速卖通标题最多 218 个字符：请缩短标题。' },
    LOCALE_UNSUPPORTED: { reason: 'LOCALE_UNSUPPORTED', en: 'AliExpress does not take product texts in the channel’s languages.', zh: '速卖通不支持该渠道设置的语言。' },
    IncompleteSignature: { reason: 'CREDENTIALS_INVALID', en: 'AliExpress refused the signature: check the app secret.', zh: '速卖通签名校验失败：请检查 App Secret。' },
  },
  // What `npm run sim -- aliexpress` and the tests start; loaded only when asked for, so production never loads it.
  simulator: (_kind, options) => import('./simulator').then((s) => s.startAliExpressSimulator(options)),
  // What `SIMULATORS=1` puts in its fresh simulator: sample orders in AliExpress's own wire shape.
  demo: (_kind, controlUrl, catalog) => import('./demo').then((d) => d.seedAliExpressDemo(controlUrl, catalog)),
  create(kind: string, ctx: ConnectorContext): Connector {
    if (kind.toUpperCase() !== 'ALIEXPRESS') throw new PermanentError({ code: 'UNKNOWN_KIND', message: `The AliExpress connector serves ALIEXPRESS, not ${kind}` });
    return new AliExpressConnector(ctx);
  },
};
