// /inbox/outbox (admins): the dev outbox and "Reply as the customer": a real MIME reply through receiveEmail
// (the email() handler's door) that threads into the conversation of the message it answers.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createDevOutboxMailer } from '../../src/mail/dev-outbox.ts';
import { deliverOutbox } from '../../src/services/deliverOutbox.ts';
import { getInboundEmail } from '../../src/store/inbound-emails.ts';
import { useApiContext } from '../support/contexts.ts';
import { type PageSession, pageRequest, pageSession } from '../support/inbox-pages.ts';

const { t, api } = useApiContext();
let admin: PageSession;
let agent: PageSession;

beforeEach(async () => {
  admin = await pageSession(t, 'admin');
  agent = await pageSession(t, 'agent');
});

/** Sends a message and keeps it the way the dev transport does (the test context records sends instead). */
async function keptMessage(): Promise<{ outboxId: string; conversationId: string }> {
  const sent = await api.json('POST', '/api/v1/messages', { to: 'ana@example.com', subject: 'Your order', text: 'It ships on Monday.' });
  // The API route delivers in the background; whichever run claims the job sends it once.
  await deliverOutbox(t.deps);
  await vi.waitFor(() => expect(t.mailer.sent).toHaveLength(1));
  const result = await createDevOutboxMailer(t.deps.db, t.deps.clock, t.deps.ids).send(t.mailer.sent.at(-1)!);
  if (!result.ok) throw new Error('dev outbox refused the message');
  return { outboxId: result.providerId, conversationId: sent.body.conversation_id };
}

describe('the dev outbox page', () => {
  it('is for admins, behind a session', async () => {
    expect((await pageRequest(t, null, 'GET', '/inbox/outbox')).status).toBe(303);
    expect((await pageRequest(t, agent, 'GET', '/inbox/outbox')).status).toBe(403);
  });

  it('lists kept messages with a reply form and an .eml download', async () => {
    const { outboxId } = await keptMessage();
    const res = await pageRequest(t, admin, 'GET', '/inbox/outbox');
    expect(res.status).toBe(200);
    expect(res.text).toContain('Your order');
    expect(res.text).toContain(`action="/inbox/outbox/${outboxId}/reply"`);
    const eml = await pageRequest(t, admin, 'GET', `/inbox/outbox/${outboxId}.eml`);
    expect(eml.type).toBe('message/rfc822');
    expect(eml.text).toContain('Subject: Your order');
  });

  it('answers as the customer through the inbound path, threaded into the conversation, and links to it', async () => {
    const { outboxId, conversationId } = await keptMessage();
    const res = await pageRequest(t, admin, 'POST', `/inbox/outbox/${outboxId}/reply`, {
      form: { text: 'Thanks! Can it come on Tuesday instead?', quote: 'yes' },
    });
    expect(res.status).toBe(303);
    expect(res.location).toBe(`/inbox/outbox?replied=${outboxId}&conversation=${conversationId}`);
    const page = await pageRequest(t, admin, 'GET', res.location!);
    expect(page.text).toContain(`href="/inbox/c/${conversationId}"`);

    const conversation = (await api.json('GET', `/api/v1/conversations/${conversationId}`)).body;
    const reply = conversation.messages.at(-1);
    expect(reply).toMatchObject({ direction: 'in', reply_text: 'Thanks! Can it come on Tuesday instead?' });
    expect(reply.quoted_text).toContain('It ships on Monday.');
    expect(reply.thread_rule).toBe('reply_token');
    const kept = await t.client.execute('SELECT id, source, envelope_to FROM inbound_emails');
    expect(kept.rows[0]).toMatchObject({ source: 'dev-outbox' });
    expect(String(kept.rows[0]!.envelope_to)).toMatch(/^reply\+.+@reply\.acme\.example$/);
    expect(await getInboundEmail(t.deps.db, String(kept.rows[0]!.id))).toMatchObject({ status: 'processed' });
  });

  it('refuses an empty reply naming text, and a reply without the CSRF token', async () => {
    const { outboxId } = await keptMessage();
    const empty = await pageRequest(t, admin, 'POST', `/inbox/outbox/${outboxId}/reply`, {
      form: { text: '   ' },
      headers: { accept: 'application/json' },
    });
    expect(empty.status).toBe(400);
    expect(JSON.parse(empty.text).error.issues).toEqual([{ field: 'text', message: 'expected what the customer writes' }]);
    const noToken = await pageRequest(t, admin, 'POST', `/inbox/outbox/${outboxId}/reply`, { form: { text: 'Hi' }, csrf: false });
    expect(noToken.status).toBe(403);
    expect((await t.client.execute('SELECT count(*) AS n FROM inbound_emails')).rows[0]!.n).toBe(0);
  });
});

describe('with RESEND_API_KEY set', () => {
  it('says the dev outbox is off and takes no replies', async () => {
    const { outboxId } = await keptMessage();
    t.deps.config.resendApiKey = 're_live_key';
    const res = await pageRequest(t, admin, 'GET', '/inbox/outbox');
    expect(res.text).toContain('RESEND_API_KEY is set');
    expect(res.text).not.toContain('Your order');
    expect((await pageRequest(t, admin, 'POST', `/inbox/outbox/${outboxId}/reply`, { form: { text: 'Hi' } })).status).toBe(404);
  });
});
