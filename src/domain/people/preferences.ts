// A contact's mail preferences: marketing consent, "less often", and their choice per topic. Pure:
// what a requested change actually changes (each change is one consent-log entry), and topic names
// in the contact's language.
import type { ConsentState, ConsentSubject, MarketingFrequency, TopicSubscriptionState } from '../vocabulary.ts';

export interface TopicPreference {
  key: string;
  defaultSubscribed: boolean;
  /** The contact's own choice; null: the topic's default applies. */
  own: TopicSubscriptionState | null;
}

export interface Preferences {
  marketing: ConsentState;
  frequency: MarketingFrequency;
  topics: TopicPreference[];
}

export interface PreferenceChange {
  marketing?: Exclude<ConsentState, 'unknown'> | undefined;
  frequency?: MarketingFrequency | undefined;
  topics?: Record<string, TopicSubscriptionState> | undefined;
}

export interface ConsentDiff {
  subject: ConsentSubject;
  topic: string | null;
  value: string;
  previous: string | null;
}

export const isSubscribedTo = (topic: TopicPreference): boolean =>
  (topic.own ?? (topic.defaultSubscribed ? 'subscribed' : 'unsubscribed')) === 'subscribed';

/**
 * What the change changes, in order: marketing, frequency, then topics by key. Asking for what already
 * holds changes nothing; a topic set to what its default gives is still recorded when the contact had no
 * own choice (it becomes theirs, and a later change of the default no longer moves it).
 */
export function preferenceDiffs(current: Preferences, change: PreferenceChange): ConsentDiff[] {
  const diffs: ConsentDiff[] = [];
  if (change.marketing !== undefined && change.marketing !== current.marketing) {
    diffs.push({ subject: 'marketing', topic: null, value: change.marketing, previous: current.marketing });
  }
  if (change.frequency !== undefined && change.frequency !== current.frequency) {
    diffs.push({ subject: 'frequency', topic: null, value: change.frequency, previous: current.frequency });
  }
  diffs.push(...topicDiffs(current.topics, change.topics ?? {}));
  return diffs;
}

/** What setting these topic choices changes, by key (see preferenceDiffs); unknown keys change nothing. */
export function topicDiffs(current: TopicPreference[], wantedByKey: Record<string, TopicSubscriptionState>): ConsentDiff[] {
  const diffs: ConsentDiff[] = [];
  for (const key of Object.keys(wantedByKey).sort()) {
    const wanted = wantedByKey[key]!;
    const topic = current.find((t) => t.key === key);
    if (!topic || topic.own === wanted) continue;
    diffs.push({ subject: 'topic', topic: key, value: wanted, previous: topic.own });
  }
  return diffs;
}

/** The text for a locale: exact tag, then its language ("sv-SE" → "sv"), then the fallback. */
export function localizedText(texts: Record<string, string>, fallback: string, locale: string | null): string {
  if (!locale) return fallback;
  const lower = Object.fromEntries(Object.entries(texts).map(([k, v]) => [k.toLowerCase(), v]));
  const tag = locale.toLowerCase();
  const parts = tag.split('-');
  for (let n = parts.length; n > 0; n--) {
    const text = lower[parts.slice(0, n).join('-')];
    if (text) return text;
  }
  return fallback;
}

export interface PreferenceForm {
  marketing: boolean;
  lessOften: boolean;
  /** Keys of the topics left ticked. */
  topics: string[];
}

/** The change a submitted preference form asks for: only what differs from what the contact gets now. */
export function changeFromForm(current: Preferences, form: PreferenceForm): PreferenceChange {
  const topics: Record<string, TopicSubscriptionState> = {};
  for (const topic of current.topics) {
    const ticked = form.topics.includes(topic.key);
    if (ticked !== isSubscribedTo(topic)) topics[topic.key] = ticked ? 'subscribed' : 'unsubscribed';
  }
  const marketing = form.marketing ? 'subscribed' : 'unsubscribed';
  return {
    ...(marketing !== current.marketing && !(current.marketing === 'unknown' && !form.marketing) ? { marketing } : {}),
    frequency: form.lessOften ? 'weekly' : 'normal',
    ...(Object.keys(topics).length ? { topics } : {}),
  };
}
