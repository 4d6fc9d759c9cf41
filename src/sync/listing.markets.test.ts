import type { MarketplaceInfo } from '../../connectors/sdk/types';
import { marketsOf, RateBook, sameMarketPrices } from './listing.markets';
import { convertAmount } from './price-rule';

const US: MarketplaceInfo = { id: 'EBAY_US', label: 'eBay.com', currency: 'USD', locale: 'en_US' };
const DE: MarketplaceInfo = { id: 'EBAY_DE', label: 'eBay.de', currency: 'EUR', locale: 'de_DE' };
const GB: MarketplaceInfo = { id: 'EBAY_GB', label: 'eBay.co.uk', currency: 'GBP', locale: 'en_GB' };

const texts = [
  { locale: 'zh-CN', title: '羊毛围巾', description: '纯羊毛' },
  { locale: 'en-US', title: 'Wool scarf', description: 'Pure wool' },
  { locale: 'de-DE', title: 'Wollschal für Männer', description: 'Reine Wolle, größe M' },
];
const source = (over: Partial<Parameters<typeof marketsOf>[2]> = {}) => ({
  fixedPrice: null,
  variantPrice: '100.00',
  price: '15.99',
  salePrice: null,
  title: 'Wool scarf',
  locale: 'en-US',
  description: 'Pure wool',
  texts,
  ...over,
});
const book: RateBook = new Map([
  ['CNY', '1'],
  ['USD', '0.14'],
  ['EUR', '0.13'],
  ['GBP', null],
]);

describe('convertAmount', () => {
  it('carries an amount through the base currency to cents, half away from zero, then up to an ending', () => {
    expect(convertAmount('10.00', '0.14', '0.13')).toBe('9.29'); // 10 × 0.13 / 0.14 = 9.2857…
    expect(convertAmount('10.00', '1', '0.13')).toBe('1.30');
    expect(convertAmount('10.00', '0.14', '0.13', '0.99')).toBe('9.99');
    expect(convertAmount('0.07', '0.14', '1')).toBe('0.50');
    expect(() => convertAmount('10.00', '0', '0.13')).toThrow('above 0');
  });
});

describe('marketsOf', () => {
  it('given a rate-table rule then each marketplace gets the rule with its own currency’s rate, and its language’s text', () => {
    const rule = { mode: 'EXCHANGE_RATE' as const, value: '10', priceEnding: '0.99' };
    const out = marketsOf({ currency: 'USD', price_rule: rule }, [US, DE], source(), book, 'CNY');
    expect(out.refusals).toEqual([]);
    expect(out.markets).toEqual([
      { marketplaceId: 'EBAY_US', price: '15.99', salePrice: null, currency: 'USD', locale: 'en-US', title: 'Wool scarf', description: 'Pure wool' },
      // 100 × 0.13 × 1.10 = 14.30 → 14.99
      { marketplaceId: 'EBAY_DE', price: '14.99', salePrice: null, currency: 'EUR', locale: 'de-DE', title: 'Wollschal für Männer', description: 'Reine Wolle, größe M' },
    ]);
  });

  it('given a fixed listing price then other currencies get it at the cross rate, the sale price too without an ending', () => {
    const rule = { mode: 'EXCHANGE_RATE' as const, priceEnding: '0.99' };
    const out = marketsOf({ currency: 'USD', price_rule: rule }, [US, DE], source({ fixedPrice: '20.00', price: '20.00', salePrice: '18.00' }), book, 'CNY');
    expect(out.markets.map((m) => [m.marketplaceId, m.price, m.salePrice])).toEqual([
      ['EBAY_US', '20.00', '18.00'],
      ['EBAY_DE', '18.99', '16.71'], // 20 × 0.13 / 0.14 = 18.57 → 18.99; 18 × 0.13 / 0.14 = 16.714
    ]);
  });

  it('given a currency without a rate then that marketplace alone is refused with EXCHANGE_RATE_MISSING', () => {
    const out = marketsOf({ currency: 'USD', price_rule: { mode: 'EXCHANGE_RATE' } }, [US, GB, DE], source(), book, 'CNY');
    expect(out.markets.map((m) => m.marketplaceId)).toEqual(['EBAY_US', 'EBAY_DE']);
    expect(out.refusals).toEqual([{ marketplaceId: 'EBAY_GB', code: 'EXCHANGE_RATE_MISSING', message: expect.stringContaining('GBP') }]);
  });

  it('given a marketplace whose language the product has no text in then the listing’s own text', () => {
    const fr: MarketplaceInfo = { id: 'EBAY_FR', label: 'eBay.fr', currency: 'USD', locale: 'fr_FR' };
    const out = marketsOf({ currency: 'USD', price_rule: { mode: 'SAME' } }, [fr], source(), book, 'CNY');
    expect(out.markets[0]).toMatchObject({ locale: 'fr-FR', title: 'Wool scarf', price: '15.99' });
  });
});

describe('sameMarketPrices', () => {
  const same = (a: string | null, b: string | null) => a != null && b != null && Number(a) === Number(b);
  const now = [
    { marketplaceId: 'EBAY_US', price: '15.99', salePrice: null, currency: 'USD' },
    { marketplaceId: 'EBAY_DE', price: '14.99', salePrice: null, currency: 'EUR' },
  ];
  it('tells a moved marketplace price from an unmoved one', () => {
    expect(sameMarketPrices(now, now, same)).toBe(true);
    expect(sameMarketPrices(null, now, same)).toBe(false);
    expect(sameMarketPrices([now[0], { ...now[1], price: '13.99' }], now, same)).toBe(false);
    expect(sameMarketPrices(null, null, same)).toBe(true);
  });
});
