import type { AttributeValue } from '../../connectors/sdk/types';
import { UserError, userError } from '../common/errors';

/**
 * Listing attributes as staff give them: a list of `{ name value }` whose value is text, or a
 * list or nested object where the marketplace wants one (eBay aspects `{"Brand": ["X"]}`, Amazon
 * attribute arrays `[{"value": "X", "language_tag": "en_US"}]`). Checked here, stored as given
 * (jsonb) and shown back as given. Pure: no database.
 */

/** Most attributes one listing may have. */
export const MAX_ATTRIBUTES = 100;
/** Longest attribute name. */
export const MAX_NAME = 100;
/** Longest text anywhere in a value. */
export const MAX_TEXT = 2000;
/** Deepest nesting of lists and objects in one value (Amazon's deepest shapes are 4 levels). */
export const MAX_DEPTH = 6;
/** Most entries of one list or object in a value. */
export const MAX_ENTRIES = 100;
/** Largest value as JSON text. */
export const MAX_JSON = 10_000;

type Path = (string | number)[];

/** Why a value may not be stored (the first problem, with where it is), or null. */
export function attributeValueProblem(value: unknown, depth = 0): { at: Path; message: string } | null {
  if (typeof value === 'string') return value.length > MAX_TEXT ? { at: [], message: `text longer than ${MAX_TEXT} characters` } : null;
  if (typeof value === 'number') return Number.isFinite(value) ? null : { at: [], message: 'a number must be finite' };
  if (typeof value === 'boolean') return null;
  if (value === null || value === undefined) return { at: [], message: 'a value cannot be null' };
  if (typeof value !== 'object') return { at: [], message: `a ${typeof value} is not a value` };
  if (depth >= MAX_DEPTH) return { at: [], message: `lists and objects nest at most ${MAX_DEPTH} levels deep` };
  const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value as Record<string, unknown>);
  if (entries.length > MAX_ENTRIES) return { at: [], message: `at most ${MAX_ENTRIES} entries in a list or object` };
  for (const [k, v] of entries) {
    if (typeof k === 'string' && (!k.trim() || k.length > MAX_NAME)) return { at: [k], message: `a key is 1 to ${MAX_NAME} characters` };
    const inner = attributeValueProblem(v, depth + 1);
    if (inner) return { at: [k, ...inner.at], message: inner.message };
  }
  return null;
}

/** An attribute value, checked: the value as given, or undefined with the problem in `errors`. */
export function readAttributeValue(name: string, value: unknown, field: Path, errors: UserError[]): AttributeValue | undefined {
  const problem = attributeValueProblem(value);
  if (problem) {
    const where = problem.at.length ? ` at ${problem.at.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('')}` : '';
    errors.push(userError('INVALID_VALUE', `The value of ${name}${where}: ${problem.message}`, field));
    return undefined;
  }
  const size = JSON.stringify(value).length;
  if (typeof value !== 'string' && size > MAX_JSON) {
    errors.push(userError('INVALID_VALUE', `The value of ${name} is ${size} characters long as JSON; at most ${MAX_JSON}`, field));
    return undefined;
  }
  return value as AttributeValue;
}

/** The `{ name value }` list form: every name once, each value checked. */
export function readAttributeList(list: { name: string; value: unknown }[], errors: UserError[], field = 'attributeList'): Record<string, AttributeValue> {
  const out: Record<string, AttributeValue> = {};
  const seen = new Set<string>();
  if (list.length > MAX_ATTRIBUTES) errors.push(userError('INVALID_VALUE', `At most ${MAX_ATTRIBUTES} attributes`, field));
  list.forEach((a, i) => {
    const name = a.name.trim();
    if (!name || name.length > MAX_NAME) errors.push(userError('INVALID_VALUE', `An attribute name is 1 to ${MAX_NAME} characters`, [field, i, 'name']));
    else if (seen.has(name)) errors.push(userError('INVALID_VALUE', `The attribute ${name} is given twice`, [field, i, 'name']));
    else {
      seen.add(name);
      const value = readAttributeValue(name, a.value, [field, i, 'value'], errors);
      if (value !== undefined) out[name] = value;
    }
  });
  return out;
}

/**
 * The older object form (`attributes: { name: value }`): text values as before, numbers and
 * booleans as text (as it always read them), lists and objects checked as in the list form.
 */
export function readAttributeObject(raw: Record<string, unknown>, errors: UserError[], field = 'attributes'): Record<string, AttributeValue> {
  const out: Record<string, AttributeValue> = {};
  const entries = Object.entries(raw);
  if (entries.length > MAX_ATTRIBUTES) errors.push(userError('INVALID_VALUE', `At most ${MAX_ATTRIBUTES} attributes`, field));
  for (const [k, v] of entries) {
    const name = k.trim();
    if (!name || name.length > MAX_NAME) errors.push(userError('INVALID_VALUE', `An attribute name is 1 to ${MAX_NAME} characters`, field));
    else if (typeof v === 'number' || typeof v === 'boolean') out[name] = String(v);
    else {
      const value = readAttributeValue(name, v, [field, k], errors);
      if (value !== undefined) out[name] = value;
    }
  }
  return out;
}
