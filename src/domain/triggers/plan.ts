// What an event starts and stops, decided without I/O: which triggers it starts (their `on:` or
// `after:` names it), under which job key (one job per trigger, contact and dedupe value, ever), when
// the first message is due before delivery rules move it, and which triggers' pending sends it ends
// (`unless:` of an after-start, `stop_if: event`). services/scheduleTriggers.ts runs it set-wise.
import type { ScheduledNote } from '../delivery/types.ts';
import { shiftByDuration } from '../rules/time.ts';
import { lookup } from '../rules/values.ts';
import type { TriggerDefinition } from './definition.ts';

/** An event as the engine sees it: stored, with its contact. */
export interface TriggerEvent {
  id: string;
  contactId: string;
  name: string;
  properties: Record<string, unknown>;
  occurredAt: number;
}

/** The event a send was started by, as the template sees it (`event.name`, `event.properties`, `event.occurred_at`). */
export interface JobEvent {
  id: string;
  name: string;
  properties: Record<string, unknown>;
  occurred_at: string;
}

/** What a trigger_send job carries (scheduled_jobs.payload). */
export interface TriggerJobPayload {
  trigger: string;
  /** 0: the first message; 1..: its follow-ups. */
  step: number;
  /** The key of the first step's job; follow-ups add `:step` to it. */
  baseKey: string;
  /** The starting event; null for a date trigger. */
  event: JobEvent | null;
  /** When the trigger started (the event's occurred_at, or the date trigger's local date at `at`). */
  startedAt: number;
  /** When this step was first due: an open-conversation hold counts from here. */
  firstDueAt: number;
  /** Follow-ups: the conversation of the first message, and when it was sent. */
  conversationId?: string | undefined;
  firstSentAt?: number | undefined;
  /** The step's 'scheduled' decision (jobs from before it was kept here have a delivery_decisions row instead). */
  scheduled?: ScheduledNote | undefined;
}

/** One job to schedule: its key, its trigger and when it would be due before quiet hours and send windows. */
export interface PlannedStart {
  eventId: string;
  contactId: string;
  trigger: TriggerDefinition;
  key: string;
  proposedAt: number;
  payload: TriggerJobPayload;
}

/** Pending sends of `trigger` for `contactId` started before `before` end: an event named in `unless`/`stop_if` came. */
export interface PlannedStop {
  eventId: string;
  contactId: string;
  trigger: string;
  eventName: string;
  before: number;
}

export function jobKey(trigger: string, contactId: string, dedupeValue: string): string {
  return `trigger:${trigger}:${contactId}:${dedupeValue}`;
}

/** The key of a follow-up step: the first step's key and the step number. */
export function stepKey(baseKey: string, step: number): string {
  return `${baseKey}:${step}`;
}

/** `dedupe_by: event.order_id` → the order id (as text); without dedupe_by, or when the event lacks it, the event id. */
export function dedupeValue(definition: TriggerDefinition, event: Pick<TriggerEvent, 'id' | 'properties'>): string {
  if (!definition.dedupeBy) return event.id;
  const value = lookup(event.properties, definition.dedupeBy);
  if (value === undefined || value === null) return event.id;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export function jobEvent(event: TriggerEvent): JobEvent {
  return { id: event.id, name: event.name, properties: event.properties, occurred_at: new Date(event.occurredAt).toISOString() };
}

/** `delay` after `from`; no delay: at once. */
export function afterDelay(from: number, definition: Pick<TriggerDefinition, 'delay'>): number {
  return definition.delay ? shiftByDuration(from, definition.delay, 1) : from;
}

/** Whether the trigger is started by an event of this name (`on:` or `after:`). */
export function startsOn(definition: TriggerDefinition, eventName: string): boolean {
  return definition.active && definition.start.kind !== 'date' && definition.start.event === eventName;
}

/** The event names that end a trigger's pending sends: `unless:` of an after-start and every `stop_if: event`. */
export function stopEventNames(definition: TriggerDefinition): string[] {
  const names = definition.stopIf.flatMap((s) => (s.kind === 'event' ? [s.name] : []));
  if (definition.start.kind === 'after' && definition.start.unless) names.push(definition.start.unless);
  return [...new Set(names)];
}

/** What a batch of stored events starts and stops. */
export function planEvents(definitions: TriggerDefinition[], events: TriggerEvent[]): { starts: PlannedStart[]; stops: PlannedStop[] } {
  const starts: PlannedStart[] = [];
  const stops: PlannedStop[] = [];
  const stoppers = definitions.filter((d) => d.active).map((d) => ({ definition: d, names: new Set(stopEventNames(d)) }));
  for (const event of events) {
    for (const { definition, names } of stoppers) {
      if (names.has(event.name)) {
        stops.push({
          eventId: event.id,
          contactId: event.contactId,
          trigger: definition.name,
          eventName: event.name,
          before: event.occurredAt,
        });
      }
    }
    for (const definition of definitions) {
      if (!startsOn(definition, event.name)) continue;
      const key = jobKey(definition.name, event.contactId, dedupeValue(definition, event));
      const proposedAt = afterDelay(event.occurredAt, definition);
      starts.push({
        eventId: event.id,
        contactId: event.contactId,
        trigger: definition,
        key,
        proposedAt,
        payload: {
          trigger: definition.name,
          step: 0,
          baseKey: key,
          event: jobEvent(event),
          startedAt: event.occurredAt,
          firstDueAt: proposedAt,
        },
      });
    }
  }
  return { starts, stops };
}
