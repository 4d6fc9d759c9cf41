import type { Context } from '../context';
import type { ListingText, MarketListing, MarketplaceInfo, MarketPrice } from '../../connectors/sdk/types';
import { currentRate } from '../finance';
import { applyPriceRule, convertAmount, PriceRuleError, usesRateTable } from './price-rule';
import type { ChannelRow } from './channel.queries';
import { languageOf, normaliseLocale, pickText } from './listing.locale';

/**
 * A listing on each marketplace of a channel that covers several (eBay US beside eBay DE, Amazon
 * US + CA + MX). The listing's own price is in the channel's currency (its first marketplace's);
 * a marketplace selling in another currency gets:
 * - on a channel whose rule converts with finance's rate table (EXCHANGE_RATE without a rate of
 *   its own) and a listing without a fixed price: the rule applied with finance's rate to that
 *   currency, markup and price ending included, as the first marketplace gets it in its own;
 * - otherwise (a fixed listing price, or a rule that does not convert): the channel price carried
 *   across at finance's cross rate (both rates from the base currency), up to the rule's price
 *   ending.
 * A sale price is carried across at the cross rate without an ending (an ending could lift it to
 * the regular price). A marketplace whose currency has no rate yet is refused for that listing
 * alone (EXCHANGE_RATE_MISSING), so the other marketplaces still get their offers.
 */

/** Finance's current rates from the base currency to each currency ('1' for the base itself; null: none entered yet), read once per batch. */
export type RateBook = Map<string, string | null>;

export async function rateBook(ctx: Context, currencies: string[]): Promise<RateBook> {
  const base = ctx.config.baseCurrency;
  const book: RateBook = new Map();
  for (const c of new Set(currencies.map((x) => x.trim().toUpperCase()))) book.set(c, c === base ? '1' : await currentRate(ctx, base, c));
  return book;
}

/** What one listing's markets are computed from. */
export interface MarketSource {
  /** The listing's fixed price in the channel's currency, or null (the rule applies). */
  fixedPrice: string | null;
  variantPrice: string;
  /** The price and sale price in the channel's currency, as the draft has them. */
  price: string;
  salePrice: string | null;
  /** The listing's own title and its locale: a marketplace of that language shows it (staff may have edited it), one without the product's text in its language too. */
  title: string;
  locale: string;
  description: string | null;
  texts: ListingText[];
}

export interface MarketOutcome {
  markets: MarketListing[];
  refusals: { marketplaceId: string; code: string; message: string }[];
}

class MissingRate extends PriceRuleError {
  override readonly code = 'EXCHANGE_RATE_MISSING';
}

function rateOf(book: RateBook, base: string, currency: string): string {
  const c = currency.trim().toUpperCase();
  const r = c === base ? '1' : book.get(c);
  if (r == null) throw new MissingRate(`Finance has entered no exchange rate from ${base} to ${c} yet (setExchangeRate)`);
  return r;
}

/** The price of one marketplace in its currency (see the module comment). */
function marketPrice(channel: Pick<ChannelRow, 'currency' | 'price_rule'>, m: MarketplaceInfo, s: MarketSource, book: RateBook, base: string): MarketPrice {
  const own = channel.currency.trim().toUpperCase();
  const want = m.currency.trim().toUpperCase();
  if (want === own) return { marketplaceId: m.id, price: s.price, salePrice: s.salePrice, currency: want };
  const rule = channel.price_rule;
  const toRate = rateOf(book, base, want);
  if (s.fixedPrice == null && usesRateTable(rule)) {
    // The sale price is a fixed amount in the channel's currency: carried across at the cross rate.
    const salePrice = s.salePrice == null ? null : convertAmount(s.salePrice, rateOf(book, base, own), toRate);
    return { marketplaceId: m.id, price: applyPriceRule(s.variantPrice, rule, toRate), salePrice, currency: want };
  }
  const fromRate = rateOf(book, base, own);
  const price = convertAmount(s.price, fromRate, toRate, rule.priceEnding ?? null);
  const salePrice = s.salePrice == null ? null : convertAmount(s.salePrice, fromRate, toRate);
  return { marketplaceId: m.id, price, salePrice, currency: want };
}

/** The listing's price and text on each of the channel's marketplaces, and the marketplaces it could not be priced on. */
export function marketsOf(channel: Pick<ChannelRow, 'currency' | 'price_rule'>, marketplaces: MarketplaceInfo[], s: MarketSource, book: RateBook, base: string): MarketOutcome {
  const out: MarketOutcome = { markets: [], refusals: [] };
  for (const m of marketplaces) {
    let price: MarketPrice;
    try {
      price = marketPrice(channel, m, s, book, base);
    } catch (err) {
      if (!(err instanceof PriceRuleError)) throw err;
      out.refusals.push({ marketplaceId: m.id, code: err.code, message: err.message });
      continue;
    }
    const locale = normaliseLocale(m.locale) ?? s.locale;
    const text = pickText(s.texts, [locale]);
    // The listing's own text in its language; the product's in the marketplace's; else the listing's own.
    const useText = languageOf(locale) !== languageOf(s.locale) && languageOf(text.locale) === languageOf(locale);
    out.markets.push({ ...price, locale, title: useText ? text.title : s.title, description: useText ? text.description ?? null : s.description });
  }
  return out;
}

/** Every currency a batch of the channel's markets needs a rate for. */
export function marketCurrencies(channel: Pick<ChannelRow, 'currency'>, marketplaces: MarketplaceInfo[]): string[] {
  return [channel.currency, ...marketplaces.map((m) => m.currency)];
}

/** The prices of markets as they are kept and compared (`listing.last_pushed_markets`): id, amounts and currency only. */
export function pricesOfMarkets(markets: readonly MarketPrice[] | undefined | null): MarketPrice[] | null {
  return markets?.length ? markets.map(({ marketplaceId, price, salePrice, currency }) => ({ marketplaceId, price, salePrice: salePrice ?? null, currency })) : null;
}

/** Whether every marketplace's price and sale price are what was last pushed (compared as decimals, in order of the channel's marketplaces). */
export function sameMarketPrices(pushed: readonly MarketPrice[] | null, now: readonly MarketPrice[] | null, same: (a: string | null, b: string | null) => boolean): boolean {
  if (!now) return true;
  if (!pushed || pushed.length !== now.length) return false;
  return now.every((m, i) => {
    const p = pushed[i];
    return p.marketplaceId === m.marketplaceId && p.currency === m.currency && same(p.price, m.price) && (m.salePrice == null ? p.salePrice == null : same(p.salePrice, m.salePrice));
  });
}
