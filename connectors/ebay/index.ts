import { isMarketplaceError, isOperationWide, MarketplaceError, PermanentError, RetryableError } from '../sdk/errors';
import type {
  Connector,
  ConnectorContext,
  ConnectorModule,
  Cursor,
  GroupItem,
  ListingDraft,
  ListingGroup,
  ListingIssue,
  ListingOutcome,
  ListingRef,
  MarketplaceInfo,
  OrdersPage,
  PriceUpdate,
  PulledOrder,
  PushResult,
  RateLimits,
  RemoteListing,
  ReturnsPage,
  SettingField,
  ShipmentPush,
  StockUpdate,
} from '../sdk/types';
import { EBAY_CARRIERS } from './carriers';
import { EbayClient, lastModifiedFilter, readCredentials, requestToken, secretTag, withBearer } from './client';
import { classifyEbayResponse, errorOfItem, itemErrorOf } from './errors';
import { channelSites, groupBody, groupTextIn, inventoryItemBody, isPrice, ListingPlan, offerBody, planSites, POLICY_FIELDS, SiteListing, siteDescription, SiteSetup, siteSetups } from './listing';
import { EBAY_SITES, languageOf } from './marketplaces';
import { fulfillmentsOf, isLive, itemQuantity, mapOrder, offerView, OfferView, orderLines, remoteListing, trackingKey } from './mapping';
import { listingPictures } from './pictures';
import { EBAY_REFUSALS } from './refusals';
import { afterWindow, cursorOf, Gap, lastOffset, PAGE_SIZE, readWindow, settleMs, windowEndFor } from './windows';

/**
 * The eBay connector (kind EBAY): one seller account on several eBay sites, through the Sell
 * Inventory and Fulfillment APIs (../shared/marketplaces/ebay.md). client.ts speaks the wire,
 * listing.ts and mapping.ts turn shapes into shapes, windows.ts walks the order pull; this file
 * decides what to call, in which order, and what each answer means for the sync engine. The
 * access token is the engine's (the module's `auth`).
 *
 * A listing is one inventory item (by our SKU) and one offer per site of the channel, each
 * published; its ref keeps the offers and listings per site in `extra` (`offer.EBAY_DE`,
 * `listing.EBAY_DE`, and `group` for a variation group's key), and its `itemId` is the first
 * site's listing id. Every write is safe to repeat: the item is a full replace by SKU and the
 * offers are looked up by SKU (getOffers) before one is created.
 */

type Raw = Record<string, unknown>;

/** The largest bulkUpdatePriceQuantity call [O: "up to 25"]. */
export const MAX_BULK = 25;
/** Daily call quotas when the channel's settings do not say [U: eBay's defaults for an app after the growth check, as commonly published]. */
export const DEFAULT_INVENTORY_CALLS_PER_DAY = 2_000_000;
export const DEFAULT_FULFILLMENT_CALLS_PER_DAY = 100_000;
const DAY_SECONDS = 86_400;

/** getOrders' refusal of a window ending in eBay's future [O 30850: "Start and end dates can't be in the future"]. */
const FUTURE_DATES = '30850';
const FUTURE_RETRIES = 3;
const CLOCK_STEP_MS = 5_000;

function isFutureRefusal(e: unknown): e is PermanentError {
  return e instanceof PermanentError && e.code === FUTURE_DATES;
}

/** The Inventory API calls (one daily quota) and the Fulfillment API calls (another). */
const INVENTORY_CALLS = [
  'createOrReplaceInventoryItem',
  'getInventoryItem',
  'getInventoryItems',
  'getOffers',
  'createOffer',
  'updateOffer',
  'publishOffer',
  'withdrawOffer',
  'createOrReplaceInventoryItemGroup',
  'getInventoryItemGroup',
  'publishOfferByInventoryItemGroup',
  'withdrawOfferByInventoryItemGroup',
  'bulkUpdatePriceQuantity',
];
const FULFILLMENT_CALLS = ['getOrders', 'getOrder', 'getShippingFulfillments', 'createShippingFulfillment'];

function failure(sku: string, e: unknown): PushResult {
  if (!isMarketplaceError(e) || isOperationWide(e)) throw e;
  return { sku, ok: false, error: { kind: e.kind, code: e.code, message: e.message } };
}

function refusedItem(sku: string, code: string, message: string): PushResult {
  return { sku, ok: false, error: { kind: 'PERMANENT', code, message } };
}

/** The offers of a ref by site, as `extra` keeps them (`offer.EBAY_US` → offerId). */
export function offersOfRef(ref: ListingRef): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(ref.extra ?? {})) if (k.startsWith('offer.') && v) out.set(k.slice('offer.'.length), v);
  return out;
}

/** A permanent refusal of one site's write, kept to report once the other sites are done. */
interface SiteFailure {
  site: string;
  error: MarketplaceError;
}

function sitesFailed(sku: string, failures: SiteFailure[], operation: string): PermanentError {
  return new PermanentError({ code: failures[0].error.code, message: `${sku}: ${failures.map((f) => `${f.site}: ${f.error.message}`).join('; ')}`, operation });
}

/** Permanent, and about this write only (not the account): another site may still take its own. */
function siteRefusal(e: unknown): e is MarketplaceError {
  return e instanceof PermanentError && !isOperationWide(e);
}

class EbayConnector implements Connector {
  private readonly client: EbayClient;
  private readonly settings: Record<string, string>;
  private readonly sites: MarketplaceInfo[];
  private readonly siteIds: string[];
  /** Whose picture store uploads go to (pictures.ts): the API root, the app and the seller. */
  private readonly pictureStore: string;

  constructor(private readonly ctx: ConnectorContext) {
    const credentials = readCredentials(ctx.credentials);
    this.client = new EbayClient(ctx.http, ctx.baseUrl);
    this.pictureStore = `${this.client.root}|${credentials.clientId}|${credentials.account?.trim() || (credentials.refreshToken ? secretTag(credentials.refreshToken) : '')}`;
    this.settings = ctx.settings ?? {};
    this.sites = channelSites(ctx.marketplaces, ctx.marketplaceId, ctx.currency);
    this.siteIds = this.sites.map((s) => s.id);
  }

  private listingSettings() {
    return { sites: this.sites, settings: this.settings };
  }

  /** The pictures as eBay takes them: a `data:` picture uploaded to eBay Picture Services, its EPS URL in its place (pictures.ts). */
  private pictures(urls: string[] | undefined): Promise<string[] | undefined> {
    return listingPictures(urls, this.pictureStore, (fileName, bytes, contentType) => this.client.createImageFromFile(fileName, bytes, contentType), () => this.ctx.now().getTime());
  }

  /**
   * Reads one order and one inventory item: proves the token is a User token with both Sell
   * scopes (an Application token or a consent without one of them is refused here, with what to do).
   */
  async checkCredentials(): Promise<{ account: string }> {
    await this.client.probeOrders();
    await this.client.getInventoryItems(1);
    const c = readCredentials(this.ctx.credentials);
    return { account: c.account ?? `eBay seller of app ${c.clientId}` };
  }

  // --- Listings ----------------------------------------------------------------------------

  async publishListing(draft: ListingDraft): Promise<ListingRef> {
    return this.upsertListing(draft);
  }

  async updateListing(_ref: ListingRef, draft: ListingDraft): Promise<ListingRef> {
    return this.upsertListing(draft);
  }

  /** The SKU's fixed-price offers on the channel's sites, by site (getOffers answers for every site at once). */
  private async offersBySite(sku: string): Promise<Map<string, OfferView>> {
    const out = new Map<string, OfferView>();
    for (const raw of await this.client.getOffers(sku)) {
      const o = offerView(raw);
      if (!o || (o.format && o.format !== 'FIXED_PRICE') || !this.siteIds.includes(o.marketplaceId)) continue;
      // Two offers of one format on one site should not exist; a live one is the one that counts.
      const prior = out.get(o.marketplaceId);
      if (!prior || (!isLive(prior) && isLive(o))) out.set(o.marketplaceId, o);
    }
    return out;
  }

  /**
   * The offer of one site as the draft says: updated in place (a full replace) when eBay has one,
   * else created; a create refused because the offer exists after all (an earlier create whose
   * answer was lost) finds it and updates it.
   */
  private async writeOffer(draft: ListingDraft, s: SiteListing, setup: SiteSetup, existing: OfferView | undefined, description: string | null): Promise<OfferView | { offerId: string; created: true }> {
    if (existing) {
      await this.client.updateOffer(existing.offerId, offerBody(draft, s, setup, { keys: false, description }), s.language);
      return existing;
    }
    try {
      return { offerId: await this.client.createOffer(offerBody(draft, s, setup, { keys: true, description }), s.language), created: true };
    } catch (e) {
      if (!siteRefusal(e)) throw e;
      const found = (await this.offersBySite(draft.sku)).get(s.site.id);
      if (!found) throw e;
      await this.client.updateOffer(found.offerId, offerBody(draft, s, setup, { keys: false, description }), s.language);
      return found;
    }
  }

  /**
   * A SKU alone: its inventory item, then on each site its offer written and published (a live
   * offer is revised by the update itself). A site eBay refuses does not stop the others; the
   * refusals are reported together afterwards. Safe to repeat after a lost answer.
   */
  private async upsertListing(draft: ListingDraft): Promise<ListingRef> {
    const plan = planSites(draft, this.listingSettings());
    const setups = siteSetups(draft, plan.sites, this.settings);
    const pictured = { ...draft, imageUrls: await this.pictures(draft.imageUrls), group: draft.group && { ...draft.group, imageUrls: await this.pictures(draft.group.imageUrls) } };
    await this.client.putInventoryItem(draft.sku, inventoryItemBody(pictured, plan, this.settings), plan.itemLanguage);
    const offers = await this.offersBySite(draft.sku);
    const extra: Record<string, string> = {};
    const failures: SiteFailure[] = [];
    for (const s of plan.sites) {
      try {
        const offer = await this.writeOffer(draft, s, setups.get(s.site.id)!, offers.get(s.site.id), siteDescription(s, plan));
        extra[`offer.${s.site.id}`] = offer.offerId;
        const live = 'created' in offer ? null : isLive(offer) ? offer.listingId : null;
        const listingId = live ?? (await this.client.publishOffer(offer.offerId));
        if (listingId) extra[`listing.${s.site.id}`] = listingId;
      } catch (e) {
        if (!siteRefusal(e)) throw e;
        failures.push({ site: s.site.id, error: e });
      }
    }
    if (failures.length) throw sitesFailed(draft.sku, failures, 'publishListing');
    return this.refOf(draft.sku, plan, extra);
  }

  private refOf(sku: string, plan: ListingPlan, extra: Record<string, string>): ListingRef {
    const firstListing = plan.sites.map((s) => extra[`listing.${s.site.id}`]).find(Boolean);
    const firstOffer = plan.sites.map((s) => extra[`offer.${s.site.id}`]).find(Boolean);
    return { sku, itemId: firstListing ?? firstOffer ?? sku, skuId: null, extra };
  }

  /**
   * Off sale on the channel's sites: each live offer withdrawn (the offer stays, to be published
   * again). A SKU of a variation group goes to quantity 0 instead: eBay ends a whole
   * multiple-variation listing only, and a variation with sales cannot leave its group [O].
   */
  async delistListing(ref: ListingRef): Promise<void> {
    if (ref.extra?.group) return this.zeroQuantity(ref);
    const offers = await this.offersBySite(ref.sku);
    for (const offer of offers.values()) {
      if (!isLive(offer)) continue;
      try {
        await this.client.withdrawOffer(offer.offerId);
      } catch (e) {
        if (!siteRefusal(e)) throw e;
        // Already ended (an earlier withdraw whose answer was lost), or a variation of a group.
        const now = (await this.offersBySite(ref.sku)).get(offer.marketplaceId);
        if (!now || !isLive(now)) continue;
        const item = await this.client.getInventoryItem(ref.sku);
        if (Array.isArray(item?.inventoryItemGroupKeys) && item.inventoryItemGroupKeys.length) return this.zeroQuantity(ref);
        throw e;
      }
    }
  }

  /**
   * A variation delisted: its quantity 0 on every site (it stays on the listing, greyed out, as
   * eBay does with a variation that has sales [O]). When no variation of the group has stock left,
   * the group's listing ends on each of the channel's sites (withdraw_by_inventory_item_group).
   */
  private async zeroQuantity(ref: ListingRef): Promise<void> {
    const [r] = await this.pushStock([{ ref, quantity: 0 }]);
    if (!r.ok) throw errorOfItem(r.error, 'delistListing');
    const item = await this.client.getInventoryItem(ref.sku);
    const keys = Array.isArray(item?.inventoryItemGroupKeys) ? item.inventoryItemGroupKeys.filter((k): k is string => typeof k === 'string') : [];
    const key = ref.extra?.group ?? keys[0];
    if (!key) return;
    const group = await this.client.getGroup(key);
    const members = Array.isArray(group?.variantSKUs) ? group.variantSKUs.filter((s): s is string => typeof s === 'string') : [];
    for (const sku of members) {
      if (sku === ref.sku) continue;
      const quantity = itemQuantity(await this.client.getInventoryItem(sku));
      if (quantity === null || quantity > 0) return;
    }
    for (const site of this.siteIds) {
      const live = [...(await this.offersBySite(ref.sku)).values()].some((o) => o.marketplaceId === site && isLive(o));
      if (!live) continue;
      try {
        await this.client.withdrawGroup(key, site);
      } catch (e) {
        // Ended already (an earlier withdraw whose answer was lost): nothing left to do on that site.
        if (!siteRefusal(e)) throw e;
        const still = [...(await this.offersBySite(ref.sku)).values()].some((o) => o.marketplaceId === site && isLive(o));
        if (still) throw e;
      }
    }
  }

  /**
   * A product's SKUs as one multiple-variation listing per site: each SKU's inventory item and
   * offers, then the inventory item group (its members, its text in the first site's language,
   * the axes it varies by), then `publish_by_inventory_item_group` on each site. A SKU eBay
   * refuses is left out of the group with its error; a site that refuses the group leaves the
   * others live, and its refusal rides on every SKU as an issue.
   */
  async publishGroup(given: ListingGroup, items: GroupItem[]): Promise<ListingOutcome[]> {
    // The group's pictures, uploaded where eBay needs them when the first SKU is ready to be written.
    let group = given;
    let pictured = false;
    const groupPictures = async () => {
      if (!pictured) group = { ...given, imageUrls: await this.pictures(given.imageUrls) };
      pictured = true;
    };
    const outcomes = new Map<string, ListingOutcome>();
    const fail = (sku: string, e: unknown) => {
      if (!isMarketplaceError(e) || isOperationWide(e) || e.kind !== 'PERMANENT') throw e;
      outcomes.set(sku, { sku, ok: false, error: { kind: e.kind, code: e.code, message: e.message } });
    };
    const ready: { draft: ListingDraft; plan: ListingPlan; extra: Record<string, string> }[] = [];
    for (const { draft } of items) {
      try {
        const plan = planSites(draft, this.listingSettings());
        const setups = siteSetups(draft, plan.sites, this.settings);
        await groupPictures();
        await this.client.putInventoryItem(draft.sku, inventoryItemBody({ ...draft, imageUrls: await this.pictures(draft.imageUrls), group }, plan, this.settings), plan.itemLanguage);
        const offers = await this.offersBySite(draft.sku);
        const extra: Record<string, string> = { group: group.key };
        const failures: SiteFailure[] = [];
        for (const s of plan.sites) {
          // The group's description is the listing's; a site in another language gets its own text on each offer.
          const other = languageOf(s.language) !== languageOf(plan.itemLanguage);
          const description = other ? groupTextIn(group, s.language)?.description ?? siteDescription(s, plan) : null;
          try {
            const offer = await this.writeOffer(draft, s, setups.get(s.site.id)!, offers.get(s.site.id), description);
            extra[`offer.${s.site.id}`] = offer.offerId;
          } catch (e) {
            if (!siteRefusal(e)) throw e;
            failures.push({ site: s.site.id, error: e });
          }
        }
        if (failures.length) throw sitesFailed(draft.sku, failures, 'publishGroup');
        ready.push({ draft, plan, extra });
      } catch (e) {
        fail(draft.sku, e);
      }
    }
    if (ready.length) {
      const refused = new Set(outcomes.keys());
      const members = [...new Set([...group.skus.filter((s) => !refused.has(s)), ...ready.map((r) => r.draft.sku)])];
      const language = ready[0].plan.itemLanguage;
      try {
        const drafts: ListingDraft[] = [];
        for (const r of ready) drafts.push({ ...r.draft, imageUrls: await this.pictures(r.draft.imageUrls) });
        await this.client.putGroup(group.key, groupBody(group, drafts, language, members), language);
      } catch (e) {
        for (const r of ready) fail(r.draft.sku, e);
        return items.map((i) => outcomes.get(i.draft.sku)!);
      }
      const sites = ready[0].plan.sites.map((s) => s.site.id);
      const issues: ListingIssue[] = [];
      const listings = new Map<string, string>();
      let lastRefusal: unknown = null;
      for (const site of sites) {
        try {
          const listingId = await this.client.publishGroup(group.key, site);
          if (listingId) listings.set(site, listingId);
        } catch (e) {
          if (!siteRefusal(e)) throw e;
          lastRefusal = e;
          issues.push({ code: e.code, message: `${site}: ${e.message}`, severity: 'ERROR' });
        }
      }
      for (const r of ready) {
        if (issues.length === sites.length) {
          fail(r.draft.sku, lastRefusal);
          continue;
        }
        for (const [site, listingId] of listings) r.extra[`listing.${site}`] = listingId;
        outcomes.set(r.draft.sku, { sku: r.draft.sku, ok: true, ref: this.refOf(r.draft.sku, r.plan, r.extra), ...(issues.length ? { issues } : {}) });
      }
    }
    return items.map((i) => outcomes.get(i.draft.sku)!);
  }

  /** The listing an earlier publish may have made for this SKU: an offer of it on one of the channel's sites. */
  async findListing(sku: string): Promise<ListingRef | null> {
    const offers = await this.offersBySite(sku);
    if (!offers.size) return null;
    const extra: Record<string, string> = {};
    for (const [site, o] of offers) {
      extra[`offer.${site}`] = o.offerId;
      if (o.listingId) extra[`listing.${site}`] = o.listingId;
    }
    const first = this.siteIds.map((s) => offers.get(s)).find(Boolean)!;
    return { sku, itemId: first.listingId ?? first.offerId, skuId: null, extra };
  }

  // --- Stock and prices ----------------------------------------------------------------------

  /**
   * Absolute quantities with bulkUpdatePriceQuantity, 25 SKUs a call: the item's ship-to-home
   * quantity and each of its offers' (eBay lists the smaller of the two [O]).
   */
  async pushStock(updates: StockUpdate[]): Promise<PushResult[]> {
    const results = new Map<StockUpdate, PushResult>();
    const valid = updates.filter((u) => {
      if (!Number.isInteger(u.quantity) || u.quantity < 0) results.set(u, refusedItem(u.ref.sku, 'INVALID_QUANTITY', `Quantity ${u.quantity} is not a whole number of 0 or more`));
      else return true;
      return false;
    });
    await this.bulk(valid, (u) => ({
      sku: u.ref.sku,
      shipToLocationAvailability: { quantity: u.quantity },
      ...(offersOfRef(u.ref).size ? { offers: [...offersOfRef(u.ref).values()].map((offerId) => ({ offerId, availableQuantity: u.quantity })) } : {}),
    }), results);
    return updates.map((u) => results.get(u)!);
  }

  /**
   * Prices per site with bulkUpdatePriceQuantity: each offer gets its site's price in its site's
   * currency (`markets`); without markets the one price serves the offers on sites selling in its
   * currency, and an offer on a site in another currency refuses the item rather than be priced
   * wrongly. A ref without offers (from before they were kept) has them looked up.
   */
  async pushPrice(updates: PriceUpdate[]): Promise<PushResult[]> {
    const results = new Map<PriceUpdate, PushResult>();
    const requests = new Map<PriceUpdate, Raw>();
    for (const u of updates) {
      try {
        let offers = offersOfRef(u.ref);
        if (!offers.size) offers = new Map([...(await this.offersBySite(u.ref.sku))].map(([site, o]) => [site, o.offerId]));
        if (!offers.size) {
          results.set(u, refusedItem(u.ref.sku, 'LISTING_NOT_FOUND', `eBay has no offer of ${u.ref.sku} on the channel's sites: publish it first`));
          continue;
        }
        const priced: Raw[] = [];
        const problems: string[] = [];
        for (const [site, offerId] of offers) {
          const market = u.markets?.find((m) => m.marketplaceId === site);
          const siteInfo = this.sites.find((s) => s.id === site) ?? EBAY_SITES.find((s) => s.id === site);
          const price = market ? { value: market.price, currency: market.currency.toUpperCase() } : u.markets?.length ? null : { value: u.price, currency: u.currency.toUpperCase() };
          if (!price) continue; // a site the engine could not price (no exchange rate yet) keeps its price
          if (siteInfo && siteInfo.currency.toUpperCase() !== price.currency) problems.push(`${site} sells in ${siteInfo.currency}, not ${price.currency}`);
          else if (!isPrice(price.value)) problems.push(`${price.value} ${price.currency} is not a price eBay takes on ${site}`);
          else priced.push({ offerId, price });
        }
        if (problems.length) results.set(u, refusedItem(u.ref.sku, problems.some((p) => p.includes('sells in')) ? 'CURRENCY_MISMATCH' : 'INVALID_PRICE', `${u.ref.sku}: ${problems.join('; ')}`));
        else if (!priced.length) results.set(u, { sku: u.ref.sku, ok: true });
        else requests.set(u, { sku: u.ref.sku, offers: priced });
      } catch (e) {
        results.set(u, failure(u.ref.sku, e));
      }
    }
    await this.bulk([...requests.keys()], (u) => requests.get(u)!, results);
    return updates.map((u) => results.get(u)!);
  }

  /**
   * Sends requests 25 SKUs a call and reads each SKU's outcome from the 200/207 answer: every
   * response naming the SKU (or one of its offers) must be a 2xx; a SKU the answer does not name
   * is sent again later (the values are absolute). A call refused whole for what it carries is
   * split until the refused SKU stands alone, so the others land; this also covers the contract's
   * other reading of the limit (one SKU per call [O]), at the cost of the split.
   */
  private async bulk<U extends { ref: ListingRef }>(updates: U[], request: (u: U) => Raw, results: Map<U, PushResult>): Promise<void> {
    // One request per SKU (the last update of a SKU wins); every update of it gets its outcome.
    const bySku = new Map<string, { request: Raw; updates: U[] }>();
    for (const u of updates) {
      const prior = bySku.get(u.ref.sku);
      bySku.set(u.ref.sku, { request: request(u), updates: [...(prior?.updates ?? []), u] });
    }
    const entries = [...bySku.entries()];
    const settle = (sku: string, r: (sku: string) => PushResult) => {
      for (const u of bySku.get(sku)!.updates) results.set(u, r(u.ref.sku));
    };
    const send = async (chunk: typeof entries): Promise<void> => {
      try {
        const answer = await this.client.bulkUpdatePriceQuantity(chunk.map(([, e]) => e.request));
        for (const [sku, e] of chunk) {
          const offerIds = new Set(((e.request.offers as Raw[] | undefined) ?? []).map((o) => String(o.offerId)));
          const mine = answer.responses.filter((r) => (typeof r.sku === 'string' && r.sku === sku) || (r.offerId != null && offerIds.has(String(r.offerId)) && (r.sku == null || r.sku === sku)));
          const error = mine.map((r) => itemErrorOf(r.statusCode, r.errors)).find((x) => x !== null) ?? null;
          if (error) settle(sku, (s) => ({ sku: s, ok: false, error }));
          else if (mine.length) settle(sku, (s) => ({ sku: s, ok: true }));
          else settle(sku, (s) => ({ sku: s, ok: false, error: { kind: 'RETRYABLE', code: 'NO_RESULT', message: `eBay's answer said nothing of ${s}` } }));
        }
      } catch (e) {
        if (e instanceof PermanentError && !isOperationWide(e) && chunk.length > 1) {
          const half = Math.ceil(chunk.length / 2);
          await send(chunk.slice(0, half));
          await send(chunk.slice(half));
          return;
        }
        for (const [sku] of chunk) settle(sku, (s) => failure(s, e));
      }
    };
    for (let i = 0; i < entries.length; i += MAX_BULK) await send(entries.slice(i, i + MAX_BULK));
  }

  // --- Orders --------------------------------------------------------------------------------

  private mapped(orders: unknown[]): PulledOrder[] {
    return orders.map((o) => mapOrder(o, { sites: this.siteIds }));
  }

  /** One page of getOrders in a window: its orders mapped, eBay's total, and the next offset it links. */
  private async page(from: Date, end: Date, offset: number): Promise<{ orders: PulledOrder[]; total: number | null; next: number | null; count: number }> {
    const p = await this.client.getOrders({ filter: lastModifiedFilter(from, end), limit: PAGE_SIZE, offset });
    return { orders: this.mapped(p.orders), total: p.total, next: p.next, count: p.orders.length };
  }

  /**
   * One page of orders changed since the cursor (see windows.ts): a new window's first page, or
   * the next page of the window being walked back to its first.
   */
  async pullOrders(cursor: Cursor | null): Promise<OrdersPage> {
    const now = this.ctx.now();
    const { state, gap } = readWindow(cursor, now);
    const notes = gap ? [gapNotice(gap)] : [];
    if (state.end && state.offset !== null) {
      const { from, end } = state;
      if (state.forward) {
        const p = await this.page(from, end, state.offset);
        if (p.next !== null && p.next > state.offset && p.count) return { orders: [...notes, ...p.orders], nextCursor: cursorOf({ ...state, offset: p.next }), done: false };
        return this.closed(notes, p.orders, from, end);
      }
      const wait = settleMs(end, now);
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const p = await this.page(from, end, state.offset).catch((e: unknown) => {
        // The window's end is still in eBay's future (its clock behind ours): the same page, later.
        if (isFutureRefusal(e)) throw new RetryableError({ code: e.code, message: `${e.message} (eBay's clock is behind ours; the page is read again later)`, operation: 'getOrders' });
        throw e;
      });
      if (state.offset > 0) return { orders: [...notes, ...p.orders], nextCursor: cursorOf({ ...state, offset: Math.max(0, state.offset - PAGE_SIZE) }), done: false };
      // The closing read: more orders than when the window opened means something entered after all.
      if (p.total !== null && state.total !== null && p.total > state.total && p.total > PAGE_SIZE) {
        return { orders: [...notes, ...p.orders], nextCursor: cursorOf({ ...state, offset: lastOffset(p.total), total: p.total }), done: false };
      }
      return this.closed(notes, p.orders, from, end);
    }
    const from = state.from;
    let end = windowEndFor(from, now);
    if (end.getTime() <= from.getTime()) return { orders: notes, nextCursor: cursorOf(state), done: true };
    let p: Awaited<ReturnType<EbayConnector['page']>>;
    for (let attempt = 1; ; attempt++) {
      try {
        p = await this.page(from, end, 0);
        break;
      } catch (e) {
        // Our clock ahead of eBay's: the window ends a little earlier (what it leaves comes with the next pull).
        if (!isFutureRefusal(e) || attempt >= FUTURE_RETRIES || end.getTime() - CLOCK_STEP_MS <= from.getTime()) throw e;
        end = new Date(end.getTime() - CLOCK_STEP_MS);
      }
    }
    if (p.total === null) {
      // No total to walk back from: `next` forwards is what is left.
      if (p.next !== null && p.count) return { orders: [...notes, ...p.orders], nextCursor: cursorOf({ from, end, offset: p.next, total: null, forward: true }), done: false };
      return this.closed(notes, p.orders, from, end);
    }
    if (p.total > PAGE_SIZE) return { orders: [...notes, ...p.orders], nextCursor: cursorOf({ from, end, offset: lastOffset(p.total), total: p.total, forward: false }), done: false };
    return this.closed(notes, p.orders, from, end);
  }

  private closed(notes: PulledOrder[], orders: PulledOrder[], from: Date, end: Date): OrdersPage {
    const after = afterWindow(from, end);
    return { orders: [...notes, ...orders], nextCursor: cursorOf(after.next), done: after.caughtUp };
  }

  async getOrder(externalId: string): Promise<PulledOrder> {
    const order = await this.client.getOrder(externalId);
    if (!order) throw new PermanentError({ code: 'ORDER_NOT_FOUND', message: `eBay has no order ${externalId} for this seller`, operation: 'getOrder' });
    return mapOrder(order, { sites: this.siteIds });
  }

  // --- Shipments -----------------------------------------------------------------------------

  /**
   * One parcel: `createShippingFulfillment` with its lines and units. A parcel whose tracking
   * number the order's fulfillments already carry was sent before (our earlier push whose answer
   * was lost) and is done; so is one refused when the order then shows it. Without lines, the
   * parcel carries every unit not yet in a fulfillment (or every unit, when all were).
   */
  async pushShipment(shipment: ShipmentPush): Promise<void> {
    const orderId = shipment.orderExternalId;
    const tracking = trackingKey(shipment.trackingNumber);
    if (!tracking) throw new PermanentError({ code: 'TRACKING_REQUIRED', message: `The parcel of order ${orderId} has no tracking number`, operation: 'pushShipment' });
    const carrier = shipment.carrier.trim();
    if (!carrier) throw new PermanentError({ code: 'CARRIER_REQUIRED', message: `The parcel of order ${orderId} names no eBay carrier code`, operation: 'pushShipment' });
    const sent = fulfillmentsOf(await this.client.getShippingFulfillments(orderId));
    if (sent.some((f) => f.tracking === tracking)) return;
    const lineItems = await this.parcelLines(shipment, sent);
    const shippedAt = Math.min(shipment.shippedAt.getTime(), this.ctx.now().getTime());
    // The number as the carrier prints it may carry spaces for reading; the number itself has none.
    const details = { lineItems, shippedDate: new Date(shippedAt).toISOString(), shippingCarrierCode: carrier, trackingNumber: shipment.trackingNumber.replace(/\s+/g, '') };
    try {
      await this.client.createShippingFulfillment(orderId, details);
    } catch (e) {
      if (!siteRefusal(e)) throw e;
      const now = fulfillmentsOf(await this.client.getShippingFulfillments(orderId));
      if (now.some((f) => f.tracking === tracking)) return;
      throw e;
    }
  }

  /** The parcel's `lineItems` (ids and quantities), from the push, else from the order and what its fulfillments hold. */
  private async parcelLines(shipment: ShipmentPush, sent: { units: Map<string, number> }[]): Promise<{ lineItemId: string; quantity: number }[]> {
    if (shipment.lines?.length) {
      const units = new Map<string, number>();
      for (const l of shipment.lines) units.set(l.externalLineId, (units.get(l.externalLineId) ?? 0) + l.quantity);
      for (const [id, q] of units) if (!Number.isInteger(q) || q < 1) throw new PermanentError({ code: 'INVALID_QUANTITY', message: `Line ${id} of order ${shipment.orderExternalId}: ${q} is not a number of units`, operation: 'pushShipment' });
      return [...units].map(([lineItemId, quantity]) => ({ lineItemId, quantity }));
    }
    const order = await this.client.getOrder(shipment.orderExternalId);
    if (!order) throw new PermanentError({ code: 'ORDER_NOT_FOUND', message: `eBay has no order ${shipment.orderExternalId} for this seller`, operation: 'pushShipment' });
    const all = orderLines(order);
    const wanted = shipment.externalLineIds?.length ? all.filter((l) => shipment.externalLineIds!.includes(l.id)) : all;
    if (!wanted.length) throw new PermanentError({ code: 'LINE_NOT_FOUND', message: `Order ${shipment.orderExternalId} has none of the lines ${shipment.externalLineIds?.join(', ')}`, operation: 'pushShipment' });
    const shipped = (id: string) => sent.reduce((n, f) => n + (f.units.get(id) ?? 0), 0);
    const left = wanted.map((l) => ({ lineItemId: l.id, quantity: l.quantity - shipped(l.id) })).filter((l) => l.quantity > 0);
    // Every unit already left in other parcels: this one adds its tracking number to the whole order.
    return left.length ? left : wanted.map((l) => ({ lineItemId: l.id, quantity: l.quantity }));
  }

  /** eBay returns and cancellations are other APIs (Post-Order): not pulled; refunds show on the order lines. */
  async pullReturns(cursor: Cursor | null): Promise<ReturnsPage> {
    return { returns: [], quarantined: [], nextCursor: cursor ?? {}, done: true };
  }

  async fetchListings(refs: ListingRef[]): Promise<RemoteListing[]> {
    const out: RemoteListing[] = [];
    const seen = new Map<string, { item: Raw | null; offers: OfferView[] }>();
    for (const ref of refs) {
      let known = seen.get(ref.sku);
      if (!known) {
        const item = await this.client.getInventoryItem(ref.sku);
        const offers = [...(await this.offersBySite(ref.sku)).values()];
        seen.set(ref.sku, (known = { item, offers }));
      }
      // A listing eBay no longer has (neither its item nor an offer) is left out: the reconcile shows it missing.
      const remote = remoteListing(ref, known.item, known.offers, this.siteIds);
      if (remote) out.push(remote);
    }
    return out;
  }
}

/**
 * The stretch the pull could not read, said where staff see it: a record of the page with no
 * order id (the engine keeps it as a sync error with this text), since getOrders' filter sees
 * only the last 90 days and nothing older can be read by it.
 */
function gapNotice(gap: Gap): PulledOrder {
  return {
    ok: false,
    externalId: null,
    raw: { ordersNotPulled: { lastModifiedFrom: gap.from.toISOString(), lastModifiedTo: gap.to.toISOString() } },
    error: `eBay's getOrders filter sees only the last 90 days: orders last modified between ${gap.from.toISOString()} and ${gap.to.toISOString()} were not pulled (the pull went on from ${gap.to.toISOString()})`,
  };
}

/** A day's quota as a bucket: its daily rate, with an hour of it as the burst. */
function daily(callsPerDay: number, bucket: string) {
  return { ratePerSecond: callsPerDay / DAY_SECONDS, burst: Math.max(1, Math.floor(callsPerDay / 24)), bucket };
}

/** The channel's limits: the Inventory API's calls in one daily bucket, the Fulfillment API's in another, token calls and picture uploads apart. */
export function rateLimitsAt(inventoryPerDay = DEFAULT_INVENTORY_CALLS_PER_DAY, fulfillmentPerDay = DEFAULT_FULFILLMENT_CALLS_PER_DAY): RateLimits {
  const limits: RateLimits = { auth: { ratePerSecond: 1, burst: 5 }, default: daily(inventoryPerDay, 'inventory') };
  for (const c of INVENTORY_CALLS) limits[c] = daily(inventoryPerDay, 'inventory');
  for (const c of FULFILLMENT_CALLS) limits[c] = daily(fulfillmentPerDay, 'fulfillment');
  // Picture uploads: the Media API's POSTs, at most 50 per 5 seconds per user [O].
  limits.createImageFromFile = { ratePerSecond: 10, burst: 50, bucket: 'media' };
  return limits;
}

function perDay(settings: Record<string, string> | undefined, name: string, fallback: number): number {
  const n = Number(settings?.[name]);
  return settings?.[name] && Number.isFinite(n) && n > 0 ? n : fallback;
}

/**
 * The channel settings: the business policies and the location for every site, the same
 * policies per site where they differ (`fulfillmentPolicyId.EBAY_DE` beside `fulfillmentPolicyId`:
 * eBay's policies belong to one site), the condition, and the daily quotas.
 */
function settingsFields(): SettingField[] {
  const policyText: Record<(typeof POLICY_FIELDS)[number], string> = {
    fulfillmentPolicyId: 'fulfilment (shipping) policy',
    paymentPolicyId: 'payment policy',
    returnPolicyId: 'return policy',
  };
  const general: SettingField[] = [
    ...POLICY_FIELDS.map((f) => ({ name: f, description: `eBay ${policyText[f]} id for every site of the channel, unless a per-site setting (${f}.EBAY_XX) or the listing's attribute says otherwise`, required: false })),
    { name: 'merchantLocationKey', description: 'eBay inventory location key (merchantLocationKey) the offers ship from', required: false },
    { name: 'condition', description: 'Item condition (eBay ConditionEnum, default NEW), unless the listing says', required: false },
    { name: 'inventoryCallsPerDay', description: `Inventory API calls a day for this app and seller (default ${DEFAULT_INVENTORY_CALLS_PER_DAY})`, required: false },
    { name: 'fulfillmentCallsPerDay', description: `Fulfillment API calls a day for this app and seller (default ${DEFAULT_FULFILLMENT_CALLS_PER_DAY})`, required: false },
  ];
  const perSite = EBAY_SITES.flatMap((s) => POLICY_FIELDS.map((f) => ({ name: `${f}.${s.id}`, description: `eBay ${policyText[f]} id on ${s.label} (business policies are per site)`, required: false })));
  return [...general, ...perSite];
}

export const ebayConnector: ConnectorModule = {
  kinds: ['EBAY'],
  kindDescriptions: { EBAY: 'eBay seller account on one or more eBay sites (Sell Inventory and Fulfillment APIs).' },
  label: 'eBay',
  defaultBaseUrl: 'https://api.ebay.com',
  capabilities: ['listings.publish', 'listings.update', 'listings.delist', 'stock.push', 'price.push', 'orders.pull', 'orders.get', 'shipments.push'],
  // A product's SKUs are one multiple-variation listing; writes answer at once; eBay's sale prices
  // are promotions (the Marketing API) or strikethrough pricing, not a price beside the price; a
  // listing is written in its sites' languages, never in the catalogue's Chinese.
  listingModel: { variationGroups: true, asynchronousWrites: false, salePrice: false, localeTextRequired: true },
  defaultLocale: 'en-US',
  marketplacesPerChannel: 'SEVERAL',
  marketplaces: EBAY_SITES,
  carriers: { known: EBAY_CARRIERS, closed: false },
  credentialFields: [
    { name: 'clientId', description: 'App ID (client id) of the eBay developer app', required: true, secret: false },
    { name: 'clientSecret', description: 'Cert ID (client secret) of the app', required: true, secret: true },
    { name: 'refreshToken', description: "The seller's refresh token from the consent (a User token; eBay does not rotate it)", required: true, secret: true },
    { name: 'refreshTokenExpiresAt', description: 'When the refresh token expires (ISO time, about 18 months after consent): the channel warns 30 days before', required: false, secret: false },
    { name: 'account', description: "The seller's eBay user name, as staff read it", required: false, secret: false },
    { name: 'scopes', description: 'OAuth scopes to ask for on refresh, space-separated (default sell.inventory and sell.fulfillment)', required: false, secret: false },
  ],
  settingsFields: settingsFields(),
  auth: {
    refresh: ({ credentials, http, baseUrl }) => requestToken(http, baseUrl, credentials),
    apply: (req, { accessToken }) => withBearer(req, accessToken),
    refreshTokenExpiresAt: (credentials) => {
      const at = credentials.refreshTokenExpiresAt ? new Date(credentials.refreshTokenExpiresAt) : null;
      return at && !Number.isNaN(at.getTime()) ? at : null;
    },
  },
  rateLimits: rateLimitsAt(),
  rateLimitsFor: (_credentials, settings) => rateLimitsAt(perDay(settings, 'inventoryCallsPerDay', DEFAULT_INVENTORY_CALLS_PER_DAY), perDay(settings, 'fulfillmentCallsPerDay', DEFAULT_FULFILLMENT_CALLS_PER_DAY)),
  // eBay counts per application and user (§7): every channel of one seller on one app shares the quota.
  rateKey: (credentials) => {
    const user = credentials.account?.trim() || (credentials.refreshToken ? secretTag(credentials.refreshToken) : '');
    return `ebay:${credentials.clientId?.trim() ?? ''}:${user}`;
  },
  maxBatch: { stock: MAX_BULK, price: MAX_BULK },
  classify: classifyEbayResponse,
  refusals: EBAY_REFUSALS,
  // What `npm run sim -- ebay` and the tests start; loaded only when asked for, so production never loads it.
  simulator: (_kind, options) => import('./simulator').then((s) => s.startEbaySimulator(options)),
  // What `SIMULATORS=1` puts in its fresh simulator: sample orders on eBay.com and eBay.de in eBay's own wire shape.
  demo: (_kind, controlUrl, catalog) => import('./demo').then((d) => d.seedEbayDemo(controlUrl, catalog)),
  create(kind: string, ctx: ConnectorContext): Connector {
    if (kind.toUpperCase() !== 'EBAY') throw new PermanentError({ code: 'UNKNOWN_KIND', message: `The eBay connector serves EBAY, not ${kind}` });
    return new EbayConnector(ctx);
  },
};

