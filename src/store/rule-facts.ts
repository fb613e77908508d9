// Loads what evaluateRule needs about one contact (src/domain/rules/facts.ts): the contact, its
// events, its messages and its topic choices. Only the parts the rule reads are loaded: events
// of the names it counts, messages only for last_message/replied, topics only for topic.
import { and, eq, inArray, isNull } from 'drizzle-orm';
import { contacts, conversations, events, messages, topicSubscriptions, topics } from '../../db/schema.ts';
import type { Rule } from '../domain/rules/ast.ts';
import type { RuleFacts } from '../domain/rules/facts.ts';
import type { Db } from './db.ts';

interface Needs {
  eventNames: Set<string>;
  messages: boolean;
  topics: boolean;
}

function needsOf(rule: Rule, needs: Needs = { eventNames: new Set(), messages: false, topics: false }): Needs {
  switch (rule.kind) {
    case 'all':
    case 'any':
      for (const r of rule.rules) needsOf(r, needs);
      break;
    case 'not':
      needsOf(rule.rule, needs);
      break;
    case 'event':
      needs.eventNames.add(rule.name);
      break;
    case 'last_message':
    case 'replied':
      needs.messages = true;
      break;
    case 'topic':
      needs.topics = true;
      break;
    default:
      break;
  }
  return needs;
}

const MESSAGE_FACTS = {
  kind: messages.kind,
  direction: messages.direction,
  author: messages.author,
  category: messages.category,
  status: messages.status,
  classification: messages.classification,
  createdAt: messages.createdAt,
  sentAt: messages.sentAt,
};

/** The contact's messages: those of their conversations, and bulk or broadcast sends in none yet. */
async function contactMessages(db: Db, contactId: string) {
  const [threaded, unthreaded] = await Promise.all([
    db
      .select(MESSAGE_FACTS)
      .from(messages)
      .innerJoin(conversations, eq(conversations.id, messages.conversationId))
      .where(eq(conversations.contactId, contactId)),
    db
      .select(MESSAGE_FACTS)
      .from(messages)
      .where(and(eq(messages.contactId, contactId), isNull(messages.conversationId))),
  ]);
  return [...threaded, ...unthreaded];
}

/** The facts for one contact, or null when there is no such contact. */
export async function loadRuleFacts(db: Db, contactId: string, rule: Rule, event?: RuleFacts['event']): Promise<RuleFacts | null> {
  const [contact] = await db.select().from(contacts).where(eq(contacts.id, contactId)).limit(1);
  if (!contact) return null;
  const needs = needsOf(rule);
  const eventRows = needs.eventNames.size
    ? await db
        .select({ name: events.name, data: events.data, occurredAt: events.occurredAt })
        .from(events)
        .where(and(eq(events.contactId, contactId), inArray(events.name, [...needs.eventNames])))
    : [];
  const messageRows = needs.messages ? await contactMessages(db, contactId) : [];
  const topicRows = needs.topics
    ? await db
        .select({ key: topics.key, defaultSubscribed: topics.defaultSubscribed, status: topicSubscriptions.status })
        .from(topics)
        .leftJoin(topicSubscriptions, and(eq(topicSubscriptions.topicId, topics.id), eq(topicSubscriptions.contactId, contactId)))
    : [];
  return {
    contact: {
      email: contact.email,
      name: contact.name,
      locale: contact.locale,
      timezone: contact.timezone,
      createdAt: contact.createdAt,
      attributes: contact.attributes,
      marketingConsent: contact.marketingConsent,
    },
    events: eventRows,
    messages: messageRows,
    topics: topicRows,
    event,
  };
}
