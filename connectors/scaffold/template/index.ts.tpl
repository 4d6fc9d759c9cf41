import { AuthFailedError, isMarketplaceError, PermanentError } from '../sdk/errors';
import { idString } from '../sdk/exact-json';
import type {
  Connector,
  ConnectorContext,
  ConnectorModule,
  Cursor,
  GroupItem,
  ListingDraft,
  ListingGroup,
  ListingOutcome,
  ListingRef,
  OrdersPage,
  PriceUpdate,
  PulledOrder,
  PushResult,
  RemoteListing,
  ReturnsPage,
  ShipmentPush,
  StockUpdate,
  Submission,
  SubmissionStatus,
} from '../sdk/types';
import { __Name__Client, BatchResult, ListingBody, MAX_IDS, SubmissionAnswer, readCredentials, requestToken } from './client';
import { classify__Name__Response, kindOfCode } from './errors';
import { mapListing, mapOrder, mapReturn } from './mapping';
import { __NAME__Notifications } from './notifications';

/**
 * The __Name__ connector: a marketplace account (one shop) behind the SDK's Connector contract.
 * client.ts speaks the wire, mapping.ts turns its JSON into DTOs, and this file decides what
 * to call, in which batches, and what each answer means for the sync engine.
 */

type Raw = Record<string, unknown>;

/** Orders (and returns) per page (__Name__ allows 1-100). */
export const PAGE_SIZE = 100;
/** A new channel's first pull starts this far back. */
export const INITIAL_LOOKBACK_MS = 24 * 60 * 60 * 1000;
/**
 * Each pass starts this far before the newest change the last one saw, for changes __Name__
 * lists late; orders seen again are fine (the intake is idempotent by external id).
 */
export const OVERLAP_MS = 60 * 1000;
const MAX_BATCH = 50;

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** An item that failed because of its own error, or a batch error that is not about the whole account. */
function failure(sku: string, e: unknown): PushResult {
  // An account-wide refusal stops the batch: the engine stops the channel instead of failing every item.
  if (!isMarketplaceError(e) || e instanceof AuthFailedError) throw e;
  return { sku, ok: false, error: { kind: e.kind, code: e.code, message: e.message } };
}

function refused(sku: string, code: string, message: string): PushResult {
  return { sku, ok: false, error: { kind: 'PERMANENT', code, message } };
}

/** One result per update, from a batch answer in request order. */
function results(skus: string[], answer: BatchResult[]): PushResult[] {
  return skus.map((sku, i): PushResult => {
    const r = answer[i];
    if (!r) return { sku, ok: false, error: { kind: 'RETRYABLE', code: 'NO_RESULT', message: '__Name__ answered without a result for this item' } };
    return r.ok ? { sku, ok: true } : { sku, ok: false, error: { kind: kindOfCode(r.error?.code), code: r.error?.code ?? 'UNKNOWN', message: r.error?.message ?? '' } };
  });
}

/** How soon to ask again about a group write (__Name__ processes them in well under a second). */
const SUBMISSION_POLL_MS = 250;

/** One SKU of a processed group write. */
function outcomeOf(r: SubmissionAnswer['results'][number]): ListingOutcome {
  if (r.status === 'ACCEPTED' && r.listingId) return { sku: r.sku, ok: true, ref: { sku: r.sku, itemId: r.listingId } };
  const first = r.errors[0];
  return {
    sku: r.sku,
    ok: false,
    error: { kind: kindOfCode(first?.code), code: first?.code ?? 'rejected', message: first?.message ?? '__Name__ rejected the listing' },
    issues: r.errors.map((e) => ({ code: e.code, message: e.message, severity: 'ERROR' as const })),
  };
}

/** The incremental pull's cursor: `{updatedAfter, page, newest}` (ISO times and __Name__'s page cursor). */
function readCursor(cursor: Cursor | null, now: Date): { updatedAfter: string; page: string | null; newest: string | null } {
  const iso = (v: unknown) => (typeof v === 'string' && !Number.isNaN(Date.parse(v)) ? v : null);
  return {
    updatedAfter: iso(cursor?.updatedAfter) ?? new Date(now.getTime() - INITIAL_LOOKBACK_MS).toISOString(),
    page: typeof cursor?.page === 'string' && cursor.page ? cursor.page : null,
    newest: iso(cursor?.newest),
  };
}

class __Name__Connector implements Connector {
  private readonly client: __Name__Client;

  constructor(private readonly ctx: ConnectorContext) {
    this.client = new __Name__Client(ctx.http, readCredentials(ctx.credentials), ctx.settings ?? {});
  }

  async checkCredentials(): Promise<{ account: string }> {
    const shop = await this.client.shop();
    if (typeof shop.currency === 'string' && shop.currency !== this.ctx.currency) {
      throw new PermanentError({ code: 'CURRENCY_MISMATCH', message: `The shop sells in ${shop.currency} but the channel is in ${this.ctx.currency}`, operation: 'checkCredentials' });
    }
    return { account: String(shop.name ?? this.client.credentials.shopId) };
  }

  async publishListing(draft: ListingDraft): Promise<ListingRef> {
    let listing: Raw;
    try {
      listing = await this.client.createListing(this.body(draft));
    } catch (e) {
      // A create that timed out may have landed: __Name__ then refuses the SKU, and we take over the listing it has.
      if (!(e instanceof PermanentError && e.code === 'duplicate_sku')) throw e;
      const existing = await this.client.listingBySku(draft.sku);
      if (!existing) throw e;
      return this.updateListing(this.ref(draft.sku, existing), draft);
    }
    return this.ref(draft.sku, listing);
  }

  async updateListing(ref: ListingRef, draft: ListingDraft): Promise<ListingRef> {
    // The listing as we want it, on sale: publishing a delisted listing again comes here.
    return this.ref(draft.sku, await this.client.updateListing(ref.itemId, { ...this.body(draft), status: 'ACTIVE' }));
  }

  async delistListing(ref: ListingRef): Promise<void> {
    await this.client.deactivateListing(ref.itemId);
  }

  /**
   * A product's SKUs as one item with variations: the group and its listings in one write,
   * keyed by the group (our product id), which __Name__ processes later (202 and a submission,
   * as Amazon's listings and eBay's bulk calls answer). The engine stores the submission and
   * polls it (pollSubmission); each SKU then keeps its own listing id.
   */
  async publishGroup(group: ListingGroup, items: GroupItem[]): Promise<Submission> {
    const answer = await this.client.putListingGroup(group.key, {
      title: group.title,
      description: group.description ?? null,
      locale: group.locale,
      images: group.imageUrls ?? [],
      options: group.options,
      listings: items.map((i) => ({ ...this.body(i.draft), status: 'ACTIVE' as const })),
    });
    if (!answer?.id) throw new PermanentError({ code: 'BAD_RESPONSE', message: `__Name__ returned no submission for group ${group.key}`, operation: 'publishGroup' });
    return { pending: true, handle: { submissionId: answer.id }, skus: items.map((i) => i.draft.sku), pollAfterMs: SUBMISSION_POLL_MS };
  }

  /** Where a group write stands: PROCESSING, or how each SKU ended (its listing id, or __Name__'s errors). */
  async pollSubmission(submission: Submission): Promise<SubmissionStatus> {
    const id = submission.handle.submissionId;
    if (typeof id !== 'string' || !id) throw new PermanentError({ code: 'BAD_HANDLE', message: `Not a __Name__ submission handle: ${JSON.stringify(submission.handle)}`, operation: 'pollSubmission' });
    const answer = await this.client.submission(id);
    if (answer.status !== 'DONE') return { done: false, pollAfterMs: SUBMISSION_POLL_MS };
    return { done: true, results: answer.results.map(outcomeOf) };
  }

  async pushStock(updates: StockUpdate[]): Promise<PushResult[]> {
    const out = new Map<StockUpdate, PushResult>();
    const valid = updates.filter((u) => {
      if (Number.isInteger(u.quantity) && u.quantity >= 0) return true;
      out.set(u, refused(u.ref.sku, 'INVALID_QUANTITY', `Quantity ${u.quantity} is not a whole number of 0 or more`));
      return false;
    });
    for (const batch of chunk(valid, MAX_BATCH)) {
      try {
        const answer = await this.client.updateInventory(batch.map((u) => ({ listingId: u.ref.itemId, quantity: u.quantity })));
        results(batch.map((u) => u.ref.sku), answer).forEach((r, i) => out.set(batch[i], r));
      } catch (e) {
        for (const u of batch) out.set(u, failure(u.ref.sku, e));
      }
    }
    return updates.map((u) => out.get(u)!);
  }

  async pushPrice(updates: PriceUpdate[]): Promise<PushResult[]> {
    const out = new Map<PriceUpdate, PushResult>();
    const valid = updates.filter((u) => {
      if (!/^\d+(\.\d{1,2})?$/.test(u.price)) out.set(u, refused(u.ref.sku, 'INVALID_PRICE', `Price ${u.price} is not an amount with at most 2 decimals`));
      else if (u.currency !== this.ctx.currency) out.set(u, refused(u.ref.sku, 'CURRENCY_MISMATCH', `${u.ref.sku}: this shop prices in ${this.ctx.currency}, not ${u.currency}`));
      else return true;
      return false;
    });
    for (const batch of chunk(valid, MAX_BATCH)) {
      try {
        // The sale price goes with every price: __Name__ erases one left out.
        const answer = await this.client.updatePrices(
          batch.map((u) => ({ listingId: u.ref.itemId, price: { amount: u.price, currency: u.currency }, salePrice: u.salePrice ? { amount: u.salePrice, currency: u.currency } : null })),
        );
        results(batch.map((u) => u.ref.sku), answer).forEach((r, i) => out.set(batch[i], r));
      } catch (e) {
        for (const u of batch) out.set(u, failure(u.ref.sku, e));
      }
    }
    return updates.map((u) => out.get(u)!);
  }

  /**
   * One page of orders changed since the cursor. __Name__ lists changes oldest first and hands
   * out a cursor per page; an order changed while we page moves behind us and comes again on a
   * later page, so nothing is missed. After the last page the next pass starts just before the
   * newest change seen (on __Name__'s clock, not ours).
   */
  async pullOrders(cursor: Cursor | null): Promise<OrdersPage> {
    const page = await this.changes(cursor, (args) => this.client.orders(args).then((r) => ({ records: r.orders, nextCursor: r.nextCursor })));
    return { orders: page.records.map(mapOrder), nextCursor: page.nextCursor, done: page.done };
  }

  /** One page of returns and refunds changed since the cursor, paged as orders are. */
  async pullReturns(cursor: Cursor | null): Promise<ReturnsPage> {
    const page = await this.changes(cursor, (args) => this.client.returns(args).then((r) => ({ records: r.returns, nextCursor: r.nextCursor })));
    const mapped = page.records.map(mapReturn);
    return {
      returns: mapped.flatMap((m) => (m.ok ? [m.ret] : [])),
      // Kept by the engine with their raw body, as malformed orders are.
      quarantined: mapped.flatMap((m) => (m.ok ? [] : [{ externalId: m.externalId, raw: m.raw, error: m.error }])),
      nextCursor: page.nextCursor,
      done: page.done,
    };
  }

  /** The paging both pulls share: a page of changes and the cursor to store after it. */
  private async changes(cursor: Cursor | null, fetch: (args: { updatedAfter: string; cursor: string | null; limit: number }) => Promise<{ records: Raw[]; nextCursor: string | null }>): Promise<{ records: Raw[]; nextCursor: Cursor; done: boolean }> {
    const { updatedAfter, page, newest: seen } = readCursor(cursor, this.ctx.now());
    const res = await fetch({ updatedAfter, cursor: page, limit: PAGE_SIZE });
    let newest = seen ?? updatedAfter;
    for (const o of res.records) {
      const at = typeof o.updatedAt === 'string' ? Date.parse(o.updatedAt) : NaN;
      if (at > Date.parse(newest)) newest = new Date(at).toISOString();
    }
    if (res.nextCursor) return { records: res.records, nextCursor: { updatedAfter, page: res.nextCursor, newest }, done: false };
    const next = Math.max(Date.parse(updatedAfter), Date.parse(newest) - OVERLAP_MS);
    return { records: res.records, nextCursor: { updatedAfter: new Date(next).toISOString(), page: null, newest: null }, done: true };
  }

  async getOrder(externalId: string): Promise<PulledOrder> {
    return mapOrder(await this.client.order(externalId));
  }

  /** A parcel with its lines and units (every line left when it carries the whole order); our parcel number keys it when the engine gives one. */
  async pushShipment(shipment: ShipmentPush): Promise<void> {
    const lines = shipment.lines?.length ? shipment.lines.map((l) => ({ lineId: l.externalLineId, quantity: l.quantity })) : undefined;
    // Line ids without units: those lines whole.
    const lineIds = !lines && shipment.externalLineIds?.length ? shipment.externalLineIds : undefined;
    await this.client.createShipment(
      shipment.orderExternalId,
      {
        carrier: shipment.carrier,
        service: shipment.service ?? null,
        trackingNumber: shipment.trackingNumber,
        trackingUrl: shipment.trackingUrl ?? null,
        shippedAt: shipment.shippedAt.toISOString(),
        lines,
        lineIds,
      },
      shipment.parcelId,
    );
  }

  async fetchListings(refs: ListingRef[]): Promise<RemoteListing[]> {
    const found = new Map<string, Raw>();
    for (const ids of chunk([...new Set(refs.map((r) => r.itemId))], MAX_IDS)) {
      for (const l of await this.client.listings(ids)) {
        const id = idString(l.id);
        if (id) found.set(id, l);
      }
    }
    // A listing __Name__ no longer knows is left out: the reconcile shows it as missing.
    return refs.flatMap((ref) => {
      const mapped = found.has(ref.itemId) ? mapListing(found.get(ref.itemId), ref) : null;
      return mapped ? [mapped] : [];
    });
  }

  private body(draft: ListingDraft): ListingBody {
    return {
      sku: draft.sku,
      title: draft.title,
      description: draft.description ?? null,
      categoryId: draft.categoryId ?? null,
      price: { amount: draft.price, currency: draft.currency },
      salePrice: draft.salePrice ? { amount: draft.salePrice, currency: draft.currency } : null,
      quantity: draft.quantity,
      images: draft.imageUrls ?? [],
      attributes: draft.attributes ?? {},
      locale: draft.locale ?? null,
      options: draft.options ?? [],
    };
  }

  private ref(sku: string, listing: Raw | undefined): ListingRef {
    const itemId = idString(listing?.id);
    if (!itemId) throw new PermanentError({ code: 'BAD_RESPONSE', message: `__Name__ returned no listing id for ${sku}`, operation: 'publishListing' });
    return { sku, itemId };
  }
}

export const __NAME__Connector: ConnectorModule = {
  kinds: ['__KIND__'],
  // What the API's ChannelKind enum says of the kind: installing this folder makes it a channel kind.
  kindDescriptions: { __KIND__: '__Name__ (a fictional REST marketplace made by `npm run connector:new`: replace it with the real one).' },
  label: '__Name__',
  defaultBaseUrl: 'https://api.__NAME__.example.com/api/v1',
  capabilities: ['listings.publish', 'listings.update', 'listings.delist', 'stock.push', 'price.push', 'orders.pull', 'orders.get', 'shipments.push', 'returns.pull'],
  // A product's SKUs go out as one item with variations (publishGroup), which __Name__ processes
  // later (pollSubmission); a sale price is kept beside the price.
  listingModel: { variationGroups: true, asynchronousWrites: true, salePrice: true },
  // The language listings are written in when the channel names none.
  defaultLocale: 'en-US',
  // The carrier codes __Name__ knows; a channel's carrier table maps our carrier names to them
  // (an open list: staff may map to a code not here).
  carriers: {
    known: [
      { code: 'UPS', name: 'UPS', aliases: ['United Parcel Service'] },
      { code: 'USPS', name: 'USPS', aliases: ['US Postal Service', 'United States Postal Service'] },
      { code: 'FEDEX', name: 'FedEx', aliases: ['Federal Express'] },
      { code: 'DHL', name: 'DHL Express', aliases: ['DHL Express'] },
      { code: 'SF', name: 'SF Express', aliases: ['顺丰', 'S.F. Express'] },
    ],
  },
  // No access token among them: the engine obtains it from the refresh token (`auth` below) and keeps it in memory only.
  credentialFields: [
    { name: 'shopId', description: "Id of the seller's shop", required: true, secret: false },
    { name: 'clientId', description: 'Client id of the __Name__ app', required: true, secret: false },
    { name: 'clientSecret', description: 'Client secret of the __Name__ app', required: true, secret: true },
    { name: 'refreshToken', description: "The seller's refresh token, from their consent (rotated by __Name__; the engine saves the new one)", required: true, secret: true },
    { name: 'refreshTokenExpiresAt', description: 'When the refresh token expires (ISO time, from the consent): the channel warns 30 days before', required: false, secret: false },
    { name: 'notificationSecret', description: "The secret __Name__ signs the shop's push messages with", required: false, secret: true },
  ],
  // Settings that are not secrets: createChannel takes them as [{ name, value }], the connector reads ctx.settings.
  settingsFields: [{ name: 'locationKey', description: 'The warehouse (location) the shop ships from, as __Name__ names it; sent with every call', required: false }],
  // One channel is one shop on one marketplace. For one account on several (Amazon US + CA + MX), say
  // SEVERAL and list them in `marketplaces: [{ id, label, currency, locale }]`: channels then name theirs
  // (marketplaceIds), the connector reads ctx.marketplaces and orders say where they were placed.
  marketplacesPerChannel: 'ONE',
  // OAuth tokens, owned by the engine: how to get one from the credentials and put it on a call.
  auth: {
    refresh: ({ credentials, http }) => requestToken(http, credentials),
    apply: (req, { accessToken }) => ({ ...req, headers: { ...req.headers, authorization: `Bearer ${accessToken}` } }),
    refreshTokenExpiresAt: (credentials) => (credentials.refreshTokenExpiresAt ? new Date(credentials.refreshTokenExpiresAt) : null),
  },
  // Push messages at POST /notifications/<channel key>: the engine pulls the orders and returns they name.
  notifications: __NAME__Notifications,
  // __Name__'s published limits per shop; the HTTP helper keeps one token bucket per operation.
  rateLimits: {
    auth: { ratePerSecond: 2, burst: 2 },
    listings: { ratePerSecond: 10, burst: 10 },
    stock: { ratePerSecond: 10, burst: 10 },
    price: { ratePerSecond: 10, burst: 10 },
    orders: { ratePerSecond: 10, burst: 10 },
    shipments: { ratePerSecond: 10, burst: 10 },
    returns: { ratePerSecond: 10, burst: 10 },
  },
  // __Name__ counts calls per shop: channels of one shop share its limits, whatever process they run in.
  rateKey: (credentials) => `__NAME__:${credentials.shopId ?? ''}`,
  maxBatch: { stock: MAX_BATCH, price: MAX_BATCH },
  classify: classify__Name__Response,
  // What staff read beside __Name__'s own code and message when it refuses something.
  refusals: {
    duplicate_sku: {
      reason: 'DUPLICATE_SKU',
      en: 'The shop already has another listing with this SKU: change the SKU, or delete the other listing in the __Name__ back office.',
      zh: '店铺中已有使用该 SKU 的其他商品：请修改 SKU，或在 __Name__ 后台删除该商品。',
    },
    invalid_category: {
      reason: 'CATEGORY_UNKNOWN',
      en: 'The category id is not one of __Name__’s: set the listing’s category to a leaf category of the marketplace.',
      zh: '类目 ID 不是 __Name__ 的有效类目：请为商品设置平台的叶子类目。',
    },
    currency_mismatch: {
      reason: 'CURRENCY_MISMATCH',
      en: 'The shop sells in another currency than the channel: set the channel’s currency to the shop’s.',
      zh: '店铺的结算币种与渠道不一致：请将渠道币种设为店铺币种。',
    },
    listing_not_found: {
      reason: 'LISTING_NOT_FOUND',
      en: 'The marketplace no longer has this listing: publish it again.',
      zh: '平台上已没有该商品：请重新发布。',
    },
    order_not_shippable: {
      reason: 'ORDER_NOT_SHIPPABLE',
      en: 'The order cannot be shipped in its current state (cancelled, or shipped already): check it in the __Name__ back office.',
      zh: '订单当前状态无法发货（已取消或已发货）：请在 __Name__ 后台核对。',
    },
    'invalid_*': {
      reason: 'INVALID_REQUEST',
      en: 'The marketplace refused a value we sent (its message names it): correct the listing or order and try again.',
      zh: '平台拒绝了提交的某个字段（见平台提示）：请修改商品或订单后重试。',
    },
  },
  // What `npm run sim -- __NAME__` and the tests start; loaded only when asked for.
  simulator: (_kind, options) => import('./simulator').then((s) => s.start__Name__Simulator(options)),
  create(kind: string, ctx: ConnectorContext): Connector {
    if (kind !== '__KIND__') throw new PermanentError({ code: 'UNKNOWN_KIND', message: `The __Name__ connector serves __KIND__, not ${kind}` });
    return new __Name__Connector(ctx);
  },
};
