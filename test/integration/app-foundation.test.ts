import { readFileSync } from 'node:fs';
import { createClient } from '@libsql/client';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { inboundEmails } from '../../db/schema.ts';
import { createApp } from '../../src/http/app.ts';
import { bootstrap } from '../../src/services/bootstrap.ts';
import { loadDemoData } from '../../src/services/loadDemoData.ts';
import { MAX_INBOUND_BYTES } from '../../src/services/receiveEmail.ts';
import { createDb } from '../../src/store/db.ts';
import { findApiKeyByHash } from '../../src/store/api-keys.ts';
import { apiKeyHash } from '../../src/domain/auth/api-key.ts';
import { verifyPassword } from '../../src/domain/auth/password.ts';
import { TEST_INBOUND_SECRET } from '../support/test-deps.ts';
import { keptRaw } from '../support/inbound-helpers.ts';
import { useTestContext } from '../support/contexts.ts';

const swedishReply = readFileSync(new URL('../fixtures/mail/swedish-reply.eml', import.meta.url));

const t = useTestContext();

function postInbound(
  body: BodyInit,
  auth = `Bearer ${TEST_INBOUND_SECRET}`,
  query = '?from=astrid.lindqvist%40example.se&to=reply%2Bcnv_test%40reply.acme.example',
) {
  return createApp(t.deps).request(`/inbound/mime${query}`, { method: 'POST', body, headers: { authorization: auth } });
}

describe('GET /health', () => {
  it('answers 200 with status, version and db ok', async () => {
    const res = await createApp(t.deps).request('/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', version: '0.1.0', db: 'ok' });
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('answers 503 when the database is unreachable', async () => {
    const unreachable = createDb(createClient({ url: 'http://127.0.0.1:9' }));
    const res = await createApp({ ...t.deps, db: unreachable }).request('/health');
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ status: 'degraded', db: 'unreachable' });
  });
});

describe('POST /inbound/mime', () => {
  it('keeps the raw message byte for byte with its envelope', async () => {
    const res = await postInbound(swedishReply);
    expect(res.status).toBe(202);
    const body = (await res.json()) as { status: string; inbound_email_id: string };
    expect(body.status).toBe('stored');
    const [row] = await t.deps.db.select().from(inboundEmails).where(eq(inboundEmails.id, body.inbound_email_id));
    expect(Buffer.compare(keptRaw(t, row!), swedishReply)).toBe(0);
    expect(row).toMatchObject({
      rawSize: swedishReply.byteLength,
      dedupeKey: 'mid:CAF7rTz1-astrid-0001@mail.example.se',
      envelopeFrom: 'astrid.lindqvist@example.se',
      envelopeTo: 'reply+cnv_test@reply.acme.example',
      source: 'http',
      status: 'processed',
    });
  });

  it('stores a redelivery once (same Message-ID)', async () => {
    const first = (await (await postInbound(swedishReply)).json()) as { inbound_email_id: string };
    const second = await postInbound(swedishReply);
    expect(second.status).toBe(202);
    expect(await second.json()).toEqual({ status: 'duplicate', inbound_email_id: first.inbound_email_id });
    expect(await t.deps.db.$count(inboundEmails)).toBe(1);
  });

  it('dedupes messages without Message-ID by content hash', async () => {
    const noId = 'From: a@example.com\r\nSubject: hi\r\n\r\nhello\r\n';
    await postInbound(noId);
    await postInbound(noId);
    await postInbound(noId + 'changed\r\n');
    const keys = (await t.deps.db.select({ k: inboundEmails.dedupeKey }).from(inboundEmails)).map((r) => r.k);
    expect(keys).toHaveLength(2);
    expect(keys.every((k) => /^content:[0-9a-f]{64}$/.test(k))).toBe(true);
  });

  it('refuses a missing or wrong secret with 401', async () => {
    expect((await postInbound(swedishReply, '')).status).toBe(401);
    const wrong = await postInbound(swedishReply, 'Bearer nope');
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ error: { code: 'Unauthorized' } });
    expect(await t.deps.db.$count(inboundEmails)).toBe(0);
  });

  it('is off (503) when INBOUND_SECRET is not configured', async () => {
    const res = await createApp({ ...t.deps, config: { ...t.deps.config, inboundSecret: undefined } }).request('/inbound/mime', {
      method: 'POST',
      body: swedishReply,
    });
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ error: { code: 'InboundDisabled', message: expect.stringContaining('INBOUND_SECRET') } });
  });

  it('refuses messages over 25 MiB with 413 and stores nothing', async () => {
    const big = new Uint8Array(MAX_INBOUND_BYTES + 1).fill(0x61);
    const res = await postInbound(big);
    expect(res.status).toBe(413);
    expect(await t.deps.db.$count(inboundEmails)).toBe(0);
  });

  it('refuses an empty body with 400 naming the field', async () => {
    const res = await postInbound('');
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: 'ValidationFailed', issues: [{ field: 'body' }] } });
  });

  it('answers 503 when the database cannot store the message', async () => {
    const unreachable = createDb(createClient({ url: 'http://127.0.0.1:9' }));
    const res = await createApp({ ...t.deps, db: unreachable }).request('/inbound/mime', {
      method: 'POST',
      body: swedishReply,
      headers: { authorization: `Bearer ${TEST_INBOUND_SECRET}` },
    });
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ error: { code: 'DatabaseUnavailable' } });
  });
});

describe('unknown routes', () => {
  it('answer 404 in JSON', async () => {
    const res = await createApp(t.deps).request('/nope');
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: 'NotFound' } });
  });
});

describe('bootstrap', () => {
  it('creates the first admin from the environment once, and the scripted API key', async () => {
    const deps = {
      ...t.deps,
      config: {
        ...t.deps.config,
        adminEmail: 'Ana@Acme.Example',
        adminPassword: 'a long admin password',
        bootstrapApiKey: 'scripted-key-0123456789abcdef',
      },
    };
    const first = await bootstrap(deps, { generateAdmin: true });
    expect(first.createdAdmin).toEqual({ email: 'ana@acme.example', password: 'a long admin password', generated: false });
    expect(first.createdApiKey).toBe(true);
    const admin = await t.deps.db.query.agents.findFirst();
    expect(admin).toMatchObject({ email: 'ana@acme.example', role: 'admin', active: true });
    expect(await verifyPassword('a long admin password', admin!.passwordHash!)).toBe(true);
    expect(await findApiKeyByHash(t.deps.db, await apiKeyHash('scripted-key-0123456789abcdef'))).toBeDefined();

    const again = await bootstrap(deps, { generateAdmin: true });
    expect(again).toEqual({ createdAdmin: null, createdApiKey: false });
  });

  it('generates an admin password when none is configured', async () => {
    const result = await bootstrap(t.deps, { generateAdmin: true });
    expect(result.createdAdmin?.generated).toBe(true);
    expect(result.createdAdmin?.password.length).toBeGreaterThanOrEqual(16);
  });
});

describe('demo data', () => {
  it('loads contacts in four languages with conversations, once', async () => {
    expect(await loadDemoData(t.deps)).toBe(true);
    expect(await loadDemoData(t.deps)).toBe(false);
    const contacts = await t.deps.db.query.contacts.findMany();
    expect(contacts.map((c) => c.locale).sort()).toEqual(['en-GB', 'he-IL', 'sv-SE', 'zh-CN']);
    const conversations = await t.deps.db.query.conversations.findMany({ with: undefined });
    expect(conversations.length).toBeGreaterThanOrEqual(4);
    expect(new Set(conversations.map((c) => c.status))).toEqual(new Set(['open', 'pending', 'closed']));
  });
});
