// What the thread shows of the autoresponder: each decision (answered, handed off, error) with its
// reason, its suggestions rendered for this contact (to insert into the composer), and what agents
// taught it (marked wrong, questions added as examples).
import type { Deps } from '../deps.ts';
import { AppError } from '../domain/errors.ts';
import { errorFields } from '../log.ts';
import type { AgentRow } from '../store/agents.ts';
import type { ContactRow } from '../store/contacts.ts';
import type { ConversationRow } from '../store/conversations.ts';
import { getFaqDecision, listConversationFaqDecisions, markFaqDecisionWrong, type FaqDecisionRow } from '../store/faq-decisions.ts';
import { listFaqEntries } from '../store/faqs.ts';
import { getMessageById } from '../store/messages.ts';
import { addFaqExample, answerForContact } from './faqs.ts';

export interface FaqSuggestionView {
  faqId: string;
  confidence: number;
  /** The entry's answer for this contact, in the decision's locale where it has one; null when it is gone or disabled. */
  answer: { locale: string; text: string } | null;
}

export interface FaqDecisionView {
  decision: FaqDecisionRow;
  suggestions: FaqSuggestionView[];
}

export interface FaqThread {
  decisions: FaqDecisionView[];
  /** The entry that answered this conversation automatically, if one did. */
  answeredBy: FaqDecisionRow | null;
  /** Every entry id, for "add this question to …". */
  entryIds: string[];
}

export async function faqThread(deps: Deps, conversation: ConversationRow, contact: ContactRow): Promise<FaqThread> {
  const [decisions, entries] = await Promise.all([listConversationFaqDecisions(deps.db, conversation.id), listFaqEntries(deps.db)]);
  const byId = new Map(entries.map((e) => [e.id, e]));
  const scope = { id: conversation.id, subject: conversation.subject };
  const render = (faqId: string, locale: string | null) => {
    const entry = byId.get(faqId);
    if (!entry?.enabled) return null;
    try {
      return answerForContact(entry, contact, scope, [locale]);
    } catch (error) {
      deps.log.warn('faq: a suggestion could not be rendered', { faqId, ...errorFields(error) });
      return null;
    }
  };
  return {
    decisions: decisions.map((decision) => ({
      decision,
      suggestions: decision.suggestions.map((s) => ({ ...s, answer: render(s.faqId, decision.locale) })),
    })),
    answeredBy: decisions.find((d) => d.decision === 'answered') ?? null,
    entryIds: entries.map((e) => e.id),
  };
}

async function requireDecision(deps: Deps, conversationId: string, decisionId: string): Promise<FaqDecisionRow> {
  const decision = await getFaqDecision(deps.db, decisionId);
  if (!decision || decision.conversationId !== conversationId) throw new AppError('NotFound', `no FAQ decision ${decisionId} here`);
  return decision;
}

/** An agent says the automatic answer or the suggestion was wrong (shown in the thread, counted for tuning). */
export async function markFaqWrong(deps: Deps, agent: AgentRow, conversationId: string, decisionId: string): Promise<void> {
  await requireDecision(deps, conversationId, decisionId);
  await markFaqDecisionWrong(deps.db, decisionId, agent.id, deps.clock.now());
}

/** The customer's question becomes an example of the entry (in the decision's locale), for the next message on. */
export async function teachFaqQuestion(deps: Deps, conversationId: string, decisionId: string, faqId: string): Promise<void> {
  const decision = await requireDecision(deps, conversationId, decisionId);
  const message = await getMessageById(deps.db, decision.messageId);
  const question = message?.replyText ?? message?.text ?? '';
  await addFaqExample(deps, faqId, decision.locale ?? 'en', question);
}
