// Which conversation an inbound message belongs to, given what the store found.
//
// Order: a verified reply token; In-Reply-To; References (each naming a conversation, the
// "reference"); then the same contact's conversation with the same normalized subject; else
// a new conversation.
//
// Who may join (Discourse's rule): a reference is followed only for the conversation's
// contact or someone who was addressed (To/Cc) on the referenced message — for a token, on
// any message of the conversation. Anyone else starts their own conversation, flagged and
// linked to the one they tried to reach, which is left untouched. A reference to a
// conversation closed more than 90 days ago, and a subject match on a conversation closed
// more than 7 days ago (or quiet for 30), also start a new conversation that links to it.
// The subject rule never joins on a generic subject ("hi", "question", "(no subject)" …).
import type { ConversationStatus, LinkReason, ThreadRule as StoredThreadRule } from '../../vocabulary.ts';
import { isGenericSubject } from './generic-subject.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
/** A subject match joins only a conversation with activity in this window … */
export const SUBJECT_THREAD_WINDOW_MS = 30 * DAY_MS;
/** … that is not closed, or was closed at most this long ago. */
export const SUBJECT_REOPEN_WINDOW_MS = 7 * DAY_MS;
/** A reply (token, In-Reply-To, References) to a conversation closed longer ago starts a new one. */
export const REPLY_REOPEN_WINDOW_MS = 90 * DAY_MS;

/** The rules threading decides by; 'api' is for messages an API call placed in a conversation. */
export type ThreadRule = Exclude<StoredThreadRule, 'api'>;
export type ReferenceRule = Extract<ThreadRule, 'reply_token' | 'in_reply_to' | 'references'>;

/** What threading needs to know of a stored conversation. */
export interface ConversationFacts {
  id: string;
  contactId: string;
  status: ConversationStatus;
  lastMessageAt: number;
  /** When it was last closed; null for rows closed before this was kept (lastMessageAt stands in). */
  closedAt: number | null;
}

/** A conversation a token or a Message-ID header named. */
export interface Reference {
  rule: ReferenceRule;
  conversation: ConversationFacts;
  /** The sender was in To/Cc of the referenced message (token: of a message of the conversation), or wrote it. */
  senderAddressed: boolean;
}

export interface ThreadFacts {
  now: number;
  sender: { contactId: string; address: string };
  /** The first of token, In-Reply-To, References that named a stored conversation. */
  reference: Reference | null;
  subject: string | null;
  /** The sender's own conversations with this normalized subject, latest activity first. */
  subjectCandidates: readonly ConversationFacts[];
}

export interface ThreadDecision {
  rule: ThreadRule;
  /** The conversation to join; null for a new one. */
  conversationId: string | null;
  /** The earlier conversation this one was split off from, and why (for an outsider: the one they tried to reach). */
  link: { conversationId: string; reason: LinkReason } | null;
  /** Why an agent should look twice: set on the message and on the conversation it goes to. */
  flag: string | null;
}

const REFERENCE_WORDS: Record<ReferenceRule, string> = {
  reply_token: 'the reply address',
  in_reply_to: 'In-Reply-To',
  references: 'References',
};

function closedSince(conversation: ConversationFacts): number | null {
  return conversation.status === 'closed' ? (conversation.closedAt ?? conversation.lastMessageAt) : null;
}

function closedLongerThan(conversation: ConversationFacts, windowMs: number, now: number): boolean {
  const since = closedSince(conversation);
  return since !== null && now - since > windowMs;
}

function subjectMayJoin(conversation: ConversationFacts, now: number): boolean {
  return now - conversation.lastMessageAt <= SUBJECT_THREAD_WINDOW_MS && !closedLongerThan(conversation, SUBJECT_REOPEN_WINDOW_MS, now);
}

/** Whether the sender may join the conversation a reference names: its contact, or someone addressed on the message. */
export function mayFollow(reference: Reference, senderContactId: string): boolean {
  return reference.conversation.contactId === senderContactId || reference.senderAddressed;
}

export function outsiderFlag(reference: Reference, senderAddress: string): string {
  const what = `${REFERENCE_WORDS[reference.rule]} of conversation ${reference.conversation.id}`;
  return `${senderAddress} used ${what} without being addressed in it`;
}

export function chooseThread(facts: ThreadFacts): ThreadDecision {
  const { reference, now } = facts;
  let outsider: Reference | null = null;
  if (reference) {
    const target = reference.conversation;
    if (mayFollow(reference, facts.sender.contactId)) {
      if (closedLongerThan(target, REPLY_REOPEN_WINDOW_MS, now)) {
        return { rule: 'new', conversationId: null, link: { conversationId: target.id, reason: 'closed_long_ago' }, flag: null };
      }
      return { rule: reference.rule, conversationId: target.id, link: null, flag: null };
    }
    // Not theirs to join: go on as if the reference were not there, among their own conversations.
    outsider = reference;
  }
  const flag = outsider ? outsiderFlag(outsider, facts.sender.address) : null;
  const outsiderLink = outsider ? { conversationId: outsider.conversation.id, reason: 'outsider' as const } : null;
  if (isGenericSubject(facts.subject)) return { rule: 'new', conversationId: null, link: outsiderLink, flag };
  const candidates = facts.subjectCandidates.filter((c) => c.contactId === facts.sender.contactId);
  const joinable = candidates.find((c) => subjectMayJoin(c, now));
  if (joinable) return { rule: 'subject', conversationId: joinable.id, link: outsiderLink, flag };
  const earlier = candidates[0];
  const link = outsiderLink ?? (earlier ? { conversationId: earlier.id, reason: 'same_subject' as const } : null);
  return { rule: 'new', conversationId: null, link, flag };
}
