// /inbox/contacts: every agent lists, reads and edits contacts and changes their consent and topics (logged as
// the agent); only admins import CSV. Thin: read the form, call one service, render.
import { Hono, type Context } from 'hono';
import { stream } from 'hono/streaming';
import * as v from 'valibot';
import { AppError, type FieldIssue, isAppError } from '../../domain/errors.ts';
import { attributesFromRows, attributeText } from '../../domain/people/attribute-form.ts';
import { ContactUpdateSchema } from '../../domain/people/contact-input.ts';
import { TOPIC_SUBSCRIPTION_STATES } from '../../domain/vocabulary.ts';
import { listAgents } from '../../services/agents.ts';
import { contactDirectory } from '../../services/contactDirectory.ts';
import { changeConsentAsAgent, contactPageData, editContact } from '../../services/contactPage.ts';
import { getContact } from '../../services/contacts.ts';
import { type ImportReport, importContacts } from '../../services/importContacts.ts';
import { BODY_LIMITS, limitStream } from '../body-limit.ts';
import { errorBody } from '../errors.ts';
import { presentImport } from '../routes/contacts.ts';
import { blankAsAbsent, formChoice, parseOrThrow } from '../validation.ts';
import { ContactListPage, ContactPage, type ContactFormState } from './contacts-pages.tsx';
import { errorText, expectationText } from './error-text.ts';
import type { Translate } from './i18n/catalog.ts';
import { pageContext, type InboxEnv } from './session.ts';

const PAGE_SIZE = 50;
/** Progress lines as often as the import saves a chunk. */
const PROGRESS_EVERY_ROWS = 500;

const ListQuery = v.object({
  q: blankAsAbsent(v.pipe(v.string(), v.trim(), v.maxLength(200, 'expected at most 200 characters'))),
  locale: blankAsAbsent(
    v.pipe(v.string(), v.trim(), v.regex(/^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/, 'expected a language like sv or sv-SE')),
  ),
  topic: blankAsAbsent(v.string()),
  segment: blankAsAbsent(v.string()),
  cursor: blankAsAbsent(v.string()),
});

export const contactInboxRoutes = new Hono<InboxEnv>();

contactInboxRoutes.get('/', async (c) => {
  const filter = parseOrThrow(ListQuery, c.req.query(), 'filter');
  const data = await contactDirectory(c.var.deps, { ...filter, limit: PAGE_SIZE });
  return c.html(<ContactListPage page={pageContext(c)} data={data} filter={filter} canImport={c.var.session.agent.role === 'admin'} />);
});

/** Counts the bytes the import has read, for the page's progress bar (the file's size is the whole). */
function countingStream(body: ReadableStream<Uint8Array>): { stream: ReadableStream<Uint8Array>; read(): number } {
  let read = 0;
  const counted = body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        read += chunk.byteLength;
        controller.enqueue(chunk);
      },
    }),
  );
  return { stream: counted, read: () => read };
}

// The CSV as the raw body (text/csv), the CSRF token in X-CSRF-Token; NDJSON progress lines, then the report.
contactInboxRoutes.post('/import', async (c) => {
  if (c.var.session.agent.role !== 'admin') throw new AppError('Forbidden', 'only admins can import contacts');
  const body = limitStream(c.req.raw, BODY_LIMITS.csv, 'CSV imports');
  if (!body || !(c.req.header('content-type') ?? '').startsWith('text/csv'))
    throw new AppError('ValidationFailed', 'expected a CSV file', [{ field: 'body', message: 'expected text/csv with a header row' }]);
  const deps = c.var.deps;
  const { t } = pageContext(c);
  const counted = countingStream(body);
  return stream(c, async (out) => {
    c.header('content-type', 'application/x-ndjson');
    const line = (value: object) => out.writeln(JSON.stringify(value));
    try {
      const report = await importContacts(
        deps,
        counted.stream,
        async (p) => void (await line({ type: 'progress', rows: p.rows, failed: p.failed, bytes: counted.read() })),
        PROGRESS_EVERY_ROWS,
      );
      await line({ type: report.stopped ? 'stopped' : 'done', bytes: counted.read(), ...importInWords(report, t) });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await line({ type: 'error', ...(isAppError(error) ? { ...errorBody(error).error, message: errorText(error, t) } : { message }) });
    }
  });
});

/** The import's report for the page's script, each problem in the agent's language (the API's report keeps its English). */
function importInWords(report: ImportReport, t: Translate) {
  const presented = presentImport(report);
  const errors = presented.errors.map((e) => ({ ...e, message: expectationText(e.message, t) }));
  const stopped = report.stopped
    ? { error: { ...errorBody(report.stopped.error).error, message: errorText(report.stopped.error, t) } }
    : {};
  return { ...presented, ...stopped, errors };
}

const ActivityQuery = v.object({ activity: blankAsAbsent(v.string()), saved: v.optional(v.string()) });

async function renderContact(c: Context<InboxEnv>, id: string, form?: ContactFormState, status = 200) {
  const query = parseOrThrow(ActivityQuery, c.req.query(), 'query');
  const [data, agents] = await Promise.all([contactPageData(c.var.deps, id, query.activity), listAgents(c.var.deps)]);
  const stored: ContactFormState = {
    values: {
      name: data.contact.name ?? '',
      locale: data.contact.locale ?? '',
      timezone: data.contact.timezone ?? '',
      attributes: Object.entries(data.contact.attributes).map(([name, value]) => ({ name, value: attributeText(value) })),
    },
    issues: [],
  };
  return c.html(
    <ContactPage
      page={pageContext(c)}
      data={data}
      agentNames={new Map(agents.map((a) => [a.id, a.name]))}
      form={form ?? stored}
      saved={query.saved !== undefined && !form}
      now={c.var.deps.clock.now()}
    />,
    status as 200,
  );
}

contactInboxRoutes.get('/:id', (c) => renderContact(c, c.req.param('id')));

const ATTRIBUTE_FIELD = /^attributes\[(\d{1,3})\]\.(name|value)$/;

/** The edit form's values as typed: kept whole when they come back with problems. */
function formValues(form: Record<string, unknown>): ContactFormState['values'] {
  const str = (value: unknown) => (typeof value === 'string' ? value : '');
  const rows: { name: string; value: string }[] = [];
  for (const [key, value] of Object.entries(form)) {
    const match = ATTRIBUTE_FIELD.exec(key);
    if (!match) continue;
    const index = Number(match[1]);
    rows[index] = { ...(rows[index] ?? { name: '', value: '' }), [match[2]!]: str(value) };
  }
  return {
    name: str(form.name),
    locale: str(form.locale),
    timezone: str(form.timezone),
    attributes: Array.from(rows, (row) => row ?? { name: '', value: '' }),
  };
}

const blankIsNull = (text: string) => (text.trim() === '' ? null : text);

contactInboxRoutes.post('/:id', async (c) => {
  const id = c.req.param('id');
  const values = formValues(await c.req.parseBody());
  const current = await getContact(c.var.deps, id);
  const attributes = attributesFromRows(values.attributes, current.attributes);
  const input = { name: blankIsNull(values.name), locale: blankIsNull(values.locale), timezone: blankIsNull(values.timezone) };
  const parsed = v.safeParse(ContactUpdateSchema, attributes.ok ? { ...input, attributes: attributes.patch } : input);
  const issues: FieldIssue[] = [
    ...(parsed.success ? [] : parsed.issues.map((i) => ({ field: v.getDotPath(i) ?? '', message: i.message }))),
    ...(attributes.ok ? [] : attributes.issues),
  ];
  if (!parsed.success || issues.length) return renderContact(c, id, { values, issues }, 422);
  await editContact(c.var.deps, id, parsed.output);
  return c.redirect(`/inbox/contacts/${encodeURIComponent(id)}?saved=1`, 303);
});

const TopicForm = v.object({
  topic: v.pipe(v.string('expected a topic key'), v.minLength(1, 'expected a topic key')),
  state: formChoice(TOPIC_SUBSCRIPTION_STATES, 'expected subscribed or unsubscribed'),
});
const MarketingForm = v.object({ marketing: formChoice(['subscribed', 'unsubscribed'] as const, 'expected subscribed or unsubscribed') });

contactInboxRoutes.post('/:id/consent', async (c) => {
  const id = c.req.param('id');
  const form = await c.req.parseBody();
  const change =
    'topic' in form
      ? (({ topic, state }) => ({ topics: { [topic]: state } }))(parseOrThrow(TopicForm, form, 'consent form'))
      : parseOrThrow(MarketingForm, form, 'consent form');
  await changeConsentAsAgent(c.var.deps, id, c.var.session.agent.id, change);
  return c.redirect(`/inbox/contacts/${encodeURIComponent(id)}`, 303);
});
