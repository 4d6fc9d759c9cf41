import { Arg, Args, Ctx, FieldResolver, ID, Info, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLResolveInfo } from 'graphql';
import type { Context } from '../context';
import { Allow } from '../staff/access';
import { P } from '../staff/permissions';
import { uuidOf } from '../common/ids';
import { asksFor } from '../common/lookahead';
import { prefetchVariantStock } from '../inventory';
import { ConnectionArgs, toConnection } from '../common/relay';
import { Category, DEFAULT_LOCALE, Product, ProductConnection, ProductImage, ProductOption, ProductTranslation, Variant } from './catalog.types';
import { listProducts } from './product.queries';
import { CreateProductInput, ImageInput, ProductFilter, ProductOrder, TranslationInput, UpdateProductInput } from './catalog.inputs';
import { ImportProductsPayload, ProductPayload } from './catalog.payloads';
import { archiveProduct, createProduct, updateProduct } from './product.service';
import { importProducts } from './product-import.service';
import {
  addProductImages,
  removeProductImage,
  removeProductTranslation,
  reorderProductImages,
  setProductTranslations,
  updateProductImage,
} from './product-content.service';

@Resolver(() => Product)
export class ProductResolver {
  @Query(() => ProductConnection, { description: 'Products, newest first unless `orderBy` says otherwise; ARCHIVED ones only when the status filter asks.' })
  @Allow('Query.products', P.CatalogRead)
  async products(
    @Ctx() ctx: Context,
    @Args() args: ConnectionArgs,
    @Arg('filter', () => ProductFilter, { nullable: true, description: 'Conditions the products must meet.' }) filter?: ProductFilter,
    @Arg('orderBy', () => ProductOrder, { nullable: true, description: 'Sort order; default newest first.' }) orderBy?: ProductOrder,
  ): Promise<object> {
    return toConnection(await listProducts(ctx, args, filter, orderBy));
  }

  @Query(() => Product, { nullable: true, description: 'One product by id; null when there is none.' })
  @Allow('Query.product', P.CatalogRead)
  async product(@Ctx() ctx: Context, @Arg('id', () => ID, { description: 'Product id.' }) id: string): Promise<Product | null> {
    const dbId = uuidOf('Product', id);
    const row = dbId ? await ctx.loaders.catalog.productById.load(dbId) : null;
    return row ? Product.fromRow(row) : null;
  }

  @FieldResolver(() => String, { description: 'Title in the given locale, falling back to the default (zh-CN) when it has no translation.' })
  title(@Root() p: Product, @Ctx() ctx: Context, @Arg('locale', () => String, { nullable: true, description: 'BCP 47 locale; default zh-CN.' }) locale?: string): string | Promise<string> {
    // The default title is at hand: answered without a promise (a page resolves this 50 times).
    if (!locale || locale === DEFAULT_LOCALE) return p.defaultTitle;
    return ctx.loaders.catalog.translationsByProduct.load(p.dbId).then((all) => all.find((x) => x.locale === locale)?.title ?? p.defaultTitle);
  }

  @FieldResolver(() => String, { description: 'Description in the given locale, falling back to the default (zh-CN).' })
  description(@Root() p: Product, @Ctx() ctx: Context, @Arg('locale', () => String, { nullable: true, description: 'BCP 47 locale; default zh-CN.' }) locale?: string): string | Promise<string> {
    if (!locale || locale === DEFAULT_LOCALE) return p.defaultDescription;
    return ctx.loaders.catalog.translationsByProduct.load(p.dbId).then((all) => all.find((x) => x.locale === locale)?.description ?? p.defaultDescription);
  }

  @FieldResolver(() => [ProductTranslation], { description: 'Title and description in every locale, the default (zh-CN) first.' })
  async translations(@Root() p: Product, @Ctx() ctx: Context): Promise<ProductTranslation[]> {
    const others = await ctx.loaders.catalog.translationsByProduct.load(p.dbId);
    return [{ locale: DEFAULT_LOCALE, title: p.defaultTitle, description: p.defaultDescription }, ...others];
  }

  @FieldResolver(() => [ProductOption], { description: 'Option axes (size, colour…) with their values in display order.' })
  options(@Root() p: Product, @Ctx() ctx: Context): Promise<ProductOption[]> {
    return ctx.loaders.catalog.optionsByProduct.load(p.dbId);
  }

  @FieldResolver(() => Category, { nullable: true, description: 'The category, if any.' })
  async category(@Root() p: Product, @Ctx() ctx: Context): Promise<Category | null> {
    if (!p.categoryDbId) return null;
    const row = await ctx.loaders.catalog.categoryById.load(p.categoryDbId);
    return row ? Category.fromRow(row) : null;
  }

  @FieldResolver(() => [Variant], { description: 'Variants (SKUs) in display order.' })
  async variants(@Root() p: Product, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): Promise<Variant[]> {
    const rows = await ctx.loaders.catalog.variantsByProduct.load(p.dbId);
    // The stock of every variant of the page in one statement before they are answered, so
    // each `stock` is answered at once rather than through a promise of its own.
    if (asksFor(info, 'stock')) await prefetchVariantStock(ctx, rows.map((r) => r.id));
    return rows.map(Variant.fromRow);
  }

  @FieldResolver(() => [ProductImage], { description: 'Images in display order; the first is the main image.' })
  async images(@Root() p: Product, @Ctx() ctx: Context): Promise<ProductImage[]> {
    return (await ctx.loaders.catalog.imagesByProduct.load(p.dbId)).map(ProductImage.fromRow);
  }

  @Mutation(() => ProductPayload, { description: 'Creates a product with its options, variants, translations and images in one step.' })
  @Allow('Mutation.createProduct', P.CatalogWrite)
  createProduct(@Ctx() ctx: Context, @Arg('input', () => CreateProductInput, { description: 'The new product.' }) input: CreateProductInput): Promise<ProductPayload> {
    return createProduct(ctx, input);
  }

  @Mutation(() => ProductPayload, { description: 'Changes a product. Title, description and translations need catalog.copy; category, status, brand and options need catalog.write.' })
  @Allow('Mutation.updateProduct', P.CatalogWrite, P.CatalogCopy)
  updateProduct(
    @Ctx() ctx: Context,
    @Arg('id', () => ID, { description: 'Product id.' }) id: string,
    @Arg('input', () => UpdateProductInput, { description: 'The changes.' }) input: UpdateProductInput,
  ): Promise<ProductPayload> {
    return updateProduct(ctx, id, input);
  }

  @Mutation(() => ProductPayload, { description: 'Retires a product (status ARCHIVED): hidden from default lists, kept for history.' })
  @Allow('Mutation.archiveProduct', P.CatalogWrite)
  archiveProduct(@Ctx() ctx: Context, @Arg('id', () => ID, { description: 'Product id.' }) id: string): Promise<ProductPayload> {
    return archiveProduct(ctx, id);
  }

  @Mutation(() => ProductPayload, { description: 'Adds or replaces titles and descriptions per locale (zh-CN changes the default text).' })
  @Allow('Mutation.setProductTranslations', P.CatalogCopy)
  setProductTranslations(
    @Ctx() ctx: Context,
    @Arg('productId', () => ID, { description: 'Product id.' }) productId: string,
    @Arg('translations', () => [TranslationInput], { description: 'Translations to add or replace.' }) translations: TranslationInput[],
  ): Promise<ProductPayload> {
    return setProductTranslations(ctx, productId, translations);
  }

  @Mutation(() => ProductPayload, { description: 'Removes the translation of one (non-default) locale.' })
  @Allow('Mutation.removeProductTranslation', P.CatalogCopy)
  removeProductTranslation(
    @Ctx() ctx: Context,
    @Arg('productId', () => ID, { description: 'Product id.' }) productId: string,
    @Arg('locale', { description: 'Locale to remove, e.g. en-US.' }) locale: string,
  ): Promise<ProductPayload> {
    return removeProductTranslation(ctx, productId, locale);
  }

  @Mutation(() => ProductPayload, { description: 'Adds images to a product, at the end or at `position`.' })
  @Allow('Mutation.addProductImages', P.CatalogMedia)
  addProductImages(
    @Ctx() ctx: Context,
    @Arg('productId', () => ID, { description: 'Product id.' }) productId: string,
    @Arg('images', () => [ImageInput], { description: 'Images to add, in order.' }) images: ImageInput[],
    @Arg('position', () => Int, { nullable: true, description: 'Insert before this position; default at the end.' }) position?: number,
  ): Promise<ProductPayload> {
    return addProductImages(ctx, productId, images, position);
  }

  @Mutation(() => ProductPayload, { description: "Changes an image's URL or alt text." })
  @Allow('Mutation.updateProductImage', P.CatalogMedia)
  updateProductImage(
    @Ctx() ctx: Context,
    @Arg('imageId', () => ID, { description: 'Image id.' }) imageId: string,
    @Arg('url', () => String, { nullable: true, description: 'New URL.' }) url?: string,
    @Arg('alt', () => String, { nullable: true, description: 'New alt text.' }) alt?: string,
  ): Promise<ProductPayload> {
    return updateProductImage(ctx, imageId, { url, alt });
  }

  @Mutation(() => ProductPayload, { description: 'Removes an image.' })
  @Allow('Mutation.removeProductImage', P.CatalogMedia)
  removeProductImage(@Ctx() ctx: Context, @Arg('imageId', () => ID, { description: 'Image id.' }) imageId: string): Promise<ProductPayload> {
    return removeProductImage(ctx, imageId);
  }

  @Mutation(() => ProductPayload, { description: "Sets the display order of a product's images; list each image once." })
  @Allow('Mutation.reorderProductImages', P.CatalogMedia)
  reorderProductImages(
    @Ctx() ctx: Context,
    @Arg('productId', () => ID, { description: 'Product id.' }) productId: string,
    @Arg('imageIds', () => [ID], { description: 'Every image id of the product in the new order.' }) imageIds: string[],
  ): Promise<ProductPayload> {
    return reorderProductImages(ctx, productId, imageIds);
  }

  @Mutation(() => ImportProductsPayload, { description: "Imports products from CSV in Shopify's product CSV layout; good rows are imported, bad rows reported with line and reason." })
  @Allow('Mutation.importProducts', P.CatalogWrite)
  importProducts(@Ctx() ctx: Context, @Arg('csv', { description: 'The CSV text, header row first.' }) csv: string): Promise<ImportProductsPayload> {
    return importProducts(ctx, csv);
  }
}
