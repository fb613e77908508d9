// The words Samtal stores: every enumerated value of the data model, defined once. db/schema.ts
// builds its enum columns from these arrays; services, http and pages import them (and their
// types) from here instead of restating the literals.

export const CONSENT_STATES = ['subscribed', 'unsubscribed', 'unknown'] as const;
export type ConsentState = (typeof CONSENT_STATES)[number];

/** A contact's choice for one topic (no "unknown": no row means the topic's default applies). */
export const TOPIC_SUBSCRIPTION_STATES = ['subscribed', 'unsubscribed'] as const;
export type TopicSubscriptionState = (typeof TOPIC_SUBSCRIPTION_STATES)[number];

export const CONVERSATION_STATUSES = ['open', 'pending', 'snoozed', 'closed'] as const;
export type ConversationStatus = (typeof CONVERSATION_STATUSES)[number];

/** The statuses an agent sets directly; snoozed comes with a wake-up time and has its own action. */
export const SETTABLE_CONVERSATION_STATUSES = ['open', 'pending', 'closed'] as const satisfies readonly ConversationStatus[];
export type SettableConversationStatus = (typeof SETTABLE_CONVERSATION_STATUSES)[number];

export const MESSAGE_DIRECTIONS = ['in', 'out'] as const;
export type MessageDirection = (typeof MESSAGE_DIRECTIONS)[number];

export const MESSAGE_KINDS = ['email', 'note'] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

export const MESSAGE_AUTHORS = ['contact', 'agent', 'autoresponder', 'trigger', 'system'] as const;
export type MessageAuthor = (typeof MESSAGE_AUTHORS)[number];

/** Who may author outgoing mail: anyone but the contact. */
export const OUTBOUND_AUTHORS = ['agent', 'autoresponder', 'trigger', 'system'] as const satisfies readonly MessageAuthor[];
export type OutboundAuthor = (typeof OUTBOUND_AUTHORS)[number];

/** Authors that are Samtal itself rather than a person. */
export const AUTOMATED_AUTHORS = ['autoresponder', 'trigger', 'system'] as const satisfies readonly MessageAuthor[];

export const MESSAGE_STATUSES = ['queued', 'sent', 'delivered', 'bounced', 'failed', 'skipped', 'received'] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

/** What a send request ends as: queued for delivery, or kept but skipped (with a reason). */
export const SEND_OUTCOMES = ['queued', 'skipped'] as const satisfies readonly MessageStatus[];
export type SendOutcome = (typeof SEND_OUTCOMES)[number];

export const MESSAGE_CATEGORIES = ['transactional', 'marketing', 'support'] as const;
export type MessageCategory = (typeof MESSAGE_CATEGORIES)[number];

export const THREAD_RULES = ['reply_token', 'in_reply_to', 'references', 'subject', 'new', 'api'] as const;
export type ThreadRule = (typeof THREAD_RULES)[number];

export const CLASSIFICATIONS = ['message', 'bounce', 'auto_reply', 'complaint'] as const;
export type Classification = (typeof CLASSIFICATIONS)[number];

/**
 * Why a conversation was started beside an earlier one instead of joining it: an outsider
 * replied to it (flagged), a reply came long after it was closed, or the same subject came
 * back after it was closed.
 */
export const LINK_REASONS = ['outsider', 'closed_long_ago', 'same_subject'] as const;
export type LinkReason = (typeof LINK_REASONS)[number];

export const INBOUND_STATUSES = ['received', 'processed', 'failed', 'rejected'] as const;
export type InboundStatus = (typeof INBOUND_STATUSES)[number];

/** admin keys may also manage API keys (/api/v1/api-keys); standard keys use the rest of the API. */
export const API_KEY_ROLES = ['admin', 'standard'] as const;
export type ApiKeyRole = (typeof API_KEY_ROLES)[number];

export const OUTBOX_STATUSES = ['pending', 'sending', 'done', 'dead'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

export const AGENT_ROLES = ['admin', 'agent'] as const;
export type AgentRole = (typeof AGENT_ROLES)[number];

/** What an agent's open thread page reports: there, or typing in it. */
export const PRESENCE_STATES = ['viewing', 'typing'] as const;
export type PresenceState = (typeof PRESENCE_STATES)[number];

export const SUPPRESSION_REASONS = ['hard_bounce', 'complaint', 'unsubscribed', 'erased', 'manual'] as const;
export type SuppressionReason = (typeof SUPPRESSION_REASONS)[number];

export const ATTACHMENT_DISPOSITIONS = ['attachment', 'inline'] as const;
export type AttachmentDisposition = (typeof ATTACHMENT_DISPOSITIONS)[number];

export const SCHEDULED_JOB_STATUSES = ['pending', 'done', 'cancelled', 'failed'] as const;
export type ScheduledJobStatus = (typeof SCHEDULED_JOB_STATUSES)[number];

/** Not stored: whose conversations the inbox list shows. */
export const INBOX_VIEWS = ['mine', 'unassigned', 'all'] as const;
export type InboxView = (typeof INBOX_VIEWS)[number];

/**
 * What scheduled work is: a trigger's send (or one of its follow-ups), an agent's follow-up, a broadcast's run
 * (plans its segment in chunks, then hands due recipients to the outbox).
 */
export const SCHEDULED_JOB_TYPES = ['trigger_send', 'agent_follow_up', 'broadcast_run'] as const;
export type ScheduledJobType = (typeof SCHEDULED_JOB_TYPES)[number];

/**
 * A broadcast's life: a draft is edited and checked; scheduled (planned, nobody handed to the outbox yet), sending,
 * sent (every recipient handed to the outbox or skipped); paused and cancelled (final) on request.
 */
export const BROADCAST_STATUSES = ['draft', 'scheduled', 'sending', 'paused', 'sent', 'cancelled'] as const;
export type BroadcastStatus = (typeof BROADCAST_STATUSES)[number];

/**
 * One recipient of a broadcast: planned (waits for its due time), queued (handed to the outbox: its message says
 * what became of it), skipped (a delivery rule, with the reason), cancelled (the broadcast was, before it was sent).
 */
export const BROADCAST_RECIPIENT_STATUSES = ['planned', 'queued', 'skipped', 'cancelled'] as const;
export type BroadcastRecipientStatus = (typeof BROADCAST_RECIPIENT_STATUSES)[number];

/** Where an automated send comes from (delivery_decisions.source). */
export const DELIVERY_SOURCES = ['trigger', 'agent_follow_up', 'broadcast'] as const;
export type DeliverySource = (typeof DELIVERY_SOURCES)[number];

/**
 * Every decision about an automated send, stored with its reason: scheduled (for a due time), sent
 * (queued to the outbox), held (until a time, why), skipped (which rule), stopped (by what), failed.
 */
export const DELIVERY_DECISIONS = ['scheduled', 'sent', 'held', 'skipped', 'stopped', 'failed'] as const;
export type DeliveryDecisionKind = (typeof DELIVERY_DECISIONS)[number];

/** Why a send was held, skipped or stopped. Stored in delivery_decisions.reason; shown and counted by it. */
export const DELIVERY_REASONS = [
  // held
  'QuietHours',
  'SendWindow',
  'OpenConversation',
  // skipped
  'Suppressed',
  'NoMarketingConsent',
  'TopicUnsubscribed',
  'NotInAudience',
  'ConditionNotMet',
  'DailyCap',
  'WeeklyCap',
  'TriggerLimit',
  'Duplicate',
  'NoAddress',
  'ContactGone',
  'HoldExpired',
  'RenderFailed',
  // stopped
  'Replied',
  'StopEvent',
  'Unsubscribed',
  'AgentAnswered',
  'FollowUpEvent',
  'ConversationClosed',
  'CancelledByAgent',
  'TriggerInactive',
] as const;
export type DeliveryReason = (typeof DELIVERY_REASONS)[number];

/** How often a contact wants marketing mail: as the caps allow, or at most one a week ("less often"). */
export const MARKETING_FREQUENCIES = ['normal', 'weekly'] as const;
export type MarketingFrequency = (typeof MARKETING_FREQUENCIES)[number];

/** What a consent-log entry changed: the marketing choice, one topic, or the frequency. */
export const CONSENT_SUBJECTS = ['marketing', 'topic', 'frequency'] as const;
export type ConsentSubject = (typeof CONSENT_SUBJECTS)[number];

/** An FAQ entry's mode: auto may be sent without a person (when the matcher is sure); suggest is only offered to agents. */
export const FAQ_ENTRY_MODES = ['auto', 'suggest'] as const;
export type FaqEntryMode = (typeof FAQ_ENTRY_MODES)[number];

/** The autoresponder as a whole (FAQ_MODE): off, suggest (offer entries to agents), auto (may also answer). */
export const AUTORESPONDER_MODES = ['off', 'suggest', 'auto'] as const;
export type AutoresponderMode = (typeof AUTORESPONDER_MODES)[number];

/**
 * What the autoresponder did with a person's message (faq_decisions.decision): answered it, handed it
 * to a person (with suggestions), or failed (the message is handed off, never lost).
 */
export const FAQ_DECISIONS = ['answered', 'handoff', 'error'] as const;
export type FaqDecisionKind = (typeof FAQ_DECISIONS)[number];
