// The delivery rules for every automated send, in one place and in this order: who may not be
// mailed (suppression, consent, topic, audience), how often (the trigger's own limit, then caps
// counted in the contact's local calendar days), and when (quiet hours, the send window, and no
// marketing while a conversation waits for the business). Pure: the store loads DeliveryHistory,
// services/decideDelivery.ts passes the clock's now.
import type { SendWindow } from '../triggers/definition.ts';
import { windowStart } from '../rules/time.ts';
import { blocksCategory } from '../people/suppression.ts';
import type { MessageCategory } from '../vocabulary.ts';
import { addDays, formatLocal, formatMinute, instantAt, localDateTime, resolveZone, weekdayOf, type Zone } from '../time/zoned.ts';
import { capsFor } from './policy.ts';
import type { Decision, DeliveryHistory, DeliveryPolicy, DeliveryRequest, DueTime, LocalDayCap, QuietHours } from './types.ts';

export type Skip = Extract<Decision, { action: 'skip' }>;
export type Hold = Extract<Decision, { action: 'hold' }>;

const skip = (reason: Skip['reason'], detail: string): Skip => ({ action: 'skip', reason, detail });

/** How the zone is named in a sentence: its id, or why UTC was used instead. */
export function zoneLabel(timezone: string | null, zone: Zone): string {
  if (!zone.fellBack) return zone.id;
  return timezone?.trim() ? `UTC: unknown time zone "${timezone}"` : 'UTC: no time zone set';
}

/** Mail the person has not allowed: a suppressed address, marketing without consent, an unsubscribed topic. */
export function refusal(request: Pick<DeliveryRequest, 'category' | 'topic'>, history: DeliveryHistory): Skip | null {
  if (!history.email) return skip('NoAddress', 'the contact has no address');
  if (history.suppression && blocksCategory(history.suppression, request.category)) {
    return skip('Suppressed', `${history.email} is suppressed (${history.suppression}); no ${request.category} mail is sent to it`);
  }
  if (request.category === 'marketing' && history.marketingConsent !== 'subscribed') {
    return skip('NoMarketingConsent', `no marketing consent (${history.marketingConsent})`);
  }
  if (request.topic && history.topicUnsubscribed) return skip('TopicUnsubscribed', `unsubscribed from the topic "${request.topic}"`);
  return null;
}

function describeLocalDayCap(cap: LocalDayCap): string {
  const messages = `${cap.max} ${cap.category} message${cap.max === 1 ? '' : 's'}`;
  return `at most ${messages} per ${cap.days === 1 ? 'local day' : `${cap.days} local days`}`;
}

/**
 * The first cap of the category that one more message would break. A cap of N days counts today and
 * the N-1 calendar days before in the contact's zone, so 23:30 and 00:30 local are two days apart.
 */
export function capReached(category: MessageCategory, history: DeliveryHistory, policy: DeliveryPolicy, now: number): Skip | null {
  const caps = capsFor(policy, category);
  if (caps.length === 0) return null;
  const zone = resolveZone(history.timezone);
  const today = localDateTime(now, zone);
  const sends = history.sentAt.filter((s) => s.category === category).map((s) => s.at);
  for (const cap of caps) {
    const since = instantAt(addDays(today, -(cap.days - 1)), 0, zone);
    const counted = sends.filter((at) => at >= since);
    if (counted.length >= cap.max) {
      const last = Math.max(...counted);
      return skip(
        cap.days === 1 ? 'DailyCap' : 'WeeklyCap',
        `${describeLocalDayCap(cap)} (${zoneLabel(history.timezone, zone)}); last sent ${formatLocal(last, zone)} local`,
      );
    }
  }
  return null;
}

/**
 * What an API send (a caller asked to send now) shares with automated sends: the permission rules and the
 * caps. It is never held: quiet hours, send windows and open conversations are for automated sends.
 */
export function refuseApiSend(
  category: MessageCategory,
  topic: string | null,
  history: DeliveryHistory,
  policy: DeliveryPolicy,
  now: number,
): Skip | null {
  return refusal({ category, topic }, history) ?? capReached(category, history, policy, now);
}

function limitReached(request: DeliveryRequest, history: DeliveryHistory, now: number): Skip | null {
  const limit = request.limit;
  if (!limit) return null;
  const since = windowStart(now, limit.within);
  const counted = history.sourceSentAt.filter((at) => at > since);
  if (counted.length < limit.count) return null;
  const zone = resolveZone(history.timezone);
  return skip(
    'TriggerLimit',
    `${request.sourceName} is sent at most ${limit.count} time${limit.count === 1 ? '' : 's'} per ${limit.within.text}; ` +
      `last sent ${formatLocal(Math.max(...counted), zone)} local (${zoneLabel(history.timezone, zone)})`,
  );
}

function inQuietHours(minute: number, quiet: QuietHours): boolean {
  return quiet.start > quiet.end ? minute >= quiet.start || minute < quiet.end : minute >= quiet.start && minute < quiet.end;
}

interface Move {
  until: number;
  reason: 'QuietHours' | 'SendWindow';
  detail: string;
}

function quietHoursMove(at: number, timezone: string | null, request: DeliveryRequest, policy: DeliveryPolicy): Move | null {
  const quiet = policy.quietHours;
  if (!quiet || !policy.quietHoursCategories.includes(request.category)) return null;
  const zone = resolveZone(timezone);
  const local = localDateTime(at, zone);
  if (!inQuietHours(local.minuteOfDay, quiet)) return null;
  const nextDay = quiet.start > quiet.end && local.minuteOfDay >= quiet.start;
  const until = instantAt(nextDay ? addDays(local, 1) : local, quiet.end, zone);
  const untilLocal = localDateTime(until, zone);
  return {
    until,
    reason: 'QuietHours',
    detail:
      `quiet hours ${formatMinute(quiet.start)}–${formatMinute(quiet.end)} ${zoneLabel(timezone, zone)}; ` +
      `due ${formatMinute(local.minuteOfDay)} local, held until ${formatMinute(untilLocal.minuteOfDay)}${nextDay ? ' the next day' : ''}`,
  };
}

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const ALL_DAYS = [1, 2, 3, 4, 5, 6, 7];

function windowDays(window: SendWindow): number[] {
  return window.days.length ? window.days : ALL_DAYS;
}

function describeDays(days: number[]): string {
  const sorted = [...new Set(days)].sort((a, b) => a - b);
  if (sorted.length === 7) return 'every day';
  const run = sorted.every((d, i) => i === 0 || d === sorted[i - 1]! + 1);
  if (run && sorted.length > 2) return `${WEEKDAYS[sorted[0]! - 1]}–${WEEKDAYS[sorted[sorted.length - 1]! - 1]}`;
  return sorted.map((d) => WEEKDAYS[d - 1]).join(', ');
}

/** Open at this local moment? A window that crosses midnight belongs to the day it opened on. */
function inWindow(weekday: number, minute: number, window: SendWindow): boolean {
  const days = windowDays(window);
  if (window.start === window.end) return days.includes(weekday);
  if (window.start < window.end) return days.includes(weekday) && minute >= window.start && minute < window.end;
  const previous = weekday === 1 ? 7 : weekday - 1;
  return (days.includes(weekday) && minute >= window.start) || (days.includes(previous) && minute < window.end);
}

function sendWindowMove(at: number, timezone: string | null, window: SendWindow | null): Move | null {
  if (!window) return null;
  const zone = resolveZone(timezone);
  const local = localDateTime(at, zone);
  if (inWindow(local.weekday, local.minuteOfDay, window)) return null;
  const opens = window.start === window.end ? 0 : window.start;
  for (let k = 0; k <= 7; k++) {
    const date = addDays(local, k);
    if (!windowDays(window).includes(weekdayOf(date))) continue;
    const until = instantAt(date, opens, zone);
    if (until <= at) continue;
    const untilLocal = localDateTime(until, zone);
    return {
      until,
      reason: 'SendWindow',
      detail:
        `send window ${formatMinute(window.start)}–${formatMinute(window.end)} ${describeDays(windowDays(window))} ` +
        `${zoneLabel(timezone, zone)}; due ${WEEKDAYS[local.weekday - 1]} ${formatMinute(local.minuteOfDay)} local, ` +
        `held until ${WEEKDAYS[untilLocal.weekday - 1]} ${formatLocal(until, zone)}`,
    };
  }
  return null;
}

function openConversation(request: DeliveryRequest, history: DeliveryHistory, policy: DeliveryPolicy, now: number): Decision | null {
  if (request.category !== 'marketing' || history.waitingSince === null) return null;
  const zone = resolveZone(history.timezone);
  const waiting = `a conversation has waited for an answer since ${formatLocal(history.waitingSince, zone)} local`;
  const expires = request.firstDueAt + policy.openConversationHoldMs;
  if (now > expires) {
    return skip('HoldExpired', `${waiting}; marketing due ${formatLocal(request.firstDueAt, zone)} was held as long as it may be`);
  }
  return {
    action: 'hold',
    until: now + policy.openConversationRecheckMs,
    reason: 'OpenConversation',
    detail: `${waiting}; marketing waits until it is answered, at the latest until ${formatLocal(expires, zone)} local`,
  };
}

/** Send now, hold until a time, or skip, and why. */
export function decide(request: DeliveryRequest, history: DeliveryHistory, policy: DeliveryPolicy, now: number): Decision {
  const refused = refusal(request, history);
  if (refused) return refused;
  if (!request.inAudience) return skip('NotInAudience', "the contact is not in the template's audience");
  if (!request.byPerson) {
    const capped = limitReached(request, history, now) ?? capReached(request.category, history, policy, now);
    if (capped) return capped;
  }
  const move = quietHoursMove(now, history.timezone, request, policy) ?? sendWindowMove(now, history.timezone, request.window);
  if (move) return { action: 'hold', ...move };
  return openConversation(request, history, policy, now) ?? { action: 'send' };
}

/**
 * A proposed send time moved out of quiet hours and into the send window (again out of quiet hours
 * if the window opens inside them), and why it moved; the same rules decide() holds by.
 */
export function dueTime(proposedAt: number, timezone: string | null, request: DeliveryRequest, policy: DeliveryPolicy): DueTime {
  let at = proposedAt;
  const moves: Move[] = [];
  for (let step = 0; step < 4; step++) {
    const move = quietHoursMove(at, timezone, request, policy) ?? sendWindowMove(at, timezone, request.window);
    if (!move) break;
    moves.push(move);
    at = move.until;
  }
  const last = moves[moves.length - 1];
  return { at, reason: last?.reason ?? null, detail: moves.length ? moves.map((m) => m.detail).join('; then ') : null };
}
