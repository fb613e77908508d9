// /inbox/broadcasts: the admins' broadcast pages: the list with each status, and one broadcast: as a draft
// its editor, pre-flight findings, test send and schedule form; once scheduled its live progress bar
// (fed by /inbox/broadcasts/:id/progress, NDJSON, read by /static/broadcasts.js) and pause/resume/cancel.
// Every text comes from the catalog (area `broadcasts`); the script's words come through data attributes.
import type { Finding } from '../../domain/broadcasts/preflight.ts';
import { BROADCAST_STATUSES, type BroadcastStatus, type DeliveryReason } from '../../domain/vocabulary.ts';
import type { BroadcastRow } from '../../store/broadcasts.ts';
import type { SegmentRow } from '../../store/segments.ts';
import type { TopicRow } from '../../store/topics.ts';
import { When } from './admin-format.tsx';
import { type Translate, withParts } from './i18n/catalog.ts';
import { Csrf, Layout, type PageContext, Problem } from './layout.tsx';
import { findingText } from './preflight-text.ts';
import { AdminTable } from './admin-table.tsx';

/** The progress counts the script fills in, in the order shown. */
const COUNTS = ['waiting', 'queued', 'sent', 'failed', 'cancelled'] as const;

/**
 * The delivery reasons a broadcast recipient can be skipped or held for (a subset of DELIVERY_REASONS, checked by type),
 * each with a label in the catalog; the script shows any other code as it is.
 */
const REASONS = [
  'QuietHours',
  'SendWindow',
  'OpenConversation',
  'Suppressed',
  'NoMarketingConsent',
  'TopicUnsubscribed',
  'NotInAudience',
  'ConditionNotMet',
  'DailyCap',
  'WeeklyCap',
  'Duplicate',
  'NoAddress',
  'ContactGone',
  'RenderFailed',
  'SkippedAtDelivery',
  'Unknown',
] as const satisfies readonly (DeliveryReason | 'SkippedAtDelivery' | 'Unknown')[];

export const statusLabel = (t: Translate, status: BroadcastStatus) => t(`broadcasts.status_${status}`);

export interface BroadcastFormOptions {
  templates: string[];
  segments: SegmentRow[];
  topics: TopicRow[];
}

const ruleText = (rule: unknown) => (rule === null || rule === undefined ? '' : typeof rule === 'string' ? rule : JSON.stringify(rule));

function audienceOf(b: BroadcastRow, segments: SegmentRow[]): string {
  if (b.segmentId) return segments.find((s) => s.id === b.segmentId)?.name ?? b.segmentId;
  return ruleText(b.rule);
}

export function BroadcastListPage(props: { page: PageContext; broadcasts: BroadcastRow[]; options: BroadcastFormOptions; error?: string }) {
  const { t } = props.page;
  return (
    <Layout title={t('broadcasts.listTitle')} page={props.page}>
      <section class="broadcasts card">
        <h1>{t('broadcasts.listTitle')}</h1>
        <p class="muted">{t('broadcasts.listIntro')}</p>
        <Problem error={props.error} />
        <AdminTable
          count={props.broadcasts.length}
          empty={t('broadcasts.none')}
          head={[t('broadcasts.colName'), t('broadcasts.colStatus'), t('broadcasts.colAudience'), t('broadcasts.colCreated')]}
        >
          {props.broadcasts.map((b) => (
            <tr data-broadcast={b.id}>
              <td>
                <a href={`/inbox/broadcasts/${encodeURIComponent(b.id)}`}>
                  <bdi>{b.name}</bdi>
                </a>
              </td>
              <td>
                <span class={`badge status-${b.status}`}>{statusLabel(t, b.status)}</span>
              </td>
              <td dir="auto">{audienceOf(b, props.options.segments)}</td>
              <td>
                <When page={props.page} at={b.createdAt} />
              </td>
            </tr>
          ))}
        </AdminTable>
        <h2>{t('broadcasts.newTitle')}</h2>
        <DraftForm action="/inbox/broadcasts" page={props.page} options={props.options} submit={t('broadcasts.create')} />
      </section>
    </Layout>
  );
}

function DraftForm(props: { action: string; page: PageContext; options: BroadcastFormOptions; submit: string; broadcast?: BroadcastRow }) {
  const b = props.broadcast;
  const { t } = props.page;
  const { templates, segments, topics } = props.options;
  return (
    <form method="post" action={props.action} class="broadcast-form">
      <Csrf token={props.page.csrf} />
      <label>
        {t('broadcasts.name')} <input name="name" value={b?.name ?? ''} required maxlength={200} dir="auto" />
      </label>
      <fieldset>
        <legend>{t('broadcasts.message')}</legend>
        <label>
          {t('broadcasts.template')}
          <select name="template">
            <option value="">{t('broadcasts.noTemplate')}</option>
            {templates.map((t) => (
              <option value={t} selected={b?.template === t}>
                {t}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('broadcasts.subject')} <input name="subject" value={b?.subject ?? ''} dir="auto" />
        </label>
        <label>
          {t('broadcasts.text', { tag: '{{ unsubscribe_url }}' })}
          <textarea name="text" rows={6} dir="auto">
            {b?.text ?? ''}
          </textarea>
        </label>
        <label>
          {t('broadcasts.html')}
          <textarea name="html" rows={3} dir="auto">
            {b?.html ?? ''}
          </textarea>
        </label>
      </fieldset>
      <fieldset>
        <legend>{t('broadcasts.audience')}</legend>
        <label>
          {t('broadcasts.segment')}
          <select name="segment_id">
            <option value="">{t('broadcasts.noSegment')}</option>
            {segments.map((s) => (
              <option value={s.id} selected={b?.segmentId === s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('broadcasts.rule', { example: 'attributes.city = "Göteborg"' })} <input name="rule" value={ruleText(b?.rule)} dir="auto" />
        </label>
        <label>
          {t('broadcasts.topic')}
          <select name="topic">
            <option value="">{t('broadcasts.noTopic')}</option>
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

function Findings(props: { t: Translate; title: string; findings: Finding[]; kind: 'errors' | 'warnings' }) {
  if (props.findings.length === 0) return null;
  const { t } = props;
  return (
    <div class={`findings ${props.kind}`}>
      <h3>{props.title}</h3>
      <AdminTable
        count={props.findings.length}
        head={[t('broadcasts.colCode'), t('broadcasts.colLocale'), t('broadcasts.colContact'), t('broadcasts.colMessage')]}
      >
        {props.findings.map((f) => (
          <tr data-code={f.code}>
            <td>
              <code>{f.code}</code>
            </td>
            <td>{f.locale ?? ''}</td>
            <td>
              <bdi>{f.contact ?? ''}</bdi>
            </td>
            <td dir="auto">{findingText(f, t)}</td>
          </tr>
        ))}
      </AdminTable>
    </div>
  );
}

interface StoredPreflight {
  errors: Finding[];
  warnings: Finding[];
  checked?: { locales: string[]; contacts: number };
}

function Preflight(props: { broadcast: BroadcastRow; page: PageContext }) {
  const { t } = props.page;
  const result = props.broadcast.preflight as StoredPreflight | null;
  return (
    <section class="preflight">
      <h2>{t('broadcasts.preflightTitle')}</h2>
      {result === null ? (
        <p class="muted">{t('broadcasts.preflightNever')}</p>
      ) : (
        <>
          {result.checked ? (
            <p class="muted">
              {t('broadcasts.preflightChecked', {
                count: result.checked.contacts,
                locales: new Intl.ListFormat(props.page.locale, { type: 'unit' }).format(result.checked.locales),
              })}
            </p>
          ) : null}
          {result.errors.length + result.warnings.length === 0 ? <p class="preflight-clean">{t('broadcasts.preflightClean')}</p> : null}
          <Findings t={t} title={t('broadcasts.errorsTitle')} findings={result.errors} kind="errors" />
          <Findings t={t} title={t('broadcasts.warningsTitle')} findings={result.warnings} kind="warnings" />
        </>
      )}
      <form method="post" action={`/inbox/broadcasts/${encodeURIComponent(props.broadcast.id)}/preflight`} class="inline">
        <Csrf token={props.page.csrf} />
        <button type="submit">{t('broadcasts.preflightRun')}</button>
      </form>
    </section>
  );
}

function DraftSections(props: { page: PageContext; broadcast: BroadcastRow; options: BroadcastFormOptions; notice?: string }) {
  const { broadcast: b, page } = props;
  const { t } = page;
  const base = `/inbox/broadcasts/${encodeURIComponent(b.id)}`;
  return (
    <>
      <DraftForm action={base} page={page} options={props.options} submit={t('broadcasts.save')} broadcast={b} />
      <Preflight broadcast={b} page={page} />
      <section class="test-send">
        <h2>{t('broadcasts.testTitle')}</h2>
        {props.notice ? (
          <p class="notice" role="status">
            {props.notice}
          </p>
        ) : null}
        <form method="post" action={`${base}/test`} class="inline">
          <Csrf token={page.csrf} />
          <label>
            {t('broadcasts.testTo')} <input type="email" name="to" value={page.agent.email} required />
          </label>
          <button type="submit">{t('broadcasts.testSend')}</button>
        </form>
      </section>
      <section class="schedule">
        <h2>{t('broadcasts.scheduleTitle')}</h2>
        <form method="post" action={`${base}/schedule`} class="schedule-form">
          <Csrf token={page.csrf} />
          <label>
            {t('broadcasts.at', { zone: page.timeZone })} <input type="datetime-local" name="at" />
          </label>
          <label>
            {t('broadcasts.localTime')} <input type="time" name="local_time" />
          </label>
          <label>
            {t('broadcasts.defaultTimezone')} <input name="default_timezone" placeholder="Europe/Stockholm" />
          </label>
          <label>
            {t('broadcasts.perMinute')} <input type="number" name="per_minute" min={1} step={1} />
          </label>
          <label class="check">
            <input type="checkbox" name="acknowledge_warnings" value="true" /> {t('broadcasts.acknowledge')}
          </label>
          <button type="submit" class="primary">
            {t('broadcasts.schedule')}
          </button>
        </form>
      </section>
    </>
  );
}

function ScheduleSummary(props: { broadcast: BroadcastRow; page: PageContext }) {
  const b = props.broadcast;
  const { t } = props.page;
  if (b.sendAt === null) return null;
  return (
    <p class="muted schedule-summary">
      {withParts(t('broadcasts.scheduledFor'), { time: <When page={props.page} at={b.sendAt} /> })}
      {b.localTime ? `; ${t('broadcasts.localTimeNote', { time: b.localTime, zone: b.defaultTimezone ?? 'UTC' })}` : ''}
      {b.perMinute ? `; ${t('broadcasts.throttle', { count: b.perMinute })}` : ''}
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
  const { t } = page;
  const base = `/inbox/broadcasts/${encodeURIComponent(b.id)}`;
  const live = b.status === 'scheduled' || b.status === 'sending' || b.status === 'paused';
  return (
    <section class="progress-section">
      <h2>{t('broadcasts.progressTitle')}</h2>
      <ScheduleSummary broadcast={b} page={page} />
      <div
        class="broadcast-progress"
        data-progress-url={`${base}/progress`}
        data-done="false"
        data-text-of-one={t('broadcasts.progressOf', { count: 1, handled: '{handled}', total: '{total}' })}
        data-text-of-other={t('broadcasts.progressOf', { count: 2, handled: '{handled}', total: '{total}' })}
        data-status-labels={JSON.stringify(Object.fromEntries(BROADCAST_STATUSES.map((s) => [s, statusLabel(t, s)])))}
        data-reason-labels={JSON.stringify(Object.fromEntries(REASONS.map((r) => [r, t(`broadcasts.reason_${r}`)])))}
      >
        <progress max={1} value={0} aria-label={t('broadcasts.progressTitle')}></progress>
        <p class="progress-text" aria-live="polite"></p>
        <dl class="progress-counts">
          {COUNTS.map((key) => (
            <>
              <dt>{t(`broadcasts.count_${key}`)}</dt>
              <dd data-count={key}>0</dd>
            </>
          ))}
        </dl>
        <h3>{t('broadcasts.skippedTitle')}</h3>
        <ul class="progress-reasons" data-reasons="skipped"></ul>
        <h3>{t('broadcasts.heldTitle')}</h3>
        <ul class="progress-reasons" data-reasons="held"></ul>
      </div>
      {live ? (
        <div class="actions broadcast-actions">
          {b.status === 'paused' ? (
            <StateButton base={base} action="resume" csrf={page.csrf} label={t('broadcasts.resume')} />
          ) : (
            <StateButton base={base} action="pause" csrf={page.csrf} label={t('broadcasts.pause')} />
          )}
          <StateButton base={base} action="cancel" csrf={page.csrf} label={t('broadcasts.cancel')} />
          <span class="muted">{t('broadcasts.cancelNote')}</span>
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
  const { t } = props.page;
  return (
    <Layout title={t('broadcasts.pageTitle', { name: b.name })} page={props.page}>
      <section class="broadcast card" data-broadcast={b.id}>
        <a href="/inbox/broadcasts" class="back">
          {t('broadcasts.back')}
        </a>
        <h1>
          <bdi>{b.name}</bdi>{' '}
          <span class={`badge status-${b.status}`} data-broadcast-status={b.status}>
            {statusLabel(t, b.status)}
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
