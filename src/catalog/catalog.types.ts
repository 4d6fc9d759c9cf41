import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLDateTime } from 'graphql-scalars';
import { Connection, Node } from '../common/relay';
import { toGlobalId } from '../common/ids';
import { Money } from '../common/scalars';

/** Lifecycle of a product. */
export enum ProductStatus {
  DRAFT = 'DRAFT',
  ACTIVE = 'ACTIVE',
  DELISTED = 'DELISTED',
  ARCHIVED = 'ARCHIVED',
}
registerEnumType(ProductStatus, {
  name: 'ProductStatus',
  description: 'Lifecycle of a product.',
  valuesConfig: {
    DRAFT: { description: 'Being prepared; not sold anywhere.' },
    ACTIVE: { description: 'On sale; may be listed on channels.' },
    DELISTED: { description: 'Taken off sale (下架); kept for re-listing.' },
    ARCHIVED: { description: 'Retired; hidden from default lists, kept for history.' },
  },
});

/** Whether a variant can be sold. */
export enum VariantStatus {
  ACTIVE = 'ACTIVE',
  INACTIVE = 'INACTIVE',
}
registerEnumType(VariantStatus, {
  name: 'VariantStatus',
  description: 'Whether a variant can be sold.',
  valuesConfig: {
    ACTIVE: { description: 'Sellable.' },
    INACTIVE: { description: 'Not sold (discontinued size or colour); kept for history.' },
  },
});

/** The default locale of catalogue text: Chinese for the domestic channels. */
export const DEFAULT_LOCALE = 'zh-CN';

/** A database row of `product`, as the read queries select it. */
export interface ProductRow {
  id: string;
  title: string;
  description: string;
  status: string;
  category_id: string | null;
  brand: string | null;
  created_at: Date | string;
  updated_at: Date | string;
  /** Sort key of the current list, as text, for the cursor. */
  sort_key?: string;
}

/** A database row of `variant`. */
export interface VariantRow {
  id: string;
  product_id: string;
  sku: string;
  option_values: string[];
  price: string;
  currency: string;
  cost_price: string | null;
  barcode: string | null;
  weight_grams: number | null;
  status: string;
  position: number;
}

export interface CategoryRow {
  id: string;
  name: string;
  name_translations: Record<string, string>;
  parent_id: string | null;
  position: number;
}

@ObjectType({ simpleResolvers: true, description: 'Title and description of a product in one locale.' })
export class ProductTranslation {
  @Field({ description: 'BCP 47 locale, e.g. zh-CN (the default), en-US.' })
  locale!: string;

  @Field({ description: 'Title in this locale.' })
  title!: string;

  @Field({ description: 'Description in this locale (plain text or simple HTML).' })
  description!: string;
}

@ObjectType({ simpleResolvers: true, description: 'An option axis of a product (size, colour, style…) with its values in display order.' })
export class ProductOption {
  @Field({ description: 'Name of the axis, e.g. 尺码 or Size.' })
  name!: string;

  @Field(() => [String], { description: 'The values of the axis in display order, e.g. ["S","M","L"].' })
  values!: string[];
}

@ObjectType({ implements: Node, simpleResolvers: true, description: 'An image of a product.' })
export class ProductImage extends Node {
  @Field({ description: 'Absolute URL of the image.' })
  url!: string;

  @Field({ description: 'Alternative text describing the image.' })
  alt!: string;

  @Field(() => Int, { description: 'Display position, starting at 0 (0 is the main image).' })
  position!: number;

  static fromRow(r: { id: string; url: string; alt: string; position: number }): ProductImage {
    const i = new ProductImage();
    i.id = toGlobalId('ProductImage', r.id);
    i.url = r.url;
    i.alt = r.alt;
    i.position = r.position;
    return i;
  }
}

@ObjectType({ implements: Node, simpleResolvers: true, description: 'A node of the category tree.' })
export class Category extends Node {
  /** Database id. */
  dbId!: string;
  parentDbId!: string | null;
  /** Name in the default locale; the `name` field resolves per locale. */
  defaultName!: string;
  nameTranslations!: Record<string, string>;

  @Field(() => Int, { description: 'Position among its siblings.' })
  position!: number;

  static fromRow(r: CategoryRow): Category {
    const c = new Category();
    c.id = toGlobalId('Category', r.id);
    c.dbId = r.id;
    c.parentDbId = r.parent_id;
    c.nameTranslations = r.name_translations ?? {};
    c.position = r.position;
    c.defaultName = r.name;
    return c;
  }
}

@ObjectType({ implements: Node, simpleResolvers: true, description: 'A product (SPU): one item to the shopper, sold as one or more variants (SKUs).' })
export class Product extends Node {
  dbId!: string;
  categoryDbId!: string | null;
  /** Default-locale (zh-CN) title and description; the `title` field resolves per locale. */
  defaultTitle!: string;
  defaultDescription!: string;

  @Field(() => ProductStatus, { description: 'Lifecycle status.' })
  status!: ProductStatus;

  @Field(() => String, { nullable: true, description: 'Brand name.' })
  brand!: string | null;

  @Field(() => GraphQLDateTime, { description: 'When the product was created.' })
  createdAt!: Date;

  @Field(() => GraphQLDateTime, { description: 'When the product or any of its parts last changed.' })
  updatedAt!: Date;

  static fromRow(r: ProductRow): Product {
    const p = new Product();
    p.id = toGlobalId('Product', r.id);
    p.dbId = r.id;
    p.categoryDbId = r.category_id;
    p.defaultTitle = r.title;
    p.defaultDescription = r.description;
    p.status = r.status as ProductStatus;
    p.brand = r.brand;
    // Raw queries return timestamptz as text.
    p.createdAt = new Date(r.created_at);
    p.updatedAt = new Date(r.updated_at);
    return p;
  }
}

@ObjectType({ implements: Node, simpleResolvers: true, description: 'A variant (SKU): one sellable combination of option values of a product.' })
export class Variant extends Node {
  dbId!: string;
  productDbId!: string;
  costAmount!: string | null;

  @Field(() => Money, { description: 'Price in the base currency (CNY).' })
  price!: Money;

  @Field({ description: 'Stock-keeping unit, unique across the catalogue.' })
  sku!: string;

  @Field(() => [String], { description: "One value per option axis of the product, in the product's axis order." })
  optionValues!: string[];

  @Field({ description: 'Base currency of the catalogue prices (ISO 4217).' })
  currency!: string;

  @Field(() => String, { nullable: true, description: 'Barcode (EAN-13, UPC…).' })
  barcode!: string | null;

  @Field(() => Int, { nullable: true, description: 'Shipping weight in grams.' })
  weightGrams!: number | null;

  @Field(() => VariantStatus, { description: 'Whether the variant can be sold.' })
  status!: VariantStatus;

  @Field(() => Int, { description: 'Display position within the product.' })
  position!: number;

  static fromRow(r: VariantRow): Variant {
    const v = new Variant();
    v.id = toGlobalId('Variant', r.id);
    v.dbId = r.id;
    v.productDbId = r.product_id;
    v.sku = r.sku;
    v.optionValues = r.option_values;
    v.price = Money.of(r.price, r.currency);
    v.costAmount = r.cost_price;
    v.currency = r.currency;
    v.barcode = r.barcode;
    v.weightGrams = r.weight_grams;
    v.status = r.status as VariantStatus;
    v.position = r.position;
    return v;
  }
}

@ObjectType({ simpleResolvers: true, description: 'A component of a bundle variant: the bundle holds `quantity` of this variant.' })
export class BundleComponent {
  componentDbId!: string;

  @Field(() => Int, { description: 'Units of the component in one bundle.' })
  quantity!: number;
}

export enum ProductSortKey {
  CREATED_AT = 'CREATED_AT',
  UPDATED_AT = 'UPDATED_AT',
  TITLE = 'TITLE',
}

registerEnumType(ProductSortKey, {
  name: 'ProductSortKey',
  description: 'What a product list is sorted by.',
  valuesConfig: {
    CREATED_AT: { description: 'Creation time.' },
    UPDATED_AT: { description: 'Time of the last change.' },
    TITLE: { description: 'Default-locale title, in code-point order.' },
  },
});

export enum SortDirection {
  ASC = 'ASC',
  DESC = 'DESC',
}

registerEnumType(SortDirection, {
  name: 'SortDirection',
  description: 'Sort direction.',
  valuesConfig: { ASC: { description: 'Ascending.' }, DESC: { description: 'Descending.' } },
});

@ObjectType({ description: 'A category name in one locale.' })
export class CategoryTranslation {
  @Field({ description: 'BCP 47 locale.' })
  locale!: string;

  @Field({ description: 'Name in this locale.' })
  name!: string;
}

export const ProductConnection = Connection(Product, 'Product', 'product');
