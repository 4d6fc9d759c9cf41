import type { Context } from '../context';
import { forbidden, UserError, userError } from '../common/errors';
import { uuidOf } from '../common/ids';
import { can } from '../staff/actor';
import { P } from '../staff/permissions';
import { CreateProductInput, TranslationInput, UpdateProductInput, VariantInput } from './catalog.inputs';
import { CategoryEntity, ProductEntity, ProductImageEntity, ProductOptionEntity, ProductTranslationEntity, VariantEntity } from './catalog.entities';
import { Product, ProductStatus } from './catalog.types';
import { checkImages, checkNewVariants, checkOptions, checkOptionValues, checkTitle, checkTranslations, isDefaultLocale } from './product.validation';
import { refreshSearchText } from './search-index.service';
import { ProductPayload } from './catalog.payloads';
import { inList, selectRows } from '../common/sql';

/** Reloads a product through the request's loaders after a write. */
export async function productNode(ctx: Context, id: string): Promise<Product | null> {
  ctx.loaders.clearAll();
  const row = await ctx.loaders.catalog.productById.load(id);
  return row ? Product.fromRow(row) : null;
}

/** Refuses cost prices from callers without cost.write, without echoing the value. */
export function assertCostWrite(ctx: Context, variants: { costPrice?: string | null }[]): void {
  if (variants.some((v) => v.costPrice != null) && !can(ctx.actor, P.CostWrite)) {
    throw forbidden('Setting a cost price needs the permission cost.write');
  }
}

/** SKUs of the list that already exist in the catalogue (case-insensitive). */
export async function existingSkus(ctx: Context, skus: string[]): Promise<Set<string>> {
  if (skus.length === 0) return new Set();
  const rows = await selectRows<{ sku: string }>(ctx.em, `select sku from variant where upper(sku) in (${inList(skus.length)})`, skus.map((s) => s.toUpperCase()));
  return new Set(rows.map((r) => r.sku.toUpperCase()));
}

/** Resolves a Category global id, adding a userError when it is unknown. */
export async function findCategory(ctx: Context, globalId: string, path: string, errors: UserError[]): Promise<CategoryEntity | undefined> {
  const id = uuidOf('Category', globalId);
  const found = id ? await ctx.em.findOne(CategoryEntity, { id }) : null;
  if (!found) errors.push(userError('UNKNOWN_CATEGORY', 'No category has this id', path));
  return found ?? undefined;
}

/** Adds variant entities for a product (already validated). */
export function persistVariants(ctx: Context, product: ProductEntity, variants: VariantInput[], firstPosition: number): VariantEntity[] {
  return variants.map((v, i) =>
    ctx.em.create(VariantEntity, {
      product,
      sku: v.sku.trim(),
      optionValues: v.optionValues ?? [],
      price: v.price,
      costPrice: v.costPrice ?? null,
      barcode: v.barcode ?? null,
      weightGrams: v.weightGrams ?? null,
      status: v.status ?? 'ACTIVE',
      position: firstPosition + i,
    }),
  );
}

/** Validates a new product with its variants; returns every problem at once. */
export async function validateNewProduct(ctx: Context, input: CreateProductInput, prefix: (string | number)[] = []): Promise<{ errors: UserError[]; category?: CategoryEntity }> {
  const errors: UserError[] = [];
  checkTitle(input.title, [...prefix, 'title'], errors);
  checkTranslations(input.translations, [...prefix, 'translations'], errors);
  checkOptions(input.options, [...prefix, 'options'], errors);
  checkImages(input.images, [...prefix, 'images'], errors);
  const options = (input.options ?? []).map((o) => ({ name: o.name.trim(), values: o.values }));
  const variants = input.variants ?? [];
  checkNewVariants(variants, options, [...prefix, 'variants'], errors);
  const taken = await existingSkus(ctx, variants.map((v) => v.sku));
  variants.forEach((v, i) => {
    if (taken.has(v.sku.toUpperCase())) errors.push(userError('DUPLICATE_SKU', `SKU ${v.sku} already exists`, [...prefix, 'variants', i, 'sku']));
  });
  const category = input.categoryId ? await findCategory(ctx, input.categoryId, [...prefix, 'categoryId'].join('.'), errors) : undefined;
  return { errors, category };
}

/** Persists a validated new product and its parts; returns the product entity (not yet flushed). */
export function persistNewProduct(ctx: Context, input: CreateProductInput, category: CategoryEntity | undefined): ProductEntity {
  const em = ctx.em;
  let title = input.title.trim();
  let description = input.description ?? '';
  // A zh-CN entry among the translations is the default text itself.
  const zh = input.translations?.find((t) => isDefaultLocale(t.locale));
  if (zh) {
    title = zh.title.trim();
    description = zh.description ?? description;
  }
  const product = em.create(ProductEntity, {
    title,
    description,
    status: input.status ?? ProductStatus.DRAFT,
    category: category ?? null,
    brand: input.brand?.trim() || null,
  });
  for (const t of input.translations ?? []) {
    if (isDefaultLocale(t.locale)) continue;
    em.create(ProductTranslationEntity, { product, locale: t.locale, title: t.title.trim(), description: t.description ?? '' });
  }
  (input.options ?? []).forEach((o, i) => em.create(ProductOptionEntity, { product, name: o.name.trim(), position: i, values: o.values }));
  (input.images ?? []).forEach((img, i) => em.create(ProductImageEntity, { product, url: img.url, alt: img.alt ?? '', position: i }));
  persistVariants(ctx, product, input.variants ?? [], 0);
  return product;
}

/** createProduct: validates everything, then writes the product, its variants and parts at once. */
export async function createProduct(ctx: Context, input: CreateProductInput): Promise<ProductPayload> {
  assertCostWrite(ctx, input.variants ?? []);
  if (input.images?.length && !can(ctx.actor, P.CatalogMedia)) throw forbidden('Adding images needs the permission catalog.media');
  const { errors, category } = await validateNewProduct(ctx, input);
  if (errors.length) return { product: null, userErrors: errors };
  const product = persistNewProduct(ctx, input, category);
  await ctx.em.flush();
  await refreshSearchText(ctx.em, [product.id]);
  return { product: await productNode(ctx, product.id), userErrors: [] };
}

const COPY_FIELDS = ['title', 'description', 'translations'] as const;
const WRITE_FIELDS = ['categoryId', 'clearCategory', 'status', 'brand', 'options'] as const;

/**
 * updateProduct: title, description and translations need catalog.copy; category, status,
 * brand and options need catalog.write. Asking for a field without its permission is FORBIDDEN.
 */
export async function updateProduct(ctx: Context, globalId: string, input: UpdateProductInput): Promise<ProductPayload> {
  const touches = (f: string) => (input as Record<string, unknown>)[f] != null;
  if (COPY_FIELDS.some(touches) && !can(ctx.actor, P.CatalogCopy)) throw forbidden('Changing titles, descriptions or translations needs the permission catalog.copy');
  if (WRITE_FIELDS.some(touches) && !can(ctx.actor, P.CatalogWrite)) throw forbidden('Changing category, status, brand or options needs the permission catalog.write');

  const id = uuidOf('Product', globalId);
  const product = id ? await ctx.em.findOne(ProductEntity, { id }) : null;
  if (!product) return { product: null, userErrors: [userError('NOT_FOUND', 'No product has this id', 'id')] };

  const errors: UserError[] = [];
  if (input.title != null) checkTitle(input.title, ['title'], errors);
  checkTranslations(input.translations, ['translations'], errors);
  let category: CategoryEntity | undefined;
  if (input.categoryId) category = await findCategory(ctx, input.categoryId, 'categoryId', errors);
  if (input.options) {
    checkOptions(input.options, ['options'], errors);
    const variants = await ctx.em.find(VariantEntity, { product }, { orderBy: { position: 'asc' } });
    const axes = input.options.map((o) => ({ name: o.name.trim(), values: o.values }));
    variants.forEach((v) => {
      const own: UserError[] = [];
      checkOptionValues(v.optionValues, axes, ['options'], own);
      if (own.length) errors.push(userError('OPTION_VALUES_MISMATCH', `Variant ${v.sku} (${v.optionValues.join(' / ')}) would not fit the new options; change the variant first`, 'options'));
    });
  }
  if (errors.length) return { product: null, userErrors: errors };

  if (input.title != null) product.title = input.title.trim();
  if (input.description != null) product.description = input.description;
  if (input.status != null) product.status = input.status;
  if (input.brand !== undefined && input.brand !== null) product.brand = input.brand.trim() || null;
  if (category) product.category = category;
  else if (input.clearCategory) product.category = null;
  await applyTranslations(ctx, product, input.translations ?? []);
  if (input.options) {
    await ctx.em.nativeDelete(ProductOptionEntity, { product });
    input.options.forEach((o, i) => ctx.em.create(ProductOptionEntity, { product, name: o.name.trim(), position: i, values: o.values }));
  }
  product.updatedAt = new Date();
  await ctx.em.flush();
  await refreshSearchText(ctx.em, [product.id]);
  return { product: await productNode(ctx, product.id), userErrors: [] };
}

/**
 * Adds or replaces translations of a product (validated already); a zh-CN entry is the
 * default text itself. An omitted description keeps the current one.
 */
export async function applyTranslations(ctx: Context, product: ProductEntity, translations: TranslationInput[]): Promise<void> {
  for (const t of translations) {
    if (isDefaultLocale(t.locale)) {
      product.title = t.title.trim();
      if (t.description != null) product.description = t.description;
      continue;
    }
    const existing = await ctx.em.findOne(ProductTranslationEntity, { product, locale: t.locale });
    if (existing) {
      existing.title = t.title.trim();
      if (t.description != null) existing.description = t.description;
    } else {
      ctx.em.create(ProductTranslationEntity, { product, locale: t.locale, title: t.title.trim(), description: t.description ?? '' });
    }
  }
  product.updatedAt = new Date();
}

/** archiveProduct: retires a product (status ARCHIVED); it leaves default lists but keeps its history. */
export async function archiveProduct(ctx: Context, globalId: string): Promise<ProductPayload> {
  const id = uuidOf('Product', globalId);
  const product = id ? await ctx.em.findOne(ProductEntity, { id }) : null;
  if (!product) return { product: null, userErrors: [userError('NOT_FOUND', 'No product has this id', 'id')] };
  product.status = ProductStatus.ARCHIVED;
  product.updatedAt = new Date();
  await ctx.em.flush();
  return { product: await productNode(ctx, product.id), userErrors: [] };
}

