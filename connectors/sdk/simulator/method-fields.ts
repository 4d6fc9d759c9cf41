import { SimHttpError } from './sim-http';

/**
 * What each marketplace method really returns and which filters it applies when the caller
 * gives none, from the marketplace's method metadata. A simulator that returns every field it
 * holds hides a client that reads a field the method never sends (Taobao's increment.get has
 * `has_buyer_message`, not `buyer_message`), and one that ignores default filters hides a
 * client that forgets to ask for what it needs (TOP returns only its default trade types).
 */

/** One method's fields and default filters. */
export interface MethodSpec {
  /**
   * Every field the method can return. A name is a whole field; `list.field` is a field of
   * each element of a list field (`orders.title`). A list named whole returns its elements
   * with every field they hold.
   */
  returns: readonly string[];
  /** The fields returned when the caller names none; omitted: the caller must name them. */
  defaultFields?: readonly string[];
  /** Parameters the marketplace fills in when the caller leaves them out, e.g. `{ type: 'fixed,auction' }`. */
  defaultParams?: Readonly<Record<string, string>>;
}

/** The fields of one call: whole fields, and per list field the fields of its elements. */
export interface FieldSelection {
  whole: ReadonlySet<string>;
  nested: ReadonlyMap<string, ReadonlySet<string>>;
}

type Raw = Record<string, unknown>;

function parseNames(names: readonly string[]): { whole: Set<string>; nested: Map<string, Set<string>> } {
  const whole = new Set<string>();
  const nested = new Map<string, Set<string>>();
  for (const raw of names) {
    const name = raw.trim();
    if (!name) continue;
    const dot = name.indexOf('.');
    if (dot < 0) whole.add(name);
    else {
      const [list, field] = [name.slice(0, dot), name.slice(dot + 1)];
      nested.set(list, (nested.get(list) ?? new Set()).add(field));
    }
  }
  return { whole, nested };
}

function pick(record: Raw, names: ReadonlySet<string>): Raw {
  const out: Raw = {};
  for (const k of Object.keys(record)) if (names.has(k)) out[k] = record[k];
  return out;
}

/** The elements of a list field: a plain array, or TOP's wrapper `{order: [...]}`, with how to wrap them back. */
function elementsOf(value: unknown): { elements: Raw[]; wrap(elements: Raw[]): unknown } | null {
  if (Array.isArray(value)) return { elements: value as Raw[], wrap: (e) => e };
  if (value && typeof value === 'object') {
    const keys = Object.keys(value);
    const inner = (value as Raw)[keys[0]];
    if (keys.length === 1 && Array.isArray(inner)) return { elements: inner as Raw[], wrap: (e) => ({ [keys[0]]: e }) };
  }
  return null;
}

/** Per-method field sets and default filters, as a simulator's methods share them. */
export class MethodFields {
  constructor(private readonly specs: Readonly<Record<string, MethodSpec>>) {}

  spec(method: string): MethodSpec {
    const s = Object.hasOwn(this.specs, method) ? this.specs[method] : undefined;
    if (!s) throw new Error(`no field set for ${method}: add it to the simulator's method table`);
    return s;
  }

  /**
   * The fields a call gets: those it asked for (a comma-separated list, as most marketplaces
   * take them) that the method returns. Names the method does not return are left out, as the
   * marketplaces do; none asked for gives the method's default fields, or a 400 when it has none.
   */
  select(method: string, requested: string | null | undefined): FieldSelection {
    const spec = this.spec(method);
    const returns = parseNames(spec.returns);
    const asked = requested?.trim() ? requested.split(',') : spec.defaultFields;
    if (!asked) throw new SimHttpError(400, `${method} needs fields`);
    const want = parseNames(asked);
    const whole = new Set([...want.whole].filter((f) => returns.whole.has(f)));
    const nested = new Map<string, Set<string>>();
    for (const [list, fields] of want.nested) {
      if (whole.has(list)) continue;
      const allowed = returns.whole.has(list) ? fields : new Set([...fields].filter((f) => returns.nested.get(list)?.has(f)));
      if (allowed.size) nested.set(list, allowed);
    }
    // A list the method returns only field by field, asked for whole, gives those fields.
    for (const list of want.whole) if (!returns.whole.has(list) && returns.nested.has(list)) nested.set(list, new Set(returns.nested.get(list)));
    return { whole, nested };
  }

  /** Every field the method returns (what a call naming all of them gets). */
  all(method: string): FieldSelection {
    return this.select(method, this.spec(method).returns.join(','));
  }

  /** The record with only the selected fields (list fields projected element by element). */
  project(record: Raw, selection: FieldSelection): Raw {
    const out = pick(record, selection.whole);
    for (const [list, fields] of selection.nested) {
      const found = elementsOf(record[list]);
      if (found) out[list] = found.wrap(found.elements.map((e) => pick(e, fields)));
    }
    return out;
  }

  /** The call's parameters with the method's defaults filled in where the caller gave none. */
  withDefaults(method: string, params: Readonly<Record<string, string>>): Record<string, string> {
    const out = { ...params };
    for (const [k, v] of Object.entries(this.spec(method).defaultParams ?? {})) if (out[k] === undefined || out[k] === '') out[k] = v;
    return out;
  }

  /**
   * Whether `value` passes a list filter such as `type=fixed,auction` (the caller's, or the
   * default when it gave none); a filter not set passes everything.
   */
  static inList(filter: string | undefined, value: unknown): boolean {
    if (filter === undefined || filter === '') return true;
    return filter.split(',').map((s) => s.trim()).includes(String(value));
  }
}
