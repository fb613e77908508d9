// endpoint(), apiModule() and crud(): the route and the OpenAPI operation come from one declaration, so the document
// states what the route checks; bad input is refused naming each field, before the handler runs.
import { Hono } from 'hono';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { AppError, isAppError } from '../../src/domain/errors.ts';
import type { ApiEnv } from '../../src/http/api-auth.ts';
import { crud } from '../../src/http/crud.ts';
import { apiModule, endpoint } from '../../src/http/endpoint.ts';
import { respondWithError } from '../../src/http/errors.ts';

const NoteBody = v.strictObject({ text: v.pipe(v.string('expected text'), v.minLength(1, 'expected some text')) }, 'unknown field');
const Limit = v.object({ limit: v.optional(v.pipe(v.string(), v.regex(/^\d+$/, 'expected a whole number'), v.transform(Number)), '5') });

/** The module mounted as the API mounts it, behind a key of the given role, with errors answered as the app answers them. */
function serve(routes: Hono<ApiEnv>, role: 'admin' | 'standard' = 'standard') {
  const app = new Hono<ApiEnv>();
  app.use('*', async (c, next) => {
    c.set('apiKey', { id: 'key_test', name: 'test', role });
    await next();
  });
  app.route('/notes', routes);
  app.onError((error, c) => (isAppError(error) ? respondWithError(c, error) : c.json({ error: String(error) }, 500)));
  return (path: string, init?: { method: string; body?: unknown }) =>
    app.request(path, {
      method: init?.method ?? 'GET',
      ...(init?.body !== undefined ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(init.body) } : {}),
    });
}

describe('endpoint()', () => {
  const seen: unknown[] = [];
  const note = endpoint({
    method: 'post',
    path: '/{id}/notes',
    operationId: 'addNote',
    summary: 'Add a note',
    params: { id: 'the thing' },
    query: Limit,
    body: { name: 'NoteCreate', schema: NoteBody, example: { text: 'hi' }, what: 'note' },
    responses: [{ status: 201, description: 'Added' }],
    errors: [409],
    handle: (c, input) => {
      seen.push(input);
      return c.json({ id: input.params.id, text: input.body.text, limit: input.query.limit }, 201);
    },
  });

  it('describes the operation with the schemas it checks, and the errors its shape implies besides the ones named', () => {
    expect(note.route).toBe('/:id/notes');
    expect(note.operation).toMatchObject({
      method: 'post',
      path: '/{id}/notes',
      query: Limit,
      body: { name: 'NoteCreate', schema: NoteBody, example: { text: 'hi' } },
      errors: [400, 404, 409, 413],
    });
    expect(note.operation.body).not.toHaveProperty('what');
    const plain = endpoint({ method: 'get', path: '/', operationId: 'x', summary: 'x', responses: [], handle: (c) => c.json({}) });
    expect(plain.operation.errors).toEqual([]);
  });

  it('hands the handler the checked body, query and path parameters', async () => {
    const request = serve(apiModule({ tag: 'Notes' }, [note]).routes);
    const res = await request('/notes/t1/notes?limit=7', { method: 'POST', body: { text: 'hello' } });
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ id: 't1', text: 'hello', limit: 7 });
    expect(seen.at(-1)).toEqual({ params: { id: 't1' }, body: { text: 'hello' }, query: { limit: 7 } });
  });

  it('refuses a bad body naming each field (before the query is looked at), and never runs the handler', async () => {
    const request = serve(apiModule({ tag: 'Notes' }, [note]).routes);
    const before = seen.length;
    const res = await request('/notes/t1/notes?limit=x', { method: 'POST', body: { text: '', extra: 1 } });
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as { error: { code: string; message: string; issues: unknown[] } };
    expect(error.code).toBe('ValidationFailed');
    expect(error.message).toMatch(/^invalid note: /);
    expect(error.issues).toEqual([
      { field: 'text', message: 'expected some text' },
      { field: 'extra', message: 'unknown field' },
    ]);
    const query = await request('/notes/t1/notes?limit=x', { method: 'POST', body: { text: 'ok' } });
    expect(((await query.json()) as { error: { issues: unknown[] } }).error.issues).toEqual([
      { field: 'limit', message: 'expected a whole number' },
    ]);
    expect(seen.length).toBe(before);
  });
});

describe('apiModule()', () => {
  const ping = endpoint({
    method: 'get',
    path: '/',
    operationId: 'ping',
    summary: 'Ping',
    responses: [],
    handle: (c) => c.json({ ok: true }),
  });

  it('tags every operation, in the order given', () => {
    const pong = endpoint({ method: 'post', path: '/', operationId: 'pong', summary: 'Pong', responses: [], handle: (c) => c.json({}) });
    expect(apiModule({ tag: 'Notes' }, [pong, ping]).operations.map((op) => [op.operationId, op.tag, op.access])).toEqual([
      ['pong', 'Notes', undefined],
      ['ping', 'Notes', undefined],
    ]);
  });

  it('with access admin: documents it, and refuses standard keys on every path of the module, matched or not', async () => {
    const admin = apiModule({ tag: 'Notes', access: 'admin' }, [ping]);
    expect(admin.operations[0]!.access).toBe('admin');
    expect((await serve(admin.routes, 'admin')('/notes')).status).toBe(200);
    for (const path of ['/notes', '/notes/unknown']) expect((await serve(admin.routes, 'standard')(path)).status, path).toBe(403);
    expect((await serve(apiModule({ tag: 'Notes' }, [ping]).routes)('/notes')).status).toBe(200);
  });
});

describe('crud()', () => {
  type Row = { id: string; text: string };
  const rows = new Map<string, Row>();
  const find = async (_: unknown, id: string) => {
    const row = rows.get(id);
    if (!row) throw new AppError('NotFound', `no note ${id}`);
    return row;
  };
  const notes = crud<Row>({
    what: 'note',
    id: { name: 'id', description: 'the note id' },
    present: (row) => ({ id: row.id, text: row.text.toUpperCase() }),
    example: { id: 'n1', text: 'HI' },
  });
  const body = { name: 'Note', schema: NoteBody, example: { text: 'hi' } };
  const module = apiModule({ tag: 'Notes' }, [
    notes.list({ operationId: 'listNotes', summary: 'List', answer: 'Every note', run: async () => [...rows.values()] }),
    notes.create({
      operationId: 'createNote',
      summary: 'Create',
      body,
      answer: 'Created',
      run: async (_, input) => {
        const row = { id: `n${rows.size + 1}`, text: input.text };
        rows.set(row.id, row);
        return row;
      },
    }),
    notes.get({ operationId: 'getNote', summary: 'Get', answer: 'The note', run: find }),
    notes.update({
      operationId: 'updateNote',
      summary: 'Update',
      body,
      answer: 'Saved',
      example: { id: 'n1', text: 'BYE' },
      errors: [409],
      run: async (deps, id, input) => ({ ...(await find(deps, id)), ...input }),
    }),
    notes.remove({ operationId: 'deleteNote', summary: 'Delete', answer: 'Deleted', run: async (_, id) => rows.delete(id) }),
  ]);

  it('serves list, create, get, update and delete, each answer presented as the resource presents a row', async () => {
    const request = serve(module.routes);
    const created = await request('/notes', { method: 'POST', body: { text: 'hello' } });
    expect(created.status).toBe(201);
    expect(await created.json()).toEqual({ id: 'n1', text: 'HELLO' });
    expect(await (await request('/notes')).json()).toEqual({ data: [{ id: 'n1', text: 'HELLO' }] });
    expect(await (await request('/notes/n1')).json()).toEqual({ id: 'n1', text: 'HELLO' });
    const updated = await request('/notes/n1', { method: 'PATCH', body: { text: 'bye' } });
    expect([updated.status, await updated.json()]).toEqual([200, { id: 'n1', text: 'BYE' }]);
    const bad = await request('/notes/n1', { method: 'PATCH', body: { text: 1 } });
    expect([bad.status, ((await bad.json()) as { error: { message: string } }).error.message]).toEqual([
      400,
      'invalid note: text: expected text',
    ]);
    const deleted = await request('/notes/n1', { method: 'DELETE' });
    expect([deleted.status, await deleted.text()]).toEqual([204, '']);
    expect((await request('/notes/n1')).status).toBe(404);
  });

  it('documents each with the resource’s id parameter, example and the errors it can answer', () => {
    const byId = Object.fromEntries(module.operations.map((op) => [op.operationId, op]));
    expect(byId.listNotes).toMatchObject({ method: 'get', path: '/', errors: [] });
    expect(byId.listNotes!.responses).toEqual([{ status: 200, description: 'Every note', example: { data: [{ id: 'n1', text: 'HI' }] } }]);
    expect(byId.createNote).toMatchObject({ method: 'post', path: '/', body: { name: 'Note' }, errors: [400, 413] });
    expect(byId.createNote!.responses).toEqual([{ status: 201, description: 'Created', example: { id: 'n1', text: 'HI' } }]);
    expect(byId.getNote).toMatchObject({ method: 'get', path: '/{id}', params: { id: 'the note id' }, errors: [404] });
    expect(byId.updateNote).toMatchObject({ method: 'patch', path: '/{id}', errors: [400, 404, 409, 413] });
    expect(byId.updateNote!.responses).toEqual([{ status: 200, description: 'Saved', example: { id: 'n1', text: 'BYE' } }]);
    expect(byId.deleteNote).toMatchObject({ method: 'delete', path: '/{id}', errors: [404] });
    expect(byId.deleteNote!.responses).toEqual([{ status: 204, description: 'Deleted' }]);
  });
});
