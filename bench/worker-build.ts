// npx tsx bench/worker-build.ts [--iterations N]
//
// What building config, the libSQL client, Deps and the Hono app costs a Worker request. The
// Worker's own fetch() is called in Node with requests that touch no database (a stylesheet and
// the sign-in page): "reused" passes the same env object every time, as workerd does within an
// isolate; "built per request" passes a fresh copy of it, which makes the Worker build
// everything again, as it did on every request before it kept one build per isolate.
// Prints ms per request (mean and p50 of single timed requests after a warm-up); no assertions.
import { parseArgs } from 'node:util';
import worker from '../src/runtime/worker.ts';
import { measure, round } from './stats.ts';

const { values } = parseArgs({ options: { iterations: { type: 'string', default: '2000' } } });
const iterations = Number(values.iterations);
const warmup = Math.min(500, iterations);

const env: Record<string, string> = {
  DATABASE_URL: 'https://samtal-bench.example.turso.io',
  DATABASE_AUTH_TOKEN: 'bench-token',
  SECRET_KEY: 'bench-secret-key-0123456789-abcdefghijklmnop',
  MAIL_FROM: 'Acme Support <support@acme.example>',
  INBOUND_DOMAIN: 'reply.acme.example',
  PUBLIC_URL: 'https://samtal.acme.example',
  RESEND_API_KEY: 're_bench_123',
  // The build's info line would otherwise be written on every rebuild.
  LOG_LEVEL: 'warn',
};
const ctx = { waitUntil() {}, passThroughOnException() {} };

async function request(path: string, envFor: () => Record<string, string>): Promise<void> {
  const res = await worker.fetch(new Request(`https://samtal.acme.example${path}`), envFor(), ctx as never);
  if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
  await res.arrayBuffer();
}

console.log(`Worker fetch() in Node ${process.version}, ${iterations} requests each after ${warmup} warm-up`);
console.log('path                 built per request (ms)   reused (ms)    saved per request (ms)');
for (const path of ['/static/public.css', '/login']) {
  const built = await measure(iterations, warmup, () => request(path, () => ({ ...env })));
  const reused = await measure(iterations, warmup, () => request(path, () => env));
  const cell = (s: { mean: number; p50: number }) => `${round(s.mean, 3)} (p50 ${round(s.p50, 3)})`.padEnd(24);
  console.log(`${path.padEnd(20)} ${cell(built)} ${cell(reused)} ${round(built.mean - reused.mean, 3)}`);
}
