// Deps for the benchmarks, built the way the Node host and the tests build them: an embedded
// libSQL file (WAL, NORMAL sync, foreign keys on), the real migrations, the templates from
// templates/, a clock the bench controls and a mail transport that only counts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@libsql/client';
import { loadConfig } from '../src/config.ts';
import type { Deps } from '../src/deps.ts';
import { createIds } from '../src/domain/ids.ts';
import { createLogger } from '../src/log.ts';
import type { Mailer } from '../src/mail/transport.ts';
import { createDeps } from '../src/runtime/create-deps.ts';
import { loadTemplatesFromDisk } from '../src/runtime/load-templates.ts';
import { loadTriggersFromDisk } from '../src/runtime/load-triggers.ts';
import { openDatabaseClient } from '../src/store/embedded-client.ts';
import { runMigrations } from '../src/store/migrate.ts';
import { createRng } from './random.ts';

export const BENCH_SECRET_KEY = 'bench-secret-key-0123456789-abcdefghijklmnop';
export const INBOUND_DOMAIN = 'reply.acme.example';
export const MAIL_FROM = 'Acme Support <support@acme.example>';
/** "Now" of every data set: the newest generated message is a little before it. */
export const BENCH_NOW = Date.parse('2026-11-23T09:00:00Z');

export interface BenchClock {
  now(): number;
  set(ms: number): void;
  advance(ms: number): void;
}

export interface BenchContext {
  deps: Deps;
  client: Client;
  clock: BenchClock;
  dir: string;
  dbPath: string;
  close(): void;
}

/** Accepts every message and keeps nothing (the bench must not grow with what it sends). */
export function createCountingMailer(): Mailer & { count: number } {
  const mailer = {
    name: 'counting',
    count: 0,
    async send() {
      mailer.count++;
      return { ok: true as const, providerId: `prov-${mailer.count}` };
    },
  };
  return mailer;
}

export async function createBenchContext(options: { seed: number; dir?: string; keep?: boolean }): Promise<BenchContext> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'samtal-bench-'));
  const dbPath = join(dir, 'bench.db');
  const client = await openDatabaseClient(`file:${dbPath}`);
  let current = BENCH_NOW;
  const clock: BenchClock = {
    now: () => current,
    set: (ms) => {
      current = ms;
    },
    advance: (ms) => {
      current += ms;
    },
  };
  const config = loadConfig(
    {
      SECRET_KEY: BENCH_SECRET_KEY,
      MAIL_FROM,
      INBOUND_DOMAIN,
      PUBLIC_URL: 'https://samtal.acme.example',
      DATABASE_URL: `file:${dbPath}`,
    },
    'node',
  );
  const idRng = createRng(options.seed ^ 0x1d5);
  const templates = await loadTemplatesFromDisk();
  const deps = createDeps(
    config,
    { client, templates, triggers: await loadTriggersFromDisk(templates) },
    {
      mailer: createCountingMailer(),
      clock,
      ids: createIds(
        () => current,
        (n) => idRng.bytes(n),
      ),
      // The production logger at its default level, formatting every line, writing nowhere:
      // the cost of logging is in the figures, the terminal stays readable.
      log: createLogger('info', () => {}),
    },
  );
  await runMigrations(deps.db);
  return {
    deps,
    client,
    clock,
    dir,
    dbPath,
    close() {
      client.close();
      if (!options.keep) rmSync(dir, { recursive: true, force: true });
    },
  };
}
