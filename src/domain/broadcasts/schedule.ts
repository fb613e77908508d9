// When each recipient of a broadcast is due: at the broadcast's send time, or at the next given local
// time in the recipient's own zone (contacts without a usable zone: the broadcast's default zone, else
// UTC). Pure; the planner moves a due time out of quiet hours afterwards (delivery/decide.ts dueTime).
import { addDays, instantAt, localDateTime, resolveZone, type Zone } from '../time/zoned.ts';

export interface BroadcastSchedule {
  /** The send time; with a local time, the moment from which each recipient's next local time counts. */
  sendAt: number;
  /** Minutes after local midnight, or null to send everyone at sendAt. */
  localMinute: number | null;
  /** The zone for contacts without one (null: UTC). */
  defaultTimezone: string | null;
}

const LOCAL_TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** "09:00" → 540; null when it is not a 24-hour HH:MM. */
export function parseLocalTime(text: string): number | null {
  const match = LOCAL_TIME.exec(text);
  return match ? Number(match[1]) * 60 + Number(match[2]) : null;
}

/** The zone a recipient's times are read in: their own, else the broadcast's default, else UTC. */
export function recipientZone(timezone: string | null, defaultTimezone: string | null): Zone {
  const own = resolveZone(timezone);
  return own.fellBack && defaultTimezone ? resolveZone(defaultTimezone) : own;
}

/** The zone id to hand the delivery rules for this recipient (null keeps their UTC fallback and its wording). */
export function effectiveTimezone(timezone: string | null, defaultTimezone: string | null): string | null {
  const zone = recipientZone(timezone, defaultTimezone);
  return zone.fellBack ? timezone : zone.id;
}

/** The first `minute` local time in `zone` at or after `from` (a day without it, at a DST gap, moves on as instantAt does). */
export function nextLocalTime(from: number, minute: number, zone: Zone): number {
  const today = localDateTime(from, zone);
  const candidate = instantAt(today, minute, zone);
  return candidate >= from ? candidate : instantAt(addDays(today, 1), minute, zone);
}

/** When a recipient in `timezone` is due. */
export function recipientDueAt(schedule: BroadcastSchedule, timezone: string | null): number {
  if (schedule.localMinute === null) return schedule.sendAt;
  return nextLocalTime(schedule.sendAt, schedule.localMinute, recipientZone(timezone, schedule.defaultTimezone));
}

export const THROTTLE_WINDOW_MS = 60_000;

/** How many recipients a run may hand to the outbox now: per minute, less those handed over in the last minute. */
export function releaseAllowance(perMinute: number | null, releasedInLastMinute: number, budget: number): number {
  if (perMinute === null) return budget;
  return Math.max(0, Math.min(budget, perMinute - releasedInLastMinute));
}
