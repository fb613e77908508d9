// A libSQL client that times every call into the database (execute, batch, …), for the profile
// passes: how much of a hot path is spent in SQLite (and the client around it) and how many
// round trips it makes. The measured passes never use it.
import type { Client } from '@libsql/client';
import { performance } from 'node:perf_hooks';
import { createDb, type Db } from '../src/store/db.ts';

export interface DbTiming {
  db: Db;
  stats: { calls: number; statements: number; ms: number };
  /** Time per statement text (the first 120 characters), for "which query costs it". */
  bySql: Map<string, { calls: number; ms: number }>;
  /** Every statement with its arguments, while `recording` is true (for EXPLAIN QUERY PLAN). */
  recorded: { sql: string; args: unknown }[];
  recording: boolean;
  reset(): void;
  top(n: number, per: number): { sql: string; calls: number; ms_per_item: number }[];
}

function sqlOf(stmt: unknown): string {
  const sql = typeof stmt === 'string' ? stmt : Array.isArray(stmt) ? String(stmt[0]) : String((stmt as { sql?: string })?.sql ?? '');
  return sql.replace(/\s+/g, ' ').slice(0, 120);
}

export function timedDb(client: Client): DbTiming {
  const stats = { calls: 0, statements: 0, ms: 0 };
  const bySql = new Map<string, { calls: number; ms: number }>();
  const wrap =
    (name: 'execute' | 'batch' | 'executeMultiple') =>
    async (...args: unknown[]): Promise<unknown> => {
      if (timing.recording) {
        const stmts = name === 'batch' && Array.isArray(args[0]) ? (args[0] as unknown[]) : [args[0]];
        for (const st of stmts) {
          if (typeof st === 'string') timing.recorded.push({ sql: st, args: [] });
          else if (st && typeof st === 'object' && 'sql' in st)
            timing.recorded.push({ sql: String((st as { sql: string }).sql), args: (st as { args?: unknown }).args ?? [] });
        }
      }
      const start = performance.now();
      try {
        return await (client[name] as (...a: unknown[]) => Promise<unknown>).apply(client, args);
      } finally {
        const elapsed = performance.now() - start;
        const key =
          name === 'batch' && Array.isArray(args[0])
            ? `batch: ${(args[0] as unknown[]).map((s) => sqlOf(s).slice(0, 40)).join(' | ')}`
            : sqlOf(args[0]);
        const entry = bySql.get(key) ?? { calls: 0, ms: 0 };
        entry.calls++;
        entry.ms += elapsed;
        bySql.set(key, entry);
        stats.ms += elapsed;
        stats.calls++;
        stats.statements += name === 'batch' && Array.isArray(args[0]) ? (args[0] as unknown[]).length : 1;
      }
    };
  const proxy = new Proxy(client, {
    get(target, prop, receiver) {
      if (prop === 'execute' || prop === 'batch' || prop === 'executeMultiple') return wrap(prop);
      const value = Reflect.get(target, prop, receiver) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  const timing: DbTiming = {
    db: createDb(proxy),
    stats,
    bySql,
    recorded: [],
    recording: false,
    top(n, per) {
      return [...bySql.entries()]
        .sort((a, b) => b[1].ms - a[1].ms)
        .slice(0, n)
        .map(([sql, e]) => ({ sql, calls: e.calls, ms_per_item: Math.round((e.ms / Math.max(1, per)) * 1000) / 1000 }));
    },
    reset() {
      bySql.clear();
      stats.calls = 0;
      stats.statements = 0;
      stats.ms = 0;
    },
  };
  return timing;
}

/**
 * Pages written to the WAL while `fn` runs (automatic checkpoints paused meanwhile): the
 * physical write cost of a hot path, in 4 KiB pages.
 */
export async function walPagesDuring(client: Client, fn: () => Promise<void>): Promise<number> {
  await client.execute('PRAGMA wal_checkpoint(TRUNCATE)');
  await client.execute('PRAGMA wal_autocheckpoint = 0');
  try {
    await fn();
    const r = await client.execute('PRAGMA wal_checkpoint(PASSIVE)');
    return Number(r.rows[0]?.[1] ?? 0);
  } finally {
    await client.execute('PRAGMA wal_autocheckpoint = 1000');
    await client.execute('PRAGMA wal_checkpoint(TRUNCATE)');
  }
}
