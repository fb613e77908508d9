import type { Context } from 'hono';
import { stream } from 'hono/streaming';
import { AppError, isAppError } from '../../domain/errors.ts';
import { importContacts, type ImportReport } from '../../services/importContacts.ts';
import * as v from 'valibot';
import { CONSENT_STATES } from '../../domain/vocabulary.ts';
import { AttributeNameField, ContactCreateSchema, ContactUpdateSchema } from '../../domain/people/contact-input.ts';
import { eraseContact, getContact, listContacts, updateContact, upsertContact } from '../../services/contacts.ts';
import type { ApiEnv } from '../api-auth.ts';
import { BODY_LIMITS, limitStream } from '../body-limit.ts';
import { STATUS_BY_ERROR, errorBody } from '../errors.ts';
import { crud } from '../crud.ts';
import { apiModule, endpoint } from '../endpoint.ts';
import { presentContact } from '../presenters.ts';
import { CONTACT_EXAMPLE } from '../openapi/examples.ts';
import { parseOrThrow, pageLimitField } from '../validation.ts';

const ListQuery = v.object({
  limit: pageLimitField(500, 50),
  cursor: v.optional(v.string()),
  consent: v.optional(v.picklist(CONSENT_STATES, 'expected subscribed, unsubscribed or unknown')),
  email: v.optional(v.pipe(v.string(), v.trim(), v.toLowerCase())),
});

const AttributeFilter = v.object({ attributes: v.record(AttributeNameField, v.string()) });

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

async function importCsv(c: Context<ApiEnv>): Promise<Response> {
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
}

const IMPORT_REPORT_EXAMPLE = { rows: 2, created: 1, updated: 1, failed: 0, errors: [], complete: true, saved_through_line: 3 };

const CONTACT_ID = { id: 'the contact id (con_…)' };
const contact = crud({
  what: 'contact',
  id: { name: 'id', description: CONTACT_ID.id },
  present: presentContact,
  example: CONTACT_EXAMPLE,
});

/** `?attributes.NAME=VALUE` parameters as { NAME: VALUE }. */
function attributeQuery(query: Record<string, string>): Record<string, string> {
  const prefix = 'attributes.';
  return Object.fromEntries(
    Object.entries(query).flatMap(([key, value]) => (key.startsWith(prefix) ? [[key.slice(prefix.length), value]] : [])),
  );
}

export const { routes: contactRoutes, operations: contactOperations } = apiModule({ tag: 'Contacts' }, [
  endpoint({
    method: 'post',
    path: '/',
    operationId: 'upsertContact',
    summary: 'Create or update a contact by normalized email',
    description: 'Attributes are merged into the stored ones. 201 when the contact is new, 200 when it existed.',
    body: {
      name: 'ContactCreate',
      schema: ContactCreateSchema,
      example: { email: 'ana@example.com', name: 'Ana Lind', locale: 'sv-SE', timezone: 'Europe/Stockholm', attributes: { plan: 'pro' } },
      what: 'contact',
    },
    responses: [
      { status: 201, description: 'Created', example: CONTACT_EXAMPLE },
      { status: 200, description: 'Updated (a contact with this email existed)', example: CONTACT_EXAMPLE },
    ],
    handle: async (c, { body }) => {
      const { contact, created } = await upsertContact(c.var.deps, body);
      return c.json(presentContact(contact), created ? 201 : 200);
    },
  }),
  endpoint({
    method: 'get',
    path: '/',
    operationId: 'listContacts',
    summary: 'List contacts, newest first',
    description: 'Filter by attribute with `?attributes.NAME=VALUE` (any number of them).',
    query: ListQuery,
    responses: [{ status: 200, description: 'A page of contacts', example: { data: [CONTACT_EXAMPLE], next_cursor: null } }],
    handle: async (c, { query }) => {
      const filter = parseOrThrow(AttributeFilter, { attributes: attributeQuery(c.req.query()) }, 'query');
      const page = await listContacts(c.var.deps, { ...query, attributes: filter.attributes });
      return c.json({ data: page.contacts.map(presentContact), next_cursor: page.nextCursor });
    },
  }),
  endpoint({
    method: 'post',
    path: '/import',
    operationId: 'importContacts',
    summary: 'Import contacts from CSV (streamed, at most 64 MiB)',
    description:
      'A header row with `email`; `name`, `locale`, `timezone`, `consent`; `topic:KEY` columns (yes/no) set topics; ' +
      'any other column becomes an attribute. ' +
      '`Accept: application/x-ndjson` streams progress lines. When reading stops part-way the rows saved so far stay saved ' +
      'and the answer adds `error` and `stopped_after_line`.',
    rawBody: { name: 'ContactImportCsv', contentType: 'text/csv', example: 'email,name,plan\nana@example.com,Ana Lind,pro\n' },
    responses: [
      { status: 200, description: 'The import report', example: IMPORT_REPORT_EXAMPLE },
      { status: 422, description: 'Malformed CSV part-way: the report with `error`; rows through saved_through_line are saved' },
    ],
    handle: importCsv,
  }),
  contact.get({ operationId: 'getContact', summary: 'Read a contact', answer: 'The contact', run: getContact }),
  contact.update({
    operationId: 'updateContact',
    summary: 'Merge-update a contact (null removes an attribute)',
    body: {
      name: 'ContactUpdate',
      schema: ContactUpdateSchema,
      example: { name: 'Ana Lind-Berg', attributes: { plan: 'team', trial: null } },
    },
    answer: 'The updated contact',
    errors: [409],
    run: updateContact,
  }),
  contact.remove({
    operationId: 'eraseContact',
    summary: 'Erase a person (a hashed suppression stays)',
    answer: 'Erased',
    run: eraseContact,
  }),
]);
