// Whether the autoresponder may look at a message at all, and whether it may answer it.
// A wrong automatic answer is far worse than a handoff: every rule here errs towards a person.

/** Local parts that never read their mail: no-reply names, bounce handlers, list robots (RFC 2142, RFC 2369 habits). */
const MACHINE_NAME = /^(?:no-?reply|do-?not-?reply|dont-?reply|mailer-?daemon|postmaster|bounces?|notifications?|listserv|majordomo)$/;
/** Mailman's and ezmlm's list robots: owner-LIST, LIST-owner, LIST-request, LIST-bounces. */
const LIST_ROBOT = /^(?:owner-.+|.+-(?:owner|request|bounces))$/;

/** Whether mail to this address would reach no person (a no-reply, bounce or list address). */
export function isMachineAddress(address: string): boolean {
  const at = address.lastIndexOf('@');
  const local = (at === -1 ? address : address.slice(0, at)).toLowerCase();
  const name = local.split('+')[0]!;
  return MACHINE_NAME.test(name.replace(/[_.]/g, '-')) || LIST_ROBOT.test(name);
}

export interface CandidateFacts {
  classification: string;
  /** The message or its conversation is flagged (an outsider, a reused Message-ID). */
  flagged: boolean;
  /** Relayed by a list, or a newsletter. */
  bulk: boolean;
  /** The message starts a new conversation. */
  opensConversation: boolean;
  /** It answers our automated mail (a trigger, a broadcast) that no agent followed up. */
  answersAutomatedSend: boolean;
  assigned: boolean;
  alreadyAnswered: boolean;
}

/**
 * Null when the autoresponder should look at the message, else why not. Only a person's own
 * message that opens a conversation or answers automated mail, with nobody on it yet, qualifies.
 */
export function whyNotCandidate(f: CandidateFacts): string | null {
  if (f.classification !== 'message') return `not a person's message (${f.classification})`;
  if (f.flagged) return 'flagged';
  if (f.bulk) return 'list or bulk mail';
  if (!f.opensConversation && !f.answersAutomatedSend) return 'continues a conversation';
  if (f.assigned) return 'an agent is assigned';
  if (f.alreadyAnswered) return 'already answered automatically in this conversation';
  return null;
}

export interface AnswerFacts {
  globalMode: 'suggest' | 'auto';
  entryMode: 'auto' | 'suggest';
  confidence: number;
  threshold: number;
  recipient: string;
  answersToContactInLastDay: number;
}

/** Null when the matched entry may be sent now, else why it is offered to a person instead. */
export function whyNotAnswer(f: AnswerFacts): string | null {
  if (f.confidence < f.threshold) return `confidence ${f.confidence.toFixed(2)} below ${f.threshold.toFixed(2)}`;
  if (f.globalMode !== 'auto') return 'FAQ_MODE is suggest: offered to agents only';
  if (f.entryMode !== 'auto') return 'the entry is suggest-only';
  if (isMachineAddress(f.recipient)) return `${f.recipient} is a no-reply or list address`;
  if (f.answersToContactInLastDay > 0) return 'the contact got an automatic answer in the last 24 hours';
  return null;
}
