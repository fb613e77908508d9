// A bounded memo: each key's value is worked out once and kept while fewer than `capacity` newer keys were added;
// then the oldest key goes. A hit is one Map look-up (no reordering: that would double the cost of the common case).
export function boundedMemo<K, V>(capacity: number, compute: (key: K) => V): (key: K) => V {
  const kept = new Map<K, V>();
  return (key) => {
    const value = kept.get(key);
    if (value !== undefined || kept.has(key)) return value as V;
    const computed = compute(key);
    if (kept.size >= capacity) kept.delete(kept.keys().next().value as K);
    kept.set(key, computed);
    return computed;
  };
}
