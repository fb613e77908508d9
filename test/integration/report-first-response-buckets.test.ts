// The first-response report reads reply-time buckets (a histogram, then the times of the buckets a percentile or the
// target falls in): its figures are the exact ones of every reply time (firstResponseRows), by week and by agent, over
// ranges that cut weeks, with a round-the-clock target and in business time; the facts' response columns follow the
// times they are made of.
import { describe, expect, it } from 'vitest';
import { responseBucket } from '../../src/domain/reports/response-buckets.ts';
import { DAY_MS, firstResponseRows, mondayOf, weekOf } from '../../src/domain/reports/stats.ts';
import { businessTimeMeter } from '../../src/domain/time/business-hours.ts';
import { loadInboxSettings, saveInboxSettings } from '../../src/services/inboxSettings.ts';
import { firstResponseReport } from '../../src/services/reports.ts';
import { useTestContext } from '../support/contexts.ts';

const t = useTestContext();
const H = 3_600_000;
const NOW = Date.parse('2026-11-23T09:00:00Z');
const AGENTS = ['agt_a', 'agt_b', 'agt_c', null] as const;

interface Fact {
  id: string;
  first: number;
  reply: number | null;
  agent: string | null;
}

/** A deterministic spread: reply times from 0 s to 40 days, ties, the 24 h target itself and 1 ms either side. */
function facts(): Fact[] {
  const out: Fact[] = [];
  let x = 12_345;
  const next = () => {
    x = (x * 1_103_515_245 + 12_345) % 2_147_483_648;
    return x / 2_147_483_648;
  };
  const special = [0, 999, 1000, 99_999, 100_000, 24 * H - 1, 24 * H, 24 * H + 1, 24 * H, 7 * H];
  for (let i = 0; i < 900; i++) {
    const first = NOW - Math.floor(next() * 60 * DAY_MS);
    const kind = next();
    const ms = i < special.length ? special[i]! : Math.floor(next() ** 3 * 40 * DAY_MS);
    const reply = kind < 0.12 ? null : Math.min(first + ms, NOW);
    out.push({ id: `cnv_${i}`, first, reply, agent: reply === null ? null : AGENTS[i % AGENTS.length]! });
  }
  return out;
}

async function insert(list: Fact[]) {
  // Facts without their conversations: the report reads conversation_facts alone.
  await t.client.execute('pragma foreign_keys = off');
  for (const f of list) {
    await t.client.execute({
      sql: `insert into conversation_facts (conversation_id, opened_at, first_customer_at, first_reply_at, first_reply_agent_id)
        values (?, ?, ?, ?, ?)`,
      args: [f.id, f.first, f.first, f.reply, f.agent],
    });
  }
  await t.client.execute('pragma foreign_keys = on');
}

const expected = (
  list: Fact[],
  range: { from: number; to: number },
  group: 'week' | 'agent',
  elapsed?: (a: number, b: number) => number,
) => {
  const inRange = list.filter((f) => f.first >= range.from && f.first < range.to);
  const samples = inRange.map((f) => ({
    group: group === 'week' ? weekOf(f.first) : f.agent === null ? '(unanswered)' : f.agent,
    firstInAt: f.first,
    responseMs: f.reply === null ? null : f.reply - f.first,
  }));
  const target = 24 * H;
  return {
    rows: firstResponseRows(samples, target, NOW, elapsed),
    total: firstResponseRows(
      samples.map((s) => ({ ...s, group: 'all' })),
      target,
      NOW,
      elapsed,
    )[0],
  };
};

describe('first response over reply-time buckets', () => {
  it('gives the exact figures of every reply time, by week and by agent, whole and cut ranges', async () => {
    t.clock.set(NOW);
    const list = facts();
    await insert(list);
    const ranges = [
      { from: 0, to: NOW + DAY_MS },
      // From a Wednesday noon to a Friday morning: both end weeks cut.
      { from: Date.parse('2026-10-07T12:00:00Z'), to: Date.parse('2026-11-13T06:30:00Z') },
      { from: NOW - 28 * DAY_MS, to: NOW },
    ];
    for (const range of ranges) {
      for (const group of ['week', 'agent'] as const) {
        const report = await firstResponseReport(t.deps, range, group);
        const want = expected(list, range, group);
        expect(report.rows).toEqual(want.rows);
        expect(report.total).toEqual(want.total);
      }
    }
    // The figures are not trivial: several weeks, late unanswered ones, some in time and some not.
    const whole = await firstResponseReport(t.deps, ranges[0]!, 'week');
    expect(whole.rows.length).toBeGreaterThan(8);
    expect(whole.total!.within_target).toBeGreaterThan(0.2);
    expect(whole.total!.within_target).toBeLessThan(0.9);
  });

  it('stays exact with the target counted in business hours', async () => {
    t.clock.set(NOW);
    const list = facts();
    await insert(list);
    const week = [...Array.from({ length: 5 }, () => [{ start: 540, end: 1020 }]), [], []];
    const businessHours = { timeZone: 'Europe/Stockholm', week };
    await saveInboxSettings(t.deps, { ...(await loadInboxSettings(t.deps)), firstResponse: { hours: 24, businessHours } });
    const range = { from: Date.parse('2026-10-07T12:00:00Z'), to: NOW };
    const meter = businessTimeMeter(businessHours, range.from, NOW);
    for (const group of ['week', 'agent'] as const) {
      const report = await firstResponseReport(t.deps, range, group);
      expect(report.business_hours).toBe(true);
      const want = expected(list, range, group, meter);
      expect(report.rows).toEqual(want.rows);
      expect(report.total).toEqual(want.total);
    }
    // A range from year 1 to 9999 (the API takes any four-digit year) is measured over the span of the data: listing
    // the opening hours of ten thousand years, as the range's bounds did, took minutes of CPU.
    const wide = { from: Date.parse('0001-01-01T00:00:00Z'), to: Date.parse('9999-12-31T00:00:00Z') };
    const all = expected(list, wide, 'week', businessTimeMeter(businessHours, Math.min(...list.map((f) => f.first)), NOW));
    const report = await firstResponseReport(t.deps, wide, 'week');
    expect(report.rows).toEqual(all.rows);
    expect(report.total).toEqual(all.total);
  });

  it('keeps each fact’s week, reply time and bucket with its times, on insert and on update', async () => {
    const first = Date.parse('2026-11-04T10:00:00Z');
    await insert([{ id: 'cnv_x', first, reply: null, agent: null }]);
    const row = async () =>
      (
        await t.client.execute(
          "select first_customer_week, response_ms, response_bucket from conversation_facts where conversation_id = 'cnv_x'",
        )
      ).rows[0];
    expect(await row()).toMatchObject({ first_customer_week: mondayOf(first), response_ms: null, response_bucket: null });
    await t.client.execute({
      sql: "update conversation_facts set first_reply_at = ? where conversation_id = 'cnv_x'",
      args: [first + 3 * H],
    });
    expect(await row()).toMatchObject({ response_ms: 3 * H, response_bucket: responseBucket(3 * H) });
    const earlier = Date.parse('2026-11-01T10:00:00Z');
    await t.client.execute({ sql: "update conversation_facts set first_customer_at = ? where conversation_id = 'cnv_x'", args: [earlier] });
    expect(await row()).toMatchObject({
      first_customer_week: mondayOf(earlier),
      response_ms: first + 3 * H - earlier,
      response_bucket: responseBucket(first + 3 * H - earlier),
    });
  });

  it('numbers buckets in SQL as the domain does', async () => {
    const times = [0, 1, 999, 1000, 99_999, 100_000, 999_999, 1_000_000, 12_345_678, 24 * H, 40 * 24 * H, 10 * 365 * 24 * H];
    await insert(
      times.map((ms, i) => ({ id: `cnv_b${i}`, first: NOW - 11 * 365 * DAY_MS, reply: NOW - 11 * 365 * DAY_MS + ms, agent: null })),
    );
    const rows = (await t.client.execute("select response_ms, response_bucket from conversation_facts where conversation_id like 'cnv_b%'"))
      .rows;
    expect(rows.map((r) => [Number(r.response_ms), Number(r.response_bucket)]).sort((a, b) => a[0]! - b[0]!)).toEqual(
      times.map((ms) => [ms, responseBucket(ms)]),
    );
  });
});
