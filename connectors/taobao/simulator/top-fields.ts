import { missingArgument } from './top-envelope';
import { required, Params } from './top-params';

/**
 * The `fields` projection (§11.6): only the fields asked for come back. A name selects a whole
 * field (`orders` is every sub-order with every field); `orders.title` selects one field of
 * each element of a double-wrapped list (`orders.order[]`). Names TOP would not know are
 * ignored rather than refused [U].
 */

export interface FieldSpec {
  whole: Set<string>;
  /** List field → the fields of each element. */
  nested: Map<string, Set<string>>;
}

export function parseFields(params: Params): FieldSpec {
  const spec: FieldSpec = { whole: new Set(), nested: new Map() };
  for (const raw of required(params, 'fields').split(',')) {
    const name = raw.trim();
    if (!name) continue;
    const dot = name.indexOf('.');
    if (dot < 0) spec.whole.add(name);
    else {
      const [list, field] = [name.slice(0, dot), name.slice(dot + 1)];
      spec.nested.set(list, (spec.nested.get(list) ?? new Set()).add(field));
    }
  }
  if (spec.whole.size === 0 && spec.nested.size === 0) throw missingArgument('fields');
  return spec;
}

function pick(record: Record<string, unknown>, names: Set<string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(record)) if (names.has(k)) out[k] = record[k];
  return out;
}

/** The record with only the requested fields. */
export function project(record: Record<string, unknown>, spec: FieldSpec): Record<string, unknown> {
  const out = pick(record, spec.whole);
  for (const [list, fields] of spec.nested) {
    if (spec.whole.has(list)) continue;
    const wrapper = record[list];
    if (!wrapper || typeof wrapper !== 'object') continue;
    // `{order: [...]}`: the one key inside holds the elements.
    const [inner] = Object.keys(wrapper);
    const elements = (wrapper as Record<string, unknown>)[inner];
    if (Array.isArray(elements)) out[list] = { [inner]: elements.map((e) => pick(e as Record<string, unknown>, fields)) };
  }
  return out;
}
