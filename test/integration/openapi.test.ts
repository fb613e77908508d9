// The OpenAPI document: valid in shape, complete against the app's routes, its examples accepted.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { createApp } from '../../src/http/app.ts';
import { openApiPath } from '../../src/http/openapi/operation.ts';
import { apiOperations } from '../../src/http/routes/api.ts';
import { createAgentWithPassword } from '../../src/services/agents.ts';
import { createBroadcast } from '../../src/services/broadcasts.ts';
import { createSegment } from '../../src/services/segments.ts';
import { createTopic } from '../../src/services/topics.ts';
import { createApiKey } from '../../src/services/createApiKey.ts';
import { sendMessage } from '../../src/services/sendMessage.ts';
import { createTestContext, type TestContext } from '../support/test-deps.ts';

let t: TestContext;
beforeEach(async () => {
  t = await createTestContext();
});
afterEach(() => t.cleanup());

type Doc = {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, { operationId: string; requestBody?: { content: Record<string, { example: unknown }> } }>>;
  components: { schemas: Record<string, unknown>; responses: Record<string, unknown>; securitySchemes: Record<string, unknown> };
};

async function fetchDocument(): Promise<Doc> {
  const res = await createApp(t.deps).request('/api/v1/openapi.json');
  expect(res.status).toBe(200);
  return (await res.json()) as Doc;
}

function refs(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(refs);
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, inner]) => (key === '$ref' && typeof inner === 'string' ? [inner] : refs(inner)));
  }
  return [];
}

function resolvePointer(doc: unknown, ref: string): unknown {
  expect(ref.startsWith('#/'), ref).toBe(true);
  return ref
    .slice(2)
    .split('/')
    .reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined), doc);
}

const documented = (doc: Doc) =>
  Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));

describe('GET /api/v1/openapi.json', () => {
  it('is an OpenAPI 3.1 document, served without an API key, whose every $ref resolves', async () => {
    const doc = await fetchDocument();
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info).toMatchObject({ title: 'Samtal API', version: expect.any(String) });
    expect(doc.components.securitySchemes.apiKey).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.components.schemas.Error).toMatchObject({ properties: { error: { required: ['code', 'message'] } } });
    const all = refs(doc);
    expect(all.length).toBeGreaterThan(20);
    for (const ref of new Set(all)) expect(resolvePointer(doc, ref), ref).toBeDefined();
    const ids = documented(doc).map((key) => key);
    expect(new Set(ids).size).toBe(ids.length);
    const operationIds = Object.values(doc.paths).flatMap((ops) => Object.values(ops).map((op) => op.operationId));
    expect(new Set(operationIds).size).toBe(operationIds.length);
  });

  it('documents every route the app serves under /api with its method, and nothing the app does not serve', async () => {
    const app = createApp(t.deps);
    const served = new Set(
      app.routes.filter((r) => r.method !== 'ALL' && r.path.startsWith('/api/')).map((r) => `${r.method} ${openApiPath(r.path)}`),
    );
    expect(served.size).toBeGreaterThan(15);
    expect(new Set(documented(await fetchDocument()))).toEqual(served);
  });

  it('names the errors each operation can answer: 401 for keyed routes, 403 for admin ones, 400 where a body is read', async () => {
    const doc = await fetchDocument();
    const contacts = doc.paths['/api/v1/contacts']!.post as unknown as { responses: Record<string, unknown> };
    expect(Object.keys(contacts.responses)).toEqual(expect.arrayContaining(['200', '201', '400', '401', '413']));
    const keys = doc.paths['/api/v1/api-keys']!.post as unknown as { responses: Record<string, unknown> };
    expect(Object.keys(keys.responses)).toEqual(expect.arrayContaining(['400', '401', '403']));
    const send = doc.paths['/api/v1/messages']!.post as unknown as { responses: Record<string, unknown> };
    expect(Object.keys(send.responses)).toEqual(expect.arrayContaining(['202', '409', '422']));
    const self = doc.paths['/api/v1/openapi.json']!.get as unknown as { security: unknown[]; responses: Record<string, unknown> };
    expect(self.security).toEqual([]);
    expect(Object.keys(self.responses)).not.toContain('401');
  });
  it('keeps every media type a status answers in (a report as JSON and as CSV under one 200)', async () => {
    const doc = (await fetchDocument()) as unknown as {
      paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, unknown> }> }>>;
    };
    const types = (path: string) => Object.keys(doc.paths[path]!.get!.responses['200']!.content ?? {}).sort();
    expect(types('/api/v1/reports/first-response')).toEqual(['application/json', 'text/csv']);
    expect(types('/api/v1/contacts/{id}/consent-log')).toEqual(['application/json', 'text/csv']);
    expect(types('/api/v1/broadcasts/{id}/progress')).toEqual(['application/json', 'application/x-ndjson']);
  });
});

describe('request body examples', () => {
  const withBodies = apiOperations.filter((op) => op.body);

  it.each(withBodies.map((op) => [op.operationId, op] as const))('%s: validates against the schema the route uses', (_id, op) => {
    const result = v.safeParse(op.body!.schema, op.body!.example);
    expect((result.issues ?? []).map((issue) => `${v.getDotPath(issue) ?? ''}: ${issue.message}`)).toEqual([]);
  });

  it('are in the document as served', async () => {
    const doc = await fetchDocument();
    for (const op of withBodies) {
      const served = doc.paths[op.path]![op.method]!.requestBody!.content[op.body!.contentType ?? 'application/json']!;
      expect(served.example, op.operationId).toEqual(op.body!.example);
    }
  });

  it('are accepted by the running app (2xx)', async () => {
    const app = createApp(t.deps);
    const { key } = await createApiKey(t.deps, 'examples', { role: 'admin' });
    const contact = await app.request('/api/v1/contacts', {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'existing@example.com' }),
    });
    const contactId = ((await contact.json()) as { id: string }).id;
    const segment = await createSegment(t.deps, { name: 'example target', rule: 'attributes.age < 30' });
    // The resource an example's {id} names, by the collection it is under.
    await createTopic(t.deps, { key: 'newsletter', name: 'Newsletter' });
    // The FAQ examples name the entry the createFaq example made (operations run in document order).
    const broadcast = await createBroadcast(t.deps, { name: 'example draft', template: 'birthday', segmentId: segment.id });
    await createAgentWithPassword(t.deps, { email: 'ana@acme.example', name: 'Ana', role: 'agent', password: 'a long enough password' });
    const { message } = await sendMessage(t.deps, { to: 'existing@example.com', subject: 'Tags example', text: 'Hello' });
    const idFor = (path: string) =>
      path.startsWith('/api/v1/conversations/')
        ? message.conversationId!
        : path.startsWith('/api/v1/segments/')
          ? segment.id
          : path.startsWith('/api/v1/broadcasts/')
            ? broadcast.id
            : path.startsWith('/api/v1/faqs/')
              ? 'cancel-reschedule'
              : contactId;
    for (const op of withBodies) {
      const type = op.body!.contentType ?? 'application/json';
      const example = op.body!.example;
      const res = await app.request(op.path.replace('{id}', idFor(op.path)).replace('{key}', 'newsletter'), {
        method: op.method.toUpperCase(),
        headers: { authorization: `Bearer ${key}`, 'content-type': type },
        body: typeof example === 'string' ? example : JSON.stringify(example),
      });
      expect(res.status, `${op.operationId}: ${await res.clone().text()}`).toBeGreaterThanOrEqual(200);
      expect(res.status, op.operationId).toBeLessThan(300);
    }
  });
});

describe('GET /api/docs', () => {
  it('renders every operation, grouped by tag, with body fields and examples, without an API key', async () => {
    const res = await createApp(t.deps).request('/api/docs');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await res.text();
    for (const op of apiOperations) {
      expect(html, op.operationId).toContain(`id="${op.operationId}"`);
      expect(html).toContain(`<code>${op.path}</code>`);
    }
    for (const tag of new Set(apiOperations.map((op) => op.tag))) expect(html).toContain(`<h2>${tag}</h2>`);
    expect(html).toContain('<code>recipients[].to</code>');
    expect(html).toContain('<code>consent.marketing</code>');
    expect(html).toContain('order-1042-shipped');
    // Scripts only from files: the inbox script and its words for the page's language.
    expect(html).not.toMatch(/<script(?![^>]*src="\/static\/inbox(\.js|-text\/[a-z]{2}\.js)")/);
  });

  it('keeps every other /api path behind the key', async () => {
    const app = createApp(t.deps);
    for (const path of ['/api/v1/contacts', '/api/docs/x', '/api/v1/openapi.json/x', '/api/other']) {
      expect((await app.request(path)).status, path).toBe(401);
    }
  });
});
