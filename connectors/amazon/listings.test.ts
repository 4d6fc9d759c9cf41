import type { ListingDraft } from '../sdk/types';
import { amazonListingDraft } from './fixtures/orders';
import {
  amazonAttribute,
  fulfillmentChannelOf,
  isBuyable,
  listingView,
  marketPrices,
  marketProblem,
  offerRemoval,
  planMarkets,
  pricePatch,
  productTypeOf,
  putBody,
  quantityPatch,
  refMarketplaces,
  refOf,
} from './listings';
import { AMAZON_MARKETPLACES, channelMarketplaces, marketplaceById } from './marketplaces';

const US = marketplaceById('ATVPDKIKX0DER')!;
const CA = marketplaceById('A2EUQ1WTGCTBG2')!;
const DE = marketplaceById('A1PA6795UKMFR9')!;
const FR = marketplaceById('A13V1IB3VIYZZH')!;

describe('Amazon listings: attributes, JSON Patch and the listing read back', () => {
  it('given a draft with a market in German then the PUT for Amazon.de carries its title, description, price and currency, tagged de_DE and A1PA6795UKMFR9', () => {
    const draft: ListingDraft = {
      ...amazonListingDraft('SUIT-1', 0),
      markets: [
        { marketplaceId: DE.id, price: '119.00', salePrice: null, currency: 'EUR', locale: 'de-DE', title: 'Herrenanzug Slim Fit', description: 'Wollmischung, zwei Knöpfe.' },
        { marketplaceId: FR.id, price: '121.50', salePrice: null, currency: 'EUR', locale: 'fr-FR', title: 'Costume homme coupe ajustée', description: null },
      ],
    };
    const plan = planMarkets(draft, [DE, FR]);
    expect(plan.refused).toEqual([]);
    const body = putBody(draft, plan.markets[0], { productType: 'SUIT', channelCode: 'DEFAULT' }) as { productType: string; requirements: string; attributes: Record<string, unknown> };
    expect(body.productType).toBe('SUIT');
    expect(body.requirements).toBe('LISTING');
    expect(body.attributes.item_name).toEqual([{ value: 'Herrenanzug Slim Fit', language_tag: 'de_DE', marketplace_id: DE.id }]);
    expect(body.attributes.product_description).toEqual([{ value: 'Wollmischung, zwei Knöpfe.', language_tag: 'de_DE', marketplace_id: DE.id }]);
    expect(body.attributes.purchasable_offer).toEqual([{ marketplace_id: DE.id, currency: 'EUR', our_price: [{ schedule: [{ value_with_tax: 119 }] }] }]);
    expect(body.attributes.fulfillment_availability).toEqual([{ fulfillment_channel_code: 'DEFAULT', quantity: 10 }]);
    expect(body.attributes.condition_type).toEqual([{ value: 'new_new', marketplace_id: DE.id }]);
    expect(body.attributes.brand).toEqual([{ value: 'Omni Tailors', language_tag: 'de_DE', marketplace_id: DE.id }]);
    expect(body.attributes.main_product_image_locator).toEqual([{ media_location: 'https://img.example.com/suit-front.jpg', marketplace_id: DE.id }]);
    expect(body.attributes.other_product_image_locator_1).toEqual([{ media_location: 'https://img.example.com/suit-back.jpg', marketplace_id: DE.id }]);
    // The listing's settings are not attributes.
    expect(body.attributes.product_type).toBeUndefined();
    const fr = putBody(draft, plan.markets[1], { productType: 'SUIT', channelCode: 'DEFAULT' }) as { attributes: Record<string, unknown> };
    expect(fr.attributes.item_name).toEqual([{ value: 'Costume homme coupe ajustée', language_tag: 'fr_FR', marketplace_id: FR.id }]);
    // The French market gives no description of its own: the draft's serves.
    expect(fr.attributes.product_description).toEqual([{ value: 'Wool blend, two buttons, fully lined.', language_tag: 'fr_FR', marketplace_id: FR.id }]);
  });

  it('given an Amazon-fulfilled SKU then its fulfilment channel is named and no quantity is ever sent', () => {
    const draft = { ...amazonListingDraft('FBA-1', 0), attributes: { product_type: 'SUIT', fulfillment_channel: 'AMAZON' } };
    expect(fulfillmentChannelOf(draft.attributes, 'NA')).toBe('AMAZON_NA');
    expect(fulfillmentChannelOf({ fulfillment_channel: 'amazon_eu' }, 'EU')).toBe('AMAZON_EU');
    expect(fulfillmentChannelOf({ fulfillment_channel: [{ value: 'DEFAULT' }] }, 'EU')).toBe('DEFAULT');
    expect(fulfillmentChannelOf(undefined, 'FE')).toBe('DEFAULT');
    const body = putBody(draft, planMarkets(draft, [US]).markets[0], { productType: 'SUIT', channelCode: 'AMAZON_NA' }) as { attributes: Record<string, unknown> };
    expect(body.attributes.fulfillment_availability).toEqual([{ fulfillment_channel_code: 'AMAZON_NA' }]);
  });

  it('given attributes as staff wrote them then each becomes Amazon’s array shape for the marketplace, and an entry for another marketplace is left to its own PUT', () => {
    expect(amazonAttribute('Acme', US.id, 'en_US')).toEqual([{ value: 'Acme', language_tag: 'en_US', marketplace_id: US.id }]);
    expect(amazonAttribute(3, US.id, 'en_US')).toEqual([{ value: 3, marketplace_id: US.id }]);
    expect(amazonAttribute(true, US.id, 'en_US')).toEqual([{ value: true, marketplace_id: US.id }]);
    expect(amazonAttribute(['Wool', 'Silk'], US.id, 'en_US')).toEqual([
      { value: 'Wool', language_tag: 'en_US', marketplace_id: US.id },
      { value: 'Silk', language_tag: 'en_US', marketplace_id: US.id },
    ]);
    expect(amazonAttribute({ value: 42, unit: 'centimeters' }, CA.id, 'en_CA')).toEqual([{ value: 42, unit: 'centimeters', marketplace_id: CA.id }]);
    const perMarket = [
      { value: 'Navy', language_tag: 'en_US', marketplace_id: US.id },
      { value: 'Marine', language_tag: 'fr_CA', marketplace_id: CA.id },
    ];
    expect(amazonAttribute(perMarket, CA.id, 'en_CA')).toEqual([{ value: 'Marine', language_tag: 'fr_CA', marketplace_id: CA.id }]);
    expect(amazonAttribute('  ', US.id, 'en_US')).toBeNull();
  });

  it('given prices and quantities to push then the JSON Patch replaces purchasable_offer per marketplace and fulfillment_availability, and a delist removes the offer', () => {
    expect(quantityPatch(7)).toEqual({ op: 'replace', path: '/attributes/fulfillment_availability', value: [{ fulfillment_channel_code: 'DEFAULT', quantity: 7 }] });
    expect(pricePatch([{ marketplaceId: US.id, currency: 'USD', price: '19.99' }, { marketplaceId: CA.id, currency: 'CAD', price: '26.50' }])).toEqual({
      op: 'replace',
      path: '/attributes/purchasable_offer',
      value: [
        { marketplace_id: US.id, currency: 'USD', our_price: [{ schedule: [{ value_with_tax: 19.99 }] }] },
        { marketplace_id: CA.id, currency: 'CAD', our_price: [{ schedule: [{ value_with_tax: 26.5 }] }] },
      ],
    });
    expect(offerRemoval(US.id)).toEqual({ op: 'delete', path: '/attributes/purchasable_offer', value: [{ marketplace_id: US.id }] });
  });

  it('given a price update with or without markets then each marketplace gets its own price in its currency, and a price in the wrong currency is refused', () => {
    expect(marketPrices({ price: '10.00', currency: 'USD', markets: [{ marketplaceId: US.id, price: '10.00', salePrice: null, currency: 'USD' }, { marketplaceId: CA.id, price: '13.70', salePrice: null, currency: 'CAD' }] }, [US, CA])).toEqual({
      prices: [
        { marketplaceId: US.id, currency: 'USD', price: '10.00' },
        { marketplaceId: CA.id, currency: 'CAD', price: '13.70' },
      ],
      problems: [],
    });
    // A marketplace the engine could not price (no rate yet) keeps its price.
    expect(marketPrices({ price: '10.00', currency: 'USD', markets: [{ marketplaceId: US.id, price: '10.00', salePrice: null, currency: 'USD' }] }, [US, CA]).prices).toHaveLength(1);
    expect(marketPrices({ price: '10.00', currency: 'USD' }, [US, CA]).problems).toEqual([{ code: 'CURRENCY_MISMATCH', message: 'Amazon.ca (Canada) sells in CAD, not USD' }]);
    expect(marketPrices({ price: '10.005', currency: 'USD' }, [US]).problems[0].code).toBe('INVALID_PRICE');
  });

  it('given a draft without markets on a channel of two currencies then it lists where its currency sells and refuses the rest; a bad price or no title is caught before sending', () => {
    const plan = planMarkets(amazonListingDraft('S', 0), [US, CA]);
    expect(plan.markets.map((m) => m.marketplace.id)).toEqual([US.id]);
    expect(plan.refused).toEqual([{ marketplaceId: CA.id, code: 'CURRENCY_MISMATCH', message: 'Amazon.ca (Canada) sells in CAD; the listing has only a price in USD' }]);
    const [m] = plan.markets;
    expect(marketProblem(m)).toBeNull();
    expect(marketProblem({ ...m, price: '0' })?.code).toBe('INVALID_PRICE');
    expect(marketProblem({ ...m, title: ' ' })?.code).toBe('TITLE_REQUIRED');
  });

  it('given the product type from the listing, the channel or neither then the most specific wins', () => {
    expect(productTypeOf({ attributes: { product_type: 'luggage' } }, { productType: 'SHOES' })).toBe('LUGGAGE');
    expect(productTypeOf({ attributes: { product_type: [{ value: 'SHIRT' }] } }, {})).toBe('SHIRT');
    expect(productTypeOf({ attributes: {} }, { productType: 'SHOES' })).toBe('SHOES');
    expect(productTypeOf({}, {})).toBe('PRODUCT');
  });

  it('given a listings item as getListingsItem answers it then each marketplace’s status, price, quantity and issues are read', () => {
    const item = {
      sku: 'SUIT-1',
      summaries: [
        { marketplaceId: US.id, asin: 'B0SUIT0001', productType: 'SUIT', status: ['BUYABLE', 'DISCOVERABLE'], createdDate: '2026-01-01T00:00:00Z', lastUpdatedDate: '2026-01-02T00:00:00Z' },
        { marketplaceId: CA.id, asin: 'B0SUIT0001', productType: 'SUIT', status: [], createdDate: '2026-01-01T00:00:00Z', lastUpdatedDate: '2026-01-02T00:00:00Z' },
      ],
      offers: [{ marketplaceId: US.id, offerType: 'B2C', price: { currencyCode: 'USD', amount: '129.00' } }],
      fulfillmentAvailability: [{ fulfillmentChannelCode: 'DEFAULT', quantity: 12 }],
      issues: [{ code: '90244', message: 'Wrong currency', severity: 'ERROR', categories: ['INVALID_PRICE'], marketplaceIds: [CA.id] }],
      attributes: { purchasable_offer: [{ marketplace_id: CA.id, currency: 'CAD', our_price: [{ schedule: [{ value_with_tax: 170.5 }] }] }] },
    };
    const us = listingView(item, US.id);
    expect(us).toMatchObject({ exists: true, price: '129.00', currency: 'USD', quantity: 12, channelCode: 'DEFAULT', asin: 'B0SUIT0001', issues: [] });
    expect(isBuyable(us)).toBe(true);
    const ca = listingView(item, CA.id);
    expect(ca).toMatchObject({ exists: true, price: '170.5', currency: 'CAD', issues: [expect.objectContaining({ code: '90244' })] });
    expect(isBuyable(ca)).toBe(false);
    expect(listingView(null, US.id)).toMatchObject({ exists: false, price: null, quantity: null });
  });

  it('given a ref then it is the seller SKU with the marketplaces, product type and fulfilment channel it was written with', () => {
    const ref = refOf('SUIT-1', { marketplaces: [US.id, CA.id], productType: 'SUIT', fulfillment: 'DEFAULT', asin: 'B0SUIT0001' });
    expect(ref).toEqual({ sku: 'SUIT-1', itemId: 'SUIT-1', skuId: null, extra: { marketplaces: `${US.id},${CA.id}`, productType: 'SUIT', fulfillment: 'DEFAULT', asin: 'B0SUIT0001' } });
    expect(refMarketplaces(ref)).toEqual([US.id, CA.id]);
    expect(refMarketplaces({ sku: 'x', itemId: 'x' })).toEqual([]);
  });

  it('given a channel’s marketplaces then they must be in one region, and the region setting must agree', () => {
    const info = (id: string) => AMAZON_MARKETPLACES.find((m) => m.id === id)!;
    expect(channelMarketplaces({ marketplaces: [info(US.id), info(CA.id)] })).toMatchObject({ ok: true, region: 'NA' });
    expect(channelMarketplaces({ marketplaces: [info(US.id), info(DE.id)] })).toMatchObject({ ok: false, code: 'MARKETPLACES_MIXED_REGIONS', message: expect.stringContaining('one region') });
    expect(channelMarketplaces({ marketplaces: [info(DE.id)], regionSetting: 'NA' })).toMatchObject({ ok: false, code: 'REGION_MISMATCH' });
    expect(channelMarketplaces({ marketplaces: [info(DE.id)], regionSetting: 'Mars' })).toMatchObject({ ok: false, code: 'REGION_INVALID' });
    expect(channelMarketplaces({ marketplaceId: 'A1VC38T7YXB528' })).toMatchObject({ ok: true, region: 'FE', marketplaces: [expect.objectContaining({ currency: 'JPY', locale: 'ja_JP' })] });
    expect(channelMarketplaces({ currency: 'GBP' })).toMatchObject({ ok: true, region: 'EU', marketplaces: [expect.objectContaining({ id: 'A1F83G8C2ARO7P' })] });
  });
});
