import fs from 'node:fs';
import path from 'node:path';
import { globalMoney, moneyProblem } from './money';

/**
 * The official method metadata of the AliExpress solution APIs (metadata/*.json: copied
 * unchanged from ../../../../shared/marketplaces/specs/aliexpress-top-metadata, [M]), read at run
 * time: which request parameters each method requires and of which type, and the tree of
 * fields its answer may hold. The simulator checks requests against it and writes its answers
 * through it (list wrappers, money objects), so neither drifts from the marketplace's own
 * definition.
 */

export interface MetaParam {
  name: string;
  type: string;
  description?: string;
  required?: boolean;
  subParams?: MetaParam[];
}

export interface MethodMeta {
  name: string;
  requestParams: MetaParam[];
  responseParams: MetaParam[];
}

/** Methods that have metadata, and its file. */
export const METADATA_FILES: Readonly<Record<string, string>> = {
  'aliexpress.solution.product.post': 'aliexpress_solution_product_post.json',
  'aliexpress.solution.product.edit': 'aliexpress_solution_product_edit.json',
  'aliexpress.solution.batch.product.inventory.update': 'aliexpress_solution_batch_product_inventory_update.json',
  'aliexpress.solution.batch.product.price.update': 'aliexpress_solution_batch_product_price_update.json',
  'aliexpress.solution.order.get': 'aliexpress_solution_order_get.json',
  'aliexpress.solution.order.info.get': 'aliexpress_solution_order_info_get.json',
  'aliexpress.solution.order.fulfill': 'aliexpress_solution_order_fulfill.json',
};

export const METADATA_DIR = path.join(__dirname, 'metadata');

const loaded = new Map<string, MethodMeta>();

/** The metadata of `method`, or undefined for a method the snapshot does not cover. */
export function methodMeta(method: string): MethodMeta | undefined {
  const file = Object.hasOwn(METADATA_FILES, method) ? METADATA_FILES[method] : undefined;
  if (!file) return undefined;
  let meta = loaded.get(method);
  if (!meta) {
    meta = JSON.parse(fs.readFileSync(path.join(METADATA_DIR, file), 'utf8')) as MethodMeta;
    if (meta.name !== method) throw new Error(`metadata ${file} describes ${meta.name}, not ${method}`);
    loaded.set(method, meta);
  }
  return meta;
}

/** The element type of a list type (`OrderDto[]`, `SynchronizeProductResponseDto []`); null for any other type. */
export function listElementType(type: string): string | null {
  const m = /^(.*?)\s*\[\]$/.exec(type.trim());
  return m ? m[1].trim() : null;
}

/**
 * The key a list is wrapped in on the wire: TOP-family JSON writes a list field as an object
 * holding the list under its element type in snake case (`target_list: {order_dto: […]}`,
 * `child_order_list: {global_aeop_tp_child_order_dto: […]}`), as aliexpress.md §5 shows for
 * order.get; the same convention is applied to every list of every answer [U for order.info.get
 * and the batch updates: the reference writes them as plain lists].
 */
export function listWrapperKey(elementType: string): string {
  return elementType
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1_$2')
    .toLowerCase();
}

const PRIMITIVES = new Set(['String', 'Number', 'Boolean', 'Date']);

export function isPrimitive(type: string): boolean {
  return PRIMITIVES.has(type.trim());
}

export function hasRequiredInside(p: MetaParam): boolean {
  return (p.subParams ?? []).some((c) => c.required || hasRequiredInside(c));
}

/** A request that breaks the metadata: a required parameter missing, or one of the wrong type. */
export class ParamProblem extends Error {
  constructor(
    readonly kind: 'missing' | 'invalid',
    readonly param: string,
    readonly why: string,
  ) {
    super(`${kind} ${param}: ${why}`);
  }
}

type Raw = Record<string, unknown>;

const isBlank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

function checkPrimitive(value: unknown, type: string, at: string): void {
  switch (type.trim()) {
    case 'String':
    case 'Date':
      // A number where the metadata says String is refused: prices are decimal strings, never floats [U: a lenient
      // gateway might coerce; this one holds clients to the documented type].
      if (typeof value !== 'string') throw new ParamProblem('invalid', at, `must be a string, not ${typeof value === 'bigint' ? 'number' : typeof value}`);
      return;
    case 'Number':
      // Ids may come as bare numbers (BigInt beyond 2^53) or as strings of digits: neither loses a digit.
      if (typeof value === 'bigint') return;
      if (typeof value === 'number' && Number.isFinite(value)) return;
      if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim())) return;
      throw new ParamProblem('invalid', at, 'must be a number');
    case 'Boolean':
      if (typeof value === 'boolean' || value === 'true' || value === 'false') return;
      throw new ParamProblem('invalid', at, 'must be true or false');
    default:
      return;
  }
}

function checkValue(value: unknown, p: MetaParam, at: string): void {
  const element = listElementType(p.type);
  if (element !== null) {
    if (!Array.isArray(value)) throw new ParamProblem('invalid', at, `must be a JSON array (${p.type})`);
    value.forEach((item, i) => {
      const here = `${at}[${i}]`;
      if (isBlank(item)) throw new ParamProblem('invalid', here, 'a list element is empty');
      if (isPrimitive(element)) checkPrimitive(item, element, here);
      else checkObject(item, p.subParams ?? [], here);
    });
    return;
  }
  if (isPrimitive(p.type)) checkPrimitive(value, p.type, at);
  else checkObject(value, p.subParams ?? [], at);
}

function checkObject(value: unknown, children: MetaParam[], at: string): void {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new ParamProblem('invalid', at, 'must be a JSON object');
  const o = value as Raw;
  for (const c of children) {
    const here = `${at}.${c.name}`;
    if (isBlank(o[c.name])) {
      if (c.required) throw new ParamProblem('missing', here, 'is required');
      continue;
    }
    checkValue(o[c.name], c, here);
  }
}

/**
 * Checks a call's business parameters against the method's metadata and returns them read:
 * primitives as sent (strings), object and list parameters parsed from their JSON strings. A
 * top-level parameter that is not marked required but holds required fields (order.get's
 * `param0` with `current_page`) is required too: without it the required fields are missing.
 */
export function readRequest(meta: MethodMeta, params: Readonly<Record<string, string>>, parse: (text: string) => unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const p of meta.requestParams) {
    const raw = params[p.name];
    if (isBlank(raw)) {
      if (p.required || hasRequiredInside(p)) throw new ParamProblem('missing', p.name, 'is required');
      continue;
    }
    if (isPrimitive(p.type)) {
      checkPrimitive(raw, p.type, p.name);
      out[p.name] = raw;
      continue;
    }
    let value: unknown;
    try {
      value = parse(raw);
    } catch {
      throw new ParamProblem('invalid', p.name, 'must be a JSON string');
    }
    checkValue(value, p, p.name);
    out[p.name] = value;
  }
  return out;
}

/** The answer's value written the wire's way: lists wrapped (listWrapperKey), money objects complete. Fields the tree does not name pass unchanged. */
export function renderByTree(value: unknown, nodes: readonly MetaParam[]): unknown {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const out: Raw = {};
  for (const [k, v] of Object.entries(value as Raw)) {
    const node = byName.get(k);
    out[k] = node ? renderField(v, node) : v;
  }
  return out;
}

function renderField(value: unknown, node: MetaParam): unknown {
  const element = listElementType(node.type);
  if (element !== null && Array.isArray(value)) {
    return { [listWrapperKey(element)]: value.map((item) => (isPrimitive(element) ? item : renderByTree(item, node.subParams ?? []))) };
  }
  if (node.type === 'GlobalMoneyStr' && value && typeof value === 'object' && !moneyProblem(value)) {
    const amountKey = (node.subParams ?? []).some((c) => c.name === 'amount_str') ? 'amount_str' : 'amount';
    return globalMoney(value as Raw, amountKey);
  }
  if (node.subParams?.length) return renderByTree(value, node.subParams);
  return value;
}

/**
 * An answer read back into plain lists (the reverse of renderByTree's wrapping), and its money
 * objects checked: how an order given in the wire shape of order.info.get is stored. Throws a
 * ParamProblem naming the field when a money object or a list is not usable.
 */
export function unwrapByTree(value: unknown, nodes: readonly MetaParam[], at: string): unknown {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const out: Raw = {};
  for (const [k, v] of Object.entries(value as Raw)) {
    const node = byName.get(k);
    out[k] = node && v !== null && v !== undefined ? unwrapField(v, node, `${at}.${k}`) : v;
  }
  return out;
}

function unwrapField(value: unknown, node: MetaParam, at: string): unknown {
  const element = listElementType(node.type);
  if (element !== null) {
    let list = value;
    if (list && typeof list === 'object' && !Array.isArray(list)) {
      const inner = (list as Raw)[listWrapperKey(element)];
      list = inner ?? [];
    }
    if (!Array.isArray(list)) throw new ParamProblem('invalid', at, `must be a list, or {"${listWrapperKey(element)}": [...]}`);
    return list.map((item, i) => (isPrimitive(element) ? item : unwrapByTree(item, node.subParams ?? [], `${at}[${i}]`)));
  }
  if (node.type === 'GlobalMoneyStr') {
    const problem = moneyProblem(value);
    if (problem) throw new ParamProblem('invalid', at, problem);
    return value;
  }
  if (node.subParams?.length) return unwrapByTree(value, node.subParams, at);
  return value;
}

/** The nodes under a path of names in the response tree (`['result', 'data']`). */
export function responseNodes(method: string, names: readonly string[]): MetaParam[] {
  const meta = methodMeta(method);
  if (!meta) throw new Error(`no metadata for ${method}`);
  let nodes = meta.responseParams;
  for (const name of names) {
    const next = nodes.find((n) => n.name === name);
    if (!next) throw new Error(`${method} answers no ${names.join('.')}`);
    nodes = next.subParams ?? [];
  }
  return nodes;
}
