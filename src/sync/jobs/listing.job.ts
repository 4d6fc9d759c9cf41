import { pricesOfMarkets } from '../listing.markets';
import type { ListingRef } from '../../../connectors/sdk/types';
import { MarketplaceError, PermanentError } from '../../../connectors/sdk/errors';
import { draftsFor, ListingRow, listingsById, PriceRefusal, refOf } from '../listing.queries';
import { recordListingEvents } from '../listing-event.service';
import { channelLocales, missingTranslation } from '../listing.locale';
import { applyOutcomes, isSubmission, recordSubmission, SubmissionItem } from '../listing-submission.service';
import { Q } from '../queue';
import { addRunCounts, recordSyncErrors } from '../sync-run.service';
import type { ListingAction } from '../sync-vocabulary';
import type { ChannelJob, JobSpec } from './channel-job';
import type { ListingJobData } from './job-data';
import { execute } from '../../common/sql';

/**
 * Publish, update or delist one listing, or publish a variation group (PUBLISH_GROUP: the SKUs
 * of one product together, for marketplaces that sell them as one item). Success writes the
 * marketplace's ids and what was pushed; a marketplace that processes the write later answers
 * with a submission, saved with its first poll before the job ends, the listings PENDING until
 * the poll job (poll.job.ts) writes how each ended. A permanent refusal puts the listing in
 * ERROR with the marketplace's code and message (staff fix the listing and publish again); a
 * retryable failure is retried by the queue and, once retries run out, also ends in ERROR so
 * nothing stays PUBLISHING for ever.
 */

async function markError(j: ChannelJob<ListingJobData>, listingId: string, action: ListingAction, err: MarketplaceError, request: unknown, recordOnRun = true): Promise<void> {
  await j.tx(async (ctx) => {
    // A refused delist leaves the listing as it was on the marketplace: still ACTIVE.
    await execute(
      ctx.em,
      `update listing set status = case when ? then status else 'ERROR' end, last_error_code = ?, last_error_message = ?, updated_at = now() where id = ?`,
      [action === 'DELIST', err.code, err.message, listingId],
    );
    await recordListingEvents(ctx.em, [{ listingId, action, request, ok: false, errorCode: err.code, errorMessage: err.message }]);
    // A retryable failure that ran out of retries is recorded by the job frame (channel-job.ts).
    if (err.kind === 'PERMANENT' && recordOnRun) await recordSyncErrors(ctx.em, [{ runId: j.job.data.runId, channelId: j.channel.id, scope: 'LISTINGS', kind: err.kind, code: err.code, message: err.message, externalId: null, jobId: j.job.id, queue: Q.listing }]);
    if (err.kind === 'PERMANENT') await addRunCounts(ctx.em, j.job.data.runId, { failed: 1 });
  });
}

/** How far before an earlier attempt we look for what it created (clocks differ). */
const LOOK_BACK_MS = 10 * 60 * 1000;
/** A listing that failed long ago is looked for over the last day at most. */
const MAX_LOOK_MS = 24 * 60 * 60 * 1000;

/**
 * The marketplace's listing for this SKU when an earlier attempt may have created it and lost
 * the answer: this job is a retry (its first try timed out, failed after sending, or its worker
 * died), or the listing's last publish failed. Creating is not safe to repeat, so we look
 * before creating a second item (connectors that can, see `findListing`).
 */
async function createdUnheard(j: ChannelJob<ListingJobData>, listing: ListingRow, sku: string): Promise<ListingRef | null> {
  const find = j.conn.connector.findListing?.bind(j.conn.connector);
  if (!find) return null;
  let since: number;
  if (j.job.retryCount > 0) since = new Date(j.job.createdOn).getTime();
  else if (listing.last_error_code) since = Math.max(Date.parse(listing.created_at), Date.parse(listing.updated_at) - MAX_LOOK_MS);
  else return null;
  return find(sku, new Date(since - LOOK_BACK_MS));
}

/** The channel's locales, for the drafts' text (listing.locale.ts). */
function localesOf(j: ChannelJob<ListingJobData>): string[] {
  return channelLocales(j.channel, j.conn.module);
}

async function run(j: ChannelJob<ListingJobData>): Promise<void> {
  if (j.job.data.action === 'PUBLISH_GROUP') return runGroup(j);
  const { listingId, action } = j.job.data;
  const priceRefusals = new Map<string, PriceRefusal>();
  const loaded = await j.tx(async (ctx) => {
    const [listing] = await listingsById(ctx.em, [listingId]);
    if (!listing) return null;
    const draft = (await draftsFor(ctx, j.channel, [listing], { locales: localesOf(j), groups: true, priceRefusals })).get(listing.id) ?? null;
    return { listing, draft };
  });
  // A listing we cannot price (no exchange rate to the channel's currency yet) fails alone, before
  // any call. (A delist cannot meet this: rates are never taken back, and a listing was priced
  // when it was published.)
  const unpriced = priceRefusals.get(listingId);
  if (loaded && unpriced) return markError(j, listingId, refOf(loaded.listing) ? 'UPDATE' : 'LIST', unpricedError(unpriced), { sku: loaded.listing.sku });
  if (!loaded || !loaded.draft) return;
  const { listing, draft } = loaded;
  const ref = refOf(listing);
  const historyAction: ListingAction = action === 'PUBLISH' && !ref ? 'LIST' : action === 'DELIST' ? 'DELIST' : 'UPDATE';
  const request = action === 'DELIST' ? { ref } : { ...draft, description: undefined, translations: undefined, group: undefined };
  const item = { listingId, sku: listing.sku, quantity: draft.quantity, price: draft.price, salePrice: draft.salePrice ?? null, markets: pricesOfMarkets(draft.markets) };

  // Refused here, before any call: the marketplace lists only in the channel's language and the
  // product has no text in it. The listing fails alone; a delist needs no text.
  const untranslated = action === 'DELIST' ? null : missingTranslation(j.conn.module, localesOf(j), listing.sku, draft.translations ?? []);
  if (untranslated) return markError(j, listingId, historyAction, untranslated, request);

  try {
    if (action === 'DELIST') {
      const answer = ref ? await j.conn.connector.delistListing(ref) : undefined;
      await j.tx(async (ctx) => {
        if (isSubmission(answer)) return void (await recordSubmission(ctx, j.job.data, answer, [{ listingId, sku: listing.sku, action: 'DELIST', ref }]));
        await execute(ctx.em, `update listing set status = 'DELISTED', last_error_code = null, last_error_message = null, issues = '[]', updated_at = now() where id = ?`, [listingId]);
        await recordListingEvents(ctx.em, [{ listingId, action: 'DELIST', request, ok: true }]);
        await addRunCounts(ctx.em, j.job.data.runId, { updated: 1 });
      });
      return;
    }
    // A listing with marketplace ids is updated in place (also to put it back on sale); one
    // without is created, unless an earlier attempt created it without our hearing of it.
    const known = ref ?? (await createdUnheard(j, listing, draft.sku));
    const answer = known ? await j.conn.connector.updateListing(known, draft) : await j.conn.connector.publishListing(draft);
    if (isSubmission(answer)) {
      // Saved with its first poll before this job ends: a worker dying now loses nothing.
      await j.tx((ctx) => recordSubmission(ctx, j.job.data, answer, [{ ...item, action: known ? 'UPDATE' : 'LIST', ref: known }]));
      return;
    }
    const saved: ListingRef = answer;
    await j.tx(async (ctx) => {
      await execute(
        ctx.em,
        `update listing set status = 'ACTIVE', item_id = ?, sku_id = ?, extra = ?::jsonb, last_pushed_quantity = ?, last_pushed_price = ?, last_pushed_sale_price = ?,
                last_pushed_markets = ?::jsonb, last_pushed_at = now(), last_error_code = ?, last_error_message = ?, issues = '[]', pending_action = null, submission_id = null,
                updated_at = now() where id = ?`,
        [
          saved.itemId,
          saved.skuId ?? null,
          JSON.stringify(saved.extra ?? {}),
          draft.quantity,
          draft.price,
          draft.salePrice ?? null,
          pricesOfMarkets(draft.markets) ? JSON.stringify(pricesOfMarkets(draft.markets)) : null,
          // On sale where it could be priced; the marketplaces it could not be (no rate yet) stay the listing's error until a push reaches them.
          draft.marketRefusals?.[0]?.code ?? null,
          draft.marketRefusals?.length ? draft.marketRefusals.map((r) => `${r.marketplaceId}: ${r.message}`).join('; ') : null,
          listingId,
        ],
      );
      await recordListingEvents(ctx.em, [{ listingId, action: historyAction, request, ok: true }]);
      await addRunCounts(ctx.em, j.job.data.runId, ref ? { updated: 1 } : { created: 1 });
    });
  } catch (err) {
    if (!(err instanceof MarketplaceError)) throw err;
    if (refusedHere(j, err)) {
      await markError(j, listingId, historyAction, err, request);
      if (err.kind === 'PERMANENT') return;
    }
    throw err;
  }
}

/**
 * Whether a failure is written on the listings now: a permanent refusal or a refused
 * permission (the job frame notes that on the channel too), or anything but a channel-wide
 * failure on the last try. A used-up quota or a stopped channel is not the listing's fault.
 */
function refusedHere(j: ChannelJob<ListingJobData>, err: MarketplaceError): boolean {
  const lastTry = j.job.retryCount >= j.job.retryLimit;
  const channelWide = err.kind === 'AUTH_FAILED' || err.kind === 'QUOTA_EXHAUSTED' || err.kind === 'CHANNEL_STOPPED';
  return err.kind === 'PERMANENT' || err.kind === 'PERMISSION_DENIED' || (lastTry && !channelWide);
}

/**
 * Publishes a variation group: the listings asked for, with their product as the group (its
 * option axes, every SKU of it on the channel), in one connector call. Each listing keeps its
 * own ref and status; the answer is an outcome per SKU, or a submission polled later. A group
 * write is keyed by the group (its key is the product's id), so the connector makes it safe to
 * repeat after a lost answer.
 */
async function runGroup(j: ChannelJob<ListingJobData>): Promise<void> {
  const ids = j.job.data.listingIds?.length ? j.job.data.listingIds : [j.job.data.listingId];
  const priceRefusals = new Map<string, PriceRefusal>();
  const { found, unpriced } = await j.tx(async (ctx) => {
    const listings = await listingsById(ctx.em, ids);
    const drafts = await draftsFor(ctx, j.channel, listings, { locales: localesOf(j), groups: true, priceRefusals });
    return {
      found: listings.flatMap((listing) => (drafts.has(listing.id) ? [{ listing, draft: drafts.get(listing.id)! }] : [])),
      unpriced: listings.filter((listing) => priceRefusals.has(listing.id)),
    };
  });
  // A SKU we cannot price (no exchange rate yet) fails alone; the rest of the group goes on.
  for (const listing of unpriced) await markError(j, listing.id, refOf(listing) ? 'UPDATE' : 'LIST', unpricedError(priceRefusals.get(listing.id)!), { sku: listing.sku });
  // A SKU whose product has no text in the channel's language fails alone, before the call; the rest go on.
  const loaded: typeof found = [];
  for (const f of found) {
    const untranslated = missingTranslation(j.conn.module, localesOf(j), f.listing.sku, f.draft.group?.translations ?? f.draft.translations ?? []);
    if (untranslated) await markError(j, f.listing.id, refOf(f.listing) ? 'UPDATE' : 'LIST', untranslated, { group: f.draft.group?.key ?? null, sku: f.listing.sku });
    else loaded.push(f);
  }
  if (!loaded.length) return;
  const group = loaded[0].draft.group!;
  const items: SubmissionItem[] = loaded.map(({ listing, draft }) => ({
    listingId: listing.id,
    sku: listing.sku,
    action: refOf(listing) ? 'UPDATE' : 'LIST',
    quantity: draft.quantity,
    price: draft.price,
    salePrice: draft.salePrice ?? null,
    markets: pricesOfMarkets(draft.markets),
    ref: refOf(listing),
  }));
  try {
    const publishGroup = j.conn.connector.publishGroup?.bind(j.conn.connector);
    if (!publishGroup) throw new PermanentError({ code: 'NO_GROUP_PUBLISH', message: `The ${j.conn.module.label} connector declares variation groups but has no publishGroup`, operation: 'publishGroup' });
    const answer = await publishGroup(group, loaded.map(({ listing, draft }) => ({ draft, ref: refOf(listing) })));
    await j.tx(async (ctx) => {
      if (isSubmission(answer)) await recordSubmission(ctx, j.job.data, answer, items);
      else await applyOutcomes(ctx, { channelId: j.channel.id, runId: j.job.data.runId, jobId: j.job.id }, items, answer);
    });
  } catch (err) {
    if (!(err instanceof MarketplaceError)) throw err;
    if (refusedHere(j, err)) {
      for (const i of items) await markError(j, i.listingId, i.action === 'LIST' ? 'LIST' : 'UPDATE', err, { group: group.key, sku: i.sku }, i === items[0]);
      if (err.kind === 'PERMANENT') return;
    }
    throw err;
  }
}

/** A listing that could not be priced, as the permanent failure it is until finance enters the rate. */
function unpricedError(refusal: PriceRefusal): PermanentError {
  return new PermanentError({ code: refusal.code, message: refusal.message, operation: 'publishListing' });
}

export const listingJob: JobSpec<ListingJobData> = {
  queue: Q.listing,
  scope: 'LISTINGS',
  lock: (d) => `listing:${d.listingId}`,
  capabilityOf: (d) => (d.action === 'DELIST' ? 'listings.delist' : d.action === 'UPDATE' ? 'listings.update' : 'listings.publish'),
  run,
};
