import { randomUUID } from 'node:crypto';
import { Check, Entity, Index, ManyToOne, Opt, PrimaryKey, Property, Unique } from '@mikro-orm/core';

/** A node of the category tree. */
@Entity({ tableName: 'category' })
@Unique({ name: 'category_parent_name_unique', properties: ['parent', 'name'] })
export class CategoryEntity {
  @PrimaryKey({ type: 'uuid' })
  id: string & Opt = randomUUID();

  /** Name in the default locale (zh-CN). */
  @Property({ type: 'text' })
  name!: string;

  /** Names in other locales: { "en-US": "Suits" }. */
  @Property({ type: 'jsonb', default: '{}' })
  nameTranslations: Record<string, string> & Opt = {};

  @ManyToOne(() => CategoryEntity, { nullable: true, deleteRule: 'restrict' })
  @Index({ name: 'category_parent_idx' })
  parent?: CategoryEntity | null;

  @Property({ type: 'integer', default: 0 })
  position: number & Opt = 0;
}

/** A product (SPU): what the shopper sees as one item, sold as one or more variants. */
@Entity({ tableName: 'product' })
@Check({ name: 'product_status_valid', expression: "status in ('DRAFT','ACTIVE','DELISTED','ARCHIVED')" })
@Index({ name: 'product_created_idx', properties: ['createdAt', 'id'] })
export class ProductEntity {
  @PrimaryKey({ type: 'uuid' })
  id: string & Opt = randomUUID();

  /** Title in the default locale (zh-CN). */
  @Property({ type: 'text' })
  title!: string;

  @Property({ type: 'text', default: '' })
  description: string & Opt = '';

  @Property({ type: 'text', default: 'DRAFT' })
  @Index({ name: 'product_status_idx' })
  status: string & Opt = 'DRAFT';

  @ManyToOne(() => CategoryEntity, { nullable: true, deleteRule: 'set null' })
  @Index({ name: 'product_category_idx' })
  category?: CategoryEntity | null;

  @Property({ type: 'text', nullable: true })
  brand?: string | null;

  /** Titles in every locale, SKUs, barcodes and brand: what `search` matches (trigram index). */
  @Property({ type: 'text', default: '' })
  searchText: string & Opt = '';

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date & Opt = new Date();

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  updatedAt: Date & Opt = new Date();
}

/** Title and description of a product in a locale other than the default. */
@Entity({ tableName: 'product_translation' })
@Unique({ name: 'product_translation_locale_unique', properties: ['product', 'locale'] })
export class ProductTranslationEntity {
  @PrimaryKey({ type: 'uuid' })
  id: string & Opt = randomUUID();

  @ManyToOne(() => ProductEntity, { deleteRule: 'cascade' })
  product!: ProductEntity;

  @Property({ type: 'text' })
  locale!: string;

  @Property({ type: 'text' })
  title!: string;

  @Property({ type: 'text', default: '' })
  description: string & Opt = '';
}

/** An option axis of a product (size, colour, …) with its values in display order. */
@Entity({ tableName: 'product_option' })
@Unique({ name: 'product_option_name_unique', properties: ['product', 'name'] })
export class ProductOptionEntity {
  @PrimaryKey({ type: 'uuid' })
  id: string & Opt = randomUUID();

  @ManyToOne(() => ProductEntity, { deleteRule: 'cascade' })
  product!: ProductEntity;

  @Property({ type: 'text' })
  name!: string;

  @Property({ type: 'integer' })
  position!: number;

  @Property({ type: 'text[]' })
  values!: string[];
}

/** An image of a product. */
@Entity({ tableName: 'product_image' })
@Index({ name: 'product_image_product_idx', properties: ['product', 'position'] })
export class ProductImageEntity {
  @PrimaryKey({ type: 'uuid' })
  id: string & Opt = randomUUID();

  @ManyToOne(() => ProductEntity, { deleteRule: 'cascade' })
  product!: ProductEntity;

  @Property({ type: 'text' })
  url!: string;

  @Property({ type: 'text', default: '' })
  alt: string & Opt = '';

  @Property({ type: 'integer' })
  position!: number;
}

/** A variant (SKU): one sellable combination of option values. */
@Entity({ tableName: 'variant' })
@Check({ name: 'variant_price_nonnegative', expression: 'price >= 0' })
@Check({ name: 'variant_cost_nonnegative', expression: 'cost_price is null or cost_price >= 0' })
@Check({ name: 'variant_weight_nonnegative', expression: 'weight_grams is null or weight_grams >= 0' })
@Check({ name: 'variant_status_valid', expression: "status in ('ACTIVE','INACTIVE')" })
@Index({ name: 'variant_product_idx', properties: ['product', 'position'] })
export class VariantEntity {
  @PrimaryKey({ type: 'uuid' })
  id: string & Opt = randomUUID();

  @ManyToOne(() => ProductEntity, { deleteRule: 'cascade' })
  product!: ProductEntity;

  @Property({ type: 'text' })
  @Unique({ name: 'variant_sku_unique' })
  sku!: string;

  /** One value per option axis of the product, in axis order. */
  @Property({ type: 'text[]', default: '{}' })
  optionValues: string[] & Opt = [];

  @Property({ type: 'decimal', precision: 14, scale: 2 })
  price!: string;

  /** Base currency of catalogue prices. */
  @Property({ type: 'string', columnType: 'char(3)', default: 'CNY' })
  currency: string & Opt = 'CNY';

  @Property({ type: 'decimal', precision: 14, scale: 2, nullable: true })
  costPrice?: string | null;

  @Property({ type: 'text', nullable: true })
  barcode?: string | null;

  @Property({ type: 'integer', nullable: true })
  weightGrams?: number | null;

  @Property({ type: 'text', default: 'ACTIVE' })
  status: string & Opt = 'ACTIVE';

  @Property({ type: 'integer', default: 0 })
  position: number & Opt = 0;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date & Opt = new Date();

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  updatedAt: Date & Opt = new Date();
}

/** A component of a bundle variant (a suit sold with its tie): the bundle holds `quantity` of it. */
@Entity({ tableName: 'bundle_component' })
@Unique({ name: 'bundle_component_unique', properties: ['bundle', 'component'] })
@Check({ name: 'bundle_component_quantity_positive', expression: 'quantity > 0' })
@Check({ name: 'bundle_component_not_self', expression: 'bundle_id <> component_id' })
export class BundleComponentEntity {
  @PrimaryKey({ type: 'uuid' })
  id: string & Opt = randomUUID();

  @ManyToOne(() => VariantEntity, { deleteRule: 'cascade' })
  bundle!: VariantEntity;

  @ManyToOne(() => VariantEntity, { deleteRule: 'restrict' })
  @Index({ name: 'bundle_component_component_idx' })
  component!: VariantEntity;

  @Property({ type: 'integer' })
  quantity!: number;
}

export const CATALOG_ENTITIES = [
  CategoryEntity,
  ProductEntity,
  ProductTranslationEntity,
  ProductOptionEntity,
  ProductImageEntity,
  VariantEntity,
  BundleComponentEntity,
];
