// /inbox/faqs: admins manage the FAQ (list, create, edit per locale with previews, enable, delete).
import { Hono, type Context } from 'hono';
import * as v from 'valibot';
import { FaqEntryCreateSchema, FaqEntryUpdateSchema } from '../../domain/autoresponder/entry-input.ts';
import { AppError, isAppError } from '../../domain/errors.ts';
import { createFaq, deleteFaq, getFaq, listFaqs, previewFaq, sampleContact, updateFaq } from '../../services/faqs.ts';
import { formChoice, parseOrThrow } from '../validation.ts';
import { FaqEditPage, FaqListPage } from './faq-pages.tsx';
import { pageContext, type InboxEnv } from './session.ts';
import { problemText } from './problem-text.ts';

const lines = (text: unknown) =>
  typeof text === 'string'
    ? text
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter(Boolean)
    : [];
const text = (value: unknown) => (typeof value === 'string' ? value.replace(/\r\n/g, '\n').trim() : '');

/** The edit form as an entry change: per locale its questions and answer; an emptied answer removes the locale. */
function changeFromForm(form: Record<string, unknown>) {
  const questions: Record<string, string[] | null> = {};
  const answers: Record<string, string | null> = {};
  for (const [key, value] of Object.entries(form)) {
    const [kind, locale] = [key.slice(0, key.indexOf('.')), key.slice(key.indexOf('.') + 1)];
    if (kind === 'answer' && locale) answers[locale] = text(value) || null;
    if (kind === 'questions' && locale) questions[locale] = lines(value);
  }
  for (const [locale, answer] of Object.entries(answers)) if (answer === null) questions[locale] = null;
  const added = text(form.new_locale);
  if (added) {
    answers[added] = text(form.new_answer) || null;
    questions[added] = lines(form.new_questions);
  }
  return {
    questions,
    answers,
    mode: form.mode,
    tags: text(form.tags)
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean),
  };
}

async function editPage(c: Context<InboxEnv>, id: string, error?: string, status = 200) {
  const entry = await getFaq(c.var.deps, id);
  const previews = previewFaq(entry, sampleContact(c.var.deps.clock.now()), { id: 'cnv_sample', subject: 'Your question' });
  return c.html(<FaqEditPage page={pageContext(c)} entry={entry} previews={previews} error={error} />, status as 200);
}

async function listPage(c: Context<InboxEnv>, error?: string, status = 200) {
  const entries = await listFaqs(c.var.deps);
  return c.html(<FaqListPage page={pageContext(c)} entries={entries} mode={c.var.deps.config.faqMode} error={error} />, status as 200);
}

/** Bad input re-shows the page with the problem (422), keeping nothing half-saved. */
function shownProblem(c: Context<InboxEnv>, error: unknown): string | null {
  if (!isAppError(error) || (error.name !== 'ValidationFailed' && error.name !== 'Conflict')) return null;
  return problemText(error, pageContext(c).t);
}

export const faqInboxRoutes = new Hono<InboxEnv>();

faqInboxRoutes.use('*', async (c, next) => {
  if (c.var.session.agent.role !== 'admin') throw new AppError('Forbidden', 'only admins can manage the FAQ');
  await next();
});

faqInboxRoutes.get('/', (c) => listPage(c));

faqInboxRoutes.post('/', async (c) => {
  const form = await c.req.parseBody();
  const locale = text(form.locale);
  try {
    const input = parseOrThrow(
      FaqEntryCreateSchema,
      {
        ...(text(form.id) ? { id: text(form.id) } : {}),
        questions: { [locale]: lines(form.questions) },
        answers: { [locale]: text(form.answer) },
      },
      'FAQ entry',
    );
    const entry = await createFaq(c.var.deps, input);
    return c.redirect(`/inbox/faqs/${encodeURIComponent(entry.id)}`, 303);
  } catch (error) {
    const problem = shownProblem(c, error);
    if (problem) return listPage(c, problem, 422);
    throw error;
  }
});

faqInboxRoutes.get('/:id', (c) => editPage(c, c.req.param('id')));

faqInboxRoutes.post('/:id', async (c) => {
  const id = c.req.param('id');
  try {
    const change = parseOrThrow(FaqEntryUpdateSchema, changeFromForm(await c.req.parseBody()), 'FAQ entry');
    await updateFaq(c.var.deps, id, change);
  } catch (error) {
    const problem = shownProblem(c, error);
    if (problem) return editPage(c, id, problem, 422);
    throw error;
  }
  return c.redirect(`/inbox/faqs/${encodeURIComponent(id)}`, 303);
});

const EnabledForm = v.object({ enabled: formChoice(['true', 'false'], 'expected true or false') });

faqInboxRoutes.post('/:id/enabled', async (c) => {
  const id = c.req.param('id');
  const { enabled } = parseOrThrow(EnabledForm, await c.req.parseBody(), 'form');
  await updateFaq(c.var.deps, id, { enabled: enabled === 'true' });
  return c.redirect(
    c.req.header('referer')?.includes(`/inbox/faqs/${encodeURIComponent(id)}`) ? `/inbox/faqs/${encodeURIComponent(id)}` : '/inbox/faqs',
    303,
  );
});

faqInboxRoutes.post('/:id/delete', async (c) => {
  await deleteFaq(c.var.deps, c.req.param('id'));
  return c.redirect('/inbox/faqs', 303);
});
