// FAQ sets (faq-*/: faqs.yaml, NNN.eml, labels.tsv) and their measures, as the FAQ corpora's README defines them:
// precision = right answers / answers, coverage = right answers / answerable messages, false-answer rate =
// answers to handoff messages / handoff messages, auto answered = answers to machine mail (must be 0).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface FaqCase {
  file: string;
  /** An FAQ id, or "handoff". */
  expected: string;
  /** The language the note starts with ("sv", "zh-Hant" …). */
  language: string;
  /** Machine mail (the note starts with "auto;"). */
  machine: boolean;
}

export interface FaqOutcome {
  decision: 'answer' | 'handoff';
  faqId: string | null;
}

export interface FaqMeasures {
  messages: number;
  answerable: number;
  answers: number;
  right: number;
  handoffs: number;
  falseAnswers: number;
  machine: number;
  machineAnswered: number;
  precision: number | null;
  coverage: number | null;
  falseAnswerRate: number | null;
}

/** The rows of a FAQ set's labels.tsv (header line first). */
export function readFaqCases(dir: string): FaqCase[] {
  const lines = readFileSync(join(dir, 'labels.tsv'), 'utf8').split('\n').slice(1);
  return lines
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .map((line, i) => {
      const [file, expected, note = ''] = line.split('\t');
      if (!file || !expected) throw new Error(`${join(dir, 'labels.tsv')}:${i + 2}: expected "file<TAB>expected<TAB>note"`);
      const parts = note.split(';').map((p) => p.trim());
      const machine = parts[0] === 'auto';
      return { file, expected, language: (machine ? parts[1] : parts[0]) || '?', machine };
    });
}

const ratio = (a: number, b: number) => (b === 0 ? null : a / b);

export function measure(cases: readonly FaqCase[], outcomes: readonly FaqOutcome[]): FaqMeasures {
  const m = { messages: cases.length, answerable: 0, answers: 0, right: 0, handoffs: 0, falseAnswers: 0, machine: 0, machineAnswered: 0 };
  cases.forEach((c, i) => {
    const o = outcomes[i]!;
    const answered = o.decision === 'answer';
    if (c.expected === 'handoff') m.handoffs++;
    else m.answerable++;
    if (c.machine) m.machine++;
    if (!answered) return;
    m.answers++;
    if (o.faqId === c.expected) m.right++;
    if (c.expected === 'handoff') m.falseAnswers++;
    if (c.machine) m.machineAnswered++;
  });
  return {
    ...m,
    precision: ratio(m.right, m.answers),
    coverage: ratio(m.right, m.answerable),
    falseAnswerRate: ratio(m.falseAnswers, m.handoffs),
  };
}

/** The measures per language of the notes, and for all. */
export function measureByLanguage(cases: readonly FaqCase[], outcomes: readonly FaqOutcome[]): Record<string, FaqMeasures> {
  const out: Record<string, FaqMeasures> = { all: measure(cases, outcomes) };
  for (const language of [...new Set(cases.map((c) => c.language))].sort()) {
    const picked = cases.flatMap((c, i) => (c.language === language ? [i] : []));
    out[language] = measure(
      picked.map((i) => cases[i]!),
      picked.map((i) => outcomes[i]!),
    );
  }
  return out;
}
