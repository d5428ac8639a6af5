/** A one-entry cache: the value built for the last key, built again when the key changes (a worker thread runs many cells of one sweep, or windows of one walk-forward, in a row). */
export function keepLast<V>(): (key: string, build: () => V) => V {
  let kept: { key: string; value: V } | null = null;
  return (key, build) => {
    if (kept?.key !== key) {
      // Dropped first, so the old value can be collected while the new one is built.
      kept = null;
      kept = { key, value: build() };
    }
    return kept.value;
  };
}
