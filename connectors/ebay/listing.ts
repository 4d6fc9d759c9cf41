import { PermanentError } from '../sdk/errors';
import type { AttributeValue, ListingDraft, ListingGroup, MarketplaceInfo } from '../sdk/types';
import { contentLanguage, defaultSite, languageOf, siteById } from './marketplaces';

/**
 * Pure: a draft (or a group of drafts) → the bodies eBay's Inventory API takes (ebay.md §4, field
 * names checked against sell_inventory_v1_oas3.json: InventoryItem, Product, Availability,
 * EbayOfferDetailsWithKeys / WithId, ListingPolicies, PricingSummary, Amount, InventoryItemGroup,
 * VariesBy, Specification).
 *
 * One inventory item per SKU, one offer per site of the channel. The inventory item holds the
 * text eBay shows as the title on every site (one item, one title: the Inventory API has no
 * per-site title), written in the channel's first site's language; each offer carries its site's
 * price in its currency and its description in its language (`listingDescription`), and is
 * written with its site's `Content-Language`.
 *
 * Where the listing's setup comes from (the first found wins):
 *   1. the listing's attribute `<name>.<SITE>` (e.g. `fulfillmentPolicyId.EBAY_DE`),
 *   2. the listing's attribute `<name>`,
 *   3. the channel setting `<name>.<SITE>`,
 *   4. the channel setting `<name>`,
 * for fulfillmentPolicyId, paymentPolicyId, returnPolicyId (business policies are per site on
 * eBay), merchantLocationKey, condition (default NEW) and categoryId (the draft's own first).
 * Every other attribute is an aspect (item specific): text, numbers and lists of them become
 * eBay's `{"Name": ["value", …]}`; an attribute named `aspects` holding that object is merged in.
 */

type Raw = Record<string, unknown>;

/** The settings that say how a listing is set up (see the module comment): per site, then for every site. */
export const POLICY_FIELDS = ['fulfillmentPolicyId', 'paymentPolicyId', 'returnPolicyId'] as const;
export type PolicyField = (typeof POLICY_FIELDS)[number];
const SETUP_FIELDS = [...POLICY_FIELDS, 'merchantLocationKey', 'categoryId', 'condition', 'conditionDescription'] as const;
/** Attributes that are setup or item fields, never aspects. */
const RESERVED = new Set<string>([...SETUP_FIELDS, 'aspects', 'packageWeightAndSize', 'brand', 'mpn', 'epid', 'subtitle', 'listingDuration']);

/** eBay's longest listing title (Product.title) [O: 80 characters]. */
export const MAX_TITLE = 80;
/** eBay's longest aspect name and value [O: 40 and 50 (Product.aspects)]. */
const MAX_ASPECT_NAME = 40;
const MAX_ASPECT_VALUE = 50;
/** The listing format the connector sells in: fixed price, good 'til cancelled (the only duration fixed price takes [O]). */
export const FORMAT = 'FIXED_PRICE';
export const DURATION = 'GTC';

/** One site's listing: where, in which language, at which price. */
export interface SiteListing {
  site: MarketplaceInfo;
  /** The site's `Content-Language` (de-DE). */
  language: string;
  price: string;
  currency: string;
  title: string;
  description: string | null;
}

export interface ListingPlan {
  /** The sites to list on, the channel's first first: its text is the inventory item's. */
  sites: SiteListing[];
  /** The language of the inventory item's text (the first site's text). */
  itemLanguage: string;
  /** Sites of the channel the draft gets no offer on, with why. */
  refused: { marketplaceId: string; code: string; message: string }[];
}

export interface ListingSettings {
  /** The channel's sites (from its marketplaces), its first first. */
  sites: MarketplaceInfo[];
  settings: Record<string, string>;
}

const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim() : typeof v === 'number' && Number.isFinite(v) ? String(v) : null);

/** A price eBay takes: a positive decimal with at most two decimals. */
export function isPrice(v: string): boolean {
  return /^\d{1,10}(\.\d{1,2})?$/.test(v.trim()) && /[1-9]/.test(v);
}

/** The channel's sites, or the one a channel naming none lists on. */
export function channelSites(marketplaces: MarketplaceInfo[] | undefined, marketplaceId: string | null | undefined, currency: string): MarketplaceInfo[] {
  const given = (marketplaces ?? []).filter((m) => m.id);
  if (given.length) return given.map((m) => ({ ...siteById(m.id), ...m, locale: m.locale || siteById(m.id)?.locale || 'en_US' }));
  const one = siteById(marketplaceId);
  return [one ?? defaultSite(currency)];
}

/**
 * Where the draft is listed, at which price and in which text. With `markets` (the engine gives
 * them for every channel of a module with a catalogue), each market is one site; a site left out
 * (its refusal in `marketRefusals`: no exchange rate yet) gets no offer. Without them (a context
 * built by hand), the draft's price, currency and text serve every site selling in that currency,
 * and a site in another currency is refused rather than priced wrongly.
 */
export function planSites(draft: ListingDraft, ctx: ListingSettings): ListingPlan {
  const refused: ListingPlan['refused'] = (draft.marketRefusals ?? []).map((r) => ({ marketplaceId: r.marketplaceId, code: r.code, message: r.message }));
  const sites: SiteListing[] = [];
  const known = (id: string) => ctx.sites.find((s) => s.id === id) ?? siteById(id);
  if (draft.markets?.length) {
    for (const m of draft.markets) {
      const site = known(m.marketplaceId) ?? { id: m.marketplaceId, label: m.marketplaceId, currency: m.currency, locale: m.locale };
      sites.push({
        site,
        language: contentLanguage(site.locale) ?? contentLanguage(m.locale) ?? 'en-US',
        price: m.price,
        currency: m.currency.toUpperCase(),
        title: m.title || draft.title,
        description: m.description ?? draft.description ?? null,
      });
    }
  } else {
    for (const site of ctx.sites) {
      if (refused.some((r) => r.marketplaceId === site.id)) continue;
      if (site.currency.toUpperCase() !== draft.currency.toUpperCase()) {
        refused.push({ marketplaceId: site.id, code: 'CURRENCY_MISMATCH', message: `${site.id} sells in ${site.currency}; the listing has only a price in ${draft.currency}` });
        continue;
      }
      sites.push({ site, language: contentLanguage(site.locale) ?? 'en-US', price: draft.price, currency: draft.currency.toUpperCase(), title: draft.title, description: draft.description ?? null });
    }
  }
  for (const s of sites) {
    if (!isPrice(s.price)) throw new PermanentError({ code: 'INVALID_PRICE', message: `${draft.sku}: ${s.price} ${s.currency} is not a price eBay takes on ${s.site.id} (a positive amount with at most two decimals)`, operation: 'publishListing' });
  }
  if (!sites.length) {
    const why = refused.map((r) => `${r.marketplaceId}: ${r.message}`).join('; ');
    throw new PermanentError({ code: refused[0]?.code ?? 'NO_SITE', message: `${draft.sku} can be listed on none of the channel's eBay sites${why ? ` (${why})` : ''}`, operation: 'publishListing' });
  }
  // The inventory item's text is the first site's; it is written in that market's language when the
  // engine chose it for that site, else in the draft's own.
  const first = draft.markets?.[0];
  const itemLanguage = contentLanguage(first?.locale) ?? contentLanguage(draft.locale) ?? sites[0].language;
  return { sites, itemLanguage, refused };
}

/** A setup value for a site: the listing's attributes first, then the channel's settings (see the module comment). */
export function setupValue(name: string, siteId: string, draft: Pick<ListingDraft, 'attributes'>, settings: Record<string, string>): string | null {
  const attrs = draft.attributes ?? {};
  return text(attrs[`${name}.${siteId}`]) ?? text(attrs[name]) ?? text(settings[`${name}.${siteId}`]) ?? text(settings[name]);
}

export interface SiteSetup {
  categoryId: string;
  merchantLocationKey: string;
  policies: Record<PolicyField, string>;
}

/**
 * What an offer on `siteId` needs before it can be published (category, the three business
 * policies, the inventory location), or a PermanentError naming every missing piece and where to
 * give it. Checked before anything is written, so a channel without its policies writes nothing.
 */
export function siteSetups(draft: ListingDraft, sites: SiteListing[], settings: Record<string, string>): Map<string, SiteSetup> {
  const out = new Map<string, SiteSetup>();
  const missing: string[] = [];
  for (const { site } of sites) {
    const category = text(draft.categoryId) ?? setupValue('categoryId', site.id, draft, settings);
    const location = setupValue('merchantLocationKey', site.id, draft, settings);
    const policies = Object.fromEntries(POLICY_FIELDS.map((f) => [f, setupValue(f, site.id, draft, settings)])) as Record<PolicyField, string | null>;
    const lacks = [
      ...(category ? [] : ['categoryId (the listing’s category)']),
      ...POLICY_FIELDS.filter((f) => !policies[f]).map((f) => `${f} (setting ${f}.${site.id} or ${f})`),
      ...(location ? [] : ['merchantLocationKey (setting)']),
    ];
    if (lacks.length) missing.push(`${site.id}: ${lacks.join(', ')}`);
    else out.set(site.id, { categoryId: category!, merchantLocationKey: location!, policies: policies as Record<PolicyField, string> });
  }
  if (missing.length) {
    throw new PermanentError({ code: 'LISTING_SETUP_MISSING', message: `${draft.sku} cannot be published on eBay without ${missing.join('; ')}`, operation: 'publishListing' });
  }
  return out;
}

/** An attribute value as aspect values: text and numbers, flattened from lists; nested objects are not aspects. */
function aspectValues(v: AttributeValue): string[] {
  if (typeof v === 'string') return v.trim() ? [v.trim()] : [];
  if (typeof v === 'number' || typeof v === 'boolean') return [String(v)];
  if (Array.isArray(v)) return v.flatMap(aspectValues);
  return [];
}

/**
 * The draft's aspects: its attributes that are not setup fields, its `aspects` object, and its
 * option values (an item of a variation group must carry the aspects the group varies by).
 */
export function aspectsOf(draft: Pick<ListingDraft, 'attributes' | 'options' | 'sku'>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const add = (name: string, values: string[]) => {
    const n = name.trim();
    if (!n || !values.length) return;
    if (n.length > MAX_ASPECT_NAME) throw new PermanentError({ code: 'ASPECT_TOO_LONG', message: `${draft.sku}: eBay aspect names have at most ${MAX_ASPECT_NAME} characters (${n})`, operation: 'publishListing' });
    const long = values.find((x) => x.length > MAX_ASPECT_VALUE);
    if (long) throw new PermanentError({ code: 'ASPECT_TOO_LONG', message: `${draft.sku}: eBay aspect values have at most ${MAX_ASPECT_VALUE} characters (${n}: ${long})`, operation: 'publishListing' });
    out[n] = [...new Set([...(out[n] ?? []), ...values])];
  };
  const attrs = draft.attributes ?? {};
  const nested = attrs.aspects;
  if (nested && typeof nested === 'object' && !Array.isArray(nested)) for (const [k, v] of Object.entries(nested)) add(k, aspectValues(v));
  for (const [k, v] of Object.entries(attrs)) {
    if (RESERVED.has(k) || SETUP_FIELDS.some((f) => k.startsWith(`${f}.`))) continue;
    add(k, aspectValues(v));
  }
  // The option values replace what the attributes said for the same axis: they are what the SKU is.
  for (const o of draft.options ?? []) if (o.name.trim() && o.value.trim()) out[o.name.trim()] = [o.value.trim()];
  return out;
}

/** GTINs by their length [U: eBay takes EAN-8/13 in `ean`, UPC-A in `upc`, ISBN-13 (978/979) in `isbn` too]. */
function gtins(barcode: string | null | undefined): Raw {
  const code = (barcode ?? '').replace(/[\s-]/g, '');
  if (/^\d{12}$/.test(code)) return { upc: [code] };
  if (/^97[89]\d{10}$/.test(code)) return { ean: [code], isbn: [code] };
  if (/^(\d{8}|\d{13}|\d{14})$/.test(code)) return { ean: [code] };
  return {};
}

/** Image URLs eBay may fetch: https only [O: "URLs must use the HTTPS protocol"]; others are left out. */
export function imageUrls(urls: string[] | undefined): string[] {
  return [...new Set((urls ?? []).map((u) => u.trim()).filter((u) => /^https:\/\//i.test(u)))];
}

function checkTitle(sku: string, title: string): string {
  const t = title.trim();
  if (!t) throw new PermanentError({ code: 'TITLE_REQUIRED', message: `${sku} has no title`, operation: 'publishListing' });
  if ([...t].length > MAX_TITLE) throw new PermanentError({ code: 'TITLE_TOO_LONG', message: `eBay titles have at most ${MAX_TITLE} characters; ${sku}'s has ${[...t].length}: shorten it (or its translation)`, operation: 'publishListing' });
  return t;
}

/**
 * The whole inventory item (createOrReplaceInventoryItem is a full replace: every field the
 * connector owns is sent every time, so nothing is cleared by being left out): the quantity to
 * ship, the condition, and the product with its title, description, aspects, images and GTIN.
 */
export function inventoryItemBody(draft: ListingDraft, plan: ListingPlan, settings: Record<string, string>): Raw {
  const main = plan.sites[0];
  const attrs = draft.attributes ?? {};
  const description = main.description ?? draft.description ?? null;
  const product: Raw = { title: checkTitle(draft.sku, main.title), ...gtins(draft.barcode) };
  if (description) product.description = description;
  const aspects = aspectsOf(draft);
  if (Object.keys(aspects).length) product.aspects = aspects;
  const images = imageUrls(draft.imageUrls ?? draft.group?.imageUrls);
  if (images.length) product.imageUrls = images;
  for (const f of ['brand', 'mpn', 'epid', 'subtitle'] as const) {
    const v = text(attrs[f]);
    if (v) product[f] = v;
  }
  const item: Raw = {
    availability: { shipToLocationAvailability: { quantity: Math.max(0, Math.trunc(draft.quantity)) } },
    condition: (setupValue('condition', main.site.id, draft, settings) ?? 'NEW').toUpperCase(),
    product,
  };
  const conditionDescription = setupValue('conditionDescription', main.site.id, draft, settings);
  if (conditionDescription) item.conditionDescription = conditionDescription;
  const pkg = attrs.packageWeightAndSize;
  if (pkg && typeof pkg === 'object' && !Array.isArray(pkg)) item.packageWeightAndSize = pkg;
  return item;
}

/**
 * An offer on one site. `keys`: createOffer's EbayOfferDetailsWithKeys (sku, marketplaceId and
 * format beside the rest); without, updateOffer's EbayOfferDetailsWithId (a full replace without
 * the keys, which an offer cannot change). The description is the site's, in its language; an
 * offer of a variation group leaves it to the group on the group's own language and carries the
 * site's text elsewhere (it overwrites the group's there [O]).
 */
export function offerBody(draft: ListingDraft, s: SiteListing, setup: SiteSetup, opts: { keys: boolean; description: string | null }): Raw {
  const offer: Raw = {};
  if (opts.keys) Object.assign(offer, { sku: draft.sku, marketplaceId: s.site.id, format: FORMAT });
  Object.assign(offer, {
    availableQuantity: Math.max(0, Math.trunc(draft.quantity)),
    categoryId: setup.categoryId,
    merchantLocationKey: setup.merchantLocationKey,
    listingDuration: DURATION,
    listingPolicies: { ...setup.policies },
    pricingSummary: { price: { value: s.price.trim(), currency: s.currency } },
  });
  if (opts.description) offer.listingDescription = opts.description;
  return offer;
}

/** The description an offer carries on a site: its own text, else the item's, else the title (eBay refuses to publish without one). */
export function siteDescription(s: SiteListing, plan: ListingPlan): string {
  return s.description ?? plan.sites[0].description ?? s.title;
}

/** The group's text written in a language: its own or a translation of that locale (or of the same language); null when it has none. */
export function groupTextIn(group: ListingGroup, language: string): { title: string; description: string | null } | null {
  const all = [{ locale: group.locale, title: group.title, description: group.description ?? null }, ...(group.translations ?? [])];
  const t = all.find((x) => contentLanguage(x.locale) === language) ?? all.find((x) => languageOf(x.locale) === languageOf(language));
  return t ? { title: t.title, description: t.description ?? null } : null;
}

/** The group's title and description in a language: its text in that language, else its own. */
export function groupText(group: ListingGroup, language: string): { title: string; description: string | null } {
  const t = groupTextIn(group, language);
  return { title: t?.title ?? group.title, description: t?.description ?? group.description ?? null };
}

/**
 * The whole inventory item group (a full replace: its members, text, common aspects and what the
 * variations vary by): `variesBy.specifications` from the group's option axes and the values its
 * SKUs use, `aspectsImageVariesBy` the first axis (publishing needs one [O]); the common aspects
 * are those every item shares with the same values, the option axes left out.
 */
export function groupBody(group: ListingGroup, drafts: ListingDraft[], language: string, members: string[]): Raw {
  const { title, description } = groupText(group, language);
  const axes = group.options.filter((o) => o.name.trim() && o.values.length);
  const axisNames = new Set(axes.map((o) => o.name.trim()));
  const each = drafts.map((d) => aspectsOf({ ...d, options: [] }));
  const common: Record<string, string[]> = {};
  for (const [name, values] of Object.entries(each[0] ?? {})) {
    if (axisNames.has(name)) continue;
    const key = JSON.stringify([...values].sort());
    if (each.every((a) => a[name] && JSON.stringify([...a[name]].sort()) === key)) common[name] = values;
  }
  const body: Raw = {
    inventoryItemGroupKey: group.key,
    title: checkTitle(group.key, title),
    variantSKUs: members,
    variesBy: {
      aspectsImageVariesBy: axes.length ? [axes[0].name.trim()] : [],
      specifications: axes.map((o) => ({ name: o.name.trim(), values: [...new Set(o.values.map((v) => v.trim()).filter(Boolean))] })),
    },
  };
  body.description = description ?? title;
  // Publishing needs the common aspects [O], even when the variations share none.
  body.aspects = common;
  const images = imageUrls(group.imageUrls?.length ? group.imageUrls : drafts.flatMap((d) => d.imageUrls ?? []));
  if (images.length) body.imageUrls = images;
  return body;
}
