// /inbox/reports: the reports page over a date range, and its CSV downloads (the same rows as /api/v1/reports/…,
// for a signed-in agent instead of an API key).
import { Hono } from 'hono';
import * as v from 'valibot';
import { isAppError } from '../../../domain/errors.ts';
import { DAY_MS, parseReportBound } from '../../../domain/reports/stats.ts';
import { reportsOverview } from '../../../services/reports.ts';
import { REPORT_NAMES, reportCsv, runReport } from '../../routes/reports.ts';
import { parseOrThrow } from '../../validation.ts';
import { issueText } from '../error-text.ts';
import { type InboxEnv, pageContext } from '../session.ts';
import { ReportsPage } from './page.tsx';
import { REPORTS_CSS } from './styles.ts';

const DEFAULT_DAYS = 28;
const day = (at: number) => new Date(at).toISOString().slice(0, 10);
const DATE_EXPECTED = 'expected a date like 2026-11-30';

const RangeQuery = v.pipe(
  v.object({
    from: v.pipe(
      v.string(DATE_EXPECTED),
      v.check((t) => parseReportBound(t, 'from') !== null && /^\d{4}-\d{2}-\d{2}$/.test(t), DATE_EXPECTED),
    ),
    to: v.pipe(
      v.string(DATE_EXPECTED),
      v.check((t) => parseReportBound(t, 'to') !== null && /^\d{4}-\d{2}-\d{2}$/.test(t), DATE_EXPECTED),
    ),
  }),
  v.check((q) => q.from <= q.to, 'expected From on or before To'),
);

export const reportsInboxRoutes = new Hono<InboxEnv>();

reportsInboxRoutes.get('/', async (c) => {
  const today = day(c.var.deps.clock.now());
  const fallback = { from: day(Date.parse(today) - (DEFAULT_DAYS - 1) * DAY_MS), to: today };
  const asked = c.req.query();
  let range = fallback;
  let error: string | undefined;
  if (asked.from !== undefined || asked.to !== undefined) {
    try {
      range = parseOrThrow(RangeQuery, { from: asked.from ?? fallback.from, to: asked.to ?? fallback.to }, 'dates');
    } catch (e) {
      if (!isAppError(e)) throw e;
      error = e.issues.map((i) => issueText(i, pageContext(c).t)).join('; ');
    }
  }
  const overview = await reportsOverview(c.var.deps, {
    from: parseReportBound(range.from, 'from')!,
    to: parseReportBound(range.to, 'to')!,
  });
  return c.html(<ReportsPage page={pageContext(c)} overview={overview} range={range} error={error} />, error ? 400 : 200);
});

reportsInboxRoutes.get('/csv/:name', async (c) => {
  const name = parseOrThrow(v.picklist(REPORT_NAMES, `expected one of: ${REPORT_NAMES.join(', ')}`), c.req.param('name'), 'report');
  const query = c.req.query();
  const report = await runReport(c.var.deps, name, query);
  const parts = [name, query.group, day(report.from), day(report.to - 1)].filter(Boolean);
  return reportCsv(c, report, `${parts.join('-')}.csv`);
});

/** The stylesheet of the reports and settings pages, served beside /static/inbox.css. */
export const reportsStaticRoutes = new Hono().get('/reports.css', (c) =>
  c.body(REPORTS_CSS, 200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'public, max-age=3600' }),
);
