import type { ChannelSetupProblem, MarketplaceInfo } from '../sdk/types';

/**
 * Amazon's marketplaces, regions and hosts (amazon.md §2). A channel is one seller account in one
 * region and lists the marketplaces it sells in; every marketplace of a channel must be in its
 * region, since one region's endpoint answers for its marketplaces only.
 *
 * The ids are Amazon's documented marketplace ids [O for US `ATVPDKIKX0DER` (the model's
 * examples); the others are [U] in the reference, as Amazon documents them]; each with the
 * currency its offers are priced in and the languages its listings may be written in (written
 * with `_` as SP-API's `language_tag` and `issueLocale` take them), its default first.
 *
 * The languages: amazon.md is silent, and the Product Type Definitions (which give each
 * marketplace's `language_tag` enum) are not bundled. Amazon.ca's en_CA and fr_CA are the
 * Listings Items model's own [O: its getListingsItem example writes `fr_CA` text on
 * A2EUQ1WTGCTBG2]; the rest are the "valid languages" Amazon's Product Advertising API locale
 * reference gives each store [U: a neighbouring API's list, not the listings schema's].
 */

export type Region = 'NA' | 'EU' | 'FE';
export const REGIONS: Region[] = ['NA', 'EU', 'FE'];

export interface AmazonMarketplace extends MarketplaceInfo {
  region: Region;
  /** ISO 3166 country code of the marketplace (for people and carrier hints). */
  country: string;
  /** The languages listings may be written in there (`language_tag`), the default (`locale`) first. */
  languages: string[];
}

/** A marketplace as a channel lists on it: in the language its settings choose (`language.<id>`), else the marketplace's default. */
export interface ChannelMarketplace extends AmazonMarketplace {
  /** The `language_tag` of the channel's text there (fr_CA on Amazon.ca with `language.A2EUQ1WTGCTBG2=fr_CA`). */
  language: string;
  /** Why the channel's `language.<id>` setting cannot serve: listings on this marketplace are refused until it is fixed. */
  languageProblem?: { code: string; message: string };
}

const mk = (id: string, label: string, currency: string, region: Region, country: string, languages: string[]): AmazonMarketplace => ({ id, label, currency, locale: languages[0], region, country, languages });

export const AMAZON_MARKETPLACES: AmazonMarketplace[] = [
  // [U] es_US: Amazon.com's Spanish shopping experience.
  mk('ATVPDKIKX0DER', 'Amazon.com (US)', 'USD', 'NA', 'US', ['en_US', 'es_US']),
  mk('A2EUQ1WTGCTBG2', 'Amazon.ca (Canada)', 'CAD', 'NA', 'CA', ['en_CA', 'fr_CA']),
  mk('A1AM78C64UM0Y8', 'Amazon.com.mx (Mexico)', 'MXN', 'NA', 'MX', ['es_MX']),
  mk('A2Q3Y263D00KWC', 'Amazon.com.br (Brazil)', 'BRL', 'NA', 'BR', ['pt_BR']),
  mk('A1F83G8C2ARO7P', 'Amazon.co.uk (United Kingdom)', 'GBP', 'EU', 'GB', ['en_GB']),
  // [U] Amazon.de's other languages, as the Product Advertising API lists them.
  mk('A1PA6795UKMFR9', 'Amazon.de (Germany)', 'EUR', 'EU', 'DE', ['de_DE', 'en_GB', 'cs_CZ', 'nl_NL', 'pl_PL', 'tr_TR']),
  mk('A13V1IB3VIYZZH', 'Amazon.fr (France)', 'EUR', 'EU', 'FR', ['fr_FR']),
  mk('APJ6JRA9NG5V4', 'Amazon.it (Italy)', 'EUR', 'EU', 'IT', ['it_IT']),
  mk('A1RKKUPIHCS9HS', 'Amazon.es (Spain)', 'EUR', 'EU', 'ES', ['es_ES']),
  mk('A1805IZSGTT6HS', 'Amazon.nl (Netherlands)', 'EUR', 'EU', 'NL', ['nl_NL']),
  mk('A2NODRKZP88ZB9', 'Amazon.se (Sweden)', 'SEK', 'EU', 'SE', ['sv_SE']),
  mk('A1C3SOZRARQ6R3', 'Amazon.pl (Poland)', 'PLN', 'EU', 'PL', ['pl_PL']),
  // [U] Amazon.co.jp's English and Chinese, as the Product Advertising API lists them.
  mk('A1VC38T7YXB528', 'Amazon.co.jp (Japan)', 'JPY', 'FE', 'JP', ['ja_JP', 'en_US', 'zh_CN']),
  mk('A39IBJ37TRP1C6', 'Amazon.com.au (Australia)', 'AUD', 'FE', 'AU', ['en_AU']),
  mk('A19VAU5U5O7RUS', 'Amazon.sg (Singapore)', 'SGD', 'FE', 'SG', ['en_SG']),
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

/** The channel setting that chooses the language listings are written in on a marketplace: `language.A2EUQ1WTGCTBG2`. */
export function languageSettingName(marketplaceId: string): string {
  return `language.${marketplaceId}`;
}

/** The marketplaces that take more than one language: the ones a `language.<id>` setting chooses on. */
export const MULTILINGUAL_MARKETPLACES: AmazonMarketplace[] = AMAZON_MARKETPLACES.filter((m) => m.languages.length > 1);

/** What a channel's settings choose for one marketplace: a language (null: none chosen, the default serves), or why it cannot serve. */
export type LanguageChoice = { ok: true; language: string | null } | { ok: false; code: 'LANGUAGE_INVALID'; message: string };

/**
 * The language the channel's `language.<id>` setting chooses for a marketplace, as SP-API writes
 * it: fr_CA, fr-CA and fr_ca all read fr_CA, and a bare language the marketplace takes in one
 * variant only reads as that one (fr → fr_CA on Amazon.ca). Null when the setting is not there;
 * LANGUAGE_INVALID when it names a language Amazon does not take listings in there.
 */
export function chosenLanguage(marketplace: Pick<AmazonMarketplace, 'id' | 'label' | 'languages'>, settings: Record<string, string> | undefined): LanguageChoice {
  const name = languageSettingName(marketplace.id);
  const raw = settings?.[name]?.trim();
  if (!raw) return { ok: true, language: null };
  const tag = amazonLocale(raw);
  if (tag && marketplace.languages.includes(tag)) return { ok: true, language: tag };
  const sameLanguage = tag && !tag.includes('_') ? marketplace.languages.filter((l) => l.split('_')[0] === tag) : [];
  if (sameLanguage.length === 1) return { ok: true, language: sameLanguage[0] };
  return { ok: false, code: 'LANGUAGE_INVALID', message: `The setting ${name} is ${raw}, not a language Amazon takes listings in on ${marketplace.label} (${marketplace.languages.join(', ')})` };
}

/**
 * The module's `listingLocale`: the language the channel's settings choose on a marketplace of the
 * catalogue, so the engine picks that marketplace's text in it; null when they choose none or one
 * Amazon does not take there (the connector refuses such a marketplace's listings, saying why).
 */
export function listingLocale(marketplace: MarketplaceInfo, settings: Record<string, string>): string | null {
  const known = marketplaceById(marketplace.id);
  if (!known) return null;
  const choice = chosenLanguage(known, settings);
  return choice.ok ? choice.language : null;
}

/** A marketplace of the catalogue as the channel lists on it: the language its settings choose, else the one the context gives when Amazon takes it there, else the default. */
function onChannel(m: AmazonMarketplace, given: string | null | undefined, settings: Record<string, string> | undefined): ChannelMarketplace {
  const choice = chosenLanguage(m, settings);
  const fromContext = amazonLocale(given);
  const fallback = fromContext && m.languages.includes(fromContext) ? fromContext : m.locale;
  if (!choice.ok) return { ...m, language: fallback, languageProblem: { code: choice.code, message: choice.message } };
  return { ...m, language: choice.language ?? fallback };
}

/** The channel's marketplaces and the region they are in, or why they cannot serve together. */
export type ChannelMarketplaces = { ok: true; marketplaces: ChannelMarketplace[]; region: Region } | { ok: false; code: string; message: string };

/**
 * The channel's marketplaces from its context, in the channel's order: the catalogue's entries
 * (an id the catalogue does not know is taken with the currency and locale the context gives),
 * else the one `marketplaceId`, else the US marketplace in the channel's currency when the
 * context names none (a context built by hand). All in one region, and in the region the
 * `region` setting names when it names one. Each carries the language the channel lists in
 * there (its `language.<id>` setting, see chosenLanguage); a language setting Amazon does not
 * take stops that marketplace's listings only (`languageProblem`), not the channel.
 */
export function channelMarketplaces(input: { marketplaces?: MarketplaceInfo[]; marketplaceId?: string | null; currency?: string; regionSetting?: string | null; settings?: Record<string, string> }): ChannelMarketplaces {
  const given = (input.marketplaces ?? []).filter((m) => m.id?.trim());
  let list: ChannelMarketplace[];
  if (given.length) {
    list = given.map((m) => {
      const known = marketplaceById(m.id);
      if (known) return onChannel({ ...known, currency: m.currency || known.currency }, m.locale, input.settings);
      const locale = m.locale || 'en_US';
      return { id: m.id.trim(), label: m.label || m.id, currency: m.currency, locale, region: '?' as Region, country: '', languages: [locale], language: amazonLocale(locale) ?? 'en_US' };
    });
  } else {
    const one = marketplaceById(input.marketplaceId) ?? AMAZON_MARKETPLACES.find((m) => m.currency === (input.currency ?? '').trim().toUpperCase()) ?? AMAZON_MARKETPLACES[0];
    list = [onChannel(one, null, input.settings)];
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

/**
 * The module's `checkChannel`: a channel whose marketplaces span regions, whose region setting
 * disagrees with them, or whose language setting names a language a marketplace does not take,
 * could never list or pull; staff get the reason when they save it.
 */
export function checkChannel(setup: { marketplaces: MarketplaceInfo[]; settings: Record<string, string> }): ChannelSetupProblem[] {
  if (!setup.marketplaces.length) return [];
  const found = channelMarketplaces({ marketplaces: setup.marketplaces, settings: setup.settings, regionSetting: setup.settings.region });
  if (!found.ok) return [{ code: found.code, message: found.message, field: found.code.startsWith('REGION_') ? 'settings' : 'marketplaceIds' }];
  return found.marketplaces.flatMap((m) => (m.languageProblem ? [{ code: m.languageProblem.code, message: m.languageProblem.message, field: 'settings' as const }] : []));
}
