import type { MarketplaceInfo } from '../sdk/types';

/**
 * Amazon's marketplaces, regions and hosts (amazon.md §2). A channel is one seller account in one
 * region and lists the marketplaces it sells in; every marketplace of a channel must be in its
 * region, since one region's endpoint answers for its marketplaces only.
 *
 * The ids are Amazon's documented marketplace ids [O for US `ATVPDKIKX0DER` (the model's
 * examples); the others are [U] in the reference, as Amazon documents them]; each with the
 * currency its offers are priced in and the language its listings are written in (written with
 * `_` as SP-API's `language_tag` and `issueLocale` take it).
 */

export type Region = 'NA' | 'EU' | 'FE';
export const REGIONS: Region[] = ['NA', 'EU', 'FE'];

export interface AmazonMarketplace extends MarketplaceInfo {
  region: Region;
  /** ISO 3166 country code of the marketplace (for people and carrier hints). */
  country: string;
}

export const AMAZON_MARKETPLACES: AmazonMarketplace[] = [
  { id: 'ATVPDKIKX0DER', label: 'Amazon.com (US)', currency: 'USD', locale: 'en_US', region: 'NA', country: 'US' },
  { id: 'A2EUQ1WTGCTBG2', label: 'Amazon.ca (Canada)', currency: 'CAD', locale: 'en_CA', region: 'NA', country: 'CA' },
  { id: 'A1AM78C64UM0Y8', label: 'Amazon.com.mx (Mexico)', currency: 'MXN', locale: 'es_MX', region: 'NA', country: 'MX' },
  { id: 'A2Q3Y263D00KWC', label: 'Amazon.com.br (Brazil)', currency: 'BRL', locale: 'pt_BR', region: 'NA', country: 'BR' },
  { id: 'A1F83G8C2ARO7P', label: 'Amazon.co.uk (United Kingdom)', currency: 'GBP', locale: 'en_GB', region: 'EU', country: 'GB' },
  { id: 'A1PA6795UKMFR9', label: 'Amazon.de (Germany)', currency: 'EUR', locale: 'de_DE', region: 'EU', country: 'DE' },
  { id: 'A13V1IB3VIYZZH', label: 'Amazon.fr (France)', currency: 'EUR', locale: 'fr_FR', region: 'EU', country: 'FR' },
  { id: 'APJ6JRA9NG5V4', label: 'Amazon.it (Italy)', currency: 'EUR', locale: 'it_IT', region: 'EU', country: 'IT' },
  { id: 'A1RKKUPIHCS9HS', label: 'Amazon.es (Spain)', currency: 'EUR', locale: 'es_ES', region: 'EU', country: 'ES' },
  { id: 'A1805IZSGTT6HS', label: 'Amazon.nl (Netherlands)', currency: 'EUR', locale: 'nl_NL', region: 'EU', country: 'NL' },
  { id: 'A2NODRKZP88ZB9', label: 'Amazon.se (Sweden)', currency: 'SEK', locale: 'sv_SE', region: 'EU', country: 'SE' },
  { id: 'A1C3SOZRARQ6R3', label: 'Amazon.pl (Poland)', currency: 'PLN', locale: 'pl_PL', region: 'EU', country: 'PL' },
  { id: 'A1VC38T7YXB528', label: 'Amazon.co.jp (Japan)', currency: 'JPY', locale: 'ja_JP', region: 'FE', country: 'JP' },
  { id: 'A39IBJ37TRP1C6', label: 'Amazon.com.au (Australia)', currency: 'AUD', locale: 'en_AU', region: 'FE', country: 'AU' },
  { id: 'A19VAU5U5O7RUS', label: 'Amazon.sg (Singapore)', currency: 'SGD', locale: 'en_SG', region: 'FE', country: 'SG' },
];

/** The catalogue as the module declares it (`ConnectorModule.marketplaces`): id, label, currency, locale. */
export const MARKETPLACE_CATALOGUE: MarketplaceInfo[] = AMAZON_MARKETPLACES.map(({ id, label, currency, locale }) => ({ id, label, currency, locale }));

/** Production SP-API endpoints by region [O: NA from the models' `host`; EU and FE [U], as Amazon documents them]. */
export const REGION_HOSTS: Record<Region, string> = {
  NA: 'sellingpartnerapi-na.amazon.com',
  EU: 'sellingpartnerapi-eu.amazon.com',
  FE: 'sellingpartnerapi-fe.amazon.com',
};

/** Login with Amazon's token endpoint in production (amazon.md §1 [O: the official SDK's LwaAuthClient]). */
export const LWA_TOKEN_URL = 'https://api.amazon.com/auth/o2/token';

export function marketplaceById(id: string | null | undefined): AmazonMarketplace | undefined {
  const key = (id ?? '').trim().toUpperCase();
  return AMAZON_MARKETPLACES.find((m) => m.id === key);
}

export function isRegion(v: unknown): v is Region {
  return typeof v === 'string' && (REGIONS as string[]).includes(v);
}

/** Amazon's own SP-API hosts, production or sandbox: `sellingpartnerapi-na.amazon.com`, `sandbox.sellingpartnerapi-eu.amazon.com`. */
const SP_API_HOST = /^(sandbox\.)?sellingpartnerapi-(na|eu|fe)\.amazon\.com$/i;

/** Whether a base URL is one of Amazon's own hosts (production or sandbox), as opposed to a simulator. */
export function isAmazonHost(baseUrl: string): boolean {
  try {
    const host = new URL(baseUrl).hostname.toLowerCase();
    return host === 'amazon.com' || host.endsWith('.amazon.com');
  } catch {
    return false;
  }
}

/**
 * The API root the channel's calls go to: the base URL as given, except that one of Amazon's own
 * SP-API hosts is switched to the channel's region (a channel created with the default NA host
 * but selling in the EU reaches the EU endpoint; its sandbox stays a sandbox). Anything else (a
 * simulator, a proxy) is used as it is.
 */
export function apiRoot(baseUrl: string, region: Region): string {
  const trimmed = baseUrl.trim().replace(/\/+$/, '');
  try {
    const url = new URL(trimmed);
    const m = SP_API_HOST.exec(url.hostname);
    if (!m) return trimmed;
    url.hostname = `${m[1] ?? ''}${REGION_HOSTS[region]}`;
    return url.toString().replace(/\/+$/, '');
  } catch {
    return trimmed;
  }
}

/** The region an Amazon SP-API host serves, when the base URL is one. */
export function regionOfHost(baseUrl: string): Region | null {
  try {
    const m = SP_API_HOST.exec(new URL(baseUrl).hostname);
    return m ? (m[2].toUpperCase() as Region) : null;
  } catch {
    return null;
  }
}

/**
 * The LWA token URL for a base URL: Amazon's (global) endpoint for Amazon's own hosts, production
 * or sandbox alike (the sandbox takes real LWA tokens); `<base URL>/auth/o2/token` for anything
 * else (a simulator serves LWA beside SP-API).
 */
export function tokenUrl(baseUrl: string): string {
  if (isAmazonHost(baseUrl)) return LWA_TOKEN_URL;
  return `${baseUrl.trim().replace(/\/+$/, '')}/auth/o2/token`;
}

/**
 * A locale as SP-API writes it (`language_tag`, `issueLocale`): `de-DE`, `de_de` and `de_DE` all
 * become `de_DE`; a bare language stays as it is. Null for nothing usable.
 */
export function amazonLocale(locale: string | null | undefined): string | null {
  const m = /^\s*([a-zA-Z]{2,3})(?:[-_]([a-zA-Z]{2}|\d{3}))?\s*$/.exec(locale ?? '');
  if (!m) return null;
  return m[2] ? `${m[1].toLowerCase()}_${m[2].toUpperCase()}` : m[1].toLowerCase();
}

/** The channel's marketplaces and the region they are in, or why they cannot serve together. */
export type ChannelMarketplaces = { ok: true; marketplaces: AmazonMarketplace[]; region: Region } | { ok: false; code: string; message: string };

/**
 * The channel's marketplaces from its context, in the channel's order: the catalogue's entries
 * (an id the catalogue does not know is taken with the currency and locale the context gives),
 * else the one `marketplaceId`, else the US marketplace in the channel's currency when the
 * context names none (a context built by hand). All in one region, and in the region the
 * `region` setting names when it names one.
 */
export function channelMarketplaces(input: { marketplaces?: MarketplaceInfo[]; marketplaceId?: string | null; currency?: string; regionSetting?: string | null }): ChannelMarketplaces {
  const given = (input.marketplaces ?? []).filter((m) => m.id?.trim());
  let list: AmazonMarketplace[];
  if (given.length) {
    list = given.map((m) => {
      const known = marketplaceById(m.id);
      return known ? { ...known, currency: m.currency || known.currency, locale: m.locale || known.locale } : { id: m.id.trim(), label: m.label || m.id, currency: m.currency, locale: m.locale || 'en_US', region: '?' as Region, country: '' };
    });
  } else {
    const one = marketplaceById(input.marketplaceId) ?? AMAZON_MARKETPLACES.find((m) => m.currency === (input.currency ?? '').trim().toUpperCase()) ?? AMAZON_MARKETPLACES[0];
    list = [one];
  }
  const setting = input.regionSetting?.trim().toUpperCase() || null;
  if (setting && !isRegion(setting)) return { ok: false, code: 'REGION_INVALID', message: `The region setting ${input.regionSetting} is not one of ${REGIONS.join(', ')}` };
  const unknown = list.filter((m) => !isRegion(m.region));
  if (unknown.length) return { ok: false, code: 'MARKETPLACE_UNKNOWN', message: `Amazon marketplace ${unknown.map((m) => m.id).join(', ')} is not one this connector knows the region of` };
  const regions = [...new Set(list.map((m) => m.region))];
  if (regions.length > 1) {
    const by = regions.map((r) => `${r}: ${list.filter((m) => m.region === r).map((m) => m.label).join(', ')}`).join('; ');
    return { ok: false, code: 'MARKETPLACES_MIXED_REGIONS', message: `An Amazon channel is one seller account in one region, but its marketplaces are in several (${by}): make one channel per region` };
  }
  if (setting && setting !== regions[0]) {
    return { ok: false, code: 'REGION_MISMATCH', message: `The channel's region setting is ${setting}, but its marketplaces (${list.map((m) => m.label).join(', ')}) are in ${regions[0]}` };
  }
  return { ok: true, marketplaces: list, region: regions[0] };
}
