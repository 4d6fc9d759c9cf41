import type { EntityManager } from '@mikro-orm/postgresql';
import type { Context } from '../context';
import { badInput, UserError, userError } from '../common/errors';
import { toGlobalId, uuidOf } from '../common/ids';
import { buildPage, ConnectionArgs, Page, pageRequest } from '../common/relay';
import { execute, pgArray, selectRows } from '../common/sql';
import { P } from '../staff/permissions';
import type { AttributeValue, Capability, ConnectorModule } from '../../connectors/sdk/types';
import { CHANNEL_COLUMNS, ChannelRow } from './channel.queries';
import { channelCondition, channelOf, requireOnChannel } from './channel.service';
import type { ListingJobData } from './jobs/job-data';
import { LISTING_COLUMNS, ListingRow, missingTranslationCondition } from './listing.queries';
import { readAttributeList, readAttributeObject } from './listing.attributes';
import { CATALOG_LOCALE, channelLocales, languageOf, pickText } from './listing.locale';
import { planListingJobs, publishesGroups } from './listing.groups';
import { connectorFor } from './registry';
import { Listing } from './listing.types';
import { DeleteListingsPayload, ListingPayload, ListingsPayload } from './listing.payloads';
import { ListingAttributeInput, ListingFilter, ListingIdsInput, PublishListingsInput, UpdateListingInput } from './listing.inputs';
import { enqueue, Q } from './queue';
import { createRun, RUN_COLUMNS, RunRow, setRunJobs } from './sync-run.service';
import { SyncRun } from './sync-run.types';
import type { ListingStatus } from './sync-vocabulary';

/**
 * Listings: a variant on a channel, published, changed and delisted from one place (上新,
 * 价格修改, 分类调整, 下架). The API writes the listing and enqueues the job that pushes it in
 * the same transaction, so a listing in PUBLISHING always has its job and a refused call
 * leaves neither. The worker does the marketplace calls (jobs/listing.job.ts).
 */

/** Most SKUs or ids one call may name: the jobs are enqueued one by one inside the transaction. */
export const MAX_LISTINGS_PER_CALL = 500;
const MONEY = /^\d{1,12}(\.\d{1,2})?$/;

// ---- reads -----------------------------------------------------------------------------

/** A page of listings, by id; channel-scoped staff see only their channels' listings. */
export async function listListings(ctx: Context, args: ConnectionArgs, filter?: ListingFilter | null): Promise<Page<Listing>> {
  const req = pageRequest(args, 1);
  const none = (): Page<Listing> => buildPage([], req, () => [], async () => 0, { after: false, before: false });
  let channelId = filter?.channelId;
  if (filter?.channelKey != null) {
    if (channelId != null) throw badInput('Give channelId or channelKey, not both');
    const [byKey] = await selectRows<{ id: string }>(ctx.em, 'select id from channel where key = ?', [filter.channelKey.trim().toLowerCase()]);
    if (!byKey) return none();
    channelId = toGlobalId('Channel', byKey.id);
  }
  const scope = await channelCondition(ctx, channelId, P.ChannelsRead, 'l.channel_id');
  if (!scope) return none();
  const conds = scope.conds;
  const params = scope.params;
  if (filter?.status) (conds.push('l.status = ?'), params.push(filter.status));
  if (filter?.sku != null) (conds.push('l.sku = ?'), params.push(filter.sku.trim()));
  if (filter?.missingTranslation != null) {
    const untranslated = await missingTranslationCondition(ctx.em, filter.missingTranslation);
    conds.push(untranslated.sql);
    params.push(...untranslated.params);
  }
  const where = conds.length ? conds.join(' and ') : 'true';
  const page = [where];
  const pageParams = [...params];
  if (req.cursor) {
    const [id] = req.cursor;
    if (typeof id !== 'string' || !/^[0-9a-f-]{36}$/.test(id)) return none();
    page.push(`l.id ${req.backward ? '<' : '>'} ?::uuid`);
    pageParams.push(id);
  }
  const dir = req.backward ? 'desc' : 'asc';
  const rows =
    req.limit === 0
      ? []
      : await selectRows<ListingRow>(ctx.em, `select ${LISTING_COLUMNS} from listing l where ${page.join(' and ')} order by l.id ${dir} limit ?`, [...pageParams, req.limit + 1]);
  const count = async () => (await selectRows<{ n: number }>(ctx.em, `select count(*)::int as n from listing l where ${where}`, params))[0].n;
  return buildPage(rows.map(Listing.fromRow), req, (l) => [l.dbId], count, { after: !!args.after, before: !!args.before });
}

interface ListingWithChannel {
  listing: ListingRow;
  channel: ChannelRow;
}

/** Listings by database id with their channels (locked when asked: the listing rows). */
async function listingsWithChannels(ctx: Context, ids: string[], lock = false): Promise<Map<string, ListingWithChannel>> {
  if (!ids.length) return new Map();
  const rows = await selectRows<ListingRow & { ch: ChannelRow }>(
    ctx.em,
    `select ${LISTING_COLUMNS}, (select row_to_json(x) from (select ${CHANNEL_COLUMNS} from channel c where c.id = l.channel_id) x) as ch
       from listing l where l.id = any(?::uuid[]) order by l.id${lock ? ' for update of l' : ''}`,
    [pgArray(ids)],
  );
  return new Map(rows.map(({ ch, ...listing }) => [listing.id, { listing: listing as ListingRow, channel: ch }]));
}

/** One listing; null when there is none, FORBIDDEN when the caller may not read its channel. */
export async function listingNode(ctx: Context, id: string): Promise<Listing | null> {
  const found = (await listingsWithChannels(ctx, [id])).get(id);
  if (!found) return null;
  requireOnChannel(ctx, found.channel, P.ChannelsRead);
  return Listing.fromRow(found.listing);
}

/** The channel of a key, or undefined when there is none. */
async function channelByKey(ctx: Context, key: string): Promise<ChannelRow | undefined> {
  const [row] = await selectRows<ChannelRow>(ctx.em, `select ${CHANNEL_COLUMNS} from channel c where c.key = ?`, [key.trim().toLowerCase()]);
  return row;
}

// ---- validation ------------------------------------------------------------------------

/** The attributes of an input: the list form, or the older JSON object; undefined when neither is given. */
function readAttributeInput(input: { attributeList?: ListingAttributeInput[] | null; attributes?: Record<string, unknown> | null }, errors: UserError[]): Record<string, AttributeValue> | undefined {
  if (input.attributeList != null && input.attributes != null) {
    errors.push(userError('INVALID_VALUE', 'Give attributeList or attributes, not both', 'attributeList'));
    return undefined;
  }
  if (input.attributes != null) return readAttributeObject(input.attributes, errors);
  if (input.attributeList == null) return undefined;
  return readAttributeList(input.attributeList, errors);
}

function readTitle(raw: string, errors: UserError[]): string {
  const t = raw.trim();
  if (!t || t.length > 200) errors.push(userError('INVALID_VALUE', 'A title is 1 to 200 characters', 'title'));
  return t;
}

function readPrice(raw: string, errors: UserError[], field = 'price'): string {
  if (!MONEY.test(raw)) errors.push(userError('INVALID_VALUE', `A ${field === 'price' ? 'price' : 'sale price'} is 0 or more with at most 2 decimals, e.g. "88.50"`, field));
  return raw;
}

/** Compares two amounts the MONEY pattern accepted, as integers of cents (never floats). */
function cents(amount: string): bigint {
  const [int, frac = ''] = amount.split('.');
  return BigInt(int) * 100n + BigInt(frac.padEnd(2, '0'));
}

/**
 * A sale price given for a channel: its marketplace must keep one (listingModel.salePrice), and
 * it must be below the regular price where that is a fixed price (under a price rule the
 * marketplace judges it when it is pushed).
 */
function readSalePrice(raw: string | null | undefined, module: ConnectorModule | undefined, errors: UserError[]): string | null | undefined {
  if (raw === undefined) return undefined;
  if (raw === null) return null;
  if (!module?.listingModel?.salePrice) {
    errors.push(userError('SALE_PRICE_NOT_SUPPORTED', `${module?.label ?? 'This marketplace'} keeps no sale price beside the regular price: set the price instead`, 'salePrice'));
    return undefined;
  }
  return readPrice(raw, errors, 'salePrice');
}

function saleBelowPrice(salePrice: string | null, price: string | null, field: string | (string | number)[], errors: UserError[]): void {
  if (salePrice == null || price == null || !MONEY.test(salePrice) || !MONEY.test(price)) return;
  if (cents(salePrice) >= cents(price)) errors.push(userError('SALE_PRICE_NOT_BELOW_PRICE', `The sale price ${salePrice} must be below the price ${price}`, field));
}

/** Why jobs cannot be sent on this channel now, or null. */
function channelRefusal(channel: ChannelRow, capability: Capability, field: string | (string | number)[]): UserError | null {
  if (channel.status !== 'ACTIVE') {
    return userError('CHANNEL_NOT_ACTIVE', `Channel ${channel.name} is ${channel.status}${channel.last_error ? ` (${channel.last_error})` : ''}; set it ACTIVE first`, field);
  }
  if (!channel.enabled_ops.includes(capability)) return userError('OPERATION_NOT_ENABLED', `${capability} is not enabled on channel ${channel.name}`, field);
  return null;
}

/**
 * Enqueues listing jobs with one run per channel (MANUAL, scope LISTINGS, for whoever asked), so
 * staff follow a publish, an update or a delist in syncRuns as any other sync. Returns the runs.
 */
async function enqueueListingJobs(ctx: Context, jobs: Omit<ListingJobData, 'runId'>[]): Promise<SyncRun[]> {
  const byChannel = new Map<string, Omit<ListingJobData, 'runId'>[]>();
  for (const j of jobs) byChannel.set(j.channelId, [...(byChannel.get(j.channelId) ?? []), j]);
  const runs: SyncRun[] = [];
  for (const [channelId, list] of byChannel) {
    const runId = await createRun(ctx.em, channelId, ['LISTINGS'], 'MANUAL', ctx.actor?.label ?? 'system');
    for (const j of list) await enqueue(ctx.em, Q.listing, { ...j, runId });
    await setRunJobs(ctx.em, runId, list.length);
    const [row] = await selectRows<RunRow>(ctx.em, `select ${RUN_COLUMNS} from sync_run r where r.id = ?`, [runId]);
    runs.push(SyncRun.fromRow(row));
  }
  return runs;
}

// ---- writes ----------------------------------------------------------------------------

interface VariantSource {
  id: string;
  sku: string;
  product_id: string;
  has_options: boolean;
  texts: { locale: string; title: string; description: string | null }[];
}

/** The product and option axes of listings' variants, for planning their jobs (groups). */
async function writesOf<L extends Pick<ListingRow, 'id' | 'variant_id'>>(ctx: Pick<Context, 'em'>, listings: L[], action: (l: L) => 'PUBLISH' | 'UPDATE' | 'DELIST') {
  const rows = listings.length
    ? await selectRows<{ id: string; product_id: string; has_options: boolean }>(
        ctx.em,
        `select v.id, v.product_id, exists (select 1 from product_option o where o.product_id = v.product_id) as has_options from variant v where v.id = any(?::uuid[])`,
        [pgArray([...new Set(listings.map((l) => l.variant_id))])],
      )
    : [];
  const byVariant = new Map(rows.map((r) => [r.id, r]));
  return listings.map((l) => ({ id: l.id, productId: byVariant.get(l.variant_id)!.product_id, hasOptions: byVariant.get(l.variant_id)!.has_options, action: action(l) }));
}

/**
 * The jobs that publish these listings of a channel (PUBLISH each, or PUBLISH_GROUP per product
 * on a marketplace of variation groups), for a LISTINGS sync run (run-start.ts).
 */
export async function publishJobsFor(em: EntityManager, channel: Pick<ChannelRow, 'id' | 'kind'>, listings: Pick<ListingRow, 'id' | 'variant_id'>[]): Promise<Omit<ListingJobData, 'runId'>[]> {
  return planListingJobs(connectorFor(channel.kind), channel.id, await writesOf({ em }, listings, () => 'PUBLISH'));
}

/**
 * Publishes variants on a channel: one listing per SKU (created, or updated when the channel
 * has one), then their jobs: PUBLISH, or UPDATE for a listing already on sale, one per listing;
 * on a marketplace that sells a product's SKUs as one item, one PUBLISH_GROUP per product.
 * Values not given keep the listing's own, or start from the catalogue (the title in the
 * channel's locale when the product has a translation for it).
 */
export async function publishListings(ctx: Context, input: PublishListingsInput): Promise<ListingsPayload> {
  const refuse = (...userErrors: UserError[]): ListingsPayload => ({ listings: [], syncRuns: [], userErrors });
  if ((input.channelId == null) === (input.channelKey == null)) return refuse(userError('INVALID_VALUE', 'Give the channel as channelId or as channelKey (one of them)', 'channelId'));
  const channel = input.channelKey != null ? await channelByKey(ctx, input.channelKey) : await channelOf(ctx, input.channelId);
  if (!channel) return refuse(input.channelKey != null ? userError('NOT_FOUND', 'No channel has this key', 'channelKey') : userError('NOT_FOUND', 'No channel has this id', 'channelId'));
  requireOnChannel(ctx, channel, P.ChannelsSync);
  const module = connectorFor(channel.kind);
  const errors: UserError[] = [];
  const skus = [...new Set(input.skus.map((s) => s.trim()))];
  if (!skus.length) errors.push(userError('INVALID_VALUE', 'Name at least one SKU', 'skus'));
  if (skus.length > MAX_LISTINGS_PER_CALL) return refuse(userError('TOO_MANY', `At most ${MAX_LISTINGS_PER_CALL} SKUs per call`, 'skus'));
  const title = input.title != null ? readTitle(input.title, errors) : undefined;
  const categoryId = input.categoryId === undefined ? undefined : input.categoryId?.trim() || null;
  const attributes = readAttributeInput(input, errors);
  const price = input.price === undefined ? undefined : input.price === null ? null : readPrice(input.price, errors);
  const salePrice = readSalePrice(input.salePrice, module, errors);

  const locales = channelLocales(channel, module);
  const variants = await selectRows<VariantSource>(
    ctx.em,
    `select v.id, v.sku, v.product_id, exists (select 1 from product_option o where o.product_id = v.product_id) as has_options,
            json_build_array(json_build_object('locale', ?::text, 'title', p.title, 'description', p.description))::jsonb
              || coalesce((select jsonb_agg(jsonb_build_object('locale', t.locale, 'title', t.title, 'description', t.description) order by t.locale)
                             from product_translation t where t.product_id = p.id and t.locale <> ?), '[]'::jsonb) as texts
       from variant v join product p on p.id = v.product_id where v.sku = any(?::text[])`,
    [CATALOG_LOCALE, CATALOG_LOCALE, pgArray(skus)],
  );
  const bySku = new Map(variants.map((v) => [v.sku, v]));
  input.skus.forEach((raw, i) => {
    const sku = raw.trim();
    if (!bySku.has(sku)) errors.push(userError('UNKNOWN_SKU', `No variant has the SKU ${sku || '(empty)'}`, ['skus', i]));
  });
  const existing = variants.length
    ? await selectRows<ListingRow>(
        ctx.em,
        `select ${LISTING_COLUMNS} from listing l where l.channel_id = ? and l.variant_id = any(?::uuid[]) order by l.id for update`,
        [channel.id, pgArray(variants.map((v) => v.id))],
      )
    : [];
  const byVariant = new Map(existing.map((l) => [l.variant_id, l]));
  const needs = new Set<Capability>();
  for (const v of variants) needs.add(byVariant.get(v.id)?.status === 'ACTIVE' ? 'listings.update' : 'listings.publish');
  for (const capability of needs) {
    const why = channelRefusal(channel, capability, 'channelId');
    if (why) errors.push(why);
  }
  if (!errors.length) {
    skus.forEach((sku, i) => {
      const l = byVariant.get(bySku.get(sku)!.id);
      saleBelowPrice(salePrice !== undefined ? salePrice : (l?.sale_price ?? null), price !== undefined ? price : (l?.price ?? null), ['skus', i], errors);
    });
  }
  if (errors.length) return refuse(...errors);

  const rows = skus.map((sku) => {
    const v = bySku.get(sku)!;
    const l = byVariant.get(v.id);
    const status: ListingStatus = l?.status === 'ACTIVE' ? 'ACTIVE' : 'PUBLISHING';
    // Staff's own title is in the channel's language; the catalogue's is the best text the product has for it.
    // A listing that took another language's text for want of a translation takes the translation once there is one.
    const picked = pickText(v.texts, locales);
    const stale = !!l && languageOf(l.locale ?? CATALOG_LOCALE) !== languageOf(locales[0]) && languageOf(picked.locale) === languageOf(locales[0]);
    const text = title !== undefined ? { title, locale: locales[0] } : l && !stale ? { title: l.title, locale: l.locale ?? CATALOG_LOCALE } : picked;
    return {
      variant_id: v.id,
      sku,
      title: text.title,
      locale: text.locale,
      category_id: categoryId !== undefined ? categoryId : (l?.category_id ?? null),
      attributes: attributes ?? l?.attributes ?? {},
      price: price !== undefined ? price : (l?.price ?? null),
      sale_price: salePrice !== undefined ? salePrice : (l?.sale_price ?? null),
      status,
      group_key: publishesGroups(module) && v.has_options ? v.product_id : (l?.group_key ?? null),
    };
  });
  const saved = await selectRows<ListingRow>(
    ctx.em,
    `insert into listing as l (id, channel_id, variant_id, sku, title, locale, category_id, attributes, price, sale_price, currency, status, group_key)
     select gen_random_uuid(), ?, x.variant_id, x.sku, x.title, x.locale, x.category_id, coalesce(x.attributes, '{}'), x.price, x.sale_price, ?, x.status, x.group_key
       from jsonb_to_recordset(?::jsonb) as x(variant_id uuid, sku text, title text, locale text, category_id text, attributes jsonb, price numeric, sale_price numeric, status text, group_key text)
     on conflict (channel_id, variant_id) do update set sku = excluded.sku, title = excluded.title, locale = excluded.locale, category_id = excluded.category_id,
       attributes = excluded.attributes, price = excluded.price, sale_price = excluded.sale_price, currency = excluded.currency, status = excluded.status,
       group_key = excluded.group_key, updated_at = now()
     returning ${LISTING_COLUMNS}`,
    [channel.id, channel.currency.trim(), JSON.stringify(rows)],
  );
  const bySavedSku = new Map(saved.map((l) => [l.sku, l]));
  const ordered = skus.map((sku) => bySavedSku.get(sku)!);
  const writes = await writesOf(ctx, ordered, (l) => (l.status === 'ACTIVE' ? 'UPDATE' : 'PUBLISH'));
  const syncRuns = await enqueueListingJobs(ctx, planListingJobs(module, channel.id, writes));
  return { listings: ordered.map(Listing.fromRow), syncRuns, userErrors: [] };
}

/**
 * Changes a listing's channel title, category, attributes, price or sale price. A listing on
 * sale (or being published, or waiting for the marketplace) gets an UPDATE job (a PUBLISH_GROUP
 * on a marketplace of variation groups, for its group); a DRAFT, ERROR or DELISTED one keeps the
 * change for its next publish.
 */
export async function updateListing(ctx: Context, input: UpdateListingInput): Promise<ListingPayload> {
  const refuse = (...userErrors: UserError[]): ListingPayload => ({ listing: null, syncRun: null, userErrors });
  const id = uuidOf('Listing', input.id);
  const found = id ? (await listingsWithChannels(ctx, [id], true)).get(id) : undefined;
  if (!found) return refuse(userError('NOT_FOUND', 'No listing has this id', 'id'));
  const { listing, channel } = found;
  requireOnChannel(ctx, channel, P.ChannelsSync);
  const module = connectorFor(channel.kind);
  const errors: UserError[] = [];
  const sets: string[] = [];
  const params: unknown[] = [];
  if (input.title != null) (sets.push('title = ?', 'locale = ?'), params.push(readTitle(input.title, errors), channelLocales(channel, module)[0]));
  if (input.categoryId !== undefined) (sets.push('category_id = ?'), params.push(input.categoryId?.trim() || null));
  const attributes = readAttributeInput(input, errors);
  if (attributes !== undefined) (sets.push('attributes = ?::jsonb'), params.push(JSON.stringify(attributes)));
  const price = input.price === undefined ? undefined : input.price === null ? null : readPrice(input.price, errors);
  if (price !== undefined) (sets.push('price = ?::numeric'), params.push(price));
  const salePrice = readSalePrice(input.salePrice, module, errors);
  if (salePrice !== undefined) (sets.push('sale_price = ?::numeric'), params.push(salePrice));
  if (!errors.length) saleBelowPrice(salePrice !== undefined ? salePrice : listing.sale_price, price !== undefined ? price : listing.price, 'salePrice', errors);
  // A PUBLISHING listing's job may already have read the old values: an UPDATE after it sends
  // the new ones (the job takes the listing's lock and re-reads it, so the two never overlap).
  const push = sets.length > 0 && (listing.status === 'ACTIVE' || listing.status === 'PUBLISHING' || listing.status === 'PENDING');
  if (push) {
    const why = channelRefusal(channel, 'listings.update', 'id');
    if (why) errors.push(why);
  }
  if (errors.length) return refuse(...errors);
  if (sets.length) await execute(ctx.em, `update listing set ${sets.join(', ')}, updated_at = now() where id = ?`, [...params, listing.id]);
  const [syncRun] = push ? await enqueueListingJobs(ctx, planListingJobs(module, channel.id, await writesOf(ctx, [listing], () => 'UPDATE'))) : [];
  const [after] = await selectRows<ListingRow>(ctx.em, `select ${LISTING_COLUMNS} from listing l where l.id = ?`, [listing.id]);
  return { listing: Listing.fromRow(after), syncRun: syncRun ?? null, userErrors: [] };
}

/** Reads and checks listing ids: the listings found (locked), or the errors. */
async function listingsForWrite(ctx: Context, input: ListingIdsInput): Promise<{ found: ListingWithChannel[]; errors: UserError[] }> {
  const errors: UserError[] = [];
  if (input.ids.length > MAX_LISTINGS_PER_CALL) return { found: [], errors: [userError('TOO_MANY', `At most ${MAX_LISTINGS_PER_CALL} listings per call`, 'ids')] };
  const ids = input.ids.map((g) => uuidOf('Listing', g));
  const byId = await listingsWithChannels(ctx, [...new Set(ids.filter((x): x is string => !!x))], true);
  const found: ListingWithChannel[] = [];
  const seen = new Set<string>();
  ids.forEach((id, i) => {
    const f = id ? byId.get(id) : undefined;
    if (!f) errors.push(userError('NOT_FOUND', 'No listing has this id', ['ids', i]));
    else if (!seen.has(f.listing.id)) (seen.add(f.listing.id), found.push(f));
  });
  for (const f of found) requireOnChannel(ctx, f.channel, P.ChannelsSync);
  return { found, errors };
}

/**
 * Takes listings off sale (下架). One on the marketplace gets a DELIST job (it stays ACTIVE
 * until the marketplace confirms); one that never reached the marketplace is DELISTED at once.
 */
export async function delistListings(ctx: Context, input: ListingIdsInput): Promise<ListingsPayload> {
  const { found, errors } = await listingsForWrite(ctx, input);
  const jobs: ListingWithChannel[] = [];
  const local: string[] = [];
  found.forEach((f, i) => {
    if (f.listing.status === 'DELISTED') return;
    // What the marketplace is still deciding about may land yet: it is delisted once it has.
    if (f.listing.status === 'PENDING') return void errors.push(userError('LISTING_PENDING', `${f.listing.sku} waits for the marketplace to process its last write; delist it once it has`, ['ids', i]));
    if (!f.listing.item_id) return void local.push(f.listing.id);
    const why = channelRefusal(f.channel, 'listings.delist', ['ids', i]);
    if (why) errors.push(why);
    else jobs.push(f);
  });
  if (errors.length) return { listings: [], syncRuns: [], userErrors: errors };
  if (local.length) await execute(ctx.em, `update listing set status = 'DELISTED', updated_at = now() where id = any(?::uuid[])`, [pgArray(local)]);
  const syncRuns = await enqueueListingJobs(ctx, jobs.map((f) => ({ channelId: f.channel.id, listingId: f.listing.id, action: 'DELIST' as const })));
  const after = await selectRows<ListingRow>(ctx.em, `select ${LISTING_COLUMNS} from listing l where l.id = any(?::uuid[])`, [pgArray(found.map((f) => f.listing.id))]);
  const byId = new Map(after.map((l) => [l.id, l]));
  return { listings: found.map((f) => Listing.fromRow(byId.get(f.listing.id)!)), syncRuns, userErrors: [] };
}

/**
 * Deletes listings from the product (删除). A listing still on sale must be delisted first; a
 * delisted one stays on the marketplace as an item off sale, which a new publish does not reuse.
 */
export async function deleteListings(ctx: Context, input: ListingIdsInput): Promise<DeleteListingsPayload> {
  const { found, errors } = await listingsForWrite(ctx, input);
  found.forEach((f, i) => {
    if (f.listing.status === 'PENDING') {
      errors.push(userError('LISTING_PENDING', `${f.listing.sku} waits for the marketplace to process its last write; it may be on sale once it has`, ['ids', i]));
    } else if (f.listing.item_id && f.listing.status !== 'DELISTED') {
      errors.push(userError('LISTING_ON_SALE', `${f.listing.sku} is ${f.listing.status} on the marketplace; delist it first`, ['ids', i]));
    }
  });
  if (errors.length) return { deletedIds: [], userErrors: errors };
  if (found.length) await execute(ctx.em, 'delete from listing where id = any(?::uuid[])', [pgArray(found.map((f) => f.listing.id))]);
  return { deletedIds: found.map((f) => toGlobalId('Listing', f.listing.id)), userErrors: [] };
}
