// API keys: "sk_" + 32 random bytes. Only the SHA-256 is stored; the prefix helps people
// tell their keys apart in lists.
import { randomToken, sha256Hex } from './encoding.ts';

export const API_KEY_PREFIX = 'sk_';

export function generateApiKey(): string {
  return API_KEY_PREFIX + randomToken(32);
}

export function apiKeyHash(key: string): Promise<string> {
  return sha256Hex(key);
}

export function apiKeyDisplayPrefix(key: string): string {
  return key.slice(0, 10);
}
