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
import { parseOrThrow } from '../validation.ts';

const ListQuery = v.object({
  limit: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^\d+$/, 'expected a whole number from 1 to 500'),
      v.transform(Number),
      v.minValue(1, 'expected at least 1'),
      v.maxValue(500, 'expected at most 500'),
    ),
    '50',
  ),
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
function presentImport(report: ImportReport) {
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
