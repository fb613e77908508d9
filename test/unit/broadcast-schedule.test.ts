// Due times of a broadcast's recipients (next local time per zone, the default zone for contacts without one),
// the throttle's allowance, and progress counted from recipient states.
import { describe, expect, it } from 'vitest';
import { SKIPPED_AT_DELIVERY, summarizeProgress } from '../../src/domain/broadcasts/progress.ts';
import {
  effectiveTimezone,
  nextLocalTime,
  parseLocalTime,
  recipientDueAt,
  releaseAllowance,
} from '../../src/domain/broadcasts/schedule.ts';
import { resolveZone } from '../../src/domain/time/zoned.ts';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();

describe('parseLocalTime', () => {
  it('reads 24-hour HH:MM and nothing else', () => {
    expect(parseLocalTime('09:00')).toBe(540);
    expect(parseLocalTime('23:59')).toBe(1439);
    for (const bad of ['9:00', '24:00', '09:60', '9am', '09:00:00', '']) expect(parseLocalTime(bad), bad).toBeNull();
  });
});

describe('recipientDueAt', () => {
  const schedule = { sendAt: at('2026-11-24T00:00:00Z'), localMinute: 9 * 60, defaultTimezone: null };

  it('is the next 09:00 in each zone, at or after the send time', () => {
    expect(iso(recipientDueAt(schedule, 'Asia/Tokyo'))).toBe('2026-11-24T00:00:00.000Z');
    expect(iso(recipientDueAt(schedule, 'Europe/Stockholm'))).toBe('2026-11-24T08:00:00.000Z');
    expect(iso(recipientDueAt(schedule, 'America/New_York'))).toBe('2026-11-24T14:00:00.000Z');
    // Auckland is already past 09:00 (13:00 local) at the send time: the next day.
    expect(iso(recipientDueAt(schedule, 'Pacific/Auckland'))).toBe('2026-11-24T20:00:00.000Z');
  });

  it('reads a contact without a usable zone in the default zone, else in UTC', () => {
    expect(iso(recipientDueAt(schedule, null))).toBe('2026-11-24T09:00:00.000Z');
    expect(iso(recipientDueAt(schedule, 'Mars/Olympus'))).toBe('2026-11-24T09:00:00.000Z');
    expect(iso(recipientDueAt({ ...schedule, defaultTimezone: 'Asia/Tokyo' }, null))).toBe('2026-11-24T00:00:00.000Z');
    expect(effectiveTimezone(null, 'Asia/Tokyo')).toBe('Asia/Tokyo');
    expect(effectiveTimezone('Europe/Stockholm', 'Asia/Tokyo')).toBe('Europe/Stockholm');
    expect(effectiveTimezone(null, null)).toBeNull();
  });

  it('is the send time without a local time', () => {
    expect(recipientDueAt({ ...schedule, localMinute: null }, 'Asia/Tokyo')).toBe(schedule.sendAt);
  });

  it('keeps 09:00 local across a daylight-saving change', () => {
    // Stockholm leaves summer time on 2026-10-25: 09:00 is 07:00Z before and 08:00Z after.
    const zone = resolveZone('Europe/Stockholm');
    expect(iso(nextLocalTime(at('2026-10-24T12:00:00Z'), 540, zone))).toBe('2026-10-25T08:00:00.000Z');
    expect(iso(nextLocalTime(at('2026-10-24T06:00:00Z'), 540, zone))).toBe('2026-10-24T07:00:00.000Z');
  });
});

describe('releaseAllowance', () => {
  it('is per minute less what went in the last minute, never below 0 or above the budget', () => {
    expect(releaseAllowance(10, 0, 5000)).toBe(10);
    expect(releaseAllowance(10, 7, 5000)).toBe(3);
    expect(releaseAllowance(10, 12, 5000)).toBe(0);
    expect(releaseAllowance(10_000, 0, 5000)).toBe(5000);
    expect(releaseAllowance(null, 99, 5000)).toBe(5000);
  });
});

describe('summarizeProgress', () => {
  it('counts states, skip and hold reasons, and messages by status', () => {
    const p = summarizeProgress('sending', true, [
      { status: 'planned', reason: null, messageStatus: null, n: 3 },
      { status: 'planned', reason: 'QuietHours', messageStatus: null, n: 2 },
      { status: 'skipped', reason: 'NoMarketingConsent', messageStatus: null, n: 4 },
      { status: 'queued', reason: null, messageStatus: 'queued', n: 5 },
      { status: 'queued', reason: null, messageStatus: 'sent', n: 6 },
      { status: 'queued', reason: null, messageStatus: 'delivered', n: 7 },
      { status: 'queued', reason: null, messageStatus: 'bounced', n: 1 },
      { status: 'queued', reason: null, messageStatus: 'skipped', n: 2 },
      { status: 'queued', reason: null, messageStatus: 'failed', n: 1 },
      { status: 'cancelled', reason: null, messageStatus: null, n: 1 },
    ]);
    expect(p).toEqual({
      status: 'sending',
      total: 32,
      planning_done: true,
      waiting: 5,
      held: { QuietHours: 2 },
      queued: 5,
      sent: 14,
      delivered: 7,
      bounced: 1,
      skipped: { NoMarketingConsent: 4, [SKIPPED_AT_DELIVERY]: 2 },
      failed: 1,
      cancelled: 1,
      done: false,
    });
  });

  it('is done once planned to the end with nobody waiting and nothing in the outbox', () => {
    const sent = [{ status: 'queued' as const, reason: null, messageStatus: 'sent' as const, n: 2 }];
    expect(summarizeProgress('sending', true, sent).done).toBe(true);
    expect(summarizeProgress('sending', false, sent).done).toBe(false);
    expect(summarizeProgress('paused', true, sent).done).toBe(false);
    expect(summarizeProgress('scheduled', false, []).done).toBe(false);
    expect(summarizeProgress('cancelled', false, []).done).toBe(true);
    expect(summarizeProgress('sending', true, [...sent, { status: 'queued', reason: null, messageStatus: 'queued', n: 1 }]).done).toBe(
      false,
    );
  });
});
