import { AuthFailedError, ChannelStoppedError, isMarketplaceError, isOperationWide, MarketplaceError, PermanentError, PermissionDeniedError } from '../sdk/errors';
import type {
  Connector,
  ConnectorContext,
  ConnectorModule,
  Cursor,
  FulfilmentStockLevel,
  ListingDraft,
  ListingIssue,
  ListingOutcome,
  ListingRef,
  OrdersPage,
  PriceUpdate,
  PulledOrder,
  PushResult,
  RemoteListing,
  ReturnsPage,
  SettingField,
  ShipmentPush,
  StockUpdate,
  Submission,
  SubmissionStatus,
} from '../sdk/types';
import { AMAZON_CARRIERS } from './carriers';
import { AmazonClient, ORDER_DATA, PII_DATA, SubmissionAnswer } from './client';
import { classifyAmazonResponse, isNotFound } from './errors';
import { stockLevels } from './fba-inventory';
import { documentText, FEED_TYPE, FeedPatch, listingsFeed, messageOrder, readProcessingReport, skuDigest } from './feeds';
import {
  fulfillmentChannelOf,
  isAmazonFulfilled,
  isBuyable,
  ListingView,
  listingView,
  marketPrices,
  marketProblem,
  offerRemoval,
  planMarkets,
  pricePatch,
  productTypeOf,
  putBody,
  quantityPatch,
  refMarketplaces,
  refOf,
} from './listings';
import { readCredentials, requestToken, withAccessToken } from './lwa';
import { mapOrder, shipView, trackingKey } from './mapping';
import { amazonLocale, apiRoot, ChannelMarketplace, ChannelMarketplaces, channelMarketplaces, languageSettingName, checkChannel, listingLocale, MARKETPLACE_CATALOGUE, MULTILINGUAL_MARKETPLACES, Region, regionOfHost } from './marketplaces';
import { compareAmounts } from './money';
import { AMAZON_REFUSALS } from './refusals';
import { carrierFields, confirmShipmentBody, packageReferenceId, parcelItems } from './shipments';
import { AMAZON_RATE_LIMITS, amazonRateKey, rateFromResponse } from './usage-plans';
import { cursorOf, MAX_RESTARTS, nextFrom, PAGE_SIZE, readWindow, restarted, windowEnd } from './windows';

/**
 * The Amazon connector (kind AMAZON): one seller account in one region (NA, EU, FE) selling in
 * several of its marketplaces, through SP-API (../shared/marketplaces/amazon.md and the official
 * models in specs/amazon/). client.ts speaks the wire, lwa.ts the tokens, listings.ts /
 * feeds.ts / shipments.ts / mapping.ts / fba-inventory.ts turn shapes into shapes, windows.ts
 * walks the order pull; this file decides what to call, in which order, and what each answer
 * means for the sync engine.
 *
 * Listings are written per marketplace and processed by Amazon later: a publish, update or
 * delist answers with a Submission the engine polls (getListingsItem until the marketplace shows
 * the write, or its issues); price and quantity go as JSON Patch (`patchListingsItem`), and a
 * batch above the channel's `feedThreshold` as one JSON_LISTINGS_FEED polled to its report.
 * Orders come from the Orders API v2026-01-01; shipments go to confirmShipment (v0); the FBA
 * stock comes from the FBA Inventory API.
 */

type Raw = Record<string, unknown>;
type Handle = Submission['handle'];

/** Batches above this many SKUs go as one feed, unless the channel says otherwise. */
export const DEFAULT_FEED_THRESHOLD = 50;
/** The largest push the engine hands over at once: a feed takes 25,000 messages [O]; this keeps a handle's polls light. */
export const MAX_BATCH = 2000;
/** The SKU the connection check asks for: any answer but a refused token (200, or 404 for no such SKU) proves the credentials. */
const PROBE_SKU = 'omni-connection-check';
/** How soon a listing submission is first polled [U: Amazon processes most in seconds to minutes]. */
const LISTING_POLL_MS = 2_000;
/** How soon a feed is first polled: feeds take minutes [U]. */
const FEED_POLL_MS = 30_000;

function failure(sku: string, e: unknown): PushResult {
  if (!isMarketplaceError(e) || isOperationWide(e)) throw e;
  return { sku, ok: false, error: { kind: e.kind, code: e.code, message: e.message } };
}

function refused(sku: string, code: string, message: string): PushResult {
  return { sku, ok: false, error: { kind: 'PERMANENT', code, message } };
}

/** Permanent, and about this write only (not the account): another marketplace may still take its own. */
function writeRefusal(e: unknown): e is MarketplaceError {
  return e instanceof PermanentError && !isOperationWide(e);
}

/** A 403 that persisted after a refresh: the app lacks the role for this call (the token itself works, or the refresh would have failed). */
function roleRefusal(e: unknown): boolean {
  return (e instanceof AuthFailedError || e instanceof PermissionDeniedError) && e.status === 403;
}

/** An issue as the SDK carries it, with the marketplace it is about in front of its message. */
function issueOf(raw: Raw, marketplace: string | null): ListingIssue {
  const severity = String(raw.severity ?? 'ERROR').toUpperCase();
  const names = Array.isArray(raw.attributeNames) ? raw.attributeNames.map(String) : undefined;
  const message = String(raw.message ?? 'Amazon reported an issue without a message');
  return {
    code: String(raw.code ?? 'ISSUE'),
    message: marketplace ? `${marketplace}: ${message}` : message,
    severity: severity === 'WARNING' || severity === 'INFO' ? severity : 'ERROR',
    ...(names?.length ? { attributeNames: names } : {}),
  };
}

const sameAmount = (a: string, b: string) => {
  try {
    return compareAmounts(a, b) === 0;
  } catch {
    return false;
  }
};

class AmazonConnector implements Connector {
  private readonly client: AmazonClient;
  private readonly settings: Record<string, string>;
  private readonly setup: ChannelMarketplaces;
  private readonly region: Region;
  private readonly sellerId: string;
  /** False once Amazon refused the personal-data sets for this seller: orders are read without them. */
  private piiAllowed = true;

  constructor(private readonly ctx: ConnectorContext) {
    this.sellerId = readCredentials(ctx.credentials).sellerId;
    this.settings = ctx.settings ?? {};
    this.setup = channelMarketplaces({ marketplaces: ctx.marketplaces, marketplaceId: ctx.marketplaceId, currency: ctx.currency, regionSetting: this.settings.region, settings: this.settings });
    this.region = this.setup.ok ? this.setup.region : (regionOfHost(ctx.baseUrl) ?? 'NA');
    this.client = new AmazonClient(ctx.http, apiRoot(ctx.baseUrl, this.region));
  }

  /** The channel's marketplaces; a channel whose marketplaces cannot serve together stops until its setup is fixed. */
  private marketplaces(): ChannelMarketplace[] {
    if (!this.setup.ok) throw new ChannelStoppedError({ code: this.setup.code, message: this.setup.message });
    return this.setup.marketplaces;
  }

  private marketplaceIds(): string[] {
    return this.marketplaces().map((m) => m.id);
  }

  private feedThreshold(): number {
    const n = Number(this.settings.feedThreshold);
    return this.settings.feedThreshold && Number.isInteger(n) && n >= 0 ? n : DEFAULT_FEED_THRESHOLD;
  }

  /** The marketplace's default language (`issueLocale`: Amazon's issues read as they always have there, whatever language the listing is in). */
  private localeOf(marketplaceId: string): string | null {
    return amazonLocale(this.setup.ok ? this.setup.marketplaces.find((m) => m.id === marketplaceId)?.locale : null);
  }

  /**
   * Reads a listings item of a SKU nobody has: any answer but a refused token proves the app's
   * credentials and the seller's authorisation, at the cost of one cheap call (searchOrders is
   * far too scarce for it).
   */
  async checkCredentials(): Promise<{ account: string }> {
    const marketplaces = this.marketplaces();
    await this.client.getListingsItem(this.sellerId, PROBE_SKU, [marketplaces[0].id]);
    return { account: `Amazon seller ${this.sellerId} (${this.region}: ${marketplaces.map((m) => m.label).join(', ')})` };
  }

  // --- Listings ----------------------------------------------------------------------------

  publishListing(draft: ListingDraft): Promise<Submission> {
    return this.putListing(draft, null);
  }

  updateListing(ref: ListingRef, draft: ListingDraft): Promise<Submission> {
    return this.putListing(draft, ref);
  }

  /**
   * The listing as the draft says, on each of the channel's marketplaces it can be priced on: one
   * putListingsItem per marketplace (a full create-or-replace, safe to repeat). A marketplace
   * Amazon refuses at once (INVALID, or a 4xx) does not stop the others; if none took it, the
   * publish is refused with every marketplace's reasons. Otherwise the answer is a Submission
   * whose handle says what to look for when polling. An update keeps in its ref the marketplaces
   * the listing was on and this write left alone (one not priced this time, for want of a rate).
   */
  private async putListing(draft: ListingDraft, prior: ListingRef | null): Promise<Submission> {
    const marketplaces = this.marketplaces();
    const plan = planMarkets(draft, marketplaces);
    const productType = productTypeOf(draft, this.settings);
    const channelCode = fulfillmentChannelOf(draft.attributes, this.region);
    const fba = isAmazonFulfilled(channelCode);
    if (!fba && (!Number.isInteger(draft.quantity) || draft.quantity < 0)) {
      throw new PermanentError({ code: 'INVALID_QUANTITY', message: `Quantity ${draft.quantity} of ${draft.sku} is not a whole number of 0 or more`, operation: 'publishListing' });
    }
    const problems: ListingIssue[] = plan.refused.map((r) => ({ code: r.code, message: `${r.marketplaceId}: ${r.message}`, severity: 'ERROR' }));
    const accepted: { marketplaceId: string; price: string; answer: SubmissionAnswer }[] = [];
    for (const m of plan.markets) {
      const problem = marketProblem(m);
      if (problem) {
        problems.push({ code: problem.code, message: `${m.marketplace.id}: ${problem.message}`, severity: 'ERROR' });
        continue;
      }
      try {
        const answer = await this.client.putListingsItem(this.sellerId, draft.sku, m.marketplace.id, putBody(draft, m, { productType, channelCode }), amazonLocale(m.marketplace.locale) ?? m.language);
        if (answer.status === 'ACCEPTED' || answer.status === 'VALID') accepted.push({ marketplaceId: m.marketplace.id, price: m.price, answer });
        else problems.push(...(answer.issues.length ? answer.issues.map((i) => issueOf(i, m.marketplace.id)) : [{ code: 'SUBMISSION_INVALID', message: `${m.marketplace.id}: Amazon answered ${answer.status ?? 'without a status'}`, severity: 'ERROR' as const }]));
      } catch (e) {
        if (!writeRefusal(e)) throw e;
        problems.push({ code: e.code, message: `${m.marketplace.id}: ${e.message}`, severity: 'ERROR' });
      }
    }
    if (!accepted.length) {
      const errors = problems.filter((p) => p.severity === 'ERROR');
      const first = errors[0] ?? { code: 'NO_MARKETPLACE', message: 'The listing could be priced on none of the channel’s marketplaces' };
      throw new PermanentError({ code: first.code === 'ISSUE' ? 'SUBMISSION_INVALID' : first.code, message: `${draft.sku}: ${(errors.length ? errors : [first]).map((p) => p.message).join('; ')}`, operation: 'publishListing' });
    }
    const written = accepted.map((a) => a.marketplaceId);
    const kept = (prior ? refMarketplaces(prior) : []).filter((mp) => !written.includes(mp) && marketplaces.some((m) => m.id === mp));
    const handle: Handle = {
      op: 'put',
      sku: draft.sku,
      mps: written.join(','),
      keep: kept.length ? kept.join(',') : null,
      at: this.ctx.now().toISOString(),
      productType,
      fulfillment: channelCode,
      qty: fba ? null : draft.quantity,
      subs: accepted.map((a) => a.answer.submissionId ?? '').join(','),
      problems: problems.length ? JSON.stringify(problems) : null,
    };
    for (const a of accepted) handle[`price.${a.marketplaceId}`] = a.price;
    const ref = refOf(draft.sku, { marketplaces: [...written, ...kept], productType, fulfillment: channelCode });
    return { pending: true, handle, skus: [draft.sku], refs: [ref], pollAfterMs: LISTING_POLL_MS };
  }

  /**
   * Off sale on each marketplace the listing is on. By default its offer is removed (a JSON Patch
   * `delete` of that marketplace's `purchasable_offer`): the listing stays with its product data
   * and quantity, not buyable, and a publish puts the offer back. With the channel setting
   * `delist` = DELETE the listings item itself is deleted (deleteListingsItem); a SKU Amazon no
   * longer has is gone already. When nothing remains to change, nothing is pending.
   */
  async delistListing(ref: ListingRef): Promise<void | Submission> {
    const mps = this.listingMarketplaces(ref);
    const deleting = (this.settings.delist ?? '').trim().toUpperCase() === 'DELETE';
    const sent: string[] = [];
    const productType = deleting ? null : await this.productTypeFor(ref, mps);
    if (!deleting && !productType) return;
    for (const mp of mps) {
      const answer = deleting
        ? await this.client.deleteListingsItem(this.sellerId, ref.sku, mp, this.localeOf(mp))
        : await this.client.patchListingsItem(this.sellerId, ref.sku, [mp], { productType, patches: [offerRemoval(mp)] }, this.localeOf(mp)).catch((e: unknown) => {
            // A listing Amazon does not have on that marketplace has no offer to remove.
            if (isNotFound(e)) return null;
            throw e;
          });
      if (!answer) continue;
      if (answer.status !== 'ACCEPTED' && answer.status !== 'VALID') {
        const issues = answer.issues.map((i) => issueOf(i, mp));
        // Not on that marketplace (a patch of a SKU Amazon does not have there): nothing to take off sale.
        if (!deleting && !(await this.client.getListingsItem(this.sellerId, ref.sku, [mp]))) continue;
        throw new PermanentError({ code: issues[0]?.code ?? 'SUBMISSION_INVALID', message: `${ref.sku}: ${issues.map((i) => i.message).join('; ') || `Amazon answered ${answer.status}`}`, operation: 'delistListing' });
      }
      sent.push(mp);
    }
    if (!sent.length) return;
    return { pending: true, handle: { op: deleting ? 'delete' : 'delist', sku: ref.sku, mps: sent.join(','), at: this.ctx.now().toISOString() }, skus: [ref.sku], refs: [ref], pollAfterMs: LISTING_POLL_MS };
  }

  /** Where a submission stands: a listing write read back, a delete, or a feed. */
  async pollSubmission(submission: Submission): Promise<SubmissionStatus> {
    const h = submission.handle;
    if (h.op === 'feed') return this.pollFeed(h, submission.skus);
    if (h.op === 'delete' || h.op === 'delist') return this.pollOffSale(h);
    return this.pollListing(h);
  }

  /**
   * A put read back with getListingsItem, marketplace by marketplace: processed once Amazon shows
   * the values sent (the price, and the quantity of a SKU we ship) or stamps the item after the
   * write; then accepted, or refused when Amazon lists ERROR issues and the listing is not for
   * sale there. The SKU is accepted when one of its marketplaces took it, every issue riding
   * along (with its marketplace); refused when none did.
   */
  private async pollListing(h: Handle): Promise<SubmissionStatus> {
    const sku = String(h.sku);
    const mps = String(h.mps ?? '').split(',').filter(Boolean);
    const at = new Date(String(h.at));
    const item = await this.client.getListingsItem(this.sellerId, sku, mps, this.localeOf(mps[0] ?? ''));
    const views = mps.map((mp) => listingView(item, mp));
    const processed = (v: ListingView) => {
      const price = h[`price.${v.marketplaceId}`];
      const priced = typeof price !== 'string' || (v.price !== null && sameAmount(v.price, price));
      const stocked = typeof h.qty !== 'number' || v.quantity === h.qty;
      return (v.exists && priced && stocked) || (!!v.lastUpdated && v.lastUpdated >= at);
    };
    if (!views.every(processed)) return { done: false, pollAfterMs: LISTING_POLL_MS };
    const problems: ListingIssue[] = typeof h.problems === 'string' ? (JSON.parse(h.problems) as ListingIssue[]) : [];
    const issues: ListingIssue[] = [...problems, ...views.flatMap((v) => v.issues.map((i) => issueOf(i, v.marketplaceId)))];
    const refusedHere = views.filter((v) => !v.exists || (v.issues.some((i) => String(i.severity ?? '').toUpperCase() === 'ERROR') && !isBuyable(v)));
    const ok = views.filter((v) => !refusedHere.includes(v));
    if (!ok.length) {
      const errors = issues.filter((i) => i.severity === 'ERROR');
      const first = errors[0] ?? { code: 'SUBMISSION_INVALID', message: `Amazon did not take ${sku} on ${mps.join(', ')}` };
      const outcome: ListingOutcome = { sku, ok: false, error: { kind: 'PERMANENT', code: first.code, message: (errors.length ? errors : [first]).map((i) => i.message).join('; ') }, issues };
      return { done: true, results: [outcome] };
    }
    const kept = typeof h.keep === 'string' ? h.keep.split(',').filter(Boolean) : [];
    const ref = refOf(sku, { marketplaces: [...ok.map((v) => v.marketplaceId), ...kept], productType: String(h.productType ?? ''), fulfillment: String(h.fulfillment ?? 'DEFAULT'), asin: ok.map((v) => v.asin).find(Boolean) });
    return { done: true, results: [{ sku, ok: true, ref, ...(issues.length ? { issues } : {}) }] };
  }

  /** A delist read back: done once no marketplace it was sent to shows the SKU for sale (its offer gone, or the item deleted). */
  private async pollOffSale(h: Handle): Promise<SubmissionStatus> {
    const sku = String(h.sku);
    const mps = String(h.mps ?? '').split(',').filter(Boolean);
    const item = await this.client.getListingsItem(this.sellerId, sku, mps);
    const still = mps.map((mp) => listingView(item, mp)).filter((v) => v.exists && (h.op === 'delete' || v.price !== null || isBuyable(v)));
    if (still.length) return { done: false, pollAfterMs: LISTING_POLL_MS };
    return { done: true, results: [{ sku, ok: true }] };
  }

  // --- Stock and prices ----------------------------------------------------------------------

  /** The product type a patch names: the ref's, else what Amazon says of the SKU, else the channel's default. Null: Amazon has no such SKU. */
  private async productTypeFor(ref: ListingRef, mps: string[]): Promise<string | null> {
    if (ref.extra?.productType) return ref.extra.productType;
    const item = await this.client.getListingsItem(this.sellerId, ref.sku, mps);
    if (!item) return null;
    const summary = Array.isArray(item.summaries) ? (item.summaries as Raw[]).find((s) => typeof s.productType === 'string') : undefined;
    return (summary?.productType as string | undefined) ?? productTypeOf({ attributes: {} }, this.settings);
  }

  /**
   * One SKU's patch on each of its marketplaces (patchListingsItem: absolute values, safe to
   * repeat). Ok when every marketplace accepted; refused with the issues of those that did not.
   */
  private async patchEach(ref: ListingRef, mps: string[], patches: (mp: string) => Raw[] | null): Promise<PushResult> {
    try {
      const productType = await this.productTypeFor(ref, mps);
      if (!productType) return refused(ref.sku, 'LISTING_NOT_FOUND', `Amazon has no listing of ${ref.sku} for this seller: publish it first`);
      const problems: { code: string; message: string }[] = [];
      for (const mp of mps) {
        const p = patches(mp);
        if (!p) continue;
        try {
          const answer = await this.client.patchListingsItem(this.sellerId, ref.sku, [mp], { productType, patches: p }, this.localeOf(mp));
          if (answer.status !== 'ACCEPTED' && answer.status !== 'VALID') {
            const issues = answer.issues.map((i) => issueOf(i, mp));
            problems.push({ code: issues[0]?.code ?? 'SUBMISSION_INVALID', message: issues.map((i) => i.message).join('; ') || `${mp}: Amazon answered ${answer.status ?? 'without a status'}` });
          }
        } catch (e) {
          if (!writeRefusal(e)) throw e;
          problems.push({ code: e.code, message: `${mp}: ${e.message}` });
        }
      }
      return problems.length ? refused(ref.sku, problems[0].code, `${ref.sku}: ${problems.map((p) => p.message).join('; ')}`) : { sku: ref.sku, ok: true };
    } catch (e) {
      return failure(ref.sku, e);
    }
  }

  /**
   * Quantities for the SKUs we ship (never for Amazon-fulfilled ones: FBA stock is Amazon's
   * count, so they are answered ok with nothing sent): `fulfillment_availability` patched on each
   * marketplace of the listing, or, above the channel's feed threshold, one JSON_LISTINGS_FEED.
   */
  async pushStock(updates: StockUpdate[]): Promise<PushResult[]> {
    const results = new Map<StockUpdate, PushResult>();
    const send: StockUpdate[] = [];
    for (const u of updates) {
      if (isAmazonFulfilled(u.ref.extra?.fulfillment)) results.set(u, { sku: u.ref.sku, ok: true });
      else if (!Number.isInteger(u.quantity) || u.quantity < 0) results.set(u, refused(u.ref.sku, 'INVALID_QUANTITY', `Quantity ${u.quantity} is not a whole number of 0 or more`));
      else send.push(u);
    }
    if (send.length > this.feedThreshold()) {
      const last = lastBySku(send);
      const items = [...last.values()].map((u) => ({ sku: u.ref.sku, productType: u.ref.extra?.productType || productTypeOf({ attributes: {} }, this.settings), patches: [quantityPatch(u.quantity)] }));
      await this.viaFeed(items, send, [...new Set(send.flatMap((u) => this.listingMarketplaces(u.ref)))], results);
    } else {
      for (const u of send) {
        const mps = this.listingMarketplaces(u.ref);
        results.set(u, await this.patchEach(u.ref, mps, () => [quantityPatch(u.quantity)]));
      }
    }
    return updates.map((u) => results.get(u)!);
  }

  /**
   * Prices per marketplace in its currency (`markets`; without them the one price on the
   * marketplaces selling in its currency, any other refused rather than priced wrongly):
   * `purchasable_offer` patched on each marketplace, or, above the feed threshold, one feed whose
   * messages carry every marketplace's offer.
   */
  async pushPrice(updates: PriceUpdate[]): Promise<PushResult[]> {
    const results = new Map<PriceUpdate, PushResult>();
    const priced = new Map<PriceUpdate, { marketplaceId: string; currency: string; price: string }[]>();
    for (const u of updates) {
      const mps = this.listingMarketplaces(u.ref);
      const on = this.marketplaces().filter((m) => mps.includes(m.id));
      const { prices, problems } = marketPrices(u, on.length ? on : this.marketplaces());
      if (problems.length) results.set(u, refused(u.ref.sku, problems[0].code, `${u.ref.sku}: ${problems.map((p) => p.message).join('; ')}`));
      else if (!prices.length) results.set(u, { sku: u.ref.sku, ok: true });
      else priced.set(u, prices);
    }
    const send = [...priced.keys()];
    if (send.length > this.feedThreshold()) {
      const last = lastBySku(send);
      const items = [...last.values()].map((u) => ({ sku: u.ref.sku, productType: u.ref.extra?.productType || productTypeOf({ attributes: {} }, this.settings), patches: [pricePatch(priced.get(u)!)] }));
      const mps = [...new Set(send.flatMap((u) => priced.get(u)!.map((p) => p.marketplaceId)))];
      await this.viaFeed(items, send, mps, results);
    } else {
      for (const u of send) {
        const prices = priced.get(u)!;
        results.set(u, await this.patchEach(u.ref, prices.map((p) => p.marketplaceId), (mp) => {
          const p = prices.find((x) => x.marketplaceId === mp);
          return p ? [pricePatch([p])] : null;
        }));
      }
    }
    return updates.map((u) => results.get(u)!);
  }

  /** The marketplaces a listing is on: its ref's, within the channel's; the channel's when the ref does not say. */
  private listingMarketplaces(ref: ListingRef): string[] {
    const channel = this.marketplaceIds();
    const own = refMarketplaces(ref).filter((m) => channel.includes(m));
    return own.length ? own : channel;
  }

  /**
   * Sends a batch as one JSON_LISTINGS_FEED: the document created, uploaded to its presigned URL,
   * the feed created for the marketplaces; every update then carries the feed's submission. A
   * failure of the feed itself fails every item with it (a retryable one is sent again later).
   */
  private async viaFeed<U extends { ref: ListingRef }>(items: FeedPatch[], updates: U[], marketplaceIds: string[], results: Map<U, PushResult>): Promise<void> {
    let submission: Submission;
    try {
      const doc = listingsFeed(this.sellerId, items, this.localeOf(marketplaceIds[0] ?? ''));
      const { feedDocumentId, url } = await this.client.createFeedDocument();
      await this.client.uploadFeedDocument(url, doc);
      const feedId = await this.client.createFeed(FEED_TYPE, marketplaceIds, feedDocumentId);
      const skus = messageOrder(items.map((i) => i.sku));
      submission = { pending: true, handle: { op: 'feed', feedId, n: skus.length, digest: skuDigest(skus) }, skus, pollAfterMs: FEED_POLL_MS };
    } catch (e) {
      for (const u of updates) results.set(u, failure(u.ref.sku, e));
      return;
    }
    for (const u of updates) results.set(u, { sku: u.ref.sku, ok: true, submission });
  }

  /**
   * A feed polled with getFeed until DONE (or FATAL, CANCELLED); then its processing report
   * (getFeedDocument, downloaded from the presigned URL, gunzipped) read message by message: a
   * message with an ERROR issue refuses its SKU, the rest are accepted with their warnings.
   */
  private async pollFeed(h: Handle, skus: string[]): Promise<SubmissionStatus> {
    const feed = await this.client.getFeed(String(h.feedId));
    const status = String(feed.processingStatus ?? '').toUpperCase();
    if (status === 'IN_QUEUE' || status === 'IN_PROGRESS' || !status) return { done: false, pollAfterMs: FEED_POLL_MS };
    const order = messageOrder(skus);
    const all = (kind: 'RETRYABLE' | 'PERMANENT', code: string, message: string): SubmissionStatus => ({ done: true, results: order.map((sku) => ({ sku, ok: false, error: { kind, code, message } })) });
    if (status === 'CANCELLED') return all('RETRYABLE', 'FEED_CANCELLED', `Feed ${h.feedId} was cancelled before Amazon processed it`);
    const resultId = typeof feed.resultFeedDocumentId === 'string' ? feed.resultFeedDocumentId : null;
    if (!resultId) return status === 'DONE' ? { done: true, results: order.map((sku) => ({ sku, ok: true })) } : all('RETRYABLE', 'FEED_FATAL', `Feed ${h.feedId} failed (${status}) without a processing report`);
    const doc = await this.client.getFeedDocument(resultId);
    const report = readProcessingReport(documentText(await this.client.downloadFeedDocument(doc.url)));
    const feedIssues = report.issues.get(0) ?? [];
    if (status === 'FATAL') return all('RETRYABLE', 'FEED_FATAL', `Feed ${h.feedId} failed: ${feedIssues.map((i) => i.message).join('; ') || 'FATAL'}`);
    const same = order.length === Number(h.n) && skuDigest(order) === h.digest;
    const named = report.bySku.size > 0;
    if (!same && !named) {
      // The SKUs given back are not those sent and the report names none: the report's totals decide for all.
      const clean = !report.summary.invalid && !report.summary.errors;
      return clean ? { done: true, results: order.map((sku) => ({ sku, ok: true })) } : all('RETRYABLE', 'FEED_NO_RESULT', `Feed ${h.feedId} reported errors for messages that cannot be matched to SKUs`);
    }
    const results: ListingOutcome[] = order.map((sku, k) => {
      // By message number when the list is the one sent; by the SKU the issue names otherwise.
      const issues = same ? (report.issues.get(k + 1) ?? report.bySku.get(sku) ?? []) : (report.bySku.get(sku) ?? []);
      const errors = issues.filter((i) => i.severity === 'ERROR');
      if (errors.length) return { sku, ok: false, error: { kind: 'PERMANENT', code: errors[0].code, message: `${sku}: ${errors.map((i) => i.message).join('; ')}` }, issues };
      return { sku, ok: true, ...(issues.length ? { issues } : {}) };
    });
    return { done: true, results };
  }

  // --- Orders --------------------------------------------------------------------------------

  private orderData(): string[] {
    return ORDER_DATA.filter((d) => this.piiAllowed || !PII_DATA.has(d));
  }

  /**
   * A read that asks for buyer and recipient data, once more without them when Amazon refuses it
   * for the seller's roles (a 403 that survived a token refresh): a seller without the PII role
   * gets clean orders without buyer or address, never a failed channel. The orders carry
   * whatever Amazon gives; a seller whose role is missing is usually simply given none [U].
   */
  private async withPii<T>(read: (includedData: string[]) => Promise<T>): Promise<T> {
    try {
      return await read(this.orderData());
    } catch (e) {
      if (!this.piiAllowed || !roleRefusal(e)) throw e;
      this.piiAllowed = false;
      return read(this.orderData());
    }
  }

  /**
   * One page of orders changed since the cursor (windows.ts): searchOrders by `lastUpdatedAfter`
   * with the channel's marketplaces, paged by `paginationToken`; a token Amazon refuses restarts
   * the window from its start.
   */
  async pullOrders(cursor: Cursor | null): Promise<OrdersPage> {
    const requestedAt = this.ctx.now();
    const state = readWindow(cursor, requestedAt);
    const marketplaceIds = this.marketplaceIds();
    let page;
    try {
      page = await this.withPii((includedData) =>
        this.client.searchOrders({ lastUpdatedAfter: state.from.toISOString(), marketplaceIds, includedData, maxResultsPerPage: PAGE_SIZE, paginationToken: state.token }),
      );
    } catch (e) {
      // An expired (or otherwise refused) pagination token: the window starts again; dedupe makes the repeat safe.
      if (state.token && writeRefusal(e) && state.restarts < MAX_RESTARTS) return { orders: [], nextCursor: cursorOf(restarted(state)), done: false };
      throw e;
    }
    const orders: PulledOrder[] = page.orders.map((o) => mapOrder(o, { marketplaces: marketplaceIds }));
    const stated = page.lastUpdatedBefore ? new Date(page.lastUpdatedBefore) : null;
    const cut = windowEnd(state.from, stated && !Number.isNaN(stated.getTime()) ? stated : null, requestedAt, state.cut);
    if (page.nextToken) return { orders, nextCursor: cursorOf({ from: state.from, token: page.nextToken, cut, restarts: state.restarts }), done: false };
    return { orders, nextCursor: cursorOf({ from: nextFrom(state.from, cut), token: null, cut: null, restarts: 0 }), done: true };
  }

  async getOrder(externalId: string): Promise<PulledOrder> {
    const order = await this.withPii((includedData) => this.client.getOrder(externalId, includedData));
    if (!order) throw new PermanentError({ code: 'ORDER_NOT_FOUND', message: `Amazon has no order ${externalId} for this seller`, operation: 'getOrder' });
    return mapOrder(order, { marketplaces: this.marketplaceIds() });
  }

  // --- Shipments -----------------------------------------------------------------------------

  /**
   * One parcel of a merchant-fulfilled order: confirmShipment with its items and units, carrier
   * code (or Other and the name), shipping method and tracking number; 204. A parcel the order's
   * packages already show (by its reference id or tracking number: our earlier push whose answer
   * was lost) is done; so is one refused when the order then shows it. Amazon-fulfilled orders
   * ship from Amazon and are refused.
   */
  async pushShipment(shipment: ShipmentPush): Promise<void> {
    const orderId = shipment.orderExternalId;
    const tracking = trackingKey(shipment.trackingNumber);
    if (!tracking) throw new PermanentError({ code: 'TRACKING_REQUIRED', message: `The parcel of order ${orderId} has no tracking number`, operation: 'pushShipment' });
    if (!shipment.carrier?.trim()) throw new PermanentError({ code: 'CARRIER_REQUIRED', message: `The parcel of order ${orderId} names no carrier`, operation: 'pushShipment' });
    const carrier = carrierFields(shipment);
    const reference = packageReferenceId(shipment.parcelId, tracking);
    const shipData = ['FULFILLMENT', 'PACKAGES'];
    const read = async () => shipView(await this.client.getOrder(orderId, shipData));
    const order = await read();
    if (!order) throw new PermanentError({ code: 'ORDER_NOT_FOUND', message: `Amazon has no order ${orderId} for this seller`, operation: 'pushShipment' });
    if (order.fulfilledByAmazon) throw new PermanentError({ code: 'AMAZON_FULFILLED', message: `Amazon fulfils order ${orderId} (FBA): it ships from Amazon's warehouses, not from us`, operation: 'pushShipment' });
    const sent = (o: NonNullable<typeof order>) => o.packages.some((p) => p.tracking === tracking || p.referenceId === reference);
    if (sent(order)) return;
    const items = parcelItems(shipment, order);
    if (!items.length) throw new PermanentError({ code: 'NOTHING_TO_SHIP', message: `Amazon shows every unit of order ${orderId} shipped already`, operation: 'pushShipment' });
    const shipDate = new Date(Math.min(shipment.shippedAt.getTime(), this.ctx.now().getTime()));
    const body = confirmShipmentBody({
      marketplaceId: order.marketplaceId ?? this.marketplaceIds()[0],
      packageReferenceId: reference,
      carrier,
      shippingMethod: shipment.service,
      // The number as the carrier prints it may carry spaces for reading; the number itself has none.
      trackingNumber: shipment.trackingNumber.replace(/\s+/g, ''),
      shipDate,
      items,
    });
    try {
      await this.client.confirmShipment(orderId, body);
    } catch (e) {
      if (!writeRefusal(e)) throw e;
      const now = await read();
      if (now && sent(now)) return;
      throw e;
    }
  }

  /** Amazon returns and refunds are other APIs (reports, Finances): not pulled. */
  async pullReturns(cursor: Cursor | null): Promise<ReturnsPage> {
    return { returns: [], quarantined: [], nextCursor: cursor ?? {}, done: true };
  }

  /** The listings as Amazon shows them: the first marketplace's price and quantity, for sale while one marketplace has it BUYABLE. */
  async fetchListings(refs: ListingRef[]): Promise<RemoteListing[]> {
    const out: RemoteListing[] = [];
    for (const ref of refs) {
      const mps = this.listingMarketplaces(ref);
      const item = await this.client.getListingsItem(this.sellerId, ref.sku, mps);
      if (!item) continue;
      const views = mps.map((mp) => listingView(item, mp)).filter((v) => v.exists || v.price !== null || v.quantity !== null);
      // A listing Amazon no longer has on any of the marketplaces is left out: the reconcile shows it missing.
      if (!views.length) continue;
      const main = views[0];
      out.push({ ref, quantity: main.quantity ?? 0, price: main.price ?? '0', active: views.some(isBuyable) });
    }
    return out;
  }

  // --- FBA stock -----------------------------------------------------------------------------

  /**
   * The FBA stock of every SKU Amazon holds for the seller, pooled for the channel's first
   * marketplace: getInventorySummaries page by page (`nextToken`). A token Amazon refuses starts
   * the walk again; a 403 that survives a refresh means the app lacks the FBA inventory role,
   * which stops this operation only.
   */
  async pullFulfilmentStock(): Promise<FulfilmentStockLevel[]> {
    const marketplaceId = this.marketplaceIds()[0];
    for (let restarts = 0; ; restarts++) {
      const summaries: Raw[] = [];
      let token: string | null = null;
      let pool: string | null = null;
      try {
        for (let pages = 0; pages < 10_000; pages++) {
          const page: Awaited<ReturnType<AmazonClient['getInventorySummaries']>> = await this.client.getInventorySummaries(marketplaceId, token);
          summaries.push(...page.summaries);
          pool ??= page.granularityId;
          if (!page.nextToken || page.nextToken === token) break;
          token = page.nextToken;
        }
        return stockLevels(summaries, pool ?? marketplaceId);
      } catch (e) {
        if (roleRefusal(e)) throw new PermissionDeniedError({ code: (e as MarketplaceError).code, message: `Amazon refused the FBA inventory for this app (${(e as MarketplaceError).message}): grant it the Amazon Fulfillment role`, status: 403, operation: 'getInventorySummaries' });
        if (token && writeRefusal(e) && restarts < MAX_RESTARTS) continue;
        throw e;
      }
    }
  }
}

/** The last update of each SKU (a batch may carry one twice): what a feed message sends. */
function lastBySku<U extends { ref: ListingRef }>(updates: U[]): Map<string, U> {
  const out = new Map<string, U>();
  for (const u of updates) out.set(u.ref.sku, u);
  return out;
}

/**
 * The channel settings: the region, the default product type, the feed threshold, and the
 * language listings are written in on each marketplace that takes several (`language.<id>`, like
 * eBay's per-site policies: `language.A2EUQ1WTGCTBG2` = fr_CA lists on Amazon.ca in French).
 */
const SETTINGS: SettingField[] = [
  { name: 'region', description: 'The seller account’s SP-API region: NA, EU or FE (default: the region of the channel’s marketplaces, which must all be in one)', required: false },
  { name: 'productType', description: 'Amazon product type of listings that name none in their product_type attribute (default PRODUCT)', required: false },
  { name: 'delist', description: 'How a delist takes a listing off sale: OFFER (default: its offer is removed, the listing and its quantity stay, a publish restores it) or DELETE (the listings item is deleted)', required: false },
  { name: 'feedThreshold', description: `Above how many SKUs a stock or price push goes as one JSON_LISTINGS_FEED instead of one patch per SKU (default ${DEFAULT_FEED_THRESHOLD})`, required: false },
  ...MULTILINGUAL_MARKETPLACES.map((m) => ({
    name: languageSettingName(m.id),
    description: `The language listings are written in on ${m.label}: ${m.languages.map((l, i) => (i ? l : `${l} (default)`)).join(', ')}; a listing takes its product's translation in it, else its own text`,
    required: false,
  })),
];

export const amazonConnector: ConnectorModule = {
  kinds: ['AMAZON'],
  kindDescriptions: { AMAZON: 'Amazon seller account in one region (NA, EU or FE) selling in one or more of its marketplaces (Selling Partner API).' },
  label: 'Amazon',
  defaultBaseUrl: 'https://sellingpartnerapi-na.amazon.com',
  capabilities: ['listings.publish', 'listings.update', 'listings.delist', 'stock.push', 'price.push', 'orders.pull', 'orders.get', 'shipments.push', 'fulfilment.stock.pull'],
  // Each SKU its own listing (parent/child variations are not built yet); writes are processed
  // later (Submission + pollSubmission); no sale price beside the price yet; a listing is written
  // in its marketplaces' languages, never in the catalogue's Chinese.
  listingModel: { variationGroups: false, asynchronousWrites: true, salePrice: false, localeTextRequired: true },
  defaultLocale: 'en-US',
  marketplacesPerChannel: 'SEVERAL',
  marketplaces: MARKETPLACE_CATALOGUE,
  // Amazon.ca in French (or another language a marketplace takes), by the channel's language.<id> setting.
  listingLocale,
  checkChannel,
  carriers: { known: AMAZON_CARRIERS, closed: false },
  credentialFields: [
    { name: 'clientId', description: 'LWA client id of the SP-API app (amzn1.application-oa2-client.…)', required: true, secret: false },
    { name: 'clientSecret', description: 'LWA client secret of the app', required: true, secret: true },
    { name: 'refreshToken', description: "The seller's LWA refresh token from authorising the app (Atzr|…; LWA does not rotate it)", required: true, secret: true },
    { name: 'sellerId', description: 'The selling partner id (merchant token) of the seller account, e.g. A3EXAMPLE12345', required: true, secret: false },
  ],
  settingsFields: SETTINGS,
  auth: {
    refresh: ({ credentials, http, baseUrl }) => requestToken(http, baseUrl, credentials),
    apply: (req, { accessToken }) => withAccessToken(req, accessToken),
  },
  rateLimits: AMAZON_RATE_LIMITS,
  rateKey: amazonRateKey,
  rateFromResponse,
  maxBatch: { stock: MAX_BATCH, price: MAX_BATCH },
  classify: classifyAmazonResponse,
  refusals: AMAZON_REFUSALS,
  // What `npm run sim -- amazon` and the tests start; loaded only when asked for, so production never loads it.
  simulator: (_kind, options) => import('./simulator').then((s) => s.startAmazonSimulator(options)),
  // The demo's sample orders on a fresh simulator (`SIMULATORS=1`), in Amazon's own wire shape.
  demo: (_kind, controlUrl, catalog) => import('./demo').then((d) => d.seedAmazonDemo(controlUrl, catalog)),
  create(kind: string, ctx: ConnectorContext): Connector {
    if (kind.toUpperCase() !== 'AMAZON') throw new PermanentError({ code: 'UNKNOWN_KIND', message: `The Amazon connector serves AMAZON, not ${kind}` });
    return new AmazonConnector(ctx);
  },
};
