// npx tsx bench/segments.ts [--contacts 100000] [--rounds 10]   (also `npm run bench -- --only segments`)
//
// Segment previews (issue 13): GET /api/v1/segments/:id/preview as its service call, previewSegment (the saved
// rule parsed, count and a sample of 10 contacts read), over 100,000 contacts with 300,000 events and 200,000
// messages (bench/rule-dataset.ts), for saved segments with realistic rules. Target: ≤ 1 s each. Floor, in the
// same run: one full scan of contacts reading an attribute. CPU ms per preview beside the wall times. Writes bench/segments-results.json.
// A measurement, not a test: it asserts nothing.
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { createSegment, previewSegment } from '../src/services/segments.ts';
import { createBenchContext } from './deps.ts';
import { DEFAULT_SEED } from './random.ts';
import { buildRuleDataset } from './rule-dataset.ts';
import { measure, round } from './stats.ts';

export const SEGMENT_TARGET_MS = 1000;
const SAMPLE = 10;

/** Saved segments as a business would write them (names say what each exercises). */
export const SEGMENTS: Record<string, unknown> = {
  'attribute equality: lives in Göteborg': 'attributes.city = "Göteborg"',
  'event count in a window: ordered twice in 30 days': { event: 'order_placed', count: '>= 2', within: 'P30D' },
  'topic subscription: newsletter': { topic: 'newsletter' },
  'any/not: pro plan, or newsletter without a page view in 7 days': {
    any: ['attributes.plan = "pro"', { all: [{ topic: 'newsletter' }, { not: { event: 'page_viewed', count: '>= 1', within: 'P7D' } }] }],
  },
  'all of them: Göteborg, consenting, ordered in 30 days, no marketing in 7 days': {
    all: [
      'attributes.city = "Göteborg"',
      { consent: 'marketing' },
      { event: 'order_placed', count: '>= 1', within: 'P30D' },
      { not: { last_message: { category: 'marketing', within: 'P7D' } } },
    ],
  },
};

export interface SegmentFigure {
  segment: string;
  count: number;
  p50_ms: number;
  max_ms: number;
  /** CPU time of this process per preview: steadier than wall time on a machine shared with other work. */
  cpu_ms: number;
  verdict: 'ok' | 'MISS';
}

export interface SegmentsResult {
  contacts: number;
  rounds: number;
  build_s: number;
  floor_full_count_ms: number;
  segments: SegmentFigure[];
}

export async function runSegments(p: { contacts: number; rounds: number; log: (line: string) => void }): Promise<SegmentsResult> {
  const ctx = await createBenchContext({ seed: DEFAULT_SEED });
  try {
    const count = (x: number) => x.toLocaleString('en');
    p.log(`segments: building ${count(p.contacts)} contacts, ${count(3 * p.contacts)} events, ${count(2 * p.contacts)} messages …`);
    const started = performance.now();
    await buildRuleDataset((sql) => ctx.client.execute(sql), p.contacts);
    const buildSeconds = (performance.now() - started) / 1000;
    const floor = await measure(p.rounds, 2, () =>
      ctx.client.execute(`SELECT count(*) FROM contacts WHERE json_extract(attributes, '$.city') IS NOT NULL`),
    );
    const segments: SegmentFigure[] = [];
    for (const [name, rule] of Object.entries(SEGMENTS)) {
      const segment = await createSegment(ctx.deps, { name, rule });
      const preview = await previewSegment(ctx.deps, segment.id, SAMPLE);
      const cpu = process.cpuUsage();
      const timing = await measure(p.rounds, 0, () => previewSegment(ctx.deps, segment.id, SAMPLE));
      const used = process.cpuUsage(cpu);
      segments.push({
        segment: name,
        count: preview.count,
        p50_ms: round(timing.p50, 1),
        max_ms: round(timing.max, 1),
        cpu_ms: round((used.user + used.system) / 1000 / p.rounds, 1),
        verdict: timing.max <= SEGMENT_TARGET_MS ? 'ok' : 'MISS',
      });
    }
    return { contacts: p.contacts, rounds: p.rounds, build_s: round(buildSeconds, 1), floor_full_count_ms: round(floor.p50, 1), segments };
  } finally {
    ctx.close();
  }
}

export function formatSegments(result: SegmentsResult): string {
  const rows = result.segments.map((s) => [s.segment, String(s.count), `${s.p50_ms} ms`, `${s.max_ms} ms`, `${s.cpu_ms} ms`, s.verdict]);
  const head = ['segment preview (previewSegment)', 'count', 'p50', 'max', 'CPU', `max ≤ ${SEGMENT_TARGET_MS} ms`];
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (r: string[]) => r.map((cell, c) => cell.padEnd(widths[c]!)).join('  ');
  return [
    `segments over ${result.contacts.toLocaleString('en')} contacts, ${result.rounds} rounds after a warm-up; floor: one full ` +
      `scan reading an attribute ${result.floor_full_count_ms} ms`,
    line(head),
    ...rows.map(line),
  ].join('\n');
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain) {
  const { values } = parseArgs({ options: { contacts: { type: 'string', default: '100000' }, rounds: { type: 'string', default: '10' } } });
  const result = await runSegments({
    contacts: Number(values.contacts),
    rounds: Number(values.rounds),
    log: (line) => process.stderr.write(`${line}\n`),
  });
  console.log(formatSegments(result));
  writeFileSync(new URL('./segments-results.json', import.meta.url), `${JSON.stringify(result, null, 2)}\n`);
}
