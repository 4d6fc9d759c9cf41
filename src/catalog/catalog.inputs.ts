import { Field, ID, InputType, Int } from 'type-graphql';
import { DecimalScalar } from '../common/scalars';
import { ProductSortKey, ProductStatus, SortDirection, VariantStatus } from './catalog.types';

@InputType({ description: 'Title and description of a product in one locale.' })
export class TranslationInput {
  @Field({ description: 'BCP 47 locale, e.g. en-US. zh-CN sets the default title and description.' })
  locale!: string;

  @Field({ description: 'Title in this locale.' })
  title!: string;

  @Field(() => String, { nullable: true, description: 'Description in this locale; empty when omitted.' })
  description?: string | null;
}

@InputType({ description: 'An option axis and its values in display order.' })
export class OptionInput {
  @Field({ description: 'Axis name, e.g. 尺码 / Size.' })
  name!: string;

  @Field(() => [String], { description: 'Values in display order, e.g. ["S","M","L"]; unique within the axis.' })
  values!: string[];
}

@InputType({ description: 'A variant (SKU) of a product.' })
export class VariantInput {
  @Field({ description: 'Stock-keeping unit, unique across the catalogue (letters, digits, - _ . /).' })
  sku!: string;

  @Field(() => [String], { nullable: true, description: "One value per option axis, in the product's axis order." })
  optionValues?: string[] | null;

  @Field(() => DecimalScalar, { description: 'Price in the base currency (CNY), e.g. "1299.00"; zero or more.' })
  price!: string;

  @Field(() => DecimalScalar, { nullable: true, description: 'Cost price in CNY; needs cost.write.' })
  costPrice?: string | null;

  @Field(() => String, { nullable: true, description: 'Barcode (EAN-13, UPC…).' })
  barcode?: string | null;

  @Field(() => Int, { nullable: true, description: 'Shipping weight in grams.' })
  weightGrams?: number | null;

  @Field(() => VariantStatus, { nullable: true, description: 'Default ACTIVE.' })
  status?: VariantStatus | null;
}

@InputType({ description: 'Changes to a variant; omitted fields keep their value.' })
export class VariantUpdateInput {
  @Field(() => String, { nullable: true, description: 'New SKU (must stay unique).' })
  sku?: string | null;

  @Field(() => [String], { nullable: true, description: "One value per option axis, in the product's axis order." })
  optionValues?: string[] | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'New price in CNY.' })
  price?: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'New cost price in CNY; needs cost.write.' })
  costPrice?: string | null;

  @Field(() => String, { nullable: true, description: 'New barcode.' })
  barcode?: string | null;

  @Field(() => Int, { nullable: true, description: 'New weight in grams.' })
  weightGrams?: number | null;

  @Field(() => VariantStatus, { nullable: true, description: 'New status.' })
  status?: VariantStatus | null;
}

@InputType({ description: 'An image to add to a product.' })
export class ImageInput {
  @Field({ description: 'Absolute http(s) URL of the image.' })
  url!: string;

  @Field(() => String, { nullable: true, description: 'Alternative text.' })
  alt?: string | null;
}

@InputType({ description: 'A new product with its variants.' })
export class CreateProductInput {
  @Field({ description: 'Title in the default locale (zh-CN).' })
  title!: string;

  @Field(() => String, { nullable: true, description: 'Description in the default locale.' })
  description?: string | null;

  @Field(() => [TranslationInput], { nullable: true, description: 'Titles and descriptions in other locales.' })
  translations?: TranslationInput[] | null;

  @Field(() => ID, { nullable: true, description: 'Category id.' })
  categoryId?: string | null;

  @Field(() => ProductStatus, { nullable: true, description: 'Default DRAFT.' })
  status?: ProductStatus | null;

  @Field(() => String, { nullable: true, description: 'Brand name.' })
  brand?: string | null;

  @Field(() => [OptionInput], { nullable: true, description: 'Option axes (at most 3), e.g. size and colour.' })
  options?: OptionInput[] | null;

  @Field(() => [VariantInput], { nullable: true, description: 'Variants; each gives one value per option axis.' })
  variants?: VariantInput[] | null;

  @Field(() => [ImageInput], { nullable: true, description: 'Images in display order; needs catalog.media.' })
  images?: ImageInput[] | null;
}

@InputType({ description: 'Changes to a product; omitted fields keep their value. Title, description and translations need catalog.copy; the rest catalog.write.' })
export class UpdateProductInput {
  @Field(() => String, { nullable: true, description: 'New default-locale title.' })
  title?: string | null;

  @Field(() => String, { nullable: true, description: 'New default-locale description.' })
  description?: string | null;

  @Field(() => [TranslationInput], { nullable: true, description: 'Translations to add or replace (by locale).' })
  translations?: TranslationInput[] | null;

  @Field(() => ID, { nullable: true, description: 'New category id.' })
  categoryId?: string | null;

  @Field({ nullable: true, description: 'Set true to remove the product from its category.' })
  clearCategory?: boolean;

  @Field(() => ProductStatus, { nullable: true, description: 'New status.' })
  status?: ProductStatus | null;

  @Field(() => String, { nullable: true, description: 'New brand.' })
  brand?: string | null;

  @Field(() => [OptionInput], { nullable: true, description: "Replaces the option axes; every existing variant's values must still fit." })
  options?: OptionInput[] | null;
}

@InputType({ description: 'A component of a bundle.' })
export class BundleComponentInput {
  @Field({ description: 'SKU of the component variant.' })
  sku!: string;

  @Field(() => Int, { description: 'Units of it in one bundle (1 or more).' })
  quantity!: number;
}

@InputType({ description: 'A category name in one locale.' })
export class CategoryTranslationInput {
  @Field({ description: 'BCP 47 locale, e.g. en-US.' })
  locale!: string;

  @Field({ description: 'Name in this locale.' })
  name!: string;
}

@InputType({ description: 'A new category.' })
export class CreateCategoryInput {
  @Field({ description: 'Name in the default locale (zh-CN), unique among its siblings.' })
  name!: string;

  @Field(() => [CategoryTranslationInput], { nullable: true, description: 'Names in other locales.' })
  translations?: CategoryTranslationInput[] | null;

  @Field(() => ID, { nullable: true, description: 'Parent category; none for a top-level category.' })
  parentId?: string | null;

  @Field(() => Int, { nullable: true, description: 'Position among its siblings.' })
  position?: number | null;
}

@InputType({ description: 'Changes to a category; omitted fields keep their value.' })
export class UpdateCategoryInput {
  @Field(() => String, { nullable: true, description: 'New default-locale name.' })
  name?: string | null;

  @Field(() => [CategoryTranslationInput], { nullable: true, description: 'Names to add or replace (by locale).' })
  translations?: CategoryTranslationInput[] | null;

  @Field(() => ID, { nullable: true, description: 'New parent category.' })
  parentId?: string | null;

  @Field({ nullable: true, description: 'Set true to make it a top-level category.' })
  makeTopLevel?: boolean;

  @Field(() => Int, { nullable: true, description: 'New position among its siblings.' })
  position?: number | null;
}

@InputType({ description: 'Narrows a product list; all given conditions must hold.' })
export class ProductFilter {
  @Field(() => String, { nullable: true, description: 'Fragments of a title in any locale (Chinese or English), a SKU, barcode or brand; every word must match.' })
  search?: string;

  @Field(() => [ProductStatus], { nullable: true, description: 'Only these statuses. Default: every status except ARCHIVED.' })
  status?: ProductStatus[];

  @Field(() => ID, { nullable: true, description: 'Only products in this category or any category below it.' })
  categoryId?: string;

  @Field(() => String, { nullable: true, description: 'Only the product that has a variant with exactly this SKU.' })
  sku?: string;
}

@InputType({ description: 'Sort order of a product list.' })
export class ProductOrder {
  @Field(() => ProductSortKey, { description: 'Sort key.' })
  field!: ProductSortKey;

  @Field(() => SortDirection, { defaultValue: SortDirection.ASC, description: 'Direction; ties are broken by id in the same direction.' })
  direction!: SortDirection;
}
