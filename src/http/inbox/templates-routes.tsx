// /inbox/templates (admins): the template files, a preview per locale for a chosen contact, a test send to
// the agent's own address. Thin: read the query or form, call one service, render.
import { Hono, type Context } from 'hono';
import * as v from 'valibot';
import { AppError, isAppError } from '../../domain/errors.ts';
import { deliverOutbox } from '../../services/deliverOutbox.ts';
import { describeTemplate, listTemplateFiles, previewTemplateFor, sendTemplateTest } from '../../services/templateGallery.ts';
import { inBackground } from '../background.ts';
import { formText, parseOrThrow } from '../validation.ts';
import { pageContext, type InboxEnv } from './session.ts';
import { TemplateListPage, TemplatePage } from './templates-pages.tsx';

const PreviewFields = v.object({
  locale: v.optional(v.string()),
  contact: formText(),
  data: formText(),
  sent: v.optional(v.string()),
});

/** The data field: a JSON object, or empty for none. */
function parseData(text: string): Record<string, unknown> {
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new AppError('ValidationFailed', 'the data is not JSON', [
      { field: 'data', message: `expected a JSON object like {"order_number": "SE-1001"}: ${(error as Error).message}` },
    ]);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new AppError('ValidationFailed', 'the data is not a JSON object', [{ field: 'data', message: 'expected a JSON object' }]);
  }
  return value as Record<string, unknown>;
}

export const templateInboxRoutes = new Hono<InboxEnv>();

templateInboxRoutes.use('*', async (c, next) => {
  if (c.var.session.agent.role !== 'admin') throw new AppError('Forbidden', 'only admins can preview and test templates');
  await next();
});

templateInboxRoutes.get('/', (c) => c.html(<TemplateListPage page={pageContext(c)} templates={listTemplateFiles(c.var.deps)} />));

async function templatePage(c: Context<InboxEnv>, name: string, fields: v.InferOutput<typeof PreviewFields>) {
  const template = describeTemplate(c.var.deps, name);
  const locale = fields.locale || template.defaultLocale;
  const props = { page: pageContext(c), template, locale, contact: fields.contact, data: fields.data, sent: fields.sent };
  if (!fields.contact.trim()) return c.html(<TemplatePage {...props} preview={null} issues={[]} />);
  try {
    const preview = await previewTemplateFor(c.var.deps, { template: name, locale, contact: fields.contact, data: parseData(fields.data) });
    return c.html(<TemplatePage {...props} preview={preview} issues={[]} />);
  } catch (error) {
    if (!isAppError(error) || error.name !== 'ValidationFailed') throw error;
    const issues = error.issues?.length ? error.issues : [{ field: '', message: error.message }];
    return c.html(<TemplatePage {...props} preview={null} issues={issues} />, 422);
  }
}

templateInboxRoutes.get('/:name', (c) => templatePage(c, c.req.param('name'), parseOrThrow(PreviewFields, c.req.query(), 'query')));

const TestForm = v.object({
  locale: v.pipe(formText(), v.minLength(1, 'expected a locale of the template')),
  contact: v.pipe(formText(), v.minLength(1, "expected a contact's address")),
  data: formText(),
});

templateInboxRoutes.post('/:name/test', async (c) => {
  const name = c.req.param('name');
  const form = parseOrThrow(TestForm, await c.req.parseBody(), 'test send');
  const deps = c.var.deps;
  const message = await sendTemplateTest(deps, c.var.session.agent, {
    template: name,
    locale: form.locale,
    contact: form.contact,
    data: parseData(form.data),
  });
  inBackground(c, deps, 'deliver outbox', () => deliverOutbox(deps));
  const back = new URLSearchParams({ locale: form.locale, contact: form.contact, data: form.data, sent: message.id });
  return c.redirect(`/inbox/templates/${encodeURIComponent(name)}?${back}`, 303);
});
