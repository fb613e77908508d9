// handleProviderEvent: Resend webhooks (delivered, bounced, complained, …) update the
// message's delivery status and the suppression list. Each event is kept once (by svix-id);
// a replay is a no-op.
import { eq } from 'drizzle-orm';
import { messages, providerEvents } from '../../db/schema.ts';
import type { Deps } from '../deps.ts';
import { normalizeEmail } from '../domain/email-address.ts';
import { getContactByEmail, updateContactRow } from '../store/contacts.ts';
import { updateMessage } from '../store/messages.ts';
import { addSuppression } from '../store/suppressions.ts';

export interface ResendEvent {
  type: string;
  created_at?: string;
  data: { email_id?: string; to?: string[] | string; bounce?: { type?: string; subType?: string; message?: string }; [k: string]: unknown };
}

export type EventOutcome = 'applied' | 'duplicate' | 'unknown-message' | 'ignored';

export async function handleProviderEvent(deps: Deps, eventId: string, event: ResendEvent): Promise<EventOutcome> {
  const now = deps.clock.now();
  const providerMessageId = event.data.email_id ?? null;
  const inserted = await deps.db
    .insert(providerEvents)
    .values({ id: deps.ids.next('evt'), provider: 'resend', providerEventId: eventId, type: event.type, providerMessageId, payload: event, receivedAt: now })
    .onConflictDoNothing()
    .returning({ id: providerEvents.id });
  if (inserted.length === 0) return 'duplicate';
  const recipients = (Array.isArray(event.data.to) ? event.data.to : event.data.to ? [event.data.to] : []).map(normalizeEmail);
  const message = providerMessageId ? (await deps.db.select().from(messages).where(eq(messages.providerId, providerMessageId)).limit(1))[0] : undefined;

  let outcome: EventOutcome = message ? 'applied' : 'unknown-message';
  switch (event.type) {
    case 'email.delivered':
      if (message && message.status !== 'bounced') await updateMessage(deps.db, message.id, { status: 'delivered', deliveredAt: now });
      break;
    case 'email.bounced': {
      const permanent = (event.data.bounce?.type ?? 'Permanent').toLowerCase() !== 'transient';
      const reason = `${permanent ? 'hard' : 'soft'} bounce: ${event.data.bounce?.message ?? event.data.bounce?.subType ?? 'reported by Resend'}`;
      if (message) await updateMessage(deps.db, message.id, { status: 'bounced', statusReason: reason });
      if (permanent) for (const to of recipients) await addSuppression(deps.db, { email: to, reason: 'hard_bounce', detail: reason.slice(0, 500), createdAt: now });
      break;
    }
    case 'email.complained':
      for (const to of recipients) {
        await addSuppression(deps.db, { email: to, reason: 'complaint', detail: 'spam complaint reported by Resend', createdAt: now });
        const contact = await getContactByEmail(deps.db, to);
        if (contact) await updateContactRow(deps.db, contact.id, { marketingConsent: 'unsubscribed', consentSource: 'spam complaint', consentUpdatedAt: now, updatedAt: now });
      }
      break;
    case 'email.delivery_delayed':
      if (message && message.status === 'sent') await updateMessage(deps.db, message.id, { statusReason: 'delivery delayed (the receiving server is retrying)' });
      break;
    default:
      outcome = 'ignored';
  }
  await deps.db.update(providerEvents).set({ processedAt: now }).where(eq(providerEvents.id, inserted[0]!.id));
  deps.log.info('provider event', { type: event.type, outcome, providerMessageId });
  return outcome;
}
