// npx tsx bench/broadcast-statements.ts [--recipients N]
//
// Where a broadcast's planning spends its time in the database, statement by statement: a broadcast to N new
// contacts planned as bench/outbound-broadcast.ts does, through a client whose batches run their statements one at
// a time inside the same write transaction, each timed (CPU µs of this process, process.cpuUsage, and wall), and the
// JavaScript between database calls timed as "outside the database". Figures are per recipient of the broadcast.
import type { Client, InStatement } from '@libsql/client';
import { parseArgs } from 'node:util';
import { runBroadcast } from '../src/services/broadcastPlanning.ts';
import { createBroadcast, getBroadcast } from '../src/services/broadcasts.ts';
import { scheduleBroadcast } from '../src/services/broadcastSchedule.ts';
import { createDb } from '../src/store/db.ts';
import { createBenchContext } from './deps.ts';
import { createRecipients } from './outbound.ts';
import { DEFAULT_SEED } from './random.ts';

const { values } = parseArgs({ options: { recipients: { type: 'string', default: '20000' } } });
const recipients = Number(values.recipients);

const ctx = await createBenchContext({ seed: DEFAULT_SEED });
const split = new Map<string, { calls: number; cpu: number }>();
let inDb = 0;
const cpuUs = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};
const keyOf = (stmt: InStatement | string) => {
  const sql = typeof stmt === 'string' ? stmt : stmt.sql;
  return sql
    .replace(/\s+/g, ' ')
    .replace(/\(\?[?, ]*\)(, \(\?[?, ]*\))*/g, '(…)')
    .slice(0, 90);
};
// The embedded client does all of a call's work before it returns its promise: timing the call itself keeps queries
// run side by side (Promise.all) from counting each other's time.
function timed<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const t0 = cpuUs();
  const result = fn();
  const used = cpuUs() - t0;
  inDb += used;
  const e = split.get(key) ?? { calls: 0, cpu: 0 };
  e.calls++;
  e.cpu += used;
  split.set(key, e);
  return result;
}
const client = ctx.client;
const proxy = new Proxy(client, {
  get(target, prop, receiver) {
    if (prop === 'execute') return (stmt: InStatement) => timed(`read/exec: ${keyOf(stmt)}`, () => target.execute(stmt));
    if (prop === 'batch')
      return async (stmts: InStatement[], mode: 'write' | 'read' | 'deferred') => {
        const tx = await timed('batch: begin', () => target.transaction(mode));
        try {
          const out = [];
          for (const s of stmts) out.push(await timed(`batch: ${keyOf(s)}`, () => tx.execute(s)));
          await timed('batch: commit', () => tx.commit());
          return out;
        } finally {
          tx.close();
        }
      };
    const value = Reflect.get(target, prop, receiver) as unknown;
    return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
  },
}) as Client;
const deps = { ...ctx.deps, db: createDb(proxy) };

await createRecipients(ctx, 1000, 0, DEFAULT_SEED ^ 0x1b, { plan: 'starter', cohort: 'warm' });
await createRecipients(ctx, recipients, 1000, DEFAULT_SEED ^ 0x2b, { plan: 'starter', cohort: 'measured' });
async function plan(cohort: string, d: typeof deps) {
  const draft = await createBroadcast(d, { name: cohort, template: 'birthday', rule: `attributes.cohort = "${cohort}"` });
  await scheduleBroadcast(d, draft.id, { acknowledgeWarnings: true });
  split.clear();
  inDb = 0;
  const t0 = cpuUs();
  for (;;) {
    const b = await getBroadcast(d, draft.id);
    if (!b.runJobId) break;
    const outcome = await runBroadcast(d, b, b.runJobId);
    if (outcome.nextRunAt === null || outcome.nextRunAt > d.clock.now()) break;
  }
  return cpuUs() - t0;
}
await plan('warm', deps);
const total = await plan('measured', deps);
const per = (us: number) => (us / recipients).toFixed(1).padStart(7);
console.log(`total CPU ${per(total)} µs per recipient; database ${per(inDb)}; outside the database ${per(total - inDb)}`);
for (const [key, e] of [...split].sort((a, b) => b[1].cpu - a[1].cpu).slice(0, 25))
  console.log(`${per(e.cpu)} µs  ${String(e.calls).padStart(5)} calls  ${key}`);
ctx.close();
