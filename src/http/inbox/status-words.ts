// The words for the product's own values (a conversation's status, a message's delivery, a mail category) that
// several pages show: one table each, so that no page prints the raw value ("open", "delivered", "support").
import type {
  ConversationStatus,
  DeliveryDecisionKind,
  DeliveryReason,
  DeliverySource,
  MessageCategory,
  MessageStatus,
} from '../../domain/vocabulary.ts';
import type { MessageKey, Translate } from './i18n/catalog.ts';

export const STATUS_WORDS: Record<ConversationStatus, MessageKey> = {
  open: 'list.statusOpen',
  pending: 'list.statusPending',
  snoozed: 'list.statusSnoozed',
  closed: 'list.statusClosed',
};

export const DELIVERY_WORDS: Record<MessageStatus, MessageKey> = {
  queued: 'thread.deliveryQueued',
  sent: 'thread.deliverySent',
  delivered: 'thread.deliveryDelivered',
  bounced: 'thread.deliveryBounced',
  failed: 'thread.deliveryFailed',
  skipped: 'thread.deliverySkipped',
  received: 'thread.deliveryReceived',
};

const CATEGORY_WORDS: Record<MessageCategory, MessageKey> = {
  transactional: 'words.categoryTransactional',
  marketing: 'words.categoryMarketing',
  support: 'words.categorySupport',
};

/** A value of one of these tables in words; anything else (data written before a value was added) as it is. */
export function wordFor<K extends string>(table: Record<K, MessageKey>, value: unknown, t: Translate): string {
  return typeof value === 'string' && value in table ? t(table[value as K]) : typeof value === 'string' ? value : '';
}

export function categoryWord(value: string, t: Translate): string {
  return wordFor(CATEGORY_WORDS, value, t);
}

export const SOURCE_WORDS: Record<DeliverySource, MessageKey> = {
  trigger: 'words.sourceTrigger',
  agent_follow_up: 'words.sourceFollowUp',
  broadcast: 'words.sourceBroadcast',
};

export const DECISION_WORDS: Record<DeliveryDecisionKind, MessageKey> = {
  scheduled: 'contacts.decision_scheduled',
  sent: 'contacts.decision_sent',
  held: 'contacts.decision_held',
  skipped: 'contacts.decision_skipped',
  stopped: 'contacts.decision_stopped',
  failed: 'contacts.decision_failed',
};

/** Why an automated send was held, skipped or stopped (the broadcast page's labels, and the reasons only triggers have). */
export const REASON_WORDS: Record<DeliveryReason, MessageKey> = {
  QuietHours: 'broadcasts.reason_QuietHours',
  SendWindow: 'broadcasts.reason_SendWindow',
  OpenConversation: 'broadcasts.reason_OpenConversation',
  Suppressed: 'broadcasts.reason_Suppressed',
  NoMarketingConsent: 'broadcasts.reason_NoMarketingConsent',
  TopicUnsubscribed: 'broadcasts.reason_TopicUnsubscribed',
  NotInAudience: 'broadcasts.reason_NotInAudience',
  ConditionNotMet: 'broadcasts.reason_ConditionNotMet',
  DailyCap: 'broadcasts.reason_DailyCap',
  WeeklyCap: 'broadcasts.reason_WeeklyCap',
  TriggerLimit: 'words.reason_TriggerLimit',
  Duplicate: 'broadcasts.reason_Duplicate',
  NoAddress: 'broadcasts.reason_NoAddress',
  ContactGone: 'broadcasts.reason_ContactGone',
  HoldExpired: 'words.reason_HoldExpired',
  RenderFailed: 'broadcasts.reason_RenderFailed',
  Replied: 'words.reason_Replied',
  StopEvent: 'words.reason_StopEvent',
  Unsubscribed: 'words.reason_Unsubscribed',
  AgentAnswered: 'words.reason_AgentAnswered',
  FollowUpEvent: 'words.reason_FollowUpEvent',
  ConversationClosed: 'words.reason_ConversationClosed',
  CancelledByAgent: 'words.reason_CancelledByAgent',
  TriggerInactive: 'words.reason_TriggerInactive',
};
