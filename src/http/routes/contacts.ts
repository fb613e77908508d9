import { Hono } from 'hono';
import { stream } from 'hono/streaming';
import { AppError, isAppError } from '../../domain/errors.ts';
import { importContacts, type ImportReport } from '../../services/importContacts.ts';
import * as v from 'valibot';
import { CONSENT_STATES } from '../../domain/vocabulary.ts';
import { AttributeNameField, ContactCreateSchema, ContactUpdateSchema } from '../../domain/people/contact-input.ts';
import { eraseContact, getContact, listContacts, updateContact, upsertContact } from '../../services/contacts.ts';
import type { AppEnv } from '../app.ts';
import { BODY_LIMITS, limitStream } from '../body-limit.ts';
import { STATUS_BY_ERROR, errorBody } from '../errors.ts';
import { readJson } from '../json-body.ts';
import { presentContact } from '../presenters.ts';
import { CONTACT_EXAMPLE } from '../openapi/examples.ts';
import type { Operation } from '../openapi/operation.ts';
import { parseOrThrow, pageLimitField } from '../validation.ts';

const ListQuery = v.object({
  limit: pageLimitField(500, 50),
  cursor: v.optional(v.string()),
  consent: v.optional(v.picklist(CONSENT_STATES, 'expected subscribed, unsubscribed or unknown')),
  email: v.optional(v.pipe(v.string(), v.trim(), v.toLowerCase())),
});

const AttributeFilter = v.object({ attributes: v.record(AttributeNameField, v.string()) });

export const contactRoutes = new Hono<AppEnv>()
  .post('/', async (c) => {
    const input = parseOrThrow(ContactCreateSchema, await readJson(c), 'contact');
    const { contact, created } = await upsertContact(c.var.deps, input);
    return c.json(presentContact(contact), created ? 201 : 200);
  })
  .get('/', async (c) => {
    const raw = c.req.query();
    const attributes: Record<string, string> = {};
    const rest: Record<string, string> = {};
    for (const [key, value] of Object.entries(raw)) {
      if (key.startsWith('attributes.')) attributes[key.slice('attributes.'.length)] = value;
      else rest[key] = value;
    }
    const query = parseOrThrow(ListQuery, rest, 'query');
    const filter = parseOrThrow(AttributeFilter, { attributes }, 'query');
    const page = await listContacts(c.var.deps, { ...query, attributes: filter.attributes });
    return c.json({ data: page.contacts.map(presentContact), next_cursor: page.nextCursor });
  })
  .get('/:id', async (c) => c.json(presentContact(await getContact(c.var.deps, c.req.param('id')))))
  .patch('/:id', async (c) => {
    const input = parseOrThrow(ContactUpdateSchema, await readJson(c), 'contact');
    return c.json(presentContact(await updateContact(c.var.deps, c.req.param('id'), input)));
  })
  .delete('/:id', async (c) => {
    await eraseContact(c.var.deps, c.req.param('id'));
    return c.body(null, 204);
  });

/**
 * The import report as the API shows it: counts, row errors and, when it stopped part-way, the
 * error (in the API's usual {error} shape) and the last line read. Rows after saved_through_line
 * were not saved.
 */
export function presentImport(report: ImportReport) {
  return {
    ...(report.stopped ? errorBody(report.stopped.error) : {}),
    rows: report.rows,
    created: report.created,
    updated: report.updated,
    failed: report.failed,
    errors: report.errors,
    complete: report.stopped === null,
    saved_through_line: report.savedThroughLine,
    ...(report.stopped ? { stopped_after_line: report.stopped.afterLine } : {}),
  };
}

/** A stop part-way is not a plain bad request: some rows were saved. Malformed CSV is 422; a size or database stop keeps its status. */
function stoppedStatus(error: AppError) {
  return error.name === 'ValidationFailed' ? 422 : STATUS_BY_ERROR[error.name];
}

export const contactImportRoute = new Hono<AppEnv>().post('/import', async (c) => {
  const deps = c.var.deps;
  const body = limitStream(c.req.raw, BODY_LIMITS.csv, 'CSV imports');
  if (!body)
    throw new AppError('ValidationFailed', 'expected a CSV body', [{ field: 'body', message: 'expected text/csv with a header row' }]);
  const wantsProgress = (c.req.header('accept') ?? '').includes('application/x-ndjson');
  if (!wantsProgress) {
    const report = await importContacts(deps, body);
    return c.json(presentImport(report), report.stopped ? stoppedStatus(report.stopped.error) : 200);
  }
  // Progress as it happens: one JSON line per 5,000 rows, then the report ("done" or "stopped").
  return stream(c, async (out) => {
    c.header('content-type', 'application/x-ndjson');
    try {
      const report = await importContacts(
        deps,
        body,
        async (p) =>
          void (await out.writeln(
            JSON.stringify({ type: 'progress', rows: p.rows, created: p.created, updated: p.updated, failed: p.failed }),
          )),
      );
      await out.writeln(JSON.stringify({ type: report.stopped ? 'stopped' : 'done', ...presentImport(report) }));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await out.writeln(JSON.stringify({ type: 'error', ...(isAppError(error) ? errorBody(error).error : { message }) }));
    }
  });
});

const IMPORT_REPORT_EXAMPLE = { rows: 2, created: 1, updated: 1, failed: 0, errors: [], complete: true, saved_through_line: 3 };

export const contactOperations: Operation[] = [
  {
    method: 'post',
    path: '/',
    operationId: 'upsertContact',
    summary: 'Create or update a contact by normalized email',
    description: 'Attributes are merged into the stored ones. 201 when the contact is new, 200 when it existed.',
    tag: 'Contacts',
    body: {
      name: 'ContactCreate',
      schema: ContactCreateSchema,
      example: { email: 'ana@example.com', name: 'Ana Lind', locale: 'sv-SE', timezone: 'Europe/Stockholm', attributes: { plan: 'pro' } },
    },
    responses: [
      { status: 201, description: 'Created', example: CONTACT_EXAMPLE },
      { status: 200, description: 'Updated (a contact with this email existed)', example: CONTACT_EXAMPLE },
    ],
    errors: [400, 413],
  },
  {
    method: 'get',
    path: '/',
    operationId: 'listContacts',
    summary: 'List contacts, newest first',
    description: 'Filter by attribute with `?attributes.NAME=VALUE` (any number of them).',
    tag: 'Contacts',
    query: ListQuery,
    responses: [{ status: 200, description: 'A page of contacts', example: { data: [CONTACT_EXAMPLE], next_cursor: null } }],
    errors: [400],
  },
  {
    method: 'post',
    path: '/import',
    operationId: 'importContacts',
    summary: 'Import contacts from CSV (streamed, at most 64 MiB)',
    description:
      'A header row with `email`; `name`, `locale`, `timezone`, `consent`; `topic:KEY` columns (yes/no) set topics; ' +
      'any other column becomes an attribute. ' +
      '`Accept: application/x-ndjson` streams progress lines. When reading stops part-way the rows saved so far stay saved ' +
      'and the answer adds `error` and `stopped_after_line`.',
    tag: 'Contacts',
    body: {
      name: 'ContactImportCsv',
      schema: v.string(),
      contentType: 'text/csv',
      example: 'email,name,plan\nana@example.com,Ana Lind,pro\n',
    },
    responses: [
      { status: 200, description: 'The import report', example: IMPORT_REPORT_EXAMPLE },
      { status: 422, description: 'Malformed CSV part-way: the report with `error`; rows through saved_through_line are saved' },
    ],
    errors: [400, 413],
  },
  {
    method: 'get',
    path: '/{id}',
    operationId: 'getContact',
    summary: 'Read a contact',
    tag: 'Contacts',
    params: { id: 'the contact id (con_…)' },
    responses: [{ status: 200, description: 'The contact', example: CONTACT_EXAMPLE }],
    errors: [404],
  },
  {
    method: 'patch',
    path: '/{id}',
    operationId: 'updateContact',
    summary: 'Merge-update a contact (null removes an attribute)',
    tag: 'Contacts',
    params: { id: 'the contact id (con_…)' },
    body: {
      name: 'ContactUpdate',
      schema: ContactUpdateSchema,
      example: { name: 'Ana Lind-Berg', attributes: { plan: 'team', trial: null } },
    },
    responses: [{ status: 200, description: 'The updated contact', example: CONTACT_EXAMPLE }],
    errors: [400, 404, 409, 413],
  },
  {
    method: 'delete',
    path: '/{id}',
    operationId: 'eraseContact',
    summary: 'Erase a person (a hashed suppression stays)',
    tag: 'Contacts',
    params: { id: 'the contact id (con_…)' },
    responses: [{ status: 204, description: 'Erased' }],
    errors: [404],
  },
];
