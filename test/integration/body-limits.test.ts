// Every route limits its request body before reading it: a declared Content-Length over the limit
// is refused at once, and a streamed body without one is cut off just past the limit.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/http/app.ts';
import { BODY_LIMITS } from '../../src/http/body-limit.ts';
import { MAX_INBOUND_BYTES } from '../../src/services/receiveEmail.ts';
import { apiClient, type ApiClient } from '../support/api-client.ts';
import { TEST_INBOUND_SECRET, createTestContext, type TestContext } from '../support/test-deps.ts';

const CHUNK = 64 * 1024;

/**
 * A body of `total` bytes made on demand, counting how much of it the server pulled: `first`, then
 * `fill` (blank lines for CSV, so the parser has nothing to do but count bytes).
 */
function streamedBody(total: number, fill = 'a', first = '') {
  const chunk = new TextEncoder().encode(fill.repeat(CHUNK / fill.length));
  let pulled = 0;
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (pulled >= total) return controller.close();
        const next = pulled === 0 && first ? new TextEncoder().encode(first.padEnd(CHUNK, fill)) : chunk;
        pulled += next.byteLength;
        controller.enqueue(next);
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, pulled: () => pulled };
}

let t: TestContext;
let api: ApiClient;
beforeEach(async () => {
  t = await createTestContext({ RESEND_WEBHOOK_SECRET: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' });
  api = await apiClient(t);
});
afterEach(() => t.cleanup());

interface LimitedRoute {
  kind: string;
  path: string;
  limit: number;
  headers: Record<string, string>;
  auth?: boolean;
  fill?: string;
  first?: string;
}

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const JSON_BODY = { 'content-type': 'application/json' };

const routes: LimitedRoute[] = [
  { kind: 'sign-in form (no session)', path: '/login', limit: BODY_LIMITS.form, headers: FORM },
  { kind: 'unsubscribe form (no session)', path: '/u/some-token', limit: BODY_LIMITS.form, headers: FORM },
  { kind: 'inbox form (no session)', path: '/inbox/c/cnv_x/note', limit: BODY_LIMITS.form, headers: FORM },
  { kind: 'inbox reply with files (no session)', path: '/inbox/c/cnv_x/reply', limit: BODY_LIMITS.reply, headers: FORM },
  { kind: 'Resend webhook (unsigned)', path: '/webhooks/resend', limit: BODY_LIMITS.webhook, headers: JSON_BODY },
  { kind: 'JSON API (no key)', path: '/api/v1/contacts', limit: BODY_LIMITS.json, headers: JSON_BODY },
  { kind: 'JSON API (with key)', path: '/api/v1/messages', limit: BODY_LIMITS.json, headers: JSON_BODY, auth: true },
  {
    kind: 'CSV import (streamed)',
    path: '/api/v1/contacts/import',
    limit: BODY_LIMITS.csv,
    headers: { 'content-type': 'text/csv' },
    auth: true,
    fill: '\n',
    first: 'email,name\n',
  },
  {
    kind: 'inbound MIME (streamed)',
    path: '/inbound/mime?from=a%40example.com&to=reply%2Bx%40reply.acme.example',
    limit: MAX_INBOUND_BYTES,
    headers: { authorization: `Bearer ${TEST_INBOUND_SECRET}` },
  },
];

describe('request body limits', () => {
  it.each(routes)('$kind: a streamed body without Content-Length is cut off past the limit with 413', async (route) => {
    const body = streamedBody(route.limit * 3, route.fill, route.first);
    const headers: Record<string, string> = { ...route.headers, ...(route.auth ? { authorization: `Bearer ${api.key}` } : {}) };
    const res = await createApp(t.deps).request(route.path, { method: 'POST', headers, body: body.stream, duplex: 'half' } as RequestInit);
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: { code: 'PayloadTooLarge', message: expect.stringMatching(/too large|over/) } });
    expect(body.pulled()).toBeGreaterThan(route.limit);
    expect(body.pulled()).toBeLessThanOrEqual(route.limit + 2 * CHUNK);
  });

  it.each(routes)('$kind: a declared Content-Length over the limit is refused without reading the body', async (route) => {
    const body = streamedBody(route.limit * 3, route.fill, route.first);
    const headers: Record<string, string> = {
      ...route.headers,
      ...(route.auth ? { authorization: `Bearer ${api.key}` } : {}),
      'content-length': String(route.limit * 3),
    };
    const res = await createApp(t.deps).request(route.path, { method: 'POST', headers, body: body.stream, duplex: 'half' } as RequestInit);
    expect(res.status).toBe(413);
    expect(body.pulled()).toBeLessThanOrEqual(CHUNK);
  });

  it('names the limit in the message', async () => {
    const res = await createApp(t.deps).request('/login', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: 'a'.repeat(BODY_LIMITS.form + 1),
    });
    expect(res.status).toBe(413);
    expect((await res.json()).error.message).toBe('request body too large: forms take at most 64 KiB');
  });

  it('lets bodies within the limit through', async () => {
    const res = await api.json('POST', '/api/v1/contacts', { email: 'ana@example.com', name: 'x'.repeat(150) });
    expect(res.status).toBe(201);
  });
});
