import { describe, expect, it } from 'vitest';
import type { DateStart } from '../../src/domain/triggers/definition.ts';
import { candidateMonthDays, monthDaysFor, nextOccurrence } from '../../src/domain/triggers/date-match.ts';

const birthday: DateStart = { kind: 'date', attribute: ['birthday'], at: 9 * 60, offsetDays: 0, yearly: true };

describe('date triggers', () => {
  it('greets a 29 February birthday on 28 February in years without a 29th, and on the 29th in leap years', () => {
    expect(monthDaysFor({ year: 2027, month: 2, day: 28 }, 0)).toEqual(['02-28', '02-29']);
    expect(monthDaysFor({ year: 2028, month: 2, day: 28 }, 0)).toEqual(['02-28']);
    expect(monthDaysFor({ year: 2028, month: 2, day: 29 }, 0)).toEqual(['02-29']);
    const occurrence = nextOccurrence(birthday, '02-29', 'Europe/Stockholm', Date.parse('2027-02-28T05:00:00Z'));
    expect(occurrence).toMatchObject({ at: Date.parse('2027-02-28T08:00:00Z'), year: 2027 });
  });

  it('sends N days before: the send date is the date minus the offset', () => {
    expect(monthDaysFor({ year: 2026, month: 12, day: 31 }, -2)).toEqual(['01-02']);
    const before = { ...birthday, offsetDays: -2 };
    const occurrence = nextOccurrence(before, '01-02', 'UTC', Date.parse('2026-12-31T10:00:00Z'));
    expect(occurrence).toMatchObject({ at: Date.parse('2026-12-31T09:00:00Z'), year: 2027 });
  });

  it('asks SQL for every month-day that is today or tomorrow somewhere on earth', () => {
    expect(candidateMonthDays(Date.parse('2026-11-23T09:00:00Z'), 0)).toEqual(['11-22', '11-23', '11-24', '11-25']);
  });

  it('09:00 local is 01:00 UTC in Shanghai and 08:00 UTC in Stockholm; neither matches a date two days away', () => {
    const now = Date.parse('2026-11-23T09:00:00Z');
    expect(nextOccurrence(birthday, '11-24', 'Asia/Shanghai', now)?.at).toBe(Date.parse('2026-11-24T01:00:00Z'));
    expect(nextOccurrence(birthday, '11-24', 'Europe/Stockholm', now)?.at).toBe(Date.parse('2026-11-24T08:00:00Z'));
    expect(nextOccurrence(birthday, '11-25', 'Europe/Stockholm', now)).toBeNull();
    expect(nextOccurrence(birthday, '11-24', 'Not/AZone', now)).toMatchObject({ at: Date.parse('2026-11-24T09:00:00Z'), zone: 'UTC' });
  });
});
