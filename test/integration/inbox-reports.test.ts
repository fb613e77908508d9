// /inbox/reports renders every report with its chart and figures for a range with data, the CSV downloads answer the
// report's rows, and a bad range says what to do.
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/domain/encoding.ts';
import { createApp } from '../../src/http/app.ts';
import { signIn } from '../../src/services/agentAuth.ts';
import { agentReply } from '../../src/services/agentReply.ts';
import { createAgentWithPassword } from '../../src/services/agents.ts';
import { deliverOutbox } from '../../src/services/deliverOutbox.ts';
import { findLiveSession } from '../../src/store/sessions.ts';
import { useApiContext } from '../support/contexts.ts';
import { deliver, send } from '../support/inbound-helpers.ts';

const { t } = useApiContext();
const H = 3_600_000;

async function get(path: string, headers: Record<string, string>) {
  const res = await createApp(t.deps).request(`http://localhost${path}`, { headers: { ...headers, accept: 'text/html' } });
  return {
    status: res.status,
    type: res.headers.get('content-type') ?? '',
    disposition: res.headers.get('content-disposition'),
    body: await res.text(),
  };
}

describe('/inbox/reports', () => {
  it('shows charts with their figures, and downloads CSV', async () => {
    t.clock.set(Date.parse('2026-11-02T08:00:00Z'));
    const password = 'correct horse battery';
    const ana = await createAgentWithPassword(t.deps, { email: 'ana@acme.example', name: 'Ana', role: 'agent', password });
    const welcome = await send(t, { to: 'cy@example.com', template: 'welcome', data: {} });
    await deliverOutbox(t.deps);
    const raw = (from: string, to: string) =>
      new TextEncoder().encode(
        `From: ${from}\r\nTo: ${to}\r\nSubject: Question\r\nMessage-ID: <${from}-q@example.com>\r\n` +
          `Date: ${new Date(t.clock.now()).toUTCString()}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nHello, a question.\r\n`,
      );
    const { conversation_id } = await deliver(t, raw('bo@example.com', 'support@acme.example'));
    t.clock.advance(2 * H);
    await agentReply(t.deps, ana, { conversationId: conversation_id!, text: 'Answer.', seenUpTo: t.clock.now(), force: true });
    await deliver(t, raw('cy@example.com', welcome.replyAddress));

    const { token } = await signIn(t.deps, { email: 'ana@acme.example', password, client: 'test', userAgent: null });
    const session = await findLiveSession(t.deps.db, await sha256Hex(token), t.clock.now());
    const headers = { cookie: `samtal_session=${token}`, 'x-csrf-token': session!.session.csrfSecret };

    const page = await get('/inbox/reports?from=2026-11-01&to=2026-11-30', headers);
    expect(page.status).toBe(200);
    for (const id of [
      'chart-first-response-times',
      'chart-first-response-within',
      'chart-first-response-agents',
      'chart-conversations',
      'chart-reply-rate-template',
      'chart-reply-rate-category',
      'chart-complaints',
    ]) {
      expect(page.body, id).toContain(`id="${id}"`);
    }
    expect(page.body).toMatch(/<svg[^>]+role="img"[^>]+aria-labelledby="chart-conversations-title chart-conversations-desc"/);
    expect(page.body).toContain('<path d="M');
    // The figures beside the charts: Ana answered 1 of 1 in 2 hours; the welcome got its reply.
    expect(page.body).toMatch(/<th scope="row">\u2068?Ana\u2069?<\/th><td>1<\/td><td>1<\/td><td>2<\/td>/);
    expect(page.body).toMatch(/<th scope="row">welcome<\/th><td>1<\/td><td>1<\/td><td>100%<\/td>/);
    expect(page.body).not.toContain('style=');
    // A Swedish agent reads the mail categories in Swedish (the CSV keeps the values).
    const swedish = await get('/inbox/reports?from=2026-11-01&to=2026-11-30', { ...headers, 'accept-language': 'sv' });
    const category = swedish.body.slice(swedish.body.indexOf('id="chart-reply-rate-category"'));
    expect(category).toMatch(/<th scope="row">(transaktionell|marknadsföring)<\/th>/);
    expect(category.slice(0, category.indexOf('</table>'))).not.toMatch(/>(transactional|marketing)</);
    expect(page.body).not.toMatch(/<script>/);

    const href = /href="(\/inbox\/reports\/csv\/first-response\?[^"]+)"/.exec(page.body)![1]!.replaceAll('&amp;', '&');
    const csv = await get(href, headers);
    expect(csv.type).toContain('text/csv');
    expect(csv.disposition).toBe('attachment; filename="first-response-week-2026-11-01-2026-11-30.csv"');
    expect(csv.body.split('\n')[0]).toBe('group,conversations,answered,median_minutes,p90_minutes,within_target');
    expect(csv.body.split('\n')[1]).toBe('2026-11-02,2,1,120,120,1');

    const bad = await get('/inbox/reports?from=2026-11-30&to=2026-11-01', headers);
    expect(bad.status).toBe(400);
    expect(bad.body).toContain('the From date must be on or before the To date');
  });
});
