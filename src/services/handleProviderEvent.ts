// handleProviderEvent: Resend webhooks (delivered, bounced, complained, …) update the
// message's delivery status; bounces and complaints go through recordDeliveryReport. Every signed delivery is kept (by
// svix-id) before anything else; it is marked processed only after its changes are made, so
// a retry of an event that was invalid or failed half-way is processed again, and only a
// retry of a processed event is a no-op. The changes are idempotent, so applying twice is safe.
import type { Deps } from '../deps.ts';
import { AppError } from '../domain/errors.ts';
import { describeIssues, parseResendEvent, type ResendEmailEvent } from '../domain/outbound/resend-events.ts';
import { findMessageByProviderId, updateMessage } from '../store/messages.ts';
import { keepProviderEvent, markProviderEventProcessed, recordProviderEventError } from '../store/provider-events.ts';
import { recordDeliveryReport } from './recordDeliveryReport.ts';

export type EventOutcome = 'applied' | 'duplicate' | 'unknown-message' | 'ignored';

/** The email id of a body that may not validate, so even an invalid event can be found by its message. */
function emailIdOf(body: string): string | null {
  try {
    const id = (JSON.parse(body) as { data?: { email_id?: unknown } })?.data?.email_id;
    return typeof id === 'string' ? id.slice(0, 200) : null;
  } catch {
    return null;
  }
}

export async function handleProviderEvent(deps: Deps, eventId: string, body: string): Promise<EventOutcome> {
  const now = deps.clock.now();
  const parsed = parseResendEvent(body);
  const type = parsed.ok ? (parsed.known ? parsed.event.type : parsed.type) : parsed.type;
  const kept = await keepProviderEvent(deps.db, {
    id: deps.ids.next('evt'),
    provider: 'resend',
    providerEventId: eventId,
    type: type.slice(0, 100),
    providerMessageId: emailIdOf(body),
    payload: body,
    receivedAt: now,
  });
  if (kept.processedAt !== null) return 'duplicate';

  if (!parsed.ok) {
    const message = `invalid Resend event: ${describeIssues(parsed.issues)}`;
    await recordProviderEventError(deps.db, kept.id, message);
    deps.log.warn('provider event refused', { eventId, type, error: message });
    throw new AppError('ValidationFailed', message, parsed.issues);
  }
  let outcome: EventOutcome;
  try {
    outcome = parsed.known ? await applyEmailEvent(deps, parsed.event, now) : 'ignored';
  } catch (error) {
    await recordProviderEventError(deps.db, kept.id, error instanceof Error ? error.message : String(error)).catch(() => {});
    throw error;
  }
  await markProviderEventProcessed(deps.db, kept.id, now);
  deps.log.info('provider event', { type, outcome, providerMessageId: kept.providerMessageId });
  return outcome;
}

async function applyEmailEvent(deps: Deps, event: ResendEmailEvent, now: number): Promise<EventOutcome> {
  const message = await findMessageByProviderId(deps.db, event.data.email_id);
  const recipients = event.data.to;
  switch (event.type) {
    case 'email.delivered':
      if (message && message.status !== 'bounced') {
        await updateMessage(deps.db, message.id, { status: 'delivered', deliveredAt: now });
      }
      break;
    case 'email.bounced': {
      const bounce = event.data.bounce;
      const hard = (bounce.type ?? 'Permanent').toLowerCase() !== 'transient';
      const reason = bounce.message ?? bounce.subType ?? 'reported by Resend';
      const detail = `${hard ? 'hard' : 'soft'} bounce: ${reason}`;
      await recordDeliveryReport(deps, { kind: 'bounce', hard, reason, recipients, messageId: message?.id ?? null, detail });
      break;
    }
    case 'email.complained':
      await recordDeliveryReport(deps, { kind: 'complaint', recipients, detail: 'spam complaint reported by Resend' });
      break;
    case 'email.delivery_delayed':
      if (message && message.status === 'sent') {
        await updateMessage(deps.db, message.id, { statusReason: 'delivery delayed (the receiving server is retrying)' });
      }
      break;
    default:
      // email.sent, opened, clicked: acknowledged; Samtal does not track them.
      return 'ignored';
  }
  return message ? 'applied' : 'unknown-message';
}
