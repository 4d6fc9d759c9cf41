/**
 * The eBay sites the simulated seller can list on: each marketplace id with its currency and the
 * language its listings are usually written in. The currency of an offer's price must be its
 * marketplace's (a listing on EBAY_DE is priced in EUR) [U: eBay's exact refusal is not in the
 * reference; the simulator refuses a publish with errorId 25003, invalid price].
 */

export interface Marketplace {
  id: string;
  currency: string;
  locale: string;
}

export const MARKETPLACES: Marketplace[] = [
  { id: 'EBAY_US', currency: 'USD', locale: 'en-US' },
  { id: 'EBAY_MOTORS_US', currency: 'USD', locale: 'en-US' },
  { id: 'EBAY_GB', currency: 'GBP', locale: 'en-GB' },
  { id: 'EBAY_DE', currency: 'EUR', locale: 'de-DE' },
  { id: 'EBAY_AT', currency: 'EUR', locale: 'de-AT' },
  { id: 'EBAY_CH', currency: 'CHF', locale: 'de-CH' },
  { id: 'EBAY_FR', currency: 'EUR', locale: 'fr-FR' },
  { id: 'EBAY_IT', currency: 'EUR', locale: 'it-IT' },
  { id: 'EBAY_ES', currency: 'EUR', locale: 'es-ES' },
  { id: 'EBAY_IE', currency: 'EUR', locale: 'en-IE' },
  { id: 'EBAY_NL', currency: 'EUR', locale: 'nl-NL' },
  { id: 'EBAY_BE', currency: 'EUR', locale: 'nl-BE' },
  { id: 'EBAY_PL', currency: 'PLN', locale: 'pl-PL' },
  { id: 'EBAY_AU', currency: 'AUD', locale: 'en-AU' },
  { id: 'EBAY_CA', currency: 'CAD', locale: 'en-CA' },
  { id: 'EBAY_HK', currency: 'HKD', locale: 'zh-HK' },
  { id: 'EBAY_SG', currency: 'SGD', locale: 'en-SG' },
];

const BY_ID = new Map(MARKETPLACES.map((m) => [m.id, m]));

export function marketplace(id: string): Marketplace | undefined {
  return BY_ID.get(id);
}

/**
 * The site a call is about when it says none: `X-EBAY-C-MARKETPLACE-ID` where sent, else EBAY_US
 * (ebay.md §3: where the header is mandatory is [U]; the simulator accepts it everywhere and
 * defaults to EBAY_US).
 */
export const DEFAULT_MARKETPLACE = 'EBAY_US';

/** `Content-Language` values: a language and a region, `en-US`, `de-DE` [U: eBay's own check is not documented]. */
export const LOCALE = /^[a-z]{2}-[A-Z]{2}$/i;
