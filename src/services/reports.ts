// Reports: is the dialog working? First-response times against the target, reply rates, deliverability
// and what automation held or skipped. Each report is one query over a time range (src/store/reports.ts)
// and the arithmetic of src/domain/reports; rows are flat so they read the same as JSON and as CSV.
import type { Deps } from '../deps.ts';
import { type FirstResponseTarget, targetMeter, targetMs } from '../domain/inbox/first-response.ts';
import { answeredWithin, bucketPercentiles, bucketsNeeded, mergeHistograms } from '../domain/reports/response-buckets.ts';
import {
  COMPLAINT_RATE_LIMIT,
  DAY_MS,
  type FirstResponseFigures,
  type FirstResponseRow,
  figuresOf,
  firstResponseRowOf,
  rate,
  responseCounts,
  weekOf,
} from '../domain/reports/stats.ts';
import { listAgentRows } from '../store/agents.ts';
import { type BucketRead, bucketTimes, firstResponseTimes, responseHistograms } from '../store/report-first-response.ts';
import {
  automationCounts,
  conversationCounts,
  deliverabilityCounts,
  type OutboundGroup,
  replyRateCounts,
  type TimeRange,
} from '../store/reports.ts';
import { firstResponseTarget } from './inboxSettings.ts';

export interface ReportRange {
  from?: number | undefined;
  to?: number | undefined;
}

export const DEFAULT_REPORT_DAYS = 28;

export function reportRange(deps: Pick<Deps, 'clock'>, range: ReportRange): TimeRange {
  const to = range.to ?? deps.clock.now();
  return { from: range.from ?? to - DEFAULT_REPORT_DAYS * DAY_MS, to };
}

const label = (group: OutboundGroup, key: string | number): string =>
  group === 'week' ? weekOf(Number(key) * DAY_MS) : String(key) === '' ? '(no template)' : String(key);

export interface Report<Row> {
  from: number;
  to: number;
  rows: Row[];
}

export async function firstResponseReport(
  deps: Deps,
  range: ReportRange,
  group: 'week' | 'agent',
): Promise<Report<FirstResponseRow> & { target_minutes: number; business_hours: boolean; total: FirstResponseRow | null }> {
  const r = reportRange(deps, range);
  const target = await firstResponseTarget(deps);
  const now = deps.clock.now();
  const ms = targetMs(target);
  const { groups, total } = target.businessHours
    ? await businessTimeFigures(deps, r, group, target, now)
    : await bucketedFigures(deps, r, group, ms, now);
  const names = group === 'agent' ? new Map((await listAgentRows(deps.db)).map((a) => [a.id, a.name || a.email])) : new Map();
  const labelOf = (key: string | number | null) =>
    group === 'week' ? weekOf(Number(key) * DAY_MS) : key === null ? '(unanswered)' : (names.get(String(key)) ?? String(key));
  const rows = groups
    .map((g) => firstResponseRowOf(labelOf(g.key), g))
    .sort((a, b) => (a.group < b.group ? -1 : a.group > b.group ? 1 : 0));
  return {
    ...r,
    target_minutes: ms / 60_000,
    business_hours: target.businessHours !== null,
    rows,
    total: total === null ? null : firstResponseRowOf('all', total),
  };
}

type KeyedFigures = { key: string | number | null } & FirstResponseFigures;

/**
 * A round-the-clock target: each group's histogram of reply times, then the times of only the buckets that hold the
 * percentiles' ranks and the target (exact figures without reading every reply time).
 */
async function bucketedFigures(deps: Deps, r: TimeRange, group: 'week' | 'agent', ms: number, now: number) {
  const histograms = await responseHistograms(deps.db, r, group, { ms, now });
  const readOf = (key: string | number | null, bucket: number): BucketRead =>
    group === 'week'
      ? { bucket, from: Math.max(r.from, Number(key) * DAY_MS), to: Math.min(r.to, (Number(key) + 7) * DAY_MS) }
      : { bucket, ...r, agent: key === null ? null : String(key) };
  const needed = histograms.map((h) => [...bucketsNeeded(h.histogram, ms)]);
  const totalHistogram = mergeHistograms(histograms.map((h) => h.histogram));
  const totalNeeded = [...bucketsNeeded(totalHistogram)];
  const reads = [
    ...histograms.flatMap((h, i) => needed[i]!.map((bucket) => readOf(h.key, bucket))),
    ...totalNeeded.map((bucket) => ({ bucket, ...r })),
  ];
  const times = await bucketTimes(deps.db, reads);
  let next = 0;
  const take = (buckets: number[]) => new Map(buckets.map((bucket) => [bucket, times[next++]!]));
  const groups: KeyedFigures[] = histograms.map((h, i) => {
    const read = take(needed[i]!);
    const answered = [...h.histogram.values()].reduce((a, b) => a + b, 0);
    return {
      key: h.key,
      conversations: answered + h.unanswered,
      answered,
      ...bucketPercentiles(h.histogram, read),
      decided: answered + h.late,
      inTime: answeredWithin(h.histogram, read, ms),
    };
  });
  const total = groups.length === 0 ? null : { ...sumFigures(groups), ...bucketPercentiles(totalHistogram, take(totalNeeded)) };
  return { groups, total };
}

/**
 * A target in business time: every group's first message and reply times, measured by a business-time meter over the
 * span of those times (not of the range: a range from year 1 would list the opening hours of two thousand years).
 */
async function businessTimeFigures(deps: Deps, r: TimeRange, group: 'week' | 'agent', target: FirstResponseTarget, now: number) {
  const times = await firstResponseTimes(deps.db, r, group);
  let from = now;
  let to = now;
  for (const g of times) {
    for (const first of g.firsts) from = Math.min(from, first);
    for (const reply of g.replies) if (reply !== null) to = Math.max(to, reply);
  }
  const meter = targetMeter(target, from, to);
  const ms = targetMs(target);
  const counted = times.map((g) => ({ key: g.key, ...responseCounts(g, ms, now, meter) }));
  const groups: KeyedFigures[] = counted.map((c) => ({ key: c.key, ...figuresOf(c) }));
  const total = groups.length === 0 ? null : figuresOf({ ...sumFigures(groups), responses: counted.flatMap((c) => c.responses) });
  return { groups, total };
}

const sumFigures = (groups: readonly FirstResponseFigures[]) => {
  const sum = (pick: (g: FirstResponseFigures) => number) => groups.reduce((n, g) => n + pick(g), 0);
  return {
    conversations: sum((g) => g.conversations),
    answered: sum((g) => g.answered),
    decided: sum((g) => g.decided),
    inTime: sum((g) => g.inTime),
  };
};

export interface ConversationsReportRow {
  group: string;
  opened: number;
  closed: number;
}

/** Conversations opened and closed per week (a reopened conversation counts as closed when it is closed again). */
export async function conversationsReport(deps: Deps, range: ReportRange): Promise<Report<ConversationsReportRow>> {
  const r = reportRange(deps, range);
  const rows = (await conversationCounts(deps.db, r)).map((row) => ({
    group: weekOf(Number(row.monday) * DAY_MS),
    opened: Number(row.opened),
    closed: Number(row.closed),
  }));
  return { ...r, rows };
}

export interface ReplyRateReportRow {
  group: string;
  sent: number;
  replied: number;
  reply_rate: number | null;
}

export async function replyRateReport(deps: Deps, range: ReportRange, group: OutboundGroup): Promise<Report<ReplyRateReportRow>> {
  const r = reportRange(deps, range);
  const rows = (await replyRateCounts(deps.db, r, group)).map((row) => ({
    group: label(group, row.key),
    sent: Number(row.sent),
    replied: Number(row.replied),
    reply_rate: rate(Number(row.replied), Number(row.sent)),
  }));
  return { ...r, rows };
}

export interface DeliverabilityReportRow {
  group: string;
  sent: number;
  bounced: number;
  complaints: number;
  unsubscribes: number;
  bounce_rate: number | null;
  complaint_rate: number | null;
  unsubscribe_rate: number | null;
  /** Set when the complaint rate is above Gmail's 0.3% line. */
  warning: string | null;
}

export async function deliverabilityReport(deps: Deps, range: ReportRange, group: OutboundGroup): Promise<Report<DeliverabilityReportRow>> {
  const r = reportRange(deps, range);
  const rows = (await deliverabilityCounts(deps.db, r, group)).map((row) => {
    const [sent, bounced, complaints, unsubscribes] = [row.sent, row.bounced, row.complaints, row.unsubscribes].map(Number) as [
      number,
      number,
      number,
      number,
    ];
    const complaintRate = rate(complaints, sent - bounced);
    return {
      group: label(group, row.key),
      sent,
      bounced,
      complaints,
      unsubscribes,
      bounce_rate: rate(bounced, sent),
      complaint_rate: complaintRate,
      unsubscribe_rate: rate(unsubscribes, sent),
      warning:
        complaintRate !== null && complaintRate > COMPLAINT_RATE_LIMIT
          ? `complaint rate ${(complaintRate * 100).toFixed(2)}% is above Gmail's 0.3% line: mail to Gmail may go to spam or be refused`
          : null,
    };
  });
  return { ...r, rows };
}

export interface AutomationReportRow {
  source: string;
  name: string;
  decision: string;
  reason: string | null;
  count: number;
}

export async function automationReport(deps: Deps, range: ReportRange): Promise<Report<AutomationReportRow>> {
  const r = reportRange(deps, range);
  const rows = (await automationCounts(deps.db, r)).map((row) => ({
    source: row.source,
    name: row.sourceName,
    decision: row.decision,
    reason: row.reason,
    count: Number(row.n),
  }));
  return { ...r, rows };
}

export interface ReportsOverview {
  from: number;
  to: number;
  firstResponseByWeek: Awaited<ReturnType<typeof firstResponseReport>>;
  firstResponseByAgent: Awaited<ReturnType<typeof firstResponseReport>>;
  conversations: Report<ConversationsReportRow>;
  replyRateByTemplate: Report<ReplyRateReportRow>;
  replyRateByCategory: Report<ReplyRateReportRow>;
  deliverabilityByTemplate: Report<DeliverabilityReportRow>;
  /** Only what did not send at once: held, skipped and stopped decisions. */
  automationNotSent: Report<AutomationReportRow>;
}

/** Every report of the reports page over one range. */
export async function reportsOverview(deps: Deps, range: ReportRange): Promise<ReportsOverview> {
  const r = reportRange(deps, range);
  const [firstResponseByWeek, firstResponseByAgent, conversations, replyRateByTemplate, replyRateByCategory, deliverability, automation] =
    await Promise.all([
      firstResponseReport(deps, r, 'week'),
      firstResponseReport(deps, r, 'agent'),
      conversationsReport(deps, r),
      replyRateReport(deps, r, 'template'),
      replyRateReport(deps, r, 'category'),
      deliverabilityReport(deps, r, 'template'),
      automationReport(deps, r),
    ]);
  return {
    ...r,
    firstResponseByWeek,
    firstResponseByAgent,
    conversations,
    replyRateByTemplate,
    replyRateByCategory,
    deliverabilityByTemplate: deliverability,
    automationNotSent: { ...automation, rows: automation.rows.filter((row) => row.decision !== 'sent' && row.decision !== 'scheduled') },
  };
}
