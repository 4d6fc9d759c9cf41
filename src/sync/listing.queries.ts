import type { EntityManager } from '@mikro-orm/postgresql';
import type { Context } from '../context';
import { pgArray, selectRows } from '../common/sql';
import { channelAvailabilities } from '../inventory';
import type { AttributeValue, ListingDraft, ListingGroup, ListingIssue, ListingRef, ListingText, MarketPrice } from '../../connectors/sdk/types';
import { CHANNEL_COLUMNS, ChannelRow } from './channel.queries';
import { currentRate } from '../finance';
import { applyPriceRule, PriceRuleError, usesRateTable } from './price-rule';
import { CATALOG_LOCALE, channelLocales, languageOf, needsLocaleText, pickText } from './listing.locale';
import { connectorFor } from './registry';
import { marketCurrencies, marketsOf, RateBook, rateBook } from './listing.markets';
import { channelMarketplaces } from './connector-context';
import { ListingStatus } from './sync-vocabulary';

/** A listing row as the sync engine reads it. */
export interface ListingRow {
  id: string;
  channel_id: string;
  variant_id: string;
  sku: string;
  item_id: string | null;
  sku_id: string | null;
  extra: Record<string, string>;
  title: string;
  category_id: string | null;
  attributes: Record<string, AttributeValue>;
  price: string | null;
  /** The listing's own sale (discount) price in its currency; null: none. */
  sale_price: string | null;
  currency: string;
  status: ListingStatus;
  /** The variation group it was published in (its product's id); null: published alone. */
  group_key: string | null;
  /** The locale its title is written in; null only before it is first published. */
  locale: string | null;
  /** The marketplace's issues with it, as its last answer listed them. */
  issues: ListingIssue[];
  /** The submission its PENDING write waits for, and which write that is. */
  submission_id: string | null;
  pending_action: 'LIST' | 'UPDATE' | 'DELIST' | null;
  last_pushed_quantity: number | null;
  last_pushed_price: string | null;
  /** The prices last pushed per marketplace, on a channel covering several (ListingDraft.markets); null when none were. */
  last_pushed_markets: MarketPrice[] | null;
  last_pushed_sale_price: string | null;
  last_pushed_at: string | null;
  last_error_code: string | null;
  last_error_message: string | null;
  created_at: string;
  updated_at: string;
}

export const LISTING_COLUMNS = `l.id, l.channel_id, l.variant_id, l.sku, l.item_id, l.sku_id, l.extra, l.title, l.category_id, l.attributes,
  l.price::text as price, l.sale_price::text as sale_price, l.currency, l.status, l.group_key, l.locale, l.issues, l.submission_id, l.pending_action,
  l.last_pushed_quantity, l.last_pushed_price::text as last_pushed_price, l.last_pushed_markets, l.last_pushed_sale_price::text as last_pushed_sale_price, l.last_pushed_at,
  l.last_error_code, l.last_error_message, l.created_at, l.updated_at`;

export async function listingsById(em: EntityManager, ids: string[]): Promise<ListingRow[]> {
  if (!ids.length) return [];
  return selectRows<ListingRow>(em, `select ${LISTING_COLUMNS} from listing l where l.id = any(?::uuid[]) order by l.id`, [pgArray(ids)]);
}

/** Where a listing lives on the marketplace; null until it has been published. */
export function refOf(l: Pick<ListingRow, 'sku' | 'item_id' | 'sku_id' | 'extra'>): ListingRef | null {
  if (!l.item_id) return null;
  return { sku: l.sku, itemId: l.item_id, skuId: l.sku_id, extra: l.extra && Object.keys(l.extra).length ? l.extra : undefined };
}

const DECIMAL = /^\s*([+-]?)(\d+)(?:\.(\d*))?\s*$/;

/** A decimal string in one spelling: no sign for zero, no leading zeros, no trailing fraction zeros; null when it is not a decimal. */
function canonicalAmount(value: string): string | null {
  const m = DECIMAL.exec(value);
  if (!m) return null;
  const int = m[2].replace(/^0+(?=\d)/, '');
  const frac = (m[3] ?? '').replace(/0+$/, '');
  const zero = /^0$/.test(int) && !frac;
  return `${m[1] === '-' && !zero ? '-' : ''}${int}${frac ? `.${frac}` : ''}`;
}

/**
 * Whether two money amounts (decimal strings, as marketplaces and PostgreSQL write them) are
 * the same amount: "129" equals "129.00". Compared as decimals, never as floats, which would
 * take 0.285 for 0.28 after rounding to cents, or two 17-digit amounts for one. Anything that
 * is not a decimal equals nothing.
 */
export function sameAmount(a: string | null | undefined, b: string | null | undefined): boolean {
  if (a == null || b == null) return false;
  const x = canonicalAmount(a);
  return x !== null && x === canonicalAmount(b);
}

/**
 * The price a listing sells at on its channel: its own, or the channel's rule applied to the
 * variant's price (`tableRate`: finance's current rate to the channel's currency, for a rule on
 * the rate table).
 */
export function listingPrice(listingPriceValue: string | null, variantPrice: string, channel: Pick<ChannelRow, 'price_rule'>, tableRate?: string | null): string {
  return listingPriceValue ?? applyPriceRule(variantPrice, channel.price_rule, tableRate);
}

/** Why a listing could not be priced (EXCHANGE_RATE_MISSING: no rate to the channel's currency yet). */
export interface PriceRefusal {
  code: string;
  message: string;
}

interface DraftSource {
  id: string;
  variant_id: string;
  product_id: string;
  variant_price: string;
  barcode: string | null;
  option_values: string[];
  product_title: string;
  description: string;
  option_names: string[] | null;
  image_urls: string[] | null;
  translations: ListingText[] | null;
}

/** A group's SKUs on the channel: every listing of the product on sale or on its way. */
interface GroupMember {
  product_id: string;
  sku: string;
  option_values: string[];
}

export interface DraftOptions {
  /** The channel's locales, the first its main one (listing.locale.ts); default the catalogue's. */
  locales?: string[];
  /** Also describe each draft's variation group (its product's SKUs on the channel): the listing job wants it, price pushes do not. */
  groups?: boolean;
  /**
   * Filled with the listings that could not be priced (no exchange rate yet), which get no
   * draft: each fails alone and the rest of the batch goes on.
   */
  priceRefusals?: Map<string, PriceRefusal>;
}

/** The text of a listing's locale among its product's: the translation's description, the catalogue's in zh-CN, else none. */
function descriptionIn(texts: ListingText[], locale: string): string | null {
  const own = texts.find((t) => t.locale.toLowerCase() === locale.toLowerCase());
  return own?.description?.trim() ? own.description : null;
}

/**
 * Each listing as the marketplace should show it now: title and description in the listing's
 * locale with every translation the product has, price under the channel's rule and the sale
 * price beside it, sellable quantity, option values, and (when asked) its variation group.
 */
export async function draftsFor(ctx: Context, channel: ChannelRow, listings: ListingRow[], options: DraftOptions = {}): Promise<Map<string, ListingDraft>> {
  const out = new Map<string, ListingDraft>();
  if (!listings.length) return out;
  const locales = options.locales?.length ? options.locales : [CATALOG_LOCALE];
  const sources = await selectRows<DraftSource>(
    ctx.em,
    `select l.id, v.id as variant_id, p.id as product_id, v.price::text as variant_price, v.barcode, v.option_values, p.title as product_title, p.description,
            (select array_agg(o.name order by o.position) from product_option o where o.product_id = p.id) as option_names,
            (select array_agg(i.url order by i.position) from product_image i where i.product_id = p.id) as image_urls,
            (select json_agg(json_build_object('locale', t.locale, 'title', t.title, 'description', t.description) order by t.locale)
               from product_translation t where t.product_id = p.id) as translations
       from listing l join variant v on v.id = l.variant_id join product p on p.id = v.product_id
      where l.id = any(?::uuid[])`,
    [pgArray(listings.map((l) => l.id))],
  );
  const quantities = await channelAvailabilities(ctx, channel.key, sources.map((s) => s.variant_id));
  const byId = new Map(sources.map((s) => [s.id, s]));
  const textsOf = (s: DraftSource): ListingText[] => [
    { locale: CATALOG_LOCALE, title: s.product_title, description: s.description || null },
    ...(s.translations ?? []).filter((t) => t.locale !== CATALOG_LOCALE).map((t) => ({ locale: t.locale, title: t.title, description: t.description || null })),
  ];
  const groups = options.groups ? await groupsOf(ctx, channel, sources, listings, locales, textsOf) : new Map<string, ListingGroup>();
  // Finance's rate now, once for the batch, when the channel's rule converts with the rate table.
  const tableRate = usesRateTable(channel.price_rule) ? await currentRate(ctx, ctx.config.baseCurrency, channel.currency.trim()) : null;
  // A channel covering several marketplaces (eBay sites, Amazon marketplaces): each draft says its price and text on each.
  const module = connectorFor(channel.kind);
  const marketplaces = module?.marketplaces?.length ? channelMarketplaces(module, channel) : [];
  const book: RateBook | null = marketplaces.length ? await rateBook(ctx, marketCurrencies(channel, marketplaces)) : null;
  for (const l of listings) {
    const s = byId.get(l.id);
    if (!s) continue;
    let price: string;
    try {
      price = listingPrice(l.price, s.variant_price, channel, tableRate);
    } catch (err) {
      if (!(err instanceof PriceRuleError)) throw err;
      options.priceRefusals?.set(l.id, { code: err.code, message: err.message });
      continue;
    }
    const names = s.option_names ?? [];
    const optionText = s.option_values.length ? s.option_values.map((v, i) => (names[i] ? `${names[i]}:${v}` : v)).join(';') : null;
    const texts = textsOf(s);
    const locale = l.locale ?? locales[0];
    out.set(l.id, {
      sku: l.sku,
      title: l.title,
      description: locale === CATALOG_LOCALE ? s.description || null : descriptionIn(texts, locale),
      categoryId: l.category_id,
      attributes: l.attributes ?? {},
      price,
      salePrice: l.sale_price == null ? null : fixedMoney(l.sale_price),
      currency: channel.currency.trim(),
      quantity: quantities.get(s.variant_id) ?? 0,
      imageUrls: s.image_urls ?? [],
      optionText,
      options: s.option_values.map((value, i) => ({ name: names[i] ?? `option${i + 1}`, value })),
      barcode: s.barcode,
      locale,
      translations: texts,
      group: groups.get(s.product_id) ?? null,
    });
    if (book) {
      const d = out.get(l.id)!;
      const { markets, refusals } = marketsOf(
        channel,
        marketplaces,
        { fixedPrice: l.price, variantPrice: s.variant_price, price: d.price, salePrice: d.salePrice ?? null, title: d.title, locale, description: d.description ?? null, texts },
        book,
        ctx.config.baseCurrency,
      );
      d.markets = markets;
      if (refusals.length) d.marketRefusals = refusals;
    }
  }
  return out;
}

/** "88.5" → "88.50": the sale price as a two-decimal amount (numeric(14,2) already is one). */
function fixedMoney(amount: string): string {
  const [int, frac = ''] = amount.split('.');
  return `${int}.${frac.padEnd(2, '0').slice(0, 2)}`;
}

/** The variation group of each product of these listings: its SKUs on the channel, its option axes, its text in the channel's locale. */
async function groupsOf(
  ctx: Context,
  channel: ChannelRow,
  sources: DraftSource[],
  listings: ListingRow[],
  locales: string[],
  textsOf: (s: DraftSource) => ListingText[],
): Promise<Map<string, ListingGroup>> {
  const productIds = [...new Set(sources.map((s) => s.product_id))];
  const members = await selectRows<GroupMember>(
    ctx.em,
    `select v.product_id, l.sku, v.option_values from listing l join variant v on v.id = l.variant_id
      where l.channel_id = ? and v.product_id = any(?::uuid[]) and (l.status in ('PUBLISHING', 'PENDING', 'ACTIVE') or l.id = any(?::uuid[]))
      order by v.position, l.sku`,
    [channel.id, pgArray(productIds), pgArray(listings.map((l) => l.id))],
  );
  const out = new Map<string, ListingGroup>();
  for (const productId of productIds) {
    const s = sources.find((x) => x.product_id === productId)!;
    const mine = members.filter((m) => m.product_id === productId);
    const names = s.option_names ?? [];
    const texts = textsOf(s);
    const text = pickText(texts, locales);
    out.set(productId, {
      key: productId,
      title: text.title,
      description: text.description ?? null,
      locale: text.locale,
      translations: texts,
      imageUrls: s.image_urls ?? [],
      // The values in the order the SKUs first use them, so an axis reads as the product lists it.
      options: names.map((name, i) => ({ name, values: [...new Set(mine.map((m) => m.option_values[i]).filter((v): v is string => v != null))] })),
      skus: mine.map((m) => m.sku),
    });
  }
  return out;
}

/**
 * The SQL condition (on listing `l`) of `listings(filter: {missingTranslation})`: listings not
 * delisted, on a channel whose marketplace lists only in the channel's languages, whose product
 * has no title and description in the channel's main language (the product's own text counts
 * for Chinese, a translation of any locale of that language for the rest), as the listing job
 * judges them (listing.locale.ts). Computed from the catalogue now, so a listing leaves the list
 * as soon as its translation is added, before it is published again. `missing: false` is the rest.
 */
export async function missingTranslationCondition(em: EntityManager, missing: boolean): Promise<{ sql: string; params: unknown[] }> {
  const channels = await selectRows<ChannelRow>(em, `select ${CHANNEL_COLUMNS} from channel c order by c.id`);
  const languages = channels.flatMap((c) => {
    const module = connectorFor(c.kind);
    return needsLocaleText(module) ? [{ channel_id: c.id, lang: languageOf(channelLocales(c, module)[0]) }] : [];
  });
  const condition = `(l.status <> 'DELISTED' and exists (
      select 1 from jsonb_to_recordset(?::jsonb) as m(channel_id uuid, lang text), variant v join product p on p.id = v.product_id
       where m.channel_id = l.channel_id and v.id = l.variant_id
         and not (m.lang = ? and btrim(p.title) <> '' and btrim(coalesce(p.description, '')) <> '')
         and not exists (select 1 from product_translation t
                          where t.product_id = p.id and lower(split_part(replace(t.locale, '_', '-'), '-', 1)) = m.lang
                            and btrim(t.title) <> '' and btrim(t.description) <> '')))`;
  return { sql: missing ? condition : `not ${condition}`, params: [JSON.stringify(languages), languageOf(CATALOG_LOCALE)] };
}
