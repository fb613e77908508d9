// The shapes every set kind shares: a kind finds its sets under the corpora folder, a set
// scores itself. Adding a set kind (an FAQ scorer, say) is one module and one registry line.

import type { FaqMeasures } from './faq-metrics.ts';

export interface Miss {
  file: string;
  expected: string;
  got: string;
}

export interface SetResult {
  set: string;
  kind: string;
  cases: number;
  right: number;
  /** Classification sets only: a person's message taken for machine mail, and the other way round. */
  falsePositives?: { personAsMachine: string[]; machineAsPerson: string[] };
  misses: Miss[];
  /** FAQ sets only: precision, coverage, false-answer rate and machine mail answered, for all and per language. */
  faq?: Record<string, FaqMeasures>;
}

export interface CorpusSet {
  /** Path relative to the corpora folder, e.g. "classify/sisimai-mac". */
  name: string;
  /** Why the set cannot be scored here (a part of it is missing), if so. */
  missing?: string | undefined;
  score(): Promise<SetResult>;
}

export interface SetKind {
  kind: string;
  /** The folders (relative to the corpora folder) this kind scores; each is skipped when absent. */
  folders: readonly string[];
  /** The sets inside one present folder. */
  sets(corpora: string, folder: string): CorpusSet[];
}
