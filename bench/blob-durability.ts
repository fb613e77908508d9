// npx tsx bench/blob-durability.ts [--n 400] [--bytes 10240] [--dir PATH]
//
// Ways to make one new file durable on this machine's disk (the raw message before its row), each timed alone:
// wall time (performance.now) and the process's CPU time (process.cpuUsage, every thread) per put. The put of
// src/store/file-blob-store.ts is "fsync + dir fsync"; the others are what it could do instead.
import { constants } from 'node:fs';
import { mkdir, mkdtemp, open, rm, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { round, summarize } from './stats.ts';

const { values } = parseArgs({
  options: { n: { type: 'string', default: '400' }, bytes: { type: 'string', default: '10240' }, dir: { type: 'string' } },
});
const n = Number(values.n);
const bytes = new Uint8Array(Number(values.bytes)).map((_, i) => 32 + (i % 90));
const root = await mkdtemp(join(values.dir ?? tmpdir(), 'samtal-blob-durability-'));

async function writeAll(handle: FileHandle, data: Uint8Array): Promise<void> {
  let written = 0;
  while (written < data.byteLength) written += (await handle.write(data, written, data.byteLength - written)).bytesWritten;
}

async function syncDir(path: string): Promise<void> {
  const dir = await open(path, 'r');
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}

/** Spare files as large as a blob (zeros), durable with their directory entries before any put. */
async function preallocate(dir: string, count: number): Promise<void> {
  const zeros = new Uint8Array(bytes.byteLength);
  for (let i = 0; i < count; i++) {
    const h = await open(join(dir, `spare-blob-${i}`), 'wx', 0o600);
    await writeAll(h, zeros);
    await h.sync();
    await h.close();
  }
  await syncDir(dir);
}

type Put = (dir: string, name: string) => Promise<void>;
const cachedDirs = new Map<string, FileHandle>();

const strategies: Record<string, Put> = {
  /** What the store does today. */
  'fsync + dir fsync': async (dir, name) => {
    const h = await open(join(dir, name), 'wx', 0o600);
    await writeAll(h, bytes);
    await h.sync();
    await h.close();
    await syncDir(dir);
  },
  'fdatasync + dir fsync': async (dir, name) => {
    const h = await open(join(dir, name), 'wx', 0o600);
    await writeAll(h, bytes);
    await h.datasync();
    await h.close();
    await syncDir(dir);
  },
  'O_DSYNC write + dir fsync': async (dir, name) => {
    const h = await open(join(dir, name), constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_DSYNC, 0o600);
    await writeAll(h, bytes);
    await h.close();
    await syncDir(dir);
  },
  'fdatasync + dir fsync (dir fd kept open)': async (dir, name) => {
    const d = cachedDirs.get(dir) ?? (await open(dir, 'r'));
    cachedDirs.set(dir, d);
    const h = await open(join(dir, name), 'wx', 0o600);
    await writeAll(h, bytes);
    await h.datasync();
    await h.close();
    await d.sync();
  },
  'fdatasync, no dir fsync (not durable by POSIX)': async (dir, name) => {
    const h = await open(join(dir, name), 'wx', 0o600);
    await writeAll(h, bytes);
    await h.datasync();
    await h.close();
  },
  /** A file made (written in full, fsynced with its directory) ahead of time, overwritten in place: no metadata changes. */
  'preallocated file overwritten + fdatasync': async (dir, name) => {
    const h = await open(join(dir, `spare-${name}`), 'r+');
    await writeAll(h, bytes);
    await h.datasync();
    await h.close();
  },
  'no sync at all (floor: create + write + close)': async (dir, name) => {
    const h = await open(join(dir, name), 'wx', 0o600);
    await writeAll(h, bytes);
    await h.close();
  },
};

// Round robin: every strategy's i-th put runs right after the others', so all see the same machine state.
const entries = Object.entries(strategies);
const samples = entries.map(() => ({ wall: [] as number[], cpu: [] as number[] }));
const rows: string[] = [];
try {
  const dirs = entries.map(([label]) => join(root, label.replace(/[^a-z]+/gi, '-')));
  for (const [k, [label]] of entries.entries()) {
    await mkdir(dirs[k]!);
    if (label.startsWith('preallocated')) await preallocate(dirs[k]!, n + 20);
  }
  for (let i = 0; i < n + 20; i++) {
    for (const [k, [, put]] of entries.entries()) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      await put(dirs[k]!, `blob-${i}`);
      const ms = performance.now() - t0;
      const used = process.cpuUsage(c0);
      if (i < 20) continue;
      samples[k]!.wall.push(ms);
      samples[k]!.cpu.push((used.user + used.system) / 1000);
    }
  }
  for (const [k, [label]] of entries.entries()) {
    const w = summarize(samples[k]!.wall);
    const c = summarize(samples[k]!.cpu);
    rows.push(`| ${label} | ${round(w.p50)} | ${round(w.p95)} | ${round(w.p99)} | ${round(c.p50)} | ${round(c.p95)} |`);
  }
} finally {
  for (const d of cachedDirs.values()) await d.close();
  await rm(root, { recursive: true, force: true });
}
console.log(`${n} puts of ${bytes.byteLength} bytes each, ${new Date().toISOString()}`);
console.log('| put | wall p50 ms | wall p95 ms | wall p99 ms | CPU p50 ms | CPU p95 ms |');
console.log('| --- | --- | --- | --- | --- | --- |');
for (const r of rows) console.log(r);
