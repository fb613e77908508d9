// The Resend stand-in, driven by the official `resend` SDK (and by our Resend transport), so
// that what it answers is what the SDK really parses.
import { Resend } from 'resend';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createResendMailer } from '../src/mail/resend.ts';
import type { OutgoingEmail } from '../src/mail/transport.ts';
import { startResendStandIn, type ResendStandIn } from './support/resend-server.ts';

const KEY = 're_test_123';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const NETWORK_ERROR = {
  name: 'application_error',
  statusCode: null,
  message: 'Unable to fetch data. The request could not be resolved.',
};

let standIn: ResendStandIn;
let resend: Resend;

beforeAll(async () => {
  standIn = await startResendStandIn({ apiKey: KEY });
  resend = new Resend(KEY, { baseUrl: standIn.url });
});
afterAll(async () => {
  await standIn.close();
});
beforeEach(() => {
  standIn.reset();
});

const email = (n = 1, overrides: Record<string, unknown> = {}) => ({
  from: 'Samtal <hello@samtal.example>',
  to: [`person${n}@example.com`],
  subject: `Hello ${n}`,
  text: `Text ${n}`,
  ...overrides,
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(10);
  }
}

describe('POST /emails', () => {
  it('accepts one email and records exactly what the SDK sent', async () => {
    const { data, error, headers } = await resend.emails.send(
      {
        from: 'Samtal <hello@samtal.example>',
        to: 'ada@example.com',
        cc: ['bob@example.com'],
        replyTo: 'replies@samtal.example',
        subject: 'Welcome',
        text: 'Hi Ada',
        html: '<p>Hi Ada</p>',
        headers: { 'In-Reply-To': '<m1@samtal.example>' },
        tags: [{ name: 'kind', value: 'welcome' }],
      },
      { idempotencyKey: 'msg-1' },
    );
    expect(error).toBeNull();
    expect(data?.id).toMatch(UUID);
    expect(headers?.['ratelimit-limit']).toBe('2');

    expect(standIn.requests).toHaveLength(1);
    const req = standIn.requests[0]!;
    expect(req.method).toBe('POST');
    expect(req.path).toBe('/emails');
    expect(req.answeredWith).toBe(200);
    expect(req.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(req.headers['idempotency-key']).toBe('msg-1');
    expect(req.headers['user-agent']).toMatch(/^resend-node:\d+\.\d+\.\d+$/);
    expect(req.headers['content-type']).toBe('application/json');
    // The SDK sends snake_case and drops undefined fields.
    expect(req.body).toEqual({
      from: 'Samtal <hello@samtal.example>',
      to: 'ada@example.com',
      cc: ['bob@example.com'],
      reply_to: 'replies@samtal.example',
      subject: 'Welcome',
      text: 'Hi Ada',
      html: '<p>Hi Ada</p>',
      headers: { 'In-Reply-To': '<m1@samtal.example>' },
      tags: [{ name: 'kind', value: 'welcome' }],
    });

    expect(standIn.sent).toEqual([{ id: data!.id, idempotencyKey: 'msg-1', email: req.body }]);
  });

  it('GET /emails/:id returns the stored email as sent', async () => {
    const { data } = await resend.emails.send(email(1, { cc: 'cc@example.com', html: '<b>1</b>' }));
    const got = await resend.emails.get(data!.id);
    expect(got.error).toBeNull();
    expect(got.data).toMatchObject({
      object: 'email',
      id: data!.id,
      from: 'Samtal <hello@samtal.example>',
      to: ['person1@example.com'],
      cc: ['cc@example.com'],
      bcc: null,
      reply_to: null,
      subject: 'Hello 1',
      text: 'Text 1',
      html: '<b>1</b>',
      last_event: 'sent',
      scheduled_at: null,
    });
    expect(Number.isNaN(Date.parse(got.data!.created_at))).toBe(false);

    const unknown = await resend.emails.get('7b0e3c8e-8d52-4c55-9d7e-0f1a2b3c4d5e');
    expect(unknown.error).toMatchObject({ statusCode: 404, name: 'not_found' });
    const notUuid = await resend.emails.get('nope');
    expect(notUuid.error).toMatchObject({ statusCode: 422, name: 'invalid_parameter' });
  });

  it.each([
    ['from', { from: undefined }, 'Missing `from` field.'],
    ['from', { from: 'not an address' }, 'Invalid `from` field.'],
    ['to', { to: undefined }, 'Missing `to` field.'],
    ['to', { to: [] }, 'Missing `to` field.'],
    ['to', { to: ['nope'] }, 'Invalid `to` field.'],
    ['to', { to: Array.from({ length: 51 }, (_, i) => `p${i}@example.com`) }, 'at most 50 recipients'],
    ['subject', { subject: undefined }, 'Missing `subject` field.'],
    ['text/html', { text: undefined }, 'Missing `html` or `text` field.'],
    ['cc', { cc: ['bad'] }, 'Invalid `cc` field.'],
  ])('rejects a bad %s with 422 validation_error naming it', async (_field, overrides, message) => {
    const { data, error } = await resend.emails.send(email(1, overrides) as never);
    expect(data).toBeNull();
    expect(error).toMatchObject({ statusCode: 422, name: 'validation_error' });
    expect(error?.message).toContain(message);
    expect(standIn.sent).toHaveLength(0);
  });

  it('accepts exactly 50 recipients and html without text', async () => {
    const to = Array.from({ length: 50 }, (_, i) => `p${i}@example.com`);
    const { error } = await resend.emails.send(email(1, { to, text: undefined, html: '<p>x</p>' }) as never);
    expect(error).toBeNull();
    expect(standIn.sent).toHaveLength(1);
  });

  it('answers a body that is not JSON with 400 validation_error', async () => {
    const res = await fetch(`${standIn.url}/emails`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${KEY}`, 'Content-Type': 'application/json' },
      body: '{not json',
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ statusCode: 400, name: 'validation_error' });
    expect(standIn.requests[0]?.body).toBe('{not json');
  });
});

describe('authentication', () => {
  it('answers 401 missing_api_key without an Authorization header', async () => {
    const res = await fetch(`${standIn.url}/emails`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(email()),
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ statusCode: 401, name: 'missing_api_key' });
    expect(standIn.sent).toHaveLength(0);
  });

  it('reaches the SDK as 401 when the Authorization header is emptied', async () => {
    const { data, error } = await resend.emails.send(email(), { headers: { Authorization: '' } });
    expect(data).toBeNull();
    expect(error).toMatchObject({ statusCode: 401, name: 'missing_api_key' });
    expect(standIn.requests[0]?.answeredWith).toBe(401);
  });

  it('answers 403 invalid_api_key for another key', async () => {
    const other = new Resend('re_wrong', { baseUrl: standIn.url });
    const { error } = await other.emails.send(email());
    expect(error).toMatchObject({ statusCode: 403, name: 'invalid_api_key' });
    expect(standIn.sent).toHaveLength(0);
  });

  it('the SDK itself refuses to start without a key (so it never sends an unauthenticated request)', () => {
    vi.stubEnv('RESEND_API_KEY', '');
    try {
      expect(() => new Resend('', { baseUrl: standIn.url })).toThrow(/Missing API key/);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});

describe('POST /emails/batch', () => {
  it('sends a batch of 3 and returns one id per email, in order', async () => {
    const { data, error } = await resend.batch.send([email(1), email(2), email(3)]);
    expect(error).toBeNull();
    const ids = data!.data.map((d) => d.id);
    expect(ids).toHaveLength(3);
    expect(new Set(ids).size).toBe(3);
    for (const id of ids) expect(id).toMatch(UUID);

    const req = standIn.requests[0]!;
    expect(req.path).toBe('/emails/batch');
    expect(req.headers['x-batch-validation']).toBe('strict');
    expect(Array.isArray(req.body)).toBe(true);
    expect(standIn.sent.map((s) => s.id)).toEqual(ids);
    expect(standIn.sent.map((s) => s.email.subject)).toEqual(['Hello 1', 'Hello 2', 'Hello 3']);

    const second = await resend.emails.get(ids[1]!);
    expect(second.data?.to).toEqual(['person2@example.com']);
  });

  it('strict mode: one invalid email fails the whole batch and nothing is sent', async () => {
    const { data, error } = await resend.batch.send([email(1), email(2, { to: undefined }), email(3)] as never);
    expect(data).toBeNull();
    expect(error).toMatchObject({ statusCode: 422, name: 'validation_error' });
    expect(error?.message).toContain('emails[1]');
    expect(error?.message).toContain('`to`');
    expect(standIn.sent).toHaveLength(0);
  });

  it('permissive mode: valid emails are sent, invalid ones come back in errors', async () => {
    const { data, error } = await resend.batch.send([email(1), email(2, { to: undefined }), email(3)] as never, {
      batchValidation: 'permissive',
    });
    expect(error).toBeNull();
    expect(data?.data).toHaveLength(2);
    expect(data?.errors).toEqual([{ index: 1, message: 'Missing `to` field.' }]);
    expect(standIn.requests[0]?.headers['x-batch-validation']).toBe('permissive');
    expect(standIn.sent.map((s) => s.email.subject)).toEqual(['Hello 1', 'Hello 3']);
    expect(standIn.sent.map((s) => s.id)).toEqual(data?.data.map((d) => d.id));
  });

  it('accepts 100 emails and rejects 101 with 422', async () => {
    const hundred = Array.from({ length: 100 }, (_, i) => email(i));
    const ok = await resend.batch.send(hundred);
    expect(ok.error).toBeNull();
    expect(ok.data?.data).toHaveLength(100);

    const tooMany = await resend.batch.send([...hundred, email(100)]);
    expect(tooMany.data).toBeNull();
    expect(tooMany.error).toMatchObject({ statusCode: 422, name: 'validation_error' });
    expect(tooMany.error?.message).toContain('101');
    expect(standIn.sent).toHaveLength(100);
  });

  it('rejects attachments in a batch, as Resend does', async () => {
    const { error } = await resend.batch.send([email(1, { attachments: [{ filename: 'a.txt', content: 'aGk=' }] }) as never]);
    expect(error).toMatchObject({ statusCode: 422, name: 'validation_error' });
    expect(error?.message).toContain('attachments');
  });
});

describe('idempotency keys', () => {
  it('a replay with the same key and body returns the same id and sends once', async () => {
    const first = await resend.emails.send(email(), { idempotencyKey: 'k-1' });
    const again = await resend.emails.send(email(), { idempotencyKey: 'k-1' });
    expect(first.data?.id).toMatch(UUID);
    expect(again.error).toBeNull();
    expect(again.data?.id).toBe(first.data?.id);
    expect(standIn.requests).toHaveLength(2);
    expect(standIn.sent).toHaveLength(1);
  });

  it('the same key with a different body is 409 invalid_idempotent_request', async () => {
    await resend.emails.send(email(1), { idempotencyKey: 'k-2' });
    const { data, error } = await resend.emails.send(email(2), { idempotencyKey: 'k-2' });
    expect(data).toBeNull();
    expect(error).toMatchObject({ statusCode: 409, name: 'invalid_idempotent_request' });
    // … and on another endpoint.
    const batch = await resend.batch.send([email(1)], { idempotencyKey: 'k-2' });
    expect(batch.error).toMatchObject({ statusCode: 409, name: 'invalid_idempotent_request' });
    expect(standIn.sent).toHaveLength(1);
  });

  it('covers a whole batch', async () => {
    const first = await resend.batch.send([email(1), email(2)], { idempotencyKey: 'b-1' });
    const again = await resend.batch.send([email(1), email(2)], { idempotencyKey: 'b-1' });
    expect(again.data?.data.map((d) => d.id)).toEqual(first.data?.data.map((d) => d.id));
    expect(standIn.sent).toHaveLength(2);
    expect(standIn.sent.every((s) => s.idempotencyKey === 'b-1')).toBe(true);
  });

  it('a key that failed validation is not remembered', async () => {
    const bad = await resend.emails.send(email(1, { subject: undefined }) as never, { idempotencyKey: 'k-3' });
    expect(bad.error?.statusCode).toBe(422);
    const good = await resend.emails.send(email(1), { idempotencyKey: 'k-3' });
    expect(good.error).toBeNull();
    expect(standIn.sent).toHaveLength(1);
  });

  it('rejects a key longer than 256 characters with 400 invalid_idempotency_key', async () => {
    const { error } = await resend.emails.send(email(), { idempotencyKey: 'x'.repeat(257) });
    expect(error).toMatchObject({ statusCode: 400, name: 'invalid_idempotency_key' });
    const ok = await resend.emails.send(email(), { idempotencyKey: 'x'.repeat(256) });
    expect(ok.error).toBeNull();
  });

  it('keys expire after 24 hours', async () => {
    let clock = Date.parse('2026-01-01T00:00:00Z');
    const timed = await startResendStandIn({ apiKey: KEY, now: () => clock });
    try {
      const client = new Resend(KEY, { baseUrl: timed.url });
      const first = await client.emails.send(email(), { idempotencyKey: 'day' });
      clock += 24 * 60 * 60 * 1000 - 1;
      const within = await client.emails.send(email(), { idempotencyKey: 'day' });
      expect(within.data?.id).toBe(first.data?.id);
      clock += 1;
      const after = await client.emails.send(email(), { idempotencyKey: 'day' });
      expect(after.data?.id).toMatch(UUID);
      expect(after.data?.id).not.toBe(first.data?.id);
      expect(timed.sent).toHaveLength(2);
      expect(timed.requests[0]?.at).toBe(Date.parse('2026-01-01T00:00:00Z'));
    } finally {
      await timed.close();
    }
  });
});

describe('faults', () => {
  it('429 reaches the SDK as an error with statusCode 429 and a retry-after header', async () => {
    standIn.injectFaults({ status: 429, retryAfterSeconds: 7 });
    const { data, error, headers } = await resend.emails.send(email());
    expect(data).toBeNull();
    expect(error).toMatchObject({ statusCode: 429, name: 'rate_limit_exceeded' });
    expect(headers?.['retry-after']).toBe('7');
    expect(headers?.['ratelimit-remaining']).toBe('0');
    expect(standIn.sent).toHaveLength(0);
    // The fault is used up: the next request goes through.
    const next = await resend.emails.send(email());
    expect(next.error).toBeNull();
    expect(standIn.requests.map((r) => r.answeredWith)).toEqual([429, 200]);
  });

  it('500 is internal_server_error; 502/503 are gateway pages the SDK reports as application_error', async () => {
    standIn.injectFaults({ status: 500 }, { status: 502 }, { status: 503 });
    const a = await resend.emails.send(email());
    expect(a.error).toMatchObject({ statusCode: 500, name: 'internal_server_error' });
    const b = await resend.emails.send(email());
    expect(b.error).toMatchObject({ statusCode: 502, name: 'application_error' });
    expect(b.headers?.['content-type']).toBe('text/html');
    const c = await resend.emails.send(email());
    expect(c.error).toMatchObject({ statusCode: 503, name: 'application_error' });
    expect(standIn.sent).toHaveLength(0);
  });

  it('an injected 4xx carries the given name and message', async () => {
    standIn.injectFaults({ status: 422, name: 'invalid_from_address', message: 'Domain not verified' });
    const { error } = await resend.emails.send(email());
    expect(error).toEqual({ statusCode: 422, name: 'invalid_from_address', message: 'Domain not verified' });
  });

  it('failWhen fails one recipient only', async () => {
    standIn.failWhen((req) => {
      const body = req.body as { to?: string[] } | undefined;
      return body?.to?.includes('person2@example.com') ? { status: 422, message: 'bounced before' } : null;
    });
    const results = await Promise.all([1, 2, 3].map((n) => resend.emails.send(email(n))));
    expect(results.map((r) => r.error?.statusCode ?? 200)).toEqual([200, 422, 200]);
    expect(results[1]?.error?.message).toBe('bounced before');
    expect(standIn.sent.map((s) => s.email.to).sort()).toEqual([['person1@example.com'], ['person3@example.com']]);
  });

  it('dropConnection: the SDK returns a network error (statusCode null) and the server keeps serving', async () => {
    standIn.injectFaults({ dropConnection: true });
    const { data, error, headers } = await resend.emails.send(email());
    expect(data).toBeNull();
    expect(error).toEqual(NETWORK_ERROR);
    expect(headers).toBeNull();
    expect(standIn.requests).toHaveLength(1); // the SDK does not retry a POST by itself
    expect(standIn.requests[0]?.answeredWith).toBe(0);
    expect(standIn.sent).toHaveLength(0);
    const next = await resend.emails.send(email());
    expect(next.error).toBeNull();
  });

  it('timeout: the SDK turns the abort into a network error; the stand-in sends when the delay elapses', async () => {
    standIn.injectFaults({ timeoutMs: 600 });
    const aborted = await resend.emails.send(email(), { idempotencyKey: 't-1', signal: AbortSignal.timeout(100) });
    // The SDK does not throw: fetch rejects with the TimeoutError and fetchRequest's catch-all
    // turns it into the same error as any network failure.
    expect(aborted).toEqual({ data: null, error: NETWORK_ERROR, headers: null });
    expect(standIn.sent).toHaveLength(0);

    // While the first request is still being processed, a retry with its key is refused.
    const concurrent = await resend.emails.send(email(), { idempotencyKey: 't-1' });
    expect(concurrent.error).toMatchObject({ statusCode: 409, name: 'concurrent_idempotent_requests' });

    // The held request is processed although nobody is listening any more: it counts as sent.
    await waitFor(() => standIn.sent.length === 1);
    expect(standIn.requests[0]?.answeredWith).toBe(200);

    // Which is why the retry carries the same key: same id, no second email.
    const retry = await resend.emails.send(email(), { idempotencyKey: 't-1' });
    expect(retry.error).toBeNull();
    expect(retry.data?.id).toBe(standIn.sent[0]?.id);
    expect(standIn.sent).toHaveLength(1);
  });

  it('timeout without an abort: the client simply gets the answer late', async () => {
    standIn.injectFaults({ timeoutMs: 200 });
    const { data, error } = await resend.emails.send(email());
    expect(error).toBeNull();
    expect(data?.id).toBe(standIn.sent[0]?.id);
  });

  it('an already-aborted signal never reaches the server', async () => {
    const controller = new AbortController();
    controller.abort();
    const result = await resend.emails.send(email(), { signal: controller.signal });
    expect(result).toEqual({ data: null, error: NETWORK_ERROR, headers: null });
    expect(standIn.requests).toHaveLength(0);
  });

  it('reset() cancels a held request, which then never counts as sent', async () => {
    standIn.injectFaults({ timeoutMs: 300 });
    const pending = resend.emails.send(email(), { signal: AbortSignal.timeout(2000) });
    await waitFor(() => standIn.requests.length === 1);
    standIn.reset();
    const result = await pending;
    expect(result.error).toEqual(NETWORK_ERROR);
    await sleep(400);
    expect(standIn.sent).toHaveLength(0);
    expect(standIn.requests).toHaveLength(0);
  });
});

describe('idempotency, as Resend documents it', () => {
  it('compares bodies byte for byte: the same JSON with its keys in another order is another payload', async () => {
    const post = (body: string) =>
      fetch(`${standIn.url}/emails`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${KEY}`, 'Content-Type': 'application/json', 'Idempotency-Key': 'bytes-1' },
        body,
      });
    const first = await post(JSON.stringify(email(1)));
    expect(first.status).toBe(200);
    const { subject, ...rest } = email(1);
    const reordered = await post(JSON.stringify({ subject, ...rest }));
    expect(reordered.status).toBe(409);
    expect(await reordered.json()).toMatchObject({ name: 'invalid_idempotent_request' });
    const same = await post(JSON.stringify(email(1)));
    expect(await same.json()).toEqual(await first.json());
    expect(standIn.sent).toHaveLength(1);
    expect(standIn.requests[2]?.rawBody).toBe(JSON.stringify(email(1)));
  });

  it('a batch re-sent in another order under its key is refused with 409 and sends nothing more', async () => {
    await resend.batch.send([email(1), email(2)], { idempotencyKey: 'order-1' });
    const swapped = await resend.batch.send([email(2), email(1)], { idempotencyKey: 'order-1' });
    expect(swapped.error).toMatchObject({ statusCode: 409, name: 'invalid_idempotent_request' });
    expect(standIn.sent).toHaveLength(2);
  });

  it('a held request keeps its key in progress: a second request is 409 concurrent_idempotent_requests', async () => {
    let release!: () => void;
    standIn.scriptKey('held-1', { hold: new Promise<void>((resolve) => (release = resolve)) });
    const first = resend.emails.send(email(), { idempotencyKey: 'held-1' });
    await waitFor(() => standIn.requests.length === 1);
    const second = await resend.emails.send(email(), { idempotencyKey: 'held-1' });
    expect(second.error).toMatchObject({ statusCode: 409, name: 'concurrent_idempotent_requests' });
    expect(standIn.sent).toHaveLength(0);
    release();
    const answered = await first;
    expect(answered.data?.id).toBe(standIn.sent[0]?.id);
    const replay = await resend.emails.send(email(), { idempotencyKey: 'held-1' });
    expect(replay.data?.id).toBe(answered.data?.id);
    expect(standIn.sent).toHaveLength(1);
  });

  it("hold with then: 'lose' processes the request and closes the connection without an answer", async () => {
    let release!: () => void;
    // biome-ignore lint/suspicious/noThenProperty: the stand-in's fault script says what happens after the hold
    standIn.injectFaults({ hold: new Promise<void>((resolve) => (release = resolve)), then: 'lose' });
    const pending = resend.emails.send(email(), { idempotencyKey: 'held-2' });
    await waitFor(() => standIn.requests.length === 1);
    release();
    expect((await pending).error).toEqual(NETWORK_ERROR);
    expect(standIn.sent).toHaveLength(1);
    expect(standIn.requests[0]?.answeredWith).toBe(0);
  });
});

describe('scripted faults per key and lost answers', () => {
  it('scriptKey plays 429 → 500 → lost answer → success for one key, while other keys go through', async () => {
    standIn.scriptKey('k-script', { status: 429, retryAfterSeconds: 3 }, { status: 500 }, { lostAnswer: 'drop' });
    const a = await resend.emails.send(email(1), { idempotencyKey: 'k-script' });
    expect(a.error).toMatchObject({ statusCode: 429, name: 'rate_limit_exceeded' });
    expect(a.headers?.['retry-after']).toBe('3');
    const other = await resend.emails.send(email(2), { idempotencyKey: 'k-other' });
    expect(other.error).toBeNull();
    const b = await resend.emails.send(email(1), { idempotencyKey: 'k-script' });
    expect(b.error).toMatchObject({ statusCode: 500 });
    const c = await resend.emails.send(email(1), { idempotencyKey: 'k-script' });
    expect(c.error).toEqual(NETWORK_ERROR);
    expect(standIn.sent.map((s) => s.idempotencyKey)).toEqual(['k-other', 'k-script']); // the lost answer WAS sent
    const d = await resend.emails.send(email(1), { idempotencyKey: 'k-script' });
    expect(d.data?.id).toBe(standIn.sent[1]?.id);
    expect(standIn.requests.map((r) => r.answeredWith)).toEqual([429, 200, 500, 0, 200]);
    expect(standIn.sent).toHaveLength(2);
  });

  it("lostAnswer 'hang' sends, then leaves the client waiting until its own timeout", async () => {
    standIn.scriptKey('k-hang', { lostAnswer: 'hang' });
    const result = await resend.emails.send(email(), { idempotencyKey: 'k-hang', signal: AbortSignal.timeout(150) });
    expect(result.error).toEqual(NETWORK_ERROR);
    expect(standIn.sent).toHaveLength(1);
    const retry = await resend.emails.send(email(), { idempotencyKey: 'k-hang' });
    expect(retry.data?.id).toBe(standIn.sent[0]?.id);
  });

  it('an injected 409 carries the name Resend uses', async () => {
    standIn.injectFaults({ status: 409 }, { status: 409, name: 'concurrent_idempotent_requests' });
    const a = await resend.emails.send(email(), { idempotencyKey: 'k-409' });
    expect(a.error).toMatchObject({ statusCode: 409, name: 'invalid_idempotent_request' });
    const b = await resend.emails.send(email(), { idempotencyKey: 'k-409' });
    expect(b.error).toMatchObject({ statusCode: 409, name: 'concurrent_idempotent_requests' });
    expect(standIn.sent).toHaveLength(0);
  });

  it('deliveries() counts what was really sent per recipient and per Message-ID', async () => {
    const withId = (n: number, to: string[]) => email(n, { to, headers: { 'Message-ID': `<m${n}@samtal.example>` } });
    await resend.batch.send([withId(1, ['a@example.com']), withId(2, ['b@example.com', 'a@example.com'])], { idempotencyKey: 'b-d' });
    await resend.batch.send([withId(1, ['a@example.com']), withId(2, ['b@example.com', 'a@example.com'])], { idempotencyKey: 'b-d' });
    await resend.emails.send(withId(1, ['a@example.com']), { idempotencyKey: 'another-key' });
    const { byRecipient, byMessageId } = standIn.deliveries();
    expect(Object.fromEntries(byRecipient)).toEqual({ 'a@example.com': 3, 'b@example.com': 1 });
    expect(Object.fromEntries(byMessageId)).toEqual({ '<m1@samtal.example>': 2, '<m2@samtal.example>': 1 });
  });
});

describe('our Resend transport against the stand-in', () => {
  const outgoing = (id: string): OutgoingEmail => ({
    id,
    from: 'Samtal <hello@samtal.example>',
    to: ['ada@example.com'],
    subject: 'Hi',
    text: 'Hello',
    headers: { 'Message-ID': `<${id}@samtal.example>` },
  });

  it('sends with our message id as the Idempotency-Key', async () => {
    const mailer = createResendMailer({ apiKey: KEY, baseUrl: standIn.url });
    const result = await mailer.send(outgoing('m-1'));
    expect(result).toEqual({ ok: true, providerId: standIn.sent[0]?.id });
    expect(standIn.sent[0]?.idempotencyKey).toBe('m-1');
  });

  it('maps 429 to rate_limited with retryAfterMs, and a timeout to a network failure (outcome unknown)', async () => {
    const mailer = createResendMailer({ apiKey: KEY, baseUrl: standIn.url, timeoutMs: 100 });
    standIn.injectFaults({ status: 429, retryAfterSeconds: 2 }, { timeoutMs: 400 });
    const limited = await mailer.send(outgoing('m-2'));
    expect(limited).toMatchObject({ ok: false, kind: 'rate_limited', retryAfterMs: 2000 });
    const timedOut = await mailer.send(outgoing('m-2'));
    expect(timedOut).toMatchObject({ ok: false, kind: 'network' });
    expect(timedOut.ok ? '' : timedOut.error).toMatch(/^network application_error/);
    await waitFor(() => standIn.sent.length === 1);
    const retried = await mailer.send(outgoing('m-2'));
    expect(retried).toEqual({ ok: true, providerId: standIn.sent[0]?.id });
    expect(standIn.sent).toHaveLength(1);
  });

  it('maps both 409s, 422 and 401 to what they prove', async () => {
    const mailer = createResendMailer({ apiKey: KEY, baseUrl: standIn.url });
    standIn.injectFaults({ status: 409 }, { status: 409, name: 'concurrent_idempotent_requests' }, { status: 422 });
    const conflict = await mailer.send(outgoing('m-3'));
    expect(conflict).toMatchObject({ ok: false, kind: 'conflict', error: expect.stringContaining('invalid_idempotent_request') });
    expect(await mailer.sendBatch!([outgoing('m-4')], 'b-4')).toMatchObject({ ok: false, kind: 'in_progress' });
    expect(await mailer.send(outgoing('m-5'))).toMatchObject({ ok: false, kind: 'invalid' });
    const wrongKey = createResendMailer({ apiKey: 're_other', baseUrl: standIn.url });
    expect(await wrongKey.send(outgoing('m-6'))).toMatchObject({ ok: false, kind: 'refused' });
    expect(standIn.sent).toHaveLength(0);
  });
});
