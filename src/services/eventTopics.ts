// Topic subscriptions an event's contact carries (`contact.topics`, POST /api/v1/events and /events/batch): the
// keys checked against the topics (an unknown one is a 400 naming the field), each change worked out as the
// preferences API does (domain/people/preferences.ts: a choice that already holds changes nothing), events of
// one contact applied in order, and written with the events: a consent-log entry per change, source "event".
import type { Deps } from '../deps.ts';
import { AppError, type FieldIssue } from '../domain/errors.ts';
import type { EventInput } from '../domain/events/event-input.ts';
import { type TopicPreference, topicDiffs } from '../domain/people/preferences.ts';
import type { TopicSubscriptionState } from '../domain/vocabulary.ts';
import { insertConsentLogForEventQuery } from '../store/consent-log.ts';
import { eventContactId, type NewContactEvent } from '../store/events.ts';
import { listTopicRows, topicSubscriptionsOf, upsertTopicChoiceForEventQuery } from '../store/topics.ts';
import type { FieldName } from './trackEvents.ts';

export const EVENT_CONSENT_SOURCE = 'event';

/** Unknown topic keys in the events' contacts, as issues naming each field. */
async function checkTopicKeys(deps: Deps, inputs: EventInput[], field: FieldName) {
  const topics = await listTopicRows(deps.db);
  const known = new Set(topics.map((t) => t.key));
  const expected = `expected a topic key: ${topics.map((t) => t.key).join(', ') || 'none exist yet'}`;
  const unknown: FieldIssue[] = inputs.flatMap((event, index) =>
    Object.keys(event.contact.topics ?? {})
      .filter((key) => !known.has(key))
      .map((key) => ({ field: field(index, `contact.topics.${key}`), message: expected })),
  );
  if (unknown.length) throw new AppError('ValidationFailed', unknown.map((i) => `${i.field}: no such topic`).join('; '), unknown);
  return topics;
}

const hasTopics = (event: EventInput) => Object.keys(event.contact.topics ?? {}).length > 0;

/**
 * The statements that record the events' topic choices, for the events' own batch (after the events: each is
 * written only when its event is). Every input's keys are checked, repeats too; `eventRows[n]` is the row
 * written for `fresh[n]`.
 */
export async function eventTopicWrites(
  deps: Deps,
  inputs: EventInput[],
  fresh: [number, EventInput][],
  eventRows: NewContactEvent[],
  field: FieldName,
) {
  if (!inputs.some(hasTopics)) return [];
  const topics = await checkTopicKeys(deps, inputs, field);
  const withTopics = fresh.flatMap(([, event], n) => (hasTopics(event) ? [{ event, row: eventRows[n]! }] : []));
  const byKey = new Map(topics.map((t) => [t.key, t]));
  const contactKey = (c: NewContactEvent['contact']) => ('id' in c ? `id:${c.id}` : `email:${c.email}`);
  const existingIds = withTopics.flatMap(({ row }) => ('id' in row.contact ? [row.contact.id] : []));
  // Each contact's own choices, by topic id (a contact created by this batch has none).
  const own = new Map<string, Map<string, TopicSubscriptionState>>();
  for (const s of await topicSubscriptionsOf(deps.db, existingIds)) {
    const key = contactKey({ id: s.contactId });
    own.set(key, (own.get(key) ?? new Map()).set(s.topicId, s.status));
  }
  const now = deps.clock.now();
  const writes = [];
  for (const { event, row } of withTopics) {
    const key = contactKey(row.contact);
    const choices = own.get(key) ?? new Map<string, TopicSubscriptionState>();
    own.set(key, choices);
    const current: TopicPreference[] = topics.map((t) => ({
      key: t.key,
      defaultSubscribed: t.defaultSubscribed,
      own: choices.get(t.id) ?? null,
    }));
    const contactId = eventContactId(deps.db, row.contact);
    for (const diff of topicDiffs(current, event.contact.topics!)) {
      const topic = byKey.get(diff.topic!)!;
      const status = diff.value as TopicSubscriptionState;
      choices.set(topic.id, status);
      const source = EVENT_CONSENT_SOURCE;
      writes.push(
        upsertTopicChoiceForEventQuery(deps.db, { contactId, eventId: row.id!, topicId: topic.id, status, source, updatedAt: now }),
        insertConsentLogForEventQuery(deps.db, {
          contactId,
          eventId: row.id!,
          entry: { id: deps.ids.next('cst'), ...diff, source, createdAt: now },
        }),
      );
    }
  }
  return writes;
}
