// Child process of the inbound bench: receives ONE large message (a file) through the real
// receiveEmail on a fresh embedded database and reports its memory, as JSON on stdout.
//
// Method: the process first warms up (modules loaded, JIT, one small message processed), runs a
// full GC (--expose-gc) and reads its resident set (VmRSS) as the baseline. It then resets the
// kernel's high-water mark (writing 5 to /proc/self/clear_refs), reads the message from disk and
// runs receiveEmail; VmHWM afterwards is the peak. delta = peak − baseline is what handling the
// message cost, its own bytes included. process.resourceUsage().maxRSS (the lifetime peak, no
// reset) is reported too.
//
// Mode "steps" runs the same pipeline with the database client instrumented: before and after
// every database call it records RSS and the high-water mark, which shows in which step the
// peak is reached (between two calls is pure JS: parsing, extraction).
import { readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { Client } from '@libsql/client';
import { receiveEmail } from '../src/services/receiveEmail.ts';
import { createDb } from '../src/store/db.ts';
import { createBenchContext } from './deps.ts';
import { buildTypicalReply } from './mail.ts';
import { createRng } from './random.ts';

const MiB = 1024 * 1024;

function status(): { rss: number; hwm: number } {
  const text = readFileSync('/proc/self/status', 'utf8');
  const kib = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? 0) * 1024;
  return { rss: kib('VmRSS'), hwm: kib('VmHWM') };
}

function resetHighWaterMark(): boolean {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

function label(stmt: unknown): string {
  const sql = typeof stmt === 'string' ? stmt : ((stmt as { sql?: string })?.sql ?? '');
  const m = /^\s*(insert into|select\b[\s\S]*?\bfrom|update|delete from)\s+"?(\w+)"?/i.exec(sql);
  if (!m) return sql.slice(0, 30);
  const verb = m[1]!.toLowerCase().startsWith('select') ? 'select' : m[1]!.toLowerCase();
  return `${verb} ${m[2]}`;
}

const [file, seedArg, mode = 'pipeline'] = process.argv.slice(2);
if (!file) throw new Error('usage: large-rss.ts FILE SEED [pipeline|steps|pipeline-cache2mib]');
const seed = Number(seedArg ?? 1);
const ctx = await createBenchContext({ seed });
// Diagnostic mode: SQLite's default 2 MiB page cache instead of the app's, to show how much of
// the peak is page cache holding the message's pages.
if (mode === 'pipeline-cache2mib') await ctx.client.execute('PRAGMA cache_size = -2000');
const gc = (globalThis as { gc?: () => void }).gc;

// Warm-up: a few ordinary replies through the same path.
const rng = createRng(seed);
for (let i = 0; i < 5; i++) {
  const mail = buildTypicalReply(
    rng,
    {
      lang: 'sv',
      fromName: 'Astrid Lindqvist',
      fromEmail: `astrid${i}@example.se`,
      to: 'support@acme.example',
      subject: `Fråga ${i}`,
      inReplyTo: null,
      quotedText: 'Hej!',
      date: ctx.clock.now(),
    },
    'SE-1',
  );
  await receiveEmail(ctx.deps, mail.raw, { from: `astrid${i}@example.se`, to: 'support@acme.example' }, 'http');
}

const checkpoints: { step: string; rss: number; hwm: number }[] = [];
let deps = ctx.deps;
if (mode === 'steps') {
  const client = ctx.client;
  const proxy = new Proxy(client, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (prop !== 'execute' && prop !== 'batch')
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      return async (...args: unknown[]) => {
        const what = prop === 'batch' ? `batch [${(args[0] as unknown[]).map(label).join(', ')}]` : label(args[0]);
        checkpoints.push({ step: `before ${what}`, ...status() });
        const result = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        checkpoints.push({ step: `after ${what}`, ...status() });
        return result;
      };
    },
  }) as Client;
  deps = { ...ctx.deps, db: createDb(proxy) };
}

gc?.();
gc?.();
const baseline = status().rss;
const reset = resetHighWaterMark();
const buf = readFileSync(file);
const raw = new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength) as Uint8Array<ArrayBuffer>;
checkpoints.push({ step: 'message read into memory', ...status() });
const t0 = performance.now();
const result = await receiveEmail(deps, raw, { from: 'sender@example.se', to: 'support@acme.example' }, 'http');
const receiveMs = performance.now() - t0;
const after = status();
const usage = process.resourceUsage();
ctx.close();

if (mode === 'steps') {
  console.log(
    JSON.stringify({
      steps: checkpoints.map((c) => ({
        step: c.step,
        rss_delta_mib: Math.round(((c.rss - baseline) / MiB) * 10) / 10,
        peak_delta_mib: Math.round(((c.hwm - baseline) / MiB) * 10) / 10,
      })),
    }),
  );
} else {
  const peak = reset ? after.hwm : usage.maxRSS * 1024;
  console.log(
    JSON.stringify({
      message_bytes: raw.byteLength,
      baseline_rss_mib: Math.round((baseline / MiB) * 10) / 10,
      peak_rss_mib: Math.round((peak / MiB) * 10) / 10,
      delta_rss_mib: Math.round(((peak - baseline) / MiB) * 10) / 10,
      max_rss_lifetime_mib: Math.round(((usage.maxRSS * 1024) / MiB) * 10) / 10,
      receive_ms: Math.round(receiveMs),
      status: `${result.status}/${result.outcome?.status ?? '-'}`,
      hwm_reset: reset,
    }),
  );
}
