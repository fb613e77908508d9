// What evaluateRule needs to know about one contact. src/store/rule-facts.ts loads it from the
// database; a trigger may also build it from what it already holds. Plain rows, no meaning
// added: which messages count as sent or as replies is decided here, once for both evaluators.
import type {
  Classification,
  ConsentState,
  MessageAuthor,
  MessageCategory,
  MessageDirection,
  MessageKind,
  MessageStatus,
  TopicSubscriptionState,
} from '../vocabulary.ts';

export interface ContactFacts {
  email: string;
  name: string | null;
  locale: string | null;
  timezone: string | null;
  createdAt: number;
  attributes: Record<string, unknown>;
  marketingConsent: ConsentState;
}

export interface EventFact {
  name: string;
  data: Record<string, unknown>;
  occurredAt: number;
}

export interface MessageFact {
  kind: MessageKind;
  direction: MessageDirection;
  author: MessageAuthor;
  category: MessageCategory;
  status: MessageStatus;
  classification: Classification | null;
  createdAt: number;
  sentAt: number | null;
}

/** Every topic, with this contact's own choice when they made one. */
export interface TopicFact {
  key: string;
  defaultSubscribed: boolean;
  status: TopicSubscriptionState | null;
}

export interface RuleFacts {
  contact: ContactFacts;
  events: EventFact[];
  messages: MessageFact[];
  topics: TopicFact[];
  /** The event that triggered the evaluation, when there is one (`event.*` paths). */
  event?: { data: Record<string, unknown> } | undefined;
}

/** Outbound statuses of mail that never left: it does not count as "sent". */
export const UNSENT_STATUSES = ['failed', 'skipped'] as const satisfies readonly MessageFact['status'][];
/** Inbound classifications that are a person writing (null: stored before classification existed). */
export const REPLY_CLASSIFICATIONS = ['message'] as const satisfies readonly NonNullable<MessageFact['classification']>[];

/** When a message went out or came in. */
export function messageTime(m: Pick<MessageFact, 'sentAt' | 'createdAt'>): number {
  return m.sentAt ?? m.createdAt;
}

/** An email to the contact that was (or is being) sent. */
export function isSentEmail(m: MessageFact): boolean {
  return m.kind === 'email' && m.direction === 'out' && !(UNSENT_STATUSES as readonly string[]).includes(m.status);
}

/** An email the contact wrote, not an auto-reply, bounce or complaint. */
export function isReply(m: MessageFact): boolean {
  return (
    m.kind === 'email' &&
    m.direction === 'in' &&
    m.author === 'contact' &&
    (m.classification === null || (REPLY_CLASSIFICATIONS as readonly string[]).includes(m.classification))
  );
}

/** Subscribed to a topic: their own choice, else the topic's default; an unknown topic is not subscribed. */
export function isSubscribedToTopic(topics: TopicFact[], key: string): boolean {
  const topic = topics.find((t) => t.key === key);
  if (!topic) return false;
  return topic.status ? topic.status === 'subscribed' : topic.defaultSubscribed;
}
