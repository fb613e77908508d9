// One-click unsubscribe (RFC 8058) and the preference page behind signed links. A link made for mail
// of a topic unsubscribes from that topic only; a link without one (or for a topic deleted since)
// stops all marketing. Every change goes through changePreferences, so it is in the consent log.
import type { Deps } from '../deps.ts';
import { AppError } from '../domain/errors.ts';
import { changeFromForm, localizedText, type PreferenceChange, type PreferenceForm } from '../domain/people/preferences.ts';
import { verifyUnsubscribeToken } from '../domain/outbound/unsubscribe-token.ts';
import { getContactById, type ContactRow } from '../store/contacts.ts';
import { findTopicByKey } from '../store/topics.ts';
import { changePreferences, getPreferences, type PreferencesView } from './preferences.ts';

export interface UnsubscribeLink {
  contact: ContactRow;
  /** The topic the link was made for, when it still exists. */
  topic: { key: string; name: string } | null;
}

export async function resolveUnsubscribeToken(deps: Deps, token: string): Promise<UnsubscribeLink> {
  const target = await verifyUnsubscribeToken(deps.config.secretKey, token);
  const contact = target ? await getContactById(deps.db, target.contactId) : undefined;
  if (!contact)
    throw new AppError('NotFound', 'this unsubscribe link is not valid (it may have been altered, or the contact no longer exists)');
  const topic = target?.topic ? await findTopicByKey(deps.db, target.topic) : undefined;
  return { contact, topic: topic ? { key: topic.key, name: localizedText(topic.names, topic.name, contact.locale) } : null };
}

export async function contactForUnsubscribeToken(deps: Deps, token: string): Promise<ContactRow> {
  return (await resolveUnsubscribeToken(deps, token)).contact;
}

/** What following the link's one click does: leave its topic, or all marketing. */
export async function unsubscribeByToken(
  deps: Deps,
  token: string,
  source: string,
  options: { all?: boolean } = {},
): Promise<UnsubscribeLink> {
  const link = await resolveUnsubscribeToken(deps, token);
  const topic = options.all ? null : link.topic;
  const change: PreferenceChange = topic ? { topics: { [topic.key]: 'unsubscribed' } } : { marketing: 'unsubscribed' };
  await changePreferences(deps, link.contact.id, change, source);
  return { contact: (await getContactById(deps.db, link.contact.id))!, topic };
}

/** The preference page's form, for the contact the link names: only what the contact changed is changed. */
export async function submitPreferenceForm(deps: Deps, token: string, form: PreferenceForm, source: string): Promise<PreferencesView> {
  const { contact } = await resolveUnsubscribeToken(deps, token);
  const current = await getPreferences(deps, contact.id);
  const change = changeFromForm(
    {
      marketing: current.marketing,
      frequency: current.frequency,
      topics: current.topics.map((t) => ({ key: t.key, defaultSubscribed: t.defaultSubscribed, own: t.choice })),
    },
    form,
  );
  return (await changePreferences(deps, contact.id, change, source)).preferences;
}
