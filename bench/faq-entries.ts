// The bench's FAQ: faq-dev's 12 entries (sv, en, he, zh), copied to N entries with their example questions shuffled
// across copies and one made-up word added to each copy (seeded), so the index has N distinct entries whose
// vocabulary overlaps as a real FAQ's would. Used by bench/faq.ts (matching alone) and bench/inbound.ts (the
// autoresponder in the pipeline).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FaqEntry } from '../src/domain/faq/entry.ts';
import { parseFaqFile } from '../src/domain/faq/faq-file.ts';
import { createRng } from './random.ts';

export const FAQ_DEV_DIR = join(import.meta.dirname, '../test/fixtures/corpora/faq-dev');

export function benchFaqEntries(n: number, seed: number): FaqEntry[] {
  const parsed = parseFaqFile(readFileSync(join(FAQ_DEV_DIR, 'faqs.yaml'), 'utf8'));
  if (!parsed.ok) throw new Error('faq-dev/faqs.yaml does not parse');
  const base = parsed.entries;
  const rng = createRng(seed);
  const syllables = ['ka', 'lo', 'mi', 'ra', 'te', 'su', 'vo', 'ne', 'di', 'pa'];
  const word = () => Array.from({ length: 3 }, () => rng.pick(syllables)).join('');
  return Array.from({ length: n }, (_, i) => {
    const model = base[i % base.length]!;
    const other = base[rng.int(base.length)]!;
    const extra = word();
    const questions = Object.fromEntries(
      Object.entries(model.questions).map(([locale, qs]) => [
        locale,
        [...qs, ...(other.questions[locale] ?? []).slice(0, 1)].map((q) => `${q} ${extra}`),
      ]),
    );
    return { ...model, id: `${model.id}-${i}`, questions };
  });
}
