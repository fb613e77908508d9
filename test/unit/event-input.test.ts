import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { EventBatchSchema, EventInputSchema, MAX_FUTURE_MS, futureOccurrenceIssues } from '../../src/domain/events/event-input.ts';
import { bracketIndexes } from '../../src/http/validation.ts';

function fields(schema: typeof EventInputSchema | typeof EventBatchSchema, input: unknown) {
  const result = v.safeParse(schema, input);
  if (result.success) throw new Error(`accepted ${JSON.stringify(input)}`);
  return result.issues.map((issue) => ({ field: v.getDotPath(issue), message: issue.message }));
}

const base = { name: 'order_placed', contact: { email: 'ana@example.com' } };

describe('an event coming in', () => {
  it('accepts the smallest event, with properties defaulting to {} and the address normalized', () => {
    const event = v.parse(EventInputSchema, { name: 'a', contact: { email: ' Ana@Example.COM ' } });
    expect(event).toEqual({ name: 'a', contact: { email: 'ana@example.com' }, properties: {} });
  });

  it('accepts a full event and turns occurred_at into milliseconds at its zone', () => {
    const event = v.parse(EventInputSchema, {
      ...base,
      contact: { id: 'con_1', name: 'Ana', locale: 'sv-se', timezone: 'Europe/Stockholm', attributes: { plan: 'pro', old: null } },
      properties: { order: { id: 'A-1', lines: [1, 2] } },
      occurred_at: '2026-03-01T13:00:00.250+01:00',
      idempotency_key: 'k'.repeat(256),
    });
    expect(event.occurred_at).toBe(Date.parse('2026-03-01T12:00:00.250Z'));
    expect(event.contact).toEqual({
      id: 'con_1',
      name: 'Ana',
      locale: 'sv-SE',
      timezone: 'Europe/Stockholm',
      attributes: { plan: 'pro', old: null },
    });
  });

  it.each(['order_placed', 'a', 'checkout.started', 'v2-signup', 'x'.repeat(64)])('accepts the name %s', (name) => {
    expect(v.safeParse(EventInputSchema, { ...base, name }).success).toBe(true);
  });

  it.each(['', 'Order', 'order placed', 'åtgärd', 'x'.repeat(65), 42])('refuses the name %s', (name) => {
    expect(fields(EventInputSchema, { ...base, name })).toEqual([
      { field: 'name', message: expect.stringContaining('1 to 64 characters') },
    ]);
  });

  it('wants exactly one of contact email and id', () => {
    for (const contact of [{}, { email: 'ana@example.com', id: 'con_1' }, { name: 'Ana' }]) {
      expect(fields(EventInputSchema, { ...base, contact })).toEqual([
        { field: 'contact', message: 'expected exactly one of email or id' },
      ]);
    }
  });

  it('checks contact fields with the contact schemas and names them', () => {
    const issues = fields(EventInputSchema, {
      ...base,
      contact: { email: 'nope', locale: 'xx-!!', timezone: 'CEST', attributes: { 'bad"key': 1 }, consent: {} },
    });
    expect(issues.map((i) => i.field)).toEqual(
      expect.arrayContaining(['contact.email', 'contact.locale', 'contact.timezone', 'contact.attributes.bad"key', 'contact.consent']),
    );
  });

  it('wants properties to be plain JSON and names the offending key', () => {
    expect(fields(EventInputSchema, { ...base, properties: [1] })).toEqual([{ field: 'properties', message: 'expected a JSON object' }]);
    expect(fields(EventInputSchema, { ...base, properties: JSON.parse('{"a": {"constructor": 1}}') })).toEqual([
      { field: 'properties.a.constructor', message: expect.stringContaining('built-in JavaScript property') },
    ]);
  });

  it.each(['2026-03-01', '2026-03-01T12:00:00', '2026-03-01 12:00Z', 'yesterday', '2026-13-45T12:00:00Z'])(
    'refuses occurred_at %s (a date and time with a zone is wanted)',
    (occurred_at) => {
      expect(fields(EventInputSchema, { ...base, occurred_at })[0]!.field).toBe('occurred_at');
    },
  );

  it('refuses an empty or overlong idempotency key and unknown fields', () => {
    expect(fields(EventInputSchema, { ...base, idempotency_key: '' })[0]!.field).toBe('idempotency_key');
    expect(fields(EventInputSchema, { ...base, idempotency_key: 'k'.repeat(257) })[0]!.field).toBe('idempotency_key');
    expect(fields(EventInputSchema, { ...base, data: {} })[0]!.field).toBe('data');
  });
});

describe('occurred_at in the future', () => {
  const now = Date.parse('2026-05-05T10:00:00Z');
  const at = (ms: number) => ({ ...v.parse(EventInputSchema, base), occurred_at: ms });

  it('allows up to 24 hours ahead and names each event beyond', () => {
    const events = [at(now + MAX_FUTURE_MS), at(now + MAX_FUTURE_MS + 1), v.parse(EventInputSchema, base)];
    expect(futureOccurrenceIssues(events, now, (i) => `events[${i}].occurred_at`)).toEqual([
      { field: 'events[1].occurred_at', message: 'expected a time at most 24 hours in the future' },
    ]);
  });
});

describe('a batch', () => {
  it('holds 1 to 1000 events and names a bad one by its position', () => {
    expect(v.safeParse(EventBatchSchema, { events: Array.from({ length: 1000 }, () => base) }).success).toBe(true);
    expect(fields(EventBatchSchema, { events: [] })[0]!.field).toBe('events');
    expect(fields(EventBatchSchema, { events: Array.from({ length: 1001 }, () => base) })[0]!.field).toBe('events');
    const issues = fields(EventBatchSchema, { events: [base, base, base, { ...base, contact: { email: 'x' } }] });
    expect(issues.map((i) => bracketIndexes(i.field ?? ''))).toEqual(['events[3].contact.email']);
  });

  it('writes array positions in brackets only where they are positions', () => {
    expect(bracketIndexes('events.3.contact.attributes.12')).toBe('events[3].contact.attributes[12]');
    expect(bracketIndexes('events.10.properties.v2x')).toBe('events[10].properties.v2x');
    expect(bracketIndexes('name')).toBe('name');
  });
});
