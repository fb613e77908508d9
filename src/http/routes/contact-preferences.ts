// /api/v1/contacts/:id/preferences and /consent-log: a contact's marketing choice, frequency and
// topics (what the preference page shows), changed with a consent-log entry per change; the log
// itself as JSON, or CSV with `Accept: text/csv` (for a person asking what was recorded about them).
import * as v from 'valibot';
import { MARKETING_FREQUENCIES, TOPIC_SUBSCRIPTION_STATES } from '../../domain/vocabulary.ts';
import { changePreferences, getPreferences, type PreferencesView } from '../../services/preferences.ts';
import { getConsentLog } from '../../services/consentLog.ts';
import type { ConsentLogRow } from '../../store/consent-log.ts';
import { csvResponse, wantsCsv } from '../csv.ts';
import { apiModule, endpoint } from '../endpoint.ts';
import { iso } from '../presenters.ts';

const ChangeBody = v.strictObject(
  {
    marketing: v.optional(v.picklist(['subscribed', 'unsubscribed'], 'expected subscribed or unsubscribed')),
    frequency: v.optional(v.picklist(MARKETING_FREQUENCIES, `expected ${MARKETING_FREQUENCIES.join(' or ')}`)),
    topics: v.optional(v.record(v.string(), v.picklist(TOPIC_SUBSCRIPTION_STATES, 'expected subscribed or unsubscribed'))),
    source: v.optional(v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(100, 'expected at most 100 characters')), 'api'),
  },
  'unknown field; expected marketing, frequency, topics, source',
);

const presentPreferences = (p: PreferencesView) => ({
  contact_id: p.contact.id,
  marketing: p.marketing,
  frequency: p.frequency,
  topics: p.topics.map((t) => ({
    key: t.key,
    name: t.name,
    subscribed: t.subscribed,
    choice: t.choice,
    default_subscribed: t.defaultSubscribed,
  })),
});

const presentEntry = (e: ConsentLogRow) => ({
  at: iso(e.createdAt),
  subject: e.subject,
  topic: e.topic,
  value: e.value,
  previous: e.previous,
  source: e.source,
});

const CSV_COLUMNS = ['at', 'subject', 'topic', 'value', 'previous', 'source'] as const;

const PREFERENCES_EXAMPLE = {
  contact_id: 'con_01jd8x3k2m4n5p6q7r8s9t0v1w',
  marketing: 'subscribed',
  frequency: 'weekly',
  topics: [{ key: 'newsletter', name: 'Nyhetsbrev', subscribed: false, choice: 'unsubscribed', default_subscribed: true }],
};
const ENTRY_EXAMPLE = {
  at: '2026-11-24T09:00:00.000Z',
  subject: 'topic',
  topic: 'newsletter',
  value: 'unsubscribed',
  previous: null,
  source: 'unsubscribe link',
};
const ID_PARAM = { id: 'the contact id (con_…)' };

export const { routes: contactPreferenceRoutes, operations: contactPreferenceOperations } = apiModule({ tag: 'Contacts' }, [
  endpoint({
    method: 'get',
    path: '/{id}/preferences',
    operationId: 'getContactPreferences',
    summary: 'A contact’s marketing choice, frequency and topics, with topic names in their language',
    params: ID_PARAM,
    responses: [{ status: 200, description: 'The preferences', example: PREFERENCES_EXAMPLE }],
    handle: async (c, { params }) => c.json(presentPreferences(await getPreferences(c.var.deps, params.id))),
  }),
  endpoint({
    method: 'patch',
    path: '/{id}/preferences',
    operationId: 'changeContactPreferences',
    summary: 'Change a contact’s preferences; each change is kept in the consent log with `source` (default "api")',
    params: ID_PARAM,
    body: {
      name: 'PreferencesChange',
      schema: ChangeBody,
      example: { frequency: 'weekly', topics: { newsletter: 'unsubscribed' }, source: 'crm' },
      what: 'preferences',
    },
    responses: [
      { status: 200, description: 'The preferences now, and how many things changed', example: { ...PREFERENCES_EXAMPLE, changed: 2 } },
    ],
    handle: async (c, { params, body: { source, ...change } }) => {
      const { preferences, changes } = await changePreferences(c.var.deps, params.id, change, source);
      return c.json({ ...presentPreferences(preferences), changed: changes.length });
    },
  }),
  endpoint({
    method: 'get',
    path: '/{id}/consent-log',
    operationId: 'getContactConsentLog',
    summary: 'Every change of the contact’s consent, topics and frequency, oldest first (`Accept: text/csv` for CSV)',
    params: ID_PARAM,
    responses: [
      { status: 200, description: 'The log', example: { data: [ENTRY_EXAMPLE] } },
      { status: 200, description: 'The log as CSV', contentType: 'text/csv', example: 'at,subject,topic,value,previous,source\n' },
    ],
    handle: async (c, { params }) => {
      const entries = (await getConsentLog(c.var.deps, params.id)).map(presentEntry);
      if (wantsCsv(c)) return csvResponse(c, entries, CSV_COLUMNS, `consent-log-${params.id}.csv`);
      return c.json({ data: entries });
    },
  }),
]);
