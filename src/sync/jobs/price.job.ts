import type { MarketPrice, PriceUpdate, Submission } from '../../../connectors/sdk/types';
import { RetryableError } from '../../../connectors/sdk/errors';
import { execute, pgArray, selectRows } from '../../common/sql';
import { draftsFor, LISTING_COLUMNS, ListingRow, PriceRefusal, refOf, sameAmount } from '../listing.queries';
import { recordListingEvents } from '../listing-event.service';
import { pricesOfMarkets, sameMarketPrices } from '../listing.markets';
import { recordSubmission } from '../listing-submission.service';
import { Q } from '../queue';
import { addRunCounts, recordSyncErrors } from '../sync-run.service';
import type { ChannelJob, JobSpec } from './channel-job';
import type { PriceJobData } from './job-data';

/**
 * Push prices: each named listing (or every active one) at the price it should have now — its
 * own, or the channel's price rule applied to the variant price — with its sale price beside it
 * (null: none), always both, since a marketplace may erase a sale price a push leaves out
 * (AliExpress `discount_price`). Listings whose prices have not moved since the last push are
 * skipped unless they were named. An item the marketplace takes to process later counts as
 * pushed once its submission is polled.
 */

const ROUND = 500;

/**
 * What a price push leaves on a listing of a channel covering several marketplaces: the prices
 * pushed per marketplace, and its error. A marketplace still without a rate keeps the listing's
 * EXCHANGE_RATE_MISSING (the push reached the others). A marketplace priced now that the listing
 * was never published on (its rate arrived after the publish) is not on sale there: a price push
 * cannot create an offer, so the listing says to publish again (MARKET_NOT_LISTED), and that
 * marketplace stays out of the prices kept as pushed until a publish reaches it.
 */
export function marketsOutcome(
  listing: Pick<ListingRow, 'last_pushed_markets'>,
  markets: MarketPrice[] | null,
  refusals: { marketplaceId: string; code: string; message: string }[],
): { m: MarketPrice[] | null; c: string | null; msg: string | null } {
  if (!markets) return { m: null, c: null, msg: null };
  const listed = listing.last_pushed_markets ? new Set(listing.last_pushed_markets.map((p) => p.marketplaceId)) : null;
  const unlisted = listed ? markets.filter((p) => !listed.has(p.marketplaceId)) : [];
  const kept = unlisted.length ? markets.filter((p) => listed!.has(p.marketplaceId)) : markets;
  if (refusals.length) return { m: kept, c: refusals[0].code, msg: refusals.map((r) => `${r.marketplaceId}: ${r.message}`).join('; ') };
  if (unlisted.length) {
    const ids = unlisted.map((p) => p.marketplaceId).join(', ');
    return { m: kept, c: 'MARKET_NOT_LISTED', msg: `Priced for ${ids} now, but not on sale there yet: publish the listing again (publishListings) to list it there` };
  }
  return { m: kept, c: null, msg: null };
}

async function run(j: ChannelJob<PriceJobData>): Promise<void> {
  const named = j.job.data.listingIds?.length ? j.job.data.listingIds : null;
  const listings = await j.tx((ctx) =>
    selectRows<ListingRow>(
      ctx.em,
      `select ${LISTING_COLUMNS} from listing l where l.channel_id = ? and (l.status in ('ACTIVE', 'ERROR') or (l.status = 'PENDING' and l.pending_action = 'UPDATE')) and l.item_id is not null
        ${named ? 'and l.id = any(?::uuid[])' : ''} order by l.id`,
      named ? [j.channel.id, pgArray(named)] : [j.channel.id],
    ),
  );
  let retry = 0;
  for (let i = 0; i < listings.length; i += ROUND) {
    const slice = listings.slice(i, i + ROUND);
    const priceRefusals = new Map<string, PriceRefusal>();
    const drafts = await j.tx((ctx) => draftsFor(ctx, j.channel, slice, { priceRefusals }));
    // Listings we cannot price (no exchange rate to the channel's currency yet) fail alone.
    const unpriced = slice.flatMap((l) => (priceRefusals.has(l.id) ? [{ l, ...priceRefusals.get(l.id)! }] : []));
    const updates: (PriceUpdate & { listing: ListingRow })[] = [];
    for (const l of slice) {
      const d = drafts.get(l.id);
      const ref = refOf(l);
      if (!d || !ref) continue;
      // Compared as decimals: as floats, two long amounts that differ in a cent read as one.
      const saleUnmoved = d.salePrice == null ? l.last_pushed_sale_price == null : sameAmount(l.last_pushed_sale_price, d.salePrice);
      const markets = pricesOfMarkets(d.markets);
      if (!named && sameAmount(l.last_pushed_price, d.price) && saleUnmoved && sameMarketPrices(l.last_pushed_markets, markets, sameAmount)) continue;
      updates.push({ ref, price: d.price, salePrice: d.salePrice ?? null, currency: d.currency, ...(markets ? { markets } : {}), listing: l });
    }
    const size = Math.max(1, j.conn.module.maxBatch.price);
    const results = new Map<string, Awaited<ReturnType<typeof j.conn.connector.pushPrice>>[number]>();
    for (let k = 0; k < updates.length; k += size) {
      for (const r of await j.conn.connector.pushPrice(updates.slice(k, k + size).map(({ listing: _listing, ...update }) => update))) results.set(r.sku, r);
    }
    await j.tx(async (ctx) => {
      const submitted = new Map<string, { submission: Submission; updates: typeof updates }>();
      for (const u of updates) {
        const r = results.get(u.ref.sku);
        if (!r?.ok || !r.submission) continue;
        const key = JSON.stringify(r.submission.handle);
        const entry = submitted.get(key) ?? { submission: r.submission, updates: [] };
        entry.updates.push(u);
        submitted.set(key, entry);
      }
      for (const { submission, updates: carried } of submitted.values()) {
        await recordSubmission(ctx, j.job.data, submission, carried.map((u) => ({ listingId: u.listing.id, sku: u.listing.sku, action: 'REPRICE' as const, price: u.price, salePrice: u.salePrice ?? null, markets: pricesOfMarkets(u.markets) })));
      }
      const pendingCount = [...submitted.values()].reduce((n, e) => n + e.updates.length, 0);
      const ok = updates.filter((u) => {
        const r = results.get(u.ref.sku);
        return r?.ok && !r.submission;
      });
      const marketplaceRefused = updates.flatMap((u) => {
        const r = results.get(u.ref.sku);
        return r && !r.ok && r.error.kind === 'PERMANENT' ? [{ u, code: r.error.code, message: r.error.message }] : [];
      });
      retry += updates.length - ok.length - marketplaceRefused.length - pendingCount;
      const refused = [
        ...marketplaceRefused,
        ...unpriced.map((f) => ({ u: { listing: f.l, ref: { itemId: f.l.item_id }, price: null, salePrice: null }, code: f.code, message: f.message })),
      ];
      if (ok.length) {
        await execute(
          ctx.em,
          `update listing l set last_pushed_price = x.p, last_pushed_sale_price = x.sp, last_pushed_markets = x.m, last_pushed_at = now(), updated_at = now(), last_error_code = x.c, last_error_message = x.msg
             from jsonb_to_recordset(?::jsonb) as x(id uuid, p numeric, sp numeric, m jsonb, c text, msg text) where l.id = x.id`,
          [JSON.stringify(ok.map((u) => ({ id: u.listing.id, p: u.price, sp: u.salePrice ?? null, ...marketsOutcome(u.listing, u.markets ?? null, drafts.get(u.listing.id)?.marketRefusals ?? []) })))],
        );
      }
      if (refused.length) {
        await execute(
          ctx.em,
          `update listing l set last_error_code = x.c, last_error_message = x.m, updated_at = now() from jsonb_to_recordset(?::jsonb) as x(id uuid, c text, m text) where l.id = x.id`,
          [JSON.stringify(refused.map((f) => ({ id: f.u.listing.id, c: f.code, m: f.message })))],
        );
        await recordSyncErrors(ctx.em, refused.map((f) => ({ runId: j.job.data.runId, channelId: j.channel.id, scope: 'PRICES', kind: 'PERMANENT' as const, code: f.code, message: f.message, externalId: f.u.ref.itemId, jobId: j.job.id, queue: Q.price })));
      }
      await recordListingEvents(ctx.em, [
        ...ok.map((u) => ({ listingId: u.listing.id, action: 'REPRICE' as const, request: { price: u.price, salePrice: u.salePrice ?? null, currency: u.currency, ...(u.markets ? { markets: u.markets } : {}) }, ok: true })),
        ...refused.map((f) => ({ listingId: f.u.listing.id, action: 'REPRICE' as const, request: { price: f.u.price, salePrice: f.u.salePrice ?? null }, ok: false, errorCode: f.code, errorMessage: f.message })),
      ]);
      await addRunCounts(ctx.em, j.job.data.runId, { fetched: slice.length, updated: ok.length, failed: refused.length, skipped: slice.length - updates.length - unpriced.length });
    });
  }
  if (retry) throw new RetryableError({ code: 'PRICE_PUSH_INCOMPLETE', message: `${retry} price update(s) were not accepted yet; trying again`, operation: 'pushPrice' });
}

export const priceJob: JobSpec<PriceJobData> = {
  queue: Q.price,
  scope: 'PRICES',
  capability: 'price.push',
  lock: (d) => `price:${d.channelId}`,
  run,
};
