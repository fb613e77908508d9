// Refits the lexical FAQ scorer's calibration (src/domain/faq/calibration.ts) and prints the constants to paste
// there. Data: every FAQ set in test/fixtures/corpora (faq-*), messages that reach the confidence decision
// (machine mail and the handoff topics of guards.ts are decided before it). Label: 1 when the top-ranked entry is
// the expected one, else 0 (a handoff message, or the wrong entry). Each set weighs the same in total, so 780
// banking queries do not drown 90 clinic emails. Logistic regression by Newton's method with an L2 penalty.
// It also reports the held-out view: fitted on the odd-numbered messages, measured on the even ones, and back.
//   npx tsx scripts/fit-faq-calibration.ts [--threshold 0.8] [--write]   (--write replaces the block in calibration.ts)
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FEATURE_NAMES, featureVector, type Calibration } from '../src/domain/faq/calibration.ts';
import type { FaqEntry } from '../src/domain/faq/entry.ts';
import { handoffTopic } from '../src/domain/faq/guards.ts';
import { detectLanguage } from '../src/domain/faq/language.ts';
import { matchFeatures } from '../src/domain/faq/lexical-scorer.ts';
import { faqQueryText } from '../src/domain/faq/match.ts';
import { readFaqFile } from '../src/services/faqMatchFiles.ts';
import { readFaqMessage } from '../src/services/readFaqMessage.ts';
import { readFaqCases } from './eval/faq-metrics.ts';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CORPORA = join(REPO, 'test/fixtures/corpora');
const at = process.argv.indexOf('--threshold');
const THRESHOLD = at > 0 ? Number(process.argv[at + 1]) : 0.8;
const L2 = 1;

interface Sample {
  set: string;
  file: string;
  x: number[];
  y: number;
  weight: number;
  answerable: boolean;
}

async function samples(): Promise<Sample[]> {
  const out: Sample[] = [];
  const sets = readdirSync(CORPORA)
    .filter((name) => name.startsWith('faq-'))
    .sort();
  for (const set of sets) {
    const dir = join(CORPORA, set);
    const faq = readFaqFile(join(dir, 'faqs.yaml'));
    if ('error' in faq) throw new Error(faq.error);
    const entries: FaqEntry[] = faq.entries;
    const cases = readFaqCases(dir);
    const mine: Sample[] = [];
    for (const c of cases) {
      const message = await readFaqMessage(new Uint8Array(readFileSync(join(dir, c.file))));
      if (message.classification.kind !== 'message' || message.fromList) continue;
      const language = detectLanguage(message.text.trim() || (message.subject ?? '')).language;
      if (handoffTopic(message.text, language)) continue;
      const top = matchFeatures({ text: faqQueryText(message), language }, entries)[0];
      if (!top) continue;
      const v = featureVector(top);
      mine.push({
        set,
        file: c.file,
        x: [1, ...FEATURE_NAMES.map((n) => v[n])],
        y: top.faqId === c.expected ? 1 : 0,
        weight: 1,
        answerable: c.expected !== 'handoff',
      });
    }
    for (const s of mine) s.weight = 100 / mine.length;
    out.push(...mine);
  }
  return out;
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
const dot = (a: number[], b: number[]) => a.reduce((s, v, i) => s + v * b[i]!, 0);

function fitLogistic(data: readonly Sample[]): number[] {
  const k = data[0]!.x.length;
  let w = new Array<number>(k).fill(0);
  for (let iteration = 0; iteration < 50; iteration++) {
    const g = w.map((wi, j) => (j === 0 ? 0 : L2 * wi));
    const h = Array.from({ length: k }, (_, i) => Array.from({ length: k }, (_, j) => (i === j && i > 0 ? L2 : 0)));
    for (const s of data) {
      const p = sigmoid(dot(w, s.x));
      for (let i = 0; i < k; i++) {
        g[i]! += s.weight * (p - s.y) * s.x[i]!;
        for (let j = 0; j < k; j++) h[i]![j]! += s.weight * p * (1 - p) * s.x[i]! * s.x[j]!;
      }
    }
    const step = solve(h, g);
    w = w.map((wi, i) => wi - step[i]!);
    if (Math.max(...step.map(Math.abs)) < 1e-9) break;
  }
  return w;
}

/** Gaussian elimination with partial pivoting: a·x = b. */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[pivot]![c]!)) pivot = r;
    [m[c], m[pivot]] = [m[pivot]!, m[c]!];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r]![c]! / m[c]![c]!;
      for (let j = c; j <= n; j++) m[r]![j]! -= f * m[c]![j]!;
    }
  }
  return m.map((row, i) => row[n]! / row[i]!);
}

function report(label: string, w: number[], data: readonly Sample[]): void {
  for (const set of [...new Set(data.map((s) => s.set))]) {
    const mine = data.filter((s) => s.set === set);
    const answered = mine.filter((s) => sigmoid(dot(w, s.x)) >= THRESHOLD);
    const right = answered.filter((s) => s.y === 1).length;
    const answerable = mine.filter((s) => s.answerable).length;
    console.log(
      `${label.padEnd(22)} ${set.padEnd(14)} at ${THRESHOLD}: precision ${right}/${answered.length}` +
        ` = ${(right / Math.max(1, answered.length)).toFixed(3)}, right answers ${right}/${answerable} answerable` +
        ` (of the ${mine.length} scored)`,
    );
  }
}

const data = await samples();
const odd = data.filter((s) => Number.parseInt(s.file, 10) % 2 === 1);
const even = data.filter((s) => Number.parseInt(s.file, 10) % 2 === 0);
report('fit odd, test even', fitLogistic(odd), even);
report('fit even, test odd', fitLogistic(even), odd);
const w = fitLogistic(data);
report('fit all (in-sample)', w, data);
const calibration: Calibration = {
  bias: round(w[0]!),
  weights: Object.fromEntries(FEATURE_NAMES.map((n, i) => [n, round(w[i + 1]!)])) as Calibration['weights'],
};
const block = `export const LEXICAL_CALIBRATION: Calibration = {
  bias: ${calibration.bias},
  weights: { ${FEATURE_NAMES.map((n) => `${n}: ${calibration.weights[n]}`).join(', ')} },
};`;
console.log(`\n${block}`);
if (process.argv.includes('--write')) {
  const path = join(REPO, 'src/domain/faq/calibration.ts');
  const source = readFileSync(path, 'utf8');
  const start = source.indexOf('export const LEXICAL_CALIBRATION');
  const end = source.indexOf('};', start) + 2;
  writeFileSync(path, `${source.slice(0, start)}${block}${source.slice(end)}`);
  console.log(`written to ${path}`);
}
function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
