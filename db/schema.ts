// The whole Samtal data model. drizzle-kit generates db/migrations from this file
// (`npm run db:generate`); never edit a generated migration by hand.
//
// Conventions: text ids with a type prefix (see src/domain/ids.ts), timestamps as
// integer milliseconds since the epoch, JSON as text. Every list the inbox or the API
// shows has an index that serves its filter and its sort order.
import { sql } from 'drizzle-orm';
import { blob, index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import {
  AGENT_ROLES,
  API_KEY_ROLES,
  BROADCAST_RECIPIENT_STATUSES,
  BROADCAST_STATUSES,
  ATTACHMENT_DISPOSITIONS,
  CLASSIFICATIONS,
  CONSENT_STATES,
  CONSENT_SUBJECTS,
  CONVERSATION_STATUSES,
  DELIVERY_DECISIONS,
  DELIVERY_REASONS,
  DELIVERY_SOURCES,
  FAQ_DECISIONS,
  FAQ_ENTRY_MODES,
  INBOUND_STATUSES,
  LINK_REASONS,
  MARKETING_FREQUENCIES,
  PRESENCE_STATES,
  MESSAGE_AUTHORS,
  MESSAGE_CATEGORIES,
  MESSAGE_DIRECTIONS,
  MESSAGE_KINDS,
  MESSAGE_STATUSES,
  OUTBOX_STATUSES,
  SCHEDULED_JOB_STATUSES,
  SCHEDULED_JOB_TYPES,
  SUPPRESSION_REASONS,
  THREAD_RULES,
  TOPIC_SUBSCRIPTION_STATES,
} from '../src/domain/vocabulary.ts';

const createdAt = () => integer('created_at', { mode: 'number' }).notNull();
const updatedAt = () => integer('updated_at', { mode: 'number' }).notNull();

export const contacts = sqliteTable(
  'contacts',
  {
    id: text('id').primaryKey(),
    /** Normalized (trimmed, lower-cased) address; the identity of a contact. */
    email: text('email').notNull(),
    name: text('name'),
    /** BCP 47 tag, e.g. sv-SE. */
    locale: text('locale'),
    /** IANA zone, e.g. Europe/Stockholm. */
    timezone: text('timezone'),
    attributes: text('attributes', { mode: 'json' }).$type<Record<string, unknown>>().notNull().default({}),
    marketingConsent: text('marketing_consent', { enum: CONSENT_STATES }).notNull().default('unknown'),
    consentSource: text('consent_source'),
    consentUpdatedAt: integer('consent_updated_at', { mode: 'number' }),
    /** "less often" on the preference page: at most one marketing mail a week. */
    marketingFrequency: text('marketing_frequency', { enum: MARKETING_FREQUENCIES }).notNull().default('normal'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('contacts_email_unique').on(t.email), index('contacts_created_idx').on(t.createdAt, t.id)],
);

export const topics = sqliteTable(
  'topics',
  {
    id: text('id').primaryKey(),
    key: text('key').notNull(),
    name: text('name').notNull(),
    description: text('description'),
    /** The name and description per locale (BCP 47), for the preference page; `name`/`description` are the fallback. */
    names: text('names', { mode: 'json' }).$type<Record<string, string>>().notNull().default({}),
    descriptions: text('descriptions', { mode: 'json' }).$type<Record<string, string>>().notNull().default({}),
    defaultSubscribed: integer('default_subscribed', { mode: 'boolean' }).notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('topics_key_unique').on(t.key)],
);

export const topicSubscriptions = sqliteTable(
  'topic_subscriptions',
  {
    contactId: text('contact_id')
      .notNull()
      .references(() => contacts.id, { onDelete: 'cascade' }),
    topicId: text('topic_id')
      .notNull()
      .references(() => topics.id, { onDelete: 'cascade' }),
    status: text('status', { enum: TOPIC_SUBSCRIPTION_STATES }).notNull(),
    source: text('source'),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.contactId, t.topicId] }), index('topic_subscriptions_topic_idx').on(t.topicId)],
);

/** Every change of a contact's consent, topics or frequency, with its time and source; kept for export (GET …/consent-log). */
export const consentLog = sqliteTable(
  'consent_log',
  {
    id: text('id').primaryKey(),
    contactId: text('contact_id')
      .notNull()
      .references(() => contacts.id, { onDelete: 'cascade' }),
    subject: text('subject', { enum: CONSENT_SUBJECTS }).notNull(),
    /** The topic's key for subject "topic". */
    topic: text('topic'),
    /** subscribed | unsubscribed | unknown, or normal | weekly for "frequency". */
    value: text('value').notNull(),
    previous: text('previous'),
    /** Who or what changed it: "unsubscribe link", "preference page", "api", "csv import", "event". */
    source: text('source').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('consent_log_contact_idx').on(t.contactId, t.createdAt)],
);

export const agents = sqliteTable(
  'agents',
  {
    id: text('id').primaryKey(),
    email: text('email').notNull(),
    name: text('name').notNull(),
    role: text('role', { enum: AGENT_ROLES }).notNull().default('agent'),
    /** PBKDF2 via WebCrypto; format in src/domain/password.ts. Null until an invited agent sets one. */
    passwordHash: text('password_hash'),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    createdAt: createdAt(),
    lastSeenAt: integer('last_seen_at', { mode: 'number' }),
    /** Inbox language (en, sv, he, zh); null follows the browser. */
    locale: text('locale'),
    /** IANA zone for times in the inbox; null uses the browser's zone reported at sign-in, else UTC. */
    timeZone: text('time_zone'),
    /** Plain text appended to this agent's replies. */
    signature: text('signature'),
  },
  (t) => [uniqueIndex('agents_email_unique').on(t.email)],
);

export const sessions = sqliteTable(
  'sessions',
  {
    /** SHA-256 of the cookie value; the cookie itself is never stored. */
    idHash: text('id_hash').primaryKey(),
    agentId: text('agent_id')
      .notNull()
      .references(() => agents.id, { onDelete: 'cascade' }),
    csrfSecret: text('csrf_secret').notNull(),
    userAgent: text('user_agent'),
    createdAt: createdAt(),
    lastUsedAt: integer('last_used_at', { mode: 'number' }).notNull(),
    expiresAt: integer('expires_at', { mode: 'number' }).notNull(),
  },
  (t) => [index('sessions_agent_idx').on(t.agentId), index('sessions_expires_idx').on(t.expiresAt)],
);

/**
 * Who has a conversation open, and whether they are typing: one row per agent and conversation,
 * refreshed by the page's poll. Rows older than the TTL (src/services/presence.ts) count as gone
 * and are deleted as they are seen; Workers keep nothing in memory between requests.
 */
export const agentPresence = sqliteTable(
  'agent_presence',
  {
    conversationId: text('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    agentId: text('agent_id')
      .notNull()
      .references(() => agents.id, { onDelete: 'cascade' }),
    state: text('state', { enum: PRESENCE_STATES }).notNull(),
    seenAt: integer('seen_at', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.conversationId, t.agentId] })],
);

export const loginAttempts = sqliteTable('login_attempts', {
  /** e.g. "ip:203.0.113.9" or "email:ana@example.com" */
  key: text('key').primaryKey(),
  windowStart: integer('window_start', { mode: 'number' }).notNull(),
  failures: integer('failures').notNull().default(0),
});

export const apiKeys = sqliteTable(
  'api_keys',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    /** SHA-256 of the full key; the key is shown once at creation. */
    keyHash: text('key_hash').notNull(),
    /** First characters of the key, to recognise it in lists. */
    prefix: text('prefix').notNull(),
    createdAt: createdAt(),
    lastUsedAt: integer('last_used_at', { mode: 'number' }),
    revokedAt: integer('revoked_at', { mode: 'number' }),
    /**
     * Every insert names the role; the default is for keys made before roles existed, which
     * were all created by the operator (CLI or SAMTAL_API_KEY) and so are admin keys.
     */
    role: text('role', { enum: API_KEY_ROLES }).notNull().default('admin'),
    /** After this moment the key is refused; null: it does not expire. */
    expiresAt: integer('expires_at', { mode: 'number' }),
  },
  (t) => [uniqueIndex('api_keys_hash_unique').on(t.keyHash), uniqueIndex('api_keys_name_unique').on(t.name)],
);

export const conversations = sqliteTable(
  'conversations',
  {
    id: text('id').primaryKey(),
    contactId: text('contact_id')
      .notNull()
      .references(() => contacts.id, { onDelete: 'cascade' }),
    subject: text('subject').notNull().default(''),
    /** Subject without Re:/SV:/AW:/回复: … prefixes, lower-cased; used for subject threading. */
    normalizedSubject: text('normalized_subject').notNull().default(''),
    status: text('status', { enum: CONVERSATION_STATUSES }).notNull().default('open'),
    assigneeId: text('assignee_id').references(() => agents.id, { onDelete: 'set null' }),
    snoozedUntil: integer('snoozed_until', { mode: 'number' }),
    /** Why an agent should look: e.g. its sender replied to a conversation they were not addressed in. */
    flag: text('flag'),
    /**
     * The earlier conversation this one was split off from (see link_reason). No foreign key:
     * SQLite cannot add one with ON DELETE to an existing table, and erasing the other
     * conversation's contact must not fail because a stranger's conversation points at it.
     */
    linkedConversationId: text('linked_conversation_id'),
    linkReason: text('link_reason', { enum: LINK_REASONS }),
    /** When the status last became closed; null while not closed (and for rows closed before this column). */
    closedAt: integer('closed_at', { mode: 'number' }),
    lastMessageAt: integer('last_message_at', { mode: 'number' }).notNull(),
    lastCustomerMessageAt: integer('last_customer_message_at', { mode: 'number' }),
    lastAgentMessageAt: integer('last_agent_message_at', { mode: 'number' }),
    /** Since when the customer has been waiting for a human; null when nobody waits. */
    waitingSince: integer('waiting_since', { mode: 'number' }),
    firstResponseDueAt: integer('first_response_due_at', { mode: 'number' }),
    firstRespondedAt: integer('first_responded_at', { mode: 'number' }),
    /** First line of the latest message, for the list view. */
    preview: text('preview').notNull().default(''),
    messageCount: integer('message_count').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // Inbox list, in two runs: those waiting for a human (longest first), then the rest
    // (latest activity first); each filtered by status, optionally by assignee. id breaks ties.
    index('conversations_status_waiting_idx').on(t.status, t.waitingSince, t.id),
    index('conversations_status_recent_idx').on(t.status, t.lastMessageAt, t.id),
    index('conversations_assignee_status_waiting_idx').on(t.assigneeId, t.status, t.waitingSince, t.id),
    index('conversations_assignee_status_recent_idx').on(t.assigneeId, t.status, t.lastMessageAt, t.id),
    // "Has anything changed?" polling.
    index('conversations_updated_idx').on(t.updatedAt),
    // Contact panel and API filter by contact.
    index('conversations_contact_idx').on(t.contactId, t.lastMessageAt),
    // Subject threading: same contact + normalized subject, recent activity.
    index('conversations_contact_subject_idx').on(t.contactId, t.normalizedSubject, t.lastMessageAt),
    // (No index on linked_conversation_id: no query looks a conversation up by its link; the thread page follows it
    // by primary key. Dropped in 0018, see test/integration/index-plans.test.ts.)
    // Snooze wake-up by the scheduler.
    index('conversations_snoozed_idx').on(t.status, t.snoozedUntil),
    // API list sorted by recency.
    index('conversations_recent_idx').on(t.lastMessageAt, t.id),
  ],
);

/**
 * Tags on a conversation: normalised free text (src/domain/inbox/tags.ts), one row per tag. The
 * (tag, conversation) index serves the list's `?tag=` filter and the suggestions of tags in use.
 */
export const conversationTags = sqliteTable(
  'conversation_tags',
  {
    conversationId: text('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    tag: text('tag').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.conversationId, t.tag] }), index('conversation_tags_tag_idx').on(t.tag, t.conversationId)],
);

/**
 * How far each agent has read each conversation: a conversation is unread for an agent when a
 * customer message arrived after `read_up_to` (or the agent never opened it). No row: never opened.
 */
export const conversationReads = sqliteTable(
  'conversation_reads',
  {
    agentId: text('agent_id')
      .notNull()
      .references(() => agents.id, { onDelete: 'cascade' }),
    conversationId: text('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    /** last_customer_message_at as the agent last saw it (ms); 0 after "mark unread". */
    readUpTo: integer('read_up_to', { mode: 'number' }).notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.agentId, t.conversationId] }), index('conversation_reads_conversation_idx').on(t.conversationId)],
);

export const messages = sqliteTable(
  'messages',
  {
    id: text('id').primaryKey(),
    /**
     * Null for a bulk or broadcast message nobody has answered yet: its conversation is made on the
     * first reply (services/unthreadedMessages.ts, conversationOfMessage), so 100,000 recipients are not
     * 100,000 conversations. contact_id then names whom it went to.
     */
    conversationId: text('conversation_id').references(() => conversations.id, { onDelete: 'cascade' }),
    /** The recipient of an outbound message written without a conversation (kept when one is made). */
    contactId: text('contact_id').references(() => contacts.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: MESSAGE_KINDS }).notNull().default('email'),
    direction: text('direction', { enum: MESSAGE_DIRECTIONS }).notNull(),
    author: text('author', { enum: MESSAGE_AUTHORS }).notNull(),
    authorAgentId: text('author_agent_id').references(() => agents.id, { onDelete: 'set null' }),
    /** RFC 5322 Message-ID without angle brackets. */
    messageIdHeader: text('message_id_header'),
    inReplyTo: text('in_reply_to'),
    /** Space-separated Message-IDs, without angle brackets. */
    references: text('references'),
    fromAddress: text('from_address'),
    fromName: text('from_name'),
    toAddresses: text('to_addresses', { mode: 'json' }).$type<string[]>().notNull().default([]),
    ccAddresses: text('cc_addresses', { mode: 'json' }).$type<string[]>().notNull().default([]),
    subject: text('subject').notNull().default(''),
    /** Headers we set on outbound mail (Message-ID, Reply-To, References, List-Unsubscribe …). */
    headers: text('headers', { mode: 'json' }).$type<Record<string, string>>(),
    text: text('text'),
    html: text('html'),
    replyText: text('reply_text'),
    quotedText: text('quoted_text'),
    signature: text('signature'),
    status: text('status', { enum: MESSAGE_STATUSES }).notNull(),
    statusReason: text('status_reason'),
    providerId: text('provider_id'),
    template: text('template'),
    locale: text('locale'),
    category: text('category', { enum: MESSAGE_CATEGORIES }).notNull().default('support'),
    threadRule: text('thread_rule', { enum: THREAD_RULES }),
    /** Why an agent should look twice, e.g. a reply token used by someone outside the conversation. */
    flag: text('flag'),
    classification: text('classification', { enum: CLASSIFICATIONS }),
    inboundEmailId: text('inbound_email_id'),
    idempotencyKey: text('idempotency_key'),
    createdAt: createdAt(),
    sentAt: integer('sent_at', { mode: 'number' }),
    deliveredAt: integer('delivered_at', { mode: 'number' }),
  },
  (t) => [
    // Threading by In-Reply-To/References looks up stored Message-IDs.
    uniqueIndex('messages_message_id_header_unique').on(t.messageIdHeader),
    uniqueIndex('messages_idempotency_key_unique').on(t.idempotencyKey),
    // A thread's page, newest first by (created_at, id): the index gives that order, so a page reads its 31 rows, not the thread.
    index('messages_conversation_idx').on(t.conversationId, t.createdAt, t.id),
    index('messages_provider_id_idx').on(t.providerId),
    // (No index on (status, created_at): no query finds messages by status; dropped in 0018, see index-plans.test.ts.)
    index('messages_inbound_email_idx').on(t.inboundEmailId),
    // A contact's messages that are in no conversation yet (caps, activity, segments read them beside the conversations').
    index('messages_unthreaded_contact_idx').on(t.contactId, t.createdAt).where(sql`${t.conversationId} is null`),
    // messages_email_time_idx, on coalesce(sent_at, created_at), is made by hand in its migration (drizzle-kit splits
    // an expression at its comma): rules over a window of mail (last_message, replied) read the window from it.
  ],
);

export const attachments = sqliteTable(
  'attachments',
  {
    id: text('id').primaryKey(),
    messageId: text('message_id')
      .notNull()
      .references(() => messages.id, { onDelete: 'cascade' }),
    filename: text('filename'),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    /** Content-ID without angle brackets, for cid: images. */
    contentId: text('content_id'),
    disposition: text('disposition', { enum: ATTACHMENT_DISPOSITIONS }).notNull().default('attachment'),
    /** The content of attachments stored before the blob store; null once moved (content_key names the blob). */
    content: blob('content', { mode: 'buffer' }),
    /** Where the content is in the blob store (R2 on Workers, data/blobs elsewhere); `size` is its length. */
    contentKey: text('content_key'),
    /** Hex SHA-256 of the content, checked on every read. */
    contentSha256: text('content_sha256'),
    /** Set when the content was not kept (over a size or count limit), saying why. */
    skippedReason: text('skipped_reason'),
    createdAt: createdAt(),
  },
  (t) => [index('attachments_message_idx').on(t.messageId)],
);

export const inboundEmails = sqliteTable(
  'inbound_emails',
  {
    id: text('id').primaryKey(),
    /**
     * The message of rows kept before the blob store, exactly as received; empty once it lives in
     * the blob store (raw_key). Kept NOT NULL so that no table rebuild copies every old message.
     */
    raw: blob('raw', { mode: 'buffer' }).notNull(),
    rawSize: integer('raw_size').notNull(),
    /** Where the message is in the blob store, written (and durable) before this row. */
    rawKey: text('raw_key'),
    /** Hex SHA-256 of the raw message, checked on every read. */
    rawSha256: text('raw_sha256'),
    /**
     * "mid:<Message-ID>" for the first message with that Message-ID, "mid:<Message-ID> content:<hash>"
     * for a different message reusing it, "content:<hash>" without a Message-ID (older rows:
     * "sha256:<hex of raw>"). A redelivery maps to the same key.
     */
    dedupeKey: text('dedupe_key').notNull(),
    /** inboundContentHash: author headers and body (null on rows kept before it existed). */
    contentHash: text('content_hash'),
    /** Why this message is suspicious (e.g. its Message-ID was reused), carried onto its message. */
    flag: text('flag'),
    envelopeFrom: text('envelope_from'),
    envelopeTo: text('envelope_to'),
    /** Which door it came through: email-routing | http. */
    source: text('source').notNull(),
    status: text('status', { enum: INBOUND_STATUSES }).notNull().default('received'),
    error: text('error'),
    attempts: integer('attempts').notNull().default(0),
    messageId: text('message_id').references(() => messages.id, { onDelete: 'set null' }),
    receivedAt: integer('received_at', { mode: 'number' }).notNull(),
    processedAt: integer('processed_at', { mode: 'number' }),
  },
  (t) => [uniqueIndex('inbound_emails_dedupe_unique').on(t.dedupeKey), index('inbound_emails_status_idx').on(t.status, t.receivedAt)],
);

export const outbox = sqliteTable(
  'outbox',
  {
    id: text('id').primaryKey(),
    messageId: text('message_id')
      .notNull()
      .references(() => messages.id, { onDelete: 'cascade' }),
    status: text('status', { enum: OUTBOX_STATUSES }).notNull().default('pending'),
    /** Provider calls started for this job (counted before each call). */
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: integer('next_attempt_at', { mode: 'number' }).notNull(),
    /** A sender holds the job until then; a crashed sender's job becomes due again. */
    lockedUntil: integer('locked_until', { mode: 'number' }),
    /** The sender holding the claim; a sender writes only to jobs that still carry its token. */
    claimToken: text('claim_token'),
    lastError: text('last_error'),
    /**
     * Set, with the member's position, when the job is first sent in a provider batch (see
     * outbox_batches). A retry resends exactly that batch with the same idempotency key, so a
     * batch whose answer was lost is never sent twice. A job without one that has attempts > 0
     * was sent alone, under its message id, and is only ever retried so.
     */
    batchKey: text('batch_key'),
    batchPosition: integer('batch_position'),
    /** When the first provider call under the job's idempotency key started. */
    firstAttemptAt: integer('first_attempt_at', { mode: 'number' }),
    providerId: text('provider_id'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('outbox_message_unique').on(t.messageId),
    index('outbox_batch_idx').on(t.batchKey),
    index('outbox_due_idx').on(t.status, t.nextAttemptAt),
  ],
);

/**
 * A provider batch as first formed: its idempotency key, its size and a digest of the exact
 * request. Members and their order are on the outbox jobs (batch_key, batch_position).
 */
export const outboxBatches = sqliteTable('outbox_batches', {
  key: text('key').primaryKey(),
  size: integer('size').notNull(),
  /** SHA-256 of the request as first sent; a retry must match it or is not sent. */
  requestDigest: text('request_digest').notNull(),
  createdAt: createdAt(),
});

/** The dev transport's mailbox: what would have been sent, when no RESEND_API_KEY is set. */
export const devOutbox = sqliteTable(
  'dev_outbox',
  {
    id: text('id').primaryKey(),
    messageId: text('message_id'),
    from: text('from_address').notNull(),
    to: text('to_addresses', { mode: 'json' }).$type<string[]>().notNull(),
    subject: text('subject').notNull(),
    headers: text('headers', { mode: 'json' }).$type<Record<string, string>>().notNull(),
    text: text('text'),
    html: text('html'),
    mime: text('mime').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('dev_outbox_created_idx').on(t.createdAt)],
);

export const providerEvents = sqliteTable(
  'provider_events',
  {
    id: text('id').primaryKey(),
    provider: text('provider').notNull(),
    /** The provider's own event id (svix-id for Resend); a replay of a processed event is a no-op. */
    providerEventId: text('provider_event_id').notNull(),
    /** The event type as sent; '' when the body has none. */
    type: text('type').notNull(),
    providerMessageId: text('provider_message_id'),
    /** The body exactly as signed, also when it is not valid. */
    payload: text('payload').notNull(),
    receivedAt: integer('received_at', { mode: 'number' }).notNull(),
    /** Set only once the event was applied (or acknowledged as a type Samtal does not act on). */
    processedAt: integer('processed_at', { mode: 'number' }),
    /** Why the last delivery was not processed (validation issues or the failure); null once processed. */
    error: text('error'),
    attempts: integer('attempts', { mode: 'number' }).notNull().default(0),
  },
  (t) => [
    uniqueIndex('provider_events_provider_event_unique').on(t.provider, t.providerEventId),
    index('provider_events_message_idx').on(t.providerMessageId),
  ],
);

export const suppressions = sqliteTable('suppressions', {
  /** Normalized address. Kept even after the contact is erased. */
  email: text('email').primaryKey(),
  reason: text('reason', { enum: SUPPRESSION_REASONS }).notNull(),
  detail: text('detail'),
  createdAt: createdAt(),
});

export const faqs = sqliteTable(
  'faqs',
  {
    id: text('id').primaryKey(),
    question: text('question').notNull(),
    answer: text('answer').notNull(),
    /** Extra phrasings and keywords that should match this FAQ. */
    keywords: text('keywords', { mode: 'json' }).$type<string[]>().notNull().default([]),
    locale: text('locale'),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('faqs_active_locale_idx').on(t.active, t.locale)],
);

/**
 * The FAQ the autoresponder answers from (the older `faqs` table above is unused and kept only so no
 * migration drops it). Questions and answers are JSON per locale on the entry's own row, so the
 * matcher loads the whole knowledge base with one indexed read and no join.
 */
export const faqEntries = sqliteTable(
  'faq_entries',
  {
    /** A slug from an FAQ file (`cancel-reschedule`) or a generated `faq_…` id. */
    id: text('id').primaryKey(),
    /** Example phrasings per locale: {"sv": ["Hur avbokar jag?"], "en": [...]}. */
    questions: text('questions', { mode: 'json' }).$type<Record<string, string[]>>().notNull().default({}),
    /** The answer per locale, Liquid (contact, conversation), rendered as text. */
    answers: text('answers', { mode: 'json' }).$type<Record<string, string>>().notNull().default({}),
    mode: text('mode', { enum: FAQ_ENTRY_MODES }).notNull().default('auto'),
    tags: text('tags', { mode: 'json' }).$type<string[]>().notNull().default([]),
    enabled: integer('enabled', { mode: 'boolean' }).notNull().default(true),
    /** Order in lists and exports (an imported file's order). */
    position: integer('position').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('faq_entries_enabled_position_idx').on(t.enabled, t.position, t.id)],
);

/** Every decision the autoresponder made about a person's message, with its reason, shown in the thread. */
export const faqDecisions = sqliteTable(
  'faq_decisions',
  {
    id: text('id').primaryKey(),
    /** The customer's message the decision is about. */
    messageId: text('message_id')
      .notNull()
      .references(() => messages.id, { onDelete: 'cascade' }),
    conversationId: text('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    contactId: text('contact_id').references(() => contacts.id, { onDelete: 'cascade' }),
    decision: text('decision', { enum: FAQ_DECISIONS }).notNull(),
    /** The entry answered with, or the best candidate; no foreign key: an entry may be deleted later. */
    faqId: text('faq_id'),
    confidence: real('confidence'),
    /** The locale the answer was (or would be) in. */
    locale: text('locale'),
    reason: text('reason').notNull(),
    /** The best candidates for an agent: [{faq_id, confidence}], best first. */
    suggestions: text('suggestions', { mode: 'json' }).$type<{ faqId: string; confidence: number }[]>().notNull().default([]),
    /** The automatic answer sent (decision answered). */
    replyMessageId: text('reply_message_id'),
    /** When the scheduler closed the conversation because the customer did not write again. */
    resolvedAt: integer('resolved_at', { mode: 'number' }),
    /** An agent said the answer or the suggestion was wrong. */
    markedWrongAt: integer('marked_wrong_at', { mode: 'number' }),
    markedWrongBy: text('marked_wrong_by'),
    createdAt: createdAt(),
  },
  (t) => [
    index('faq_decisions_conversation_idx').on(t.conversationId, t.createdAt),
    index('faq_decisions_contact_idx').on(t.contactId, t.decision, t.createdAt),
    index('faq_decisions_unresolved_idx').on(t.decision, t.resolvedAt, t.createdAt),
    // At most one automatic answer per conversation, also when two messages race.
    uniqueIndex('faq_decisions_one_answer_unique').on(t.conversationId).where(sql`decision = 'answered'`),
  ],
);

export const events = sqliteTable(
  'events',
  {
    id: text('id').primaryKey(),
    contactId: text('contact_id').references(() => contacts.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    data: text('data', { mode: 'json' }).$type<Record<string, unknown>>().notNull().default({}),
    idempotencyKey: text('idempotency_key'),
    occurredAt: integer('occurred_at', { mode: 'number' }).notNull(),
    processedAt: integer('processed_at', { mode: 'number' }),
  },
  (t) => [
    uniqueIndex('events_idempotency_unique').on(t.idempotencyKey),
    index('events_contact_idx').on(t.contactId, t.occurredAt),
    index('events_unprocessed_idx').on(t.processedAt, t.occurredAt),
    // Event-count rules (segments, trigger conditions): the window's events of one name, read from the index alone.
    index('events_name_time_idx').on(t.name, t.occurredAt, t.contactId),
  ],
);

/**
 * Work the scheduler must do later: trigger sends (and their follow-ups), held sends, agents' follow-ups.
 * Claimed in batches without overlap: a claim sets claimed_by and lease_until (compare-and-set), and a
 * job whose lease ran out is claimable again. `key` makes scheduling idempotent (one job per trigger,
 * contact and dedupe value).
 */
export const scheduledJobs = sqliteTable(
  'scheduled_jobs',
  {
    id: text('id').primaryKey(),
    type: text('type', { enum: SCHEDULED_JOB_TYPES }).notNull(),
    payload: text('payload', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    runAt: integer('run_at', { mode: 'number' }).notNull(),
    status: text('status', { enum: SCHEDULED_JOB_STATUSES }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    contactId: text('contact_id').references(() => contacts.id, { onDelete: 'cascade' }),
    key: text('key'),
    claimedBy: text('claimed_by'),
    leaseUntil: integer('lease_until', { mode: 'number' }),
    createdAt: createdAt(),
    updatedAt: integer('updated_at', { mode: 'number' }).notNull().default(sql`0`),
    /** The source_name of the decisions about this job (the trigger, or the follow-up's conversation); computed, not stored. */
    decisionSourceName: text('decision_source_name').generatedAlwaysAs(
      sql`CASE type WHEN 'trigger_send' THEN payload ->> '$.trigger' ELSE payload ->> '$.conversationId' END`,
      { mode: 'virtual' },
    ),
    /** The reason of the 'scheduled' decision the job records (payload.scheduled.reason); computed, not stored. */
    scheduledReason: text('scheduled_reason').generatedAlwaysAs(sql`payload ->> '$.scheduled.reason'`, { mode: 'virtual' }),
  },
  (t) => [
    index('scheduled_jobs_due_idx').on(t.status, t.runAt),
    uniqueIndex('scheduled_jobs_key_unique').on(t.key),
    index('scheduled_jobs_contact_idx').on(t.contactId, t.status),
    // The 'scheduled' decisions jobs record, counted per trigger and reason (GET /api/v1/triggers) and per range
    // (the automation report) from the index alone, without parsing a payload.
    index('scheduled_jobs_decision_idx')
      .on(t.type, t.decisionSourceName, t.scheduledReason, t.createdAt)
      .where(sql`payload ->> '$.scheduled' IS NOT NULL`),
  ],
);

/** Every decision about an automated send, with its reason (GET /api/v1/contacts/:id/activity, trigger counts). */
export const deliveryDecisions = sqliteTable(
  'delivery_decisions',
  {
    id: text('id').primaryKey(),
    contactId: text('contact_id').references(() => contacts.id, { onDelete: 'cascade' }),
    jobId: text('job_id'),
    source: text('source', { enum: DELIVERY_SOURCES }).notNull(),
    /** The trigger's name, the broadcast's id, or the conversation id of an agent's follow-up. */
    sourceName: text('source_name').notNull(),
    /** 0 for a trigger's first message, 1.. for its follow-ups. */
    step: integer('step').notNull().default(0),
    template: text('template'),
    category: text('category', { enum: MESSAGE_CATEGORIES }),
    decision: text('decision', { enum: DELIVERY_DECISIONS }).notNull(),
    reason: text('reason', { enum: DELIVERY_REASONS }),
    /** A sentence for people: which cap and when the last send was, what stopped it, why it waits. */
    detail: text('detail'),
    /** scheduled: the due time; held: until when. */
    at: integer('at', { mode: 'number' }),
    messageId: text('message_id'),
    createdAt: createdAt(),
  },
  (t) => [
    index('delivery_decisions_contact_idx').on(t.contactId, t.createdAt),
    // created_at last: the automation report's range reads it from this index too (covering).
    index('delivery_decisions_source_idx').on(t.source, t.sourceName, t.decision, t.reason, t.createdAt),
  ],
);

/** Frequency caps: at most max_messages of a category to one contact per window. */
export const frequencyCaps = sqliteTable(
  'frequency_caps',
  {
    id: text('id').primaryKey(),
    category: text('category', { enum: MESSAGE_CATEGORIES }).notNull(),
    maxMessages: integer('max_messages').notNull(),
    windowSeconds: integer('window_seconds').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('frequency_caps_category_window_unique').on(t.category, t.windowSeconds)],
);

/** Saved segments: a named rule over contacts (src/domain/rules), compiled to SQL when previewed or used. */
export const segments = sqliteTable('segments', {
  id: text('id').primaryKey(),
  name: text('name').notNull().unique(),
  description: text('description'),
  /** The rule as written (YAML/JSON shape), re-parsed on use so it always means what the grammar says today. */
  rule: text('rule', { mode: 'json' }).$type<unknown>().notNull(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/**
 * Broadcasts: one message (a template, or inline Liquid subject/text/html) to a segment (saved, or an
 * inline rule), of a topic. Created as drafts; the last pre-flight result is kept with its time.
 */
export const broadcasts = sqliteTable('broadcasts', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  status: text('status', { enum: BROADCAST_STATUSES }).notNull().default('draft'),
  template: text('template'),
  subject: text('subject'),
  text: text('text'),
  html: text('html'),
  // No foreign key: deleting a segment must not fail; a draft whose segment is gone is refused when checked.
  segmentId: text('segment_id'),
  /** An inline rule (as written) instead of a saved segment. */
  rule: text('rule', { mode: 'json' }).$type<unknown>(),
  topic: text('topic'),
  preflightAt: integer('preflight_at', { mode: 'number' }),
  preflight: text('preflight', { mode: 'json' }).$type<unknown>(),
  acknowledgedWarnings: text('acknowledged_warnings', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
  /** When it was scheduled for: its first send (with local_time: the moment from which each recipient's next local time counts). */
  sendAt: integer('send_at', { mode: 'number' }),
  /** "09:00": each recipient's due time is the next such local time in their own zone (default_timezone for contacts without one). */
  localTime: text('local_time'),
  defaultTimezone: text('default_timezone'),
  /** At most this many recipients handed to the outbox per minute (null: as fast as it goes). */
  perMinute: integer('per_minute'),
  /** The broadcast_run job that may work on it now; a job that is not this one ends (an older run after pause and resume). */
  runJobId: text('run_job_id'),
  /** Planning goes through the segment by contact id: the last id planned, and when it was all planned. */
  planCursor: text('plan_cursor'),
  plannedAt: integer('planned_at', { mode: 'number' }),
  scheduledAt: integer('scheduled_at', { mode: 'number' }),
  finishedAt: integer('finished_at', { mode: 'number' }),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/**
 * A broadcast's recipients, one row per broadcast and contact (never planned twice): planned with a due time, then
 * queued (the message), skipped (the delivery rule, with its reason) or cancelled. Progress is counted from here.
 */
export const broadcastRecipients = sqliteTable(
  'broadcast_recipients',
  {
    broadcastId: text('broadcast_id')
      .notNull()
      .references(() => broadcasts.id, { onDelete: 'cascade' }),
    contactId: text('contact_id')
      .notNull()
      .references(() => contacts.id, { onDelete: 'cascade' }),
    status: text('status', { enum: BROADCAST_RECIPIENT_STATUSES }).notNull(),
    /** When it is due (moved by quiet hours, or held for an open conversation); the first due time counts the hold. */
    dueAt: integer('due_at', { mode: 'number' }).notNull(),
    firstDueAt: integer('first_due_at', { mode: 'number' }).notNull(),
    /** Why it was skipped, or why its due time moved (QuietHours, OpenConversation). */
    reason: text('reason', { enum: DELIVERY_REASONS }),
    detail: text('detail'),
    messageId: text('message_id'),
    /** When it was handed to the outbox (the throttle counts the last minute's). */
    releasedAt: integer('released_at', { mode: 'number' }),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.broadcastId, t.contactId] }),
    // Ends in contact_id: the next due recipients are read in (due_at, contact_id) order without sorting all planned ones.
    index('broadcast_recipients_due_ordered_idx').on(t.broadcastId, t.status, t.dueAt, t.contactId),
    index('broadcast_recipients_released_idx').on(t.broadcastId, t.releasedAt),
  ],
);

/** Small key/value settings owned by the app (schema-free knobs, e.g. demo data loaded). */
export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: integer('updated_at', { mode: 'number' }).notNull().default(sql`0`),
});

/**
 * What the reports read, kept per conversation as it happens (by the triggers of the report_facts migration, so
 * every write path keeps it right): when it opened and (last) closed, the customer's first message and the first
 * agent reply after it. A report is then one range scan over an index of this table.
 */
export const conversationFacts = sqliteTable(
  'conversation_facts',
  {
    conversationId: text('conversation_id')
      .primaryKey()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    openedAt: integer('opened_at', { mode: 'number' }).notNull(),
    /** When it was closed, while it is closed; null while open (a reopen clears it). */
    closedAt: integer('closed_at', { mode: 'number' }),
    /** The customer's first message (a person's email, not machine mail). */
    firstCustomerAt: integer('first_customer_at', { mode: 'number' }),
    /** The first agent email at or after firstCustomerAt, and who wrote it. */
    firstReplyAt: integer('first_reply_at', { mode: 'number' }),
    firstReplyAgentId: text('first_reply_agent_id'),
    /**
     * Set by the report_facts_response triggers from the two times (stored, so that indexes cover them): the day number
     * of the Monday of firstCustomerAt's week (UTC), firstReplyAt - firstCustomerAt, and its reply-time bucket
     * (src/domain/reports/response-buckets.ts); the last two null while unanswered.
     */
    firstCustomerWeek: integer('first_customer_week', { mode: 'number' }),
    responseMs: integer('response_ms', { mode: 'number' }),
    responseBucket: integer('response_bucket', { mode: 'number' }),
  },
  (t) => [
    // Covering, and in group order (no sorting): the first-response histograms, and with business hours every first
    // message and reply time, by week and by agent.
    index('conversation_facts_week_bucket_idx').on(t.firstCustomerWeek, t.responseBucket, t.firstCustomerAt, t.responseMs),
    index('conversation_facts_agent_bucket_idx').on(t.firstReplyAgentId, t.responseBucket, t.firstCustomerAt, t.responseMs),
    // The reply times of one bucket within a range: the few times an exact percentile needs.
    index('conversation_facts_bucket_idx').on(t.responseBucket, t.firstCustomerAt, t.responseMs),
    index('conversation_facts_opened_idx').on(t.openedAt),
    index('conversation_facts_closed_idx').on(t.closedAt),
  ],
);

/**
 * Per outbound email, what the reply-rate and deliverability reports count: its status and when it left, its
 * template and category, and whether a person replied within 7 days, the provider reported a complaint, or the
 * contact unsubscribed by link within 7 days (marketing). Kept by the report_facts triggers.
 */
export const messageFacts = sqliteTable(
  'message_facts',
  {
    messageId: text('message_id')
      .primaryKey()
      .references(() => messages.id, { onDelete: 'cascade' }),
    /** '' while the message is in no conversation (a bulk or broadcast send nobody answered yet). */
    conversationId: text('conversation_id').notNull(),
    contactId: text('contact_id').notNull(),
    createdAt: integer('created_at', { mode: 'number' }).notNull(),
    /** sent_at, else created_at: where the 7-day windows start. */
    leftAt: integer('left_at', { mode: 'number' }).notNull(),
    status: text('status', { enum: MESSAGE_STATUSES }).notNull(),
    /** '' for mail without a template. */
    template: text('template').notNull(),
    category: text('category', { enum: MESSAGE_CATEGORIES }).notNull(),
    replied: integer('replied').notNull().default(0),
    complained: integer('complained').notNull().default(0),
    unsubscribed: integer('unsubscribed').notNull().default(0),
  },
  (t) => [
    // Covering: the reply-rate and deliverability reports read nothing but this index.
    index('message_facts_report_idx').on(t.createdAt, t.status, t.template, t.category, t.replied, t.complained, t.unsubscribed),
    index('message_facts_conversation_idx').on(t.conversationId, t.leftAt),
    index('message_facts_contact_idx').on(t.contactId, t.leftAt),
  ],
);

/**
 * message_facts summed per UTC day, status, template and category (kept by the report_facts triggers): a report
 * over months reads a few thousand of these rows, and message_facts only for the partial days at its ends.
 */
export const messageDaily = sqliteTable(
  'message_daily',
  {
    /** Days since 1970-01-01 (UTC) of created_at. */
    day: integer('day').notNull(),
    status: text('status', { enum: MESSAGE_STATUSES }).notNull(),
    template: text('template').notNull(),
    category: text('category', { enum: MESSAGE_CATEGORIES }).notNull(),
    messages: integer('messages').notNull().default(0),
    replied: integer('replied').notNull().default(0),
    complained: integer('complained').notNull().default(0),
    unsubscribed: integer('unsubscribed').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.day, t.status, t.template, t.category] })],
);

/** Conversations opened and (still) closed per UTC day, from conversation_facts (kept by the report_facts triggers). */
export const conversationDaily = sqliteTable('conversation_daily', {
  day: integer('day').primaryKey(),
  opened: integer('opened').notNull().default(0),
  closed: integer('closed').notNull().default(0),
});
