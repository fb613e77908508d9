// The Worker bundle in workerd (wrangler dev), against libSQL over HTTP through the
// Hrana stand-in for Turso and wrangler's local R2 for blobs: health, a raw email through the email() handler, the
// scheduled() handler, one build per isolate, scheduled work through wrangler's local queue (the JOBS binding)
// and the database going away.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createClient, type Client } from '@libsql/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHranaServer, type HranaServer } from '../support/hrana-server.ts';
import { startResendStandIn, type ResendStandIn } from '../support/resend-server.ts';
import { svixSignature } from '../support/svix.ts';
import { REPO_ROOT, freePort, startProcess, waitForHttp, type RunningProcess } from '../support/processes.ts';
import { postSignIn } from '../support/http-sign-in.ts';

const run = promisify(execFile);
const raw = readFileSync(new URL('../fixtures/mail/swedish-reply.eml', import.meta.url));

let dir: string;
let hrana: HranaServer;
let hranaPort: number;
let dbFile: string;
let worker: RunningProcess;
let base: string;
let local: Client;
let resend: ResendStandIn;
const API_KEY = 'worker-test-api-key-0123456789abcdef';
const WEBHOOK_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

async function startWorker(databaseUrl: string): Promise<void> {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  const vars = {
    DATABASE_URL: databaseUrl,
    SECRET_KEY: 'worker-test-secret-key-0123456789abcdef',
    INBOUND_SECRET: 'worker-test-inbound-secret',
    SAMTAL_API_KEY: API_KEY,
    RESEND_API_KEY: 're_test_123',
    RESEND_BASE_URL: resend.url,
    RESEND_WEBHOOK_SECRET: WEBHOOK_SECRET,
  };
  worker = startProcess(
    'npx',
    [
      'wrangler',
      'dev',
      '--ip',
      '127.0.0.1',
      '--port',
      String(port),
      '--test-scheduled',
      // 'log' shows the Worker's own console lines (the test counts the isolate's builds in them).
      '--log-level',
      'log',
      '--persist-to',
      join(dir, 'wrangler-state'),
      ...Object.entries(vars).flatMap(([k, v]) => ['--var', `${k}:${v}`]),
    ],
    { WRANGLER_SEND_METRICS: 'false', CI: 'true', NO_COLOR: '1' },
  );
  await waitForHttp(`${base}/health`, worker, 120_000);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'samtal-worker-'));
  dbFile = join(dir, 'turso.db');
  hranaPort = await freePort();
  hrana = await startHranaServer({ url: `file:${dbFile}`, port: hranaPort });
  resend = await startResendStandIn({ apiKey: 're_test_123' });
  // The deploy guide's migration step, against the HTTP database.
  await run('npm', ['run', 'db:migrate'], { cwd: REPO_ROOT, env: { ...process.env, DATABASE_URL: hrana.url } });
  await run('npx', ['tsx', 'src/cli/main.ts', 'agent', 'create', 'ana@acme.example', 'Ana', 'Berg', '--admin'], {
    cwd: REPO_ROOT,
    env: { ...process.env, DATABASE_URL: hrana.url, SAMTAL_ADMIN_PASSWORD: 'worker admin password' },
  });
  await startWorker(hrana.url);
  local = createClient({ url: `file:${dbFile}` });
}, 180_000);

/** An object of wrangler's local R2 bucket (BLOBS), read with wrangler's own CLI from the persisted state. */
async function r2Object(key: string): Promise<Buffer> {
  const file = join(dir, 'r2-object');
  await run(
    'npx',
    ['wrangler', 'r2', 'object', 'get', `samtal-blobs/${key}`, '--local', '--persist-to', join(dir, 'wrangler-state'), '--file', file],
    {
      cwd: REPO_ROOT,
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: 'true' },
    },
  );
  return readFileSync(file);
}

afterAll(async () => {
  await worker?.stop();
  local?.close();
  await hrana?.close().catch(() => {});
  await resend?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('Worker in workerd', () => {
  it('db:migrate created the schema over HTTP', async () => {
    const tables = await local.execute(
      "select name from sqlite_master where type = 'table' and name in ('contacts','conversations','messages','inbound_emails','outbox')",
    );
    expect(tables.rows.map((r) => r.name).sort()).toEqual(['contacts', 'conversations', 'inbound_emails', 'messages', 'outbox']);
  });

  it('serves /health with the database ok', async () => {
    const res = await fetch(`${base}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', version: '0.1.0', db: 'ok' });
  });

  it('stores a raw email delivered to the email() handler', async () => {
    const res = await fetch(`${base}/cdn-cgi/handler/email?from=astrid.lindqvist%40example.se&to=reply%2Bcnv_test%40reply.acme.example`, {
      method: 'POST',
      body: raw,
    });
    expect(res.status).toBeLessThan(300);
    const rows = await local.execute(
      'select length(raw) as in_row, raw_key, raw_size, raw_sha256, envelope_from, envelope_to, source, dedupe_key ' +
        "from inbound_emails where source = 'email-routing'",
    );
    expect(rows.rows).toHaveLength(1);
    const row = rows.rows[0]!;
    // the message is in R2 (wrangler's local bucket), the row keeps key, size and sha256
    expect(row).toMatchObject({ in_row: 0, raw_size: raw.byteLength, raw_sha256: createHash('sha256').update(raw).digest('hex') });
    expect(Buffer.compare(await r2Object(String(row.raw_key)), raw)).toBe(0);
    expect(row.envelope_from).toBe('astrid.lindqvist@example.se');
    expect(row.envelope_to).toBe('reply+cnv_test@reply.acme.example');
    expect(row.dedupe_key).toBe('mid:CAF7rTz1-astrid-0001@mail.example.se');
  });

  it('keeps attachments in R2 and downloads them through the API', async () => {
    const pdf = Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 7) % 256));
    const mime =
      'From: Per <per@example.se>\r\nTo: support@reply.acme.example\r\nSubject: Kvitto\r\nMessage-ID: <r2-att-1@example.se>\r\n' +
      'MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b1"\r\n\r\n--b1\r\nContent-Type: text/plain\r\n\r\nSe bifogat.\r\n' +
      '--b1\r\nContent-Type: application/pdf; name="kvitto.pdf"\r\nContent-Disposition: attachment; filename="kvitto.pdf"\r\n' +
      `Content-Transfer-Encoding: base64\r\n\r\n${pdf.toString('base64').replace(/.{76}/g, '$&\r\n')}\r\n--b1--\r\n`;
    const res = await fetch(`${base}/cdn-cgi/handler/email?from=per%40example.se&to=support%40reply.acme.example`, {
      method: 'POST',
      body: mime,
    });
    expect(res.status).toBeLessThan(300);
    const att = (
      await local.execute(
        'select a.id, a.content, a.content_key from attachments a join messages m on m.id = a.message_id ' +
          "where m.message_id_header = 'r2-att-1@example.se'",
      )
    ).rows[0]!;
    expect(att.content).toBeNull();
    expect(Buffer.compare(await r2Object(String(att.content_key)), pdf)).toBe(0);
    const download = await fetch(`${base}/api/v1/attachments/${att.id}`, { headers: { authorization: `Bearer ${API_KEY}` } });
    expect(download.status).toBe(200);
    expect(Buffer.compare(Buffer.from(await download.arrayBuffer()), pdf)).toBe(0);
  });

  it('stores a redelivered email once', async () => {
    await fetch(`${base}/cdn-cgi/handler/email?from=astrid.lindqvist%40example.se&to=support%40reply.acme.example`, {
      method: 'POST',
      body: raw,
    });
    const rows = await local.execute(
      "select count(*) as n from inbound_emails where dedupe_key = 'mid:CAF7rTz1-astrid-0001@mail.example.se'",
    );
    expect(Number(rows.rows[0]!.n)).toBe(1);
  });

  it('accepts inbound over HTTP too, with the inbound secret', async () => {
    const other = Buffer.from(raw.toString('utf8').replace('astrid-0001', 'astrid-0002'));
    const res = await fetch(`${base}/inbound/mime?from=astrid.lindqvist%40example.se`, {
      method: 'POST',
      body: other,
      headers: { authorization: 'Bearer worker-test-inbound-secret' },
    });
    expect(res.status).toBe(202);
    expect(await res.json()).toMatchObject({ status: 'stored' });
  });

  it('refuses the API without a key and sends a templated message through Resend', async () => {
    expect((await fetch(`${base}/api/v1/contacts`)).status).toBe(401);
    const contact = await fetch(`${base}/api/v1/contacts`, {
      method: 'POST',
      headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'astrid.lindqvist@example.se', name: 'Astrid Lindqvist', locale: 'sv-SE' }),
    });
    expect([200, 201]).toContain(contact.status);
    const res = await fetch(`${base}/api/v1/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        to: 'astrid.lindqvist@example.se',
        template: 'order_confirmation',
        data: { order_number: 'SE-10442', items: [{ name: 'Ullfilt', quantity: 1, price: 499 }], total: 499, currency: 'SEK' },
      }),
    });
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as { id: string };
    await expect.poll(() => resend.sent.length, { timeout: 10_000 }).toBe(1);
    const sent = resend.sent[0]!;
    expect(sent.idempotencyKey).toBe(id);
    expect(sent.email.subject).toBe('Tack för din beställning SE-10442');
    expect(String(sent.email.text)).toContain('Hej Astrid');
    expect(String(sent.email.text)).toContain('499,00\u00a0kr');
    await expect
      .poll(async () => (await local.execute({ sql: 'select status from messages where id = ?', args: [id] })).rows[0]?.status, {
        timeout: 10_000,
      })
      .toBe('sent');
  });

  it('checks Resend webhook signatures with the Resend SDK in workerd and applies the event', async () => {
    const sent = (await local.execute('select provider_id from messages where provider_id is not null limit 1')).rows[0]!;
    const providerId = String(sent.provider_id);
    const body = JSON.stringify({ type: 'email.delivered', data: { email_id: providerId, to: ['astrid.lindqvist@example.se'] } });
    // The worker checks the timestamp against its own clock, the real one.
    const timestamp = String(Math.floor(Date.now() / 1000));
    const post = (signedBody: string, sentBody: string) =>
      fetch(`${base}/webhooks/resend`, {
        method: 'POST',
        headers: {
          'svix-id': 'msg_worker_1',
          'svix-timestamp': timestamp,
          'svix-signature': `v1,${svixSignature(WEBHOOK_SECRET, 'msg_worker_1', timestamp, signedBody)}`,
          'content-type': 'application/json',
        },
        body: sentBody,
      });
    expect((await post(body, body.replace('delivered', 'bounced'))).status).toBe(401);
    const res = await post(body, body);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ outcome: 'applied' });
    const status = await local.execute({ sql: 'select status from messages where provider_id = ?', args: [providerId] });
    expect(status.rows[0]!.status).toBe('delivered');
  });

  it.each([
    ['chinese-gb2312-reply.eml', 'wang.fang@example.cn', '王芳', '回复: 订单查询', '我的订单 SE-10442 还没有到', '写道'],
    ['hebrew-windows-1255.eml', 'noa.levi@example.co.il', 'נועה לוי', 'שאלה לגבי המשלוח', 'עדיין לא קיבלתי מספר מעקב', null],
  ])('decodes %s in workerd and threads it into a conversation', async (file, from, name, subject, replyStart, quoteMarker) => {
    const bytes = readFileSync(new URL(`../fixtures/mail/${file}`, import.meta.url));
    const res = await fetch(`${base}/cdn-cgi/handler/email?from=${encodeURIComponent(from)}&to=support%40reply.acme.example`, {
      method: 'POST',
      body: bytes,
    });
    expect(res.status).toBeLessThan(300);
    const auth = { authorization: `Bearer ${API_KEY}` };
    const contacts = (await (await fetch(`${base}/api/v1/contacts?email=${encodeURIComponent(from)}`, { headers: auth })).json()) as {
      data: { id: string; name: string; consent: { marketing: string } }[];
    };
    expect(contacts.data[0]).toMatchObject({ name, consent: { marketing: 'unknown' } });
    const list = (await (await fetch(`${base}/api/v1/conversations?contact_id=${contacts.data[0]!.id}`, { headers: auth })).json()) as {
      data: { id: string; status: string }[];
    };
    expect(list.data).toHaveLength(1);
    expect(list.data[0]!.status).toBe('open');
    const thread = (await (await fetch(`${base}/api/v1/conversations/${list.data[0]!.id}`, { headers: auth })).json()) as {
      subject: string;
      messages: { direction: string; subject: string; reply_text: string; quoted_text: string | null; classification: string }[];
    };
    expect(thread.subject).toBe(subject);
    expect(thread.messages).toHaveLength(1);
    expect(thread.messages[0]).toMatchObject({ direction: 'in', classification: 'message' });
    expect(thread.messages[0]!.reply_text.startsWith(replyStart.slice(0, 2)) || thread.messages[0]!.reply_text.includes(replyStart)).toBe(
      true,
    );
    expect(thread.messages[0]!.reply_text).toContain(replyStart);
    if (quoteMarker) {
      expect(thread.messages[0]!.quoted_text).toContain(quoteMarker);
      expect(thread.messages[0]!.reply_text).not.toContain(quoteMarker);
    }
  });

  it('refuses a message over 25 MiB in the email() handler with a reason', async () => {
    const big = Buffer.concat([Buffer.from('From: a@example.com\r\nSubject: big\r\n\r\n'), Buffer.alloc(25 * 1024 * 1024 + 10, 0x61)]);
    const before = Number((await local.execute('select count(*) as n from inbound_emails')).rows[0]!.n);
    const res = await fetch(`${base}/cdn-cgi/handler/email?from=a%40example.com&to=support%40reply.acme.example`, {
      method: 'POST',
      body: big,
    });
    const text = await res.text();
    // wrangler's Email Routing simulator enforces the same 25 MiB ceiling before our handler runs.
    expect(text.toLowerCase()).toMatch(/reject|too large|bigger than/);
    expect(Number((await local.execute('select count(*) as n from inbound_emails')).rows[0]!.n)).toBe(before);
  });

  it('serves the web inbox: sign in, list, thread, and the sanitized HTML viewer', async () => {
    const signIn = await postSignIn(base, 'ana@acme.example', 'worker admin password', '/inbox');
    expect(signIn.status).toBe(303);
    const session = signIn.headers.get('set-cookie')!.split(';')[0]!;
    const inbox = await fetch(`${base}/inbox`, { headers: { cookie: session } });
    expect(inbox.status).toBe(200);
    const list = await inbox.text();
    const conversation = /href="(\/inbox\/c\/cnv_[^"]+)"/.exec(list)![1]!;
    const thread = await fetch(`${base}${conversation}`, { headers: { cookie: session } });
    expect(thread.status).toBe(200);
    expect(await thread.text()).toContain('class="message customer');
    const html = '<p onclick="x()">Hej <b>där</b><script>alert(1)</script><img src="https://tracker.example/p.gif"></p>';
    const mime =
      'From: Eva <eva@example.se>\r\nTo: support@reply.acme.example\r\nSubject: HTML\r\nMessage-ID: <html-worker-1@example.se>\r\n' +
      `Content-Type: text/html; charset=utf-8\r\n\r\n${html}\r\n`;
    await fetch(`${base}/cdn-cgi/handler/email?from=eva%40example.se&to=support%40reply.acme.example`, { method: 'POST', body: mime });
    const id = (await local.execute("select id from messages where message_id_header = 'html-worker-1@example.se'")).rows[0]!.id as string;
    const viewer = await fetch(`${base}/inbox/m/${id}/html`, { headers: { cookie: session } });
    expect(viewer.status).toBe(200);
    expect(viewer.headers.get('content-security-policy')).toContain('sandbox');
    const body = await viewer.text();
    expect(body).toContain('<b>där</b>');
    expect(body).not.toMatch(/<script|onclick|tracker\.example/);
  });

  it('runs the scheduled() handler: a snoozed conversation whose time came reopens', async () => {
    const past = Date.now() - 60_000;
    await local.execute({
      sql:
        'insert into contacts (id, email, attributes, marketing_consent, created_at, updated_at) ' +
        "values ('con_sched', 'sched@example.com', '{}', 'unknown', ?, ?)",
      args: [past, past],
    });
    await local.execute({
      sql:
        'insert into conversations (id, contact_id, status, snoozed_until, last_message_at, created_at, updated_at) ' +
        "values ('cnv_sched', 'con_sched', 'snoozed', ?, ?, ?, ?)",
      args: [past, past, past, past],
    });
    const res = await fetch(`${base}/__scheduled?cron=*+*+*+*+*`);
    expect(res.status).toBe(200);
    let status: unknown;
    for (let i = 0; i < 40 && status !== 'open'; i++) {
      status = (await local.execute("select status from conversations where id = 'cnv_sched'")).rows[0]!.status;
      if (status !== 'open') await new Promise((r) => setTimeout(r, 250));
    }
    expect(status).toBe('open');
  });

  it('builds config, the libSQL client, Deps and the app once for the isolate, for all three handlers', async () => {
    expect((await fetch(`${base}/health`)).status).toBe(200);
    const mime = 'From: Per <per@example.se>\r\nSubject: once\r\nMessage-ID: <isolate-once@example.se>\r\n\r\nHej\r\n';
    const email = await fetch(`${base}/cdn-cgi/handler/email?from=per%40example.se&to=support%40reply.acme.example`, {
      method: 'POST',
      body: mime,
    });
    expect(email.status).toBeLessThan(300);
    expect((await fetch(`${base}/__scheduled?cron=*+*+*+*+*`)).status).toBe(200);
    // Every earlier test's requests went to the same isolate too.
    expect(worker.output().split('worker: deps and app built for this isolate').length - 1).toBe(1);
  });

  it('runs a due follow-up through the job queue: the Cron Trigger sends it, queue() sends the mail', async () => {
    const mime =
      'From: Lena <lena@example.se>\r\nTo: support@reply.acme.example\r\nSubject: Retur\r\n' +
      'Message-ID: <queue-path-1@example.se>\r\n\r\nHur returnerar jag skorna?\r\n';
    await fetch(`${base}/cdn-cgi/handler/email?from=lena%40example.se&to=support%40reply.acme.example`, { method: 'POST', body: mime });
    const found = await local.execute("select conversation_id from messages where message_id_header = 'queue-path-1@example.se'");
    const conversationId = String(found.rows[0]!.conversation_id);
    const signIn = await postSignIn(base, 'ana@acme.example', 'worker admin password', '/inbox');
    const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
    const page = await (await fetch(`${base}/inbox/c/${conversationId}`, { headers: { cookie } })).text();
    const field = (name: string) => new RegExp(`name="${name}" value="([^"]+)"`).exec(page)![1]!;
    const reply = await fetch(`${base}/inbox/c/${conversationId}/reply`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        _csrf: field('_csrf'),
        seen_up_to: field('seen_up_to'),
        text: 'Skicka dem med returetiketten.',
        follow_up_days: '1',
        follow_ups: '1',
      }),
    });
    expect(reply.status).toBe(303);
    const thread = await (await fetch(`${base}/inbox/c/${conversationId}`, { headers: { cookie } })).text();
    expect(thread).toMatch(/Follow-up on \d+ \w+ if no reply/);
    // A day later: the Worker's clock is the real one, so the job is made due instead.
    await local.execute("update scheduled_jobs set run_at = 0 where type = 'agent_follow_up'");
    const sentBefore = resend.sent.length;
    expect((await fetch(`${base}/__scheduled?cron=*+*+*+*+*`)).status).toBe(200);
    await expect
      .poll(() => resend.sent.slice(sentBefore).find((s) => String(s.email.text).includes('Lena')), { timeout: 20_000 })
      .toBeDefined();
    const followUp = resend.sent.slice(sentBefore).find((s) => String(s.email.text).includes('Lena'))!;
    expect(followUp.email.from).toBe('Ana Berg <support@samtal.example>');
    expect(followUp.email.subject).toBe('Re: Retur');
    const job = await local.execute("select status from scheduled_jobs where type = 'agent_follow_up'");
    expect(job.rows.map((r) => r.status)).toEqual(['done']);
    // It went through the queue: the Cron Trigger only sent it, the consumer ran it.
    expect(worker.output()).toContain('scheduler: due jobs sent to the queue');
    expect(worker.output()).toMatch(/queue: ran scheduled jobs[^\n]*"ran":1/);
  });

  it('answers /health 503 and fails the email() handler (temporary failure) when the database is unreachable', async () => {
    await hrana.close();
    const health = await fetch(`${base}/health`);
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ db: 'unreachable' });
    const other = Buffer.from(raw.toString('utf8').replace('astrid-0001', 'astrid-0003'));
    const res = await fetch(`${base}/cdn-cgi/handler/email?from=a%40example.com&to=b%40reply.acme.example`, {
      method: 'POST',
      body: other,
    });
    expect(res.status).toBeGreaterThanOrEqual(500);
  });
});
