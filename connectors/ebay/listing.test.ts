import { PermanentError } from '../sdk/errors';
import type { ListingDraft, ListingGroup } from '../sdk/types';
import { channelSites, groupBody, inventoryItemBody, offerBody, planSites, siteSetups } from './listing';
import { EBAY_SITES } from './marketplaces';

const US = EBAY_SITES.find((s) => s.id === 'EBAY_US')!;
const DE = EBAY_SITES.find((s) => s.id === 'EBAY_DE')!;
const GB = EBAY_SITES.find((s) => s.id === 'EBAY_GB')!;

const settings = {
  fulfillmentPolicyId: 'FUL-ALL',
  paymentPolicyId: 'PAY-ALL',
  returnPolicyId: 'RET-ALL',
  'fulfillmentPolicyId.EBAY_DE': 'FUL-DE',
  'returnPolicyId.EBAY_DE': 'RET-DE',
  merchantLocationKey: 'WH-SHENZHEN',
};

function draft(over: Partial<ListingDraft> = {}): ListingDraft {
  return {
    sku: 'COAT-GRN-52',
    title: 'Wool overcoat, green',
    description: '<p>Pure new wool.</p>',
    categoryId: '57988',
    attributes: { Brand: 'Fine Tailoring', Material: ['Wool', 'Cashmere'], Size: 52, condition: 'NEW_OTHER', 'paymentPolicyId.EBAY_US': 'PAY-US-LISTING' },
    price: '189.00',
    currency: 'USD',
    quantity: 7,
    imageUrls: ['https://img.example.com/coat-1.jpg', 'http://img.example.com/plain.jpg', 'https://img.example.com/coat-1.jpg'],
    barcode: '4006381333931',
    locale: 'en-US',
    markets: [
      { marketplaceId: 'EBAY_US', price: '189.00', salePrice: null, currency: 'USD', locale: 'en-US', title: 'Wool overcoat, green', description: '<p>Pure new wool.</p>' },
      { marketplaceId: 'EBAY_DE', price: '174.90', salePrice: null, currency: 'EUR', locale: 'de-DE', title: 'Wollmantel, grün', description: '<p>Reine Schurwolle. Größe 52.</p>' },
    ],
    ...over,
  };
}

describe('eBay listings: where, at which price, in which language', () => {
  it('given markets for two sites then each site gets its price in its currency and its language', () => {
    const plan = planSites(draft(), { sites: [US, DE], settings });
    expect(plan.sites.map((s) => [s.site.id, s.language, s.price, s.currency, s.title])).toEqual([
      ['EBAY_US', 'en-US', '189.00', 'USD', 'Wool overcoat, green'],
      ['EBAY_DE', 'de-DE', '174.90', 'EUR', 'Wollmantel, grün'],
    ]);
    expect(plan.itemLanguage).toBe('en-US');
    expect(plan.refused).toEqual([]);
  });

  it('given a site the engine could not price (no exchange rate) then it gets no offer and says why', () => {
    const d = draft({ markets: [draft().markets![0]], marketRefusals: [{ marketplaceId: 'EBAY_DE', code: 'EXCHANGE_RATE_MISSING', message: 'no USD→EUR rate yet' }] });
    const plan = planSites(d, { sites: [US, DE], settings });
    expect(plan.sites.map((s) => s.site.id)).toEqual(['EBAY_US']);
    expect(plan.refused).toEqual([{ marketplaceId: 'EBAY_DE', code: 'EXCHANGE_RATE_MISSING', message: 'no USD→EUR rate yet' }]);
  });

  it('given no markets (a context built by hand) then the draft’s price serves the sites in its currency and the others are refused', () => {
    const plan = planSites(draft({ markets: undefined }), { sites: [US, DE], settings });
    expect(plan.sites.map((s) => [s.site.id, s.price, s.currency])).toEqual([['EBAY_US', '189.00', 'USD']]);
    expect(plan.refused).toEqual([{ marketplaceId: 'EBAY_DE', code: 'CURRENCY_MISMATCH', message: 'EBAY_DE sells in EUR; the listing has only a price in USD' }]);
    expect(() => planSites(draft({ markets: undefined }), { sites: [DE, GB], settings })).toThrow(PermanentError);
  });

  it('given a channel naming no site then its currency picks one (USD: eBay.com)', () => {
    expect(channelSites(undefined, null, 'USD').map((s) => s.id)).toEqual(['EBAY_US']);
    expect(channelSites([], 'EBAY_GB', 'USD').map((s) => s.id)).toEqual(['EBAY_GB']);
    expect(channelSites([DE, US], null, 'EUR').map((s) => s.id)).toEqual(['EBAY_DE', 'EBAY_US']);
  });

  it('given a price eBay cannot take then nothing is planned', () => {
    expect(() => planSites(draft({ markets: [{ ...draft().markets![0], price: '12.999' }] }), { sites: [US], settings })).toThrow(/not a price eBay takes on EBAY_US/);
  });
});

describe('eBay listings: setup per site', () => {
  it('given per-site settings, channel settings and listing attributes then each site takes the most specific', () => {
    const d = draft();
    const plan = planSites(d, { sites: [US, DE], settings });
    const setups = siteSetups(d, plan.sites, settings);
    expect(setups.get('EBAY_US')).toEqual({ categoryId: '57988', merchantLocationKey: 'WH-SHENZHEN', policies: { fulfillmentPolicyId: 'FUL-ALL', paymentPolicyId: 'PAY-US-LISTING', returnPolicyId: 'RET-ALL' } });
    expect(setups.get('EBAY_DE')).toEqual({ categoryId: '57988', merchantLocationKey: 'WH-SHENZHEN', policies: { fulfillmentPolicyId: 'FUL-DE', paymentPolicyId: 'PAY-ALL', returnPolicyId: 'RET-DE' } });
  });

  it('given a site without its policies then nothing is written and the refusal names every missing piece and where to set it', () => {
    const d = draft({ categoryId: null });
    const plan = planSites(d, { sites: [US, DE], settings });
    try {
      siteSetups(d, plan.sites, { fulfillmentPolicyId: 'F' });
      throw new Error('expected a refusal');
    } catch (e) {
      expect(e).toBeInstanceOf(PermanentError);
      expect(e).toMatchObject({ code: 'LISTING_SETUP_MISSING' });
      const message = (e as Error).message;
      expect(message).toContain('EBAY_US: categoryId');
      expect(message).toContain('returnPolicyId (setting returnPolicyId.EBAY_DE or returnPolicyId)');
      expect(message).toContain('merchantLocationKey (setting)');
    }
  });
});

describe('eBay listings: the bodies sent', () => {
  it('given a draft then the inventory item is whole: quantity, condition, title and description in the first site’s language, aspects, https images, GTIN', () => {
    const d = draft();
    const item = inventoryItemBody(d, planSites(d, { sites: [US, DE], settings }), settings);
    expect(item).toEqual({
      availability: { shipToLocationAvailability: { quantity: 7 } },
      condition: 'NEW_OTHER',
      product: {
        title: 'Wool overcoat, green',
        description: '<p>Pure new wool.</p>',
        aspects: { Brand: ['Fine Tailoring'], Material: ['Wool', 'Cashmere'], Size: ['52'] },
        imageUrls: ['https://img.example.com/coat-1.jpg'],
        ean: ['4006381333931'],
      },
    });
  });

  it('given a SKU of a variation group then its option values are aspects, overriding an attribute of the same name', () => {
    const d = draft({ options: [{ name: 'Size', value: '54' }, { name: 'Colour', value: 'Green' }] });
    const item = inventoryItemBody(d, planSites(d, { sites: [US], settings }), settings) as { product: { aspects: Record<string, string[]> } };
    expect(item.product.aspects).toMatchObject({ Size: ['54'], Colour: ['Green'] });
  });

  it('given a title over 80 characters then it is refused before anything is sent', () => {
    const d = draft({ markets: [{ ...draft().markets![0], title: 'x'.repeat(81) }] });
    expect(() => inventoryItemBody(d, planSites(d, { sites: [US], settings }), settings)).toThrow(/at most 80 characters/);
  });

  it('given a site then createOffer carries the keys and updateOffer does not; price, policies and description are the site’s', () => {
    const d = draft();
    const plan = planSites(d, { sites: [US, DE], settings });
    const de = plan.sites[1];
    const setup = siteSetups(d, plan.sites, settings).get('EBAY_DE')!;
    const create = offerBody(d, de, setup, { keys: true, description: de.description });
    expect(create).toEqual({
      sku: 'COAT-GRN-52',
      marketplaceId: 'EBAY_DE',
      format: 'FIXED_PRICE',
      availableQuantity: 7,
      categoryId: '57988',
      merchantLocationKey: 'WH-SHENZHEN',
      listingDuration: 'GTC',
      listingPolicies: { fulfillmentPolicyId: 'FUL-DE', paymentPolicyId: 'PAY-ALL', returnPolicyId: 'RET-DE' },
      pricingSummary: { price: { value: '174.90', currency: 'EUR' } },
      listingDescription: '<p>Reine Schurwolle. Größe 52.</p>',
    });
    const update = offerBody(d, de, setup, { keys: false, description: de.description });
    expect(Object.keys(update)).not.toEqual(expect.arrayContaining(['sku']));
    expect(update).not.toHaveProperty('marketplaceId');
    expect(update).not.toHaveProperty('format');
    expect(update).toMatchObject({ pricingSummary: { price: { value: '174.90', currency: 'EUR' } } });
  });

  it('given a product in two colours then the group is whole: members, what it varies by, the common aspects, its text in the language asked for', () => {
    const group: ListingGroup = {
      key: 'PRODUCT-42',
      title: 'Wool overcoat',
      description: 'Pure new wool.',
      locale: 'en-US',
      translations: [{ locale: 'de-DE', title: 'Wollmantel', description: 'Reine Schurwolle.' }],
      imageUrls: ['https://img.example.com/coat.jpg'],
      options: [{ name: 'Colour', values: ['Green', 'Grey'] }],
      skus: ['COAT-GRN', 'COAT-GRY'],
    };
    const drafts = [
      draft({ sku: 'COAT-GRN', options: [{ name: 'Colour', value: 'Green' }], attributes: { Brand: 'Fine Tailoring', Colour: 'Green' } }),
      draft({ sku: 'COAT-GRY', options: [{ name: 'Colour', value: 'Grey' }], attributes: { Brand: 'Fine Tailoring', Colour: 'Grey' } }),
    ];
    expect(groupBody(group, drafts, 'en-US', group.skus)).toEqual({
      inventoryItemGroupKey: 'PRODUCT-42',
      title: 'Wool overcoat',
      description: 'Pure new wool.',
      variantSKUs: ['COAT-GRN', 'COAT-GRY'],
      variesBy: { aspectsImageVariesBy: ['Colour'], specifications: [{ name: 'Colour', values: ['Green', 'Grey'] }] },
      aspects: { Brand: ['Fine Tailoring'] },
      imageUrls: ['https://img.example.com/coat.jpg'],
    });
    expect(groupBody(group, drafts, 'de-DE', group.skus)).toMatchObject({ title: 'Wollmantel', description: 'Reine Schurwolle.' });
  });
});
