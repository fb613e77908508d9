// Outbound: render a personalized Liquid template and queue the message, for many recipients,
// with the existing per-message sendMessage (contact look-up, suppression and consent checks,
// unsubscribe and reply tokens, render, one batch insert of conversation + message + outbox job,
// the message read back). Floor: the bare render (renderTemplateSync) of the same template and
// data. Then delivery through the real Resend transport against the local Resend stand-in:
// how many provider calls 100 messages cost.
import { AppError } from '../src/domain/errors.ts';
import { renderTemplateSync, type RenderInput } from '../src/domain/outbound/templates/render.ts';
import { createResendMailer } from '../src/mail/resend.ts';
import { deliverOutbox } from '../src/services/deliverOutbox.ts';
import { MAX_BULK_RECIPIENTS, sendBulk } from '../src/services/sendBulk.ts';
import { sendMessage, type SendMessageInput } from '../src/services/sendMessage.ts';
import { startResendStandIn } from '../test/support/resend-server.ts';
import { type BroadcastPlanningResult, runBroadcastPlanning } from './outbound-broadcast.ts';
import { CORPUS, pickLang } from './corpus.ts';
import { benchId } from './dataset.ts';
import { timedDb, walPagesDuring } from './db-timing.ts';
import { BENCH_NOW, type BenchContext } from './deps.ts';
import { startProfile, type ProfileSummary } from './profile.ts';
import { createRng } from './random.ts';
import { now, round, summarize, type Summary } from './stats.ts';

export interface OutboundOptions {
  recipients: number;
  /** Stop the measured run after this many seconds (the rate is steady; see BENCHMARKS.md). */
  timeCapSeconds: number;
  concurrent: number;
  profileRecipients: number;
  deliverMessages: number;
  seed: number;
  profileDir: string;
  log: (line: string) => void;
  /** Recipients of the broadcast planning run (default: recipients). */
  broadcastRecipients?: number;
}

export interface OutboundResult {
  recipients: number;
  recipients_measured: number;
  time_capped: boolean;
  rate_first_tenth_per_s: number;
  rate_last_tenth_per_s: number;
  queued: number;
  suppressed: number;
  render_enqueue_per_s: number;
  /** sendMessage calls per second of this process's CPU time (see bulk.per_cpu_s). */
  render_enqueue_per_cpu_s: number;
  per_call: Summary;
  concurrent8_per_s: number;
  render_only_per_s: number;
  render_only: Summary;
  enqueue_vs_render_ratio: number;
  breakdown: { per_message_ms: number; db_ms: number; db_calls: number; db_statements: number; other_ms: number; wal_pages: number };
  top_sql: { sql: string; calls: number; ms_per_item: number }[];
  profile: ProfileSummary | null;
  /**
   * The bulk path (sendBulk, as POST /api/v1/messages/bulk calls it): the same recipients' kind,
   * in calls of MAX_BULK_RECIPIENTS; set-wise checks per chunk, one transaction per chunk.
   */
  bulk: {
    recipients: number;
    recipients_measured: number;
    time_capped: boolean;
    per_call_recipients: number;
    queued: number;
    skipped: number;
    per_s: number;
    /** Recipients per second of this process's CPU time (user + system): the rate without other processes' load. */
    per_cpu_s: number;
    per_call: Summary;
    breakdown: { per_recipient_ms: number; db_ms: number; db_calls_per_chunk: number; other_ms: number; wal_pages: number };
    top_sql: { sql: string; calls: number; ms_per_item: number }[];
    profile: ProfileSummary | null;
  };
  /** Broadcast planning (runBroadcast) to `broadcast.recipients` contacts of a segment: bench/outbound-broadcast.ts. */
  broadcast: BroadcastPlanningResult;
  provider_calls_per_100: number;
  delivery: {
    messages: number;
    sent: number;
    provider_calls: number;
    stand_in_requests: number;
    batch_sizes: number[];
    deliver_per_s: number;
    runs: number;
  };
}

/** Milliseconds of this process's CPU time (user + system) since `start`. */
function cpuMsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

const CURRENCY: Record<string, string> = { sv: 'SEK', en: 'GBP', he: 'ILS', zh: 'CNY' };
const ITEMS: Record<string, string[]> = {
  sv: ['Ullfilt, grå', 'Kaffekopp 30 cl', 'Linneduk, natur', 'Ljuslykta i glas'],
  en: ['Wool blanket, grey', 'Coffee mug 300 ml', 'Linen tablecloth', 'Glass lantern'],
  he: ['שמיכת צמר אפורה', 'ספל קפה', 'מפת פשתן', 'פנס זכוכית'],
  zh: ['羊毛毯 灰色', '咖啡杯 300毫升', '亚麻桌布', '玻璃烛台'],
};

interface Recipient {
  id: string;
  email: string;
  name: string;
  locale: string;
  timezone: string;
  data: Record<string, unknown>;
}

/** New contacts to send to (inserted in bulk, not timed); 1 % of them suppressed (hard bounce). */
export async function createRecipients(
  ctx: BenchContext,
  count: number,
  offset: number,
  seed: number,
  attributes: Record<string, unknown> = { plan: 'starter' },
): Promise<{ list: Recipient[]; suppressed: number }> {
  const rng = createRng(seed);
  const list: Recipient[] = [];
  const rows: unknown[][] = [];
  const suppress: unknown[][] = [];
  for (let i = 0; i < count; i++) {
    const lang = pickLang(rng.next());
    const c = CORPUS[lang];
    const first = rng.pick(c.firstNames);
    const last = rng.pick(c.lastNames);
    const name = lang === 'zh' ? `${last}${first}` : `${first} ${last}`;
    const email = `buyer${offset + i}@${c.domain}`;
    const id = benchId('con', BENCH_NOW - 3_600_000, 10_000_000 + offset + i);
    const items = Array.from({ length: 1 + rng.int(3) }, () => ({
      name: rng.pick(ITEMS[lang]!),
      quantity: 1 + rng.int(3),
      price: Math.round((49 + rng.next() * 900) * 100) / 100,
    }));
    const total = Math.round(items.reduce((s, it) => s + it.price, 0) * 100) / 100;
    const order = `${c.orderPrefix}-${200000 + offset + i}`;
    list.push({
      id,
      email,
      name,
      locale: c.locale,
      timezone: c.timezone,
      data: {
        order_number: order,
        items,
        total,
        currency: CURRENCY[lang],
        delivery_estimate: '2026-11-26',
        order_url: `https://shop.acme.example/orders/${order}`,
        sender_name: 'Acme',
      },
    });
    rows.push([
      id,
      email,
      name,
      c.locale,
      c.timezone,
      JSON.stringify(attributes),
      rng.chance(0.6) ? 'subscribed' : 'unknown',
      BENCH_NOW - 3_600_000,
    ]);
    if (rng.chance(0.01)) suppress.push([email, BENCH_NOW - 7_200_000]);
  }
  for (let i = 0; i < rows.length; i += 5000) {
    await ctx.client.execute({
      sql: `insert into contacts (id, email, name, locale, timezone, attributes, marketing_consent, created_at, updated_at)
            select j.value ->> '$[0]', j.value ->> '$[1]', j.value ->> '$[2]', j.value ->> '$[3]', j.value ->> '$[4]',
              j.value ->> '$[5]', j.value ->> '$[6]', j.value ->> '$[7]', j.value ->> '$[7]'
            from json_each(?) j`,
      args: [JSON.stringify(rows.slice(i, i + 5000))],
    });
  }
  for (let i = 0; i < suppress.length; i += 5000) {
    await ctx.client.execute({
      sql: `insert into suppressions (email, reason, detail, created_at)
            select j.value ->> '$[0]', 'hard_bounce', '550 5.1.1 user unknown', j.value ->> '$[1]' from json_each(?) j`,
      args: [JSON.stringify(suppress.slice(i, i + 5000))],
    });
  }
  return { list, suppressed: suppress.length };
}

function inputFor(r: Recipient): SendMessageInput {
  return { contactId: r.id, template: 'order_confirmation', data: r.data };
}

async function enqueueAll(
  ctx: BenchContext,
  list: Recipient[],
  deps = ctx.deps,
  samples?: number[],
  capMs = Infinity,
): Promise<{ queued: number; suppressed: number; ms: number; cpuMs: number; done: number }> {
  let queued = 0;
  let suppressed = 0;
  let done = 0;
  const start = now();
  const cpuStart = process.cpuUsage();
  for (const r of list) {
    if (now() - start > capMs) break;
    done++;
    const t0 = now();
    try {
      await sendMessage(deps, inputFor(r));
      queued++;
    } catch (error) {
      if (error instanceof AppError && error.name === 'SuppressedRecipient') suppressed++;
      else throw error;
    }
    samples?.push(now() - t0);
    ctx.clock.advance(1);
  }
  return { queued, suppressed, ms: now() - start, cpuMs: cpuMsSince(cpuStart), done };
}

export async function runOutbound(ctx: BenchContext, opts: OutboundOptions): Promise<OutboundResult> {
  const warm = 500;
  const concurrentCount = Math.min(opts.concurrent, opts.recipients);
  const bulkCount = opts.recipients;
  const bulkProfileCount = Math.max(MAX_BULK_RECIPIENTS, Math.min(5 * MAX_BULK_RECIPIENTS, Math.floor(opts.recipients / 10)));
  const all = await createRecipients(
    ctx,
    warm + opts.recipients + concurrentCount + opts.profileRecipients + bulkCount + bulkProfileCount,
    0,
    opts.seed ^ 0x0b,
  );
  const warmList = all.list.slice(0, warm);
  const mainList = all.list.slice(warm, warm + opts.recipients);
  const concurrentList = all.list.slice(warm + opts.recipients, warm + opts.recipients + concurrentCount);
  const profileList = all.list.slice(
    warm + opts.recipients + concurrentCount,
    warm + opts.recipients + concurrentCount + opts.profileRecipients,
  );
  const bulkStart = warm + opts.recipients + concurrentCount + opts.profileRecipients;
  const bulkList = all.list.slice(bulkStart, bulkStart + bulkCount);
  const bulkProfileList = all.list.slice(bulkStart + bulkCount);
  opts.log(`  ${all.list.length.toLocaleString('en')} recipients created (${all.suppressed} suppressed)`);

  // Floor: the bare render of the same template with the same data.
  const renderInputs: RenderInput[] = mainList.map((r) => ({
    contact: { email: r.email, name: r.name, locale: r.locale, timezone: r.timezone, attributes: { plan: 'starter' } },
    data: r.data,
    unsubscribe_url: 'https://samtal.acme.example/u/abcdefghijklmnopqrstuvwxyz',
    preferences_url: 'https://samtal.acme.example/p/abcdefghijklmnopqrstuvwxyz',
  }));
  for (let i = 0; i < Math.min(warm, renderInputs.length); i++)
    renderTemplateSync(ctx.deps.templates, 'order_confirmation', renderInputs[i]!);
  const renderSamples: number[] = [];
  const renderStart = now();
  for (const input of renderInputs) {
    const t0 = now();
    renderTemplateSync(ctx.deps.templates, 'order_confirmation', input);
    renderSamples.push(now() - t0);
  }
  const renderMs = now() - renderStart;

  // The measured run: sequential, one sendMessage per recipient.
  await enqueueAll(ctx, warmList);
  const samples: number[] = [];
  const main = await enqueueAll(ctx, mainList, ctx.deps, samples, opts.timeCapSeconds * 1000);
  const perS = (main.done / main.ms) * 1000;
  const tenth = Math.max(1, Math.floor(samples.length / 10));
  const rateOf = (xs: number[]) => round((xs.length / xs.reduce((s, x) => s + x, 0)) * 1000, 0);
  opts.log(
    `  ${main.done.toLocaleString('en')} of ${mainList.length.toLocaleString('en')} recipients in ${(main.ms / 1000).toFixed(0)} s: ` +
      `${Math.round(perS)} render+enqueue/s (sequential; ${Math.round((main.done / main.cpuMs) * 1000)}/s of this process's CPU time)`,
  );

  // The same with 8 calls in flight (as a handler under load would call it).
  const cStart = now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < concurrentList.length) {
        const r = concurrentList[next++]!;
        try {
          await sendMessage(ctx.deps, inputFor(r));
        } catch (error) {
          if (!(error instanceof AppError && error.name === 'SuppressedRecipient')) throw error;
        }
      }
    }),
  );
  const concurrentPerS = (concurrentList.length / (now() - cStart)) * 1000;

  // Profile pass: CPU profile and database time per message.
  let profile: ProfileSummary | null = null;
  const timed = timedDb(ctx.client);
  let profMs = 0;
  let walPages = 0;
  if (profileList.length > 0) {
    const prof = await startProfile();
    walPages = await walPagesDuring(ctx.client, async () => {
      profMs = (await enqueueAll(ctx, profileList, { ...ctx.deps, db: timed.db })).ms;
    });
    profile = await prof.stop('outbound-render-enqueue', opts.profileDir);
  }
  const pn = Math.max(1, profileList.length);

  // The bulk path: sendBulk with MAX_BULK_RECIPIENTS recipients per call.
  const bulkCall = async (deps: BenchContext['deps'], part: Recipient[]) => {
    const results = await sendBulk(deps, {
      template: 'order_confirmation',
      recipients: part.map((r) => ({ contactId: r.id, data: r.data })),
    });
    ctx.clock.advance(1);
    return results;
  };
  await bulkCall(ctx.deps, all.list.slice(0, Math.min(warm, MAX_BULK_RECIPIENTS))); // warm-up (these contacts get a second message)
  const bulkSamples: number[] = [];
  let bulkQueued = 0;
  let bulkSkipped = 0;
  let bulkDone = 0;
  const bStart = now();
  const bCpu = process.cpuUsage();
  for (let i = 0; i < bulkList.length; i += MAX_BULK_RECIPIENTS) {
    if (now() - bStart > opts.timeCapSeconds * 1000) break;
    const part = bulkList.slice(i, i + MAX_BULK_RECIPIENTS);
    const t0 = now();
    const results = await bulkCall(ctx.deps, part);
    bulkSamples.push(now() - t0);
    bulkDone += part.length;
    for (const r of results) {
      if (r.status === 'queued') bulkQueued++;
      else if (r.status === 'skipped') bulkSkipped++;
      else throw new Error(`sendBulk: ${r.reason}`);
    }
  }
  const bulkMs = now() - bStart;
  const bulkCpuMs = cpuMsSince(bCpu);
  opts.log(
    `  sendBulk: ${bulkDone.toLocaleString('en')} recipients in ${(bulkMs / 1000).toFixed(0)} s: ` +
      `${Math.round((bulkDone / bulkMs) * 1000)}/s (${Math.round((bulkDone / bulkCpuMs) * 1000)}/s of this process's CPU time)`,
  );
  const bulkTimed = timedDb(ctx.client);
  const bulkProf = await startProfile();
  let bpMs = 0;
  const bulkWal = await walPagesDuring(ctx.client, async () => {
    const bpStart = now();
    for (let i = 0; i < bulkProfileList.length; i += MAX_BULK_RECIPIENTS)
      await bulkCall({ ...ctx.deps, db: bulkTimed.db }, bulkProfileList.slice(i, i + MAX_BULK_RECIPIENTS));
    bpMs = now() - bpStart;
  });
  const bulkProfile = await bulkProf.stop('outbound-send-bulk', opts.profileDir);
  const bpn = Math.max(1, bulkProfileList.length);

  const broadcast = await runBroadcastPlanning(ctx, {
    recipients: opts.broadcastRecipients ?? opts.recipients,
    profileRecipients: Math.max(1000, Math.min(10_000, Math.floor((opts.broadcastRecipients ?? opts.recipients) / 10))),
    offset: all.list.length,
    seed: opts.seed,
    profileDir: opts.profileDir,
    log: opts.log,
  });

  // Delivery through the real Resend transport against the stand-in.
  const standIn = await startResendStandIn({ apiKey: 're_bench_123' });
  let delivery: OutboundResult['delivery'];
  try {
    const deps = { ...ctx.deps, mailer: createResendMailer({ apiKey: 're_bench_123', baseUrl: standIn.url }) };
    let sent = 0;
    let calls = 0;
    let runs = 0;
    const dStart = now();
    while (sent < opts.deliverMessages) {
      const report = await deliverOutbox(deps, { limit: Math.min(500, opts.deliverMessages - sent) });
      runs++;
      sent += report.sent;
      calls += report.providerCalls;
      if (report.claimed === 0) break;
    }
    const dMs = now() - dStart;
    const batchSizes = standIn.requests.filter((r) => r.path === '/emails/batch').map((r) => (Array.isArray(r.body) ? r.body.length : 0));
    delivery = {
      messages: opts.deliverMessages,
      sent,
      provider_calls: calls,
      stand_in_requests: standIn.requests.length,
      batch_sizes: [...new Set(batchSizes)],
      deliver_per_s: round((sent / dMs) * 1000, 0),
      runs,
    };
  } finally {
    await standIn.close();
  }

  const render = summarize(renderSamples);
  return {
    recipients: mainList.length,
    recipients_measured: main.done,
    time_capped: main.done < mainList.length,
    rate_first_tenth_per_s: rateOf(samples.slice(0, tenth)),
    rate_last_tenth_per_s: rateOf(samples.slice(-tenth)),
    queued: main.queued,
    suppressed: main.suppressed,
    render_enqueue_per_s: round(perS, 0),
    render_enqueue_per_cpu_s: round((main.done / main.cpuMs) * 1000, 0),
    per_call: summarize(samples),
    concurrent8_per_s: round(concurrentPerS, 0),
    render_only_per_s: round((renderInputs.length / renderMs) * 1000, 0),
    render_only: render,
    enqueue_vs_render_ratio: round(((renderInputs.length / renderMs) * 1000) / perS, 1),
    breakdown: {
      per_message_ms: round(profMs / pn),
      db_ms: round(timed.stats.ms / pn),
      db_calls: round(timed.stats.calls / pn, 1),
      db_statements: round(timed.stats.statements / pn, 1),
      other_ms: round((profMs - timed.stats.ms) / pn),
      wal_pages: round(walPages / pn, 1),
    },
    top_sql: timed.top(6, pn),
    bulk: {
      recipients: bulkList.length,
      recipients_measured: bulkDone,
      time_capped: bulkDone < bulkList.length,
      per_call_recipients: MAX_BULK_RECIPIENTS,
      queued: bulkQueued,
      skipped: bulkSkipped,
      per_s: round((bulkDone / bulkMs) * 1000, 0),
      per_cpu_s: round((bulkDone / bulkCpuMs) * 1000, 0),
      per_call: summarize(bulkSamples),
      breakdown: {
        per_recipient_ms: round(bpMs / bpn, 4),
        db_ms: round(bulkTimed.stats.ms / bpn, 4),
        db_calls_per_chunk: round(bulkTimed.stats.calls / Math.max(1, Math.ceil(bpn / 250)), 1),
        other_ms: round((bpMs - bulkTimed.stats.ms) / bpn, 4),
        wal_pages: round(bulkWal / bpn, 1),
      },
      top_sql: bulkTimed.top(6, bpn),
      profile: bulkProfile,
    },
    profile,
    broadcast,
    provider_calls_per_100: delivery.sent > 0 ? round((delivery.provider_calls / delivery.sent) * 100, 2) : Number.NaN,
    delivery,
  };
}
