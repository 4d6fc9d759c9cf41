import type { Context } from '../context';
import { UserError, userError } from '../common/errors';
import { uuidOf } from '../common/ids';
import { ImageInput, TranslationInput } from './catalog.inputs';
import { ProductEntity, ProductImageEntity, ProductTranslationEntity } from './catalog.entities';
import { checkImages, checkTranslations, isDefaultLocale } from './product.validation';
import { applyTranslations, productNode } from './product.service';
import { refreshSearchText } from './search-index.service';
import { ProductPayload } from './catalog.payloads';

/** Copy (catalog.copy) and media (catalog.media): the parts of a product that copywriters and designers own. */

async function findProduct(ctx: Context, globalId: string): Promise<ProductEntity | null> {
  const id = uuidOf('Product', globalId);
  return id ? ctx.em.findOne(ProductEntity, { id }) : null;
}

const missing = (field: string): ProductPayload => ({ product: null, userErrors: [userError('NOT_FOUND', 'No product has this id', field)] });

/** setProductTranslations: adds or replaces titles and descriptions per locale (zh-CN is the default text). */
export async function setProductTranslations(ctx: Context, productId: string, translations: TranslationInput[]): Promise<ProductPayload> {
  const product = await findProduct(ctx, productId);
  if (!product) return missing('productId');
  const errors: UserError[] = [];
  checkTranslations(translations, ['translations'], errors);
  if (errors.length) return { product: null, userErrors: errors };
  await applyTranslations(ctx, product, translations);
  await ctx.em.flush();
  await refreshSearchText(ctx.em, [product.id]);
  return { product: await productNode(ctx, product.id), userErrors: [] };
}

/** removeProductTranslation: drops one non-default locale. */
export async function removeProductTranslation(ctx: Context, productId: string, locale: string): Promise<ProductPayload> {
  const product = await findProduct(ctx, productId);
  if (!product) return missing('productId');
  if (isDefaultLocale(locale)) return { product: null, userErrors: [userError('DEFAULT_LOCALE', 'The default locale cannot be removed; change it instead', 'locale')] };
  const n = await ctx.em.nativeDelete(ProductTranslationEntity, { product, locale });
  if (!n) return { product: null, userErrors: [userError('NOT_FOUND', `The product has no ${locale} translation`, 'locale')] };
  await refreshSearchText(ctx.em, [product.id]);
  return { product: await productNode(ctx, product.id), userErrors: [] };
}

async function renumber(ctx: Context, product: ProductEntity, ordered: ProductImageEntity[]): Promise<void> {
  ordered.forEach((img, i) => (img.position = i));
  product.updatedAt = new Date();
  await ctx.em.flush();
}

/** addProductImages: appends images (or inserts them at `position`). */
export async function addProductImages(ctx: Context, productId: string, images: ImageInput[], position?: number | null): Promise<ProductPayload> {
  const product = await findProduct(ctx, productId);
  if (!product) return missing('productId');
  const errors: UserError[] = [];
  checkImages(images, ['images'], errors);
  if (errors.length) return { product: null, userErrors: errors };
  const current = await ctx.em.find(ProductImageEntity, { product }, { orderBy: { position: 'asc' } });
  const added = images.map((img) => ctx.em.create(ProductImageEntity, { product, url: img.url, alt: img.alt ?? '', position: 0 }));
  const at = position == null ? current.length : Math.max(0, Math.min(position, current.length));
  await renumber(ctx, product, [...current.slice(0, at), ...added, ...current.slice(at)]);
  return { product: await productNode(ctx, product.id), userErrors: [] };
}

async function findImage(ctx: Context, imageId: string): Promise<ProductImageEntity | null> {
  const id = uuidOf('ProductImage', imageId);
  return id ? ctx.em.findOne(ProductImageEntity, { id }, { populate: ['product'] }) : null;
}

const noImage = (): ProductPayload => ({ product: null, userErrors: [userError('NOT_FOUND', 'No image has this id', 'imageId')] });

/** updateProductImage: changes an image's URL or alt text. */
export async function updateProductImage(ctx: Context, imageId: string, input: { url?: string | null; alt?: string | null }): Promise<ProductPayload> {
  const image = await findImage(ctx, imageId);
  if (!image) return noImage();
  if (input.url != null) {
    const errors: UserError[] = [];
    checkImages([{ url: input.url }], ['url'], errors);
    if (errors.length) return { product: null, userErrors: errors.map((e) => ({ ...e, field: ['url'] })) };
    image.url = input.url;
  }
  if (input.alt != null) image.alt = input.alt;
  image.product.updatedAt = new Date();
  await ctx.em.flush();
  return { product: await productNode(ctx, image.product.id), userErrors: [] };
}

/** removeProductImage: deletes an image and closes the gap in positions. */
export async function removeProductImage(ctx: Context, imageId: string): Promise<ProductPayload> {
  const image = await findImage(ctx, imageId);
  if (!image) return noImage();
  const product = image.product;
  ctx.em.remove(image);
  const rest = (await ctx.em.find(ProductImageEntity, { product }, { orderBy: { position: 'asc' } })).filter((i) => i.id !== image.id);
  await renumber(ctx, product, rest);
  return { product: await productNode(ctx, product.id), userErrors: [] };
}

/** reorderProductImages: sets the display order; the list must hold every image of the product once. */
export async function reorderProductImages(ctx: Context, productId: string, imageIds: string[]): Promise<ProductPayload> {
  const product = await findProduct(ctx, productId);
  if (!product) return missing('productId');
  const current = await ctx.em.find(ProductImageEntity, { product });
  const byId = new Map(current.map((i) => [i.id, i]));
  const ordered = imageIds.map((g) => byId.get(uuidOf('ProductImage', g) ?? ''));
  if (ordered.some((i) => !i) || new Set(imageIds).size !== imageIds.length || ordered.length !== current.length) {
    return { product: null, userErrors: [userError('INVALID_ORDER', "List each of the product's images exactly once", 'imageIds')] };
  }
  await renumber(ctx, product, ordered as ProductImageEntity[]);
  return { product: await productNode(ctx, product.id), userErrors: [] };
}
