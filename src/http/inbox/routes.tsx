// /inbox: the agents' web inbox. Thin handlers: read the form, call one service, render.
import { Hono, type Context } from 'hono';
import * as v from 'valibot';
import { AppError, isAppError } from '../../domain/errors.ts';
import { agentReply, ReplyHeld } from '../../services/agentReply.ts';
import { inviteAgent, listAgents, setAgentActive } from '../../services/agents.ts';
import { getAttachmentContent } from '../../services/attachments.ts';
import {
  addNote,
  assignConversation,
  clearConversationFlag,
  setConversationStatus,
  snoozeConversation,
} from '../../services/conversationActions.ts';
import { conversationVersion, getInboxVersion, getThreadForAgent, listInbox, messageHtmlForViewer } from '../../services/inbox.ts';
import { deliverOutbox } from '../../services/deliverOutbox.ts';
import { cancelFollowUp } from '../../services/followUps.ts';
import { reportPresence } from '../../services/presence.ts';
import { searchInbox } from '../../services/searchInbox.ts';
import { markFaqWrong, teachFaqQuestion, type FaqThread } from '../../services/faqThread.ts';
import { attachmentDownload } from '../attachment-download.ts';
import { inBackground } from '../background.ts';
import { blankAsAbsent, formChoice, formText, parseForm, parseOrThrow } from '../validation.ts';
import { AgentsPage, ListBody, ListPage, SearchPage } from './pages.tsx';
import { pageContext, requireSession, type InboxEnv } from './session.ts';
import { ThreadPage, type ThreadPageProps } from './thread-page.tsx';
import { shownMessages } from './thread-paging.tsx';
import { threadPagingRoutes } from './thread-paging-routes.tsx';
import { CONVERSATION_STATUSES, INBOX_VIEWS, PRESENCE_STATES } from '../../domain/vocabulary.ts';
import { FOLLOW_UP_MAX_DAYS, FOLLOW_UP_MIN_DAYS, MAX_FOLLOW_UPS } from '../../domain/inbox/follow-up.ts';
import { localTimeToInstant } from '../../domain/inbox/local-time.ts';
import { isIanaTimeZone } from '../../domain/people/contact-input.ts';
import { faqInboxRoutes } from './faq-routes.tsx';
import { apiKeyInboxRoutes, inboundInboxRoutes } from './admin-tools-routes.tsx';
import { broadcastInboxRoutes } from './broadcast-routes.tsx';
import { contactInboxRoutes } from './contacts-routes.tsx';
import { templateInboxRoutes } from './templates-routes.tsx';
import { outboxInboxRoutes } from './outbox-routes.tsx';
import { problemText } from './problem-text.ts';
import { meRoutes } from './me-routes.tsx';
import { savedReplyDraft, teamInboxRoutes } from './team-routes.tsx';
import { BulkOutcomeQuery, TagFilterField, bulkOutcome, replyFiles } from './team-forms.ts';
import { markConversationRead } from '../../services/unread.ts';
import { suggestTags } from '../../services/conversationTags.ts';
import { tagQuery } from '../../domain/inbox/tags.ts';
import { reportsInboxRoutes } from './reports/routes.tsx';
import { settingsInboxRoutes } from './settings/routes.tsx';

const ListQuery = v.object({
  status: v.optional(v.picklist(CONVERSATION_STATUSES, 'expected open, pending, snoozed or closed'), 'open'),
  view: v.optional(v.picklist(INBOX_VIEWS, 'expected mine, unassigned or all'), 'all'),
  cursor: v.optional(v.string()),
  tag: TagFilterField,
  ...BulkOutcomeQuery,
});

async function renderThread(
  c: Context<InboxEnv>,
  id: string,
  extra: { held?: ThreadPageProps['held']; error?: string; insert?: string; draft?: string | undefined } = {},
  status = 200,
) {
  const thread = await getThreadForAgent(c.var.deps, id, shownMessages(c));
  return c.html(
    <ThreadPage
      page={pageContext(c)}
      {...thread}
      now={c.var.deps.clock.now()}
      held={extra.held}
      error={extra.error}
      draft={extra.draft ?? suggestedDraft(thread.faq, extra.insert)}
    />,
    status as 200,
  );
}

/** `?insert=DECISION:FAQ`: that suggestion's answer, rendered for this contact, as the composer's text. */
function suggestedDraft(faq: FaqThread, insert: string | undefined): string | undefined {
  if (!insert) return undefined;
  const [decisionId, faqId] = insert.split(':');
  const view = faq.decisions.find((v) => v.decision.id === decisionId);
  return view?.suggestions.find((s) => s.faqId === faqId)?.answer?.text;
}

export const inboxRoutes = new Hono<InboxEnv>();
inboxRoutes.use('*', requireSession);
inboxRoutes.route('/faqs', faqInboxRoutes);
inboxRoutes.route('/inbound', inboundInboxRoutes);
inboxRoutes.route('/api-keys', apiKeyInboxRoutes);
inboxRoutes.route('/broadcasts', broadcastInboxRoutes);
inboxRoutes.route('/contacts', contactInboxRoutes);
inboxRoutes.route('/templates', templateInboxRoutes);
inboxRoutes.route('/outbox', outboxInboxRoutes);
inboxRoutes.route('/me', meRoutes);
inboxRoutes.route('/', teamInboxRoutes);
inboxRoutes.route('/reports', reportsInboxRoutes);
inboxRoutes.route('/settings', settingsInboxRoutes);
inboxRoutes.route('/c', threadPagingRoutes);

inboxRoutes.get('/', async (c) => {
  const query = parseOrThrow(ListQuery, c.req.query(), 'query');
  const page = await listInbox(c.var.deps, c.var.session.agent, query);
  return c.html(
    <ListPage
      page={pageContext(c)}
      tag={query.tag}
      unread={page.unread}
      outcome={bulkOutcome(query)}
      tagsInUse={await suggestTags(c.var.deps, '', 100)}
      status={query.status}
      view={query.view}
      rows={page.rows}
      agents={new Map(page.agents.map((a) => [a.id, a]))}
      counts={page.counts}
      nextCursor={page.nextCursor}
      now={c.var.deps.clock.now()}
      version={page.version}
    />,
  );
});

/** The tabs and the list, for refreshing them in place when something changed. */
inboxRoutes.get('/list', async (c) => {
  const query = parseOrThrow(ListQuery, c.req.query(), 'query');
  const page = await listInbox(c.var.deps, c.var.session.agent, query);
  return c.html(
    <ListBody
      page={pageContext(c)}
      tag={query.tag}
      unread={page.unread}
      status={query.status}
      view={query.view}
      rows={page.rows}
      agents={new Map(page.agents.map((a) => [a.id, a]))}
      counts={page.counts}
      nextCursor={page.nextCursor}
      now={c.var.deps.clock.now()}
      version={page.version}
    />,
  );
});

inboxRoutes.get('/poll', async (c) => c.json({ version: String(await getInboxVersion(c.var.deps)) }));

/** The session's CSRF token, for a page whose token went stale (signed in again in another tab). */
inboxRoutes.get('/session', (c) => c.json({ csrf: c.var.session.session.csrfSecret }));

inboxRoutes.get('/search', async (c) => {
  const q = (c.req.query('q') ?? '').trim().slice(0, 200);
  const tag = tagQuery(q);
  if (tag) return c.redirect(`/inbox?status=open&view=all&tag=${encodeURIComponent(tag)}`, 303);
  const result = await searchInbox(c.var.deps, q);
  return c.html(<SearchPage page={pageContext(c)} query={q} result={result} now={c.var.deps.clock.now()} />);
});

inboxRoutes.get('/c/:id', async (c) => {
  const id = c.req.param('id');
  await markConversationRead(c.var.deps, c.var.session.agent, id);
  const draft = await savedReplyDraft(c, id, c.req.query('reply'));
  return renderThread(c, id, { insert: c.req.query('insert')?.slice(0, 200), draft });
});

inboxRoutes.post('/c/:id/faq/:decision/wrong', async (c) => {
  const id = c.req.param('id');
  await markFaqWrong(c.var.deps, c.var.session.agent, id, c.req.param('decision'));
  return c.redirect(`/inbox/c/${id}#faq-${c.req.param('decision')}`, 303);
});

const ExampleForm = v.object({ faq_id: v.pipe(formText(), v.minLength(1, 'expected an FAQ entry')) });

inboxRoutes.post('/c/:id/faq/:decision/example', async (c) => {
  const id = c.req.param('id');
  const { faq_id } = await parseForm(c, ExampleForm, 'example');
  await teachFaqQuestion(c.var.deps, id, c.req.param('decision'), faq_id);
  return c.redirect(`/inbox/c/${id}#faq-${c.req.param('decision')}`, 303);
});

inboxRoutes.get('/c/:id/poll', async (c) => c.json({ version: await conversationVersion(c.var.deps, c.req.param('id')) }));

const PresenceForm = v.object({ state: formChoice(PRESENCE_STATES, 'expected viewing or typing') });

/** The page says the agent has it open (or is typing) and learns who else has. */
inboxRoutes.post('/c/:id/presence', async (c) => {
  const { state } = await parseForm(c, PresenceForm, 'presence');
  const others = await reportPresence(c.var.deps, c.var.session.agent, c.req.param('id'), state);
  return c.json({ others: others.map((o) => ({ name: o.name, state: o.state })) });
});

const ReplyForm = v.object({
  text: formText(),
  /** The newest message time the agent had seen when writing (milliseconds); absent means none. */
  seen_up_to: blankAsAbsent(
    v.pipe(v.string(), v.regex(/^\d{1,15}$/, 'expected a message time in milliseconds (a whole number)'), v.transform(Number)),
  ),
  /** The checkbox "I have read the new message". */
  force: v.optional(v.literal('1', 'expected 1 (the checkbox) or nothing')),
  status_after: blankAsAbsent(v.picklist(['pending', 'open', 'closed'], 'expected pending, open or closed')),
  /** The composer offered "add my signature" (1), and whether it stayed ticked (1). */
  signature_offered: v.optional(v.literal('1', 'expected 1 or nothing')),
  add_signature: v.optional(v.literal('1', 'expected 1 (the checkbox) or nothing')),
  /** "Follow up in N days if no reply": blank for no follow-up. */
  follow_up_days: blankAsAbsent(
    v.pipe(
      v.string(),
      v.regex(/^\d{1,2}$/, `expected a number of days from ${FOLLOW_UP_MIN_DAYS} to ${FOLLOW_UP_MAX_DAYS}`),
      v.transform(Number),
      v.minValue(FOLLOW_UP_MIN_DAYS, `expected a number of days from ${FOLLOW_UP_MIN_DAYS} to ${FOLLOW_UP_MAX_DAYS}`),
      v.maxValue(FOLLOW_UP_MAX_DAYS, `expected a number of days from ${FOLLOW_UP_MIN_DAYS} to ${FOLLOW_UP_MAX_DAYS}`),
    ),
  ),
  /** How many follow-ups (1 or 2) if the customer stays silent. */
  follow_ups: blankAsAbsent(
    v.pipe(
      v.string(),
      v.regex(/^\d$/, `expected 1 to ${MAX_FOLLOW_UPS}`),
      v.transform(Number),
      v.minValue(1, `expected 1 to ${MAX_FOLLOW_UPS}`),
      v.maxValue(MAX_FOLLOW_UPS, `expected 1 to ${MAX_FOLLOW_UPS}`),
    ),
  ),
});

inboxRoutes.post('/c/:id/reply', async (c) => {
  const id = c.req.param('id');
  const body = await parseForm(c, ReplyForm, 'reply');
  const attachments = await replyFiles(c);
  const deps = c.var.deps;
  const followUp = body.follow_up_days ? { days: body.follow_up_days, count: body.follow_ups ?? 1 } : undefined;
  try {
    await agentReply(deps, c.var.session.agent, {
      conversationId: id,
      text: body.text,
      seenUpTo: body.seen_up_to ?? 0,
      force: body.force === '1',
      statusAfter: body.status_after ?? 'pending',
      followUp,
      addSignature: body.signature_offered !== '1' || body.add_signature === '1',
      attachments,
    });
  } catch (error) {
    if (error instanceof ReplyHeld)
      return renderThread(c, id, { held: { text: body.text, newMessages: error.newMessages, followUp } }, 409);
    if (isAppError(error) && (error.name === 'ValidationFailed' || error.name === 'SuppressedRecipient')) {
      const { t } = pageContext(c);
      const problem =
        error.name === 'SuppressedRecipient'
          ? t('thread.suppressed', { detail: error.message })
          : problemText(error, t, { text: 'thread.emptyReply' });
      return renderThread(c, id, { error: problem, draft: body.text }, 422);
    }
    throw error;
  }
  inBackground(c, deps, 'deliver outbox', () => deliverOutbox(deps));
  return c.redirect(`/inbox/c/${id}`, 303);
});

inboxRoutes.post('/c/:id/follow-ups/:jobId/cancel', async (c) => {
  const id = c.req.param('id');
  await cancelFollowUp(c.var.deps, c.var.session.agent, id, c.req.param('jobId'));
  return c.redirect(`/inbox/c/${id}`, 303);
});

const NoteForm = v.object({ text: formText() });

inboxRoutes.post('/c/:id/note', async (c) => {
  const id = c.req.param('id');
  await addNote(c.var.deps, c.var.session.agent, id, (await parseForm(c, NoteForm, 'note')).text);
  return c.redirect(`/inbox/c/${id}`, 303);
});

/** An agent id, `me`, or empty for nobody. */
const AssignForm = v.object({ assignee: formText() });

inboxRoutes.post('/c/:id/assign', async (c) => {
  const id = c.req.param('id');
  const { assignee } = await parseForm(c, AssignForm, 'assignment');
  await assignConversation(c.var.deps, id, assignee === '' ? null : assignee === 'me' ? c.var.session.agent.id : assignee);
  return c.redirect(`/inbox/c/${id}`, 303);
});

const StatusForm = v.object({ status: formChoice(['open', 'pending', 'closed'], 'expected open, pending or closed') });

inboxRoutes.post('/c/:id/status', async (c) => {
  const id = c.req.param('id');
  const { status } = await parseForm(c, StatusForm, 'status');
  await setConversationStatus(c.var.deps, id, status);
  return c.redirect(status === 'closed' ? '/inbox' : `/inbox/c/${id}`, 303);
});

inboxRoutes.post('/c/:id/clear-flag', async (c) => {
  const id = c.req.param('id');
  await clearConversationFlag(c.var.deps, c.var.session.agent, id);
  return c.redirect(`/inbox/c/${id}`, 303);
});

/** Snooze until a local date and time in the agent's zone (`until_local` + `tz`), an instant, or for a number of seconds. */
const SnoozeForm = v.pipe(
  v.object({
    until: blankAsAbsent(
      v.pipe(
        v.string(),
        v.transform(Date.parse),
        v.check((ms) => Number.isFinite(ms), 'expected a date and time like 2026-12-01T09:00'),
      ),
    ),
    until_local: blankAsAbsent(
      v.pipe(v.string(), v.regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/, 'expected a local date and time like 2026-12-01T09:00')),
    ),
    tz: blankAsAbsent(v.pipe(v.string(), v.check(isIanaTimeZone, 'expected an IANA time zone like Europe/Stockholm'))),
    for: blankAsAbsent(v.pipe(v.string(), v.regex(/^\d{1,9}$/, 'expected a number of seconds'), v.transform(Number))),
  }),
  v.check(
    (f) => f.until !== undefined || f.until_local !== undefined || f.for !== undefined,
    'expected until_local (a date and time), until (an instant) or for (seconds)',
  ),
);

inboxRoutes.post('/c/:id/snooze', async (c) => {
  const id = c.req.param('id');
  const body = await parseForm(c, SnoozeForm, 'snooze');
  const local = body.until_local !== undefined ? localTimeToInstant(body.until_local, body.tz ?? 'UTC') : undefined;
  if (local === null)
    throw new AppError('ValidationFailed', 'invalid snooze time', [
      { field: 'until_local', message: 'expected a date and time that exists' },
    ]);
  await snoozeConversation(c.var.deps, id, local ?? body.until ?? c.var.deps.clock.now() + body.for! * 1000);
  return c.redirect('/inbox', 303);
});

/** An inbound message's original HTML, sanitized, for a sandboxed iframe. */
inboxRoutes.get('/m/:id/html', async (c) => {
  const allowImages = c.req.query('images') === '1';
  const { html } = await messageHtmlForViewer(c.var.deps, c.req.param('id'), allowImages);
  const csp = [
    "default-src 'none'",
    `img-src data:${allowImages ? ' https: http:' : ''}`,
    "style-src 'unsafe-inline'",
    "font-src 'none'",
    "form-action 'none'",
    "base-uri 'none'",
    "frame-ancestors 'self'",
    'sandbox allow-popups allow-popups-to-escape-sandbox',
  ].join('; ');
  const doc =
    '<!doctype html><html><head><meta charset="utf-8"><meta name="referrer" content="no-referrer"><base target="_blank">' +
    '<style>body{font-family:system-ui,sans-serif;margin:8px;overflow-wrap:anywhere}' +
    '.blocked-image{display:inline-block;padding:2px 6px;border:1px dashed #999;color:#666;font-size:12px}</style></head>' +
    `<body dir="auto">${html}</body></html>`;
  return c.body(doc, 200, {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': csp,
    'x-frame-options': 'SAMEORIGIN',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
  });
});

inboxRoutes.get('/attachments/:id', async (c) => attachmentDownload(c, await getAttachmentContent(c.var.deps, c.req.param('id'))));

inboxRoutes.get('/agents', async (c) => {
  if (c.var.session.agent.role !== 'admin') throw new AppError('Forbidden', 'only admins can manage agents');
  return c.html(<AgentsPage page={pageContext(c)} agents={await listAgents(c.var.deps)} />);
});

const InviteForm = v.object({
  email: formText(),
  name: formText(),
  role: v.optional(v.picklist(['agent', 'admin'], 'expected agent or admin'), 'agent'),
});

inboxRoutes.post('/agents', async (c) => {
  const body = await parseForm(c, InviteForm, 'invitation');
  try {
    const { agent, inviteUrl } = await inviteAgent(c.var.deps, c.var.session.agent, body);
    return c.html(
      <AgentsPage page={pageContext(c)} agents={await listAgents(c.var.deps)} invited={{ email: agent.email, url: inviteUrl }} />,
    );
  } catch (error) {
    if (isAppError(error) && (error.name === 'ValidationFailed' || error.name === 'Conflict')) {
      const page = pageContext(c);
      const problem =
        error.name === 'Conflict'
          ? page.t('agents.alreadyAgent', { email: body.email.trim() })
          : problemText(error, page.t, { email: 'agents.invalidEmail', name: 'agents.invalidName' });
      return c.html(<AgentsPage page={page} agents={await listAgents(c.var.deps)} error={problem} />, 422);
    }
    throw error;
  }
});

const ActiveForm = v.object({ active: formChoice(['true', 'false'], 'expected true or false') });

inboxRoutes.post('/agents/:id/active', async (c) => {
  const { active } = await parseForm(c, ActiveForm, 'agent');
  await setAgentActive(c.var.deps, c.var.session.agent, c.req.param('id'), active === 'true');
  return c.redirect('/inbox/agents', 303);
});
