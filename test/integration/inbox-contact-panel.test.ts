// The thread page's contact panel shows what automation decided for the contact, with the reason.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/domain/encoding.ts';
import { createApp } from '../../src/http/app.ts';
import { signIn } from '../../src/services/agentAuth.ts';
import { createAgentWithPassword } from '../../src/services/agents.ts';
import { runScheduled } from '../../src/services/runScheduled.ts';
import { findLiveSession } from '../../src/store/sessions.ts';
import { apiClient, type ApiClient } from '../support/api-client.ts';
import { deliver } from '../support/inbound-helpers.ts';
import { createTestContext, type TestContext } from '../support/test-deps.ts';

let t: TestContext;
let api: ApiClient;
let cookie: string;

beforeEach(async () => {
  t = await createTestContext();
  api = await apiClient(t);
  const password = 'a long admin password';
  await createAgentWithPassword(t.deps, { email: 'admin@acme.example', name: 'Admin', role: 'admin', password });
  const { token } = await signIn(t.deps, { email: 'admin@acme.example', password, client: 'test', userAgent: null });
  expect(await findLiveSession(t.deps.db, await sha256Hex(token), t.clock.now())).toBeTruthy();
  cookie = `samtal_session=${token}`;
});
afterEach(() => t.cleanup());

const raw = (text: string) =>
  new TextEncoder().encode(
    `From: Ana <ana@example.com>\r\nTo: support@acme.example\r\nSubject: Hello\r\nMessage-ID: <p1@example.com>\r\n\r\n${text}\r\n`,
  );

describe('contact panel: automated mail', () => {
  it('lists the triggers’ decisions for the contact, newest first, with reasons', async () => {
    const conversationId = (await deliver(t, raw('Where is my order?'))).conversation_id!;
    const page = async () =>
      (await createApp(t.deps).request(`http://localhost/inbox/c/${conversationId}`, { headers: { cookie } })).text();
    expect(await page()).toContain('None yet');

    const res = await api.json('POST', '/api/v1/events', {
      name: 'order_placed',
      contact: { email: 'ana@example.com' },
      properties: { order_id: 'A-1' },
    });
    expect(res.status).toBe(202);
    await api.json('POST', '/api/v1/events', {
      name: 'order_placed',
      contact: { email: 'ana@example.com' },
      properties: { order_id: 'A-1' },
    });
    await runScheduled(t.deps);

    const html = await page();
    const panel = html.slice(html.indexOf('<h3>Automated mail</h3>'), html.indexOf('<h3>Other conversations</h3>'));
    expect(panel).toContain('order_confirmation');
    expect(panel).toMatch(/order_confirmation<\/bdi>: sent/);
    expect(panel).toMatch(/replenishment_reminder<\/bdi>: scheduled for/);
    expect(panel).not.toContain('None yet');
  });
});
