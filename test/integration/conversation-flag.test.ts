// An outsider's conversation is flagged and links to the one they tried to reach; an agent
// sees both in the thread and clears the flag with a CSRF-protected form.
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/http/app.ts';
import { authenticateSession, signIn } from '../../src/services/agentAuth.ts';
import { createAgentWithPassword } from '../../src/services/agents.ts';
import { apiClient } from '../support/api-client.ts';
import { conversationRow, deliver, fixture, send } from '../support/inbound-helpers.ts';
import { useTestContext } from '../support/contexts.ts';

const t = useTestContext();

async function signedInAgent() {
  await createAgentWithPassword(t.deps, {
    email: 'maja@acme.example',
    name: 'Maja',
    role: 'agent',
    password: 'correct horse battery staple',
  });
  const { token } = await signIn(t.deps, {
    email: 'maja@acme.example',
    password: 'correct horse battery staple',
    client: 'test',
    userAgent: null,
  });
  const csrf = (await authenticateSession(t.deps, token))!.session.csrfSecret;
  return { cookie: `samtal_session=${token}`, csrf };
}

async function outsiderConversation() {
  const sent = await send(t, { to: 'astrid.lindqvist@example.se', subject: 'Din order SE-10442 är skickad', text: 'Hej Astrid!' });
  const answer = await deliver(t, fixture('gmail-sv-forwarded-token-stranger.eml', { TO_ADDRESS: sent.replyAddress }), {
    from: 'lars.lindqvist.63@gmail.com',
    to: sent.replyAddress,
  });
  return { victim: sent.conversationId, own: answer.conversation_id! };
}

describe('clearing a flag', () => {
  it('the thread shows the flag with a clear button and links to the conversation the outsider tried to reach', async () => {
    const { victim, own } = await outsiderConversation();
    const { cookie } = await signedInAgent();
    const res = await createApp(t.deps).request(`http://localhost/inbox/c/${own}`, { headers: { cookie } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(`action="/inbox/c/${own}/clear-flag"`);
    expect(html).toContain(`href="/inbox/c/${victim}"`);
    expect(html).toContain('lars.lindqvist.63@gmail.com');
  });

  it('without the CSRF token it is refused and the flag stays; with it the flag is gone and the link stays', async () => {
    const { victim, own } = await outsiderConversation();
    const { cookie, csrf } = await signedInAgent();
    const app = createApp(t.deps);
    const post = (body: string) =>
      app.request(`http://localhost/inbox/c/${own}/clear-flag`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body,
      });
    expect((await post('')).status).toBe(403);
    expect((await conversationRow(t, own)).flag).not.toBeNull();

    const res = await post(`_csrf=${encodeURIComponent(csrf)}`);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/inbox/c/${own}`);
    expect(await conversationRow(t, own)).toMatchObject({ flag: null, linkedConversationId: victim, linkReason: 'outsider' });
    const page = await (await app.request(`http://localhost/inbox/c/${own}`, { headers: { cookie } })).text();
    expect(page).not.toContain('/clear-flag');
  });

  it('the API shows the flag and the link', async () => {
    const { victim, own } = await outsiderConversation();
    const { status, body } = await (await apiClient(t)).json('GET', `/api/v1/conversations/${own}`);
    expect(status).toBe(200);
    expect(JSON.stringify(body)).toContain(`"linked_conversation_id":"${victim}"`);
    expect(JSON.stringify(body)).toContain('"link_reason":"outsider"');
  });

  it('an unknown conversation is a 404', async () => {
    const { cookie, csrf } = await signedInAgent();
    const res = await createApp(t.deps).request('http://localhost/inbox/c/cnv_nope/clear-flag', {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: `_csrf=${encodeURIComponent(csrf)}`,
    });
    expect(res.status).toBe(404);
  });
});
