// Which conversation an inbound message belongs to, given what the store found.
// Order (DESIGN.md): verified reply token; In-Reply-To; References; same contact and
// normalized subject within 30 days; else a new conversation.
export const SUBJECT_THREAD_WINDOW_MS = 30 * 24 * 60 * 60 * 1000;

export type ThreadRule = 'reply_token' | 'in_reply_to' | 'references' | 'subject' | 'new';

export interface ThreadFacts {
  /** The conversation a verified reply token names, with whether the sender belongs to it. */
  token: { conversationId: string; senderIsParticipant: boolean } | null;
  inReplyTo: string | null;
  references: string | null;
  subject: string | null;
}

export interface ThreadDecision {
  rule: ThreadRule;
  conversationId: string | null;
  /** Set when the choice needs a human's eye. */
  flag: string | null;
}

export function chooseThread(facts: ThreadFacts, senderAddress: string): ThreadDecision {
  if (facts.token) {
    return {
      rule: 'reply_token',
      conversationId: facts.token.conversationId,
      flag: facts.token.senderIsParticipant ? null : `reply token used by ${senderAddress}, who is not a participant of this conversation`,
    };
  }
  if (facts.inReplyTo) return { rule: 'in_reply_to', conversationId: facts.inReplyTo, flag: null };
  if (facts.references) return { rule: 'references', conversationId: facts.references, flag: null };
  if (facts.subject) return { rule: 'subject', conversationId: facts.subject, flag: null };
  return { rule: 'new', conversationId: null, flag: null };
}
