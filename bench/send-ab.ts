// npx tsx bench/send-ab.ts [--rounds 6] [--per-round 200]
//
// Per-message sends (sendMessage, as POST /api/v1/messages calls it) through three database clients on the same
// embedded file, in interleaved rounds so that the machine's load falls on all of them alike:
// - plain: @libsql/client's own file client (one connection), as the app used before the statement cache;
// - cached: the statement-caching connection alone (src/store/embedded-connection.ts), no group commit;
// - app: what the app opens (openDatabaseClient: statement cache, self-healing, group commit).
// Each round sends `per-round` messages sequentially and as many with 8 calls in flight. Figures: sends per second of
// wall time and of this process's CPU time (user + system), and WAL pages written per send.
import { createClient, type Client } from '@libsql/client';
import { parseArgs } from 'node:util';
import { AppError } from '../src/domain/errors.ts';
import { sendMessage } from '../src/services/sendMessage.ts';
import { configureEmbeddedDatabase, createDb } from '../src/store/db.ts';
import { CachedStatementClient } from '../src/store/embedded-connection.ts';
import { createBenchContext } from './deps.ts';
import { createRecipients } from './outbound.ts';
import { DEFAULT_SEED } from './random.ts';
import { now, round } from './stats.ts';
import { walPagesDuring } from './db-timing.ts';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '6' }, 'per-round': { type: 'string', default: '200' } } });
const rounds = Number(values.rounds);
const perRound = Number(values['per-round']);

const ctx = await createBenchContext({ seed: DEFAULT_SEED });
try {
  const url = `file:${ctx.dbPath}`;
  const plain = createClient({ url, concurrency: 1 });
  await configureEmbeddedDatabase(plain);
  const cached = new CachedStatementClient(ctx.dbPath);
  await configureEmbeddedDatabase(cached);
  const variants: [string, Client][] = [
    ['plain', plain],
    ['cached', cached],
    ['app', ctx.client],
  ];
  const total = variants.length * rounds * perRound * 2 + 600;
  const { list } = await createRecipients(ctx, total, 0, DEFAULT_SEED ^ 0x0b);
  let next = 0;
  const send = async (deps: typeof ctx.deps) => {
    const r = list[next++]!;
    try {
      await sendMessage(deps, { contactId: r.id, template: 'order_confirmation', data: r.data });
    } catch (error) {
      if (!(error instanceof AppError && error.name === 'SuppressedRecipient')) throw error;
    }
    ctx.clock.advance(1);
  };
  const depsOf = (client: Client) => ({ ...ctx.deps, db: createDb(client) });
  // Warm every variant (statement caches, JIT).
  for (const [, client] of variants) for (let i = 0; i < 200; i++) await send(depsOf(client));

  const totals = new Map<string, { seqMs: number; seqCpu: number; conMs: number; conCpu: number; seqPages: number; conPages: number }>();
  for (let r = 0; r < rounds; r++) {
    for (const [name, client] of variants) {
      const deps = depsOf(client);
      const t = totals.get(name) ?? { seqMs: 0, seqCpu: 0, conMs: 0, conCpu: 0, seqPages: 0, conPages: 0 };
      let cpu = process.cpuUsage();
      let start = now();
      t.seqPages += await walPagesDuring(ctx.client, async () => {
        for (let i = 0; i < perRound; i++) await send(deps);
      });
      t.seqMs += now() - start;
      t.seqCpu += cpuMs(process.cpuUsage(cpu));
      cpu = process.cpuUsage();
      start = now();
      t.conPages += await walPagesDuring(ctx.client, async () => {
        let left = perRound;
        await Promise.all(
          Array.from({ length: 8 }, async () => {
            while (left-- > 0) await send(deps);
          }),
        );
      });
      t.conMs += now() - start;
      t.conCpu += cpuMs(process.cpuUsage(cpu));
      totals.set(name, t);
    }
  }
  const n = rounds * perRound;
  const rows = [...totals].map(([name, t]) => ({
    client: name,
    sequential_per_s: round((n / t.seqMs) * 1000, 0),
    sequential_per_cpu_s: round((n / t.seqCpu) * 1000, 0),
    sequential_wal_pages: round(t.seqPages / n, 1),
    concurrent8_per_s: round((n / t.conMs) * 1000, 0),
    concurrent8_per_cpu_s: round((n / t.conCpu) * 1000, 0),
    concurrent8_wal_pages: round(t.conPages / n, 1),
  }));
  console.table(rows);
  plain.close();
  cached.close();
} finally {
  ctx.close();
}

function cpuMs(u: NodeJS.CpuUsage): number {
  return (u.user + u.system) / 1000;
}
