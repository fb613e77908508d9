// sendBulk: one template (or text) to many people in one call. The same rules as
// sendMessage (suppression, consent, topic, caps by local calendar day: domain/delivery), checked
// with a few set-wise queries per chunk (store/delivery-history.ts) instead of several per person; people who may not be mailed get a
// message marked "skipped" with the reason, so a bulk send never fails half-way.
import type { Deps } from '../deps.ts';
import { normalizeEmail } from '../domain/people/email-address.ts';
import { refuseApiSend } from '../domain/delivery/decide.ts';
import type { DeliveryHistory } from '../domain/delivery/types.ts';
import { previewLine } from '../domain/inbox/preview.ts';
import type { SendOutcome } from '../domain/vocabulary.ts';
import { ensureContactsByEmail, getContactsByIds, type ContactRow } from '../store/contacts.ts';
import { insertConversationsQuery, type NewConversation } from '../store/conversations.ts';
import { findMessagesByIdempotencyKeys, insertMessagesQuery, type MessageRow, type NewMessage } from '../store/messages.ts';
import { insertOutboxJobsQuery, type NewOutboxJob } from '../store/outbox.ts';
import { loadDeliveryHistories } from '../store/delivery-history.ts';
import { historyScope, loadDeliveryPolicy } from './decideDelivery.ts';
import { audienceOf, notInAudienceDetail, outsideAudience } from './audience.ts';
import {
  assertKnownTemplate,
  composeFor,
  newConversationRow,
  outboundMessageRow,
  outboxJob,
  type SendMessageInput,
} from './sendMessage.ts';

export const MAX_BULK_RECIPIENTS = 1000;
const CHUNK = 250;

export interface BulkRecipient {
  to?: string | undefined;
  contactId?: string | undefined;
  data?: Record<string, unknown> | undefined;
  idempotencyKey?: string | undefined;
}

export interface BulkInput extends Omit<SendMessageInput, 'to' | 'contactId' | 'idempotencyKey' | 'conversationId'> {
  recipients: BulkRecipient[];
}

export type BulkResult =
  | { index: number; status: SendOutcome; id: string; conversationId: string; reason: string | null; duplicate: boolean }
  | { index: number; status: 'error'; reason: string };

interface Prefetched {
  contacts: (ContactRow | undefined)[];
  existing: Map<string, MessageRow>;
}

async function prefetch(deps: Deps, chunk: BulkRecipient[], now: number): Promise<Prefetched> {
  const emails = chunk.map((r) => (r.to ? normalizeEmail(r.to) : null));
  const byEmail = await ensureContactsByEmail(
    deps.db,
    emails.filter((e): e is string => e !== null),
    () => deps.ids.next('con'),
    now,
  );
  const byId = new Map(
    (
      await getContactsByIds(
        deps.db,
        chunk.flatMap((r) => (r.contactId ? [r.contactId] : [])),
      )
    ).map((c) => [c.id, c]),
  );
  const contacts = chunk.map((r, i) => (r.contactId ? byId.get(r.contactId) : byEmail.get(emails[i]!)));
  return {
    contacts,
    existing: await findMessagesByIdempotencyKeys(
      deps.db,
      chunk.flatMap((r) => (r.idempotencyKey ? [r.idempotencyKey] : [])),
    ),
  };
}

export async function sendBulk(deps: Deps, input: BulkInput): Promise<BulkResult[]> {
  assertKnownTemplate(deps, input.template);
  const audience = audienceOf(deps, input.template);
  const results: BulkResult[] = [];
  const policy = await loadDeliveryPolicy(deps);
  for (let start = 0; start < input.recipients.length; start += CHUNK) {
    const chunk = input.recipients.slice(start, start + CHUNK);
    const now = deps.clock.now();
    const pre = await prefetch(deps, chunk, now);
    const known = pre.contacts.filter((c): c is ContactRow => c !== undefined);
    // The template's audience for the whole chunk in one query.
    const outside = await outsideAudience(
      deps,
      known.map((c) => c.id),
      input.template,
    );
    // Per topic (one call renders one template, so usually one), loaded for the whole chunk at once.
    const historiesByScope = new Map<string, Map<string, DeliveryHistory>>();
    const rows = {
      conversations: [] as NewConversation[],
      messages: [] as NewMessage[],
      outbox: [] as NewOutboxJob[],
    };

    // Rendering and signing (HMAC through WebCrypto) run for the whole chunk at once; the
    // permission decisions then go in order, so caps count earlier recipients of this call.
    const inputs = chunk.map(
      (recipient): SendMessageInput => ({ ...input, data: { ...input.data, ...recipient.data }, idempotencyKey: recipient.idempotencyKey }),
    );
    const mailable = chunk.map((recipient, i) =>
      pre.contacts[i] && !(recipient.idempotencyKey && pre.existing.has(recipient.idempotencyKey)) ? pre.contacts[i] : undefined,
    );
    const composedAll = await Promise.all(mailable.map((contact, i) => (contact ? composeFor(deps, inputs[i]!, contact) : undefined)));
    const pending: Promise<void>[] = [];
    const messageRows: NewMessage[] = [];

    for (const [i, recipient] of chunk.entries()) {
      const index = start + i;
      const contact = pre.contacts[i];
      const duplicate = recipient.idempotencyKey ? pre.existing.get(recipient.idempotencyKey) : undefined;
      if (duplicate) {
        results.push({
          index,
          status: duplicate.status === 'skipped' ? 'skipped' : 'queued',
          id: duplicate.id,
          conversationId: duplicate.conversationId,
          reason: duplicate.statusReason,
          duplicate: true,
        });
        continue;
      }
      if (!contact) {
        results.push({
          index,
          status: 'error',
          reason: recipient.contactId ? `no contact with id ${recipient.contactId}` : 'expected to or contact_id',
        });
        continue;
      }
      const { composed, links } = composedAll[i]!;
      const category = composed.category;
      const scopeKey = `${composed.topic ?? ''}\u0000${category}`;
      if (!historiesByScope.has(scopeKey)) {
        historiesByScope.set(
          scopeKey,
          await loadDeliveryHistories(deps.db, known, historyScope({ topic: composed.topic, category }, policy, now)),
        );
      }
      const history = historiesByScope.get(scopeKey)!.get(contact.id)!;
      const refused = refuseApiSend(category, composed.topic, history, policy, now);
      const reason = refused
        ? refused.reason === 'DailyCap' || refused.reason === 'WeeklyCap'
          ? `frequency cap: ${refused.detail}`
          : refused.detail
        : audience && input.template && outside.has(contact.id)
          ? notInAudienceDetail(input.template, audience)
          : null;
      // Later recipients of this call count this one: the same contact twice gets one message under a daily cap.
      if (!reason) for (const histories of historiesByScope.values()) histories.get(contact.id)?.sentAt.push({ category, at: now });

      const conversationId = deps.ids.next('cnv');
      const slot = messageRows.length;
      messageRows.push({} as NewMessage);
      const result: BulkResult = { index, status: reason ? 'skipped' : 'queued', id: '', conversationId, reason, duplicate: false };
      results.push(result);
      pending.push(
        outboundMessageRow(deps, {
          input: inputs[i]!,
          contact,
          composed,
          links,
          conversationId,
          thread: [],
          now,
          status: reason ? 'skipped' : 'queued',
          ...(reason ? { statusReason: reason } : {}),
        }).then((message) => {
          messageRows[slot] = message;
          result.id = message.id;
          rows.conversations.push(newConversationRow(contact.id, conversationId, composed, previewLine(message.text), now));
          if (!reason) rows.outbox.push(outboxJob(deps, message.id, now));
        }),
      );
    }
    await Promise.all(pending);
    rows.messages.push(...messageRows);
    if (rows.messages.length) {
      await deps.db.batch([
        insertConversationsQuery(deps.db, rows.conversations),
        insertMessagesQuery(deps.db, rows.messages),
        ...(rows.outbox.length ? [insertOutboxJobsQuery(deps.db, rows.outbox)] : []),
      ]);
    }
  }
  deps.log.info('outbound: bulk queued', {
    recipients: input.recipients.length,
    queued: results.filter((r) => r.status === 'queued').length,
    skipped: results.filter((r) => r.status === 'skipped').length,
  });
  return results;
}
