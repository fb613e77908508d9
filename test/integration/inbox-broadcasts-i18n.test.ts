// The broadcast pages in the agent's language and time zone: the list in Swedish, Hebrew mirrored (dir=rtl),
// times shown through Intl in the agent's zone, and "Send at" read on the agent's wall clock.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { broadcasts } from '../../db/schema.ts';
import { createApp } from '../../src/http/app.ts';
import { authenticateSession, signIn } from '../../src/services/agentAuth.ts';
import { createAgentWithPassword } from '../../src/services/agents.ts';
import { updateAgent } from '../../src/store/agents.ts';
import { useApiContext } from '../support/contexts.ts';

const { t, api } = useApiContext();
const PASSWORD = 'correct horse battery staple';

async function admin(locale: string, timeZone: string) {
  const email = `admin-${locale}@acme.example`;
  const agent = await createAgentWithPassword(t.deps, { email, name: 'Ana', role: 'admin', password: PASSWORD });
  await updateAgent(t.deps.db, agent.id, { locale, timeZone });
  const { token } = await signIn(t.deps, { email, password: PASSWORD, client: 'test', userAgent: null });
  const csrf = (await authenticateSession(t.deps, token))!.session.csrfSecret;
  const app = createApp(t.deps);
  const cookie = `samtal_session=${token}`;
  return {
    get: async (path: string) => (await app.request(`http://localhost${path}`, { headers: { cookie } })).text(),
    post: (path: string, fields: Record<string, string>) =>
      app.request(`http://localhost${path}`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost' },
        body: new URLSearchParams({ _csrf: csrf, ...fields }),
      }),
  };
}

async function draft(): Promise<string> {
  const res = await api.json('POST', '/api/v1/broadcasts', {
    name: 'Vinternyheter',
    subject: 'News',
    text: 'Hello\n\nUnsubscribe: {{ unsubscribe_url }}\n',
    rule: 'attributes.wave = 1',
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id;
}

describe('/inbox/broadcasts in the agent’s language', () => {
  it('shows a Swedish agent the list in Swedish, with the created time in their zone', async () => {
    t.clock.set(Date.parse('2026-12-01T08:05:00Z'));
    const id = await draft();
    const page = await (await admin('sv', 'Europe/Stockholm')).get('/inbox/broadcasts');
    expect(page).toContain('<html lang="sv" dir="ltr">');
    expect(page).toContain('<h1>Utskick</h1>');
    expect(page).toContain('<h2>Nytt utskick</h2>');
    expect(page).toMatch(new RegExp(`data-broadcast="${id}"[\\s\\S]*?>utkast<`));
    expect(page).not.toContain('>draft<');
    // 08:05 UTC is 09:05 in Stockholm, written the Swedish way.
    const created = new Intl.DateTimeFormat('sv', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Stockholm' });
    expect(page).toContain(created.format(Date.parse('2026-12-01T08:05:00Z')));
    expect(page).toContain('09:05');
    expect(page).not.toContain('2026-12-01 08:05');
  });

  it('mirrors the page for a Hebrew agent', async () => {
    const id = await draft();
    const agent = await admin('he', 'Asia/Jerusalem');
    const list = await agent.get('/inbox/broadcasts');
    expect(list).toContain('dir="rtl"');
    expect(list).toContain('<h1>דיוורים</h1>');
    const one = await agent.get(`/inbox/broadcasts/${id}`);
    expect(one).toContain('dir="rtl"');
    expect(one).toContain('בדיקה מקדימה');
  });

  it("reads Send at on the agent's wall clock and shows the schedule in their zone and language", async () => {
    t.clock.set(Date.parse('2026-12-01T08:00:00Z'));
    const id = await draft();
    const agent = await admin('sv', 'Asia/Tokyo');
    const res = await agent.post(`/inbox/broadcasts/${id}/schedule`, { at: '2026-12-24T09:00', acknowledge_warnings: 'true' });
    expect(res.status, await res.clone().text()).toBe(303);
    const [row] = await t.deps.db.select().from(broadcasts).where(eq(broadcasts.id, id));
    expect(row?.sendAt).toBe(Date.parse('2026-12-24T00:00:00Z'));
    const page = await agent.get(`/inbox/broadcasts/${id}`);
    expect(page).toContain('Schemalagt till');
    expect(page).toContain('<time datetime="2026-12-24T00:00:00.000Z">');
    expect(page).toContain('09:00');
    expect(page).toContain('data-text-of-other="{handled} av {total} hanterade"');
    expect(page).toContain('&quot;scheduled&quot;:&quot;schemalagt&quot;');
  });

  it('refuses a Send at that does not exist on the agent’s clock, saying which field and zone', async () => {
    const id = await draft();
    const agent = await admin('en', 'Europe/Stockholm');
    const res = await agent.post(`/inbox/broadcasts/${id}/schedule`, { at: '2026-02-30T09:00', acknowledge_warnings: 'true' });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('Send at: expected a date and time that exists in Europe/Stockholm');
  });
});
