// Tracking events (POST /api/v1/events and /events/batch): upsert each event's contact (and its topic choices, see
// eventTopics.ts), store the event once per idempotency key. A batch is validated whole, then written in one atomic
// batch: all of it is stored or none.
import type { Deps } from '../deps.ts';
import { AppError, type FieldIssue } from '../domain/errors.ts';
import { type EventContactInput, type EventInput, futureOccurrenceIssues } from '../domain/events/event-input.ts';
import { mergeAttributes } from '../domain/people/contact-input.ts';
import { type ContactRow, type NewContact, getContactsByEmails, getContactsByIds } from '../store/contacts.ts';
import { type EventRow, type NewContactEvent, getEventsByIdempotencyKeys, writeContactsAndEvents } from '../store/events.ts';
import { eventTopicWrites } from './eventTopics.ts';
import { type ScheduledEntry, scheduleTriggers } from './scheduleTriggers.ts';

export interface TrackedEvent {
  id: string;
  contactId: string | null;
  /** True when an event with this idempotency key was stored before: nothing was written this time. */
  duplicate: boolean;
  /** What the event scheduled, was refused or stopped, per trigger (empty for a duplicate: it changed nothing). */
  scheduled: ScheduledEntry[];
}

/** How the caller names a field of the event at `index` ("contact.id" alone, "events[3].contact.id" in a batch). */
export type FieldName = (index: number, field: string) => string;

const asDuplicate = (row: Pick<EventRow, 'id' | 'contactId'>): TrackedEvent => ({
  id: row.id,
  contactId: row.contactId,
  duplicate: true,
  scheduled: [],
});

/** Applies the event's contact fields to the row (attributes merged, null removes one); whether anything was given. */
function applyContactPatch(row: NewContact, input: EventContactInput): boolean {
  if (input.name !== undefined) row.name = input.name;
  if (input.locale !== undefined) row.locale = input.locale;
  if (input.timezone !== undefined) row.timezone = input.timezone;
  if (input.attributes) row.attributes = mergeAttributes(row.attributes ?? {}, input.attributes);
  return [input.name, input.locale, input.timezone, input.attributes].some((value) => value !== undefined);
}

async function contactsById(deps: Deps, fresh: [number, EventInput][], field: FieldName): Promise<Map<string, ContactRow>> {
  const wanted = [...new Set(fresh.flatMap(([, e]) => (e.contact.id === undefined ? [] : [e.contact.id])))];
  const found = new Map((await getContactsByIds(deps.db, wanted)).map((c) => [c.id, c]));
  const missing: FieldIssue[] = fresh
    .filter(([, e]) => e.contact.id !== undefined && !found.has(e.contact.id))
    .map(([i, e]) => ({ field: field(i, 'contact.id'), message: `no contact with id ${e.contact.id}` }));
  if (missing.length) throw new AppError('NotFound', missing.map((m) => `${m.field}: ${m.message}`).join('; '), missing);
  return found;
}

/** The rows to write: each event, and every contact it creates or changes (patches applied in event order). */
async function planWrites(deps: Deps, fresh: [number, EventInput][], field: FieldName, now: number) {
  const byId = await contactsById(deps, fresh, field);
  const emails = fresh.flatMap(([, e]) => (e.contact.email === undefined ? [] : [e.contact.email]));
  const byEmail = new Map((await getContactsByEmails(deps.db, [...new Set(emails)])).map((c) => [c.email, c]));
  const touched = new Map<string, NewContact>();
  const changed = new Set<string>();
  const eventRows: NewContactEvent[] = fresh.map(([, event]) => {
    const known = event.contact.id !== undefined ? byId.get(event.contact.id)! : byEmail.get(event.contact.email!);
    const email = known?.email ?? event.contact.email!;
    let row = touched.get(email);
    if (!row) {
      row = known
        ? { ...known }
        : { id: deps.ids.next('con'), email, attributes: {}, marketingConsent: 'unknown', createdAt: now, updatedAt: now };
      touched.set(email, row);
      if (!known) changed.add(email);
    }
    if (applyContactPatch(row, event.contact)) {
      row.updatedAt = now;
      changed.add(email);
    }
    return {
      id: deps.ids.next('evt'),
      contact: known ? { id: known.id } : { email },
      name: event.name,
      data: event.properties,
      idempotencyKey: event.idempotency_key ?? null,
      occurredAt: event.occurred_at ?? now,
    };
  });
  return { contactRows: [...changed].map((email) => touched.get(email)!), eventRows };
}

export async function trackEvents(deps: Deps, inputs: EventInput[], field: FieldName): Promise<TrackedEvent[]> {
  const now = deps.clock.now();
  const future = futureOccurrenceIssues(inputs, now, (i) => field(i, 'occurred_at'));
  if (future.length) throw new AppError('ValidationFailed', future.map((f) => `${f.field}: ${f.message}`).join('; '), future);

  const keys = [...new Set(inputs.flatMap((e) => (e.idempotency_key === undefined ? [] : [e.idempotency_key])))];
  const stored = new Map((await getEventsByIdempotencyKeys(deps.db, keys)).map((row) => [row.idempotencyKey!, row]));
  // The first event with a key not stored yet is written; later ones in the batch repeat it.
  const firstWithKey = new Map<string, number>();
  const fresh: [number, EventInput][] = [];
  inputs.forEach((event, index) => {
    const key = event.idempotency_key;
    if (key !== undefined && (stored.has(key) || firstWithKey.has(key))) return;
    if (key !== undefined) firstWithKey.set(key, index);
    fresh.push([index, event]);
  });

  const { contactRows, eventRows } = await planWrites(deps, fresh, field, now);
  const topicWrites = await eventTopicWrites(deps, inputs, fresh, eventRows, field);
  const inserted = await writeContactsAndEvents(deps.db, contactRows, eventRows, topicWrites);
  // An event another request stored with the same key between our read and our write is that request's event.
  const lost = eventRows.filter((row) => !inserted.has(row.id)).map((row) => row.idempotencyKey!);
  for (const row of await getEventsByIdempotencyKeys(deps.db, lost)) stored.set(row.idempotencyKey!, row);

  const written = new Map(fresh.map(([index], n) => [index, eventRows[n]!]));
  const triggerEvents = eventRows.flatMap((row) => {
    const contactId = inserted.get(row.id);
    if (!contactId) return [];
    return [{ id: row.id, contactId, name: row.name, properties: row.data ?? {}, occurredAt: row.occurredAt }];
  });
  const scheduled = await scheduleTriggers(deps, triggerEvents);
  const results: TrackedEvent[] = [];
  inputs.forEach((event, index) => {
    const row = written.get(index);
    const key = event.idempotency_key;
    if (row && inserted.has(row.id)) {
      results.push({ id: row.id, contactId: inserted.get(row.id) ?? null, duplicate: false, scheduled: scheduled.get(row.id) ?? [] });
    } else if (key !== undefined && stored.has(key)) results.push(asDuplicate(stored.get(key)!));
    // A repeat within the batch points at the event written for its key's first occurrence.
    else results.push(asDuplicate(results[firstWithKey.get(key!)!]!));
  });
  return results;
}
