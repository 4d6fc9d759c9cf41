import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../context';
import { Allow } from '../staff/access';
import { P } from '../staff/permissions';
import { Category, CategoryRow, CategoryTranslation, DEFAULT_LOCALE } from './catalog.types';
import { CATEGORY_COLUMNS } from './catalog.queries';
import { CreateCategoryInput, UpdateCategoryInput } from './catalog.inputs';
import { CategoryPayload, DeletePayload } from './catalog.payloads';
import { createCategory, deleteCategory, updateCategory } from './category.service';
import { selectRows } from '../common/sql';

// The whole tree is small (hundreds of nodes): one query per request serves every category field
// (kept on the request's context, read again after a commit).
function allCategories(ctx: Context): Promise<CategoryRow[]> {
  return ctx.loaders.of(readCategoryTree);
}
function readCategoryTree(ctx: Context): Promise<CategoryRow[]> {
  return selectRows<CategoryRow>(ctx.em, `select ${CATEGORY_COLUMNS} from category c order by c.position, c.name`);
}

@Resolver(() => Category)
export class CategoryResolver {
  @Query(() => [Category], { description: 'Every category, parents before children, siblings by position then name.' })
  @Allow('Query.categories', P.CatalogRead)
  async categories(@Ctx() ctx: Context): Promise<Category[]> {
    const rows = await allCategories(ctx);
    const children = new Map<string | null, CategoryRow[]>();
    rows.forEach((r) => children.set(r.parent_id, [...(children.get(r.parent_id) ?? []), r]));
    const out: Category[] = [];
    const walk = (parent: string | null) => (children.get(parent) ?? []).forEach((r) => {
      out.push(Category.fromRow(r));
      walk(r.id);
    });
    walk(null);
    return out;
  }

  @FieldResolver(() => String, { description: 'Name in the given locale, falling back to the default (zh-CN).' })
  name(@Root() c: Category, @Arg('locale', () => String, { nullable: true, description: 'BCP 47 locale; default zh-CN.' }) locale?: string): string {
    if (!locale || locale === DEFAULT_LOCALE) return c.defaultName;
    return c.nameTranslations[locale] ?? c.defaultName;
  }

  @FieldResolver(() => [CategoryTranslation], { description: 'Names in every locale, the default (zh-CN) first.' })
  translations(@Root() c: Category): CategoryTranslation[] {
    return [{ locale: DEFAULT_LOCALE, name: c.defaultName }, ...Object.entries(c.nameTranslations).map(([locale, name]) => ({ locale, name }))];
  }

  @FieldResolver(() => Category, { nullable: true, description: 'The parent category; null at the top.' })
  async parent(@Root() c: Category, @Ctx() ctx: Context): Promise<Category | null> {
    if (!c.parentDbId) return null;
    const row = (await allCategories(ctx)).find((r) => r.id === c.parentDbId);
    return row ? Category.fromRow(row) : null;
  }

  @FieldResolver(() => [Category], { description: 'Direct subcategories.' })
  async children(@Root() c: Category, @Ctx() ctx: Context): Promise<Category[]> {
    return (await allCategories(ctx)).filter((r) => r.parent_id === c.dbId).map(Category.fromRow);
  }

  @Mutation(() => CategoryPayload, { description: 'Creates a category (unique by name among its siblings).' })
  @Allow('Mutation.createCategory', P.CatalogWrite)
  createCategory(@Ctx() ctx: Context, @Arg('input', () => CreateCategoryInput, { description: 'The new category.' }) input: CreateCategoryInput): Promise<CategoryPayload> {
    return createCategory(ctx, input);
  }

  @Mutation(() => CategoryPayload, { description: 'Renames, translates or moves a category.' })
  @Allow('Mutation.updateCategory', P.CatalogWrite)
  updateCategory(
    @Ctx() ctx: Context,
    @Arg('id', () => ID, { description: 'Category id.' }) id: string,
    @Arg('input', () => UpdateCategoryInput, { description: 'The changes.' }) input: UpdateCategoryInput,
  ): Promise<CategoryPayload> {
    return updateCategory(ctx, id, input);
  }

  @Mutation(() => DeletePayload, { description: 'Deletes a category without subcategories; its products become uncategorised.' })
  @Allow('Mutation.deleteCategory', P.CatalogWrite)
  deleteCategory(@Ctx() ctx: Context, @Arg('id', () => ID, { description: 'Category id.' }) id: string): Promise<DeletePayload> {
    return deleteCategory(ctx, id);
  }
}
