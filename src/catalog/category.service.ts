import type { Context } from '../context';
import { UserError, userError } from '../common/errors';
import { toGlobalId, uuidOf } from '../common/ids';
import { CategoryEntity } from './catalog.entities';
import { CreateCategoryInput, UpdateCategoryInput } from './catalog.inputs';
import { Category } from './catalog.types';
import { CategoryPayload, DeletePayload } from './catalog.payloads';
import { findCategory } from './product.service';
import { selectRows } from '../common/sql';

function node(c: CategoryEntity): Category {
  return Category.fromRow({ id: c.id, name: c.name, name_translations: c.nameTranslations, parent_id: c.parent?.id ?? null, position: c.position });
}

function translationsOf(list: { locale: string; name: string }[] | null | undefined, errors: UserError[]): Record<string, string> {
  const out: Record<string, string> = {};
  (list ?? []).forEach((t, i) => {
    if (!t.name.trim()) errors.push(userError('REQUIRED', 'The name must not be empty', ['translations', i, 'name']));
    out[t.locale] = t.name.trim();
  });
  return out;
}

async function nameTaken(ctx: Context, name: string, parent: CategoryEntity | null, exceptId?: string): Promise<boolean> {
  const found = await ctx.em.findOne(CategoryEntity, { name, parent: parent ?? null });
  return !!found && found.id !== exceptId;
}

/** createCategory: a new node of the tree, unique by name among its siblings. */
export async function createCategory(ctx: Context, input: CreateCategoryInput): Promise<CategoryPayload> {
  const errors: UserError[] = [];
  const name = input.name.trim();
  if (!name) errors.push(userError('REQUIRED', 'The name must not be empty', 'name'));
  const translations = translationsOf(input.translations, errors);
  const parent = input.parentId ? await findCategory(ctx, input.parentId, 'parentId', errors) : undefined;
  if (name && (await nameTaken(ctx, name, parent ?? null))) errors.push(userError('DUPLICATE_NAME', `A sibling category is already called ${name}`, 'name'));
  if (errors.length) return { category: null, userErrors: errors };
  const c = ctx.em.create(CategoryEntity, { name, nameTranslations: translations, parent: parent ?? null, position: input.position ?? 0 });
  await ctx.em.flush();
  return { category: node(c), userErrors: [] };
}

/** updateCategory: renames, translates or moves a category (never under itself or its descendants). */
export async function updateCategory(ctx: Context, globalId: string, input: UpdateCategoryInput): Promise<CategoryPayload> {
  const id = uuidOf('Category', globalId);
  const c = id ? await ctx.em.findOne(CategoryEntity, { id }) : null;
  if (!c) return { category: null, userErrors: [userError('NOT_FOUND', 'No category has this id', 'id')] };
  const errors: UserError[] = [];
  const translations = translationsOf(input.translations, errors);
  let parent: CategoryEntity | null | undefined = input.makeTopLevel ? null : undefined;
  if (input.parentId) {
    parent = await findCategory(ctx, input.parentId, 'parentId', errors);
    if (parent) {
      const [r] = await selectRows<{ n: number }>(
        ctx.em,
        `with recursive up as (select id, parent_id from category where id = ? union all
           select c.id, c.parent_id from category c join up on c.id = up.parent_id) select count(*)::int as n from up where id = ?`,
        [parent.id, c.id],
      );
      if (r.n > 0) errors.push(userError('CATEGORY_CYCLE', 'A category cannot move under itself or one of its descendants', 'parentId'));
    }
  }
  const name = input.name?.trim();
  if (input.name != null && !name) errors.push(userError('REQUIRED', 'The name must not be empty', 'name'));
  const newParent = parent === undefined ? c.parent ?? null : parent;
  if (!errors.length && (name || parent !== undefined) && (await nameTaken(ctx, name ?? c.name, newParent, c.id))) {
    errors.push(userError('DUPLICATE_NAME', `A sibling category is already called ${name ?? c.name}`, 'name'));
  }
  if (errors.length) return { category: null, userErrors: errors };
  if (name) c.name = name;
  if (input.translations) c.nameTranslations = { ...c.nameTranslations, ...translations };
  if (parent !== undefined) c.parent = parent;
  if (input.position != null) c.position = input.position;
  await ctx.em.flush();
  return { category: node(c), userErrors: [] };
}

/** deleteCategory: removes an empty leaf; its products become uncategorised. */
export async function deleteCategory(ctx: Context, globalId: string): Promise<DeletePayload> {
  const id = uuidOf('Category', globalId);
  const c = id ? await ctx.em.findOne(CategoryEntity, { id }) : null;
  if (!c) return { deletedId: null, userErrors: [userError('NOT_FOUND', 'No category has this id', 'id')] };
  if (await ctx.em.count(CategoryEntity, { parent: c })) {
    return { deletedId: null, userErrors: [userError('CATEGORY_HAS_CHILDREN', 'Move or delete the subcategories first', 'id')] };
  }
  await ctx.em.removeAndFlush(c);
  return { deletedId: toGlobalId('Category', c.id), userErrors: [] };
}
