import fs from 'node:fs';
import path from 'node:path';
import type { ListingDraft } from '../sdk/types';
import { planProduct } from './listing';
import {
  chunkProductUpdates,
  fulfilParams,
  idNumber,
  inventoryParams,
  orderDetailParams,
  orderListParams,
  priceParams,
  productEditParams,
  productPostParams,
  wireParams,
} from './requests';

/**
 * Every request builder checked, field by field, against AliExpress's own method metadata
 * (../shared/marketplaces/specs/aliexpress-top-metadata): no name the method does not take, every
 * name it requires, and each value of the type it declares (Number, String, Boolean, a DTO, a list).
 */

interface MetaParam {
  name: string;
  type: string;
  required?: boolean;
  subParams?: MetaParam[];
}

// The repository's vendored copy of the official metadata (unchanged: simulator.test.ts compares it
// with ../shared/marketplaces/specs/aliexpress-top-metadata wherever that reference is checked out).
const METADATA_DIR = path.join(__dirname, 'simulator', 'metadata');

function requestParams(method: string): MetaParam[] {
  const file = path.join(METADATA_DIR, `${method.replace(/\./g, '_')}.json`);
  const meta = JSON.parse(fs.readFileSync(file, 'utf8')) as { name: string; requestParams: MetaParam[] };
  expect(meta.name).toBe(method);
  return meta.requestParams;
}

/** What is wrong with `value` as the metadata types it; empty when nothing. */
function check(value: unknown, params: MetaParam[], at: string): string[] {
  const problems: string[] = [];
  if (!value || typeof value !== 'object' || Array.isArray(value)) return [`${at || 'the request'} is not an object`];
  const obj = value as Record<string, unknown>;
  for (const key of Object.keys(obj)) {
    if (obj[key] === undefined) continue;
    const spec = params.find((p) => p.name === key);
    if (!spec) problems.push(`${at}${key} is not a parameter of the method`);
    else problems.push(...checkType(obj[key], spec, `${at}${key}`));
  }
  for (const p of params) if (p.required && obj[p.name] === undefined) problems.push(`${at}${p.name} is required and missing`);
  return problems;
}

function checkType(value: unknown, spec: MetaParam, at: string): string[] {
  const type = spec.type.replace(/\s+/g, '');
  if (type.endsWith('[]')) {
    if (!Array.isArray(value)) return [`${at} should be a list (${spec.type})`];
    const element = { ...spec, type: type.slice(0, -2) };
    return value.flatMap((v, i) => checkType(v, element, `${at}[${i}]`));
  }
  switch (type) {
    case 'String':
    case 'Date':
      return typeof value === 'string' ? [] : [`${at} should be ${type}, is ${typeof value}`];
    case 'Number':
      return typeof value === 'bigint' || (typeof value === 'number' && Number.isFinite(value)) ? [] : [`${at} should be a Number, is ${typeof value}`];
    case 'Boolean':
      return typeof value === 'boolean' ? [] : [`${at} should be a Boolean, is ${typeof value}`];
    default:
      return check(value, spec.subParams ?? [], `${at}.`);
  }
}

const CURRENCY = 'USD';
const draft = (sku: string, options: { name: string; value: string }[], extra: Partial<ListingDraft> = {}): ListingDraft => ({
  sku,
  title: '男士修身西装',
  description: '羊毛混纺',
  locale: 'zh-CN',
  translations: [
    { locale: 'zh-CN', title: '男士修身西装', description: '羊毛混纺' },
    { locale: 'en-US', title: "Men's Slim Fit Suit", description: 'Wool blend.\n\nDry clean only.' },
    { locale: 'ru-RU', title: 'Мужской приталенный костюм', description: 'Шерсть.' },
  ],
  categoryId: '200000555',
  price: '129.00',
  salePrice: '99.00',
  currency: CURRENCY,
  quantity: 7,
  imageUrls: ['https://cdn.example.com/suit-front.jpg', 'https://cdn.example.com/suit-back.jpg'],
  options,
  barcode: '6901234567892',
  attributes: { brandValueId: '201512802', freightTemplateId: '1010', shippingLeadTime: '3', weight: '1.2', packageLength: '40', packageWidth: '30', packageHeight: '8', Material: 'Wool' },
  ...extra,
});

/** A post request as the connector builds it for a two-SKU product, with photo-bank URLs for its images. */
function builtProduct() {
  const drafts = [draft('SUIT-001-BLK-50', [{ name: 'Color', value: 'Black' }, { name: 'Size', value: '50' }], { imageUrls: ['https://cdn.example.com/suit-black.jpg'] }), draft('SUIT-001-BLK-52', [{ name: 'Color', value: 'Black' }, { name: 'Size', value: '52' }])];
  const plan = planProduct(drafts, null, { locales: ['en-US', 'ru-RU'], settings: {}, currency: CURRENCY });
  return plan.build(new Map(plan.imageSources.map((s, i) => [s, `https://ae01.alicdn.com/kf/S${i}.jpg`])));
}

describe('AliExpress request builders against the method metadata', () => {
  it('given an order.get query with every filter then param0 is an OrderQuery', () => {
    const params = orderListParams({
      current_page: 1,
      page_size: 50,
      modified_date_start: '2026-01-14 00:00:00',
      modified_date_end: '2026-01-15 00:00:00',
      create_date_start: '2026-01-01 00:00:00',
      create_date_end: '2026-01-15 00:00:00',
      order_status: 'FINISH',
      order_status_list: ['WAIT_SELLER_SEND_GOODS'],
      buyer_login_id: 'us1289374651abcd',
    });
    expect(check(params, requestParams('aliexpress.solution.order.get'), '')).toEqual([]);
  });

  it('given a query without current_page then the check says so (the check itself can fail)', () => {
    const broken = { param0: { page_size: 50, pageNo: 1 } };
    expect(check(broken, requestParams('aliexpress.solution.order.get'), '')).toEqual(['param0.pageNo is not a parameter of the method', 'param0.current_page is required and missing']);
  });

  it('given a 64-bit order id then param1 is an OrderDetailQuery whose id is a bare integer on the wire', () => {
    const params = orderDetailParams('8123456789012345678');
    expect(check(params, requestParams('aliexpress.solution.order.info.get'), '')).toEqual([]);
    expect(wireParams(params)).toEqual({ param1: '{"order_id":8123456789012345678}' });
  });

  it('given a fulfilment with "other" then its parameters are order.fulfill’s, required ones included', () => {
    const params = fulfilParams({ orderId: '8123456789012345678', sendType: 'part', serviceName: 'other', trackingNumber: 'RR123456789CN', trackingWebsite: 'https://track.example.com', description: 'Parcel 1 of 2' });
    expect(check(params, requestParams('aliexpress.solution.order.fulfill'), '')).toEqual([]);
    expect(params).toEqual({ out_ref: '8123456789012345678', send_type: 'part', service_name: 'other', logistics_no: 'RR123456789CN', tracking_website: 'https://track.example.com', description: 'Parcel 1 of 2' });
  });

  it('given stock for a 64-bit product then mutiple_product_update_list is the inventory DTO, the id bare on the wire', () => {
    const params = inventoryParams([{ product_id: idNumber('1005006543210987'), multiple_sku_update_list: [{ sku_code: 'SUIT-001-BLK-50', inventory: 7 }] }]);
    expect(check(params, requestParams('aliexpress.solution.batch.product.inventory.update'), '')).toEqual([]);
    expect(wireParams(params).mutiple_product_update_list).toBe('[{"product_id":1005006543210987,"multiple_sku_update_list":[{"sku_code":"SUIT-001-BLK-50","inventory":7}]}]');
  });

  it('given prices with and without a discount then the price DTO holds both, amounts as strings', () => {
    const params = priceParams([
      {
        product_id: idNumber('9223372036854775806'),
        multiple_sku_update_list: [
          { sku_code: 'A', price: '19.90', discount_price: '15.90' },
          { sku_code: 'B', price: '19.90' },
        ],
      },
    ]);
    expect(check(params, requestParams('aliexpress.solution.batch.product.price.update'), '')).toEqual([]);
    expect(wireParams(params).mutiple_product_update_list).toContain('"product_id":9223372036854775806');
    expect(wireParams(params).mutiple_product_update_list).toContain('"discount_price":"15.90"');
  });

  it('given a two-SKU product then post_product_request is a PostProductRequestDto with everything required', () => {
    expect(check(productPostParams(builtProduct()), requestParams('aliexpress.solution.product.post'), '')).toEqual([]);
  });

  it('given the same product edited then edit_product_request is the edit DTO (its SKU picture named sku_image there)', () => {
    const { language: _language, ...product } = builtProduct();
    const params = productEditParams({ ...product, product_id: idNumber('1005006543210987') });
    expect(check(params, requestParams('aliexpress.solution.product.edit'), '')).toEqual([]);
    // The second SKU has a picture of its own (the first's is the product's main one).
    const [first, second] = params.edit_product_request.sku_info_list!.map((s) => s.sku_attributes_list!);
    expect(first[0]).not.toHaveProperty('sku_image');
    expect(second[0]).toMatchObject({ sku_attribute_name: 'Color', sku_attribute_value: 'Black', sku_image: 'https://ae01.alicdn.com/kf/S1.jpg' });
    expect(wireParams(params).edit_product_request).not.toContain('sku_image_url');
  });

  it('given an edit without SKUs then the request carries none (the product keeps its own)', () => {
    const { language: _language, sku_info_list: _skus, ...product } = builtProduct();
    const params = productEditParams({ ...product, product_id: idNumber('1005006543210987') });
    expect(check(params, requestParams('aliexpress.solution.product.edit'), '')).toEqual([]);
    expect(params.edit_product_request.sku_info_list).toBeUndefined();
  });
});

describe('AliExpress batch chunking', () => {
  const skus = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);

  it('given 45 products of 3 SKUs then calls hold at most 20 products each', () => {
    const calls = chunkProductUpdates(Array.from({ length: 45 }, (_, i) => ({ productId: String(1000 + i), skus: skus(3, `P${i}`) })));
    expect(calls.map((c) => c.length)).toEqual([20, 20, 5]);
    expect(calls.flat().flatMap((e) => e.skus)).toHaveLength(135);
  });

  it('given a product of 450 SKUs then it is split into 200, 200 and 50, never twice in one call', () => {
    const calls = chunkProductUpdates([{ productId: '1', skus: skus(450, 'S') }, { productId: '2', skus: skus(5, 'T') }]);
    for (const call of calls) {
      expect(new Set(call.map((e) => e.productId)).size).toBe(call.length);
      for (const e of call) expect(e.skus.length).toBeLessThanOrEqual(200);
    }
    expect(calls.flat().filter((e) => e.productId === '1').map((e) => e.skus.length)).toEqual([200, 200, 50]);
    // Every SKU goes exactly once.
    expect(calls.flat().flatMap((e) => e.skus).sort()).toEqual([...skus(450, 'S'), ...skus(5, 'T')].sort());
    expect(calls).toHaveLength(3);
  });

  it('given smaller limits then they are kept too', () => {
    const calls = chunkProductUpdates([{ productId: 'a', skus: skus(3, 'a') }, { productId: 'b', skus: skus(1, 'b') }, { productId: 'c', skus: skus(1, 'c') }], 2, 2);
    expect(calls.map((c) => c.map((e) => `${e.productId}:${e.skus.length}`))).toEqual([['a:2', 'b:1'], ['a:1', 'c:1']]);
  });
});
