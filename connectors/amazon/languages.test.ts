import type { ListingDraft } from '../sdk/types';
import { amazonListingDraft } from './fixtures/orders';
import { amazonConnector } from './index';
import { marketLanguage, planMarkets, putBody } from './listings';
import { AMAZON_MARKETPLACES, ChannelMarketplace, channelMarketplaces, chosenLanguage, listingLocale, MARKETPLACE_CATALOGUE, marketplaceById } from './marketplaces';

/**
 * The language a channel lists in on each Amazon marketplace: the marketplace's default, or
 * another it takes chosen by the channel's `language.<marketplace id>` setting (Amazon.ca in
 * French), validated against the languages Amazon takes there, and the `language_tag` the
 * listing's text and attributes go with.
 */

const US = marketplaceById('ATVPDKIKX0DER')!;
const CA = marketplaceById('A2EUQ1WTGCTBG2')!;
const MX = marketplaceById('A1AM78C64UM0Y8')!;
const DE = marketplaceById('A1PA6795UKMFR9')!;
const FRENCH = { 'language.A2EUQ1WTGCTBG2': 'fr_CA' };

/** The channel's marketplaces as the connector sees them with these settings. */
function onChannel(ids: string[], settings: Record<string, string>): ChannelMarketplace[] {
  const setup = channelMarketplaces({ marketplaces: ids.map((id) => MARKETPLACE_CATALOGUE.find((m) => m.id === id)!), settings });
  if (!setup.ok) throw new Error(setup.message);
  return setup.marketplaces;
}

/** A draft as the engine makes it for Amazon.com + Amazon.ca, Amazon.ca's text in `caLocale`. */
function draft(ca: { locale: string; title: string; description: string | null }, translations: ListingDraft['translations']): ListingDraft {
  return {
    ...amazonListingDraft('LANG-SUIT', 0),
    translations,
    markets: [
      { marketplaceId: US.id, price: '129.00', salePrice: null, currency: 'USD', locale: 'en-US', title: "Men's slim fit suit", description: 'Wool blend, two buttons.' },
      { marketplaceId: CA.id, price: '176.99', salePrice: null, currency: 'CAD', ...ca },
    ],
  };
}

const ENGLISH = { locale: 'en-US', title: "Men's slim fit suit", description: 'Wool blend, two buttons.' };
const FRANCAIS = { locale: 'fr-CA', title: 'Complet ajusté pour homme', description: 'Mélange de laine, deux boutons.' };
const CHINESE = { locale: 'zh-CN', title: '男士修身西装', description: '羊毛混纺' };

describe('Amazon marketplaces: the languages each takes', () => {
  it('given the catalogue then every marketplace lists its default language first, Amazon.ca English and French, and the declared locale is the default', () => {
    for (const m of AMAZON_MARKETPLACES) {
      expect(m.languages[0]).toBe(m.locale);
      expect(new Set(m.languages).size).toBe(m.languages.length);
      for (const l of m.languages) expect(l).toMatch(/^[a-z]{2}_[A-Z]{2}$/);
    }
    expect(CA.languages).toEqual(['en_CA', 'fr_CA']);
    expect(US.languages).toEqual(['en_US', 'es_US']);
    expect(MX.languages).toEqual(['es_MX']);
    expect(DE.languages[0]).toBe('de_DE');
    expect(marketplaceById('A1VC38T7YXB528')!.languages[0]).toBe('ja_JP');
    expect(MARKETPLACE_CATALOGUE.find((m) => m.id === CA.id)).toEqual({ id: CA.id, label: 'Amazon.ca (Canada)', currency: 'CAD', locale: 'en_CA' });
  });

  it('given the module then a language.<id> setting is declared for each marketplace with a choice, saying which languages it takes, and none for one without', () => {
    const names = (amazonConnector.settingsFields ?? []).map((f) => f.name);
    expect(names).toEqual(expect.arrayContaining(['language.A2EUQ1WTGCTBG2', 'language.ATVPDKIKX0DER', 'language.A1PA6795UKMFR9', 'language.A1VC38T7YXB528']));
    expect(names).not.toContain('language.A1AM78C64UM0Y8');
    expect(amazonConnector.settingsFields!.find((f) => f.name === 'language.A2EUQ1WTGCTBG2')).toEqual({
      name: 'language.A2EUQ1WTGCTBG2',
      description: expect.stringContaining('Amazon.ca (Canada): en_CA (default), fr_CA'),
      required: false,
    });
  });
});

describe('the language.<id> setting', () => {
  it('given fr_CA written as Amazon, as BCP 47, in lower case or as a bare language then it reads fr_CA on Amazon.ca', () => {
    for (const v of ['fr_CA', 'fr-CA', 'fr_ca', ' FR-ca ', 'fr']) expect(chosenLanguage(CA, { 'language.A2EUQ1WTGCTBG2': v })).toEqual({ ok: true, language: 'fr_CA' });
    expect(chosenLanguage(US, { 'language.ATVPDKIKX0DER': 'es' })).toEqual({ ok: true, language: 'es_US' });
    expect(chosenLanguage(CA, { 'language.A2EUQ1WTGCTBG2': 'en_CA' })).toEqual({ ok: true, language: 'en_CA' });
  });

  it('given no setting, or one for another marketplace, then none is chosen', () => {
    expect(chosenLanguage(CA, {})).toEqual({ ok: true, language: null });
    expect(chosenLanguage(CA, undefined)).toEqual({ ok: true, language: null });
    expect(chosenLanguage(US, FRENCH)).toEqual({ ok: true, language: null });
    expect(chosenLanguage(CA, { 'language.A2EUQ1WTGCTBG2': '  ' })).toEqual({ ok: true, language: null });
  });

  it('given a language Amazon does not take there then LANGUAGE_INVALID names the setting and the languages it takes', () => {
    expect(chosenLanguage(CA, { 'language.A2EUQ1WTGCTBG2': 'de_DE' })).toEqual({
      ok: false,
      code: 'LANGUAGE_INVALID',
      message: 'The setting language.A2EUQ1WTGCTBG2 is de_DE, not a language Amazon takes listings in on Amazon.ca (Canada) (en_CA, fr_CA)',
    });
    // French as France writes it is not Canada's; a language's name is no tag; Amazon.de takes no French.
    expect(chosenLanguage(CA, { 'language.A2EUQ1WTGCTBG2': 'fr_FR' })).toMatchObject({ ok: false, code: 'LANGUAGE_INVALID' });
    expect(chosenLanguage(CA, { 'language.A2EUQ1WTGCTBG2': 'French' })).toMatchObject({ ok: false, code: 'LANGUAGE_INVALID' });
    expect(chosenLanguage(DE, { 'language.A1PA6795UKMFR9': 'fr' })).toMatchObject({ ok: false, code: 'LANGUAGE_INVALID' });
  });

  it("given the module's listingLocale hook then the engine gets the chosen language, and nothing for none, an invalid one or an unknown marketplace", () => {
    const info = (id: string) => MARKETPLACE_CATALOGUE.find((m) => m.id === id)!;
    expect(amazonConnector.listingLocale).toBe(listingLocale);
    expect(listingLocale(info(CA.id), { 'language.A2EUQ1WTGCTBG2': 'fr-ca' })).toBe('fr_CA');
    expect(listingLocale(info(US.id), FRENCH)).toBeNull();
    expect(listingLocale(info(CA.id), { 'language.A2EUQ1WTGCTBG2': 'de_DE' })).toBeNull();
    expect(listingLocale({ id: 'AXXXXXXXX', label: 'X', currency: 'USD', locale: 'en_US' }, { 'language.AXXXXXXXX': 'fr_CA' })).toBeNull();
  });

  it("given the channel's settings then each of its marketplaces carries its listing language; its default language (issueLocale's) stays; a bad choice stops that marketplace only", () => {
    expect(onChannel([US.id, CA.id], FRENCH).map((m) => [m.id, m.locale, m.language, m.languageProblem])).toEqual([
      [US.id, 'en_US', 'en_US', undefined],
      [CA.id, 'en_CA', 'fr_CA', undefined],
    ]);
    expect(onChannel([US.id, CA.id], {}).map((m) => m.language)).toEqual(['en_US', 'en_CA']);
    // The engine's hook already put the chosen locale on the context's marketplaces: the same answer.
    const viaEngine = channelMarketplaces({ marketplaces: [MARKETPLACE_CATALOGUE[0], { ...MARKETPLACE_CATALOGUE.find((m) => m.id === CA.id)!, locale: 'fr_CA' }], settings: FRENCH });
    expect(viaEngine.ok && viaEngine.marketplaces.map((m) => m.language)).toEqual(['en_US', 'fr_CA']);
    const bad = channelMarketplaces({ marketplaces: [US, CA].map((m) => MARKETPLACE_CATALOGUE.find((x) => x.id === m.id)!), settings: { 'language.A2EUQ1WTGCTBG2': 'de_DE' } });
    expect(bad).toMatchObject({ ok: true, region: 'NA' });
    expect(bad.ok && bad.marketplaces[1]).toMatchObject({ language: 'en_CA', languageProblem: { code: 'LANGUAGE_INVALID', message: expect.stringContaining('de_DE') } });
  });
});

describe('listing text in the chosen language', () => {
  it('given Amazon.ca in French and a product with French text then Amazon.ca’s title, description and text attributes go tagged fr_CA and Amazon.com’s en_US', () => {
    const d = draft(FRANCAIS, [CHINESE, ENGLISH, FRANCAIS]);
    const plan = planMarkets(d, onChannel([US.id, CA.id], FRENCH));
    expect(plan.refused).toEqual([]);
    expect(plan.markets.map((m) => [m.marketplace.id, m.language, m.title])).toEqual([
      [US.id, 'en_US', "Men's slim fit suit"],
      [CA.id, 'fr_CA', 'Complet ajusté pour homme'],
    ]);
    const ca = putBody(d, plan.markets[1], { productType: 'SUIT', channelCode: 'DEFAULT' }) as { attributes: Record<string, unknown> };
    expect(ca.attributes.item_name).toEqual([{ value: 'Complet ajusté pour homme', language_tag: 'fr_CA', marketplace_id: CA.id }]);
    expect(ca.attributes.product_description).toEqual([{ value: 'Mélange de laine, deux boutons.', language_tag: 'fr_CA', marketplace_id: CA.id }]);
    expect(ca.attributes.brand).toEqual([{ value: 'Omni Tailors', language_tag: 'fr_CA', marketplace_id: CA.id }]);
    const us = putBody(d, plan.markets[0], { productType: 'SUIT', channelCode: 'DEFAULT' }) as { attributes: Record<string, unknown> };
    expect(us.attributes.item_name).toEqual([{ value: "Men's slim fit suit", language_tag: 'en_US', marketplace_id: US.id }]);
  });

  it('given Amazon.ca in French and a product without French text then Amazon.ca gets the listing’s own English text, everything tagged en_CA as without the setting', () => {
    // The engine's fallback: no text in fr-CA, so the market carries the listing's own (English) text.
    const d = draft({ locale: 'fr-CA', title: ENGLISH.title, description: ENGLISH.description }, [CHINESE, ENGLISH]);
    const [, ca] = planMarkets(d, onChannel([US.id, CA.id], FRENCH)).markets;
    expect(ca.language).toBe('en_CA');
    const body = putBody(d, ca, { productType: 'SUIT', channelCode: 'DEFAULT' }) as { attributes: Record<string, unknown> };
    expect(body.attributes.item_name).toEqual([{ value: "Men's slim fit suit", language_tag: 'en_CA', marketplace_id: CA.id }]);
    expect(body.attributes.product_description).toEqual([{ value: 'Wool blend, two buttons.', language_tag: 'en_CA', marketplace_id: CA.id }]);
    expect(body.attributes.brand).toEqual([{ value: 'Omni Tailors', language_tag: 'en_CA', marketplace_id: CA.id }]);
  });

  it('given which texts the product has then the listing’s language follows them; without translations (a context built by hand) the market is taken at its word', () => {
    const fr = { locale: 'en_CA', language: 'fr_CA' };
    expect(marketLanguage({ locale: 'en-US', translations: [CHINESE, ENGLISH, FRANCAIS] }, { locale: 'fr-CA' }, fr)).toBe('fr_CA');
    // French of another country serves (the engine picks a text of the same language).
    expect(marketLanguage({ locale: 'en-US', translations: [ENGLISH, { locale: 'fr', title: 'Complet', description: null }] }, { locale: 'fr-CA' }, fr)).toBe('fr_CA');
    expect(marketLanguage({ locale: 'en-US', translations: [CHINESE, ENGLISH] }, { locale: 'fr-CA' }, fr)).toBe('en_CA');
    expect(marketLanguage({ locale: 'en-US' }, { locale: 'fr-CA' }, fr)).toBe('fr_CA');
    // No choice made: the marketplace's language, whatever the texts.
    expect(marketLanguage({ locale: 'en-US', translations: [CHINESE] }, { locale: 'en-CA' }, { locale: 'en_CA', language: 'en_CA' })).toBe('en_CA');
    // A listing whose own text is in neither of the marketplace's languages keeps the chosen tag (as before the setting existed).
    expect(marketLanguage({ locale: 'zh-CN', translations: [CHINESE] }, { locale: 'fr-CA' }, fr)).toBe('fr_CA');
  });

  it('given a language Amazon.ca does not take then Amazon.ca is refused with LANGUAGE_INVALID and Amazon.com still lists', () => {
    const plan = planMarkets(draft(FRANCAIS, [ENGLISH, FRANCAIS]), onChannel([US.id, CA.id], { 'language.A2EUQ1WTGCTBG2': 'de_DE' }));
    expect(plan.markets.map((m) => m.marketplace.id)).toEqual([US.id]);
    expect(plan.refused).toEqual([{ marketplaceId: CA.id, code: 'LANGUAGE_INVALID', message: expect.stringContaining('language.A2EUQ1WTGCTBG2 is de_DE') }]);
    // Without markets (a context built by hand) likewise.
    const handMade = planMarkets({ ...amazonListingDraft('HAND', 0), currency: 'CAD' }, onChannel([CA.id], { 'language.A2EUQ1WTGCTBG2': 'xx' }));
    expect(handMade).toEqual({ markets: [], refused: [expect.objectContaining({ marketplaceId: CA.id, code: 'LANGUAGE_INVALID' })] });
  });
});
