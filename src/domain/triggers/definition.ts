// What a trigger file (triggers/NAME.yaml) means once parsed and checked. The parser
// (./parse.ts) turns YAML into this or into problems with file:line; the engine
// (services/scheduleTriggers.ts, services/runDueSends.ts) reads only this shape.
import type { Duration, Rule } from '../rules/ast.ts';

/** Minutes after local midnight, 0..1439. */
export type LocalMinute = number;

/** A send window in the contact's time zone: `window: "09:00-18:00"` with `days: weekdays` (ISO weekdays 1 = Monday .. 7). */
export interface SendWindow {
  start: LocalMinute;
  end: LocalMinute;
  days: number[];
}

/** At most `count` sends of this trigger to one contact within `within` (default: once per P7D). */
export interface TriggerLimit {
  count: number;
  within: Duration;
}

/** What ends a trigger's remaining steps (follow-ups) for a contact. */
export type StopCondition = { kind: 'replied' } | { kind: 'event'; name: string } | { kind: 'unsubscribed' } | { kind: 'agent_replied' };

/** A later message of the same trigger: sent `delay` after the previous step was sent, unless stopped. */
export interface FollowUpStep {
  delay: Duration;
  send: string;
}

/** `on: order_placed`: an event starts it, `delay` after the event (0 when absent). */
export interface EventStart {
  kind: 'event';
  event: string;
}

/**
 * `date: attributes.birthday`: a date attribute (YYYY-MM-DD, or month-day MM-DD / --MM-DD) starts it every year
 * on that month and day (a full date that is not a birthday-like yearly date may set `yearly: false`),
 * at `at` local time in the contact's time zone, `offsetDays` before (negative) or after.
 */
export interface DateStart {
  kind: 'date';
  /** The attribute path below `attributes`, e.g. ["birthday"]. */
  attribute: string[];
  at: LocalMinute;
  offsetDays: number;
  yearly: boolean;
}

/** `after: order_delivered` + `delay: P3D` + optional `unless: review_submitted`: no event Y within D after event X. */
export interface AfterStart {
  kind: 'after';
  event: string;
  /** The event that cancels it when it comes within the delay (may be the same name as `event`: "another purchase"). */
  unless: string | null;
}

export type TriggerStart = EventStart | DateStart | AfterStart;

export interface TriggerDefinition {
  /** The file name without .yaml: triggers/review_request.yaml → review_request. */
  name: string;
  description: string | null;
  start: TriggerStart;
  /** A rule over the contact and, for event/after starts, `event.*` (the starting event). Checked when the send is due. */
  when: Rule | null;
  /** The template of the first message. */
  send: string;
  /** Time from the start (event or date instant) to the first message; for `after` the length of the wait. */
  delay: Duration | null;
  /** `dedupe_by: event.order_id`: one send per trigger, contact and value (path below `event`), ever. */
  dedupeBy: string[] | null;
  /** null: no per-trigger limit (`limit: none`). */
  limit: TriggerLimit | null;
  window: SendWindow | null;
  followUps: FollowUpStep[];
  stopIf: StopCondition[];
  active: boolean;
}

/** A problem in a trigger file, with where it is. */
export interface TriggerProblem {
  file: string;
  line: number;
  message: string;
}
