// Turns one CSV row (header -> cell) into contact input: known columns map to fields,
// "consent" to the marketing consent, "topic:KEY" to the choice for that topic (yes/no; blank
// leaves it as it is), every other column to an attribute ("attributes.plan" or just "plan").
import * as v from 'valibot';
import type { FieldIssue } from '../errors.ts';
import type { TopicSubscriptionState } from '../vocabulary.ts';
import { ContactCreateSchema, type ContactCreateInput } from './contact-input.ts';

const FIELD_COLUMNS = new Set(['email', 'name', 'locale', 'timezone']);
const CONSENT_COLUMNS = new Set(['consent', 'marketing_consent', 'consent.marketing']);

export function normalizeHeader(header: string): string {
  return header
    .trim()
    .replace(/^\uFEFF/, '')
    .toLowerCase();
}

/** A column `topic:news` sets the contact's choice for topic `news`. */
export const TOPIC_COLUMN_PREFIX = 'topic:';

const TOPIC_VALUES: Record<string, TopicSubscriptionState> = {
  yes: 'subscribed',
  true: 'subscribed',
  '1': 'subscribed',
  subscribed: 'subscribed',
  no: 'unsubscribed',
  false: 'unsubscribed',
  '0': 'unsubscribed',
  unsubscribed: 'unsubscribed',
};

/** Topic choices by topic key. */
export type CsvTopicChoices = Record<string, TopicSubscriptionState>;

export type CsvRowResult = { ok: true; input: ContactCreateInput; topics?: CsvTopicChoices } | { ok: false; issues: FieldIssue[] };

export function contactFromCsvRow(row: Record<string, string | undefined>, defaultConsentSource = 'csv import'): CsvRowResult {
  const input: Record<string, unknown> = {};
  const attributes: Record<string, unknown> = {};
  let consent: string | undefined;
  let consentSource: string | undefined;
  const topics: CsvTopicChoices = {};
  const topicIssues: FieldIssue[] = [];
  for (const [rawKey, rawValue] of Object.entries(row)) {
    const value = rawValue?.trim() ?? '';
    if (value === '') continue;
    const key = normalizeHeader(rawKey);
    if (FIELD_COLUMNS.has(key)) input[key] = value;
    else if (CONSENT_COLUMNS.has(key)) consent = value.toLowerCase();
    else if (key === 'consent_source') consentSource = value;
    else if (key.startsWith(TOPIC_COLUMN_PREFIX)) {
      const choice = TOPIC_VALUES[value.toLowerCase()];
      if (choice) topics[key.slice(TOPIC_COLUMN_PREFIX.length)] = choice;
      else topicIssues.push({ field: key, message: `expected yes or no (or blank to leave the topic as it is), not "${value}"` });
    } else attributes[key.startsWith('attributes.') ? key.slice('attributes.'.length) : key] = value;
  }
  if (Object.keys(attributes).length) input.attributes = attributes;
  if (consent) input.consent = { marketing: consent, source: consentSource ?? defaultConsentSource };
  const parsed = v.safeParse(ContactCreateSchema, input);
  if (parsed.success && topicIssues.length === 0)
    return { ok: true, input: parsed.output, ...(Object.keys(topics).length ? { topics } : {}) };
  const issues = parsed.success ? [] : parsed.issues.map((issue) => ({ field: v.getDotPath(issue) ?? '', message: issue.message }));
  return { ok: false, issues: [...issues, ...topicIssues] };
}
