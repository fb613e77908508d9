// A customer whose address has a quoted local part ("john doe"@example.org) gets the answer
// at exactly that address: through Resend and in the dev outbox's MIME.
import PostalMime from 'postal-mime';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { contacts, devOutbox } from '../../db/schema.ts';
import { normalizeEmail } from '../../src/domain/people/email-address.ts';
import { createDevOutboxMailer } from '../../src/mail/dev-outbox.ts';
import { createResendMailer } from '../../src/mail/resend.ts';
import { agentReply } from '../../src/services/agentReply.ts';
import { createAgentWithPassword } from '../../src/services/agents.ts';
import { deliverOutbox } from '../../src/services/deliverOutbox.ts';
import { receiveEmail } from '../../src/services/receiveEmail.ts';
import { useOutboundContext } from '../support/contexts.ts';

const { resend, t } = useOutboundContext({ mailer: 'recording', api: false });

async function customerWrites(from: string): Promise<string> {
  const raw = [
    `From: ${from}`,
    'To: support@acme.example',
    'Subject: Where is my order?',
    'Message-ID: <q1@example.org>',
    'Date: Mon, 23 Nov 2026 08:00:00 +0000',
    '',
    'Hello, it has not arrived.',
    '',
  ].join('\r\n');
  const result = await receiveEmail(t.deps, new TextEncoder().encode(raw) as Uint8Array<ArrayBuffer>, { from: null, to: null }, 'http');
  if (result.outcome?.status !== 'processed') throw new Error(`inbound not processed: ${JSON.stringify(result.outcome)}`);
  return result.outcome.conversationId!;
}

async function answer(conversationId: string, agentName = 'Ana Lind') {
  const password = 'correct horse battery';
  const agent = await createAgentWithPassword(t.deps, { email: 'ana@acme.example', name: agentName, role: 'agent', password });
  await agentReply(t.deps, agent, { conversationId, text: 'It is on its way.', seenUpTo: t.clock.now() });
  await deliverOutbox(t.deps);
}

describe('quoted local parts', () => {
  it('keeps the quotes on the contact and sends the Resend reply to exactly "john doe"@example.org', async () => {
    t.deps.mailer = createResendMailer({ apiKey: 're_test_123', baseUrl: resend.url, timeoutMs: 1000 });
    const conversationId = await customerWrites('"john doe"@example.org');
    expect((await t.deps.db.select().from(contacts))[0]!.email).toBe('"john doe"@example.org');
    await answer(conversationId, 'Lind, Ana');
    // What Samtal asked Resend for. (The stand-in, like many validators, refuses quoted local
    // parts with a 422; the message then fails with that reason instead of reaching someone else.)
    const sent = resend.requests.find((r) => r.path === '/emails')!.body as { to: string[]; from: string };
    expect(sent.to).toEqual(['"john doe"@example.org']);
    expect(sent.from).toBe('"Lind, Ana" <support@acme.example>');
  });

  it('writes the dev outbox MIME To header so a parser reads the same address back', async () => {
    t.deps.mailer = createDevOutboxMailer(t.deps.db, t.deps.clock, t.deps.ids);
    const conversationId = await customerWrites('John <"john doe"@example.org>');
    await answer(conversationId, 'Åsa Öberg');
    const [row] = await t.deps.db.select().from(devOutbox).where(eq(devOutbox.subject, 'Re: Where is my order?'));
    expect(row!.mime).toContain('\r\nTo: "john doe"@example.org\r\n');
    const parsed = await PostalMime.parse(row!.mime);
    expect(parsed.from).toEqual({ name: 'Åsa Öberg', address: 'support@acme.example' });
    // postal-mime hands a bare quoted local part back unquoted; normalizing restores the quotes.
    expect(parsed.to!.map((a) => normalizeEmail(a.address!))).toEqual(['"john doe"@example.org']);
  });
});
