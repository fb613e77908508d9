// /api/v1/contacts/:id/preferences and /consent-log: a contact's marketing choice, frequency and
// topics (what the preference page shows), changed with a consent-log entry per change; the log
// itself as JSON, or CSV with `Accept: text/csv` (for a person asking what was recorded about them).
import { Hono } from 'hono';
import * as v from 'valibot';
import { MARKETING_FREQUENCIES, TOPIC_SUBSCRIPTION_STATES } from '../../domain/vocabulary.ts';
import { changePreferences, getPreferences, type PreferencesView } from '../../services/preferences.ts';
import { getConsentLog } from '../../services/consentLog.ts';
import type { ConsentLogRow } from '../../store/consent-log.ts';
import type { ApiEnv } from '../api-auth.ts';
import { csvResponse, wantsCsv } from '../csv.ts';
import { readJson } from '../json-body.ts';
import type { Operation } from '../openapi/operation.ts';
import { iso } from '../presenters.ts';
import { parseOrThrow } from '../validation.ts';

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

export const contactPreferenceRoutes = new Hono<ApiEnv>()
  .get('/:id/preferences', async (c) => c.json(presentPreferences(await getPreferences(c.var.deps, c.req.param('id')))))
  .patch('/:id/preferences', async (c) => {
    const { source, ...change } = parseOrThrow(ChangeBody, await readJson(c), 'preferences');
    const { preferences, changes } = await changePreferences(c.var.deps, c.req.param('id'), change, source);
    return c.json({ ...presentPreferences(preferences), changed: changes.length });
  })
  .get('/:id/consent-log', async (c) => {
    const entries = (await getConsentLog(c.var.deps, c.req.param('id'))).map(presentEntry);
    if (wantsCsv(c)) return csvResponse(c, entries, CSV_COLUMNS, `consent-log-${c.req.param('id')}.csv`);
    return c.json({ data: entries });
  });

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

export const contactPreferenceOperations: Operation[] = [
  {
    method: 'get',
    path: '/{id}/preferences',
    operationId: 'getContactPreferences',
    summary: 'A contact’s marketing choice, frequency and topics, with topic names in their language',
    tag: 'Contacts',
    params: ID_PARAM,
    responses: [{ status: 200, description: 'The preferences', example: PREFERENCES_EXAMPLE }],
    errors: [404],
  },
  {
    method: 'patch',
    path: '/{id}/preferences',
    operationId: 'changeContactPreferences',
    summary: 'Change a contact’s preferences; each change is kept in the consent log with `source` (default "api")',
    tag: 'Contacts',
    params: ID_PARAM,
    body: {
      name: 'PreferencesChange',
      schema: ChangeBody,
      example: { frequency: 'weekly', topics: { newsletter: 'unsubscribed' }, source: 'crm' },
    },
    responses: [
      { status: 200, description: 'The preferences now, and how many things changed', example: { ...PREFERENCES_EXAMPLE, changed: 2 } },
    ],
    errors: [400, 404, 413],
  },
  {
    method: 'get',
    path: '/{id}/consent-log',
    operationId: 'getContactConsentLog',
    summary: 'Every change of the contact’s consent, topics and frequency, oldest first (`Accept: text/csv` for CSV)',
    tag: 'Contacts',
    params: ID_PARAM,
    responses: [
      { status: 200, description: 'The log', example: { data: [ENTRY_EXAMPLE] } },
      { status: 200, description: 'The log as CSV', contentType: 'text/csv', example: 'at,subject,topic,value,previous,source\n' },
    ],
    errors: [404],
  },
];
