// faq-*/: an FAQ file, messages and the decision each should get, run through `faq match`'s code path at the
// default threshold. Besides right/cases (a case is right when the decision is the expected entry or a handoff
// where one is expected), the measures of faq-metrics.ts per language.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { matchFaqFile, readFaqFile } from '../../src/services/faqMatchFiles.ts';
import { measureByLanguage, readFaqCases, type FaqOutcome } from './faq-metrics.ts';
import type { CorpusSet, SetKind } from './types.ts';

export const faqSets: SetKind = {
  kind: 'faq',
  folders: ['.'],
  sets(corpora) {
    return readdirSync(corpora, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && entry.name.startsWith('faq-'))
      .map((entry) => entry.name)
      .sort()
      .map((name): CorpusSet => {
        const dir = join(corpora, name);
        const missing = ['faqs.yaml', 'labels.tsv'].find((file) => !existsSync(join(dir, file)));
        return {
          name,
          missing: missing ? `no ${missing}` : undefined,
          async score() {
            const faq = readFaqFile(join(dir, 'faqs.yaml'));
            if ('error' in faq) throw new Error(faq.error);
            const cases = readFaqCases(dir);
            const outcomes: FaqOutcome[] = [];
            const misses = [];
            for (const c of cases) {
              const line = await matchFaqFile(join(dir, c.file), faq.entries, { name: c.file });
              const got = line.decision === 'answer' ? line.faq_id! : 'handoff';
              outcomes.push({ decision: line.decision, faqId: line.faq_id });
              if (got !== c.expected)
                misses.push({ file: c.file, expected: c.expected, got: `${got} (${line.confidence}; ${line.reason})` });
            }
            return {
              set: name,
              kind: 'faq',
              cases: cases.length,
              right: cases.length - misses.length,
              misses,
              faq: measureByLanguage(cases, outcomes),
            };
          },
        };
      });
  },
};
