import type { EntityManager } from '@mikro-orm/postgresql';
import type { AttributeValue, ConnectorModule, ListingText } from '../../connectors/sdk/types';
import { selectRows } from '../common/sql';
import { DEMO_FEATURED_PRODUCTS } from '../db/seed/demo-stock';
import type { ChannelRow } from './channel.queries';
import { publishesGroups } from './listing.groups';
import { channelLocales, pickText } from './listing.locale';

/**
 * The demo's listings on an overseas channel (`SIMULATORS=1`): the catalogue's first products
 * (the six suits and two shirts, as on Taobao) wait as DRAFT listings in the channel's language,
 * so one LISTINGS sync (`syncChannel(scopes: [LISTINGS])`) publishes them. Each takes the
 * product's text in the channel's main locale (the demo catalogue has en-US for all, de-DE and
 * fr-CA for the suits and shirts: a channel on several marketplaces shows each its own, eBay.de
 * in German and Amazon.ca, by the channel's language setting, in French), the marketplace's
 * category for the product's catalogue category and the attributes the marketplace asks for (the
 * product's brand among them), as the channel's kind says (DemoListingSetup); its price comes
 * from the channel's rule. Listings staff have made or changed are left as they are.
 */

/** How many of the catalogue's first active products the demo lists. */
export const DEMO_LISTED_PRODUCTS = DEMO_FEATURED_PRODUCTS;

/** A marketplace category the demo lists a catalogue category in, with what its listings say there. */
export interface DemoCategory {
  categoryId: string;
  /** Attributes (AliExpress attributes, eBay aspects) of every listing in it. */
  attributes?: Record<string, AttributeValue>;
}

/** How a marketplace's demo listings are set up. */
export interface DemoListingSetup {
  /** By the catalogue category's path (服装/男装/西装): where the products of that category go. */
  categories?: Record<string, DemoCategory>;
  /** The category of the products of any other catalogue category [the simulators take any leaf id; a real shop picks each product's]. */
  categoryId?: string;
  /** The attribute the product's brand goes in (AliExpress `brandName`, eBay's `Brand` aspect). */
  brandAttribute?: string;
  /** Attributes of every demo listing on the marketplace. */
  attributes?: Record<string, AttributeValue>;
}

interface DemoVariant {
  variant_id: string;
  product_id: string;
  sku: string;
  brand: string | null;
  category_path: string | null;
  has_options: boolean;
  texts: ListingText[];
}

/** The brand as a marketplace abroad reads it: the Latin part of 墨川 MOCHUAN. */
function latinBrand(brand: string | null): string | null {
  const latin = brand?.match(/[A-Za-z][A-Za-z0-9&'. -]*/)?.[0]?.trim();
  return latin || brand?.trim() || null;
}

/** The category and attributes of a demo listing of a product in `categoryPath` with `brand`. */
export function demoListingSetup(setup: DemoListingSetup, categoryPath: string | null, brand: string | null): { categoryId: string | null; attributes: Record<string, AttributeValue> } {
  const category = categoryPath ? setup.categories?.[categoryPath] : undefined;
  const latin = latinBrand(brand);
  return {
    categoryId: category?.categoryId ?? setup.categoryId ?? null,
    attributes: { ...setup.attributes, ...category?.attributes, ...(latin && setup.brandAttribute ? { [setup.brandAttribute]: latin } : {}) },
  };
}

/** Makes the demo's DRAFT listings of `channel`; returns how many it made. */
export async function draftDemoListings(em: EntityManager, channel: ChannelRow, module: ConnectorModule, setup: DemoListingSetup): Promise<number> {
  const locales = channelLocales(channel, module);
  const variants = await selectRows<DemoVariant>(
    em,
    `with recursive category_path(id, path) as (
       select c.id, c.name::text from category c where c.parent_id is null
       union all
       select c.id, cp.path || '/' || c.name from category c join category_path cp on c.parent_id = cp.id),
     first_products as (
       select p.id from product p where p.status = 'ACTIVE'
          and not exists (select 1 from variant bv join bundle_component b on b.bundle_id = bv.id where bv.product_id = p.id)
        order by p.created_at, p.id limit ?)
     select v.id as variant_id, p.id as product_id, v.sku, p.brand,
            (select cp.path from category_path cp where cp.id = p.category_id) as category_path,
            exists (select 1 from product_option o where o.product_id = p.id) as has_options,
            jsonb_build_array(jsonb_build_object('locale', 'zh-CN', 'title', p.title, 'description', p.description))
              || coalesce((select jsonb_agg(jsonb_build_object('locale', t.locale, 'title', t.title, 'description', t.description) order by t.locale)
                             from product_translation t where t.product_id = p.id), '[]'::jsonb) as texts
       from first_products f join product p on p.id = f.id join variant v on v.product_id = p.id
      where v.status = 'ACTIVE'
      order by p.created_at, p.id, v.position, v.sku`,
    [DEMO_LISTED_PRODUCTS],
  );
  if (!variants.length) return 0;
  const rows = variants.map((v) => {
    const text = pickText(v.texts, locales);
    const { categoryId, attributes } = demoListingSetup(setup, v.category_path, v.brand);
    return {
      variant_id: v.variant_id,
      sku: v.sku,
      title: text.title,
      locale: text.locale,
      category_id: categoryId,
      attributes,
      // One marketplace product of all the product's SKUs where the marketplace lists variation groups.
      group_key: publishesGroups(module) && v.has_options ? v.product_id : null,
    };
  });
  const made = await selectRows<{ id: string }>(
    em,
    `insert into listing as l (id, channel_id, variant_id, sku, title, locale, category_id, attributes, currency, status, group_key)
     select gen_random_uuid(), ?, x.variant_id, x.sku, x.title, x.locale, x.category_id, x.attributes, ?, 'DRAFT', x.group_key
       from jsonb_to_recordset(?::jsonb) as x(variant_id uuid, sku text, title text, locale text, category_id text, attributes jsonb, group_key text)
     on conflict (channel_id, variant_id) do nothing
     returning l.id`,
    [channel.id, channel.currency.trim(), JSON.stringify(rows)],
  );
  return made.length;
}
