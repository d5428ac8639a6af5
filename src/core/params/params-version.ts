/** A parameter set's stable version id: a hash of its canonical JSON, the same on every machine. */
import { LATER_FIELDS, PARAM_SPECS, type ParamName } from './param-spec.js';
import type { Params } from './schema.js';

const PARAM_NAMES = (Object.keys(PARAM_SPECS) as ParamName[]).slice().sort();

/**
 * Canonical JSON: keys in sorted order, numbers in JS shortest round-trip form. A field added later
 * is left out while it holds its default, so older version ids stay valid.
 */
export function canonicalParamsJson(params: Params): string {
  const fields: string[] = [];
  for (const name of PARAM_NAMES) {
    const value = JSON.stringify(params[name]);
    if (LATER_FIELDS.has(name) && value === JSON.stringify(PARAM_SPECS[name].default)) continue;
    fields.push(`${JSON.stringify(name)}:${value}`);
  }
  return `{${fields.join(',')}}`;
}

/** FNV-1a 64-bit over UTF-16 code units, as 16 hex digits (a version id, not a security hash). */
export function fnv1a64(text: string): string {
  let hash = 0xcbf29ce484222325n;
  const prime = 0x100000001b3n;
  const mask = 0xffffffffffffffffn;
  for (let i = 0; i < text.length; i++) {
    hash ^= BigInt(text.charCodeAt(i));
    hash = (hash * prime) & mask;
  }
  return hash.toString(16).padStart(16, '0');
}

/** The version id of a parameter set, e.g. `p-3f2a…` (16 hex digits). */
export function paramsVersion(params: Params): string {
  return `p-${fnv1a64(canonicalParamsJson(params))}`;
}
