import { amazonConnector } from '../../connectors/amazon';
import type { ChannelRow } from './channel.queries';
import { channelMarketplaces } from './connector-context';
import { channelLocales } from './listing.locale';
import { marketsOf, RateBook } from './listing.markets';

/**
 * A channel listing on a marketplace in another of that marketplace's languages: the engine asks
 * the connector (`listingLocale`, here Amazon's `language.<marketplace id>` setting) and picks
 * that marketplace's text in the language it answers, falling back as it always does.
 */

const US = 'ATVPDKIKX0DER';
const CA = 'A2EUQ1WTGCTBG2';
const channel = (settings: Record<string, string> = {}) => ({ id: 'c', kind: 'AMAZON', currency: 'USD', marketplace_ids: [US, CA], settings }) as unknown as ChannelRow;
const FRENCH = { 'language.A2EUQ1WTGCTBG2': 'fr_CA' };

const zh = { locale: 'zh-CN', title: '男士修身西装', description: '羊毛混纺，两粒扣。' };
const en = { locale: 'en-US', title: "Men's Slim Fit Suit", description: 'Wool blend, two buttons.' };
const fr = { locale: 'fr-CA', title: 'Complet ajusté pour homme', description: 'Mélange de laine, deux boutons.' };
const book: RateBook = new Map([
  ['CNY', '1'],
  ['USD', '0.1389'],
  ['CAD', '0.1905'],
]);
const rule = { mode: 'EXCHANGE_RATE' as const, value: '10', priceEnding: '0.99' };
const source = (texts: typeof en[]) => ({ fixedPrice: null, variantPrice: '299.00', price: '45.99', salePrice: null, title: en.title, locale: 'en-US', description: en.description, texts });

describe("a marketplace's language chosen by the channel", () => {
  it('given language.A2EUQ1WTGCTBG2=fr_CA then Amazon.ca is described in fr_CA and Amazon.com in its own en_US; without the setting (or settings) the catalogue’s en_CA', () => {
    expect(channelMarketplaces(amazonConnector, channel(FRENCH)).map((m) => [m.id, m.locale, m.currency])).toEqual([
      [US, 'en_US', 'USD'],
      [CA, 'fr_CA', 'CAD'],
    ]);
    expect(channelMarketplaces(amazonConnector, channel()).map((m) => m.locale)).toEqual(['en_US', 'en_CA']);
    expect(channelMarketplaces(amazonConnector, { marketplace_ids: [US, CA], currency: 'USD' }).map((m) => m.locale)).toEqual(['en_US', 'en_CA']);
    // A language Amazon does not take there is no choice: the engine keeps the catalogue's (the connector refuses the marketplace, saying why).
    expect(channelMarketplaces(amazonConnector, channel({ 'language.A2EUQ1WTGCTBG2': 'de_DE' })).map((m) => m.locale)).toEqual(['en_US', 'en_CA']);
    // A module without the hook: the catalogue's locale as ever.
    expect(channelMarketplaces({ marketplaces: amazonConnector.marketplaces }, channel(FRENCH)).map((m) => m.locale)).toEqual(['en_US', 'en_CA']);
  });

  it('given the setting then the channel lists in en-US first (its listings’ own text) and fr-CA beside it', () => {
    expect(channelLocales(channel(FRENCH), amazonConnector)).toEqual(['en-US', 'fr-CA']);
    expect(channelLocales(channel(), amazonConnector)).toEqual(['en-US', 'en-CA']);
  });

  it('given a product with English and French text then Amazon.com’s market is English and Amazon.ca’s French, each at its own price', () => {
    const out = marketsOf({ currency: 'USD', price_rule: rule }, channelMarketplaces(amazonConnector, channel(FRENCH)), source([zh, en, fr]), book, 'CNY');
    expect(out.refusals).toEqual([]);
    expect(out.markets).toEqual([
      { marketplaceId: US, price: '45.99', salePrice: null, currency: 'USD', locale: 'en-US', title: en.title, description: en.description },
      // 299.00 × 0.1905 × 1.10 = 62.66 → 62.99.
      { marketplaceId: CA, price: '62.99', salePrice: null, currency: 'CAD', locale: 'fr-CA', title: fr.title, description: fr.description },
    ]);
  });

  it('given French of France only then Amazon.ca takes it (same language); given no French at all then the listing’s own English text, its locale still fr-CA', () => {
    const france = { locale: 'fr-FR', title: 'Costume ajusté pour homme', description: 'Laine mélangée.' };
    const near = marketsOf({ currency: 'USD', price_rule: rule }, channelMarketplaces(amazonConnector, channel(FRENCH)), source([zh, en, france]), book, 'CNY');
    expect(near.markets[1]).toMatchObject({ locale: 'fr-CA', title: france.title, description: france.description });
    const none = marketsOf({ currency: 'USD', price_rule: rule }, channelMarketplaces(amazonConnector, channel(FRENCH)), source([zh, en]), book, 'CNY');
    expect(none.markets[1]).toMatchObject({ marketplaceId: CA, locale: 'fr-CA', title: en.title, description: en.description });
  });
});
