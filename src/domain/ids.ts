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

function encodeRandom(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) out += CROCKFORD[byte % 32];
  return out;
}

export function createIds(now: () => number, randomBytes: (n: number) => Uint8Array): Ids {
  return {
    next(prefix) {
      return `${prefix}_${encodeTime(now())}${encodeRandom(randomBytes(16))}`;
    },
  };
}

export function cryptoRandomBytes(n: number): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(n));
}
