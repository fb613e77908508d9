// The words for the product's own values (a conversation's status, a message's delivery, a mail category) that
// several pages show: one table each, so that no page prints the raw value ("open", "delivered", "support").
import type { ConversationStatus, MessageCategory, MessageStatus } from '../../domain/vocabulary.ts';
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
