import { getTableColumns, isTable, type Table } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import * as schema from '../../db/schema.ts';
import * as vocabulary from '../../src/domain/vocabulary.ts';

const tables = Object.entries(schema as Record<string, unknown>).filter((entry): entry is [string, Table] => isTable(entry[1]));
const vocabularyArrays = new Map(Object.entries(vocabulary).map(([name, value]) => [value as unknown, name]));

/** Every enum column of the schema, as "table.column" -> the array drizzle was given. */
const enumColumns = tables.flatMap(([table, t]) =>
  Object.entries(getTableColumns(t))
    .filter(([, column]) => column.enumValues !== undefined)
    .map(([column, c]) => [`${table}.${column}`, c.enumValues] as const),
);

describe('one vocabulary', () => {
  test('every enum column of the schema is built from an array of src/domain/vocabulary.ts', () => {
    expect(enumColumns.length).toBeGreaterThan(15);
    const restated = enumColumns.filter(([, values]) => !vocabularyArrays.has(values)).map(([name]) => name);
    expect(restated).toEqual([]);
  });

  test('each enum column uses the array named for it', () => {
    const used = Object.fromEntries(enumColumns.map(([name, values]) => [name, vocabularyArrays.get(values)]));
    expect(used).toEqual({
      'contacts.marketingConsent': 'CONSENT_STATES',
      'contacts.marketingFrequency': 'MARKETING_FREQUENCIES',
      'consentLog.subject': 'CONSENT_SUBJECTS',
      'topicSubscriptions.status': 'TOPIC_SUBSCRIPTION_STATES',
      'agents.role': 'AGENT_ROLES',
      'agentPresence.state': 'PRESENCE_STATES',
      'apiKeys.role': 'API_KEY_ROLES',
      'conversations.status': 'CONVERSATION_STATUSES',
      'conversations.linkReason': 'LINK_REASONS',
      'messages.kind': 'MESSAGE_KINDS',
      'messages.direction': 'MESSAGE_DIRECTIONS',
      'messages.author': 'MESSAGE_AUTHORS',
      'messages.status': 'MESSAGE_STATUSES',
      'messages.category': 'MESSAGE_CATEGORIES',
      'messageFacts.status': 'MESSAGE_STATUSES',
      'messageFacts.category': 'MESSAGE_CATEGORIES',
      'messageDaily.status': 'MESSAGE_STATUSES',
      'messageDaily.category': 'MESSAGE_CATEGORIES',
      'messages.threadRule': 'THREAD_RULES',
      'messages.classification': 'CLASSIFICATIONS',
      'attachments.disposition': 'ATTACHMENT_DISPOSITIONS',
      'broadcasts.status': 'BROADCAST_STATUSES',
      'broadcastRecipients.status': 'BROADCAST_RECIPIENT_STATUSES',
      'broadcastRecipients.reason': 'DELIVERY_REASONS',
      'inboundEmails.status': 'INBOUND_STATUSES',
      'outbox.status': 'OUTBOX_STATUSES',
      'suppressions.reason': 'SUPPRESSION_REASONS',
      'scheduledJobs.type': 'SCHEDULED_JOB_TYPES',
      'scheduledJobs.status': 'SCHEDULED_JOB_STATUSES',
      'deliveryDecisions.source': 'DELIVERY_SOURCES',
      'deliveryDecisions.category': 'MESSAGE_CATEGORIES',
      'deliveryDecisions.decision': 'DELIVERY_DECISIONS',
      'deliveryDecisions.reason': 'DELIVERY_REASONS',
      'frequencyCaps.category': 'MESSAGE_CATEGORIES',
      'faqEntries.mode': 'FAQ_ENTRY_MODES',
      'faqDecisions.decision': 'FAQ_DECISIONS',
    });
  });

  test('the narrower lists are subsets of the stored ones', () => {
    const within = (sub: readonly string[], all: readonly string[]) => sub.filter((v) => !all.includes(v));
    expect(within(vocabulary.OUTBOUND_AUTHORS, vocabulary.MESSAGE_AUTHORS)).toEqual([]);
    expect(within(vocabulary.AUTOMATED_AUTHORS, vocabulary.OUTBOUND_AUTHORS)).toEqual([]);
    expect(within(vocabulary.SEND_OUTCOMES, vocabulary.MESSAGE_STATUSES)).toEqual([]);
    expect(within(vocabulary.SETTABLE_CONVERSATION_STATUSES, vocabulary.CONVERSATION_STATUSES)).toEqual([]);
    expect(within(vocabulary.TOPIC_SUBSCRIPTION_STATES, vocabulary.CONSENT_STATES)).toEqual([]);
  });
});
