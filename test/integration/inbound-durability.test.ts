// Fault injection on the real embedded database: a second connection holds the write lock
// longer than the busy timeout while replies arrive. An answer of 2xx must mean the raw
// message is committed (a fresh connection sees it); everything else must be a 503.
import Database from 'libsql';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/http/app.ts';
import { fixture, postInbound, send, withHeader, type Sent } from '../support/inbound-helpers.ts';
import { createTestContext, type TestContext } from '../support/test-deps.ts';

const BUSY_TIMEOUT_MS = 40;

let t: TestContext;
let locker: InstanceType<typeof Database>;
let sent: Sent;
beforeEach(async () => {
  t = await createTestContext({}, { busyTimeoutMs: BUSY_TIMEOUT_MS });
  locker = new Database(t.dbPath);
  sent = await send(t, { to: 'astrid.lindqvist@example.se', subject: 'Din order SE-10442 är skickad', text: 'Hej Astrid!' });
});
afterEach(() => {
  if (locker.inTransaction) locker.exec('ROLLBACK');
  locker.close();
  t.cleanup();
});

function reply(n: number): Uint8Array<ArrayBuffer> {
  const raw = fixture('gmail-sv-reply-token.eml', { TO_ADDRESS: sent.replyAddress });
  return withHeader(raw, 'Message-ID', `<durability-${n}@mail.gmail.com>`);
}

/** What another process sees: a connection opened after the fact, not the app's. */
function committedInboundIds(): Set<string> {
  const fresh = new Database(t.dbPath);
  try {
    return new Set((fresh.prepare('select id from inbound_emails').all() as { id: string }[]).map((r) => r.id));
  } finally {
    fresh.close();
  }
}

function committedMessageCount(): number {
  const fresh = new Database(t.dbPath);
  try {
    return (fresh.prepare("select count(*) as n from messages where direction = 'in'").get() as { n: number }).n;
  } finally {
    fresh.close();
  }
}

describe('inbound mail while another connection holds the write lock past the busy timeout', () => {
  it('answers 503 while locked, and every 2xx before and after is committed and processed', async () => {
    const answers: { n: number; status: number; id?: string; processingError?: string }[] = [];
    const deliverReply = async (n: number) => {
      const res = await postInbound(t, reply(n), { from: 'astrid.lindqvist@example.se', to: sent.replyAddress });
      answers.push({ n, status: res.status, id: res.body?.inbound_email_id, processingError: res.body?.processing_error });
    };

    for (let n = 0; n < 3; n++) await deliverReply(n);
    locker.exec('BEGIN EXCLUSIVE');
    for (let n = 3; n < 8; n++) await deliverReply(n);
    locker.exec('COMMIT');
    for (let n = 8; n < 14; n++) await deliverReply(n);

    const during = answers.filter((a) => a.n >= 3 && a.n < 8);
    expect(during.map((a) => a.status)).toEqual([503, 503, 503, 503, 503]);
    for (const a of answers) expect([202, 503], `reply ${a.n}`).toContain(a.status);

    const acknowledged = answers.filter((a) => a.status === 202);
    expect(acknowledged.map((a) => a.n)).toEqual([0, 1, 2, 8, 9, 10, 11, 12, 13]);
    for (const a of acknowledged) expect(a.processingError, `reply ${a.n}`).toBeUndefined();
    const committed = committedInboundIds();
    for (const a of acknowledged) expect(committed.has(a.id!), `reply ${a.n} was acknowledged but is not committed`).toBe(true);
    expect(committed.size).toBe(acknowledged.length);
    expect(committedMessageCount()).toBe(acknowledged.length);

    // The lock never reached the application's own connection: another process can still write.
    locker.exec('BEGIN IMMEDIATE');
    locker.exec('COMMIT');
  });

  it('a sender retry of a message refused during the lock is stored once the lock is gone', async () => {
    locker.exec('BEGIN EXCLUSIVE');
    const refused = await postInbound(t, reply(1), { from: 'astrid.lindqvist@example.se', to: sent.replyAddress });
    expect(refused.status).toBe(503);
    expect(refused.body.error).toMatchObject({ code: 'DatabaseUnavailable' });
    locker.exec('ROLLBACK');

    const retried = await postInbound(t, reply(1), { from: 'astrid.lindqvist@example.se', to: sent.replyAddress });
    expect(retried.status).toBe(202);
    expect(retried.body.status).toBe('stored');
    expect(committedInboundIds()).toEqual(new Set([retried.body.inbound_email_id]));
    expect(committedMessageCount()).toBe(1);
  });
});

describe('/health', () => {
  it('answers 503 while the database cannot take a write, and 200 once it can', async () => {
    const app = createApp(t.deps);
    expect((await app.request('/health')).status).toBe(200);

    locker.exec('BEGIN EXCLUSIVE');
    const locked = await app.request('/health');
    expect(locked.status).toBe(503);
    expect(await locked.json()).toMatchObject({ status: 'degraded', db: 'unreachable' });
    locker.exec('COMMIT');

    const after = await app.request('/health');
    expect(after.status).toBe(200);
    expect(await after.json()).toMatchObject({ status: 'ok', db: 'ok' });
  });
});
