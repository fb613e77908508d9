// Time-ordered, prefixed ids ("msg_01JD…"): sortable by creation, readable in logs, and
// unguessable. They name conversations and messages in URLs, reply tokens and Message-IDs,
// so knowing one id (a bulk-send neighbour's, say) must tell nothing about the next.
//
// Layout after the prefix: 10 characters of time (ms), 4 of a sequence that orders ids of one
// millisecond, then 20 characters (100 bits) of fresh randomness drawn for every id.
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const TIME_DIGITS = 10;
const SEQUENCE_DIGITS = 4;
const RANDOM_DIGITS = 20;
const SEQUENCE_LIMIT = 32 ** SEQUENCE_DIGITS;

export interface Ids {
  next(prefix: string): string;
}

function encode(value: number, digits: number): string {
  let out = '';
  let rest = value;
  for (let i = 0; i < digits; i++) {
    out = CROCKFORD[rest % 32] + out;
    rest = Math.floor(rest / 32);
  }
  return out;
}

/**
 * Ids made within the same millisecond (or while the clock stands still or steps back, as in
 * tests) keep the last time and count up the sequence, so they still sort in the order they
 * were made; the random part is never derived from an earlier id.
 */
export function createIds(now: () => number, randomBytes: (n: number) => Uint8Array): Ids {
  let lastTime = -1;
  let sequence = 0;
  return {
    next(prefix) {
      const time = now();
      if (time > lastTime) {
        lastTime = time;
        sequence = 0;
      } else if (++sequence === SEQUENCE_LIMIT) {
        lastTime++; // borrow the next millisecond rather than wrap around
        sequence = 0;
      }
      // 256 is a multiple of 32, so byte % 32 is uniform: 5 random bits per character.
      const random = Array.from(randomBytes(RANDOM_DIGITS), (byte) => CROCKFORD[byte % 32]).join('');
      return `${prefix}_${encode(lastTime, TIME_DIGITS)}${encode(sequence, SEQUENCE_DIGITS)}${random}`;
    },
  };
}

/** The id body (after "prefix_"): 26 characters for ids made before the random part grew, 34 now. */
export const ID_BODY = '(?:[0-9A-Z]{34}|[0-9A-Z]{26})';

export function cryptoRandomBytes(n: number): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(n));
}
