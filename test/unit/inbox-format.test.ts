import { describe, expect, it } from 'vitest';
import { dateTime, dayMonth, duration, relativeTime, slaState } from '../../src/http/inbox/format.ts';
import { uiFor } from '../../src/http/inbox/i18n/catalog.ts';

const NOW = Date.UTC(2026, 11, 1, 12, 0, 0);
const en = uiFor('en', 'UTC');
const sv = uiFor('sv', 'Europe/Stockholm');
const he = uiFor('he', 'Asia/Jerusalem');
const zh = uiFor('zh', 'Asia/Shanghai');

describe('inbox times through Intl', () => {
  it('says how long ago in the agent’s language, in seconds, minutes, hours up to two days, then days', () => {
    expect(relativeTime(NOW - 40_000, NOW, en)).toBe('40 sec ago');
    expect(relativeTime(NOW - 5 * 60_000, NOW, sv)).toBe('för 5 min sen');
    expect(relativeTime(NOW - 30 * 3600_000, NOW, he)).toContain('30');
    expect(relativeTime(NOW - 30 * 3600_000, NOW, he)).toMatch(/^לפני/);
    expect(relativeTime(NOW - 3 * 86_400_000, NOW, zh)).toBe('3天前');
    expect(relativeTime(NOW + 3 * 86_400_000, NOW, en)).toBe('in 3 days');
  });

  it('gives the time left to the first-response target, and how overdue', () => {
    expect(slaState(NOW + 23 * 3600_000, NOW, en)).toEqual({ label: '23 hrs left', tone: 'ok' });
    expect(slaState(NOW + 3 * 3600_000, NOW, sv)).toEqual({ label: '3 tim kvar', tone: 'soon' });
    expect(slaState(NOW - 2 * 3600_000, NOW, en)).toEqual({ label: 'overdue 2 hrs', tone: 'late' });
    expect(slaState(null, NOW, en).tone).toBe('none');
    expect(duration(90_000, zh)).toBe('1分钟');
  });

  it('writes dates in the agent’s zone: late evening UTC is the next day in Shanghai', () => {
    const lateUtc = Date.UTC(2026, 11, 3, 20, 0);
    expect(dayMonth(lateUtc, en)).toBe('3 Dec');
    expect(dayMonth(lateUtc, zh)).toBe('12月4日');
    expect(dateTime(Date.UTC(2026, 11, 24, 8, 0), sv)).toBe('24 dec. 2026 09:00 CET');
  });
});
