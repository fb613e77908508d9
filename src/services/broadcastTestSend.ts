// A broadcast's test send: the message as one contact (chosen, or the segment's first sample) would
// read it, sent once through the outbox to an agent's own address, subject prefixed "[Test] ".
// Only an agent's address: a test must never become a way to mail anyone outside the segment's rules.
import type { Deps } from '../deps.ts';
import { edgeContacts, type SampleContact } from '../domain/broadcasts/samples.ts';
import { AppError } from '../domain/errors.ts';
import { normalizeEmail } from '../domain/people/email-address.ts';
import { findAgentByEmail } from '../store/agents.ts';
import type { MessageRow } from '../store/messages.ts';
import { broadcastLocales, renderBroadcast } from './broadcastRendering.ts';
import { getBroadcast } from './broadcasts.ts';
import { segmentSamples } from './broadcastPreflight.ts';
import { ensureContact, getContact } from './contacts.ts';
import { sendMessage } from './sendMessage.ts';

export interface TestSendInput {
  to: string;
  contactId?: string | undefined;
}

async function sampleFor(deps: Deps, broadcast: Awaited<ReturnType<typeof getBroadcast>>, contactId?: string): Promise<SampleContact> {
  if (contactId) {
    const c = await getContact(deps, contactId);
    return { label: c.id, email: c.email, name: c.name, locale: c.locale, timezone: c.timezone, attributes: c.attributes };
  }
  const { locales, defaultLocale } = broadcastLocales(deps, broadcast);
  const [first] = await segmentSamples(deps, broadcast, defaultLocale);
  return first ?? edgeContacts([], locales, defaultLocale)[0]!;
}

export async function sendBroadcastTest(deps: Deps, id: string, input: TestSendInput): Promise<MessageRow> {
  const to = normalizeEmail(input.to);
  if (!(await findAgentByEmail(deps.db, to))) {
    throw new AppError('ValidationFailed', `${input.to} is not an agent's address; a test goes to the agent's own address`, [
      { field: 'to', message: "expected an agent's own address" },
    ]);
  }
  const broadcast = await getBroadcast(deps, id);
  const sample = await sampleFor(deps, broadcast, input.contactId);
  const recipient = await ensureContact(deps, to);
  const { sample: rendered } = await renderBroadcast(deps, broadcast, sample, recipient.id);
  const { message } = await sendMessage(deps, {
    contactId: recipient.id,
    subject: `[Test] ${rendered.subject}`,
    text: rendered.text,
    ...(rendered.html !== null ? { html: rendered.html } : {}),
    // Transactional: the agent asked for this one message, and marketing would need the agent's marketing
    // consent (checked again at delivery). It still carries the links the real mail has.
    category: 'transactional',
    locale: rendered.locale,
  });
  return message;
}
