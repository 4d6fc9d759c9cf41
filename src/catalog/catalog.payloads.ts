import { Field, ID, Int, ObjectType } from 'type-graphql';
import { UserError } from '../common/errors';
import { Category, Product, Variant } from './catalog.types';

@ObjectType({ description: 'Result of a mutation on a product.' })
export class ProductPayload {
  @Field(() => Product, { nullable: true, description: 'The product as it is after the mutation; null when it was refused.' })
  product?: Product | null;

  @Field(() => [UserError], { description: 'Why the input was refused; empty on success.' })
  userErrors!: UserError[];
}

@ObjectType({ description: 'Result of a mutation on a variant.' })
export class VariantPayload {
  @Field(() => Variant, { nullable: true, description: 'The variant as it is after the mutation; null when refused.' })
  variant?: Variant | null;

  @Field(() => [UserError], { description: 'Why the input was refused; empty on success.' })
  userErrors!: UserError[];
}

@ObjectType({ description: 'Result of adding variants to a product.' })
export class AddVariantsPayload {
  @Field(() => Product, { nullable: true, description: 'The product with its new variants; null when refused.' })
  product?: Product | null;

  @Field(() => [Variant], { description: 'The variants that were added.' })
  variants!: Variant[];

  @Field(() => [UserError], { description: 'Why the input was refused; empty on success.' })
  userErrors!: UserError[];
}

@ObjectType({ description: 'Result of removing something by id.' })
export class DeletePayload {
  @Field(() => ID, { nullable: true, description: 'Id of what was removed; null when refused.' })
  deletedId?: string | null;

  @Field(() => [UserError], { description: 'Why it was refused; empty on success.' })
  userErrors!: UserError[];
}

@ObjectType({ description: 'Result of a mutation on a category.' })
export class CategoryPayload {
  @Field(() => Category, { nullable: true, description: 'The category after the mutation; null when refused.' })
  category?: Category | null;

  @Field(() => [UserError], { description: 'Why the input was refused; empty on success.' })
  userErrors!: UserError[];
}

@ObjectType({ description: 'A CSV row that was not imported, and why.' })
export class ImportRowError {
  @Field(() => Int, { description: 'Line number in the file (the header is line 1).' })
  line!: number;

  @Field(() => String, { nullable: true, description: 'Column at fault, when one is.' })
  column?: string | null;

  @Field({ description: 'Stable code, e.g. DUPLICATE_SKU, NEGATIVE_PRICE.' })
  code!: string;

  @Field({ description: 'What is wrong with the row.' })
  message!: string;
}

@ObjectType({ description: 'Result of a product CSV import: the good rows are imported, each bad row is reported.' })
export class ImportProductsPayload {
  @Field(() => Int, { description: 'Products created.' })
  productsCreated!: number;

  @Field(() => Int, { description: 'Variants created.' })
  variantsCreated!: number;

  @Field(() => [ImportRowError], { description: 'Rows that were not imported, with line and reason.' })
  rowErrors!: ImportRowError[];

  @Field(() => [Product], { description: 'The products created.' })
  products!: Product[];

  @Field(() => [UserError], { description: 'Problems with the file as a whole (e.g. missing header columns).' })
  userErrors!: UserError[];
}
