// `npm run eval`: scores the project on every corpus set present in ../shared/corpora (or
// SAMTAL_CORPORA), prints a table and writes eval/results.json. A report, not a gate: exits 0.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bounceSets } from './eval/bounce-sets.ts';
import { classifySets } from './eval/classify-sets.ts';
import { faqSets } from './eval/faq-sets.ts';
import { replyTextSets } from './eval/reply-text-sets.ts';
import type { SetKind, SetResult } from './eval/types.ts';

/** Every set kind the evaluation knows; a new kind (an FAQ scorer, say) is one more entry. */
const SET_KINDS: readonly SetKind[] = [replyTextSets, bounceSets, classifySets, faqSets];

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const corpora = resolve(process.env.SAMTAL_CORPORA ?? join(REPO, '../shared/corpora'));
const OUT = join(REPO, 'eval/results.json');

function row(cells: string[], widths: number[]): string {
  return cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
}

/** One summary row per kind that has several sets ("classify (all)"), after its sets. */
function withTotals(results: SetResult[]): SetResult[] {
  const out: SetResult[] = [];
  for (const kind of [...new Set(results.map((r) => r.kind))]) {
    const sets = results.filter((r) => r.kind === kind);
    out.push(...sets);
    if (sets.length < 2 || kind === 'reply-text' || kind === 'faq') continue;
    const fp = (pick: (r: SetResult) => string[] | undefined) => sets.flatMap((r) => (pick(r) ?? []).map((file) => `${r.set}/${file}`));
    out.push({
      set: `${kind} (all)`,
      kind,
      cases: sets.reduce((n, r) => n + r.cases, 0),
      right: sets.reduce((n, r) => n + r.right, 0),
      falsePositives: {
        personAsMachine: fp((r) => r.falsePositives?.personAsMachine),
        machineAsPerson: fp((r) => r.falsePositives?.machineAsPerson),
      },
      misses: [],
    });
  }
  return out;
}

function printTable(results: SetResult[]): void {
  const header = ['set', 'cases', 'right', 'score', 'person→machine', 'machine→person'];
  const lines = results.map((r) => [
    r.set,
    String(r.cases),
    String(r.right),
    r.cases ? `${((100 * r.right) / r.cases).toFixed(1)}%` : '-',
    r.falsePositives ? String(r.falsePositives.personAsMachine.length) : '-',
    r.falsePositives && r.kind !== 'reply-text' ? String(r.falsePositives.machineAsPerson.length) : '-',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  console.log(row(header, widths));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const line of lines) console.log(row(line, widths));
}

const percent = (x: number | null) => (x === null ? '-' : `${(100 * x).toFixed(1)}%`);

/** FAQ sets: the measures of the FAQ corpora's README, for all messages and per language. */
function printFaqTable(results: SetResult[]): void {
  const header = ['faq set', 'language', 'messages', 'answers', 'precision', 'coverage', 'false answers', 'machine answered'];
  const lines = results.flatMap((r) =>
    Object.entries(r.faq ?? {}).map(([language, m]) => [
      r.set,
      language,
      String(m.messages),
      String(m.answers),
      m.precision === null ? '-' : `${percent(m.precision)} (${m.right}/${m.answers})`,
      m.coverage === null ? '-' : `${percent(m.coverage)} (${m.right}/${m.answerable})`,
      m.falseAnswerRate === null ? '-' : `${percent(m.falseAnswerRate)} (${m.falseAnswers}/${m.handoffs})`,
      `${m.machineAnswered}/${m.machine}`,
    ]),
  );
  if (!lines.length) return;
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  console.log(`\n${row(header, widths)}`);
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const line of lines) console.log(row(line, widths));
}

async function main(): Promise<void> {
  console.log(`corpora: ${corpora}\n`);
  const results: SetResult[] = [];
  const skipped: string[] = [];
  for (const kind of SET_KINDS) {
    for (const folder of kind.folders) {
      if (!existsSync(join(corpora, folder))) {
        skipped.push(folder);
        console.log(`skipped ${folder} (${kind.kind}): not present in ${corpora}`);
        continue;
      }
      for (const set of kind.sets(corpora, folder)) {
        if (set.missing) {
          skipped.push(set.name);
          console.log(`skipped ${set.name} (${kind.kind}): ${set.missing}`);
          continue;
        }
        try {
          results.push(await set.score());
        } catch (error) {
          skipped.push(set.name);
          console.log(`skipped ${set.name} (${kind.kind}): ${(error as Error).message}`);
        }
      }
    }
  }
  if (skipped.length) console.log('');
  printTable(withTotals(results));
  printFaqTable(results);
  mkdirSync(dirname(OUT), { recursive: true });
  writeFileSync(OUT, JSON.stringify({ corpora, skipped, results }, null, 2) + '\n');
  console.log(`\nmisses and false positives per case: ${OUT}`);
}

await main();
process.exitCode = 0;
