// labels.tsv files and the classification comparison shared by the bounces and classify sets.
import { readFileSync } from 'node:fs';
import type { Miss, SetResult } from './types.ts';

export type Kind = 'message' | 'auto_reply' | 'bounce' | 'complaint';

export interface LabelledCase {
  file: string;
  /** The accepted classifications ("a|b" in the file accepts either). */
  accepted: Kind[];
}

const KINDS = new Set<string>(['message', 'auto_reply', 'bounce', 'complaint']);

/** Rows of a labels.tsv (`file<TAB>expected<TAB>why`); "#" lines are comments. */
export function readLabels(path: string): LabelledCase[] {
  const out: LabelledCase[] = [];
  for (const [index, line] of readFileSync(path, 'utf8').split('\n').entries()) {
    if (line.trim() === '' || line.startsWith('#')) continue;
    const [file, expected] = line.split('\t');
    const accepted = (expected ?? '').split('|').map((k) => k.trim());
    if (!file || accepted.some((k) => !KINDS.has(k))) {
      throw new Error(`${path}:${index + 1}: expected "file<TAB>kind[|kind]", got ${JSON.stringify(line)}`);
    }
    out.push({ file, accepted: accepted as Kind[] });
  }
  return out;
}

/**
 * Scores classifications against labels. A false positive is a person's message taken for
 * machine mail (the label accepts only `message`, the result is anything else) or machine mail
 * taken for a person's message (the result is `message`, the label does not accept it).
 */
export function scoreClassifications(set: string, kind: string, cases: { file: string; accepted: Kind[]; got: Kind }[]): SetResult {
  const misses: Miss[] = [];
  const personAsMachine: string[] = [];
  const machineAsPerson: string[] = [];
  for (const c of cases) {
    if (c.accepted.includes(c.got)) continue;
    misses.push({ file: c.file, expected: c.accepted.join('|'), got: c.got });
    if (c.got === 'message') machineAsPerson.push(c.file);
    else if (c.accepted.length === 1 && c.accepted[0] === 'message') personAsMachine.push(c.file);
  }
  const right = cases.length - misses.length;
  return { set, kind, cases: cases.length, right, falsePositives: { personAsMachine, machineAsPerson }, misses };
}
