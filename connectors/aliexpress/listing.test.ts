import { PermanentError } from '../sdk/errors';
import type { ListingDraft, ListingGroup } from '../sdk/types';
import { aeLanguage, BRAND_ATTRIBUTE_ID, planProduct, webDetail } from './listing';
import { forgetUploads, imageFileName, isAliExpressImage, photobankUrls } from './media';

const ATTRS = { brandValueId: '201512802', freightTemplateId: '1010', shippingLeadTime: '3', weight: '1.2', packageLength: '40', packageWidth: '30', packageHeight: '8' };

function draft(sku: string, extra: Partial<ListingDraft> = {}): ListingDraft {
  return {
    sku,
    title: '男士修身西装',
    description: '羊毛混纺',
    locale: 'zh-CN',
    translations: [
      { locale: 'zh-CN', title: '男士修身西装', description: '羊毛混纺' },
      { locale: 'en-GB', title: "Men's Slim Fit Suit", description: 'Wool blend.\n\nDry clean only.\nHang dry < 40°C & iron low.' },
      { locale: 'ru-RU', title: 'Мужской приталенный костюм', description: null },
    ],
    categoryId: '200000555',
    price: '129.00',
    salePrice: null,
    currency: 'USD',
    quantity: 7,
    imageUrls: ['https://cdn.example.com/suit.jpg'],
    attributes: { ...ATTRS },
    ...extra,
  };
}

const ctx = (locales = ['en-US', 'ru-RU', 'de-DE'], settings: Record<string, string> = {}) => ({ locales, settings, currency: 'USD' });
const photobank = (sources: string[]) => new Map(sources.map((s, i) => [s, `https://ae01.alicdn.com/kf/H${i}.jpg`]));

function refusal(fn: () => unknown): PermanentError {
  try {
    fn();
  } catch (e) {
    if (e instanceof PermanentError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('AliExpress product requests from our listings', () => {
  describe('given one SKU with texts in Chinese, British English and Russian, on a channel listing in en-US, ru-RU and de-DE', () => {
    const plan = planProduct([draft('SUIT-001-BLK-50', { salePrice: '99.00' })], null, ctx());
    const dto = plan.build(photobank(plan.imageSources));

    it('then English is the main language, with a subject per language the product has (German is left to AliExpress)', () => {
      expect(dto.language).toBe('en');
      expect(dto.multi_language_subject_list).toEqual([
        { language: 'en', subject: "Men's Slim Fit Suit" },
        { language: 'ru', subject: 'Мужской приталенный костюм' },
      ]);
      expect(dto.multi_language_description_list).toEqual([{ language: 'en', web_detail: webDetail('Wool blend.\n\nDry clean only.\nHang dry < 40°C & iron low.') }]);
    });

    it('then the description is AliExpress’s detail JSON with the text as escaped HTML paragraphs', () => {
      expect(JSON.parse(dto.multi_language_description_list![0].web_detail!)).toEqual({ version: '2.0.0', moduleList: [{ type: 'html', html: { content: '<p>Wool blend.</p><p>Dry clean only.<br/>Hang dry &lt; 40°C &amp; iron low.</p>' } }] });
    });

    it('then the SKU carries its code, price, discount price and stock, and the brand is attribute 2', () => {
      expect(dto.sku_info_list).toEqual([{ sku_code: 'SUIT-001-BLK-50', price: '129.00', discount_price: '99.00', inventory: 7 }]);
      expect(dto.attribute_list[0]).toEqual({ aliexpress_attribute_name_id: BRAND_ATTRIBUTE_ID, aliexpress_attribute_value_id: 201512802 });
    });

    it('then the images are the photo bank’s, and the product values come from the listing’s attributes', () => {
      expect(plan.imageSources).toEqual(['https://cdn.example.com/suit.jpg']);
      expect(dto.main_image_urls_list).toEqual(['https://ae01.alicdn.com/kf/H0.jpg']);
      expect(dto).toMatchObject({
        aliexpress_category_id: 200000555,
        freight_template_id: 1010,
        shipping_lead_time: 3,
        service_policy_id: 0,
        weight: '1.2',
        package_length: 40,
        package_width: 30,
        package_height: 8,
        product_unit: 100000015,
        inventory_deduction_strategy: 'payment_success_deduct',
      });
    });
  });

  it('given the product values only as channel settings and the brand only as a name then they are used', () => {
    const settings = { ...ATTRS, brandValueId: '', brandName: 'Hangzhou Tailor' };
    const plan = planProduct([draft('S', { attributes: {} })], null, ctx(['en-US'], settings));
    const dto = plan.build(photobank(plan.imageSources));
    expect(dto.attribute_list).toEqual([{ aliexpress_attribute_name_id: BRAND_ATTRIBUTE_ID, attribute_value: 'Hangzhou Tailor' }]);
    expect(dto.freight_template_id).toBe(1010);
  });

  it('given a listing missing what AliExpress requires then one refusal names all of it, before any upload', () => {
    const e = refusal(() => planProduct([draft('S', { attributes: {}, categoryId: null })], null, ctx(['en-US'])));
    expect(e.code).toBe('LISTING_FIELDS_MISSING');
    for (const name of ['categoryId', 'brandValueId or brandName', 'freightTemplateId', 'shippingLeadTime', 'packageLength', 'weight']) expect(e.message).toContain(name);
  });

  it('given no text in the channel’s main language then the listing fails alone with MISSING_TRANSLATION', () => {
    const zhOnly = draft('S', { translations: [{ locale: 'zh-CN', title: '男士修身西装' }] });
    expect(refusal(() => planProduct([zhOnly], null, ctx(['en-US']))).code).toBe('MISSING_TRANSLATION');
    // A Chinese-only channel is not something AliExpress takes.
    expect(refusal(() => planProduct([zhOnly], null, ctx(['zh-CN']))).code).toBe('LOCALE_UNSUPPORTED');
  });

  it.each([
    ['a sale price not below the price', { salePrice: '129.00' }, 'INVALID_SALE_PRICE'],
    ['a price with fractions of a cent', { price: '12.999' }, 'INVALID_PRICE'],
    ['another currency than the channel', { currency: 'EUR' }, 'CURRENCY_MISMATCH'],
    ['no image', { imageUrls: [] }, 'IMAGES_REQUIRED'],
    ['a title over 218 characters', { translations: [{ locale: 'en-US', title: 'x'.repeat(219) }] }, 'SUBJECT_TOO_LONG'],
    ['stock over 999999', { quantity: 1_000_000 }, 'INVALID_QUANTITY'],
  ] as const)('given %s then AliExpress’s refusal is ours, before any call', (_what, change, code) => {
    expect(refusal(() => planProduct([draft('S', change as Partial<ListingDraft>)], null, ctx(['en-US']))).code).toBe(code);
  });

  describe('given a product of two SKUs as a variation group with attribute ids for one axis', () => {
    const group: ListingGroup = {
      key: 'product-42',
      title: '男士修身西装',
      locale: 'zh-CN',
      translations: [{ locale: 'en-US', title: "Men's Slim Fit Suit" }],
      imageUrls: ['https://cdn.example.com/suit-front.jpg', 'https://ae01.alicdn.com/kf/Already.jpg'],
      options: [
        { name: 'Color', values: ['Black'] },
        { name: 'Size', values: ['50', '52'] },
      ],
      skus: ['SUIT-001-BLK-50', 'SUIT-001-BLK-52'],
    };
    const skuIds = { skuAttributeIds: '{"Color": 14}', skuValueIds: '{"Color:Black": 193}' };
    const drafts = ['50', '52'].map((size) =>
      draft(`SUIT-001-BLK-${size}`, {
        group,
        options: [{ name: 'Color', value: 'Black' }, { name: 'Size', value: size }],
        imageUrls: size === '52' ? ['https://cdn.example.com/suit-52.jpg'] : undefined,
        attributes: { ...ATTRS, ...skuIds },
      }),
    );
    const plan = planProduct(drafts, group, ctx(['en-US']));
    const dto = plan.build(photobank(plan.imageSources));

    it('then the subject is the group’s and every SKU carries its option values', () => {
      expect(dto.multi_language_subject_list).toEqual([{ language: 'en', subject: "Men's Slim Fit Suit" }]);
      expect(dto.sku_info_list.map((s) => s.sku_attributes_list)).toEqual([
        [{ sku_attribute_name_id: 14, sku_attribute_value_id: 193, sku_attribute_value: 'Black' }, { sku_attribute_name: 'Size', sku_attribute_value: '50' }],
        [{ sku_attribute_name_id: 14, sku_attribute_value_id: 193, sku_attribute_value: 'Black', sku_image_url: 'https://ae01.alicdn.com/kf/H2.jpg' }, { sku_attribute_name: 'Size', sku_attribute_value: '52' }],
      ]);
    });

    it('then the group’s images and a SKU’s own picture go to the photo bank', () => {
      expect(plan.imageSources).toEqual(['https://cdn.example.com/suit-front.jpg', 'https://ae01.alicdn.com/kf/Already.jpg', 'https://cdn.example.com/suit-52.jpg']);
      expect(dto.main_image_urls_list).toEqual(['https://ae01.alicdn.com/kf/H0.jpg', 'https://ae01.alicdn.com/kf/H1.jpg']);
    });

    it('then a SKU without option values is refused: AliExpress could not tell the SKUs apart', () => {
      const bare = drafts.map((d) => ({ ...d, options: [] }));
      expect(refusal(() => planProduct(bare, group, ctx(['en-US']))).code).toBe('OPTIONS_REQUIRED');
    });
  });

  it('given locales then AliExpress’s own language codes are used', () => {
    expect(['en-US', 'pt-BR', 'he-IL', 'id-ID', 'zh-CN'].map(aeLanguage)).toEqual(['en', 'pt', 'iw', 'in', null]);
  });
});

describe('AliExpress photo bank', () => {
  beforeEach(() => forgetUploads());

  it('given images on AliExpress’s hosts and elsewhere then only the others are uploaded, each once per seller', async () => {
    const uploads: string[] = [];
    const read = async (url: string) => ({ bytes: Buffer.from(`bytes of ${url}`) });
    const upload = async (name: string, bytes: Buffer) => {
      uploads.push(`${name}:${bytes.length}`);
      return `https://ae01.alicdn.com/kf/U${uploads.length}.jpg`;
    };
    const sources = ['https://cdn.example.com/a/suit.jpg', '//ae01.alicdn.com/kf/Old.jpg', 'https://cdn.example.com/a/suit.jpg'];
    const first = await photobankUrls(sources, 'seller-1', read, upload);
    expect([...first]).toEqual([
      ['https://cdn.example.com/a/suit.jpg', 'https://ae01.alicdn.com/kf/U1.jpg'],
      ['//ae01.alicdn.com/kf/Old.jpg', 'https://ae01.alicdn.com/kf/Old.jpg'],
    ]);
    await photobankUrls(sources, 'seller-1', read, upload);
    expect(uploads).toEqual(['suit.jpg:43']);
    // Another seller has a photo bank of its own.
    await photobankUrls(sources, 'seller-2', read, upload);
    expect(uploads).toHaveLength(2);
  });

  it('given an empty image then it is refused rather than uploaded', async () => {
    await expect(photobankUrls(['https://cdn.example.com/x.png'], 's', async () => ({ bytes: Buffer.alloc(0) }), async () => 'never')).rejects.toMatchObject({ code: 'IMAGE_UNREADABLE' });
  });

  it('given URLs then AliExpress hosts are recognised and file names are kept or made', () => {
    expect(isAliExpressImage('https://ae-pic-a1.aliexpress-media.com/kf/S1.jpg')).toBe(true);
    expect(isAliExpressImage('https://alicdn.com.evil.example/kf/S1.jpg')).toBe(false);
    expect(imageFileName('https://cdn.example.com/p/%E8%A5%BF%E8%A3%85.jpg')).toMatch(/^[0-9a-f]{16}\.jpg$/);
    expect(imageFileName('https://cdn.example.com/p/suit-front.JPG')).toBe('suit-front.JPG');
    expect(imageFileName('data:image/png;base64,iVBORw0KGgo=')).toMatch(/^[0-9a-f]{16}\.png$/);
  });
});
