// The delivery rules' vocabulary: what decide() (./decide.ts) is asked, what it knows, what it answers.
// Every automated send (triggers, their follow-ups, agents' follow-ups, broadcasts) passes decide()
// right before it is queued; the scheduler uses dueTime() when it schedules, so a due time already
// avoids quiet hours and send windows.
import type { SendWindow, TriggerLimit } from '../triggers/definition.ts';
import type {
  ConsentState,
  MarketingFrequency,
  DeliveryReason,
  DeliverySource,
  MessageCategory,
  SuppressionReason,
} from '../vocabulary.ts';

/** At most `max` messages of a category per `days` calendar days in the contact's time zone (1: today; 7: today and the 6 before). */
export interface LocalDayCap {
  category: MessageCategory;
  max: number;
  days: number;
}

export interface QuietHours {
  /** Minutes after local midnight; start > end means the window crosses midnight (21:00–08:00). */
  start: number;
  end: number;
}

export interface DeliveryPolicy {
  caps: LocalDayCap[];
  quietHours: QuietHours | null;
  /** The categories quiet hours hold (default marketing only: receipts and support answers are awaited). */
  quietHoursCategories: MessageCategory[];
  /** How long marketing waits for an open conversation to be answered before it is dropped. */
  openConversationHoldMs: number;
  /** How often a held send is looked at again while it waits for an answer. */
  openConversationRecheckMs: number;
}

/** What is about to be sent. */
export interface DeliveryRequest {
  source: DeliverySource;
  sourceName: string;
  category: MessageCategory;
  topic: string | null;
  /** An agent's own follow-up, in their name: a person's message is never capped. */
  byPerson: boolean;
  window: SendWindow | null;
  limit: TriggerLimit | null;
  /** The template's `audience:` rule held for this contact (true when the template has none). */
  inAudience: boolean;
  /** When this send was first due: the open-conversation hold counts from here. */
  firstDueAt: number;
}

/** What the store knows about the contact, loaded for one request (src/store/delivery-history.ts). */
export interface DeliveryHistory {
  email: string | null;
  timezone: string | null;
  marketingConsent: ConsentState;
  /** "less often" on the preference page: at most one marketing mail per 7 local days (absent: normal). */
  marketingFrequency?: MarketingFrequency | undefined;
  suppression: SuppressionReason | null;
  /** The contact's own choice for the request's topic, or the topic's default. */
  topicUnsubscribed: boolean;
  /** Send times of mail to this contact, per category, over at least the longest cap (queued, sent or delivered). */
  sentAt: { category: MessageCategory; at: number }[];
  /** Send times of this source (trigger) to this contact, over at least its limit. */
  sourceSentAt: number[];
  /** Since when a conversation of this contact waits for the business (null: none waits). */
  waitingSince: number | null;
}

export type Decision =
  | { action: 'send' }
  | { action: 'hold'; until: number; reason: Extract<DeliveryReason, 'QuietHours' | 'SendWindow' | 'OpenConversation'>; detail: string }
  | { action: 'skip'; reason: DeliveryReason; detail: string };

/** A due time moved out of quiet hours and into the send window, and why it moved (null: it did not). */
export interface DueTime {
  at: number;
  reason: Extract<DeliveryReason, 'QuietHours' | 'SendWindow'> | null;
  detail: string | null;
}

/**
 * A job's 'scheduled' decision, kept in the job's own payload (`payload.scheduled`) instead of a delivery_decisions
 * row beside it: the due time it was given and why, what it will send. Reads of decisions derive the row from it.
 */
export interface ScheduledNote {
  at: number;
  reason: DueTime['reason'];
  detail: string;
  template: string | null;
  category: MessageCategory | null;
}
