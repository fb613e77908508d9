// sendBulk: one template (or text) to many people in one call (POST /api/v1/messages/bulk). It
// resolves the recipients (addresses become contacts, ids are looked up, idempotency keys answered
// with the message they made) a chunk at a time, and planSends decides, renders and queues each
// chunk with the same rules as sendMessage. People who may not be mailed get a message marked
// "skipped" with the reason, so a bulk send never fails half-way. The messages have no conversation
// until someone answers (see planSends).
import type { Deps } from '../deps.ts';
import { normalizeEmail } from '../domain/people/email-address.ts';
import type { SendOutcome } from '../domain/vocabulary.ts';
import { ensureContactsByEmail, getContactsByIds, type ContactRow } from '../store/contacts.ts';
import { findMessagesByIdempotencyKeys, type MessageRow } from '../store/messages.ts';
import { loadDeliveryPolicy } from './decideDelivery.ts';
import { planSends, type PlanRecipient } from './planSends.ts';
import { assertKnownTemplate, type SendMessageInput } from './sendMessage.ts';

export const MAX_BULK_RECIPIENTS = 1000;
const CHUNK = 1000;

export interface BulkRecipient {
  to?: string | undefined;
  contactId?: string | undefined;
  data?: Record<string, unknown> | undefined;
  idempotencyKey?: string | undefined;
}

export interface BulkInput extends Omit<SendMessageInput, 'to' | 'contactId' | 'idempotencyKey' | 'conversationId'> {
  recipients: BulkRecipient[];
}

/** conversationId is null until the recipient answers (a message of an earlier call may have one). */
export type BulkResult =
  | { index: number; status: SendOutcome; id: string; conversationId: string | null; reason: string | null; duplicate: boolean }
  | { index: number; status: 'error'; reason: string };

interface Resolved {
  contacts: (ContactRow | undefined)[];
  existing: Map<string, MessageRow>;
}

async function resolve(deps: Deps, chunk: BulkRecipient[], now: number): Promise<Resolved> {
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
  const keys = chunk.flatMap((r) => (r.idempotencyKey ? [r.idempotencyKey] : []));
  return {
    contacts: chunk.map((r, i) => (r.contactId ? byId.get(r.contactId) : byEmail.get(emails[i]!))),
    existing: await findMessagesByIdempotencyKeys(deps.db, keys),
  };
}

export async function sendBulk(deps: Deps, input: BulkInput): Promise<BulkResult[]> {
  assertKnownTemplate(deps, input.template);
  const { recipients: all, ...content } = input;
  const policy = await loadDeliveryPolicy(deps);
  const results: BulkResult[] = [];
  for (let start = 0; start < all.length; start += CHUNK) {
    const chunk = all.slice(start, start + CHUNK);
    const { contacts, existing } = await resolve(deps, chunk, deps.clock.now());
    const planned: PlanRecipient[] = [];
    const slots: BulkResult[] = chunk.map((recipient, i): BulkResult => {
      const index = start + i;
      const duplicate = recipient.idempotencyKey ? existing.get(recipient.idempotencyKey) : undefined;
      if (duplicate) {
        const status = duplicate.status === 'skipped' ? 'skipped' : 'queued';
        return {
          index,
          status,
          id: duplicate.id,
          conversationId: duplicate.conversationId,
          reason: duplicate.statusReason,
          duplicate: true,
        };
      }
      const contact = contacts[i];
      if (!contact) {
        const reason = recipient.contactId ? `no contact with id ${recipient.contactId}` : 'expected to or contact_id';
        return { index, status: 'error', reason };
      }
      planned.push({ contact, data: recipient.data, idempotencyKey: recipient.idempotencyKey });
      return { index, status: 'queued', id: '', conversationId: null, reason: null, duplicate: false };
    });
    const outcomes = await planSends(deps, { content, recipients: planned, policy });
    let next = 0;
    for (const slot of slots) {
      if (slot.status !== 'error' && !slot.duplicate) Object.assign(slot, outcomes[next++]!);
      results.push(slot);
    }
  }
  deps.log.info('outbound: bulk queued', {
    recipients: all.length,
    queued: results.filter((r) => r.status === 'queued').length,
    skipped: results.filter((r) => r.status === 'skipped').length,
  });
  return results;
}
