// CPU profiles of one bench section, taken in-process with the V8 sampling profiler (the same
// profiler `node --cpu-prof` drives, scoped to the code under test). The .cpuprofile file is
// written to a temp folder (open it in Chrome DevTools or speedscope); the summary lists the
// functions with the most self time and the self time per module ("which step costs it").
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Session } from 'node:inspector/promises';
import type { Profiler } from 'node:inspector';

export interface ProfileEntry {
  name: string;
  where: string;
  self_ms: number;
  self_pct: number;
}

export interface ProfileSummary {
  file: string;
  total_ms: number;
  top_functions: ProfileEntry[];
  by_module: { module: string; self_ms: number; self_pct: number }[];
}

const ROOT = decodeURIComponent(new URL('..', import.meta.url).pathname);

function shortUrl(url: string): string {
  let u = url.replace(/^file:\/\//, '');
  if (u.startsWith(ROOT)) u = u.slice(ROOT.length);
  return u;
}

/** Which module (step) a frame belongs to. */
export function moduleOf(name: string, url: string): string {
  if (name === '(garbage collector)') return 'GC';
  if (name === '(idle)') return 'idle (awaiting I/O, crypto thread pool, timers)';
  if (name === '(program)') return 'native (program: bindings, SQLite, V8 internals)';
  const u = shortUrl(url);
  if (u === '') return `native: ${name || '(anonymous)'}`;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(u);
  if (pkg) return `npm: ${pkg[1]}`;
  if (u.startsWith('node:')) return `node: ${u.slice(5).split('/')[0]}`;
  if (u.startsWith('src/domain/reply-text/')) return 'src/domain/reply-text (extractReply)';
  return u;
}

export async function startProfile(samplingIntervalUs = 200): Promise<{ stop(label: string, outDir: string): Promise<ProfileSummary> }> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: samplingIntervalUs });
  await session.post('Profiler.start');
  return {
    async stop(label, outDir) {
      const { profile } = await session.post('Profiler.stop');
      await session.post('Profiler.disable');
      session.disconnect();
      const file = join(outDir, `${label}.cpuprofile`);
      writeFileSync(file, JSON.stringify(profile));
      return summarizeProfile(profile, file);
    },
  };
}

export function summarizeProfile(profile: Profiler.Profile, file: string, top = 12): ProfileSummary {
  const total = (profile.endTime - profile.startTime) / 1000;
  const totalHits = profile.nodes.reduce((s, n) => s + (n.hitCount ?? 0), 0) || 1;
  const msPerHit = total / totalHits;
  const byFunction = new Map<string, { name: string; where: string; hits: number }>();
  const byModule = new Map<string, number>();
  for (const node of profile.nodes) {
    const hits = node.hitCount ?? 0;
    if (hits === 0) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const name = functionName || '(anonymous)';
    const where = url ? `${shortUrl(url)}:${lineNumber + 1}` : '(native)';
    const key = `${name}@${where}`;
    const entry = byFunction.get(key) ?? { name, where, hits: 0 };
    entry.hits += hits;
    byFunction.set(key, entry);
    const mod = moduleOf(functionName, url);
    byModule.set(mod, (byModule.get(mod) ?? 0) + hits);
  }
  const pct = (hits: number) => Math.round((hits / totalHits) * 1000) / 10;
  const ms = (hits: number) => Math.round(hits * msPerHit * 10) / 10;
  return {
    file,
    total_ms: Math.round(total),
    top_functions: [...byFunction.values()]
      .sort((a, b) => b.hits - a.hits)
      .slice(0, top)
      .map((e) => ({ name: e.name, where: e.where, self_ms: ms(e.hits), self_pct: pct(e.hits) })),
    by_module: [...byModule.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([module, hits]) => ({ module, self_ms: ms(hits), self_pct: pct(hits) })),
  };
}

export function formatProfile(title: string, summary: ProfileSummary): string {
  const lines = [`${title} — CPU profile (${summary.total_ms} ms sampled; ${summary.file})`, '  self time by module:'];
  for (const m of summary.by_module)
    lines.push(`    ${m.self_pct.toFixed(1).padStart(5)}%  ${m.self_ms.toFixed(1).padStart(8)} ms  ${m.module}`);
  lines.push('  top functions by self time:');
  for (const f of summary.top_functions)
    lines.push(`    ${f.self_pct.toFixed(1).padStart(5)}%  ${f.self_ms.toFixed(1).padStart(8)} ms  ${f.name}  (${f.where})`);
  return lines.join('\n');
}

export interface AllocationSummary {
  file: string;
  /** Bytes allocated while sampling (collected or not), from V8's sampling heap profiler. */
  allocated_mib: number;
  top_functions: { name: string; where: string; mib: number; pct: number }[];
}

/**
 * V8's sampling heap profiler over a section, counting every allocation, also those the garbage collector has since
 * freed: which functions allocate the bytes the young-generation collections then have to scan (the .heapprofile
 * opens in Chrome DevTools).
 */
export async function startAllocationProfile(): Promise<{ stop(label: string, outDir: string): Promise<AllocationSummary> }> {
  const session = new Session();
  session.connect();
  await session.post('HeapProfiler.enable');
  await session.post('HeapProfiler.startSampling', {
    samplingInterval: 16384,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  });
  return {
    async stop(label, outDir) {
      const { profile } = await session.post('HeapProfiler.stopSampling');
      await session.post('HeapProfiler.disable');
      session.disconnect();
      const file = join(outDir, `${label}.heapprofile`);
      writeFileSync(file, JSON.stringify(profile));
      const bySite = new Map<string, { name: string; where: string; bytes: number }>();
      let total = 0;
      const visit = (node: (typeof profile)['head']) => {
        const { functionName, url, lineNumber } = node.callFrame;
        const name = functionName || '(anonymous)';
        const where = url ? `${shortUrl(url)}:${lineNumber + 1}` : '(native)';
        const entry = bySite.get(`${name}@${where}`) ?? { name, where, bytes: 0 };
        entry.bytes += node.selfSize;
        bySite.set(`${name}@${where}`, entry);
        total += node.selfSize;
        for (const child of node.children) visit(child);
      };
      visit(profile.head);
      const mib = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;
      return {
        file,
        allocated_mib: mib(total),
        top_functions: [...bySite.values()]
          .sort((a, b) => b.bytes - a.bytes)
          .slice(0, 15)
          .map((e) => ({ name: e.name, where: e.where, mib: mib(e.bytes), pct: Math.round((e.bytes / (total || 1)) * 1000) / 10 })),
      };
    },
  };
}
