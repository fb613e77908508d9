// Loads the demo data set once (remembered in settings), for `npm start -- --demo`.
import type { Deps } from '../deps.ts';
import { DEMO_CONTACTS, demoSignature } from '../demo/data.ts';
import { DEMO_FAQ } from '../demo/faq.ts';
import { upsertFaqEntries } from '../store/faqs.ts';
import { FIRST_RESPONSE_TARGET_MS } from '../domain/inbox/first-response.ts';
import { previewLine } from '../domain/inbox/preview.ts';
import { normalizeSubject } from '../domain/inbound/threading/subject.ts';
import { listAgentRows, updateAgent } from '../store/agents.ts';
import { insertContact } from '../store/contacts.ts';
import { insertConversation } from '../store/conversations.ts';
import { insertMessage } from '../store/messages.ts';
import { getSetting, putSetting } from '../store/settings.ts';
import { indexSearchWords } from './indexSearchWords.ts';

const DEMO_SETTING = 'demo_data_loaded_at';

export async function loadDemoData(deps: Deps): Promise<boolean> {
  if (await getSetting(deps.db, DEMO_SETTING)) return false;
  const now = deps.clock.now();
  const domain = deps.config.inboundDomain;
  // The demo's agent replies are the first admin's (made before the demo loads), so they carry a person's name.
  const agent = (await listAgentRows(deps.db)).find((a) => a.role === 'admin' && a.active);
  if (agent && !agent.signature) await updateAgent(deps.db, agent.id, { signature: demoSignature(agent.name) });

  for (const person of DEMO_CONTACTS) {
    const contactId = deps.ids.next('con');
    await insertContact(deps.db, {
      id: contactId,
      email: person.email,
      name: person.name,
      locale: person.locale,
      timezone: person.timezone,
      attributes: person.attributes,
      marketingConsent: person.consent,
      consentSource: person.consent === 'subscribed' ? 'demo signup form' : null,
      consentUpdatedAt: person.consent === 'subscribed' ? now : null,
      createdAt: now - 90 * 86_400_000,
      updatedAt: now,
    });

    for (const thread of person.conversations) {
      const at = (m: { minutesAgo: number }) => now - m.minutesAgo * 60_000;
      const first = thread.messages[0]!;
      const last = thread.messages[thread.messages.length - 1]!;
      const inbound = thread.messages.filter((m) => m.direction === 'in');
      const lastIn = inbound[inbound.length - 1];
      const customerWaits = thread.status === 'open' && last.direction === 'in';
      const agentAnswered = thread.messages.find((m) => m.author === 'agent');
      const conversationId = deps.ids.next('cnv');
      await insertConversation(deps.db, {
        id: conversationId,
        contactId,
        subject: first.subject,
        normalizedSubject: normalizeSubject(first.subject),
        status: thread.status,
        lastMessageAt: at(last),
        lastCustomerMessageAt: lastIn ? at(lastIn) : null,
        lastAgentMessageAt: agentAnswered ? at(agentAnswered) : null,
        waitingSince: customerWaits ? at(last) : null,
        firstResponseDueAt: customerWaits ? at(last) + FIRST_RESPONSE_TARGET_MS : null,
        firstRespondedAt: agentAnswered ? at(agentAnswered) : null,
        preview: previewLine(last.text),
        messageCount: thread.messages.length,
        createdAt: at(first),
        updatedAt: at(last),
      });

      let previousId: string | null = null;
      for (const message of thread.messages) {
        const id = deps.ids.next('msg');
        const headerId: string = `${id}@${message.direction === 'out' ? domain : 'demo.example'}`;
        await insertMessage(deps.db, {
          id,
          conversationId,
          direction: message.direction,
          author: message.author,
          authorAgentId: message.author === 'agent' ? (agent?.id ?? null) : null,
          messageIdHeader: headerId,
          inReplyTo: previousId,
          references: previousId,
          fromAddress: message.direction === 'in' ? person.email : deps.config.mailFrom,
          fromName: message.direction === 'in' ? person.name : message.author === 'agent' ? (agent?.name ?? null) : null,
          toAddresses: message.direction === 'in' ? [`support@${domain}`] : [person.email],
          subject: message.subject,
          text: message.text,
          replyText: message.text,
          status: message.direction === 'in' ? 'received' : 'delivered',
          category: message.category ?? 'support',
          threadRule: message === first ? 'new' : 'in_reply_to',
          classification: message.direction === 'in' ? 'message' : null,
          createdAt: at(message),
          sentAt: message.direction === 'out' ? at(message) : null,
        });
        previousId = headerId;
      }
    }
  }
  await upsertFaqEntries(
    deps.db,
    DEMO_FAQ.map((entry, position) => ({ ...entry, position, createdAt: now, updatedAt: now })),
  );
  await putSetting(deps.db, DEMO_SETTING, new Date(now).toISOString(), now);
  // Searchable by short (Chinese) terms at once, not from the first scheduler tick on.
  await indexSearchWords(deps);
  deps.log.info('demo: loaded demo data', { contacts: DEMO_CONTACTS.length });
  return true;
}
