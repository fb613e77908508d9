// answerWithFaq: the autoresponder's step in the inbound pipeline, after the message is stored.
// For a person's message that opens a conversation (or answers our automated mail) with nobody on
// it yet, the matcher decides: answer with an FAQ entry (queued through the outbox, threaded,
// Auto-Submitted: auto-replied, at most once per conversation and per contact a day), or hand off
// to a person with the best suggestions. Every decision is stored. Nothing here may lose or fail the
// message: it is committed before this step runs, and any error is logged and stored as 'error'.
import type { Deps } from '../deps.ts';
import { answerLocale, renderAnswer } from '../domain/autoresponder/answer.ts';
import { type CandidateFacts, whyNotAnswer, whyNotCandidate } from '../domain/autoresponder/eligibility.ts';
import { isListMail } from '../domain/faq/match.ts';
import { automaticAnswerText } from '../domain/autoresponder/notice.ts';
import { isAppError } from '../domain/errors.ts';
import { previewLine } from '../domain/inbox/preview.ts';
import { AUTOMATED_AUTHORS } from '../domain/vocabulary.ts';
import { errorFields } from '../log.ts';
import { getContactById, type ContactRow } from '../store/contacts.ts';
import { conversationGainedMessageQuery, type ConversationRow } from '../store/conversations.ts';
import {
  autoresponderFacts,
  countAnswersToContactSince,
  hasAutomaticAnswer,
  insertFaqDecision,
  insertFaqDecisionQuery,
  type AutoresponderFacts,
  type NewFaqDecision,
} from '../store/faq-decisions.ts';
import { insertMessagesQuery, threadMessageIds, type NewMessage } from '../store/messages.ts';
import { insertOutboxJobsQuery } from '../store/outbox.ts';
import { replySubject } from './agentReply.ts';
import { withFaqSettings } from './inboxSettings.ts';
import { enabledFaqEntries, matchFaq, type FaqMatch } from './faqMatching.ts';
import type { FaqEntry } from '../domain/faq/entry.ts';
import { assertMayMail, composeFor, outboundMessageRow, outboxJob } from './sendMessage.ts';

const AUTOMATED = new Set<string>(AUTOMATED_AUTHORS);
/** A previous email the autoresponder may answer a reply to (an automated send), before it is read. */
const MAYBE_AUTOMATED = { direction: 'out', author: 'trigger' } as const;
/** How many suggestions a handoff keeps for the agent. */
const SUGGESTIONS = 3;

export interface StoredInbound {
  message: NewMessage & { id: string; conversationId: string };
  contact: ContactRow;
  /** The mail's headers (postal-mime's, keys lower-cased): lists and bulk mail are never answered. */
  headers: readonly { key: string; value: string }[];
  /** Whether the message started its conversation. */
  opensConversation: boolean;
  /** The conversation as the pipeline left it: most messages are ruled out on this alone, with nothing read. */
  conversation: AutoresponderConversation;
  /** The inbox settings' version, when the pipeline read it already (see inboxSettingsAt). */
  settingsVersion?: string | null | undefined;
}

export type AutoresponderConversation = Pick<ConversationRow, 'id' | 'subject' | 'flag' | 'assigneeId' | 'lastAgentMessageAt'>;

export type FaqOutcome = { decision: 'none'; why: string } | { decision: NewFaqDecision['decision']; faqId: string | null; reason: string };

export async function answerWithFaq(base: Deps, inbound: StoredInbound): Promise<FaqOutcome> {
  const { message } = inbound;
  if (message.classification !== 'message') return { decision: 'none', why: `not a person's message (${message.classification})` };
  // Cheapest first: what the pipeline knows rules most messages out with nothing read (a reply in a conversation
  // an agent is on). The previous email and an earlier automatic answer are assumed possible, then read.
  const known = whyNotCandidate(candidateFacts(inbound, inbound.conversation, { previous: MAYBE_AUTOMATED, answered: false }));
  if (known) return { decision: 'none', why: known };
  // The business's settings (/inbox/settings) win over FAQ_MODE and FAQ_MIN_CONFIDENCE.
  const { deps, contactLimitMs } = await withFaqSettings(base, inbound.settingsVersion);
  if (deps.config.faqMode === 'off') return { decision: 'none', why: 'FAQ_MODE is off' };
  try {
    const facts = await autoresponderFacts(deps.db, message.conversationId, message.id);
    if (!facts) return { decision: 'none', why: 'no conversation' };
    const conversation = { ...inbound.conversation, ...facts };
    const why = whyNotCandidate(candidateFacts(inbound, conversation, facts));
    if (why) return { decision: 'none', why };
    const entries = await enabledFaqEntries(deps, facts.faqVersion);
    if (entries.length === 0) return { decision: 'none', why: 'no FAQ entries' };
    return await decide(deps, inbound, conversation, entries, contactLimitMs);
  } catch (error) {
    deps.log.error('faq: the autoresponder failed; handed to a person', { messageId: message.id, ...errorFields(error) });
    const reason = `autoresponder error: ${error instanceof Error ? error.message : String(error)}`.slice(0, 500);
    await storeQuietly(deps, decisionRow(deps, inbound, { decision: 'error', reason }));
    return { decision: 'error', faqId: null, reason };
  }
}

function candidateFacts(
  inbound: StoredInbound,
  conversation: AutoresponderConversation,
  facts: Pick<AutoresponderFacts, 'previous' | 'answered'>,
): CandidateFacts {
  const { message, opensConversation } = inbound;
  const previous = facts.previous;
  return {
    classification: message.classification ?? 'message',
    flagged: Boolean(message.flag || conversation.flag),
    bulk: isListMail(inbound.headers),
    opensConversation,
    answersAutomatedSend:
      !opensConversation &&
      conversation.lastAgentMessageAt === null &&
      previous?.direction === 'out' &&
      AUTOMATED.has(previous.author) &&
      previous.author !== 'autoresponder',
    assigned: conversation.assigneeId !== null,
    alreadyAnswered: facts.answered,
  };
}

async function decide(
  deps: Deps,
  inbound: StoredInbound,
  conversation: AutoresponderConversation,
  entries: readonly FaqEntry[],
  contactLimitMs: number,
): Promise<FaqOutcome> {
  const { message, contact } = inbound;
  const match = await matchFaq(deps, entries, {
    subject: message.subject ?? null,
    text: message.replyText ?? message.text ?? '',
    classification: { kind: message.classification ?? 'message' },
    fromList: isListMail(inbound.headers),
    contactLocale: contact.locale,
  });
  const entry = match.faqId ? entries.find((e) => e.id === match.faqId) : undefined;
  const suggestions = topSuggestions(match);
  const handoff = async (reason: string): Promise<FaqOutcome> => {
    await insertFaqDecision(deps.db, decisionRow(deps, inbound, { decision: 'handoff', reason, match, suggestions }));
    return { decision: 'handoff', faqId: match.faqId, reason };
  };
  if (match.decision !== 'answer' || !entry) return handoff(match.reason);
  const notNow = whyNotAnswer({
    globalMode: deps.config.faqMode === 'auto' ? 'auto' : 'suggest',
    entryMode: entry.mode,
    confidence: match.confidence,
    threshold: match.threshold,
    recipient: contact.email,
    answersToContactInLastDay: await countAnswersToContactSince(deps.db, contact.id, deps.clock.now() - contactLimitMs),
  });
  if (notNow) return handoff(notNow);
  try {
    await sendAnswer(deps, inbound, conversation, entry, match);
  } catch (error) {
    // Refused mail (suppressed, capped) or a second answer racing this one: a person takes it.
    if (isAppError(error)) return handoff(`not sent: ${error.message}`);
    if (await hasAutomaticAnswer(deps.db, conversation.id)) return handoff('already answered automatically in this conversation');
    throw error;
  }
  return { decision: 'answered', faqId: entry.id, reason: match.reason };
}

/** The answer, its outbox job, the conversation set pending and the decision: one batch. */
async function sendAnswer(deps: Deps, inbound: StoredInbound, conversation: AutoresponderConversation, entry: FaqEntry, match: FaqMatch) {
  // Read again: the pipeline may have just named the contact from the mail.
  const contact = (await getContactById(deps.db, inbound.contact.id)) ?? inbound.contact;
  const locale = answerLocale(entry.answers, [match.locale, contact.locale])!;
  const scope = { contact, conversation: { id: conversation.id, subject: conversation.subject } };
  const text = automaticAnswerText(renderAnswer(entry.answers[locale]!, locale, scope), locale);
  const input = {
    contactId: contact.id,
    conversationId: conversation.id,
    subject: replySubject(conversation.subject || inbound.message.subject || ''),
    text,
    category: 'support' as const,
    author: 'autoresponder' as const,
    locale,
  };
  const { composed, links } = await composeFor(deps, input, contact);
  await assertMayMail(deps, contact, composed.category, composed.topic);
  const now = deps.clock.now();
  const thread = await threadMessageIds(deps.db, conversation.id);
  const row = await outboundMessageRow(deps, {
    input,
    contact,
    composed,
    links,
    conversationId: conversation.id,
    thread,
    now,
    status: 'queued',
  });
  // RFC 3834: an answer to a person's message is auto-replied (not auto-generated), so their tools know.
  row.headers = { ...row.headers, 'Auto-Submitted': 'auto-replied' };
  const decision = decisionRow(deps, inbound, {
    decision: 'answered',
    reason: match.reason,
    match: { ...match, locale },
    suggestions: topSuggestions(match),
    replyMessageId: row.id,
    now,
  });
  await deps.db.batch([
    conversationGainedMessageQuery(deps.db, conversation.id, {
      status: 'pending',
      lastMessageAt: now,
      preview: previewLine(row.text),
      waitingSince: null,
      firstResponseDueAt: null,
      updatedAt: now,
    }),
    insertMessagesQuery(deps.db, [row]),
    insertOutboxJobsQuery(deps.db, [outboxJob(deps, row.id, now)]),
    insertFaqDecisionQuery(deps.db, decision),
  ]);
  deps.log.info('faq: answered automatically', { messageId: inbound.message.id, faqId: entry.id, confidence: match.confidence, locale });
}

type Suggestion = { faqId: string; confidence: number };

function topSuggestions(match: FaqMatch): Suggestion[] {
  return match.candidates.slice(0, SUGGESTIONS).map((c) => ({ faqId: c.faqId, confidence: c.confidence }));
}

function decisionRow(
  deps: Deps,
  inbound: StoredInbound,
  d: {
    decision: NewFaqDecision['decision'];
    reason: string;
    match?: FaqMatch;
    suggestions?: Suggestion[];
    replyMessageId?: string;
    now?: number;
  },
): NewFaqDecision {
  return {
    id: deps.ids.next('fqd'),
    messageId: inbound.message.id,
    conversationId: inbound.message.conversationId,
    contactId: inbound.contact.id,
    decision: d.decision,
    faqId: d.match?.faqId ?? null,
    confidence: d.match?.confidence ?? null,
    locale: d.match?.locale ?? null,
    reason: d.reason,
    suggestions: d.suggestions ?? [],
    replyMessageId: d.replyMessageId ?? null,
    createdAt: d.now ?? deps.clock.now(),
  };
}

/** Storing the error decision must not fail the message either (the database may be what failed). */
async function storeQuietly(deps: Deps, row: NewFaqDecision): Promise<void> {
  try {
    await insertFaqDecision(deps.db, row);
  } catch (error) {
    deps.log.error('faq: could not store the error decision', { messageId: row.messageId, ...errorFields(error) });
  }
}
