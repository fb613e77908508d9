// planSends: the planning core of bulk and broadcast sends. For a chunk of known contacts and one
// content (a template, or given subject/text/html) it applies the delivery rules set-wise
// (suppression, consent, topic, caps by local day: domain/delivery; the template's audience), renders
// and signs for each recipient without waiting on anything, and writes the messages and their outbox
// jobs in one transaction of two statements. Messages are written without a conversation: one is made
// when the recipient answers (unthreadedMessages.ts), so a broadcast to 100,000 people is not 100,000
// conversations. Callers resolve recipients (sendBulk: addresses and ids, idempotency keys) and may
// decide skips of their own (a broadcast's quiet hours or holds) that are stored as given.
import type { InStatement } from '@libsql/client';
import type { Deps } from '../deps.ts';
import { refuseApiSend } from '../domain/delivery/decide.ts';
import type { DeliveryHistory, DeliveryPolicy } from '../domain/delivery/types.ts';
import type { SendOutcome } from '../domain/vocabulary.ts';
import type { ContactRow } from '../store/contacts.ts';
import { loadDeliveryHistories } from '../store/delivery-history.ts';
import { insertPlannedMessagesStatements, writeStatements, type PlannedMessage } from '../store/messages.ts';
import { insertDueJobsStatement } from '../store/outbox.ts';
import { audienceOf, notInAudienceDetail, outsideAudience } from './audience.ts';
import { historyScope, loadDeliveryPolicy } from './decideDelivery.ts';
import { senderMailbox } from './inboxSettings.ts';
import { assertKnownTemplate, type Composed, composeNow, type OutboundLinks, outboundParts, type SendMessageInput } from './sendMessage.ts';

/** What every recipient gets: a template (rendered per recipient with `data` under theirs) or given text. */
export type PlanContent = Omit<SendMessageInput, 'to' | 'contactId' | 'idempotencyKey' | 'conversationId'>;

export interface PlanRecipient {
  contact: ContactRow;
  /** Merged over content.data for this recipient. */
  data?: Record<string, unknown> | undefined;
  idempotencyKey?: string | null | undefined;
  /** A skip the caller decided (e.g. a broadcast's hold): stored skipped with this reason, not counted against caps. */
  skipReason?: string | null | undefined;
}

export interface PlannedSend {
  status: Exclude<SendOutcome, 'error'>;
  /** The message written for the recipient (queued or skipped). */
  id: string;
  reason: string | null;
}

export interface PlanOptions {
  content: PlanContent;
  /** One chunk; recipients are decided in order, so caps count earlier recipients of the same chunk. */
  recipients: PlanRecipient[];
  /** The delivery policy, loaded once by a caller that plans many chunks (else loaded here). */
  policy?: DeliveryPolicy | undefined;
}

type Histories = Map<string, DeliveryHistory>;

/** Plans and queues one chunk; returns one outcome per recipient, in order. */
export async function planSends(deps: Deps, options: PlanOptions): Promise<PlannedSend[]> {
  const { content, recipients } = options;
  assertKnownTemplate(deps, content.template);
  if (recipients.length === 0) return [];
  const now = deps.clock.now();
  const policy = options.policy ?? (await loadDeliveryPolicy(deps));
  const sender = await senderMailbox(deps);
  const contacts = recipients.filter((r) => !r.skipReason).map((r) => r.contact);
  const audience = audienceOf(deps, content.template);
  const outside = audience
    ? await outsideAudience(
        deps,
        unique(contacts).map((c) => c.id),
        content.template,
      )
    : new Set<string>();
  // Per topic and category (one template renders one, as a rule), for the whole chunk at once.
  const historiesByScope = new Map<string, Histories>();
  const historiesFor = async (topic: string | null, category: PlannedMessage['category']): Promise<Histories> => {
    const key = `${topic ?? ''}\u0000${category}`;
    let histories = historiesByScope.get(key);
    if (!histories) {
      histories = await loadDeliveryHistories(deps.db, unique(contacts), historyScope({ topic, category }, policy, now));
      historiesByScope.set(key, histories);
    }
    return histories;
  };

  const messages: PlannedMessage[] = [];
  const outcomes: PlannedSend[] = [];
  for (const recipient of recipients) {
    const { contact } = recipient;
    const input: SendMessageInput = {
      ...content,
      data: recipient.data ? { ...content.data, ...recipient.data } : content.data,
      idempotencyKey: recipient.idempotencyKey ?? undefined,
    };
    const { composed, links } = composeNow(deps, input, contact);
    let reason = recipient.skipReason ?? null;
    if (!reason) {
      const history = (await historiesFor(composed.topic, composed.category)).get(contact.id)!;
      const refused = refuseApiSend(composed.category, composed.topic, history, policy, now);
      reason = refused
        ? refused.reason === 'DailyCap' || refused.reason === 'WeeklyCap'
          ? `frequency cap: ${refused.detail}`
          : refused.detail
        : audience && content.template && outside.has(contact.id)
          ? notInAudienceDetail(content.template, audience)
          : null;
      // Later recipients count this one: the same contact twice gets one message under a daily cap.
      if (!reason)
        for (const histories of historiesByScope.values()) histories.get(contact.id)?.sentAt.push({ category: composed.category, at: now });
    }
    const id = deps.ids.next('msg');
    const status = reason ? 'skipped' : 'queued';
    messages.push(plannedMessage(deps, { id, contact, input, composed, links, sender, status, reason, now }));
    outcomes.push({ status, id, reason });
  }
  await writeStatements(deps.db, plannedWrites(deps, messages, now));
  return outcomes;
}

/** One recipient's message, composed for them (composeNow or a broadcast's rendering); `input` carries author and idempotency key. */
export function plannedMessage(
  deps: Deps,
  p: {
    id: string;
    contact: ContactRow;
    input: SendMessageInput;
    composed: Composed;
    links: OutboundLinks;
    sender: string;
    status: 'queued' | 'skipped';
    reason: string | null;
    now: number;
  },
): PlannedMessage {
  const { id, contact, input, composed } = p;
  // No conversation yet: the reply token names the message, whose conversation is made on the first reply.
  const parts = outboundParts(deps, {
    input,
    contact,
    composed,
    links: p.links,
    thread: [],
    messageId: id,
    replyTokenId: id,
    sender: p.sender,
  });
  return {
    id,
    contactId: contact.id,
    author: parts.author,
    authorAgentId: input.agentId ?? null,
    messageIdHeader: parts.messageIdHeader,
    fromAddress: parts.fromAddress,
    to: contact.email,
    subject: composed.subject,
    headers: parts.headers,
    text: parts.text,
    html: parts.html,
    status: p.status,
    statusReason: p.reason,
    template: composed.template,
    locale: composed.locale,
    category: composed.category,
    idempotencyKey: input.idempotencyKey ?? null,
    createdAt: p.now,
  };
}

/** The statements that write planned messages and an outbox job, due now, for each queued one (one transaction for the caller). */
export function plannedWrites(deps: Deps, messages: PlannedMessage[], now: number): InStatement[] {
  const jobs = messages.filter((m) => m.status === 'queued').map((m) => ({ id: deps.ids.next('job'), messageId: m.id }));
  return [...insertPlannedMessagesStatements(messages), ...(jobs.length ? [insertDueJobsStatement(jobs, now)] : [])];
}

function unique(contacts: ContactRow[]): ContactRow[] {
  return [...new Map(contacts.map((c) => [c.id, c])).values()];
}
