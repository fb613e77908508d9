// The admin pages for failed inbound mail (/inbox/inbound, with "Process again") and API keys (/inbox/api-keys).
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/http/app.ts';
import { authenticateSession, signIn } from '../../src/services/agentAuth.ts';
import { createAgentWithPassword } from '../../src/services/agents.ts';
import { authenticateApiKey } from '../../src/services/authenticateApiKey.ts';
import { updateAgent } from '../../src/store/agents.ts';
import { findApiKeyByName } from '../../src/store/api-keys.ts';
import { useApiContext } from '../support/contexts.ts';
import { deliver, rawFixture } from '../support/inbound-helpers.ts';

const { t } = useApiContext();
const PASSWORD = 'correct horse battery staple';

async function browser(role: 'admin' | 'agent', locale: string | null = null) {
  const email = `${role}-${locale ?? 'x'}@acme.example`;
  const agent = await createAgentWithPassword(t.deps, { email, name: role === 'admin' ? 'Ana' : 'Bo', role, password: PASSWORD });
  if (locale) await updateAgent(t.deps.db, agent.id, { locale });
  const { token } = await signIn(t.deps, { email, password: PASSWORD, client: 'test', userAgent: null });
  const csrf = (await authenticateSession(t.deps, token))!.session.csrfSecret;
  const app = createApp(t.deps);
  const cookie = `samtal_session=${token}`;
  return {
    csrf,
    get: (path: string) => app.request(`http://localhost${path}`, { headers: { cookie } }),
    post: (path: string, fields: Record<string, string>) =>
      app.request(`http://localhost${path}`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost' },
        body: new URLSearchParams({ _csrf: csrf, ...fields }),
      }),
  };
}

describe('/inbox/inbound', () => {
  it('lists failed mail with its error and processes it again on request, keeping it when it still fails', async () => {
    const failed = await deliver(t, rawFixture('no-sender.eml'), { from: '' });
    const admin = await browser('admin');
    const page = await (await admin.get('/inbox/inbound')).text();
    expect(page).toContain(`/inbox/inbound/${failed.inbound_email_id}/reprocess`);
    expect(page).toMatch(/sender/);

    const again = await admin.post(`/inbox/inbound/${failed.inbound_email_id}/reprocess`, {});
    expect(again.status).toBe(200);
    expect(await again.text()).toContain('Still failing:');
    // It is still listed: nothing was lost.
    expect(await (await admin.get('/inbox/inbound')).text()).toContain(failed.inbound_email_id);
  });

  it('is for admins only, and a POST without the CSRF token is refused', async () => {
    const failed = await deliver(t, rawFixture('no-sender.eml'), { from: '' });
    const agent = await browser('agent');
    expect((await agent.get('/inbox/inbound')).status).toBe(403);
    const admin = await browser('admin');
    const forged = await admin.post(`/inbox/inbound/${failed.inbound_email_id}/reprocess`, { _csrf: 'forged' });
    expect(forged.status).toBe(403);
  });

  it('speaks the agent’s language', async () => {
    const admin = await browser('admin', 'sv');
    const page = await (await admin.get('/inbox/inbound')).text();
    expect(page).toContain('<html lang="sv" dir="ltr">');
    expect(page).toContain('Inkommande post som behöver åtgärd');
    const hebrew = await (await (await browser('admin', 'he')).get('/inbox/api-keys')).text();
    expect(hebrew).toContain('dir="rtl"');
  });
});

describe('/inbox/api-keys', () => {
  it('shows a new key once, lists it by prefix only, and revokes it', async () => {
    const admin = await browser('admin');
    const created = await admin.post('/inbox/api-keys', { name: 'crm-sync', role: 'standard', expires_at: '' });
    expect(created.status).toBe(201);
    expect(created.headers.get('cache-control')).toBe('no-store');
    const page = await created.text();
    const secret = /<code class="secret">([^<]+)<\/code>/.exec(page)?.[1];
    expect(secret).toBeDefined();
    expect((await authenticateApiKey(t.deps, secret!)).role).toBe('standard');

    const list = await (await admin.get('/inbox/api-keys')).text();
    expect(list).toContain('crm-sync');
    expect(list).not.toContain(secret!);
    const id = (await findApiKeyByName(t.deps.db, 'crm-sync'))!.id;
    expect(list).toContain(`/inbox/api-keys/${id}/revoke`);
    const revoked = await admin.post(`/inbox/api-keys/${id}/revoke`, {});
    expect(revoked.status).toBe(303);
    await expect(authenticateApiKey(t.deps, secret!)).rejects.toThrow(/revoked/);
    expect(await (await admin.get('/inbox/api-keys')).text()).toContain('Revoked');
  });

  it('re-shows the form with the field that was wrong', async () => {
    const admin = await browser('admin');
    const blank = await admin.post('/inbox/api-keys', { name: '   ', role: 'standard' });
    expect(blank.status).toBe(422);
    expect(await blank.text()).toContain('Please check the form: Name: 1 to 100 characters');
    const past = await admin.post('/inbox/api-keys', { name: 'old', role: 'admin', expires_at: '2020-01-01' });
    expect(past.status).toBe(422);
    expect(await past.text()).toContain('Valid through: expected a time in the future');
    await admin.post('/inbox/api-keys', { name: 'twice', role: 'standard' });
    const twice = await admin.post('/inbox/api-keys', { name: 'twice', role: 'standard' });
    expect(twice.status).toBe(422);
    expect(await twice.text()).toContain('This clashes with something that exists: Name: this is in use already');
  });

  it('is for admins only', async () => {
    const agent = await browser('agent');
    expect((await agent.get('/inbox/api-keys')).status).toBe(403);
    expect((await agent.post('/inbox/api-keys', { name: 'sneaky' })).status).toBe(403);
  });
});
