import { PermanentError } from '../../connectors/sdk/errors';
import type { ConnectorModule, ListingText } from '../../connectors/sdk/types';
import type { ChannelRow } from './channel.queries';
import { channelMarketplaces } from './connector-context';

/**
 * Which language a channel lists in, and which of a product's texts a listing takes. The
 * catalogue's own text is Chinese (zh-CN); copywriters add other locales
 * (setProductTranslations). A channel's locales come from the channel (its marketplaces' locales,
 * or a `locale`/`locales` setting), else from its connector (`defaultLocale`), else zh-CN. On a
 * marketplace that lists only in the channel's languages (`listingModel.localeTextRequired`,
 * AliExpress) a listing whose product has no title and description in the main locale fails
 * alone with MISSING_TRANSLATION before the connector is called (missingTranslation below, the
 * listing job), and copywriters find such listings with `listings(filter: {missingTranslation: true})`.
 */

/** The catalogue's own locale: products' title and description are written in it. */
export const CATALOG_LOCALE = 'zh-CN';

const LOCALE = /^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$/;

/** A BCP 47 tag in its usual spelling (en_us → en-US), or null when it is not one. */
export function normaliseLocale(raw: unknown): string | null {
  if (typeof raw !== 'string' || !LOCALE.test(raw.trim())) return null;
  const [lang, ...rest] = raw.trim().split(/[-_]/);
  return [lang.toLowerCase(), ...rest.map((p) => (p.length === 2 ? p.toUpperCase() : p.length === 4 ? p[0].toUpperCase() + p.slice(1).toLowerCase() : p))].join('-');
}

function localesIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(localesIn);
  if (typeof value === 'string') return value.split(',').map(normaliseLocale).filter((l): l is string => !!l);
  return [];
}

/**
 * The locales a channel lists in, the first its main one: its marketplaces' (eBay EBAY_DE →
 * de-DE, as the connector's catalogue describes them, or the language the channel's settings
 * choose there: Amazon.ca in fr-CA), else a `locale`/`locales` setting, else the connector's
 * default, else the catalogue's.
 */
export function channelLocales(channel: Pick<ChannelRow, 'marketplace_ids' | 'currency' | 'settings'>, module?: Pick<ConnectorModule, 'defaultLocale' | 'marketplaces' | 'listingLocale'> | null): string[] {
  const found = channelMarketplaces(module ?? undefined, channel).flatMap((m) => localesIn(m.locale));
  const settings = channel.settings;
  if (!found.length && settings && typeof settings === 'object' && !Array.isArray(settings)) found.push(...localesIn(settings.locales ?? settings.locale));
  const unique = [...new Set(found)];
  if (unique.length) return unique;
  return [normaliseLocale(module?.defaultLocale) ?? CATALOG_LOCALE];
}

/**
 * The text a listing in `locales` takes from a product's texts: the first locale's own, else one
 * of the same language (en-GB for en-US), trying each locale in turn, else the catalogue's.
 */
export function pickText(texts: ListingText[], locales: string[]): ListingText {
  const base = texts.find((t) => t.locale === CATALOG_LOCALE) ?? texts[0];
  for (const want of locales) {
    const exact = texts.find((t) => t.locale.toLowerCase() === want.toLowerCase());
    if (exact) return exact;
    const lang = want.split('-')[0].toLowerCase();
    const near = texts.filter((t) => t.locale.split('-')[0].toLowerCase() === lang).sort((a, b) => a.locale.localeCompare(b.locale))[0];
    if (near) return near;
  }
  return base;
}

/** The primary language subtag of a locale, lower case (en-US → en); what "the same language" compares. */
export function languageOf(locale: string): string {
  return locale.trim().split(/[-_]/)[0].toLowerCase();
}

/** Whether the channel's marketplace lists only in the channel's languages, so a listing needs text in the main one. */
export function needsLocaleText(module: Pick<ConnectorModule, 'listingModel'> | null | undefined): boolean {
  return module?.listingModel?.localeTextRequired === true;
}

/**
 * Whether the texts hold a title and a description in `locale`: its own, or another of its
 * language (en-GB serves en-US, as pickText takes it). Both are needed: a title alone lists a
 * product whose page says nothing in the buyer's language.
 */
export function hasTextIn(texts: ListingText[], locale: string): boolean {
  const lang = languageOf(locale);
  return texts.some((t) => languageOf(t.locale) === lang && !!t.title?.trim() && !!t.description?.trim());
}

/** The code a listing fails with when its product has no text in the channel's main locale. */
export const MISSING_TRANSLATION = 'MISSING_TRANSLATION';

/**
 * The refusal of a listing of `sku` whose product has no title and description in the channel's
 * main locale (the first of `locales`), on a marketplace that needs them; null when it has them or
 * the marketplace takes the catalogue's text.
 */
export function missingTranslation(module: Pick<ConnectorModule, 'listingModel'> | null | undefined, locales: string[], sku: string, texts: ListingText[]): PermanentError | null {
  const main = locales[0];
  if (!needsLocaleText(module) || !main || hasTextIn(texts, main)) return null;
  return new PermanentError({
    code: MISSING_TRANSLATION,
    message: `${sku}: the product has no title and description in ${main}, the channel's main language; add them (setProductTranslations) and publish again`,
    operation: 'listings',
  });
}
