// Support follow-ups: an agent's "follow up in N days if no reply". Sent after N days of silence in the
// agent's name, threaded into the conversation; stopped by a customer's reply (through the real inbound
// pipeline), another agent reply, a close, a suppression; at most 2; never twice, also with two runners.
import { createClient, type Client } from '@libsql/client';
import { and, asc, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { messages, outbox, scheduledJobs } from '../../db/schema.ts';
import { DAY_MS } from '../../src/domain/inbox/follow-up.ts';
import type { Deps } from '../../src/deps.ts';
import { createApp } from '../../src/http/app.ts';
import { signIn } from '../../src/services/agentAuth.ts';
import { agentReply } from '../../src/services/agentReply.ts';
import { createAgentWithPassword } from '../../src/services/agents.ts';
import { contactActivity } from '../../src/services/contactActivity.ts';
import { setConversationStatus } from '../../src/services/conversationActions.ts';
import { deliverOutbox } from '../../src/services/deliverOutbox.ts';
import { cancelFollowUp } from '../../src/services/followUps.ts';
import { JOB_LEASE_MS, claimDueWork, runClaimedJobs, runDueWork } from '../../src/services/runDueWork.ts';
import { sha256Hex } from '../../src/domain/encoding.ts';
import type { AgentRow } from '../../src/store/agents.ts';
import { updateContactRow } from '../../src/store/contacts.ts';
import { listDeliveryDecisions } from '../../src/store/delivery-decisions.ts';
import { configureEmbeddedDatabase, createDb } from '../../src/store/db.ts';
import type { MessageRow } from '../../src/store/messages.ts';
import { findLiveSession } from '../../src/store/sessions.ts';
import { addSuppression } from '../../src/store/suppressions.ts';
import { useTestContext } from '../support/contexts.ts';
import { receive } from '../support/inbound-helpers.ts';

const t = useTestContext();
let agent: AgentRow;
let other: Client | undefined;

beforeEach(async () => {
  agent = await createAgentWithPassword(t.deps, {
    email: 'ana@acme.example',
    name: 'Ana Berg',
    role: 'agent',
    password: 'a long agent password',
  });
});
afterEach(() => {
  other?.close();
  other = undefined;
});

const bytes = (text: string) => new Uint8Array(Buffer.from(text.replace(/\n/g, '\r\n'), 'utf8')) as Uint8Array<ArrayBuffer>;

/** Astrid writes to support; returns her conversation. */
async function customerWrites(): Promise<string> {
  const raw = bytes(
    'From: Astrid Lindqvist <astrid@example.se>\nTo: support@reply.acme.example\nSubject: Paketet har inte kommit\n' +
      'Message-ID: <first@example.se>\nContent-Type: text/plain; charset=utf-8\n\nHej! Var är mitt paket?\n',
  );
  const result = await receive(t, raw, { from: 'astrid@example.se', to: 'support@reply.acme.example' });
  if (result.outcome?.status !== 'processed') throw new Error('the first message was not processed');
  const conversationId = result.outcome.conversationId!;
  const conversation = await t.deps.db.query.conversations.findFirst({ where: (c, { eq }) => eq(c.id, conversationId) });
  await updateContactRow(t.deps.db, conversation!.contactId, { locale: 'sv-SE' });
  return conversationId;
}

/** Astrid answers the agent's message (reply address and In-Reply-To), through the inbound pipeline. */
async function customerReplies(to: MessageRow, n = 1) {
  const raw = bytes(
    `From: Astrid Lindqvist <astrid@example.se>\nTo: ${to.headers!['Reply-To']}\nSubject: Re: ${to.subject}\n` +
      `Message-ID: <answer-${n}@example.se>\nIn-Reply-To: <${to.messageIdHeader}>\nContent-Type: text/plain; charset=utf-8\n\n` +
      'Tack, nu kom det!\n',
  );
  const result = await receive(t, raw, { from: 'astrid@example.se', to: to.headers!['Reply-To']! });
  expect(result.outcome).toMatchObject({ status: 'processed', conversationId: to.conversationId });
}

function reply(conversationId: string, followUp?: { days: number; count: number }, by: AgentRow = agent) {
  return agentReply(t.deps, by, { conversationId, text: 'Paketet är på väg, det kommer på torsdag.', seenUpTo: t.clock.now(), followUp });
}

const outbound = (conversationId: string) =>
  t.deps.db
    .select()
    .from(messages)
    .where(and(eq(messages.conversationId, conversationId), eq(messages.direction, 'out')))
    .orderBy(asc(messages.createdAt), asc(messages.id));
const followUpJobs = () =>
  t.deps.db.select().from(scheduledJobs).where(eq(scheduledJobs.type, 'agent_follow_up')).orderBy(asc(scheduledJobs.runAt));
const decisions = async () =>
  (await listDeliveryDecisions(t.deps.db)).map((d) => ({ decision: d.decision, reason: d.reason, step: d.step }));

describe('agent follow-ups', () => {
  it('sends a follow-up after N days without a reply, in the agent’s name, threaded, in the contact’s locale, once', async () => {
    const conversationId = await customerWrites();
    const answer = await reply(conversationId, { days: 2, count: 1 });
    t.clock.advance(2 * DAY_MS - 60_000);
    expect(await runDueWork(t.deps)).toMatchObject({ claimed: 0 });
    t.clock.advance(60_000);
    expect(await runDueWork(t.deps)).toEqual({ claimed: 1, ran: 1, errors: 0 });

    const sent = await outbound(conversationId);
    expect(sent.map((m) => m.id)).toEqual([answer.id, expect.any(String)]);
    const followUp = sent[1]!;
    expect(followUp).toMatchObject({
      author: 'agent',
      authorAgentId: agent.id,
      fromAddress: 'Ana Berg <support@acme.example>',
      subject: 'Re: Paketet har inte kommit',
      template: 'follow_up',
      locale: 'sv',
      category: 'support',
      inReplyTo: answer.messageIdHeader,
      status: 'queued',
    });
    expect(followUp.references).toBe(`first@example.se ${answer.messageIdHeader}`);
    expect(followUp.text).toContain('Hej Astrid!');
    expect(followUp.text).toContain('”Paketet har inte kommit”');
    expect(followUp.text).toContain('Ana Berg');
    expect(followUp.headers!['Reply-To']).toBe(answer.headers!['Reply-To']);
    expect(await t.deps.db.select().from(outbox).where(eq(outbox.messageId, followUp.id))).toHaveLength(1);
    expect(await decisions()).toEqual([
      { decision: 'scheduled', reason: null, step: 1 },
      { decision: 'sent', reason: null, step: 1 },
    ]);

    await deliverOutbox(t.deps);
    const mail = t.mailer.sent.find((m) => m.id === followUp.id);
    expect(mail?.from).toBe('Ana Berg <support@acme.example>');

    t.clock.advance(30 * DAY_MS);
    expect(await runDueWork(t.deps)).toMatchObject({ claimed: 0 });
    expect(await outbound(conversationId)).toHaveLength(2);
  });

  it('is cancelled at once by a customer reply through the inbound pipeline, and never sent', async () => {
    const conversationId = await customerWrites();
    const answer = await reply(conversationId, { days: 1, count: 2 });
    t.clock.advance(3600_000);
    await customerReplies(answer);
    expect((await followUpJobs()).map((j) => j.status)).toEqual(['cancelled']);
    expect(await decisions()).toEqual([
      { decision: 'scheduled', reason: null, step: 1 },
      { decision: 'stopped', reason: 'Replied', step: 1 },
    ]);
    t.clock.advance(10 * DAY_MS);
    expect(await runDueWork(t.deps)).toMatchObject({ claimed: 0 });
    expect(await outbound(conversationId)).toHaveLength(1);
  });

  it('the handler stops a claimed follow-up when the customer replied meanwhile (its own check)', async () => {
    const conversationId = await customerWrites();
    const answer = await reply(conversationId, { days: 1, count: 1 });
    t.clock.advance(DAY_MS);
    const claim = await claimDueWork(t.deps);
    expect(claim.jobs).toHaveLength(1);
    await customerReplies(answer);
    expect(await runClaimedJobs(t.deps, claim)).toEqual({ claimed: 1, ran: 1, errors: 0 });
    expect(await outbound(conversationId)).toHaveLength(1);
    expect((await followUpJobs())[0]!.status).toBe('cancelled');
    expect((await decisions()).filter((d) => d.decision === 'stopped')).toEqual([{ decision: 'stopped', reason: 'Replied', step: 1 }]);
  });

  it('sends at most 2, each after N more days of silence', async () => {
    const conversationId = await customerWrites();
    await reply(conversationId, { days: 3, count: 2 });
    for (let day = 0; day < 20; day++) {
      t.clock.advance(DAY_MS);
      await runDueWork(t.deps);
    }
    const sent = await outbound(conversationId);
    expect(sent.map((m) => m.template)).toEqual([null, 'follow_up', 'follow_up']);
    expect(sent[2]!.createdAt - sent[1]!.createdAt).toBe(3 * DAY_MS);
    expect(sent[2]!.inReplyTo).toBe(sent[1]!.messageIdHeader);
    expect((await followUpJobs()).map((j) => j.status)).toEqual(['done', 'done']);
  });

  it('a second follow-up is stopped by a reply to the first', async () => {
    const conversationId = await customerWrites();
    await reply(conversationId, { days: 1, count: 2 });
    t.clock.advance(DAY_MS);
    await runDueWork(t.deps);
    const first = (await outbound(conversationId))[1]!;
    t.clock.advance(3600_000);
    await customerReplies(first);
    t.clock.advance(2 * DAY_MS);
    await runDueWork(t.deps);
    expect((await outbound(conversationId)).map((m) => m.template)).toEqual([null, 'follow_up']);
    expect((await followUpJobs()).map((j) => j.status)).toEqual(['done', 'cancelled']);
  });

  it('another agent reply cancels the pending follow-up (and may ask for its own)', async () => {
    const conversationId = await customerWrites();
    await reply(conversationId, { days: 2, count: 1 });
    t.clock.advance(DAY_MS);
    const bo = await createAgentWithPassword(t.deps, {
      email: 'bo@acme.example',
      name: 'Bo',
      role: 'agent',
      password: 'a long agent password',
    });
    const second = await reply(conversationId, { days: 2, count: 1 }, bo);
    expect((await followUpJobs()).map((j) => j.status)).toEqual(['cancelled', 'pending']);
    expect((await decisions()).map((d) => [d.decision, d.reason])).toEqual([
      ['scheduled', null],
      ['stopped', 'AgentAnswered'],
      ['scheduled', null],
    ]);
    t.clock.advance(2 * DAY_MS);
    await runDueWork(t.deps);
    const sent = await outbound(conversationId);
    expect(sent).toHaveLength(3);
    expect(sent[2]).toMatchObject({ authorAgentId: bo.id, fromAddress: 'Bo <support@acme.example>', inReplyTo: second.messageIdHeader });
  });

  it('is stopped when an agent closed the conversation later, but not by a reply that closes it', async () => {
    const conversationId = await customerWrites();
    await agentReply(t.deps, agent, {
      conversationId,
      text: 'Klart!',
      seenUpTo: t.clock.now(),
      statusAfter: 'closed',
      followUp: { days: 1, count: 2 },
    });
    t.clock.advance(DAY_MS);
    await runDueWork(t.deps);
    expect((await outbound(conversationId)).map((m) => m.template)).toEqual([null, 'follow_up']);
    t.clock.advance(3600_000);
    await setConversationStatus(t.deps, conversationId, 'open');
    await setConversationStatus(t.deps, conversationId, 'closed');
    t.clock.advance(DAY_MS);
    await runDueWork(t.deps);
    expect(await outbound(conversationId)).toHaveLength(2);
    expect((await decisions()).at(-1)).toEqual({ decision: 'stopped', reason: 'ConversationClosed', step: 2 });
  });

  it('is stopped when the address was suppressed (a hard bounce)', async () => {
    const conversationId = await customerWrites();
    await reply(conversationId, { days: 1, count: 1 });
    await addSuppression(t.deps.db, { email: 'astrid@example.se', reason: 'hard_bounce', createdAt: t.clock.now() });
    t.clock.advance(DAY_MS);
    await runDueWork(t.deps);
    expect(await outbound(conversationId)).toHaveLength(1);
    expect((await decisions()).at(-1)).toEqual({ decision: 'stopped', reason: 'Suppressed', step: 1 });
  });

  it('is never sent twice: two runners at once, and a runner whose claim was lost', async () => {
    other = createClient({ url: `file:${t.dbPath}` });
    await configureEmbeddedDatabase(other);
    const second: Deps = { ...t.deps, db: createDb(other) };
    const conversations = [await customerWrites()];
    await reply(conversations[0]!, { days: 1, count: 1 });
    t.clock.advance(DAY_MS);
    const reports = await Promise.all([runDueWork(t.deps), runDueWork(second)]);
    expect(reports.reduce((n, r) => n + r.ran, 0)).toBe(1);
    expect((await outbound(conversations[0]!)).map((m) => m.template)).toEqual([null, 'follow_up']);

    // A stale runner: its lease ran out, another runner took the job over and sent it; then the first one runs.
    const raw = bytes(
      'From: Per <per@example.se>\nTo: support@reply.acme.example\nSubject: Faktura\nMessage-ID: <per-1@example.se>\n\nHej\n',
    );
    const per = (await receive(t, raw, { from: 'per@example.se', to: 'support@reply.acme.example' })).outcome;
    const perConversation = per?.status === 'processed' ? per.conversationId! : '';
    await reply(perConversation, { days: 1, count: 1 });
    t.clock.advance(DAY_MS);
    const stale = await claimDueWork(t.deps);
    t.clock.advance(JOB_LEASE_MS);
    expect(await runDueWork(second)).toMatchObject({ claimed: 1, ran: 1 });
    await runClaimedJobs(t.deps, stale);
    expect((await outbound(perConversation)).map((m) => m.template)).toEqual([null, 'follow_up']);
  });

  it('a runner whose job was cancelled while it ran writes nothing (the claim check in the send batch)', async () => {
    const conversationId = await customerWrites();
    await reply(conversationId, { days: 1, count: 1 });
    t.clock.advance(DAY_MS);
    const claim = await claimDueWork(t.deps);
    await cancelFollowUp(t.deps, agent, conversationId, claim.jobs[0]!.id);
    expect(await runClaimedJobs(t.deps, claim)).toEqual({ claimed: 1, ran: 1, errors: 0 });
    expect(await outbound(conversationId)).toHaveLength(1);
    expect((await decisions()).map((d) => [d.decision, d.reason])).toEqual([
      ['scheduled', null],
      ['stopped', 'CancelledByAgent'],
    ]);
  });
});

describe('follow-ups in the contact activity', () => {
  it('pages one item at a time across its decisions (ids like <job>.sent) to the same list as one page', async () => {
    const conversationId = await customerWrites();
    await reply(conversationId, { days: 1, count: 2 });
    t.clock.advance(DAY_MS);
    await runDueWork(t.deps);
    const conversation = await t.deps.db.query.conversations.findFirst({ where: (c, { eq }) => eq(c.id, conversationId) });
    const whole = await contactActivity(t.deps, conversation!.contactId, { limit: 100 });
    expect(whole.items.map((i) => i.id)).toEqual(
      expect.arrayContaining([expect.stringMatching(/\.sent$/), expect.stringMatching(/\.scheduled$/)]),
    );
    const paged: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await contactActivity(t.deps, conversation!.contactId, { limit: 1, cursor });
      paged.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(paged).toEqual(whole.items.map((i) => i.id));
  });
});

describe('follow-ups in the inbox', () => {
  async function session() {
    const { token } = await signIn(t.deps, {
      email: 'ana@acme.example',
      password: 'a long agent password',
      client: 'test',
      userAgent: null,
    });
    const live = await findLiveSession(t.deps.db, await sha256Hex(token), t.clock.now());
    return { cookie: `samtal_session=${token}`, 'x-csrf-token': live!.session.csrfSecret };
  }
  const app = () => createApp(t.deps);
  const post = async (path: string, fields: Record<string, string>, headers: Record<string, string>) =>
    app().request(`http://localhost${path}`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields),
    });
  const page = async (id: string, headers: Record<string, string>) =>
    (await app().request(`http://localhost/inbox/c/${id}`, { headers })).text();

  it('the composer schedules a follow-up; the thread shows it with a cancel button, then what happened', async () => {
    const conversationId = await customerWrites();
    const headers = await session();
    const sent = await post(
      `/inbox/c/${conversationId}/reply`,
      { text: 'Det är på väg.', seen_up_to: String(t.clock.now()), follow_up_days: '2', follow_ups: '1' },
      headers,
    );
    expect(sent.status).toBe(303);
    const scheduled = await page(conversationId, headers);
    // The clock stands at 23 Nov 09:00 UTC.
    expect(scheduled).toContain('Follow-up on 25 Nov if no reply');
    const jobId = /follow-ups\/(sjb_[^/]+)\/cancel/.exec(scheduled)![1]!;
    expect((await post(`/inbox/c/${conversationId}/follow-ups/${jobId}/cancel`, {}, headers)).status).toBe(303);
    const cancelled = await page(conversationId, headers);
    expect(cancelled).toContain('Follow-up stopped on 23 Nov: cancelled');
    expect(cancelled).not.toContain('/cancel"');

    await post(
      `/inbox/c/${conversationId}/reply`,
      { text: 'Och en sak till.', seen_up_to: String(t.clock.now()), follow_up_days: '1', follow_ups: '2' },
      headers,
    );
    t.clock.advance(DAY_MS);
    await runDueWork(t.deps);
    const after = await page(conversationId, headers);
    expect(after).toContain('Follow-up (1 of 2) sent on 24 Nov');
    expect(after).toContain('Follow-up (2 of 2) on 25 Nov if no reply');
  });

  it('refuses a follow-up of 8 days or 3 follow-ups, naming the field, and sends nothing', async () => {
    const conversationId = await customerWrites();
    const headers = await session();
    for (const [fields, field, message] of [
      [{ follow_up_days: '8' }, 'follow_up_days', 'expected a number of days from 1 to 7'],
      [{ follow_up_days: '2', follow_ups: '3' }, 'follow_ups', 'expected 1 to 2'],
    ] as const) {
      const res = await post(`/inbox/c/${conversationId}/reply`, { text: 'Hej', ...fields }, headers);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { issues: unknown[] } }).error.issues).toEqual([{ field, message }]);
    }
    expect(await outbound(conversationId)).toHaveLength(0);
    expect(await followUpJobs()).toHaveLength(0);
  });
});
