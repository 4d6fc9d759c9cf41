import type { ChannelRow } from './channel.queries';
import { channelLocales, hasTextIn, missingTranslation, normaliseLocale, pickText } from './listing.locale';

/** Which locale a channel lists in and which of a product's texts a listing takes. */
const texts = [
  { locale: 'zh-CN', title: '真丝连衣裙', description: '桑蚕丝' },
  { locale: 'en-GB', title: 'Silk dress', description: 'Mulberry silk' },
  { locale: 'de-DE', title: 'Seidenkleid', description: 'Maulbeerseide' },
];
const channel = (extra: Partial<ChannelRow> = {}) => ({ id: 'c', kind: 'X', currency: 'USD', marketplace_ids: [], settings: {}, ...extra }) as ChannelRow;
const ebay = {
  defaultLocale: 'en-US',
  marketplaces: [
    { id: 'EBAY_DE', label: 'eBay.de', currency: 'EUR', locale: 'de_DE' },
    { id: 'EBAY_GB', label: 'eBay.co.uk', currency: 'GBP', locale: 'en_GB' },
  ],
};

describe('channelLocales', () => {
  it('given a channel that names none then the connector default, else the catalogue locale', () => {
    expect(channelLocales(channel(), { defaultLocale: 'en_us' })).toEqual(['en-US']);
    expect(channelLocales(channel(), null)).toEqual(['zh-CN']);
  });

  it('given marketplaces with locales or a locales setting then those, the first the main one', () => {
    expect(channelLocales(channel({ marketplace_ids: ['EBAY_DE', 'EBAY_GB'] }), ebay)).toEqual(['de-DE', 'en-GB']);
    // A marketplace the connector does not describe says nothing of its language.
    expect(channelLocales(channel({ marketplace_ids: ['EBAY_XX'] }), ebay)).toEqual(['en-US']);
    expect(channelLocales(channel({ settings: { locales: 'en-US, fr-FR' } }))).toEqual(['en-US', 'fr-FR']);
  });
});

describe('pickText', () => {
  it('given the exact locale then its text; a language match next; the catalogue text last', () => {
    expect(pickText(texts, ['de-DE']).title).toBe('Seidenkleid');
    expect(pickText(texts, ['en-US']).title).toBe('Silk dress');
    expect(pickText(texts, ['fr-FR', 'de-AT']).title).toBe('Seidenkleid');
    expect(pickText(texts, ['ja-JP'])).toEqual(texts[0]);
  });

  it('normalises tags', () => {
    expect(normaliseLocale('zh_hans_cn')).toBe('zh-Hans-CN');
    expect(normaliseLocale('not a locale')).toBeNull();
  });
});

describe('missingTranslation', () => {
  const strict = { listingModel: { localeTextRequired: true } };

  it('given a marketplace that lists in the channel language only then a product without title and description in it is refused, one of the same language serves', () => {
    expect(missingTranslation(strict, ['en-US'], 'S-1', texts)).toBeNull();
    expect(missingTranslation(strict, ['fr-FR'], 'S-1', texts)).toMatchObject({ code: 'MISSING_TRANSLATION', kind: 'PERMANENT', message: expect.stringContaining('fr-FR') });
    expect(missingTranslation(strict, ['en-US'], 'S-1', [texts[0], { locale: 'en-US', title: 'Silk dress', description: ' ' }])).toMatchObject({ code: 'MISSING_TRANSLATION' });
  });

  it('given a marketplace that takes the catalogue text then nothing is refused', () => {
    expect(missingTranslation({}, ['fr-FR'], 'S-1', texts)).toBeNull();
    expect(missingTranslation(undefined, ['fr-FR'], 'S-1', texts)).toBeNull();
  });

  it('given locales in either spelling then the language decides', () => {
    expect(hasTextIn(texts, 'de_AT')).toBe(true);
    expect(hasTextIn(texts, 'EN')).toBe(true);
    expect(hasTextIn(texts, 'ja-JP')).toBe(false);
  });
});
