import { PermanentError } from '../sdk/errors';
import type { AttributeValue, ListingDraft, ListingGroup, ListingText } from '../sdk/types';
import { compareAmounts, isPriceIn } from './money';
import type { PostProductRequest, ProductAttribute, SingleLanguageDescription, SingleLanguageTitle, SkuAttribute, SkuInfo } from './requests';

/**
 * Our listing drafts as AliExpress's product request (`PostProductRequestDto`, [M]). Pure: the
 * plan checks everything it can before any call (so a listing missing its brand costs no image
 * upload), names the images to put in the photo bank, and builds the request once their
 * photo-bank URLs are known.
 *
 * Product-level values AliExpress requires and our catalogue does not hold come from the
 * listing's attributes (staff's `attributeList`), else from the channel's settings of the same
 * name: the category (`categoryId`), the brand (`brandValueId` or `brandName`, attribute 2,
 * mandatory since 2021-10-15), the freight template, service policy, shipping lead time, weight
 * and package size.
 */

/** AliExpress's brand attribute (`aliexpress_attribute_name_id=2`, [S] change log). */
export const BRAND_ATTRIBUTE_ID = 2;
/** `piece/pieces` ([M] product_unit): what our SKUs are counted in. */
export const PIECE_UNIT = 100000015;
/** The languages product texts may be in ([M] `language`): AliExpress's codes, Hebrew `iw` and Indonesian `in` among them. */
const AE_LANGUAGES = new Set(['en', 'ru', 'es', 'fr', 'it', 'tr', 'pt', 'de', 'nl', 'in', 'ar', 'ja', 'ko', 'th', 'vi', 'iw']);
const LANGUAGE_ALIASES: Record<string, string> = { he: 'iw', id: 'in' };
const MAX_SUBJECT = 218;
const MAX_MAIN_IMAGES = 6;
const MAX_INVENTORY = 999_999;

/** The product-level values a listing needs, by attribute / setting name (snake_case accepted too). */
const PRODUCT_FIELDS = ['freightTemplateId', 'servicePolicyId', 'shippingLeadTime', 'weight', 'packageLength', 'packageWidth', 'packageHeight'] as const;
/** Attribute names the connector reads itself; any other text attribute goes to AliExpress as a custom attribute. */
const RESERVED = new Set([
  ...PRODUCT_FIELDS,
  'categoryId', 'brandValueId', 'brandName', 'brand', 'productUnit', 'sizeChartId', 'inventoryDeductionStrategy', 'aeAttributes', 'skuAttributeIds', 'skuValueIds', 'productId', 'locales', 'photobankGroupId',
].flatMap((n) => [n, snake(n)]));

function snake(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** The AliExpress language of a BCP 47 locale (en-US → en, he-IL → iw); null when AliExpress has none. */
export function aeLanguage(locale: string): string | null {
  const lang = locale.trim().split(/[-_]/)[0].toLowerCase();
  const code = LANGUAGE_ALIASES[lang] ?? lang;
  return AE_LANGUAGES.has(code) ? code : null;
}

export interface ListingContext {
  /** The channel's locales, its main one first (en-US unless the channel says). */
  locales: string[];
  settings: Record<string, string>;
  /** The channel's currency: AliExpress prices a seller's products in one currency. */
  currency: string;
}

/** What publishing a product needs: the images to put in the photo bank, and how to build the request once they are there. */
export interface ProductPlan {
  imageSources: string[];
  build(images: Map<string, string>): PostProductRequest;
}

function refuse(code: string, message: string): PermanentError {
  return new PermanentError({ code, message, operation: 'listings' });
}

/** A listing attribute, else the channel setting, as text. */
function valueOf(drafts: ListingDraft[], settings: Record<string, string>, name: string): string | null {
  for (const d of drafts) {
    for (const key of [name, snake(name)]) {
      const v = d.attributes?.[key];
      if (typeof v === 'string' && v.trim()) return v.trim();
      if (typeof v === 'number' && Number.isFinite(v)) return String(v);
    }
  }
  const s = settings[name] ?? settings[snake(name)];
  return typeof s === 'string' && s.trim() ? s.trim() : null;
}

function attributeOf(drafts: ListingDraft[], name: string): AttributeValue | undefined {
  for (const d of drafts) for (const key of [name, snake(name)]) if (d.attributes?.[key] !== undefined) return d.attributes[key];
  return undefined;
}

const positiveInt = (v: string | null): number | null => (v !== null && /^\d{1,15}$/.test(v) && Number(v) > 0 ? Number(v) : null);
const nonNegativeInt = (v: string | null): number | null => (v !== null && /^\d{1,15}$/.test(v) ? Number(v) : null);

/** The texts a product has, by locale: the translations, and the draft's own title in its locale. */
function textsOf(draft: ListingDraft, group: ListingGroup | null): ListingText[] {
  const texts = [...(group?.translations ?? draft.translations ?? [])];
  const own = group ? { locale: group.locale, title: group.title, description: group.description ?? null } : { locale: draft.locale ?? '', title: draft.title, description: draft.description ?? null };
  if (own.locale && own.title && !texts.some((t) => t.locale.toLowerCase() === own.locale.toLowerCase())) texts.push(own);
  return texts.filter((t) => t.title?.trim());
}

function textIn(texts: ListingText[], locale: string): ListingText | null {
  const exact = texts.find((t) => t.locale.toLowerCase() === locale.toLowerCase());
  if (exact) return exact;
  const lang = aeLanguage(locale);
  return texts.filter((t) => aeLanguage(t.locale) === lang).sort((a, b) => a.locale.localeCompare(b.locale))[0] ?? null;
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * A description as AliExpress's detail: the "module" JSON of docId=109534 with one html module
 * [U: the format is referred to, not reproduced, by the metadata]. Plain text becomes paragraphs.
 */
export function webDetail(description: string): string {
  const html = /<[a-z][\s\S]*>/i.test(description)
    ? description
    : description
        .split(/\n{2,}/)
        .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br/>')}</p>`)
        .join('');
  return JSON.stringify({ version: '2.0.0', moduleList: [{ type: 'html', html: { content: html } }] });
}

/** Multi-language subjects and descriptions for the channel's locales; the main one is required. */
export function languageTexts(draft: ListingDraft, group: ListingGroup | null, locales: string[]): { language: string; subjects: SingleLanguageTitle[]; descriptions: SingleLanguageDescription[] } {
  const wanted = (locales.length ? locales : ['en-US']).filter((l) => aeLanguage(l));
  if (!wanted.length) throw refuse('LOCALE_UNSUPPORTED', `AliExpress takes product texts in ${[...AE_LANGUAGES].join(', ')}; the channel lists in ${locales.join(', ')}`);
  const texts = textsOf(draft, group);
  const language = aeLanguage(wanted[0])!;
  const subjects: SingleLanguageTitle[] = [];
  const descriptions: SingleLanguageDescription[] = [];
  for (const locale of wanted) {
    const lang = aeLanguage(locale)!;
    if (subjects.some((s) => s.language === lang)) continue;
    const t = textIn(texts, locale);
    if (!t) {
      // AliExpress translates from the main language; a missing extra language is left to it.
      if (lang === language) throw refuse('MISSING_TRANSLATION', `${draft.sku}: no title in ${wanted[0]}, the channel's main language; add the product's ${wanted[0]} text (setProductTranslations)`);
      continue;
    }
    const subject = t.title.trim();
    if ([...subject].length > MAX_SUBJECT) throw refuse('SUBJECT_TOO_LONG', `${draft.sku}: the ${t.locale} title has ${[...subject].length} characters; AliExpress takes at most ${MAX_SUBJECT}`);
    subjects.push({ language: lang, subject });
    if (t.description?.trim()) descriptions.push({ language: lang, web_detail: webDetail(t.description.trim()) });
  }
  return { language, subjects, descriptions };
}

/** Staff's own AliExpress attributes (`aeAttributes`: a list of AttributeDto), checked field by field. */
function explicitAttributes(value: AttributeValue | undefined): ProductAttribute[] {
  if (value === undefined) return [];
  let list: unknown = value;
  if (typeof value === 'string') {
    try {
      list = JSON.parse(value);
    } catch {
      throw refuse('INVALID_ATTRIBUTE', 'aeAttributes must be a list of {aliexpress_attribute_name_id, aliexpress_attribute_value_id | attribute_value} or {attribute_name, attribute_value}');
    }
  }
  if (!Array.isArray(list)) throw refuse('INVALID_ATTRIBUTE', 'aeAttributes must be a list');
  return list.map((raw, i) => {
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw refuse('INVALID_ATTRIBUTE', `aeAttributes[${i}] is not an object`);
    const a = raw as Record<string, unknown>;
    const out: ProductAttribute = {};
    const id = (k: 'aliexpress_attribute_name_id' | 'aliexpress_attribute_value_id') => {
      const n = positiveInt(a[k] === undefined ? null : String(a[k]));
      if (a[k] !== undefined && n === null) throw refuse('INVALID_ATTRIBUTE', `aeAttributes[${i}].${k} is not an id`);
      if (n !== null) out[k] = n;
    };
    id('aliexpress_attribute_name_id');
    id('aliexpress_attribute_value_id');
    if (typeof a.attribute_name === 'string' && a.attribute_name.trim()) out.attribute_name = a.attribute_name.trim();
    if (typeof a.attribute_value === 'string' && a.attribute_value.trim()) out.attribute_value = a.attribute_value.trim();
    const unknown = Object.keys(a).filter((k) => !['aliexpress_attribute_name_id', 'aliexpress_attribute_value_id', 'attribute_name', 'attribute_value'].includes(k));
    if (unknown.length) throw refuse('INVALID_ATTRIBUTE', `aeAttributes[${i}] has fields AliExpress does not take: ${unknown.join(', ')}`);
    if (out.aliexpress_attribute_name_id === undefined && out.attribute_name === undefined) throw refuse('INVALID_ATTRIBUTE', `aeAttributes[${i}] names no attribute`);
    return out;
  });
}

/** An id map attribute (`skuAttributeIds` {"Color": 14}, `skuValueIds` {"Color:Red": 29}). */
function idMap(value: AttributeValue | undefined, name: string): Record<string, number> {
  if (value === undefined) return {};
  let obj: unknown = value;
  if (typeof value === 'string') {
    try {
      obj = JSON.parse(value);
    } catch {
      obj = null;
    }
  }
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) throw refuse('INVALID_ATTRIBUTE', `${name} must be an object of ids`);
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(obj as Record<string, unknown>)) {
    const n = positiveInt(String(v));
    if (n === null) throw refuse('INVALID_ATTRIBUTE', `${name}.${k} is not an id`);
    out[k] = n;
  }
  return out;
}

/** A SKU attribute value as AliExpress takes it: without `{ # : = ,`, at most 70 characters. */
const skuValueText = (v: string) => [...v.replace(/[{}#:=,]/g, ' ').replace(/\s+/g, ' ').trim()].slice(0, 70).join('');

/** One of our SKUs as AliExpress's `SkuInfoDto`, checked. */
export function skuInfo(draft: ListingDraft, currency: string, withAttributes: boolean, ids: { names: Record<string, number>; values: Record<string, number> }, image: string | null): SkuInfo {
  if (draft.currency.toUpperCase() !== currency.toUpperCase()) throw refuse('CURRENCY_MISMATCH', `${draft.sku} is priced in ${draft.currency}, the AliExpress channel in ${currency}`);
  if (!isPriceIn(draft.price, currency)) throw refuse('INVALID_PRICE', `${draft.sku}: ${draft.price} is not a price in ${currency}`);
  if (!Number.isInteger(draft.quantity) || draft.quantity < 0 || draft.quantity > MAX_INVENTORY) throw refuse('INVALID_QUANTITY', `${draft.sku}: quantity ${draft.quantity} is not a whole number from 0 to ${MAX_INVENTORY}`);
  const sku: SkuInfo = { sku_code: draft.sku, price: draft.price, inventory: draft.quantity };
  if (draft.salePrice) {
    if (!isPriceIn(draft.salePrice, currency) || compareAmounts(draft.salePrice, draft.price) >= 0) throw refuse('INVALID_SALE_PRICE', `${draft.sku}: the sale price ${draft.salePrice} must be a price below ${draft.price}`);
    sku.discount_price = draft.salePrice;
  }
  if (draft.barcode && /^\d{8,14}$/.test(draft.barcode.trim())) sku.ean_code = draft.barcode.trim();
  if (withAttributes) {
    const options = draft.options ?? [];
    if (!options.length) throw refuse('OPTIONS_REQUIRED', `${draft.sku}: a product with several SKUs needs each SKU's option values (AliExpress sku_attributes_list)`);
    sku.sku_attributes_list = options.map((o, i): SkuAttribute => {
      const a: SkuAttribute = { sku_attribute_value: skuValueText(o.value) };
      const nameId = ids.names[o.name];
      const valueId = ids.values[`${o.name}:${o.value}`];
      if (nameId) a.sku_attribute_name_id = nameId;
      else a.sku_attribute_name = o.name;
      if (valueId) a.sku_attribute_value_id = valueId;
      // The SKU's own picture goes on its first axis (usually the colour).
      if (i === 0 && image) a.sku_image_url = image;
      return a;
    });
  }
  return sku;
}

/**
 * Plans a product of `drafts` (one SKU alone, or a variation group's). Throws PermanentError for
 * whatever AliExpress would refuse and staff must fix: every missing product field at once.
 */
export function planProduct(drafts: ListingDraft[], group: ListingGroup | null, ctx: ListingContext): ProductPlan {
  if (!drafts.length) throw refuse('NO_SKUS', 'A product needs at least one SKU');
  const first = drafts[0];
  const texts = languageTexts(first, group, ctx.locales);
  const settings = ctx.settings;
  const missing: string[] = [];
  const categoryText = first.categoryId?.trim() || valueOf(drafts, settings, 'categoryId');
  const category = positiveInt(categoryText);
  if (category === null) missing.push('categoryId (an AliExpress leaf category id)');
  const brandValueId = positiveInt(valueOf(drafts, settings, 'brandValueId'));
  const brandName = valueOf(drafts, settings, 'brandName') ?? valueOf(drafts, settings, 'brand');
  if (brandValueId === null && !brandName) missing.push('brandValueId or brandName (AliExpress requires the brand, attribute 2)');
  const ints: Record<string, number> = {};
  for (const f of PRODUCT_FIELDS) {
    if (f === 'weight') continue;
    // A service policy of 0 is the seller's default one ([M]: "pass 0 to use the default setting").
    const v = f === 'servicePolicyId' ? nonNegativeInt(valueOf(drafts, settings, f) ?? '0') : positiveInt(valueOf(drafts, settings, f));
    if (v === null) missing.push(f);
    else ints[f] = v;
  }
  const weight = valueOf(drafts, settings, 'weight');
  if (!weight || !/^\d+(\.\d{1,3})?$/.test(weight) || compareAmounts(weight, '0.001') < 0 || compareAmounts(weight, '500') > 0) missing.push('weight (kg, 0.001 to 500)');
  for (const f of ['packageLength', 'packageWidth', 'packageHeight']) if (ints[f] !== undefined && ints[f] > 700) missing.push(`${f} (cm, 1 to 700)`);
  if (missing.length) throw refuse('LISTING_FIELDS_MISSING', `${first.sku}: AliExpress needs ${missing.join('; ')}: set them as listing attributes or channel settings`);

  const imageSources = (group?.imageUrls?.length ? group.imageUrls : drafts.find((d) => d.imageUrls?.length)?.imageUrls ?? []).slice(0, MAX_MAIN_IMAGES);
  if (!imageSources.length) throw refuse('IMAGES_REQUIRED', `${first.sku}: AliExpress needs at least one product image`);
  const mainFirst = imageSources[0];
  // A SKU's own first picture, when it has one other than the product's.
  const skuImages = new Map(drafts.map((d) => [d.sku, d.imageUrls?.[0] && d.imageUrls[0] !== mainFirst ? d.imageUrls[0] : null]));
  const ids = { names: idMap(attributeOf(drafts, 'skuAttributeIds'), 'skuAttributeIds'), values: idMap(attributeOf(drafts, 'skuValueIds'), 'skuValueIds') };
  // More than one SKU: each must carry its option values, or AliExpress cannot tell them apart.
  const withAttributes = drafts.length > 1 || !!group?.options.length;
  // Checked now, before any upload; built again with the photo-bank URLs below.
  for (const d of drafts) skuInfo(d, ctx.currency, withAttributes && (drafts.length > 1 || !!d.options?.length), ids, null);
  const custom = Object.entries(first.attributes ?? {})
    .filter(([k, v]) => !RESERVED.has(k) && !k.startsWith('_') && (typeof v === 'string' || typeof v === 'number') && String(v).trim())
    .map(([k, v]): ProductAttribute => ({ attribute_name: k, attribute_value: String(v).trim() }));
  const attributes: ProductAttribute[] = [
    brandValueId !== null ? { aliexpress_attribute_name_id: BRAND_ATTRIBUTE_ID, aliexpress_attribute_value_id: brandValueId } : { aliexpress_attribute_name_id: BRAND_ATTRIBUTE_ID, attribute_value: brandName! },
    ...explicitAttributes(attributeOf(drafts, 'aeAttributes')).filter((a) => a.aliexpress_attribute_name_id !== BRAND_ATTRIBUTE_ID),
    ...custom,
  ];
  const productUnit = positiveInt(valueOf(drafts, settings, 'productUnit')) ?? PIECE_UNIT;
  const sizeChart = positiveInt(valueOf(drafts, settings, 'sizeChartId'));
  const strategy = valueOf(drafts, settings, 'inventoryDeductionStrategy') ?? 'payment_success_deduct';
  if (strategy !== 'payment_success_deduct' && strategy !== 'place_order_withhold') throw refuse('INVALID_ATTRIBUTE', 'inventoryDeductionStrategy is payment_success_deduct or place_order_withhold');
  const skuSources = [...skuImages.values()].filter((s): s is string => !!s);

  return {
    imageSources: [...new Set([...imageSources, ...skuSources])],
    build(images) {
      const url = (s: string) => {
        const u = images.get(s);
        if (!u) throw refuse('IMAGE_NOT_UPLOADED', `${s} has no photo-bank URL`);
        return u;
      };
      const dto: PostProductRequest = {
        language: texts.language,
        multi_language_subject_list: texts.subjects,
        aliexpress_category_id: category!,
        main_image_urls_list: imageSources.map(url),
        attribute_list: attributes,
        sku_info_list: drafts.map((d) => {
          const own = skuImages.get(d.sku);
          return skuInfo(d, ctx.currency, withAttributes && (drafts.length > 1 || !!d.options?.length), ids, own ? url(own) : null);
        }),
        inventory_deduction_strategy: strategy,
        weight: weight!,
        package_length: ints.packageLength,
        package_height: ints.packageHeight,
        package_width: ints.packageWidth,
        freight_template_id: ints.freightTemplateId,
        shipping_lead_time: ints.shippingLeadTime,
        service_policy_id: ints.servicePolicyId,
        product_unit: productUnit,
      };
      if (texts.descriptions.length) dto.multi_language_description_list = texts.descriptions;
      if (sizeChart !== null) dto.size_chart_id = sizeChart;
      if (brandName && brandValueId !== null) dto.brand_name = brandName;
      return dto;
    },
  };
}
