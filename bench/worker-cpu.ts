// npx tsx bench/worker-cpu.ts [--requests 200] [--seed-messages 60] [--profiles]
//
// CPU time of a Worker request in workerd (`wrangler dev`), against libSQL over HTTP through the
// Hrana stand-in (test/support/hrana-server.ts), for three requests: GET /health, the inbox list
// signed in (GET /inbox) and an inbound email through the email() handler
// (POST /cdn-cgi/handler/email). Not part of npm test; no assertions.
//
// Method: wrangler dev prints no CPU time. Two measures, each over its own pass of sequential requests:
// - workerd CPU: user + system CPU of the workerd process as the OS counts it (/proc/PID/stat,
//   10 ms ticks, summed over all requests), per request. Real CPU time; an upper bound for the
//   Worker, since it also holds miniflare's own workers (the proxy, the email simulator that
//   parses the MIME before calling email()). The database (Hrana stand-in) is another process.
// - isolate active: workerd's inspector has V8's sampling profiler (Cloudflare's "Profiling CPU
//   usage" guide uses it through DevTools); the script starts it at a 50 µs interval and sums the
//   sampled time that is not "(idle)". That is time the isolate was busy by the wall clock: on a
//   loaded machine it includes time the thread was runnable but not running, so it overstates CPU.
// - wall: per request at the client.
// Figures are of this machine; the load average at the start is printed with them. --profiles writes each row's
// isolate profile (.cpuprofile) to a temp folder and prints its top costs by module and function.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Profiler } from 'node:inspector';
import { systemClock } from '../src/deps.ts';
import { systemIds } from '../src/runtime/create-deps.ts';
import { createAgentWithPassword } from '../src/services/agents.ts';
import { createDb } from '../src/store/db.ts';
import { openDatabaseClient } from '../src/store/embedded-client.ts';
import { runMigrations } from '../src/store/migrate.ts';
import { startHranaServer } from '../test/support/hrana-server.ts';
import { freePort, startProcess, waitForHttp } from '../test/support/processes.ts';
import { postSignIn } from '../test/support/http-sign-in.ts';
import { formatProfile, summarizeProfile } from './profile.ts';
import { round } from './stats.ts';

// Node 20 has WebSocket only behind a flag: run again with it.
if (typeof globalThis.WebSocket === 'undefined') {
  const child = spawn(process.execPath, ['--experimental-websocket', ...process.execArgv, ...process.argv.slice(1)], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 1));
} else {
  await main();
}

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string } }[];
  samples: number[];
  timeDeltas: number[];
}

/**
 * A minimal Chrome DevTools Protocol session over wrangler's inspector proxy. The proxy wants an
 * Origin header and renumbers message ids, so commands are sent one at a time and each answer
 * settles the command waiting for it.
 */
async function inspector(url: string, origin: string) {
  const socket = new WebSocket(url, { headers: { origin } } as never);
  await new Promise((resolve, reject) => {
    socket.addEventListener('open', resolve, { once: true });
    socket.addEventListener('error', reject, { once: true });
  });
  let waiting: { resolve(result: unknown): void; reject(error: Error): void; answers(result: unknown): boolean } | undefined;
  socket.addEventListener('message', (event) => {
    const message = JSON.parse(String(event.data)) as { id?: number; result?: unknown; error?: { message: string } };
    if (message.id === undefined || !waiting || !(message.error || waiting.answers(message.result))) return;
    const { resolve, reject } = waiting;
    waiting = undefined;
    if (message.error) reject(new Error(`inspector: ${message.error.message}`));
    else resolve(message.result);
  });
  return {
    send<T>(method: string, params: Record<string, unknown> = {}, answers: (result: T) => boolean = () => true): Promise<T> {
      if (waiting) throw new Error('inspector: one command at a time');
      return new Promise<T>((resolve, reject) => {
        waiting = { resolve: resolve as (result: unknown) => void, reject, answers: answers as (result: unknown) => boolean };
        socket.send(JSON.stringify({ id: 1, method, params }));
      });
    },
    close: () => socket.close(),
  };
}

/** Sampled time by kind, in ms: idle, garbage collection, and everything else (busy). */
function cpuOf(profile: CpuProfile): { busy: number; gc: number; idle: number } {
  const names = new Map(profile.nodes.map((n) => [n.id, n.callFrame.functionName]));
  let busy = 0;
  let gc = 0;
  let idle = 0;
  // timeDeltas[i] is the time before sample i; it is the time of the previous sample.
  for (let i = 1; i < profile.samples.length; i++) {
    const name = names.get(profile.samples[i - 1]!);
    const ms = profile.timeDeltas[i]! / 1000;
    if (name === '(idle)') idle += ms;
    else {
      busy += ms;
      if (name === '(garbage collector)') gc += ms;
    }
  }
  return { busy, gc, idle };
}

/** The workerd process under the wrangler process tree (Linux /proc), for its OS-counted CPU time. */
function findWorkerd(root: number): number | undefined {
  const children = new Map<number, number[]>();
  const names = new Map<number, string>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      names.set(Number(entry), name);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {}
  }
  const queue = [root];
  while (queue.length) {
    const pid = queue.shift()!;
    if (names.get(pid) === 'workerd') return pid;
    queue.push(...(children.get(pid) ?? []));
  }
  return undefined;
}

/** User + system CPU of a process so far, in ms (all its threads). */
function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of stat, in clock ticks (100 per second on Linux).
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      requests: { type: 'string', default: '200' },
      'seed-messages': { type: 'string', default: '60' },
      profiles: { type: 'boolean', default: false },
    },
  });
  const requests = Number(values.requests);
  const seedMessages = Number(values['seed-messages']);
  const dir = mkdtempSync(join(tmpdir(), 'samtal-worker-cpu-'));
  const dbFile = join(dir, 'turso.db');
  const password = 'worker cpu bench password';

  const setup = await openDatabaseClient(`file:${dbFile}`);
  const db = createDb(setup);
  await runMigrations(db);
  await createAgentWithPassword(
    { db, clock: systemClock, ids: systemIds() },
    { email: 'ana@acme.example', name: 'Ana', role: 'admin', password },
  );
  setup.close();

  const hrana = await startHranaServer({ url: `file:${dbFile}` });
  const port = await freePort();
  const inspectorPort = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const vars = {
    DATABASE_URL: hrana.url,
    SECRET_KEY: 'worker-cpu-secret-key-0123456789abcdef',
    MAIL_FROM: 'Acme Support <support@acme.example>',
    INBOUND_DOMAIN: 'reply.acme.example',
    PUBLIC_URL: 'https://samtal.acme.example',
    LOG_LEVEL: 'warn',
  };
  const args = ['wrangler', 'dev', '--ip', '127.0.0.1', '--port', String(port), '--inspector-port', String(inspectorPort)];
  args.push('--log-level', 'warn', '--persist-to', join(dir, 'wrangler-state'));
  const worker = startProcess('npx', [...args, ...Object.entries(vars).flatMap(([k, v]) => ['--var', `${k}:${v}`])], {
    WRANGLER_SEND_METRICS: 'false',
    CI: 'true',
    NO_COLOR: '1',
  });
  try {
    await waitForHttp(`${base}/health`, worker, 120_000);

    let mailNo = 0;
    const email = async () => {
      const n = ++mailNo;
      const from = `customer${n % 20}@example.se`;
      const mime = [
        `From: Customer ${n % 20} <${from}>`,
        'To: support@reply.acme.example',
        `Subject: Question ${n}`,
        `Message-ID: <cpu-bench-${n}@example.se>`,
        `Date: ${new Date().toUTCString()}`,
        'Content-Type: text/plain; charset=utf-8',
        '',
        `Hej! Where is my order SE-${10_000 + n}? It has not arrived yet.`,
        '',
        '> On Monday Acme Support wrote:',
        '> Your order is on its way.',
        '',
      ].join('\r\n');
      const query = `from=${encodeURIComponent(from)}&to=support%40reply.acme.example`;
      const res = await fetch(`${base}/cdn-cgi/handler/email?${query}`, { method: 'POST', body: mime });
      if (res.status >= 300) throw new Error(`email: ${res.status} ${await res.text()}`);
      await res.arrayBuffer();
    };
    for (let i = 0; i < seedMessages; i++) await email();

    const signIn = await postSignIn(base, 'ana@acme.example', password, '/inbox');
    if (signIn.status !== 303) throw new Error(`sign-in: ${signIn.status}`);
    const session = signIn.headers.get('set-cookie')!.split(';')[0]!;

    const get =
      (path: string, headers: Record<string, string> = {}) =>
      async () => {
        const res = await fetch(`${base}${path}`, { headers });
        if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
        await res.arrayBuffer();
      };
    const cases: [string, () => Promise<void>][] = [
      ['GET /health', get('/health')],
      ['GET /inbox (signed in)', get('/inbox', { cookie: session })],
      ['email() handler, new message', email],
    ];

    const targets = (await (await fetch(`http://127.0.0.1:${inspectorPort}/json`)).json()) as { webSocketDebuggerUrl: string }[];
    if (!targets[0]) throw new Error('no inspector target');
    const workerd = findWorkerd(worker.child.pid!);
    if (!workerd) throw new Error('workerd process not found');
    const cdp = await inspector(targets[0].webSocketDebuggerUrl, `http://127.0.0.1:${inspectorPort}`);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 50 });

    console.log(`workerd (wrangler dev), libSQL over HTTP (Hrana stand-in), ${requests} sequential requests per row`);
    console.log(`inbox holds ${seedMessages}+ conversations; load average before: ${readFileSync('/proc/loadavg', 'utf8').trim()}`);
    console.log('workerd CPU: the whole process, by the OS; isolate active: sampled, not idle (50 µs); wall: at the client');
    console.log(
      'request                          workerd CPU ms   isolate active ms   of which GC   wall ms   database HTTP requests  (per request)',
    );
    const profilesDir = values.profiles ? mkdtempSync(join(tmpdir(), 'samtal-worker-profiles-')) : undefined;
    const profiles: string[] = [];
    for (const [name, run] of cases) {
      for (let i = 0; i < 20; i++) await run(); // warm-up, not measured
      // The OS's CPU figure and the wall time come from a pass without the profiler, whose 50 µs sampling costs CPU too.
      const cpuBefore = processCpuMs(workerd);
      const hranaBefore = hrana.requests;
      const started = performance.now();
      for (let i = 0; i < requests; i++) await run();
      const wall = performance.now() - started;
      const processCpu = processCpuMs(workerd) - cpuBefore;
      const databaseRequests = (hrana.requests - hranaBefore) / requests;
      await cdp.send('Profiler.start');
      for (let i = 0; i < requests; i++) await run();
      const { profile } = await cdp.send<{ profile: CpuProfile }>('Profiler.stop', {}, (result) => Boolean(result?.profile));
      const cpu = cpuOf(profile);
      if (profilesDir) {
        const file = join(profilesDir, `${name.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '')}.cpuprofile`);
        writeFileSync(file, JSON.stringify(profile));
        profiles.push(formatProfile(name, summarizeProfile(profile as unknown as Profiler.Profile, file)));
      }
      const cell = (ms: number) => String(round(ms / requests, 3)).padEnd(16);
      console.log(
        `${name.padEnd(32)} ${cell(processCpu)} ${cell(cpu.busy).padEnd(19)} ${cell(cpu.gc).slice(0, 13)} ` +
          `${String(round(wall / requests, 3)).padEnd(9)} ${round(databaseRequests, 1)}`,
      );
    }
    for (const summary of profiles) console.log(summary);
    cdp.close();
  } finally {
    await worker.stop();
    await hrana.close().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  }
}
