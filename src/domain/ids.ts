// Time-ordered, prefixed ids ("msg_01JD…"): sortable by creation, readable in logs,
// and unguessable enough for URLs (80 random bits per millisecond).
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export interface Ids {
  next(prefix: string): string;
}

function encodeTime(ms: number): string {
  let out = '';
  let rest = ms;
  for (let i = 0; i < 10; i++) {
    out = CROCKFORD[rest % 32] + out;
    rest = Math.floor(rest / 32);
  }
  return out;
}

/** Adds one to a base-32 digit string (used to keep ids of one millisecond in order). */
function increment(digits: number[]): void {
  for (let i = digits.length - 1; i >= 0; i--) {
    if (digits[i]! < 31) {
      digits[i]!++;
      return;
    }
    digits[i] = 0;
  }
}

/**
 * Ids made within the same millisecond (or while the clock stands still, as in tests)
 * continue from the previous one instead of drawing fresh randomness, so they still sort
 * in the order they were made.
 */
export function createIds(now: () => number, randomBytes: (n: number) => Uint8Array): Ids {
  let lastTime = -1;
  let lastRandom: number[] = [];
  return {
    next(prefix) {
      const time = now();
      if (time <= lastTime) {
        increment(lastRandom);
      } else {
        lastTime = time;
        lastRandom = Array.from(randomBytes(16), (byte) => byte % 32);
        lastRandom[0] = lastRandom[0]! % 16; // headroom, so increments never wrap around
      }
      return `${prefix}_${encodeTime(lastTime)}${lastRandom.map((d) => CROCKFORD[d]).join('')}`;
    },
  };
}

export function cryptoRandomBytes(n: number): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(n));
}
