// HMAC-SHA256 signatures for tokens we hand out (reply addresses, unsubscribe links,
// sessions). Each use has its own purpose string, so a token for one is useless for another.
import { createHmac } from 'node:crypto';
import { timingSafeEqual, utf8 } from '../encoding.ts';

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

const keyCache = new Map<string, Promise<CryptoKey>>();

function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keyCache.get(secret);
  if (!key) {
    key = crypto.subtle.importKey('raw', utf8(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    keyCache.set(secret, key);
  }
  return key;
}

function base32(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(buffer << (5 - bits)) & 31];
  return out;
}

/**
 * A lower-case base32 MAC of `length` characters (5 bits each). Lower-case only, because
 * some mail systems lower-case the local part of an address.
 */
export async function sign(secret: string, purpose: string, payload: string, length = 16): Promise<string> {
  const mac = await crypto.subtle.sign('HMAC', await hmacKey(secret), utf8(`${purpose}\u0000${payload}`));
  return base32(new Uint8Array(mac)).slice(0, length);
}

/**
 * The same MAC as sign(), computed at once with node:crypto (nodejs_compat on Workers): a bulk
 * send signs two tokens per recipient, and a WebCrypto round trip each costs more than the HMAC.
 */
export function signSync(secret: string, purpose: string, payload: string, length = 16): string {
  return base32(createHmac('sha256', secret).update(`${purpose}\u0000${payload}`).digest()).slice(0, length);
}

export async function verify(secret: string, purpose: string, payload: string, mac: string, length = 16): Promise<boolean> {
  if (mac.length !== length) return false;
  return timingSafeEqual(await sign(secret, purpose, payload, length), mac.toLowerCase());
}
