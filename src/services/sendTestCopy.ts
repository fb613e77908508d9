// A test copy: one rendering sent once to an agent's own address through the outbox, subject prefixed "[Test] ".
// The broadcast and template pages' test sends; each checks that the address is an agent's before calling.
import type { Deps } from '../deps.ts';
import type { MessageRow } from '../store/messages.ts';
import { ensureContact } from './contacts.ts';
import { sendMessage } from './sendMessage.ts';

export interface TestRendering {
  subject: string;
  text: string;
  html: string | null;
  locale: string;
}

/** `render` gets the recipient's contact id, for the links the real mail carries (unsubscribe, preferences). */
export async function sendTestCopy(
  deps: Deps,
  address: string,
  render: (recipientId: string) => Promise<TestRendering> | TestRendering,
): Promise<MessageRow> {
  const recipient = await ensureContact(deps, address);
  const rendered = await render(recipient.id);
  const { message } = await sendMessage(deps, {
    contactId: recipient.id,
    subject: `[Test] ${rendered.subject}`,
    text: rendered.text,
    ...(rendered.html !== null ? { html: rendered.html } : {}),
    // Transactional: the agent asked for this one message to themselves, and marketing would need the agent's
    // marketing consent (checked again at delivery). It still carries the links the real mail has.
    category: 'transactional',
    locale: rendered.locale,
  });
  return message;
}
