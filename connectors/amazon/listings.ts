import type { AttributeValue, ListingDraft, ListingRef, MarketListing, MarketPrice } from '../sdk/types';
import { amazonLocale, AmazonMarketplace, ChannelMarketplace, Region } from './marketplaces';
import { isPrice } from './money';

/**
 * Pure: drafts and updates → the bodies the Listings Items API 2021-08-01 takes (amazon.md §3,
 * listingsItems_2021-08-01.json: ListingsItemPutRequest, ListingsItemPatchRequest,
 * PatchOperation), and the listing read back.
 *
 * A listing is one listings item per SKU on each marketplace of the channel (one PUT per
 * marketplace: `marketplaceIds` takes one). Its attributes follow the Product Type Definitions
 * (not bundled: [U] beyond what the feed example shows) in Amazon's array shape, every value
 * tagged with its marketplace and, for text, its language:
 *
 *   - `item_name`, `product_description`: the marketplace's title and description, in the
 *     language the channel lists in there (`ListingDraft.markets`: the marketplace's default, or
 *     another it takes by the channel's `language.<id>` setting, fr_CA on Amazon.ca), every text
 *     value of the marketplace's PUT tagged with it; a product without text in a chosen language
 *     is listed as it would be without the setting (marketLanguage below);
 *   - `purchasable_offer`: `[{marketplace_id, currency, our_price: [{schedule: [{value_with_tax}]}]}]`
 *     in the marketplace's currency [U: the inner shape, as Amazon documents it];
 *   - `fulfillment_availability`: `[{fulfillment_channel_code: "DEFAULT", quantity}]` for a SKU we
 *     ship [O: the feed example]; an Amazon-fulfilled SKU (the listing attribute
 *     `fulfillment_channel` = AMAZON_NA / AMAZON_EU / AMAZON_FE) names its channel code and never
 *     a quantity: FBA stock is Amazon's count;
 *   - `condition_type` (default `new_new`), `externally_assigned_product_identifier` from the
 *     barcode, `main_product_image_locator` / `other_product_image_locator_N` from the images,
 *     each unless the draft's attributes give it;
 *   - every other draft attribute as given, turned into that shape: a text, number or boolean
 *     becomes `[{value, marketplace_id(, language_tag for text)}]`; a list of such values one
 *     entry each; an object one entry; a list of objects is taken as Amazon's own shape, each
 *     entry given the marketplace it lacks, and an entry naming another marketplace is left to
 *     that marketplace's PUT.
 *
 * The product type is the listing's attribute `product_type` (text or Amazon's shape), else the
 * channel's `productType` setting, else PRODUCT [U: Amazon's generic product type].
 */

type Raw = Record<string, unknown>;

/** Attributes that are settings of the listing, never sent as attributes. */
const CONTROL = new Set(['product_type', 'fulfillment_channel', 'productType', 'fulfillmentChannel', 'requirements']);
/** Attributes the connector writes from the draft itself (price, stock, text). */
const OWNED = new Set(['purchasable_offer', 'fulfillment_availability', 'item_name', 'product_description']);
/** The product type when neither the listing nor the channel names one [U]. */
export const DEFAULT_PRODUCT_TYPE = 'PRODUCT';
/** Additional image slots Amazon's product types have [U: other_product_image_locator_1…8]. */
const MAX_OTHER_IMAGES = 8;

const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim() : typeof v === 'number' && Number.isFinite(v) ? String(v) : null);
const isObject = (v: unknown): v is Raw => !!v && typeof v === 'object' && !Array.isArray(v);

/** A value given as text or in Amazon's shape (`[{"value": "X"}]`), as text. */
export function attributeText(v: AttributeValue | undefined): string | null {
  if (v === undefined || v === null) return null;
  if (Array.isArray(v)) return attributeText(v[0] as AttributeValue);
  if (isObject(v)) return text(v.value);
  return text(v);
}

/** The product type of a draft: its `product_type` attribute, the channel's setting, or PRODUCT. */
export function productTypeOf(draft: Pick<ListingDraft, 'attributes'>, settings: Record<string, string>): string {
  return (attributeText(draft.attributes?.product_type) ?? attributeText(draft.attributes?.productType) ?? settings.productType?.trim() ?? DEFAULT_PRODUCT_TYPE).toUpperCase();
}

/** Amazon's fulfilment channel code of a listing: `DEFAULT` (we ship) or `AMAZON_NA` / `AMAZON_EU` / `AMAZON_FE` (FBA). */
export function fulfillmentChannelOf(attributes: Record<string, AttributeValue> | undefined, region: Region): string {
  const raw = (attributeText(attributes?.fulfillment_channel) ?? attributeText(attributes?.fulfillmentChannel) ?? 'DEFAULT').toUpperCase().replace(/[\s-]+/g, '_');
  if (raw === 'AMAZON' || raw === 'AFN' || raw === 'FBA') return `AMAZON_${region}`;
  if (raw === 'MERCHANT' || raw === 'MFN' || raw === 'FBM') return 'DEFAULT';
  return raw;
}

/** Whether a fulfilment channel code is Amazon's (FBA). */
export function isAmazonFulfilled(code: string | null | undefined): boolean {
  return !!code && code.toUpperCase().startsWith('AMAZON');
}

/** One marketplace's listing: where, in which language, at which price. */
export interface MarketPlan {
  marketplace: AmazonMarketplace;
  /** `language_tag` of every text value sent there (en_US; fr_CA where the channel chose it and the product has French: marketLanguage). */
  language: string;
  price: string;
  currency: string;
  title: string;
  description: string | null;
}

export interface ListingPlan {
  markets: MarketPlan[];
  /** Marketplaces of the channel the draft is not listed on, with why. */
  refused: { marketplaceId: string; code: string; message: string }[];
}

const languageOf = (locale: string | null | undefined) => (locale ?? '').trim().split(/[-_]/)[0].toLowerCase();

/**
 * The language a listing goes in on a marketplace, as `language_tag`: the channel's language
 * there, except where the channel chose another than the marketplace's default (fr_CA on
 * Amazon.ca) and the product has no text in it: the engine then gives the listing's own text
 * (English), and the listing goes as it would without the setting (en_CA) rather than as English
 * text that says it is French. A draft without `translations` (a context built by hand) is taken
 * at its word.
 */
export function marketLanguage(draft: Pick<ListingDraft, 'locale' | 'translations'>, market: Pick<MarketListing, 'locale'>, marketplace: Pick<ChannelMarketplace, 'locale' | 'language'>): string {
  const chosen = marketplace.language;
  const defaultTag = amazonLocale(marketplace.locale) ?? chosen;
  if (chosen === defaultTag || !draft.translations) return chosen;
  const wanted = languageOf(market.locale);
  const translated = draft.translations.some((t) => languageOf(t.locale) === wanted && !!t.title?.trim());
  const ownText = wanted !== languageOf(draft.locale) && !translated;
  return ownText && languageOf(draft.locale) === languageOf(defaultTag) ? defaultTag : chosen;
}

/** The channel's language on a marketplace: its own (ChannelMarketplace), else the marketplace's default. */
function channelLanguage(marketplace: AmazonMarketplace | ChannelMarketplace): string {
  return ('language' in marketplace ? marketplace.language : null) ?? amazonLocale(marketplace.locale) ?? 'en_US';
}

/**
 * Where the draft is listed, at which price and in which text: each of the draft's `markets` on
 * one of the channel's marketplaces, or (a context built by hand) the draft's price and text on
 * every marketplace selling in its currency, any other refused rather than priced wrongly. A
 * marketplace whose language setting Amazon does not take is refused (LANGUAGE_INVALID).
 */
export function planMarkets(draft: ListingDraft, marketplaces: (AmazonMarketplace | ChannelMarketplace)[]): ListingPlan {
  const refused: ListingPlan['refused'] = (draft.marketRefusals ?? []).map((r) => ({ ...r }));
  const markets: MarketPlan[] = [];
  const languageProblem = (marketplace: AmazonMarketplace | ChannelMarketplace) => {
    const problem = 'languageProblem' in marketplace ? marketplace.languageProblem : undefined;
    if (problem) refused.push({ marketplaceId: marketplace.id, ...problem });
    return !!problem;
  };
  if (draft.markets?.length) {
    for (const m of draft.markets) {
      const marketplace = marketplaces.find((x) => x.id === m.marketplaceId);
      if (!marketplace) {
        refused.push({ marketplaceId: m.marketplaceId, code: 'MARKETPLACE_NOT_IN_CHANNEL', message: `${m.marketplaceId} is not one of the channel's marketplaces` });
        continue;
      }
      if (languageProblem(marketplace)) continue;
      const language = marketLanguage(draft, m, { locale: marketplace.locale, language: channelLanguage(marketplace) });
      markets.push({ marketplace, language, price: m.price, currency: m.currency.toUpperCase(), title: m.title || draft.title, description: m.description ?? draft.description ?? null });
    }
  } else {
    for (const marketplace of marketplaces) {
      if (refused.some((r) => r.marketplaceId === marketplace.id)) continue;
      if (marketplace.currency.toUpperCase() !== draft.currency.toUpperCase()) {
        refused.push({ marketplaceId: marketplace.id, code: 'CURRENCY_MISMATCH', message: `${marketplace.label} sells in ${marketplace.currency}; the listing has only a price in ${draft.currency}` });
        continue;
      }
      if (languageProblem(marketplace)) continue;
      markets.push({ marketplace, language: channelLanguage(marketplace), price: draft.price, currency: draft.currency.toUpperCase(), title: draft.title, description: draft.description ?? null });
    }
  }
  return { markets, refused };
}

/** What is wrong with one marketplace's listing before anything is sent; null when nothing. */
export function marketProblem(m: MarketPlan): { code: string; message: string } | null {
  if (m.currency !== m.marketplace.currency.toUpperCase()) return { code: 'CURRENCY_MISMATCH', message: `${m.marketplace.label} sells in ${m.marketplace.currency}, not ${m.currency}` };
  if (!isPrice(m.price)) return { code: 'INVALID_PRICE', message: `${m.price} ${m.currency} is not a price Amazon takes on ${m.marketplace.label}` };
  if (!m.title.trim()) return { code: 'TITLE_REQUIRED', message: `The listing has no title for ${m.marketplace.label}` };
  return null;
}

/** A price as `value_with_tax` takes it: a JSON number (decimal strings of a price are exact as doubles up to 15 digits). */
export function priceNumber(price: string): number {
  return Number(price.trim());
}

/** `purchasable_offer` for one marketplace. */
export function purchasableOffer(marketplaceId: string, currency: string, price: string): Raw {
  return { marketplace_id: marketplaceId, currency, our_price: [{ schedule: [{ value_with_tax: priceNumber(price) }] }] };
}

/** `fulfillment_availability`: the quantity for a SKU we ship, the channel code alone for one Amazon ships. */
export function fulfillmentAvailability(channelCode: string, quantity: number | null): Raw[] {
  return isAmazonFulfilled(channelCode) ? [{ fulfillment_channel_code: channelCode }] : [{ fulfillment_channel_code: 'DEFAULT', quantity: quantity ?? 0 }];
}

/** One draft attribute in Amazon's array shape for one marketplace (see the module comment); null when it has nothing for it. */
export function amazonAttribute(value: AttributeValue, marketplaceId: string, language: string): Raw[] | null {
  const scalar = (v: AttributeValue): Raw | null => {
    if (typeof v === 'string') return v.trim() ? { value: v, language_tag: language, marketplace_id: marketplaceId } : null;
    if (typeof v === 'number' || typeof v === 'boolean') return { value: v, marketplace_id: marketplaceId };
    return null;
  };
  const entry = (v: AttributeValue): Raw | null => {
    if (isObject(v)) {
      const named = text(v.marketplace_id);
      if (named && named !== marketplaceId) return null;
      return { ...v, marketplace_id: marketplaceId };
    }
    return scalar(v);
  };
  const entries = (Array.isArray(value) ? value : [value]).map(entry).filter((e): e is Raw => !!e);
  return entries.length ? entries : null;
}

/** The barcode's identifier type by its length [U: Amazon's `externally_assigned_product_identifier` types]. */
function barcodeType(code: string): string | null {
  const digits = code.replace(/\s+/g, '');
  if (!/^\d+$/.test(digits)) return null;
  if (digits.length === 12) return 'upc';
  if (digits.length === 13) return 'ean';
  if (digits.length === 14) return 'gtin';
  return null;
}

/** The PUT body for one marketplace: `{productType, requirements: LISTING, attributes}`. */
export function putBody(draft: ListingDraft, m: MarketPlan, opts: { productType: string; channelCode: string }): Raw {
  const mp = m.marketplace.id;
  const lang = m.language;
  const attributes: Raw = {};
  for (const [name, value] of Object.entries(draft.attributes ?? {})) {
    if (CONTROL.has(name) || OWNED.has(name)) continue;
    const shaped = amazonAttribute(value, mp, lang);
    if (shaped) attributes[name] = shaped;
  }
  attributes.item_name = [{ value: m.title, language_tag: lang, marketplace_id: mp }];
  if (m.description?.trim()) attributes.product_description = [{ value: m.description, language_tag: lang, marketplace_id: mp }];
  attributes.condition_type ??= [{ value: 'new_new', marketplace_id: mp }];
  const type = draft.barcode ? barcodeType(draft.barcode) : null;
  if (type && !attributes.externally_assigned_product_identifier) {
    attributes.externally_assigned_product_identifier = [{ type, value: draft.barcode!.replace(/\s+/g, ''), marketplace_id: mp }];
  }
  const images = (draft.imageUrls ?? []).filter((u) => /^https?:\/\//i.test(u));
  if (images.length && !attributes.main_product_image_locator) {
    attributes.main_product_image_locator = [{ media_location: images[0], marketplace_id: mp }];
    images.slice(1, 1 + MAX_OTHER_IMAGES).forEach((url, k) => {
      attributes[`other_product_image_locator_${k + 1}`] ??= [{ media_location: url, marketplace_id: mp }];
    });
  }
  attributes.purchasable_offer = [purchasableOffer(mp, m.currency, m.price)];
  attributes.fulfillment_availability = fulfillmentAvailability(opts.channelCode, draft.quantity);
  return { productType: opts.productType, requirements: 'LISTING', attributes };
}

/** A JSON Patch operation as patchListingsItem takes it: `replace` of a top-level attribute. */
export function replaceOp(attribute: string, value: Raw[]): Raw {
  return { op: 'replace', path: `/attributes/${attribute}`, value };
}

/** The patch that sets a merchant-fulfilled SKU's quantity. */
export function quantityPatch(quantity: number): Raw {
  return replaceOp('fulfillment_availability', [{ fulfillment_channel_code: 'DEFAULT', quantity }]);
}

/** The patch that sets prices, one `purchasable_offer` entry per marketplace. */
export function pricePatch(prices: { marketplaceId: string; currency: string; price: string }[]): Raw {
  return replaceOp('purchasable_offer', prices.map((p) => purchasableOffer(p.marketplaceId, p.currency, p.price)));
}

/** The patch that takes a marketplace's offer off the listing (JSON Patch `delete` with the entry's selector [U: as Amazon's guide removes an offer]). */
export function offerRemoval(marketplaceId: string): Raw {
  return { op: 'delete', path: '/attributes/purchasable_offer', value: [{ marketplace_id: marketplaceId }] };
}

/** The prices of an update per marketplace: its `markets`, else its one price on each marketplace in its currency (others refused). */
export function marketPrices(update: { price: string; currency: string; markets?: MarketPrice[] }, marketplaces: AmazonMarketplace[]): { prices: { marketplaceId: string; currency: string; price: string }[]; problems: { code: string; message: string }[] } {
  const prices: { marketplaceId: string; currency: string; price: string }[] = [];
  const problems: { code: string; message: string }[] = [];
  for (const m of marketplaces) {
    const market = update.markets?.find((x) => x.marketplaceId === m.id);
    const price = market ? { price: market.price, currency: market.currency.toUpperCase() } : update.markets?.length ? null : { price: update.price, currency: update.currency.toUpperCase() };
    // A marketplace the engine could not price (no exchange rate yet) keeps its price.
    if (!price) continue;
    if (price.currency !== m.currency.toUpperCase()) problems.push({ code: 'CURRENCY_MISMATCH', message: `${m.label} sells in ${m.currency}, not ${price.currency}` });
    else if (!isPrice(price.price)) problems.push({ code: 'INVALID_PRICE', message: `${price.price} ${price.currency} is not a price Amazon takes on ${m.label}` });
    else prices.push({ marketplaceId: m.id, ...price });
  }
  return { prices, problems };
}

// --- The ref ----------------------------------------------------------------------------------

/**
 * The ref of an Amazon listing: its `itemId` is the seller SKU (stable on every marketplace);
 * `extra` keeps the marketplaces it was written to (`marketplaces`, comma-separated), its product
 * type (`productType`), its fulfilment channel code (`fulfillment`: DEFAULT or AMAZON_XX) and
 * its ASIN once Amazon said it.
 */
export function refOf(sku: string, extra: { marketplaces: string[]; productType: string; fulfillment: string; asin?: string | null }): ListingRef {
  return {
    sku,
    itemId: sku,
    skuId: null,
    extra: { marketplaces: extra.marketplaces.join(','), productType: extra.productType, fulfillment: extra.fulfillment, ...(extra.asin ? { asin: extra.asin } : {}) },
  };
}

/** The marketplaces a ref says its listing is on (none: the channel's). */
export function refMarketplaces(ref: ListingRef): string[] {
  return (ref.extra?.marketplaces ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}

// --- The listing read back --------------------------------------------------------------------

/** One marketplace's view of a listings item: status, price, quantity and issues. */
export interface ListingView {
  marketplaceId: string;
  exists: boolean;
  statuses: string[];
  lastUpdated: Date | null;
  price: string | null;
  currency: string | null;
  quantity: number | null;
  channelCode: string | null;
  issues: Raw[];
  asin: string | null;
}

const list = (v: unknown): Raw[] => (Array.isArray(v) ? v.filter(isObject) : []);

/** The marketplace an issue is about: its `marketplaceIds` (none: every marketplace of the answer). */
function issueApplies(issue: Raw, marketplaceId: string): boolean {
  const ids = Array.isArray(issue.marketplaceIds) ? issue.marketplaceIds.map((x) => String(x)) : [];
  return !ids.length || ids.includes(marketplaceId);
}

/**
 * An Item as getListingsItem answers it, seen from one marketplace: its summary there (status,
 * last update, ASIN), its B2C offer's price there (else `purchasable_offer` in the attributes),
 * its quantity (`fulfillmentAvailability`, else the attribute), and the issues that concern it.
 */
export function listingView(item: Raw | null, marketplaceId: string): ListingView {
  const summary = list(item?.summaries).find((s) => text(s.marketplaceId) === marketplaceId) ?? null;
  const offer = list(item?.offers).find((o) => text(o.marketplaceId) === marketplaceId && (text(o.offerType)?.toUpperCase() ?? 'B2C') === 'B2C') ?? null;
  const attrs = isObject(item?.attributes) ? (item!.attributes as Raw) : {};
  let price = offer && isObject(offer.price) ? text(offer.price.amount) : null;
  let currency = offer && isObject(offer.price) ? text(offer.price.currencyCode) : null;
  if (price === null) {
    const po = list(attrs.purchasable_offer).find((p) => !text(p.marketplace_id) || text(p.marketplace_id) === marketplaceId);
    const value = list(list(list(po?.our_price)[0]?.schedule))[0]?.value_with_tax;
    price = text(value);
    currency = text(po?.currency);
  }
  const availability = list(item?.fulfillmentAvailability);
  const fa = availability.find((f) => text(f.fulfillmentChannelCode)?.toUpperCase() === 'DEFAULT') ?? availability[0] ?? null;
  let quantity = fa && typeof fa.quantity === 'number' ? fa.quantity : null;
  let channelCode = fa ? text(fa.fulfillmentChannelCode) : null;
  if (!fa) {
    const attr = list(attrs.fulfillment_availability)[0];
    if (attr) {
      channelCode = text(attr.fulfillment_channel_code);
      quantity = typeof attr.quantity === 'number' ? attr.quantity : null;
    }
  }
  const statuses = Array.isArray(summary?.status) ? summary!.status.map((s) => String(s).toUpperCase()) : [];
  const updated = text(summary?.lastUpdatedDate);
  const at = updated ? new Date(updated) : null;
  return {
    marketplaceId,
    exists: !!summary,
    statuses,
    lastUpdated: at && !Number.isNaN(at.getTime()) ? at : null,
    price,
    currency,
    quantity,
    channelCode,
    issues: list(item?.issues).filter((i) => issueApplies(i, marketplaceId)),
    asin: text(summary?.asin),
  };
}

/** Whether a listing is for sale on a marketplace (BUYABLE [O: the summary's status values]). */
export function isBuyable(view: ListingView): boolean {
  return view.statuses.includes('BUYABLE');
}
