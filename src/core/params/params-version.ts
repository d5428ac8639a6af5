/** A parameter set's stable version id: a hash of its canonical JSON, the same on every machine. */
import { PARAM_SPECS, type ParamName } from './param-spec.js';
import type { Params } from './schema.js';

const PARAM_NAMES = (Object.keys(PARAM_SPECS) as ParamName[]).slice().sort();

/** Canonical JSON: keys in sorted order, numbers in JS shortest round-trip form. */
export function canonicalParamsJson(params: Params): string {
  return `{${PARAM_NAMES.map((name) => `${JSON.stringify(name)}:${JSON.stringify(params[name])}`).join(',')}}`;
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
