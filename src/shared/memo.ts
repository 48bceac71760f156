/**
 * A bounded memo for pure functions of a text: the last `max` keys used keep their values, the
 * least recently used go first. Used where the same words come back turn after turn ("oui",
 * "merci", "mot de passe oublié") and reading them again gives the same result: the NLU's
 * normalisation and classification, retrieval, the FAQ matcher. Values are shared between calls:
 * callers that hand them out copy them first.
 */
export interface Memo<V> {
  /** The value remembered for `key` (now the most recently used), or undefined. */
  get(key: string): V | undefined;
  set(key: string, value: V): void;
  readonly size: number;
}

export function createMemo<V>(max: number): Memo<V> {
  if (!(max >= 1)) throw new RangeError(`createMemo: max must be at least 1 (got ${max})`);
  const known = new Map<string, V>();
  return {
    get(key) {
      const value = known.get(key);
      if (value === undefined) return undefined;
      known.delete(key);
      known.set(key, value);
      return value;
    },
    set(key, value) {
      known.delete(key);
      known.set(key, value);
      if (known.size > max) known.delete(known.keys().next().value as string);
    },
    get size() {
      return known.size;
    },
  };
}

/** `compute` called once per key for as long as the key stays among the last `max` used. */
export function memoize<V>(max: number, compute: (key: string) => V): (key: string) => V {
  const memo = createMemo<V>(max);
  return (key) => {
    const hit = memo.get(key);
    if (hit !== undefined) return hit;
    const value = compute(key);
    memo.set(key, value);
    return value;
  };
}
