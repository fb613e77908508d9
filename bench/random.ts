// A small seeded PRNG (mulberry32) so every data set the bench builds is the same on every run.
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [0, n). */
  int(n: number): number;
  pick<T>(list: readonly T[]): T;
  /** True with probability p. */
  chance(p: number): boolean;
  /** Random bytes (not cryptographic). */
  bytes(n: number): Uint8Array;
}

export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n) => Math.floor(next() * n),
    pick: (list) => list[Math.floor(next() * list.length)]!,
    chance: (p) => next() < p,
    bytes(n) {
      const out = new Uint8Array(n);
      for (let i = 0; i < n; i += 4) {
        const v = (next() * 4294967296) >>> 0;
        out[i] = v & 255;
        if (i + 1 < n) out[i + 1] = (v >>> 8) & 255;
        if (i + 2 < n) out[i + 2] = (v >>> 16) & 255;
        if (i + 3 < n) out[i + 3] = v >>> 24;
      }
      return out;
    },
  };
}

/** The seed every run uses unless --seed says otherwise. */
export const DEFAULT_SEED = 20261123;
