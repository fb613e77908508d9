// Broadcast planning: a broadcast of a marketing template to a segment of new contacts, scheduled now, run by
// runBroadcast (the broadcast_run job's work) until every recipient is handed to the outbox or skipped: the segment
// evaluated in chunks, each recipient decided (consent, caps, quiet hours, audience), rendered with their own links
// and queued (message in no conversation + outbox job). 60 % of the contacts agreed to marketing; the rest are
// skipped with the reason. Rates are recipients per second of wall time and of this process's CPU time.
import { runBroadcast } from '../src/services/broadcastPlanning.ts';
import { createBroadcast, getBroadcast } from '../src/services/broadcasts.ts';
import { scheduleBroadcast } from '../src/services/broadcastSchedule.ts';
import { countRecipients } from '../src/store/broadcast-recipients.ts';
import { timedDb } from './db-timing.ts';
import type { BenchContext } from './deps.ts';
import { createRecipients } from './outbound.ts';
import { type ProfileSummary, startProfile } from './profile.ts';
import { now, round } from './stats.ts';

export interface BroadcastPlanningResult {
  recipients: number;
  queued: number;
  skipped: number;
  runs: number;
  per_s: number;
  per_cpu_s: number;
  /** The profile pass (a second, smaller broadcast): its rate, database time per recipient, top statements. */
  profile_recipients: number;
  breakdown: { per_recipient_ms: number; db_ms: number; other_ms: number };
  top_sql: { sql: string; calls: number; ms_per_item: number }[];
  profile: ProfileSummary | null;
}

const TEMPLATE = 'birthday';

function cpuMsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

/** Plans (and queues) one broadcast to every contact of `cohort`; returns how long it took and what became of them. */
async function planBroadcast(ctx: BenchContext, cohort: string, deps = ctx.deps) {
  const draft = await createBroadcast(deps, { name: `bench ${cohort}`, template: TEMPLATE, rule: `attributes.cohort = "${cohort}"` });
  await scheduleBroadcast(deps, draft.id, { acknowledgeWarnings: true });
  const start = now();
  const cpu = process.cpuUsage();
  let runs = 0;
  for (;;) {
    const broadcast = await getBroadcast(deps, draft.id);
    if (!broadcast.runJobId) break;
    const outcome = await runBroadcast(deps, broadcast, broadcast.runJobId);
    runs++;
    // Done once nothing more is due now (what is left waits for the outbox, or for a later time).
    if (outcome.nextRunAt === null || outcome.nextRunAt > deps.clock.now()) break;
  }
  const ms = now() - start;
  const cpuMs = cpuMsSince(cpu);
  const counts = await countRecipients(deps.db, draft.id);
  const sum = (status: string) => counts.filter((c) => c.status === status).reduce((s, c) => s + c.n, 0);
  return { ms, cpuMs, runs, queued: sum('queued'), skipped: sum('skipped'), planned: sum('planned') };
}

export async function runBroadcastPlanning(
  ctx: BenchContext,
  opts: { recipients: number; profileRecipients: number; offset: number; seed: number; profileDir: string; log: (line: string) => void },
): Promise<BroadcastPlanningResult> {
  await createRecipients(ctx, 1000, opts.offset, opts.seed ^ 0x1b, { plan: 'starter', cohort: 'warm' });
  await createRecipients(ctx, opts.recipients, opts.offset + 1000, opts.seed ^ 0x2b, { plan: 'starter', cohort: 'measured' });
  await createRecipients(ctx, opts.profileRecipients, opts.offset + 1000 + opts.recipients, opts.seed ^ 0x3b, {
    plan: 'starter',
    cohort: 'profiled',
  });
  await planBroadcast(ctx, 'warm');
  const run = await planBroadcast(ctx, 'measured');
  if (run.planned > 0) throw new Error(`broadcast planning left ${run.planned} recipients planned`);
  const perS = (opts.recipients / run.ms) * 1000;
  opts.log(
    `  broadcast planning: ${opts.recipients.toLocaleString('en')} recipients in ${(run.ms / 1000).toFixed(1)} s (${run.runs} runs): ` +
      `${Math.round(perS)}/s (${Math.round((opts.recipients / run.cpuMs) * 1000)}/s of this process's CPU time); ` +
      `${run.queued.toLocaleString('en')} queued, ${run.skipped.toLocaleString('en')} skipped`,
  );

  const timed = timedDb(ctx.client);
  const prof = await startProfile();
  const profiled = await planBroadcast(ctx, 'profiled', { ...ctx.deps, db: timed.db });
  const profile = await prof.stop('outbound-broadcast-planning', opts.profileDir);
  const n = Math.max(1, opts.profileRecipients);
  return {
    recipients: opts.recipients,
    queued: run.queued,
    skipped: run.skipped,
    runs: run.runs,
    per_s: round(perS, 0),
    per_cpu_s: round((opts.recipients / run.cpuMs) * 1000, 0),
    profile_recipients: opts.profileRecipients,
    breakdown: {
      per_recipient_ms: round(profiled.ms / n, 4),
      db_ms: round(timed.stats.ms / n, 4),
      other_ms: round((profiled.ms - timed.stats.ms) / n, 4),
    },
    top_sql: timed.top(6, n),
    profile,
  };
}
