// /inbox/reports: is the dialog working? Server-rendered SVG charts (src/http/inbox/charts), each with its figures
// as a table, a date range form and CSV downloads of every report.
import type { ReportsOverview } from '../../../services/reports.ts';
import { BarChart, ColumnChart } from '../charts/bars.tsx';
import { DataTable } from '../charts/frame.tsx';
import { LineChart } from '../charts/line.tsx';
import { Layout, type PageContext } from '../layout.tsx';
import { COMPLAINT_RATE_LIMIT } from '../../../domain/reports/stats.ts';
import { isolateText } from '../../../domain/inbox/bidi.ts';
import { categoryWord, DECISION_WORDS, REASON_WORDS, SOURCE_WORDS, wordFor } from '../status-words.ts';

export interface ReportsPageProps {
  page: PageContext;
  overview: ReportsOverview;
  /** The range as the form shows it (YYYY-MM-DD, both days included). */
  range: { from: string; to: string };
  error?: string;
}

function CsvLink(props: { page: PageContext; report: string; group?: string; range: { from: string; to: string }; name: string }) {
  const q = new URLSearchParams({ from: props.range.from, to: props.range.to, ...(props.group ? { group: props.group } : {}) });
  return (
    <a class="csv-link" href={`/inbox/reports/csv/${props.report}?${q}`} download>
      {props.page.t('reports.csvOf', { name: props.name })}
    </a>
  );
}

export function ReportsPage(props: ReportsPageProps) {
  const { page, overview: o, range } = props;
  const { t, locale } = page;
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
  const precisePercent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 2 });
  const decimal = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  const share = (v: number | null) => (v === null ? '–' : percent.format(v));
  const hours = (minutes: number | null) => (minutes === null ? null : Math.round((minutes / 60) * 10) / 10);
  const hoursText = (minutes: number | null) => (minutes === null ? '–' : decimal.format(hours(minutes)!));
  const templateName = (group: string) => (group === '(no template)' ? t('reports.noTemplate') : group);
  // A name is isolated so that it reads whole inside a right-to-left page.
  const agentName = (group: string) => (group === '(unanswered)' ? t('reports.unanswered') : isolateText(group));
  const empty = <p class="muted">{t('reports.noData')}</p>;
  const weeks = o.firstResponseByWeek.rows;
  const target = o.firstResponseByWeek.target_minutes / 60;
  const warnings = o.deliverabilityByTemplate.rows.filter((r) => r.warning !== null);
  const reasons = new Map<string, number>();
  for (const row of o.automationNotSent.rows) {
    const key = `${wordFor(DECISION_WORDS, row.decision, t)}: ${row.reason ? wordFor(REASON_WORDS, row.reason, t) : '—'}`;
    reasons.set(key, (reasons.get(key) ?? 0) + row.count);
  }
  return (
    <Layout title={t('reports.title')} page={page}>
      <link rel="stylesheet" href="/static/reports.css" />
      <div class="reports">
        <h1>{t('reports.title')}</h1>
        <form method="get" action="/inbox/reports" class="card range-form">
          <fieldset>
            <legend>{t('reports.rangeLegend')}</legend>
            <label>
              {t('reports.from')}
              <input type="date" name="from" value={range.from} required />
            </label>
            <label>
              {t('reports.to')}
              <input type="date" name="to" value={range.to} required />
            </label>
            <button type="submit" class="primary">
              {t('reports.show')}
            </button>
          </fieldset>
        </form>
        {props.error ? (
          <p class="error" role="alert">
            {t('reports.rangeError', { message: props.error })}
          </p>
        ) : null}
        <p class="muted">{t('reports.intro', { from: range.from, to: range.to })}</p>

        <section class="card report" aria-labelledby="first-response-heading">
          <h2 id="first-response-heading">{t('reports.firstResponseHeading')}</h2>
          <p>
            {o.firstResponseByWeek.business_hours
              ? t('reports.targetBusiness', { hours: decimal.format(target) })
              : t('reports.targetPlain', { hours: decimal.format(target) })}
          </p>
          {weeks.length === 0 ? (
            empty
          ) : (
            <>
              <LineChart
                id="chart-first-response-times"
                title={t('reports.timesChartTitle')}
                desc={t('reports.timesChartDesc')}
                labels={weeks.map((w) => w.group)}
                series={[
                  { name: t('reports.median'), values: weeks.map((w) => hours(w.median_minutes)) },
                  { name: t('reports.p90'), values: weeks.map((w) => hours(w.p90_minutes)) },
                ]}
                format={(v) => decimal.format(v)}
                table={
                  <DataTable
                    caption={t('reports.chartData')}
                    head={[
                      t('reports.week'),
                      t('reports.conversations'),
                      t('reports.answered'),
                      t('reports.median'),
                      t('reports.p90'),
                      t('reports.withinTarget'),
                    ]}
                    rows={weeks.map((w) => [
                      w.group,
                      w.conversations,
                      w.answered,
                      hoursText(w.median_minutes),
                      hoursText(w.p90_minutes),
                      share(w.within_target),
                    ])}
                  />
                }
              />
              <LineChart
                id="chart-first-response-within"
                title={t('reports.withinChartTitle')}
                desc={t('reports.withinChartTitle')}
                labels={weeks.map((w) => w.group)}
                series={[{ name: t('reports.withinTarget'), values: weeks.map((w) => w.within_target) }]}
                format={(v) => percent.format(v)}
                yMax={1}
                table={
                  <DataTable
                    caption={t('reports.chartData')}
                    head={[t('reports.week'), t('reports.withinTarget')]}
                    rows={weeks.map((w) => [w.group, share(w.within_target)])}
                  />
                }
              />
              <BarChart
                id="chart-first-response-agents"
                title={t('reports.agentChartTitle')}
                desc={t('reports.agentChartTitle')}
                max={1}
                bars={o.firstResponseByAgent.rows.map((r) => ({
                  label: agentName(r.group),
                  value: r.within_target ?? 0,
                  text: share(r.within_target),
                }))}
                table={
                  <DataTable
                    caption={t('reports.chartData')}
                    head={[
                      t('reports.agent'),
                      t('reports.conversations'),
                      t('reports.answered'),
                      t('reports.median'),
                      t('reports.p90'),
                      t('reports.withinTarget'),
                    ]}
                    rows={o.firstResponseByAgent.rows.map((r) => [
                      agentName(r.group),
                      r.conversations,
                      r.answered,
                      hoursText(r.median_minutes),
                      hoursText(r.p90_minutes),
                      share(r.within_target),
                    ])}
                  />
                }
              />
            </>
          )}
          <p class="csv-links">
            <CsvLink
              page={page}
              report="first-response"
              group="week"
              range={range}
              name={`${t('reports.firstResponseHeading')}, ${t('reports.week')}`}
            />
            <CsvLink
              page={page}
              report="first-response"
              group="agent"
              range={range}
              name={`${t('reports.firstResponseHeading')}, ${t('reports.agent')}`}
            />
          </p>
        </section>

        <section class="card report" aria-labelledby="conversations-heading">
          <h2 id="conversations-heading">{t('reports.conversationsHeading')}</h2>
          <p class="muted">{t('reports.conversationsNote')}</p>
          {o.conversations.rows.length === 0 ? (
            empty
          ) : (
            <ColumnChart
              id="chart-conversations"
              title={t('reports.conversationsChartTitle')}
              desc={t('reports.conversationsNote')}
              labels={o.conversations.rows.map((r) => r.group)}
              series={[
                { name: t('reports.opened'), values: o.conversations.rows.map((r) => r.opened) },
                { name: t('reports.closed'), values: o.conversations.rows.map((r) => r.closed) },
              ]}
              table={
                <DataTable
                  caption={t('reports.chartData')}
                  head={[t('reports.week'), t('reports.opened'), t('reports.closed')]}
                  rows={o.conversations.rows.map((r) => [r.group, r.opened, r.closed])}
                />
              }
            />
          )}
          <p class="csv-links">
            <CsvLink page={page} report="conversations" range={range} name={t('reports.conversationsHeading')} />
          </p>
        </section>

        <section class="card report" aria-labelledby="reply-rate-heading">
          <h2 id="reply-rate-heading">{t('reports.replyRateHeading')}</h2>
          <p class="muted">{t('reports.replyRateIntro')}</p>
          {(
            [
              ['template', o.replyRateByTemplate, t('reports.replyRateTemplateChart'), t('reports.template'), templateName],
              [
                'category',
                o.replyRateByCategory,
                t('reports.replyRateCategoryChart'),
                t('reports.category'),
                (c: string) => categoryWord(c, t),
              ],
            ] as const
          ).map(([group, report, title, column, groupName]) =>
            report.rows.length === 0 ? (
              empty
            ) : (
              <BarChart
                id={`chart-reply-rate-${group}`}
                title={title}
                desc={t('reports.replyRateIntro')}
                max={1}
                bars={report.rows.map((r) => ({ label: groupName(r.group), value: r.reply_rate ?? 0, text: share(r.reply_rate) }))}
                table={
                  <DataTable
                    caption={t('reports.chartData')}
                    head={[column, t('reports.sent'), t('reports.replied'), t('reports.replyRate')]}
                    rows={report.rows.map((r) => [groupName(r.group), r.sent, r.replied, share(r.reply_rate)])}
                  />
                }
              />
            ),
          )}
          <p class="csv-links">
            <CsvLink
              page={page}
              report="reply-rate"
              group="template"
              range={range}
              name={`${t('reports.replyRate')}, ${t('reports.template')}`}
            />
            <CsvLink
              page={page}
              report="reply-rate"
              group="category"
              range={range}
              name={`${t('reports.replyRate')}, ${t('reports.category')}`}
            />
          </p>
        </section>

        <section class="card report" aria-labelledby="deliverability-heading">
          <h2 id="deliverability-heading">{t('reports.deliverabilityHeading')}</h2>
          <p class="muted">{t('reports.deliverabilityIntro')}</p>
          {warnings.length > 0 ? (
            <ul class="warning complaint-warnings">
              {warnings.map((r) => (
                <li>
                  {t('reports.complaintWarning', { template: templateName(r.group), rate: precisePercent.format(r.complaint_rate ?? 0) })}
                </li>
              ))}
            </ul>
          ) : null}
          {o.deliverabilityByTemplate.rows.length === 0 ? (
            empty
          ) : (
            <BarChart
              id="chart-complaints"
              title={t('reports.complaintChartTitle')}
              desc={t('reports.deliverabilityIntro')}
              reference={{ value: COMPLAINT_RATE_LIMIT, label: t('reports.gmailLine') }}
              bars={o.deliverabilityByTemplate.rows.map((r) => ({
                label: templateName(r.group),
                value: r.complaint_rate ?? 0,
                text:
                  r.warning !== null
                    ? `${precisePercent.format(r.complaint_rate ?? 0)} (${t('reports.aboveLine')})`
                    : precisePercent.format(r.complaint_rate ?? 0),
                warn: r.warning !== null,
              }))}
              table={
                <DataTable
                  caption={t('reports.chartData')}
                  head={[
                    t('reports.template'),
                    t('reports.sent'),
                    t('reports.bounceRate'),
                    t('reports.complaintRate'),
                    t('reports.unsubscribeRate'),
                  ]}
                  rows={o.deliverabilityByTemplate.rows.map((r) => [
                    templateName(r.group),
                    r.sent,
                    r.bounce_rate === null ? '–' : precisePercent.format(r.bounce_rate),
                    r.complaint_rate === null
                      ? '–'
                      : `${precisePercent.format(r.complaint_rate)}${r.warning ? ` (${t('reports.aboveLine')})` : ''}`,
                    r.unsubscribe_rate === null ? '–' : precisePercent.format(r.unsubscribe_rate),
                  ])}
                />
              }
            />
          )}
          <p class="csv-links">
            <CsvLink page={page} report="deliverability" group="template" range={range} name={t('reports.deliverabilityHeading')} />
          </p>
        </section>

        <section class="card report" aria-labelledby="automation-heading">
          <h2 id="automation-heading">{t('reports.automationHeading')}</h2>
          <p class="muted">{t('reports.automationIntro')}</p>
          {o.automationNotSent.rows.length === 0 ? (
            empty
          ) : (
            <BarChart
              id="chart-automation"
              title={t('reports.automationChartTitle')}
              desc={t('reports.automationIntro')}
              bars={[...reasons].map(([label, count]) => ({ label, value: count, text: String(count) }))}
              table={
                <DataTable
                  caption={t('reports.chartData')}
                  head={[t('reports.name'), t('reports.source'), t('reports.decision'), t('reports.reason'), t('reports.count')]}
                  rows={o.automationNotSent.rows.map((r) => [
                    r.name,
                    wordFor(SOURCE_WORDS, r.source, t),
                    wordFor(DECISION_WORDS, r.decision, t),
                    r.reason ? wordFor(REASON_WORDS, r.reason, t) : '—',
                    r.count,
                  ])}
                />
              }
            />
          )}
          <p class="csv-links">
            <CsvLink page={page} report="automation" range={range} name={t('reports.automationHeading')} />
          </p>
          <p class="muted api-note">{t('reports.apiNote', { path: '/api/v1/reports/…' })}</p>
        </section>
      </div>
    </Layout>
  );
}
