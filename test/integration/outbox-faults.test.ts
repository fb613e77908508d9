// Fault injection end to end: 11 messages (3 single sends, a bulk send of 8) go through the
// outbox while the Resend stand-in answers every idempotency key 429 → 500 → timeout (the
// email IS sent, the answer never comes) → success. Two runners with their own database
// connections tick at the same time, and one claim expires while its request is in flight.
// At the end every message has been delivered exactly once.
import { createClient, type Client } from '@libsql/client';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { messages, outbox } from '../../db/schema.ts';
import type { Deps } from '../../src/deps.ts';
import { createResendMailer } from '../../src/mail/resend.ts';
import { deliverOutbox, type DeliveryReport } from '../../src/services/deliverOutbox.ts';
import { sendBulk } from '../../src/services/sendBulk.ts';
import { sendMessage } from '../../src/services/sendMessage.ts';
import { configureEmbeddedDatabase, createDb } from '../../src/store/db.ts';
import { useOutboundContext } from '../support/contexts.ts';
import type { Fault } from '../support/resend-server.ts';

const MINUTES_10 = 10 * 60 * 1000;
const SCRIPT: Fault[] = [{ status: 429, retryAfterSeconds: 1 }, { status: 500 }, { lostAnswer: 'hang' }];

const { resend, t } = useOutboundContext({ mailer: 'recording', api: false });
let secondClient: Client;

beforeEach(async () => {
  secondClient = createClient({ url: `file:${t.dbPath}` });
  await configureEmbeddedDatabase(secondClient);
});
afterEach(() => secondClient.close());

const mailer = () => createResendMailer({ apiKey: 're_test_123', baseUrl: resend.url, timeoutMs: 1500 });

it('11 messages, every key failing 429 → 500 → timeout first, two runners, an expired claim: each delivered once', async () => {
  const runnerA: Deps = { ...t.deps, mailer: mailer() };
  const runnerB: Deps = { ...t.deps, db: createDb(secondClient), mailer: mailer() };
  const reports: DeliveryReport[] = [];
  const tick = async (deps: Deps) => reports.push(await deliverOutbox(deps, { limit: 4 }));

  // Each key gets the script; the first single's third request is held instead, so that its
  // claim can expire while the request is in flight.
  const seen = new Map<string, number>();
  let heldKey: string | null = null;
  let release!: () => void;
  let reachedHold!: () => void;
  const holdReached = new Promise<void>((resolve) => (reachedHold = resolve));
  resend.failWhen((req) => {
    const key = req.headers['idempotency-key'];
    if (!key) return null;
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    if (key === heldKey && n === 2) {
      reachedHold();
      // biome-ignore lint/suspicious/noThenProperty: the stand-in's fault script says what happens after the hold
      return { hold: new Promise<void>((resolve) => (release = resolve)), then: 'lose' };
    }
    return SCRIPT[n] ?? null;
  });

  // Three single sends, each queued and first tried alone.
  const singles = [];
  for (const [i, runner] of [runnerA, runnerB, runnerA].entries()) {
    singles.push((await sendMessage(t.deps, { to: `single${i}@example.com`, subject: `Single ${i}`, text: `Hello ${i}` })).message);
    await tick(runner);
  }
  heldKey = singles[0]!.id;
  const bulk = await sendBulk(t.deps, {
    subject: 'News',
    text: 'Our news',
    recipients: Array.from({ length: 8 }, (_, i) => ({ to: `bulk${i}@example.com` })),
  });
  expect(bulk.every((r) => r.status === 'queued')).toBe(true);

  let expired = false;
  for (let round = 0; round < 20; round++) {
    const open = await t.deps.db.$count(outbox, undefined);
    const done = (await t.deps.db.select({ status: outbox.status }).from(outbox)).filter((j) => j.status === 'done').length;
    if (done === open) break;
    t.clock.advance(MINUTES_10);
    const ticks = Promise.all([tick(runnerA), tick(runnerB)]);
    if (!expired && (await Promise.race([holdReached.then(() => true), ticks.then(() => false)]))) {
      // The runner sending the held request stalls beyond its lease: another tick takes over.
      expired = true;
      t.clock.advance(MINUTES_10);
      await tick(runnerB);
      release();
    }
    await ticks;
  }
  expect(expired).toBe(true);

  const rows = await t.deps.db.select().from(messages);
  expect(rows).toHaveLength(11);
  expect(rows.map((m) => m.status)).toEqual(Array(11).fill('sent'));
  expect((await t.deps.db.select().from(outbox)).map((j) => j.status)).toEqual(Array(11).fill('done'));

  const { byRecipient, byMessageId } = resend.deliveries();
  expect(byRecipient.size).toBe(11);
  expect([...byRecipient.values()]).toEqual(Array(11).fill(1));
  expect([...byMessageId.values()]).toEqual(Array(11).fill(1));
  const sentIdOf = (messageIdHeader: string | null) =>
    resend.sent.find((s) => (s.email.headers as Record<string, string>)['Message-ID'] === `<${messageIdHeader}>`)?.id;
  for (const m of rows) expect(m.providerId).toBe(sentIdOf(m.messageIdHeader));

  // Every key carried one request body, byte for byte, and every message travelled under one key.
  const requestsByKey = new Map<string, typeof resend.requests>();
  for (const r of resend.requests) {
    const key = r.headers['idempotency-key']!;
    requestsByKey.set(key, [...(requestsByKey.get(key) ?? []), r]);
  }
  const keysByMessage = new Map<string, Set<string>>();
  for (const [key, requests] of requestsByKey) {
    expect(new Set(requests.map((r) => `${r.path}\n${r.rawBody}`)).size, key).toBe(1);
    expect(
      requests.slice(0, 3).map((r) => r.answeredWith),
      key,
    ).toEqual([429, 500, 0]);
    expect(requests.at(-1)!.answeredWith, key).toBe(200);
    const body = requests[0]!.body;
    for (const email of (Array.isArray(body) ? body : [body]) as { headers: Record<string, string> }[]) {
      keysByMessage.set(email.headers['Message-ID']!, new Set([...(keysByMessage.get(email.headers['Message-ID']!) ?? []), key]));
    }
  }
  expect(keysByMessage.size).toBe(11);
  expect([...keysByMessage.values()].map((keys) => keys.size)).toEqual(Array(11).fill(1));
  expect([...requestsByKey.values()].some((requests) => requests.some((r) => r.path === '/emails/batch'))).toBe(true);

  // The take-over happened: a request refused as concurrent, and a runner that kept out.
  expect(resend.requests.filter((r) => r.answeredWith === 409)).toHaveLength(1);
  expect(reports.reduce((n, r) => n + r.lostClaims, 0)).toBeGreaterThanOrEqual(1);
});
