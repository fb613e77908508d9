// The API's contract as the OpenAPI document states it, pinned: every path and method in document order, with its
// operationId, tag, access, parameters, request body and response statuses (and their content types). A change here is
// a change of the HTTP contract: make it on purpose, then rewrite the fixture with SAMTAL_WRITE_CONTRACT=1.
import { readFileSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createApp } from '../../src/http/app.ts';
import { createTestContext, type TestContext } from '../support/test-deps.ts';

const FIXTURE = new URL('../fixtures/openapi/contract.txt', import.meta.url);

type Parameter = { name: string; in: string; required: boolean };
type Response = { $ref?: string; content?: Record<string, unknown> };
type OperationObject = {
  operationId: string;
  tags: string[];
  security?: unknown[];
  'x-samtal-admin-only'?: boolean;
  parameters: Parameter[];
  requestBody?: { content: Record<string, { schema: { $ref?: string; type?: string } }> };
  responses: Record<string, Response>;
};

function contractLine(method: string, path: string, op: OperationObject): string {
  const access = op.security?.length === 0 ? 'public' : op['x-samtal-admin-only'] ? 'admin' : 'key';
  const params = op.parameters.map((p) => `${p.in}:${p.name}${p.required ? '' : '?'}`);
  const body = Object.entries(op.requestBody?.content ?? {}).map(
    ([type, media]) => `body:${type}:${media.schema.$ref?.replace('#/components/schemas/', '') ?? media.schema.type}`,
  );
  const responses = Object.entries(op.responses).map(([status, r]) =>
    r.$ref ? status : `${status}${r.content ? `:${Object.keys(r.content).join('+')}` : ''}`,
  );
  return [method.toUpperCase(), path, op.operationId, `[${op.tags.join(',')}]`, access, ...params, ...body, '->', ...responses].join(' ');
}

let t: TestContext;
beforeEach(async () => {
  t = await createTestContext();
});
afterEach(() => t.cleanup());

it('keeps every API path, method, parameter, body and status as pinned in test/fixtures/openapi/contract.txt', async () => {
  const res = await createApp(t.deps).request('/api/v1/openapi.json');
  const doc = (await res.json()) as { paths: Record<string, Record<string, OperationObject>> };
  const lines = Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => contractLine(method, path, op)),
  );
  const text = `${lines.join('\n')}\n`;
  if (process.env.SAMTAL_WRITE_CONTRACT === '1') writeFileSync(FIXTURE, text);
  expect(text).toBe(readFileSync(FIXTURE, 'utf8'));
});
