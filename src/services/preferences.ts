// A contact's preferences (marketing consent, frequency, topics): read in their language, and changed
// with a consent-log entry per change, all in one batch. Used by the API, the preference page and the
// one-click unsubscribe link.
import type { Deps } from '../deps.ts';
import { AppError, type FieldIssue } from '../domain/errors.ts';
import {
  type ConsentDiff,
  isSubscribedTo,
  localizedText,
  type PreferenceChange,
  type Preferences,
  preferenceDiffs,
} from '../domain/people/preferences.ts';
import type { TopicSubscriptionState } from '../domain/vocabulary.ts';
import { insertConsentLogQuery } from '../store/consent-log.ts';
import { type ContactRow, getContactById, updateContactQuery } from '../store/contacts.ts';
import { type TopicChoice, topicChoicesOf, upsertTopicChoicesQuery } from '../store/topics.ts';

export interface TopicView {
  key: string;
  name: string;
  description: string | null;
  subscribed: boolean;
  /** The contact's own choice; null when the topic's default applies. */
  choice: TopicSubscriptionState | null;
  defaultSubscribed: boolean;
}

export interface PreferencesView {
  contact: ContactRow;
  marketing: ContactRow['marketingConsent'];
  frequency: ContactRow['marketingFrequency'];
  topics: TopicView[];
}

async function requireContact(deps: Pick<Deps, 'db'>, contactId: string): Promise<ContactRow> {
  const contact = await getContactById(deps.db, contactId);
  if (!contact) throw new AppError('NotFound', `no contact with id ${contactId}`);
  return contact;
}

const preferencesOf = (contact: ContactRow, choices: TopicChoice[]): Preferences => ({
  marketing: contact.marketingConsent,
  frequency: contact.marketingFrequency,
  topics: choices.map((c) => ({ key: c.topic.key, defaultSubscribed: c.topic.defaultSubscribed, own: c.status })),
});

function view(contact: ContactRow, choices: TopicChoice[], locale: string | null): PreferencesView {
  return {
    contact,
    marketing: contact.marketingConsent,
    frequency: contact.marketingFrequency,
    topics: choices.map(({ topic, status }) => ({
      key: topic.key,
      name: localizedText(topic.names, topic.name, locale),
      description: topic.description === null ? null : localizedText(topic.descriptions, topic.description, locale),
      subscribed: isSubscribedTo({ key: topic.key, defaultSubscribed: topic.defaultSubscribed, own: status }),
      choice: status,
      defaultSubscribed: topic.defaultSubscribed,
    })),
  };
}

/** The contact's preferences with topic names in `locale` (default: the contact's own). */
export async function getPreferences(deps: Pick<Deps, 'db'>, contactId: string, locale?: string | null): Promise<PreferencesView> {
  const contact = await requireContact(deps, contactId);
  return view(contact, await topicChoicesOf(deps.db, contactId), locale === undefined ? contact.locale : locale);
}

/** Applies the change; every actual change is logged with `source`. Unknown topic keys are a 400 naming each. */
export async function changePreferences(
  deps: Deps,
  contactId: string,
  change: PreferenceChange,
  source: string,
): Promise<{ preferences: PreferencesView; changes: ConsentDiff[] }> {
  const contact = await requireContact(deps, contactId);
  const choices = await topicChoicesOf(deps.db, contactId);
  const unknown: FieldIssue[] = Object.keys(change.topics ?? {})
    .filter((key) => !choices.some((c) => c.topic.key === key))
    .map((key) => ({
      field: `topics.${key}`,
      message: `expected a topic key: ${choices.map((c) => c.topic.key).join(', ') || 'none exist yet'}`,
    }));
  if (unknown.length) throw new AppError('ValidationFailed', unknown.map((i) => `${i.field}: no such topic`).join('; '), unknown);

  const diffs = preferenceDiffs(preferencesOf(contact, choices), change);
  if (diffs.length === 0) return { preferences: view(contact, choices, contact.locale), changes: [] };
  const now = deps.clock.now();
  const marketing = diffs.find((d) => d.subject === 'marketing');
  const frequency = diffs.find((d) => d.subject === 'frequency');
  const topicRows = diffs
    .filter((d) => d.subject === 'topic')
    .map((d) => ({
      contactId,
      topicId: choices.find((c) => c.topic.key === d.topic)!.topic.id,
      status: d.value as TopicSubscriptionState,
      source,
      updatedAt: now,
    }));
  await deps.db.batch([
    updateContactQuery(deps.db, contactId, {
      updatedAt: now,
      ...(marketing ? { marketingConsent: change.marketing!, consentSource: source, consentUpdatedAt: now } : {}),
      ...(frequency ? { marketingFrequency: change.frequency! } : {}),
    }),
    ...(topicRows.length ? [upsertTopicChoicesQuery(deps.db, topicRows)] : []),
    insertConsentLogQuery(
      deps.db,
      diffs.map((d) => ({ id: deps.ids.next('cst'), contactId, ...d, source, createdAt: now })),
    ),
  ]);
  deps.log.info('consent: changed', { contactId, source, changes: diffs.map((d) => `${d.topic ?? d.subject}=${d.value}`) });
  return { preferences: await getPreferences(deps, contactId, contact.locale), changes: diffs };
}
