// /api/v1/reports/*: first-response times, reply rates, deliverability and automation decisions over a
// time range (`?from&to`, default the last 28 days), grouped by `group`; JSON, or CSV of the rows with
// `Accept: text/csv`.
import { type Context, Hono } from 'hono';
import * as v from 'valibot';
import { parseReportBound, REPORT_DATE_EXPECTED } from '../../domain/reports/stats.ts';
import type { Deps } from '../../deps.ts';
import {
  automationReport,
  conversationsReport,
  deliverabilityReport,
  firstResponseReport,
  type Report,
  replyRateReport,
} from '../../services/reports.ts';
import type { ApiEnv } from '../api-auth.ts';
import { csvResponse, wantsCsv } from '../csv.ts';
import type { Operation } from '../openapi/operation.ts';
import { iso } from '../presenters.ts';
import { parseOrThrow } from '../validation.ts';

const Bound = (bound: 'from' | 'to') =>
  v.optional(
    v.pipe(
      v.string(REPORT_DATE_EXPECTED),
      v.check((text) => parseReportBound(text, bound) !== null, REPORT_DATE_EXPECTED),
      v.transform((text) => parseReportBound(text, bound)!),
    ),
  );
const query = <G extends string>(groups: readonly [G, ...G[]], fallback: G) =>
  v.pipe(
    v.object({
      from: Bound('from'),
      to: Bound('to'),
      group: v.optional(v.picklist(groups, `expected one of: ${groups.join(', ')}`), fallback),
    }),
    v.check((q) => q.from === undefined || q.to === undefined || q.from < q.to, 'expected from before to'),
  );
const FirstResponseQuery = query(['week', 'agent'], 'week');
const OutboundQuery = query(['template', 'category', 'week'], 'template');
const AutomationQuery = query(['trigger'], 'trigger');
const ConversationsQuery = query(['week'], 'week');

export const REPORT_NAMES = ['first-response', 'reply-rate', 'deliverability', 'automation', 'conversations'] as const;
export type ReportName = (typeof REPORT_NAMES)[number];

/** One report by name over the query (`from`, `to`, `group`), validated: for the API and the inbox's CSV downloads. */
export async function runReport(deps: Deps, name: ReportName, raw: Record<string, string>): Promise<Report<object>> {
  switch (name) {
    case 'first-response': {
      const q = parseOrThrow(FirstResponseQuery, raw, 'query');
      return firstResponseReport(deps, q, q.group);
    }
    case 'reply-rate': {
      const q = parseOrThrow(OutboundQuery, raw, 'query');
      return replyRateReport(deps, q, q.group);
    }
    case 'deliverability': {
      const q = parseOrThrow(OutboundQuery, raw, 'query');
      return deliverabilityReport(deps, q, q.group);
    }
    case 'automation':
      return automationReport(deps, parseOrThrow(AutomationQuery, raw, 'query'));
    case 'conversations':
      return conversationsReport(deps, parseOrThrow(ConversationsQuery, raw, 'query'));
  }
}

/** The report's rows as CSV (`filename`: as a download). */
export function reportCsv(c: Context, report: Report<object>, filename?: string): Response {
  return csvResponse(c, report.rows, Object.keys(report.rows[0] ?? {}), filename);
}

function answer(c: Context<ApiEnv>, report: Report<object>) {
  if (wantsCsv(c)) return reportCsv(c, report);
  return c.json({ ...report, from: iso(report.from), to: iso(report.to) });
}

export const reportRoutes = new Hono<ApiEnv>();
for (const name of REPORT_NAMES) reportRoutes.get(`/${name}`, async (c) => answer(c, await runReport(c.var.deps, name, c.req.query())));

const RANGE = { from: '2026-11-02T00:00:00.000Z', to: '2026-11-30T00:00:00.000Z' };
const CSV_NOTE = ' `Accept: text/csv` answers the rows as CSV.';
const report = (p: {
  path: string;
  id: string;
  summary: string;
  description: string;
  query: v.GenericSchema;
  example: unknown;
}): Operation => ({
  method: 'get',
  path: p.path,
  operationId: p.id,
  summary: p.summary,
  description: `${p.description} \`from\`/\`to\`: dates (whole UTC days) or date-times; default the last 28 days.${CSV_NOTE}`,
  tag: 'Reports',
  query: p.query,
  responses: [
    { status: 200, description: 'The report', example: p.example },
    { status: 200, description: 'The rows as CSV', contentType: 'text/csv' },
  ],
  errors: [400],
});

export const reportOperations: Operation[] = [
  report({
    path: '/first-response',
    id: 'reportFirstResponse',
    summary: 'First-response time: median, 90th percentile and share within the target, by week or agent',
    description:
      'Conversations whose customer first wrote in the range; the response is the first agent reply after it. An unanswered ' +
      'conversation counts against the target once the target has passed. With business hours set (/inbox/settings), only open ' +
      'hours count toward the target.',
    query: FirstResponseQuery,
    example: {
      ...RANGE,
      target_minutes: 1440,
      business_hours: false,
      rows: [{ group: '2026-11-23', conversations: 41, answered: 39, median_minutes: 95.5, p90_minutes: 1210, within_target: 0.9268 }],
      total: { group: 'all', conversations: 41, answered: 39, median_minutes: 95.5, p90_minutes: 1210, within_target: 0.9268 },
    },
  }),
  report({
    path: '/reply-rate',
    id: 'reportReplyRate',
    summary: 'Reply rate: the share of sent mail that got a person’s reply within 7 days, by template, category or week',
    description: 'Outbound email sent or delivered in the range.',
    query: OutboundQuery,
    example: { ...RANGE, rows: [{ group: 'review_request', sent: 1200, replied: 180, reply_rate: 0.15 }] },
  }),
  report({
    path: '/deliverability',
    id: 'reportDeliverability',
    summary: 'Bounces, complaints and unsubscribes per template, category or week, with a warning above Gmail’s 0.3% complaint line',
    description: 'Unsubscribes are by link within 7 days after a marketing message; complaints are the provider’s complaint events.',
    query: OutboundQuery,
    example: {
      ...RANGE,
      rows: [
        {
          group: 'newsletter',
          sent: 10000,
          bounced: 120,
          complaints: 41,
          unsubscribes: 75,
          bounce_rate: 0.012,
          complaint_rate: 0.0042,
          unsubscribe_rate: 0.0075,
          warning: "complaint rate 0.42% is above Gmail's 0.3% line: mail to Gmail may go to spam or be refused",
        },
      ],
    },
  }),
  report({
    path: '/automation',
    id: 'reportAutomation',
    summary: 'Automated sends scheduled, sent, held, skipped and stopped, by trigger and reason',
    description: 'Every decision about an automated send made in the range.',
    query: AutomationQuery,
    example: { ...RANGE, rows: [{ source: 'trigger', name: 'birthday', decision: 'held', reason: 'QuietHours', count: 12 }] },
  }),
  report({
    path: '/conversations',
    id: 'reportConversations',
    summary: 'Conversations opened and closed per week',
    description: 'Opened: conversations started in the range. Closed: those last closed in the range and still closed.',
    query: ConversationsQuery,
    example: { ...RANGE, rows: [{ group: '2026-11-23', opened: 120, closed: 97 }] },
  }),
];
