import type { Context } from '../context';
import { forbidden, UserError, userError } from '../common/errors';
import { toGlobalId, uuidOf } from '../common/ids';
import { BundleComponentInput, VariantInput, VariantUpdateInput } from './catalog.inputs';
import { BundleComponentEntity, ProductEntity, ProductOptionEntity, VariantEntity } from './catalog.entities';
import { Variant } from './catalog.types';
import { checkNewVariants, checkVariant } from './product.validation';
import { assertCostWrite, existingSkus, persistVariants, productNode } from './product.service';
import { refreshSearchText } from './search-index.service';
import { AddVariantsPayload, DeletePayload, VariantPayload } from './catalog.payloads';
import { beforeCommit } from '../common/before-commit';
import { recordAvailabilityChanges } from '../inventory';
import { checkUnits } from '../common/limits';
import { selectRows } from '../common/sql';
import { channelReach, reachesChannel } from '../staff/channel-scope';
import { P } from '../staff/permissions';

async function axesOf(ctx: Context, product: ProductEntity): Promise<{ name: string; values: string[] }[]> {
  const options = await ctx.em.find(ProductOptionEntity, { product }, { orderBy: { position: 'asc' } });
  return options.map((o) => ({ name: o.name, values: o.values }));
}

async function variantNode(ctx: Context, id: string): Promise<Variant | null> {
  ctx.loaders.clearAll();
  const row = await ctx.loaders.catalog.variantById.load(id);
  return row ? Variant.fromRow(row) : null;
}

/** Finds a variant by global id or, failing that, by SKU. */
async function findVariant(ctx: Context, idOrSku: string): Promise<VariantEntity | null> {
  const id = uuidOf('Variant', idOrSku);
  if (id) return ctx.em.findOne(VariantEntity, { id }, { populate: ['product'] });
  return ctx.em.findOne(VariantEntity, { sku: idOrSku }, { populate: ['product'] });
}

/** addVariants: new SKUs for an existing product, each with one value per option axis. */
export async function addVariants(ctx: Context, productGlobalId: string, variants: VariantInput[]): Promise<AddVariantsPayload> {
  assertCostWrite(ctx, variants);
  const id = uuidOf('Product', productGlobalId);
  const product = id ? await ctx.em.findOne(ProductEntity, { id }) : null;
  if (!product) return { product: null, variants: [], userErrors: [userError('NOT_FOUND', 'No product has this id', 'productId')] };
  const axes = await axesOf(ctx, product);
  const errors: UserError[] = [];
  checkNewVariants(variants, axes, ['variants'], errors);
  const existing = await ctx.em.find(VariantEntity, { product });
  const combos = new Set(existing.map((v) => JSON.stringify(v.optionValues)));
  variants.forEach((v, i) => {
    if (axes.length && combos.has(JSON.stringify(v.optionValues ?? []))) {
      errors.push(userError('DUPLICATE_VARIANT_OPTIONS', `A variant with ${(v.optionValues ?? []).join(' / ')} already exists`, ['variants', i, 'optionValues']));
    }
  });
  const taken = await existingSkus(ctx, variants.map((v) => v.sku));
  variants.forEach((v, i) => {
    if (taken.has(v.sku.toUpperCase())) errors.push(userError('DUPLICATE_SKU', `SKU ${v.sku} already exists`, ['variants', i, 'sku']));
  });
  if (errors.length) return { product: null, variants: [], userErrors: errors };
  const created = persistVariants(ctx, product, variants, existing.length);
  await ctx.em.flush();
  await refreshSearchText(ctx.em, [product.id]);
  const nodes = (await Promise.all(created.map((v) => variantNode(ctx, v.id)))).filter((v): v is Variant => !!v);
  return { product: await productNode(ctx, product.id), variants: nodes, userErrors: [] };
}

/** updateVariant: changes price, SKU, option values, barcode, weight or status of one variant. */
export async function updateVariant(ctx: Context, idOrSku: string, input: VariantUpdateInput): Promise<VariantPayload> {
  assertCostWrite(ctx, [input]);
  const variant = await findVariant(ctx, idOrSku);
  if (!variant) return { variant: null, userErrors: [userError('NOT_FOUND', 'No variant has this id or SKU', 'id')] };
  const errors: UserError[] = [];
  const axes = input.optionValues ? await axesOf(ctx, variant.product) : undefined;
  checkVariant(input, axes, [], errors);
  if (input.sku && input.sku.toUpperCase() !== variant.sku.toUpperCase() && (await existingSkus(ctx, [input.sku])).size) {
    errors.push(userError('DUPLICATE_SKU', `SKU ${input.sku} already exists`, 'sku'));
  }
  if (input.optionValues && axes?.length) {
    const sibling = await ctx.em.findOne(VariantEntity, { product: variant.product, optionValues: input.optionValues, id: { $ne: variant.id } });
    if (sibling) errors.push(userError('DUPLICATE_VARIANT_OPTIONS', `Variant ${sibling.sku} already has these option values`, 'optionValues'));
  }
  if (errors.length) return { variant: null, userErrors: errors };
  if (input.sku != null) variant.sku = input.sku.trim();
  if (input.optionValues != null) variant.optionValues = input.optionValues;
  if (input.price != null) variant.price = input.price;
  if (input.costPrice != null) variant.costPrice = input.costPrice;
  if (input.barcode != null) variant.barcode = input.barcode || null;
  if (input.weightGrams != null) variant.weightGrams = input.weightGrams;
  if (input.status != null) variant.status = input.status;
  variant.updatedAt = new Date();
  await ctx.em.flush();
  await refreshSearchText(ctx.em, [variant.product.id]);
  return { variant: await variantNode(ctx, variant.id), userErrors: [] };
}

/**
 * Removing a variant takes its listings along and unmaps the order lines that sold it, on
 * whichever channel they are: a person whose catalog.write is limited to some channels removes
 * only a variant that no other channel lists or sold, and no manual order (FORBIDDEN otherwise,
 * naming no channel).
 */
async function requireReachOfVariant(ctx: Context, variantId: string): Promise<void> {
  if (channelReach(ctx.actor, [P.CatalogWrite]) === null) return;
  const rows = await selectRows<{ key: string | null }>(
    ctx.em,
    `select c.key from listing l join channel c on c.id = l.channel_id where l.variant_id = ?
     union select o.channel_id from order_line ol join sales_order o on o.id = ol.order_id where ol.variant_id = ?`,
    [variantId, variantId],
  );
  if (rows.every((r) => reachesChannel(ctx.actor, r.key, [P.CatalogWrite]))) return;
  throw forbidden('This variant is listed or sold on a channel you may not act on: removing it would take that channel’s listings and order lines along');
}

/** removeVariant: deletes a variant that no bundle uses. */
export async function removeVariant(ctx: Context, idOrSku: string): Promise<DeletePayload> {
  const variant = await findVariant(ctx, idOrSku);
  if (!variant) return { deletedId: null, userErrors: [userError('NOT_FOUND', 'No variant has this id or SKU', 'id')] };
  await requireReachOfVariant(ctx, variant.id);
  const usedIn = await ctx.em.find(BundleComponentEntity, { component: variant }, { populate: ['bundle'] });
  if (usedIn.length) {
    return {
      deletedId: null,
      userErrors: [userError('VARIANT_IN_BUNDLE', `The variant is a component of ${usedIn.map((b) => b.bundle.sku).join(', ')}; remove it from those bundles first`, 'id')],
    };
  }
  const productId = variant.product.id;
  const globalId = toGlobalId('Variant', variant.id);
  await ctx.em.removeAndFlush(variant);
  await refreshSearchText(ctx.em, [productId]);
  return { deletedId: globalId, userErrors: [] };
}

/**
 * setBundleComponents: makes a variant a bundle of other variants (a suit with its tie and
 * belt). Components cannot be bundles themselves, so stock derivation never loops.
 * An empty list turns the bundle back into an ordinary variant.
 */
export async function setBundleComponents(ctx: Context, bundleIdOrSku: string, components: BundleComponentInput[]): Promise<VariantPayload> {
  const bundle = await findVariant(ctx, bundleIdOrSku);
  if (!bundle) return { variant: null, userErrors: [userError('NOT_FOUND', 'No variant has this id or SKU', 'bundleId')] };
  const errors: UserError[] = [];
  const seen = new Set<string>();
  const resolved: { entity: VariantEntity; quantity: number }[] = [];
  for (const [i, c] of components.entries()) {
    checkUnits(c.quantity, ['components', i, 'quantity'], errors, { what: 'A component quantity' });
    if (seen.has(c.sku.toUpperCase())) errors.push(userError('DUPLICATE_SKU', `${c.sku} is listed twice`, ['components', i, 'sku']));
    seen.add(c.sku.toUpperCase());
    const entity = await ctx.em.findOne(VariantEntity, { sku: c.sku });
    if (!entity) {
      errors.push(userError('UNKNOWN_SKU', `No variant has SKU ${c.sku}`, ['components', i, 'sku']));
      continue;
    }
    if (entity.id === bundle.id) errors.push(userError('BUNDLE_CYCLE', 'A bundle cannot contain itself', ['components', i, 'sku']));
    else if (await ctx.em.count(BundleComponentEntity, { bundle: entity })) {
      errors.push(userError('NESTED_BUNDLE', `${c.sku} is itself a bundle; list its components instead`, ['components', i, 'sku']));
    }
    resolved.push({ entity, quantity: c.quantity });
  }
  if (components.length && (await ctx.em.count(BundleComponentEntity, { component: bundle }))) {
    errors.push(userError('NESTED_BUNDLE', `${bundle.sku} is a component of another bundle, so it cannot be a bundle`, 'bundleId'));
  }
  if (errors.length) return { variant: null, userErrors: errors };
  await ctx.em.nativeDelete(BundleComponentEntity, { bundle });
  for (const r of resolved) ctx.em.create(BundleComponentEntity, { bundle, component: r.entity, quantity: r.quantity });
  await ctx.em.flush();
  // What channels may sell of the bundle follows from its new components.
  beforeCommit(ctx.em, `catalog:bundle:${bundle.id}`, async () => void (await recordAvailabilityChanges(ctx, [bundle.id])));
  return { variant: await variantNode(ctx, bundle.id), userErrors: [] };
}

