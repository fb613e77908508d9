// Inbound: the whole receiveEmail path (store raw → parse → classify → thread → extract →
// store → update the conversation) on the embedded database, against its floor: postal-mime
// parsing the same bytes with the same options (parseRaw). Replies answer real conversations of
// the data set, so threading looks up real rows.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createReplyToken, replyAddress } from '../src/domain/outbound/reply-token.ts';
import { parseRaw } from '../src/mail/parse.ts';
import type { Deps } from '../src/deps.ts';
import { enabledFaqEntries, matchFaq } from '../src/services/faqMatching.ts';
import { receiveEmail } from '../src/services/receiveEmail.ts';
import { upsertFaqEntries } from '../src/store/faqs.ts';
import { CORPUS, LANGS, type Lang } from './corpus.ts';
import { timedDb, walPagesDuring } from './db-timing.ts';
import type { BenchContext } from './deps.ts';
import { benchFaqEntries } from './faq-entries.ts';
import { buildLargeMessage, buildTypicalReply, type BuiltReply, type ReplyTarget } from './mail.ts';
import { type AllocationSummary, startAllocationProfile, startProfile, type ProfileSummary } from './profile.ts';
import { createRng } from './random.ts';
import { mib, now, round, summarize, type Summary } from './stats.ts';

export interface InboundOptions {
  iterations: number;
  warmup: number;
  profileIterations: number;
  seed: number;
  profileDir: string;
  /** FAQ entries (4 locales) the autoresponder answers from, in FAQ_MODE=auto; 0 turns it off. */
  faqEntries: number;
  log: (line: string) => void;
}

export interface LargeResult {
  message_bytes: number;
  baseline_rss_mib: number;
  peak_rss_mib: number;
  delta_rss_mib: number;
  max_rss_lifetime_mib: number;
  receive_ms: number;
  status: string;
  hwm_reset: boolean;
  steps?: { step: string; rss_delta_mib: number; peak_delta_mib: number }[];
  /** The same run with SQLite's page cache at its 2 MiB default instead of the app's 64 MiB. */
  with_2mib_page_cache_delta_mib?: number;
}

export interface InboundResult {
  typical_reply_bytes: number;
  pipeline: Summary;
  parse_only: Summary;
  pipeline_p50_ms: number;
  pipeline_p99_ms: number;
  /** CPU time per message (process.cpuUsage, user + system of every thread), beside the wall time. */
  pipeline_cpu: Summary;
  parse_only_cpu: Summary;
  pipeline_cpu_p50_ms: number;
  pipeline_cpu_p95_ms: number;
  pipeline_cpu_p99_ms: number;
  /** The pipeline's CPU time split: user (JavaScript, SQLite) and system (the kernel: WAL writes, fsyncs), p50 / p99. */
  pipeline_cpu_user_p50_ms: number;
  pipeline_cpu_user_p99_ms: number;
  pipeline_cpu_system_p50_ms: number;
  pipeline_cpu_system_p99_ms: number;
  parse_only_cpu_p50_ms: number;
  msgs_per_s: number;
  parse_only_p50_ms: number;
  overhead_ratio: number;
  thread_rules: Record<string, number>;
  /** The autoresponder's decisions over warm-up and measured messages (answered, handoff …). */
  faq_entries: number;
  faq_decisions: Record<string, number>;
  failures: number;
  breakdown: {
    per_message_ms: number;
    db_ms: number;
    db_calls: number;
    db_statements: number;
    parse_ms: number;
    other_ms: number;
    wal_pages: number;
  };
  top_sql: { sql: string; calls: number; ms_per_item: number }[];
  profile: ProfileSummary | null;
  large_message_mib: number;
  large_peak_rss_mib: number;
  large: LargeResult;
}

interface Target {
  conversationId: string;
  subject: string;
  email: string;
  name: string;
  lang: Lang;
  parent: string | null;
  quoted: string;
}

const cpuMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;

function langOf(locale: string | null): Lang {
  const l = (locale ?? 'en').slice(0, 2) as Lang;
  return LANGS.includes(l) ? l : 'en';
}

async function loadTargets(ctx: BenchContext, count: number): Promise<Target[]> {
  const rows = await ctx.client.execute({
    sql: `select c.id, c.subject, k.email, k.name, k.locale, m.message_id_header as parent, m.reply_text as quoted
          from conversations c
          join contacts k on k.id = c.contact_id
          join messages m on m.id = (select id from messages where conversation_id = c.id and direction = 'out' and kind = 'email'
                                     order by created_at desc limit 1)
          order by c.last_message_at desc limit ?`,
    args: [count],
  });
  return rows.rows.map((r) => ({
    conversationId: String(r.id),
    subject: String(r.subject),
    email: String(r.email),
    name: String(r.name ?? r.email),
    lang: langOf(r.locale === null ? null : String(r.locale)),
    parent: r.parent === null ? null : String(r.parent),
    quoted: String(r.quoted ?? ''),
  }));
}

interface Prepared {
  mail: BuiltReply;
  envelope: { from: string; to: string };
  date: number;
}

/**
 * The mix: 85 % answer our message through the Reply-To token (with In-Reply-To), 10 % reach the
 * plain support address with In-Reply-To only, 5 % start a new conversation.
 */
async function prepareReplies(ctx: BenchContext, targets: Target[], count: number, seed: number, startAt: number): Promise<Prepared[]> {
  const rng = createRng(seed);
  const out: Prepared[] = [];
  const secret = ctx.deps.config.secretKey;
  const domain = ctx.deps.config.inboundDomain;
  for (let i = 0; i < count; i++) {
    const t = targets[i % targets.length]!;
    const c = CORPUS[t.lang];
    const u = rng.next();
    const order = /[A-Z]{2}-\d+/.exec(t.subject)?.[0] ?? `${c.orderPrefix}-${10000 + i}`;
    const date = startAt + i * 1000;
    const target: ReplyTarget =
      u < 0.85
        ? {
            lang: t.lang,
            fromName: t.name,
            fromEmail: t.email,
            to: replyAddress(await createReplyToken(secret, t.conversationId), domain),
            subject: `${c.replyPrefix}${t.subject}`,
            inReplyTo: t.parent,
            quotedText: t.quoted,
            date,
          }
        : u < 0.95
          ? {
              lang: t.lang,
              fromName: t.name,
              fromEmail: t.email,
              to: 'support@acme.example',
              subject: `${c.replyPrefix}${t.subject}`,
              inReplyTo: t.parent,
              quotedText: t.quoted,
              date,
            }
          : {
              lang: t.lang,
              fromName: t.name,
              fromEmail: t.email,
              to: 'support@acme.example',
              subject: `${rng.pick(c.subjects).replace('{order}', order)} (${i})`,
              inReplyTo: null,
              quotedText: t.quoted,
              date,
            };
    const mail = buildTypicalReply(rng, target, order);
    out.push({ mail, envelope: { from: t.email, to: target.to }, date });
  }
  return out;
}

/** The autoresponder on (FAQ_MODE=auto) over the bench's FAQ, as a business with a knowledge base runs it. */
async function withAutoresponder(ctx: BenchContext, entries: number, seed: number): Promise<Deps> {
  if (entries === 0) return { ...ctx.deps, config: { ...ctx.deps.config, faqMode: 'off' } };
  const now = ctx.clock.now();
  const rows = benchFaqEntries(entries, seed).map((e, position) => ({
    ...e,
    questions: e.questions as Record<string, string[]>,
    tags: [...e.tags],
    position,
    createdAt: now,
    updatedAt: now,
  }));
  for (let i = 0; i < rows.length; i += 100) await upsertFaqEntries(ctx.deps.db, rows.slice(i, i + 100));
  return { ...ctx.deps, config: { ...ctx.deps.config, faqMode: 'auto' } };
}

async function warmFaqIndex(deps: Deps): Promise<void> {
  const entries = await enabledFaqEntries(deps);
  if (entries.length === 0) return;
  const message = {
    subject: 'Hej',
    text: 'När har ni öppet?',
    classification: { kind: 'message' as const },
    fromList: false,
    contactLocale: 'sv',
  };
  await matchFaq(deps, entries, message);
}

export async function runInbound(ctx: BenchContext, opts: InboundOptions): Promise<InboundResult> {
  const baseDeps = await withAutoresponder(ctx, opts.faqEntries, opts.seed);
  const total = opts.warmup + opts.iterations + opts.profileIterations;
  const targets = await loadTargets(ctx, total);
  if (targets.length === 0) throw new Error('inbound: the data set has no conversation with an outbound message');
  const startAt = ctx.clock.now() + 60_000;
  const replies = await prepareReplies(ctx, targets, total, opts.seed ^ 0x1b, startAt);
  const sizes = replies.map((r) => r.mail.raw.byteLength).sort((a, b) => a - b);
  const typicalBytes = sizes[Math.floor(sizes.length / 2)]!;
  opts.log(`  ${replies.length} replies prepared (median ${typicalBytes} bytes)`);

  // Measured pass: for each message, parse-only (the floor) then the whole pipeline, so both
  // see the same machine state.
  const pipeline: number[] = [];
  const parseOnly: number[] = [];
  // CPU time (process.cpuUsage: user + system, every thread) beside the wall time: on a loaded machine the wall time
  // measures the queue for the CPU as well.
  const pipelineCpu: number[] = [];
  const pipelineUser: number[] = [];
  const pipelineSystem: number[] = [];
  const parseCpu: number[] = [];
  const rules: Record<string, number> = {};
  let failures = 0;
  for (let i = 0; i < opts.warmup + opts.iterations; i++) {
    const r = replies[i]!;
    ctx.clock.set(r.date);
    const c0 = process.cpuUsage();
    const t0 = now();
    await parseRaw(r.mail.raw);
    const t1 = now();
    const c1 = process.cpuUsage();
    const result = await receiveEmail(baseDeps, r.mail.raw, r.envelope, 'http');
    const t2 = now();
    const c2 = process.cpuUsage(c1);
    if (i >= opts.warmup) {
      parseOnly.push(t1 - t0);
      pipeline.push(t2 - t1);
      parseCpu.push(cpuMs(process.cpuUsage(c0)) - cpuMs(c2));
      pipelineCpu.push(cpuMs(c2));
      pipelineUser.push(c2.user / 1000);
      pipelineSystem.push(c2.system / 1000);
      const outcome = result.outcome;
      if (outcome?.status === 'processed') rules[outcome.threadRule ?? 'none'] = (rules[outcome.threadRule ?? 'none'] ?? 0) + 1;
      else failures++;
    }
  }
  const p = summarize(pipeline);
  const f = summarize(parseOnly);
  const pc = summarize(pipelineCpu);
  const fc = summarize(parseCpu);
  const faqDecisions = await ctx.client.execute('select decision, count(*) as n from faq_decisions group by decision');
  const faq = Object.fromEntries(faqDecisions.rows.map((r) => [String(r.decision), Number(r.n)]));
  opts.log(`  autoresponder (${opts.faqEntries} FAQ entries): ${JSON.stringify(faq)}`);

  // Profile pass (not part of the figures): where the time goes, with the database timed.
  let profile: ProfileSummary | null = null;
  let allocations: AllocationSummary | null = null;
  const timed = timedDb(ctx.client);
  const deps = { ...baseDeps, db: timed.db };
  let profiledMs = 0;
  let walPages = 0;
  let parseMs = 0;
  const profiled = replies.slice(opts.warmup + opts.iterations, opts.warmup + opts.iterations + opts.profileIterations);
  if (profiled.length > 0) {
    // The FAQ index is cached per database object: build it for the timed one before profiling, as the measured
    // pass's warm-up did for the real one (else the profile shows one index build, not the per-message cost).
    await warmFaqIndex(deps);
    const prof = await startProfile();
    const heap = await startAllocationProfile();
    walPages = await walPagesDuring(ctx.client, async () => {
      for (const r of profiled) {
        ctx.clock.set(r.date);
        const t0 = now();
        await receiveEmail(deps, r.mail.raw, r.envelope, 'http');
        profiledMs += now() - t0;
      }
    });
    profile = await prof.stop('inbound-pipeline', opts.profileDir);
    allocations = await heap.stop('inbound-pipeline', opts.profileDir);
    opts.log(`  allocated per message (profile pass): ${round(allocations.allocated_mib / profiled.length, 2)} MiB; by function:`);
    for (const f of allocations.top_functions.slice(0, 10))
      opts.log(`    ${f.pct.toFixed(1).padStart(5)}%  ${f.mib} MiB  ${f.name} (${f.where})`);
    for (const r of profiled) {
      const t0 = now();
      await parseRaw(r.mail.raw);
      parseMs += now() - t0;
    }
  }
  const n = Math.max(1, profiled.length);
  const breakdown = {
    per_message_ms: round(profiledMs / n),
    db_ms: round(timed.stats.ms / n),
    db_calls: round(timed.stats.calls / n, 1),
    db_statements: round(timed.stats.statements / n, 1),
    parse_ms: round(parseMs / n),
    other_ms: round((profiledMs - timed.stats.ms - parseMs) / n),
    wal_pages: round(walPages / n, 1),
  };

  // The large message, in a child process of its own so its peak RSS is not blurred by ours.
  const targetForLarge = targets[0]!;
  const large = buildLargeMessage(createRng(opts.seed ^ 0x1a), {
    lang: targetForLarge.lang,
    fromName: targetForLarge.name,
    fromEmail: targetForLarge.email,
    to: 'support@acme.example',
    subject: 'Kvitto och bilder',
    inReplyTo: null,
    quotedText: targetForLarge.quoted,
    date: startAt,
  });
  const file = join(ctx.dir, 'large.eml');
  writeFileSync(file, large.raw);
  const largeResult = runLargeChild(file, opts.seed);
  opts.log(
    `  large message: ${mib(large.raw.byteLength).toFixed(1)} MiB, ` +
      `peak RSS +${largeResult.delta_rss_mib.toFixed(1)} MiB over baseline (${largeResult.peak_rss_mib.toFixed(1)} MiB peak)`,
  );

  return {
    typical_reply_bytes: typicalBytes,
    pipeline: p,
    parse_only: f,
    pipeline_p50_ms: round(p.p50),
    pipeline_p99_ms: round(p.p99),
    pipeline_cpu: pc,
    parse_only_cpu: fc,
    pipeline_cpu_p50_ms: round(pc.p50),
    pipeline_cpu_p95_ms: round(pc.p95),
    pipeline_cpu_p99_ms: round(pc.p99),
    pipeline_cpu_user_p50_ms: round(summarize(pipelineUser).p50),
    pipeline_cpu_user_p99_ms: round(summarize(pipelineUser).p99),
    pipeline_cpu_system_p50_ms: round(summarize(pipelineSystem).p50),
    pipeline_cpu_system_p99_ms: round(summarize(pipelineSystem).p99),
    parse_only_cpu_p50_ms: round(fc.p50),
    msgs_per_s: round((pipeline.length / pipeline.reduce((s, x) => s + x, 0)) * 1000, 0),
    parse_only_p50_ms: round(f.p50),
    overhead_ratio: round(p.p50 / f.p50, 2),
    thread_rules: rules,
    faq_entries: opts.faqEntries,
    faq_decisions: faq,
    failures,
    breakdown,
    top_sql: timed.top(8, n),
    profile,
    large_message_mib: round(mib(large.raw.byteLength), 2),
    large_peak_rss_mib: largeResult.delta_rss_mib,
    large: largeResult,
  };
}

export function runLargeChild(file: string, seed: number, steps = true): LargeResult {
  const script = decodeURIComponent(new URL('./large-rss.ts', import.meta.url).pathname);
  const run = (mode: string) => {
    const child = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', script, file, String(seed), mode], {
      encoding: 'utf8',
      cwd: decodeURIComponent(new URL('..', import.meta.url).pathname),
      maxBuffer: 16 * 1024 * 1024,
    });
    if (child.status !== 0) throw new Error(`large-message child failed (${child.status}): ${child.stderr}`);
    const line = child.stdout.trim().split('\n').pop() ?? '{}';
    return JSON.parse(line) as Record<string, unknown>;
  };
  const result = run('pipeline') as unknown as LargeResult;
  if (steps) {
    result.steps = (run('steps') as { steps: LargeResult['steps'] }).steps;
    result.with_2mib_page_cache_delta_mib = (run('pipeline-cache2mib') as { delta_rss_mib: number }).delta_rss_mib;
  }
  return result;
}
