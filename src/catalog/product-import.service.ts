import type { Context } from '../context';
import { forbidden, userError, UserError } from '../common/errors';
import { parseCsv } from '../common/csv';
import { can } from '../staff/actor';
import { P } from '../staff/permissions';
import { CategoryEntity } from './catalog.entities';
import { CreateProductInput, VariantInput } from './catalog.inputs';
import { inList, selectRows } from '../common/sql';
import { Product, ProductRow, ProductStatus } from './catalog.types';
import { ImportProductsPayload, ImportRowError } from './catalog.payloads';
import { checkImages, checkMoney, checkTitle, SKU_PATTERN } from './product.validation';
import { existingSkus, persistNewProduct } from './product.service';
import { refreshSearchText } from './search-index.service';
import { PRODUCT_COLUMNS } from './catalog.queries';

/**
 * importProducts: Shopify's product CSV layout. Rows sharing a Handle form one product; the
 * first row of a handle carries the product's fields. Columns: Handle, Title, Body (HTML),
 * Vendor, Product Category (a path such as "服装 > 男装 > 西装"), Status, Option1..3 Name and
 * Value, Variant SKU, Variant Price, Cost per item, Variant Barcode, Variant Grams, Image Src,
 * Image Alt Text, and "Title (en-US)" / "Body (en-US)" for translations (any locale).
 * Good rows are imported; each bad row is reported with its line and reason.
 */

const REQUIRED = ['handle', 'title', 'variant sku', 'variant price'];
const MAX_ROWS = 20000;
const STATUSES: Record<string, ProductStatus> = { draft: ProductStatus.DRAFT, active: ProductStatus.ACTIVE, delisted: ProductStatus.DELISTED, archived: ProductStatus.ARCHIVED };

interface Row {
  line: number;
  get(column: string): string;
}

function rowError(line: number, code: string, message: string, column?: string): ImportRowError {
  return Object.assign(new ImportRowError(), { line, code, message, column: column ?? null });
}

async function categoryPaths(ctx: Context): Promise<Map<string, CategoryEntity>> {
  const all = await ctx.em.find(CategoryEntity, {});
  const byId = new Map(all.map((c) => [c.id, c]));
  const pathOf = (c: CategoryEntity): string => {
    const parts = [c.name];
    let p = c.parent ? byId.get(c.parent.id) : undefined;
    for (let guard = 0; p && guard < 50; guard++) {
      parts.unshift(p.name);
      p = p.parent ? byId.get(p.parent.id) : undefined;
    }
    return parts.join(' > ');
  };
  const map = new Map<string, CategoryEntity>();
  // A bare name also resolves when it is unique in the tree.
  const names = new Map<string, CategoryEntity[]>();
  for (const c of all) {
    map.set(pathOf(c).toLowerCase(), c);
    names.set(c.name.toLowerCase(), [...(names.get(c.name.toLowerCase()) ?? []), c]);
  }
  for (const [name, list] of names) if (list.length === 1 && !map.has(name)) map.set(name, list[0]);
  return map;
}

export async function importProducts(ctx: Context, csv: string): Promise<ImportProductsPayload> {
  const empty = (errors: UserError[]): ImportProductsPayload => ({ productsCreated: 0, variantsCreated: 0, rowErrors: [], products: [], userErrors: errors });
  const parsed = parseCsv(csv);
  if (parsed.length < 2) return empty([userError('EMPTY_FILE', 'The CSV needs a header row and at least one product row', 'csv')]);
  if (parsed.length > MAX_ROWS + 1) return empty([userError('TOO_MANY_ROWS', `Import at most ${MAX_ROWS} rows at a time`, 'csv')]);
  const header = parsed[0].cells.map((h) => h.trim().toLowerCase());
  const missing = REQUIRED.filter((c) => !header.includes(c));
  if (missing.length) return empty([userError('MISSING_COLUMN', `The header lacks the column(s): ${missing.join(', ')}`, 'csv')]);
  const index = new Map(header.map((h, i) => [h, i]));
  const rows: Row[] = parsed.slice(1).map((r) => ({ line: r.line, get: (c) => (r.cells[index.get(c) ?? -1] ?? '').trim() }));
  if (header.includes('cost per item') && rows.some((r) => r.get('cost per item')) && !can(ctx.actor, P.CostWrite)) {
    throw forbidden('Importing cost prices needs the permission cost.write');
  }
  const translationLocales = header.map((h) => /^title \(([a-z]{2,3}(?:-[a-z]{2,4})?)\)$/i.exec(h)?.[1]).filter((l): l is string => !!l);

  const rowErrors: ImportRowError[] = [];
  const groups = new Map<string, Row[]>();
  for (const r of rows) {
    const handle = r.get('handle');
    if (!handle) {
      rowErrors.push(rowError(r.line, 'REQUIRED', 'Handle is empty', 'Handle'));
      continue;
    }
    groups.set(handle, [...(groups.get(handle) ?? []), r]);
  }

  const categories = await categoryPaths(ctx);
  const fileSkus = rows.map((r) => r.get('variant sku')).filter(Boolean);
  const taken = await existingSkus(ctx, fileSkus);
  const seenSkus = new Set<string>();
  const accepted: { input: CreateProductInput; category?: CategoryEntity }[] = [];

  for (const [handle, group] of groups) {
    const head = group[0];
    const headErrors: ImportRowError[] = [];
    const check = (fn: (errors: UserError[]) => void, column: string, line: number, into: ImportRowError[]) => {
      const errs: UserError[] = [];
      fn(errs);
      errs.forEach((e) => into.push(rowError(line, e.code, e.message, column)));
    };
    check((e) => checkTitle(head.get('title'), ['title'], e), 'Title', head.line, headErrors);
    let category: CategoryEntity | undefined;
    const catPath = head.get('product category');
    if (catPath) {
      category = categories.get(catPath.split('>').map((s) => s.trim()).join(' > ').toLowerCase());
      if (!category) headErrors.push(rowError(head.line, 'UNKNOWN_CATEGORY', `No category "${catPath}"`, 'Product Category'));
    }
    const statusRaw = head.get('status').toLowerCase();
    const status = statusRaw ? STATUSES[statusRaw] : ProductStatus.DRAFT;
    if (!status) headErrors.push(rowError(head.line, 'INVALID_VALUE', `Status must be draft, active, delisted or archived, not "${statusRaw}"`, 'Status'));
    const axisNames = [1, 2, 3].map((n) => head.get(`option${n} name`)).filter(Boolean);
    if (headErrors.length) {
      rowErrors.push(...headErrors);
      group.slice(1).forEach((r) => rowErrors.push(rowError(r.line, 'PRODUCT_REJECTED', `Product ${handle} (line ${head.line}) was not imported`)));
      continue;
    }

    const axes = axisNames.map((name) => ({ name, values: [] as string[] }));
    const variants: VariantInput[] = [];
    const images: { url: string; alt: string }[] = [];
    const combos = new Set<string>();
    for (const r of group) {
      const own: ImportRowError[] = [];
      const imageSrc = r.get('image src');
      if (imageSrc) check((e) => checkImages([{ url: imageSrc }], ['image'], e), 'Image Src', r.line, own);
      const sku = r.get('variant sku');
      if (!sku) {
        if (!imageSrc) own.push(rowError(r.line, 'REQUIRED', 'Variant SKU is empty', 'Variant SKU'));
        if (own.length) rowErrors.push(...own);
        else images.push({ url: imageSrc, alt: r.get('image alt text') });
        continue;
      }
      if (!SKU_PATTERN.test(sku)) own.push(rowError(r.line, 'INVALID_SKU', `"${sku}" is not a valid SKU`, 'Variant SKU'));
      else if (seenSkus.has(sku.toUpperCase())) own.push(rowError(r.line, 'DUPLICATE_SKU', `SKU ${sku} appears earlier in the file`, 'Variant SKU'));
      else if (taken.has(sku.toUpperCase())) own.push(rowError(r.line, 'DUPLICATE_SKU', `SKU ${sku} already exists`, 'Variant SKU'));
      const price = r.get('variant price');
      if (!price) own.push(rowError(r.line, 'REQUIRED', 'Variant Price is empty', 'Variant Price'));
      else if (!/^-?\d+(\.\d+)?$/.test(price)) own.push(rowError(r.line, 'INVALID_VALUE', `"${price}" is not a price`, 'Variant Price'));
      else check((e) => checkMoney(price, ['price'], e), 'Variant Price', r.line, own);
      const cost = r.get('cost per item');
      if (cost && !/^-?\d+(\.\d+)?$/.test(cost)) own.push(rowError(r.line, 'INVALID_VALUE', `"${cost}" is not a cost price`, 'Cost per item'));
      else if (cost) check((e) => checkMoney(cost, ['costPrice'], e, 'cost price'), 'Cost per item', r.line, own);
      const grams = r.get('variant grams');
      if (grams && !/^\d+$/.test(grams)) own.push(rowError(r.line, 'INVALID_VALUE', 'Variant Grams must be a whole number of grams', 'Variant Grams'));
      const values = axisNames.map((_, i) => r.get(`option${i + 1} value`));
      if (values.some((v) => !v)) own.push(rowError(r.line, 'OPTION_VALUES_MISMATCH', `Give a value for each option (${axisNames.join(', ')})`, 'Option1 Value'));
      else if (axisNames.length && combos.has(JSON.stringify(values))) own.push(rowError(r.line, 'DUPLICATE_VARIANT_OPTIONS', `Another row of ${handle} has ${values.join(' / ')}`, 'Option1 Value'));
      seenSkus.add(sku.toUpperCase());
      if (own.length) {
        rowErrors.push(...own);
        continue;
      }
      combos.add(JSON.stringify(values));
      values.forEach((v, i) => axes[i].values.includes(v) || axes[i].values.push(v));
      variants.push({ sku, price: Number(price).toFixed(2), costPrice: cost ? Number(cost).toFixed(2) : null, barcode: r.get('variant barcode') || null, weightGrams: grams ? Number(grams) : null, optionValues: values });
      if (imageSrc) images.push({ url: imageSrc, alt: r.get('image alt text') });
    }
    if (variants.length === 0) continue;
    accepted.push({
      category,
      input: {
        title: head.get('title'),
        description: head.get('body (html)'),
        brand: head.get('vendor') || null,
        status,
        options: axes,
        variants,
        images,
        translations: translationLocales
          .filter((l) => head.get(`title (${l})`))
          .map((l) => ({ locale: l.replace(/-([a-z]+)$/i, (_, r: string) => `-${r.toUpperCase()}`), title: head.get(`title (${l})`), description: head.get(`body (${l})`) })),
      },
    });
  }

  const created = accepted.map((a) => persistNewProduct(ctx, a.input, a.category));
  await ctx.em.flush();
  const ids = created.map((p) => p.id);
  await refreshSearchText(ctx.em, ids);
  const productRows = ids.length
    ? await selectRows<ProductRow>(ctx.em, `select ${PRODUCT_COLUMNS} from product p where p.id in (${inList(ids.length)}) order by p.created_at, p.id`, ids)
    : [];
  rowErrors.sort((a, b) => a.line - b.line);
  return {
    productsCreated: created.length,
    variantsCreated: accepted.reduce((n, a) => n + (a.input.variants?.length ?? 0), 0),
    rowErrors,
    products: productRows.map(Product.fromRow),
    userErrors: [],
  };
}
