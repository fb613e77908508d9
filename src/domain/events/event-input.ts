// What a tracked event may look like coming in (POST /api/v1/events, /events/batch): one schema, clear messages.
import * as v from 'valibot';
import type { FieldIssue } from '../errors.ts';
import { MAX_DATA_DEPTH, jsonObjectSchema } from '../json-value.ts';
import { AttributesField, EmailField, LocaleField, NameField, TimeZoneField, EventTopicChoicesField } from '../people/contact-input.ts';

export const MAX_BATCH_EVENTS = 1000;
/** How far ahead of the clock occurred_at may be (clock skew between the caller and us). */
export const MAX_FUTURE_MS = 24 * 60 * 60 * 1000;

/** The names events may have; trigger files (domain/triggers/parse.ts) name events the same way. */
export const EVENT_NAME = /^[a-z0-9_.-]{1,64}$/;
export const EVENT_NAME_EXPECTED = 'expected an event name of 1 to 64 characters a-z, 0-9, _ . - (like order_placed)';
const EventNameField = v.pipe(v.string(EVENT_NAME_EXPECTED), v.regex(EVENT_NAME, EVENT_NAME_EXPECTED));

/** ISO 8601 with a zone (Z or ±hh:mm), so the instant is unambiguous; becomes milliseconds. */
const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;
const OccurredAtField = v.pipe(
  v.string('expected an ISO 8601 time with a zone'),
  v.regex(ISO_WITH_ZONE, 'expected an ISO 8601 time with a zone, like 2026-03-01T12:00:00Z'),
  v.check((text) => Number.isFinite(Date.parse(text)), 'expected a real date and time'),
  v.transform((text) => Date.parse(text)),
);

const EventContactSchema = v.pipe(
  v.strictObject(
    {
      email: v.optional(EmailField),
      id: v.optional(v.pipe(v.string('expected a contact id'), v.minLength(1, 'expected a contact id'))),
      name: v.optional(NameField),
      locale: v.optional(LocaleField),
      timezone: v.optional(TimeZoneField),
      attributes: v.optional(AttributesField),
      /** Topic subscriptions to set, by topic key; each change goes to the consent log with source "event". */
      topics: v.optional(EventTopicChoicesField),
    },
    'unknown field; expected email, id, name, locale, timezone, attributes, topics',
  ),
  v.check((c) => (c.email === undefined) !== (c.id === undefined), 'expected exactly one of email or id'),
);

export const EventInputSchema = v.strictObject(
  {
    name: EventNameField,
    contact: EventContactSchema,
    properties: v.optional(jsonObjectSchema(MAX_DATA_DEPTH), {}),
    occurred_at: v.optional(OccurredAtField),
    idempotency_key: v.optional(
      v.pipe(v.string('expected text'), v.minLength(1, 'expected 1 to 256 characters'), v.maxLength(256, 'expected 1 to 256 characters')),
    ),
  },
  'unknown field; expected name, contact, properties, occurred_at, idempotency_key',
);

export const EventBatchSchema = v.strictObject(
  {
    events: v.pipe(
      v.array(EventInputSchema, 'expected an array of events'),
      v.minLength(1, 'expected at least one event'),
      v.maxLength(MAX_BATCH_EVENTS, `expected at most ${MAX_BATCH_EVENTS} events`),
    ),
  },
  'unknown field; expected events',
);

export type EventInput = v.InferOutput<typeof EventInputSchema>;
export type EventContactInput = EventInput['contact'];

/**
 * occurred_at more than a day ahead of `now` (needs the clock, so not in the schema). `field` names
 * the event at index i the way the caller sent it ("occurred_at" or "events[3].occurred_at").
 */
export function futureOccurrenceIssues(events: EventInput[], now: number, field: (index: number) => string): FieldIssue[] {
  const issues: FieldIssue[] = [];
  events.forEach((event, index) => {
    if (event.occurred_at !== undefined && event.occurred_at > now + MAX_FUTURE_MS)
      issues.push({ field: field(index), message: 'expected a time at most 24 hours in the future' });
  });
  return issues;
}
