import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../context';
import { Allow } from '../staff/access';
import { can } from '../staff/actor';
import { P } from '../staff/permissions';
import { Money } from '../common/scalars';
import { selectRows } from '../common/sql';
import { BundleComponent, Product, Variant, VariantRow } from './catalog.types';
import { BundleComponentInput, VariantInput, VariantUpdateInput } from './catalog.inputs';
import { AddVariantsPayload, DeletePayload, VariantPayload } from './catalog.payloads';
import { addVariants, removeVariant, setBundleComponents, updateVariant } from './variant.service';
import { VARIANT_COLUMNS } from './catalog.queries';

@Resolver(() => Variant)
export class VariantResolver {
  @Query(() => Variant, { nullable: true, description: 'One variant by its exact SKU; null when there is none.' })
  @Allow('Query.variant', P.CatalogRead)
  async variant(@Ctx() ctx: Context, @Arg('sku', { description: 'The SKU, exactly.' }) sku: string): Promise<Variant | null> {
    const [row] = await selectRows<VariantRow>(ctx.em, `select ${VARIANT_COLUMNS} from variant v where v.sku = ?`, [sku]);
    return row ? Variant.fromRow(row) : null;
  }

  @FieldResolver(() => Money, { nullable: true, description: 'Cost price; null unless the caller holds cost.read (or none is recorded).' })
  costPrice(@Root() v: Variant, @Ctx() ctx: Context): Money | null {
    if (v.costAmount == null || !can(ctx.actor, P.CostRead)) return null;
    return Money.of(v.costAmount, v.currency);
  }

  @FieldResolver(() => Product, { description: 'The product this variant belongs to.' })
  async product(@Root() v: Variant, @Ctx() ctx: Context): Promise<Product> {
    const row = await ctx.loaders.catalog.productById.load(v.productDbId);
    return Product.fromRow(row!);
  }

  @FieldResolver(() => Boolean, { description: 'Whether this variant is a bundle of other variants (its stock derives from theirs).' })
  async isBundle(@Root() v: Variant, @Ctx() ctx: Context): Promise<boolean> {
    return (await ctx.loaders.catalog.componentsByBundle.load(v.dbId)).length > 0;
  }

  @FieldResolver(() => [BundleComponent], { description: 'When this variant is a bundle: its components and quantities; otherwise empty.' })
  async bundleComponents(@Root() v: Variant, @Ctx() ctx: Context): Promise<BundleComponent[]> {
    return (await ctx.loaders.catalog.componentsByBundle.load(v.dbId)).map((c) => Object.assign(new BundleComponent(), { componentDbId: c.component_id, quantity: c.quantity }));
  }

  @Mutation(() => AddVariantsPayload, { description: 'Adds variants to a product; each gives one value per option axis.' })
  @Allow('Mutation.addVariants', P.CatalogWrite)
  addVariants(
    @Ctx() ctx: Context,
    @Arg('productId', () => ID, { description: 'Product id.' }) productId: string,
    @Arg('variants', () => [VariantInput], { description: 'The new variants.' }) variants: VariantInput[],
  ): Promise<AddVariantsPayload> {
    return addVariants(ctx, productId, variants);
  }

  @Mutation(() => VariantPayload, { description: 'Changes a variant: price, SKU, option values, barcode, weight, status (cost price needs cost.write).' })
  @Allow('Mutation.updateVariant', P.CatalogWrite)
  updateVariant(
    @Ctx() ctx: Context,
    @Arg('id', () => ID, { description: 'Variant id, or its SKU.' }) id: string,
    @Arg('input', () => VariantUpdateInput, { description: 'The changes.' }) input: VariantUpdateInput,
  ): Promise<VariantPayload> {
    return updateVariant(ctx, id, input);
  }

  @Mutation(() => DeletePayload, { description: 'Removes a variant that no bundle uses; its listings go with it. Staff whose catalog.write is limited to some channels may not remove a variant another channel lists or sold (FORBIDDEN).' })
  @Allow('Mutation.removeVariant', P.CatalogWrite)
  removeVariant(@Ctx() ctx: Context, @Arg('id', () => ID, { description: 'Variant id, or its SKU.' }) id: string): Promise<DeletePayload> {
    return removeVariant(ctx, id);
  }

  @Mutation(() => VariantPayload, { description: 'Makes a variant a bundle of other variants (e.g. a suit with tie and belt); an empty list makes it an ordinary variant again.' })
  @Allow('Mutation.setBundleComponents', P.CatalogWrite)
  setBundleComponents(
    @Ctx() ctx: Context,
    @Arg('bundleId', () => ID, { description: 'Variant id or SKU of the bundle.' }) bundleId: string,
    @Arg('components', () => [BundleComponentInput], { description: 'Components and quantities.' }) components: BundleComponentInput[],
  ): Promise<VariantPayload> {
    return setBundleComponents(ctx, bundleId, components);
  }
}

@Resolver(() => BundleComponent)
export class BundleComponentResolver {
  @FieldResolver(() => Variant, { description: 'The component variant.' })
  async variant(@Root() c: BundleComponent, @Ctx() ctx: Context): Promise<Variant> {
    return Variant.fromRow((await ctx.loaders.catalog.variantById.load(c.componentDbId))!);
  }
}
