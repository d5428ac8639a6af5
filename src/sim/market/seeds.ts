/** Independent 32-bit sub-seeds for each (day, stream, item), so every part of a day can be regenerated alone. */

/** Named random streams; adding a stream never shifts the others. */
export const Stream = {
  DAY: 1,
  PATH: 2,
  IV: 3,
  INDEX_TICKS: 4,
  OPTION: 5,
  DEPTH: 6,
} as const;

function mix32(h: number): number {
  // murmur3 finaliser: every input bit affects every output bit.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A sub-seed of `seed` for the given parts (small non-negative integers). */
export function deriveSeed(seed: number, ...parts: readonly number[]): number {
  let h = mix32((seed >>> 0) ^ 0x9e3779b9);
  for (const part of parts) h = mix32((h ^ mix32((part >>> 0) + 0x632be5ab)) + 0x7f4a7c15);
  return h;
}
