// /inbox/broadcasts: the admins' broadcast pages: the list with each status, and one broadcast: as a draft
// its editor, pre-flight findings, test send and schedule form; once scheduled its live progress bar
// (fed by /inbox/broadcasts/:id/progress, NDJSON, read by /static/broadcasts.js) and pause/resume/cancel.
// Every text of these pages is in TEXT, so that it moves into the message catalog as one piece.
import type { Finding } from '../../domain/broadcasts/preflight.ts';
import type { BroadcastStatus } from '../../domain/vocabulary.ts';
import type { BroadcastRow } from '../../store/broadcasts.ts';
import type { SegmentRow } from '../../store/segments.ts';
import type { TopicRow } from '../../store/topics.ts';
import { Csrf, Layout, type PageContext } from './layout.tsx';

export const TEXT = {
  listTitle: 'Broadcasts',
  listIntro: 'One message to a segment, checked before it goes. Drafts can be changed; a scheduled broadcast can be paused or cancelled.',
  none: 'No broadcasts yet.',
  colName: 'Name',
  colStatus: 'Status',
  colAudience: 'Audience',
  colCreated: 'Created',
  newTitle: 'New broadcast',
  back: '← Broadcasts',
  name: 'Name',
  message: 'Message',
  template: 'Template',
  noTemplate: '(inline: subject and text below)',
  subject: 'Subject (Liquid)',
  text: 'Text (Liquid; include {{ unsubscribe_url }})',
  html: 'HTML (Liquid, optional)',
  audience: 'Audience',
  segment: 'Saved segment',
  noSegment: '(inline rule below)',
  rule: 'Inline rule, e.g. attributes.city = "Göteborg"',
  topic: 'Topic',
  noTopic: '(none)',
  create: 'Create draft',
  save: 'Save draft',
  preflightTitle: 'Pre-flight',
  preflightRun: 'Run pre-flight',
  preflightNever: 'Not checked yet: run the pre-flight before scheduling.',
  preflightClean: 'No findings.',
  preflightChecked: (locales: string[], contacts: number) => `Checked ${contacts} renderings in ${locales.join(', ')}.`,
  errorsTitle: 'Errors (they block scheduling)',
  warningsTitle: 'Warnings (they need your acknowledgement)',
  colCode: 'Code',
  colLocale: 'Locale',
  colContact: 'Contact',
  colMessage: 'Message',
  testTitle: 'Test send',
  testTo: "To (an agent's own address)",
  testSend: 'Send test',
  testSent: (to: string) => `A test was queued to ${to}.`,
  scheduleTitle: 'Schedule',
  at: 'Send at (UTC; empty: now)',
  localTime: "Local time in each recipient's zone (optional, e.g. 09:00)",
  defaultTimezone: 'Zone for contacts without one (default UTC)',
  perMinute: 'At most per minute (optional)',
  acknowledge: 'I have read the warnings; send anyway',
  schedule: 'Schedule',
  progressTitle: 'Progress',
  progressOf: '{handled} of {total} handled',
  counts: {
    waiting: 'Waiting',
    queued: 'In the outbox',
    sent: 'Sent',
    failed: 'Failed',
    cancelled: 'Cancelled',
  },
  skippedTitle: 'Skipped, by reason',
  heldTitle: 'Waiting longer, by reason',
  scheduledFor: 'Scheduled for',
  localTimeNote: (time: string, zone: string | null) => `${time} in each recipient's zone (no zone: ${zone ?? 'UTC'})`,
  throttle: (n: number) => `at most ${n} a minute`,
  pause: 'Pause',
  resume: 'Resume',
  cancel: 'Cancel broadcast',
  cancelNote: 'Cancelling is final.',
  status: {
    draft: 'draft',
    scheduled: 'scheduled',
    sending: 'sending',
    paused: 'paused',
    sent: 'sent',
    cancelled: 'cancelled',
  } satisfies Record<BroadcastStatus, string>,
} as const;

export interface BroadcastFormOptions {
  templates: string[];
  segments: SegmentRow[];
  topics: TopicRow[];
}

function Problem(props: { error?: string | undefined }) {
  return props.error ? (
    <p class="error" role="alert">
      {props.error}
    </p>
  ) : null;
}

const ruleText = (rule: unknown) => (rule === null || rule === undefined ? '' : typeof rule === 'string' ? rule : JSON.stringify(rule));

function audienceOf(b: BroadcastRow, segments: SegmentRow[]): string {
  if (b.segmentId) return segments.find((s) => s.id === b.segmentId)?.name ?? b.segmentId;
  return ruleText(b.rule);
}

export function BroadcastListPage(props: { page: PageContext; broadcasts: BroadcastRow[]; options: BroadcastFormOptions; error?: string }) {
  return (
    <Layout title={TEXT.listTitle} page={props.page}>
      <section class="broadcasts card">
        <h1>{TEXT.listTitle}</h1>
        <p class="muted">{TEXT.listIntro}</p>
        <Problem error={props.error} />
        {props.broadcasts.length === 0 ? (
          <p class="empty">{TEXT.none}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th>{TEXT.colName}</th>
                <th>{TEXT.colStatus}</th>
                <th>{TEXT.colAudience}</th>
                <th>{TEXT.colCreated}</th>
              </tr>
            </thead>
            <tbody>
              {props.broadcasts.map((b) => (
                <tr data-broadcast={b.id}>
                  <td>
                    <a href={`/inbox/broadcasts/${encodeURIComponent(b.id)}`}>
                      <bdi>{b.name}</bdi>
                    </a>
                  </td>
                  <td>
                    <span class={`badge status-${b.status}`}>{TEXT.status[b.status]}</span>
                  </td>
                  <td dir="auto">{audienceOf(b, props.options.segments)}</td>
                  <td>
                    <time datetime={new Date(b.createdAt).toISOString()}>
                      {new Date(b.createdAt).toISOString().slice(0, 16).replace('T', ' ')}
                    </time>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <h2>{TEXT.newTitle}</h2>
        <DraftForm action="/inbox/broadcasts" csrf={props.page.csrf} options={props.options} submit={TEXT.create} />
      </section>
    </Layout>
  );
}

function DraftForm(props: { action: string; csrf: string; options: BroadcastFormOptions; submit: string; broadcast?: BroadcastRow }) {
  const b = props.broadcast;
  const { templates, segments, topics } = props.options;
  return (
    <form method="post" action={props.action} class="broadcast-form">
      <Csrf token={props.csrf} />
      <label>
        {TEXT.name} <input name="name" value={b?.name ?? ''} required maxlength={200} dir="auto" />
      </label>
      <fieldset>
        <legend>{TEXT.message}</legend>
        <label>
          {TEXT.template}
          <select name="template">
            <option value="">{TEXT.noTemplate}</option>
            {templates.map((t) => (
              <option value={t} selected={b?.template === t}>
                {t}
              </option>
            ))}
          </select>
        </label>
        <label>
          {TEXT.subject} <input name="subject" value={b?.subject ?? ''} dir="auto" />
        </label>
        <label>
          {TEXT.text}
          <textarea name="text" rows={6} dir="auto">
            {b?.text ?? ''}
          </textarea>
        </label>
        <label>
          {TEXT.html}
          <textarea name="html" rows={3} dir="auto">
            {b?.html ?? ''}
          </textarea>
        </label>
      </fieldset>
      <fieldset>
        <legend>{TEXT.audience}</legend>
        <label>
          {TEXT.segment}
          <select name="segment_id">
            <option value="">{TEXT.noSegment}</option>
            {segments.map((s) => (
              <option value={s.id} selected={b?.segmentId === s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {TEXT.rule} <input name="rule" value={ruleText(b?.rule)} dir="auto" />
        </label>
        <label>
          {TEXT.topic}
          <select name="topic">
            <option value="">{TEXT.noTopic}</option>
            {topics.map((t) => (
              <option value={t.key} selected={b?.topic === t.key}>
                {t.name}
              </option>
            ))}
          </select>
        </label>
      </fieldset>
      <button type="submit" class="primary">
        {props.submit}
      </button>
    </form>
  );
}

function Findings(props: { title: string; findings: Finding[]; kind: 'errors' | 'warnings' }) {
  if (props.findings.length === 0) return null;
  return (
    <div class={`findings ${props.kind}`}>
      <h3>{props.title}</h3>
      <table>
        <thead>
          <tr>
            <th>{TEXT.colCode}</th>
            <th>{TEXT.colLocale}</th>
            <th>{TEXT.colContact}</th>
            <th>{TEXT.colMessage}</th>
          </tr>
        </thead>
        <tbody>
          {props.findings.map((f) => (
            <tr data-code={f.code}>
              <td>
                <code>{f.code}</code>
              </td>
              <td>{f.locale ?? ''}</td>
              <td>
                <bdi>{f.contact ?? ''}</bdi>
              </td>
              <td dir="auto">{f.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

interface StoredPreflight {
  errors: Finding[];
  warnings: Finding[];
  checked?: { locales: string[]; contacts: number };
}

function Preflight(props: { broadcast: BroadcastRow; csrf: string }) {
  const result = props.broadcast.preflight as StoredPreflight | null;
  return (
    <section class="preflight">
      <h2>{TEXT.preflightTitle}</h2>
      {result === null ? (
        <p class="muted">{TEXT.preflightNever}</p>
      ) : (
        <>
          {result.checked ? <p class="muted">{TEXT.preflightChecked(result.checked.locales, result.checked.contacts)}</p> : null}
          {result.errors.length + result.warnings.length === 0 ? <p class="preflight-clean">{TEXT.preflightClean}</p> : null}
          <Findings title={TEXT.errorsTitle} findings={result.errors} kind="errors" />
          <Findings title={TEXT.warningsTitle} findings={result.warnings} kind="warnings" />
        </>
      )}
      <form method="post" action={`/inbox/broadcasts/${encodeURIComponent(props.broadcast.id)}/preflight`} class="inline">
        <Csrf token={props.csrf} />
        <button type="submit">{TEXT.preflightRun}</button>
      </form>
    </section>
  );
}

function DraftSections(props: { page: PageContext; broadcast: BroadcastRow; options: BroadcastFormOptions; notice?: string }) {
  const { broadcast: b, page } = props;
  const base = `/inbox/broadcasts/${encodeURIComponent(b.id)}`;
  return (
    <>
      <DraftForm action={base} csrf={page.csrf} options={props.options} submit={TEXT.save} broadcast={b} />
      <Preflight broadcast={b} csrf={page.csrf} />
      <section class="test-send">
        <h2>{TEXT.testTitle}</h2>
        {props.notice ? (
          <p class="notice" role="status">
            {props.notice}
          </p>
        ) : null}
        <form method="post" action={`${base}/test`} class="inline">
          <Csrf token={page.csrf} />
          <label>
            {TEXT.testTo} <input type="email" name="to" value={page.agent.email} required />
          </label>
          <button type="submit">{TEXT.testSend}</button>
        </form>
      </section>
      <section class="schedule">
        <h2>{TEXT.scheduleTitle}</h2>
        <form method="post" action={`${base}/schedule`} class="schedule-form">
          <Csrf token={page.csrf} />
          <label>
            {TEXT.at} <input type="datetime-local" name="at" />
          </label>
          <label>
            {TEXT.localTime} <input type="time" name="local_time" />
          </label>
          <label>
            {TEXT.defaultTimezone} <input name="default_timezone" placeholder="Europe/Stockholm" />
          </label>
          <label>
            {TEXT.perMinute} <input type="number" name="per_minute" min={1} step={1} />
          </label>
          <label class="check">
            <input type="checkbox" name="acknowledge_warnings" value="true" /> {TEXT.acknowledge}
          </label>
          <button type="submit" class="primary">
            {TEXT.schedule}
          </button>
        </form>
      </section>
    </>
  );
}

function ScheduleSummary(props: { broadcast: BroadcastRow }) {
  const b = props.broadcast;
  if (b.sendAt === null) return null;
  return (
    <p class="muted schedule-summary">
      {TEXT.scheduledFor} {new Date(b.sendAt).toISOString().slice(0, 16).replace('T', ' ')} UTC
      {b.localTime ? `; ${TEXT.localTimeNote(b.localTime, b.defaultTimezone)}` : ''}
      {b.perMinute ? `; ${TEXT.throttle(b.perMinute)}` : ''}
    </p>
  );
}

function StateButton(props: { base: string; action: 'pause' | 'resume' | 'cancel'; csrf: string; label: string }) {
  return (
    <form method="post" action={`${props.base}/${props.action}`} class="inline">
      <Csrf token={props.csrf} />
      <button type="submit" class={props.action === 'cancel' ? 'danger' : ''}>
        {props.label}
      </button>
    </form>
  );
}

function ProgressSection(props: { page: PageContext; broadcast: BroadcastRow }) {
  const { broadcast: b, page } = props;
  const base = `/inbox/broadcasts/${encodeURIComponent(b.id)}`;
  const live = b.status === 'scheduled' || b.status === 'sending' || b.status === 'paused';
  return (
    <section class="progress-section">
      <h2>{TEXT.progressTitle}</h2>
      <ScheduleSummary broadcast={b} />
      <div class="broadcast-progress" data-progress-url={`${base}/progress`} data-done="false" data-text-of={TEXT.progressOf}>
        <progress max={1} value={0} aria-label={TEXT.progressTitle}></progress>
        <p class="progress-text" aria-live="polite"></p>
        <dl class="progress-counts">
          {Object.entries(TEXT.counts).map(([key, label]) => (
            <>
              <dt>{label}</dt>
              <dd data-count={key}>0</dd>
            </>
          ))}
        </dl>
        <h3>{TEXT.skippedTitle}</h3>
        <ul class="progress-reasons" data-reasons="skipped"></ul>
        <h3>{TEXT.heldTitle}</h3>
        <ul class="progress-reasons" data-reasons="held"></ul>
      </div>
      {live ? (
        <div class="actions broadcast-actions">
          {b.status === 'paused' ? (
            <StateButton base={base} action="resume" csrf={page.csrf} label={TEXT.resume} />
          ) : (
            <StateButton base={base} action="pause" csrf={page.csrf} label={TEXT.pause} />
          )}
          <StateButton base={base} action="cancel" csrf={page.csrf} label={TEXT.cancel} />
          <span class="muted">{TEXT.cancelNote}</span>
        </div>
      ) : null}
      <script src="/static/broadcasts.js" defer></script>
    </section>
  );
}

export function BroadcastPage(props: {
  page: PageContext;
  broadcast: BroadcastRow;
  options: BroadcastFormOptions;
  error?: string | undefined;
  notice?: string | undefined;
}) {
  const { broadcast: b } = props;
  return (
    <Layout title={`${TEXT.listTitle}: ${b.name}`} page={props.page}>
      <section class="broadcast card" data-broadcast={b.id}>
        <a href="/inbox/broadcasts" class="back">
          {TEXT.back}
        </a>
        <h1>
          <bdi>{b.name}</bdi>{' '}
          <span class={`badge status-${b.status}`} data-broadcast-status={b.status}>
            {TEXT.status[b.status]}
          </span>
        </h1>
        <Problem error={props.error} />
        {b.status === 'draft' ? (
          <DraftSections page={props.page} broadcast={b} options={props.options} notice={props.notice} />
        ) : (
          <ProgressSection page={props.page} broadcast={b} />
        )}
      </section>
    </Layout>
  );
}
