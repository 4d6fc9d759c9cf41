import type { EntityManager } from '@mikro-orm/postgresql';
import type { Context } from '../context';
import { pgArray, selectRows } from '../common/sql';
import { channelAvailabilities } from '../inventory/channel-availability.service';
import type { ListingDraft, ListingRef } from '../../connectors/sdk/types';
import type { ChannelRow } from './channel.rows';
import { applyPriceRule } from './price-rule';
import { ListingStatus, ListingAction } from './sync.types';

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
  attributes: Record<string, string>;
  price: string | null;
  currency: string;
  status: ListingStatus;
  last_pushed_quantity: number | null;
  last_pushed_price: string | null;
  last_pushed_at: string | null;
  last_error_code: string | null;
  last_error_message: string | null;
  created_at: string;
  updated_at: string;
}

export const LISTING_COLUMNS = `l.id, l.channel_id, l.variant_id, l.sku, l.item_id, l.sku_id, l.extra, l.title, l.category_id, l.attributes,
  l.price::text as price, l.currency, l.status, l.last_pushed_quantity, l.last_pushed_price::text as last_pushed_price, l.last_pushed_at,
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

/** The price a listing sells at on its channel: its own, or the channel's rule applied to the variant's price. */
export function listingPrice(listingPriceValue: string | null, variantPrice: string, channel: Pick<ChannelRow, 'price_rule'>): string {
  return listingPriceValue ?? applyPriceRule(variantPrice, channel.price_rule);
}

interface DraftSource {
  id: string;
  variant_id: string;
  variant_price: string;
  barcode: string | null;
  option_values: string[];
  description: string;
  option_names: string[] | null;
  image_urls: string[] | null;
}

/** Each listing as the marketplace should show it now: title, price under the channel's rule, sellable quantity. */
export async function draftsFor(ctx: Context, channel: ChannelRow, listings: ListingRow[]): Promise<Map<string, ListingDraft>> {
  const out = new Map<string, ListingDraft>();
  if (!listings.length) return out;
  const sources = await selectRows<DraftSource>(
    ctx.em,
    `select l.id, v.id as variant_id, v.price::text as variant_price, v.barcode, v.option_values, p.description,
            (select array_agg(o.name order by o.position) from product_option o where o.product_id = p.id) as option_names,
            (select array_agg(i.url order by i.position) from product_image i where i.product_id = p.id) as image_urls
       from listing l join variant v on v.id = l.variant_id join product p on p.id = v.product_id
      where l.id = any(?::uuid[])`,
    [pgArray(listings.map((l) => l.id))],
  );
  const quantities = await channelAvailabilities(ctx, channel.key, sources.map((s) => s.variant_id));
  const byId = new Map(sources.map((s) => [s.id, s]));
  for (const l of listings) {
    const s = byId.get(l.id);
    if (!s) continue;
    const names = s.option_names ?? [];
    const optionText = s.option_values.length ? s.option_values.map((v, i) => (names[i] ? `${names[i]}:${v}` : v)).join(';') : null;
    out.set(l.id, {
      sku: l.sku,
      title: l.title,
      description: s.description || null,
      categoryId: l.category_id,
      attributes: l.attributes ?? {},
      price: listingPrice(l.price, s.variant_price, channel),
      currency: channel.currency,
      quantity: quantities.get(s.variant_id) ?? 0,
      imageUrls: s.image_urls ?? [],
      optionText,
      barcode: s.barcode,
    });
  }
  return out;
}

function run(em: EntityManager, sql: string, params: unknown[]): Promise<unknown> {
  return em.getConnection().execute(sql, params, 'run', em.getTransactionContext());
}

export interface EventInput {
  listingId: string;
  action: ListingAction;
  request: unknown;
  ok: boolean;
  errorCode?: string | null;
  errorMessage?: string | null;
}

/** Writes push-history rows in one statement. */
export async function recordListingEvents(em: EntityManager, events: EventInput[]): Promise<void> {
  if (!events.length) return;
  await run(
    em,
    `insert into listing_event (listing_id, action, request, ok, error_code, error_message)
     select x.l, x.a, x.r, x.ok, x.c, x.m from jsonb_to_recordset(?::jsonb) as x(l uuid, a text, r jsonb, ok boolean, c text, m text)`,
    [JSON.stringify(events.map((e) => ({ l: e.listingId, a: e.action, r: e.request ?? null, ok: e.ok, c: e.errorCode ?? null, m: e.errorMessage ?? null })))],
  );
}
