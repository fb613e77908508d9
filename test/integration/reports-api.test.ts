// Reports over real conversations: customers write through the inbound pipeline, agents answer
// through agentReply, automated mail goes through the outbox; the clock is the test's.
import { describe, expect, it } from 'vitest';
import { agentReply } from '../../src/services/agentReply.ts';
import { createAgentWithPassword } from '../../src/services/agents.ts';
import { deliverOutbox } from '../../src/services/deliverOutbox.ts';
import { deliver, send } from '../support/inbound-helpers.ts';
import { useApiContext } from '../support/contexts.ts';

const { t, api } = useApiContext();
const H = 3_600_000;
let n = 0;

const mail = (from: string, to: string, subject: string, body: string) =>
  new TextEncoder().encode(
    `From: ${from}\r\nTo: ${to}\r\nSubject: ${subject}\r\nMessage-ID: <m${++n}@example.com>\r\n` +
      `Date: ${new Date(t.clock.now()).toUTCString()}\r\n` +
      `Content-Type: text/plain; charset=utf-8\r\n\r\n${body}\r\n`,
  );

async function customerWrites(email: string, subject: string) {
  return (await deliver(t, mail(email, 'support@acme.example', subject, `Hello, I have a question about ${subject}.`))).conversation_id!;
}

describe('GET /api/v1/reports/first-response', () => {
  it('gives median, p90 and the share within 24 h by week and by agent, counting late unanswered ones', async () => {
    t.clock.set(Date.parse('2026-11-02T08:00:00Z'));
    const ana = await createAgentWithPassword(t.deps, {
      email: 'ana@acme.example',
      name: 'Ana',
      role: 'agent',
      password: 'correct horse battery',
    });
    const bo = await createAgentWithPassword(t.deps, {
      email: 'bo@acme.example',
      name: 'Bo',
      role: 'agent',
      password: 'correct horse battery',
    });
    const c1 = await customerWrites('p1@example.com', 'shipping');
    const c2 = await customerWrites('p2@example.com', 'refund');
    await customerWrites('p3@example.com', 'invoice');
    t.clock.advance(2 * H);
    await agentReply(t.deps, ana, { conversationId: c1, text: 'Here is the answer.', seenUpTo: t.clock.now(), force: true });
    t.clock.advance(28 * H);
    await agentReply(t.deps, bo, { conversationId: c2, text: 'Sorry for the wait.', seenUpTo: t.clock.now(), force: true });
    // A second week: one answered in an hour, one too recent to judge.
    t.clock.set(Date.parse('2026-11-10T08:00:00Z'));
    const c4 = await customerWrites('p4@example.com', 'opening hours');
    t.clock.advance(H);
    await agentReply(t.deps, ana, { conversationId: c4, text: 'We open at nine.', seenUpTo: t.clock.now(), force: true });
    await customerWrites('p5@example.com', 'gift cards');

    const weeks = await api.json('GET', '/api/v1/reports/first-response?from=2026-11-01&to=2026-11-30');
    expect(weeks.status).toBe(200);
    expect(weeks.body.target_minutes).toBe(1440);
    expect(weeks.body.rows).toEqual([
      { group: '2026-11-02', conversations: 3, answered: 2, median_minutes: 960, p90_minutes: 1632, within_target: 0.3333 },
      { group: '2026-11-09', conversations: 2, answered: 1, median_minutes: 60, p90_minutes: 60, within_target: 1 },
    ]);
    expect(weeks.body.total).toMatchObject({ conversations: 5, answered: 3, within_target: 0.5 });

    const agents = await api.json('GET', '/api/v1/reports/first-response?from=2026-11-01&to=2026-11-30&group=agent');
    expect(agents.body.rows.map((r: { group: string; conversations: number }) => [r.group, r.conversations])).toEqual([
      ['(unanswered)', 2],
      ['Ana', 2],
      ['Bo', 1],
    ]);

    const csv = await api.request('GET', '/api/v1/reports/first-response?from=2026-11-01&to=2026-11-30', undefined, { accept: 'text/csv' });
    const lines = (await csv.text()).trim().split('\n');
    expect(lines[0]).toBe('group,conversations,answered,median_minutes,p90_minutes,within_target');
    expect(lines[1]).toBe('2026-11-02,3,2,960,1632,0.3333');

    const none = await api.json('GET', '/api/v1/reports/first-response?from=2026-11-20&to=2026-11-30');
    expect(none.body).toMatchObject({ rows: [], total: null });
  });

  it('refuses bad bounds and groups by field', async () => {
    const res = await api.json('GET', '/api/v1/reports/first-response?from=yesterday&group=month');
    expect(res.status).toBe(400);
    expect(res.body.error.issues.map((i: { field: string }) => i.field).sort()).toEqual(['from', 'group']);
    const backwards = await api.json('GET', '/api/v1/reports/reply-rate?from=2026-11-30&to=2026-11-01');
    expect(backwards.status).toBe(400);
  });
});

describe('GET /api/v1/reports/reply-rate and /deliverability', () => {
  it('counts the share of sent mail a person answered within 7 days, per template and per category', async () => {
    t.clock.set(Date.parse('2026-11-02T08:00:00Z'));
    const welcomes = [];
    for (const who of ['a', 'b', 'c', 'd']) {
      welcomes.push(await send(t, { to: `${who}@example.com`, template: 'welcome', data: {} }));
    }
    await send(t, { to: 'e@example.com', subject: 'Your receipt', text: 'Thanks', category: 'transactional' });
    await deliverOutbox(t.deps);
    t.clock.advance(H);
    await deliver(t, mail('a@example.com', welcomes[0]!.replyAddress, 'Re: Welcome', 'Thanks, a question.'));
    t.clock.advance(8 * 24 * H);
    // Too late to count as a reply to the welcome.
    await deliver(t, mail('b@example.com', welcomes[1]!.replyAddress, 'Re: Welcome', 'Late answer.'));

    const byTemplate = await api.json('GET', '/api/v1/reports/reply-rate?from=2026-11-01&to=2026-11-30');
    expect(byTemplate.body.rows).toEqual([
      { group: '(no template)', sent: 1, replied: 0, reply_rate: 0 },
      { group: 'welcome', sent: 4, replied: 1, reply_rate: 0.25 },
    ]);
    const byCategory = await api.json('GET', '/api/v1/reports/reply-rate?from=2026-11-01&to=2026-11-30&group=category');
    expect(byCategory.body.rows.map((r: { group: string; sent: number }) => [r.group, r.sent])).toEqual([['transactional', 5]]);

    const deliverability = await api.json('GET', '/api/v1/reports/deliverability?from=2026-11-01&to=2026-11-30&group=week');
    expect(deliverability.body.rows).toEqual([
      expect.objectContaining({ group: '2026-11-02', sent: 5, bounced: 0, complaints: 0, complaint_rate: 0, warning: null }),
    ]);
  });
});

describe('GET /api/v1/reports/automation', () => {
  it('answers an empty report when nothing was automated', async () => {
    const res = await api.json('GET', '/api/v1/reports/automation');
    expect(res.status).toBe(200);
    expect(res.body.rows).toEqual([]);
  });
});
