// Everything the inbox's contact page shows: the contact, their preferences and consent log, a page of
// their activity (messages, events, automated-send decisions) and their conversations. Changes made there:
// fields and attributes (updateContact) and consent or topics by an agent (logged as "agent:ID").
import type { Deps } from '../deps.ts';
import type { ContactUpdateInput } from '../domain/people/contact-input.ts';
import type { PreferenceChange } from '../domain/people/preferences.ts';
import type { ConsentLogRow } from '../store/consent-log.ts';
import type { ContactRow } from '../store/contacts.ts';
import { listConversationRows, type ConversationRow } from '../store/conversations.ts';
import { type ActivityPage, contactActivity } from './contactActivity.ts';
import { updateContact } from './contacts.ts';
import { getConsentLog } from './consentLog.ts';
import { changePreferences, getPreferences, type PreferencesView } from './preferences.ts';

const ACTIVITY_PAGE = 50;
const CONVERSATIONS_SHOWN = 50;

/** The consent log's source for a change an agent made: "agent:" and the agent's id. */
export const agentConsentSource = (agentId: string) => `agent:${agentId}`;

export interface ContactPageData {
  contact: ContactRow;
  preferences: PreferencesView;
  consentLog: ConsentLogRow[];
  activity: ActivityPage;
  conversations: ConversationRow[];
}

export async function contactPageData(deps: Deps, contactId: string, activityCursor?: string): Promise<ContactPageData> {
  const preferences = await getPreferences(deps, contactId, null);
  const [consentLog, activity, conversations] = await Promise.all([
    getConsentLog(deps, contactId),
    contactActivity(deps, contactId, { limit: ACTIVITY_PAGE, cursor: activityCursor }),
    listConversationRows(deps.db, { contactId, limit: CONVERSATIONS_SHOWN }),
  ]);
  return { contact: preferences.contact, preferences, consentLog, activity, conversations };
}

export function editContact(deps: Deps, contactId: string, input: ContactUpdateInput): Promise<ContactRow> {
  return updateContact(deps, contactId, input);
}

/** A consent or topic change made by an agent on the contact page. */
export async function changeConsentAsAgent(deps: Deps, contactId: string, agentId: string, change: PreferenceChange): Promise<void> {
  await changePreferences(deps, contactId, change, agentConsentSource(agentId));
}
