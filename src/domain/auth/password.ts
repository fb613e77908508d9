// Password hashing with PBKDF2-SHA256 through WebCrypto, the one KDF every host has.
// 100,000 iterations is the most Cloudflare Workers' WebCrypto accepts.
// Stored form: pbkdf2-sha256$<iterations>$<salt b64url>$<hash b64url>
import { fromBase64Url, timingSafeEqual, toBase64Url, utf8 } from '../encoding.ts';

export const PBKDF2_ITERATIONS = 100_000;
const KEY_BITS = 256;

async function derive(password: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<string> {
  const key = await crypto.subtle.importKey('raw', utf8(password), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, key, KEY_BITS);
  return toBase64Url(bits);
}

export async function hashPassword(password: string, iterations = PBKDF2_ITERATIONS): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  return `pbkdf2-sha256$${iterations}$${toBase64Url(salt)}$${await derive(password, salt, iterations)}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, iterationsText, saltText, hash] = stored.split('$');
  const iterations = Number(iterationsText);
  if (scheme !== 'pbkdf2-sha256' || !saltText || !hash || !Number.isInteger(iterations) || iterations < 1) {
    return false;
  }
  return timingSafeEqual(await derive(password, fromBase64Url(saltText), iterations), hash);
}
