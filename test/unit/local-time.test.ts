import { describe, expect, it } from 'vitest';
import { localTimeToInstant } from '../../src/domain/inbox/local-time.ts';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

describe('localTimeToInstant', () => {
  it('reads a wall-clock time in the agent’s zone', () => {
    expect(iso(localTimeToInstant('2030-01-15T09:00', 'Asia/Tokyo'))).toBe('2030-01-15T00:00:00.000Z');
    expect(iso(localTimeToInstant('2026-12-01T09:00', 'Europe/Stockholm'))).toBe('2026-12-01T08:00:00.000Z');
    expect(iso(localTimeToInstant('2026-07-01T09:00', 'Europe/Stockholm'))).toBe('2026-07-01T07:00:00.000Z');
    expect(iso(localTimeToInstant('2026-07-01T09:00', 'America/New_York'))).toBe('2026-07-01T13:00:00.000Z');
    expect(iso(localTimeToInstant('2026-07-01T09:00', 'Asia/Jerusalem'))).toBe('2026-07-01T06:00:00.000Z');
    expect(iso(localTimeToInstant('2026-07-01T09:00:30', 'UTC'))).toBe('2026-07-01T09:00:30.000Z');
  });

  it('crosses midnight and the date line', () => {
    expect(iso(localTimeToInstant('2026-01-01T00:30', 'Pacific/Auckland'))).toBe('2025-12-31T11:30:00.000Z');
    expect(iso(localTimeToInstant('2026-01-01T23:30', 'America/Los_Angeles'))).toBe('2026-01-02T07:30:00.000Z');
  });

  it('around daylight-saving changes: an ambiguous hour is one of its instants, a skipped one lands after the change', () => {
    // Stockholm springs forward at 02:00 on 2026-03-29 (to 03:00): 02:30 does not exist.
    expect(iso(localTimeToInstant('2026-03-29T02:30', 'Europe/Stockholm'))).toBe('2026-03-29T01:30:00.000Z');
    expect(iso(localTimeToInstant('2026-03-29T03:30', 'Europe/Stockholm'))).toBe('2026-03-29T01:30:00.000Z');
    // It falls back at 03:00 on 2026-10-25: 02:30 happens twice.
    expect(['2026-10-25T00:30:00.000Z', '2026-10-25T01:30:00.000Z']).toContain(
      iso(localTimeToInstant('2026-10-25T02:30', 'Europe/Stockholm')),
    );
  });

  it('is null for text that is not a local date and time', () => {
    for (const bad of [
      '',
      '2026-02-30T09:00',
      '2026-12-01 09:00',
      '2026-12-01T24:00',
      '2026-12-01T09:60',
      '2026-12-01T09:00Z',
      'tomorrow',
    ]) {
      expect(localTimeToInstant(bad, 'Europe/Stockholm')).toBeNull();
    }
  });
});
