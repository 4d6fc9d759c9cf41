import type { MarketplaceInfo } from '../sdk/types';

/**
 * The eBay sites a channel may cover: one seller account sells on several (ebay.md §3: the site
 * of an offer is its `marketplaceId`, its language the `Content-Language` of the calls that write
 * it). The ids are eBay's MarketplaceIdEnum values; each site's currency is the one its listings
 * are priced in, its locale the language its listings are written in (written with `_` as the
 * catalogue contract wants; `contentLanguage` turns it into the header's `de-DE`).
 *
 * Sites with two languages (Canada in French, Belgium) are listed in the one eBay defaults to;
 * Belgium is left out until a channel needs it [U: which Content-Language EBAY_BE takes].
 */
export const EBAY_SITES: MarketplaceInfo[] = [
  { id: 'EBAY_US', label: 'eBay.com (United States)', currency: 'USD', locale: 'en_US' },
  { id: 'EBAY_GB', label: 'eBay.co.uk (United Kingdom)', currency: 'GBP', locale: 'en_GB' },
  { id: 'EBAY_DE', label: 'eBay.de (Germany)', currency: 'EUR', locale: 'de_DE' },
  { id: 'EBAY_FR', label: 'eBay.fr (France)', currency: 'EUR', locale: 'fr_FR' },
  { id: 'EBAY_IT', label: 'eBay.it (Italy)', currency: 'EUR', locale: 'it_IT' },
  { id: 'EBAY_ES', label: 'eBay.es (Spain)', currency: 'EUR', locale: 'es_ES' },
  { id: 'EBAY_CA', label: 'eBay.ca (Canada)', currency: 'CAD', locale: 'en_CA' },
  { id: 'EBAY_AU', label: 'eBay.com.au (Australia)', currency: 'AUD', locale: 'en_AU' },
  { id: 'EBAY_AT', label: 'eBay.at (Austria)', currency: 'EUR', locale: 'de_AT' },
  { id: 'EBAY_CH', label: 'eBay.ch (Switzerland)', currency: 'CHF', locale: 'de_CH' },
  { id: 'EBAY_IE', label: 'eBay.ie (Ireland)', currency: 'EUR', locale: 'en_IE' },
  { id: 'EBAY_NL', label: 'eBay.nl (Netherlands)', currency: 'EUR', locale: 'nl_NL' },
  { id: 'EBAY_PL', label: 'eBay.pl (Poland)', currency: 'PLN', locale: 'pl_PL' },
];

/** The site a channel that names none lists on: the first of the catalogue in the channel's currency, else eBay.com. */
export function defaultSite(currency: string | null | undefined): MarketplaceInfo {
  const c = (currency ?? '').trim().toUpperCase();
  return EBAY_SITES.find((s) => s.currency === c) ?? EBAY_SITES[0];
}

/** A site of the catalogue by id (case-insensitive); undefined for one eBay has that we do not list. */
export function siteById(id: string | null | undefined): MarketplaceInfo | undefined {
  const key = (id ?? '').trim().toUpperCase();
  return EBAY_SITES.find((s) => s.id === key);
}

/**
 * A locale as eBay's `Content-Language` header takes it: `de_DE`, `de-de` and `de-DE` all become
 * `de-DE`; a bare language (`de`) is kept as it is. Null for nothing usable.
 */
export function contentLanguage(locale: string | null | undefined): string | null {
  const m = /^\s*([a-zA-Z]{2,3})(?:[-_]([a-zA-Z]{2}|\d{3}))?\s*$/.exec(locale ?? '');
  if (!m) return null;
  return m[2] ? `${m[1].toLowerCase()}-${m[2].toUpperCase()}` : m[1].toLowerCase();
}

/** The language part of a locale (`de` of `de-AT`), lower case. */
export function languageOf(locale: string | null | undefined): string {
  return (contentLanguage(locale) ?? '').split('-')[0];
}
