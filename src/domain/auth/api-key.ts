// API keys: "sk_" + 32 random bytes. Only the SHA-256 is stored; the prefix helps people
// tell their keys apart in lists.
import { randomToken, sha256Hex } from '../encoding.ts';

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

const HOUR_MS = 60 * 60 * 1000;
const DURATION_UNITS: Record<string, number> = { h: HOUR_MS, d: 24 * HOUR_MS, w: 7 * 24 * HOUR_MS };
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})$/;

export const EXPIRY_DATE_EXPECTED =
  'expected an ISO 8601 date (2026-12-31: valid through that day, UTC) or a date-time with zone (2026-12-31T18:00:00Z)';
export const EXPIRY_EXPECTED = `expected a duration like 30d, 12h or 8w, or ${EXPIRY_DATE_EXPECTED.replace(/^expected /, '')}`;

/** When a key given "until" this date or date-time expires (a date means the end of that day, UTC); null if malformed. */
export function parseExpiryDate(text: string): number | null {
  const trimmed = text.trim();
  if (DATE.test(trimmed)) {
    const start = Date.parse(`${trimmed}T00:00:00Z`);
    return Number.isNaN(start) || new Date(start).toISOString().slice(0, 10) !== trimmed ? null : start + 24 * HOUR_MS;
  }
  if (!DATE_TIME.test(trimmed)) return null;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : at;
}

/** An expiry as the CLI takes it: a duration from now ("30d", "12h", "8w") or a date; null if malformed. */
export function parseExpiry(text: string, now: number): number | null {
  const duration = /^(\d{1,5})([hdw])$/.exec(text.trim());
  if (duration) return Number(duration[1]) > 0 ? now + Number(duration[1]) * DURATION_UNITS[duration[2]!]! : null;
  return parseExpiryDate(text);
}

/** Whether a key still opens the API: revoked wins over expired. */
export function apiKeyStatus(key: { revokedAt: number | null; expiresAt: number | null }, now: number): 'active' | 'revoked' | 'expired' {
  if (key.revokedAt !== null) return 'revoked';
  return key.expiresAt !== null && key.expiresAt <= now ? 'expired' : 'active';
}
