// A bounded memo: the value of a key is worked out once and kept until `capacity` other keys were used since.
// Map keeps insertion order, so the first key is the least recently used one.
export function lruMemo<K, V>(capacity: number, compute: (key: K) => V): (key: K) => V {
  const kept = new Map<K, V>();
  return (key) => {
    let value: V;
    if (kept.has(key)) {
      value = kept.get(key) as V;
      kept.delete(key);
    } else {
      value = compute(key);
      if (kept.size >= capacity) kept.delete(kept.keys().next().value as K);
    }
    kept.set(key, value);
    return value;
  };
}
