import type { Raw } from './amazon-state';
import { isObject } from './call';

/**
 * JSON Patch on listing attributes as patchListingsItem and a feed's PATCH message take it
 * (amazon.md §3, §8.4): `op` one of add, replace, merge, delete [O]; `path` a top-level attribute,
 * `/attributes/<name>` [O: the examples; deeper paths are refused [U]]; `value` a list (required
 * except for delete) [O: `value` is an array of objects].
 */

export const PATCH_OPS = ['add', 'replace', 'merge', 'delete'] as const;
const ATTRIBUTE_PATH = /^\/attributes\/([a-z][a-z0-9_]*)$/;

export interface CheckedPatch {
  op: (typeof PATCH_OPS)[number];
  attribute: string;
  value: Raw[] | undefined;
}

/** The patches, checked; a string saying what is wrong otherwise. */
export function checkPatches(patches: unknown): CheckedPatch[] | string {
  if (!Array.isArray(patches) || patches.length === 0) return 'patches must be a list of at least one JSON Patch operation';
  const out: CheckedPatch[] = [];
  for (const [i, p] of patches.entries()) {
    if (!isObject(p)) return `patches[${i}] must be an object {op, path, value}`;
    if (!PATCH_OPS.includes(p.op as never)) return `patches[${i}].op must be one of ${PATCH_OPS.join(', ')}, not ${JSON.stringify(p.op)}`;
    const m = typeof p.path === 'string' ? ATTRIBUTE_PATH.exec(p.path) : null;
    if (!m) return `patches[${i}].path must be /attributes/<attribute name>, not ${JSON.stringify(p.path)}`;
    if (p.value !== undefined && (!Array.isArray(p.value) || p.value.some((v) => !isObject(v)))) return `patches[${i}].value must be a list of objects`;
    if (p.value === undefined && p.op !== 'delete') return `patches[${i}].value is required for ${p.op}`;
    out.push({ op: p.op as CheckedPatch['op'], attribute: m[1], value: p.value as Raw[] | undefined });
  }
  return out;
}

/** The fields that tell two values of one attribute apart (a marketplace, a language, a fulfilment channel) [U]. */
const SELECTORS = ['marketplace_id', 'language_tag', 'fulfillment_channel_code'];

function sameSlot(a: Raw, b: Raw): boolean {
  return SELECTORS.every((k) => (a[k] ?? null) === (b[k] ?? null));
}

/** The attributes after the patches (a new object; the input is left as it was). */
export function applyPatches(attributes: Raw, patches: CheckedPatch[]): Raw {
  const out: Raw = { ...attributes };
  for (const p of patches) {
    if (p.op === 'add' || p.op === 'replace') out[p.attribute] = p.value;
    else if (p.op === 'merge') {
      const merged = Array.isArray(out[p.attribute]) ? [...(out[p.attribute] as Raw[])] : [];
      for (const v of p.value ?? []) {
        const i = merged.findIndex((x) => isObject(x) && sameSlot(x, v));
        if (i >= 0) merged[i] = { ...merged[i], ...v };
        else merged.push(v);
      }
      out[p.attribute] = merged;
    } else if (!p.value || !Array.isArray(out[p.attribute])) delete out[p.attribute];
    else {
      const kept = (out[p.attribute] as Raw[]).filter((x) => !p.value!.some((v) => isObject(x) && sameSlot(x, v)));
      if (kept.length) out[p.attribute] = kept;
      else delete out[p.attribute];
    }
  }
  return out;
}
