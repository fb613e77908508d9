// What the inbox pages read.
import { toBase64 } from '../domain/encoding.ts';
import type { Deps } from '../deps.ts';
import { decodeCursor, encodeCursor } from '../domain/cursor.ts';
import { sanitizeEmailHtml, type SanitizedHtml } from '../domain/inbox/email-html.ts';
import { AppError, isAppError } from '../domain/errors.ts';
import { listAgentRows, type AgentRow } from '../store/agents.ts';
import { listAttachmentMeta } from '../store/attachments.ts';
import { getConversationById, listConversationRows, type ConversationRow } from '../store/conversations.ts';
import { countByStatus, inboxVersion, listInboxRows, positionOf, type AssigneeFilter, type InboxRow } from '../store/inbox.ts';
import { getMessageById } from '../store/messages.ts';
import { getConversationThread, type ConversationThread, type ThreadPageQuery } from './conversations.ts';
import { listFollowUps, type FollowUpView } from './followUps.ts';
import { type DeliveryDecisionRow, listDeliveryDecisionsForContact } from '../store/delivery-decisions.ts';
import { getAttachmentContent } from './attachments.ts';
import { faqThread, type FaqThread } from './faqThread.ts';
import type { ConversationStatus, InboxView } from '../domain/vocabulary.ts';
import { countUnread, unreadAmong } from '../store/conversation-reads.ts';
import { tagsOfConversations } from '../store/conversation-tags.ts';
import { conversationTags, suggestTags } from './conversationTags.ts';

export const INBOX_PAGE_SIZE = 50;
/** How many automated-mail decisions the contact panel shows; the API has them all (…/activity). */
const AUTOMATED_IN_PANEL = 8;
const MAX_INLINE_IMAGE_BYTES = 2 * 1024 * 1024;

/** A list row as this agent sees it: unread or not, with its tags. */
export interface InboxListRow extends InboxRow {
  unread: boolean;
  tags: string[];
}

export interface InboxPage {
  rows: InboxListRow[];
  /** Unread conversations for this agent among the open ones of this view (and tag), for the tab title. */
  unread: number;
  nextCursor: string | null;
  counts: Record<ConversationStatus, number>;
  agents: AgentRow[];
  version: number;
}

function encodeInboxCursor(row: InboxRow): string {
  const p = positionOf(row);
  // Waiting positions are encoded as even numbers, the rest as odd, in one opaque cursor.
  return encodeCursor(p.position * 2 + (p.waiting ? 0 : 1), p.id);
}

export async function listInbox(
  deps: Deps,
  agent: AgentRow,
  query: { status: ConversationStatus; view: InboxView; cursor?: string | undefined; tag?: string | undefined },
  /** The in-place list refresh shows no tabs, so it skips counting them. */
  options: { counts: boolean } = { counts: true },
): Promise<InboxPage> {
  const assignee: AssigneeFilter =
    query.view === 'mine' ? { kind: 'agent', agentId: agent.id } : query.view === 'unassigned' ? { kind: 'unassigned' } : { kind: 'all' };
  const decoded = query.cursor ? decodeCursor(query.cursor) : undefined;
  const after = decoded ? { waiting: decoded.position % 2 === 0, position: Math.floor(decoded.position / 2), id: decoded.id } : undefined;
  const [rows, counts, agents, version, unread] = await Promise.all([
    listInboxRows(deps.db, { status: query.status, assignee, limit: INBOX_PAGE_SIZE + 1, after, tag: query.tag }),
    options.counts ? countByStatus(deps.db, assignee, 1000, query.tag) : { open: 0, pending: 0, snoozed: 0, closed: 0 },
    listAgentRows(deps.db),
    inboxVersion(deps.db),
    countUnread(deps.db, agent.id, { status: 'open', assignee, tag: query.tag }, 1000),
  ]);
  const page = rows.slice(0, INBOX_PAGE_SIZE);
  const ids = page.map((r) => r.id);
  const [unreadIds, tags] = await Promise.all([unreadAmong(deps.db, agent.id, ids), tagsOfConversations(deps.db, ids)]);
  return {
    rows: page.map((row) => ({ ...row, unread: unreadIds.has(row.id), tags: tags.get(row.id) ?? [] })),
    unread,
    nextCursor: rows.length > INBOX_PAGE_SIZE ? encodeInboxCursor(page[page.length - 1]!) : null,
    counts,
    agents,
    version,
  };
}

export async function getInboxVersion(deps: Deps): Promise<number> {
  return inboxVersion(deps.db);
}

export interface AgentThread extends ConversationThread {
  agents: AgentRow[];
  otherConversations: ConversationRow[];
  followUps: FollowUpView[];
  /** The contact's latest decisions about automated mail (scheduled, sent, held, skipped, stopped), newest first. */
  automated: DeliveryDecisionRow[];
  /** The autoresponder's decisions and suggestions in this conversation. */
  faq: FaqThread;
  tags: string[];
  /** Tags in use anywhere, most used first: the tag box's suggestions. */
  tagsInUse: string[];
}

export async function getThreadForAgent(deps: Deps, conversationId: string, page: ThreadPageQuery = {}): Promise<AgentThread> {
  const thread = await getConversationThread(deps, conversationId, page);
  const [agents, others, followUps, automated] = await Promise.all([
    listAgentRows(deps.db),
    listConversationRows(deps.db, { limit: 11, contactId: thread.contact.id }),
    listFollowUps(deps, conversationId),
    listDeliveryDecisionsForContact(deps.db, thread.contact.id, { limit: AUTOMATED_IN_PANEL }),
  ]);
  const otherConversations = others.filter((o) => o.id !== conversationId).slice(0, 10);
  const [faq, tags, tagsInUse] = await Promise.all([
    faqThread(deps, thread.conversation, thread.contact),
    conversationTags(deps, conversationId),
    suggestTags(deps, '', 100),
  ]);
  return { ...thread, agents, otherConversations, followUps, automated, faq, tags, tagsInUse };
}

export async function conversationVersion(deps: Deps, conversationId: string): Promise<string> {
  const conversation = await getConversationById(deps.db, conversationId);
  if (!conversation) throw new AppError('NotFound', `no conversation with id ${conversationId}`);
  return `${conversation.updatedAt}.${conversation.messageCount}`;
}

/** An inbound message's HTML, sanitized, with inline cid: images embedded as data: URLs. */
export async function messageHtmlForViewer(deps: Deps, messageId: string, allowRemoteImages: boolean): Promise<SanitizedHtml> {
  const message = await getMessageById(deps.db, messageId);
  if (!message?.html) throw new AppError('NotFound', `message ${messageId} has no HTML`);
  const inline = new Map<string, string>();
  for (const meta of await listAttachmentMeta(deps.db, [messageId])) {
    if (
      !meta.contentId ||
      meta.skippedReason ||
      meta.size > MAX_INLINE_IMAGE_BYTES ||
      !/^image\/(png|gif|jpe?g|webp)$/i.test(meta.contentType)
    )
      continue;
    // An image that cannot be read (logged by the blob store) is left out; the message still shows.
    const full = await getAttachmentContent(deps, meta.id).catch((error: unknown) => {
      if (isAppError(error)) return null;
      throw error;
    });
    if (full) inline.set(meta.contentId, `data:${meta.contentType};base64,${toBase64(full.content)}`);
  }
  return sanitizeEmailHtml(message.html, { allowRemoteImages, inlineImage: (cid) => inline.get(cid) ?? null });
}
