import { UserError, userError } from '../common/errors';
import { DEFAULT_LOCALE } from './catalog.types';
import { ImageInput, OptionInput, TranslationInput, VariantInput, VariantUpdateInput } from './catalog.inputs';

/** Pure checks of catalogue input; database checks (unique SKU, known category) live in the services. */

export const SKU_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$/;
const LOCALE_PATTERN = /^[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|\d{3}))?$/;
const MONEY_PATTERN = /^\d{1,12}(\.\d{1,2})?$/;
export const MAX_OPTIONS = 3;

type Path = (string | number)[];

export function checkTitle(title: string | null | undefined, path: Path, errors: UserError[]): void {
  if (title == null || !title.trim()) errors.push(userError('REQUIRED', 'The title must not be empty', path));
  else if (title.length > 255) errors.push(userError('TOO_LONG', 'The title must be at most 255 characters', path));
}

export function checkTranslations(list: TranslationInput[] | null | undefined, path: Path, errors: UserError[]): void {
  const seen = new Set<string>();
  (list ?? []).forEach((t, i) => {
    if (!LOCALE_PATTERN.test(t.locale)) {
      errors.push(userError('INVALID_LOCALE', `"${t.locale}" is not a locale such as en-US`, [...path, i, 'locale']));
    } else if (seen.has(t.locale)) {
      errors.push(userError('DUPLICATE_LOCALE', `Locale ${t.locale} is given twice`, [...path, i, 'locale']));
    }
    seen.add(t.locale);
    checkTitle(t.title, [...path, i, 'title'], errors);
  });
}

export function isDefaultLocale(locale: string): boolean {
  return locale === DEFAULT_LOCALE;
}

export function checkOptions(options: OptionInput[] | null | undefined, path: Path, errors: UserError[]): void {
  const list = options ?? [];
  if (list.length > MAX_OPTIONS) errors.push(userError('TOO_MANY_OPTIONS', `A product has at most ${MAX_OPTIONS} option axes`, path));
  const names = new Set<string>();
  list.forEach((o, i) => {
    const name = o.name.trim();
    if (!name) errors.push(userError('REQUIRED', 'The option name must not be empty', [...path, i, 'name']));
    else if (names.has(name)) errors.push(userError('DUPLICATE_OPTION', `Option "${name}" is given twice`, [...path, i, 'name']));
    names.add(name);
    if (o.values.length === 0) errors.push(userError('REQUIRED', `Option "${name}" needs at least one value`, [...path, i, 'values']));
    const values = new Set<string>();
    o.values.forEach((v, j) => {
      if (!v.trim()) errors.push(userError('REQUIRED', 'Option values must not be empty', [...path, i, 'values', j]));
      else if (values.has(v)) errors.push(userError('DUPLICATE_OPTION_VALUE', `Value "${v}" appears twice in "${name}"`, [...path, i, 'values', j]));
      values.add(v);
    });
  });
}

/** Checks a price-like decimal: non-negative, at most 2 decimals, fits numeric(14,2). */
export function checkMoney(value: string | null | undefined, path: Path, errors: UserError[], what = 'price'): void {
  if (value == null) return;
  if (value.startsWith('-')) errors.push(userError('NEGATIVE_PRICE', `The ${what} must not be negative`, path));
  else if (!MONEY_PATTERN.test(value)) errors.push(userError('INVALID_VALUE', `The ${what} must have at most 12 digits and 2 decimals`, path));
}

/** Checks that option values give exactly one known value per axis. */
export function checkOptionValues(
  values: string[] | null | undefined,
  options: { name: string; values: string[] }[],
  path: Path,
  errors: UserError[],
): void {
  const given = values ?? [];
  if (given.length !== options.length) {
    errors.push(
      userError(
        'OPTION_VALUES_MISMATCH',
        options.length === 0
          ? 'This product has no option axes, so its variants take no option values'
          : `Give one value for each option axis (${options.map((o) => o.name).join(', ')}); got ${given.length}`,
        path,
      ),
    );
    return;
  }
  given.forEach((v, i) => {
    if (!options[i].values.includes(v)) {
      errors.push(userError('OPTION_VALUES_MISMATCH', `"${v}" is not a value of option "${options[i].name}" (${options[i].values.join(', ')})`, [...path, i]));
    }
  });
}

export function checkVariant(v: VariantInput | VariantUpdateInput, options: { name: string; values: string[] }[] | undefined, path: Path, errors: UserError[]): void {
  if (v.sku != null && !SKU_PATTERN.test(v.sku)) {
    errors.push(userError('INVALID_SKU', 'A SKU is 1-64 letters, digits or . _ / - and starts with a letter or digit', [...path, 'sku']));
  }
  if (options) checkOptionValues(v.optionValues, options, [...path, 'optionValues'], errors);
  checkMoney(v.price, [...path, 'price'], errors);
  checkMoney(v.costPrice, [...path, 'costPrice'], errors, 'cost price');
  if (v.weightGrams != null && v.weightGrams < 0) errors.push(userError('INVALID_VALUE', 'The weight must not be negative', [...path, 'weightGrams']));
  if (v.barcode != null && v.barcode.length > 64) errors.push(userError('TOO_LONG', 'The barcode must be at most 64 characters', [...path, 'barcode']));
}

/** Checks a list of new variants against the axes: formats, duplicates in the list and duplicate combinations. */
export function checkNewVariants(variants: VariantInput[], options: { name: string; values: string[] }[], path: Path, errors: UserError[]): void {
  const skus = new Set<string>();
  const combos = new Set<string>();
  variants.forEach((v, i) => {
    checkVariant(v, options, [...path, i], errors);
    const key = v.sku.toUpperCase();
    if (skus.has(key)) errors.push(userError('DUPLICATE_SKU', `SKU ${v.sku} is given twice`, [...path, i, 'sku']));
    skus.add(key);
    const combo = JSON.stringify(v.optionValues ?? []);
    if (options.length && combos.has(combo)) {
      errors.push(userError('DUPLICATE_VARIANT_OPTIONS', `Another variant already has the values ${(v.optionValues ?? []).join(' / ')}`, [...path, i, 'optionValues']));
    }
    combos.add(combo);
  });
}

export function checkImages(images: ImageInput[] | null | undefined, path: Path, errors: UserError[]): void {
  (images ?? []).forEach((img, i) => {
    let ok = false;
    try {
      const u = new URL(img.url);
      ok = u.protocol === 'https:' || u.protocol === 'http:';
    } catch {
      ok = false;
    }
    if (!ok) errors.push(userError('INVALID_URL', 'The image URL must be an absolute http(s) URL', [...path, i, 'url']));
  });
}
