// /inbox/broadcasts: admins write a broadcast, pre-flight it, test it to their own address, schedule it,
// and watch it go (progress as NDJSON for the page's script), with pause, resume and cancel. The same
// services as /api/v1/broadcasts; bad input re-shows the page with the problem (422), losing nothing.
import { type Context, Hono } from 'hono';
import * as v from 'valibot';
import { AppError, isAppError } from '../../domain/errors.ts';
import { localTimeToInstant } from '../../domain/inbox/local-time.ts';
import { preflightBroadcast } from '../../services/broadcastPreflight.ts';
import { cancelBroadcast, pauseBroadcast, resumeBroadcast, scheduleBroadcast } from '../../services/broadcastSchedule.ts';
import { sendBroadcastTest } from '../../services/broadcastTestSend.ts';
import { type BroadcastInput, createBroadcast, getBroadcast, listBroadcasts, updateBroadcast } from '../../services/broadcasts.ts';
import { listSegments } from '../../services/segments.ts';
import { listTopics } from '../../services/topics.ts';
import { progressResponse, ScheduleBody, scheduleInputOf } from '../routes/broadcast-sending.ts';
import { parseOrThrow } from '../validation.ts';
import { BroadcastListPage, BroadcastPage, type BroadcastFormOptions } from './broadcast-pages.tsx';
import { errorText } from './error-text.ts';
import type { PageContext } from './layout.tsx';
import { pageContext, type InboxEnv } from './session.ts';

async function formOptions(c: Context<InboxEnv>): Promise<BroadcastFormOptions> {
  const deps = c.var.deps;
  return { templates: deps.templates.names(), segments: await listSegments(deps), topics: await listTopics(deps) };
}

const field = (form: Record<string, unknown>, name: string): string | null => {
  const value = form[name];
  if (typeof value !== 'string') return null;
  const text = value.replace(/\r\n/g, '\n');
  return text.trim() === '' ? null : text;
};

/** The draft form as a draft: an empty field is no value (a template or inline text, a segment or a rule). */
function draftFromForm(form: Record<string, unknown>): BroadcastInput {
  const name = field(form, 'name')?.trim() ?? '';
  if (name.length === 0 || name.length > 200) {
    throw new AppError('ValidationFailed', 'name: expected 1 to 200 characters', [
      { field: 'name', message: 'expected 1 to 200 characters' },
    ]);
  }
  return {
    name,
    template: field(form, 'template'),
    subject: field(form, 'subject')?.trim() ?? null,
    text: field(form, 'text'),
    html: field(form, 'html'),
    segmentId: field(form, 'segment_id'),
    rule: field(form, 'rule')?.trim() ?? null,
    topic: field(form, 'topic'),
  };
}

/**
 * The schedule form as the API's schedule body: `at` is a datetime-local on the agent's wall clock (their
 * time zone), empty fields are left out.
 */
function scheduleFromForm(form: Record<string, unknown>, page: PageContext) {
  const local = field(form, 'at');
  const at = local === null ? null : localTimeToInstant(local, page.timeZone);
  if (at === null && local !== null) {
    // English like every field problem; the page says it in the agent's language (error-text.ts).
    const message = `expected a date and time that exists in ${page.timeZone}`;
    throw new AppError('ValidationFailed', `at: ${message}`, [{ field: 'at', message }]);
  }
  const perMinute = field(form, 'per_minute');
  const body = {
    ...(at !== null ? { at: new Date(at).toISOString() } : {}),
    ...(field(form, 'local_time') ? { local_time: field(form, 'local_time') } : {}),
    ...(field(form, 'default_timezone') ? { default_timezone: field(form, 'default_timezone')?.trim() } : {}),
    ...(perMinute ? { per_minute: Number(perMinute) } : {}),
    acknowledge_warnings: form.acknowledge_warnings === 'true',
  };
  return scheduleInputOf(parseOrThrow(ScheduleBody, body, 'schedule'));
}

const SHOWN = new Set(['ValidationFailed', 'Conflict', 'PreflightFailed', 'WarningsNotAcknowledged', 'NoMarketingConsent']);
const shownProblem = (c: Context<InboxEnv>, error: unknown): string | null =>
  isAppError(error) && SHOWN.has(error.name) ? errorText(error, pageContext(c).t) : null;

async function broadcastPage(c: Context<InboxEnv>, id: string, extra: { error?: string; notice?: string } = {}, status = 200) {
  const broadcast = await getBroadcast(c.var.deps, id);
  return c.html(
    <BroadcastPage page={pageContext(c)} broadcast={broadcast} options={await formOptions(c)} error={extra.error} notice={extra.notice} />,
    status as 200,
  );
}

const pathOf = (id: string) => `/inbox/broadcasts/${encodeURIComponent(id)}`;

/** Runs a change of the broadcast, then shows its page again: redirected on success, with the problem (422) when refused. */
async function change(c: Context<InboxEnv>, work: (id: string) => Promise<unknown>) {
  const id = c.req.param('id')!;
  try {
    await work(id);
  } catch (error) {
    const problem = shownProblem(c, error);
    if (problem) return broadcastPage(c, id, { error: problem }, 422);
    throw error;
  }
  return c.redirect(pathOf(id), 303);
}

export const broadcastInboxRoutes = new Hono<InboxEnv>();

broadcastInboxRoutes.use('*', async (c, next) => {
  if (c.var.session.agent.role !== 'admin') throw new AppError('Forbidden', 'only admins can manage broadcasts');
  await next();
});

broadcastInboxRoutes.get('/', async (c) =>
  c.html(<BroadcastListPage page={pageContext(c)} broadcasts={await listBroadcasts(c.var.deps)} options={await formOptions(c)} />),
);

broadcastInboxRoutes.post('/', async (c) => {
  try {
    const broadcast = await createBroadcast(c.var.deps, draftFromForm(await c.req.parseBody()));
    return c.redirect(pathOf(broadcast.id), 303);
  } catch (error) {
    const problem = shownProblem(c, error);
    if (!problem) throw error;
    const page = (
      <BroadcastListPage
        page={pageContext(c)}
        broadcasts={await listBroadcasts(c.var.deps)}
        options={await formOptions(c)}
        error={problem}
      />
    );
    return c.html(page, 422);
  }
});

broadcastInboxRoutes.get('/:id', (c) => broadcastPage(c, c.req.param('id')));
broadcastInboxRoutes.post('/:id', async (c) => {
  const form = await c.req.parseBody();
  return change(c, (id) => updateBroadcast(c.var.deps, id, draftFromForm(form)));
});
broadcastInboxRoutes.post('/:id/preflight', (c) => change(c, (id) => preflightBroadcast(c.var.deps, id)));

const TestForm = v.object({ to: v.pipe(v.string('expected an address'), v.trim(), v.email("expected an agent's own address")) });

broadcastInboxRoutes.post('/:id/test', async (c) => {
  const id = c.req.param('id');
  try {
    const { to } = parseOrThrow(TestForm, await c.req.parseBody(), 'test');
    await sendBroadcastTest(c.var.deps, id, { to });
    return broadcastPage(c, id, { notice: pageContext(c).t('broadcasts.testSent', { to }) });
  } catch (error) {
    const problem = shownProblem(c, error);
    if (problem) return broadcastPage(c, id, { error: problem }, 422);
    throw error;
  }
});

broadcastInboxRoutes.post('/:id/schedule', async (c) => {
  const form = await c.req.parseBody();
  return change(c, (id) => scheduleBroadcast(c.var.deps, id, scheduleFromForm(form, pageContext(c))));
});
broadcastInboxRoutes.post('/:id/pause', (c) => change(c, (id) => pauseBroadcast(c.var.deps, id)));
broadcastInboxRoutes.post('/:id/resume', (c) => change(c, (id) => resumeBroadcast(c.var.deps, id)));
broadcastInboxRoutes.post('/:id/cancel', (c) => change(c, (id) => cancelBroadcast(c.var.deps, id)));
broadcastInboxRoutes.get('/:id/progress', (c) => progressResponse(c, c.var.deps, c.req.param('id')));
