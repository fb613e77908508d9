import { describe, expect, it } from 'vitest';
import { apiKeyDisplayPrefix, apiKeyHash, generateApiKey, parseExpiry, parseExpiryDate } from '../../src/domain/auth/api-key.ts';

const NOW = Date.parse('2026-11-23T09:00:00Z');

describe('API key expiry', () => {
  it('takes durations in hours, days and weeks from now', () => {
    expect(parseExpiry('12h', NOW)).toBe(Date.parse('2026-11-23T21:00:00Z'));
    expect(parseExpiry('30d', NOW)).toBe(Date.parse('2026-12-23T09:00:00Z'));
    expect(parseExpiry('2w', NOW)).toBe(Date.parse('2026-12-07T09:00:00Z'));
  });

  it('takes a date as valid through that day (UTC), and a date-time with its zone', () => {
    expect(parseExpiry('2026-12-31', NOW)).toBe(Date.parse('2027-01-01T00:00:00Z'));
    expect(parseExpiryDate('2026-12-31T18:30:00+01:00')).toBe(Date.parse('2026-12-31T17:30:00Z'));
  });

  it.each(['0d', 'soon', '30', '2026-02-30', '2026-12-31T18:00', '1e3d', ''])('refuses %j', (text) => {
    expect(parseExpiry(text, NOW)).toBeNull();
  });
});

describe('API keys', () => {
  it('are random, prefixed and hashed', async () => {
    const a = generateApiKey();
    const b = generateApiKey();
    expect(a).toMatch(/^sk_[\w-]{43}$/);
    expect(a).not.toBe(b);
    expect(await apiKeyHash(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(await apiKeyHash(a)).not.toBe(await apiKeyHash(b));
  });

  it('show a prefix that tells keys apart without revealing them', () => {
    const key = generateApiKey();
    expect(apiKeyDisplayPrefix(key)).toBe(key.slice(0, 10));
    expect(apiKeyDisplayPrefix(key).startsWith('sk_')).toBe(true);
  });
});
